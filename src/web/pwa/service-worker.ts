/**
 * The offline worker of the outreach pages, built into /sw.js by scripts/vite-web-build.ts (which puts
 * PRECACHE and VERSION before this code). It keeps the application itself — the shell, its scripts and
 * styles, the outreach pages — and never an answer of the API: personal data stays on the server.
 *
 * - pages (navigations): from the network; without network, the kept shell, which then opens the page;
 * - hashed files (/assets/): from the cache, else fetched once and kept (their name changes with them);
 * - the DSFR (/dsfr/): from the cache when kept, else fetched and kept.
 */

// The worker's own types, apart from the DOM ones the rest of the web app is checked with.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  request: Request
  respondWith(response: Promise<Response>): void
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
  skipWaiting(): Promise<void>
  clients: { claim(): Promise<void> }
  location: Location
}
declare const PRECACHE: string[]
declare const VERSION: string
const worker = self as unknown as WorkerScope

const SHELL = `trame-shell-${VERSION}`
/** Files fetched since, kept while this version lasts. */
const RUNTIME = `trame-runtime-${VERSION}`
/** How long a page waits for the network before the kept shell is shown (a weak signal in the street). */
const NAVIGATION_TIMEOUT_MS = 6000

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => worker.skipWaiting()),
  )
})

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('trame-') && name !== SHELL && name !== RUNTIME)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => worker.clients.claim()),
  )
})

worker.addEventListener('fetch', (event) => {
  const { request } = event
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== worker.location.origin) return
  // The API is never answered from here: its data is personal, and fresh or nothing.
  if (url.pathname.startsWith('/api/')) return
  if (request.mode === 'navigate') event.respondWith(page(request))
  else if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/dsfr/'))
    event.respondWith(keptFile(request, url.pathname.startsWith('/dsfr/')))
})

/** The page from the network (the shell is refreshed with it); the kept shell without network. */
async function page(request: Request): Promise<Response> {
  const fromNetwork = fetch(request).then(async (response) => {
    if (response.ok && response.headers.get('content-type')?.startsWith('text/html')) {
      const cache = await caches.open(SHELL)
      await cache.put('/index.html', response.clone())
    }
    return response
  })
  fromNetwork.catch(() => undefined) // a late failure, once the shell is shown, is no error
  const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS))
  try {
    const response = await Promise.race([fromNetwork, timeout])
    if (response) return response
  } catch {
    // No network: the kept shell below.
  }
  const shell = await caches.match('/index.html', { cacheName: SHELL })
  return shell ?? fromNetwork
}

async function keptFile(request: Request, ignoreSearch: boolean): Promise<Response> {
  const kept = await caches.match(request, { ignoreSearch })
  if (kept) return kept
  const response = await fetch(request)
  if (response.ok) {
    const cache = await caches.open(RUNTIME)
    await cache.put(request, response.clone())
  }
  return response
}
