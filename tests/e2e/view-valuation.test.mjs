// End-to-end: the valuation view. On the built-in sample (no multiples) it explains what it
// needs; with the multiples fixture imported as kind "multiple" (illustrative forward P/Es, see
// tests/fixtures/multiples/README.md) it shows the relative multiple with its percentile band,
// and the percentile and z-score it shows are checked against values computed here.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, addDataset, assertPng, canvasInk, chartOption, download, openView, parseCsv, previewFiles, screenshots, useBrowser, waitForOption } from './harness.mjs';

const FIXTURE = join(ROOT, 'tests', 'fixtures', 'multiples', 'forward-pe.csv');
const CHART = '.chart--valuation';

/** The fixture's rows: [date, small, large]. */
function fixtureRows() {
  const [, ...rows] = parseCsv(readFileSync(FIXTURE));
  return rows.map(([d, s, b]) => [d, Number(s), Number(b)]);
}

/** Percentile (share at or below the latest) and z-score (sample SD) of the latest value. */
function standing(values) {
  const latest = values.at(-1);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return { latest, mean, percentile: values.filter((v) => v <= latest).length / n, zscore: (latest - mean) / sd, n };
}

/** numpy-style linear quantile. */
function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

async function importMultiples(page) {
  await previewFiles(page, FIXTURE);
  // The preview's kind choice: these numbers are valuation multiples, not prices.
  await page.selectOption('#kind-0', 'Multiple');
  await addDataset(page, 'Forward P/E');
}

describe('valuation view', () => {
  const session = useBrowser();

  test('on the built-in sample it says which series it needs and how to load them', async () => {
    const { context, page, problems } = await openView(session, 'valuation', '.valuation-empty .empty-state');
    const text = await page.$eval('.valuation-empty', (e) => e.textContent);
    assert.match(text, /needs two valuation multiples/);
    assert.match(text, /kind "multiple"/);
    assert.match(text, /This dataset has none/);
    assert.match(text, /set "Values are" to "Valuation multiple"/);
    assert.equal(await page.$(CHART), null);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('with two multiples: band, percentile and z-score as computed here, controls and exports', async () => {
    const { context, page, problems } = await openView(session, 'valuation', `${CHART} canvas`, importMultiples);
    await page.waitForTimeout(400);
    assert.ok((await canvasInk(page, `${CHART} canvas`)) > 0.02, 'the valuation chart is drawn');

    const rows = fixtureRows();
    const ratios = rows.map(([, s, b]) => s / b);
    const want = standing(ratios);
    // Shown: the engine's numbers, formatted; and their full precision in data-value.
    const percentile = await page.$eval('#val-percentile', (e) => [e.textContent.trim(), Number(e.dataset.value)]);
    const zscore = await page.$eval('#val-zscore', (e) => [e.textContent.trim(), Number(e.dataset.value)]);
    assert.ok(Math.abs(percentile[1] - want.percentile) < 1e-12, `${percentile[1]} vs ${want.percentile}`);
    assert.equal(percentile[0], `${(want.percentile * 100).toFixed(0)}%`);
    assert.ok(Math.abs(zscore[1] - want.zscore) < 1e-9, `${zscore[1]} vs ${want.zscore}`);
    const sign = want.zscore >= 0 ? '+' : '';
    assert.equal(zscore[0], `${sign}${want.zscore.toFixed(2)}`);
    assert.equal(await page.$eval('#val-latest', (e) => e.textContent.trim()), want.latest.toFixed(3));

    // The chart: the ratio line with the 10th-90th percentile band and the mean.
    let option = await chartOption(page, CHART);
    assert.equal(option.series[0].name, 'SMALL_PE / LARGE_PE');
    assert.equal(option.series[0].data.length, 60);
    const area = option.series[0].markArea.data[0];
    assert.equal(area[0].name, '10th to 90th percentile');
    assert.ok(Math.abs(Number(area[0].yAxis) - quantile(ratios, 0.1)) < 1e-4);
    assert.ok(Math.abs(Number(area[1].yAxis) - quantile(ratios, 0.9)) < 1e-4);
    assert.ok(Math.abs(option.series[0].markLine.data[0].yAxis - want.mean) < 1e-4);
    assert.equal(option.series[1].name, 'Latest');

    // A narrower band redraws the shading.
    await page.selectOption('#val-band', '2');
    await waitForOption(page, CHART, (o) => o.series[0].markArea.data[0][0].name === '25th to 75th percentile');
    option = await chartOption(page, CHART);
    assert.ok(Math.abs(Number(option.series[0].markArea.data[0][0].yAxis) - quantile(ratios, 0.25)) < 1e-4);

    // The chosen range only (2021-12-31 to 2022-12-28: the twelve month ends of 2022).
    await page.click('#val-history-range');
    await waitForOption(page, CHART, (o) => o.series[0].data.length === 12);
    const in2022 = standing(rows.filter(([d]) => d >= '2021-12-31' && d <= '2022-12-28').map(([, s, b]) => s / b));
    const shown = await page.$eval('#val-percentile', (e) => Number(e.dataset.value));
    assert.ok(Math.abs(shown - in2022.percentile) < 1e-12, `${shown} vs ${in2022.percentile}`);
    await page.click('#val-history-all');
    await waitForOption(page, CHART, (o) => o.series[0].data.length === 60);

    // CSV: each multiple and the ratio against its own history.
    const csv = await download(page, '.table-block:has(.valuation-table) .table-tools .tool-button--csv');
    const table = parseCsv(csv.bytes);
    assert.deepEqual(table[0], ['Series', 'Latest date', 'Latest', 'Percentile', 'Z-score', 'Mean', 'Low', 'High', 'Dates']);
    const ratioRow = table.find((r) => r[0] === 'SMALL_PE / LARGE_PE');
    assert.equal(ratioRow[1], '2024-12-31');
    assert.ok(Math.abs(Number(ratioRow[3]) - 100 * want.percentile) < 1e-9);
    assert.ok(Math.abs(Number(ratioRow[4]) - want.zscore) < 1e-9);
    assert.equal(ratioRow[8], '60');
    const small = standing(rows.map(([, s]) => s));
    const smallRow = table.find((r) => r[0] === 'SMALL_PE');
    assert.ok(Math.abs(Number(smallRow[4]) - small.zscore) < 1e-9);

    const png = await download(page, `.chart-frame:has(${CHART}) .chart-tools .tool-button--png`);
    assertPng(png, { minBytes: 1000 });

    // The same multiple twice is refused with a reason.
    await page.selectOption('#val-b', 'SMALL_PE');
    await page.waitForSelector('.empty-state:has-text("Choose two different multiples")');
    await page.selectOption('#val-b', 'LARGE_PE');
    await page.waitForSelector(`${CHART} canvas`);
    await page.waitForTimeout(400);
    await screenshots(page, 'valuation');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
