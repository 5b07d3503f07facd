import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createStay,
  createStructure,
} from '../../src/server/modules/accommodation/accommodation.test-factories.ts'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createBarePerson, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe de l’équipe hébergement'
const today = todayInFrance()
const ids = {} as { lhss: string; stay: string; newcomer: string }

/** A CCAS with its LHSS (a patient there for 50 days) and its emergency CHRS; a worker and a nurse. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Belleville-sur-Loire')
  const [teamId] = await createTeams(trame, organisation, ['Hébergement'])
  const worker = await createUser(trame, organisation.id, {
    email: 'nina.sociale@belleville.fr',
    name: 'Nina Sociale',
    password: PASSWORD,
    roles: ['social_worker'],
    teamIds: [teamId!],
  })
  await createUser(trame, organisation.id, {
    email: 'ines.infirmiere@belleville.fr',
    name: 'Inès Infirmière',
    password: PASSWORD,
    roles: ['nurse'],
    teamIds: [teamId!],
  })
  const lhss = await createStructure(db, organisation.id, {
    kind: 'lhss',
    name: 'LHSS Les Glycines',
    units: [['1'], ['2'], ['3'], ['4'], ['5a', '5b']],
  })
  await createStructure(db, organisation.id, { kind: 'chrs_emergency', name: 'CHRS urgence Le Phare' })
  const personId = await createBarePerson(db, organisation.id, {
    lastName: 'Martin',
    firstNames: 'Paul',
    teamId: teamId!,
  })
  ids.lhss = lhss.id
  ids.stay = await createStay(db, organisation.id, {
    structureId: lhss.id,
    personId,
    placeId: lhss.placeIds[0]!,
    startedOn: addDays(today, -50),
    plannedEndOn: addDays(today, 10),
  })
  ids.newcomer = await createBarePerson(db, organisation.id, {
    lastName: 'Durand',
    firstNames: 'Marc',
    teamId: teamId!,
  })
  const { id: typeId } = await db
    .insertInto('support_types')
    .values({ organisation_id: organisation.id, label: 'Accompagnement vers le logement' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('support_records')
    .values({
      organisation_id: organisation.id,
      person_id: personId,
      type_id: typeId,
      team_id: teamId!,
      opened_on: addDays(today, -50),
      exit_plan: 'Demande de logement social déposée, pension d’invalidité en cours',
      created_by: worker.id,
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

describe('stays in a browser', () => {
  it('the nurse gives the opinion, the worker renews the LHSS stay, moves, links the exit plan and records the exit', async () => {
    const nurse = await signedInPage('ines.infirmiere@belleville.fr')
    await nurse.goto(`${trame.baseUrl}/hebergement/sejours?structure=${ids.lhss}`)
    await nurse.getByRole('link', { name: /MARTIN/ }).click()
    await nurse.getByRole('heading', { name: /Séjour de/ }).waitFor()
    await nurse.getByLabel('Avis', { exact: true }).selectOption({ label: 'Favorable' })
    await nurse.getByLabel(/Note médicale/).fill('Cicatrisation lente, soins infirmiers quotidiens')
    await nurse.getByRole('button', { name: 'Enregistrer l’avis' }).click()
    await nurse.getByText('Avis médical enregistré.').waitFor()
    expect(await nurse.getByText(/Cicatrisation lente/).count()).toBe(1)
    await checkPage(nurse, 'accommodation-stay-opinion')
    await nurse.context().close()

    const worker = await signedInPage('nina.sociale@belleville.fr')
    await worker.goto(`${trame.baseUrl}/hebergement/sejours`)
    await worker
      .getByLabel('Structure', { exact: true })
      .selectOption({ label: 'LHSS Les Glycines — Lits halte soins santé (LHSS)' })
    await checkPage(worker, 'accommodation-stays-list')
    await worker.getByRole('link', { name: /MARTIN/ }).click()
    await worker.getByRole('heading', { name: /Séjour de/ }).waitFor()
    // The worker reads the opinion, never its medical note.
    await worker.getByText(/Favorable le/).waitFor()
    expect(await worker.getByText(/Cicatrisation lente/).count()).toBe(0)

    const renewal = worker.getByRole('form', { name: 'Renouveler le séjour' })
    await renewal.getByRole('button', { name: 'Renouveler' }).click()
    await worker.getByText('Dites pourquoi le séjour est renouvelé.').first().waitFor()
    await renewal.getByLabel('Justification').fill('Soins à poursuivre, avis favorable de l’infirmière')
    await renewal.getByRole('button', { name: 'Renouveler' }).click()
    await worker.getByText('Séjour renouvelé.').waitFor()
    await worker.getByText(/Soins à poursuivre/).waitFor()

    const move = worker.getByRole('form', { name: 'Changer de place' })
    await move.getByLabel('Nouvelle place').selectOption({ label: 'Unité 5 — place 5a' })
    await move.getByLabel('À partir du').fill(today)
    await move.getByRole('button', { name: 'Changer de place' }).click()
    await worker.getByText('Changement de place enregistré.').waitFor()
    await worker.getByText(/Unité 5 — place 5a : du/).waitFor()

    const link = worker.getByRole('form', { name: 'Lier un accompagnement' })
    await link
      .getByLabel('Accompagnement de la personne')
      .selectOption({ label: 'Accompagnement vers le logement' })
    await link.getByRole('button', { name: 'Lier au séjour' }).click()
    await worker.getByText('Accompagnement lié au séjour.').waitFor()
    await worker.getByText(/Demande de logement social déposée/).waitFor()
    await checkPage(worker, 'accommodation-stay-renewed')

    const exit = worker.getByRole('form', { name: 'Enregistrer la sortie' })
    await exit.getByRole('button', { name: 'Enregistrer la sortie' }).click()
    await worker.getByText('Choisissez une valeur de la liste.').first().waitFor()
    await exit.getByLabel('Motif de sortie').selectOption({ label: 'Relogement' })
    await exit.getByLabel('Destination').selectOption({ label: 'Logement accompagné' })
    await exit.getByLabel('Précisions (facultatif)').fill('Maison relais du quartier')
    await exit.getByRole('button', { name: 'Enregistrer la sortie' }).click()
    await worker.getByText(/destination : Logement accompagné/).waitFor()
    await worker.getByRole('button', { name: 'Délier l’accompagnement' }).click()
    await worker.getByText('Accompagnement délié.').waitFor()
    await checkPage(worker, 'accommodation-stay-ended')

    await worker.goto(`${trame.baseUrl}/hebergement/sejours?structure=${ids.lhss}`)
    await worker.getByText('Terminés').click()
    await worker.getByRole('cell', { name: 'Logement accompagné' }).waitFor()

    // A direct emergency entry from the newcomer's file.
    await worker.goto(`${trame.baseUrl}/personnes/${ids.newcomer}`)
    const panel = worker.getByRole('region', { name: 'Hébergement' })
    await panel.getByText('Aucun séjour en hébergement.').waitFor()
    await panel.getByRole('button', { name: 'Entrée en hébergement d’urgence' }).click()
    await panel.getByRole('button', { name: 'Annuler' }).click()
    await panel.getByRole('button', { name: 'Entrée en hébergement d’urgence' }).click()
    await panel
      .getByLabel('Structure', { exact: true })
      .selectOption({ label: 'CHRS urgence Le Phare (2 places libres)' })
    await panel.getByLabel('Place', { exact: true }).selectOption({ label: 'Unité 1 — place 1' })
    await checkPage(worker, 'accommodation-person-entry')
    await panel.getByRole('button', { name: 'Enregistrer l’entrée' }).click()
    await worker.getByRole('heading', { name: /Séjour de/ }).waitFor()
    await worker
      .getByText(/CHRS urgence Le Phare/)
      .first()
      .waitFor()
    await worker.goto(`${trame.baseUrl}/personnes/${ids.newcomer}`)
    await worker.getByRole('link', { name: /CHRS urgence Le Phare depuis le/ }).waitFor()
    await checkPage(worker, 'accommodation-person-panel')
  })
})
