// End-to-end, real-data layer (make test-real): the Q3 2025 story checked on the real funds of
// ../shared/data/etf, brought in as the sources name and lay out their downloads. The files are
// written at test time into a temporary folder (never into the repository): QQQ as Stooq's
// qqq_us_d.csv (adjusted closes), IWM as Nasdaq.com's HistoricalData_<digits>.csv (unadjusted
// closes in dollars, newest first), SPY as a second Yahoo download "SPY (1).csv", DGS10 as
// FRED's DGS10.csv. The checklist ticks as each arrives and the claims turn from "not checkable"
// to verdicts; expected values are computed here from the files' own columns.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, openStoryPreset, parseCsv, previewFiles, shared, storyVerdicts, texts, useBrowser, waitForOverview } from '../e2e/harness.mjs';
import { readFileSync } from 'node:fs';

/** The rows of a shared ETF file from 2025 on, as objects keyed by its header. */
function rows(symbol) {
  const [header, ...body] = parseCsv(readFileSync(shared('etf', `${symbol}.csv`)));
  return body.filter((r) => r[0] >= '2025-01-01').map((r) => Object.fromEntries(header.map((h, i) => [h, Number(r[i]) || r[i]])));
}

const us = (iso) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
const pct = (r) => `${r >= 0 ? '+' : ''}${(r * 100).toFixed(2)}%`;
const verdict = (value, stated) => (Math.abs(value - stated) <= 0.005 ? 'Supported' : 'Contradicted');

describe('the Q3 2025 story on real funds, as the sources name them', () => {
  const session = useBrowser();

  test('the checklist fills from Stooq, Nasdaq.com, Yahoo and FRED downloads and the claims get their verdicts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rotlab-sources-'));
    const qqq = rows('QQQ');
    const stooq = join(dir, 'qqq_us_d.csv');
    await writeFile(stooq, ['Date,Open,High,Low,Close,Volume', ...qqq.map((r) => [r.date, r.open, r.high, r.low, r.close, r.volume].join(','))].join('\n'));
    const iwm = rows('IWM');
    const nasdaq = join(dir, 'HistoricalData_1764633600000.csv');
    const dollars = (v) => `$${v.toFixed(2)}`;
    await writeFile(
      nasdaq,
      ['Date,Close/Last,Volume,Open,High,Low', ...[...iwm].reverse().map((r) => {
        const k = r.unadj_close / r.close;
        return [us(r.date), dollars(r.unadj_close), r.volume, dollars(r.open * k), dollars(r.high * k), dollars(r.low * k)].join(',');
      })].join('\n'),
    );
    const yahoo = join(dir, 'SPY (1).csv');
    await copyFile(shared('etf', 'SPY.csv'), yahoo);
    const fred = join(dir, 'DGS10.csv');
    await copyFile(shared('rates', 'DGS10.csv'), fred);

    // Expected, from the files: Stooq's adjusted closes; Nasdaq.com's cents.
    const close = (list, date, key) => list.find((r) => r.date === date)[key];
    const rq = close(qqq, '2025-09-30', 'close') / close(qqq, '2025-06-30', 'close') - 1;
    const cents = (v) => Math.round(v * 100) / 100;
    const ri = cents(close(iwm, '2025-09-30', 'unadj_close')) / cents(close(iwm, '2025-06-30', 'unadj_close')) - 1;

    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await openStoryPreset(page);
    await page.waitForSelector('.story-needs');

    await previewFiles(page, [stooq]);
    assert.deepEqual(await texts(page, '.symbol-origin'), ['Symbol: from the file name, as Stooq names downloads (symbol_market_interval)']);
    await page.fill('#dataset-name', 'Q3 2025 from the sources');
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('[data-dataset="Q3 2025 from the sources"].dataset--active');
    await page.waitForFunction(() => document.querySelector('[data-need="Nasdaq-100"]')?.classList.contains('need--found'));
    let shown = await storyVerdicts(page);
    assert.deepEqual(shown[0], [verdict(rq, 0.114), pct(rq)]);
    assert.equal(shown[1][0], 'Not checkable');

    // Nasdaq.com's IWM: the symbol is typed in the update's preview.
    await page.setInputFiles('[data-dataset="Q3 2025 from the sources"] input[type="file"]', nasdaq);
    await page.waitForSelector('.update-plan');
    const field = page.getByLabel("Symbol (the file's name holds none)", { exact: true });
    await field.fill('IWM');
    await field.press('Tab');
    await page.getByRole('button', { name: 'Update dataset' }).click();
    await page.waitForFunction(() => document.querySelector('[data-need="Russell 2000"]')?.classList.contains('need--found'));
    shown = await storyVerdicts(page);
    assert.deepEqual(shown.slice(0, 3), [
      [verdict(rq, 0.114), pct(rq)],
      [verdict(ri, 0.124), pct(ri)],
      [ri > rq ? 'Supported' : 'Contradicted', `${ri - rq >= 0 ? '+' : ''}${((ri - rq) * 100).toFixed(2)} pp`],
    ]);

    // A second Yahoo download of SPY and FRED's 10-year yield: the rate-sensitivity claim is
    // checked too.
    await page.setInputFiles('[data-dataset="Q3 2025 from the sources"] input[type="file"]', [yahoo, fred]);
    await page.waitForSelector('.update-plan');
    assert.deepEqual(
      (await texts(page, '.update-plan li')).map((l) => l.split(':')[0]),
      ['SPY', 'DGS10'],
    );
    await page.getByRole('button', { name: 'Update dataset' }).click();
    await page.waitForFunction(() => document.querySelector('[data-need="10-year Treasury yield"]')?.classList.contains('need--found'));
    assert.match(await page.textContent('#needs-summary'), /^4 of the 15 series/);
    shown = await storyVerdicts(page);
    assert.notEqual(shown[4][0], 'Not checkable');
    assert.match(shown[4][1], /per 100 bp$/);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
