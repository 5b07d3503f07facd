import { PDFParse } from 'pdf-parse'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { domiciliationEnd } from '../../src/shared/domiciliation-workflow.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
let personId: string
const PASSWORD = 'mot de passe de la travailleuse sociale'
const directorSecret = newTotpSecret()
const today = todayInFrance()
const french = (date: string) => date.split('-').reverse().join('/')

/** A CCAS whose social workers may decide, a director, a person without a stable address, one to review. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Belleville-sur-Loire')
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  await createUser(trame, organisation.id, {
    email: 'nina.sociale@belleville.fr',
    name: 'Nina Sociale',
    password: PASSWORD,
    roles: ['social_worker'],
    teamIds: [teamId!],
  })
  await createUser(trame, organisation.id, {
    email: 'directrice@belleville.fr',
    name: 'Claire Directrice',
    password: PASSWORD,
    roles: ['director'],
    totp: directorSecret,
  })
  await db
    .insertInto('domiciliation_settings')
    .values({
      organisation_id: organisation.id,
      decision_roles: ['director', 'social_worker'],
      postal_address: '3 place de la Mairie, 45000 Belleville-sur-Loire',
    })
    .execute()
  const person = (fileNumber: string, lastName: string, firstNames: string) =>
    db
      .insertInto('people')
      .values({
        organisation_id: organisation.id,
        file_number: fileNumber,
        last_name: lastName,
        first_names: firstNames,
        birth_date: '1979-09-14',
        birth_place: 'Orléans',
        team_id: teamId!,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  personId = (await person('000001', 'Martin', 'Karim')).id
  // Domiciliated eight months ago, not seen for four: to review.
  const silent = await person('000002', 'Lefèvre', 'Paul')
  await db
    .insertInto('domiciliations')
    .values({
      organisation_id: organisation.id,
      person_id: silent.id,
      kind: 'first',
      status: 'granted',
      requested_on: addDays(today, -245),
      start_on: addDays(today, -240),
      end_on: domiciliationEnd(addDays(today, -240)),
      first_domiciled_on: addDays(today, -240),
      last_contact_at: new Date(`${addDays(today, -125)}T10:00:00Z`),
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

async function signedInPage(email: string, totpSecret?: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD, totpSecret })
  return page
}

describe('domiciliation in a browser', () => {
  it('instructs and grants a first request, then prints the certificate', async () => {
    const page = await signedInPage('nina.sociale@belleville.fr')
    await page.goto(`${trame.baseUrl}/personnes/${personId}`)
    const section = page.locator('section[aria-labelledby="section-domiciliation"]')
    await section.getByText('Aucune demande de domiciliation.').waitFor()
    await section.getByRole('button', { name: 'Nouvelle demande de domiciliation' }).click()

    // Step 1: the interview and the link with the commune (required before going on).
    await section.getByRole('button', { name: 'Enregistrer et continuer' }).click()
    await section.getByText('Indiquez le lien avec la commune.').waitFor()
    await section.getByLabel('Date de l’entretien').fill(today)
    await section
      .getByLabel('Lien avec la commune', { exact: true })
      .selectOption({ label: 'Installation sur le territoire de la commune' })
    await checkPage(page, '130-domiciliation-instruction')
    await section.getByRole('button', { name: 'Enregistrer et continuer' }).click()

    // Step 2: the situation.
    await section.getByLabel('Situation résidentielle').selectOption({ label: 'Sans abri, à la rue' })
    await section.getByLabel('Cause de l’instabilité du logement').selectOption({ label: 'Expulsion' })
    await section.getByText('Accès aux prestations sociales').click()
    await section.getByRole('button', { name: 'Enregistrer et continuer' }).click()

    // Step 3: documents and covered household members, then sent for decision.
    await section.getByText('Aucun document dans le dossier').waitFor()
    await section.getByRole('button', { name: 'Transmettre pour décision' }).click()
    await section.getByText('En attente de décision').waitFor()

    // The decision form: this CCAS lets its social workers decide.
    await section.getByLabel('Date de début').fill(today)
    await section.getByText(`Fin de validité : ${french(domiciliationEnd(today))}`).waitFor()
    await checkPage(page, '131-domiciliation-decision')
    await section.getByRole('button', { name: 'Enregistrer la décision' }).click()
    await section.getByText(`Valable du ${french(today)} au ${french(domiciliationEnd(today))}`).waitFor()
    await checkPage(page, '132-domiciliation-accordee')

    const certificate = await downloadByClicking(page, () =>
      section.getByRole('link', { name: 'Attestation d’élection de domicile (cerfa 16030*01)' }).click(),
    )
    expect(certificate.name).toMatch(/^attestation-domiciliation-\d{4}-\d{2}-\d{2}\.pdf$/)
    const text = (await new PDFParse({ data: new Uint8Array(certificate.content) }).getText()).text.replace(
      /\s+/g,
      ' ',
    )
    expect(text).toContain('Attestation d’élection de domicile')
    expect(text).toContain('MARTIN Karim')
    expect(text).toContain('14/09/1979')
    expect(text).toContain('Orléans')
    expect(text).toContain('CCAS de Belleville-sur-Loire')
    expect(text).toContain('3 place de la Mairie, 45000 Belleville-sur-Loire')
    expect(text).toContain(`du ${french(today)} au ${french(domiciliationEnd(today))}`)
    expect(new URL(page.url()).pathname).toBe(`/personnes/${personId}`)

    // From the file to the person's mail and proxies, for those who hand mail over.
    await section.getByRole('link', { name: 'Courrier et procurations' }).click()
    await page.waitForURL(`**/courrier/personnes/${personId}`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await page.goBack()
    await page.waitForURL(`**/personnes/${personId}`)

    // The grant was a mistake: undone, with its reason; the request waits for a decision again.
    await section.getByRole('button', { name: 'Annuler cette décision' }).click()
    await section.getByLabel('Pourquoi annuler cette décision ?').fill('Date de début erronée')
    await section.getByRole('button', { name: 'Annuler la décision' }).click()
    await section.getByText(/annulée le .* : Date de début erronée/).waitFor()
    await section.getByRole('button', { name: 'Enregistrer la décision' }).waitFor()
    await page.context().close()
  })

  it('lists the people to review for radiation and radiates the ticked ones; the director sets who decides', async () => {
    const page = await signedInPage('directrice@belleville.fr', directorSecret)
    const menu = page.locator('#entete-main-navigation')
    await menu.getByRole('button', { name: 'Domiciliation', exact: true }).click()
    await menu.getByRole('link', { name: 'Radiations à examiner' }).click()
    await page.getByRole('heading', { level: 1, name: 'Radiations à examiner' }).waitFor()
    await page.getByRole('link', { name: 'LEFÈVRE Paul' }).waitFor()
    await checkPage(page, '133-domiciliation-radiations')
    await page.getByLabel('Radier LEFÈVRE Paul').check()
    await page.getByRole('button', { name: 'Radier les 1 domiciliation cochée' }).click()
    await page.getByText('1 domiciliation radiée.').waitFor()
    await page.getByText('Aucune domiciliation à examiner.').waitFor()

    await page.goto(`${trame.baseUrl}/admin/domiciliation`)
    await page.getByRole('heading', { level: 1, name: 'Réglages de la domiciliation' }).waitFor()
    await expect
      .poll(() => page.getByLabel('Adresse postale imprimée sur les attestations').inputValue())
      .toBe('3 place de la Mairie, 45000 Belleville-sur-Loire')
    await page.getByLabel('Mois sans contact avant d’examiner une radiation').fill('30')
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await page.getByText('Entre 1 et 24 mois.').waitFor()
    await checkPage(page, '134-domiciliation-reglages')
    await page.getByLabel('Mois sans contact avant d’examiner une radiation').fill('3')
    await page.getByText('Travailleur·euse social·e', { exact: true }).click()
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await page.getByText('Réglages enregistrés.').waitFor()
    const settings = await trame.db
      .selectFrom('domiciliation_settings')
      .select('decision_roles')
      .executeTakeFirstOrThrow()
    expect(settings.decision_roles).toEqual(['director'])
    await page.context().close()
  })
})
