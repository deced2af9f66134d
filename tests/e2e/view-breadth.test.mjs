// End-to-end: the Breadth view on the built-in sample (release build, system Chromium).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPng, canvasInk, chartOption, csvLines, download, openView, screenshots, setValue, statStrip as stats, texts, useBrowser, waitForOption } from './harness.mjs';

const CHART = '.chart--participation';
const HIGHS_LOWS = '.chart--highs-lows';

async function openBreadth(session) {
  const opened = await openView(session, 'breadth', `${CHART} canvas`);
  await opened.page.waitForTimeout(400);
  return opened;
}

describe('breadth view on the built-in sample', () => {
  const session = useBrowser();

  test('draws the share of members above their average and up, against the benchmark', async () => {
    const { context, page, problems } = await openBreadth(session);
    const ink = await canvasInk(page, `${CHART} canvas`);
    assert.ok(ink > 0.02, `the participation chart is nearly blank (${(ink * 100).toFixed(2)}% drawn)`);
    assert.ok((await canvasInk(page, `${HIGHS_LOWS} canvas`)) > 0.01, 'the highs/lows chart is blank');
    const option = await chartOption(page, CHART);
    assert.deepEqual(
      option.series.map((s) => s.name),
      ['Above 50-bar average', 'Up over 20 bars', 'SP500'],
    );
    assert.equal(option.yAxis[0].min, 0);
    assert.equal(option.yAxis[0].max, 100);
    assert.equal(option.series[2].yAxisIndex, 1);
    // 2022 to Dec 28: the 20 stocks and 5 factor ETFs. On Dec 28, 11 of the 25 close above
    // their 50-day average; over the range 10 of 25 are up (XOM +85.4% ... AMD -56.9%), from
    // the sample's closes.
    const last = option.series[0].data.at(-1);
    assert.equal(new Date(last[0]).toISOString().slice(0, 10), '2022-12-28');
    assert.equal(last[1], 44);
    const s = await stats(page);
    assert.deepEqual(s['Above 50-bar average'], ['44%', '11 of 25 members on 2022-12-28']);
    assert.equal(s['Up over the range'][0], '40%');
    assert.match(s['Up over the range'][1], /^10 of 25 up, 2021-12-31 to 2022-12-28$/);
    assert.deepEqual(s['Members with data'], ['25 of 25', 'every member has closes in the range']);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the moving average and the members switch change what is drawn', async () => {
    const { context, page } = await openBreadth(session);
    const before = await chartOption(page, CHART);
    await page.selectOption('#breadth-ma', '200');
    await waitForOption(page, CHART, (option) => option.series[0].name === 'Above 200-bar average');
    const after = await chartOption(page, CHART);
    assert.notDeepEqual(after.series[0].data, before.series[0].data);
    assert.match((await stats(page))['Above 200-bar average'][1], / of 25 members on 2022-12-28$/);

    // Ticked symbols: XOM CVX MSFT AAPL AMD (SP500 is the benchmark, not a member).
    await page.getByRole('button', { name: /^Ticked symbols/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.breadth-members tbody tr').length === 5);
    const symbols = (await texts(page, 'table.breadth-members tbody th')).sort();
    assert.deepEqual(symbols, ['AAPL', 'AMD', 'CVX', 'MSFT', 'XOM']);
    assert.match(await page.textContent('.stat-strip + p'), /SP500 \(the benchmark: drawn for comparison, not counted\)/);
    // Two of the five were up over 2022: XOM and CVX.
    assert.equal((await stats(page))['Up over the range'][0], '40%');
    const ticked = await chartOption(page, CHART);
    assert.notDeepEqual(ticked.series[1].data, after.series[1].data);
    await context.close();
  });

  test('PNG and CSV exports hold the chart and the members table', async () => {
    const { context, page } = await openBreadth(session);
    const png = await download(page, `.chart-frame:has(${CHART}) .tool-button--png`);
    assertPng(png, { minWidth: 400 });

    const csv = await download(page, '.table-block:has(table.breadth-members) .tool-button--csv');
    assert.match(csv.name, /\.csv$/);
    const lines = csvLines(csv.bytes);
    assert.equal(
      lines[0],
      'Symbol,Return,Above 50-bar avg,From avg,Close,50-bar avg,252-bar high/low,Bars',
    );
    assert.equal(lines.length, 26);
    // Sorted by return, largest first: XOM, 57.525 on Dec 30 2021 to 106.627 on Dec 28 2022.
    const xom = lines[1].split(',');
    assert.equal(xom[0], 'XOM');
    assert.equal(Number(xom[1]).toFixed(3), '85.358');
    assert.equal(xom[4], '106.627');
    assert.equal(lines.at(-1).split(',')[0], 'AMD');
    await context.close();
  });

  test('empty states: too little history for the average, and no data in the range', async () => {
    const { context, page } = await openBreadth(session);
    await page.selectOption('#breadth-ma', '200');
    await setValue(page, '#breadth-to', '1990-03-30');
    await setValue(page, '#breadth-from', '1990-01-02');
    await page.waitForSelector('text=The 200-bar average needs 200 bars of history');
    const notice = await page.textContent('p.notice:has-text("200-bar average")');
    // The sample's stocks start on 1990-01-02: 63 daily closes by March 30.
    assert.match(notice, /by 1990-03-30 the members have at most 63 bars/);

    await setValue(page, '#breadth-from', '1980-01-02');
    await setValue(page, '#breadth-to', '1985-12-31');
    await page.waitForSelector('.breadth-empty');
    assert.match(await page.textContent('.breadth-empty'), /None of the 25 members has a close between 1980-01-02 and 1985-12-31/);
    await context.close();
  });

  test('computed off the page: a slow answer shows its progress, and a superseded one is never drawn', async () => {
    const { context, page, problems } = await openBreadth(session);
    // The test build can make the compute worker take 700 ms over each answer.
    await page.evaluate(() => window.wasmBindings.rotlab_test_compute_delay(700));
    const seen = new Set();
    const names = async () => (await chartOption(page, CHART)).series[0].name;
    seen.add(await names());
    await page.selectOption('#breadth-ma', '200');
    // The 200-bar request is with the worker; the 20-bar one supersedes it before its answer.
    await page.waitForTimeout(150);
    await page.selectOption('#breadth-ma', '20');
    // Past 100 ms the view says it is computing, and the results shown are marked busy.
    await page.waitForSelector('.computing .computing__bar');
    assert.equal(await page.textContent('.computing'), 'Computing breadth…');
    assert.equal(await page.getAttribute('.computed', 'aria-busy'), 'true');
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      seen.add(await names());
      if (seen.has('Above 20-bar average')) break;
      await page.waitForTimeout(40);
    }
    assert.deepEqual([...seen], ['Above 50-bar average', 'Above 20-bar average']);
    await page.waitForFunction(() => document.querySelector('.computed').getAttribute('aria-busy') === 'false');
    assert.equal(await page.textContent('.computing'), '');
    assert.match((await stats(page))['Above 20-bar average'][1], / of 25 members on 2022-12-28$/);
    await page.evaluate(() => window.wasmBindings.rotlab_test_compute_delay(0));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('screenshots at 1440 and 390 px', async () => {
    const { context, page, problems } = await openBreadth(session);
    const paths = await screenshots(page, 'breadth');
    assert.equal(paths.length, 2);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
