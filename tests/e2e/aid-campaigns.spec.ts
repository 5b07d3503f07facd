import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { PDFParse } from 'pdf-parse'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createAidFund,
  createAidPerson,
  createAidRequest,
  createAidType,
} from '../../src/server/modules/aid/aid.test-factories.ts'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe des campagnes'
const directorSecret = newTotpSecret()
const year = Number(todayInFrance().slice(0, 4))

/**
 * A CCAS with its director (who sets campaigns up), a front desk agent (who registers), three seniors;
 * an analyst (who reads the statistics) and two aids granted this year, one of them from the FLAJ.
 */
async function seed() {
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle', 'Point solidarité centre')
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  await createUser(trame, organisation.id, {
    email: 'dir@villebelle.fr',
    name: 'Dominique Directrice',
    password: PASSWORD,
    roles: ['director'],
    teamIds: [teamId!],
    totp: directorSecret,
  })
  await createUser(trame, organisation.id, {
    email: 'lea.accueil@villebelle.fr',
    name: 'Léa Accueil',
    password: PASSWORD,
    roles: ['front_desk_agent'],
    teamIds: [teamId!],
  })
  await trame.db
    .insertInto('people')
    .values([
      {
        organisation_id: organisation.id,
        file_number: '000001',
        last_name: 'Aubry',
        first_names: 'Jeanne',
        birth_date: '1948-03-02',
        team_id: teamId!,
      },
      {
        organisation_id: organisation.id,
        file_number: '000003',
        last_name: 'Carré',
        first_names: 'Lucie',
        birth_date: '1950-01-15',
        team_id: teamId!,
      },
      {
        organisation_id: organisation.id,
        file_number: '000002',
        last_name: 'Bastien',
        first_names: 'Marc',
        birth_date: `${year - 40}-06-01`,
        team_id: teamId!,
      },
    ])
    .execute()
  await createUser(trame, organisation.id, {
    email: 'analyse@villebelle.fr',
    name: 'Alex Analyste',
    password: PASSWORD,
    roles: ['analyst'],
    teamIds: [teamId!],
  })
  const energy = await createAidFund(trame.db, organisation.id, { code: 'ENERGIE', name: 'Énergie' })
  const flaj = await createAidFund(trame.db, organisation.id, { code: 'FLAJ', name: 'Fonds local jeunes' })
  const energyAid = await createAidType(trame.db, organisation.id, {
    fundId: energy,
    label: 'Impayé d’énergie',
  })
  const transport = await createAidType(trame.db, organisation.id, {
    fundId: flaj,
    label: 'FLAJ — transport',
  })
  const adult = await createAidPerson(trame.db, organisation.id, { lastName: 'Morel', teamId })
  const youth = await createAidPerson(trame.db, organisation.id, {
    lastName: 'Petit',
    birthDate: `${year - 20}-02-01`,
    teamId,
  })
  // Asked and granted today: inside this year's period whatever the day the journey runs.
  const requestedOn = todayInFrance()
  for (const [personId, aidTypeId, cents] of [
    [adult, energyAid.id, 150_00],
    [youth, transport.id, 80_00],
  ] as const)
    await createAidRequest(trame.db, organisation.id, {
      personId,
      aidTypeId,
      teamId,
      status: 'granted',
      amountAskedCents: cents,
      requestedOn,
    })
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

const shows = (page: Page, text: string | RegExp) =>
  expect.poll(() => page.getByText(text).count()).toBeGreaterThan(0)

describe('seasonal campaigns in a browser', () => {
  let campaignUrl: string

  it('creates a campaign for seniors of the commune', async () => {
    const page = await signedInPage('dir@villebelle.fr', directorSecret)
    await page.getByRole('link', { name: 'Campagnes saisonnières' }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Campagnes saisonnières' }).waitFor()
    await shows(page, 'Aucune campagne pour l’instant.')
    // A refused form says why, under the field.
    await page.getByRole('button', { name: 'Créer la campagne' }).click()
    await shows(page, 'Le nom de la campagne est obligatoire.')
    await page.getByLabel('Nom de la campagne').fill('Colis de fin d’année')
    await page.getByLabel('Âge minimum (facultatif)').fill('65')
    await page.getByLabel('Plafond de quotient familial en € (facultatif)').fill('abc')
    await page.getByRole('button', { name: 'Créer la campagne' }).click()
    await shows(page, 'Montant invalide : en euros, par exemple 750 ou 750,50.')
    await page.getByLabel('Plafond de quotient familial en € (facultatif)').fill('')
    await page.getByText('Réservée aux habitants de la commune').click()
    await page.getByRole('button', { name: 'Créer la campagne' }).click()
    await page.getByRole('heading', { level: 1, name: 'Colis de fin d’année' }).waitFor()
    await shows(page, 'Conditions : 65 ans au moins, habiter la commune.')
    campaignUrl = page.url()

    // Changed afterwards: a wrong closing day is refused under its field, a change can be dropped.
    await page.getByRole('button', { name: 'Modifier la campagne' }).click()
    await page.getByLabel('Nom de la campagne').fill('Colis de Noël')
    await page.getByRole('button', { name: 'Annuler la modification' }).click()
    await page.getByRole('heading', { level: 1, name: 'Colis de fin d’année' }).waitFor()
    await page.getByRole('button', { name: 'Modifier la campagne' }).click()
    await expect.poll(() => page.getByLabel('Nom de la campagne').inputValue()).toBe('Colis de fin d’année')
    await page.getByLabel('Clôture des inscriptions').fill(`${year - 1}-01-01`)
    await page.getByRole('button', { name: 'Enregistrer la campagne' }).click()
    await shows(page, 'La clôture des inscriptions ne peut pas précéder leur ouverture.')
    await page.getByLabel('Clôture des inscriptions').fill(`${year}-12-31`)
    await page.getByLabel('Jour de distribution (facultatif)').fill(`${year}-12-20`)
    await checkPage(page, '95-aides-campagne-modifier')
    await page.getByRole('button', { name: 'Enregistrer la campagne' }).click()
    await shows(page, 'Campagne enregistrée.')
    await shows(page, `, distribution le 20/12/${year}.`)
    await page.goto(`${trame.baseUrl}/aides/campagnes`)
    await page.getByRole('link', { name: 'Colis de fin d’année' }).waitFor()
    await checkPage(page, '95-aides-campagnes')
    await page.context().close()
  })

  it('registers two people from two channels, counts them, lists them in the CSV, hands one over', async () => {
    const page = await signedInPage('lea.accueil@villebelle.fr')
    await page.getByRole('link', { name: 'Campagnes saisonnières' }).first().click()
    await page.getByRole('link', { name: 'Colis de fin d’année' }).click()
    await page.getByRole('heading', { level: 1, name: 'Colis de fin d’année' }).waitFor()
    expect(page.url()).toBe(campaignUrl)
    // The desk does not set campaigns up.
    expect(await page.getByRole('button', { name: 'Créer la campagne' }).count()).toBe(0)

    await page.getByRole('button', { name: 'Inscrire', exact: true }).click()
    await shows(page, 'Choisissez d’abord la personne à inscrire.')

    await page.getByRole('searchbox', { name: /^Personne/ }).fill('Aubry')
    await page.getByRole('button', { name: /Choisir.*AUBRY Jeanne/ }).click()
    await page.getByText('Résidence dans la commune vérifiée').click()
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click()
    await shows(page, 'AUBRY Jeanne est inscrit·e.')
    await expect.poll(() => page.getByText('Conditions à vérifier').count()).toBe(0)

    await page.getByRole('searchbox', { name: /^Personne/ }).fill('Carré')
    await page.getByRole('button', { name: /Choisir.*CARRÉ Lucie/ }).click()
    // A wrong pick is undone before registering.
    await page.getByRole('button', { name: 'Changer de personne' }).click()
    await page.getByRole('searchbox', { name: /^Personne/ }).fill('Bastien')
    await page.getByRole('button', { name: /Choisir.*BASTIEN Marc/ }).click()
    await page.getByLabel('Canal d’inscription').selectOption({ label: 'Ligne seniors' })
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click()
    await shows(page, 'BASTIEN Marc est inscrit·e.')
    await shows(page, 'Conditions à vérifier :')
    await shows(page, /^La personne a 40 ans : cette aide est réservée aux personnes à partir de 65 ans\.$/)

    // Counts per channel: one at the desk, one by the seniors line.
    const counts = page.getByRole('table').filter({ hasText: 'Inscriptions par canal' })
    await expect.poll(() => counts.getByRole('row', { name: 'Accueil 1' }).count()).toBe(1)
    await expect.poll(() => counts.getByRole('row', { name: 'Ligne seniors 1' }).count()).toBe(1)
    await expect.poll(() => counts.getByRole('row', { name: 'Total 2' }).count()).toBe(1)
    await checkPage(page, '96-aides-campagne')

    const csv = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Télécharger la liste (CSV)' }).click(),
    )
    expect(csv.name).toMatch(/^liste-distribution-\d{4}-\d{2}-\d{2}\.csv$/)
    const rows: Record<string, string>[] = parse(csv.content.toString('utf8'), {
      bom: true,
      columns: true,
      delimiter: ';',
    })
    expect(rows.map((r) => [r.Nom, r['Date de naissance'], r['Inscrit par'], r.Statut])).toEqual([
      ['AUBRY Jeanne', '02/03/1948', 'Accueil', 'Inscrit·e'],
      ['BASTIEN Marc', `01/06/${year - 40}`, 'Ligne seniors', 'Inscrit·e'],
    ])
    expect(rows[1]!['Points à vérifier']).toContain('La personne a 40 ans')

    await page.getByRole('button', { name: 'Retiré sur place : AUBRY Jeanne' }).click()
    await shows(page, 'AUBRY Jeanne : retiré sur place.')
    await shows(page, /^Retiré sur place le \d{2}\/\d{2}\/\d{4}$/)
    await expect
      .poll(() => counts.getByRole('row', { name: 'Reçus (retirés / livrés) 1 (1 / 0)' }).count())
      .toBe(1)

    await page.getByRole('button', { name: 'Livré à domicile : BASTIEN Marc' }).click()
    await shows(page, 'BASTIEN Marc : livré à domicile.')
    await expect
      .poll(() => counts.getByRole('row', { name: 'Reçus (retirés / livrés) 2 (1 / 1)' }).count())
      .toBe(1)

    // A third one registered by the outreach team, then cancelled: no longer counted in its channel.
    await page.getByRole('searchbox', { name: /^Personne/ }).fill('Carré')
    await page.getByRole('button', { name: /Choisir.*CARRÉ Lucie/ }).click()
    await page.getByLabel('Canal d’inscription').selectOption({ label: 'Aller-vers' })
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click()
    await shows(page, 'CARRÉ Lucie est inscrit·e.')
    await expect.poll(() => counts.getByRole('row', { name: 'Aller-vers 1' }).count()).toBe(1)
    await page.getByRole('button', { name: 'Annuler l’inscription : CARRÉ Lucie' }).click()
    await shows(page, 'Inscription de CARRÉ Lucie annulée.')
    await expect.poll(() => counts.getByRole('row', { name: 'Annulées 1' }).count()).toBe(1)
    await expect.poll(() => counts.getByRole('row', { name: 'Aller-vers 0' }).count()).toBe(1)
    await checkPage(page, '97-aides-campagne-remise')
    await page.context().close()
  })

  it('filters the distribution list, prints it with a column to sign, and closes the campaign', async () => {
    const page = await signedInPage('dir@villebelle.fr', directorSecret)
    await page.goto(campaignUrl)
    await page.getByRole('heading', { level: 1, name: 'Colis de fin d’année' }).waitFor()
    await shows(page, '3 inscriptions')
    await page.getByLabel('Statut', { exact: true }).selectOption({ label: 'Reçu' })
    await shows(page, '2 inscriptions')
    await page.getByLabel('Canal', { exact: true }).selectOption({ label: 'Ligne seniors' })
    await shows(page, '1 inscription')
    const list = page.getByRole('table', { name: 'Inscrits' })
    await expect.poll(() => list.getByRole('row').count()).toBe(2)
    await list.getByRole('cell', { name: 'BASTIEN Marc' }).waitFor()
    await checkPage(page, '97-aides-campagne-filtres')

    // The printed list and the CSV follow the filters.
    const pdf = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Imprimer la liste (PDF)' }).click(),
    )
    expect(pdf.name).toBe(`liste-distribution-${todayInFrance()}.pdf`)
    const text = (await new PDFParse({ data: new Uint8Array(pdf.content) }).getText()).text.replace(
      /[\s\u00a0\u202f]+/g,
      ' ',
    )
    expect(text).toContain('Liste de distribution — Colis de fin d’année')
    expect(text).toContain(
      `Distribution le 20/12/${year} — Seulement statut : Reçu, canal : Ligne seniors — 1 personne`,
    )
    expect(text).toContain('Nom Adresse Téléphone Canal Statut Signature')
    expect(text).toContain('BASTIEN Marc')
    expect(text).toContain('Reçu : livré à domicile le')
    expect(text).not.toContain('AUBRY')
    const csv = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Télécharger la liste (CSV)' }).click(),
    )
    const rows: Record<string, string>[] = parse(csv.content.toString('utf8'), {
      bom: true,
      columns: true,
      delimiter: ';',
    })
    expect(rows.map((r) => r.Nom)).toEqual(['BASTIEN Marc'])
    await page.getByLabel('Statut', { exact: true }).selectOption({ label: 'Tous' })
    await page.getByLabel('Canal', { exact: true }).selectOption({ label: 'Tous' })
    await shows(page, '3 inscriptions')

    // Closing asks first; once closed, no more registering nor changing.
    await page.getByRole('button', { name: 'Clore la campagne' }).click()
    await page.getByRole('button', { name: 'Ne pas clore' }).click()
    await page.getByRole('button', { name: 'Clore la campagne' }).click()
    await shows(page, /Clore la campagne met fin aux inscriptions, sans retour possible/)
    await checkPage(page, '97-aides-campagne-cloture')
    await page.getByRole('button', { name: 'Confirmer la clôture' }).click()
    await shows(page, 'Campagne close : plus d’inscription, la distribution continue.')
    expect(await page.getByRole('button', { name: 'Modifier la campagne' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Inscrire', exact: true }).count()).toBe(0)
    await page.goto(`${trame.baseUrl}/aides/campagnes`)
    await expect.poll(() => page.getByRole('row', { name: /Colis de fin d’année .* Close$/ }).count()).toBe(1)
    await page.context().close()
  })

  it('shows the aid statistics of a period, the FLAJ report, and downloads them', async () => {
    const page = await signedInPage('analyse@villebelle.fr')
    await page.getByRole('link', { name: 'Statistiques des aides' }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Statistiques des aides' }).waitFor()
    const total = page.getByRole('table').filter({ hasText: 'Ensemble de la période' })
    await expect.poll(() => total.getByRole('row', { name: 'Total 2 2 0 230,00 € 0,00 €' }).count()).toBe(1)
    const byAid = page.getByRole('table').filter({ hasText: 'Par aide' })
    await expect
      .poll(() => byAid.getByRole('row', { name: /^Impayé d’énergie 1 1 0 150,00 €/ }).count())
      .toBe(1)
    await shows(page, 'Rapport FLAJ')
    const flaj = page.getByRole('table').filter({ hasText: 'FLAJ par objet' })
    await expect.poll(() => flaj.getByRole('row', { name: 'FLAJ — transport 1 1 80,00 €' }).count()).toBe(1)
    await checkPage(page, '98-aides-statistiques')

    // A reversed period is refused in French, under its field.
    await page.getByLabel('Du').fill(`${year}-12-31`)
    await page.getByLabel('Au').fill(`${year}-01-01`)
    await page.getByRole('button', { name: 'Afficher la période' }).click()
    await shows(page, 'La date de début doit précéder la date de fin.')
    // Last year: nothing granted.
    await page.getByLabel('Du').fill(`${year - 1}-01-01`)
    await page.getByLabel('Au').fill(`${year - 1}-12-31`)
    await page.getByRole('button', { name: 'Afficher la période' }).click()
    await shows(page, `Du 01/01/${year - 1} au 31/12/${year - 1}`)
    await expect.poll(() => total.getByRole('row', { name: 'Total 0 0 0 0,00 € 0,00 €' }).count()).toBe(1)
    await page.getByLabel('Du').fill(`${year}-01-01`)
    await page.getByLabel('Au').fill(todayInFrance())
    await page.getByRole('button', { name: 'Afficher la période' }).click()
    await shows(page, `Du 01/01/${year} au`)

    const csv = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Télécharger en CSV' }).click(),
    )
    expect(csv.name).toBe(`statistiques-aides-${year}-01-01-${todayInFrance()}.csv`)
    const rows: string[][] = parse(csv.content.toString('utf8'), { bom: true, delimiter: ';' })
    expect(rows).toContainEqual(['FLAJ par objet', 'FLAJ — transport', '1', '1', '', '80,00 €', ''])

    const xlsx = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Télécharger en Excel (XLSX)' }).click(),
    )
    expect(xlsx.name).toBe(`statistiques-aides-${year}-01-01-${todayInFrance()}.xlsx`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.content as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Aides facultatives')!
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      'Total',
      `Du 01/01/${year} au ${todayInFrance().split('-').reverse().join('/')}`,
      2,
      2,
      0,
      230,
      0,
    ])
    await page.context().close()
  })
})
