// End-to-end, real-data layer (make test-real): the two fronts agree. In the browser, the story's
// funds and two yields from ../shared/data are loaded and a view is set up; its share link is
// given to `rotlab view --link` with the same files, and every table the view downloads equals
// what the command line prints, cell for cell.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  ROOT, csvLines, download, gotoView, importDataset, openPage, setValue, shared, shareLink, useBrowser, waitForOverview,
} from '../e2e/harness.mjs';

const FILES = ['SPY', 'QQQ', 'IWM'].map((s) => shared('etf', `${s}.csv`)).concat(shared('rates', 'DGS10.csv'), shared('rates', 'DFF.csv'));
const ROTLAB = join(ROOT, 'target', 'debug', 'rotlab');

/** The tables `rotlab view --link` prints as CSV, one after another, split. */
function rotlabTables(link) {
  const out = execFileSync(ROTLAB, ['view', '--link', link, '--format', 'csv', ...FILES], { encoding: 'utf8' });
  return out.split(/\r?\n\s*\r?\n/).map((t) => t.trim()).filter((t) => t !== '');
}

/** A CSV's header and its rows sorted (a download follows the table's sort, the CLI does not). */
function sortedCsv(text) {
  const [header, ...rows] = csvLines(text);
  return [header, ...rows.sort()];
}

describe('the app and rotlab view --link agree', () => {
  const session = useBrowser();
  before(() => {
    // The command line, built as `cargo test --test real` builds it (a no-op when it is).
    execFileSync('cargo', ['build', '--locked', '--quiet', '--bin', 'rotlab'], { cwd: ROOT, stdio: 'inherit' });
  });

  test('Risk on Q3 2025 with the 10-year and fed funds yields ticked', async () => {
    const { context, page } = await openPage(session.browser, session.server.url);
    await waitForOverview(page);
    await importDataset(page, FILES, 'Q3 funds and rates');
    for (const symbol of ['SPY', 'QQQ', 'IWM', 'DGS10', 'DFF']) await page.check(`#pick-${symbol}`);
    await setValue(page, '#range-from', '2025-07-01');
    await setValue(page, '#range-to', '2025-09-30');
    await gotoView(page, 'risk');
    await page.waitForFunction(() => document.querySelectorAll('table.risk-stats tbody tr').length === 3);
    assert.match(await page.textContent('.risk-notes'), /DGS10 is a yield % series/);
    const stats = await download(page, '.table-block:has(table.risk-stats) .tool-button');
    const corr = await download(page, '.table-block:has(table.risk-corr-table) .tool-button');
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
});
