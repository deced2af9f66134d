// The prerendered first view (scripts/first_view.mjs): shown on a first visit to the landing
// page while the app's wasm is on its way; the app lifts it when its own first chart is drawn
// (src/platform/first_view.rs). An async script in the head: it arrives before the styles the
// first paint waits for, and the page shows nothing of the picture until it says so (CSS):
// - shown only on a first visit (no service worker controls the page yet: a returning visitor
//   has one, and may have datasets of their own) to the landing page (no view or scenario in
//   the address) with the theme following the system (no choice stored);
// - the page's width picks its layout in CSS; the scheme and the width pick the charts' options,
//   fetched at once and drawn when ECharts (a deferred script) has run.
(() => {
  const root = document.documentElement;
  // Come after the app had started (src/platform/first_view.rs): the app has what it needs.
  if (root.dataset.app === 'started') return;
  // The preloads of the app's files (scripts/first_view.mjs moved them here from the head).
  const preloads = document.getElementById('app-preloads');
  const preload = (which) => {
    if (!preloads) return;
    for (const link of preloads.content.querySelectorAll(which)) document.head.append(link.cloneNode());
  };
  let theme = null;
  try {
    // The app's key for the chosen theme (src/app/theme.rs, STORAGE_KEY).
    theme = localStorage.getItem('rotation-lab-theme');
  } catch {
    // Storage refused: the theme follows the system, as the app's does.
  }
  const returning = 'serviceWorker' in navigator && navigator.serviceWorker.controller !== null;
  if (returning || location.hash.length > 1 || location.search.length > 1 || (theme !== null && theme !== 'system')) {
    preload('link');
    return;
  }
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  // The phone's layout (style/main.css; src/platform/media.rs, NARROW).
  const width = matchMedia('(max-width: 600px)').matches ? 'narrow' : 'wide';
  root.dataset.firstView = 'shown';
  if (dark) root.dataset.theme = 'dark';
  const options = fetch(`first-view/${width}-${dark ? 'dark' : 'light'}.json`).then((r) => {
    if (!r.ok) throw new Error(`first-view/${width}: HTTP ${r.status}`);
    return r.json();
  });
  // The app's script fetches its wasm when it runs, after ECharts; the sample is preloaded after
  // the view's chart (or when there is none), unless the app has started and fetched it itself.
  let sampled = false;
  const sample = () => {
    if (sampled || root.dataset.firstView !== 'shown') return;
    sampled = true;
    preload('link[href^="sample/"]');
  };
  const draw = async () => {
    const list = await options;
    // The app may have taken over while the options came.
    if (!root.dataset.firstView || typeof echarts === 'undefined') return;
    let marked = false;
    for (const element of document.querySelectorAll(`.first-view--${width} [data-first-view-chart]`)) {
      const option = list[Number(element.dataset.firstViewChart)];
      if (!option || element.clientWidth === 0) continue;
      const chart = echarts.init(element, null, { renderer: 'canvas' });
      if (!marked) {
        marked = true;
        chart.on('rendered', function once() {
          chart.off('rendered', once);
          performance.mark('rotlab:first-view-chart');
          sample();
        });
      }
      chart.setOption(option);
    }
  };
  // Deferred scripts (ECharts among them) have run by DOMContentLoaded, which this script may
  // come after.
  const start = () => {
    draw()
      .catch((e) => console.warn('The prerendered first view has no chart:', e))
      .finally(() => setTimeout(sample, 0));
  };
  if (typeof echarts !== 'undefined' || document.readyState === 'complete') start();
  else document.addEventListener('DOMContentLoaded', start);
})();
