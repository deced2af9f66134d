// End-to-end, real-data layer (make test-real): the Concentration view on the built-in sample
// with index weights from the S&P 500 holdings file in ../shared/data.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  assertPng, chartOption, csvLines, download, openView, parseQuotedCsv, readColumn, sampleFile, screenshots, shared,
  statStrip as stats, texts, useBrowser,
} from '../e2e/harness.mjs';

const TREEMAP = '.chart--treemap';
const BARS = '.chart--contributions';
const HOLDINGS = shared('weights', 'sp500_companies.csv');

/**
 * What the view should show for the sample's 2022 (the closes of 2021-12-30, the last before the
 * range, to 2022-12-28) weighted by the holdings file, computed here from the two files: the
 * weights of the sample's members in the file rescaled to sum to 1, each member's return and
 * contribution w x r, the index return (their sum), HHI (the sum of w squared) and 1 / HHI.
 */
function expectedFromFiles() {
  const [head, ...rows] = parseQuotedCsv(readFileSync(HOLDINGS, 'utf8').replace(/^\uFEFF/, ''));
  const [symbolAt, weightAt] = [head.indexOf('Symbol'), head.indexOf('Weight')];
  const fileWeights = new Map(rows.filter((r) => r.length > weightAt).map((r) => [r[symbolAt], Number(r[weightAt])]));
  const sample = sampleFile('sp500_dataset.csv.gz');
  const members = gunzipSync(readFileSync(sample)).toString('utf8').split(/\r?\n/)[0].split(',').slice(1).filter((s) => fileWeights.has(s));
  const total = members.reduce((sum, s) => sum + fileWeights.get(s), 0);
  const member = new Map();
  for (const symbol of members) {
    const closes = readColumn(sample, symbol);
    const weight = fileWeights.get(symbol) / total;
    const r = closes.get('2022-12-28') / closes.get('2021-12-30') - 1;
    member.set(symbol, { weight, r, contribution: weight * r });
  }
  const hhi = [...member.values()].reduce((sum, m) => sum + m.weight ** 2, 0);
  const indexReturn = [...member.values()].reduce((sum, m) => sum + m.contribution, 0);
  return { members, member, hhi, indexReturn, fileShare: total / [...fileWeights.values()].reduce((a, b) => a + b, 0) };
}

async function openConcentration(session) {
  const opened = await openView(session, 'concentration', `${TREEMAP} canvas`);
  await opened.page.waitForTimeout(400);
  return opened;
}

async function loadHoldings(page) {
  await page.setInputFiles('#holdings-input', HOLDINGS);
  await page.waitForSelector('.conc-weights[data-weights="file"]');
  await page.waitForTimeout(300);
}

describe('concentration view with the S&P 500 holdings file', () => {
  const session = useBrowser();

  test('a holdings file gives index weights grouped by sector, and lists what it lacks', async () => {
    const want = expectedFromFiles();
    assert.equal(want.members.length, 19);
    const { context, page } = await openConcentration(session);
    await loadHoldings(page);
    // 19 of the file's 502 holdings are in the sample (not RRC nor the ETFs): 23.6% of its weight.
    assert.equal((100 * want.fileShare).toFixed(1), '23.6');
    assert.match(
      await page.textContent('.conc-weights'),
      /Weights from sp500_companies\.csv\. 19 of 502 holdings have prices for the period, 23\.6% of the file's weight/,
    );
    assert.match(await page.textContent('.conc-missing summary'), /^483 left out for lack of prices$/);
    const tree = await chartOption(page, TREEMAP);
    const sectors = tree.series[0].data;
    assert.deepEqual(
      sectors.map((s) => s.name).sort(),
      ['Consumer Cyclical', 'Consumer Defensive', 'Energy', 'Financial Services', 'Healthcare', 'Industrials', 'Technology'],
    );
    const tech = sectors.find((s) => s.name === 'Technology');
    assert.deepEqual(tech.children.map((c) => c.name).sort(), ['AAPL', 'AMD', 'MSFT']);
    // Technology is the largest weight: first group.
    assert.equal(sectors[0].name, 'Technology');

    const bars = await chartOption(page, BARS);
    // Weighted by the file: XOM adds the most (+3.03 pp), AAPL takes the most (-8.46 pp).
    assert.equal(bars.yAxis[0].data[0], 'XOM');
    assert.equal(bars.yAxis[0].data.at(-1), 'AAPL');
    const byContribution = [...want.member].sort((a, b) => b[1].contribution - a[1].contribution).map(([symbol]) => symbol);
    assert.deepEqual([byContribution[0], byContribution.at(-1)], ['XOM', 'AAPL']);
    const s = await stats(page);
    assert.equal(s['Index return'][0], `${(100 * want.indexReturn).toFixed(2)}%`);
    assert.equal(s['Index return'][0], '-11.67%');
    assert.equal(s['HHI'][0], want.hhi.toFixed(4));
    assert.equal(s['Effective N'][0], (1 / want.hhi).toFixed(1));
    const sectorRows = await texts(page, 'table.conc-sectors tbody th');
    assert.equal(sectorRows.length, 7);

    // Back to equal weights.
    await page.getByRole('button', { name: 'Use equal weights' }).click();
    await page.waitForSelector('.conc-weights[data-weights="equal"]');
    await context.close();
  });

  test('PNG and CSV exports', async () => {
    const { context, page } = await openConcentration(session);
    await loadHoldings(page);
    const png = await download(page, `.chart-frame:has(${TREEMAP}) .tool-button--png`);
    assertPng(png, { minWidth: 400 });

    const csv = await download(page, '.table-block:has(table.conc-members) .tool-button--csv');
    const lines = csvLines(csv.bytes);
    assert.equal(lines[0], 'Symbol,Sector,Weight,Return,Contribution (pp),Share of total');
    assert.equal(lines.length, 20);
    const xom = lines[1].split(',');
    assert.deepEqual(xom.slice(0, 2), ['XOM', 'Energy']);
    // Against the files: each member's weight, return and contribution, and the index return
    // (the CSV writes percentages with 5 decimals).
    const want = expectedFromFiles();
    const near = (a, b) => Math.abs(a - b) <= 5e-6 + 1e-12;
    assert.equal(Number(xom[3]).toFixed(2), '85.36');
    for (const line of lines.slice(1)) {
      const [symbol, , weight, r, contribution] = line.split(',');
      const m = want.member.get(symbol);
      assert.ok(near(Number(weight), 100 * m.weight), `${symbol} weight ${weight} vs ${100 * m.weight}`);
      assert.ok(near(Number(r), 100 * m.r), `${symbol} return ${r} vs ${100 * m.r}`);
      assert.ok(near(Number(contribution), 100 * m.contribution), `${symbol} contribution ${contribution}`);
    }
    const total = lines.slice(1).reduce((sum, line) => sum + Number(line.split(',')[4]), 0);
    assert.ok(Math.abs(total - 100 * want.indexReturn) < 19 * 5e-6, `${total} vs ${100 * want.indexReturn}`);
    await context.close();
  });

  test('screenshots at 1440 and 390 px with holdings', async () => {
    const { context, page } = await openConcentration(session);
    await loadHoldings(page);
    await screenshots(page, 'concentration-holdings');
    await context.close();
  });
});
