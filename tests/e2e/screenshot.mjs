// Saves screenshots of the app at desktop and phone widths into test-results/ (not committed):
// the overview, the import preview of two fixture files, and every view at both widths in both
// themes, on a phone also with the data panel open (test-results/views/).
// Usage: node tests/e2e/screenshot.mjs
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, VIEWS, gotoView, launch, openPage, previewFiles, serve, waitForOverview } from './harness.mjs';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'formats');
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
    await previewFiles(page, [join(FIXTURES, 'yahoo-spy.csv'), join(FIXTURES, 'ambiguous-dates.csv')]);
    const preview = join(ARTIFACTS, `import-preview-${name}.png`);
    await page.locator('.import-preview').screenshot({ path: preview });
    console.log(`${file}\n${preview}${problems.length ? ` (problems: ${problems.join('; ')})` : ''}`);
    await context.close();
  }
  const views = join(ARTIFACTS, 'views');
  await mkdir(views, { recursive: true });
  for (const colorScheme of ['light', 'dark']) {
    for (const [name, viewport] of [['desktop', { width: 1440, height: 1000 }], ['phone', { width: 390, height: 844 }]]) {
      const context = await browser.newContext({ viewport, colorScheme });
      const page = await context.newPage();
      await page.goto(server.url);
      await waitForOverview(page);
      for (const slug of VIEWS) {
        await gotoView(page, slug);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(900);
        const file = join(views, `${slug}-${name}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        if (name === 'phone' && colorScheme === 'light') {
          await page.click('.panel-toggle');
          await page.waitForTimeout(300);
          await page.screenshot({ path: join(views, `${slug}-${name}-panel.png`) });
          await page.click('#panel-close');
        }
      }
      console.log(`${views}/*-${name}-${colorScheme}.png`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
