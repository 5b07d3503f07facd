/**
 * Installs the offline worker (/sw.js, see service-worker.ts) once an outreach page is opened: from then
 * on the outreach pages open on this phone without network. Only in the built app (the development
 * server has no /sw.js).
 */
export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  navigator.serviceWorker
    .register('/sw.js')
    .catch((error: unknown) => console.warn('Trame : pages hors ligne non installées.', error))
}
