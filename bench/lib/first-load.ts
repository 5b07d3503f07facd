import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { launchChromium } from '../../tests/e2e/harness.ts'
import { type HttpOptions, startServer, stopServer } from './http.ts'
import { round } from './stats.ts'

export interface FirstLoadFigures {
  /** Chromium DevTools' "Fast 3G": 562.5 ms of latency, 180 kB/s down, 84 kB/s up. */
  network: string
  /** From navigation to the page's first heading, cold cache, no service worker yet. */
  first_heading_ms: number
  /** Bytes received until then (headers included, bodies as sent: compressed). */
  bytes_to_first_heading_kb: number
  /** Everything the page had loaded once the network was idle. */
  bytes_total_kb: number
  requests: number
}

const FAST_3G = {
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
}

/**
 * The front desk's home as an agent's phone on 3G first opens it (issue 20): the built web app served by
 * Trame, its session cookie already set, the network throttled in Chromium.
 */
export async function firstLoadScenario(options: HttpOptions): Promise<FirstLoadFigures> {
  if (!existsSync(resolve(import.meta.dirname, '../../dist/web/index.html')))
    throw new Error('the web app is not built: run npm run build:web first')
  const { child, ready } = await startServer(options, 'front_desk_agent')
  const browser = await launchChromium()
  try {
    const base = `http://127.0.0.1:${ready.port}`
    const context = await browser.newContext({ locale: 'fr-FR', serviceWorkers: 'block' })
    const [name, value] = ready.cookie.split('=', 2) as [string, string]
    await context.addCookies([{ name, value, url: base }])
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...FAST_3G })
    let bytes = 0
    let started = performance.now()
    let requests = 0
    const urls = new Map<string, string>()
    cdp.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => {
      urls.set(event.requestId, event.request.url)
    })
    cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
      bytes += event.encodedDataLength
      requests++
      if (process.env.FIRST_LOAD_DEBUG)
        process.stdout.write(
          `${(performance.now() - started).toFixed(0)} ms ${event.encodedDataLength} ${urls.get(event.requestId)}\n`,
        )
    })
    started = performance.now()
    await page.goto(`${base}/`, { waitUntil: 'commit' })
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 60_000 })
    const firstHeading = performance.now() - started
    const bytesToHeading = bytes
    await page.waitForLoadState('networkidle')
    await context.close()
    return {
      network: 'Fast 3G (562.5 ms, 1.44 Mbit/s)',
      first_heading_ms: Math.round(firstHeading),
      bytes_to_first_heading_kb: round(bytesToHeading / 1024, 1),
      bytes_total_kb: round(bytes / 1024, 1),
      requests,
    }
  } finally {
    await browser.close()
    await stopServer(child)
  }
}
