// End-to-end: a panic in the wasm is shown as a banner with a way out, not a frozen page. The
// release build aborts on a panic, so the banner is put up by the panic hook with plain DOM
// calls (src/platform/crash.rs); its Reload is the browser's own, and nothing stored is lost.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, gotoView, importDataset, openPage, screenshots, useBrowser, waitForOverview } from './harness.mjs';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'formats');

describe('a panic in the wasm', () => {
  const session = useBrowser();

  test('shows a banner with what failed; Reload brings the app back with its data, and the link-free address is offered', async () => {
    // The panic is logged to the console (by the hook) and thrown to the caller, on purpose.
    const { context, page, problems } = await openPage(session.browser, session.server.url, undefined, {
      allow: [/rotlab_test_panic|unreachable/],
    });
    await waitForOverview(page);
    await importDataset(page, [join(FIXTURES, 'yahoo-spy.csv')], 'Survives');
    await page.waitForFunction(() => !document.querySelector('[data-dataset="Survives"] .tag--warn'));
    await gotoView(page, 'rotation');
    await page.waitForFunction(() => location.hash.startsWith('#/rotation?s='));
    const address = await page.evaluate(() => location.href);

    assert.equal(
      await page.evaluate(() => typeof window.wasmBindings.rotlab_test_panic),
      'function',
      'this build has no rotlab_test_panic: the e2e tests run on the test build (make test-e2e builds target/dist-e2e with --features test-hooks)',
    );
    const thrown = await page.evaluate(() => {
      try {
        window.wasmBindings.rotlab_test_panic();
        return 'no error';
      } catch (e) {
        return e.constructor.name;
      }
    });
    assert.equal(thrown, 'RuntimeError');
    await page.waitForSelector('#crash-banner');
    const banner = await page.$eval('#crash-banner', (b) => ({
      role: b.getAttribute('role'),
      title: b.querySelector('.crash-banner__title').textContent,
      detail: b.querySelector('.crash-banner__detail').textContent,
      text: b.textContent,
      link: b.querySelector('a').getAttribute('href'),
      first: document.body.firstElementChild === b,
    }));
    assert.equal(banner.role, 'alert');
    assert.equal(banner.title, 'Rotation Lab stopped because of an internal error.');
    assert.equal(banner.detail, 'a test asked for this panic (rotlab_test_panic)');
    assert.match(banner.text, /Your datasets and saved scenarios are kept in this browser and are not lost/);
    assert.equal(banner.link, address.split('#')[0]);
    assert.ok(banner.first, 'the banner is not at the top of the page');
    await screenshots(page, 'crash-banner');

    // Reload: the same view and scenario, the stored dataset, and no banner.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload' }).click()]);
    await page.waitForSelector('.view-head h1');
    assert.equal(await page.$('#crash-banner'), null);
    assert.ok((await page.evaluate(() => location.hash)).startsWith('#/rotation?s='));
    await page.waitForSelector('[data-dataset="Survives"]');
    // The panic itself was logged to the console by the hook (any other problem fails the test).
    assert.ok(problems.some((p) => /a test asked for this panic/.test(p)), problems.join('\n'));
    await context.close();
  });
});
