// End-to-end: the Rotation view on the built-in sample (2022: XOM, CVX, MSFT, AAPL, AMD against
// SP500, weekly bars), release build in the system Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPng, canvasInk, chartOption, csvLines, download, gotoView, openView, screenshots, setValue, tableRows as readTableRows, useBrowser, waitForOption } from './harness.mjs';

const CHART = '.chart--rotation';
const BENCH = '.chart--rotation-benchmark';
const UNIVERSE = ['AAPL', 'AMD', 'CVX', 'MSFT', 'XOM'];

async function openRotation(session) {
  const opened = await openView(session, 'rotation', `${CHART} canvas`);
  await waitForHeads(opened.page, UNIVERSE.length);
  return opened;
}

/** Waits until the chart's option has `n` heads. */
async function waitForHeads(page, n) {
  await waitForOption(
    page,
    CHART,
    (option, n) => option.series.filter((s) => /^(heads-|focus)/.test(s.id)).reduce((k, s) => k + (s.data?.length ?? 0), 0) === n,
    n,
  );
}

/** The heads in the option: symbol -> { quadrant, x, y, opacity }. */
async function heads(page) {
  const option = await chartOption(page, CHART);
  const out = {};
  for (const s of option.series.filter((s) => /^(heads-|focus)/.test(s.id))) {
    for (const item of s.data ?? []) {
      out[item.name] = { quadrant: s.name, x: item.value[0], y: item.value[1], opacity: item.itemStyle?.opacity ?? 1, focus: s.id === 'focus' };
    }
  }
  return out;
}

/** The tails in the option: symbol -> { points, opacity, dates } (a tail series holds several
 * symbols separated by gaps; its points are named "SYMBOL · date"). */
async function tails(page) {
  const option = await chartOption(page, CHART);
  const out = {};
  for (const s of option.series.filter((s) => /^(tails-|focus-tail)/.test(s.id))) {
    for (const item of s.data ?? []) {
      if (item === null || item === undefined || item.name === undefined) continue;
      const [symbol, date] = item.name.split(' · ');
      out[symbol] ??= { points: 0, opacity: s.lineStyle.opacity, dates: [], quadrant: s.name };
      out[symbol].points += 1;
      out[symbol].dates.push(date);
    }
  }
  return out;
}

/** Moves a range input (a slider fires `input` as it moves). */
const setRange = (page, selector, value) => setValue(page, selector, value, 'input');

async function setNumber(page, selector, value) {
  await page.fill(selector, String(value));
  await page.dispatchEvent(selector, 'change');
}

const dateLabel = (page) => page.$eval('label[for="rot-date"]', (l) => l.textContent.replace('Date: ', '').trim());

/** The rotation table's cells by symbol and column label. */
const tableRows = (page) => readTableRows(page, 'table.rotation-table');

describe('rotation view on the built-in sample', () => {
  const session = useBrowser();

  test('draws the 2022 story: five symbols against SP500 at the end of 2022, with no error', async () => {
    const { context, page, problems } = await openRotation(session);
    await page.waitForTimeout(300);
    const ink = await canvasInk(page, `${CHART} canvas`);
    assert.ok(ink > 0.05, `the rotation canvas is nearly blank (${(ink * 100).toFixed(2)}%)`);
    assert.ok((await canvasInk(page, `${BENCH} canvas`)) > 0.02);
    assert.equal(await dateLabel(page), '2022-12-28');
    const h = await heads(page);
    assert.deepEqual(Object.keys(h).sort(), UNIVERSE);
    // 2022: energy leads, big tech lags.
    assert.equal(h.XOM.quadrant, 'Leading');
    assert.equal(h.CVX.quadrant, 'Leading');
    assert.equal(h.MSFT.quadrant, 'Lagging');
    const option = await chartOption(page, CHART);
    assert.equal(option.series.filter((s) => s.id.startsWith('quadrant-')).length, 4);
    const t = await tails(page);
    assert.deepEqual(Object.keys(t).sort(), UNIVERSE);
    assert.ok(Object.values(t).every((x) => x.points === 6));
    // The formula in words under the chart, the benchmark's tail window shaded.
    assert.match(await page.textContent('.rotation-formula-text'), /RS-Ratio = 100 x SMA10\(RS\) \/ SMA30\(RS\)/);
    const bench = await chartOption(page, BENCH);
    assert.equal(bench.series[0].name, 'SP500');
    assert.deepEqual(bench.series[0].markArea.data[0].map((d) => d.xAxis), [`${t.XOM.dates[0]}T00:00:00Z`, '2022-12-28T00:00:00Z']);
    // The table: every symbol once, sorted by quadrant.
    const rows = await tableRows(page);
    assert.deepEqual(rows.map((r) => r.Symbol).sort(), UNIVERSE);
    const order = ['Leading', 'Weakening', 'Lagging', 'Improving'];
    const ranks = rows.map((r) => order.findIndex((q) => r.Quadrant.endsWith(q)));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    assert.equal(rows.find((r) => r.Symbol === 'XOM')['RS-Ratio'], h.XOM.x.toFixed(2));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('tail length, tails, labels, bars and the formula change what is drawn', async () => {
    const { context, page } = await openRotation(session);
    await setRange(page, '#rot-tail', 12);
    await waitForOption(page, CHART, (option) => option.series.flatMap((s) => s.data ?? []).filter((d) => d?.name?.startsWith('XOM · ')).length === 12);
    assert.equal((await tails(page)).XOM.points, 12);
    assert.equal(await page.textContent('label[for="rot-tail"]'), 'Tail: 12 weeks');
    const before = await heads(page);

    await page.uncheck('#rot-show-tails');
    await waitForOption(page, CHART, (option) => !option.series.some((s) => s.id.startsWith('tails-')));
    await page.check('#rot-show-tails');
    await page.uncheck('#rot-show-labels');
    await waitForOption(page, CHART, (option) => option.series.filter((s) => s.id.startsWith('heads-')).every((s) => s.label.show === false));

    // A faster trend: every head moves, the words follow.
    await setNumber(page, '#rot-fast', 5);
    await waitForOption(
      page,
      CHART,
      (option, x) => option.series.some((s) => s.id.startsWith('heads-') && s.data?.some((d) => d.name === 'XOM' && d.value[0] !== x)),
      before.XOM.x,
    );
    assert.match(await page.textContent('.rotation-formula-text'), /SMA5\(RS\) \/ SMA30\(RS\)/);
    const after = await heads(page);
    assert.notEqual(after.AMD.x, before.AMD.x);

    // A silly value is clamped, with the reason.
    await setNumber(page, '#rot-slow', 2);
    await page.waitForSelector('.rotation-formula + .notice, .notice[role="status"]');
    assert.match(await page.textContent('.notice[role="status"]'), /Slow 2 is outside 6 to 520 bars \(it must be longer than the fast average\); using 6/);
    assert.equal(await page.inputValue('#rot-slow'), '6');

    // The oscillator family.
    await page.selectOption('#rot-family', 'oscillator');
    await page.waitForSelector('#rot-window');
    assert.match(await page.textContent('.rotation-formula-text'), /z-score of RS over 14 bars/);
    await waitForHeads(page, 5);

    // Daily bars: the tail's points are trading days.
    await page.getByRole('group', { name: 'Bars' }).getByRole('button', { name: 'Daily' }).click();
    await page.waitForFunction(() => document.querySelector('label[for="rot-tail"]').textContent === 'Tail: 12 days');
    await waitForOption(page, CHART, (option) => option.series.some((s) => s.data?.some((d) => d?.name === 'XOM · 2022-12-27')));
    assert.equal((await tails(page)).XOM.points, 12);
    await context.close();
  });

  test('a table row or a click on the chart highlights a symbol and fades the others', async () => {
    const { context, page } = await openRotation(session);
    await page.click('table.rotation-table tr[data-key="AMD"] .row-pick');
    await waitForOption(page, CHART, (option) => option.series.some((s) => s.id === 'focus'));
    let t = await tails(page);
    assert.equal(t.AMD.opacity, 1);
    for (const s of UNIVERSE.filter((s) => s !== 'AMD')) assert.equal(t[s].opacity, 0.15, s);
    let h = await heads(page);
    assert.ok(h.AMD.focus);
    assert.equal(h.XOM.opacity, 0.15);
    assert.equal(await page.$eval('tr[data-key="AMD"]', (tr) => tr.classList.contains('row--focus')), true);
    // Escape clears.
    await page.keyboard.press('Escape');
    await waitForOption(page, CHART, (option) => !option.series.some((s) => s.id === 'focus'));

    // Click XOM's head on the canvas.
    await page.$eval(CHART, (el) => el.scrollIntoView({ block: 'center' }));
    h = await heads(page);
    const point = await page.$eval(
      CHART,
      (el, [x, y]) => {
        const chart = window.echarts.getInstanceByDom(el);
        const [px, py] = chart.convertToPixel({ seriesId: 'heads-leading' }, [x, y]);
        const rect = el.getBoundingClientRect();
        return [rect.left + px, rect.top + py];
      },
      [h.XOM.x, h.XOM.y],
    );
    await page.mouse.click(point[0], point[1]);
    await waitForOption(page, CHART, (option) => option.series.find((s) => s.id === 'focus')?.data[0].name === 'XOM');
    t = await tails(page);
    assert.equal(t.XOM.opacity, 1);
    assert.equal(t.MSFT.opacity, 0.15);
    // Clicking it again clears.
    await page.mouse.click(point[0], point[1]);
    await waitForOption(page, CHART, (option) => !option.series.some((s) => s.id === 'focus'));
    await context.close();
  });

  test('a zoom survives redraws (a new tail length) until Reset zoom', async () => {
    const { context, page } = await openRotation(session);
    await page.$eval(CHART, (el) =>
      window.echarts.getInstanceByDom(el).dispatchAction({ type: 'dataZoom', batch: [{ dataZoomIndex: 0, start: 20, end: 70 }, { dataZoomIndex: 1, start: 10, end: 60 }] }),
    );
    await waitForOption(page, CHART, (option) => option.dataZoom[0].start === 20 && option.dataZoom[1].end === 60);
    await setRange(page, '#rot-tail', 9);
    await waitForOption(page, CHART, (option) => option.series.flatMap((s) => s.data ?? []).filter((d) => d?.name?.startsWith('XOM · ')).length === 9);
    let zoom = (await chartOption(page, CHART)).dataZoom;
    assert.deepEqual([zoom[0].start, zoom[0].end, zoom[1].start, zoom[1].end], [20, 70, 10, 60]);
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await waitForOption(page, CHART, (option) => option.dataZoom[0].start === 0 && option.dataZoom[0].end === 100);
    zoom = (await chartOption(page, CHART)).dataZoom;
    assert.deepEqual([zoom[1].start, zoom[1].end], [0, 100]);
    await context.close();
  });

  test('the scrubber moves the date and play advances it', async () => {
    const { context, page } = await openRotation(session);
    const before = await heads(page);
    const max = Number(await page.$eval('#rot-date', (i) => i.max));
    await setRange(page, '#rot-date', max - 20);
    await page.waitForFunction(() => document.querySelector('label[for="rot-date"]').textContent !== 'Date: 2022-12-28');
    const date = await dateLabel(page);
    assert.ok(date < '2022-12-28' && date > '2022-07-01', date);
    const after = await heads(page);
    assert.notEqual(after.XOM.x, before.XOM.x);
    const bench = await chartOption(page, BENCH);
    assert.equal(bench.series[0].markArea.data[0][1].xAxis, `${date}T00:00:00Z`);
    assert.match(await page.textContent('#rot-table-title'), new RegExp(date));

    await page.getByRole('button', { name: 'Play' }).click();
    // While it plays, the button says Pause (its name alone, not also a pressed state).
    assert.equal(await page.textContent('.rotation-play'), 'Pause');
    assert.equal(await page.getAttribute('.rotation-play', 'aria-pressed'), null);
    await page.waitForFunction((d) => document.querySelector('label[for="rot-date"]').textContent.replace('Date: ', '') > d, date, { timeout: 5000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = await dateLabel(page);
    await page.waitForTimeout(1000);
    assert.equal(await dateLabel(page), paused);
    // Back to the end of the range.
    await page.getByRole('button', { name: 'End of range' }).click();
    await page.waitForFunction(() => document.querySelector('label[for="rot-date"]').textContent === 'Date: 2022-12-28');
    // Played from the end, it stops at the last date.
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => document.querySelector('.rotation-play').textContent === 'Pause');
    const restarted = await dateLabel(page);
    assert.ok(restarted <= '2022-01-07', `play from the end restarts at the range's start (${restarted})`);
    await page.getByRole('button', { name: 'Pause' }).click();
    await context.close();
  });

  test('PNG and CSV exports hold the chart and the table', async () => {
    const { context, page } = await openRotation(session);
    const png = await download(page, 'section[aria-labelledby="rot-title"] .chart-tools .tool-button--png');
    assertPng(png);

    const csv = await download(page, 'section[aria-labelledby="rot-table-title"] .table-tools .tool-button--csv');
    assert.match(csv.name, /\.csv$/);
    const lines = csvLines(csv.bytes);
    assert.equal(lines[0], 'Symbol,Quadrant,RS-Ratio,RS-Momentum,Heading,Distance,Velocity');
    assert.equal(lines.length, 1 + UNIVERSE.length);
    const rows = await tableRows(page);
    for (const line of lines.slice(1)) {
      const [symbol, quadrant, ratio, momentum, heading, distance, velocity] = line.split(',');
      const row = rows.find((r) => r.Symbol === symbol);
      assert.ok(row, symbol);
      assert.ok(row.Quadrant.endsWith(quadrant));
      assert.equal(Number(ratio).toFixed(2), row['RS-Ratio']);
      assert.equal(Number(momentum).toFixed(2), row['RS-Momentum']);
      assert.ok(row.Heading.startsWith(`${Number(heading).toFixed(0)}°`));
      assert.equal(Number(distance).toFixed(2), row.Distance);
      assert.equal(Number(velocity).toFixed(2), row.Velocity);
    }
    await context.close();
  });

  test('empty states: no symbols, a benchmark that is not a price, too little history', async () => {
    const { context, page } = await openRotation(session);
    await page.selectOption('#align-benchmark', 'AAA');
    await page.waitForSelector('.empty-state');
    assert.match(await page.textContent('.empty-state'), /AAA is not a price/);
    await page.selectOption('#align-benchmark', 'SP500');
    await page.waitForSelector(`${CHART} canvas`);
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await page.waitForSelector('.empty-state');
    assert.match(await page.textContent('.empty-state'), /No symbols to compare/);
    // Every price series as the universe: the sample's 27 prices and index levels besides SP500.
    await page.check('#rot-every');
    await page.waitForSelector(`${CHART} canvas`);
    await page.waitForFunction(() => document.querySelectorAll('table.rotation-table tbody tr').length === 27);
    // A range that ends before the first point.
    await gotoView(page, 'overview');
    await setValue(page, '#range-to', '1990-03-30');
    await gotoView(page, 'rotation');
    // The view's settings outlive the trip to another tab.
    assert.equal(await page.isChecked('#rot-every'), true);
    await page.waitForSelector('.empty-state');
    assert.match(await page.textContent('.empty-state'), /needs 41 weekly bars before its first point; the first point is on 1990-10-\d\d/);
    await page.getByRole('button', { name: 'Show the first point' }).click();
    await page.waitForSelector(`${CHART} canvas`);
    await context.close();
  });

  test('screenshots at 1440 and 390 px', async () => {
    const { context, page } = await openRotation(session);
    await page.click('table.rotation-table tr[data-key="XOM"] .row-pick');
    await page.keyboard.press('Escape');
    const paths = await screenshots(page, 'rotation');
    assert.equal(paths.length, 2);
    await context.close();
  });
});
