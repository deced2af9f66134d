// Shared set-up for the end-to-end tests: a static server for dist/ on loopback and the
// system Chromium driven by playwright-core. Nothing here downloads a browser.
import { createServer } from 'node:http';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = process.env.ROTLAB_DIST ?? join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'test-results');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.gz': 'application/gzip',
};

/** Serves `dir` on 127.0.0.1 on a free port, under the sub-path `base` (e.g. "/app/"). */
export async function serve(dir = DIST, base = '/') {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: build the app first (make dist)`);
  }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404).end('not under the base path');
      return;
    }
    let path = normalize(decodeURIComponent(url.pathname.slice(base.length)));
    if (path.startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    let file = join(dir, path);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${base}`, close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Launches the system Chromium headless with the flags this machine's closed network needs. */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium chromium-driver`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens a page and records console errors, page errors and failed requests, so a test can
 * assert that a session had none.
 */
export async function openPage(browser, url, viewport = { width: 1440, height: 1000 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(url);
  return { context, page, problems };
}

/** Waits until the returns table is drawn (the sample is loaded and computed). */
export async function waitForOverview(page) {
  await page.waitForSelector('table.returns tbody tr', { timeout: 30_000 });
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
 * object's `server` and `browser` are set once the block's `before` hook has run.
 */
export function useBrowser() {
  const session = { server: undefined, browser: undefined };
  before(async () => {
    session.server = await serve();
    session.browser = await launch();
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

/** Opens a view by its tab link and waits until its heading is shown. */
export async function gotoView(page, slug) {
  await page.click(`.tabs a[data-view="${slug}"]`);
  await page.waitForFunction((s) => location.hash.startsWith(`#/${s}`), slug);
  await page.waitForSelector('.view-head h1');
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

/** The option ECharts holds for the chart element matched by `selector`. */
export async function chartOption(page, selector) {
  return page.$eval(selector, (el) => {
    const option = window.echarts.getInstanceByDom(el).getOption();
    return JSON.parse(JSON.stringify(option, (k, v) => (typeof v === 'function' ? undefined : v)));
  });
}

/**
 * Clicks the button and returns the download's suggested file name and its bytes.
 */
export async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: await readFile(path) };
}
