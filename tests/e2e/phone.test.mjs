// End-to-end: phone layouts at 390 x 844. On every view, with the sample and with an imported
// dataset, and with the data panel open as a drawer: nothing is wider than the screen, every
// control is at least 24 x 24 px to tap (WCAG 2.2, 2.5.8), and the primary controls (buttons,
// the views menu, the data panel's button) at least 44 px tall.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWS, addDataset, gotoView, loadedDatasetFile, openPage, openStoryPreset, previewFiles, useBrowser, waitForOverview } from './harness.mjs';

const PHONE = { width: 390, height: 844 };

/**
 * What does not fit a phone on the page as it is: the page's overflow past the screen's right
 * edge, and every visible control smaller than 24 x 24 px (a checkbox or radio counts with its
 * labels, which take the tap too; a link inside a sentence is exempt, as WCAG allows) or, for
 * a primary control, under 44 px tall. One line per problem.
 */
async function misfits(page) {
  return page.evaluate(() => {
    const found = [];
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 0) found.push(`the page is ${overflow}px wider than the screen`);
    const name = (el) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 40)}"`;
    const controls = document.querySelectorAll(
      'a[href], button, input:not([type="hidden"]), select, summary, textarea, [tabindex]:not([tabindex="-1"])',
    );
    for (const el of controls) {
      if (el.closest('.skip-link, .chart, .visually-hidden')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      let box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const type = el.getAttribute('type');
      if ((type === 'checkbox' || type === 'radio') && el.labels?.length) {
        // The box and its label take the tap together.
        const boxes = [box, ...[...el.labels].map((l) => l.getBoundingClientRect())];
        const left = Math.min(...boxes.map((b) => b.left));
        const top = Math.min(...boxes.map((b) => b.top));
        box = {
          width: Math.max(...boxes.map((b) => b.right)) - left,
          height: Math.max(...boxes.map((b) => b.bottom)) - top,
        };
      }
      // A link in running text (a sentence of a paragraph or list item) is exempt.
      if (el.tagName === 'A' && el.closest('p, li') && !el.classList.contains('button') && !el.classList.contains('tab')) continue;
      if (box.width < 23.5 || box.height < 23.5) found.push(`${name(el)} is ${box.width.toFixed(0)}x${box.height.toFixed(0)} px`);
      const primary = el.matches('.button, .views-button, .panel-toggle, .tabs--open .tab');
      if (primary && box.height < 43.5) found.push(`primary ${name(el)} is ${box.height.toFixed(0)} px tall`);
    }
    return found;
  });
}

describe('phone layouts (390 px)', () => {
  const session = useBrowser();

  test('every view fits the screen and every control can be tapped, with the sample and with a dataset', async () => {
    const { context, page } = await openPage(session.browser, session.server.url, PHONE);
    await waitForOverview(page);
    const found = [];
    const check = async (place) => {
      for (const m of await misfits(page)) found.push(`${place}: ${m}`);
    };
    for (const slug of VIEWS) {
      await gotoView(page, slug);
      await page.waitForTimeout(300);
      await check(`sample #/${slug}`);
    }
    await page.click('.views-button');
    await check('views menu open');
    await page.keyboard.press('Escape');
    await page.click('.panel-toggle');
    await check('data panel open');
    await page.click('#panel-close');
    await previewFiles(page, [loadedDatasetFile()]);
    await check('import preview');
    await addDataset(page, 'Funds');
    for (const slug of VIEWS) {
      await gotoView(page, slug);
      await page.waitForTimeout(300);
      await check(`dataset #/${slug}`);
    }
    // The Story check with its ten claims, their inputs opened, and their history.
    await openStoryPreset(page);
    for (const summary of await page.$$('.claim details > summary')) await summary.click();
    await check('story check with the preset');
    assert.deepEqual(found, [], `${found.length} problems at 390 px:\n${found.join('\n')}`);
    await context.close();
  });

  test('the views are a menu: it names the view, opens, follows a link and closes with Escape', async () => {
    const { context, page } = await openPage(session.browser, session.server.url, PHONE);
    await waitForOverview(page);
    assert.equal(await page.isVisible('.tabs'), false);
    assert.match(await page.textContent('.views-button'), /^View\s*Overview\s*▾$/);
    await page.click('.views-button');
    assert.equal(await page.getAttribute('.views-button', 'aria-expanded'), 'true');
    assert.equal(await page.locator('.tabs a').count(), 10);
    await page.click('.tabs a[data-view="rotation"]');
    await page.waitForFunction(() => location.hash.startsWith('#/rotation'));
    assert.equal(await page.isVisible('.tabs'), false);
    assert.match(await page.textContent('.views-button'), /Rotation/);
    await page.click('.views-button');
    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('.tabs'), false);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'views-button');
    await context.close();
  });

  test('the data panel opens as a drawer over the view, takes the focus, and closes', async () => {
    const { context, page } = await openPage(session.browser, session.server.url, PHONE);
    await waitForOverview(page);
    const viewTop = await page.$eval('.view-head', (el) => el.getBoundingClientRect().top);
    await page.click('.panel-toggle');
    await page.waitForFunction(() => document.activeElement?.id === 'panel-close');
    // Over the view: the view has not moved, the drawer starts at the top of the screen.
    assert.equal(await page.$eval('.view-head', (el) => el.getBoundingClientRect().top), viewTop);
    const drawer = await page.$eval('#data-panel', (el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, left: r.left, width: r.width, position: getComputedStyle(el).position };
    });
    assert.deepEqual([drawer.top, drawer.left, drawer.position], [0, 0, 'fixed']);
    assert.ok(drawer.width <= 390, `drawer ${drawer.width}px wide`);
    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('#data-panel'), false);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'panel-toggle');
    // The backdrop closes it too.
    await page.click('.panel-toggle');
    await page.mouse.click(385, 400);
    assert.equal(await page.isVisible('#data-panel'), false);
    await context.close();
  });
});
