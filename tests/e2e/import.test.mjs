// End-to-end: adding data. Two files in different formats are uploaded, previewed and accepted;
// after a reload they are still there (IndexedDB). An ambiguous date order must be chosen.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, addDataset, chartOption, importDataset, importWorkersReady, openPage, previewFiles, previewSymbols, refuseScript, screenshots, texts, useBrowser, waitForImportWorker, waitForOption, waitForOverview } from './harness.mjs';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'formats');

const symbolsInPanel = (page) => texts(page, 'table.symbols tbody .symbol');

/**
 * Serves the import helper's script with a wasm module that cannot start (an empty one, which
 * has none of the exports the script calls), as a browser that fails to start it would.
 */
async function failingHelper(context) {
  await context.route('**/import-helper.js', async (route) => {
    if (route.request().serviceWorker()) return route.continue();
    const response = await route.fetch();
    const script = await response.text();
    const failing = script.replace('module_or_path: first.data.module', 'module_or_path: new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))');
    assert.notEqual(failing, script, "the helper's script hands the module over as it did");
    return route.fulfill({ response, body: failing });
  });
}

/** Serves the reader worker's script with the byte streams of files taken away. */
async function withoutByteStreams(context) {
  await context.route('**/file-reader.js', async (route) => {
    if (route.request().serviceWorker()) return route.continue();
    const response = await route.fetch();
    return route.fulfill({ response, body: `Blob.prototype.stream = undefined;\n${await response.text()}` });
  });
}

describe('adding data', () => {
  const session = useBrowser();

  test('two files in different formats are previewed, accepted, and survive a reload', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await previewFiles(page, [join(FIXTURES, 'nasdaq-aapl.csv'), join(FIXTURES, 'fred-dgs10.csv')]);
    const facts = await page.$$eval('.preview-file', (files) => files.map((f) => f.querySelector('.preview-facts').textContent));
    assert.match(facts[0], /Nasdaq\.com historical data/);
    assert.match(facts[0], /MM\/DD\/YYYY/);
    assert.match(facts[1], /FRED series/);
    const found = await previewSymbols(page);
    assert.deepEqual(found, ['NASDAQ-AAPL', 'DGS10']);
    await addDataset(page, 'Apple and the 10-year');
    assert.deepEqual(await symbolsInPanel(page), ['NASDAQ-AAPL', 'DGS10']);
    // Wait for the write, then reload: the dataset comes back from IndexedDB.
    await page.waitForFunction(() => !document.querySelector('[data-dataset="Apple and the 10-year"] .tag--warn'));
    await page.waitForTimeout(300);
    await page.reload();
    await page.waitForSelector('[data-dataset="Apple and the 10-year"]');
    await page.click('[data-dataset="Apple and the 10-year"] .dataset__pick');
    // One returns row: the 10-year yield is a yield, not a price.
    await page.waitForFunction(() => document.querySelectorAll('table.returns tbody tr').length === 1);
    assert.deepEqual(await symbolsInPanel(page), ['NASDAQ-AAPL', 'DGS10']);
    const header = await page.$eval('.topbar__status', (e) => e.textContent);
    assert.match(header, /Apple and the 10-year: 2 symbols/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('an ambiguous day/month order must be chosen before the data is added', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await page.setInputFiles('#file-input', join(FIXTURES, 'ambiguous-dates.csv'));
    await page.waitForSelector('.choice--needed');
    const add = page.getByRole('button', { name: 'Add dataset' });
    assert.equal(await add.isDisabled(), true);
    await page.getByLabel('DD/MM/YYYY (day first)').check();
    await page.waitForSelector('.preview-symbols');
    const first = await page.$eval('.preview-symbols tbody td', (td) => td.textContent.trim());
    assert.equal(first, '2024-02-01');
    assert.equal(await add.isDisabled(), false);
    await add.click();
    await page.waitForSelector('[data-dataset="AMBIGUOUS-DATES"].dataset--active');
    // The choice is recorded with the dataset and kept across a reload.
    const note = '[data-dataset="AMBIGUOUS-DATES"] span[title]';
    assert.match(await page.$eval(note, (e) => e.title), /ambiguous-dates\.csv: wide .*, dates DD\/MM\/YYYY \(chosen by you\)/);
    await page.waitForFunction(() => !document.querySelector('[data-dataset="AMBIGUOUS-DATES"] .tag--warn'));
    await page.reload();
    await page.waitForSelector(note);
    assert.match(await page.$eval(note, (e) => e.title), /chosen by you/);
    await context.close();
  });

  test('a bad file is refused with its line and column, and nothing is lost', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    const before = await page.$$eval('.dataset', (els) => els.length);
    await page.setInputFiles('#file-input', join(FIXTURES, 'negative-price.csv'));
    await page.waitForSelector('.import-preview .notice--error');
    const message = await page.$eval('.import-preview .notice--error', (e) => e.textContent);
    assert.match(message, /negative-price\.csv:4:3 \(column QQQ\): a price must be positive, found -1\.5/);
    assert.equal(await page.getByRole('button', { name: 'Add dataset' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.$$eval('.dataset', (els) => els.length), before);
    await page.setInputFiles('#file-input', join(FIXTURES, 'ragged.csv'));
    await page.waitForSelector('.banner--error');
    assert.match(await page.$eval('.banner--error', (e) => e.textContent), /ragged\.csv:5: this row has 2 cells but the header has 3/);
    await context.close();
  });

  test('a big file is read off the page, and Cancel stops it at once', async () => {
    // A long file of 60 MB: 300 symbols x about 8,000 days (the worker takes seconds on it).
    const lines = ['date,symbol,close'];
    const day = (i) => new Date(Date.UTC(1995, 0, 2) + i * 86_400_000).toISOString().slice(0, 10);
    for (let s = 0; s < 300; s += 1) {
      for (let i = 0; i < 8_000; i += 1) lines.push(`${day(i)},S${String(s).padStart(4, '0')},${(100 + (i % 97) * 0.25).toFixed(2)}`);
    }
    const big = join(await mkdtemp(join(tmpdir(), 'rotlab-')), 'big-long.csv');
    await writeFile(big, lines.join('\n'));
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    const before = await page.$$eval('.dataset', (els) => els.length);
    await page.setInputFiles('#file-input', big);
    await page.waitForSelector('.import-progress');
    // While the worker reads, the page answers: the progress card shows its stage and file.
    assert.match(await page.$eval('.import-progress', (e) => e.textContent), /(Loading|Parsing) big-long\.csv/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForSelector('.banner:has-text("Import cancelled")');
    assert.equal(await page.$('.import-progress'), null);
    assert.equal(await page.$('.import-preview'), null);
    assert.equal(await page.$$eval('.dataset', (els) => els.length), before);
    // A new worker reads the next file.
    await previewFiles(page, [join(FIXTURES, 'nasdaq-aapl.csv')]);
    assert.deepEqual(await previewSymbols(page), ['NASDAQ-AAPL']);
    await context.close();
  });

  test('the import worker starts when a file is coming (pointer or keyboard on the drop zone), not before', async () => {
    const workerScripts = (urls) => urls.filter((u) => u.endsWith('/import-worker_loader.js'));
    for (const reach of ['pointer', 'keyboard']) {
      const { context, page } = await openPage(session.browser, session.server.url);
      const started = [];
      page.on('worker', (worker) => started.push(worker.url()));
      await waitForOverview(page);
      // A page nobody reaches for a file on runs no import worker.
      await page.waitForTimeout(300);
      assert.deepEqual(workerScripts(started), [], `${reach}: a worker started before any sign of a file`);
      assert.equal(await importWorkersReady(page), 0);
      if (reach === 'pointer') await page.hover('label[for="file-input"]');
      else await page.focus('#url-input');
      await waitForImportWorker(page, 30_000);
      assert.equal(workerScripts(started).length, 1, `${reach}: ${started.join(', ')}`);
      // The started worker reads the file chosen next: no second one.
      await previewFiles(page, [join(FIXTURES, 'nasdaq-aapl.csv')]);
      assert.deepEqual(await previewSymbols(page), ['NASDAQ-AAPL']);
      assert.equal(workerScripts(started).length, 1);
      assert.equal(await importWorkersReady(page), 1);
      await context.close();
    }
  });

  test('a file of several chunks arrives whole, read ahead by a second worker or not', async () => {
    // 40 symbols x 12,000 days, one symbol after another: 10.6 MB. The import worker reads its
    // first 1 MiB (the rows it learns the layout from), the reader worker (public/file-reader.js)
    // the rest while the worker parses, in chunks of 1 MiB, then twice as much each time up to
    // 8 MiB: here 1, 2, 4 and the last 2.6 MiB. Each symbol's closes rise
    // by 0.01 a day from its own start, so a line lost, doubled or cut where a chunk ends changes
    // a count, a date or a close.
    const DAYS = 12_000;
    const day = (i) => new Date(Date.UTC(1990, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const symbol = (s) => `T${String(s).padStart(3, '0')}`;
    const lines = ['date,symbol,close'];
    for (let s = 0; s < 40; s += 1) {
      for (let i = 0; i < DAYS; i += 1) lines.push(`${day(i)},${symbol(s)},${(10 * (s + 1) + i / 100).toFixed(2)}`);
    }
    const text = lines.join('\n');
    assert.ok(text.length > 8 << 20, 'the file is more than one chunk');
    const file = join(await mkdtemp(join(tmpdir(), 'rotlab-')), 'two-chunks.csv');
    await writeFile(file, text);
    const expected = Array.from({ length: 40 }, (_, s) => [symbol(s), day(0), day(DAYS - 1), String(DAYS)]);
    const rows = (page) => page.$$eval('.preview-symbols tbody tr', (trs) => trs.map((tr) => [tr.querySelector('.symbol-input').value, ...[...tr.querySelectorAll('td.num')].map((td) => td.textContent.trim())]));
    // Added, the overview draws the range shown rebased to 100 ("... from A to B ..."): T000
    // ends highest, at 100 x its close on B / its close on A.
    const index = (date) => (Date.parse(date) - Date.UTC(1990, 0, 1)) / 86_400_000;
    const close = (s, date) => 10 * (s + 1) + index(date) / 100;
    const highest = async (page) => {
      const label = await page.$eval('.chart--performance', (c) => c.getAttribute('aria-label'));
      const [, from, to] = label.match(/from (\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)/);
      return [label.match(/highest (T\d+ [\d.]+)/)[1], `T000 ${((100 * close(0, to)) / close(0, from)).toFixed(2)}`];
    };
    for (const reader of ['read ahead', 'read ahead without byte streams', 'reader worker missing']) {
      const { context, page } = await openPage(session.browser, session.server.url, undefined, {
        allow: [/file-reader\.js/],
      });
      const started = [];
      page.on('worker', (worker) => started.push(worker.url()));
      // Without its reader worker (a browser without workers in workers), the import worker
      // reads the chunks itself.
      const refused = reader === 'reader worker missing' ? await refuseScript(context, 'file-reader.js') : () => 0;
      // A browser whose files give no byte stream: the reader worker reads with FileReaderSync.
      if (reader === 'read ahead without byte streams') await withoutByteStreams(context);
      await waitForOverview(page);
      await previewFiles(page, file);
      assert.deepEqual(await rows(page), expected, reader);
      // The second chunk came from the reader worker, or (without it) from the import worker.
      const ahead = await page.evaluate(() => window.wasmBindings.rotlab_import_worker_timings().ahead);
      if (reader !== 'reader worker missing') {
        assert.ok(started.some((url) => url.endsWith('/file-reader.js')), 'the reader worker ran');
        let chunks = 0;
        for (let left = text.length - (1 << 20), size = 1 << 20; left > 0; left -= size, size = Math.min(2 * size, 8 << 20)) chunks += 1;
        assert.equal(chunks, 4);
        assert.equal(ahead, chunks, 'chunks read ahead');
      } else {
        // The import worker and its helper each start a reader worker when they start.
        assert.ok(refused() >= 1, 'the import worker asked for its reader worker');
        assert.equal(ahead, 0, 'chunks read ahead');
      }
      await addDataset(page, 'Two chunks');
      await page.waitForFunction(() => /highest T/.test(document.querySelector('.chart--performance')?.getAttribute('aria-label')));
      const [shown, computed] = await highest(page);
      assert.equal(shown, computed);
      await context.close();
    }
  });

  test('a file of 32 MiB or more is read in two parts at once and arrives whole, with or without the helper', async () => {
    // 140 symbols x 12,000 days, one symbol after another: 37 MB. The import worker reads up to
    // the first line at or after the middle, its helper (a second import worker) from there on;
    // a symbol's rows run across the middle. Each symbol's closes rise by 0.01 a day from its
    // own start, so a line lost, doubled or cut where the parts meet changes a count, a date or
    // a close.
    const DAYS = 12_000;
    const SYMBOLS = 140;
    const day = (i) => new Date(Date.UTC(1990, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const symbol = (s) => `T${String(s).padStart(3, '0')}`;
    const lines = ['date,symbol,close'];
    for (let s = 0; s < SYMBOLS; s += 1) {
      for (let i = 0; i < DAYS; i += 1) lines.push(`${day(i)},${symbol(s)},${(10 * (s + 1) + i / 100).toFixed(2)}`);
    }
    const text = lines.join('\n');
    assert.ok(text.length >= 32 << 20, 'the file is read in two parts');
    const dir = await mkdtemp(join(tmpdir(), 'rotlab-'));
    const file = join(dir, 'two-parts.csv');
    await writeFile(file, text);
    // One bad close after the middle, 1,000 lines on: its line number counts the first part's
    // lines, which the helper never sees.
    const badLine = Math.floor(lines.length / 2) + 1000;
    const bad = lines.slice();
    bad[badLine - 1] = bad[badLine - 1].replace(/[\d.]+$/, 'abc');
    const badFile = join(dir, 'two-parts-bad.csv');
    await writeFile(badFile, bad.join('\n'));
    const expected = Array.from({ length: SYMBOLS }, (_, s) => [symbol(s), day(0), day(DAYS - 1), String(DAYS)]);
    const rows = (page) => page.$$eval('.preview-symbols tbody tr', (trs) => trs.map((tr) => [tr.querySelector('.symbol-input').value, ...[...tr.querySelectorAll('td.num')].map((td) => td.textContent.trim())]));
    for (const helper of ['helper', 'helper missing', 'helper failing']) {
      const { context, page } = await openPage(session.browser, session.server.url, undefined, {
        allow: [/import-helper\.js/, /import helper/],
      });
      // Without its helper (its script could not load, or its wasm could not start), the import
      // worker says it is ready all the same and reads the file alone.
      const refused = helper === 'helper missing' ? await refuseScript(context, 'import-helper.js') : () => 0;
      if (helper === 'helper failing') await failingHelper(context);
      await waitForOverview(page);
      await previewFiles(page, file);
      await page.getByRole('button', { name: `show all ${SYMBOLS}` }).click();
      await page.waitForFunction((n) => document.querySelectorAll('.preview-symbols tbody tr').length === n, SYMBOLS);
      assert.deepEqual(await rows(page), expected, helper);
      const timings = await page.evaluate(() => window.wasmBindings.rotlab_import_worker_timings());
      if (helper === 'helper') {
        assert.equal(typeof timings.join, 'number', `read in two parts: ${JSON.stringify(timings)}`);
      } else {
        if (helper === 'helper missing') assert.equal(refused(), 1, 'the import worker asked for its helper');
        assert.equal(timings.join, undefined, `read alone: ${JSON.stringify(timings)}`);
      }
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.setInputFiles('#file-input', badFile);
      const banner = await page.waitForSelector('.banner--error');
      assert.match(await banner.textContent(), new RegExp(`two-parts-bad\\.csv:${badLine}:3 \\(column close\\): expected a number`), helper);
      await context.close();
    }
  });

  test('the alignment report lists carried-forward dates', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await page.waitForSelector('table.alignment');
    // The 2022 story: six sample symbols on one NYSE calendar, nothing filled.
    const filled = () => page.$$eval('table.alignment tbody tr', (trs) => trs.map((tr) => [tr.children[0].textContent.trim(), (tr.children[2].querySelector('summary') ?? tr.children[2]).textContent.trim()]));
    assert.deepEqual((await filled()).map((r) => r[1]), ['0', '0', '0', '0', '0', '0']);
    // wide.csv has no IWM close on 2025-08-07: on the union calendar it is carried forward.
    await previewFiles(page, join(FIXTURES, 'wide.csv'));
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('[data-dataset="WIDE"].dataset--active');
    await page.waitForFunction(() => document.querySelectorAll('table.alignment tbody tr').length === 3);
    assert.deepEqual(await filled(), [['SPY', '0'], ['QQQ', '0'], ['IWM', '1']]);
    await page.click('table.alignment tbody tr:last-child summary');
    assert.match(await page.$eval('table.alignment tbody tr:last-child .dates-list', (e) => e.textContent), /2025-08-07/);
    // Only shared dates: the gap is no longer filled; IWM's missing day is dropped for all.
    await page.selectOption('#align-calendar', 'intersection');
    await page.waitForFunction(() => document.querySelector('table.alignment tbody tr:first-child').children[3].querySelector('summary')?.textContent.trim() === '1');
    await page.getByRole('button', { name: 'Weekly' }).click();
    await page.waitForFunction(() => document.querySelector('#alignment-title').parentElement.textContent.includes('last close of each ISO week'));
    await context.close();
  });
});

describe('adding data from a URL or by dropping', () => {
  const session = useBrowser();

  test('a CSV fetched by URL is previewed; a failed fetch says what to do', async () => {
    const { readFile } = await import('node:fs/promises');
    // The 404 of the failed fetch is provoked on purpose.
    const { context, page } = await openPage(session.browser, session.server.url, undefined, {
      allow: [/HTTP 404: https:\/\/data\.example\.test\/missing\.csv/, /Failed to load resource: the server responded with a status of 404/],
    });
    // Stand-ins for remote servers: one answers with a Stooq file, one with 404.
    const stooq = await readFile(join(FIXTURES, 'stooq-spy.csv'));
    await context.route('https://data.example.test/**', (route) =>
      route.request().url().endsWith('spy.us.csv')
        ? route.fulfill({ status: 200, contentType: 'text/csv', headers: { 'access-control-allow-origin': '*' }, body: stooq })
        : route.fulfill({ status: 404, headers: { 'access-control-allow-origin': '*' }, body: 'no' }),
    );
    await waitForOverview(page);
    await page.fill('#url-input', 'https://data.example.test/q/spy.us.csv');
    await page.getByRole('button', { name: 'Fetch' }).click();
    await page.waitForSelector('.import-preview');
    assert.match(await page.$eval('.preview-facts', (e) => e.textContent), /Stooq/);
    assert.deepEqual(await previewSymbols(page), ['SPY.US']);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.fill('#url-input', 'https://data.example.test/missing.csv');
    await page.getByRole('button', { name: 'Fetch' }).click();
    await page.waitForSelector('.banner--error');
    const message = await page.$eval('.banner--error', (e) => e.textContent);
    assert.match(message, /HTTP 404/);
    // What to do about a 404; the advice for a site that refuses other pages (CORS) is kept
    // for a request that failed, where it applies.
    assert.match(message, /check the address\./);
    assert.doesNotMatch(message, /CORS/);
    await context.close();
  });

  test('a file dropped on the drop zone is read', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    const text = (await (await import('node:fs/promises')).readFile(join(FIXTURES, 'investing-eu.csv'))).toString('base64');
    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'DAX Historical Data.csv', { type: 'text/csv' }));
      const zone = document.querySelector('.dropzone');
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, text);
    await page.waitForSelector('.import-preview');
    assert.match(await page.$eval('.preview-facts', (e) => e.textContent), /Investing\.com download/);
    assert.match(await page.$eval('.preview-facts', (e) => e.textContent), /DD\/MM\/YYYY/);
    assert.deepEqual(await previewSymbols(page), ['DAX']);
    await context.close();
  });
});

describe('stored datasets', () => {
  const session = useBrowser();

  const addFile = (page, file, name) => importDataset(page, join(FIXTURES, file), name);

  test('rename and delete survive a reload', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await addFile(page, 'wide.csv', 'Funds');
    await page.waitForFunction(() => !document.querySelector('[data-dataset="Funds"] .tag--warn'));
    await page.click('[data-dataset="Funds"] >> text=Rename');
    // A name is cleaned as a stored one is read back: the bidi override and the markup's
    // brackets are dropped, the ends trimmed.
    await page.fill('[data-dataset="Funds"] input[name="name"]', '\u202EThree <funds>  ');
    await page.press('[data-dataset="Funds"] input[name="name"]', 'Enter');
    await page.waitForSelector('[data-dataset="Three funds"]');
    await page.waitForTimeout(300);
    await page.reload();
    await page.waitForSelector('[data-dataset="Three funds"]');
    await page.click('[data-dataset="Three funds"] >> text=Delete');
    await page.click('[data-dataset="Three funds"] >> text=Yes, delete');
    await page.waitForFunction(() => !document.querySelector('[data-dataset="Three funds"]'));
    await page.waitForTimeout(300);
    await page.reload();
    await waitForOverview(page);
    assert.equal(await page.$('[data-dataset="Three funds"]'), null);
    await context.close();
  });

  test('a full storage quota gets a clear message and loses nothing stored before', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    // A quota with room for a small dataset but not for a large one (Chromium's DevTools
    // protocol; set before the first write, as the browser caches the quota afterwards).
    const origin = new URL(session.server.url).origin;
    const cdp = await context.newCDPSession(page);
    const { usage } = await page.evaluate(() => navigator.storage.estimate());
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 200_000 });
    await addFile(page, 'tab.tsv', 'Kept');
    await page.waitForFunction(() => !document.querySelector('[data-dataset="Kept"] .tag--warn'));
    // About 4 MB of closes: 40 symbols x 10,000 days.
    let text = 'date,' + Array.from({ length: 40 }, (_, i) => `S${i}`).join(',') + '\n';
    const start = Date.UTC(1990, 0, 1);
    for (let d = 0; d < 10_000; d += 1) {
      const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
      text += day + ',' + Array.from({ length: 40 }, (_, i) => (100 + i + d / 100).toFixed(2)).join(',') + '\n';
    }
    await previewFiles(page, { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    // Added and shown at once; the write that follows fails.
    await addDataset(page, 'Too big');
    await page.waitForSelector('.banner--error');
    const message = await page.$eval('.banner--error', (e) => e.textContent);
    assert.match(message, /storage refused the write|storage is full/);
    assert.match(message, /nothing saved before was lost/);
    // The new dataset is usable for this visit, marked as not saved.
    assert.ok(await page.$('[data-dataset="Too big"] .tag--warn'));
    await page.reload();
    await page.waitForSelector('[data-dataset="Kept"]');
    assert.equal(await page.$('[data-dataset="Too big"]'), null);
    await page.click('[data-dataset="Kept"] .dataset__pick');
    await page.waitForFunction(() => document.querySelectorAll('table.returns tbody tr').length === 2);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await context.close();
  });
});

describe('alignment on a benchmark calendar', () => {
  const session = useBrowser();

  test('the benchmark sets the calendar without being drawn', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await page.selectOption('#align-calendar', 'benchmark');
    await page.selectOption('#align-benchmark', 'IXIC');
    // IXIC's file ends in 2018, so on its calendar the 2022 range has no dates to draw.
    await page.waitForSelector('.notice:has-text("Tick symbols")');
    const chart = (await chartOption(page, '.chart--performance')).series.length;
    assert.equal(chart, 0);
    assert.equal(await page.$('.notice--error'), null);
    await page.getByRole('button', { name: '2000-02: dot-com unwind' }).click();
    await waitForOption(page, '.chart--performance', (option) => option.series.filter((s) => (s.data?.length ?? 0) > 0).length === 7);
    await context.close();
  });
});

describe('a universe of hundreds of symbols', () => {
  const session = useBrowser();

  test('long tables draw their first 100 rows until asked; the symbol list filters', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    // 150 symbols (T000 to T149), daily from 2024-11-01 to 2025-01-29; T<n> gains n/10 % a
    // day, so its return this year is larger the larger n is.
    const symbols = Array.from({ length: 150 }, (_, i) => `T${String(i).padStart(3, '0')}`);
    let text = `date,${symbols.join(',')}\n`;
    for (let d = 0; d < 90; d += 1) {
      const day = new Date(Date.UTC(2024, 10, 1 + d)).toISOString().slice(0, 10);
      text += `${day},${symbols.map((_, i) => (100 * (1 + i / 1000) ** d).toFixed(4)).join(',')}\n`;
    }
    await importDataset(page, { name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(text) }, 'Wide');
    await page.waitForFunction(() => document.querySelectorAll('table.returns tbody tr').length === 100);
    const more = await page.$eval('.returns-block .table-more', (e) => e.textContent);
    assert.match(more, /The first 100 of 150 rows/);
    await screenshots(page, 'wide-universe');
    // Sorting uses every row: the largest return this year first is T149, beyond the first 100.
    assert.equal(await page.$eval('table.returns tbody th', (e) => e.textContent), 'T000');
    await page.click('table.returns thead th:has-text("YTD") button');
    await page.waitForFunction(() => document.querySelector('table.returns tbody th')?.textContent === 'T149');
    await page.locator('.returns-block').getByRole('button', { name: 'Show all 150' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.returns tbody tr').length === 150);
    assert.equal(await page.$('.returns-block .table-more'), null);

    // The symbol list: 100 shown, a filter finds the rest.
    assert.equal((await symbolsInPanel(page)).length, 100);
    await page.fill('.symbols-filter input', 't14');
    await page.waitForFunction(() => document.querySelectorAll('table.symbols tbody tr').length === 10);
    assert.deepEqual(await symbolsInPanel(page), symbols.slice(140, 150));
    await page.check('#pick-T145');
    await page.fill('.symbols-filter input', 'nothing like it');
    await page.waitForSelector('text=No symbol or name contains "nothing like it".');
    await page.fill('.symbols-filter input', '');
    await page.getByRole('button', { name: 'show all 150', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.symbols tbody tr').length === 150);
    assert.equal(await page.isChecked('#pick-T145'), true);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
