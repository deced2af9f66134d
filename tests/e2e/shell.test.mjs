// End-to-end: the dashboard shell. Every view has its own address, the tabs are links that
// work with the keyboard and the back button, the theme follows the system or the user's
// choice, and on a phone the data panel folds away.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chartOption, gotoView, openPage, screenshots, useBrowser, waitForOverview } from './harness.mjs';

const VIEWS = [
  ['overview', 'Overview'],
  ['story-check', 'Story check'],
  ['rotation', 'Rotation'],
  ['relative-strength', 'Relative strength'],
  ['breadth', 'Breadth'],
  ['concentration', 'Concentration'],
  ['rates', 'Rates'],
  ['valuation', 'Valuation'],
  ['risk', 'Risk'],
  ['strategy-lab', 'Strategy lab'],
];

describe('dashboard shell', () => {
  const session = useBrowser();

  test('every view has its own address, reachable by link, by URL and by the back button', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    const tabs = await page.$$eval('.tabs a', (links) => links.map((a) => [a.getAttribute('href'), a.textContent.trim()]));
    assert.deepEqual(tabs, VIEWS.map(([slug, label]) => [`#/${slug}`, label]));
    for (const [slug, label] of VIEWS.slice(1)) {
      await gotoView(page, slug);
      assert.equal(await page.$eval('.tabs a[aria-current="page"]', (a) => a.textContent.trim()), label);
      assert.equal(await page.$eval('.view-head h1', (h) => h.textContent.trim()), label);
    }
    await page.goBack();
    await page.waitForFunction(() => location.hash.startsWith('#/risk'));
    assert.equal(await page.$eval('.view-head h1', (h) => h.textContent.trim()), 'Risk');
    // A fresh page opened on a view's address shows that view.
    const direct = await openPage(session.browser, `${session.server.url}#/breadth`);
    await direct.page.waitForSelector('.view-head h1');
    assert.equal(await direct.page.$eval('.view-head h1', (h) => h.textContent.trim()), 'Breadth');
    assert.deepEqual(direct.problems, []);
    await direct.context.close();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('switching views disposes the old view\'s charts: no ECharts instance outlives its view', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    // Count live ECharts instances: wrap echarts.init and each instance's dispose.
    await context.addInitScript(() => {
      window.__charts = { live: 0, made: 0 };
      // ECharts' UMD build assigns an empty object to window.echarts and fills it later, so
      // init is wrapped on first read.
      let real;
      let wrapped = false;
      Object.defineProperty(window, 'echarts', {
        configurable: true,
        set: (lib) => {
          real = lib;
        },
        get: () => {
          if (!wrapped && real && typeof real.init === 'function') {
            wrapped = true;
            const init = real.init.bind(real);
            real.init = (...args) => {
              const chart = init(...args);
              window.__charts.live += 1;
              window.__charts.made += 1;
              const dispose = chart.dispose.bind(chart);
              chart.dispose = () => {
                window.__charts.live -= 1;
                dispose();
              };
              return chart;
            };
          }
          return real;
        },
      });
    });
    const page = await context.newPage();
    await page.goto(session.server.url);
    await waitForOverview(page);
    await page.waitForTimeout(300);
    const onOverview = await page.evaluate(() => window.__charts.live);
    assert.equal(onOverview, await page.$$eval('.chart', (els) => els.length));
    for (const [slug] of VIEWS.slice(1)) {
      await gotoView(page, slug);
      // A view whose result comes from the compute worker makes its charts when the answer
      // comes: wait (up to 10 s) for as many instances as chart elements, then compare.
      await page
        .waitForFunction(() => window.__charts.live === document.querySelectorAll('.chart').length, null, { timeout: 10_000 })
        .catch(() => {});
      const live = await page.evaluate(() => window.__charts.live);
      assert.equal(live, await page.$$eval('.chart', (els) => els.length), `live charts on ${slug}`);
    }
    await gotoView(page, 'overview');
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.__charts.live), onOverview);
    assert.ok((await page.evaluate(() => window.__charts.made)) > onOverview);
    await context.close();
  });

  test('the skip link moves the focus to the analysis and keeps the view; the title names the view', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    assert.equal(await page.title(), 'Overview \u2013 Rotation Lab');
    await gotoView(page, 'rotation');
    assert.equal(await page.title(), 'Rotation \u2013 Rotation Lab');
    const address = await page.evaluate(() => location.hash);
    // Opened at that address, as from a link: the first Tab reaches the skip link.
    await page.reload();
    await page.waitForSelector('.tabs a[aria-current="page"][data-view="rotation"]');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the analysis');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    // The address (the view and its scenario) is unchanged: still the Rotation view.
    assert.equal(await page.evaluate(() => location.hash), address);
    assert.equal(await page.$eval('.tabs a[aria-current="page"]', (a) => a.dataset.view), 'rotation');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the tabs work from the keyboard with a visible focus ring', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await page.focus('.tabs a[data-view="overview"]');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.dataset.view);
    assert.equal(focused, 'story-check');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.equal(outline, 'solid');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.startsWith('#/story-check'));
    await context.close();
  });

  test('the theme follows the system setting until the user picks one, and the choice is kept', async () => {
    const context = await session.browser.newContext({ colorScheme: 'dark', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await page.goto(session.server.url);
    await waitForOverview(page);
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(dark, 'rgb(15, 21, 29)');
    // The chart's tooltip takes the dark surface.
    const tooltip = (await chartOption(page, '.chart--performance')).tooltip[0].backgroundColor;
    assert.equal(tooltip, '#1f2a37');
    await page.selectOption('.theme-switch select', 'light');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    await page.reload();
    await waitForOverview(page);
    assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(244, 246, 249)');
    await context.close();
  });

  test('the Share panel takes the focus when it opens and gives it back when it closes', async () => {
    const { context, page } = await openPage(session.browser, `${session.server.url}#/rotation`);
    await page.waitForSelector('.view-head h1');
    await page.focus('#share-button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'share-panel');
    assert.equal(await page.getAttribute('#share-button', 'aria-expanded'), 'true');
    // Tab goes on inside the panel; Escape closes it and the focus is back on the button.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement.closest('#share-panel') !== null));
    await page.keyboard.press('Escape');
    await page.waitForSelector('#share-panel', { state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'share-button');
    // Its Close button does the same.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'share-panel');
    await page.click('#share-panel .card__head button');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'share-button');
    await context.close();
  });

  test('on a phone the data panel folds behind a button', async () => {
    const { context, page } = await openPage(session.browser, session.server.url, { width: 390, height: 844 });
    await waitForOverview(page);
    assert.equal(await page.isVisible('#data-panel'), false);
    await page.click('.panel-toggle');
    assert.equal(await page.isVisible('#data-panel'), true);
    assert.equal(await page.getAttribute('.panel-toggle', 'aria-expanded'), 'true');
    // Nothing is wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await page.click('#panel-close');
    await screenshots(page, 'overview');
    await context.close();
  });
});
