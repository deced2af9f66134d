// End-to-end, real-data layer (make test-real): Story check on real ETF closes and the 10-year
// yield from ../shared/data. A claim's stated value is edited and its verdict changes, a claim is
// added with the form, a category table is loaded, the report is exported and opens offline, and
// the claims travel in a shared link.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, download, importDataset, openPage, openStoryPreset as openStory, screenshots, shared, storyVerdicts as verdicts, useBrowser, waitForOverview } from '../e2e/harness.mjs';

const ETF = (symbol) => shared('etf', `${symbol}.csv`);
const FILES = [ETF('QQQ'), ETF('IWM'), ETF('SPY'), shared('rates', 'DGS10.csv')];
const DEALS = join(ROOT, 'tests', 'fixtures', 'categories', 'vc-deals-q3-2025.csv');

describe('story check on real ETFs', () => {
  const session = useBrowser();

  test('on real ETFs a claim edited changes its verdict, a claim is added, deals are loaded, the report opens offline and the link carries the claims', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await importDataset(page, FILES, 'Q3 2025 funds');
    await openStory(page);
    let shown = await verdicts(page);
    assert.deepEqual(shown.slice(0, 5), [
      ['Contradicted', '+8.96%'],
      ['Supported', '+12.45%'],
      ['Supported', '+3.49 pp'],
      ['Not checkable', '—'],
      ['Supported', '+4.07% per 100 bp'],
    ]);
    // The chart of a claim draws when its computation is opened.
    await page.click('.claims > .claim:first-child .claim__details summary');
    await page.waitForSelector('.claims > .claim:first-child .chart--claim canvas');
    assert.match(await page.$eval('.claims > .claim:first-child .claim__inputs', (t) => t.textContent), /close 2025-06-30 549\.00 to 2025-09-30 598\.18: \+8\.96%/);

    // Edit the Nasdaq-100 claim: 9% instead of 11.4%, and the verdict turns.
    await page.click('.claims > .claim:first-child button:has-text("Edit")');
    await page.fill('#claim-stated', '9');
    await page.click('.claim-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('.claims > .claim:first-child .verdict').textContent === 'Supported');
    assert.match(await page.$eval('.claims > .claim:first-child .claim__stated', (e) => e.textContent), /^about \+9\.00% \(± 0\.50 pp\)$/);

    // A claim of one's own, with a mistake first.
    await page.getByRole('button', { name: 'Add a claim' }).click();
    await page.selectOption('#claim-metric', 'outperformance');
    await page.fill('#claim-text', 'Small caps beat large caps by more than 3% in Q3 2025');
    await page.fill('#claim-a', 'IWM');
    await page.selectOption('#claim-comparator', 'above');
    await page.fill('#claim-stated', '3');
    await page.click('.claim-form button[type="submit"]');
    assert.equal(await page.$eval('.claim-form [role="alert"]', (e) => e.textContent), 'Second: enter a symbol or an index name');
    await page.fill('#claim-b', 'S&P 500');
    await page.click('.claim-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll('.claims > .claim').length === 11);
    shown = await verdicts(page);
    assert.deepEqual(shown[10], ['Supported', '+4.00%']);

    // A table of (made-up) venture deals answers the capital-flow claims.
    await page.setInputFiles('#category-input', DEALS);
    await page.waitForSelector('#flows-by-category tbody tr');
    shown = await verdicts(page);
    assert.deepEqual(shown.slice(7, 10), [['Supported', '46.40%'], ['Contradicted', '$2.09B'], ['Supported', '45.07%']]);
    assert.match(await page.$eval('#flows-by-category caption', (c) => c.textContent), /^By category, 2025-07-01 to 2025-09-30: \$4\.51B in 12 rows$/);
    await screenshots(page, 'story-funds');

    // The report: one file, every claim, chart images inline, nothing fetched when opened offline.
    const report = await download(page, '#story-export');
    assert.equal(report.name, 'rotation-lab-ai-rotation-q3-2025-report.html');
    const html = report.bytes.toString('utf8');
    assert.equal((html.match(/<section class="claim /g) ?? []).length, 11);
    assert.ok((html.match(/<img src="data:image\/png;base64,/g) ?? []).length >= 4, 'chart images are missing');
    assert.match(html, /<div><b>7<\/b>supported<\/div><div><b>1<\/b>contradicted<\/div><div><b>3<\/b>not checkable with this data<\/div>/);
    const dir = await mkdtemp(join(tmpdir(), 'rotlab-report-'));
    const file = join(dir, report.name);
    await writeFile(file, report.bytes);
    const offline = await session.browser.newContext();
    await offline.setOffline(true);
    const reader = await offline.newPage();
    const requests = [];
    reader.on('request', (r) => requests.push(r.url()));
    await reader.goto(`file://${file}`);
    assert.equal(await reader.$eval('h1', (h) => h.textContent), 'AI rotation, Q3 2025');
    assert.equal(await reader.$$eval('section.claim', (s) => s.length), 11);
    const images = await reader.$$eval('img', (imgs) => imgs.map((i) => i.naturalWidth));
    assert.ok(images.length >= 4 && images.every((w) => w > 0), `images: ${images}`);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), []);
    await offline.close();

    // Share: the receiver loads the same files and finds the same claims and verdicts.
    await page.click('.share .topbar-button');
    await page.waitForSelector('#share-panel');
    const link = await page.$eval('#share-link', (i) => i.value);
    assert.match(link, /#\/story-check\?s=/);
    const receiver = await openPage(session.browser, link);
    await receiver.page.waitForSelector('.waiting-card', { timeout: 30_000 });
    await importDataset(receiver.page, FILES, 'My copy');
    await receiver.page.waitForSelector('.waiting-card', { state: 'detached' });
    await receiver.page.waitForFunction(() => document.querySelectorAll('.claims > .claim').length === 11);
    const received = await verdicts(receiver.page);
    assert.deepEqual(received.slice(0, 7), (await verdicts(page)).slice(0, 7));
    assert.deepEqual(received[0], ['Supported', '+8.96%']);
    assert.deepEqual(received[10], ['Supported', '+4.00%']);
    assert.equal(
      await receiver.page.$eval('.claims > .claim:last-child .claim__text', (e) => e.textContent),
      '“Small caps beat large caps by more than 3% in Q3 2025”',
    );
    assert.deepEqual(receiver.problems, []);
    await receiver.context.close();
    assert.deepEqual(problems, []);
    await context.close();
  });
});
