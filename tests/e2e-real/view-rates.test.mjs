// End-to-end, real-data layer (make test-real): the rates view on IWM, QQQ and SPY against the
// daily 10-year yield from ../shared/data, its sensitivity table checked against a computation
// here from the same files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chartOption, download, importDataset, openView, parseCsv, readColumn, shared, useBrowser, yieldSensitivity } from '../e2e/harness.mjs';

const BETA = '.chart--beta';

// The story on real data (never copied into the repository): small caps against the daily
// 10-year yield, sampled daily on the dates both have.
const STORY_FILES = ['IWM', 'QQQ', 'SPY'].map((s) => shared('etf', `${s}.csv`)).concat(shared('rates', 'DGS10.csv'));

describe('rates view on IWM and DGS10', () => {
  const session = useBrowser();

  test('daily sampling on common dates, checked against a computation here', async () => {
    const { context, page, problems } = await openView(session, 'rates', `${BETA} canvas`, (page) => importDataset(page, STORY_FILES, 'Small caps and the 10-year'));
    assert.equal(await page.$eval('#rates-yield', (s) => s.value), 'DGS10');
    assert.equal(await page.$eval('#rates-window', (i) => i.value), '126');
    assert.match(await page.$eval('#rates-sampling-note', (e) => e.textContent), /DGS10 is observed daily, so the view samples daily/);
    const beta = await chartOption(page, BETA);
    // The files hold two of the Q3 2025 story's funds over its quarter: the views follow the
    // story (its symbols in its order, its range).
    assert.deepEqual(beta.series.map((s) => s.name), ['QQQ', 'IWM', 'SPY']);

    const iwm = readColumn(shared('etf', 'IWM.csv'), 'close');
    const dgs10 = readColumn(shared('rates', 'DGS10.csv'), 'DGS10');
    // The one convention (engine::rates::period_sensitivity): the dates both have, from the
    // last one before the range to its end.
    const [from, to] = [await page.$eval('#range-from', (i) => i.value), await page.$eval('#range-to', (i) => i.value)];
    assert.deepEqual([from, to], ['2025-03-31', '2025-12-31']);
    const common = [...iwm.keys()].filter((d) => dgs10.has(d) && d <= to).sort();
    const dates = common.slice(common.findIndex((d) => d >= from) - 1);
    assert.ok(dates[0] < from && dates[1] >= from, `${dates[0]}, ${dates[1]}`);
    const want = yieldSensitivity(iwm, dgs10, dates);
    const csv = await download(page, '.table-block:has(.sensitivity-table) .table-tools .tool-button--csv');
    const row = parseCsv(csv.bytes).find((r) => r[0] === 'IWM');
    assert.equal(Number(row[3]), want.observations);
    assert.ok(Math.abs(Number(row[1]) - want.correlation) < 1e-9, `${row[1]} vs ${want.correlation}`);
    assert.ok(Math.abs(Number(row[2]) - want.beta) < 1e-9, `${row[2]} vs ${want.beta}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
