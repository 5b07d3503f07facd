import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStructure } from '../../src/server/modules/accommodation/accommodation.test-factories.ts'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

// An LHSS admission in a browser: a social worker enters the request from the person's support record,
// the nurse writes the medical part, the doctor gives a favourable opinion, the director (who cannot
// read the medical part) validates it on a free bed, and the worker admits the person to that bed.

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
let personId: string
let recordId: string
const PASSWORD = 'mot de passe de l’équipe LHSS'
const directorSecret = newTotpSecret()
const today = todayInFrance()
const MEDICAL = 'Plaie chronique du pied, pansements quotidiens, diabète.'

async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Valmont')
  const [teamId] = await createTeams(trame, organisation, ['Équipe LHSS'])
  const user = (email: string, name: string, roles: ('social_worker' | 'nurse' | 'doctor' | 'director')[]) =>
    createUser(trame, organisation.id, {
      email,
      name,
      password: PASSWORD,
      roles,
      teamIds: [teamId!],
      totp: roles.includes('director') ? directorSecret : undefined,
    })
  const worker = await user('lea.sociale@valmont.fr', 'Léa Sociale', ['social_worker'])
  await user('ines.infirmiere@valmont.fr', 'Inès Infirmière', ['nurse'])
  await user('paul.medecin@valmont.fr', 'Paul Médecin', ['doctor'])
  await user('dora.directrice@valmont.fr', 'Dora Directrice', ['director'])
  await createStructure(db, organisation.id, {
    kind: 'lhss',
    name: 'LHSS Les Tilleuls',
    units: [['1'], ['2'], ['3'], ['4'], ['5a', '5b']],
    accessible: true,
  })
  personId = (
    await db
      .insertInto('people')
      .values({
        organisation_id: organisation.id,
        file_number: '000101',
        last_name: 'Garnier',
        first_names: 'Louis',
        birth_date: '1961-05-04',
        team_id: teamId!,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  const { id: typeId } = await db
    .insertInto('support_types')
    .values({ organisation_id: organisation.id, label: 'Accompagnement social global' })
    .returning('id')
    .executeTakeFirstOrThrow()
  recordId = (
    await db
      .insertInto('support_records')
      .values({
        organisation_id: organisation.id,
        person_id: personId,
        type_id: typeId,
        team_id: teamId!,
        opened_on: today,
        created_by: worker.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
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

describe('an LHSS admission in a browser', () => {
  it('goes from the request through the medical opinion and the director’s validation to a bed', async () => {
    // The worker: from the support record, the request (what is missing is said in French).
    const worker = await signedInPage('lea.sociale@valmont.fr')
    await worker.goto(`${trame.baseUrl}/accompagnement/${recordId}`)
    await worker.getByRole('link', { name: 'Demande d’admission en hébergement' }).click()
    await worker.getByRole('heading', { name: 'Nouvelle demande d’admission en hébergement' }).waitFor()
    await worker.getByRole('button', { name: 'Enregistrer la demande' }).click()
    await worker.getByText('Certains champs sont à corriger', { exact: false }).waitFor()
    await worker.getByLabel('Structure demandée').selectOption({ label: 'LHSS Les Tilleuls' })
    await worker.getByLabel('Orientation par').selectOption({ label: 'Hôpital' })
    await worker.getByLabel('Contact de l’orienteur (facultatif)').fill('Service social du CHU, Mme Roche')
    await worker.getByLabel('Priorité').selectOption({ label: 'Haute' })
    await worker.getByLabel('Partie sociale').fill('Sortie d’hospitalisation, sans domicile depuis deux ans.')
    await checkPage(worker, '300-admission-new-request')
    await worker.getByRole('button', { name: 'Enregistrer la demande' }).click()
    await worker.getByRole('heading', { name: /Demande d’admission de GARNIER/i }).waitFor()
    await worker.getByText('En attente de l’avis médical').first().waitFor()
    await worker.getByText('La partie médicale n’est lisible que par l’équipe médicale.').waitFor()
    const requestUrl = worker.url()
    await checkPage(worker, '301-admission-request-worker')

    // While it waits, the worker corrects it: a wrong day is said in French, nothing else is lost.
    await worker.getByRole('button', { name: 'Modifier la demande' }).click()
    await worker.getByLabel('Demande reçue le').fill('2099-01-01')
    await worker.getByRole('button', { name: 'Enregistrer les modifications' }).click()
    await worker.getByText('Certains champs sont à corriger', { exact: false }).waitFor()
    await worker.getByLabel('Demande reçue le').fill(todayInFrance())
    await worker.getByLabel('Priorité').selectOption({ label: 'Urgente' })
    await worker
      .getByLabel('Partie sociale')
      .fill('Sortie d’hospitalisation le 12, sans domicile depuis deux ans.')
    await checkPage(worker, '301b-admission-request-edit')
    await worker.getByRole('button', { name: 'Enregistrer les modifications' }).click()
    await worker.getByText('Demande modifiée.').waitFor()
    await worker.getByText('Priorité urgente').waitFor()
    await worker.getByText('Sortie d’hospitalisation le 12', { exact: false }).waitFor()
    await worker.getByText('Service social du CHU, Mme Roche', { exact: false }).waitFor()

    // The waiting list shows it, high priority.
    await worker.goto(`${trame.baseUrl}/hebergement/admissions`)
    await worker.getByRole('link', { name: /GARNIER/i }).waitFor()
    await worker.getByLabel('Structure').selectOption({ label: 'LHSS Les Tilleuls' })
    await worker.getByLabel('Statut').selectOption({ label: 'En attente de l’avis médical' })
    await worker.getByRole('link', { name: /GARNIER/i }).waitFor()
    await worker.getByLabel('Statut').selectOption({ label: 'Tous' })
    await worker.getByText('En attente seulement').click()
    await worker.getByRole('link', { name: /GARNIER/i }).waitFor()
    await checkPage(worker, '302-admission-waiting-list')

    // The nurse writes the medical part; her reading is traced.
    const nurse = await signedInPage('ines.infirmiere@valmont.fr')
    await nurse.goto(requestUrl)
    await nurse.getByRole('button', { name: 'Ouvrir la partie médicale' }).click()
    await nurse.getByText('Votre lecture de la partie médicale est tracée', { exact: false }).waitFor()
    await nurse.getByRole('button', { name: 'Enregistrer la partie médicale' }).click()
    await nurse.getByText('Rédigez la partie médicale.').first().waitFor()
    await nurse.getByRole('textbox', { name: 'Partie médicale' }).fill(MEDICAL)
    await nurse.getByRole('button', { name: 'Enregistrer la partie médicale' }).click()
    await nurse.getByText('Partie médicale enregistrée.').waitFor()
    await checkPage(nurse, '303-admission-medical-part')

    // The doctor gives a favourable opinion.
    const doctor = await signedInPage('paul.medecin@valmont.fr')
    await doctor.goto(requestUrl)
    await doctor.getByRole('button', { name: 'Ouvrir la partie médicale' }).click()
    await doctor.getByText(MEDICAL).waitFor()
    await doctor.getByRole('button', { name: 'Enregistrer l’avis' }).click()
    await doctor.getByText('Choisissez une valeur de la liste.').first().waitFor()
    await doctor.getByText('Favorable', { exact: true }).click()
    await doctor
      .getByLabel('Note médicale (lue par l’équipe médicale seulement)')
      .fill('Soins compatibles LHSS.')
    await checkPage(doctor, '304-admission-medical-opinion')
    await doctor.getByRole('button', { name: 'Enregistrer l’avis' }).click()
    await doctor.getByText('Avis médical enregistré.').waitFor()
    await doctor.getByText('En attente de validation').first().waitFor()

    // The director: no medical part, the opinion visible; validates on bed 2.
    const director = await signedInPage('dora.directrice@valmont.fr', directorSecret)
    await director.goto(requestUrl)
    await director.getByText('Favorable — le', { exact: false }).waitFor()
    expect(await director.getByRole('button', { name: 'Ouvrir la partie médicale' }).count()).toBe(0)
    expect(await director.getByText(MEDICAL).count()).toBe(0)
    await director.getByRole('button', { name: 'Valider et réserver la place' }).click()
    await director.getByText('Certains champs sont à corriger', { exact: false }).first().waitFor()
    await director.getByLabel('Place réservée').selectOption({ label: 'Unité 2 — place 2' })
    await checkPage(director, '305-admission-validation')
    await director.getByRole('button', { name: 'Valider et réserver la place' }).click()
    await director.getByText('Validée – place réservée').first().waitFor()
    await director.getByText('Admission validée.').waitFor()

    // The worker admits Louis Garnier to bed 2.
    await worker.goto(requestUrl)
    await worker.getByRole('heading', { name: 'Admettre sur la place 2' }).waitFor()
    await checkPage(worker, '306-admission-admit')
    await worker.getByRole('button', { name: 'Admettre', exact: true }).click()
    await worker.getByText('Admise : 1 séjour ouvert.').waitFor()
    await worker.getByText('Personne admise.').waitFor()
    await checkPage(worker, '307-admission-admitted')

    // From the person's file: the request, and a new one can start from there.
    await worker.goto(`${trame.baseUrl}/personnes/${personId}`)
    const section = worker.locator('section[aria-labelledby="section-admissions"]')
    await section.getByText('Admise').waitFor()
    await section.getByRole('link', { name: 'Demande d’admission' }).click()
    await worker.getByRole('heading', { name: 'Nouvelle demande d’admission en hébergement' }).waitFor()
  }, 180_000)

  it('a second request is refused by the director, another one withdrawn by the worker', async () => {
    const worker = await signedInPage('lea.sociale@valmont.fr')
    const enter = async () => {
      await worker.goto(`${trame.baseUrl}/hebergement/admissions/nouvelle?personId=${personId}`)
      await worker.getByLabel('Structure demandée').selectOption({ label: 'LHSS Les Tilleuls' })
      await worker.getByLabel('Orientation par').selectOption({ label: 'SIAO' })
      await worker.getByRole('button', { name: 'Enregistrer la demande' }).click()
      await worker.getByRole('heading', { name: /Demande d’admission de GARNIER/i }).waitFor()
      return worker.url()
    }
    const toRefuse = await enter()
    const director = await signedInPage('dora.directrice@valmont.fr', directorSecret)
    await director.goto(toRefuse)
    await director.getByLabel('Motif du refus').selectOption({ label: 'Autre solution trouvée' })
    await director.getByLabel('Précision (facultatif)').fill('Déjà admis aux Tilleuls.')
    await director.getByRole('button', { name: 'Refuser la demande' }).click()
    await director.getByText('Refusée le', { exact: false }).waitFor()
    await director.getByText('Demande refusée.').waitFor()
    await checkPage(director, '308-admission-refused')

    await enter()
    await worker.getByRole('button', { name: 'Retirer la demande' }).click()
    await worker.getByLabel('Pourquoi la demande est retirée (facultatif)').fill('Doublon')
    await worker.getByRole('button', { name: 'Confirmer le retrait' }).click()
    await worker.getByText('Retirée').first().waitFor()
    await worker.getByText('Demande retirée.').waitFor()
  }, 180_000)
})
