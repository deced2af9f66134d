// Builds the ECharts the app ships: only the charts and components it draws with
// (scripts/echarts-entry.js), from the npm package pinned in package-lock.json, bundled and
// minified by esbuild into target/echarts/echarts.min.js, which index.html copies into the
// build. A trunk pre-build hook runs it (so `make serve`, `make dist` and CI all do).
//
// It prints its size next to the full dist/echarts.min.js's, built or not. It is rebuilt only
// when the entry, the lock file or this script is newer than the output.
import { build } from 'esbuild';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const ENTRY = join(ROOT, 'scripts', 'echarts-entry.js');
const OUT = join(ROOT, 'target', 'echarts', 'echarts.min.js');

const mtime = async (path) => (await stat(path).catch(() => null))?.mtimeMs ?? 0;
const newest = Math.max(await mtime(ENTRY), await mtime(join(ROOT, 'package-lock.json')), await mtime(import.meta.filename));
const FULL = join(ROOT, 'node_modules', 'echarts', 'dist', 'echarts.min.js');
const report = async () => {
  const bytes = async (path) => (await stat(path)).size.toLocaleString('en-US');
  console.log(`build_echarts: ${OUT} ${await bytes(OUT)} bytes; the full ${FULL} ${await bytes(FULL)} bytes`);
};
if ((await mtime(OUT)) > newest) {
  await report();
  process.exit(0);
}

await mkdir(dirname(OUT), { recursive: true });
const { version, license } = JSON.parse(await readFile(join(ROOT, 'node_modules', 'echarts', 'package.json'), 'utf8'));
await build({
  entryPoints: [ENTRY],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2019',
  legalComments: 'none',
  // The first line asks V8 to compile every function as the script loads (it is deferred, so
  // while it streams, off the page's thread), not each one the first time it runs: a view's
  // first chart of a kind (the Concentration treemap, the Breadth bars) ran ECharts' code for
  // that kind cold, in the view's longest task. Five runs out of six of
  // `node tests/bench/views.mjs` (each build's turn interleaved) had less blocking time with it
  // (7-25 ms against 14-94 ms), and `node tests/bench/load-ab.mjs` the same cold load (median
  // 576 against 578 ms).
  banner: { js: `//# allFunctionsCalledOnLoad\n/*! Apache ECharts ${version} (Rotation Lab's build of the parts it uses), ${license} License, https://echarts.apache.org */` },
  outfile: OUT,
  logLevel: 'warning',
});
await report();
