// The first view, prerendered: the landing page (the overview of the built-in sample) as the
// app itself draws it, captured from the finished build in headless Chromium, so that a first
// visit shows it while the app's wasm (1.1 MB gzip, no code splitting in trunk 0.21) is still
// on its way. The page shows it only on a first visit to the landing page (public/first-view.js
// says when), inert and marked as loading, and the app lifts it when its own first chart is
// drawn (src/platform/first_view.rs).
//
// Captured at the desktop's and the phone's width (the app lays out some tables by width), in
// the light and the dark scheme (the charts' colours):
//   index.html       the page at each width, each inside <div class="first-view" inert>
//   first-view/<width>-<scheme>.json   the option of every chart on it, as ECharts holds it
//
// Run by scripts/post_build.py on trunk's staging directory, after the security policy and
// before the service worker's precache list. Usage: node scripts/first_view.mjs <build dir>
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumOptions, serve } from './browser.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('first_view: give the build directory (with its index.html)');
  process.exit(2);
}

/** The widths the page is captured at: the phone's layout is at and under 600 px (style/main.css). */
const WIDTHS = { wide: { width: 1440, height: 1000 }, narrow: { width: 390, height: 844 } };
const SCHEMES = ['light', 'dark'];
/** Marks what the page shows while the app starts (the markup public/first-view.js expects). */
const STATUS = '<p class="first-view__status" role="status"><span class="first-view__spinner" aria-hidden="true"></span>Starting the lab…</p>';

const server = await serve(dir);
const url = server.url;

/**
 * In the page: the body's markup made static (form values written as attributes, no ids or
 * names that the live app's would meet, the charts' elements emptied and numbered) and the
 * option of each chart.
 */
function capture() {
  const live = document.body;
  const copy = live.cloneNode(true);
  const pairs = (selector) => {
    const a = live.querySelectorAll(selector);
    const b = copy.querySelectorAll(selector);
    return [...a].map((el, i) => [el, b[i]]);
  };
  for (const [from, to] of pairs('input')) {
    if (from.type === 'checkbox' || from.type === 'radio') to.toggleAttribute('checked', from.checked);
    else to.setAttribute('value', from.value);
  }
  for (const [from, to] of pairs('select')) {
    [...to.options].forEach((option, i) => option.toggleAttribute('selected', i === from.selectedIndex));
  }
  for (const [from, to] of pairs('textarea')) to.textContent = from.value;
  const options = [];
  for (const [from, to] of pairs('[_echarts_instance_]')) {
    const option = echarts.getInstanceByDom(from).getOption();
    option.animation = false;
    to.replaceChildren();
    to.removeAttribute('_echarts_instance_');
    to.setAttribute('data-first-view-chart', String(options.length));
    options.push(option);
  }
  // The live app's ids, radio groups and labels stay its own.
  const refs = ['id', 'name', 'for', 'aria-controls', 'aria-labelledby', 'aria-describedby', 'aria-owns', 'list', 'form', 'tabindex', 'autofocus'];
  for (const el of copy.querySelectorAll('*')) for (const attr of refs) el.removeAttribute(attr);
  return { html: copy.innerHTML, options, charts: options.length };
}

// Throws, naming the path and the package, when Chromium is missing.
const browser = await chromium.launch(chromiumOptions());
const pages = {};
try {
  await mkdir(join(dir, 'first-view'), { recursive: true });
  for (const [width, viewport] of Object.entries(WIDTHS)) {
    for (const colorScheme of SCHEMES) {
      const context = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce' });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      // An address with a query: the page shows no first view of its own (public/first-view.js).
      await page.goto(`${url}?prerender`);
      await page.waitForFunction(() => performance.getEntriesByName('rotlab:first-chart').length > 0, null, { timeout: 60_000 });
      await page.waitForSelector('table.returns tbody tr', { timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      // Two frames: every chart of the view has drawn.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const shot = await page.evaluate(capture);
      if (shot.html.includes('?prerender')) throw new Error('the captured page names its own address');
      if (errors.length) throw new Error(`the page failed while it was captured: ${errors.join('; ')}`);
      if (shot.charts === 0) throw new Error(`no chart on the landing page at ${viewport.width} px`);
      await writeFile(join(dir, 'first-view', `${width}-${colorScheme}.json`), JSON.stringify(shot.options));
      pages[width] ??= shot;
      if (pages[width].charts !== shot.charts) throw new Error(`${width}: ${pages[width].charts} charts in one scheme, ${shot.charts} in the other`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const index = join(dir, 'index.html');
const html = await readFile(index, 'utf8');
if (html.includes('class="first-view')) throw new Error(`${index} already has its first view`);
const body = Object.entries(pages)
  .map(([width, shot]) => `<div class="first-view first-view--${width}" inert>${shot.html}</div>`)
  .join('\n');
if (!/<body>\s*<\/body>/.test(html)) throw new Error(`${index}: expected trunk's empty <body></body>`);
// The app's wasm and the sample are preloaded by public/first-view.js: at once when no first
// view is shown; when one is, the wasm when the app's script runs (after ECharts) and the
// sample once the view's chart is drawn, so that on a slow network the files of the first
// chart do not share it with 1.4 MB of the app's.
const preloads = [/<link rel="preload" href="sample\/[^"]*"[^>]*>/, /<link rel="preload" href="\.\/rotation-lab-[^"]*_bg\.wasm"[^>]*>/];
let page = html;
const moved = preloads.map((pattern) => {
  const found = page.match(pattern);
  if (!found) throw new Error(`${index}: no preload matches ${pattern}`);
  page = page.replace(found[0], '');
  return found[0];
});
const script = '<script async src="first-view.js"></script>';
if (!page.includes(script)) throw new Error(`${index}: no ${script}`);
page = page.replace(script, `<template id="app-preloads">${moved.join('')}</template>\n    ${script}`);
await writeFile(index, page.replace(/<body>\s*<\/body>/, `<body>\n${STATUS}\n${body}\n</body>`));
const kb = (s) => (Buffer.byteLength(s) / 1e3).toFixed(0);
console.log(`first_view: the landing page at ${Object.entries(pages).map(([w, s]) => `${w} (${kb(s.html)} kB, ${s.charts} charts)`).join(' and ')}, in ${SCHEMES.join(' and ')}`);
