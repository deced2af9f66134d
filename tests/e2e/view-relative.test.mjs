// End-to-end: the relative-strength view on the built-in sample. Pairs from presets and
// pickers, ratio and A% - B% charts, the pairs table checked against the sample's closes, yield
// spreads (BAA - AAA), a missing symbol and too little history.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPng, canvasInk, chartOption, download, openPage, openView, parseCsv, readColumn, sampleFile, screenshots, setValue, texts, useBrowser, waitForSeries } from './harness.mjs';

const RATIO = '.chart--ratio';
const RELPERF = '.chart--relperf';
const SPREAD = '.chart--spread';

describe('relative strength view on the built-in sample', () => {
  const session = useBrowser();

  test('draws the sample preset, reacts to presets and pickers, and exports', async () => {
    const { context, page, problems } = await openView(session, 'relative-strength', `${RATIO} canvas`);
    await waitForSeries(page, RATIO, ['XOM / MSFT']);
    await page.waitForTimeout(400);
    const ink = await canvasInk(page, `${RATIO} canvas`);
    assert.ok(ink > 0.02, `the ratio chart is nearly blank (${(ink * 100).toFixed(2)}%)`);
    assert.ok((await canvasInk(page, `${RELPERF} canvas`)) > 0.02);
    // Only presets whose symbols exist are offered: the story's ETFs are not in the sample.
    const presets = await texts(page, '[aria-label="Pair presets"] .chip');
    assert.deepEqual(presets, ['XOM / MSFT', 'VLUE / MTUM', 'SP500 / IXIC', 'USMV / SP500']);

    // The first point is 100 (the range's first close of both), the relative line starts at 0.
    const ratio = await chartOption(page, RATIO);
    assert.equal(ratio.series[0].data[0][1], 100);
    assert.equal(ratio.series[0].markLine.data[0].yAxis, 100);
    const relperf = await chartOption(page, RELPERF);
    assert.equal(relperf.series[0].data[0][1], 0);

    // A preset adds its pair to both charts; removing a pair takes it out.
    await page.getByRole('button', { name: 'VLUE / MTUM', exact: true }).click();
    await waitForSeries(page, RATIO, ['XOM / MSFT', 'VLUE / MTUM']);
    await waitForSeries(page, RELPERF, ['XOM / MSFT', 'VLUE / MTUM']);
    await page.getByRole('button', { name: 'Remove XOM / MSFT' }).click();
    await waitForSeries(page, RATIO, ['VLUE / MTUM']);
    assert.equal(await page.getAttribute('[aria-label="Pair presets"] .chip:first-child', 'aria-pressed'), 'false');

    // A pair from the pickers, with the keyboard-reachable selects.
    await page.selectOption('#pair-a', 'XOM');
    await page.selectOption('#pair-b', 'MSFT');
    await page.click('#pair-add');
    await waitForSeries(page, RATIO, ['VLUE / MTUM', 'XOM / MSFT']);

    // PNG export of the ratio chart.
    const png = await download(page, `.chart-frame:has(${RATIO}) .chart-tools .tool-button--png`);
    assertPng(png, { minBytes: 1000 });

    // CSV of the pairs table, checked against the sample's closes computed here.
    const csv = await download(page, '.table-block:has(.pairs-table) .table-tools .tool-button--csv');
    assert.match(csv.name, /\.csv$/);
    const rows = parseCsv(csv.bytes);
    assert.deepEqual(rows[0], ['Pair', 'From', 'To', 'Ratio at start', 'Ratio at end', 'Change', 'A% - B% (pp)', 'High', 'Low']);
    const xom = readColumn(sampleFile('sp500_dataset.csv.gz'), 'XOM');
    const msft = readColumn(sampleFile('sp500_dataset.csv.gz'), 'MSFT');
    const row = rows.find((r) => r[0] === 'XOM / MSFT');
    assert.equal(row[1], '2021-12-31');
    assert.equal(row[2], '2022-12-28');
    const start = xom.get('2021-12-31') / msft.get('2021-12-31');
    const end = xom.get('2022-12-28') / msft.get('2022-12-28');
    assert.ok(Math.abs(Number(row[3]) - start) < 1e-12, `${row[3]} vs ${start}`);
    assert.ok(Math.abs(Number(row[4]) - end) < 1e-12, `${row[4]} vs ${end}`);
    // Change in percent (the CSV keeps the percent with 5 decimals).
    assert.ok(Math.abs(Number(row[5]) - 100 * (end / start - 1)) < 1e-4);
    const pp = 100 * (xom.get('2022-12-28') / xom.get('2021-12-31') - msft.get('2022-12-28') / msft.get('2021-12-31'));
    assert.ok(Math.abs(Number(row[6]) - pp) < 1e-9, `${row[6]} vs ${pp}`);
    // The shown table agrees: XOM gained about 163% on MSFT in 2022.
    const shown = await page.$eval('.pairs-table tbody tr[data-key="XOM / MSFT"] td:nth-child(6)', (td) => td.textContent.trim());
    assert.equal(shown, `+${(100 * (end / start - 1)).toFixed(1)}%`);

    assert.deepEqual(problems, []);
    await context.close();
  });

  test('yield spreads: BAA - AAA outside the range, then over its last ten years', async () => {
    // The sample's yields end in 2018: the 2022 range has none, and the view says so.
    const { context, page } = await openView(session, 'relative-strength', '#spread-history');
    const empty = await page.$eval('.card:has(#spread-title) .empty-state', (e) => e.textContent);
    assert.match(empty, /values from 1919-01-01 to 2018-12-01; the range 2021-12-31 to 2022-12-28 has none/);
    await page.click('#spread-history');
    await page.waitForSelector(`${SPREAD} canvas`);
    assert.equal(await page.$eval('#rel-from', (i) => i.value), '2008-12-01');
    assert.equal(await page.$eval('#rel-to', (i) => i.value), '2018-12-01');
    const option = await chartOption(page, SPREAD);
    assert.equal(option.series[0].name, 'BAA - AAA');
    const points = option.series[0].data.filter((p) => p[1] !== null);
    // December 2018: Baa 5.13% - Aaa 4.02% = 1.11 percentage points.
    assert.equal(points.at(-1)[1], 1.11);
    await page.waitForTimeout(400);
    assert.ok((await canvasInk(page, `${SPREAD} canvas`)) > 0.01);
    // The pairs follow the new range: XOM / MSFT from 2008-12-01.
    const rows = await texts(page, '.pairs-table tbody tr td:nth-child(2)');
    assert.deepEqual(rows, ['2008-12-01']);
    await screenshots(page, 'relative');
    await context.close();
  });

  test('a pair with a missing symbol is named, and too little history is explained', async () => {
    // Opened straight on the view's address, with the pairs in it.
    const { context, page } = await openPage(session.browser, `${session.server.url}#/relative-strength?pairs=IWM/QQQ,XOM/MSFT`);
    await page.waitForSelector(`${RATIO} canvas`, { timeout: 30_000 });
    await waitForSeries(page, RATIO, ['XOM / MSFT']);
    const notes = await texts(page, '.relative-controls .notice');
    assert.deepEqual(notes, ['IWM / QQQ is not drawn: IWM, QQQ are not in this dataset.']);
    // One date in the range: no ratio can be drawn, and the view says how many it needs.
    await setValue(page, '#rel-from', '2022-12-28');
    await page.waitForSelector('.empty-state:has-text("No pair to draw")');
    const thin = await texts(page, '.relative-controls .notice');
    assert.ok(thin.includes('XOM / MSFT is not drawn: a ratio needs at least 2 dates in the range with both legs, the range has 1.'), thin.join(' | '));
    await context.close();
  });
});
