import { writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createUser } from '../support/factories.ts'
import { SAMPLE_FILES } from '../support/multipart.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
let personId: string
let folder: string
let adminSecret = ''
const PASSWORD = 'mot de passe de la travailleuse sociale'

/** A CCAS with a social worker, an administrator and one person's file. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle')
  // The file number typed below is the organisation's first.
  await db.updateTable('organisations').set({ person_seq: 1 }).where('id', '=', organisation.id).execute()
  await createUser(trame, organisation.id, {
    roles: ['social_worker'],
    email: 'sam.social@villebelle.fr',
    name: 'Sam Social',
    password: PASSWORD,
  })
  adminSecret = (
    await createUser(trame, organisation.id, {
      roles: ['administrator'],
      email: 'ada.admin@villebelle.fr',
      name: 'Ada Admin',
      password: PASSWORD,
      totp: true,
    })
  ).totpSecret!
  personId = (
    await db
      .insertInto('people')
      .values({
        organisation_id: organisation.id,
        file_number: '000001',
        last_name: 'Dupont',
        first_names: 'Hélène',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
}

beforeAll(async () => {
  trame = await startTrameForE2e()
  browser = await launchChromium()
  await seed()
  // The files the agent picks from the computer.
  folder = await mkdtemp(path.join(tmpdir(), 'trame-e2e-upload-'))
  writeFileSync(path.join(folder, 'carte-identite.pdf'), SAMPLE_FILES.pdf)
  writeFileSync(path.join(folder, 'facture.pdf'), SAMPLE_FILES.text)
})
afterAll(async () => {
  await browser?.close()
  await trame?.close()
})

async function personPage(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email: 'sam.social@villebelle.fr', password: PASSWORD })
  await page.goto(`${trame.baseUrl}/personnes/${personId}`)
  await page.getByRole('heading', { level: 2, name: 'Documents' }).waitFor()
  return page
}

/** An identity card expiring in three weeks. */
const expiresOn = addDays(todayInFrance(), 21)

describe('a person’s documents in a browser', () => {
  it('files a PDF on the person’s page and downloads the very same bytes', async () => {
    const page = await personPage()
    await page.getByText('Aucun document déposé pour cette personne.').waitFor()
    await page.getByLabel('Type de document').selectOption({ label: 'Pièce d’identité' })
    await page.getByLabel('Date d’expiration (facultatif)').fill(expiresOn)
    await page.getByLabel('Fichier').setInputFiles(path.join(folder, 'carte-identite.pdf'))
    await page.getByRole('button', { name: 'Déposer le document' }).click()
    await page.getByText('Document déposé.').waitFor()
    await page.getByText(/carte-identite\.pdf — \d+ o — déposé le/).waitFor()
    await page.getByText(`Expire le ${expiresOn.split('-').reverse().join('/')}`, { exact: true }).waitFor()
    // The timeline tells it too, without reloading the page.
    await page.getByText('Document déposé : Pièce d’identité').waitFor()
    await checkPage(page, '90-documents-depose')

    const file = await downloadByClicking(page, () => page.getByRole('link', { name: 'Télécharger' }).click())
    expect(file.name).toBe('carte-identite.pdf')
    expect(file.content.equals(SAMPLE_FILES.pdf)).toBe(true)
    expect(new URL(page.url()).pathname).toBe(`/personnes/${personId}`)

    // It expires within two months: listed among the documents to renew, with a link to the file.
    // From the menu: its « Suivi » entry opens the follow-up's pages.
    const menu = page.locator('#entete-main-navigation')
    await menu.getByRole('button', { name: 'Suivi', exact: true }).click()
    await menu.getByRole('link', { name: 'Documents à renouveler', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Documents à renouveler' }).waitFor()
    await page.getByRole('link', { name: 'DUPONT Hélène' }).waitFor()
    await checkPage(page, '92-documents-a-renouveler')
    await page.context().close()
  })

  it('refuses a text file named .pdf and says why, in French', async () => {
    const page = await personPage()
    await page.getByLabel('Type de document').selectOption({ label: 'Justificatif de ressources' })
    await page.getByLabel('Fichier').setInputFiles(path.join(folder, 'facture.pdf'))
    await page.getByRole('button', { name: 'Déposer le document' }).click()
    await page
      .getByText(
        'Ce fichier porte l’extension d’un PDF, mais son contenu n’en est pas un : il a peut-être été renommé. Déposez le document d’origine.',
      )
      .waitFor()
    await checkPage(page, '91-documents-refus-contenu')
    const rows = await trame.db.selectFrom('documents').select('file_name').execute()
    expect(rows.map((r) => r.file_name)).toEqual(['carte-identite.pdf'])
    await page.context().close()
  })

  it('deletes a document after a confirmation', async () => {
    const page = await personPage()
    await page.getByRole('button', { name: 'Supprimer carte-identite.pdf' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Supprimer définitivement' }).click()
    await page.getByText('Document supprimé.').waitFor()
    await page.getByText('Aucun document déposé pour cette personne.').waitFor()
    expect(await trame.db.selectFrom('documents').select('id').execute()).toEqual([])
    await page.context().close()
  })
  it('the administrator keeps the list of document types the agents pick from', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } })
    const admin = await context.newPage()
    await signIn(admin, trame.baseUrl, {
      email: 'ada.admin@villebelle.fr',
      password: PASSWORD,
      totpSecret: adminSecret,
    })
    await expect
      .poll(() => admin.getByRole('link', { name: 'Types de documents' }).count())
      .toBeGreaterThan(0)
    await admin.goto(`${trame.baseUrl}/admin/types-documents`)
    await admin.getByRole('heading', { level: 1, name: 'Types de documents' }).waitFor()
    await admin.getByLabel('Type 1', { exact: true }).waitFor()
    const count = await admin.getByRole('button', { name: /^Retirer / }).count()
    await admin.getByRole('button', { name: 'Ajouter un élément' }).click()
    await admin.getByLabel(`Type ${count + 1}`, { exact: true }).fill('Attestation de domiciliation')
    await admin.getByRole('button', { name: 'Monter Attestation de domiciliation' }).click()
    await admin.getByRole('button', { name: 'Descendre Attestation de domiciliation' }).click()
    await admin.getByRole('button', { name: 'Retirer Formulaire Cerfa' }).click()
    await checkPage(admin, '93-types-documents')
    await admin.getByRole('button', { name: 'Enregistrer la liste' }).click()
    await admin.getByText('Types de documents enregistrés.').waitFor()
    await context.close()

    // The social worker's upload form offers the new type, no longer the retired one.
    const page = await personPage()
    const options = await page.getByLabel('Type de document').locator('option').allTextContents()
    expect(options).toContain('Attestation de domiciliation')
    expect(options).not.toContain('Formulaire Cerfa')
    await page.context().close()
  })
})
