// Measures the time from navigation to the first chart drawn (the app's
// `rotlab:first-chart` user-timing mark, set when ECharts first renders), on the release build
// served on loopback, with an empty cache each run. Prints the runs and their median.
// Usage: node tests/e2e/measure-first-chart.mjs [runs]
import { launch, serve } from './harness.mjs';

const runs = Number(process.argv[2] ?? 7);
const server = await serve();
const browser = await launch();
const times = [];
try {
  for (let i = 0; i < runs; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await page.goto(server.url);
    const ms = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const poll = () => {
            const [mark] = performance.getEntriesByName('rotlab:first-chart');
            if (mark) resolve(mark.startTime);
            else setTimeout(poll, 5);
          };
          poll();
        }),
    );
    times.push(ms);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
times.sort((a, b) => a - b);
console.log(`first chart drawn after navigation (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`);
console.log(`median: ${times[Math.floor(times.length / 2)].toFixed(0)} ms over ${runs} cold loads`);
