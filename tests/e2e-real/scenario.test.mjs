// End-to-end, real-data layer (make test-real): scenario links that carry, name or fetch real
// ETF closes from ../shared/data: a link with the data embedded, a link naming data the
// receiver lacks, and a link to data fetched by URL.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { importDataset, openPage, readColumn, screenshots, setValue, shared, shareLink, shownReturn, shownState, tableColumn, useBrowser, waitForOverview } from '../e2e/harness.mjs';

const ETF = (symbol) => shared('etf', `${symbol}.csv`);

describe('scenario links with real data', () => {
  const session = useBrowser();

  test('a link with the data embedded opens where nothing is stored, and keeps the data', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await importDataset(page, [ETF('QQQ'), ETF('IWM'), ETF('SPY')], 'Story ETFs');
    await setValue(page, '#range-from', '2025-06-30');
    await setValue(page, '#range-to', '2025-09-30');
    await page.waitForFunction(() => document.querySelector('table.returns caption')?.textContent.includes('2025-09-30'));
    // The range's returns (the trailing columns, 3Y and more, need history a link cannot carry).
    const sent = await tableColumn(page, 'table.returns', 'Range');
    assert.deepEqual(Object.keys(sent).sort(), ['IWM', 'QQQ', 'SPY']);
    // From the files: the close before the range (2025-06-27) to 2025-09-30.
    for (const symbol of ['IWM', 'QQQ', 'SPY']) {
      assert.equal(sent[symbol], shownReturn(readColumn(ETF(symbol), 'close'), '2025-06-27', '2025-09-30'), symbol);
    }
    const state = await shownState(page);

    const plain = await shareLink(page);
    assert.ok(plain.link.length < 2000, `${plain.link.length}`);
    const note = await page.$eval('.share__embed', (e) => e.textContent);
    assert.match(note, /3 series, \d[\d,]* closes from \d{4}-\d\d-\d\d \(\d+ months before the range/);
    const { link, shown } = await shareLink(page, { embed: true });
    await screenshots(page, 'share-embedded');
    assert.equal(shown, `${link.length.toLocaleString('en-US')} characters`);
    assert.ok(link.length <= 65_536, `${link.length}`);

    const receiver = await openPage(session.browser, link);
    await receiver.page.waitForSelector('[data-dataset="Story ETFs"].dataset--active', { timeout: 30_000 });
    await receiver.page.waitForSelector('table.returns tbody tr');
    assert.deepEqual(await tableColumn(receiver.page, 'table.returns', 'Range'), sent);
    assert.deepEqual(await shownState(receiver.page), state);
    // The address now names the stored copy instead of carrying the data, and a reload opens it.
    await receiver.page.waitForFunction((n) => location.href.length < n, 2000);
    await receiver.page.waitForLoadState('networkidle');
    await receiver.page.reload();
    await receiver.page.waitForSelector('[data-dataset="Story ETFs"].dataset--active', { timeout: 30_000 });
    await receiver.page.waitForSelector('table.returns tbody tr');
    assert.deepEqual(await tableColumn(receiver.page, 'table.returns', 'Range'), sent);
    assert.equal(await receiver.page.$$eval('[data-dataset="Story ETFs"]', (els) => els.length), 1);
    assert.deepEqual(receiver.problems, []);
    assert.deepEqual(problems, []);
    await receiver.context.close();
    await context.close();
  });

  test('a link naming data the receiver lacks says which, and opens once the data is loaded', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await importDataset(page, [ETF('XLE'), ETF('XLK')], 'Two sectors');
    await setValue(page, '#range-from', '2025-01-02');
    await setValue(page, '#range-to', '2025-06-30');
    await page.waitForFunction(() => document.querySelector('table.returns caption')?.textContent.includes('2025-06-30'));
    const { link } = await shareLink(page);
    const state = await shownState(page);

    const receiver = await openPage(session.browser, link);
    await receiver.page.waitForSelector('.waiting-card h2:has-text("needs data")', { timeout: 30_000 });
    const text = await receiver.page.$eval('.waiting-card', (c) => c.textContent);
    await screenshots(receiver.page, 'link-waiting');
    assert.match(text, /made on the dataset “Two sectors”, kept in the sender's browser \(content [0-9a-f]{16}\)/);
    // The address keeps the link while it waits.
    assert.equal(await receiver.page.evaluate(() => location.href), link);
    await importDataset(receiver.page, [ETF('XLE'), ETF('XLK')], 'My copy');
    await receiver.page.waitForSelector('.waiting-card', { state: 'detached' });
    assert.deepEqual(await shownState(receiver.page), state);
    await receiver.context.close();
    await context.close();
  });

  test('a link to data fetched by URL fetches it again only when the receiver asks, then opens', async () => {
    const csv = await readFile(ETF('XLE'));
    const remote = async (context, requests) =>
      context.route('https://data.example.test/**', (route) => {
        requests.push(route.request().url());
        return route.fulfill({ status: 200, contentType: 'text/csv', headers: { 'access-control-allow-origin': '*' }, body: csv });
      });
    const { context, page } = await openPage(session.browser, session.server.url);
    await remote(context, []);
    await waitForOverview(page);
    await page.fill('#url-input', 'https://data.example.test/etf/XLE.csv');
    await page.getByRole('button', { name: 'Fetch' }).click();
    await page.waitForSelector('.import-preview');
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('[data-dataset="XLE"].dataset--active');
    await setValue(page, '#range-from', '2024-01-02');
    await page.waitForFunction(() => document.querySelector('table.returns caption')?.textContent.includes('Period returns'));
    const { link } = await shareLink(page);
    assert.match(await page.$eval('.share__data', (p) => p.textContent), /Names the address the data was fetched from \(https:\/\/data\.example\.test\/etf\/XLE\.csv\)/);
    const state = await shownState(page);
    const sent = await tableColumn(page, 'table.returns', 'Range');

    const receiver = await openPage(session.browser, link);
    const requests = [];
    await remote(receiver.context, requests);
    await receiver.page.waitForSelector('.waiting-card button:has-text("Fetch the data")', { timeout: 30_000 });
    assert.match(await receiver.page.$eval('.waiting-card', (c) => c.textContent), /fetched from https:\/\/data\.example\.test\/etf\/XLE\.csv/);
    assert.deepEqual(requests, [], 'nothing is fetched before the receiver asks');
    await receiver.page.click('.waiting-card button:has-text("Fetch the data")');
    await receiver.page.waitForSelector('.import-preview');
    await receiver.page.getByRole('button', { name: 'Add dataset' }).click();
    await receiver.page.waitForSelector('.waiting-card', { state: 'detached' });
    assert.deepEqual(requests, ['https://data.example.test/etf/XLE.csv']);
    assert.deepEqual(await shownState(receiver.page), state);
    assert.deepEqual(await tableColumn(receiver.page, 'table.returns', 'Range'), sent);
    await receiver.context.close();
    await context.close();
  });
});
