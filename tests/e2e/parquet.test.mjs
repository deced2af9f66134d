// End-to-end: a Parquet file Polars wrote (Zstd) is imported like a CSV; a Parquet file this
// build cannot read is refused with a message and nothing stored is lost. The 495-symbol file
// from ../shared/data against its CSV export is in tests/e2e-real/parquet.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, addDataset, openPage, previewFiles, texts, useBrowser, waitForOverview } from './harness.mjs';

const ZSTD = join(ROOT, 'tests', 'fixtures', 'parquet', 'polars-wide-zstd.parquet');

describe('Parquet import', () => {
  const session = useBrowser();

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
