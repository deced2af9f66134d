import { join } from 'node:path';
import { ROOT, launch, serve, waitForOverview, waitForImportWorker } from '../e2e/harness.mjs';
const dist = process.argv[2] ?? join(ROOT, 'dist');
const file = join(ROOT, 'target', 'bench', 'long-500x20.csv');
const server = await serve(dist);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForOverview(page);
  await page.hover('label[for="file-input"]');
  await waitForImportWorker(page);
  await page.waitForTimeout(500);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'toplevel'] });
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('.import-preview', { timeout: 300_000 });
  await page.waitForTimeout(300);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const ev = trace.traceEvents;
  const names = new Map();
  for (const e of ev) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const marks = ev.filter((e) => e.name?.startsWith('rotlab:'));
  const t0 = marks.find((m) => m.name === 'rotlab:import-start')?.ts ?? ev[0].ts;
  for (const m of marks) console.log('mark', m.name, ((m.ts - t0) / 1000).toFixed(1));
  const tasks = ev.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur > 3000);
  for (const t of tasks.sort((a, b) => a.ts - b.ts)) {
    const th = names.get(`${t.pid}:${t.tid}`) ?? `${t.pid}:${t.tid}`;
    if (!/Main|Worker/i.test(th)) continue;
    console.log(`${th.padEnd(22)} +${((t.ts - t0) / 1000).toFixed(0).padStart(6)} ms  ${(t.dur / 1000).toFixed(1).padStart(7)} ms`);
  }
} finally { await browser.close(); server.close(); }
