// End-to-end: the data a story needs. The Q3 2025 preset lists the series its claims need,
// ticks those the active dataset holds, and links each missing one to a free download; as
// files arrive (a Stooq download of QQQ as a new dataset, then a Nasdaq.com download of IWM
// added to it with Update…), the checklist ticks and the claims go from "not checkable" to
// verdicts. Fixtures in tests/fixtures/story/ are named as the sources name them; expected
// returns by hand: QQQ 600.37 / 551.64 - 1 = +8.83% (the story says 11.4%: contradicted),
// IWM 241.96 / 215.26 - 1 = +12.40% (12.4%: supported), IWM - QQQ = +3.57 pp (supported).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, gotoView, openPage, openStoryPreset, previewFiles, screenshots, storyVerdicts, texts, useBrowser, waitForOverview, waitForSeries } from './harness.mjs';

const STORY = join(ROOT, 'tests', 'fixtures', 'story');
const found = (page) => texts(page, '.need.need--found strong');
const summary = (page) => page.textContent('#needs-summary');

describe('the data a story needs', () => {
  const session = useBrowser();

  test('the checklist ticks as files arrive and the claims are checked as they do', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    // The Overview's first screen leads to the story of Q3 2025 and lists the 15 series its
    // claims need; the sample holds one of them (the S&P 500's level); each missing one says
    // where to get it.
    const card = page.locator('.first-screen');
    assert.equal(await card.locator('h2').textContent(), 'Checking the AI rotation of Q3 2025?');
    assert.match(await card.textContent(), /needs QQQ, IWM, SPY, the 11 sector funds and the 10-year yield/);
    assert.equal(await card.locator('.story-files > summary').textContent(), 'The files it needs: 1 of 15 here');
    await card.locator('.story-files > summary').click();
    assert.equal(await card.locator('.need').count(), 15);
    assert.deepEqual(await card.locator('.need.need--found strong').allTextContents(), ['S&P 500']);
    await card.locator('[data-need="Russell 2000"] summary').click();
    assert.equal(await card.locator('[data-need="Russell 2000"] a').first().getAttribute('href'), 'https://stooq.com/q/d/?s=iwm.us');
    await openStoryPreset(page);
    // 15 series: the Nasdaq-100, the Russell 2000, the 11 sector funds, the S&P 500, the 10-year
    // yield. The sample holds the S&P 500's level (SP500) only.
    await page.waitForSelector('.story-needs');
    assert.equal(await page.$$eval('.need', (l) => l.length), 15);
    assert.deepEqual(await found(page), ['S&P 500']);
    assert.match(await summary(page), /^1 of the 15 series the claims need are in this dataset\./);
    // A missing one says where to get it, as links that open in a new tab.
    const nasdaq = page.locator('[data-need="Nasdaq-100"]');
    assert.match(await nasdaq.textContent(), /\(QQQ, QQQM, NDX, \^NDX\)\s*not in this dataset/);
    await nasdaq.locator('summary').click();
    const links = await nasdaq.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.href, a.target, a.rel]));
    assert.deepEqual(links, [
      ['Stooq', 'https://stooq.com/q/d/?s=qqq.us', '_blank', 'noopener noreferrer'],
      ['Nasdaq.com', 'https://www.nasdaq.com/market-activity/etf/qqq/historical', '_blank', 'noopener noreferrer'],
      ['Stooq, the index level', 'https://stooq.com/q/d/?s=%5Endx', '_blank', 'noopener noreferrer'],
    ]);
    assert.match(await nasdaq.textContent(), /the file is qqq_us_d\.csv, named QQQ here/);
    await screenshots(page, 'story-needs');
    let verdicts = await storyVerdicts(page);
    assert.deepEqual(verdicts.slice(0, 3).map((v) => v[0]), ['Not checkable', 'Not checkable', 'Not checkable']);

    // Stooq's QQQ as a new dataset: the Nasdaq-100 is ticked and its claim checked.
    await previewFiles(page, [join(STORY, 'qqq_us_d.csv')]);
    await page.fill('#dataset-name', 'Q3 funds');
    await page.getByRole('button', { name: 'Add dataset' }).click();
    await page.waitForSelector('[data-dataset="Q3 funds"].dataset--active');
    await page.waitForFunction(() => document.querySelector('[data-need="Nasdaq-100"]')?.classList.contains('need--found'));
    assert.match(await page.textContent('[data-need="Nasdaq-100"]'), /in the dataset as QQQ/);
    verdicts = await storyVerdicts(page);
    assert.deepEqual(verdicts.slice(0, 3), [
      ['Contradicted', '+8.83%'],
      ['Not checkable', '—'],
      ['Not checkable', '—'],
    ]);

    // Nasdaq.com's IWM added to it with Update…: its name holds no symbol, so it is typed.
    // (The Overview counts QQQ: 1 of 9.)
    await page.setInputFiles('[data-dataset="Q3 funds"] input[type="file"]', join(STORY, 'HistoricalData_1759276800000.csv'));
    await page.waitForSelector('.update-plan');
    const field = page.getByLabel("Symbol (the file's name holds none)", { exact: true });
    await field.fill('IWM');
    await field.press('Tab');
    await page.waitForFunction(() => document.querySelector('.update-plan li')?.textContent.startsWith('IWM: new to the dataset'));
    await page.getByRole('button', { name: 'Update dataset' }).click();
    await page.waitForFunction(() => document.querySelector('[data-need="Russell 2000"]')?.classList.contains('need--found'));
    assert.match(await summary(page), /^2 of the 15 series/);
    verdicts = await storyVerdicts(page);
    assert.deepEqual(verdicts.slice(0, 3), [
      ['Contradicted', '+8.83%'],
      ['Supported', '+12.40%'],
      ['Supported', '+3.57 pp'],
    ]);
    // Two of its funds, from before Q3 2025 to its last day: the views follow the story (its
    // preset selected, its range, its quarter shaded) instead of the sample's 2022.
    await gotoView(page, 'overview');
    await page.waitForSelector('.chip[aria-pressed="true"]');
    assert.equal(await page.textContent('.chip[aria-pressed="true"]'), 'Q3 2025: Big Tech to small caps and cyclicals');
    assert.deepEqual([await page.inputValue('#range-from'), await page.inputValue('#range-to')], ['2025-03-31', '2025-12-31']);
    await waitForSeries(page, '.chart--performance', ['QQQ', 'IWM', 'Q3 2025 (story quarter)']);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
