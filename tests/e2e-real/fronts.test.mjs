// End-to-end, real-data layer (make test-real): the two fronts agree. In the browser, the story's
// funds and two yields from ../shared/data are loaded and a view is set up; its share link is
// given to `rotlab view --link` with the same files, and every table the view downloads equals
// what the command line prints, cell for cell.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  ROOT, csvLines, download, gotoView, importDataset, openPage, openStoryPreset, setValue, shared, shareLink, storyVerdicts, useBrowser,
  waitForOverview,
} from '../e2e/harness.mjs';

const FILES = ['SPY', 'QQQ', 'IWM'].map((s) => shared('etf', `${s}.csv`)).concat(shared('rates', 'DGS10.csv'), shared('rates', 'DFF.csv'));
const ROTLAB = join(ROOT, 'target', 'debug', 'rotlab');

/** What `rotlab view --link` prints for the link and the files, in `format`. */
function rotlab(link, files, format, extra = []) {
  return execFileSync(ROTLAB, ['view', '--link', link, '--format', format, ...extra, ...files], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20 });
}

/** The tables `rotlab view --link` prints as CSV, one after another, split. */
function rotlabTables(link, files = FILES, extra = []) {
  return rotlab(link, files, 'csv', extra).split(/\r?\n\s*\r?\n/).map((t) => t.trim()).filter((t) => t !== '');
}

/** A CSV's header and its rows sorted (a download follows the table's sort, the CLI does not). */
function sortedCsv(text) {
  const [header, ...rows] = csvLines(text);
  return [header, ...rows.sort()];
}

/**
 * Asserts two CSV texts hold the same table: the same rows (in any order) and cells, numbers
 * equal to 1e-12 relative. Transcendental functions (atan2 for a rotation's heading) may differ
 * in the last bit between the wasm build's libm and the native one's; nothing else may differ.
 */
function assertSameTable(app, cli) {
  const [a, b] = [sortedCsv(app), sortedCsv(cli)];
  assert.equal(a.length, b.length, 'row count');
  a.forEach((row, i) => {
    const [x, y] = [row.split(','), b[i].split(',')];
    assert.equal(x.length, y.length, `cells of ${row}`);
    x.forEach((cell, j) => {
      const [p, q] = [Number(cell), Number(y[j])];
      if (cell === y[j]) return;
      assert.ok(cell !== '' && Number.isFinite(p) && Number.isFinite(q) && Math.abs(p - q) <= 1e-12 * Math.max(1, Math.abs(q)), `${row}\n${b[i]}`);
    });
  });
}

/**
 * A fresh page with `files` added as one dataset, `tick` ticked and the range set (Q3 2025 by
 * default): the state a user builds before taking a view's link.
 */
async function withData(session, files, { tick = [], from = '2025-07-01', to = '2025-09-30' } = {}) {
  const opened = await openPage(session.browser, session.server.url);
  await waitForOverview(opened.page);
  await importDataset(opened.page, files, 'Real data');
  for (const symbol of tick) await opened.page.check(`#pick-${symbol}`);
  await setValue(opened.page, '#range-from', from);
  await setValue(opened.page, '#range-to', to);
  return opened;
}

describe('the app and rotlab view --link agree', () => {
  const session = useBrowser();
  before(() => {
    // The command line, built as `cargo test --test real` builds it (a no-op when it is).
    execFileSync('cargo', ['build', '--locked', '--quiet', '--bin', 'rotlab'], { cwd: ROOT, stdio: 'inherit' });
  });

  test('Risk on Q3 2025 with the 10-year and fed funds yields ticked', async () => {
    const { context, page } = await withData(session, FILES, { tick: ['SPY', 'QQQ', 'IWM', 'DGS10', 'DFF'] });
    await gotoView(page, 'risk');
    await page.waitForFunction(() => document.querySelectorAll('table.risk-stats tbody tr').length === 3);
    assert.match(await page.textContent('.risk-notes'), /DGS10 is a yield % series/);
    const stats = await download(page, '.table-block:has(table.risk-stats) .tool-button--csv');
    const corr = await download(page, '.table-block:has(table.risk-corr-table) .tool-button--csv');
    const { link } = await shareLink(page);
    assert.match(link, /#\/risk\?s=/);

    const [cliStats, cliCorr] = rotlabTables(link);
    assert.deepEqual(sortedCsv(stats.bytes.toString('utf8')), sortedCsv(cliStats));
    assert.deepEqual(sortedCsv(corr.bytes.toString('utf8')), sortedCsv(cliCorr));
    // And both are the closes' numbers: SPY's volatility 8.80847% (python over etf/SPY.csv's
    // 63 returns from 2025-07-01 to 2025-09-30, sample SD x sqrt(252); see tests/real/lab.rs).
    const spy = csvLines(cliStats).find((l) => l.startsWith('SPY,')).split(',');
    assert.equal(spy[3], '8.80847');
    await context.close();
  });

  test('Overview on Q3 2025: the period returns table', async () => {
    const { context, page } = await withData(session, FILES);
    await page.waitForFunction(() => document.querySelector('table.returns caption')?.textContent.includes('2025-09-30'));
    const returns = await download(page, '.table-block:has(table.returns) .tool-button--csv');
    const { link } = await shareLink(page);
    assert.match(link, /#\/overview\?s=/);
    const [cliReturns] = rotlabTables(link);
    assert.deepEqual(sortedCsv(returns.bytes.toString('utf8')), sortedCsv(cliReturns));
    // SPY's range return from the June 30 close (the last before the range): +8.12%
    // (etf/SPY.csv: 660.7060546875 / 611.0790405273438 - 1).
    const spy = csvLines(cliReturns).find((l) => l.startsWith('SPY,')).split(',');
    assert.equal(Number(spy[2]).toFixed(2), (100 * (660.7060546875 / 611.0790405273438 - 1)).toFixed(2));
    await context.close();
  });

  test('Story check: the AI-rotation preset on the funds and the 10-year yield', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await importDataset(page, FILES, 'Q3 funds and rates');
    await openStoryPreset(page);
    const shown = await storyVerdicts(page);
    const { link } = await shareLink(page);
    assert.match(link, /#\/story-check\?s=/);
    const out = execFileSync(ROTLAB, ['story', '--link', link, ...FILES], { encoding: 'utf8' });
    const claims = JSON.parse(out).claims;
    const label = (v) => (typeof v === 'string' ? v : Object.keys(v)[0]).replace('NotCheckable', 'Not checkable');
    assert.deepEqual(shown.map(([verdict]) => verdict), claims.map((c) => label(c.evaluation.verdict)));
    // The first claim's computed value: QQQ from the June 30 close, +8.96% (etf/QQQ.csv).
    assert.equal(shown[0][1], `+${(100 * claims[0].evaluation.value).toFixed(2)}%`);
    assert.equal(shown[0][1], `+${(100 * (598.1849975585938 / 548.9959106445312 - 1)).toFixed(2)}%`);
    await context.close();
  });

  test('Rotation on Q3 2025: the 41 funds of the Tiingo file against SPY', async () => {
    const wide = shared('etf-adjclose-tiingo-2021-2026.csv');
    const { context, page } = await withData(session, [wide]);
    await gotoView(page, 'rotation');
    await page.waitForSelector('table.rotation-table tbody tr', { timeout: 60_000 });
    await page.check('#rot-every');
    await page.waitForFunction(() => document.querySelectorAll('table.rotation-table tbody tr').length === 41, null, { timeout: 60_000 });
    const table = await download(page, '.table-block:has(table.rotation-table) .tool-button--csv');
    const { link } = await shareLink(page);
    assert.match(link, /#\/rotation\?s=/);
    const [cliTable] = rotlabTables(link, [wide]);
    assert.equal(csvLines(cliTable).length, 42);
    assertSameTable(table.bytes.toString('utf8'), cliTable);
    await context.close();
  });

  test('Rates on Q3 2025: the funds against the 10-year yield, daily', async () => {
    const { context, page } = await withData(session, FILES, { tick: ['SPY', 'QQQ', 'IWM'] });
    await gotoView(page, 'rates');
    await page.waitForSelector('table.sensitivity-table tbody tr', { timeout: 60_000 });
    assert.equal(await page.$eval('#rates-yield', (s) => s.value), 'DGS10');
    const table = await download(page, '.table-block:has(.sensitivity-table) .table-tools .tool-button--csv');
    const { link } = await shareLink(page);
    assert.match(link, /#\/rates\?s=/);
    const [cliTable] = rotlabTables(link);
    assertSameTable(table.bytes.toString('utf8'), cliTable);
    // IWM's beta in the one convention: -4.40% per 100 bp over 64 pairs (tests/real/lab.rs).
    const iwm = csvLines(cliTable).find((l) => l.startsWith('IWM,')).split(',');
    assert.equal(Number(iwm[2]).toFixed(2), '-4.40');
    assert.equal(iwm[3], '64');
    await context.close();
  });

  test('Strategy lab: top 2 of the ticked funds, 2022 to Q3 2025', async () => {
    const { context, page } = await withData(session, FILES, { tick: ['SPY', 'QQQ', 'IWM'], from: '2022-01-03' });
    await gotoView(page, 'strategy-lab');
    await page.waitForSelector('table.trades tbody tr', { timeout: 60_000 });
    const stats = await download(page, '.table-block:has(table.strategy-stats) .tool-button--csv');
    const trades = await download(page, '.table-block:has(table.trades) .tool-button--csv');
    const { link } = await shareLink(page);
    assert.match(link, /#\/strategy-lab\?s=/);
    const [cliStats, cliTrades] = rotlabTables(link);
    assertSameTable(stats.bytes.toString('utf8'), cliStats);
    assertSameTable(trades.bytes.toString('utf8'), cliTrades);
    assert.ok(csvLines(cliTrades).length > 5, cliTrades);
    await context.close();
  });

  test('Concentration on the built-in sample weighted by the S&P 500 holdings file', async () => {
    const holdings = shared('weights', 'sp500_companies.csv');
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await gotoView(page, 'concentration');
    await page.setInputFiles('#holdings-input', holdings);
    await page.waitForSelector('.conc-weights[data-weights="file"]');
    await page.waitForSelector('table.conc-members tbody tr');
    const members = await download(page, '.table-block:has(table.conc-members) .tool-button--csv');
    const sectors = await download(page, '.table-block:has(table.conc-sectors) .tool-button--csv');
    const { link } = await shareLink(page);
    const [cliMembers, cliSectors] = rotlabTables(link, [], ['--holdings', holdings]);
    assertSameTable(members.bytes.toString('utf8'), cliMembers);
    assertSameTable(sectors.bytes.toString('utf8'), cliSectors);
    assert.equal(csvLines(cliMembers).length, 20);
    await context.close();
  });

  test('Story check history: the base rates, the forward returns and the episodes of the Q3 2025 claims', async () => {
    const { context, page } = await withData(session, FILES);
    await openStoryPreset(page);
    await page.waitForSelector('table.episodes-table tbody tr', { timeout: 60_000 });
    const rates = await download(page, '.table-block:has(table.base-rates) .tool-button--csv');
    const forward = await download(page, '.table-block:has(table.forward-table) .tool-button--csv');
    const episodes = await download(page, '.table-block:has(table.episodes-table) .tool-button--csv');
    const { link } = await shareLink(page);
    const [cliRates, cliEpisodes, cliForward] = rotlabTables(link);
    assertSameTable(rates.bytes.toString('utf8'), cliRates);
    assertSameTable(episodes.bytes.toString('utf8'), cliEpisodes);
    assertSameTable(forward.bytes.toString('utf8'), cliForward);
    // The four claims the funds and the yield can check have a base rate (the Nasdaq-100, the
    // Russell 2000, their difference, the rate sensitivity); IWM, QQQ and SPY at four horizons
    // make twelve forward rows.
    assert.equal(csvLines(cliRates).length, 1 + 4);
    assert.equal(csvLines(cliForward).length, 1 + 12);
    await context.close();
  });

  test('Relative strength on Q3 2025: the story pairs and the pairs table', async () => {
    const { context, page } = await withData(session, FILES);
    await gotoView(page, 'relative-strength');
    await page.waitForSelector('table.pairs-table tbody tr', { timeout: 60_000 });
    await page.getByRole('button', { name: 'IWM / SPY' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.pairs-table tbody tr').length === 2);
    const table = await download(page, '.table-block:has(.pairs-table) .table-tools .tool-button--csv');
    const { link } = await shareLink(page);
    assert.match(link, /#\/relative-strength\?s=/);
    const [cliTable] = rotlabTables(link);
    assertSameTable(table.bytes.toString('utf8'), cliTable);
    assert.equal(csvLines(cliTable).length, 3);
    await context.close();
  });

  test('Breadth on Q3 2025 over the 495-column S&P 500 file, with the history before the range', async () => {
    const sp500 = shared('large', 'sp500-adjclose-2022-2026.csv');
    const { context, page } = await withData(session, [sp500]);
    await gotoView(page, 'breadth');
    await page.waitForSelector('table.breadth-members tbody tr', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('#breadth-stats-title')?.textContent.includes('2025-09-30'));
    const members = await download(page, '.table-block:has(table.breadth-members) .tool-button--csv');
    const strip = await page.$$eval('.stat-strip .stat', (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
    const { link } = await shareLink(page);
    assert.match(link, /#\/breadth\?s=/);

    const [cliMembers] = rotlabTables(link, [sp500]);
    assert.deepEqual(sortedCsv(members.bytes.toString('utf8')), sortedCsv(cliMembers));
    // The stat strip's counts on the last date are the command line's last points.
    const r = JSON.parse(rotlab(link, [sp500], 'json'));
    const above = r.above.at(-1);
    const hl = r.highs_lows.at(-1);
    assert.equal(above.date, '2025-09-30');
    assert.ok(strip.some((t) => t.includes(`${above.count} of ${above.members} members on 2025-09-30`)), strip.join(' | '));
    assert.ok(strip.some((t) => t.includes(`${hl.highs} / ${hl.lows}`)), strip.join(' | '));
    // With the history: every one of the file's 495 price series has a 50-day average on the
    // range's first day (none would without the history before it).
    assert.equal(r.above[0].date, '2025-07-01');
    assert.equal(r.above[0].members, 495);
    await context.close();
  });
});
