import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe de l’accueil'
let organisationId: string

/** A CCAS with a social reception team, a front desk agent, a social worker, a partner, and a few people. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle', 'Point solidarité centre')
  organisationId = organisation.id
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  for (const [email, name, role] of [
    ['lea.accueil@villebelle.fr', 'Léa Accueil', 'front_desk_agent'],
    ['sam.social@villebelle.fr', 'Sam Social', 'social_worker'],
  ] as const) {
    await createUser(trame, organisationId, {
      email,
      name,
      password: PASSWORD,
      roles: [role],
      teamIds: [teamId!],
    })
  }
  await db
    .insertInto('people')
    .values([
      {
        organisation_id: organisationId,
        file_number: '000001',
        last_name: 'Dupont',
        first_names: 'Hélène',
        birth_date: '1987-02-03',
      },
      { organisation_id: organisationId, file_number: '000002', last_name: 'Martin', first_names: 'Louis' },
    ])
    .execute()
  const partner = await db
    .insertInto('partners')
    .values({ organisation_id: organisationId, name: 'Restos du Cœur de Villebelle', city: 'Villebelle' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('partner_services')
    .values({
      organisation_id: organisationId,
      partner_id: partner.id,
      name: 'Distribution alimentaire',
      category: 'food',
      city: 'Villebelle',
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
  await page.getByRole('heading', { name: 'Nouveau contact' }).waitFor()
  return page
}

describe('the front desk in a browser', () => {
  it('logs an anonymous phone call from the home screen', async () => {
    const page = await signedInPage('lea.accueil@villebelle.fr')
    await checkPage(page, '20-accueil-nouveau-contact')
    await page.getByText('Téléphone (numéro unique)').click()
    await page.getByLabel('Site', { exact: true }).selectOption({ label: 'Point solidarité centre' })
    await page.getByLabel('Équipe concernée', { exact: true }).selectOption({ label: 'Accueil social' })
    await page.getByLabel('Description (contact anonyme)').fill('Femme, ~70 ans, appelle pour sa voisine')
    await page.getByText('Isolement', { exact: true }).click()
    await page.getByLabel('Note').fill('Voisine âgée qui ne sort plus')
    await page.getByRole('button', { name: 'Enregistrer le contact' }).click()
    await expect.poll(() => page.getByText('Contact anonyme enregistré.').count()).toBe(1)
    // The form is ready for the next call, with the same channel, site and team.
    expect(await page.getByLabel('Description (contact anonyme)').inputValue()).toBe('')
    expect(
      await page.getByLabel('Équipe concernée', { exact: true }).locator('option:checked').textContent(),
    ).toBe('Accueil social')
    await expect
      .poll(() => page.getByText('Anonyme — Femme, ~70 ans, appelle pour sa voisine').count())
      .toBeGreaterThan(0)
    await checkPage(page, '21-accueil-contact-anonyme')

    const stored = await trame.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ channel: 'phone', person_id: null, follow_up_status: null })
    await page.context().close()
  })

  it('creating a file on the spot warns of an existing one, and picks it instead', async () => {
    const page = await signedInPage('lea.accueil@villebelle.fr')
    await page.getByLabel('Rechercher une personne').fill('Dupond Helene')
    await page.getByRole('button', { name: 'Créer une fiche' }).click()
    expect(await page.getByLabel('Nom', { exact: true }).inputValue()).toBe('Dupond')
    await expect.poll(() => page.getByText('Cette personne est peut-être déjà connue').count()).toBe(1)
    await checkPage(page, '26-accueil-doublon-probable')
    await page.getByRole('button', { name: /Choisir DUPONT Hélène/ }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Changer de personne' }).count()).toBe(1)
    await page.context().close()
  })

  it('logs a walk-in for a known person found despite a typo, oriented to a partner, with follow-up', async () => {
    const page = await signedInPage('lea.accueil@villebelle.fr')
    await page.getByText('Passage à l’accueil').click()
    await page.getByLabel('Rechercher une personne').fill('helene dupond')
    await page.getByRole('button', { name: /DUPONT Hélène/ }).click()
    await page.getByText('Alimentation', { exact: true }).click()
    await page.getByLabel('Orientation vers un partenaire').fill('restos')
    await page
      .getByRole('button', { name: /Restos du Cœur de Villebelle — Distribution alimentaire/ })
      .click()
    await page.getByText('Un suivi est à faire par l’équipe concernée').click()
    await checkPage(page, '22-accueil-passage-oriente')
    await page.getByRole('button', { name: 'Enregistrer le contact' }).click()
    await expect.poll(() => page.getByText('Contact enregistré pour DUPONT Hélène.').count()).toBe(1)
    // The form is ready for the next visitor: the search is empty, no list of earlier results.
    expect(await page.getByLabel('Rechercher une personne').inputValue()).toBe('')
    expect(await page.getByRole('button', { name: /DUPONT Hélène/ }).count()).toBe(0)

    // The passage shows on the person's timeline.
    await page.getByRole('link', { name: 'Ouvrir le dossier de DUPONT Hélène' }).click()
    await page.waitForURL('**/personnes/*')
    await expect
      .poll(() =>
        page.getByText(/Orienté·e vers Restos du Cœur de Villebelle — Distribution alimentaire/).count(),
      )
      .toBeGreaterThan(0)
    await checkPage(page, '23-dossier-historique')
    await page.context().close()
  })

  it('the social worker takes the follow-up from the team queue and marks it done', async () => {
    const page = await signedInPage('sam.social@villebelle.fr')
    await page.getByRole('link', { name: 'File de suivi' }).first().click()
    await page.getByRole('heading', { name: 'File de suivi' }).waitFor()
    await expect.poll(() => page.getByText('1 contact en attente de suivi').count()).toBe(1)
    await checkPage(page, '24-file-de-suivi')
    await page.getByRole('button', { name: 'Je m’en occupe' }).click()
    await expect.poll(() => page.getByText('Suivi confié à Sam Social').count()).toBe(1)
    await page.getByRole('button', { name: 'Marquer comme fait' }).click()
    await expect.poll(() => page.getByText('0 contact en attente de suivi').count()).toBe(1)

    // Attendance counts: both contacts of today, one filter away.
    await page.goto(`${trame.baseUrl}/indicateurs/frequentation`)
    await page.getByLabel('Regrouper par').selectOption({ label: 'Canal' })
    await page.getByRole('button', { name: 'Compter' }).click()
    await expect.poll(() => page.getByText(/^2\s*contacts sur la période/).count()).toBe(1)
    await expect.poll(() => page.getByRole('cell', { name: 'Téléphone (numéro unique)' }).count()).toBe(1)
    await checkPage(page, '25-frequentation')
    await page.context().close()
  })
})
