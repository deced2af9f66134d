// End-to-end: the prerendered first view (scripts/first_view.mjs, public/first-view.js,
// src/platform/first_view.rs). A first visit to the landing page sees the overview of the
// built-in sample before the app's wasm has arrived; the app lifts it once its own first chart
// is drawn. Links, returning visitors and a chosen theme get the app alone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canvasInk, chartOption, openPage, tableColumn, useBrowser, waitForFirstChart, waitForOverview } from './harness.mjs';

const FIRST_VIEW_MARK = 'rotlab:first-view-chart';

/** Holds every request for the app's wasm until the returned function is called. */
async function holdWasm(page) {
  let release;
  const gate = new Promise((resolve) => {
    release = resolve;
  });
  await page.route('**/*_bg.wasm', async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

/** Opens the app on a page whose wasm is held back, in a context made with `options`. */
async function openHeld(session, url, options = {}) {
  const context = await session.browser.newContext({ viewport: { width: 1440, height: 1000 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  const release = await holdWasm(page);
  await page.goto(url);
  return { context, page, release, problems };
}

const waitForMark = (page, name) => page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name);

describe('the prerendered first view', () => {
  const session = useBrowser();

  test('a first visit sees the overview before the app starts, inert, then the app takes over unchanged', async () => {
    const { context, page, release, problems } = await openHeld(session, session.server.url);
    await waitForMark(page, FIRST_VIEW_MARK);
    assert.equal(await page.getAttribute('html', 'data-first-view'), 'shown');
    // The desktop's layout, inert, with the loading status in sight; the phone's is hidden.
    assert.equal(await page.isVisible('.first-view--wide'), true);
    assert.equal(await page.isVisible('.first-view--narrow'), false);
    assert.equal(await page.$eval('.first-view--wide', (el) => el.inert), true);
    assert.equal(await page.textContent('.first-view__status[role="status"]'), 'Starting the lab…');
    // None of the app's ids, which the live app would meet twice.
    assert.equal(await page.$$eval('.first-view [id]', (els) => els.length), 0);
    // The numbers are the sample's: S&P 500 in 2022 to Dec 28, 3783.22 / 4766.18 - 1 = -20.6%.
    const ytd = await tableColumn(page, '.first-view--wide table.returns', 'YTD');
    assert.equal(ytd.SP500, '-20.6%');
    assert.equal(await page.inputValue('.first-view--wide input[type="date"] >> nth=0'), '2021-12-31');
    // The chart is drawn, with the overview's default series.
    const chart = '.first-view--wide .chart--performance';
    const option = await chartOption(page, chart);
    assert.deepEqual(option.series.filter((s) => s.data?.length > 0).map((s) => s.name), ['AAPL', 'AMD', 'CVX', 'MSFT', 'XOM', 'SP500']);
    assert.ok((await canvasInk(page, `${chart} canvas`)) > 0.02, 'the first view chart is blank');
    // The app's wasm is held: nothing of the app has run. The sample was asked for only after
    // the first view's chart was drawn (the network is the chart's first).
    assert.equal(await page.$$eval('.layout', (els) => els.filter((el) => !el.closest('.first-view')).length), 0);
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/sample/')));
    const [mark, sample] = await page.evaluate((name) => [
      performance.getEntriesByName(name)[0].startTime,
      performance.getEntriesByType('resource').find((r) => r.name.includes('/sample/')).startTime,
    ], FIRST_VIEW_MARK);
    assert.ok(sample >= mark, `the sample was fetched at ${sample} ms, before the chart at ${mark} ms`);

    release();
    await waitForFirstChart(page);
    await waitForOverview(page);
    assert.equal(await page.getAttribute('html', 'data-first-view'), null);
    assert.equal(await page.$$eval('.first-view, .first-view__status, [data-first-view-chart]', (els) => els.length), 0);
    assert.deepEqual(await tableColumn(page, 'table.returns', 'YTD'), ytd);
    // Drawn at once under the picture of itself, so the swap shows no motion.
    const app = await chartOption(page, '.chart--performance');
    assert.equal(app.animation, false);
    assert.deepEqual(app.series.map((s) => s.name), option.series.map((s) => s.name));
    assert.deepEqual(app.series[0].data, option.series[0].data);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a phone gets the phone's layout, a dark system the dark theme and chart colours", async () => {
    const { context, page, release, problems } = await openHeld(session, session.server.url, {
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
    });
    await waitForMark(page, FIRST_VIEW_MARK);
    assert.equal(await page.isVisible('.first-view--narrow'), true);
    assert.equal(await page.isVisible('.first-view--wide'), false);
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    // The dark series palette's first colour (src/charts/theme.rs: Okabe-Ito blue lifted).
    const option = await chartOption(page, '.first-view--narrow .chart--performance');
    assert.equal(option.series[0].lineStyle?.color ?? option.series[0].itemStyle?.color ?? option.color[0], '#3a9ad9');
    release();
    await waitForOverview(page);
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a link to a view, and a reader who chose a theme, get the app alone, its files fetched at once', async () => {
    for (const [url, init] of [
      [`${session.server.url}#/breadth`, null],
      [session.server.url, () => {
        if (location.protocol === 'http:') localStorage.setItem('rotation-lab-theme', 'light');
      }],
    ]) {
      const context = await session.browser.newContext({ viewport: { width: 1440, height: 1000 } });
      if (init) await context.addInitScript(init);
      const page = await context.newPage();
      const release = await holdWasm(page);
      await page.goto(url);
      // The first view's script (async) has decided once it has put the preloads of the wasm
      // and the sample in the head, before the app runs (its wasm is held).
      await page.waitForFunction(() => {
        const preloads = [...document.querySelectorAll('head > link[rel="preload"]')].map((l) => l.getAttribute('href'));
        return preloads.some((h) => h.startsWith('sample/')) && preloads.some((h) => h.endsWith('_bg.wasm'));
      });
      assert.equal(await page.getAttribute('html', 'data-first-view'), null, url);
      assert.equal(await page.isVisible('.first-view--wide'), false, url);
      release();
      await waitForFirstChart(page);
      assert.equal(await page.$$eval('.first-view, .first-view__status', (els) => els.length), 0, url);
      const marks = await page.evaluate((n) => performance.getEntriesByName(n).length, FIRST_VIEW_MARK);
      assert.equal(marks, 0, url);
      await context.close();
    }
  });
});
