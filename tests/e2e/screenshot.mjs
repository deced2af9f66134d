// Saves screenshots of the app at desktop and phone widths into test-results/ (not committed).
// Usage: node tests/e2e/screenshot.mjs
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, launch, openPage, serve, waitForOverview } from './harness.mjs';

const server = await serve();
const browser = await launch();
await mkdir(ARTIFACTS, { recursive: true });
try {
  for (const [name, viewport] of [['desktop', { width: 1440, height: 1000 }], ['phone', { width: 390, height: 844 }]]) {
    const { context, page, problems } = await openPage(browser, server.url, viewport);
    await waitForOverview(page);
    await page.waitForTimeout(1200);
    const file = join(ARTIFACTS, `overview-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`${file}${problems.length ? ` (problems: ${problems.join('; ')})` : ''}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
