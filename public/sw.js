// Rotation Lab's service worker: the app shell of one build, precached and served cache-first,
// so the app opens and works offline. `scripts/precache.py` fills in VERSION and FILES after
// every build (a trunk post-build hook); this file is only the template.
//
// Updates never mix builds: a new build's worker installs its own cache beside the old one
// and waits; the old worker keeps serving the old files until the page, on the user's
// "Reload", asks the new one to take over. Then the old cache is deleted and the page reloads
// entirely from the new one.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const PREFIX = 'rotation-lab-';
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // A page load (any view's address) is the app's index.html.
  const key = request.mode === 'navigate' ? new URL('./', self.registration.scope).href : request;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => (await cache.match(key, { ignoreSearch: true })) ?? fetch(request)),
  );
});
