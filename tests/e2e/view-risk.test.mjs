// End-to-end: the risk view on the built-in sample (release build, system Chromium).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPng, canvasInk, chartOption, csvLines, download, openView, screenshots, tableColumn, tableText, useBrowser, waitForFirstChart, waitForTableChange } from './harness.mjs';

const DRAWDOWN = '.chart--drawdown';
const HEATMAP = '.chart--heatmap';

async function openRisk(session) {
  const opened = await openView(session, 'risk', 'table.risk-stats tbody tr');
  await waitForFirstChart(opened.page);
  return opened;
}

/** One column of the statistics table, keyed by symbol. */
const statsColumn = (page, label) => tableColumn(page, 'table.risk-stats', label);

describe('risk view on the built-in sample', () => {
  const session = useBrowser();

  test('draws the underwater curves and the heatmap with real values, with no console error', async () => {
    const { context, page, problems } = await openRisk(session);
    await page.waitForTimeout(400);
    assert.ok((await canvasInk(page, `${DRAWDOWN} canvas`)) > 0.02, 'the drawdown chart is blank');
    assert.ok((await canvasInk(page, `${HEATMAP} canvas`)) > 0.05, 'the heatmap is blank');
    const dd = await chartOption(page, DRAWDOWN);
    assert.deepEqual(dd.series.map((s) => s.name), ['AAPL', 'AMD', 'CVX', 'MSFT', 'XOM', 'SP500']);
    const sp = dd.series.find((s) => s.name === 'SP500');
    assert.equal(sp.lineStyle.type, 'dashed');
    // Every point is at or below 0% (the running peak); the S&P 500's deepest point in 2022 is
    // its close of Oct 12 (3577.03) against the Jan 3 peak (4796.56): -25.43%.
    const values = sp.data.map((p) => p[1]).filter((v) => v !== null);
    assert.ok(values.every((v) => v <= 0));
    assert.equal(Math.min(...values), -25.43);
    const table = await statsColumn(page, 'Max drawdown');
    assert.equal(table.SP500, '-25.4%');
    assert.equal((await statsColumn(page, 'Trough')).SP500, '2022-10-12');
    assert.equal((await statsColumn(page, 'Recovery')).SP500, 'not yet');

    const heat = await chartOption(page, HEATMAP);
    assert.equal(heat.series.length, 6);
    heat.series.forEach((s, i) => {
      assert.equal(s.data.length, 6);
      assert.equal(s.data[i][2], 1);
    });
    assert.deepEqual(heat.xAxis[0].data, ['AAPL', 'AMD', 'CVX', 'MSFT', 'XOM', 'SP500']);
    // XOM and CVX moved together in 2022; the tooltip names the pair and counts the returns.
    const xomCvx = heat.series[4].data[2][2];
    assert.ok(xomCvx > 0.8, `XOM/CVX correlation ${xomCvx}`);
    const tip = await page.$eval(HEATMAP, (el) => {
      const chart = window.echarts.getInstanceByDom(el);
      chart.dispatchAction({ type: 'showTip', seriesIndex: 4, dataIndex: 2 });
      return el.innerText;
    });
    assert.match(tip, /CVX/);
    assert.match(tip, /with XOM/);
    assert.match(tip, /Correlation\s+0\.\d{3}/);
    assert.match(tip, /Return pairs\s+2\d\d/);
    assert.match(await page.textContent('.risk-conventions'), /Sharpe = mean\(r - rf\/A\)/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the risk-free rate changes the Sharpe column, and a wrong rate says why', async () => {
    const { context, page } = await openRisk(session);
    const before = await statsColumn(page, 'Sharpe');
    const old = await tableText(page, 'table.risk-stats');
    await page.fill('#risk-free', '4');
    await waitForTableChange(page, 'table.risk-stats', old);
    const after = await statsColumn(page, 'Sharpe');
    for (const symbol of Object.keys(before)) {
      assert.ok(Number(after[symbol]) < Number(before[symbol]), `${symbol}: Sharpe ${before[symbol]} -> ${after[symbol]} at 4%`);
    }
    // Volatility does not depend on the rate.
    const vol = await statsColumn(page, 'Volatility');
    await page.fill('#risk-free', 'abc');
    await page.waitForSelector('[role="alert"]:has-text("not a number")');
    assert.equal(await page.getAttribute('#risk-free', 'aria-invalid'), 'true');
    assert.deepEqual(await statsColumn(page, 'Sharpe'), after);
    assert.deepEqual(await statsColumn(page, 'Volatility'), vol);
    await context.close();
  });

  test('computed off the page: a rate typed key by key keeps the field, and a slow answer shows its progress', async () => {
    const { context, page, problems } = await openRisk(session);
    let old = await tableText(page, 'table.risk-stats');
    await page.fill('#risk-free', '4');
    await waitForTableChange(page, 'table.risk-stats', old);
    const at4 = await statsColumn(page, 'Sharpe');
    // The test build can make the compute worker take 700 ms over each answer.
    await page.evaluate(() => window.wasmBindings.rotlab_test_compute_delay(700));
    old = await tableText(page, 'table.risk-stats');
    // What the progress state says while the answers are slow, sampled every 20 ms.
    await page.evaluate(() => {
      window.__progress = new Set();
      window.__poll = setInterval(() => {
        if (!document.querySelector('.computing .computing__bar')) return;
        const busy = document.querySelector('.computed')?.getAttribute('aria-busy');
        window.__progress.add(`${document.querySelector('.computing').textContent} busy=${busy}`);
      }, 20);
    });
    // Keys 800 ms apart: the 4% answer comes between "4." and "5", while the field has focus.
    await page.fill('#risk-free', '');
    await page.locator('#risk-free').pressSequentially('4.5', { delay: 800 });
    await waitForTableChange(page, 'table.risk-stats', old);
    await page.waitForFunction(() => document.querySelector('.computed').getAttribute('aria-busy') === 'false');
    // Past 100 ms the view said it was computing, and the results shown were marked busy.
    const progress = await page.evaluate(() => {
      clearInterval(window.__poll);
      return [...window.__progress];
    });
    assert.deepEqual(progress, ['Computing risk… busy=true']);
    // An answer came while the rate was typed: the field kept its focus and its text (only the
    // table is drawn again for a new rate), and the table is at 4.5%, the last rate typed.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'risk-free');
    assert.equal(await page.inputValue('#risk-free'), '4.5');
    const at45 = await statsColumn(page, 'Sharpe');
    for (const symbol of Object.keys(at4)) {
      assert.ok(Number(at45[symbol]) < Number(at4[symbol]), `${symbol}: Sharpe ${at4[symbol]} at 4% -> ${at45[symbol]} at 4.5%`);
    }
    await page.evaluate(() => window.wasmBindings.rotlab_test_compute_delay(0));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('PNG and CSV exports hold the chart and the numbers', async () => {
    const { context, page } = await openRisk(session);
    const png = await download(page, `.chart-frame:has(${DRAWDOWN}) .tool-button--png`);
    assertPng(png, { minBytes: 10_000 });
    const csv = await download(page, '.table-block:has(table.risk-stats) .tool-button--csv');
    const lines = csvLines(csv.bytes);
    assert.equal(
      lines[0],
      'Symbol,Total return,CAGR,Volatility,Sharpe,Sortino,Max drawdown,Peak,Trough,Recovery,Returns,Periods/yr,First,Last',
    );
    const sp = lines.find((l) => l.startsWith('SP500,')).split(',');
    // 3783.22 / 4766.18 - 1 = -20.62%, full precision in the file; 250 daily returns.
    assert.match(sp[1], /^-20\.62\d+$/);
    assert.equal(sp[7], '2022-01-03');
    assert.equal(sp[11], '252');
    const corr = await download(page, '.table-block:has(table.risk-corr-table) .tool-button--csv');
    const rows = csvLines(corr.bytes);
    assert.equal(rows[0], 'Symbol,AAPL,AMD,CVX,MSFT,XOM,SP500');
    assert.equal(rows.length, 7);
    assert.equal(rows[3].split(',')[3], '1');
    await context.close();
  });

  test('a symbol without data in the range is named with its span', async () => {
    const { context, page } = await openRisk(session);
    await page.check('#pick-IXIC');
    await page.waitForSelector('.risk-notes');
    assert.match(await page.textContent('.risk-notes'), /IXIC has 0 closes from 2021-12-31 to 2022-12-28 \(its data runs 1999-\d\d-\d\d to 2018-\d\d-\d\d\)/);
    const heat = await chartOption(page, HEATMAP);
    assert.equal(heat.series.length, 6);
    await context.close();
  });

  test('screenshots at 1440 and 390 px', async () => {
    const { context, page, problems } = await openRisk(session);
    await page.waitForTimeout(300);
    const paths = await screenshots(page, 'risk');
    assert.equal(paths.length, 2);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
