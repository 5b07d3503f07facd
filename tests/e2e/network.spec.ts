import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../src/server/platform/passwords.ts'
import { checkPage, launchChromium, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe de la coordination'
const NEIGHBOUR_PASSWORD = 'mot de passe de Jeanne'
const NEIGHBOUR = 'jeanne.voisine@exemple.fr'

beforeAll(async () => {
  trame = await startTrameForE2e()
  browser = await launchChromium()
  const organisation = await trame.db
    .insertInto('organisations')
    .values({ name: 'CCAS de Saint-Quentin' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trame.db
    .insertInto('users')
    .values({
      organisation_id: organisation.id,
      email: 'coordination@saint-quentin.fr',
      name: 'Sophie Coordination',
      password_hash: await hashPassword(PASSWORD),
      roles: ['volunteer_coordinator'],
      status: 'active',
    })
    .execute()
})
afterAll(async () => {
  await browser?.close()
  await trame?.close()
})

async function lastMailTo(to: string, subject: string) {
  await expect
    .poll(() => trame.mailbox.received.some((m) => m.to === to && m.subject.includes(subject)), {
      timeout: 10_000,
    })
    .toBe(true)
  return trame.mailbox.received.filter((m) => m.to === to && m.subject.includes(subject)).at(-1)!
}

describe('a neighbour signs up, is approved, accepts a need and marks it done', () => {
  let coordinator: Page
  let neighbour: Page

  it('a neighbour signs up on the public portal', async () => {
    const context = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 390, height: 844 },
      isMobile: true,
    })
    neighbour = await context.newPage()
    await neighbour.goto(`${trame.baseUrl}/benevoles/inscription`)
    await neighbour.getByRole('heading', { name: 'Devenir voisin solidaire' }).waitFor()
    await neighbour.getByText('CCAS de Saint-Quentin').first().waitFor()
    // Sent empty: French messages next to the fields.
    await neighbour.getByRole('button', { name: 'S’inscrire' }).click()
    await expect.poll(() => neighbour.getByText('Choisissez au moins un type d’aide.').count()).toBe(1)
    await checkPage(neighbour, '70-benevole-inscription-erreurs')

    await neighbour.getByLabel('Prénom').fill('Jeanne')
    await neighbour.getByLabel('Nom', { exact: true }).fill('Voisine')
    await neighbour.getByLabel('Adresse e-mail').fill(NEIGHBOUR)
    await neighbour.getByLabel('Téléphone').fill('06 12 34 56 78')
    await neighbour.getByLabel(/^Mot de passe/).fill(NEIGHBOUR_PASSWORD)
    await neighbour.getByLabel(/^Quartier/).fill('Centre-ville')
    await neighbour.getByText('Courses', { exact: true }).click()
    await neighbour.getByText('Visite de courtoisie', { exact: true }).click()
    await neighbour.getByLabel('Mardi après-midi').check()
    await neighbour.getByText('J’ai lu la charte du bénévole et je m’engage à la respecter').click()
    await neighbour.getByRole('button', { name: 'S’inscrire' }).click()
    await neighbour.getByText('Inscription enregistrée').waitFor()
    await checkPage(neighbour, '71-benevole-inscrit')
    const mail = await lastMailTo(NEIGHBOUR, 'Votre inscription')
    expect(mail.text).toContain('va examiner votre candidature')
  })

  it('the coordinator approves her and offers her a senior’s need', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } })
    coordinator = await context.newPage()
    await coordinator.goto(`${trame.baseUrl}/connexion`)
    await coordinator.getByLabel('Adresse e-mail').fill('coordination@saint-quentin.fr')
    await coordinator.getByLabel(/^Mot de passe/).fill(PASSWORD)
    await coordinator.getByRole('button', { name: 'Se connecter' }).click()
    await coordinator.waitForURL((url) => url.pathname === '/')

    // The senior's file, as the seniors line would have opened it.
    const me = await (await coordinator.request.get(`${trame.baseUrl}/api/auth/me`)).json()
    const created = await coordinator.request.post(`${trame.baseUrl}/api/people`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: {
        lastName: 'Delaunay',
        firstNames: 'Marcelle',
        phone: '03 23 00 11 22',
        address: '12 rue de la Sellerie',
        postalCode: '02100',
        city: 'Saint-Quentin',
      },
    })
    expect(created.status()).toBe(201)

    await coordinator.getByRole('link', { name: 'Voisins solidaires' }).first().click()
    await coordinator.getByRole('link', { name: 'Bénévoles', exact: true }).click()
    await coordinator.getByRole('heading', { name: /Jeanne Voisine/ }).waitFor()
    await checkPage(coordinator, '72-coordination-benevoles')
    await coordinator.getByRole('button', { name: 'Valider' }).click()
    await expect.poll(() => coordinator.getByRole('heading', { name: /Jeanne Voisine/ }).count()).toBe(0)
    const approved = await lastMailTo(NEIGHBOUR, 'validée')
    expect(approved.text).toContain(`${trame.baseUrl}/benevoles`)

    await coordinator.getByRole('link', { name: 'Besoins', exact: true }).click()
    await coordinator.getByLabel('Rechercher la personne').fill('Delaunay')
    await expect
      .poll(() => coordinator.getByLabel('Personne', { exact: true }).locator('option').count())
      .toBe(2)
    await coordinator.getByLabel('Personne', { exact: true }).selectOption({ index: 1 })
    await coordinator.getByLabel('Type d’aide').selectOption({ label: 'Courses' })
    await coordinator.getByLabel(/^Description/).fill('Courses de la semaine : pain, lait, fruits.')
    await coordinator.getByRole('button', { name: 'Enregistrer le besoin' }).click()
    await coordinator.getByRole('heading', { name: /Courses — DELAUNAY Marcelle/ }).waitFor()
    await coordinator.getByRole('button', { name: 'Voir le classement' }).click()
    await coordinator.getByText(/Jeanne Voisine — distance inconnue/).waitFor()
    await coordinator.getByRole('button', { name: 'Proposer aux 3 meilleurs bénévoles' }).click()
    await coordinator.getByText('proposé à 1 bénévole(s)', { exact: false }).waitFor()
    await checkPage(coordinator, '73-coordination-besoin-propose')
  })

  it('the neighbour follows the e-mailed link, accepts the need, sees the senior, and marks it done', async () => {
    const offer = await lastMailTo(NEIGHBOUR, 'besoin d’aide')
    expect(offer.text).not.toContain('Delaunay')
    const link = offer.text.match(/https?:\/\/\S+besoin=[0-9a-f-]+/)?.[0]
    expect(link).toBeDefined()
    await neighbour.goto(link!)
    await neighbour.getByLabel('Adresse e-mail').fill(NEIGHBOUR)
    await neighbour.getByLabel('Mot de passe').fill(NEIGHBOUR_PASSWORD)
    await neighbour.getByRole('button', { name: 'Se connecter' }).click()
    await neighbour.getByRole('heading', { name: 'Besoins du quartier' }).waitFor()
    expect(await neighbour.getByText(/Delaunay/i).count()).toBe(0)
    await checkPage(neighbour, '74-benevole-besoins')

    await neighbour.getByRole('button', { name: 'J’accepte ce besoin' }).click()
    await neighbour.getByText('DELAUNAY', { exact: false }).first().waitFor()
    await neighbour.getByText(/12 rue de la Sellerie, 02100 Saint-Quentin/).waitFor()
    await checkPage(neighbour, '75-benevole-besoin-accepte')

    await neighbour.getByLabel(/^Compte rendu/).fill('Courses livrées, Mme Delaunay va bien.')
    await neighbour.getByRole('button', { name: 'Marquer réalisé' }).click()
    await expect.poll(() => neighbour.getByText('Réalisé', { exact: true }).count()).toBeGreaterThan(0)
    expect(await neighbour.getByText(/Sellerie/).count()).toBe(0)
    await checkPage(neighbour, '76-benevole-besoin-realise')
  })

  it('the dashboard counts the need met', async () => {
    await coordinator.getByRole('link', { name: 'Tableau de bord' }).click()
    await coordinator.getByText(/besoin\(s\) réalisé\(s\) sur la période : courses 100 %/).waitFor()
    await checkPage(coordinator, '77-coordination-tableau-de-bord')
  })
})
