// Browser benchmark: a view switch with the 500-symbol x 20-year dataset of `make bench` shown,
// in headless Chromium (release build). The file is added as a user adds it; then each view is
// opened from the tabs, first with the range a new dataset gets (its last 12 months), then with
// the whole history ("All"). For each switch: the main thread's long tasks (PerformanceObserver
// "longtask", over 50 ms) from the click until the page has been quiet for a second, and the
// time from the click to the end of the last of them (or to the view's heading when none).
// and, over all switches, the count of long tasks and their time over 50 ms (total blocking time).
// For a switch with a long task it also prints the scripts over 20 ms of the long animation
// frames (Chromium's "long-animation-frame" entries) that began after the click: what started
// each (a worker's answer, a message the app posted to itself, a frame callback) and how long
// it ran, which names the long task's work (a chart's first drawing runs in a message task).
// Writes target/bench/views.json. Usage: node tests/bench/views.mjs [file]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, VIEWS, gotoView, launch, openPage, serve, waitForOverview } from '../e2e/harness.mjs';

const file = process.argv[2] ?? join(ROOT, 'target', 'bench', 'long-500x20.csv');
const QUIET_MS = 1000;

/** Long tasks since `t0`, once none has started for QUIET_MS. */
async function tasksAfter(page, t0) {
  await page.waitForFunction(
    ([t0, quiet]) => {
      const last = Math.max(t0, ...window.__longTaskTimes.filter(([s]) => s >= t0).map(([s, d]) => s + d));
      return performance.now() - last > quiet;
    },
    [t0, QUIET_MS],
    { timeout: 120_000, polling: 100 },
  );
  return page.evaluate((t0) => window.__longTaskTimes.filter(([s]) => s >= t0), t0);
}

async function switchTo(page, slug) {
  const t0 = await page.evaluate(() => performance.now());
  await gotoView(page, slug);
  const heading = await page.evaluate((t0) => performance.now() - t0, t0);
  const tasks = await tasksAfter(page, t0);
  const end = Math.max(heading, ...tasks.map(([s, d]) => s + d - t0));
  const scripts = tasks.length === 0 ? [] : await page.evaluate(
    (t0) => window.__frames
      .filter((f) => f.startTime >= t0 && f.duration > 50)
      .flatMap((f) => f.scripts.filter((s) => s.duration > 20).map((s) => `+${Math.round(s.startTime - t0)} ${Math.round(s.duration)} ms ${s.invoker}`)),
    t0,
  );
  return {
    view: slug,
    longest_task_ms: Math.max(0, ...tasks.map(([, d]) => d)),
    long_tasks: tasks.map(([, d]) => Math.round(d)),
    settled_ms: end,
    scripts,
  };
}

const server = await serve();
const browser = await launch();
const results = { file, ranges: {} };
try {
  const { context, page } = await openPage(browser, server.url);
  await page.evaluate(() => {
    window.__longTaskTimes = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTaskTimes.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    window.__frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__frames.push(e.toJSON());
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  await waitForOverview(page);
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('.import-preview', { timeout: 300_000 });
  await page.fill('#dataset-name', 'Bench');
  await page.dispatchEvent('#dataset-name', 'change');
  await page.getByRole('button', { name: 'Add dataset' }).click();
  await page.waitForSelector('[data-dataset="Bench"].dataset--active', { timeout: 300_000 });
  await page.waitForFunction(() => !document.querySelector('[data-dataset="Bench"] .tag--warn'), null, { timeout: 300_000 });
  for (const range of ['last 12 months', 'All']) {
    if (range === 'All') {
      await gotoView(page, 'overview');
      const t0 = await page.evaluate(() => performance.now());
      await page.getByRole('button', { name: 'All', exact: true }).click();
      await tasksAfter(page, t0);
    }
    const order = VIEWS.filter((v) => v !== 'overview').concat('overview');
    results.ranges[range] = [];
    for (const slug of order) {
      const r = await switchTo(page, slug);
      results.ranges[range].push(r);
      console.log(
        `${range.padEnd(15)} ${slug.padEnd(18)} longest task ${r.longest_task_ms.toFixed(0).padStart(5)} ms, ` +
          `settled after ${r.settled_ms.toFixed(0).padStart(5)} ms; long tasks ${JSON.stringify(r.long_tasks)}` +
          (r.scripts.length ? `; scripts ${r.scripts.join(', ')}` : ''),
      );
    }
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
const all = Object.values(results.ranges).flat();
results.longest_task_ms = Math.max(...all.map((r) => r.longest_task_ms));
results.slowest = all.reduce((a, b) => (a.longest_task_ms >= b.longest_task_ms ? a : b));
// Total blocking time (Lighthouse's measure): each long task's time over 50 ms, summed over
// every switch; with the count of long tasks, it shows what a change does to all of them,
// which the longest alone, one task on a noisy machine, does not.
const tasks = all.flatMap((r) => r.long_tasks);
results.long_tasks = tasks.length;
results.blocking_ms = tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0);
await mkdir(join(ROOT, 'target', 'bench'), { recursive: true });
await writeFile(join(ROOT, 'target', 'bench', 'views.json'), JSON.stringify(results, null, 2));
console.log(`longest main-thread task in a view switch: ${results.longest_task_ms.toFixed(0)} ms (${results.slowest.view})`);
console.log(`long tasks in the ${all.length} switches: ${results.long_tasks}, blocking ${results.blocking_ms.toFixed(0)} ms (their time over 50 ms)`);
