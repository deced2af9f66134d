// Where the main thread's time goes when a 500 x 20-year file is read (the page's side: the
// import worker's answer unpacked, the preview drawn) and when the dataset is added: Chromium
// CPU profiles (DevTools protocol) from choosing the file to the preview, and from the click on
// "Add dataset" until the dataset is stored, and from a click on a view's tab until the page is
// quiet (the views whose switch `tests/bench/views.mjs` finds a long task in: Rotation,
// Relative strength, Breadth, Concentration and the Overview, over the last 12 months and
// over the whole history),
// split into the tasks the browser ran (samples between idle gaps), each with the app's
// functions that took the most of it. Needs a build with function names
// (`scripts/profile_browser.sh` makes one in target/profdist and runs this).
// Usage: node tests/bench/profile-add.mjs [dist] [file]; the profile is also written to
// target/bench/profile/read.cpuprofile and add.cpuprofile (they open in Chromium's DevTools, Performance tab).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, launch, serve, waitForOverview } from '../e2e/harness.mjs';

const dist = process.argv[2] ?? join(ROOT, 'target', 'profdist');
const file = process.argv[3] ?? join(ROOT, 'target', 'bench', 'long-500x20.csv');
const out = join(ROOT, 'target', 'bench', 'profile');
const server = await serve(dist);
const browser = await launch();
/** Where a profile's time went: its tasks (runs of samples between idle gaps) over 30 ms, each
 * with the app's functions that took the most of it. */
function printTasks(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const tasks = [];
  let task = null;
  let now = profile.startTime / 1000;
  profile.samples.forEach((id, i) => {
    now += profile.timeDeltas[i] / 1000;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (nodes.get(id).callFrame.functionName === '(idle)') {
      if (task && now - task.end > 0.5) task = null;
      return;
    }
    if (!task) tasks.push((task = { start: now, end: now, time: new Map() }));
    task.end = now + ms;
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = nodes.get(at).callFrame.functionName || '(anonymous)';
      if (seen.has(name)) continue;
      seen.add(name);
      task.time.set(name, (task.time.get(name) ?? 0) + ms);
    }
  });
  const interesting = /^rotation_lab::|^(put|t\.setOption)$|^\((program|garbage collector)\)$/;
  const first = tasks[0]?.start ?? 0;
  for (const t of tasks.filter((t) => t.end - t.start > 30)) {
    console.log(`task at +${(t.start - first).toFixed(0)} ms, ${(t.end - t.start).toFixed(0)} ms:`);
    const top = [...t.time].filter(([name]) => interesting.test(name)).sort((a, b) => b[1] - a[1]).slice(0, 10);
    for (const [name, ms] of top) console.log(`  ${ms.toFixed(0).padStart(5)} ms  ${name.replace(/::h[0-9a-f]{16}/, '').slice(0, 110)}`);
  }
}

try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForOverview(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await mkdir(out, { recursive: true });

  // The page's side of reading the file (the worker's is not in the page's profile).
  let t0 = await page.evaluate(() => performance.now());
  await cdp.send('Profiler.start');
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('.import-preview', { timeout: 300_000 });
  await page.waitForTimeout(300);
  const read = (await cdp.send('Profiler.stop')).profile;
  let longTasks = await page.evaluate((start) => window.__longTasks.filter(([s]) => s >= start).map(([, d]) => `${d.toFixed(0)} ms`), t0);
  console.log(`long tasks while the file is read: ${longTasks.join(', ') || 'none'}`);
  await writeFile(join(out, 'read.cpuprofile'), JSON.stringify(read));
  printTasks(read);

  await page.fill('#dataset-name', 'Bench');
  await page.dispatchEvent('#dataset-name', 'change');
  await page.waitForTimeout(300);
  t0 = await page.evaluate(() => performance.now());
  await cdp.send('Profiler.start');
  await page.getByRole('button', { name: 'Add dataset' }).click();
  await page.waitForSelector('[data-dataset="Bench"].dataset--active', { timeout: 300_000 });
  await page.waitForFunction(() => !document.querySelector('[data-dataset="Bench"] .tag--warn'), null, { timeout: 300_000 });
  await page.waitForTimeout(300);
  const { profile } = await cdp.send('Profiler.stop');
  longTasks = await page.evaluate((start) => window.__longTasks.filter(([s]) => s >= start).map(([, d]) => `${d.toFixed(0)} ms`), t0);
  console.log(`long tasks after the click: ${longTasks.join(', ') || 'none'}`);
  await writeFile(join(out, 'add.cpuprofile'), JSON.stringify(profile));
  printTasks(profile);

  for (const range of ['last 12 months', 'All']) {
    if (range === 'All') {
      await page.click('.tabs a[data-view="overview"]');
      await page.getByRole('button', { name: 'All', exact: true }).click();
      await page.waitForTimeout(1500);
    }
    for (const view of ['rotation', 'relative-strength', 'breadth', 'concentration', 'overview']) {
      t0 = await page.evaluate(() => performance.now());
      await cdp.send('Profiler.start');
      await page.click(`.tabs a[data-view="${view}"]`);
      await page.waitForSelector('.view-head h1');
      await page.waitForTimeout(1500);
      const switched = (await cdp.send('Profiler.stop')).profile;
      longTasks = await page.evaluate((start) => window.__longTasks.filter(([s]) => s >= start).map(([, d]) => `${d.toFixed(0)} ms`), t0);
      console.log(`switch to ${view} (${range}): long tasks ${longTasks.join(', ') || 'none'}`);
      await writeFile(join(out, `switch-${view}-${range === 'All' ? 'all' : '1y'}.cpuprofile`), JSON.stringify(switched));
      printTasks(switched);
    }
  }
} finally {
  await browser.close();
  server.close();
}
