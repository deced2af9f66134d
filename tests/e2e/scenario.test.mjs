// End-to-end: scenarios as links and as saved files. A scenario built by clicking travels in a
// link to a fresh browser; back and forward step through changes; damaged and newer links are
// refused with a message; saved scenarios are kept, renamed, exported, imported and deleted.
// Release build in the system Chromium. Links carrying, naming or fetching real ETF data are in
// tests/e2e-real/scenario.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { deflateRawSync } from 'node:zlib';
import { shareLink, shownState, download, gotoView, openPage, screenshots, setValue, tableText, useBrowser, waitForOverview } from './harness.mjs';

const ROTATION_TABLE = 'table.rotation-table';

/** The hash's scenario once the address has settled on `view`. */
async function settledHash(page, view) {
  await page.waitForFunction((v) => location.hash.startsWith(`#/${v}?s=`), view);
  await page.waitForTimeout(700);
  return page.evaluate(() => location.hash);
}

/** A link to `view` holding `json` (deflated, base64url), made as the app's codec does. */
function handMadeLink(base, view, json) {
  const value = deflateRawSync(Buffer.from(JSON.stringify(json))).toString('base64url');
  return `${base}#/${view}?s=${value}`;
}

describe('scenarios in links', () => {
  const session = useBrowser();

  test('a scenario built by clicking is copied as a link and opens the same view and numbers in a fresh browser', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await waitForOverview(page);
    await gotoView(page, 'rotation');
    await page.waitForSelector(`${ROTATION_TABLE} tbody tr`);
    // Daily bars, an 11-bar tail, labels off, XOM highlighted, the scrubber one bar back.
    await page.getByRole('group', { name: 'Bars' }).getByRole('button', { name: 'Daily' }).click();
    await setValue(page, '#rot-tail', 11, 'input');
    await page.uncheck('#rot-show-labels');
    await page.click(`${ROTATION_TABLE} tr[data-key="XOM"] .row-pick`);
    await page.getByRole('button', { name: 'One bar back' }).click();
    await page.waitForFunction(() => document.querySelector('#rot-table-title').textContent.includes('2022-12-27'));
    const sent = { state: await shownState(page), table: await tableText(page, ROTATION_TABLE), title: await page.$eval('#rot-table-title', (h) => h.textContent) };

    const { link, shown } = await shareLink(page);
    assert.ok(link.startsWith(`${session.server.url}#/rotation?s=`), link);
    assert.ok(link.length < 2000, `a typical link stays under 2,000 characters: ${link.length}`);
    assert.equal(shown, `${link.length.toLocaleString('en-US')} characters`);
    await page.click('#share-copy');
    await page.waitForFunction(() => document.querySelector('.share__copied').textContent === 'Copied.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    // The address bar holds the same scenario once the change has settled.
    await page.waitForFunction((l) => location.href === l, link);

    const receiver = await openPage(session.browser, link);
    await receiver.page.waitForSelector(`${ROTATION_TABLE} tbody tr`, { timeout: 30_000 });
    await receiver.page.waitForFunction(() => document.querySelector('#rot-table-title').textContent.includes('2022-12-27'));
    assert.deepEqual(await shownState(receiver.page), sent.state);
    assert.equal(await tableText(receiver.page, ROTATION_TABLE), sent.table);
    assert.equal(await receiver.page.$eval('#rot-tail', (i) => i.value), '11');
    assert.equal(await receiver.page.$eval('#rot-show-labels', (i) => i.checked), false);
    assert.equal(await receiver.page.$eval('[aria-labelledby="rot-bars"] [aria-pressed="true"]', (b) => b.textContent), 'Daily');
    assert.equal(await receiver.page.$eval(`${ROTATION_TABLE} tbody tr.row--focus`, (tr) => tr.dataset.key), 'XOM');
    assert.deepEqual(receiver.problems, []);
    assert.deepEqual(problems, []);
    await receiver.context.close();
    await context.close();
  });

  test('back and forward step through the changes, and the views follow', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await gotoView(page, 'rotation');
    await page.waitForSelector(`${ROTATION_TABLE} tbody tr`);
    const first = await settledHash(page, 'rotation');
    await setValue(page, '#rot-tail', 9, 'input');
    const second = await settledHash(page, 'rotation');
    assert.notEqual(second, first);
    await page.click('[data-view="risk"]');
    await page.waitForSelector('.view-head h1:has-text("Risk")');
    await settledHash(page, 'risk');
    await page.fill('#risk-free', '4.5');
    await page.waitForFunction(() => location.hash.startsWith('#/risk?s='));
    await page.waitForTimeout(700);
    const onRisk = await page.evaluate(() => location.hash);

    // Back: the rate, then the tail, one step each; forward again.
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('#risk-free')?.value === '0');
    await page.goBack();
    await page.waitForFunction((h) => location.hash === h, second);
    await page.waitForSelector('#rot-tail');
    assert.equal(await page.$eval('#rot-tail', (i) => i.value), '9');
    await page.goBack();
    await page.waitForFunction((h) => location.hash === h, first);
    await page.waitForFunction(() => document.querySelector('#rot-tail').value === '6');
    await page.goForward();
    await page.waitForFunction(() => document.querySelector('#rot-tail').value === '9');
    await page.goForward();
    await page.waitForFunction(() => document.querySelector('#risk-free')?.value === '0');
    await page.goForward();
    await page.waitForFunction(() => document.querySelector('#risk-free')?.value === '4.5');
    assert.equal(await page.evaluate(() => location.hash), onRisk);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('damaged, newer and oversized links are named in a message and the app opens as usual', async () => {
    const base = session.server.url;
    const cases = [
      [`${base}#/rotation?s=AAAA`, /This link is damaged/],
      [handMadeLink(base, 'rotation', { version: 99 }), /made by a newer Rotation Lab \(version 99\)/],
      [`${base}#/rotation?s=${'A'.repeat(70_000)}`, /too large to open: its scenario has 70000 characters, at most 65536/],
      [handMadeLink(base, 'risk', { version: 1, from: '2022-01-01', to: '2022-06-30', params: { rotation: { tail: 99 } } }), /params\.rotation\.tail: 99 is outside 1 to 30/],
    ];
    for (const [url, message] of cases) {
      const { context, page } = await openPage(session.browser, url);
      await page.waitForSelector('.banner--error');
      assert.match(await page.$eval('.banner--error', (b) => b.textContent), message);
      assert.match(await page.$eval('.banner--error', (b) => b.textContent), /The app opened without it\./);
      await page.waitForSelector('.view-head h1');
      await context.close();
    }
  });

  test('saved scenarios: save, rename, open, export, delete and import', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await gotoView(page, 'rotation');
    await page.waitForSelector(`${ROTATION_TABLE} tbody tr`);
    await setValue(page, '#rot-tail', 14, 'input');
    await shareLink(page);
    await page.fill('#scenario-name', 'Energy tails');
    await page.click('.saved-scenarios__save button[type="submit"]');
    await page.waitForSelector('.saved[data-scenario="Energy tails"]');
    await screenshots(page, 'share-panel');

    // Rename.
    await page.click('.saved[data-scenario="Energy tails"] >> text=Rename');
    await page.fill('.saved input[name="name"]', '2022 energy, long tails');
    await page.click('.saved button[type="submit"]');
    await page.waitForSelector('.saved[data-scenario="2022 energy, long tails"]');

    // Move away, then open it from the list.
    await page.click('#share-panel >> text=Close');
    await gotoView(page, 'breadth');
    await page.click('.share .topbar-button');
    await page.click('.saved__name');
    await page.waitForSelector('#rot-tail');
    await page.waitForFunction(() => document.querySelector('#rot-tail').value === '14');

    // Export, delete, import back.
    await page.click('.share .topbar-button');
    const file = await download(page, '#share-panel >> text=Export as JSON');
    assert.equal(file.name, 'rotation-lab-scenarios.json');
    const exported = JSON.parse(file.bytes.toString('utf8'));
    assert.equal(exported.format, 'rotation-lab-scenarios');
    assert.deepEqual(exported.scenarios.map((s) => [s.name, s.scenario.view, s.scenario.params.rotation.tail]), [['2022 energy, long tails', 'rotation', 14]]);
    await page.click('.saved >> text=Delete');
    await page.click('.saved >> text=Yes, delete');
    await page.waitForSelector('.saved', { state: 'detached' });

    const dir = await mkdtemp(join(tmpdir(), 'rotlab-'));
    const good = join(dir, 'scenarios.json');
    await writeFile(good, file.bytes);
    await page.setInputFiles('#scenario-import', good);
    await page.waitForSelector('.saved[data-scenario="2022 energy, long tails"]');
    assert.match(await page.$eval('.saved-scenarios', (s) => s.textContent), /Imported 1 scenario from scenarios\.json\./);

    // A broken file is named with its line and column, and nothing changes.
    const broken = join(dir, 'broken.json');
    await writeFile(broken, (await readFile(good, 'utf8')).replace('"version": 1', '"version": 1,,'));
    await page.setInputFiles('#scenario-import', broken);
    await page.waitForSelector('.saved-scenarios .notice--error');
    assert.match(await page.$eval('.saved-scenarios .notice--error', (p) => p.textContent), /^broken\.json: line \d+, column \d+: the file is not valid JSON \(.+\)\. Nothing was imported\.$/);
    assert.equal(await page.$$eval('.saved', (els) => els.length), 1);

    // Kept across a reload.
    await page.reload();
    await page.waitForSelector('#rot-tail');
    await page.click('.share .topbar-button');
    await page.waitForSelector('.saved[data-scenario="2022 energy, long tails"]');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('storage upgrade', () => {
  const session = useBrowser();

  test('a browser holding the version 1 database keeps its datasets and gains saved scenarios and chunked closes', async () => {
    const { context, page, problems } = await openPage(session.browser, `${session.server.url}manifest.webmanifest`);
    // The database as the previous release wrote it: version 1, only the datasets store.
    await page.evaluate(
      () =>
        new Promise((ok, fail) => {
          const open = indexedDB.open('rotation-lab', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('datasets', { keyPath: 'id' });
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction('datasets', 'readwrite');
            const day = (iso) => Date.parse(iso) / 86_400_000;
            tx.objectStore('datasets').put({
              id: 'ds-1',
              name: 'Kept from v1',
              created: 1,
              files: ['old.csv'],
              notes: [],
              format_version: 1,
              series: [
                { symbol: 'OLD', kind: '"Price"', basis: '"Adjusted"', days: new Int32Array([day('2025-01-02'), day('2025-01-03'), day('2025-01-06')]), values: new Float64Array([10, 11, 12.5]) },
                { symbol: 'NEW', kind: '"Price"', basis: '"Adjusted"', days: new Int32Array([day('2025-01-02'), day('2025-01-03'), day('2025-01-06')]), values: new Float64Array([20, 19, 18]) },
              ],
            });
            tx.oncomplete = () => {
              db.close();
              ok();
            };
            tx.onerror = () => fail(tx.error);
          };
        }),
    );
    // (The manifest page's own favicon request, a 404, is no concern of the app's: wait until
    // it has come back, or its console error lands after the reset, as it once did.)
    await page.waitForLoadState('networkidle');
    problems.length = 0;
    await page.goto(session.server.url);
    await waitForOverview(page);
    await page.click('[data-dataset="Kept from v1"] .dataset__pick');
    await page.waitForSelector('[data-dataset="Kept from v1"].dataset--active');
    await page.click('.share .topbar-button');
    await page.fill('#scenario-name', 'On the old data');
    await page.click('.saved-scenarios__save button[type="submit"]');
    await page.waitForSelector('.saved[data-scenario="On the old data"]');
    const stores = await page.evaluate(
      () =>
        new Promise((ok) => {
          const open = indexedDB.open('rotation-lab');
          open.onsuccess = () => {
            const db = open.result;
            const out = { version: db.version, stores: [...db.objectStoreNames] };
            db.close();
            ok(out);
          };
        }),
    );
    assert.deepEqual(stores, { version: 3, stores: ['datasets', 'scenarios', 'series'] });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
