// End-to-end: a Parquet file (the 495-symbol S&P 500 wide file written by pyarrow, from
// shared/data) is imported like a CSV: previewed as Parquet, added, and its numbers match the
// CSV export of the same data; a Parquet file this build cannot read is refused with a message
// and nothing stored is lost.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SHARED, addDataset, openPage, previewFiles, readColumn, setValue, tableColumn, texts, useBrowser, waitForOverview } from './harness.mjs';

const PARQUET = join(SHARED, 'large', 'sp500-adjclose-2022-2026.parquet');
const CSV = join(SHARED, 'large', 'sp500-adjclose-2022-2026.csv');
const ZSTD = join(ROOT, 'tests', 'fixtures', 'parquet', 'polars-wide-zstd.parquet');

/** The return from the close of `from` to the close of `to`, as the returns table shows it. */
function shown(closes, from, to) {
  const r = (closes.get(to) / closes.get(from) - 1) * 100;
  return `${r >= 0 ? '+' : ''}${r.toFixed(1)}%`;
}

describe('Parquet import', () => {
  const session = useBrowser();

  test('a wide Parquet file from pyarrow is previewed, added, and agrees with its CSV export', async () => {
    assert.ok(existsSync(PARQUET), `${PARQUET} is missing`);
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await previewFiles(page, PARQUET);
    const facts = await page.$eval('.preview-facts', (e) => e.textContent);
    assert.match(facts, /Parquet, 900 rows in \d+ row groups?, SNAPPY/);
    const symbols = await texts(page, '.preview-symbols tbody th');
    assert.equal(symbols.length, 495);
    assert.ok(symbols.includes('SPY') && symbols.includes('QQQ') && symbols.includes('NVDA'));
    await addDataset(page, 'S&P 500 from Parquet');

    // Q3 2025: base = the close before the range (2025-06-30), end = the 2025-09-30 close.
    // The symbol list shows 100 of 495: its filter finds the others.
    assert.equal(await page.locator('table.symbols tbody tr').count(), 100);
    for (const pick of ['SPY', 'QQQ', 'NVDA']) {
      await page.fill('.symbols-filter input', pick);
      if (!(await page.isChecked(`#pick-${pick}`))) await page.check(`#pick-${pick}`);
    }
    await setValue(page, '#range-from', '2025-07-01');
    await setValue(page, '#range-to', '2025-09-30');
    await page.waitForFunction(() => document.querySelector('table.returns caption')?.textContent.includes('2025-09-30'));
    await page.locator('.returns-block').getByRole('button', { name: 'Show all 495' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.returns tbody tr').length === 495);
    const range = await tableColumn(page, 'table.returns', 'Range');
    for (const symbol of ['SPY', 'QQQ', 'NVDA']) {
      assert.equal(range[symbol], shown(readColumn(CSV, symbol), '2025-06-30', '2025-09-30'), symbol);
    }
    // SPY's total return over the quarter, as the data's provenance notes cross-check it.
    assert.equal(range.SPY, '+8.1%');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("Polars' default (Zstd) reads; a truncated Parquet file is refused with what to do, and nothing is lost", async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await previewFiles(page, ZSTD);
    assert.match(await page.$eval('.preview-facts', (e) => e.textContent), /Parquet, \d+ rows in 1 row group, ZSTD/);
    await addDataset(page, 'Polars');
    const cut = join(await mkdtemp(join(tmpdir(), 'rotlab-')), 'cut.parquet');
    const bytes = readFileSync(ZSTD);
    await writeFile(cut, bytes.subarray(0, bytes.length - 100));
    await page.setInputFiles('#file-input', cut);
    await page.waitForSelector('.banner--error');
    const message = await page.$eval('.banner--error', (b) => b.textContent);
    assert.match(message, new RegExp(`cut\\.parquet: the Parquet file is truncated: it has ${bytes.length - 100} bytes and does not end with PAR1`));
    assert.deepEqual(await texts(page, '.dataset .dataset__name'), ['Built-in sample', 'Polars']);
    await context.close();
  });
});
