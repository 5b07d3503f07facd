import { randomUUID } from 'node:crypto'
import { PDFParse } from 'pdf-parse'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAidFund, createAidType } from '../../src/server/modules/aid/aid.test-factories.ts'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
let personId: string
let recordId: string
const PASSWORD = 'mot de passe de la travailleuse sociale'
const adminSecret = newTotpSecret()
const today = todayInFrance()
const french = (date: string) => date.split('-').reverse().join('/')

/** A CCAS whose social workers decide emergency help alone up to 150 €, a person followed, an invoice in her file. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Belleville-sur-Loire')
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  const worker = await createUser(trame, organisation.id, {
    email: 'nina.sociale@belleville.fr',
    name: 'Nina Sociale',
    password: PASSWORD,
    roles: ['social_worker'],
    teamIds: [teamId!],
  })
  await createUser(trame, organisation.id, {
    email: 'admin@belleville.fr',
    name: 'Alex Admin',
    password: PASSWORD,
    roles: ['administrator'],
    totp: adminSecret,
  })
  const { id: invoiceType } = await db
    .insertInto('document_types')
    .values({ organisation_id: organisation.id, label: 'Facture' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const fundId = await createAidFund(db, organisation.id, { code: 'SECOURS', name: 'Secours d’urgence' })
  await createAidType(db, organisation.id, {
    fundId,
    code: 'SECOURS',
    label: 'Secours financier d’urgence',
    urgentDeciderRoles: ['director', 'social_worker'],
    urgentCeilingCents: 150_00,
    ceilingPerRequestCents: 500_00,
    requiredDocumentTypeIds: [invoiceType],
    paymentForms: ['creditor', 'transfer'],
  })
  const person = await db
    .insertInto('people')
    .values({
      organisation_id: organisation.id,
      file_number: '000001',
      last_name: 'Martin',
      first_names: 'Sofia',
      birth_date: '1990-02-11',
      team_id: teamId!,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  personId = person.id
  await db
    .insertInto('documents')
    .values({
      id: randomUUID(),
      organisation_id: organisation.id,
      person_id: personId,
      type_id: invoiceType,
      file_name: 'facture-edf.pdf',
      content_type: 'application/pdf',
      size_bytes: 1200,
      sha256: 'c'.repeat(64),
    })
    .execute()
  const { id: typeId } = await db
    .insertInto('support_types')
    .values({ organisation_id: organisation.id, label: 'Accompagnement social global' })
    .returning('id')
    .executeTakeFirstOrThrow()
  recordId = (
    await db
      .insertInto('support_records')
      .values({
        organisation_id: organisation.id,
        person_id: personId,
        type_id: typeId,
        team_id: teamId!,
        opened_on: today,
        created_by: worker.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
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

describe('an aid request in a browser', () => {
  it('a worker builds a request from a follow-up with the budget and a document, submits it, and decides it urgently', async () => {
    const page = await signedInPage('nina.sociale@belleville.fr')
    await page.goto(`${trame.baseUrl}/accompagnement/${recordId}`)
    await page.getByRole('link', { name: 'Demande d’aide' }).click()

    // The new request: what is missing is said in French, field by field.
    await page.getByRole('heading', { name: 'Nouvelle demande d’aide' }).waitFor()
    await page.getByRole('button', { name: 'Créer la demande' }).click()
    await page.getByText('Choisissez l’aide demandée.').waitFor()
    await page.getByLabel('Aide demandée').selectOption({ label: 'Secours financier d’urgence' })
    await page.getByLabel('Montant demandé (€)').fill('180')
    await page.getByLabel('Objet de la demande').fill('Facture d’électricité avant coupure')
    await page.getByText('Demande urgente').click()
    await checkPage(page, '140-aid-new-request')
    await page.getByRole('button', { name: 'Créer la demande' }).click()

    // The request page: the règlement's warnings, then the budget with its reste à vivre computed live.
    await page.getByRole('heading', { name: 'Demande d’aide — Secours financier d’urgence' }).waitFor()
    await page.getByText('Pièces justificatives manquantes : Facture.').waitFor()
    await page
      .getByText('Le montant dépasse le plafond de la décision d’urgence (150,00 €)', { exact: false })
      .waitFor()
    const budget = page.locator('section[aria-labelledby="section-budget"]')
    await budget.getByLabel('Enfants de moins de 14 ans').fill('1')
    await budget.getByRole('button', { name: 'Ajouter une ressource' }).click()
    await budget.getByLabel('Nature (ressources 1)').selectOption({ label: 'RSA' })
    await budget.getByLabel('Montant mensuel (€) (ressources 1)').fill('635')
    await budget.getByRole('button', { name: 'Ajouter une ressource' }).click()
    await budget.getByLabel('Montant mensuel (€) (ressources 2)').fill('100')
    await budget.getByRole('button', { name: 'Retirer' }).nth(1).click()
    await budget.getByRole('button', { name: 'Ajouter une charge' }).click()
    await budget.getByLabel('Nature (charges 1)').selectOption({ label: 'Loyer ou mensualité' })
    await budget.getByLabel('Montant mensuel (€) (charges 1)').fill('500')
    // (635 − 500) / 30 = 4,50 € a day; for 1,3 consumption units, 3,46 €.
    await budget.getByText('4,50 € par jour').waitFor()
    await budget.getByText('3,46 € par jour et par unité de consommation').waitFor()
    await checkPage(page, '141-aid-request-budget')
    await budget.getByRole('button', { name: 'Enregistrer le budget' }).click()
    await budget
      .getByText('Enregistré : reste à vivre de 4,50 € par jour (3,46 € par unité de consommation).')
      .waitFor()

    // The invoice from her file, then the assessment.
    const documents = page.locator('section[aria-labelledby="section-documents"]')
    await documents.getByText('Facture : manquante').waitFor()
    await documents.getByText('Facture — facture-edf.pdf').click()
    await documents.getByRole('button', { name: 'Enregistrer les pièces' }).click()
    await documents.getByText('Facture : jointe').waitFor()
    const request = page.locator('section[aria-labelledby="section-request"]')
    await request
      .getByLabel('Résidence sur la commune')
      .selectOption({ label: 'Réside (ou est domicilié·e) sur la commune' })
    await request
      .getByLabel('Évaluation sociale')
      .fill('Mère isolée, coupure d’électricité annoncée pour la semaine prochaine.')
    await request.getByRole('button', { name: 'Enregistrer la demande' }).click()
    await request.getByText('Demande enregistrée.').waitFor()

    // Submitted, then decided urgently: beyond the urgent ceiling, the commission decides.
    await page.getByRole('button', { name: 'Déposer la demande' }).click()
    await page.getByText('Déposée', { exact: true }).waitFor()
    const urgent = page.locator('section[aria-labelledby="section-urgent"]')
    await urgent.getByLabel('Montant accordé (€)').fill('180')
    await urgent.getByLabel('Forme du versement').selectOption({ label: 'Paiement au créancier' })
    await urgent.getByRole('button', { name: 'Enregistrer la décision d’urgence' }).click()
    await urgent.getByText('Au-delà de 150,00 €, la décision revient à la commission.').first().waitFor()
    await checkPage(page, '142-aid-request-urgent')
    await urgent.getByLabel('Montant accordé (€)').fill('150')
    await urgent.getByRole('button', { name: 'Enregistrer la décision d’urgence' }).click()
    await page.getByText(`Accordée le ${french(today)} : 150,00 €, paiement au créancier.`).waitFor()
    await page.getByText('Décision d’urgence', { exact: false }).first().waitFor()
    // The decision letter, printed from the request's page, and the payments: the worker reads them,
    // only those who pay may record one.
    const letter = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Lettre de décision (PDF)' }).click(),
    )
    const letterText = (await new PDFParse({ data: new Uint8Array(letter.content) }).getText()).text.replace(
      /[\s\u00a0\u202f]+/g,
      ' ',
    )
    expect(letterText).toContain('Objet : votre demande d’aide')
    expect(letterText).toMatch(/150,00\s?€/)
    const payments = page.getByRole('region', { name: 'Paiements' })
    await payments.getByText('Aucun paiement', { exact: false }).first().waitFor()
    expect(await payments.getByRole('button', { name: /Enregistrer le paiement/ }).count()).toBe(0)
    await checkPage(page, '143-aid-request-granted')

    // The person's « Aides » panel, then a second request withdrawn from there.
    await page.goto(`${trame.baseUrl}/personnes/${personId}`)
    const panel = page.locator('section[aria-labelledby="section-aides"]')
    await panel.getByText('150,00 € accordés').waitFor()
    await checkPage(page, '144-aid-person-panel')
    await panel.getByRole('link', { name: 'Nouvelle demande d’aide' }).click()
    await page.getByLabel('Aide demandée').selectOption({ label: 'Secours financier d’urgence' })
    await page.getByLabel('Montant demandé (€)').fill('60')
    await page.getByLabel('Objet de la demande').fill('Alimentation')
    await page.getByRole('button', { name: 'Créer la demande' }).click()
    const close = page.locator('section[aria-labelledby="section-close"]')
    await close.getByRole('button', { name: 'Classer sans suite' }).click()
    await close.getByText('Indiquez la raison.').waitFor()
    await close.getByLabel('Raison').fill('La personne a trouvé une autre solution')
    await close.getByRole('button', { name: 'Retirée par la personne' }).click()
    await page.getByText('Raison : La personne a trouvé une autre solution').waitFor()

    // The list of requests, filtered.
    await page.goto(`${trame.baseUrl}/aides/demandes`)
    await page.getByText('2 demandes').waitFor()
    await page.getByLabel('Statut').selectOption({ label: 'Accordée' })
    await page.getByText('1 demande', { exact: true }).waitFor()
    await checkPage(page, '145-aid-requests-list')
  })

  it('an administrator keeps the règlement: adds an aid and changes it', async () => {
    const page = await signedInPage('admin@belleville.fr', adminSecret)
    await page.goto(`${trame.baseUrl}/admin/reglement-aides`)
    await page.getByRole('cell', { name: 'Secours financier d’urgence', exact: true }).waitFor()
    await page.getByRole('button', { name: 'Nouvelle aide' }).click()
    await page.getByLabel('Code').fill('FLAJ')
    await page.getByLabel('Nom de l’aide').fill('Fonds local d’aide aux jeunes')
    await page.getByLabel('Âge minimal').fill('18')
    await page.getByLabel('Âge maximal').fill('25')
    await page.getByLabel('Plafond par demande (€)').fill('800')
    await page.getByText('Paiement au créancier').click()
    await checkPage(page, '146-aid-reglement-form')
    await page.getByRole('button', { name: 'Ajouter l’aide' }).click()
    await page.getByText('« Fonds local d’aide aux jeunes » est ajoutée au règlement.').waitFor()
    await page.getByRole('button', { name: 'Modifier Fonds local d’aide aux jeunes' }).click()
    await page.getByLabel('Âge maximal').fill('15')
    await page.getByRole('button', { name: 'Enregistrer l’aide' }).click()
    await page.getByText('L’âge maximal doit être supérieur ou égal à l’âge minimal.').waitFor()
    await page.getByLabel('Âge maximal').fill('25')
    await page.getByText('Aide en vigueur').click()
    await page.getByRole('button', { name: 'Enregistrer l’aide' }).click()
    await page.getByText('Fonds local d’aide aux jeunes (hors règlement)').waitFor()
    await checkPage(page, '147-aid-reglement')
  })
})
