// End-to-end: the release build on loopback, in the system Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canvasInk, chartOption, openPage, serve, seriesWithData, setValue, tableColumn, texts, useBrowser, waitForFirstChart, waitForOption, waitForOverview } from './harness.mjs';

// The 28 price and index symbols of the built-in sample, in file order (src/sample.rs); the
// sample's two yields (AAA, BAA) have no returns row.
const SAMPLE_SYMBOLS = [
  'AAPL', 'AMD', 'BAC', 'BBY', 'CVX', 'GE', 'HD', 'JNJ', 'JPM', 'KO', 'LLY', 'MRK', 'MSFT', 'PEP',
  'PFE', 'PG', 'RRC', 'UNH', 'WMT', 'XOM', 'SP500', 'MTUM', 'QUAL', 'SIZE', 'USMV', 'VLUE', 'IXIC', 'GSPC',
];

const CHART = '.chart--performance';

/** The text of one column of the returns table, keyed by symbol. */
const column = (page, label) => tableColumn(page, 'table.returns', label);

/** Names of the series in the performance chart's current ECharts option. */
const chartSeries = (page) => seriesWithData(page, CHART);

describe('overview on the built-in sample', () => {
  const session = useBrowser();

  test('loads with no console error and no failed request, and draws the chart', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await waitForFirstChart(page);
    await page.waitForTimeout(300);
    const ink = await canvasInk(page, `${CHART} canvas`);
    assert.ok(ink > 0.02, `the chart canvas is nearly blank (${(ink * 100).toFixed(2)}% of pixels drawn)`);
    assert.deepEqual(await chartSeries(page), ['AAPL', 'AMD', 'CVX', 'MSFT', 'XOM', 'SP500']);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the returns table shows every sample symbol with the standard periods', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    const symbols = await texts(page, 'table.returns tbody th[scope="row"]');
    assert.deepEqual(symbols, SAMPLE_SYMBOLS);
    const headers = await texts(page, 'table.returns thead th');
    assert.deepEqual(headers, ['Symbol', 'Basis', 'Range', 'QTD', 'YTD', 'Q3 2022', 'Q2 2022', 'Q1 2022', 'Q4 2021', '1Y']);
    // S&P 500 in 2022 to Dec 28: 3783.22 / 4766.18 - 1 = -20.6%, from the sample's closes.
    const ytd = await column(page, 'YTD');
    assert.equal(ytd.SP500, '-20.6%');
    // The Nasdaq Composite file ends in 2018: its 2022 cells say why they are empty.
    const reason = await page.$eval('table.returns tbody tr:last-child td.na', (td) => td.title);
    assert.match(reason, /last close 2018-12-31/);
    await context.close();
  });

  test('changing the date range changes the numbers', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    const before = await column(page, 'Range');
    await setValue(page, '#range-from', '2022-06-30');
    await page.waitForFunction(() => document.querySelector('#range-from').value === '2022-06-30');
    const after = await column(page, 'Range');
    assert.notEqual(after.XOM, before.XOM);
    assert.notEqual(after.SP500, before.SP500);
    // S&P 500 from the June 29 close (base = last close before the range) to Dec 28:
    // 3783.22 / 3818.83 - 1 = -0.93%.
    assert.equal(after.SP500, '-0.9%');

    // A "to" before "from" moves "from" back, keeping the range's 181 days.
    await setValue(page, '#range-to', '2021-12-31');
    await page.waitForFunction(() => document.querySelector('.returns-block').dataset.asOf === '2021-12-31');
    assert.equal(await page.$eval('#range-from', (input) => input.value), '2021-07-03');
    const headers = await texts(page, 'table.returns thead th');
    assert.deepEqual(headers.slice(3, 6), ['QTD', 'YTD', 'Q3 2021']);
    await context.close();
  });

  test('ticking symbols and story presets redraw the chart, with the keyboard too', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await page.uncheck('#pick-AMD');
    await waitForOption(page, CHART, (option) => option.series.filter((s) => (s.data?.length ?? 0) > 0).length === 5);
    assert.ok(!(await chartSeries(page)).includes('AMD'));
    await page.focus('#pick-KO');
    await page.keyboard.press('Space');
    await waitForOption(page, CHART, (option) => option.series.some((s) => s.name === 'KO'));
    await page.getByRole('button', { name: '2000-02: dot-com unwind' }).click();
    await page.waitForFunction(() => document.querySelector('#range-from').value === '2000-03-10');
    assert.deepEqual(await chartSeries(page), ['JNJ', 'MSFT', 'PG', 'WMT', 'XOM', 'IXIC', 'GSPC']);
    const range = await column(page, 'Range');
    // Nasdaq Composite from the 2000-03-09 close (base = last close before the range),
    // 5046.859863, to the 2002-10-09 close, 1114.109985: -77.9%.
    assert.equal(range.IXIC, '-77.9%');
    // The story's quarter: shaded in the chart and given its own returns column.
    const band = (await chartOption(page, CHART)).series.find((s) => s.markArea?.data?.length);
    assert.equal(band.name, 'Q2 2000 (story quarter)');
    assert.equal(band.markArea.data[0][0].xAxis, '2000-04-01T00:00:00Z');
    const quarter = await column(page, 'Q2 2000');
    // Nasdaq Composite: 4572.830078 on 2000-03-31 to 3966.110107 on 2000-06-30.
    assert.equal(quarter.IXIC, '-13.3%');
    assert.equal(await page.getAttribute('.stories button[aria-pressed="true"]', 'aria-pressed'), 'true');
    await context.close();
  });

  test('the chart opens animated with few points, still over 2,000 and when less motion is asked', async () => {
    // A link to the overview: the app alone (a first visit to the bare address sees the
    // prerendered view, under which the app's first chart is drawn still: first-view.test.mjs).
    const { context, page } = await openPage(session.browser, `${session.server.url}#/overview`);
    await waitForFirstChart(page);
    /** The chart's data points (every series' items) and whether it animates. */
    const drawing = async (page) => {
      const option = await chartOption(page, CHART);
      return { points: option.series.reduce((n, s) => n + (s.data?.length ?? 0), 0), animation: option.animation };
    };
    const opened = await drawing(page);
    assert.ok(opened.points > 0 && opened.points <= 2000, `${opened.points} points`);
    // ECharts' default, 'auto': animated.
    assert.equal(opened.animation, 'auto');
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.waitForFunction((s) => {
      const option = window.echarts.getInstanceByDom(document.querySelector(s)).getOption();
      return option.series.reduce((n, x) => n + (x.data?.length ?? 0), 0) > 2000;
    }, CHART);
    assert.equal((await drawing(page)).animation, false);
    await context.close();
    // A reader who asks for less motion: the same opening chart, still.
    const calm = await openPage(session.browser, `${session.server.url}#/overview`);
    await calm.page.emulateMedia({ reducedMotion: 'reduce' });
    await calm.page.reload();
    await waitForFirstChart(calm.page);
    assert.deepEqual(await drawing(calm.page), { points: opened.points, animation: false });
    await calm.context.close();
  });

  test('works from a sub-path of a static host', async () => {
    const nested = await serve(undefined, '/tools/rotation-lab/');
    try {
      const { context, page, problems } = await openPage(session.browser, nested.url);
      await waitForOverview(page);
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      await nested.close();
    }
  });
});
