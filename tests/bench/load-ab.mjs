// Cold loads of two builds, interleaved: on a machine whose speed drifts (this 2-core one moves
// a cold load between 700 and 1,400 ms from one hour to the next), runs of one build after the
// other compare the drift, not the builds. Each run is a new context of one headless Chromium
// (empty cache), timed from navigation to the app's `rotlab:first-chart` mark, the builds taking
// turns (and turns at going first). Prints the median, the best and every run of each.
// Usage: node tests/bench/load-ab.mjs <dist A> <dist B> [runs of each, 12]
import { launch, serve, waitForFirstChart as firstChart } from '../e2e/harness.mjs';

const [a, b, runs = '12'] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: node tests/bench/load-ab.mjs <dist A> <dist B> [runs]');
const servers = { [a]: await serve(a), [b]: await serve(b) };
const browser = await launch();
const times = { [a]: [], [b]: [] };
try {
  for (let i = 0; i < Number(runs); i += 1) {
    for (const dist of i % 2 ? [a, b] : [b, a]) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      await page.goto(servers[dist].url);
      times[dist].push(await firstChart(page));
      await context.close();
    }
  }
} finally {
  await browser.close();
  for (const server of Object.values(servers)) server.close();
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const dist of [a, b]) {
  const xs = times[dist];
  console.log(
    `${dist}: cold load to the first chart, median ${median(xs).toFixed(0)} ms, best ${Math.min(...xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`,
  );
}
