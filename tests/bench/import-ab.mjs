// Imports of the generated 500 x 20-year file with two builds, interleaved (see load-ab.mjs for
// why): each page of a build imports the file three times, closing the preview in between, so
// the first import of a page (its workers' code cold) and the next ones (warm) are told apart.
// Pages of the two builds take turns. Prints, for each build and each import of a page, every
// time from choosing the file to the preview, sorted.
// Usage: node tests/bench/import-ab.mjs <dist A> <dist B> [pages of each, 4] [file]
import { join } from 'node:path';
import { ROOT, launch, openPage, serve, waitForImportWorker, waitForOverview } from '../e2e/harness.mjs';

const [a, b, pages = '4', file = join(ROOT, 'target', 'bench', 'long-500x20.csv')] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: node tests/bench/import-ab.mjs <dist A> <dist B> [pages] [file]');
const IMPORTS = 3;
const servers = { [a]: await serve(a), [b]: await serve(b) };
const browser = await launch();
const times = { [a]: [...Array(IMPORTS)].map(() => []), [b]: [...Array(IMPORTS)].map(() => []) };
try {
  for (let p = 0; p < Number(pages); p += 1) {
    for (const dist of p % 2 ? [b, a] : [a, b]) {
      const { context, page } = await openPage(browser, servers[dist].url);
      await waitForOverview(page);
      await page.hover('label[for="file-input"]');
      await waitForImportWorker(page);
      for (let i = 0; i < IMPORTS; i += 1) {
        await page.evaluate(() => performance.clearMarks());
        await page.setInputFiles('#file-input', file);
        await page.waitForSelector('.import-preview', { timeout: 300_000 });
        times[dist][i].push(await page.evaluate(() => {
          const [start] = performance.getEntriesByName('rotlab:import-start');
          const [end] = performance.getEntriesByName('rotlab:import-end');
          return end.startTime - start.startTime;
        }));
        await page.getByRole('button', { name: 'Cancel' }).click();
        await page.waitForTimeout(1000);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  for (const s of Object.values(servers)) s.close();
}
for (const dist of [a, b]) {
  times[dist].forEach((list, i) => {
    const sorted = list.sort((x, y) => x - y).map((ms) => ms.toFixed(0));
    console.log(`${dist}: import ${i + 1} of a page: ${sorted.join(' ')} ms`);
  });
}
