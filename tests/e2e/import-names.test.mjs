// End-to-end: files named as their sources name them (tests/fixtures/names/, each in its
// source's real layout) get the right symbols in the import preview; a Nasdaq.com download,
// whose name holds no symbol, waits for one; a symbol in two files must be renamed before
// "Add dataset" works, and the preview says why it waits.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, openPage, previewFiles, previewSymbols, screenshots, texts, useBrowser, waitForOverview } from './harness.mjs';

const NAMES = join(ROOT, 'tests', 'fixtures', 'names');
const symbolsInPanel = (page) => texts(page, 'table.symbols tbody .symbol');
const waitsFor = (page) => texts(page, '.preview-problems li');

/** Types `symbol` into the preview's symbol field labelled `label` and leaves the field. */
async function rename(page, label, symbol) {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(symbol);
  await field.press('Tab');
}

describe('symbols, conflicts and pasted tables', () => {
  const session = useBrowser();

  test('each source is named by its convention, and the preview says where the symbol came from', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await previewFiles(page, ['spy_us_d.csv', '^spx_d.csv', 'S&P 500 Historical Data.csv'].map((n) => join(NAMES, n)));
    await page.waitForFunction(() => document.querySelectorAll('.preview-symbols').length === 3);
    // Stooq's spy_us_d is SPY and ^spx_d is ^SPX; Investing.com's "S&P 500" is suggested as SPX.
    assert.deepEqual(await previewSymbols(page), ['SPY', '^SPX', 'SPX']);
    // The preview takes the focus (and the scroll) when it opens.
    await page.waitForFunction(() => document.activeElement?.classList.contains('import-preview'));
    assert.deepEqual(await texts(page, '.symbol-origin'), [
      'Symbol: from the file name, as Stooq names downloads (symbol_market_interval)',
      'Symbol: from the file name, as Stooq names downloads (symbol_market_interval)',
      'Symbol: suggested from Investing.com\'s name "S&P 500": check it',
    ]);
    await page.fill('#dataset-name', 'Named by source');
    await page.dispatchEvent('#dataset-name', 'change');
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('[data-dataset="Named by source"].dataset--active');
    assert.deepEqual(await symbolsInPanel(page), ['SPY', '^SPX', 'SPX']);
    // Added, the focus goes to the new dataset in the list (not to the page's body).
    await page.waitForFunction(() => document.activeElement?.closest('[data-dataset]')?.dataset.dataset === 'Named by source');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-pressed')), 'true');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a Nasdaq.com download waits for its symbol, with the field focused', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await previewFiles(page, [join(NAMES, 'HistoricalData_1732912345678.csv')]);
    await page.waitForSelector('.preview-symbols');
    const field = page.getByLabel("Symbol (the file's name holds none)", { exact: true });
    await page.waitForFunction(() => document.activeElement?.classList.contains('symbol-input'));
    assert.equal(await field.inputValue(), '');
    assert.equal(await field.getAttribute('placeholder'), 'e.g. QQQ');
    const add = page.getByRole('button', { name: 'Add dataset' });
    assert.equal(await add.isDisabled(), true);
    assert.deepEqual(await waitsFor(page), [
      "HistoricalData_1732912345678.csv needs a symbol: type it in the file's Symbol field.",
    ]);
    assert.match(await page.textContent('.symbol-origin'), /Nasdaq\.com names every download HistoricalData_<number>: type the symbol/);
    await screenshots(page, 'import-needs-symbol');
    // A symbol the rules refuse keeps it waiting, with the reason.
    await rename(page, "Symbol (the file's name holds none)", 'AA<PL');
    assert.deepEqual(await waitsFor(page), [
      'The symbol "AA<PL" in HistoricalData_1732912345678.csv holds the character \'<\', which is not allowed.',
    ]);
    assert.equal(await add.isDisabled(), true);
    await rename(page, "Symbol (the file's name holds none)", 'AAPL');
    await page.waitForFunction(() => !document.querySelector('.preview-problems'));
    assert.equal(await add.isDisabled(), false);
    await add.click();
    await page.waitForSelector('[data-dataset="HistoricalData_1732912345678.csv"].dataset--active');
    assert.deepEqual(await symbolsInPanel(page), ['AAPL']);
    // How the symbol came is kept with the dataset.
    const note = await page.getAttribute('[data-dataset="HistoricalData_1732912345678.csv"] span[title]', 'title');
    assert.match(note, /symbol AAPL given by you \(the file's name holds none\)/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a symbol in two files is marked, and a rename settles it before the click', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    // Stooq's spy_us_d and a second Yahoo download of SPY: both are SPY.
    await previewFiles(page, [join(NAMES, 'spy_us_d.csv'), join(NAMES, 'SPY (1).csv')]);
    await page.waitForFunction(() => document.querySelectorAll('.preview-symbols').length === 2);
    assert.deepEqual(await previewSymbols(page), ['SPY', 'SPY']);
    const add = page.getByRole('button', { name: 'Add dataset' });
    assert.equal(await add.isDisabled(), true);
    assert.equal(await page.$$eval('.preview-problems li', (l) => l.length), 1);
    assert.match(await page.textContent('.preview-problems li'), /^SPY is in spy_us_d\.csv and SPY \(1\)\.csv: keep one file's series, or rename one of them\./);
    assert.equal(await page.textContent('.conflict__overlap'), 'They share no date.');
    assert.deepEqual(await texts(page, '.conflict__choices button'), ["Keep spy_us_d.csv's", "Keep SPY (1).csv's"]);
    // Both rows are marked.
    assert.deepEqual(await page.$$eval('.symbol-input', (f) => f.map((i) => i.getAttribute('aria-invalid'))), ['true', 'true']);
    const fields = page.locator('.preview-symbols .symbol-input');
    await fields.nth(1).fill('SPY_YAHOO');
    await fields.nth(1).press('Tab');
    await page.waitForFunction(() => !document.querySelector('.preview-problems'));
    await page.fill('#dataset-name', 'Two SPY');
    await page.dispatchEvent('#dataset-name', 'change');
    await add.click();
    await page.waitForSelector('[data-dataset="Two SPY"].dataset--active');
    assert.deepEqual(await symbolsInPanel(page), ['SPY', 'SPY_YAHOO']);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('two files that agree where they overlap are merged into one longer series; one that differs can be kept', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    // The case: QQQ.csv, IWM.csv and a wide file that also has IWM (rounded to cents).
    await previewFiles(page, ['QQQ.csv', 'IWM.csv', 'funds.csv'].map((n) => join(NAMES, n)));
    await page.waitForFunction(() => document.querySelectorAll('.preview-symbols').length === 3);
    const add = page.getByRole('button', { name: 'Add dataset' });
    assert.equal(await add.isDisabled(), true);
    const conflict = await page.textContent('.preview-problems li');
    assert.match(conflict, /^IWM is in IWM\.csv and funds\.csv: keep one file's series, or rename one of them\./);
    // 241.610001 against 241.61 and 241.960007 against 241.96: the same within rounding.
    assert.match(conflict, /They agree on all 2 shared dates \(same closes within rounding\)\./);
    await screenshots(page, 'import-conflict');
    await page.getByRole('button', { name: 'Merge into one series' }).click();
    await page.waitForFunction(() => !document.querySelector('.preview-problems'));
    assert.deepEqual(await texts(page, '.preview-settled li'), [
      "IWM: merged into one series (the first file's closes, and the other's on dates the first lacks). Undo",
    ]);
    // Undo brings the conflict back; keeping one file's series settles it too.
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.waitForSelector('.preview-problems');
    await page.getByRole('button', { name: 'Merge into one series' }).click();
    await page.waitForFunction(() => !document.querySelector('.preview-problems'));
    await page.fill('#dataset-name', 'Merged IWM');
    await page.dispatchEvent('#dataset-name', 'change');
    await add.click();
    await page.waitForSelector('[data-dataset="Merged IWM"].dataset--active');
    assert.deepEqual(await symbolsInPanel(page), ['QQQ', 'IWM', 'XLE']);
    // IWM: five closes from IWM.csv (2025-09-24 to 09-30) and three later ones from funds.csv.
    const iwm = await page.$eval('table.symbols tbody', (body) => {
      const row = [...body.querySelectorAll('tr')].find((tr) => tr.querySelector('.symbol').textContent.trim() === 'IWM');
      return row.textContent;
    });
    assert.match(iwm, /2025-09-24/);
    assert.match(iwm, /2025-10-03/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a conflict between closes that differ offers no merge, and keeping one file leaves out the other', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await previewFiles(page, [join(NAMES, 'spy_us_d.csv'), join(NAMES, 'SPY (1).csv')]);
    await page.waitForSelector('.preview-problems');
    assert.equal(await page.getByRole('button', { name: 'Merge into one series' }).count(), 0);
    await page.getByRole('button', { name: "Keep SPY (1).csv's" }).click();
    await page.waitForFunction(() => !document.querySelector('.preview-problems'));
    assert.deepEqual(await texts(page, '.preview-settled li'), ['SPY: keeping the series of SPY (1).csv, leaving out the others. Undo']);
    await page.fill('#dataset-name', 'Kept Yahoo SPY');
    await page.dispatchEvent('#dataset-name', 'change');
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('[data-dataset="Kept Yahoo SPY"].dataset--active');
    assert.deepEqual(await symbolsInPanel(page), ['SPY']);
    // Yahoo's SPY starts 2025-06-30; Stooq's, left out, on 2025-08-01.
    assert.match(await page.textContent('table.symbols tbody tr'), /2025-06-30/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a symbol one file reads as a price and another as a yield offers no merge, however they agree', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    // The same spread twice: a generic file (read as prices) and FRED's (a rate in percent,
    // negative on 2025-10-01). They agree on 2025-09-30; merged as a price, -0.02 could not be.
    await previewFiles(page, [
      { name: 'spread.csv', mimeType: 'text/csv', buffer: Buffer.from('Date,T10Y2Y\n2025-09-29,0.55\n2025-09-30,0.56\n') },
      { name: 'T10Y2Y.csv', mimeType: 'text/csv', buffer: Buffer.from('observation_date,T10Y2Y\n2025-09-30,0.56\n2025-10-01,-0.02\n') },
    ]);
    await page.waitForSelector('.preview-problems');
    assert.match(await page.textContent('.preview-problems li'), /One file reads it as a price, another as a yield %: keep one\./);
    assert.equal(await page.getByRole('button', { name: 'Merge into one series' }).count(), 0);
    await page.getByRole('button', { name: "Keep T10Y2Y.csv's" }).click();
    await page.waitForFunction(() => !document.querySelector('.preview-problems'));
    await page.fill('#dataset-name', 'Spread');
    await page.dispatchEvent('#dataset-name', 'change');
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('[data-dataset="Spread"].dataset--active');
    assert.deepEqual(await symbolsInPanel(page), ['T10Y2Y']);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a table pasted onto the page opens the same preview as a file, with or without a header', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    // As a spreadsheet puts it on the clipboard: tab-separated, CRLF, a header row.
    const paste = (text) =>
      page.evaluate((t) => {
        const data = new DataTransfer();
        data.setData('text/plain', t);
        document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, text);
    await paste('Date\tQQQ\tIWM\r\n2025-09-29\t598.73\t241.61\r\n2025-09-30\t600.37\t241.96\r\n');
    await page.waitForSelector('.preview-symbols');
    assert.deepEqual(await previewSymbols(page), ['QQQ', 'IWM']);
    assert.match(await page.textContent('.preview-file h3'), /Pasted table\.tsv/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForFunction(() => !document.querySelector('.import-preview'));
    // No header, one column of closes: the symbol is asked for.
    await paste('9/29/2025\t241.61\n9/30/2025\t241.96\n10/1/2025\t243.15');
    await page.waitForSelector('.preview-symbols');
    await page.waitForFunction(() => document.activeElement?.classList.contains('symbol-input'));
    assert.match(await page.textContent('.symbol-origin'), /a pasted table with no symbol in its header: type the symbol/);
    assert.equal(await page.getByRole('button', { name: 'Add dataset' }).isDisabled(), true);
    await rename(page, "Symbol (the file's name holds none)", 'IWM');
    await page.waitForFunction(() => !document.querySelector('.preview-problems'));
    await page.fill('#dataset-name', 'Pasted IWM');
    await page.dispatchEvent('#dataset-name', 'change');
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('[data-dataset="Pasted IWM"].dataset--active');
    assert.deepEqual(await symbolsInPanel(page), ['IWM']);
    assert.match(await page.textContent('table.symbols tbody tr'), /2025-09-29[\s\S]*2025-10-01/);
    // Text that is not a table is refused with a notice; a paste into a field stays the field's.
    await paste('IWM went up');
    await page.waitForSelector('.banner--error');
    assert.match(await page.textContent('.banner--error'), /^Pasted table\.tsv: the pasted text is not a table: copy cells from a spreadsheet/);
    // A paste into a field (here the URL box) stays the field's: no new notice, no preview.
    await page.fill('#url-input', '');
    await page.focus('#url-input');
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'Date\tSPY\n2025-09-30\t666.18');
      document.querySelector('#url-input').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.waitForTimeout(300);
    assert.equal(await page.$('.import-preview'), null);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
