// Renders public/icon.svg into the PWA's PNG icons in public/icons/ (our own artwork; run
// `node scripts/render_icons.mjs` after changing the SVG, then commit the PNGs).
import { chromium } from 'playwright-core';
import { chromiumOptions } from './browser.mjs';
import { readFile } from 'node:fs/promises';
const svg = await readFile(new URL('../public/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch(chromiumOptions());
const page = await browser.newPage();
for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['icon-maskable-512.png', 512, true]]) {
  await page.setViewportSize({ width: size, height: size });
  // Maskable: the mark inside the central 80% safe zone on a full-bleed brand background.
  const inner = maskable ? Math.round(size * 0.72) : size;
  const html = `<html><body style="margin:0;background:${maskable ? '#0b3a5b' : 'transparent'};display:grid;place-items:center;width:${size}px;height:${size}px">
    <img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${inner}" height="${inner}"></body></html>`;
  await page.setContent(html);
  await page.screenshot({ path: new URL(`../public/icons/${name}`, import.meta.url).pathname, omitBackground: !maskable });
}
await browser.close();
