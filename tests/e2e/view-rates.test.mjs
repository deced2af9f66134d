// End-to-end: the rates view on the built-in sample. The sample's yields (Moody's AAA, BAA) are
// monthly and end in 2018, so the view samples monthly, says so, and offers the common history;
// the sensitivity table and an event window are checked against values computed here from the
// sample's files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPng, canvasInk, chartOption, download, openView, parseCsv, readColumn, sampleFile, screenshots, setValue, useBrowser, waitForOption, waitForOptionChange, yieldSensitivity } from './harness.mjs';

const BETA = '.chart--beta';
const CORR = '.chart--corr';
const EVENTS = '.chart--events';
const ASSETS = ['XOM', 'CVX', 'SP500', 'MSFT', 'AAPL', 'AMD'];

/** The last value of each calendar month, keyed YYYY-MM. */
function monthly(values) {
  const out = new Map();
  for (const [date, value] of values) out.set(date.slice(0, 7), value);
  return out;
}

/** Correlation and beta (% per 100 bp) of monthly returns on monthly yield changes. */
function monthlySensitivity(prices, yields, from, to) {
  const months = [...prices.keys()].filter((m) => m >= from && m <= to && yields.has(m)).sort();
  return yieldSensitivity(prices, yields, months);
}

describe('rates view on the built-in sample', () => {
  const session = useBrowser();

  test('monthly sampling against AAA, the common history, a window change, and exports', async () => {
    const { context, page, problems } = await openView(session, 'rates', '#rates-yield');
    assert.equal(await page.$eval('#rates-yield', (s) => s.value), 'AAA');
    const note = await page.$eval('#rates-sampling-note', (e) => e.textContent);
    assert.match(note, /AAA is observed monthly, so the view samples monthly/);
    // Daily and weekly are disabled: AAA has no daily or weekly values.
    const disabled = await page.$$eval('[aria-labelledby="rates-sampling-label"] button', (bs) => bs.map((b) => b.disabled));
    assert.deepEqual(disabled, [true, true, false]);
    assert.equal(await page.$eval('#rates-window', (i) => i.value), '36');

    // 2022 is after the sample's yields end: the view says so and offers the common history.
    await page.waitForSelector('#rates-use-overlap');
    const empty = await page.$eval('.rates-blocker', (e) => e.textContent);
    assert.match(empty, /No AAA data in the range/);
    assert.match(empty, /AAA has values from 1919-01-01 to 2018-12-01/);
    await page.click('#rates-use-overlap');
    await page.waitForSelector(`${BETA} canvas`);
    assert.equal(await page.$eval('#rates-from', (i) => i.value), '1990-01-31');
    assert.equal(await page.$eval('#rates-to', (i) => i.value), '2018-12-31');
    await page.waitForTimeout(500);
    assert.ok((await canvasInk(page, `${BETA} canvas`)) > 0.02, 'the beta chart is drawn');
    assert.ok((await canvasInk(page, `${CORR} canvas`)) > 0.02, 'the correlation chart is drawn');

    const beta = await chartOption(page, BETA);
    const corr = await chartOption(page, CORR);
    assert.deepEqual(beta.series.map((s) => s.name), ASSETS);
    // The two charts share the time axis; correlation is on -1..1.
    assert.equal(beta.xAxis[0].min, corr.xAxis[0].min);
    assert.equal(beta.xAxis[0].max, corr.xAxis[0].max);
    // Zooming one zooms the other: the two charts are connected.
    await page.$eval(BETA, (el) => window.echarts.getInstanceByDom(el).dispatchAction({ type: 'dataZoom', dataZoomIndex: 0, start: 40, end: 80 }));
    await waitForOption(page, CORR, (option) => option.dataZoom[0].start === 40 && option.dataZoom[0].end === 80);
    assert.equal(corr.yAxis[0].min, -1);
    // 348 monthly bars from January 1990 (the yield goes back to 1919, the S&P 500 to 1990).
    // A window is drawn once it holds 33 of its 36 bars with a return and a yield change: the
    // window ending in month k of 1990-2018 (k from 0) holds k, so the line starts at k = 33.
    const drawn = (option) => option.series[2].data.filter((p) => p[1] !== null).length;
    assert.equal(beta.series[2].data.length, 348);
    assert.equal(drawn(beta), 348 - 33);

    // A shorter window starts the lines earlier: 24 bars need 22.
    await setValue(page, '#rates-window', '24');
    await waitForOption(page, BETA, (option, n) => option.series[2].data.filter((p) => p[1] !== null).length === n, 348 - 22);

    // The sensitivity table against values computed here from the sample's files.
    const csv = await download(page, '.table-block:has(.sensitivity-table) .table-tools .tool-button--csv');
    const rows = parseCsv(csv.bytes);
    assert.deepEqual(rows[0], ['Asset', 'Correlation', 'Beta (% per +100 bp)', 'Observations']);
    const aaa = monthly(readColumn(sampleFile('default.csv.gz'), 'AAA'));
    const sp = monthly(readColumn(sampleFile('sp500_index.csv.gz'), 'SP500'));
    const want = monthlySensitivity(sp, aaa, '1990-01', '2018-12');
    const got = rows.find((r) => r[0] === 'SP500');
    assert.equal(Number(got[3]), want.observations);
    assert.equal(want.observations, 347);
    assert.ok(Math.abs(Number(got[1]) - want.correlation) < 1e-9, `${got[1]} vs ${want.correlation}`);
    assert.ok(Math.abs(Number(got[2]) - want.beta) < 1e-9, `${got[2]} vs ${want.beta}`);

    const png = await download(page, `.chart-frame:has(${BETA}) .chart-tools .tool-button--png`);
    assertPng(png, { minBytes: 1000 });

    // Too little history: a window longer than the data says how many bars it needs.
    await setValue(page, '#rates-window', '400');
    await page.waitForSelector('.rates-blocker');
    const thin = await page.$eval('.rates-blocker', (e) => e.textContent);
    assert.match(thin, /A 400-bar window needs 400 monthly bars with both a return and a yield change up to 2018-12-31; the data has 347/);
    await setValue(page, '#rates-window', '36');
    await page.waitForSelector(`${BETA} canvas`);
    await page.waitForTimeout(300);
    await screenshots(page, 'rates');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('event windows around the 2022 FOMC days, a bad date and a new half-width', async () => {
    const { context, page } = await openView(session, 'rates', `${EVENTS} canvas`);
    const option = await chartOption(page, EVENTS);
    assert.deepEqual(option.series.map((s) => s.name), ['XOM', 'SP500', 'Abnormal (asset - benchmark)']);
    assert.equal(option.xAxis[0].data.length, 8);
    await page.waitForTimeout(300);
    assert.ok((await canvasInk(page, `${EVENTS} canvas`)) > 0.01);

    // 2022-06-15 with two days each side: from the 06-13 close to the 06-17 close.
    const xom = readColumn(sampleFile('sp500_dataset.csv.gz'), 'XOM');
    const sp = readColumn(sampleFile('sp500_index.csv.gz'), 'SP500');
    const csv = await download(page, '.table-block:has(.events-table) .table-tools .tool-button--csv');
    const rows = parseCsv(csv.bytes);
    assert.deepEqual(rows[0], ['Event', 'From close', 'To close', 'Asset', 'Benchmark', 'Abnormal']);
    const june = rows.find((r) => r[0] === '2022-06-15');
    assert.deepEqual(june.slice(1, 3), ['2022-06-13', '2022-06-17']);
    const a = 100 * (xom.get('2022-06-17') / xom.get('2022-06-13') - 1);
    const b = 100 * (sp.get('2022-06-17') / sp.get('2022-06-13') - 1);
    assert.ok(Math.abs(Number(june[3]) - a) < 1e-5, `${june[3]} vs ${a}`);
    assert.ok(Math.abs(Number(june[4]) - b) < 1e-5);
    assert.ok(Math.abs(Number(june[5]) - (a - b)) < 1e-5);

    // A wider window changes the bars.
    const first = option.series[0].data[3];
    await setValue(page, '#event-half', '5');
    await waitForOptionChange(page, EVENTS, (option) => option.series[0].data[3], first);

    // A date that is not a date is named.
    await setValue(page, '#event-dates', '2022-03-16, 2022-13-01');
    await page.waitForSelector('#event-error');
    assert.match(await page.$eval('#event-error', (e) => e.textContent), /"2022-13-01" is not a date: write each date as YYYY-MM-DD/);
    // Events outside the data are left out, and said to be.
    await setValue(page, '#event-dates', '2022-03-16, 2030-01-02');
    await page.waitForSelector(`${EVENTS} canvas`);
    await page.waitForSelector('.notice--warn:has-text("Left out")');
    assert.match(await page.$eval('.notice--warn:has-text("Left out")', (e) => e.textContent), /2030-01-02/);
    await context.close();
  });
});
