// End-to-end: Story check. The AI-rotation preset on the built-in sample: every claim says why
// it cannot be checked. The same preset on real ETF closes is in tests/e2e-real/story.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStoryPreset as openStory, storyVerdicts as verdicts, openPage, screenshots, useBrowser, waitForOverview } from './harness.mjs';

describe('story check', () => {
  const session = useBrowser();

  test('the AI-rotation preset on the built-in sample says why each claim cannot be checked', async () => {
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await openStory(page);
    const shown = await verdicts(page);
    assert.deepEqual(shown.map((v) => v[0]), Array(10).fill('Not checkable'));
    assert.deepEqual(shown.map((v) => v[1]), Array(10).fill('—'));
    const reasons = await page.$$eval('.claim__reason', (ps) => ps.map((p) => p.textContent));
    assert.equal(reasons.length, 10);
    assert.equal(
      reasons[0],
      'Not checkable: the data has no Nasdaq-100 series: load its level (NDX or ^NDX) or a fund tracking it (QQQ or QQQM); IXIC in the data is the Nasdaq Composite, a different index.',
    );
    assert.match(reasons[7], /it needs a category table/);
    assert.equal(await page.$eval('#story-unchecked', (e) => e.textContent), '10');
    assert.match(await page.$eval('#evidence-dataset', (e) => e.textContent), /^Built-in sample: 30 series, 1919-01-01 to 2022-12-28$/);
    await screenshots(page, 'story-sample');
    assert.deepEqual(problems, []);
    await context.close();
  });

});
