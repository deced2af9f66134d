// Shared set-up for the end-to-end tests: a static server for dist/ on loopback and the
// system Chromium driven by playwright-core (both from scripts/browser.mjs, which the build
// uses too), watched for problems. Nothing here downloads a browser.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumOptions, serve as serveDirectory } from '../../scripts/browser.mjs';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = process.env.ROTLAB_DIST ?? join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'test-results');
/** The real market data beside the checkout (never copied into the repository). */
export const SHARED = join(ROOT, '..', 'shared', 'data');

/**
 * A file of the real market data, `shared('etf', 'SPY.csv')`: only the real-data layer
 * (tests/e2e-real/, `make test-real`) uses it. Throws, naming the path, when it is missing.
 */
export function shared(...parts) {
  const path = join(SHARED, ...parts);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: the real-data tests need the market data in ../shared/data beside the repository`);
  }
  return path;
}

/**
 * Serves `dir` (dist/ unless given) on loopback: scripts/browser.mjs's `serve`, with its
 * `requests`, sub-path `base` and `{ gzip }`.
 */
export const serve = (dir = DIST, base = '/', options = {}) => serveDirectory(dir, base, options);

/**
 * The pages opened since the last check, each with the problems seen on it: console errors
 * (a blocked script, style, image or connection is a violation of the page's security policy,
 * scripts/csp.py, and is logged as one), page errors, failed requests and HTTP errors. Every
 * test of a `useBrowser` block fails after it ends on a problem that it did not allow.
 */
const watched = new Map();

/**
 * Records the problems of `page` from now on and returns its record { problems, allow }: a test
 * may read `problems`, and adds to `allow` the patterns of the problems it provokes on purpose.
 * Idempotent: a page is watched once.
 */
export function watch(page) {
  if (watched.has(page)) return watched.get(page);
  const record = { problems: [], allow: [], url: 'about:blank' };
  watched.set(page, record);
  const problems = {
    push: (problem) => {
      record.url = page.url();
      record.problems.push(problem);
    },
  };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  // A request still in flight when the page navigates or reloads (the favicon, often) is
  // aborted by the browser, not failed by the app.
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()} (${error})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return record;
}

/** Watches every page of `context`, and logs its security-policy violations as errors. */
async function watchContext(context) {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'}`),
    );
  });
  context.on('page', (page) => watch(page));
  for (const page of context.pages()) watch(page);
  return context;
}

/**
 * The problems seen since the last call on every watched page, less those it allowed; forgets
 * those pages.
 */
export function takeProblems() {
  const found = [];
  for (const { problems, allow, url } of watched.values()) {
    for (const p of problems) if (!allow.some((re) => re.test(p))) found.push(`${p} (on ${url})`);
  }
  watched.clear();
  return found;
}

/** Launches the browser; each test opens its own (incognito-like) context, watched. */
export async function launch() {
  const browser = await chromium.launch(chromiumOptions());
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchContext(await newContext(options));
  return browser;
}

/**
 * A browser with a real profile in `userDataDir` (what an installed app has; Chromium does not
 * offer installation in incognito contexts), watched.
 */
export async function launchProfile(userDataDir, viewport = { width: 1440, height: 1000 }) {
  return watchContext(await chromium.launchPersistentContext(userDataDir, { ...chromiumOptions(), viewport }));
}

/**
 * Opens a page in a new context and returns { context, page, problems }: the page's problems as
 * `watch` records them. `allow` lists patterns of problems the test provokes on purpose.
 */
export async function openPage(browser, url, viewport = { width: 1440, height: 1000 }, { allow = [] } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const record = watch(page);
  record.allow.push(...allow);
  await page.goto(url);
  return { context, page, problems: record.problems };
}

/**
 * Waits until the app has drawn the returns table (the sample is loaded and computed) and no
 * prerendered first view covers it (public/first-view.js: a first visit's picture of the page).
 */
export async function waitForOverview(page) {
  await page.waitForSelector('html:not([data-first-view]) table.returns tbody tr', { timeout: 30_000 });
}

/**
 * Waits until the app has drawn its first chart (its `rotlab:first-chart` user-timing mark) and
 * resolves to the mark's time: milliseconds from navigation, on the page's clock.
 */
export async function waitForFirstChart(page, timeout = 120_000) {
  const mark = await page.waitForFunction(() => performance.getEntriesByName('rotlab:first-chart')[0]?.startTime, null, { timeout });
  return mark.jsonValue();
}

/** The app's user-timing mark each time an import worker has started and can take files. */
const IMPORT_WORKER_READY = 'rotlab:import-worker-ready';

/** How many import workers have started on the page (their ready marks). */
export async function importWorkersReady(page) {
  return page.evaluate((name) => performance.getEntriesByName(name).length, IMPORT_WORKER_READY);
}

/**
 * Waits until an import worker has started (the first ready mark) and resolves to the mark's
 * time, on the page's clock.
 */
export async function waitForImportWorker(page, timeout = 60_000) {
  const mark = await page.waitForFunction((name) => performance.getEntriesByName(name)[0]?.startTime, IMPORT_WORKER_READY, { timeout });
  return mark.jsonValue();
}

/**
 * Answers the page's requests for the app's script `name` with a 404 (a script that could not
 * be loaded), letting the service worker's own copy through; resolves to a function that says
 * how many requests were refused.
 */
export async function refuseScript(context, name) {
  let refused = 0;
  await context.route(`**/${name}`, (route) => {
    if (route.request().serviceWorker()) return route.continue();
    refused += 1;
    return route.fulfill({ status: 404, body: 'no' });
  });
  return () => refused;
}

/**
 * Share of pixels of the chart's canvas that differ from its top-left pixel (the
 * background): 0 for a blank canvas.
 */
export async function canvasInk(page, selector) {
  return page.$eval(selector, (canvas) => {
    const ctx = canvas.getContext('2d');
    const { width, height } = canvas;
    const data = ctx.getImageData(0, 0, width, height).data;
    const [r0, g0, b0, a0] = data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== r0 || data[i + 1] !== g0 || data[i + 2] !== b0 || data[i + 3] !== a0) ink += 1;
    }
    return ink / (width * height);
  });
}

/**
 * Registers a server for dist/ and a browser for the enclosing `describe` block; the returned
 * object's `server` and `browser` are set once the block's `before` hook has run. Each test of
 * the block fails when a page it opened had a problem it did not allow (see `watch`).
 */
export function useBrowser() {
  const session = { server: undefined, browser: undefined };
  before(async () => {
    session.server = await serve();
    session.browser = await launch();
  });
  // A page error, a policy violation or any other problem on a page the test opened fails it.
  afterEach(() => {
    const problems = takeProblems();
    assert.deepEqual(problems, [], `problems on the test's pages:\n${problems.join('\n')}`);
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

/** Opens a view by its tab link and waits until its heading is shown. */
export async function gotoView(page, slug) {
  // On a phone the views are a menu behind a button.
  if (await page.isVisible('.views-button')) {
    if ((await page.getAttribute('.views-button', 'aria-expanded')) !== 'true') await page.click('.views-button');
  }
  await page.click(`.tabs a[data-view="${slug}"]`);
  await page.waitForFunction((s) => location.hash.startsWith(`#/${s}`), slug);
  await page.waitForSelector('.view-head h1');
  // The app gives the tab's address its scenario in a task after the next frame (src/app/link.rs,
  // `after_next_frame`: a message it posts to itself in that frame). A message of ours posted
  // in the same frame, after the app's, arrives after it: the test then reads the completed
  // address.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  })));
}

/**
 * Opens the app on a fresh page of the session's browser, waits for the overview, runs
 * `setup(page)` if given (e.g. adding a dataset), opens the view `slug` and waits for
 * `selector` (e.g. its chart's canvas). Returns what `openPage` does.
 */
export async function openView(session, slug, selector, setup) {
  const opened = await openPage(session.browser, session.server.url);
  await waitForOverview(opened.page);
  await setup?.(opened.page);
  await gotoView(opened.page, slug);
  await opened.page.waitForSelector(selector, { timeout: 30_000 });
  return opened;
}

/** Sets the value of the input (or select, or textarea) and fires `event` on it, as a user's edit does. */
export async function setValue(page, selector, value, event = 'change') {
  await page.$eval(
    selector,
    (input, [value, event]) => {
      input.value = String(value);
      input.dispatchEvent(new Event(event, { bubbles: true }));
    },
    [value, event],
  );
}

/** The trimmed text of every element matched by `selector`, in document order. */
export async function texts(page, selector) {
  return page.$$eval(selector, (els) => els.map((e) => e.textContent.trim()));
}

/**
 * The first table matched by `selector` as { headers, rows }: the header cells' text without
 * the sort arrows, and each body row's cells' text, trimmed.
 */
export async function tableCells(page, selector) {
  return page.$eval(selector, (table) => ({
    headers: [...table.querySelectorAll('thead th')].map((th) => th.textContent.replace(/[▲▼]/g, '').trim()),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())),
  }));
}

/** The table's body rows as objects keyed by the column headers. */
export async function tableRows(page, selector) {
  const { headers, rows } = await tableCells(page, selector);
  return rows.map((cells) => Object.fromEntries(cells.map((cell, i) => [headers[i], cell])));
}

/** One column of the table, keyed by each row's first cell (the symbol). */
export async function tableColumn(page, selector, label) {
  const { headers, rows } = await tableCells(page, selector);
  const index = headers.indexOf(label);
  if (index < 0) throw new Error(`no column ${label} in ${headers}`);
  return Object.fromEntries(rows.map((cells) => [cells[0], cells[index]]));
}

/** The text of the table's body rows, joined: a fingerprint to tell that the table changed. */
export async function tableText(page, selector) {
  return page.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) => tr.textContent).join('|'));
}

/** Waits until the table's `tableText` differs from `old`. */
export async function waitForTableChange(page, selector, old) {
  await page.waitForFunction(
    ([sel, old]) => [...document.querySelectorAll(`${sel} tbody tr`)].map((tr) => tr.textContent).join('|') !== old,
    [selector, old],
  );
}

/** The stat strip as {label: [value, note]}. */
export async function statStrip(page) {
  return page.$$eval('.stat-strip .stat', (els) =>
    Object.fromEntries(
      els.map((el) => [
        el.querySelector('.stat__label').textContent.trim(),
        [el.querySelector('.stat__value').textContent.trim(), el.querySelector('.stat__note').textContent.trim()],
      ]),
    ),
  );
}

/** Chooses `files` in the data panel's file input and waits for the import preview. */
/** The symbols of the import preview's series tables, as their fields show them. */
export async function previewSymbols(page) {
  return page.$$eval('.preview-symbols tbody .symbol-input', (inputs) => inputs.map((i) => i.value));
}

export async function previewFiles(page, files) {
  await page.setInputFiles('#file-input', files);
  await page.waitForSelector('.import-preview');
}

/** Names the previewed dataset, adds it, and waits until it is the active dataset. */
export async function addDataset(page, name) {
  await page.fill('#dataset-name', name);
  await page.dispatchEvent('#dataset-name', 'change');
  await page.getByRole('button', { name: 'Add dataset' }).click();
  // Attached, not necessarily visible: on a phone the data panel is closed.
  await page.waitForSelector(`[data-dataset="${name}"].dataset--active`, { state: 'attached' });
}

/** Imports `files` as one dataset named `name` and waits until it is the active dataset. */
export async function importDataset(page, files, name) {
  await previewFiles(page, files);
  await addDataset(page, name);
}

/**
 * Saves full-page screenshots of the current page at 1440 and 390 px wide into
 * test-results/screenshots/NAME-1440.png and NAME-390.png (artefacts, not committed), and
 * returns their paths. The viewport is restored afterwards.
 */
export async function screenshots(page, name) {
  const dir = join(ARTIFACTS, 'screenshots');
  await mkdir(dir, { recursive: true });
  const original = page.viewportSize();
  const paths = [];
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 1000 });
    // From the top (the sticky tab bar would cover a heading scrolled under it), after
    // ECharts' resize observers have redrawn at the new width.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(600);
    const path = join(dir, `${name}-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    paths.push(path);
  }
  if (original) await page.setViewportSize(original);
  return paths;
}

/**
 * The option ECharts holds for the chart element matched by `selector`, once it has one (the
 * instance is made in a task after the view's, and a compute-worker view's after its answer).
 */
export async function chartOption(page, selector) {
  await page.waitForFunction((s) => {
    const el = document.querySelector(s);
    return el != null && window.echarts.getInstanceByDom(el) !== undefined;
  }, selector);
  return page.$eval(selector, (el) => {
    const option = window.echarts.getInstanceByDom(el).getOption();
    return JSON.parse(JSON.stringify(option, (k, v) => (typeof v === 'function' ? undefined : v)));
  });
}

/**
 * Waits until `predicate(option, arg)` holds for the option ECharts holds for the chart element
 * matched by `selector`. The predicate runs in the page: it sees only its two arguments (`arg`
 * must be serialisable).
 */
export async function waitForOption(page, selector, predicate, arg) {
  // One function with the predicate's source in it, made here: Playwright compiles a function
  // once, when the wait starts, and each poll calls it. (An `eval` in the page at each poll is
  // refused by the app's Content Security Policy, which has no 'unsafe-eval'.)
  const probe = new Function(
    '[selector, arg]',
    `const el = document.querySelector(selector);
    const chart = el && window.echarts.getInstanceByDom(el);
    return Boolean(chart) && (${String(predicate)})(chart.getOption(), arg);`,
  );
  await page.waitForFunction(probe, [selector, arg]);
}

/**
 * Waits until `pick(option)` of the chart differs (as JSON) from `before`, the value `pick` gave
 * for the option read before a change. `pick` runs in the page, like `waitForOption`'s predicate.
 */
export async function waitForOptionChange(page, selector, pick, before) {
  await waitForOption(page, selector, `(option, old) => JSON.stringify((${pick})(option)) !== old`, JSON.stringify(before));
}

/** Waits until the chart's series have exactly these names, in this order. */
export async function waitForSeries(page, selector, names) {
  await waitForOption(page, selector, (option, want) => JSON.stringify(option.series.map((s) => s.name)) === JSON.stringify(want), names);
}

/** Names of the chart's series that hold data. */
export async function seriesWithData(page, selector) {
  return (await chartOption(page, selector)).series.filter((s) => (s.data?.length ?? 0) > 0).map((s) => s.name);
}

/**
 * Clicks the button and returns the download's suggested file name and its bytes.
 */
export async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: await readFile(path) };
}

/** Lines of a CSV file (a download's bytes or text), without the trailing newline. */
export function csvLines(content) {
  return String(content).trim().split(/\r?\n/);
}

/** Rows of a CSV file (a download's bytes or text) as arrays of cells; no quoting. */
export function parseCsv(content) {
  return csvLines(content).map((line) => line.split(','));
}

/**
 * Rows of a CSV text as arrays of cells, with RFC 4180 quoting: a quoted cell may hold commas,
 * doubled quotes and line breaks (as the long descriptions of a holdings file do).
 */
export function parseQuotedCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** A file of the built-in sample (public/sample/), by name. */
export const sampleFile = (name) => join(ROOT, 'public', 'sample', name);

/**
 * One column of a CSV file (gzipped if it ends in .gz) as a Map from ISO date (M/D/YYYY dates
 * are rewritten) to number; empty and "." cells (FRED's missing value) are left out.
 */
export function readColumn(file, column) {
  const raw = readFileSync(file);
  const [header, ...rows] = parseCsv(file.endsWith('.gz') ? gunzipSync(raw) : raw);
  const index = header.indexOf(column);
  if (index < 0) throw new Error(`no column ${column} in ${file}`);
  const out = new Map();
  for (const cells of rows) {
    const cell = cells[index];
    if (cell === undefined || cell === '' || cell === '.') continue;
    let date = cells[0];
    const us = date.match(/^(\d+)\/(\d+)\/(\d{4})$/);
    if (us) date = `${us[3]}-${us[1].padStart(2, '0')}-${us[2].padStart(2, '0')}`;
    out.set(date, Number(cell));
  }
  return out;
}

/** The return from the close of `from` to the close of `to` (a Map of closes), as the returns table shows it. */
export function shownReturn(closes, from, to) {
  const r = (closes.get(to) / closes.get(from) - 1) * 100;
  return `${r >= 0 ? '+' : ''}${r.toFixed(1)}%`;
}

/** Simple returns of the closes (a Map) between consecutive keys: p[t] / p[t-1] - 1. */
export function returns(closes, keys) {
  return keys.slice(1).map((k, t) => closes.get(k) / closes.get(keys[t]) - 1);
}

/** Changes of the values (a Map) between consecutive keys, times `scale` (100: percent to bp). */
export function changes(values, keys, scale = 100) {
  return keys.slice(1).map((k, t) => scale * (values.get(k) - values.get(keys[t])));
}

/** Pearson correlation of ys with xs, and the least-squares slope of ys on xs, over n pairs. */
export function regression(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return { correlation: sxy / Math.sqrt(sxx * syy), slope: sxy / sxx, n };
}

/**
 * Correlation and beta (% per +100 bp) of the closes' returns on the yields' changes between
 * consecutive keys, as the rates view's sensitivity table computes them.
 */
export function yieldSensitivity(closes, yields, keys) {
  const { correlation, slope, n } = regression(changes(yields, keys), returns(closes, keys).map((r) => 100 * r));
  return { correlation, beta: 100 * slope, observations: n };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Asserts that a download (from `download`) is a PNG image: a .png name, the PNG signature, an
 * IHDR chunk first with a width and a height, wider than `minWidth` px and longer than
 * `minBytes` bytes. Returns its { width, height }.
 */
export function assertPng({ name, bytes }, { minWidth = 0, minBytes = 0 } = {}) {
  assert.match(name, /\.png$/);
  assert.deepEqual([...bytes.subarray(0, 8)], PNG_SIGNATURE, 'the PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  assert.ok(width > minWidth && height > 0, `the PNG is ${width} x ${height} px (wider than ${minWidth} px wanted)`);
  assert.ok(bytes.length > minBytes, `the PNG has ${bytes.length} bytes (more than ${minBytes} wanted)`);
  return { width, height };
}

/** Each claim as [verdict, computed value] in order. */
export async function storyVerdicts(page) {
  return page.$$eval('.claims > .claim', (items) =>
    items.map((li) => [li.querySelector('.verdict').textContent.trim(), li.querySelector('.claim__computed').textContent.trim()]),
  );
}

/** Opens the Story check and its "AI rotation, Q3 2025" preset. */
export async function openStoryPreset(page) {
  await gotoView(page, 'story-check');
  await page.click('button[data-preset="AI rotation, Q3 2025"]');
  await page.waitForFunction(() => document.querySelectorAll('.claims > .claim').length === 10);
}

/** The app's state as the user sees it: ticked symbols, benchmark, range, view. */
export async function shownState(page) {
  return {
    view: await page.$eval('.tabs a[aria-current="page"]', (a) => a.dataset.view),
    symbols: await page.$$eval('.symbols__pick input:checked', (els) => els.map((e) => e.id.replace(/^pick-/, ''))),
    benchmark: await page.$eval('#align-benchmark', (s) => s.value),
    from: await page.$eval('#range-from', (i) => i.value),
    to: await page.$eval('#range-to', (i) => i.value),
  };
}

/** Opens the Share panel and returns the link and its shown length. */
export async function shareLink(page, { embed = false } = {}) {
  if (!(await page.$('#share-panel'))) await page.click('.share .topbar-button');
  await page.waitForSelector('#share-panel');
  if (embed) {
    await page.check('#share-embed');
    await page.waitForFunction(() => document.querySelector('#share-link')?.value.length > 3000);
  }
  const link = await page.$eval('#share-link', (i) => i.value);
  const shown = await page.$eval('#share-length', (s) => s.textContent.trim());
  return { link, shown };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

/** The slugs of the ten views, in the order of the tabs. */
export const VIEWS = [
  'overview',
  'story-check',
  'rotation',
  'relative-strength',
  'breadth',
  'concentration',
  'rates',
  'valuation',
  'risk',
  'strategy-lab',
];

/**
 * axe's violations on the page as it is now, one line per rule and element ("rule: why
 * (target)"). axe is evaluated through the DevTools protocol, which the page's Content
 * Security Policy does not govern (an injected <script> would be refused, as it should be).
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}`),
    }));
  }, TAGS);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n}`));
}

/**
 * A dataset as a download would give it: two years of business days of six funds and the
 * 10-year yield, closes made by a fixed rule (no randomness), enough for every view to draw.
 */
export function loadedDatasetFile() {
  const symbols = ['QQQ', 'IWM', 'SPY', 'XLK', 'XLE', 'XLF', 'DGS10'];
  const lines = [`Date,${symbols.join(',')}`];
  const day = new Date(Date.UTC(2024, 0, 1));
  let n = 0;
  while (day < new Date(Date.UTC(2025, 11, 31))) {
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      const closes = symbols.map((s, i) =>
        s === 'DGS10'
          ? (4 + 0.5 * Math.sin(n / 40)).toFixed(2)
          : (100 * (1 + 0.0004 * (i + 1)) ** n * (1 + 0.05 * Math.sin(n / (15 + 4 * i)))).toFixed(2),
      );
      lines.push(`${day.toISOString().slice(0, 10)},${closes.join(',')}`);
      n += 1;
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'rotlab-a11y-'));
  const file = join(dir, 'funds.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

