// End-to-end: the Concentration view on the built-in sample (release build, system Chromium),
// with equal weights. With the S&P 500 holdings file from ../shared/data it is in
// tests/e2e-real/view-concentration.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { canvasInk, chartOption, openView, readColumn, sampleFile, screenshots, setValue, statStrip as stats, useBrowser, waitForOption } from './harness.mjs';

const TREEMAP = '.chart--treemap';
const BARS = '.chart--contributions';

/**
 * The equal-weight contributions of the sample's 25 price series (20 stocks, 5 factor ETFs) over
 * 2022, computed here from the sample's files: 4% x (close 2022-12-28 / close 2021-12-30 - 1),
 * largest first, and the index return (their sum).
 */
function equalWeightContributions() {
  const contributions = [];
  for (const file of ['sp500_dataset.csv.gz', 'factors_dataset.csv.gz']) {
    const path = sampleFile(file);
    const symbols = gunzipSync(readFileSync(path)).toString('utf8').split(/\r?\n/)[0].split(',').slice(1);
    for (const symbol of symbols) {
      const closes = readColumn(path, symbol);
      contributions.push(0.04 * (closes.get('2022-12-28') / closes.get('2021-12-30') - 1));
    }
  }
  contributions.sort((a, b) => b - a);
  return { contributions, indexReturn: contributions.reduce((a, b) => a + b, 0) };
}

async function openConcentration(session) {
  const opened = await openView(session, 'concentration', `${TREEMAP} canvas`);
  await opened.page.waitForTimeout(400);
  return opened;
}

describe('concentration view on the built-in sample', () => {
  const session = useBrowser();

  test('equal weights: a treemap tile and a bar per member, and the stat strip', async () => {
    const { context, page, problems } = await openConcentration(session);
    assert.match(await page.textContent('.conc-weights'), /Equal weights: load holdings for index weights/);
    const ink = await canvasInk(page, `${TREEMAP} canvas`);
    assert.ok(ink > 0.2, `the treemap is nearly blank (${(ink * 100).toFixed(2)}% drawn)`);
    assert.ok((await canvasInk(page, `${BARS} canvas`)) > 0.02, 'the contribution chart is blank');
    const tree = await chartOption(page, TREEMAP);
    const tiles = tree.series[0].data;
    // The 20 stocks and 5 factor ETFs, 4% each, no sectors: one flat level.
    assert.equal(tiles.length, 25);
    assert.ok(tiles.every((t) => t.value[0] === 4 && !t.children));
    const xom = tiles.find((t) => t.name === 'XOM');
    // 2022 to Dec 28: 57.525 -> 106.627 = +85.36%, so 4% x 85.36% = 3.41 pp.
    assert.deepEqual(xom.value, [4, 85.36, 3.414]);
    assert.equal(tree.visualMap[0].dimension, 1);

    const bars = await chartOption(page, BARS);
    const categories = bars.yAxis[0].data;
    assert.equal(categories.length, 25);
    assert.deepEqual(categories.slice(0, 3), ['XOM', 'CVX', 'MRK']);
    assert.equal(categories.at(-1), 'AMD');
    assert.deepEqual(bars.series.map((s) => s.name), ['Contributors', 'Detractors']);
    assert.equal(bars.series[0].data.length, 10);
    assert.equal(bars.series[1].data.length, 15);

    const s = await stats(page);
    // Mean of the 25 returns: -0.55%.
    assert.equal(s['Index return'][0], '-0.55%');
    assert.deepEqual(s['HHI'][0], '0.0400');
    assert.deepEqual(s['Effective N'], ['25.0', '1 / HHI, of 25 members']);
    // XOM's 3.41 pp against an index return of -0.55%: a share of -622%, flagged as unstable.
    assert.deepEqual(s['Top 1 share'], ['-622%', 'XOM of the index return']);
    // The N largest contributions over the index return, from the files.
    const want = equalWeightContributions();
    assert.equal(want.contributions.length, 25);
    assert.equal(s['Index return'][0], `${(100 * want.indexReturn).toFixed(2)}%`);
    const share = (n) => `${Math.round((100 * want.contributions.slice(0, n).reduce((a, b) => a + b, 0)) / want.indexReturn)}%`;
    assert.equal(s['Top 1 share'][0], share(1));
    assert.equal(s['Top 5 share'][0], share(5));
    assert.equal(s['Top 10 share'][0], share(10));
    assert.match(await page.textContent('.conc-unstable'), /The index return \(-0\.55%\) is small next to the members' gross contributions/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the period presets and the members switch change the option', async () => {
    const { context, page } = await openConcentration(session);
    const before = await chartOption(page, TREEMAP);
    await page.getByRole('button', { name: 'QTD', exact: true }).click();
    await page.waitForFunction(() => /2022-10-01 to 2022-12-28/.test(document.querySelector('#conc-stats-title').textContent));
    const after = await chartOption(page, TREEMAP);
    assert.notDeepEqual(after.series[0].data, before.series[0].data);

    await page.getByRole('button', { name: /^Ticked symbols/ }).click();
    await waitForOption(page, TREEMAP, (option) => option.series[0].data.length === 5);
    const names = (await chartOption(page, TREEMAP)).series[0].data.map((t) => t.name).sort();
    assert.deepEqual(names, ['AAPL', 'AMD', 'CVX', 'MSFT', 'XOM']);

    // A period before the data: an empty state that says why, with each member's reason. QTD
    // still applies, as of the new end of the range.
    await setValue(page, '#conc-from', '1980-01-02');
    await setValue(page, '#conc-to', '1985-12-31');
    await page.waitForSelector('.conc-empty');
    assert.match(await page.textContent('.conc-empty'), /None of the 5 members has prices for 1985-10-01 to 1985-12-31/);
    assert.match(await page.textContent('.conc-missing__list'), /XOM no close within 7 days before 1985-12-31 \(last close 2022-12-28\)/);
    assert.match(await page.textContent('.conc-empty .conc-missing summary'), /^5 left out for lack of prices$/);
    await context.close();
  });

  test('a malformed holdings file is named with its line and problem', async () => {
    const { context, page } = await openConcentration(session);
    await page.setInputFiles('#holdings-input', {
      name: 'bad-weights.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Symbol,Weight,Sector\nAAPL,7.1,Technology\nXOM,-1,Energy\n'),
    });
    const alert = await page.waitForSelector('.notice--error[role="alert"]');
    assert.equal(
      (await alert.textContent()).trim(),
      'The holdings file could not be read: bad-weights.csv:3:2 (column Weight): a weight cannot be negative, found -1',
    );
    // The view keeps equal weights.
    assert.ok(await page.$('.conc-weights[data-weights="equal"]'));
    await context.close();
  });

  test('screenshots at 1440 and 390 px, equal weights', async () => {
    const { context, page, problems } = await openConcentration(session);
    await screenshots(page, 'concentration');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
