// End-to-end: how unusual a claim is and what came next. On a dataset of two years of daily
// closes (harness.loadedDatasetFile, made by a fixed rule), the story's Q3 2025 claim that the
// Russell 2000 (IWM) beat the Nasdaq-100 (QQQ) is set against every calendar quarter the data
// covers, and the quarters at least as far ahead are listed with the forward returns of IWM,
// QQQ and SPY. Every expected figure is computed here from the file's closes, by the
// conventions README states: a quarter's return from the last close before it to the last
// close in it; forward returns from a quarter's last close to the last close on or before the
// last day of the month h months later.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  axeViolations,
  importDataset,
  loadedDatasetFile,
  openPage,
  openStoryPreset,
  shareLink,
  tableCells,
  useBrowser,
  waitForOverview,
} from './harness.mjs';

const FILE = loadedDatasetFile();

/** The file's closes: symbol -> [[date, close], ...] in date order. */
function closesOf(file) {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));
  const out = {};
  header.slice(1).forEach((symbol, i) => {
    out[symbol] = rows.map((r) => [r[0], Number(r[i + 1])]);
  });
  return out;
}

const lastOnOrBefore = (series, date) => series.filter(([d]) => d <= date).pop();
const lastBefore = (series, date) => series.filter(([d]) => d < date).pop();
const monthEnd = (year, month) => new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10);

/** Calendar quarters from Q1 2024 to Q4 2025: [label, first day, last day]. */
function quarters() {
  const out = [];
  for (const year of [2024, 2025]) {
    for (let q = 0; q < 4; q += 1) {
      out.push([`Q${q + 1} ${year}`, `${year}-${String(3 * q + 1).padStart(2, '0')}-01`, monthEnd(year, 3 * q + 2)]);
    }
  }
  return out;
}

function quarterReturn(series, from, to) {
  const base = lastBefore(series, from);
  const end = lastOnOrBefore(series, to);
  if (!base || !end || end[0] < from) return null;
  return end[1] / base[1] - 1;
}

/** Forward return over `months` from the last close on or before `end` (a month's last day). */
function forwardReturn(series, end, months) {
  const [y, m] = end.split('-').map(Number);
  const target = monthEnd(y, m - 1 + months);
  const start = lastOnOrBefore(series, end);
  const later = lastOnOrBefore(series, target);
  const days = (a, b) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
  if (!start || !later || later[0] <= end || days(later[0], target) > 7) return null;
  return later[1] / start[1] - 1;
}

/** pandas' default quantile: linear between order statistics. */
function quantile(values, p) {
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * p;
  const k = Math.floor(h);
  return x[k] + ((x[Math.min(k + 1, x.length - 1)] - x[k]) * (h - k));
}

const cells = async (page, selector) => (await tableCells(page, selector)).rows;
const pp = (v) => `${v >= 0 ? '+' : '-'}${Math.abs(v * 100).toFixed(2)} pp`;
const pct = (v) => `${v >= 0 ? '+' : '-'}${Math.abs(v * 100).toFixed(2)}%`;

describe('how unusual a claim is, and what came next', () => {
  const session = useBrowser();
  const closes = closesOf(FILE);
  const last = closes.IWM[closes.IWM.length - 1][0];
  // Quarters that end within the data; Q1 2024 has no close before it.
  const periods = quarters()
    .filter(([, , to]) => to <= last)
    .map(([label, from, to]) => {
      const a = quarterReturn(closes.IWM, from, to);
      const b = quarterReturn(closes.QQQ, from, to);
      return { label, to, value: a === null || b === null ? null : a - b };
    });
  const covered = periods.filter((p) => p.value !== null);
  const story = covered.find((p) => p.label === 'Q3 2025');
  const rank = 1 + covered.filter((p) => p.value > story.value).length;
  const positive = covered.filter((p) => p.value > 0).length;
  const episodes = covered.filter((p) => p.value >= story.value);

  test('the claim is set against every quarter, and the quarters as far ahead are listed with what followed', async () => {
    assert.equal(covered.length, 6, 'Q2 2024 to Q3 2025');
    assert.equal(periods.length - covered.length, 1, 'Q1 2024 left out');
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await importDataset(page, [FILE], 'Funds');
    await openStoryPreset(page);
    const claim = page.locator('.claim[data-claim="2"]');
    const sentence =
      `In 6 quarters (Q2 2024 to Q3 2025), the value was positive in ${positive}; the story's ${pp(story.value)} ranks ` +
      `${['1st', '2nd', '3rd', '4th', '5th', '6th'][rank - 1]} of 6 (top ${Math.round((100 * rank) / 6)}%). ` +
      '1 quarter left out: the data does not fully cover it. A small sample: fewer than 10 quarters, read the rank with care.';
    assert.equal(await claim.locator('.base-rate__sentence').textContent(), sentence);
    // The strip: a dot per other quarter, the story's marked, named by the sentence.
    assert.equal(await claim.locator('.strip').getAttribute('aria-label'), sentence);
    assert.equal(await claim.locator('.strip__dot').count(), 5);
    assert.equal(await claim.locator('.strip__label').textContent(), `the story's ${pp(story.value)}`);
    // The periods as a table.
    await claim.getByRole('button', { name: 'Show the periods' }).click();
    const rows = await cells(page, '.claim[data-claim="2"] table.periods-table');
    assert.deepEqual(
      rows.map((r) => [r[0], r[3]]),
      covered.map((p) => [p.label === 'Q3 2025' ? "Q3 2025 (the story's)" : p.label, pp(p.value)]),
    );

    // Episodes: the quarters at or above the story's, by default for the first comparison.
    await page.waitForSelector('#episode-summary');
    assert.equal(
      await page.textContent('#episode-summary'),
      `${episodes.length} of the 6 quarters had a value at or above ${pp(story.value)} (claim 3: return of Russell 2000 minus return of Nasdaq-100). ` +
        'Each episode is known at the close of its last day and the forward returns start there (no look-ahead), next to the same returns after every quarter. ' +
        'Fewer than 10 episodes: a small sample, read the medians with care.',
    );
    const listed = await cells(page, 'table.episodes-table');
    assert.deepEqual(
      listed.map((r) => r[0]),
      episodes.map((e) => e.label),
    );
    // IWM's 1-month return after each episode, and the median after all quarters.
    const heads = await page.$$eval('table.episodes-table thead th', (ths) => ths.map((t) => t.textContent.trim()));
    const col = heads.indexOf('IWM 1 mo');
    assert.deepEqual(
      listed.map((r) => r[col]),
      episodes.map((e) => {
        const r = forwardReturn(closes.IWM, e.to, 1);
        return r === null ? '–' : pct(r);
      }),
    );
    const forward = await cells(page, 'table.forward-table');
    const iwm3 = forward.find((r) => r[0] === 'IWM' && r[1] === '3');
    const all3 = covered.map((p) => forwardReturn(closes.IWM, p.to, 3)).filter((r) => r !== null);
    assert.equal(iwm3[6], pct(quantile(all3, 0.5)));
    assert.equal(iwm3[9], String(all3.length));

    // Another rule: every quarter IWM was ahead at all. It travels in the link.
    await page.selectOption('#episode-direction', 'above');
    await page.fill('#episode-threshold', '0');
    await page.press('#episode-threshold', 'Tab');
    await page.waitForFunction((n) => document.querySelectorAll('table.episodes-table tbody tr').length === n, positive);
    const { link } = await shareLink(page, { embed: true });
    const again = await openPage(session.browser, link);
    await again.page.waitForSelector('#episode-summary');
    assert.match(await again.page.textContent('#episode-summary'), new RegExp(`^${positive} of the 6 quarters had a value at or above \\+0\\.00 pp`));
    await again.context.close();

    // Accessible, and it fits a phone.
    assert.deepEqual(await axeViolations(page), []);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
