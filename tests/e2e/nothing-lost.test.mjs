// End-to-end: nothing stored is lost. Failed imports, a full storage quota (a real one, set with
// the DevTools protocol) and a tab closed in the middle of a write leave every stored dataset
// and saved scenario as it was: IndexedDB is read directly before and after and compared.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, gotoView, importDataset, launchProfile, openPage, watch, previewFiles, useBrowser, waitForOverview } from './harness.mjs';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'formats');

/** Everything the app keeps in IndexedDB, summarised: datasets with a checksum of their values. */
async function stored(page) {
  return page.evaluate(async () => {
    const db = await new Promise((ok, fail) => {
      const req = indexedDB.open('rotation-lab');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const all = (store) =>
      new Promise((ok, fail) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
    // A dataset's closes are in its chunks (store `series`), or in the record itself (format 1).
    const chunks = db.objectStoreNames.contains('series') ? await all('series') : [];
    const seriesOf = (d) => d.series ?? chunks.filter((c) => c.dataset === d.id).flatMap((c) => c.series);
    const datasets = (await all('datasets')).map((d) => ({
      name: d.name,
      chunks: chunks.filter((c) => c.dataset === d.id).length,
      series: seriesOf(d).length,
      values: seriesOf(d).reduce((n, s) => n + s.values.length, 0),
      checksum: seriesOf(d).reduce((n, s) => n + s.values.reduce((a, v) => a + v, 0), 0),
    }));
    const scenarios = (await all('scenarios')).map((s) => ({ name: s.name, link: s.link }));
    db.close();
    return { version: db.version, datasets: datasets.sort((a, b) => a.name.localeCompare(b.name)), scenarios };
  });
}

/** A wide CSV of `symbols` random walks over `rows` weekdays (big enough to matter to a quota). */
async function bigCsv(symbols, rows) {
  const dir = await mkdtemp(join(tmpdir(), 'rotlab-big-'));
  const names = Array.from({ length: symbols }, (_, i) => `S${String(i).padStart(3, '0')}`);
  const lines = [`Date,${names.join(',')}`];
  const level = names.map(() => 100);
  let seed = 7;
  const day = new Date(Date.UTC(2005, 0, 3));
  for (let r = 0; r < rows; r += 1) {
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
    for (let i = 0; i < symbols; i += 1) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      level[i] *= 1 + (seed / 2147483648 - 0.5) * 0.02;
    }
    lines.push(`${day.toISOString().slice(0, 10)},${level.map((v) => v.toFixed(4)).join(',')}`);
    day.setUTCDate(day.getUTCDate() + 1);
  }
  const path = join(dir, 'big-universe.csv');
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** Adds a dataset and a saved scenario, and waits until both are stored. */
async function storeSomething(page) {
  await importDataset(page, [join(FIXTURES, 'yahoo-spy.csv')], 'Kept');
  await page.waitForFunction(() => !document.querySelector('[data-dataset="Kept"] .tag--warn'));
  await gotoView(page, 'rotation');
  await page.click('.share .topbar-button');
  await page.waitForSelector('#share-panel');
  await page.fill('#scenario-name', 'Kept scenario');
  await page.click('.saved-scenarios__save button[type="submit"]');
  await page.waitForSelector('.saved[data-scenario="Kept scenario"]');
  await page.click('.share .topbar-button');
  const snapshot = await stored(page);
  assert.deepEqual(snapshot.datasets.map((d) => d.name), ['Kept']);
  assert.deepEqual(snapshot.scenarios.map((s) => s.name), ['Kept scenario']);
  assert.equal(snapshot.version, 3);
  return snapshot;
}

describe('nothing stored is lost', () => {
  const session = useBrowser();

  test('failed imports of every kind leave the stored datasets and scenarios unchanged', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    const before = await storeSomething(page);
    const dir = await mkdtemp(join(tmpdir(), 'rotlab-bad-'));
    const binary = join(dir, 'photo.csv');
    await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0xff, 0xfe, 0, 1, 2, 3]));
    const brokenScenarios = join(dir, 'scenarios.json');
    await writeFile(brokenScenarios, '{"format":"rotation-lab-scenarios","version":1,"scenarios":[{"name":');

    await page.setInputFiles('#file-input', join(FIXTURES, 'negative-price.csv'));
    await page.waitForSelector('.import-preview .notice--error');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.setInputFiles('#file-input', join(FIXTURES, 'ragged.csv'));
    await page.waitForSelector('.banner--error');
    await page.setInputFiles('#file-input', binary);
    await page.waitForFunction(() => [...document.querySelectorAll('.banner--error')].some((e) => e.textContent.includes('photo.csv')));
    await page.click('.share .topbar-button');
    await page.waitForSelector('#share-panel');
    await page.setInputFiles('#scenario-import', brokenScenarios);
    await page.waitForSelector('#share-panel .notice--error, #share-panel [role="alert"]');
    assert.deepEqual(await stored(page), before);
    // After a reload the app shows what it showed: the stored dataset and scenario.
    await page.reload();
    await page.waitForSelector('.view-head h1');
    await page.waitForSelector('[data-dataset="Kept"]');
    assert.deepEqual(await stored(page), before);
    // The refusals are errors shown to the user, not problems of the page.
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a full storage quota keeps the new dataset for the visit only and changes nothing stored', async () => {
    // A real profile: Chromium applies a quota override to a profile's storage, not to an
    // incognito context's.
    const profile = await mkdtemp(join(tmpdir(), 'rotlab-quota-'));
    const context = await launchProfile(profile);
    after(() => context.close().catch(() => {}));
    const page = await context.newPage();
    const { problems } = watch(page);
    await page.goto(session.server.url);
    await waitForOverview(page);
    // A real quota: 256 KB more than the origin uses now, set before the first write (Chromium
    // checks an origin's database against the quota it had when the database was first
    // written; it enforces it on writes, while storage.estimate() goes on reporting the
    // disk's quota). The small dataset and the scenario fit; the 1.2 MB dataset does not.
    const cdp = await context.newCDPSession(page);
    const origin = new URL(session.server.url).origin;
    // The service worker's precache counts too: wait until it is installed (its cache filled),
    // or a precache finishing after the measure takes the room the writes were given.
    await page.evaluate(() => navigator.serviceWorker.ready);
    const { usage } = await page.evaluate(() => navigator.storage.estimate());
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 256 * 1024 });
    const before = await storeSomething(page);
    const big = await bigCsv(60, 2500);
    await previewFiles(page, [big]);
    await page.fill('#dataset-name', 'Too big to keep');
    await page.dispatchEvent('#dataset-name', 'change');
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('.banner--error');
    assert.match(
      await page.$eval('.banner--error', (e) => e.textContent),
      /^Too big to keep is loaded for this visit only: the browser's storage refused the write \(most often because it is full\), so it was not saved; nothing saved before was lost\./,
    );
    // It is usable now, marked as not saved, and nothing stored changed.
    await page.waitForSelector('[data-dataset="Too big to keep"] .tag--warn');
    assert.deepEqual(await stored(page), before);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.reload();
    await page.waitForSelector('.view-head h1');
    await page.waitForSelector('[data-dataset="Kept"]');
    assert.equal(await page.$('[data-dataset="Too big to keep"]'), null);
    assert.deepEqual(await stored(page), before);
    assert.deepEqual(problems, []);
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });

  test('a big dataset is stored in chunks and read back whole after a reload', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    // 120 symbols x 5,000 days: 600,000 closes, in chunks of about 250,000 (whole series each).
    await importDataset(page, [await bigCsv(120, 5000)], 'Chunked');
    await page.waitForFunction(() => !document.querySelector('[data-dataset="Chunked"] .tag--warn'));
    const [kept] = (await stored(page)).datasets.filter((d) => d.name === 'Chunked');
    assert.deepEqual({ chunks: kept.chunks, series: kept.series, values: kept.values }, { chunks: 3, series: 120, values: 600_000 });
    await page.reload();
    await page.waitForSelector('[data-dataset="Chunked"]');
    await page.click('[data-dataset="Chunked"] .dataset__pick');
    await page.waitForFunction(() => document.querySelector('.topbar__status')?.textContent.includes('Chunked: 120 symbols'));
    assert.deepEqual((await stored(page)).datasets.filter((d) => d.name === 'Chunked'), [kept]);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a tab closed while a dataset is being written loses nothing stored before, and stores the new one whole or not at all', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    const before = await storeSomething(page);
    // Note the start of every write to the datasets store.
    await context.addInitScript(() => {
      const transaction = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
        if (mode === 'readwrite' && [].concat(stores).includes('datasets')) console.log('rotlab:write-start');
        return transaction.call(this, stores, mode, ...rest);
      };
    });
    await page.reload();
    await page.waitForSelector('.view-head h1');
    const big = await bigCsv(120, 5000);
    await previewFiles(page, [big]);
    await page.fill('#dataset-name', 'Half written');
    await page.dispatchEvent('#dataset-name', 'change');
    const writing = page.waitForEvent('console', { predicate: (m) => m.text() === 'rotlab:write-start', timeout: 60_000 });
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await writing;
    await page.close({ runBeforeUnload: false });

    const again = await context.newPage();
    await again.goto(session.server.url);
    await again.waitForSelector('.view-head h1');
    await again.waitForSelector('[data-dataset="Kept"]');
    const after = await stored(again);
    const kept = after.datasets.filter((d) => d.name !== 'Half written');
    assert.deepEqual({ ...after, datasets: kept }, before);
    const half = after.datasets.find((d) => d.name === 'Half written');
    // The tab closed during the write: the dataset is either absent or written whole (every
    // series and value), never in part.
    assert.ok(
      half === undefined || (half.series === 120 && half.values === 120 * 5000),
      `a half-written dataset was kept: ${JSON.stringify(half)}`,
    );
    await context.close();
  });
});
