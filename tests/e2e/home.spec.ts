import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../src/server/platform/passwords.ts'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { todayInFrance } from '../../src/shared/dates.ts'
import type { Role } from '../../src/shared/roles.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe de l’accueil'
const adminSecret = newTotpSecret()
let organisationId: string
let siteId: string

/** A CCAS just installed: one site without its address, two teams, one account per role of the journeys. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Belleville', 'Hôtel de ville')
  organisationId = organisation.id
  siteId = organisation.siteId
  const [reception, seniors] = await createTeams(trame, organisation, ['Accueil social', 'Pôle seniors'])
  await db
    .insertInto('register_settings')
    .values({
      organisation_id: organisationId,
      team_id: seniors!,
      retry_delay_minutes: 30,
      max_attempts: 3,
    })
    .execute()
  const users: Record<string, string> = {}
  for (const [email, name, roles, team] of [
    ['admin@belleville.fr', 'Camille Admin', ['administrator'], null],
    ['accueil@belleville.fr', 'Léa Accueil', ['front_desk_agent'], reception!],
    ['maraude@belleville.fr', 'Yanis Maraude', ['outreach_agent'], reception!],
    ['benevoles@belleville.fr', 'Nora Coordination', ['volunteer_coordinator'], seniors!],
    ['registre@belleville.fr', 'Paul Registre', ['social_worker'], seniors!],
  ] as [string, string, Role[], string | null][]) {
    const user = await createUser(trame, organisationId, {
      email,
      name,
      password: PASSWORD,
      roles,
      totp: roles.includes('administrator') && adminSecret,
      teamIds: team ? [team] : [],
    })
    users[email] = user.id
  }

  // A call taken five days ago that still waits for its follow-up, and one from this morning.
  for (const daysAgo of [5, 0]) {
    await db
      .insertInto('contacts')
      .values({
        organisation_id: organisationId,
        occurred_at: new Date(Date.now() - daysAgo * 86_400_000 - 3_600_000),
        channel: 'phone',
        site_id: siteId,
        team_id: reception!,
        anonymous_description: 'Appel pour une voisine',
        follow_up_status: 'pending',
        created_by: users['accueil@belleville.fr']!,
      })
      .execute()
  }
  // A report from the municipal police, waiting to be triaged.
  await db
    .insertInto('reports')
    .values({
      organisation_id: organisationId,
      reference: 'SIG-2026-000001',
      source: 'municipal_police',
      location_text: 'Parc des Buttes',
      situation: 'Un homme dort sous le kiosque depuis trois nuits.',
      created_by: users['maraude@belleville.fr']!,
    })
    .execute()
  // A neighbour who signed up and waits to be vetted.
  await db
    .insertInto('volunteers')
    .values({
      organisation_id: organisationId,
      email: 'voisine@exemple.fr',
      password_hash: await hashPassword(PASSWORD),
      first_name: 'Odile',
      last_name: 'Voisine',
      phone: '06 00 00 00 00',
      help_kinds: ['shopping'],
      max_distance_km: 2,
    })
    .execute()
  // A heatwave plan under way, with one call to make.
  const person = await db
    .insertInto('people')
    .values({
      organisation_id: organisationId,
      file_number: '000001',
      last_name: 'Lambert',
      first_names: 'Odette',
      birth_date: '1936-05-02',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const plan = await db
    .insertInto('alert_plans')
    .values({ organisation_id: organisationId, kind: 'heatwave', starts_on: todayInFrance() })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('alert_calls')
    .values({ organisation_id: organisationId, plan_id: plan.id, person_id: person.id, risk: 5, rank: 1 })
    .execute()
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

async function signedInPage(email: string, totpSecret?: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD, totpSecret })
  return page
}

/** The card of one task on the home page: its count and its late badge. */
const card = (page: Page, title: string) => page.locator('.trame-tasks > li', { hasText: title })

describe('the home page says what to do now', () => {
  it('the first administrator follows a checklist ticked from the organisation’s data', async () => {
    const admin = await signedInPage('admin@belleville.fr', adminSecret)
    const steps = admin.getByRole('region', { name: 'Premiers pas' })
    await expect.poll(() => steps.getByRole('listitem').count()).toBe(7)
    const step = (title: string) => steps.getByRole('listitem').filter({ hasText: title })
    expect(await step('Vos sites').textContent()).toContain('À faire')
    expect(await step('Vos équipes').textContent()).toContain('Fait')
    expect(await step('Vos équipes').textContent()).toContain('(2 équipes)')
    expect(await step('L’équipe du registre').textContent()).toContain('Fait')
    // The administrator has no file to work on: no task list.
    expect(await admin.getByRole('heading', { name: 'À faire maintenant' }).count()).toBe(0)
    await checkPage(admin, 'home-01-premiers-pas')

    // Each step leads to its page; the site's address ticks the first one.
    await step('Vos sites').getByRole('link', { name: 'Vos sites' }).click()
    await admin.waitForURL('**/admin/organisation')
    const updated = await admin.evaluate(async (id) => {
      const me = await (await fetch('/api/auth/me')).json()
      const response = await fetch(`/api/sites/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ address: '1 place de la Mairie' }),
      })
      return response.status
    }, siteId)
    expect(updated).toBe(200)
    await admin.goto(trame.baseUrl)
    await expect.poll(() => step('Vos sites').textContent()).toContain('Fait')
    await admin.context().close()
  })

  it('front desk: the follow-ups waiting, one flagged late, lead to the queue', async () => {
    const agent = await signedInPage('accueil@belleville.fr')
    const followUps = card(agent, 'Suites à donner')
    await expect.poll(() => followUps.textContent()).toContain('2')
    expect(await followUps.textContent()).toContain('1 en attente depuis plus de 3 jours')
    // Nothing about reports to triage, the network or the register: not theirs.
    expect(await agent.locator('.trame-tasks > li').count()).toBe(1)
    await checkPage(agent, 'home-02-accueil')
    await followUps.getByRole('link').click()
    await agent.waitForURL('**/accueil/suivi')
    await agent.context().close()
  })

  it('outreach: the new report to triage', async () => {
    const agent = await signedInPage('maraude@belleville.fr')
    const reports = card(agent, 'Signalements nouveaux à trier')
    await expect.poll(() => reports.textContent()).toMatch(/^1/)
    await checkPage(agent, 'home-03-aller-vers')
    await reports.getByRole('link').click()
    await agent.waitForURL('**/signalements')
    await agent.context().close()
  })

  it('the coordinator: the volunteer to vet; the register’s caller: the calls of the plan under way', async () => {
    const coordinator = await signedInPage('benevoles@belleville.fr')
    await expect.poll(() => card(coordinator, 'Bénévoles inscrits à valider').textContent()).toMatch(/^1/)
    await checkPage(coordinator, 'home-04-coordination')
    await coordinator.context().close()

    const caller = await signedInPage('registre@belleville.fr')
    await expect.poll(() => card(caller, 'Appels à passer').textContent()).toMatch(/^1/)
    await checkPage(caller, 'home-05-registre')
    await card(caller, 'Appels à passer').getByRole('link').click()
    await caller.waitForURL('**/registre/plans')
    await caller.context().close()
  })
})
