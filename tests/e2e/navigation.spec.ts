import { parse } from 'csv-parse/sync'
import type { Browser, Page, Response } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLE_LABELS, ROLES, type Role, totpRequiredFor } from '../../src/shared/roles.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe de la visite'
const secrets = new Map<Role, string>()
/** How many pages one role's visit opens at most: the menu, then the links those pages show. */
const MAX_PAGES_PER_ROLE = 30

/**
 * A CCAS with one account per role. The register is kept by the "Pôle seniors" team, which none of
 * the social worker and the volunteer coordinator below belong to: they hold the register's
 * permissions by role, yet the server refuses them, so their menus must not offer it.
 */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Valmont', 'Hôtel de ville')
  const [seniors, social] = await createTeams(trame, organisation, ['Pôle seniors', 'Accueil social'])
  await db
    .insertInto('register_settings')
    .values({
      organisation_id: organisation.id,
      team_id: seniors!,
      retry_delay_minutes: 30,
      max_attempts: 3,
    })
    .execute()
  await db
    .insertInto('partners')
    .values({ organisation_id: organisation.id, name: 'Restos du Cœur de Valmont' })
    .execute()
  for (const role of ROLES) {
    const user = await createUser(trame, organisation.id, {
      email: `${role}@valmont.fr`,
      name: ROLE_LABELS[role],
      password: PASSWORD,
      roles: [role],
      totp: totpRequiredFor([role]),
      teamIds: [social!],
    })
    if (user.totpSecret) secrets.set(role, user.totpSecret)
  }
}

beforeAll(async () => {
  trame = await startTrameForE2e()
  browser = await launchChromium()
  await seed()
})
afterAll(async () => {
  await browser?.close()
  await trame?.close()
})

async function signedInAs(role: Role): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, {
    email: `${role}@valmont.fr`,
    password: PASSWORD,
    totpSecret: secrets.get(role),
  })
  return page
}

/** The app's own pages a page links to (menu, tabs, buttons), without downloads and the API. */
async function linksOf(page: Page, selector: string) {
  const hrefs = await page
    .locator(`${selector} a[href^="/"]:not([download])`)
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))
  return hrefs.map((href) => href.split('#')[0]!).filter((href) => href !== '' && !href.startsWith('/api/'))
}

/**
 * Opens every page the role's menu offers, then every page those pages link to, and notes each
 * refusal met: an API call answered 403, or a permission alert on the page.
 */
async function visitAs(role: Role) {
  const page = await signedInAs(role)
  const refusals: string[] = []
  const onResponse = (response: Response) => {
    const url = new URL(response.url())
    if (url.pathname.startsWith('/api/') && response.status() === 403) {
      refusals.push(`${new URL(page.url()).pathname}: ${response.request().method()} ${url.pathname} → 403`)
    }
  }
  page.on('response', onResponse)
  const menu = await linksOf(page, '#entete-main-navigation')
  const queue = [...new Set(['/', ...menu])]
  const seen = new Set<string>()
  while (queue.length > 0 && seen.size < MAX_PAGES_PER_ROLE) {
    const path = queue.shift()!
    if (seen.has(path)) continue
    seen.add(path)
    // Inside the app, as a click would (no reload of the whole script for each page).
    await page.evaluate((to) => {
      window.history.pushState({}, '', to)
      window.dispatchEvent(new PopStateEvent('popstate'))
    }, path)
    await page.waitForLoadState('networkidle')
    for (const text of ['Accès refusé', "Vous n'avez pas les droits nécessaires"]) {
      if ((await page.getByText(text).count()) > 0) refusals.push(`${path}: « ${text} »`)
    }
    // One level below the menu: the tabs and buttons of each page it opens.
    if (menu.includes(path)) {
      for (const link of await linksOf(page, '#contenu')) if (!seen.has(link)) queue.push(link)
    }
  }
  page.off('response', onResponse)
  return { page, menu, refusals, visited: [...seen] }
}

describe('each role’s menu', () => {
  it.each(ROLES)(
    'leads the %s to no refusal',
    async (role) => {
      const { page, menu, refusals, visited } = await visitAs(role)
      expect(refusals, `${role} visited ${visited.join(', ')}`).toEqual([])
      // Holding the register's permissions by role is not enough: only its team and the director reach it.
      expect(menu.includes('/registre')).toBe(role === 'director')
      if (role === 'social_worker' || role === 'analyst') await checkPage(page, `95-menu-${role}`)
      await page.context().close()
    },
    240_000,
  )
})

describe('links to what the server writes', () => {
  it('the footer opens the API documentation; the partner directory downloads as CSV', async () => {
    const page = await signedInAs('front_desk_agent')
    await page.goto(`${trame.baseUrl}/partenaires`)
    const csv = await downloadByClicking(page, () => page.getByRole('link', { name: /Exporter/ }).click())
    const rows: Record<string, string>[] = parse(csv.content.toString('utf8'), { bom: true, columns: true })
    expect(rows.map((row) => Object.values(row).includes('Restos du Cœur de Valmont'))).toEqual([true])

    await page.getByRole('link', { name: "Documentation de l'API" }).click()
    await page.waitForURL((url) => url.pathname.startsWith('/api/docs'))
    await expect.poll(() => page.locator('.swagger-ui').count()).toBeGreaterThan(0)
    await page.context().close()
  })
})
