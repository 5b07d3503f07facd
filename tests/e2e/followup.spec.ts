import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../src/server/platform/passwords.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe du suivi social'
const SYNTHESIS = 'Piste : reprendre contact avec la sœur, prudence sur le conjoint'
let recordUrl = ''

/** A CCAS with a social team: a front-desk agent, two social workers, a person seen at the desk today. */
async function seed() {
  const db = trame.db
  const { id: organisationId } = await db
    .insertInto('organisations')
    .values({ name: 'CCAS de Villebelle' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const team = await db
    .insertInto('teams')
    .values({ organisation_id: organisationId, name: 'Accueil social' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const passwordHash = await hashPassword(PASSWORD)
  const users: Record<string, string> = {}
  for (const [email, name, role] of [
    ['lea.accueil@villebelle.fr', 'Léa Accueil', 'front_desk_agent'],
    ['sam.social@villebelle.fr', 'Sam Social', 'social_worker'],
    ['colette.collegue@villebelle.fr', 'Colette Collègue', 'social_worker'],
  ] as const) {
    const user = await db
      .insertInto('users')
      .values({
        organisation_id: organisationId,
        email,
        name,
        password_hash: passwordHash,
        roles: [role],
        status: 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    users[email] = user.id
    await db
      .insertInto('user_teams')
      .values({ organisation_id: organisationId, user_id: user.id, team_id: team.id })
      .execute()
  }
  const person = await db
    .insertInto('people')
    .values({
      organisation_id: organisationId,
      file_number: '000001',
      last_name: 'Dupont',
      first_names: 'Hélène',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  // Seen at the desk this morning, the contact given to the social team.
  await db
    .insertInto('contacts')
    .values({
      organisation_id: organisationId,
      channel: 'walk_in',
      person_id: person.id,
      team_id: team.id,
      created_by: users['lea.accueil@villebelle.fr']!,
    })
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

async function signedInPage(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD })
  return page
}

describe('social follow-up in a browser', () => {
  it('opens a follow-up from a front-desk contact and records an interview with a private synthesis', async () => {
    const page = await signedInPage('sam.social@villebelle.fr')
    await page.getByRole('heading', { name: 'Derniers contacts' }).waitFor()
    await page.getByRole('link', { name: 'Ouvrir un accompagnement' }).first().click()
    await page.getByRole('heading', { name: 'Ouvrir un accompagnement' }).waitFor()
    await page.getByLabel('Type d’accompagnement').selectOption({ label: 'Accompagnement social global' })
    await page.getByLabel('Équipe').selectOption({ label: 'Accueil social' })
    await page.getByText('Logement, hébergement').click()
    await page.getByText('Accès et maintien des droits').click()
    await checkPage(page, '60-accompagnement-ouvrir')
    await page.getByRole('button', { name: 'Ouvrir l’accompagnement' }).click()
    await page.getByRole('heading', { level: 1, name: 'Accompagnement social global' }).waitFor()
    recordUrl = page.url()
    await expect.poll(() => page.getByText('Accompagnement ouvert.').count()).toBe(1)

    await page.getByLabel('Nouvel objectif').fill('Déposer une demande de logement social')
    await page.getByLabel('Échéance').fill('2027-03-31')
    await page.getByRole('button', { name: 'Ajouter' }).click()
    await expect
      .poll(() => page.getByText('Déposer une demande de logement social', { exact: true }).count())
      .toBe(1)

    await page.getByLabel('Modalité').selectOption({ label: 'Visite à domicile' })
    await page.getByLabel('Durée (minutes)').fill('50')
    await page.getByLabel('Note de l’entretien').fill('Logement insalubre, démarches engagées avec la CAF.')
    await page.getByLabel(/Synthèse privée — visible par vous seul·e/).fill(SYNTHESIS)
    await page.getByRole('button', { name: 'Enregistrer l’entretien' }).click()
    await expect.poll(() => page.getByText('Entretien enregistré.').count()).toBe(1)
    await expect.poll(() => page.getByText(SYNTHESIS).count()).toBe(1)
    await checkPage(page, '61-accompagnement-entretien')

    await page.getByRole('link', { name: 'Accompagnement', exact: true }).first().click()
    await page.getByRole('heading', { name: 'Mon plan de travail' }).waitFor()
    await expect.poll(() => page.getByText('Mes accompagnements en cours (1)').count()).toBe(1)
    await checkPage(page, '62-plan-de-travail')
    await page.context().close()
  })

  it('a colleague of the team reads the interview’s note, never the private synthesis', async () => {
    expect(recordUrl).toContain('/accompagnement/')
    const page = await signedInPage('colette.collegue@villebelle.fr')
    await page.goto(recordUrl)
    await page.getByRole('heading', { level: 1, name: 'Accompagnement social global' }).waitFor()
    await expect
      .poll(() => page.getByText('Logement insalubre, démarches engagées avec la CAF.').count())
      .toBe(1)
    expect(await page.getByText(SYNTHESIS).count()).toBe(0)
    expect(await page.content()).not.toContain('reprendre contact avec la sœur')
    await checkPage(page, '63-accompagnement-collegue')

    // The person's page leads to the follow-up, which lists the record.
    await page.locator('p').getByRole('link', { name: 'DUPONT Hélène' }).click()
    await page.waitForURL('**/personnes/*')
    await page.getByRole('main').getByRole('link', { name: 'Accompagnement', exact: true }).click()
    await page.getByRole('heading', { name: 'Accompagnements de la personne' }).waitFor()
    await checkPage(page, '64-accompagnements-personne')
    await page.context().close()
  })
})
