import { sql } from 'kysely'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createBarePerson, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe de la dpo'
let fileNumber: string

/** A CCAS with a DPO, one file without contact for three years and one the DPO will freeze. */
async function seed() {
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle')
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  await createUser(trame, organisation.id, {
    email: 'delphine.dpo@villebelle.fr',
    name: 'Delphine Protection',
    password: PASSWORD,
    roles: ['dpo'],
  })
  await createUser(trame, organisation.id, {
    email: 'sacha.social@villebelle.fr',
    name: 'Sacha Social',
    password: PASSWORD,
    roles: ['social_worker'],
    teamIds: [teamId!],
  })
  await createUser(trame, organisation.id, {
    email: 'lea.accueil@villebelle.fr',
    name: 'Léa Accueil',
    password: PASSWORD,
    roles: ['front_desk_agent'],
    teamIds: [teamId!],
  })
  const threeYearsAgo = new Date(Date.now() - 3 * 365 * 86_400_000)
  for (const lastName of ['Oublié', 'Litige', 'Revenu']) {
    const id = await createBarePerson(trame.db, organisation.id, { lastName, teamId })
    await sql`update people set created_at = ${threeYearsAgo}, updated_at = ${threeYearsAgo} where id = ${id}`.execute(
      trame.db,
    )
    if (lastName === 'Litige') {
      const row = await trame.db
        .selectFrom('people')
        .select('file_number')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      fileNumber = row.file_number
    }
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

async function signedInPage(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD })
  return page
}

describe('the DPO watches retention', () => {
  it('reads the preview, freezes a file, reads the run report, releases the hold', async () => {
    const page = await signedInPage('delphine.dpo@villebelle.fr')
    await page.goto(`${trame.baseUrl}/protection-des-donnees`)
    await page.getByRole('heading', { name: 'Protection des données', level: 1 }).waitFor()

    await page.getByRole('button', { name: 'Calculer l’aperçu' }).click()
    const preview = page.getByRole('table', { name: /Aperçu calculé le/ })
    await preview.waitFor()
    // Three files without contact for three years would be archived tonight.
    await expect
      .poll(() => preview.getByRole('row', { name: /Dossier sans contact/ }).textContent())
      .toContain('3')
    await checkPage(page, 'privacy-preview')

    // A date in the past is refused, in French, next to the field.
    await page.getByLabel('Numéro du dossier').fill(fileNumber)
    await page.getByLabel('Motif de la conservation').fill('Contentieux devant le tribunal administratif')
    await page.getByLabel('À réexaminer le').fill(addDays(todayInFrance(), -1))
    await page.getByRole('button', { name: 'Geler le dossier' }).click()
    await page.getByText('La date de réexamen doit être à venir.').waitFor()
    await page.getByLabel('À réexaminer le').fill(addDays(todayInFrance(), 90))
    await page.getByRole('button', { name: 'Geler le dossier' }).click()
    await page.getByText('Le dossier est gelé.').waitFor()
    await page
      .getByRole('table', { name: 'Gels de dossiers' })
      .getByRole('cell', { name: fileNumber, exact: true })
      .waitFor()

    // Tonight's run: the frozen file is kept, the other archived; the DPO reads the counts.
    await trame.runJob('privacy.retention-sweep')
    await page.reload()
    const runs = page.getByRole('table', { name: /Exécutions de la purge/ })
    await runs.waitFor()
    const row = runs.getByRole('row').nth(1)
    expect(await row.textContent()).toContain('Terminée')
    const cells = await row.getByRole('cell').allTextContents()
    const headers = await runs.getByRole('columnheader').allTextContents()
    const count = (header: string) => cells[headers.indexOf(header)]
    expect(count('Archivés')).toBe('2')
    expect(count('Anonymisés')).toBe('0')
    expect(count('Gelés')).toBe('1')
    await checkPage(page, 'privacy-hold-and-run')

    await page.getByRole('button', { name: `Lever le gel du dossier ${fileNumber}` }).click()
    await page.getByText(`Gel du dossier ${fileNumber} levé.`).waitFor()
    await page
      .getByRole('table', { name: 'Gels de dossiers' })
      .getByText(/Levé le/)
      .waitFor()

    // An access request received by letter: recorded with its deadline, then answered.
    await page.getByLabel('Droit exercé').selectOption('access')
    await page.getByLabel('Reçue le').fill(addDays(todayInFrance(), -2))
    await page.getByLabel('Demandeur').fill('Mme Litige (courrier)')
    await page.getByLabel('Dossier concerné (son numéro, facultatif)').fill(fileNumber)
    await page.getByRole('button', { name: 'Enregistrer la demande' }).click()
    await page.getByText(/Demande enregistrée : réponse due le/).waitFor()
    const register = page.getByRole('table', { name: 'Registre des demandes' })
    const request = register.getByRole('row', { name: /Mme Litige/ })
    await request.waitFor()
    expect(await request.textContent()).toContain('À traiter')
    await request.getByRole('button', { name: 'Traiter la demande de Mme Litige (courrier)' }).click()
    await page.getByRole('heading', { name: /Traiter la demande de Mme Litige/ }).waitFor()
    // A refusal without its reason is refused, next to the field.
    await page.getByLabel('Réponse', { exact: true }).selectOption('refused')
    await page.getByRole('button', { name: 'Enregistrer la réponse' }).click()
    await page.getByText('Indiquez le motif du refus : la personne doit le connaître.').waitFor()
    await page.getByLabel('Réponse', { exact: true }).selectOption('granted')
    await page.getByRole('button', { name: 'Enregistrer la réponse' }).click()
    await page.getByText('Réponse enregistrée pour la demande de Mme Litige (courrier).').waitFor()
    await expect.poll(() => request.textContent()).toContain('Satisfaite le')
    await checkPage(page, 'privacy-requests')

    // The DPO changes a period within its bounds; beyond them, the French rule shows.
    await page.getByLabel('Données').selectOption('report_reporter')
    await page.getByLabel('Base active (en mois)').fill('24')
    await page.getByLabel('Archivage intermédiaire (en mois)').fill('0')
    await page.getByRole('button', { name: 'Enregistrer la durée' }).click()
    await page
      .getByText('La durée en base active doit être comprise entre 0 et 12 mois (règle CNIL).')
      .waitFor()
    await page.getByLabel('Base active (en mois)').fill('1')
    await page.getByRole('button', { name: 'Enregistrer la durée' }).click()
    await page.getByText('Durée enregistrée.').waitFor()
    await checkPage(page, 'privacy-rules')

    // Unusual readings: the DPO lowers the threshold to 5 files an hour; Sacha opens 6 files within
    // the hour (as the audit trail records them); the hourly job raises one alert, with counts only.
    await page.getByLabel('Seuil : dossiers distincts lus en une heure (de 5 à 1 000)').fill('2')
    await page.getByRole('button', { name: 'Enregistrer le seuil' }).click()
    await page.getByText('Le seuil doit être d’au moins 5 dossiers par heure.').waitFor()
    await page.getByLabel('Seuil : dossiers distincts lus en une heure (de 5 à 1 000)').fill('5')
    await page.getByRole('button', { name: 'Enregistrer le seuil' }).click()
    await page.getByText('Seuil enregistré.').waitFor()
    const sacha = await trame.db
      .selectFrom('users')
      .select(['id', 'organisation_id'])
      .where('email', '=', 'sacha.social@villebelle.fr')
      .executeTakeFirstOrThrow()
    for (let i = 0; i < 6; i++) {
      const personId = await createBarePerson(trame.db, sacha.organisation_id, { lastName: `Lu${i}` })
      await trame.db
        .insertInto('audit_log')
        .values({
          organisation_id: sacha.organisation_id,
          user_id: sacha.id,
          action: 'person.read',
          entity_type: 'person',
          entity_id: personId,
          person_id: personId,
          actor_kind: 'staff',
        })
        .execute()
    }
    await trame.runJob('privacy.reading-alerts', new Date(Date.now() + 3600_000))
    await page.reload()
    const alerts = page.getByRole('table', { name: /Alertes de lectures inhabituelles/ })
    await alerts.waitFor()
    const alert = alerts.getByRole('row', { name: /Sacha Social/ })
    expect(await alert.getByRole('cell').allTextContents()).toEqual([
      expect.any(String),
      'Sacha Social',
      '6',
      '5',
    ])
    expect(await alerts.textContent()).not.toContain('Lu0')
    await alerts.scrollIntoViewIfNeeded()
    await checkPage(page, 'privacy-reading-alerts')
  }, 180_000)
})

describe('an archived file', () => {
  it('is out of the search unless asked for, read-only with its banner, and reactivated by a worker', async () => {
    // The DPO's journey ran tonight's sweeper: « Oublié » has had no contact for three years.
    const page = await signedInPage('sacha.social@villebelle.fr')
    await page.goto(`${trame.baseUrl}/personnes`)
    await page.getByRole('heading', { name: 'Personnes', level: 1 }).waitFor()
    await page.getByLabel('Rechercher une personne').fill('Oublié')
    await page.getByText('Aucune personne ne correspond à « Oublié ».').waitFor()

    await page.getByText('Inclure les dossiers archivés').click()
    const results = page.getByRole('table', { name: /Résultats pour « Oublié »/ })
    await results.waitFor()
    const row = results.getByRole('row', { name: /OUBLIÉ|Oublié/ })
    expect(await row.textContent()).toContain('Archivé')
    await checkPage(page, 'people-search-archived')

    await row.getByRole('link').click()
    // The archived file opens once the worker said why: the reading and its reason are audited.
    await page.getByRole('heading', { name: 'Dossier archivé', level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Ouvrir le dossier archivé' }).click()
    await page.getByText('Choisissez le motif de la consultation.').waitFor()
    await page
      .getByLabel('Motif de la consultation')
      .selectOption({ label: 'La personne est revenue ou a repris contact' })
    await checkPage(page, 'person-archived-reason')
    await page.getByRole('button', { name: 'Ouvrir le dossier archivé' }).click()
    const banner = page.getByRole('heading', { name: 'Dossier archivé : lecture seule' })
    await banner.waitFor()
    expect(await page.getByText(/Il n’apparaît plus dans les recherches/).textContent()).toContain(
      'un passage enregistré à l’accueil le réactive aussi',
    )
    // Read-only: no way to edit or merge it.
    expect(await page.getByRole('link', { name: 'Modifier' }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Fusionner un doublon' }).count()).toBe(0)
    await checkPage(page, 'person-archived')

    await page.getByRole('button', { name: 'Réactiver le dossier' }).click()
    await page.getByText('Dossier réactivé : il est de nouveau dans les recherches et modifiable.').waitFor()
    await page.getByRole('link', { name: 'Modifier' }).waitFor()
    expect(await banner.count()).toBe(0)
    await checkPage(page, 'person-reactivated')

    // Back in the plain search.
    await page.goto(`${trame.baseUrl}/personnes?q=Oubli%C3%A9`)
    await page.getByRole('table', { name: /Résultats pour « Oublié »/ }).waitFor()
    await page.context().close()

    // « Revenu » comes back to the desk after three years: the agent finds the archived file, and the
    // passage brings it back to the active base.
    const desk = await signedInPage('lea.accueil@villebelle.fr')
    await desk.getByRole('heading', { name: 'Nouveau contact' }).waitFor()
    await desk.getByText('Passage à l’accueil').click()
    await desk.getByLabel('Rechercher une personne').fill('Revenu')
    await desk.getByRole('button', { name: /REVENU.*dossier archivé, réactivé par ce passage/ }).click()
    await checkPage(desk, 'frontdesk-archived-file')
    await desk.getByRole('button', { name: 'Enregistrer le contact' }).click()
    await expect.poll(() => desk.getByText(/Contact enregistré pour REVENU/).count()).toBe(1)
    const revenu = await trame.db
      .selectFrom('people')
      .select('status')
      .where('last_name', '=', 'Revenu')
      .executeTakeFirstOrThrow()
    expect(revenu.status).toBe('active')
  }, 180_000)
})
