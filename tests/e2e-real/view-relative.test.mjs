// End-to-end, real-data layer (make test-real): the relative-strength view on the story's ETFs
// and rates from ../shared/data.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chartOption, download, importDataset, openView, parseCsv, readColumn, returns, shared, texts, useBrowser, waitForSeries } from '../e2e/harness.mjs';

const RATIO = '.chart--ratio';
const SPREAD = '.chart--spread';

// The rotation story on real ETF data (never copied into the repository): the story presets
// appear, and the cyclicals-against-defensives basket pair is checked against equal-weight
// indices computed here.
const ETFS = ['IWM', 'QQQ', 'SPY', 'XLB', 'XLE', 'XLF', 'XLI', 'XLK', 'XLP', 'XLU', 'XLV', 'XLY'];
const STORY_FILES = [...ETFS.map((s) => shared('etf', `${s}.csv`)), shared('rates', 'DGS10.csv'), shared('rates', 'DFF.csv')];

/** Equal-weight index rebalanced every date, 100 on the first date. */
function basket(members, dates) {
  const rets = members.map((m) => returns(m, dates));
  let level = 100;
  const out = [level];
  for (let t = 1; t < dates.length; t += 1) {
    const r = rets.reduce((sum, rs) => sum + rs[t - 1], 0) / members.length;
    level *= 1 + r;
    out.push(level);
  }
  return out;
}

describe('relative strength on the story ETFs', () => {
  const session = useBrowser();

  test('story presets, the basket pair and the 10-year against fed funds spread', async () => {
    const { context, page, problems } = await openView(session, 'relative-strength', `${RATIO} canvas`, (page) => importDataset(page, STORY_FILES, 'Story ETFs'));
    const presets = await texts(page, '[aria-label="Pair presets"] .chip');
    // RSP is not among the files: its preset is not offered.
    assert.deepEqual(presets, ['IWM / QQQ', 'IWM / SPY', 'XLI / XLK', 'Cyclicals / Defensives']);
    await waitForSeries(page, RATIO, ['IWM / QQQ']);
    await page.getByRole('button', { name: 'Cyclicals / Defensives' }).click();
    await waitForSeries(page, RATIO, ['IWM / QQQ', 'Cyclicals / Defensives']);

    const csv = await download(page, '.table-block:has(.pairs-table) .table-tools .tool-button--csv');
    const row = parseCsv(csv.bytes).find((r) => r[0] === 'Cyclicals / Defensives');
    const load = (s) => readColumn(shared('etf', `${s}.csv`), 'close');
    const cyc = ['XLI', 'XLB', 'XLE', 'XLF', 'XLY'].map(load);
    const def = ['XLP', 'XLU', 'XLV'].map(load);
    // The files hold the Q3 2025 story's funds: the views follow its range.
    const [from, to] = [await page.inputValue('#range-from'), await page.inputValue('#range-to')];
    assert.deepEqual([from, to], ['2025-03-31', '2025-12-31']);
    const dates = [...cyc[0].keys()].filter((d) => d >= from && d <= to && [...cyc, ...def].every((m) => m.has(d))).sort();
    const a = basket(cyc, dates);
    const b = basket(def, dates);
    assert.equal(row[1], dates[0]);
    assert.equal(row[2], dates.at(-1));
    assert.equal(Number(row[3]), 1);
    assert.ok(Math.abs(Number(row[4]) - a.at(-1) / b.at(-1)) < 1e-9, `${row[4]} vs ${a.at(-1) / b.at(-1)}`);
    assert.ok(Math.abs(Number(row[6]) - (a.at(-1) - b.at(-1))) < 1e-9);

    // The spread preset the files allow: the 10-year against fed funds, in points.
    await page.waitForSelector(`${SPREAD} canvas`);
    const spread = await chartOption(page, SPREAD);
    assert.equal(spread.series[0].name, 'DGS10 - DFF');
    const dgs10 = readColumn(shared('rates', 'DGS10.csv'), 'DGS10');
    const dff = readColumn(shared('rates', 'DFF.csv'), 'DFF');
    const last = spread.series[0].data.filter((p) => p[1] !== null).at(-1);
    const day = new Date(last[0]).toISOString().slice(0, 10);
    assert.equal(last[1], Math.round(100 * (dgs10.get(day) - dff.get(day))) / 100);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
