import { parse } from 'csv-parse/sync'
import { PDFParse } from 'pdf-parse'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import {
  checkPage,
  downloadByClicking,
  launchChromium,
  pdfTitle,
  signIn,
  startTrameForE2e,
} from './harness.ts'

const pdfText = async (content: Buffer) =>
  (await new PDFParse({ data: new Uint8Array(content) }).getText()).text.replace(/[\s\u00a0\u202f]+/g, ' ')

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe du registre'
const directorSecret = newTotpSecret()

/** A CCAS whose "Seniors" team keeps the register, one caller of that team, a director, three people registered. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Saint-Aubin')
  const [teamId] = await createTeams(trame, organisation, ['Pôle seniors'])
  await db
    .insertInto('register_settings')
    .values({ organisation_id: organisation.id, team_id: teamId!, retry_delay_minutes: 30, max_attempts: 3 })
    .execute()
  await createUser(trame, organisation.id, {
    email: 'lea.appels@saint-aubin.fr',
    name: 'Léa Appels',
    password: PASSWORD,
    roles: ['social_worker'],
    teamIds: [teamId!],
  })
  await createUser(trame, organisation.id, {
    email: 'directeur@saint-aubin.fr',
    name: 'Marc Directeur',
    password: PASSWORD,
    roles: ['director'],
    totp: directorSecret,
  })
  const people = [
    { last_name: 'Lambert', first_names: 'Odette', birth_date: '1936-05-02', devices: true, alone: true },
    { last_name: 'Moreau', first_names: 'Henri', birth_date: '1941-11-20', devices: false, alone: true },
    { last_name: 'Petit', first_names: 'Simone', birth_date: '1950-02-14', devices: false, alone: false },
  ]
  for (const [i, p] of people.entries()) {
    const person = await db
      .insertInto('people')
      .values({
        organisation_id: organisation.id,
        file_number: `00000${i + 1}`,
        last_name: p.last_name,
        first_names: p.first_names,
        birth_date: p.birth_date,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('register_entries')
      .values({
        organisation_id: organisation.id,
        person_id: person.id,
        status: 'registered',
        ground: 'age_65',
        requested_by: 'self',
        requested_on: '2026-05-01',
        registered_at: new Date(),
        review_due: '2027-05-01',
        phone: `01 45 00 00 0${i + 1}`,
        lives_alone: p.alone,
        power_medical_devices: p.devices,
        best_call_times: 'le matin',
      })
      .execute()
    await db.insertInto('register_movements').values({ organisation_id: organisation.id, delta: 1 }).execute()
  }
  // Not on the register yet: a neighbour reported her through the network.
  await db
    .insertInto('people')
    .values({
      organisation_id: organisation.id,
      file_number: '000004',
      last_name: 'Roux',
      first_names: 'Germaine',
      birth_date: '1938-09-12',
    })
    .execute()
  // Two reports the network's coordinator sent on to the register team.
  for (const [about, location] of [
    ['Madame Roux, au 3e, ne sort plus depuis l’été ; ses volets restent fermés.', '12 rue des Lilas'],
    ['Un monsieur âgé seul au rez-de-chaussée, sans visite.', null],
  ] as const) {
    const report = await db
      .insertInto('network_member_reports')
      .values({
        organisation_id: organisation.id,
        about,
        location,
        status: 'closed',
        outcome: 'register_referral',
        closed_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('register_referrals')
      .values({ organisation_id: organisation.id, member_report_id: report.id, about, location })
      .execute()
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

async function signedInPage(email: string, totpSecret?: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD, totpSecret })
  return page
}

describe('a heatwave campaign', () => {
  let planUrl: string
  // A TOTP code works once: the director stays signed in for the whole journey.
  let director: Page

  it('the director activates the heatwave plan: every registered person gets a call', async () => {
    director = await signedInPage('directeur@saint-aubin.fr', directorSecret)
    const page = director
    await page.getByRole('link', { name: 'Registre', exact: true }).first().click()
    await page.getByRole('heading', { name: 'Registre des personnes vulnérables', level: 1 }).waitFor()
    await page.getByText('Données confidentielles', { exact: true }).waitFor()
    await expect.poll(() => page.getByText('LAMBERT Odette').count()).toBe(1)
    await expect.poll(() => page.getByText('personnes inscrites').count()).toBe(1)
    await checkPage(page, '80-registre')

    // The list for the prefect: a CSV the browser saves, riskiest first.
    const csv = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Export pour le préfet (CSV)' }).click(),
    )
    expect(csv.name).toBe('registre-prefet.csv')
    const rows: Record<string, string>[] = parse(csv.content.toString('utf8'), { bom: true, columns: true })
    expect(rows.map((row) => [row.nom, row.telephone, row.appareils_electriques])).toEqual([
      ['LAMBERT Odette', '01 45 00 00 01', 'oui'],
      ['MOREAU Henri', '01 45 00 00 02', 'non'],
      ['PETIT Simone', '01 45 00 00 03', 'non'],
    ])

    // The search narrows the list (accents and case ignored); a name opens the person's file.
    const search = page.getByLabel('Rechercher un inscrit')
    await search.fill('odétte')
    await expect.poll(() => page.getByRole('link', { name: /^(LAMBERT|MOREAU|PETIT) / }).count()).toBe(1)
    await checkPage(page, '80b-registre-recherche')
    await search.fill('personne inconnue')
    await page.getByText('Aucun inscrit ne correspond à « personne inconnue ».').waitFor()
    await search.fill('')
    await page.getByRole('link', { name: 'MOREAU Henri' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('MOREAU Henri')
    await page.goBack()
    await page.getByRole('heading', { name: 'Registre des personnes vulnérables', level: 1 }).waitFor()

    await page.getByRole('link', { name: 'Plans d’alerte' }).click()
    await page.getByRole('heading', { name: 'Plans d’alerte', level: 1 }).waitFor()
    await page.getByLabel('Alerte').selectOption({ label: 'Canicule' })
    await page.getByLabel('Intitulé').fill('Canicule de juillet')
    await page.getByRole('button', { name: 'Déclencher et générer la campagne d’appels' }).click()
    await page.getByRole('heading', { name: 'Canicule de juillet', level: 1 }).waitFor()
    planUrl = new URL(page.url()).pathname
    const board = page.getByTestId('board')
    await expect.poll(() => board.textContent()).toContain('Inscrits à joindre3')
    await checkPage(page, '81-plan-tableau-de-bord')
  })

  it('a caller of the seniors team records the outcomes, riskiest first', async () => {
    const page = await signedInPage('lea.appels@saint-aubin.fr')
    await page.goto(`${trame.baseUrl}${planUrl}`)
    await page.getByRole('heading', { name: 'Canicule de juillet', level: 1 }).waitFor()
    await page.getByText('Données confidentielles', { exact: true }).waitFor()
    const cards = page.locator('article')
    await expect.poll(() => cards.count()).toBe(3)
    // Power-dependent devices and living alone: called first.
    expect(await cards.first().getByRole('heading').textContent()).toContain('LAMBERT Odette')
    await checkPage(page, '82-appels-a-faire')

    await cards.first().getByRole('button', { name: 'Tout va bien' }).click()
    await expect.poll(() => cards.count()).toBe(2)
    const moreau = page.locator('article', { hasText: 'MOREAU Henri' })
    await moreau.getByRole('button', { name: 'Pas de réponse' }).click()
    await expect.poll(() => cards.count()).toBe(1)
    const petit = page.locator('article', { hasText: 'PETIT Simone' })
    await petit.getByLabel('Note (facultatif)').fill('Ventilateur en panne, à remplacer')
    await petit.getByRole('button', { name: 'A besoin de quelque chose' }).click()
    await expect.poll(() => page.getByText('Aucun appel à faire.').count()).toBe(1)

    // Every call, not only those due now: Mr Moreau is to be called back.
    await page.getByRole('button', { name: 'À faire maintenant' }).click()
    await expect.poll(() => cards.count()).toBe(3)
    await expect.poll(() => moreau.textContent()).toContain('À rappeler')
    const board = page.getByTestId('board')
    await expect.poll(() => board.textContent()).toContain('Joints2')
    await expect.poll(() => board.textContent()).toContain('À rappeler1')
    await checkPage(page, '83-appels-issues')

    // The call list on paper: those left to call (Mr Moreau, to call back), with boxes for the outcome.
    for (const button of ['Mes appels à imprimer (PDF)', 'Liste d’appels à imprimer (PDF)']) {
      const sheet = await downloadByClicking(page, () => page.getByRole('link', { name: button }).click())
      expect(sheet.name).toBe('plan-alerte-liste-appels.pdf')
      expect(pdfTitle(sheet.content)).toBe('Liste d’appels — Canicule de juillet')
      const text = await pdfText(sheet.content)
      expect(text).toContain(button.startsWith('Mes') ? 'mes appels' : 'tous les appels')
      expect(text).toContain('1 personne à joindre')
      expect(text).toContain('Appelant·e : Léa Appels')
      expect(text).toContain('MOREAU Henri')
      expect(text).toContain('01 45 00 00 02')
      expect(text).toContain('À rappeler (1 tentative)')
      expect(text).not.toContain('LAMBERT')
    }

    // Every call made, newest first; filtered by outcome; a name opens the person's file.
    await page.getByRole('link', { name: 'Tous les appels de ce plan' }).click()
    await page.getByRole('heading', { name: 'Tous les appels', level: 1 }).waitFor()
    const log = page.getByTestId('call-log')
    await page.getByText('3 appels enregistrés').waitFor()
    expect(await log.getByRole('row').nth(1).textContent()).toContain('PETIT Simone')
    await expect.poll(() => log.textContent()).toContain('Ventilateur en panne, à remplacer')
    await checkPage(page, '83b-tous-les-appels')
    await page.getByLabel('Issue').selectOption({ label: 'Pas de réponse' })
    await page.getByText('1 appel enregistré').waitFor()
    await expect.poll(() => log.getByRole('row').count()).toBe(2)
    await page.getByLabel('Du').fill('2020-01-01')
    await page.getByLabel('Au').fill('2020-01-31')
    await page.getByText('0 appel enregistré').waitFor()
    await page.getByLabel('Au').fill('')
    await page.getByText('1 appel enregistré').waitFor()
    await page.getByRole('link', { name: 'MOREAU Henri' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('MOREAU Henri')
    await page.goBack()
    await page.getByRole('link', { name: 'Retour au plan' }).click()
    await page.getByRole('heading', { name: 'Canicule de juillet', level: 1 }).waitFor()
    await page.context().close()

    // The need became a follow-up contact for the seniors team.
    const contact = await trame.db
      .selectFrom('contacts')
      .select(['note', 'follow_up_status'])
      .executeTakeFirstOrThrow()
    expect(contact).toEqual({ note: 'Ventilateur en panne, à remplacer', follow_up_status: 'pending' })
  })

  it('the director cannot close the plan while someone is left to call', async () => {
    const page = director
    await page.reload()
    await page.getByRole('button', { name: 'Clore le plan' }).click()
    await expect.poll(() => page.getByText(/1 personne\(s\) restent à joindre/).count()).toBe(1)
    await checkPage(page, '84-plan-cloture-refusee')

    // Every call of every plan, from the list of plans; the way back leads to the plans.
    await page.goto(`${trame.baseUrl}/registre/plans`)
    await page.getByRole('heading', { name: 'Plans d’alerte', level: 1 }).waitFor()
    await page.getByRole('link', { name: 'Tous les appels', exact: true }).click()
    await page.getByRole('heading', { name: 'Tous les appels', level: 1 }).waitFor()
    await page.getByText('3 appels enregistrés').waitFor()
    expect(await page.getByLabel('Plan d’alerte').inputValue()).toBe('')
    await expect.poll(() => page.getByTestId('call-log').textContent()).toContain('Canicule de juillet')
    await checkPage(page, '84b-tous-les-appels')
    await page.getByRole('link', { name: 'Plans d’alerte', exact: true }).first().click()
    await page.getByRole('heading', { name: 'Plans d’alerte', level: 1 }).waitFor()
    await page.context().close()
  })
})

describe('a report from the neighbour network', () => {
  it('the register team registers the person it names, and dismisses another with a reason', async () => {
    const page = await signedInPage('lea.appels@saint-aubin.fr')
    await page.goto(`${trame.baseUrl}/registre`)
    const section = page.getByRole('region', { name: /Signalements transmis par le réseau/ })
    await section.getByRole('heading', { name: 'Signalements transmis par le réseau (2)' }).waitFor()
    const roux = section.locator('article', { hasText: 'Madame Roux' })
    await expect.poll(() => roux.textContent()).toContain('Lieu indiqué : 12 rue des Lilas')
    await checkPage(page, '85-registre-signalements')

    // "Inscrire": the entry form, pre-filled as a third party's request, with the report as context.
    await roux.getByRole('button', { name: 'Inscrire' }).click()
    const form = page.locator('form', {
      has: page.getByRole('heading', { name: 'Inscription à partir d’un signalement' }),
    })
    await form.getByText('ne sort plus depuis l’été').waitFor()
    expect(await form.getByLabel('Demande faite par').inputValue()).toBe('third_party')
    expect(await form.getByLabel('Nom du demandeur').inputValue()).toBe(
      'Signalement du réseau de voisins solidaires',
    )
    await form.getByLabel('Personne (nom, prénom ou n° de dossier)').fill('Roux')
    await form.locator('label', { hasText: 'ROUX Germaine' }).click()
    await form.getByLabel('Adresse').fill('12 rue des Lilas')
    await checkPage(page, '86-registre-inscription-signalement')
    await form.getByRole('button', { name: 'Inscrire', exact: true }).click()

    await expect
      .poll(() => page.getByRole('row', { name: /ROUX Germaine/ }).textContent())
      .toContain('En attente (demande d’un tiers)')
    await section.getByRole('heading', { name: 'Signalements transmis par le réseau (1)' }).waitFor()
    // A third party asked: the letter acknowledging it to the person is a PDF to print.
    const letter = await downloadByClicking(page, () =>
      page
        .getByRole('row', { name: /ROUX Germaine/ })
        .getByRole('link', { name: 'Courrier à la personne' })
        .click(),
    )
    expect(letter.content.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdfTitle(letter.content)).toBe('Registre des personnes vulnérables — accusé de réception')

    // "Classer sans suite": a reason is required.
    const other = section.locator('article', { hasText: 'Un monsieur âgé' })
    await other.getByRole('button', { name: 'Classer sans suite' }).click()
    await other.getByRole('button', { name: 'Classer le signalement' }).click()
    await other.getByText('Indiquez pourquoi le signalement est classé.').waitFor()
    await other.getByLabel('Motif du classement').fill('Déjà suivi par le service d’aide à domicile.')
    await checkPage(page, '87-registre-signalement-classement')
    await other.getByRole('button', { name: 'Classer le signalement' }).click()
    await section.getByText('Aucun signalement en attente.').waitFor()
    await checkPage(page, '88-registre-signalements-traites')
    await page.context().close()

    const referrals = await trame.db
      .selectFrom('register_referrals')
      .select(['status', 'dismiss_reason', 'entry_id'])
      .orderBy('status')
      .execute()
    expect(referrals).toEqual([
      { status: 'dismissed', dismiss_reason: 'Déjà suivi par le service d’aide à domicile.', entry_id: null },
      { status: 'registered', dismiss_reason: null, entry_id: expect.any(String) },
    ])
  })
})
