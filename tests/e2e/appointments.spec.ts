import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe des rendez-vous'
const directorSecret = newTotpSecret()
let personId: string

/** A CCAS with a front desk agent, a social worker, a director, and one person. */
async function seed() {
  const organisation = await createBareOrganisation(trame, 'CCAS de Rendezville', 'Centre social')
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  for (const [email, name, role] of [
    ['lea.accueil@rendezville.fr', 'Léa Accueil', 'front_desk_agent'],
    ['sam.social@rendezville.fr', 'Sam Social', 'social_worker'],
    ['dina.direction@rendezville.fr', 'Dina Direction', 'director'],
  ] as const) {
    await createUser(trame, organisation.id, {
      roles: [role],
      teamIds: [teamId!],
      email,
      name,
      password: PASSWORD,
      totp: role === 'director' ? directorSecret : false,
    })
  }
  const person = await trame.db
    .insertInto('people')
    .values({
      organisation_id: organisation.id,
      file_number: '000001',
      last_name: 'Dupont',
      first_names: 'Hélène',
      birth_date: '1987-02-03',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  personId = person.id
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
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 1000 },
  })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD, totpSecret })
  return page
}

/** The hour before now in Paris (today's date and HH:00), so the appointment has happened by the end. */
function anHourAgoInParis() {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date())
  const part = (type: string) => parts.find((p) => p.type === type)!.value
  const hour = Math.max(Number(part('hour')) - 1, 0)
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${String(hour).padStart(2, '0')}:00`,
  }
}

describe('appointments in a browser', () => {
  it('the front desk books an appointment; the social worker sees it in their week and marks it honoured', async () => {
    const desk = await signedInPage('lea.accueil@rendezville.fr')
    await desk.getByRole('link', { name: 'Rendez-vous', exact: true }).first().click()
    await desk.getByRole('heading', { name: 'Rendez-vous de la semaine' }).waitFor()
    await checkPage(desk, '90-rendez-vous-semaine-accueil')
    await desk.getByRole('link', { name: 'Prendre un rendez-vous' }).click()
    await desk.getByRole('heading', { name: 'Prendre un rendez-vous' }).waitFor()
    await desk.getByLabel('Personne').fill('Dupont')
    await desk.getByRole('button', { name: /Choisir.*DUPONT Hélène/ }).click()
    await expect.poll(() => desk.getByText('DUPONT Hélène').count()).toBeGreaterThan(0)
    const { date, time } = anHourAgoInParis()
    await desk.getByLabel('Professionnel·le').selectOption({ label: 'Sam Social' })
    await desk.getByLabel('Date').fill(date)
    await desk.getByLabel('Heure').fill(time)
    await desk.getByLabel('Durée').selectOption({ label: '30 min' })
    await desk.getByLabel('Lieu').fill('Bureau 2, centre social')
    await desk.getByLabel('Motif').fill('Dossier CSS')
    await checkPage(desk, '91-rendez-vous-prise')
    await desk.getByRole('button', { name: 'Enregistrer le rendez-vous' }).click()
    await expect.poll(() => desk.getByText('Rendez-vous enregistré pour DUPONT Hélène.').count()).toBe(1)
    await desk.context().close()

    const worker = await signedInPage('sam.social@rendezville.fr')
    await worker.goto(`${trame.baseUrl}/rendez-vous`)
    await worker.getByText('Sam Social — du').waitFor()
    await expect.poll(() => worker.getByRole('link', { name: 'DUPONT Hélène' }).count()).toBe(1)
    expect(await worker.getByText('Bureau 2, centre social · Dossier CSS', { exact: true }).count()).toBe(1)
    await checkPage(worker, '92-rendez-vous-semaine-professionnel')
    await worker.getByRole('button', { name: /^Honoré : DUPONT Hélène/ }).click()
    await expect.poll(() => worker.getByText(/: honoré\.$/).count()).toBe(1)
    await expect.poll(() => worker.getByRole('button', { name: /^Honoré : / }).count()).toBe(0)
    const stored = await trame.db.selectFrom('appointments').selectAll().executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ status: 'honoured', booked_from: 'front_desk', purpose: 'Dossier CSS' })

    // The calendar link: created once, shown once.
    await worker.getByRole('button', { name: 'Créer le lien' }).click()
    await expect.poll(() => worker.getByText(/Copiez ce lien maintenant/).count()).toBe(1)
    await checkPage(worker, '93-rendez-vous-agenda-en-ligne')

    // The person's file: their appointment and their rights.
    await worker.goto(`${trame.baseUrl}/personnes/${personId}`)
    await worker.getByRole('heading', { name: 'Rendez-vous', level: 2 }).waitFor()
    await expect
      .poll(() => worker.getByRole('region', { name: 'Rendez-vous' }).getByText('avec Sam Social').count())
      .toBe(1)
    await worker.getByRole('button', { name: 'Mettre à jour un droit' }).click()
    await worker
      .getByLabel('Droit', { exact: true })
      .selectOption({ label: 'Complémentaire santé solidaire (CSS)' })
    await worker.getByLabel('Statut').selectOption({ label: 'Démarche en cours' })
    await worker.getByLabel('Depuis le').fill(date)
    await worker.getByRole('region', { name: 'Droits' }).getByRole('button', { name: 'Enregistrer' }).click()
    await expect.poll(() => worker.getByText('Droit enregistré.').count()).toBe(1)
    await checkPage(worker, '94-dossier-droits-rendez-vous')
    await worker.context().close()
  })

  it('the director sets the rights delay and adds a right of the organisation', async () => {
    const director = await signedInPage('dina.direction@rendezville.fr', directorSecret)
    await director.goto(`${trame.baseUrl}/admin/droits`)
    await director.getByRole('heading', { name: 'Réglages des droits' }).waitFor()
    await director.getByLabel('Délai d’alerte (en jours)').fill('45')
    await director.getByRole('button', { name: 'Enregistrer le délai' }).click()
    await expect.poll(() => director.getByText('Délai enregistré.').count()).toBe(1)
    await director.getByLabel('Nouveau droit').fill('Carte solidarité transport')
    await director.getByRole('button', { name: 'Ajouter' }).click()
    await expect.poll(() => director.getByText('Carte solidarité transport').count()).toBe(1)
    await checkPage(director, '95-reglages-droits')
    await director.context().close()
  })
  it('the social worker opens slots in their week, removes one, and the front desk books the other', async () => {
    const tomorrow = addDays(todayInFrance(), 1)
    const worker = await signedInPage('sam.social@rendezville.fr')
    await worker.goto(`${trame.baseUrl}/rendez-vous?day=${tomorrow}`)
    await worker.getByRole('heading', { name: 'Ouvrir un créneau de Sam Social' }).waitFor()
    // No start time: said under the field, in French.
    await worker.getByRole('button', { name: 'Ouvrir le créneau' }).click()
    await worker.getByText('Indiquez l’heure de début du créneau.').first().waitFor()
    await worker.getByLabel('Jour du créneau').fill(tomorrow)
    await worker.getByLabel('Début').fill('10:00')
    await worker.getByLabel('Durée du créneau').selectOption({ label: '30 min' })
    await worker.getByLabel('Lieu du créneau (facultatif)').fill('Bureau 3')
    await worker.getByRole('button', { name: 'Ouvrir le créneau' }).click()
    await worker.getByText(/^Créneau ouvert le .* à 10:00\.$/).waitFor()
    await worker.getByText('10:00 – 10:30 : créneau libre (Bureau 3)').waitFor()
    // The same moment twice is refused.
    await worker.getByLabel('Début').fill('10:00')
    await worker.getByRole('button', { name: 'Ouvrir le créneau' }).click()
    await worker.getByText('Un autre créneau occupe déjà ce moment.').first().waitFor()
    await worker.getByLabel('Début').fill('11:00')
    await worker.getByRole('button', { name: 'Ouvrir le créneau' }).click()
    await worker.getByText('11:00 – 11:30 : créneau libre (Bureau 3)').waitFor()
    await checkPage(worker, '96-rendez-vous-creneaux')
    await worker.getByRole('button', { name: 'Supprimer le créneau de 11:00 – 11:30' }).click()
    await worker.getByText(/^Créneau du .* de 11:00 – 11:30 supprimé\.$/).waitFor()
    expect(await worker.getByText('11:00 – 11:30 : créneau libre (Bureau 3)').count()).toBe(0)
    await worker.context().close()

    // The front desk sees the free slot in Sam's week, may book it, but neither opens nor removes slots.
    const sam = await trame.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'sam.social@rendezville.fr')
      .executeTakeFirstOrThrow()
    const desk = await signedInPage('lea.accueil@rendezville.fr')
    await desk.goto(`${trame.baseUrl}/rendez-vous?professionalId=${sam.id}&day=${tomorrow}`)
    await desk.getByText('10:00 – 10:30 : créneau libre (Bureau 3)').waitFor()
    expect(await desk.getByRole('button', { name: /^Supprimer le créneau/ }).count()).toBe(0)
    expect(await desk.getByRole('heading', { name: /^Ouvrir un créneau/ }).count()).toBe(0)
    await desk.getByRole('link', { name: 'Réserver ce créneau' }).click()
    await desk.getByRole('heading', { name: 'Prendre un rendez-vous' }).waitFor()
    await desk.context().close()
    const slots = await trame.db.selectFrom('appointment_slots').select('place').execute()
    expect(slots).toEqual([{ place: 'Bureau 3' }])
  })
})
