// Measures how long the Rotation view takes to redraw after a change, in headless Chromium on
// the release build: from the input event to the rotation chart's next ECharts 'finished'
// event (the app's user-timing mark `rotlab:chart-finished:chart--rotation`), which includes
// the engine (for a formula change), the table and the chart option.
// Two universes against SPY, from ../shared/data beside the repository (real data, not in it):
//   (a) the sector ETFs (etf/XL*.csv + etf/SPY.csv) and (b) ~500 stocks
//   (large/sp500-adjclose-2022-2026.csv, which has its own SPY column),
// each with "Every price series as the universe", on weekly and daily bars.
// Prints the median and range of each over several runs. Not a pass/fail test.
// Writes target/bench/rotation.json. Usage: node tests/bench/rotation.mjs [runs] [data dir]
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, SHARED, gotoView, launch, openPage, serve, shared, waitForOverview } from '../e2e/harness.mjs';

const results = [];

const runs = Number(process.argv[2] ?? 9);
const DATA = process.argv[3] ?? SHARED;
const MARK = 'rotlab:chart-finished:chart--rotation';

const etf = process.argv[3] ? join(DATA, 'etf') : shared('etf');
const sectors = readdirSync(etf).filter((f) => /^XL[A-Z]\.csv$/.test(f)).map((f) => join(etf, f));
const CASES = [
  { name: `${sectors.length} sector ETFs vs SPY`, files: [...sectors, join(etf, 'SPY.csv')] },
  // The wide file has its own SPY column (and QQQ), so etf/SPY.csv would be a second SPY.
  { name: 'S&P 500 stocks vs SPY', files: [join(DATA, 'large', 'sp500-adjclose-2022-2026.csv')] },
];

/** Imports the files as one dataset and shows it. */
async function load(page, files) {
  await page.setInputFiles('#file-input', files);
  await page.waitForSelector('.import-preview', { timeout: 180_000 });
  await page.getByRole('button', { name: 'Add dataset' }).click();
  await page.waitForSelector('.dataset--active:not([data-dataset="Built-in sample"])', { timeout: 60_000 });
}

/** Number of heads in the rotation chart's option. */
const headCount = (page) =>
  page.$eval('.chart--rotation', (el) =>
    window.echarts
      .getInstanceByDom(el)
      .getOption()
      .series.filter((s) => /^(heads-|focus)/.test(s.id))
      .reduce((n, s) => n + (s.data?.length ?? 0), 0),
  );

/** Sets the input's value, fires `event`, and resolves with the ms until the chart finished. */
function redraw(page, selector, value, event) {
  return page.evaluate(
    ({ selector, value, event, mark }) =>
      new Promise((resolve, reject) => {
        performance.clearMarks(mark);
        const input = document.querySelector(selector);
        const t0 = performance.now();
        input.value = String(value);
        input.dispatchEvent(new Event(event, { bubbles: true }));
        const deadline = t0 + 60_000;
        const poll = () => {
          const [m] = performance.getEntriesByName(mark);
          if (m) resolve(m.startTime - t0);
          else if (performance.now() > deadline) reject(new Error('the chart did not finish'));
          else setTimeout(poll, 1);
        };
        poll();
      }),
    { selector, value, event, mark: MARK },
  );
}

async function series(page, context, label, selector, values, event) {
  const times = [];
  // Every step changes the value (a value the input already has redraws nothing): start from
  // the other one when the input holds the first (the previous series may have left it there).
  const current = await page.$eval(selector, (input) => input.value);
  const offset = String(values[0]) === current ? 1 : 0;
  for (let i = 0; i < runs + 2; i += 1) {
    const ms = await redraw(page, selector, values[(i + offset) % values.length], event);
    if (i >= 2) times.push(ms); // two warm-up runs
    await page.waitForTimeout(150);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  results.push({ ...context, change: label, median_ms: median, min_ms: times[0], max_ms: times.at(-1), runs });
  console.log(`  ${label.padEnd(34)} median ${median.toFixed(0).padStart(5)} ms   range ${times[0].toFixed(0)}–${times.at(-1).toFixed(0)} ms   (${runs} runs)`);
}

const server = await serve();
const browser = await launch();
try {
  for (const c of CASES) {
    const { context, page } = await openPage(browser, server.url);
    await waitForOverview(page);
    await load(page, c.files);
    // The whole history: the head date is the last one.
    await page.getByRole('group', { name: 'Last' }).getByRole('button', { name: 'All' }).click();
    await gotoView(page, 'rotation');
    await page.check('#rot-every');
    await page.waitForSelector('.chart--rotation canvas', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll('table.rotation-table tbody tr').length > 0);
    for (const bars of ['Weekly', 'Daily']) {
      await page.getByRole('group', { name: 'Bars' }).getByRole('button', { name: bars, exact: true }).click();
      await page.waitForTimeout(1500);
      const heads = await headCount(page);
      console.log(`${c.name}, ${bars.toLowerCase()} bars: ${heads} symbols drawn`);
      const at = { universe: c.name, bars: bars.toLowerCase(), symbols: heads };
      await series(page, at, 'formula parameter (fast MA)', '#rot-fast', [12, 10], 'change');
      await series(page, at, 'tail length', '#rot-tail', [8, 6], 'input');
      const max = Number(await page.$eval('#rot-date', (i) => i.max));
      await series(page, at, 'date (scrubber)', '#rot-date', [max - 5, max - 6], 'input');
      await page.getByRole('button', { name: 'End of range' }).click();
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
await mkdir(join(ROOT, 'target', 'bench'), { recursive: true });
await writeFile(join(ROOT, 'target', 'bench', 'rotation.json'), JSON.stringify(results, null, 2));
