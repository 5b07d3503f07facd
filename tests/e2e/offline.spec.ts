import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../src/server/platform/passwords.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe de la maraude'

beforeAll(async () => {
  trame = await startTrameForE2e()
  browser = await launchChromium()
  const organisation = await trame.db
    .insertInto('organisations')
    .values({ name: 'CCAS de Villebelle' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const team = await trame.db
    .insertInto('teams')
    .values({ organisation_id: organisation.id, name: 'Équipe de rue' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const user = await trame.db
    .insertInto('users')
    .values({
      organisation_id: organisation.id,
      email: 'karim.maraude@villebelle.fr',
      name: 'Karim Maraude',
      password_hash: await hashPassword(PASSWORD),
      roles: ['outreach_agent'],
      status: 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trame.db
    .insertInto('user_teams')
    .values({ organisation_id: organisation.id, user_id: user.id, team_id: team.id })
    .execute()
})
afterAll(async () => {
  await browser?.close()
  await trame?.close()
})

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }

/** The encounters waiting in the phone's IndexedDB, as the app keeps them. */
const pendingOnPhone = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ key: string; summary: string }[]>((resolve, reject) => {
        const open = indexedDB.open('trame')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const all = open.result.transaction('pending-encounters').objectStore('pending-encounters').getAll()
          all.onsuccess = () => resolve(all.result)
          all.onerror = () => reject(all.error)
        }
      }),
  )

/** Every address the offline worker keeps, in every cache. */
const cachedUrls = (page: Page) =>
  page.evaluate(async () => {
    const urls: string[] = []
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname)
    }
    return urls
  })

describe('the outreach pages on a phone without network', () => {
  it('install as an app, open from a cold start offline, keep the encounter, and send it once back online', async () => {
    const context: BrowserContext = await browser.newContext({ locale: 'fr-FR', ...PHONE })
    const first = await context.newPage()
    await signIn(first, trame.baseUrl, { email: 'karim.maraude@villebelle.fr', password: PASSWORD })
    await first.goto(`${trame.baseUrl}/aller-vers`)
    await first.getByRole('heading', { name: 'Tournées', level: 1 }).waitFor()
    // The worker is installed (the pages are kept) and active.
    await first.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
    const cdp = await context.newCDPSession(first)
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string }
    expect(manifest.url).toBe(`${trame.baseUrl}/manifest.webmanifest`)
    expect(manifest.errors).toEqual([])
    const installability = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[]
    }
    // Only the test browser's private window stands in the way of installing it.
    const blocking = installability.installabilityErrors.map((e) => e.errorId)
    expect(blocking.filter((id) => id !== 'in-incognito')).toEqual([])
    // Installed: the pages it keeps are in its cache once it is active.
    await expect.poll(() => cachedUrls(first), { timeout: 30_000 }).toContain('/index.html')
    const kept = await cachedUrls(first)
    expect(kept).toContain('/index.html')
    expect(kept.some((url) => /\/assets\/EncounterFormPage-.+\.js$/.test(url))).toBe(true)
    await first.close()

    // Cold start without network: no page open, then the form opened from scratch.
    await context.setOffline(true)
    const page = await context.newPage()
    const opened = await page.goto(`${trame.baseUrl}/aller-vers/rencontres/nouvelle`)
    expect(opened?.fromServiceWorker()).toBe(true)
    await page.getByRole('heading', { name: 'Nouvelle rencontre', level: 1 }).waitFor()
    // Truly offline: the page and the worker both fail to reach the server.
    expect(
      await page.evaluate(() =>
        fetch('/health').then(
          () => 'reached',
          () => 'failed',
        ),
      ),
    ).toBe('failed')
    const [worker] = context.serviceWorkers()
    expect(
      await worker!.evaluate(() =>
        fetch('/health').then(
          () => 'reached',
          () => 'failed',
        ),
      ),
    ).toBe('failed')
    // Who is signed in comes from the phone: the agent's name in the header, the form ready.
    await expect.poll(() => page.getByText('Karim Maraude').count()).toBeGreaterThan(0)

    await page.getByText('Femme', { exact: true }).first().click()
    await page.getByLabel('Âge approximatif').fill('40')
    await page.getByLabel(/^Description/).fill('sous le pont, avec un chien')
    await page.getByText('À la rue', { exact: true }).click()
    await page.getByText('Information donnée', { exact: true }).click()
    await page.getByRole('button', { name: 'Enregistrer la rencontre' }).click()
    await page.getByRole('heading', { name: 'En attente d’envoi (1)' }).waitFor()
    await expect
      .poll(() =>
        page.getByText(/La rencontre « Femme, ~40 ans · À la rue » est gardée sur ce téléphone/).count(),
      )
      .toBe(1)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width, 'nothing overflows the 360 px screen').toBeLessThanOrEqual(360)
    await checkPage(page, '60-hors-ligne-demarrage-a-froid')
    const [pending] = await pendingOnPhone(page)
    expect(pending?.summary).toBe('Femme, ~40 ans · À la rue')

    // Reloaded, still without network: the waiting encounter is still on the phone.
    await page.reload()
    await page.getByRole('heading', { name: 'En attente d’envoi (1)' }).waitFor()
    const stored = () =>
      trame.db
        .selectFrom('outreach_encounters')
        .select('id')
        .where('idempotency_key', '=', pending!.key)
        .execute()
    expect(await stored()).toHaveLength(0)

    // The network is back: the session is asked for, then the encounter leaves, once.
    // (at the browser's "online" event, or at the latest by the queue's one-minute retry)
    await context.setOffline(false)
    await expect
      .poll(() => page.getByText(/1 rencontre envoyée : plus rien en attente/).count(), { timeout: 75_000 })
      .toBe(1)
    expect(await page.getByRole('heading', { name: /En attente d’envoi/ }).count()).toBe(0)
    expect(await pendingOnPhone(page)).toEqual([])
    expect(await stored()).toHaveLength(1)
    await checkPage(page, '61-hors-ligne-rencontre-envoyee')

    // Nothing the API answered was kept by the worker.
    const cached = await cachedUrls(page)
    expect(cached.filter((url) => url.startsWith('/api/'))).toEqual([])

    // Signed out: the phone forgets who was signed in; offline, the form no longer opens for anyone.
    await page.getByRole('button', { name: 'Menu' }).click()
    await page.getByRole('button', { name: 'Se déconnecter' }).click()
    await page.waitForURL((url) => url.pathname === '/connexion')
    await context.setOffline(true)
    await page.goto(`${trame.baseUrl}/aller-vers/rencontres/nouvelle`)
    await page.getByText('Trame ne répond pas. Réessayez dans un instant.').waitFor()
    expect(await page.getByRole('heading', { name: 'Nouvelle rencontre' }).count()).toBe(0)
    await context.close()
  }, 240_000)
})

describe('how the web app reaches a phone', () => {
  it('sends files compressed at build, keeps hashed files a year and asks for index.html again each visit', async () => {
    const index = await fetch(`${trame.baseUrl}/`, { headers: { 'accept-encoding': 'br, gzip' } })
    expect(index.headers.get('cache-control')).toBe('no-cache')
    const html = await index.text()
    const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()

    const brotli = await fetch(`${trame.baseUrl}${script}`, { headers: { 'accept-encoding': 'br' } })
    expect(brotli.headers.get('content-encoding')).toBe('br')
    expect(brotli.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const gzip = await fetch(`${trame.baseUrl}${script}`, { headers: { 'accept-encoding': 'gzip' } })
    expect(gzip.headers.get('content-encoding')).toBe('gzip')

    // The worker is checked at each visit, so a new version reaches phones at once.
    const worker = await fetch(`${trame.baseUrl}/sw.js`)
    expect(worker.headers.get('cache-control')).toBe('no-cache')
    // Personal data never goes to a cache, the worker's included.
    const api = await fetch(`${trame.baseUrl}/api/auth/me`)
    expect(api.headers.get('cache-control')).toBe('no-store')
  })
})
