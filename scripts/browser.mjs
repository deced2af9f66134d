// The static server and the system Chromium that the build (scripts/first_view.mjs), the
// end-to-end tests and the benchmarks (tests/e2e/harness.mjs) share. Nothing here downloads a
// browser.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

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

/**
 * Serves `dir` on 127.0.0.1 on a free port, under the sub-path `base` (e.g. "/app/"). The
 * returned `requests` lists the path of every request the server received, in order. With
 * `{ gzip: true }` every file but the already compressed (.gz) is sent gzip-encoded to a client
 * that accepts it, as a static host sends it.
 */
export async function serve(dir, base = '/', { gzip = false } = {}) {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: build the app first (make dist)`);
  }
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push(url.pathname);
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
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (gzip && extname(file) !== '.gz' && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        headers['content-encoding'] = 'gzip';
        res.writeHead(200, headers).end(gzipSync(body, { level: 9 }));
        return;
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${base}`, requests, close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The system Chromium, headless, with the flags this machine's closed network needs. */
export function chromiumOptions() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium chromium-driver`);
  }
  return {
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
      // Extra flags for an experiment, e.g. CHROMIUM_ARGS='--js-flags=--no-wasm-lazy-compilation'.
      ...(process.env.CHROMIUM_ARGS ?? '').split(' ').filter(Boolean),
    ],
  };
}
