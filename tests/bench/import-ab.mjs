// Imports of the generated 500 x 20-year file with two builds, interleaved (see load-ab.mjs for
// why): each page of a build imports the file three times, closing the preview in between, so
// the first import of a page (its workers' code cold) and the next ones (warm) are told apart.
// Pages of the two builds take turns. Prints, for each build and each import of a page, every
// time from choosing the file to the preview, sorted. As in `make bench`, the file is chosen
// as soon as the import worker is ready; WAIT_MS=n waits n ms more first (as a user choosing a
// file in a dialog does). DETAIL=1 also prints each import's timings inside the import worker
// (load, parse, build, the two parts, the helper's start, the warm-up). Give one build to time
// it alone.
// Usage: node tests/bench/import-ab.mjs <dist A> [dist B] [pages of each, 4] [file]
import { join } from 'node:path';
import { ROOT, launch, openPage, serve, waitForImportWorker, waitForOverview } from '../e2e/harness.mjs';

const [a, b = '', pages = '4', file = join(ROOT, 'target', 'bench', 'long-500x20.csv')] = process.argv.slice(2);
if (!a) throw new Error('usage: node tests/bench/import-ab.mjs <dist A> [dist B] [pages] [file]');
const builds = b ? [a, b] : [a];
const IMPORTS = 3;
const WAIT_MS = Number(process.env.WAIT_MS ?? 0);
const servers = Object.fromEntries(await Promise.all(builds.map(async (dist) => [dist, await serve(dist)])));
const browser = await launch();
const times = Object.fromEntries(builds.map((dist) => [dist, [...Array(IMPORTS)].map(() => [])]));
const round = (ms) => (typeof ms === 'number' ? Math.round(ms) : ms);
try {
  for (let p = 0; p < Number(pages); p += 1) {
    for (const dist of p % 2 ? [...builds].reverse() : builds) {
      const { context, page } = await openPage(browser, servers[dist].url);
      await waitForOverview(page);
      await page.hover('label[for="file-input"]');
      await waitForImportWorker(page);
      if (WAIT_MS) await page.waitForTimeout(WAIT_MS);
      for (let i = 0; i < IMPORTS; i += 1) {
        await page.evaluate(() => performance.clearMarks());
        await page.setInputFiles('#file-input', file);
        await page.waitForSelector('.import-preview', { timeout: 300_000 });
        const { ms, timings } = await page.evaluate(() => {
          const [start] = performance.getEntriesByName('rotlab:import-start');
          const [end] = performance.getEntriesByName('rotlab:import-end');
          return { ms: end.startTime - start.startTime, timings: window.wasmBindings.rotlab_import_worker_timings() };
        });
        times[dist][i].push(ms);
        if (process.env.DETAIL) {
          const spent = Object.entries(timings).map(([k, v]) => `${k} ${round(v)}`).join(', ');
          console.log(`${dist} page ${p + 1} import ${i + 1}: ${ms.toFixed(0)} ms (${spent})`);
        }
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
for (const dist of builds) {
  times[dist].forEach((list, i) => {
    const sorted = list.sort((x, y) => x - y).map((ms) => ms.toFixed(0));
    console.log(`${dist}: import ${i + 1} of a page: ${sorted.join(' ')} ms`);
  });
}
