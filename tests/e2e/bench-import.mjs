// Browser benchmark: import of the generated 100 MB long-format file in headless Chromium
// (release build): throughput (read + parse + build, from choosing the file to the preview),
// the progress bar, and the longest main-thread task (PerformanceObserver "longtask").
// Usage: node tests/e2e/bench-import.mjs [file]   (make bench generates the file)
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, launch, openPage, serve, waitForOverview } from './harness.mjs';

const file = process.argv[2] ?? join(ROOT, 'target', 'bench', 'long-500x20.csv');
const size = (await stat(file)).size;
const server = await serve();
const browser = await launch();
const results = [];
try {
  for (let run = 0; run < 3; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForOverview(page);
    await page.evaluate(() => {
      window.__longTasks = [];
    });
    await page.setInputFiles('#file-input', file);
    await page.waitForSelector('.import-progress progress', { timeout: 60_000 });
    const progressSeen = await page.$eval('.import-progress progress', (p) => Number(p.value));
    await page.waitForSelector('.import-preview', { timeout: 300_000 });
    const { ms, longest, tasks, symbols } = await page.evaluate(() => {
      const [start] = performance.getEntriesByName('rotlab:import-start');
      const [end] = performance.getEntriesByName('rotlab:import-end');
      return {
        ms: end.startTime - start.startTime,
        longest: Math.max(0, ...window.__longTasks),
        tasks: window.__longTasks.length,
        symbols: document.querySelectorAll('.preview-symbols tbody tr').length,
      };
    });
    results.push({ ms, mb_per_s: size / 1e6 / (ms / 1000), longest_task_ms: longest, long_tasks: tasks, progress_seen: progressSeen, symbols });
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const best = results.reduce((a, b) => (a.ms < b.ms ? a : b));
const summary = { file, bytes: size, runs: results, best };
await mkdir(join(ROOT, 'target', 'bench'), { recursive: true });
await writeFile(join(ROOT, 'target', 'bench', 'browser-import.json'), JSON.stringify(summary, null, 2));
for (const r of results) {
  console.log(
    `browser import ${(size / 1e6).toFixed(1)} MB: ${r.ms.toFixed(0)} ms = ${r.mb_per_s.toFixed(1)} MB/s; ` +
      `${r.symbols} symbols; longest task ${r.longest_task_ms.toFixed(0)} ms (${r.long_tasks} tasks over 50 ms); progress bar seen at ${r.progress_seen}%`,
  );
}
