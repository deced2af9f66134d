// Which work makes the main thread's long tasks when a big dataset is added, or when a view is
// opened with it shown: a Chromium trace (DevTools timeline categories) of that step, then each
// main-thread task over 30 ms with the time of its script, style, layout and paint.
// Usage: node tests/bench/trace-tasks.mjs [step] [dist] [file]
//   step: `add` (default: from the click on "Add dataset" until the dataset is stored), or a
//   view's slug, optionally with `@all` for the whole history (from the click on its tab until
//   the page has been quiet for a second), e.g. `concentration@all`.
import { join } from 'node:path';
import { ROOT, gotoView, launch, openPage, serve, waitForOverview } from '../e2e/harness.mjs';

const step = process.argv[2] ?? 'add';
const dist = process.argv[3] ?? join(ROOT, 'dist');
const file = process.argv[4] ?? join(ROOT, 'target', 'bench', 'long-500x20.csv');
// TRACE_STACKS=1 also prints the script stack that forced each style recalculation or layout
// over 2 ms (a build with function names, `make profile-browser`'s target/profdist, names the
// app's functions); TRACE_MIN_MS sets the shortest task printed (30 ms).
const STACKS = process.env.TRACE_STACKS === '1';
const FORCED = ['Layout', 'UpdateLayoutTree'];
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing']
  .concat(STACKS ? ['disabled-by-default-devtools.timeline.stack'] : []);

/**
 * The main thread's time over the whole trace: its tasks, the animation frames' callbacks (a
 * chart's animation repaints it in each) and the compositor commits (a canvas handed over each
 * frame it changes); then each task over 30 ms, with the time of what ran inside it.
 */
function printTasks(trace) {
  const events = trace.traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const total = (name) => {
    const of = onMain.filter((e) => e.name === name);
    return [of.length, (of.reduce((sum, e) => sum + e.dur, 0) / 1000).toFixed(0)];
  };
  const [tasks, busy] = total('RunTask');
  const [frames, frameMs] = total('FireAnimationFrame');
  const [commits, commitMs] = total('Commit');
  console.log(`main thread: ${busy} ms in ${tasks} tasks; ${frames} animation frame callbacks (${frameMs} ms); ${commits} commits (${commitMs} ms)`);
  for (const task of onMain.filter((e) => e.name === 'RunTask' && e.dur > Number(process.env.TRACE_MIN_MS ?? 30) * 1000)) {
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const by = new Map();
    for (const e of inside) {
      const key = e.name + (e.args?.data?.type ? ` ${e.args.data.type}` : '') + (e.name === 'FunctionCall' ? ` ${e.args?.data?.functionName ?? ''} ${(e.args?.data?.url ?? '').split('/').pop()}` : '');
      by.set(key, (by.get(key) ?? 0) + e.dur / 1000);
    }
    console.log(`task ${(task.dur / 1000).toFixed(1)} ms at +${((task.ts - onMain[0].ts) / 1000).toFixed(0)} ms`);
    for (const [k, ms] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
      if (ms >= 0.5) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k.slice(0, 100)}`);
    }
    if (STACKS) {
      // What forced each style or layout of the task: the script's stack when it began.
      for (const e of inside.filter((e) => FORCED.includes(e.name) && e.dur > 2000)) {
        const stack = e.args?.beginData?.stackTrace ?? [];
        console.log(`  ${e.name} ${(e.dur / 1000).toFixed(1)} ms, forced by:`);
        for (const f of stack.slice(0, 6)) console.log(`      ${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`);
      }
    }
  }
}

const server = await serve(dist);
const browser = await launch();
try {
  const { page } = await openPage(browser, server.url);
  await waitForOverview(page);
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('.import-preview', { timeout: 300_000 });
  await page.fill('#dataset-name', 'Bench');
  await page.dispatchEvent('#dataset-name', 'change');
  const stored = () => page.waitForFunction(() => !document.querySelector('[data-dataset="Bench"] .tag--warn'), null, { timeout: 300_000 });
  await page.waitForTimeout(500);
  if (step === 'add') await browser.startTracing(page, { categories: CATEGORIES });
  await page.getByRole('button', { name: 'Add dataset' }).click();
  await page.waitForSelector('[data-dataset="Bench"].dataset--active', { timeout: 300_000 });
  await stored();
  if (step !== 'add') {
    const [view, range] = step.split('@');
    if (range === 'all') await page.getByRole('button', { name: 'All', exact: true }).click();
    // The add shows the overview: another view first, to switch back from.
    if (view === 'overview') await gotoView(page, 'story-check');
    await page.waitForTimeout(1500);
    await browser.startTracing(page, { categories: CATEGORIES });
    await gotoView(page, view);
  }
  await page.waitForTimeout(1000);
  printTasks(JSON.parse((await browser.stopTracing()).toString()));
} finally {
  await browser.close();
  server.close();
}
