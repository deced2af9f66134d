// Every analysis of the benchmark workload (`src/workload.rs`: seeded daily closes, 11 and 500
// symbols x 20 years) timed inside the release build in headless Chromium, through the app's
// exported `rotlab_bench` (performance.now() around each analysis; best and median of N runs).
// The same workload runs natively under criterion (`cargo bench --bench analyses`).
// Writes target/bench/analyses-browser.json. Usage: node tests/bench/analyses.mjs [runs]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, launch, serve, waitForOverview } from '../e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const server = await serve();
const browser = await launch();
const results = [];
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForOverview(page);
  for (const symbols of [11, 500]) {
    const json = await page.evaluate(([s, r]) => window.wasmBindings.rotlab_bench(s, 20, r), [symbols, runs]);
    results.push(JSON.parse(json));
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
await mkdir(join(ROOT, 'target', 'bench'), { recursive: true });
await writeFile(join(ROOT, 'target', 'bench', 'analyses-browser.json'), JSON.stringify(results, null, 2));
for (const r of results) {
  console.log(`${r.symbols} symbols x ${r.years} years (${r.closes.toLocaleString('en-US')} closes) in Chromium, best of ${runs}:`);
  for (const a of r.analyses) console.log(`  ${a.name.padEnd(44)} ${a.best_ms.toFixed(1).padStart(8)} ms`);
  console.log(`  ${'every analysis'.padEnd(44)} ${r.total_best_ms.toFixed(1).padStart(8)} ms`);
}
