// End-to-end: an installable app that works offline and updates cleanly. The service worker
// precaches the build (its list and version made by scripts/precache.py after every build).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, ROOT, canvasInk, gotoView, importDataset, launchProfile, openPage, serve, useBrowser, waitForFirstChart, waitForOverview, watch } from './harness.mjs';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'formats');

/** Waits until the service worker controls the page (it claims it on its first activation). */
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
}

describe('installable app that works offline', () => {
  const session = useBrowser();

  test('Chromium finds the manifest, its icons and the service worker: no installability errors', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'rotlab-profile-'));
    const context = await launchProfile(profile);
    const page = await context.newPage();
    const { problems } = watch(page);
    await page.goto(session.server.url);
    await waitForOverview(page);
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, []);
    assert.match(manifest.url, /\/manifest\.webmanifest$/);
    const parsed = JSON.parse(manifest.data);
    assert.equal(parsed.display, 'standalone');
    assert.equal(parsed.start_url, './');
    assert.deepEqual(parsed.icons.map((i) => [i.sizes, i.purpose]).slice(0, 3), [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']]);
    // The whole build is precached: every file the worker lists is in its cache.
    const cached = await page.evaluate(async () => {
      const [name] = (await caches.keys()).filter((k) => k.startsWith('rotation-lab-'));
      return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
    });
    for (const file of ['/', '/index.html', '/echarts.min.js', '/sample/sample.rlds.gz', '/manifest.webmanifest']) {
      assert.ok(cached.includes(file), `${file} is not precached`);
    }
    assert.ok(cached.some((p) => p.endsWith('_bg.wasm')), 'the wasm is not precached');
    assert.deepEqual(problems, []);
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });

  test('a first visit downloads the sample once, through its preload, and registers the service worker after the first chart', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    // When the app asks for the service worker, on the page's clock.
    await context.addInitScript(() => {
      // The script runs in the app's workers too, which have no service workers.
      if (typeof ServiceWorkerContainer === 'undefined') return;
      const register = ServiceWorkerContainer.prototype.register;
      ServiceWorkerContainer.prototype.register = function (...args) {
        window.__registeredAt = performance.now();
        return register.apply(this, args);
      };
    });
    const page = await context.newPage();
    const { problems } = watch(page);
    const samples = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/sample/sample.rlds.gz')) samples.push(request.url());
    });
    await page.goto(session.server.url);
    const firstChart = await waitForFirstChart(page);
    await waitForOverview(page);
    await page.waitForFunction(() => window.__registeredAt !== undefined, null, { timeout: 10_000 });
    const registeredAt = await page.evaluate(() => window.__registeredAt);
    assert.ok(registeredAt >= firstChart, `the service worker was registered at ${registeredAt} ms, before the first chart at ${firstChart} ms`);
    // The app's own fetch of the sample used the preloaded response: one request.
    assert.equal(samples.length, 1, `the sample was requested ${samples.length} times`);
    await controlled(page);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('after one visit the app opens offline, with the sample and a dataset added before', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await controlled(page);
    await importDataset(page, [join(FIXTURES, 'yahoo-spy.csv')], 'Kept offline');
    await page.waitForFunction(() => !document.querySelector('[data-dataset="Kept offline"] .tag--warn'));
    await context.setOffline(true);
    await page.reload();
    await waitForOverview(page);
    // The sample came from the cache: the S&P 500's 2022 return, as on line.
    const ytd = await page.$eval('table.returns', (table) => {
      const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      const row = [...table.querySelectorAll('tbody tr')].find((tr) => tr.children[0].textContent.trim() === 'SP500');
      return row.children[headers.indexOf('YTD')].textContent.trim();
    });
    assert.equal(ytd, '-20.6%');
    await gotoView(page, 'rotation');
    await page.waitForSelector('.chart--rotation canvas');
    await page.waitForTimeout(400);
    assert.ok((await canvasInk(page, '.chart--rotation canvas')) > 0.02);
    // The dataset stored before going offline is there and opens.
    await page.click('[data-dataset="Kept offline"] .dataset__pick');
    await page.waitForFunction(() => document.querySelector('.topbar__status').textContent.startsWith('Kept offline'));
    await context.setOffline(false);
    await context.close();
  });

  test('a new deployment is offered as an update, and the reload brings the new build whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rotlab-deploy-'));
    await cp(DIST, dir, { recursive: true });
    const server = await serve(dir);
    try {
      const { context, page } = await openPage(session.browser, server.url);
      await waitForOverview(page);
      await controlled(page);
      const first = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('rotation-lab-')));
      assert.equal(first.length, 1);
      assert.equal(await page.$('.update-banner'), null);

      // Deploy a second build: a changed page, and the worker rebuilt by the post-build step.
      const index = join(dir, 'index.html');
      await writeFile(index, (await readFile(index, 'utf8')).replace('<head>', '<head><meta name="build" content="second" />'));
      execFileSync('python3', [join(ROOT, 'scripts', 'precache.py'), dir]);

      // The next visit still runs the first build (served from its cache) and offers the update.
      await page.reload();
      await waitForOverview(page);
      assert.equal(await page.$('meta[name="build"]'), null);
      await page.waitForSelector('.update-banner', { timeout: 30_000 });
      await Promise.all([page.waitForEvent('load'), page.click('.update-banner button')]);
      await waitForOverview(page);
      assert.equal(await page.getAttribute('meta[name="build"]', 'content'), 'second');
      // Only the new build's cache is left.
      const after = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('rotation-lab-')));
      assert.equal(after.length, 1);
      assert.notEqual(after[0], first[0]);
      assert.equal(await page.$('.update-banner'), null);
      await context.close();
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
