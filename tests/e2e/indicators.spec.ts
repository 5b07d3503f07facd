import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe des indicateurs'
const year = todayInFrance().slice(0, 4)

/**
 * A CCAS whose desk counted its passages of March: 12 at the social desk, 3 at the confidential
 * PAEJ (a small cell, under no name for the analyst), and its analyst (an elected official).
 */
async function seed() {
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle', 'Point solidarité centre')
  const [socialDesk, paej] = (await createTeams(trame, organisation, [
    'Accueil social',
    { name: 'PAEJ', confidential: true },
  ])) as [string, string]
  await trame.db
    .insertInto('contact_counts_monthly')
    .values(
      [
        [socialDesk, 12],
        [paej, 3],
      ].map(([teamId, contacts]) => ({
        organisation_id: organisation.id,
        day: `${year}-03-01`,
        site_id: organisation.siteId,
        team_id: teamId as string,
        channel: 'walk_in',
        reason_id: null,
        shard: 0,
        contacts: contacts as number,
      })),
    )
    .execute()
  await createUser(trame, organisation.id, {
    email: 'elue@villebelle.fr',
    name: 'Élise Élue',
    password: PASSWORD,
    roles: ['analyst'],
  })
}

beforeAll(async () => {
  trame = await startTrameForE2e()
  browser = await launchChromium()
  await seed()
  // A new PGlite folder is slow to open while other engineers' runs share the machine.
}, 300_000)
afterAll(async () => {
  await browser?.close()
  await trame?.close()
})

async function analystPage(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email: 'elue@villebelle.fr', password: PASSWORD })
  return page
}

describe('an analyst builds a dashboard', () => {
  it('chooses an indicator, reads its chart and table, keeps it, exports it as XLSX', async () => {
    const page = await analystPage()
    const menu = page.getByRole('navigation', { name: 'Menu principal' })
    await menu.getByRole('button', { name: 'Indicateurs' }).click()
    await menu.getByRole('link', { name: 'Catalogue des indicateurs' }).click()
    await page.getByRole('heading', { name: 'Catalogue des indicateurs' }).waitFor()
    await page.getByRole('button', { name: 'Passages par équipe' }).click()
    const table = page.getByRole('table', { name: /Passages par équipe/ })
    await table.waitFor()
    await expect
      .poll(() => table.getByRole('row').allInnerTexts())
      .toEqual(['Équipe\tNombre', 'Accueil social\t12', 'Équipe confidentielle\t< 5', 'Total\t15'])
    // The chart is drawn beside the table (recharts, loaded when first needed).
    await page.locator('.recharts-surface').first().waitFor()
    await checkPage(page, 'indicators-01-catalogue')

    await page.getByRole('button', { name: 'Ajouter à mon tableau de bord' }).click()
    await page.getByRole('status').getByText('Indicateur ajouté à votre tableau de bord.').waitFor()
    await page.getByRole('link', { name: 'Voir mon tableau de bord' }).click()
    await page.getByRole('heading', { name: 'Mon tableau de bord' }).waitFor()
    const kept = page.getByRole('table', { name: /Passages par équipe/ })
    await expect.poll(() => kept.getByRole('row').allInnerTexts()).toContain('Équipe confidentielle\t< 5')
    await page.locator('.recharts-surface').first().waitFor()
    await checkPage(page, 'indicators-02-dashboard')
    expect(await page.content()).not.toContain('PAEJ')

    const file = await downloadByClicking(page, () =>
      page.getByRole('link', { name: /Excel \(XLSX\)/ }).click(),
    )
    expect(file.name).toMatch(/^indicateur-frontdesk-passages-by-team-.*\.xlsx$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(file.content as unknown as ArrayBuffer)
    const rows: unknown[][] = []
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    expect(rows[0]).toEqual(['Passages par équipe'])
    expect(rows.slice(-4)).toEqual([
      ['Équipe', 'Nombre'],
      ['Accueil social', 12],
      ['Équipe confidentielle', '< 5'],
      ['Total', 15],
    ])

    // Taking it off the dashboard leaves it empty again.
    await page.getByRole('button', { name: /Retirer/ }).click()
    await page.getByText('Votre tableau de bord est vide').waitFor()
    await page.context().close()
  }, 180_000)
})
