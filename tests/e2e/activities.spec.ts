import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe des activités'
const directorSecret = newTotpSecret()

/** A CCAS with its director (who also keeps the list of kinds), an analyst, three seniors and a care home. */
async function seed() {
  const organisation = await createBareOrganisation(trame, 'CCAS de Montclair', 'Hôtel de ville')
  const [teamId] = await createTeams(trame, organisation, ['Pôle seniors'])
  await createUser(trame, organisation.id, {
    email: 'dir@montclair.fr',
    name: 'Dominique Directrice',
    password: PASSWORD,
    roles: ['director'],
    teamIds: [teamId!],
    totp: directorSecret,
  })
  await createUser(trame, organisation.id, {
    email: 'analyse@montclair.fr',
    name: 'Alex Analyste',
    password: PASSWORD,
    roles: ['analyst'],
  })
  await trame.db
    .insertInto('people')
    .values(
      [
        ['000001', 'Aubry', 'Jeanne', '1938-03-02'],
        ['000002', 'Carré', 'Lucie', '1941-01-15'],
        ['000003', 'Bastien', 'Marc', '1944-06-01'],
      ].map(([file_number, last_name, first_names, birth_date]) => ({
        organisation_id: organisation.id,
        file_number: file_number!,
        last_name,
        first_names,
        birth_date,
        team_id: teamId!,
      })),
    )
    .execute()
  await trame.db
    .insertInto('partners')
    .values({ organisation_id: organisation.id, name: 'EHPAD Les Tilleuls' })
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
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD, totpSecret })
  return page
}

const shows = (page: Page, text: string | RegExp) =>
  expect.poll(() => page.getByText(text).count()).toBeGreaterThan(0)

describe('group activities in a browser', () => {
  let page: Page

  it('keeps the organisation’s list of activity kinds', async () => {
    page = await signedInPage('dir@montclair.fr', directorSecret)
    await page.goto(`${trame.baseUrl}/admin/types-activites`)
    await page.getByRole('heading', { level: 1, name: 'Types d’activités collectives' }).waitFor()
    await page.getByRole('button', { name: 'Ajouter le type' }).click()
    await shows(page, 'Le nom du type d’activité est obligatoire.')
    for (const label of ['Action intergénérationnelle', 'Atelier de prévention']) {
      await page.getByLabel('Nouveau type d’activité').fill(label)
      await page.getByRole('button', { name: 'Ajouter le type' }).click()
      await shows(page, `${label} est ajouté.`)
    }
    // The same name twice is refused with the server's message.
    await page.getByLabel('Nouveau type d’activité').fill('atelier de prévention')
    await page.getByRole('button', { name: 'Ajouter le type' }).click()
    await shows(page, 'Ce type d’activité existe déjà : choisissez un autre nom.')
    const workshop = page.getByRole('row', { name: /Atelier de prévention/ })
    await workshop.getByRole('button', { name: 'Retirer de la liste' }).click()
    await shows(page, 'Atelier de prévention est retiré de la liste.')
    await workshop.getByRole('button', { name: 'Remettre dans la liste' }).click()
    await shows(page, 'Atelier de prévention est de nouveau proposé.')
    await checkPage(page, '120-activites-types')
  })

  it('creates an activity, records a past session with named and anonymous participants', async () => {
    await page.getByRole('button', { name: 'Solidarités' }).click()
    await page.getByRole('link', { name: 'Activités collectives' }).click()
    await page.getByRole('heading', { level: 1, name: 'Activités collectives' }).waitFor()
    await shows(page, '0 activité')
    await page.getByRole('button', { name: 'Créer l’activité' }).click()
    await shows(page, 'Le nom de l’activité est obligatoire.')
    await page.getByLabel('Nom de l’activité', { exact: true }).fill('Goûters des générations')
    await page.getByLabel('Type d’activité').selectOption({ label: 'Action intergénérationnelle' })
    await page.getByLabel('Public de l’activité').selectOption({ label: 'Seniors' })
    await page.getByLabel('Équipe').selectOption({ label: 'Pôle seniors' })
    await page.getByLabel('Lieu (nom)').fill('EHPAD Les Tilleuls')
    await page.getByText('EHPAD Les Tilleuls', { exact: true }).click()
    await page.getByRole('button', { name: 'Créer l’activité' }).click()
    await page.getByRole('heading', { level: 1, name: 'Goûters des générations' }).waitFor()
    await shows(page, 'Établissement pour personnes âgées (EHPAD, résidence autonomie) — EHPAD Les Tilleuls')

    // A change can be dropped, or saved.
    await page.getByRole('button', { name: 'Modifier l’activité' }).click()
    await page.getByRole('button', { name: 'Annuler' }).click()
    await page.getByRole('button', { name: 'Modifier l’activité' }).click()
    await page.getByLabel('Adresse du lieu').fill('12 rue des Tilleuls')
    await page.getByRole('button', { name: 'Enregistrer l’activité' }).click()
    await shows(page, 'Activité enregistrée.')
    await shows(page, /12 rue des Tilleuls/)

    // A session held in 2016, recorded now: a CCAS brings its history.
    await page.getByLabel('Date de la séance').fill('2016-03-14')
    await page.getByLabel('Début', { exact: true }).fill('15:00')
    await page.getByLabel('Fin', { exact: true }).fill('14:00')
    await page.getByRole('button', { name: 'Enregistrer la séance' }).click()
    await shows(page, 'La fin doit suivre le début.')
    await page.getByLabel('Fin', { exact: true }).fill('16:30')
    await page.getByLabel('Animateur·rices').fill('Mme Roux, École Jules-Ferry')
    await page.getByRole('button', { name: 'Enregistrer la séance' }).click()
    await page.getByRole('heading', { level: 1, name: /séance du 14\/03\/2016/ }).waitFor()

    await page.getByRole('button', { name: 'Ajouter à la séance' }).click()
    await shows(page, 'Choisissez d’abord la personne.')
    const pick = async (search: string, name: RegExp) => {
      await page.getByRole('searchbox', { name: /^Personne/ }).fill(search)
      await page.getByRole('button', { name }).click()
    }
    await pick('Aubry', /Choisir.*AUBRY Jeanne/)
    await page.getByRole('button', { name: 'Ajouter à la séance' }).click()
    await shows(page, 'AUBRY Jeanne : présent·e.')
    await pick('Bastien', /Choisir.*BASTIEN Marc/)
    await page.getByRole('button', { name: 'Changer de personne' }).click()
    await pick('Carré', /Choisir.*CARRÉ Lucie/)
    await page.getByLabel('Présence', { exact: true }).selectOption({ label: 'Absent·e' })
    await page.getByRole('button', { name: 'Ajouter à la séance' }).click()
    await shows(page, 'CARRÉ Lucie : absent·e.')
    await pick('Bastien', /Choisir.*BASTIEN Marc/)
    await page.getByLabel('Présence', { exact: true }).selectOption({ label: 'Excusé·e' })
    await page.getByRole('button', { name: 'Ajouter à la séance' }).click()
    await shows(page, 'BASTIEN Marc : excusé·e.')

    // Attendance corrected, a registration withdrawn.
    const lucie = page.getByRole('row', { name: /CARRÉ Lucie/ })
    await lucie.getByRole('button', { name: 'Présent·e' }).click()
    await shows(page, 'CARRÉ Lucie : présent·e.')
    await lucie.getByRole('button', { name: 'Excusé·e' }).click()
    await shows(page, 'CARRÉ Lucie : excusé·e.')
    await lucie.getByRole('button', { name: 'Présent·e' }).click()
    await shows(page, 'CARRÉ Lucie : présent·e.')
    const jeanne = page.getByRole('row', { name: /AUBRY Jeanne/ })
    await jeanne.getByRole('button', { name: 'Absent·e' }).click()
    await shows(page, 'AUBRY Jeanne : absent·e.')
    await jeanne.getByRole('button', { name: 'Présent·e' }).click()
    await shows(page, 'AUBRY Jeanne : présent·e.')
    await page
      .getByRole('row', { name: /BASTIEN Marc/ })
      .getByRole('button', { name: 'Retirer' })
      .click()
    await shows(page, 'BASTIEN Marc est retiré·e de la séance.')

    // Counted without a name, per category.
    await page.getByLabel('Seniors en établissement', { exact: true }).fill('18')
    await page.getByLabel('Jeunes', { exact: true }).fill('-3')
    await page.getByRole('button', { name: 'Enregistrer les comptes' }).click()
    await shows(page, 'Nombre invalide.')
    await page.getByLabel('Jeunes', { exact: true }).fill('22')
    await page.getByRole('button', { name: 'Enregistrer les comptes' }).click()
    await shows(page, 'Comptes enregistrés.')
    await shows(page, /42\s*participant·es : 2 présent·es nommé·es et 40 compté·es sans nom/)
    await checkPage(page, '121-activites-seance')

    // The session was on the 15th, from 15:00 to 17:00: corrected, its participants kept.
    await page.getByRole('button', { name: 'Modifier la séance' }).click()
    const edit = page.getByRole('form', { name: 'Modifier la séance' })
    await edit.getByLabel('Date de la séance').fill('2016-03-15')
    await edit.getByLabel('Fin', { exact: true }).fill('17:00')
    await edit.getByLabel('Note (facultatif)').fill('Goûter suivi d’un atelier de jeux.')
    await edit.getByRole('button', { name: 'Enregistrer la séance' }).click()
    await shows(page, 'Séance modifiée.')
    await page.getByRole('heading', { level: 1, name: /séance du 15\/03\/2016/ }).waitFor()
    await shows(page, /de 15:00 à 17:00/)
    await shows(page, 'Goûter suivi d’un atelier de jeux.')
    await shows(page, /42\s*participant·es/)
    await checkPage(page, '121b-activites-seance-modifiee')

    await page.getByRole('link', { name: 'Goûters des générations' }).click()
    await page.getByRole('link', { name: '15/03/2016' }).waitFor()
    await checkPage(page, '122-activites-activite')
  })

  it('reads the distinct count: seniors who took part in intergenerational actions in 2016', async () => {
    await page.getByRole('link', { name: 'Participants distincts de cette activité' }).click()
    await page.getByRole('heading', { level: 1, name: 'Participants aux activités' }).waitFor()
    await page.getByLabel('Du', { exact: true }).fill('2016-12-31')
    await page.getByLabel('Au', { exact: true }).fill('2016-01-01')
    await page.getByRole('button', { name: 'Compter les participants' }).click()
    await shows(page, 'La fin de la période précède son début.')
    await page.getByLabel('Du', { exact: true }).fill('2016-01-01')
    await page.getByLabel('Au', { exact: true }).fill('2016-12-31')
    await page.getByLabel('Public').selectOption({ label: 'Seniors' })
    await page.getByLabel('Type d’activité').selectOption({ label: 'Action intergénérationnelle' })
    await page.getByRole('button', { name: 'Compter les participants' }).click()
    // Two seniors named and present, 18 seniors counted in the care home; the 22 youths are not seniors.
    await shows(page, /^20\s*participant·es distinct·es$/)
    const figures = page.getByRole('table').filter({ hasText: 'Participants et séances de la période' })
    await expect.poll(() => figures.getByRole('row', { name: 'Séances tenues 1' }).count()).toBe(1)
    await checkPage(page, '123-activites-participants')

    // The list, filtered.
    await page.goto(`${trame.baseUrl}/activites`)
    await page.getByLabel('Public', { exact: true }).selectOption({ label: 'Jeunes' })
    await shows(page, '0 activité')
    await page.getByLabel('Public', { exact: true }).selectOption({ label: 'Seniors' })
    await page.getByLabel('Rechercher').fill('goûters')
    await page.getByRole('link', { name: 'Goûters des générations' }).waitFor()
    await shows(page, '1 activité')
    await checkPage(page, '124-activites-liste')
    await page.context().close()
  })

  it('gives the analyst the figure, never a name, and no list of activities', async () => {
    const analyst = await signedInPage('analyse@montclair.fr')
    await analyst.getByRole('button', { name: 'Indicateurs' }).click()
    await analyst
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Participants aux activités' })
      .click()
    await analyst.getByLabel('Du', { exact: true }).fill('2016-01-01')
    await analyst.getByLabel('Au', { exact: true }).fill('2016-12-31')
    await analyst.getByRole('button', { name: 'Compter les participants' }).click()
    await shows(analyst, /^42\s*participant·es distinct·es$/)
    expect(await analyst.getByText('AUBRY').count()).toBe(0)
    expect(await analyst.getByRole('link', { name: 'Activités collectives' }).count()).toBe(0)
    await analyst.context().close()
  })
})
