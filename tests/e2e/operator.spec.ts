import { strFromU8, unzipSync } from 'fflate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OperatorRepository } from '../../src/server/modules/operator/operator.repository.ts'
import { createOperatorAccount } from '../../src/server/modules/operator/operator.service.ts'
import { totpCode } from '../../src/server/platform/totp.ts'
import { createBarePerson } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, startTrameForE2e, waitForEmail } from './harness.ts'

// The hosted service's operator: signs in on /exploitation, creates an organisation whose administrator
// signs up from the e-mailed link, suspends and reactivates it, exports it, and imports the export into
// a second Trame.

let here: Awaited<ReturnType<typeof startTrameForE2e>>
let elsewhere: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const OPERATOR = { email: 'exploitation@hebergeur.test', password: 'mot de passe de l’exploitant' }
const ADMIN = { email: 'claire@villeneuve.test', password: 'mot de passe de Claire' }
const secrets = new Map<string, string>()
const usedSteps = new Map<string, number>()

beforeAll(async () => {
  here = await startTrameForE2e()
  elsewhere = await startTrameForE2e()
  browser = await launchChromium()
  for (const trame of [here, elsewhere]) {
    const account = await createOperatorAccount(new OperatorRepository(trame.db), {
      ...OPERATOR,
      name: 'Opé Ration',
    })
    secrets.set(trame.baseUrl, account.totp.secret)
  }
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await here?.close()
  await elsewhere?.close()
})

async function newPage() {
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true,
  })
  return context.newPage()
}

async function code(secret: string) {
  const step = () => Math.floor(Date.now() / 30_000)
  while (usedSteps.get(secret) === step()) await new Promise((resolve) => setTimeout(resolve, 500))
  usedSteps.set(secret, step())
  return totpCode(secret)
}

async function operatorSignIn(page: Page, baseUrl: string, name: string) {
  await page.goto(`${baseUrl}/exploitation`)
  await page.getByRole('button', { name: 'Se connecter' }).waitFor()
  await checkPage(page, `${name}-connexion`)
  await page.getByLabel('Adresse e-mail').fill(OPERATOR.email)
  await page.getByLabel('Mot de passe').fill('pas le bon')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.getByText('Adresse e-mail ou mot de passe incorrect.').waitFor()
  await page.getByLabel('Mot de passe').fill(OPERATOR.password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.getByLabel('Code de vérification').waitFor()
  await checkPage(page, `${name}-code`)
  await page.getByLabel('Code de vérification').fill(await code(secrets.get(baseUrl)!))
  await page.getByRole('button', { name: 'Valider' }).click()
  await page.getByRole('heading', { name: 'Organisations hébergées' }).waitFor()
}

describe('the operator’s journey', () => {
  let zip: Buffer
  let organisationId: string

  it('creates an organisation; its administrator signs up from the e-mail; suspends and reactivates it', async () => {
    const page = await newPage()
    await operatorSignIn(page, here.baseUrl, 'exploitation-01')
    await checkPage(page, 'exploitation-02-vide')

    await page.getByLabel('Nom de l’organisation').fill('CCAS de Villeneuve')
    await page.getByLabel('Premier site').fill('Mairie')
    await page.getByLabel('Nom de l’administrateur').fill('Claire Directrice')
    await page.getByLabel('Adresse e-mail de l’administrateur').fill(ADMIN.email)
    await page.getByRole('button', { name: 'Créer l’organisation' }).click()
    await page
      .getByText(`« CCAS de Villeneuve » est créée : l’invitation est envoyée à ${ADMIN.email}.`)
      .waitFor()
    await page.getByRole('rowheader', { name: 'CCAS de Villeneuve' }).waitFor()
    await checkPage(page, 'exploitation-03-creee')

    // The administrator follows the link in a browser of their own.
    const link = await waitForEmail(here.mailbox, ADMIN.email)
    const admin = await newPage()
    await admin.goto(link)
    await admin.getByRole('heading', { name: 'Activer votre compte' }).waitFor()
    await admin.getByText('CCAS de Villeneuve').first().waitFor()
    await checkPage(admin, 'exploitation-04-invitation')
    await admin.getByLabel('Votre nom').fill('Claire Directrice')
    await admin.getByLabel(/^Mot de passe/).fill(ADMIN.password)
    await admin.getByLabel('Confirmer le mot de passe').fill(ADMIN.password)
    await admin.getByRole('button', { name: 'Activer mon compte' }).click()
    await admin.waitForURL('**/double-authentification')
    const secret = (await admin.getByTestId('totp-secret').textContent())!
    await admin.getByLabel('Code de vérification').fill(await code(secret))
    await admin.getByRole('button', { name: 'Valider' }).click()
    await admin.waitForURL((url) => url.pathname === '/')
    await expect.poll(() => admin.locator('header').textContent()).toContain('CCAS de Villeneuve')

    const organisation = await here.db
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', 'CCAS de Villeneuve')
      .executeTakeFirstOrThrow()
    organisationId = organisation.id
    await createBarePerson(here.db, organisationId, { lastName: 'Lefèvre', firstNames: 'Anne' })

    // The list shows the administrator as an active account, by count only.
    await page.reload()
    const row = page.getByRole('row', { name: /CCAS de Villeneuve/ })
    await expect.poll(() => row.locator('td').nth(2).textContent()).toBe('1')
    expect(await page.locator('main').textContent()).not.toContain('Lefèvre')

    await page.getByRole('button', { name: 'Suspendre « CCAS de Villeneuve »' }).click()
    await page
      .getByText('« CCAS de Villeneuve » est suspendue : ses comptes ne se connectent plus.')
      .waitFor()
    await checkPage(page, 'exploitation-05-suspendue')
    await admin.reload()
    await admin
      .getByText(/L’accès à Trame est suspendu pour votre organisation/)
      .first()
      .waitFor()
    await checkPage(admin, 'exploitation-06-organisation-suspendue')

    await page.getByRole('button', { name: 'Réactiver « CCAS de Villeneuve »' }).click()
    await page.getByText('« CCAS de Villeneuve » est réactivée.').waitFor()
    await admin.reload()
    await expect.poll(() => admin.locator('header').textContent()).toContain('CCAS de Villeneuve')

    const exported = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Exporter « CCAS de Villeneuve »' }).click(),
    )
    expect(exported.name).toBe('ccas-de-villeneuve-export-trame.zip')
    zip = exported.content
    const manifest = JSON.parse(strFromU8(unzipSync(new Uint8Array(zip))['manifest.json']!))
    expect(manifest).toMatchObject({
      format: 'trame-organisation-export',
      organisation: { id: organisationId },
    })
    expect(manifest.tables.people.rows).toBe(1)
    expect(manifest.tables.users.rows).toBe(1)
    await page.context().close()
    await admin.context().close()
  }, 240_000)

  it('imports the export into another Trame, where the administrator signs in; a second import is refused', async () => {
    const page = await newPage()
    await operatorSignIn(page, elsewhere.baseUrl, 'exploitation-07-ailleurs')
    const file = { name: 'ccas-de-villeneuve-export-trame.zip', mimeType: 'application/zip', buffer: zip }
    await page.getByLabel(/Fichier de l’export/).setInputFiles(file)
    await page.getByRole('button', { name: 'Importer' }).click()
    await page.getByText(/« CCAS de Villeneuve » est importée : \d+ lignes, 0 document\(s\)\./).waitFor()
    await page.getByRole('rowheader', { name: 'CCAS de Villeneuve' }).waitFor()
    await checkPage(page, 'exploitation-08-importee')

    await page.getByLabel(/Fichier de l’export/).setInputFiles(file)
    await page.getByRole('button', { name: 'Importer' }).click()
    await page
      .getByText('Cette organisation existe déjà dans ce Trame : l’import ne remplace rien.')
      .waitFor()
    await checkPage(page, 'exploitation-09-import-refuse')

    const person = await elsewhere.db
      .selectFrom('people')
      .select(['last_name', 'organisation_id'])
      .executeTakeFirstOrThrow()
    expect(person).toEqual({ last_name: 'Lefèvre', organisation_id: organisationId })
    await page.context().close()
  }, 180_000)
})
