// Browser side of the DuckDB-wasm peer benchmark (driven by tests/bench/duckdb-bench.mjs, which
// serves this module, DuckDB-wasm's files from node_modules and the CSV on 127.0.0.1 and loads
// it in a page whose import map resolves the bare specifiers). Each step returns its time in ms
// from performance.now(), taken here in the page, so no DevTools round trip is counted.
// The SQL mirrors scripts/bench_pandas.py step by step; see there for the definitions.
import * as duckdb from '@duckdb/duckdb-wasm';

const DIST = new URL('/node_modules/@duckdb/duckdb-wasm/dist/', location.href).href;
// Manual bundles on this origin: DuckDB-wasm's getJsDelivrBundles() would point at a CDN.
const BUNDLES = {
  mvp: { mainModule: `${DIST}duckdb-mvp.wasm`, mainWorker: `${DIST}duckdb-browser-mvp.worker.js` },
  eh: { mainModule: `${DIST}duckdb-eh.wasm`, mainWorker: `${DIST}duckdb-browser-eh.worker.js` },
};

const BENCHMARK = 'S0000';
const CHECK_SYMBOL = 'S0001';
// The app's defaults for the trend family: fast and slow SMAs, momentum lag and smoothing.
const FAST = 10;
const SLOW = 30;
const LAG = 9;
const SMOOTH = 3;

/** The file name the CSV's bytes are registered under in DuckDB's virtual file system. */
const CSV_NAME = 'long.csv';

let db;
let conn;

/** Runs `sql` and returns the first row as a plain object (numbers, strings). */
async function one(sql) {
  const table = await conn.query(sql);
  return table.get(0)?.toJSON() ?? {};
}

async function timed(work) {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** Starts DuckDB in a worker (EH bundle where WebAssembly exceptions exist, else MVP). */
export async function instantiate() {
  const t0 = performance.now();
  const bundle = await duckdb.selectBundle(BUNDLES);
  const worker = new Worker(bundle.mainWorker);
  db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  conn = await db.connect();
  // Nothing may be fetched from the extension repository: fail instead.
  await conn.query('SET autoinstall_known_extensions = false');
  await conn.query('SET autoload_known_extensions = false');
  const ms = performance.now() - t0;
  const info = await one("SELECT version() AS version, current_setting('threads') AS threads");
  return {
    ms,
    bundle: bundle.mainModule === BUNDLES.eh.mainModule ? 'eh' : 'mvp',
    version: info.version,
    threads: Number(info.threads),
    package: duckdb.PACKAGE_VERSION,
  };
}

/**
 * a. import: the CSV's bytes fetched from the local server (as a user's file would be read),
 * registered as a file buffer, and parsed into a table of the three columns the app uses.
 * The column types are given, as pandas is told which column holds dates.
 */
export async function importCsv(url) {
  const ms = await timed(async () => {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) throw new Error(`fetching ${url}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    await db.registerFileBuffer(CSV_NAME, bytes);
    await conn.query(`
      CREATE OR REPLACE TABLE prices AS
      SELECT date, symbol, adj_close
      FROM read_csv('${CSV_NAME}', header = true,
        columns = {'date': 'DATE', 'symbol': 'VARCHAR', 'close': 'DOUBLE', 'adj_close': 'DOUBLE', 'volume': 'BIGINT'})`);
  });
  // The raw bytes are no longer needed once the table exists (not timed).
  await db.dropFile(CSV_NAME);
  return ms;
}

/**
 * b. quarterly_returns: per symbol, the last close of each calendar quarter over the last close
 * of the previous calendar quarter, minus 1; NULL when the previous quarter has no close.
 */
export async function quarterlyReturns() {
  return timed(() =>
    conn.query(`
      CREATE OR REPLACE TABLE quarterly AS
      WITH last_close AS (
        SELECT symbol, CAST(date_trunc('quarter', date) AS DATE) AS quarter, arg_max(adj_close, date) AS close
        FROM prices WHERE adj_close IS NOT NULL
        GROUP BY ALL
      )
      SELECT symbol, quarter, close,
        CASE WHEN date_diff('quarter', lag(quarter) OVER w, quarter) = 1 THEN close / lag(close) OVER w - 1 END AS ret
      FROM last_close
      WINDOW w AS (PARTITION BY symbol ORDER BY quarter)`),
  );
}

/**
 * c. rotation: RS-Ratio and RS-Momentum (trend family) on weekly bars against BENCHMARK, from
 * the daily table (the weekly bars are part of the recomputation). pandas computes on a full
 * weeks x symbols grid with NaN holes and SMAs that need a full window; the grid is built here
 * too (every week from the first to the last, as resample makes it) and an AVG counts only
 * where COUNT shows its whole ROWS frame has values, so both give the same cells.
 */
export async function rotation() {
  const frame = (n) => `(PARTITION BY symbol ORDER BY week ROWS BETWEEN ${n - 1} PRECEDING AND CURRENT ROW)`;
  return timed(() =>
    conn.query(`
      CREATE OR REPLACE TABLE rotation AS
      WITH weekly AS (
        -- Last close of each ISO week (Monday to Sunday; the data has weekdays only, so these are
        -- pandas' W-FRI weeks).
        SELECT symbol, CAST(date_trunc('week', date) AS DATE) AS week, arg_max(adj_close, date) AS close
        FROM prices WHERE adj_close IS NOT NULL
        GROUP BY ALL
      ),
      weeks AS (
        SELECT CAST(unnest(generate_series(min(week)::TIMESTAMP, max(week)::TIMESTAMP, INTERVAL 7 DAY)) AS DATE) AS week
        FROM weekly
      ),
      rs AS (
        SELECT s.symbol, w.week, 100 * p.close / b.close AS rs
        FROM (SELECT DISTINCT symbol FROM weekly) s
        CROSS JOIN weeks w
        LEFT JOIN weekly p ON p.symbol = s.symbol AND p.week = w.week
        LEFT JOIN weekly b ON b.symbol = '${BENCHMARK}' AND b.week = w.week
      ),
      ratio AS (
        SELECT symbol, week,
          CASE WHEN count(rs) OVER fast = ${FAST} AND count(rs) OVER slow = ${SLOW}
            THEN 100 * avg(rs) OVER fast / avg(rs) OVER slow END AS rs_ratio
        FROM rs
        WINDOW fast AS ${frame(FAST)}, slow AS ${frame(SLOW)}
      ),
      roc AS (
        SELECT symbol, week, rs_ratio,
          100 * rs_ratio / lag(rs_ratio, ${LAG}) OVER (PARTITION BY symbol ORDER BY week) AS roc
        FROM ratio
      )
      SELECT symbol, week, rs_ratio,
        CASE WHEN count(roc) OVER smooth = ${SMOOTH} THEN avg(roc) OVER smooth END AS rs_momentum
      FROM roc
      WINDOW smooth AS ${frame(SMOOTH)}`),
  );
}

/** The values compared across tools (same keys as bench_pandas.py's). */
export async function checks() {
  const prices = await one(`
    SELECT count(*)::INTEGER AS rows, count(DISTINCT symbol)::INTEGER AS symbols, count(DISTINCT date)::INTEGER AS dates,
      strftime(min(date), '%Y-%m-%d') AS first_date, strftime(max(date), '%Y-%m-%d') AS last_date
    FROM prices`);
  const quarterly = await one(`
    SELECT count(ret)::INTEGER AS n, avg(ret) AS mean FROM quarterly WHERE isfinite(ret)`);
  const ratio = await one(`
    SELECT count(rs_ratio)::INTEGER AS n, avg(rs_ratio) AS mean FROM rotation WHERE isfinite(rs_ratio)`);
  const momentum = await one(`
    SELECT count(rs_momentum)::INTEGER AS n, avg(rs_momentum) AS mean FROM rotation WHERE isfinite(rs_momentum)`);
  // The rotation chart's coordinates: every symbol but the benchmark, weeks with both defined.
  const points = await one(`
    SELECT count(*)::INTEGER AS n, avg(rs_ratio) AS ratio, avg(rs_momentum) AS momentum FROM rotation
    WHERE isfinite(rs_ratio) AND isfinite(rs_momentum) AND symbol <> '${BENCHMARK}'`);
  // The week is labelled by its Friday, as pandas' W-FRI labels it.
  const last = await one(`
    SELECT strftime(week + 4, '%Y-%m-%d') AS week_ending, rs_ratio, rs_momentum
    FROM rotation WHERE symbol = '${CHECK_SYMBOL}' AND rs_ratio IS NOT NULL
    ORDER BY week DESC LIMIT 1`);
  return {
    ...prices,
    quarterly_returns_count: quarterly.n,
    quarterly_returns_mean: quarterly.mean,
    rs_ratio_count: ratio.n,
    rs_ratio_mean: ratio.mean,
    rs_momentum_count: momentum.n,
    rs_momentum_mean: momentum.mean,
    points_count: points.n,
    points_rs_ratio_mean: points.ratio,
    points_rs_momentum_mean: points.momentum,
    [`${CHECK_SYMBOL}_last_week_ending`]: last.week_ending,
    [`${CHECK_SYMBOL}_last_rs_ratio`]: last.rs_ratio,
    [`${CHECK_SYMBOL}_last_rs_momentum`]: last.rs_momentum,
  };
}
