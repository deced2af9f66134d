// Load time and bytes of the release build served on loopback, in headless Chromium:
// - cold: navigation to the first chart on screen with an empty cache, every run in a new
//   context. On a first visit that is the prerendered first view's chart (its
//   `rotlab:first-view-chart` mark, scripts/first_view.mjs); the app's own first chart (its
//   `rotlab:first-chart` mark, set when ECharts first renders it), when the app is interactive,
//   is timed too;
// - warm: the app's first chart after one visit, in a real profile whose service worker serves
//   the build (no prerendered view for a returning visitor);
// - transferred: every response of a cold load (the app and its sample data), raw as served and
//   gzip -9 as a static host would compress it, by type; and those the first chart on screen
//   needed: the responses complete when it was drawn (resource timing's responseEnd);
// - slow phone: a cold load served gzip-encoded under Chromium's network throttling at 1.6 Mbps
//   down, 750 kbps up and 150 ms round trips (a slow 4G phone), to the first chart on screen
//   and to the app's own.
// Writes target/bench/load.json and prints the runs and medians. Not a pass/fail test.
// Usage: node tests/bench/load.mjs [runs] [throttled runs]
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, launch, launchProfile, serve, waitForFirstChart as firstChart } from '../e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 7);
const throttledRuns = Number(process.argv[3] ?? 3);
/** A slow 4G phone, as Chromium's DevTools network conditions (bytes per second). */
const SLOW_PHONE = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The prerendered first view's chart drawn (on a first visit to the landing page). */
const FIRST_VIEW_MARK = 'rotlab:first-view-chart';

/**
 * Waits for the app's own first chart and resolves to both times (ms from navigation): the
 * first chart on screen (the prerendered view's, or the app's when there was none) and the app's.
 */
async function firstCharts(page, timeout) {
  const app = await firstChart(page, timeout);
  const prerendered = await page.evaluate((name) => performance.getEntriesByName(name)[0]?.startTime ?? null, FIRST_VIEW_MARK);
  return { screen: prerendered !== null && prerendered < app ? prerendered : app, app };
}

const server = await serve();
const browser = await launch();
const cold = [];
const coldApp = [];
const transferred = { files: 0, raw: 0, gzip: 0, by_type: {}, first_chart: { files: 0, raw: 0, gzip: 0, names: [] } };
try {
  for (let i = 0; i < runs; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const bodies = [];
    if (i === 0) {
      page.on('response', (res) => bodies.push(res.body().then((b) => [res.url(), b]).catch(() => null)));
    }
    await page.goto(server.url);
    const times = await firstCharts(page);
    cold.push(times.screen);
    coldApp.push(times.app);
    if (i === 0) {
      await page.waitForLoadState('networkidle');
      // The responses complete when the first chart on screen was drawn, and the page itself
      // (its address without the view the app has written since).
      const needed = new Set(await page.evaluate((at) => [
        location.href.split('#')[0],
        ...performance.getEntriesByType('resource').filter((r) => r.responseEnd <= at).map((r) => r.name),
      ], times.screen));
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
        if (needed.has(url)) {
          const f = transferred.first_chart;
          f.files += 1;
          f.raw += body.length;
          f.gzip += gz;
          f.names.push(new URL(url).pathname.split('/').pop() || 'index.html');
        }
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}

// A slow phone: every run a new context (empty cache), the files gzip-encoded by the server.
const throttled = [];
const throttledApp = [];
const gzipServer = await serve(undefined, '/', { gzip: true });
const slowBrowser = await launch();
try {
  for (let i = 0; i < throttledRuns; i += 1) {
    const context = await slowBrowser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_PHONE);
    await page.goto(gzipServer.url, { timeout: 120_000 });
    const times = await firstCharts(page);
    throttled.push(times.screen);
    throttledApp.push(times.app);
    await context.close();
  }
} finally {
  await slowBrowser.close();
  await gzipServer.close();
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
  cold_app_first_chart_ms: { median: median(coldApp), runs: coldApp },
  warm_first_chart_ms: { median: median(warm), runs: warm },
  slow_phone_first_chart_ms: { median: median(throttled), runs: throttled, network: SLOW_PHONE },
  slow_phone_app_first_chart_ms: { median: median(throttledApp), runs: throttledApp, network: SLOW_PHONE },
  transferred,
};
await mkdir(join(ROOT, 'target', 'bench'), { recursive: true });
await writeFile(join(ROOT, 'target', 'bench', 'load.json'), JSON.stringify(result, null, 2));
const list = (xs) => xs.map((t) => t.toFixed(0)).join(', ');
console.log(`cold load, first chart on screen (ms): ${list(cold)}; median ${median(cold).toFixed(0)}`);
console.log(`cold load, the app's own first chart, interactive (ms): ${list(coldApp)}; median ${median(coldApp).toFixed(0)}`);
console.log(`warm load (service worker), first chart drawn (ms): ${list(warm)}; median ${median(warm).toFixed(0)}`);
console.log(
  `slow phone (1.6 Mbps, 150 ms round trips, gzip), first chart on screen (ms): ${list(throttled)}; median ${median(throttled).toFixed(0)}`,
);
console.log(
  `slow phone, the app's own first chart, interactive (ms): ${list(throttledApp)}; median ${median(throttledApp).toFixed(0)}`,
);
for (const [type, t] of Object.entries(transferred.by_type).sort((a, b) => b[1].gzip - a[1].gzip)) {
  console.log(`  ${type.padEnd(5)} ${String(t.files).padStart(3)} files ${(t.raw / 1e3).toFixed(0).padStart(6)} kB raw ${(t.gzip / 1e3).toFixed(0).padStart(6)} kB gzip`);
}
const f = transferred.first_chart;
console.log(`transferred for the first chart on screen: ${f.files} files, ${(f.raw / 1e3).toFixed(0)} kB raw, ${(f.gzip / 1e3).toFixed(0)} kB gzip -9 (${f.names.join(', ')})`);
console.log(
  `transferred on a cold load: ${transferred.files} files, ${(transferred.raw / 1e6).toFixed(2)} MB raw, ${(transferred.gzip / 1e6).toFixed(2)} MB gzip -9`,
);
