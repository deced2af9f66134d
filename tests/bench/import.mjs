// Browser benchmark: import of the generated long-format file (500 symbols x 20 years) in
// headless Chromium (release build):
// - parse: from choosing the file to the import preview (read + parse + build the series), the
//   import worker started before by the pointer over "Choose files" (its start-up, which ends
//   once its helper has started and its warm-up file is read, printed apart);
// - add: from "Add dataset" to the overview drawn on it (the dataset kept, aligned, analysed);
// - the longest main-thread task over both (PerformanceObserver "longtask");
// - the page's wasm heap (linear memory) after the preview and after adding, and the import
//   worker's peak heap, against the raw size of the closes (8 bytes each).
// Writes target/bench/import.json. Usage: node tests/bench/import.mjs [file]
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, launch, openPage, serve, waitForImportWorker, waitForOverview } from '../e2e/harness.mjs';

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
      window.__longTaskTimes = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          window.__longTasks.push(entry.duration);
          window.__longTaskTimes.push([entry.startTime, entry.duration]);
        }
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForOverview(page);
    await page.evaluate(() => {
      window.__longTasks = [];
      window.__longTaskTimes = [];
    });
    // The pointer on "Choose files", as a user's is before the click that opens the file
    // dialog: that starts the import worker (its wasm fetched and compiled), as the app does on
    // any sign of a coming file. The import is timed from a started worker, as DuckDB-wasm's
    // read_csv is timed from a started database; the start-up is printed apart.
    const pointed = await page.evaluate(() => performance.now());
    await page.hover('label[for="file-input"]');
    const workerStartMs = (await waitForImportWorker(page)) - pointed;
    await page.setInputFiles('#file-input', file);
    await page.waitForSelector('.import-progress progress', { timeout: 60_000 });
    const progressSeen = await page.$eval('.import-progress progress', (p) => Number(p.value));
    await page.waitForSelector('.import-preview', { timeout: 300_000 });
    const parsed = await page.evaluate(() => {
      const [start] = performance.getEntriesByName('rotlab:import-start');
      const [end] = performance.getEntriesByName('rotlab:import-end');
      return {
        ms: end.startTime - start.startTime,
        symbols: Number(document.querySelector('.preview-symbols caption').textContent.match(/\d+/)[0]),
        closes: [...document.querySelectorAll('.preview-facts')].map((e) => e.textContent).join(' '),
        heap: window.wasmBindings.rotlab_heap_bytes(),
        workerHeap: window.wasmBindings.rotlab_import_worker_heap_bytes(),
        workerTimings: window.wasmBindings.rotlab_import_worker_timings(),
      };
    });
    await page.fill('#dataset-name', 'Bench');
    await page.dispatchEvent('#dataset-name', 'change');
    const addStart = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('[data-dataset="Bench"].dataset--active', { timeout: 300_000 });
    await page.waitForFunction(() => document.querySelector('table.returns tbody tr td')?.textContent.length > 0, null, { timeout: 300_000 });
    const addMs = await page.evaluate((t0) => performance.now() - t0, addStart);
    // The long tasks are counted until the dataset is stored in IndexedDB (its record is built
    // and written after the overview is drawn).
    await page.waitForFunction(() => !document.querySelector('[data-dataset="Bench"] .tag--warn'), null, { timeout: 300_000 });
    await page.waitForTimeout(200);
    const added = await page.evaluate((t0) => ({
      // Long tasks by phase: reading and parsing (up to the preview), or adding the dataset.
      phases: window.__longTaskTimes.map(([start, ms]) => `${start < t0 ? 'parse' : 'add'} ${ms.toFixed(0)} ms`),
      heap: window.wasmBindings.rotlab_heap_bytes(),
      longest: Math.max(0, ...window.__longTasks),
      tasks: window.__longTasks.length,
    }), addStart);
    results.push({
      ms: parsed.ms,
      worker_start_ms: workerStartMs,
      mb_per_s: size / 1e6 / (parsed.ms / 1000),
      add_ms: addMs,
      longest_task_ms: added.longest,
      long_tasks: added.tasks,
      progress_seen: progressSeen,
      symbols: parsed.symbols,
      heap_after_preview_bytes: parsed.heap,
      worker_heap_bytes: parsed.workerHeap,
      worker_ms: parsed.workerTimings,
      heap_after_add_bytes: added.heap,
      long_tasks_by_phase: added.phases,
    });
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const best = results.reduce((a, b) => (a.ms < b.ms ? a : b));
const summary = { file, bytes: size, runs: results, best };
await mkdir(join(ROOT, 'target', 'bench'), { recursive: true });
await writeFile(join(ROOT, 'target', 'bench', 'import.json'), JSON.stringify(summary, null, 2));
for (const r of results) {
  console.log(
    `browser import ${(size / 1e6).toFixed(1)} MB: parse ${r.ms.toFixed(0)} ms = ${r.mb_per_s.toFixed(1)} MB/s ` +
      `(the worker started ${r.worker_start_ms.toFixed(0)} ms before, on the pointer over Choose files) ` +
      `(in the import worker: load ${r.worker_ms.load.toFixed(0)}, parse ${r.worker_ms.parse.toFixed(0)}, build ${r.worker_ms.build.toFixed(0)} ms; ${r.worker_ms.ahead} chunks read ahead; its warm-up took ${r.worker_ms.warm_up?.toFixed(0)} ms at its start` +
      (r.worker_ms.wait === undefined ? '' : `; in two parts: the helper started in ${r.worker_ms.helper_start?.toFixed(0)} ms, the first part took ${r.worker_ms.first.toFixed(0)} ms, the helper's ${r.worker_ms.second.toFixed(0)} ms, the first waited ${r.worker_ms.wait.toFixed(0)} ms for it, the join took ${r.worker_ms.join.toFixed(0)} ms`) +
      `), add ${r.add_ms.toFixed(0)} ms; ` +
      `${r.symbols} symbols; longest task ${r.longest_task_ms.toFixed(0)} ms (${r.long_tasks} tasks over 50 ms); ` +
      `heap ${(r.heap_after_preview_bytes / 1e6).toFixed(0)} MB after the preview, ${(r.heap_after_add_bytes / 1e6).toFixed(0)} MB after adding (import worker's peak ${(r.worker_heap_bytes / 1e6).toFixed(0)} MB); progress bar seen at ${r.progress_seen}%; ` +
      `long tasks: ${r.long_tasks_by_phase.join(', ')}`,
  );
}
