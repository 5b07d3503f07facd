import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe du suivi social'
const SYNTHESIS = 'Piste : reprendre contact avec la sœur, prudence sur le conjoint'
let recordUrl = ''
let adminSecret = ''

/**
 * A CCAS with a social team: a front-desk agent, two social workers, an administrator, a person seen
 * at the desk today, and a partner's service to refer people to.
 */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle')
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  const users: Record<string, string> = {}
  for (const [email, name, role] of [
    ['lea.accueil@villebelle.fr', 'Léa Accueil', 'front_desk_agent'],
    ['sam.social@villebelle.fr', 'Sam Social', 'social_worker'],
    ['colette.collegue@villebelle.fr', 'Colette Collègue', 'social_worker'],
  ] as const) {
    const user = await createUser(trame, organisation.id, {
      roles: [role],
      teamIds: [teamId!],
      email,
      name,
      password: PASSWORD,
    })
    users[email] = user.id
  }
  const admin = await createUser(trame, organisation.id, {
    roles: ['administrator'],
    email: 'ada.admin@villebelle.fr',
    name: 'Ada Admin',
    password: PASSWORD,
    totp: true,
  })
  adminSecret = admin.totpSecret!
  const person = await db
    .insertInto('people')
    .values({
      organisation_id: organisation.id,
      file_number: '000001',
      last_name: 'Dupont',
      first_names: 'Hélène',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  // Seen at the desk this morning, the contact given to the social team.
  await db
    .insertInto('contacts')
    .values({
      organisation_id: organisation.id,
      channel: 'walk_in',
      person_id: person.id,
      team_id: teamId!,
      created_by: users['lea.accueil@villebelle.fr']!,
    })
    .execute()
  const partner = await db
    .insertInto('partners')
    .values({ organisation_id: organisation.id, name: 'Mission locale de Villebelle', city: 'Villebelle' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('partner_services')
    .values({
      organisation_id: organisation.id,
      partner_id: partner.id,
      name: 'Garantie jeunes',
      category: 'employment',
      city: 'Villebelle',
    })
    .execute()
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

describe('social follow-up in a browser', () => {
  it('opens a follow-up from a front-desk contact and records an interview with a private synthesis', async () => {
    const page = await signedInPage('sam.social@villebelle.fr')
    await page.getByRole('heading', { name: 'Derniers contacts' }).waitFor()
    await page.getByRole('link', { name: 'Ouvrir un accompagnement' }).first().click()
    await page.getByRole('heading', { name: 'Ouvrir un accompagnement' }).waitFor()
    await page.getByLabel('Type d’accompagnement').selectOption({ label: 'Accompagnement social global' })
    await page.getByLabel('Équipe').selectOption({ label: 'Accueil social' })
    await page.getByText('Logement, hébergement').click()
    await page.getByText('Accès et maintien des droits').click()
    await checkPage(page, '60-accompagnement-ouvrir')
    await page.getByRole('button', { name: 'Ouvrir l’accompagnement' }).click()
    await page.getByRole('heading', { level: 1, name: 'Accompagnement social global' }).waitFor()
    recordUrl = page.url()
    await expect.poll(() => page.getByText('Accompagnement ouvert.').count()).toBe(1)

    await page.getByLabel('Nouvel objectif').fill('Déposer une demande de logement social')
    await page.getByLabel('Échéance').fill('2027-03-31')
    await page.getByRole('button', { name: 'Ajouter' }).click()
    await expect
      .poll(() => page.getByText('Déposer une demande de logement social', { exact: true }).count())
      .toBe(1)

    await page.getByLabel('Modalité').selectOption({ label: 'Visite à domicile' })
    await page.getByLabel('Durée (minutes)').fill('50')
    await page.getByLabel('Note de l’entretien').fill('Logement insalubre, démarches engagées avec la CAF.')
    await page.getByLabel(/Synthèse privée — visible par vous seul·e/).fill(SYNTHESIS)
    await page.getByRole('button', { name: 'Enregistrer l’entretien' }).click()
    await expect.poll(() => page.getByText('Entretien enregistré.').count()).toBe(1)
    await expect.poll(() => page.getByText(SYNTHESIS).count()).toBe(1)
    await checkPage(page, '61-accompagnement-entretien')
    // Its author corrects it; the synthesis stays theirs.
    await page.getByRole('button', { name: /^Corriger l’entretien/ }).click()
    await page.getByRole('button', { name: 'Annuler la correction' }).click()
    await page.getByRole('button', { name: /^Corriger l’entretien/ }).click()
    const correction = page.getByRole('form', { name: 'Corriger l’entretien' })
    await correction.getByLabel('Durée (minutes)').fill('60')
    await checkPage(page, '61b-accompagnement-entretien-correction')
    await correction.getByRole('button', { name: 'Enregistrer la correction' }).click()
    await page.getByText('Entretien corrigé.').waitFor()
    await page.getByText(/Visite à domicile · 60 min · Sam Social · corrigé le /).waitFor()
    await expect.poll(() => page.getByText(SYNTHESIS).count()).toBe(1)

    // From the menu: its « Suivi » entry opens the follow-up's pages.
    const menu = page.locator('#entete-main-navigation')
    await menu.getByRole('button', { name: 'Suivi', exact: true }).click()
    await menu.getByRole('link', { name: 'Accompagnement', exact: true }).click()
    await page.getByRole('heading', { name: 'Mon plan de travail' }).waitFor()
    await expect.poll(() => page.getByText('Mes accompagnements en cours (1)').count()).toBe(1)
    await checkPage(page, '62-plan-de-travail')
    await page.context().close()
  })

  it('a colleague of the team reads the interview’s note, never the private synthesis', async () => {
    expect(recordUrl).toContain('/accompagnement/')
    const page = await signedInPage('colette.collegue@villebelle.fr')
    await page.goto(recordUrl)
    await page.getByRole('heading', { level: 1, name: 'Accompagnement social global' }).waitFor()
    await expect
      .poll(() => page.getByText('Logement insalubre, démarches engagées avec la CAF.').count())
      .toBe(1)
    expect(await page.getByText(SYNTHESIS).count()).toBe(0)
    // Only its author corrects an interview.
    expect(await page.getByRole('button', { name: /^Corriger l’entretien/ }).count()).toBe(0)
    expect(await page.content()).not.toContain('reprendre contact avec la sœur')
    await checkPage(page, '63-accompagnement-collegue')

    // The person's page leads to the follow-up, which lists the record.
    await page.locator('p').getByRole('link', { name: 'DUPONT Hélène' }).click()
    await page.waitForURL('**/personnes/*')
    await page.getByRole('main').getByRole('link', { name: 'Accompagnement', exact: true }).click()
    await page.getByRole('heading', { name: 'Accompagnements de la personne' }).waitFor()
    await checkPage(page, '64-accompagnements-personne')
    await page.context().close()
  })
  it('instructs an RSA application up to the contract and refers the person to a partner, from the record', async () => {
    expect(recordUrl).toContain('/accompagnement/')
    const page = await signedInPage('sam.social@villebelle.fr')
    await page.goto(recordUrl)
    const rsa = page.getByRole('region', { name: 'Instruction RSA' })
    await rsa.getByText('Aucune demande de RSA.').waitFor()
    await rsa.getByRole('button', { name: 'Enregistrer une demande de RSA' }).click()
    await rsa.getByRole('button', { name: 'Annuler' }).click()
    await rsa.getByRole('button', { name: 'Enregistrer une demande de RSA' }).click()
    await rsa.getByLabel('Pièces manquantes (une par ligne, facultatif)').fill('Avis d’imposition\nRIB')
    await checkPage(page, '65-accompagnement-rsa-demande')
    await rsa.getByRole('button', { name: 'Enregistrer la demande' }).click()
    await rsa.getByText('Demande de RSA enregistrée.').waitFor()
    await rsa.getByText('Pièces manquantes : Avis d’imposition, RIB').waitFor()
    // Not to the CAF while documents are missing: the server says why, in French.
    await rsa.getByRole('button', { name: 'Enregistrer l’envoi à la CAF' }).click()
    await rsa
      .getByText('Des pièces manquent encore : complétez le dossier avant de l’envoyer à la CAF.')
      .first()
      .waitFor()
    await rsa.getByLabel(/^Pièces manquantes \(une par ligne ;/).fill('')
    await rsa.getByRole('button', { name: 'Mettre à jour les pièces' }).click()
    await rsa.getByText('Pièces manquantes mises à jour.').waitFor()
    await rsa.getByRole('button', { name: 'Enregistrer l’envoi à la CAF' }).click()
    await rsa.getByText('Demande transmise à la CAF.').waitFor()
    await rsa.getByLabel('Décision de la CAF').selectOption({ label: 'Accordé' })
    await rsa.getByRole('button', { name: 'Enregistrer la décision' }).click()
    await rsa.getByText('Décision enregistrée.').waitFor()
    await rsa.getByLabel('Orientation', { exact: true }).selectOption({ label: 'Sociale' })
    await rsa.getByRole('button', { name: 'Enregistrer l’orientation' }).click()
    await rsa.getByText('Orientation enregistrée.').waitFor()
    await rsa.getByLabel('Objectifs du contrat (un par ligne)').fill('Ouvrir la CSS\nReprendre une formation')
    await rsa.getByLabel('Première révision le').fill(addDays(todayInFrance(), 90))
    await checkPage(page, '66-accompagnement-rsa-contrat')
    await rsa.getByRole('button', { name: 'Enregistrer le contrat' }).click()
    await rsa.getByText('Contrat d’engagement réciproque enregistré.').waitFor()
    await rsa.getByText(/objectifs : Ouvrir la CSS ; Reprendre une formation/).waitFor()
    const application = await trame.db.selectFrom('rsa_applications').selectAll().executeTakeFirstOrThrow()
    expect(application).toMatchObject({ status: 'contract_signed', orientation: 'social', to_ccas: true })
    expect(application.support_record_id).toBe(recordUrl.split('/').pop())

    const referrals = page.getByRole('region', { name: 'Orientations vers les partenaires' })
    await referrals.getByRole('button', { name: 'Orienter vers un partenaire' }).click()
    await referrals.getByRole('button', { name: 'Annuler' }).click()
    await referrals.getByRole('button', { name: 'Orienter vers un partenaire' }).click()
    await referrals.getByRole('button', { name: 'Enregistrer l’orientation' }).click()
    await referrals.getByText('Choisissez le service partenaire.').first().waitFor()
    await referrals.getByLabel('Service partenaire').fill('Garantie')
    await referrals.getByRole('button', { name: /Mission locale de Villebelle — Garantie jeunes/ }).click()
    await referrals.getByRole('button', { name: 'Changer de service' }).click()
    await referrals.getByLabel('Service partenaire').fill('Mission locale')
    await referrals.getByRole('button', { name: /Mission locale de Villebelle — Garantie jeunes/ }).click()
    await referrals.getByLabel('Réponse attendue le (facultatif)').fill(addDays(todayInFrance(), 15))
    await referrals.getByLabel('Motif de l’orientation (facultatif)').fill('Recherche de formation')
    await referrals.getByRole('button', { name: 'Enregistrer l’orientation' }).click()
    await referrals.getByText('Orientation enregistrée.').waitFor()
    await referrals.getByText('En attente de réponse').waitFor()
    await referrals.getByRole('button', { name: /^Enregistrer la réponse/ }).click()
    await referrals.getByRole('button', { name: 'Annuler' }).click()
    await referrals.getByRole('button', { name: /^Enregistrer la réponse/ }).click()
    await referrals.getByLabel('Réponse du partenaire').selectOption({ label: 'Acceptée' })
    await checkPage(page, '67-accompagnement-orientation')
    await referrals.getByRole('button', { name: 'Valider la réponse' }).click()
    await referrals.getByText('Acceptée', { exact: true }).waitFor()
    expect(await referrals.getByRole('button', { name: /^Enregistrer la réponse/ }).count()).toBe(0)
    const referral = await trame.db.selectFrom('partner_referrals').selectAll().executeTakeFirstOrThrow()
    expect(referral).toMatchObject({ origin: 'followup', answer: 'accepted', note: 'Recherche de formation' })
    await page.context().close()
  })

  it('the front desk refers a person from their file; no RSA instruction there', async () => {
    const page = await signedInPage('lea.accueil@villebelle.fr')
    const person = await trame.db.selectFrom('people').select('id').executeTakeFirstOrThrow()
    await page.goto(`${trame.baseUrl}/personnes/${person.id}`)
    const referrals = page.getByRole('region', { name: 'Orientations vers les partenaires' })
    await referrals.getByText('Garantie jeunes').waitFor()
    expect(await page.getByRole('heading', { name: 'Instruction RSA' }).count()).toBe(0)
    await referrals.getByRole('button', { name: 'Orienter vers un partenaire' }).click()
    await referrals.getByLabel('Service partenaire').fill('Garantie')
    await referrals.getByRole('button', { name: /Garantie jeunes/ }).click()
    await referrals.getByRole('button', { name: 'Enregistrer l’orientation' }).click()
    await referrals.getByText('Orientation enregistrée.').waitFor()
    await checkPage(page, '68-dossier-orientations-accueil')
    const origins = await trame.db
      .selectFrom('partner_referrals')
      .select('origin')
      .orderBy('created_at')
      .execute()
    expect(origins.map((r) => r.origin)).toEqual(['followup', 'front_desk'])
    await page.context().close()
  })

  it('the administrator keeps the organisation’s list of support types', async () => {
    const admin = await signedInPage('ada.admin@villebelle.fr', adminSecret)
    await expect
      .poll(() => admin.getByRole('link', { name: 'Types d’accompagnement' }).count())
      .toBeGreaterThan(0)
    await admin.goto(`${trame.baseUrl}/admin/types-accompagnement`)
    await admin.getByRole('heading', { level: 1, name: 'Types d’accompagnement' }).waitFor()
    await admin.getByLabel('Type 6', { exact: true }).waitFor()
    await admin.getByRole('button', { name: 'Ajouter un élément' }).click()
    // An empty label is refused under its field.
    await admin.getByRole('button', { name: 'Enregistrer la liste' }).click()
    await admin.locator('.fr-input-group--error').first().waitFor()
    await admin.getByLabel('Type 7', { exact: true }).fill('Accompagnement budgétaire renforcé')
    await admin.locator('label', { hasText: 'Légal : type 7' }).click()
    expect(await admin.getByLabel('Légal : type 7').isChecked()).toBe(true)
    await admin.getByRole('button', { name: 'Descendre Accompagnement social global' }).click()
    await admin.getByRole('button', { name: 'Monter Accompagnement budgétaire renforcé' }).click()
    await admin.getByRole('button', { name: 'Retirer Santé' }).click()
    await checkPage(admin, '69-types-accompagnement')
    await admin.getByRole('button', { name: 'Enregistrer la liste' }).click()
    await admin.getByText('Types d’accompagnement enregistrés.').waitFor()
    const types = await trame.db
      .selectFrom('support_types')
      .select(['label', 'legal', 'active'])
      .orderBy('position')
      .execute()
    expect(types.filter((t) => t.active).map((t) => t.label)).toEqual([
      'RSA (accompagnement des allocataires)',
      'Accompagnement social global',
      'PAEJ — jeunes de 18 à 25 ans',
      'Budget',
      'Logement',
      'Accompagnement budgétaire renforcé',
    ])
    expect(types.find((t) => t.label === 'Accompagnement budgétaire renforcé')?.legal).toBe(true)
    expect(types.find((t) => t.label === 'Santé')?.active).toBe(false)
    await admin.context().close()
  })
})
