// End-to-end, real-data layer (make test-real): the 495-symbol S&P 500 wide Parquet file
// written by pyarrow (../shared/data) is imported like a CSV: previewed as Parquet, added, and
// its numbers match the CSV export of the same data.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDataset, shownReturn, openPage, previewFiles, previewSymbols, readColumn, setValue, shared, tableColumn, useBrowser, waitForOverview } from '../e2e/harness.mjs';

const PARQUET = shared('large', 'sp500-adjclose-2022-2026.parquet');
const CSV = shared('large', 'sp500-adjclose-2022-2026.csv');

describe('Parquet import of the real 495-stock file', () => {
  const session = useBrowser();

  test('a wide Parquet file from pyarrow is previewed, added, and agrees with its CSV export', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await previewFiles(page, PARQUET);
    const facts = await page.$eval('.preview-facts', (e) => e.textContent);
    assert.match(facts, /Parquet, 900 rows in \d+ row groups?, SNAPPY/);
    // The preview lists the first 100 series until asked for all 495.
    assert.equal((await previewSymbols(page)).length, 100);
    assert.match(await page.$eval('.preview-symbols caption', (e) => e.textContent), /^495 series found/);
    await page.getByRole('button', { name: 'show all 495' }).click();
    const symbols = await previewSymbols(page);
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
      assert.equal(range[symbol], shownReturn(readColumn(CSV, symbol), '2025-06-30', '2025-09-30'), symbol);
    }
    // SPY's total return over the quarter, as the data's provenance notes cross-check it.
    assert.equal(range.SPY, '+8.1%');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
