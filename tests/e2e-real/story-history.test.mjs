// End-to-end, real-data layer (make test-real): the Q3 2025 claim that the Russell 2000 (IWM)
// beat the Nasdaq-100 (QQQ), set against every quarter since IWM's first full quarter, and the
// quarters at least as far ahead with what followed, on the funds of ../shared/data/etf (their
// whole history, imported as the files are). Expected figures come from pandas
// (scripts/crosscheck_pandas.py, key "history" of tests/fixtures/crosscheck/pandas.json), at a
// desktop and a phone width.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, importDataset, openPage, openStoryPreset, screenshots, shared, tableCells, useBrowser, waitForOverview } from '../e2e/harness.mjs';

const PANDAS = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'crosscheck', 'pandas.json'), 'utf8')).history;
const label = (pandas) => pandas.split(' ').reverse().join(' ');
const pp = (v) => `${v >= 0 ? '+' : '-'}${Math.abs(v * 100).toFixed(2)} pp`;
const pct = (v) => `${v >= 0 ? '+' : '-'}${Math.abs(v * 100).toFixed(2)}%`;
const ordinal = (n) => (n % 100 >= 11 && n % 100 <= 13 ? `${n}th` : `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`);

describe('base rates and episodes on the real funds', () => {
  const session = useBrowser();

  for (const viewport of [{ width: 1440, height: 1000 }, { width: 390, height: 844 }]) {
    test(`IWM against QQQ over every quarter since 2000, at ${viewport.width} px`, async () => {
      const { context, page, problems } = await openPage(session.browser, session.server.url, viewport);
      await waitForOverview(page);
      await importDataset(page, ['IWM', 'QQQ', 'SPY'].map((s) => shared('etf', `${s}.csv`)), 'ETFs');
      await openStoryPreset(page);
      const claim = page.locator('.claim[data-claim="2"]');
      const n = PANDAS.count;
      assert.equal(
        await claim.locator('.base-rate__sentence').textContent(),
        `In ${n} quarters (${label(PANDAS.first_quarter)} to ${label(PANDAS.last_quarter)}), the value was positive in ${PANDAS.positive}; ` +
          `the story's ${pp(PANDAS.story)} ranks ${ordinal(PANDAS.rank)} of ${n} (top ${Math.round((100 * PANDAS.rank) / n)}%). ` +
          `${PANDAS.left_out} quarter left out: the data does not fully cover it.`,
      );
      await page.waitForSelector('#episode-summary');
      assert.match(
        await page.textContent('#episode-summary'),
        new RegExp(`^${PANDAS.episodes.length} of the ${n} quarters had a value at or above \\${pp(PANDAS.story)} \\(claim 3: `),
      );
      const episodes = (await tableCells(page, 'table.episodes-table')).rows;
      assert.deepEqual(episodes.map((r) => r[0]), PANDAS.episodes.map(label));
      const forward = (await tableCells(page, 'table.forward-table')).rows;
      for (const symbol of ['IWM', 'QQQ', 'SPY']) {
        for (const months of ['1', '3', '6', '12']) {
          const row = forward.find((r) => r[0] === symbol && r[1] === months);
          const [after, all] = [PANDAS.after_episodes[symbol][months], PANDAS.after_all[symbol][months]];
          assert.deepEqual(
            [row[2], row[3], row[4], row[5], row[6], row[9]],
            [pct(after.median), pct(after.q1), pct(after.q3), String(after.count), pct(all.median), String(all.count)],
            `${symbol} ${months} months`,
          );
        }
      }
      if (viewport.width === 390) {
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
      }
      await claim.scrollIntoViewIfNeeded();
      await screenshots(page, `story-history-${viewport.width}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
