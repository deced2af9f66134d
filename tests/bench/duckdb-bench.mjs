// Peer benchmark, DuckDB-wasm side: the app's benchmark computations on the same long-format
// CSV, in DuckDB-wasm in headless Chromium (the system Chromium, launched as the e2e tests do).
//
//   scripts/setup_bench.sh      # once: npm's @duckdb/duckdb-wasm (package.json), the CSV
//   node tests/bench/duckdb-bench.mjs target/bench/long-500x20.csv [--runs 3] [--out FILE] [--timeout S]
//
// A small server on 127.0.0.1 serves a blank page with an import map, tests/bench/duckdb-page.mjs
// (the steps and their SQL), DuckDB-wasm's module, workers and wasm from node_modules (manual
// bundles: nothing from a CDN) and the CSV. Any request the page makes to another host is
// aborted and fails the benchmark; DuckDB's extension autoloading is switched off.
//
// Each run opens a fresh browser context (empty HTTP cache, new worker), instantiates DuckDB
// (EH bundle, single-threaded: pthreads need a cross-origin-isolated page and the COI bundle;
// timed separately as instantiate_ms, not part of any step), then times in the page with
// performance.now():
//   import             fetch of the CSV's bytes from 127.0.0.1 (the transfer is inside the timing,
//                      as a user's file would be read), registerFileBuffer, and
//                      CREATE TABLE prices AS SELECT date, symbol, adj_close FROM read_csv(...)
//                      (long table; no pivot: SQL works on the long form)
//   quarterly_returns  CREATE TABLE of every symbol's calendar-quarter returns (last close of the
//                      quarter / last close of the previous quarter - 1; window LAG)
//   rotation           CREATE TABLE of RS-Ratio / RS-Momentum on weekly bars against S0000, from
//                      the daily table (window AVG/COUNT over ROWS frames on a weeks x symbols grid)
// Reports best and median of N runs (default 3) in target/bench/duckdb.json, with the same keys
// and checks as scripts/bench_pandas.py. A run longer than --timeout seconds (default 300)
// aborts the benchmark with a message.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, launch } from '../e2e/harness.mjs';

const USAGE = 'usage: node tests/bench/duckdb-bench.mjs FILE [--runs N] [--out FILE] [--timeout SECONDS]';
const COLUMNS = ['date', 'symbol', 'adj_close'];
// The peers' own npm folder (tests/bench/peers), installed by scripts/setup_bench.sh only.
const PEERS = join(ROOT, 'tests', 'bench', 'peers');
const NODE_MODULES = join(PEERS, 'node_modules');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
};

function fail(message) {
  console.error(`duckdb-bench: ${message}`);
  process.exit(1);
}

/**
 * The directory of package `name` as Node would find it from package directory `from`: npm
 * nests a copy there when the hoisted one's version does not fit (Apache Arrow needs a newer
 * tslib than the one ECharts hoists).
 */
function packageDir(name, from) {
  const dir = [join(from, 'node_modules', name), join(NODE_MODULES, name)].find((d) => existsSync(join(d, 'package.json')));
  if (!dir) fail(`npm package ${name} is missing: run scripts/setup_bench.sh`);
  return dir;
}

/** The first of `files` that exists in `dir`. */
function entry(dir, ...files) {
  const file = files.map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!file) fail(`${relative(ROOT, dir)} has none of ${files.join(', ')}: reinstall it (scripts/setup_bench.sh)`);
  return file;
}

/**
 * The modules the page loads, DuckDB-wasm's browser module and its dependency Apache Arrow (with
 * Arrow's two), as the page's import map ({ specifier: URL path }) and the package directories
 * the server may serve files from.
 */
function browserModules() {
  const duckdb = packageDir('@duckdb/duckdb-wasm', PEERS);
  const arrow = packageDir('apache-arrow', duckdb);
  const tslib = packageDir('tslib', arrow);
  const flatbuffers = packageDir('flatbuffers', arrow);
  const url = (file) => `/node_modules/${relative(NODE_MODULES, file).split(sep).join('/')}`;
  const imports = {
    '@duckdb/duckdb-wasm': url(entry(duckdb, 'dist/duckdb-browser.mjs')),
    'apache-arrow': url(entry(arrow, 'Arrow.dom.mjs')),
    tslib: url(entry(tslib, 'tslib.es6.mjs', 'tslib.es6.js')),
    flatbuffers: url(entry(flatbuffers, 'mjs/flatbuffers.js')),
  };
  return { imports, packages: [duckdb, arrow, tslib, flatbuffers] };
}

/** The blank page that loads duckdb-page.mjs as window.bench. */
function page(imports) {
  return `<!doctype html>
<meta charset="utf-8">
<title>DuckDB-wasm peer benchmark</title>
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">
  import * as bench from '/bench/duckdb-page.mjs';
  window.bench = bench;
</script>
`;
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        runs: { type: 'string', default: '3' },
        out: { type: 'string', default: join(ROOT, 'target', 'bench', 'duckdb.json') },
        timeout: { type: 'string', default: '300' },
      },
    });
  } catch (err) {
    fail(`${err.message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const file = resolve(positionals[0] ?? join(ROOT, 'target', 'bench', 'long-500x20.csv'));
  const runs = Number(values.runs);
  const timeout = Number(values.timeout);
  if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a whole number of at least 1\n${USAGE}`);
  if (!(timeout > 0)) fail(`--timeout must be a number of seconds\n${USAGE}`);
  return { file, runs, out: resolve(values.out), timeoutMs: timeout * 1000 };
}

/** Fails with a clear message when the CSV is missing or lacks a column. */
async function checkInput(file) {
  if (!existsSync(file)) {
    fail(
      `${file} does not exist; generate it with\n` +
        '  python3 scripts/gen_long_csv.py --symbols 500 --years 20 --seed 7 --out target/bench/long-500x20.csv',
    );
  }
  const handle = await open(file);
  const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
  await handle.close();
  const header = buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/)[0].split(',');
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) fail(`${file} has no column ${missing.join(', ')} (header: ${header.join(',')})`);
}

/**
 * Serves the page, the page module, files of the page's packages and the CSV (as
 * /data/long.csv) on 127.0.0.1 on a free port. Nothing is cached by the browser.
 */
async function serve(csv) {
  const { imports, packages } = browserModules();
  const html = page(imports);
  const locate = (pathname) => {
    if (pathname === '/data/long.csv') return csv;
    if (pathname === '/bench/duckdb-page.mjs') return join(import.meta.dirname, 'duckdb-page.mjs');
    if (!pathname.startsWith('/node_modules/')) return undefined;
    const path = normalize(join(NODE_MODULES, pathname.slice('/node_modules/'.length)));
    return packages.some((dir) => path.startsWith(`${dir}${sep}`)) ? path : undefined;
  };
  const server = createServer(async (req, res) => {
    const headers = { 'cache-control': 'no-store' };
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    if (pathname === '/') {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] }).end(html);
      return;
    }
    const file = locate(decodeURIComponent(pathname));
    const info = file && (await stat(file).catch(() => undefined));
    if (!info?.isFile()) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Resolves as `promise` does, or rejects after `ms` with a message naming `label`. */
function withTimeout(promise, ms, label) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} took more than ${ms / 1000} s: aborted`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

const isLoopback = (url) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/** One run in a fresh context: instantiate, the three timed steps, the checks. */
async function run(browser, server) {
  const context = await browser.newContext();
  const problems = [];
  // Only loopback: anything else is aborted and reported.
  await context.route(
    (url) => !isLoopback(url) && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => {
      problems.push(`blocked a request to ${route.request().url()}`);
      return route.abort('blockedbyclient');
    },
  );
  try {
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    // A failure names its step and what the page reported (a 404, a blocked request, ...).
    const attempt = async (name, work) => {
      try {
        return await work();
      } catch (err) {
        throw new Error(`${name} failed: ${err.message.split('\n')[0]}${problems.length ? `\n${problems.join('\n')}` : ''}`);
      }
    };
    const step = (name, fn, arg) => attempt(name, () => page.evaluate(fn, arg));
    await attempt('loading the page', async () => {
      await page.goto(server.url);
      await page.waitForFunction(() => window.bench !== undefined, undefined, { timeout: 60_000 });
    });
    const engine = await step('instantiate', () => window.bench.instantiate());
    const importMs = await step('import', (url) => window.bench.importCsv(url), `${server.url}data/long.csv`);
    const quarterlyMs = await step('quarterly_returns', () => window.bench.quarterlyReturns());
    const rotationMs = await step('rotation', () => window.bench.rotation());
    const check = await step('checks', () => window.bench.checks());
    if (problems.length) throw new Error(problems.join('\n'));
    return { engine, importMs, quarterlyMs, rotationMs, check };
  } finally {
    await context.close();
  }
}

const round = (ms) => Math.round(ms * 10) / 10;

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { best: sorted[0], median: round(median), all: samples };
}

async function main() {
  const { file, runs, out, timeoutMs } = options();
  await checkInput(file);
  const bytes = (await stat(file)).size;
  const loadBefore = loadavg()[0]; // the machine may be shared: say how busy it was
  const server = await serve(file);
  let browser;
  try {
    browser = await launch();
  } catch (err) {
    await server.close();
    fail(`cannot start Chromium: ${err.message}`);
  }
  const browserVersion = browser.version();
  const results = [];
  try {
    for (let i = 1; i <= runs; i += 1) {
      const r = await withTimeout(run(browser, server), timeoutMs, `run ${i}`);
      results.push(r);
      console.log(
        `duckdb-bench: run ${i}/${runs}: instantiate ${r.engine.ms.toFixed(0)} ms, import ${r.importMs.toFixed(0)} ms, ` +
          `quarterly returns ${r.quarterlyMs.toFixed(0)} ms, rotation ${r.rotationMs.toFixed(0)} ms`,
      );
    }
  } catch (err) {
    console.error(`duckdb-bench: ${err.message}`);
    process.exitCode = 3;
  } finally {
    // Closing can hang when a run was abandoned mid-query: bounded too.
    await withTimeout(browser.close(), 30_000, 'closing the browser').catch(() => {});
    await server.close();
  }
  if (process.exitCode) process.exit(process.exitCode);

  const [{ engine }] = results;
  const check = results.at(-1).check;
  // Every run must compute the same numbers.
  for (const r of results) {
    if (JSON.stringify(r.check) !== JSON.stringify(check)) fail(`runs disagree: ${JSON.stringify(r.check)} vs ${JSON.stringify(check)}`);
  }
  const pkg = JSON.parse(readFileSync(join(NODE_MODULES, '@duckdb', 'duckdb-wasm', 'package.json'), 'utf8'));
  const result = {
    tool: 'duckdb-wasm',
    version: engine.version,
    package: `@duckdb/duckdb-wasm ${pkg.version}`,
    bundle: engine.bundle,
    threads: engine.threads,
    browser: `Chromium ${browserVersion}`,
    file,
    bytes,
    rows: check.rows,
    symbols: check.symbols,
    runs,
    import_ms: summary(results.map((r) => round(r.importMs))),
    quarterly_returns_ms: summary(results.map((r) => round(r.quarterlyMs))),
    rotation_ms: summary(results.map((r) => round(r.rotationMs))),
    instantiate_ms: summary(results.map((r) => round(r.engine.ms))),
    check,
    load_average_1min: { before: loadBefore, after: loadavg()[0], cpus: cpus().length },
    notes:
      'headless Chromium; import = fetch from 127.0.0.1 + registerFileBuffer + CREATE TABLE (long table, no pivot); ' +
      'each step materialises its result with CREATE TABLE; rotation includes the weekly bars',
  };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify({ import_ms: result.import_ms, quarterly_returns_ms: result.quarterly_returns_ms, rotation_ms: result.rotation_ms }));
  console.log(JSON.stringify(check, null, 2));
  console.log(`duckdb-bench: wrote ${out}`);
}

await main();
