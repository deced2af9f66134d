// End-to-end: accessibility. axe-core (from npm, injected into the page) with the WCAG 2.0,
// 2.1 and 2.2 A/AA rules and its best practices finds no violation on any view, at a desktop
// (1440 px) and a phone (390 px) width, in the light and the dark theme, on the built-in
// sample and on an imported dataset; with the data panel open on a phone and with the import
// preview open.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWS, addDataset, axeViolations, gotoView, loadedDatasetFile, openPage, previewFiles, readColumn, sampleFile, useBrowser, waitForOverview } from './harness.mjs';

/**
 * Waits until the view's content has settled (its heading, and no chart still waiting), seen
 * from its top as a user arriving on it: axe's target-size rule counts what the sticky views bar
 * covers at the current scroll, which depends on where the last action left the page.
 */
async function settle(page) {
  await page.waitForSelector('.view-head h1');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(400);
}

/** Audits every view of the page as it is; returns the violations, each prefixed with its place. */
async function auditViews(page, place) {
  const found = [];
  for (const slug of VIEWS) {
    if (slug === 'overview') {
      await page.evaluate(() => (location.hash = '#/overview'));
    } else {
      await gotoView(page, slug);
    }
    await settle(page);
    for (const v of await axeViolations(page)) found.push(`${place} #/${slug}: ${v}`);
  }
  return found;
}

describe('accessibility (axe-core, WCAG 2.2 A/AA and best practice)', () => {
  const session = useBrowser();
  const dataset = loadedDatasetFile();

  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1440, 390]) {
      test(`no violation on any view at ${width} px, ${colorScheme} theme, sample and imported`, async () => {
        const context = await session.browser.newContext({
          viewport: { width, height: width === 390 ? 844 : 1000 },
          colorScheme,
        });
        const page = await context.newPage();
        await page.goto(session.server.url);
        await waitForOverview(page);
        const found = await auditViews(page, `sample ${width} ${colorScheme}`);
        if (width === 390) {
          await page.click('.panel-toggle');
          await page.waitForTimeout(300);
          for (const v of await axeViolations(page)) found.push(`data panel open ${width} ${colorScheme}: ${v}`);
          await page.click('#panel-close');
        }
        await previewFiles(page, [dataset]);
        await page.waitForTimeout(300);
        for (const v of await axeViolations(page)) found.push(`import preview ${width} ${colorScheme}: ${v}`);
        await addDataset(page, 'Funds');
        found.push(...(await auditViews(page, `imported ${width} ${colorScheme}`)));
        assert.deepEqual(found, [], `axe found ${found.length} violations:\n${found.join('\n')}`);
        await context.close();
      });
    }
  }
});

describe('charts for readers who cannot see them', () => {
  const session = useBrowser();

  test('a chart is named by its label and what it shows now, and "Data" shows its values as a table', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    // The Overview's six lines over 2021-12-31 to 2022-12-28, rebased to 100 at the first close
    // in the range, computed here from the sample's files.
    const file = { SP500: 'sp500_index.csv.gz' };
    const symbols = ['AAPL', 'AMD', 'CVX', 'MSFT', 'XOM', 'SP500'];
    const ends = symbols.map((symbol) => {
      const closes = [...readColumn(sampleFile(file[symbol] ?? 'sp500_dataset.csv.gz'), symbol)]
        .filter(([d]) => d >= '2021-12-31' && d <= '2022-12-28')
        .sort(([a], [b]) => a.localeCompare(b));
      const [first, last] = [closes[0], closes[closes.length - 1]];
      return { symbol, first: first[0], last: last[0], value: Math.round((last[1] / first[1]) * 10000) / 100 };
    });
    assert.ok(ends.every((e) => e.first === '2021-12-31' && e.last === '2022-12-28'));
    ends.sort((a, b) => b.value - a.value);
    const shown = (e) => `${e.symbol} ${e.value.toFixed(2)}`;
    const expected =
      'Line chart of performance rebased to 100 for the selected symbols. 6 lines from 2021-12-31 to 2022-12-28 ' +
      `(Rebased, 100 = first close in range); at the end highest ${shown(ends[0])}, ${shown(ends[1])}; lowest ${shown(ends[4])}, ${shown(ends[5])}.`;
    await page.waitForFunction((want) => document.querySelector('.chart--performance')?.getAttribute('aria-label') === want, expected);
    // ECharts' own description (raw data read out) is not there.
    assert.equal(await page.$$eval('.chart--performance [aria-label]', (els) => els.length), 0);

    // "Data": a table of every point, a row per date, a column per line.
    const frame = page.locator('.chart-frame', { has: page.locator('.chart--performance') });
    await frame.getByRole('button', { name: /Show the chart's data/ }).click();
    assert.equal(await frame.getByRole('button', { name: /Show the chart's data/ }).getAttribute('aria-expanded'), 'true');
    const table = frame.locator('.chart-data table');
    assert.deepEqual(await table.locator('thead th').allTextContents(), ['Date', ...symbols]);
    const rows = await table.locator('tbody tr').count();
    assert.equal(await frame.locator('.chart-data p').textContent(), `Every point (${rows}).`);
    const last = await table.locator('tbody tr').last().locator('th, td').allTextContents();
    assert.equal(last[0], '2022-12-28');
    const xom = ends.find((e) => e.symbol === 'XOM');
    assert.equal(last[1 + symbols.indexOf('XOM')], xom.value.toFixed(2));
    // The region scrolls and takes the keyboard focus.
    assert.equal(await frame.locator('.chart-data .table-scroll').getAttribute('tabindex'), '0');
    await context.close();
  });

  test('"Details" shows each cell\'s note in the cell, for touch and keyboard users', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    const returns = page.locator('.returns-block');
    const aapl = returns.locator('tr[data-key="AAPL"] td.heat').first();
    const title = await aapl.getAttribute('title');
    assert.match(title, /^\d+\.\d\d on \d{4}-\d\d-\d\d from \d+\.\d\d on \d{4}-\d\d-\d\d$/);
    assert.equal(await aapl.locator('.cell-note').count(), 0);
    await returns.getByRole('button', { name: 'Details' }).click();
    assert.equal(await returns.getByRole('button', { name: 'Details' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await aapl.locator('.cell-note').textContent(), title);
    await context.close();
  });
});
