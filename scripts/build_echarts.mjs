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
  banner: { js: `/*! Apache ECharts ${version} (Rotation Lab's build of the parts it uses), ${license} License, https://echarts.apache.org */` },
  outfile: OUT,
  logLevel: 'warning',
});
await report();
