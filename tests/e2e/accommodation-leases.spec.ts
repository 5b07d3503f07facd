import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertScriptedStays } from '../../scripts/demo/accommodation-statistics.ts'
import {
  createStay,
  createStructure,
} from '../../src/server/modules/accommodation/accommodation.test-factories.ts'
import { todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createBarePerson, createTeams, createUser } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe des baux'
const today = todayInFrance()
/** The first day of last month. */
const lastMonth = (() => {
  const [year, month] = today.split('-').map(Number) as [number, number]
  return month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`
})()

beforeAll(async () => {
  trame = await startTrameForE2e()
  browser = await launchChromium()
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle', 'Point solidarité centre')
  const [teamId] = await createTeams(trame, organisation, ['Logement accompagné'])
  await createUser(trame, organisation.id, {
    email: 'camille.logement@villebelle.fr',
    name: 'Camille Logement',
    password: PASSWORD,
    roles: ['social_worker'],
    teamIds: [teamId!],
  })
  const structure = await createStructure(trame.db, organisation.id, {
    kind: 'sliding_lease',
    name: 'Baux glissants',
    unitKind: 'dwelling',
    units: [['T2 rue des Lilas']],
  })
  await createStay(trame.db, organisation.id, {
    structureId: structure.id,
    personId: await createBarePerson(trame.db, organisation.id, {
      lastName: 'Durand',
      firstNames: 'Karim',
      teamId: teamId!,
    }),
    placeId: structure.placeIds[0]!,
    startedOn: lastMonth,
  })
  await insertScriptedStays(trame.db, organisation.id, (key) =>
    createBarePerson(trame.db, organisation.id, { lastName: `Hébergé ${key}`, teamId: teamId! }),
  )
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await trame?.close()
})

async function signedInPage(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email: 'camille.logement@villebelle.fr', password: PASSWORD })
  return page
}

describe('leases and statistics of accommodation', () => {
  it('takes a lease, sublets it, records a payment, sees the arrears, slides the lease', async () => {
    const page = await signedInPage()
    await page.goto(`${trame.baseUrl}/hebergement/baux`)
    await page.getByRole('heading', { name: 'Baux et sous-locations', level: 1 }).waitFor()
    await checkPage(page, 'acc-leases-01-list')
    await page.getByLabel('Logement', { exact: true }).selectOption({ label: 'Baux glissants – Unité 1' })
    await page.getByLabel('Nom du bailleur').fill('Villebelle Habitat')
    await page.getByLabel('Début du bail').fill(lastMonth)
    await page.getByLabel('Loyer mensuel (€)').fill('420')
    await page.getByLabel('Charges mensuelles (€)').fill('60')
    await page.getByRole('button', { name: 'Enregistrer le bail' }).click()
    await page.getByRole('heading', { name: 'Bail – Baux glissants – Unité 1' }).waitFor()

    await page.getByLabel('Occupant (séjour en cours)').selectOption({ index: 1 })
    await page.getByLabel('Début de la sous-location').fill(lastMonth)
    await page.getByLabel('Part de loyer (€ par mois)').fill('400')
    await page.getByLabel('Charges (€ par mois)').fill('50')
    await page.getByLabel('Aide au logement (€ par mois)').fill('150')
    await page.getByRole('button', { name: 'Enregistrer la sous-location' }).click()
    await page.getByRole('heading', { name: /Sous-location à DURAND Karim/ }).waitFor()
    // Last month and this one, 300 € each.
    await page.getByText('Impayés : 600,00 €').first().waitFor()

    await page.getByLabel('Montant payé (€)').fill('400')
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click()
    await page
      .getByText(/dépasse ce qui reste dû pour ce mois \(300,00\s€\)/)
      .first()
      .waitFor()
    await page.getByLabel('Montant payé (€)').fill('300')
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click()
    await page.getByText('Paiement enregistré.').waitFor()
    await page.getByText('Impayés : 300,00 €').first().waitFor()
    await checkPage(page, 'acc-leases-02-rents')

    await page.getByLabel('Date du glissement').fill(today)
    await page.getByRole('button', { name: 'Faire glisser le bail' }).click()
    await page.getByText(/bail glissé à l’occupant le/).waitFor()
    expect(await page.getByRole('button', { name: 'Faire glisser le bail' }).count()).toBe(0)
    await checkPage(page, 'acc-leases-03-slid')
    const stay = await trame.db
      .selectFrom('accommodation_stays')
      .select('exit_destination')
      .where('ended_on', 'is not', null)
      .where('exit_destination', '=', 'lease_slid')
      .execute()
    expect(stay).toHaveLength(1)

    await page.goto(`${trame.baseUrl}/hebergement/baux`)
    await page.getByRole('cell', { name: '300,00 €' }).first().waitFor()
    await page.context().close()
  }, 180_000)

  it('reads the seed’s 2017 figures and downloads them as CSV and XLSX', async () => {
    const page = await signedInPage()
    await page.goto(`${trame.baseUrl}/hebergement/statistiques`)
    await page.getByRole('heading', { name: 'Statistiques de l’hébergement', level: 1 }).waitFor()
    await page.getByLabel('Du', { exact: true }).fill('2017-12-31')
    await page.getByLabel('Au', { exact: true }).fill('2017-01-01')
    await page.getByRole('button', { name: 'Afficher' }).click()
    await page.getByText('La date de début doit précéder la date de fin.').first().waitFor()
    await page.getByLabel('Du', { exact: true }).fill('2017-01-01')
    await page.getByLabel('Au', { exact: true }).fill('2017-12-31')
    await page.getByRole('button', { name: 'Afficher' }).click()
    await page.getByRole('heading', { name: 'Du 01/01/2017 au 31/12/2017' }).waitFor()
    const lhss = page.getByRole('row', { name: /^Lits halte soins santé \(LHSS\)/ })
    await expect.poll(() => lhss.first().innerText()).toMatch(/7\s+6\s+5\s+2\s+6\s+68\s+60/)
    await expect
      .poll(() =>
        page
          .getByRole('row', { name: /^CHRS – hébergement d’urgence/ })
          .first()
          .innerText(),
      )
      .toMatch(/^CHRS – hébergement d’urgence\s+211/)
    await page.getByLabel('Type de structure').selectOption('chrs_reintegration')
    await page.getByRole('button', { name: 'Afficher' }).click()
    await expect
      .poll(() =>
        page
          .getByRole('row', { name: /^Total/ })
          .first()
          .innerText(),
      )
      .toMatch(/^Total\s+49/)
    await checkPage(page, 'acc-stats-01-year')

    const csv = await downloadByClicking(page, () => page.getByRole('link', { name: /CSV/ }).click())
    expect(csv.name).toBe('statistiques-hebergement-2017-01-01-2017-12-31.csv')
    expect(csv.content.toString('utf8')).toMatch(/Total;Du 01\/01\/2017 au 31\/12\/2017;49;/)
    const xlsx = await downloadByClicking(page, () => page.getByRole('link', { name: /XLSX/ }).click())
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.content as unknown as ArrayBuffer)
    expect(workbook.getWorksheet('Hébergement')!.getRow(2).getCell(3).value).toBe(49)
    await page.context().close()
  }, 120_000)
})
