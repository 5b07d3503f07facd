import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe de l’accueil'
let dupontId: string
let dupuisId: string

/** A CCAS with a front desk agent, a social worker who instructs and grants (the CCAS lets them), two people. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle', 'Point solidarité centre')
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  for (const [email, name, role] of [
    ['lea.accueil@villebelle.fr', 'Léa Accueil', 'front_desk_agent'],
    ['sam.social@villebelle.fr', 'Sam Social', 'social_worker'],
  ] as const) {
    await createUser(trame, organisation.id, {
      email,
      name,
      password: PASSWORD,
      roles: [role],
      teamIds: [teamId!],
    })
  }
  await db
    .insertInto('domiciliation_settings')
    .values({ organisation_id: organisation.id, decision_roles: ['social_worker'] })
    .execute()
  const people = await db
    .insertInto('people')
    .values([
      { organisation_id: organisation.id, file_number: '000001', last_name: 'Dupont', first_names: 'Hélène' },
      { organisation_id: organisation.id, file_number: '000002', last_name: 'Dupuis', first_names: 'Marc' },
    ])
    .returning('id')
    .execute()
  dupontId = people[0]!.id
  dupuisId = people[1]!.id
}

/** The social worker domiciles both people through the API: request, instruction, grant. */
async function domicileThroughApi() {
  const page = await signedInPage('sam.social@villebelle.fr')
  const base = trame.baseUrl
  const me = await (await page.request.get(`${base}/api/auth/me`)).json()
  const headers = { 'x-csrf-token': me.csrfToken as string }
  const send = async (method: 'post' | 'put', url: string, data: object = {}) => {
    const response = await page.request[method](`${base}${url}`, { data, headers })
    expect(response.status(), `${url} ${await response.text()}`).toBeLessThan(300)
    return response.json()
  }
  const today = todayInFrance()
  for (const personId of [dupontId, dupuisId]) {
    const period = await send('post', '/api/domiciliations', { personId, requestedOn: addDays(today, -5) })
    await send('put', `/api/domiciliations/${period.id}/instruction`, {
      interviewOn: addDays(today, -5),
      communeLink: 'residence',
      residentialSituation: 'street',
      instabilityCause: 'eviction',
      reasons: ['benefits'],
    })
    await send('post', `/api/domiciliations/${period.id}/submit`)
    await send('post', `/api/domiciliations/${period.id}/decisions`, {
      decision: 'granted',
      startOn: addDays(today, -2),
    })
  }
  await page.context().close()
}

beforeAll(async () => {
  trame = await startTrameForE2e()
  browser = await launchChromium()
  await seed()
  await domicileThroughApi()
})
afterAll(async () => {
  await browser?.close()
  await trame?.close()
})

async function signedInPage(email = 'lea.accueil@villebelle.fr'): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD })
  return page
}

const sessionCount = (page: Page, n: number) =>
  expect
    .poll(() => page.getByRole('heading', { name: `Saisis pendant cette session (${n})` }).count())
    .toBe(1)

describe('domiciled people’s mail in a browser', () => {
  it('logs five items in a batch, one keystroke each, then hands them over with the visit at the front desk', async () => {
    const page = await signedInPage()
    await page.getByRole('link', { name: 'Courrier', exact: true }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Courrier' }).waitFor()
    await checkPage(page, '70-courrier-saisie')

    // Typed name: both namesakes show, the first is highlighted; Enter logs a letter each time.
    const search = page.getByLabel('Nom ou numéro de dossier')
    await search.fill('dupont')
    await page.getByRole('option', { name: /DUPONT Hélène/ }).waitFor()
    for (let n = 1; n <= 3; n++) {
      await search.press('Enter')
      await sessionCount(page, n)
    }
    // A parcel, by the scanned file number.
    await page.getByText('Colis', { exact: true }).click()
    await search.fill('000001')
    await search.press('Enter')
    await sessionCount(page, 4)
    // An official letter whose sender the agent notes.
    await page.getByText('Courrier administratif', { exact: true }).click()
    await page.getByLabel('Expéditeur (facultatif)').fill('CAF du Rhône')
    await search.fill('dupont hel')
    await page.getByRole('option', { name: /DUPONT Hélène.*4 en attente/ }).waitFor()
    await search.press('Enter')
    await sessionCount(page, 5)
    await expect.poll(() => page.getByRole('cell', { name: 'CAF du Rhône' }).count()).toBe(1)
    await checkPage(page, '71-courrier-saisie-lot')

    // Someone without a period in force: a French message, nothing logged.
    await search.fill('999999')
    await search.press('Enter')
    await expect
      .poll(() => page.getByText(/Aucune personne domiciliée aujourd’hui ne correspond à « 999999 »/).count())
      .toBe(1)
    await sessionCount(page, 5)

    // At the front desk: the visit shows the waiting mail; one gesture logs the visit and hands it over.
    await page.getByRole('link', { name: 'Accueil', exact: true }).first().click()
    await page.getByRole('heading', { name: 'Nouveau contact' }).waitFor()
    await page.getByText('Passage à l’accueil').click()
    await page.getByLabel('Site', { exact: true }).selectOption({ label: 'Point solidarité centre' })
    await page.getByLabel('Rechercher une personne').fill('dupont helene')
    await page.getByRole('button', { name: /DUPONT Hélène/ }).click()
    await page.getByText('Remettre tout le courrier (5)').waitFor()
    await page.getByText('Remettre tout le courrier (5)').click()
    await checkPage(page, '72-accueil-remise-courrier')
    await page.getByRole('button', { name: 'Enregistrer le contact' }).click()
    await expect
      .poll(() => page.getByText('Contact enregistré pour DUPONT Hélène. Courrier remis : 5.').count())
      .toBe(1)

    const items = await trame.db
      .selectFrom('mail_items')
      .selectAll()
      .where('person_id', '=', dupontId)
      .execute()
    expect(items).toHaveLength(5)
    const contact = await trame.db
      .selectFrom('contacts')
      .select(['id', 'channel'])
      .where('person_id', '=', dupontId)
      .executeTakeFirstOrThrow()
    expect(contact.channel).toBe('walk_in')
    expect(items.map((i) => [i.status, i.handed_to, i.contact_id])).toEqual(
      items.map(() => ['handed_over', 'person', contact.id]),
    )
    const period = await trame.db
      .selectFrom('domiciliations')
      .select('last_contact_at')
      .where('person_id', '=', dupontId)
      .executeTakeFirstOrThrow()
    expect(period.last_contact_at).not.toBeNull()

    // The person's mail page: nothing waits, the history says who received what; a proxy is recorded.
    await page.goto(`${trame.baseUrl}/courrier/personnes/${dupontId}`)
    await page.getByRole('heading', { name: 'En attente (0)' }).waitFor()
    await expect.poll(() => page.getByRole('cell', { name: 'Remis à la personne' }).count()).toBe(5)
    await page.getByLabel('Nom du mandataire').fill('Durand')
    await page.getByLabel('Prénom').fill('Paul')
    await page.getByLabel('Pièce d’identité').fill('CNI 123456')
    await page.getByRole('button', { name: 'Enregistrer la procuration' }).click()
    await expect.poll(() => page.getByText('Procuration enregistrée.').count()).toBe(1)
    await expect.poll(() => page.getByText('DURAND Paul', { exact: true }).count()).toBe(1)
    await checkPage(page, '73-courrier-personne')

    // Mail for someone unknown at this address goes back to its sender (NPAI).
    await page.goto(`${trame.baseUrl}/courrier`)
    await page.getByLabel('Nom ou numéro de dossier').fill('2')
    await page.getByLabel('Nom ou numéro de dossier').press('Enter')
    await sessionCount(page, 1)
    await page.getByRole('link', { name: 'DUPUIS Marc' }).click()
    await page.getByRole('heading', { name: 'En attente (1)' }).waitFor()
    await checkPage(page, '74-courrier-en-attente')
    await page.getByRole('checkbox', { name: /Courrier arrivé le/ }).check()
    await page.getByRole('button', { name: 'Retour à l’expéditeur (NPAI)' }).click()
    await expect.poll(() => page.getByText('1 courrier retourné(s) à l’expéditeur (NPAI).').count()).toBe(1)
    await expect
      .poll(() => page.getByRole('cell', { name: 'Retourné à l’expéditeur (NPAI)' }).count())
      .toBe(1)
    await page.context().close()
  })
})
