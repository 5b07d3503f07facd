import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type DomifaLine,
  domifaWorkbook,
  generatedLine,
} from '../../src/server/modules/domiciliation/domiciliation.import.test-files.ts'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { todayInFrance } from '../../src/shared/dates.ts'
import { domiciliationEnd } from '../../src/shared/domiciliation-workflow.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
let page: Page
const PASSWORD = 'mot de passe de la directrice'
const directorSecret = newTotpSecret()
/** The year the file's periods begin, reported on below (its 31 December is past). */
const lastYear = Number(todayInFrance().slice(0, 4)) - 1
const french = (iso: string) => iso.split('-').reverse().join('/')

/** Three lines of a DomiFa export: a first request with a child, a renewal of a known person, a refusal. */
const lines = (lucBirthDate: string): DomifaLine[] => [
  {
    customId: 'DF-101',
    civility: 'F',
    lastName: 'Rivière',
    firstNames: 'Élodie',
    birthDate: '29/02/1984',
    status: 'VALIDE',
    kind: 'PREMIERE',
    startOn: `01/03/${lastYear}`,
    linkWithCommune: 'Résidence sur la commune',
    beneficiaries: [['Rivière', 'Tom', '12/05/2015', 'ENFANT']],
  },
  {
    customId: 'DF-102',
    civility: 'H',
    lastName: 'Martin',
    firstNames: 'Paul',
    birthDate: '03/07/1970',
    status: 'VALIDE',
    kind: 'RENOUVELLEMENT',
    startOn: `10/01/${lastYear}`,
  },
  {
    customId: 'DF-103',
    civility: 'H',
    lastName: 'Bernard',
    firstNames: 'Luc',
    birthDate: lucBirthDate,
    status: 'REFUS',
    refusalMotif: 'SATURATION',
    kind: 'PREMIERE',
    startOn: `15/06/${lastYear}`,
  },
]

/** A CCAS with its director, and Paul Martin who already has a file (the import finds him). */
async function seed() {
  const organisation = await createBareOrganisation(trame, 'CCAS de Saint-Aubin')
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  await createUser(trame, organisation.id, {
    email: 'directrice@saint-aubin.fr',
    name: 'Inès Directrice',
    password: PASSWORD,
    roles: ['director'],
    totp: directorSecret,
    teamIds: [teamId!],
  })
  await trame.db
    .insertInto('people')
    .values({
      organisation_id: organisation.id,
      file_number: '000001',
      last_name: 'Martin',
      first_names: 'Paul',
      birth_date: '1970-07-03',
      team_id: teamId!,
    })
    .execute()
  // The next file number, as the people module would have taken it.
  await trame.db
    .updateTable('organisations')
    .set({ person_seq: 1 })
    .where('id', '=', organisation.id)
    .execute()
}

beforeAll(async () => {
  trame = await startTrameForE2e()
  browser = await launchChromium()
  await seed()
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  })
  page = await context.newPage()
  await signIn(page, trame.baseUrl, {
    email: 'directrice@saint-aubin.fr',
    password: PASSWORD,
    totpSecret: directorSecret,
  })
})
afterAll(async () => {
  await browser?.close()
  await trame?.close()
})

/** Opens a page of the Domiciliation menu, as the director would. */
async function openFromMenu(label: string) {
  const menu = page.locator('#entete-main-navigation')
  await menu.getByRole('button', { name: 'Domiciliation', exact: true }).click()
  await menu.getByRole('link', { name: label, exact: true }).click()
}

async function uploadFile(name: string, content: Buffer) {
  await page.getByLabel('Fichier DomiFa (.xlsx)').setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: content,
  })
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click()
}

describe('bringing people over from DomiFa', () => {
  it('keeps the director’s menu within the window at 1280 px, each entry on one line', async () => {
    const items = page.locator('#entete-main-navigation .fr-nav__item')
    await items.first().waitFor()
    const boxes = await items.evaluateAll((nodes) =>
      nodes.map((n) => ({ text: n.textContent, ...n.getBoundingClientRect().toJSON() })),
    )
    // Each entry on one line of text (the same height), none past the window. One row today; a role
    // given more modules later gets a second row rather than a page wider than the screen.
    expect(new Set(boxes.map((b) => b.height)).size, JSON.stringify(boxes)).toBe(1)
    expect(Math.max(...boxes.map((b) => b.right))).toBeLessThanOrEqual(1280)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280)
    await checkPage(page, '140-domifa-menu-directrice')
  })

  it('shows the faulty cell in French, then imports the fixed file', async () => {
    await openFromMenu('Importer depuis DomiFa')
    await page.getByRole('heading', { level: 1, name: 'Importer depuis DomiFa' }).waitFor()
    await checkPage(page, '141-domifa-import')

    // Nothing chosen: said next to the field.
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click()
    await page.getByText('Choisissez un fichier.').waitFor()

    // A birth date that does not exist: the line, the column, the value and the problem.
    await uploadFile('domifa.xlsx', await domifaWorkbook(lines('31/02/1990')))
    await page.getByRole('heading', { name: 'Fichier à corriger — domifa.xlsx' }).waitFor()
    await page.getByText('1 cellule est à corriger : rien n’a été importé.', { exact: false }).waitFor()
    const errors = page.getByRole('table', { name: 'Cellules à corriger' })
    const cells = await errors.locator('tbody tr').first().locator('td').allTextContents()
    expect(cells).toEqual([
      '4',
      'Date de naissance',
      '31/02/1990',
      'Date illisible : attendue au format JJ/MM/AAAA.',
    ])
    await checkPage(page, '142-domifa-erreurs')
    expect(await trame.db.selectFrom('domiciliations').select('id').execute()).toEqual([])

    // Fixed: the preview says what the import will do, and nothing is written yet.
    await uploadFile('domifa-corrige.xlsx', await domifaWorkbook(lines('28/02/1990')))
    await page.getByRole('heading', { name: 'Prêt à importer — domifa-corrige.xlsx' }).waitFor()
    await page.getByText('3 lignes lues').waitFor()
    await page.getByText('2 personnes à créer').waitFor()
    await page.getByText('1 personne déjà dans Trame (son dossier est réutilisé)').waitFor()
    await checkPage(page, '143-domifa-apercu')

    await page.getByRole('button', { name: 'Lancer l’import' }).click()
    await page.getByRole('heading', { name: 'Import terminé — domifa-corrige.xlsx' }).waitFor()
    await page.getByText('3 dossiers créés (personnes et ayants droit)').waitFor()
    await page.getByText('1 dossier existant réutilisé').waitFor()
    await page.getByText('0 ligne ignorée (déjà importée)').waitFor()
    await checkPage(page, '144-domifa-termine')
    // The previous imports, the faulty one among them.
    const past = page.getByRole('table', { name: /Imports DomiFa de l’organisation/ })
    await expect.poll(() => past.locator('tbody tr').count()).toBe(2)
    await past.getByText('Fichier à corriger').waitFor()

    // The people are in Trame: Élodie Rivière's file shows her domiciliation and her child.
    await page.getByRole('link', { name: 'Voir les personnes' }).click()
    await page.getByLabel('Rechercher une personne').fill('riviere elodie')
    await page
      .getByRole('link', { name: /RIVIÈRE Élodie/ })
      .first()
      .click()
    await page.getByRole('heading', { level: 1, name: /RIVIÈRE Élodie/ }).waitFor()
    const section = page.locator('section[aria-labelledby="section-domiciliation"]')
    const start = `${lastYear}-03-01`
    await section.getByText(`Valable du ${french(start)} au ${french(domiciliationEnd(start))}`).waitFor()
    await section.getByText(/Ayants droit : .*Tom/).waitFor()
    await section.getByText('Accordée').first().waitFor()
  })

  it('exports the domiciled people as CSV and Excel', async () => {
    await openFromMenu('Importer depuis DomiFa')
    await page.getByLabel('Domiciliations à exporter').selectOption({ label: 'Accordée' })

    const csv = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Exporter en CSV' }).click(),
    )
    expect(csv.name).toMatch(/^domicilies-granted-\d{4}-\d{2}-\d{2}\.csv$/)
    const rows: Record<string, string>[] = parse(csv.content.toString('utf8'), {
      bom: true,
      columns: true,
      delimiter: ';',
    })
    expect(
      rows.map((r) => [r['Identifiant personnalisé'], r.Nom, r.Prénom, r.Statut, r['Date de début']]).sort(),
    ).toEqual([
      ['DF-101', 'Rivière', 'Élodie', 'VALIDE', `01/03/${lastYear}`],
      ['DF-102', 'Martin', 'Paul', 'VALIDE', `10/01/${lastYear}`],
    ])
    expect(rows.find((r) => r.Nom === 'Rivière')!['Ayant droit 1 : prénom']).toBe('Tom')

    const xlsx = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Exporter en Excel (XLSX)' }).click(),
    )
    expect(xlsx.name).toMatch(/\.xlsx$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.content as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1, 5)
    expect(values(1)).toEqual(['Identifiant personnalisé', 'Civilité', 'Nom', 'Prénom'])
    expect([values(2), values(3)].map((v) => v.join(' ')).sort()).toEqual([
      'DF-101 F Rivière Élodie',
      // Paul Martin's file was Trame's own: reused as it is (no sex given there).
      'DF-102  Martin Paul',
    ])
  })

  it('shows the yearly report of the year chosen, and downloads it', async () => {
    await openFromMenu('Rapport annuel de domiciliation')
    await page.getByRole('heading', { level: 1, name: 'Rapport annuel de domiciliation' }).waitFor()
    await page.getByLabel('Année').selectOption(String(lastYear))
    const main = page.getByRole('table', { name: `Domiciliations en ${lastYear}` })
    const figure = (label: string) =>
      main.getByRole('row').filter({ hasText: label }).locator('td').last().textContent()
    await expect.poll(() => figure(`Personnes domiciliées au 31 décembre ${lastYear}`)).toBe('2')
    expect(await figure('Ayants droit couverts au 31 décembre')).toBe('1')
    expect(await figure('Premières domiciliations accordées')).toBe('1')
    expect(await figure('Renouvellements accordés')).toBe('1')
    const refusals = page.getByRole('table', { name: 'Refus par motif' })
    expect(
      await refusals
        .getByRole('row')
        .filter({ hasText: 'Saturation du service' })
        .locator('td')
        .last()
        .textContent(),
    ).toBe('1')
    await checkPage(page, '145-domiciliation-rapport-annuel')

    const file = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Télécharger en CSV' }).click(),
    )
    expect(file.name).toBe(`rapport-domiciliation-${lastYear}.csv`)
    const lines: string[][] = parse(file.content.toString('utf8'), { bom: true, delimiter: ';' })
    expect(lines).toContainEqual(['Domiciliations', 'Personnes domiciliées au 31 décembre', '2'])
  })

  it('follows a bigger import batch by batch until it is done', async () => {
    await openFromMenu('Importer depuis DomiFa')
    const file = await domifaWorkbook(Array.from({ length: 1200 }, (_, i) => generatedLine(i)))
    await uploadFile('domifa-1200.xlsx', file)
    await page
      .getByRole('heading', { name: 'Prêt à importer — domifa-1200.xlsx' })
      .waitFor({ timeout: 60_000 })
    await page.getByRole('button', { name: 'Lancer l’import' }).click()
    // Batches of 500 lines: the screen reads the progress as they are written.
    await page.getByText(/^(500|1\s000) lignes importées sur 1\s200$/).waitFor()
    await checkPage(page, '146-domifa-progression')
    await page
      .getByRole('heading', { name: 'Import terminé — domifa-1200.xlsx' })
      .waitFor({ timeout: 120_000 })
    await page.getByText(/1\s200 lignes traitées/).waitFor()
  }, 240_000)
})

describe('after the import, in the person’s file', () => {
  it('radiates an imported domiciliation, its motif asked first', async () => {
    await page.goto(`${trame.baseUrl}/personnes`)
    await page.getByLabel('Rechercher une personne').fill('riviere elodie')
    await page
      .getByRole('link', { name: /RIVIÈRE Élodie/ })
      .first()
      .click()
    const section = page.locator('section[aria-labelledby="section-domiciliation"]')
    await section.getByRole('button', { name: 'Radier', exact: true }).click()
    await section.getByRole('button', { name: 'Radier la domiciliation' }).click()
    await section.getByText('Choisissez le motif de la radiation.').waitFor()
    await section.getByLabel('Motif de la radiation').selectOption({ label: 'Accès à un logement' })
    await section.getByRole('button', { name: 'Radier la domiciliation' }).click()
    await section.getByText(/Radiée le .* : Accès à un logement/).waitFor()
    await checkPage(page, '147-domiciliation-radiee')
  })
})
