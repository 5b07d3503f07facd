import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe des partenaires'

/** Open Referral's own full example, with names a CCAS would read (the structure is untouched). */
function dataset() {
  const organisation = JSON.parse(readFileSync('tests/fixtures/hsds/json/organization_full.json', 'utf8'))
  organisation.name = 'Association Le Relais de Villebelle'
  organisation.services[0].name = 'Distribution alimentaire du Relais'
  return Buffer.from(JSON.stringify(organisation))
}

beforeAll(async () => {
  trame = await startTrameForE2e()
  browser = await launchChromium()
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle', 'Point solidarité centre')
  const [teamId] = (await createTeams(trame, organisation, ['Accueil social'])) as [string]
  await createUser(trame, organisation.id, {
    email: 'ts@villebelle.fr',
    name: 'Sam Travailleur',
    password: PASSWORD,
    roles: ['social_worker'],
    teamIds: [teamId],
  })
})
afterAll(async () => {
  await browser?.close()
  await trame?.close()
})

async function signedInPage(email: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD })
  return page
}

describe('HSDS 3 datasets and agreements in a browser', () => {
  it('imports a dataset after its preview, exports the directory, and records an agreement with the partner', async () => {
    const page = await signedInPage('ts@villebelle.fr')
    await page.goto(`${trame.baseUrl}/partenaires`)
    await page.getByRole('link', { name: /Jeux de données HSDS 3/ }).click()
    await page.getByRole('heading', { level: 1, name: 'Jeux de données HSDS (Open Referral)' }).waitFor()

    // No file: said in French. A file that breaks the schema: its errors listed, nothing to confirm.
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click()
    await page.getByText('Choisissez le fichier du jeu de données (.zip ou .json).').waitFor()
    const upload = page.getByLabel('Jeu de données HSDS 3 (Open Referral)')
    await upload.setInputFiles({
      name: 'casse.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ id: 'pas-un-identifiant', services: 'aucun' })),
    })
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click()
    await page.getByText(/Le jeu de données contient \d+ erreur/).waitFor()
    expect(await page.getByRole('button', { name: 'Confirmer l’import' }).count()).toBe(0)
    await checkPage(page, '120-hsds-refused')

    // Open Referral's example: the preview says what would be added, then the import does it.
    await upload.setInputFiles({ name: 'relais.json', mimeType: 'application/json', buffer: dataset() })
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click()
    await page.getByText(/Jeu de données valide\. Partenaires : 1 ajouté/).waitFor()
    await page.getByRole('cell', { name: 'Distribution alimentaire du Relais' }).first().waitFor()
    await checkPage(page, '121-hsds-preview')
    await page.getByRole('button', { name: 'Confirmer l’import' }).click()
    await page.getByText(/Import terminé : 1 partenaire\(s\)/).waitFor()

    // The categories' mapping: the dataset's terms each get a Trame category.
    const mapping = page.getByRole('region', { name: 'Correspondance des catégories' })
    const firstTerm = mapping.getByRole('combobox').first()
    if ((await firstTerm.count()) > 0) {
      await firstTerm.selectOption({ index: 1 })
      await mapping.getByRole('button', { name: 'Enregistrer la correspondance' }).click()
      await page.getByText('Correspondance enregistrée', { exact: false }).waitFor()
    }
    await checkPage(page, '122-hsds-imported')

    // The directory goes out in the same format: the package and the JSON name the imported partner.
    const zip = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Paquet de données HSDS (.zip)' }).click(),
    )
    const files = unzipSync(new Uint8Array(zip.content))
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['datapackage.json', 'organizations.csv']))
    expect(strFromU8(files['organizations.csv']!)).toContain('Association Le Relais de Villebelle')
    const json = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'HSDS JSON (.json)' }).click(),
    )
    expect(json.content.toString('utf8')).toContain('Distribution alimentaire du Relais')

    // On the partner's own section of the directory: an agreement, then its correction.
    await page.goto(`${trame.baseUrl}/partenaires`)
    await page
      .getByRole('button', { name: 'Ajouter une convention avec Association Le Relais de Villebelle' })
      .click()
    const form = page.getByRole('form', {
      name: 'Ajouter une convention avec Association Le Relais de Villebelle',
    })
    await form.getByLabel('Objet').fill('Convention d’aide alimentaire')
    await form.getByLabel('Début', { exact: true }).fill('2026-01-01')
    await form.getByLabel('Fin', { exact: true }).fill('2026-12-31')
    await checkPage(page, '123-partner-agreement-form')
    await form.getByRole('button', { name: 'Enregistrer la convention' }).click()
    await page.getByText('Convention enregistrée.').waitFor()
    await page.getByText('Convention d’aide alimentaire', { exact: false }).first().waitFor()
    await page.getByRole('button', { name: 'Modifier la convention Convention d’aide alimentaire' }).click()
    const edit = page.getByRole('form', { name: 'Modifier la convention « Convention d’aide alimentaire »' })
    await edit.getByLabel('Objet').fill('Convention d’aide alimentaire 2026')
    await edit.getByRole('button', { name: 'Enregistrer la convention' }).click()
    await page.getByText('Convention enregistrée.').waitFor()
    await page.getByText('Convention d’aide alimentaire 2026', { exact: false }).first().waitFor()
    await checkPage(page, '124-partner-agreements')
  }, 180_000)
})
