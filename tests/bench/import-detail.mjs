// Where a page's imports of the generated 500 x 20-year file spend their time, one import
// after another on one page (the first with the workers' code cold): the import's time and the
// import worker's own timings (load, parse, build; the two parts' times). A tool for finding
// where the first import's extra time goes, not a benchmark with a target.
// Usage: node tests/bench/import-detail.mjs <dist> [pages, 2] [imports per page, 3] [file]
import { join } from 'node:path';
import { ROOT, launch, openPage, serve, waitForImportWorker, waitForOverview } from '../e2e/harness.mjs';

const [dist = 'dist', pages = '2', imports = '3', file = join(ROOT, 'target', 'bench', 'long-500x20.csv')] = process.argv.slice(2);
const server = await serve(dist);
const browser = await launch();
const round = (ms) => (typeof ms === 'number' ? Math.round(ms) : ms);
try {
  for (let p = 0; p < Number(pages); p += 1) {
    const { context, page } = await openPage(browser, server.url);
    await waitForOverview(page);
    await page.hover('label[for="file-input"]');
    await waitForImportWorker(page);
    await page.waitForTimeout(1000);
    for (let i = 0; i < Number(imports); i += 1) {
      await page.evaluate(() => performance.clearMarks());
      await page.setInputFiles('#file-input', file);
      await page.waitForSelector('.import-preview', { timeout: 300_000 });
      const { ms, timings } = await page.evaluate(() => {
        const [start] = performance.getEntriesByName('rotlab:import-start');
        const [end] = performance.getEntriesByName('rotlab:import-end');
        return { ms: end.startTime - start.startTime, timings: window.wasmBindings.rotlab_import_worker_timings() };
      });
      const spent = Object.entries(timings).map(([k, v]) => `${k} ${round(v)}`).join(', ');
      console.log(`page ${p + 1} import ${i + 1}: ${ms.toFixed(0)} ms (${spent})`);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForTimeout(1000);
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
