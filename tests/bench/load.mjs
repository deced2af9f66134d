// Load time and bytes of the release build served on loopback, in headless Chromium:
// - cold: navigation to the first chart drawn (the app's `rotlab:first-chart` user-timing mark,
//   set when ECharts first renders) with an empty cache, every run in a new context;
// - warm: the same after one visit, in a real profile whose service worker serves the build;
// - transferred: every response of a cold load (the app and its sample data), raw as served and
//   gzip -9 as a static host would compress it.
// Writes target/bench/load.json and prints the runs and medians. Not a pass/fail test.
// Usage: node tests/bench/load.mjs [runs]
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, launch, launchProfile, serve } from '../e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 7);

/** Milliseconds from navigation to the first chart drawn, on the page's clock. */
function firstChart(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const poll = () => {
          const [mark] = performance.getEntriesByName('rotlab:first-chart');
          if (mark) resolve(mark.startTime);
          else setTimeout(poll, 5);
        };
        poll();
      }),
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve();
const browser = await launch();
const cold = [];
const transferred = { files: 0, raw: 0, gzip: 0, by_type: {} };
try {
  for (let i = 0; i < runs; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const bodies = [];
    if (i === 0) {
      page.on('response', (res) => bodies.push(res.body().then((b) => [res.url(), b]).catch(() => null)));
    }
    await page.goto(server.url);
    cold.push(await firstChart(page));
    if (i === 0) {
      await page.waitForLoadState('networkidle');
      for (const item of await Promise.all(bodies)) {
        if (!item) continue;
        const [url, body] = item;
        const ext = new URL(url).pathname.split('.').pop();
        const gz = gzipSync(body, { level: 9 }).length;
        transferred.files += 1;
        transferred.raw += body.length;
        transferred.gzip += gz;
        const t = (transferred.by_type[ext] ??= { files: 0, raw: 0, gzip: 0 });
        t.files += 1;
        t.raw += body.length;
        t.gzip += gz;
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}

// Warm: one visit installs the service worker; later loads come from its cache.
const profile = await mkdtemp(join(tmpdir(), 'rotlab-warm-'));
const warm = [];
const context = await launchProfile(profile);
try {
  const page = await context.newPage();
  await page.goto(server.url);
  await firstChart(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // A page opened before its worker was active is not controlled: the next navigation is.
  await page.reload();
  await firstChart(page);
  for (let i = 0; i < runs; i += 1) {
    await page.goto('about:blank');
    await page.goto(server.url);
    const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
    if (!controlled) throw new Error('the service worker does not control the page: warm loads would not be warm');
    warm.push(await firstChart(page));
  }
} finally {
  await context.close();
  await server.close();
  await rm(profile, { recursive: true, force: true });
}

const result = {
  runs,
  cold_first_chart_ms: { median: median(cold), runs: cold },
  warm_first_chart_ms: { median: median(warm), runs: warm },
  transferred,
};
await mkdir(join(ROOT, 'target', 'bench'), { recursive: true });
await writeFile(join(ROOT, 'target', 'bench', 'load.json'), JSON.stringify(result, null, 2));
const list = (xs) => xs.map((t) => t.toFixed(0)).join(', ');
console.log(`cold load, first chart drawn (ms): ${list(cold)}; median ${median(cold).toFixed(0)}`);
console.log(`warm load (service worker), first chart drawn (ms): ${list(warm)}; median ${median(warm).toFixed(0)}`);
console.log(
  `transferred on a cold load: ${transferred.files} files, ${(transferred.raw / 1e6).toFixed(2)} MB raw, ${(transferred.gzip / 1e6).toFixed(2)} MB gzip -9`,
);
