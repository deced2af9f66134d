// End-to-end: a dataset brought up to date with a newer download of the same fund. New dates
// are appended; the adjusted closes the newer file rewrote (after a dividend) are counted and
// measured in the preview, and the newer file's are used; a link made before the update still
// opens the dataset and says it was updated. Expected figures are by hand from the fixtures
// (tests/fixtures/names/IWM.csv and "IWM (1).csv").
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, openPage, previewFiles, screenshots, shareLink, texts, useBrowser, waitForOverview } from './harness.mjs';

const NAMES = join(ROOT, 'tests', 'fixtures', 'names');

describe('updating a dataset', () => {
  const session = useBrowser();

  test('newer files extend a dataset, revised closes are said and used, and old links still open it', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await previewFiles(page, [join(NAMES, 'IWM.csv')]);
    await page.fill('#dataset-name', 'Funds');
    await page.dispatchEvent('#dataset-name', 'change');
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('[data-dataset="Funds"].dataset--active');
    await page.waitForFunction(() => !document.querySelector('[data-dataset="Funds"] .tag--warn'));
    const { link } = await shareLink(page);
    await page.keyboard.press('Escape');

    // A month later, a fresh download of the same fund, picked with "Update…".
    await page.setInputFiles('[data-dataset="Funds"] input[type="file"]', join(NAMES, 'IWM (1).csv'));
    await page.waitForSelector('.update-plan');
    assert.equal(await page.textContent('#preview-title'), 'Update \u201cFunds\u201d');
    // 5 shared dates, each adjusted close 0.74 to 0.75 lower: at most 0.75 / 241.309998 = 0.31%.
    assert.deepEqual(await texts(page, '.update-plan li'), [
      "IWM: 3 new dates (from 2025-09-30 to 2025-10-03); 5 of the 5 closes both have changed, by up to 0.31%: the new file's are used.",
    ]);
    assert.equal(await page.$('#dataset-name'), null);
    await screenshots(page, 'update-preview');
    await page.getByRole('button', { name: 'Update dataset' }).click();
    await page.waitForFunction(() => !document.querySelector('.import-preview'));
    await page.waitForFunction(() => !document.querySelector('[data-dataset="Funds"] .tag--warn'));
    // One dataset still, now to 2025-10-03.
    assert.equal(await page.$$eval('[data-dataset="Funds"]', (l) => l.length), 1);
    assert.match(await page.textContent('[data-dataset="Funds"]'), /1 symbols, 2025-09-24 to 2025-10-03/);
    const note = await page.getAttribute('[data-dataset="Funds"] span[title]', 'title');
    assert.match(note, /update: IWM \(1\)\.csv: Yahoo Finance download/);

    // The link made before the update opens the dataset as it is now, and says so.
    await page.reload();
    await page.waitForSelector('[data-dataset="Funds"]');
    await page.goto(link);
    await page.waitForSelector('[data-dataset="Funds"].dataset--active');
    await page.waitForSelector('.banner');
    assert.match(await page.textContent('.banner'), /This link was made on an earlier version of \u201cFunds\u201d, before it was updated with newer files/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('an update that fails says why, keeps the dataset as it was and gives the preview back', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    // A spread read as prices (a generic file), then FRED's download of it: a yield in percent
    // that went negative on 2025-10-01, which a price series cannot hold.
    await previewFiles(page, [{ name: 'spread.csv', mimeType: 'text/csv', buffer: Buffer.from('Date,T10Y2Y\n2025-09-29,0.55\n2025-09-30,0.56\n') }]);
    await page.fill('#dataset-name', 'Spread');
    await page.dispatchEvent('#dataset-name', 'change');
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('[data-dataset="Spread"].dataset--active');
    await page.waitForFunction(() => !document.querySelector('[data-dataset="Spread"] .tag--warn'));
    await page.setInputFiles('[data-dataset="Spread"] input[type="file"]', {
      name: 'T10Y2Y.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('observation_date,T10Y2Y\n2025-09-30,0.56\n2025-10-01,-0.02\n'),
    });
    await page.waitForSelector('.update-plan');
    await page.getByRole('button', { name: 'Update dataset' }).click();
    await page.waitForSelector('.import-preview .notice--error');
    assert.equal(
      await page.textContent('.import-preview .notice--error'),
      'Nothing was added: T10Y2Y: a price must be positive, found -0.02 on 2025-10-01',
    );
    // The focus is on the preview, back in place of "Adding"; its series come back from the
    // import worker, and the update can be cancelled.
    await page.waitForFunction(() => document.activeElement?.id === 'import-preview');
    await page.waitForSelector('.update-plan li');
    assert.match(await page.textContent('.update-plan li'), /^T10Y2Y: 1 new dates/);
    assert.match(await page.textContent('[data-dataset="Spread"]'), /1 symbols, 2025-09-29 to 2025-09-30/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForFunction(() => !document.querySelector('.import-preview'));
    assert.deepEqual(problems, []);
    await context.close();
  });
});
