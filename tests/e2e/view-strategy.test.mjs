// End-to-end: the strategy lab on the built-in sample (release build, system Chromium).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPng, canvasInk, chartOption, csvLines, download, openView, screenshots, tableCells, tableText, useBrowser, waitForFirstChart, waitForOptionChange } from './harness.mjs';

const EQUITY = '.chart--equity';

async function openLab(session) {
  const opened = await openView(session, 'strategy-lab', 'table.trades tbody tr');
  await waitForFirstChart(opened.page);
  return opened;
}

/** The statistics table as {metric: [strategy, benchmark]}. */
async function stats(page) {
  const { rows } = await tableCells(page, 'table.strategy-stats');
  return Object.fromEntries(rows.map(([metric, strategy, benchmark]) => [metric, [strategy, benchmark]]));
}

async function equity(page) {
  return (await chartOption(page, EQUITY)).series;
}

/** Names, lengths and last points of the equity chart's series: what a new backtest changes. */
const shape = (option) => option.series.map((s) => [s.name, s.data.length, s.data.at(-1)]);

/** Waits until the equity chart's `shape` differs from that of `series`, read before a change. */
async function equityChanged(page, series) {
  await waitForOptionChange(page, EQUITY, shape, shape({ series }));
}

describe('strategy lab on the built-in sample', () => {
  const session = useBrowser();

  test('backtests the ticked symbols against the benchmark from 100, with no console error', async () => {
    const { context, page, problems } = await openLab(session);
    await page.waitForTimeout(400);
    assert.ok((await canvasInk(page, `${EQUITY} canvas`)) > 0.02, 'the equity chart is blank');
    const series = await equity(page);
    assert.deepEqual(series.map((s) => s.name), ['Top 2 of 6', 'SP500 (buy and hold)', 'Trades']);
    assert.equal(series[0].data[0][1], 100);
    assert.equal(series[1].data[0][1], 100);
    // Bought at the first close of 2022 (the signal of Dec 31, 2021 is traded on Jan 3).
    assert.equal(new Date(series[0].data[0][0]).toISOString().slice(0, 10), '2022-01-03');
    // The S&P 500 from the Jan 3 close (4796.56) to Dec 28 (3783.22): 78.87.
    assert.equal(series[1].data.at(-1)[1], 78.87);
    const s = await stats(page);
    assert.equal(s['Total return'][1], '-21.1%');
    // Momentum moved into energy in 2022: the rule beat the index.
    assert.ok(parseFloat(s['Total return'][0]) > 0, `strategy total return ${s['Total return'][0]}`);
    assert.ok(Number(s.Trades[0]) >= 2);
    const firstTrade = await page.$eval('table.trades tbody tr', (tr) => [...tr.children].map((c) => c.textContent.trim()));
    assert.deepEqual(firstTrade.slice(0, 2), ['2021-12-31', '2022-01-03']);
    assert.match(await page.textContent('.strategy-conventions'), /traded at the next close/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('top N and the lookbacks change the equity curve and the trades', async () => {
    const { context, page } = await openLab(session);
    const before = await equity(page);
    const tradesBefore = await tableText(page, 'table.trades');
    await page.fill('#strategy-top', '1');
    await equityChanged(page, before);
    const top1 = await equity(page);
    assert.equal(top1[0].name, 'Top 1 of 6');
    assert.notEqual(top1[0].data.at(-1)[1], before[0].data.at(-1)[1]);
    const weights = await page.$$eval('table.trades tbody tr td:nth-child(3)', (tds) => tds.map((td) => td.textContent));
    assert.ok(weights.every((w) => /^\w+ 100%$/.test(w)), `one holding at a time: ${weights}`);
    assert.notEqual(await tableText(page, 'table.trades'), tradesBefore);
    await page.fill('#strategy-lookbacks', '1');
    await page.press('#strategy-lookbacks', 'Enter');
    await page.dispatchEvent('#strategy-lookbacks', 'change');
    await equityChanged(page, top1);
    assert.notEqual((await equity(page))[0].data.at(-1)[1], top1[0].data.at(-1)[1]);
    // Costs: 50 bp instead of 10 lowers the result and raises the costs paid.
    const s10 = await stats(page);
    const s10Equity = await equity(page);
    await page.fill('#strategy-cost', '50');
    await equityChanged(page, s10Equity);
    const s50 = await stats(page);
    assert.ok(parseFloat(s50['Costs paid'][0]) > parseFloat(s10['Costs paid'][0]));
    assert.ok(parseFloat(s50['Total return'][0]) < parseFloat(s10['Total return'][0]));
    await context.close();
  });

  test('the factor story and dual momentum tell their stories', async () => {
    const { context, page } = await openLab(session);
    const before = await equity(page);
    await page.getByRole('button', { name: 'Factor ETFs: top 2, 2015–2022' }).click();
    await equityChanged(page, before);
    assert.equal(await page.inputValue('#strategy-universe'), 'MTUM, QUAL, SIZE, USMV, VLUE');
    const f = await stats(page);
    // Top 2 of the five factor ETFs, monthly, 10 bp: ahead of the S&P 500 in CAGR and Sharpe.
    assert.ok(parseFloat(f.CAGR[0]) > parseFloat(f.CAGR[1]), `CAGR ${f.CAGR}`);
    assert.ok(Number(f.Sharpe[0]) > Number(f.Sharpe[1]), `Sharpe ${f.Sharpe}`);
    const dual = await equity(page);
    await page.getByRole('button', { name: 'Dual momentum: S&P 500 or JNJ, 2000–2012' }).click();
    await equityChanged(page, dual);
    const d = await stats(page);
    // It stepped aside in both bear markets: a shallower worst fall than the index's -56.8%.
    assert.equal(d['Max drawdown'][1], '-56.8%');
    assert.ok(parseFloat(d['Max drawdown'][0]) > -45, `max drawdown ${d['Max drawdown'][0]}`);
    const held = await page.$$eval('table.trades tbody tr td:nth-child(3)', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual([...new Set(held)].sort(), ['JNJ 100%', 'SP500 100%']);
    await context.close();
  });

  test('wrong parameters, a missing symbol and too little history say what is wrong', async () => {
    const { context, page } = await openLab(session);
    await page.fill('#strategy-top', '0');
    await page.waitForSelector('#strategy-top-error:has-text("Top N is a whole number from 1")');
    assert.equal(await page.getAttribute('#strategy-top', 'aria-invalid'), 'true');
    await page.waitForSelector('.empty-state:has-text("Check the parameters")');
    await page.fill('#strategy-top', '2');
    await page.fill('#strategy-lookbacks', '3, x');
    await page.dispatchEvent('#strategy-lookbacks', 'change');
    await page.waitForSelector('#strategy-lookbacks-error:has-text("\\"x\\"")');
    await page.fill('#strategy-lookbacks', '1, 3, 6, 12');
    await page.dispatchEvent('#strategy-lookbacks', 'change');
    await page.waitForSelector('table.trades tbody tr');

    await page.fill('#strategy-universe', 'MTUM, QUAL, FOO');
    await page.dispatchEvent('#strategy-universe', 'change');
    await page.waitForSelector('.strategy-notes:has-text("Not in the dataset, left out: FOO.")');
    // The factor ETFs start in 2014: a 120-month lookback has no signal in 2022.
    await page.fill('#strategy-lookbacks', '120');
    await page.dispatchEvent('#strategy-lookbacks', 'change');
    const empty = await page.waitForSelector('.empty-state:has-text("Nothing to backtest")');
    const text = await empty.textContent();
    assert.match(text, /120-month lookback needs 120 months of closes/);
    assert.match(text, /data starts on 201\d-\d\d-\d\d, so the first possible signal is at the end of \w+ 202\d/);
    // Back to the ticked symbols.
    await page.click('text=Use ticked symbols');
    await page.fill('#strategy-lookbacks', '3');
    await page.dispatchEvent('#strategy-lookbacks', 'change');
    await page.waitForSelector('table.trades tbody tr');
    assert.match(await page.inputValue('#strategy-universe'), /XOM/);
    await context.close();
  });

  test('PNG and CSV exports hold the chart, the statistics and the trades', async () => {
    const { context, page } = await openLab(session);
    const png = await download(page, `.chart-frame:has(${EQUITY}) .tool-button--png`);
    assertPng(png);
    const trades = await download(page, '.table-block:has(table.trades) .tool-button--csv');
    const lines = csvLines(trades.bytes);
    assert.equal(lines[0], 'Signal date,Trade date,Weights after,Turnover,Cost (bp)');
    assert.match(lines[1], /^2021-12-31,2022-01-03,"?\w+ 50%, \w+ 50%"?,100\.0000,0$/);
    const table = await download(page, '.table-block:has(table.strategy-stats) .tool-button--csv');
    const rows = csvLines(table.bytes);
    assert.equal(rows[0], 'Metric,Top 2 of 6,SP500');
    assert.match(rows.find((r) => r.startsWith('Total return,')), /^Total return,[\d.]+,-21\.1\d+$/);
    await context.close();
  });

  test('switching to a reallocation and screenshots at 1440 and 390 px', async () => {
    const { context, page, problems } = await openLab(session);
    await page.selectOption('#strategy-kind', 'reallocation');
    await page.waitForSelector('#strategy-fraction');
    await page.waitForFunction(() => document.querySelector('#equity-title')?.textContent.startsWith('Reallocation'));
    const trades = await page.$$eval('table.trades tbody tr', (trs) => trs.length);
    assert.equal(trades, 2);
    await page.selectOption('#strategy-kind', 'top-n');
    await page.waitForFunction(() => document.querySelector('#equity-title')?.textContent.startsWith('Top 2'));
    await page.waitForTimeout(300);
    await screenshots(page, 'strategy');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
