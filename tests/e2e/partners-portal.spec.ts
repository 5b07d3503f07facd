import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e, waitForEmail } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe du travailleur social'
const WORKER = 'ines.sociale@villebelle.fr'
const PARTNER = 'Épicerie solidaire Les Lilas'
const CONTACT = 'benevole@lilas.test'
const CONTACT_PASSWORD = 'mot de passe de l’épicerie'
const NEW_PASSWORD = 'nouveau mot de passe de l’épicerie'
const today = todayInFrance()

/** The link of the e-mail to `to` that follows the `seen` first ones, once the outbox has sent it. */
async function mailTo(to: string, seen: number) {
  const start = Date.now()
  while (Date.now() - start < 20_000) {
    if (trame.mailbox.received.filter((m) => m.to === to).length > seen) return trame.mailbox.linkFor(to)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`no new e-mail to ${to}`)
}
let consentingId: string
let silentId: string

async function seed() {
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle')
  const [team] = await createTeams(trame, organisation, ['Accompagnement'])
  await createUser(trame, organisation.id, {
    email: WORKER,
    name: 'Inès Sociale',
    password: PASSWORD,
    roles: ['social_worker'],
    teamIds: [team!],
  })
  const partner = await trame.db
    .insertInto('partners')
    .values({ organisation_id: organisation.id, name: PARTNER, city: 'Villebelle' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trame.db
    .insertInto('partner_services')
    .values({
      organisation_id: organisation.id,
      partner_id: partner.id,
      name: 'Colis du mardi',
      category: 'food',
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

async function newPage() {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } })
  return context.newPage()
}

/** Two people referred to the partner's service: one consents to sharing with partners, one does not. */
async function referTwoPeople(page: Page) {
  const me = await (await page.request.get(`${trame.baseUrl}/api/auth/me`)).json()
  const headers = { 'x-csrf-token': me.csrfToken }
  const service = await trame.db.selectFrom('partner_services').select('id').executeTakeFirstOrThrow()
  const person = async (lastName: string, firstNames: string) => {
    const created = await page.request.post(`${trame.baseUrl}/api/people`, {
      headers,
      data: { lastName, firstNames, phone: '06 12 34 56 78' },
    })
    expect(created.status()).toBe(201)
    return (await created.json()).id as string
  }
  consentingId = await person('Marchand', 'Aline')
  silentId = await person('Discret', 'Bruno')
  const consent = await page.request.post(`${trame.baseUrl}/api/people/${consentingId}/consents`, {
    headers,
    data: { scope: 'partner_sharing', given: true, givenOn: addDays(today, -1) },
  })
  expect(consent.ok()).toBe(true)
  for (const [personId, note] of [
    [consentingId, 'Famille de quatre, fin de droits ce mois'],
    [silentId, 'Note que le partenaire ne doit pas lire'],
  ] as const) {
    const referred = await page.request.post(`${trame.baseUrl}/api/partner-referrals`, {
      headers,
      data: { personId, partnerServiceId: service.id, origin: 'followup', referredOn: today, note },
    })
    expect(referred.status()).toBe(201)
  }
}

describe('the partner page: staff invite a contact, who signs in and answers a referral', () => {
  let worker: Page
  let partner: Page

  it('the worker invites the partner’s contact from the directory', async () => {
    worker = await newPage()
    await signIn(worker, trame.baseUrl, { email: WORKER, password: PASSWORD })
    await referTwoPeople(worker)
    await worker.goto(`${trame.baseUrl}/partenaires`)
    await worker
      .getByRole('button', { name: `Inviter un contact de ${PARTNER} sur la page partenaire` })
      .click()
    await worker.getByText('Aucun contact invité.').waitFor()
    const form = worker.getByRole('form', { name: `Inviter un contact de ${PARTNER}` })
    await form.getByRole('button', { name: 'Envoyer l’invitation' }).click()
    await worker.getByRole('alert').first().waitFor()
    await form.getByLabel('Nom du contact').fill('Paulette Bénévole')
    await form.getByLabel('Adresse e-mail du contact').fill(CONTACT)
    await form.getByRole('button', { name: 'Envoyer l’invitation' }).click()
    await worker.getByText(`Invitation envoyée à ${CONTACT}.`).waitFor()
    await worker.getByText('Invitation envoyée', { exact: true }).waitFor()
    await checkPage(worker, '90-partenaires-inviter-contact')
  }, 180_000)

  it('the contact chooses a password from the e-mail, signs in and sees only what the persons consented to share', async () => {
    const link = await waitForEmail(trame.mailbox, CONTACT)
    expect(new URL(link).pathname).toBe('/page-partenaire/mot-de-passe')
    partner = await newPage()
    await partner.goto(link)
    await partner.getByText(/Bonjour Paulette Bénévole/).waitFor()
    await partner.getByLabel(/^Mot de passe/).fill('court')
    await partner.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click()
    await partner.getByRole('alert').first().waitFor()
    await checkPage(partner, '91-page-partenaire-mot-de-passe')
    await partner.getByLabel(/^Mot de passe/).fill(CONTACT_PASSWORD)
    await partner.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click()
    await partner.getByRole('link', { name: 'Me connecter à la page partenaire' }).click()
    await partner.getByLabel('Adresse e-mail').fill(CONTACT)
    await partner.getByLabel('Mot de passe').fill(CONTACT_PASSWORD)
    await checkPage(partner, '92-page-partenaire-connexion')
    await partner.getByRole('button', { name: 'Se connecter' }).click()
    await partner.getByRole('heading', { name: `Orientations adressées à ${PARTNER}` }).waitFor()
    await partner.getByRole('heading', { name: /MARCHAND Aline/ }).waitFor()
    await partner.getByText(/Famille de quatre, fin de droits ce mois/).waitFor()
    await partner.getByText('La personne n’a pas accepté le partage de ses informations.').waitFor()
    const text = await partner.locator('main').innerText()
    expect(text).not.toContain('DISCRET')
    expect(text).not.toContain('Note que le partenaire ne doit pas lire')
    await checkPage(partner, '93-page-partenaire-orientations')
  }, 180_000)

  it('the contact answers: more information is needed, with a note', async () => {
    const card = partner.locator('li', { has: partner.getByRole('heading', { name: /MARCHAND Aline/ }) })
    await card.getByRole('button', { name: /^Répondre/ }).click()
    await card.getByRole('button', { name: 'Annuler' }).click()
    await card.getByRole('button', { name: /^Répondre/ }).click()
    await card.getByLabel('Votre réponse').selectOption({ label: 'Besoin de plus d’informations' })
    await card.getByRole('button', { name: 'Envoyer la réponse' }).click()
    await card.getByText('Dites quelles informations il vous manque.').first().waitFor()
    await card.getByLabel(/^Note pour le CCAS/).fill('Merci de joindre le dernier avis d’imposition')
    await checkPage(partner, '94-page-partenaire-reponse')
    await card.getByRole('button', { name: 'Envoyer la réponse' }).click()
    await card.getByText('Votre réponse est transmise au CCAS.').waitFor()
    await card.getByText('Besoin de plus d’informations', { exact: true }).waitFor()
    const answered = await trame.db
      .selectFrom('partner_referrals')
      .selectAll()
      .where('person_id', '=', consentingId)
      .executeTakeFirstOrThrow()
    expect(answered).toMatchObject({ answer: 'needs_more', answered_on: today })
    await partner.getByRole('button', { name: 'Se déconnecter' }).click()
    await partner.getByRole('button', { name: 'Se connecter' }).waitFor()
  }, 180_000)

  it('the worker sees the partner’s answer on the person’s file', async () => {
    await worker.goto(`${trame.baseUrl}/personnes/${consentingId}`)
    const referrals = worker.getByRole('region', { name: 'Orientations vers les partenaires' })
    await referrals.getByText('Besoin de plus d’informations', { exact: true }).waitFor()
    await referrals
      .getByText(
        'Réponse donnée par le partenaire sur sa page : « Merci de joindre le dernier avis d’imposition »',
      )
      .waitFor()
    await checkPage(worker, '95-dossier-reponse-du-partenaire')
  }, 180_000)

  it('the worker sees the request on their home and worklist, replies on the file, and the contact reads the reply', async () => {
    await worker.goto(`${trame.baseUrl}/`)
    await worker.getByText('Orientations où le partenaire demande des informations').waitFor()
    await worker.goto(`${trame.baseUrl}/accompagnement`)
    const asking = worker.getByRole('region', {
      name: /Orientations : le partenaire demande des informations/,
    })
    await asking.getByText(/MARCHAND Aline/).waitFor()
    await checkPage(worker, '96-travail-demande-du-partenaire')
    await asking.getByRole('link', { name: /Colis du mardi/ }).click()
    const referrals = worker.getByRole('region', { name: 'Orientations vers les partenaires' })
    await referrals.getByText('Le partenaire attend votre réponse pour poursuivre.').waitFor()
    await referrals.getByRole('button', { name: /^Répondre au partenaire/ }).click()
    await referrals.getByRole('button', { name: 'Annuler' }).click()
    await referrals.getByRole('button', { name: /^Répondre au partenaire/ }).click()
    await referrals.getByRole('button', { name: 'Envoyer la réponse' }).click()
    await referrals.getByText('Écrivez votre réponse au partenaire.').first().waitFor()
    await referrals
      .getByLabel(/^Votre réponse au partenaire/)
      .fill('Avis d’imposition remis à la famille, QF 420 €')
    await checkPage(worker, '97-dossier-repondre-au-partenaire')
    await referrals.getByRole('button', { name: 'Envoyer la réponse' }).click()
    await referrals
      .getByText(/Votre réponse au partenaire du .* : « Avis d’imposition remis à la famille, QF 420 € »/)
      .waitFor()
    await referrals.getByText('En attente de réponse', { exact: true }).waitFor()

    await partner.getByLabel('Adresse e-mail').fill(CONTACT)
    await partner.getByLabel('Mot de passe').fill(CONTACT_PASSWORD)
    await partner.getByRole('button', { name: 'Se connecter' }).click()
    const card = partner.locator('li', { has: partner.getByRole('heading', { name: /MARCHAND Aline/ }) })
    await card.getByText(/« Avis d’imposition remis à la famille, QF 420 € »/).waitFor()
    await checkPage(partner, '98-page-partenaire-reponse-du-ccas')
    await partner.getByRole('button', { name: 'Se déconnecter' }).click()
    await partner.getByRole('button', { name: 'Se connecter' }).waitFor()
  }, 180_000)

  it('staff send a lost invitation again; the contact who forgot their password gets a new one by e-mail', async () => {
    const SECOND = 'relance@lilas.test'
    await worker.goto(`${trame.baseUrl}/partenaires`)
    await worker
      .getByRole('button', { name: `Inviter un contact de ${PARTNER} sur la page partenaire` })
      .click()
    const form = worker.getByRole('form', { name: `Inviter un contact de ${PARTNER}` })
    await form.getByLabel('Nom du contact').fill('Rémi Relance')
    await form.getByLabel('Adresse e-mail du contact').fill(SECOND)
    await form.getByRole('button', { name: 'Envoyer l’invitation' }).click()
    await worker.getByText(`Invitation envoyée à ${SECOND}.`).waitFor()
    const first = await mailTo(SECOND, 0)
    await worker.getByRole('button', { name: 'Renvoyer l’invitation de Rémi Relance' }).click()
    await worker
      .getByText(`Invitation renvoyée à ${SECOND} ; le lien précédent ne fonctionne plus.`)
      .waitFor()
    await checkPage(worker, '99-partenaires-renvoyer-invitation')
    expect(await mailTo(SECOND, 1)).not.toBe(first)
    await worker.getByRole('button', { name: 'Fermer' }).click()

    await partner.getByRole('button', { name: 'Mot de passe oublié ?' }).click()
    const forgot = partner.getByRole('form', { name: 'Mot de passe oublié' })
    await forgot.getByRole('button', { name: 'Annuler' }).click()
    await partner.getByRole('button', { name: 'Mot de passe oublié ?' }).click()
    await forgot.getByRole('button', { name: 'Recevoir un lien' }).click()
    await forgot.getByText('Adresse e-mail invalide.').first().waitFor()
    await forgot.getByLabel('Adresse e-mail de votre compte').fill(CONTACT)
    await forgot.getByRole('button', { name: 'Recevoir un lien' }).click()
    await forgot.getByText(new RegExp(`^Si ${CONTACT} a un compte sur cette page partenaire`)).waitFor()
    await checkPage(partner, '100-page-partenaire-mot-de-passe-oublie')
    await forgot.getByRole('button', { name: 'Annuler' }).click()
    const link = await mailTo(CONTACT, 1)
    await partner.goto(link)
    await partner.getByText(/Bonjour Paulette Bénévole/).waitFor()
    await partner.getByLabel(/^Mot de passe/).fill(NEW_PASSWORD)
    await partner.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click()
    await partner.getByRole('link', { name: 'Me connecter à la page partenaire' }).click()
    await partner.getByLabel('Adresse e-mail').fill(CONTACT)
    await partner.getByLabel('Mot de passe').fill(NEW_PASSWORD)
    await partner.getByRole('button', { name: 'Se connecter' }).click()
    await partner.getByRole('heading', { name: `Orientations adressées à ${PARTNER}` }).waitFor()
    await partner.getByRole('button', { name: 'Se déconnecter' }).click()
    await partner.getByRole('button', { name: 'Se connecter' }).waitFor()
  }, 180_000)

  it('staff disable the contact, who signs in no more', async () => {
    await worker.goto(`${trame.baseUrl}/partenaires`)
    await worker
      .getByRole('button', { name: `Inviter un contact de ${PARTNER} sur la page partenaire` })
      .click()
    await worker.getByText('Compte actif').waitFor()
    worker.once('dialog', (dialog) => dialog.accept())
    await worker.getByRole('button', { name: 'Désactiver le compte de Paulette Bénévole' }).click()
    await worker.getByText('Le compte de Paulette Bénévole est désactivé.').waitFor()
    await worker.getByText('Compte désactivé').waitFor()
    await worker.getByRole('button', { name: 'Fermer' }).click()
    await worker
      .getByRole('button', { name: `Inviter un contact de ${PARTNER} sur la page partenaire` })
      .waitFor()
    // The disabled contact signs in no more.
    await partner.getByLabel('Adresse e-mail').fill(CONTACT)
    await partner.getByLabel('Mot de passe').fill(CONTACT_PASSWORD)
    await partner.getByRole('button', { name: 'Se connecter' }).click()
    await partner.getByText('Adresse e-mail ou mot de passe incorrect.').waitFor()
  }, 180_000)
})
