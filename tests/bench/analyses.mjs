// Every analysis of the benchmark workload (`src/workload.rs`: seeded daily closes, 11 and 500
// symbols x 20 years) timed inside the release build in headless Chromium, through the exported
// `rotlab_bench` (performance.now() around each analysis; first, best and median of N runs), twice:
// in the page (its wasm optimised for size) and in the compute worker's wasm (optimised for
// speed), in a worker started from the build's own script as the app starts it. The same
// workload runs natively under criterion (`cargo bench --bench analyses`).
// The best run is the figure: V8 runs a function first in its baseline tier and swaps in its
// optimised code, compiled in the background, after enough calls; 11 symbols take 30 runs to
// get there (`first_ms` keeps the first run's time), 500 symbols 5 (src/platform/bench.rs).
// Writes target/bench/analyses-browser.json. Usage: node tests/bench/analyses.mjs [runs]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, launch, serve, waitForOverview } from '../e2e/harness.mjs';

/** Runs of each analysis, by symbols (or every size from the command line). */
const RUNS = process.argv[2] ? { 11: Number(process.argv[2]), 500: Number(process.argv[2]) } : { 11: 30, 500: 5 };
const server = await serve();
const browser = await launch();
const results = [];
try {
  // No service worker: it would fetch the bench's worker script past the route below.
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForOverview(page);
  for (const symbols of [11, 500]) {
    const json = await page.evaluate(([s, r]) => window.wasmBindings.rotlab_bench(s, 20, r), [symbols, RUNS[symbols]]);
    results.push({ place: 'page', ...JSON.parse(json) });
  }
  // The compute worker's wasm in a worker of the page's origin (the page's policy allows
  // workers from 'self'); its start-up serves requests, the script here asks for the bench.
  await page.route('**/bench-compute-worker.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `importScripts('./compute-worker.js');
        wasm_bindgen('./compute-worker_bg.wasm')
          .then(() => {
            for (const [s, r] of ${JSON.stringify(Object.entries(RUNS))}) postMessage({ bench: wasm_bindgen.rotlab_bench(Number(s), 20, r) });
          })
          .catch((e) => postMessage({ error: String(e) }));`,
    }),
  );
  const inWorker = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const worker = new Worker('./bench-compute-worker.js');
        const out = [];
        worker.onerror = (e) => reject(new Error(`bench worker: ${e.message}`));
        worker.onmessage = (e) => {
          if (e.data?.error !== undefined) reject(new Error(`bench worker: ${e.data.error}`));
          if (e.data?.bench === undefined) return;
          out.push(e.data.bench);
          if (out.length === 2) {
            worker.terminate();
            resolve(out);
          }
        };
      }),
  );
  for (const json of inWorker) results.push({ place: 'compute worker', ...JSON.parse(json) });
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
await mkdir(join(ROOT, 'target', 'bench'), { recursive: true });
await writeFile(join(ROOT, 'target', 'bench', 'analyses-browser.json'), JSON.stringify(results, null, 2));
for (const r of results) {
  console.log(`${r.symbols} symbols x ${r.years} years (${r.closes.toLocaleString('en-US')} closes) in Chromium, in the ${r.place}, best of ${r.runs}:`);
  for (const a of r.analyses) console.log(`  ${a.name.padEnd(44)} ${a.best_ms.toFixed(1).padStart(8)} ms`);
  console.log(`  ${'every analysis'.padEnd(44)} ${r.total_best_ms.toFixed(1).padStart(8)} ms (first run ${r.total_first_ms.toFixed(1)} ms)`);
}
