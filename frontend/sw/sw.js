/* Chuangguan service worker (hand-made): app-shell caching for flaky networks.
 * - precaches the phone app's built shell (index.html and the hashed assets of this build, none of the console's);
 * - navigations: network first (short timeout), the cached shell when the network fails;
 * - the phone app's /assets/*: cache first (file names are content-hashed);
 * - never answers /api, /q, /certificates or /verify: those stay with the backend;
 * - never answers the trainers' console (/console/…) nor its own chunks: a desktop page, which must not get the
 *   phone shell offline nor fill the phone's cache (the Vue chunk both pages share is the phone's, cached as such). */
const VERSION = self.__VERSION__
const PRECACHE = self.__PRECACHE__
const CACHE = 'cg-shell-' + VERSION
const PHONE_FILES = new Set(PRECACHE)
const BACKEND = /^\/(api|q|certificates|verify)(\/|$)/
const CONSOLE = /^\/console(\/|$)/
const NAV_TIMEOUT_MS = 4000

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('cg-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms)
    promise.then((r) => { clearTimeout(timer); resolve(r) }, (e) => { clearTimeout(timer); reject(e) })
  })
}

async function navigation(request) {
  const cache = await caches.open(CACHE)
  try {
    const response = await withTimeout(fetch(request), NAV_TIMEOUT_MS)
    if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) {
      cache.put('/', response.clone())
    }
    return response
  } catch (e) {
    const shell = await cache.match('/')
    if (shell) return shell
    throw e
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE)
  const hit = await cache.match(request)
  if (hit) return hit
  const response = await fetch(request)
  if (response.ok) cache.put(request, response.clone())
  return response
}

async function staleWhileRevalidate(request) {
  const cache = await caches.open(CACHE)
  const hit = await cache.match(request)
  const update = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone())
    return response
  })
  if (hit) {
    update.catch(() => {})
    return hit
  }
  return update
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || BACKEND.test(url.pathname) || CONSOLE.test(url.pathname) || url.pathname === '/sw.js') return
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request))
    return
  }
  // only the phone app's own files: the console's chunks (also under /assets/) go to the network as if there were no worker
  if (!PHONE_FILES.has(url.pathname)) return
  event.respondWith(url.pathname.startsWith('/assets/') ? cacheFirst(request) : staleWhileRevalidate(request))
})
