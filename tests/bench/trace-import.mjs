// Where an import's time goes, thread by thread: a Chromium trace of the import of the generated
// 500 x 20-year file (from choosing it to the preview, the import worker started first), then
// each thread's busy time in that window (the page, the import worker and its helper, their
// reader workers, the browser's threads). TIMELINE=1 also prints each worker thread's tasks over
// 3 ms (+start:duration, ms from the import's start); TAIL=1 prints the page's tasks over 1 ms
// in the import's last 150 ms (the series unpacked and the preview drawn); WARM=1 traces a
// second import in the same page, after a first one (the workers' code warm); WARM_FILE=path
// makes that first import another file's (what a smaller file warms); RESTART=1 then ends the
// import worker (a cancelled import) and starts a new one before the traced import (what stays
// warm in the page alone).
// Usage: node tests/bench/trace-import.mjs [dist]
import { join } from 'node:path';
import { ROOT, launch, openPage, serve, waitForImportWorker, waitForOverview } from '../e2e/harness.mjs';
const dist = process.argv[2] ?? join(ROOT, 'dist');
const file = join(ROOT, 'target', 'bench', 'long-500x20.csv');
const server = await serve(dist);
const browser = await launch();
try {
  const { page } = await openPage(browser, server.url);
  await waitForOverview(page);
  await page.hover('label[for="file-input"]');
  await waitForImportWorker(page);
  await page.waitForTimeout(800);
  if (process.env.WARM) {
    await page.setInputFiles('#file-input', process.env.WARM_FILE ?? file);
    await page.waitForSelector('.import-preview', { timeout: 300_000 });
    await page.getByRole('button', { name: /Cancel|Close/ }).first().click();
    await page.waitForTimeout(1000);
    if (process.env.RESTART) {
      // A new import worker: an import cancelled once it shows progress ends the old one.
      await page.setInputFiles('#file-input', file);
      await page.waitForSelector('.import-progress progress', { timeout: 60_000 });
      await page.locator('.import-progress button').click();
      await page.waitForTimeout(500);
      await page.hover('body', { position: { x: 5, y: 5 } });
      await page.hover('label[for="file-input"]');
      await page.waitForFunction(() => performance.getEntriesByName('rotlab:import-worker-ready').length >= 2, null, { timeout: 30_000 });
      await page.waitForTimeout(800);
    }
    await page.evaluate(() => performance.clearMarks());
  }
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'toplevel', 'disabled-by-default-devtools.timeline.frame'] });
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('.import-preview', { timeout: 300_000 });
  await page.waitForTimeout(100);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const ev = trace.traceEvents;
  const names = new Map();
  for (const e of ev) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const pnames = new Map();
  for (const e of ev) if (e.name === 'process_name') pnames.set(e.pid, e.args.name);
  const marks = ev.filter((e) => e.name?.startsWith('rotlab:import'));
  const t0 = marks.find((m) => m.name === 'rotlab:import-start').ts;
  const t1 = marks.find((m) => m.name === 'rotlab:import-end').ts;
  console.log('import', ((t1 - t0) / 1000).toFixed(0), 'ms');
  // Busy time per thread: top-level tasks (ThreadControllerImpl::RunTask / RunTask) clipped to the window.
  const spans = new Map();
  for (const e of ev) {
    if (e.ph !== 'X' || !(e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask' || e.name === 'ThreadPool_RunTask')) continue;
    const s = Math.max(e.ts, t0), f = Math.min(e.ts + e.dur, t1);
    if (f <= s) continue;
    const k = `${pnames.get(e.pid) ?? e.pid} ${names.get(`${e.pid}:${e.tid}`) ?? e.tid} ${e.tid}`;
    if (!spans.has(k)) spans.set(k, []);
    spans.get(k).push([s, f]);
  }
  const busy = new Map();
  for (const [k, list] of spans) {
    list.sort((a, b) => a[0] - b[0]);
    let total = 0, end = -Infinity;
    for (const [s, f] of list) { if (f <= end) continue; total += f - Math.max(s, end); end = f; }
    busy.set(k, total / 1000);
  }
  for (const [k, v] of [...busy].sort((a, b) => b[1] - a[1]).slice(0, 20)) if (v > 5) console.log(v.toFixed(0).padStart(6), 'ms', k);
  if (process.env.TIMELINE) for (const [k, list] of spans) if (/Dedicated|CrRendererMain/.test(k)) {
    const merged = []; for (const [s, f] of list) { const l = merged[merged.length - 1]; if (l && s <= l[1]) l[1] = Math.max(l[1], f); else merged.push([s, f]); }
    console.log(k, merged.filter(([s, f]) => f - s > 3000).map(([s, f]) => `+${((s - t0) / 1000).toFixed(0)}:${((f - s) / 1000).toFixed(0)}`).join(' '));
  }
  if (process.env.TAIL) {
    const page = ev.filter((e) => names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.dur > 1000 && e.ts + e.dur > t1 - 150_000 && e.ts < t1 + 50_000);
    const seen = new Set();
    for (const e of page.sort((a, b) => a.ts - b.ts)) {
      if (seen.has(e.ts)) continue;
      seen.add(e.ts);
      const inner = ev.filter((x) => x.tid === e.tid && x.ts >= e.ts && x.ts < e.ts + e.dur && x.dur > 1000 && /HandlePostMessage|GC|Layout|Paint/.test(x.name)).map((x) => `${x.name} ${(x.dur / 1000).toFixed(1)}`);
      console.log(`page task +${((e.ts - t0) / 1000).toFixed(0)}: ${(e.dur / 1000).toFixed(1)} ms ${[...new Set(inner)].join(', ')}`);
    }
  }
} finally { await browser.close(); server.close(); }
