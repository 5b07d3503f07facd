import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../src/server/platform/passwords.ts'
import { newTotpSecret, totpCode } from '../../src/server/platform/totp.ts'
import { checkPage, launchChromium, startTrameForE2e, waitForEmail } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const ADMIN = { email: 'admin@villebelle.fr', password: 'mot de passe admin solide' }

beforeAll(async () => {
  trame = await startTrameForE2e()
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await trame?.close()
})

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })
  return context.newPage()
}

async function totpSecretOf(email: string, pending: boolean) {
  const user = await trame.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  // A phone would read it from the QR code.
  return (pending ? user.totp_pending_secret : user.totp_secret) as string
}

const usedSteps = new Map<string, number>()

/** A code is accepted once: wait for the next 30-second step if this one was used already. */
async function enterTotp(page: Page, secret: string) {
  const step = () => Math.floor(Date.now() / 30_000)
  while (usedSteps.get(secret) === step()) await new Promise((resolve) => setTimeout(resolve, 500))
  usedSteps.set(secret, step())
  await page.getByLabel('Code de vérification').fill(totpCode(secret))
  await page.getByRole('button', { name: 'Valider' }).click()
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${trame.baseUrl}/connexion`)
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByLabel(/^Mot de passe/).fill(password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
}

describe('Trame in a browser', () => {
  it('first run: the one-time link creates the organisation, then 2FA is set up', async () => {
    const page = await newPage()
    const link = await trame.authService.prepareSetupLink()
    expect(link).toBeTruthy()
    await page.goto(link!)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toMatch(/Installation|Créer/)
    await checkPage(page, '01-installation')
    await page.getByLabel("Nom de l'organisation").fill('CCAS de Villebelle')
    await page.getByLabel('Premier site').fill('Hôtel de ville')
    await page.getByLabel('Votre nom').fill('Camille Martin')
    await page.getByLabel('Adresse e-mail').fill(ADMIN.email)
    await page.getByLabel(/^Mot de passe/).fill(ADMIN.password)
    // A typo in the confirmation is caught before the only administrator is locked out.
    await page.getByLabel('Confirmer le mot de passe').fill(`${ADMIN.password}x`)
    await page.getByRole('button', { name: "Créer l'organisation" }).click()
    await expect.poll(() => page.getByText('Les deux mots de passe ne sont pas identiques.').count()).toBe(1)
    await page.getByLabel('Confirmer le mot de passe').fill(ADMIN.password)
    await page.getByRole('button', { name: "Créer l'organisation" }).click()

    await page.waitForURL('**/double-authentification')
    await expect.poll(() => page.getByRole('img', { name: /QR/ }).count()).toBe(1)
    await checkPage(page, '02-double-authentification')
    // Scanned, then the page reloaded: the key stays the same, so the phone's codes still work.
    const scanned = await page.getByTestId('totp-secret').textContent()
    await page.reload()
    await page.getByText('Cette clé reste la même jusqu’à la validation').waitFor()
    expect(await page.getByTestId('totp-secret').textContent()).toBe(scanned)
    expect(await totpSecretOf(ADMIN.email, true)).toBe(scanned)
    await enterTotp(page, scanned!)
    await page.waitForURL((url) => url.pathname === '/')
    await expect.poll(() => page.locator('header').textContent()).toContain('CCAS de Villebelle')
    await checkPage(page, '03-accueil')
    await page.context().close()
  })

  it('signs in with the password then the 2FA code', async () => {
    const page = await newPage()
    await signIn(page, ADMIN.email, 'mauvais mot de passe')
    await expect.poll(() => page.getByText('Adresse e-mail ou mot de passe incorrect.').count()).toBe(1)
    await checkPage(page, '04-connexion-erreur')
    await signIn(page, ADMIN.email, ADMIN.password)
    await page.waitForURL('**/connexion/code')
    await checkPage(page, '05-connexion-code')
    await enterTotp(page, await totpSecretOf(ADMIN.email, false))
    await page.waitForURL((url) => url.pathname === '/')
    await page.context().close()
  })

  it('an administrator invites a colleague, who joins from the e-mailed link', async () => {
    const admin = await newPage()
    await signIn(admin, ADMIN.email, ADMIN.password)
    await admin.waitForURL('**/connexion/code')
    await enterTotp(admin, await totpSecretOf(ADMIN.email, false))
    await admin.waitForURL((url) => url.pathname === '/')
    await admin.goto(`${trame.baseUrl}/admin/utilisateurs`)
    await checkPage(admin, '06-utilisateurs')
    const form = admin.locator('form', { has: admin.getByRole('button', { name: 'Inviter' }) })
    await form.getByLabel('Adresse e-mail').fill('lea.accueil@villebelle.fr')
    await form.getByLabel('Nom', { exact: true }).fill('Léa Accueil')
    // DSFR draws its own box: a person clicks the label.
    await form.locator('label', { hasText: "Agent d'accueil" }).click()
    expect(await form.getByLabel("Agent d'accueil").isChecked()).toBe(true)
    await form.getByRole('button', { name: 'Inviter' }).click()
    await expect.poll(() => admin.getByRole('cell', { name: 'lea.accueil@villebelle.fr' }).count()).toBe(1)

    const link = await waitForEmail(trame.mailbox, 'lea.accueil@villebelle.fr')
    // The same link, shown to the administrator to copy when the e-mail is slow.
    expect(await admin.getByLabel('Lien d’invitation').inputValue()).toBe(link)
    await checkPage(admin, '06b-invitation-envoyee')
    const invitee = await newPage()
    await invitee.goto(link.replace(/^https?:\/\/[^/]+/, trame.baseUrl))
    await expect.poll(() => invitee.getByText('CCAS de Villebelle').count()).toBeGreaterThan(0)
    await checkPage(invitee, '07-invitation')
    await invitee.getByLabel(/^Mot de passe/).fill('mon mot de passe à moi')
    await invitee.getByLabel('Confirmer le mot de passe').fill('mon mot de passe à moi')
    await invitee.getByRole('button', { name: /Activer|Créer/ }).click()
    await invitee.waitForURL((url) => url.pathname === '/')
    await expect
      .poll(() => invitee.getByRole('link', { name: 'Personnes', exact: true }).count())
      .toBeGreaterThan(0)
    await checkPage(invitee, '08-accueil-agent')
    await admin.context().close()
    await invitee.context().close()
  })

  it('the director role given by one administrator waits for a second one, who confirms it', async () => {
    const organisation = await trame.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()
    const second = {
      email: 'bruno.admin@villebelle.fr',
      password: 'mot de passe de Bruno',
      secret: newTotpSecret(),
    }
    await trame.db
      .insertInto('users')
      .values({
        organisation_id: organisation.id,
        email: second.email,
        name: 'Bruno Second',
        password_hash: await hashPassword(second.password),
        roles: ['administrator'],
        status: 'active',
        totp_secret: second.secret,
      })
      .execute()
    // A colleague of the front desk about to become director (not Léa, who signs in later without 2FA).
    await trame.db
      .insertInto('users')
      .values({
        organisation_id: organisation.id,
        email: 'marc.cadre@villebelle.fr',
        name: 'Marc Cadre',
        password_hash: await hashPassword('mot de passe de Marc'),
        roles: ['front_desk_agent'],
        status: 'active',
      })
      .execute()
    const admin = await newPage()
    await signIn(admin, ADMIN.email, ADMIN.password)
    await admin.waitForURL('**/connexion/code')
    await enterTotp(admin, await totpSecretOf(ADMIN.email, false))
    await admin.waitForURL((url) => url.pathname === '/')
    await admin.goto(`${trame.baseUrl}/admin/utilisateurs`)
    await admin
      .getByRole('row', { name: /Marc Cadre/ })
      .getByRole('button', { name: 'Modifier' })
      .click()
    const edit = admin.locator('section', {
      has: admin.getByRole('heading', { name: 'Modifier Marc Cadre' }),
    })
    await edit.locator('label', { hasText: 'Directeur·rice' }).click()
    await edit.getByRole('button', { name: 'Enregistrer' }).click()
    await expect
      .poll(() => admin.getByText(/attendent la confirmation d'un autre administrateur/).count())
      .toBeGreaterThan(0)
    const grants = admin.locator('section', {
      has: admin.getByRole('heading', { name: 'Rôles en attente de confirmation' }),
    })
    // Its author cannot confirm it.
    expect(await grants.getByRole('button', { name: 'Confirmer' }).count()).toBe(0)
    await checkPage(admin, '08b-role-en-attente')

    await waitForEmail(trame.mailbox, second.email).catch(() => undefined)
    expect(
      trame.mailbox.received.some(
        (m) => m.to === second.email && /attend votre confirmation/.test(m.subject),
      ),
    ).toBe(true)
    const confirmer = await newPage()
    await signIn(confirmer, second.email, second.password)
    await confirmer.waitForURL('**/connexion/code')
    await enterTotp(confirmer, second.secret)
    await confirmer.waitForURL((url) => url.pathname === '/')
    await confirmer.goto(`${trame.baseUrl}/admin/utilisateurs`)
    await confirmer
      .getByRole('row', { name: /Marc Cadre/ })
      .getByRole('button', { name: 'Confirmer' })
      .first()
      .click()
    await expect.poll(() => confirmer.getByText(/Marc Cadre a désormais les rôles/).count()).toBe(1)
    await expect
      .poll(() => confirmer.getByRole('cell', { name: "Agent d'accueil, Directeur·rice" }).count())
      .toBe(1)
    await checkPage(confirmer, '08c-role-confirme')
    await admin.context().close()
    await confirmer.context().close()
  })

  it('the director, who manages no account, confirms a grant from the « Rôles à confirmer » page', async () => {
    const organisation = await trame.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()
    const director = {
      email: 'dora.direction@villebelle.fr',
      password: 'mot de passe de Dora',
      secret: newTotpSecret(),
    }
    for (const user of [
      { email: director.email, name: 'Dora Direction', roles: ['director'], totp_secret: director.secret },
      {
        email: 'nina.cadre@villebelle.fr',
        name: 'Nina Cadre',
        roles: ['front_desk_agent'],
        totp_secret: null,
      },
    ]) {
      await trame.db
        .insertInto('users')
        .values({
          organisation_id: organisation.id,
          ...user,
          password_hash: await hashPassword(director.password),
          status: 'active',
        })
        .execute()
    }
    const admin = await newPage()
    await signIn(admin, ADMIN.email, ADMIN.password)
    await admin.waitForURL('**/connexion/code')
    await enterTotp(admin, await totpSecretOf(ADMIN.email, false))
    await admin.waitForURL((url) => url.pathname === '/')
    await admin.goto(`${trame.baseUrl}/admin/utilisateurs`)
    await admin
      .getByRole('row', { name: /Nina Cadre/ })
      .getByRole('button', { name: 'Modifier' })
      .click()
    const edit = admin.locator('section', {
      has: admin.getByRole('heading', { name: 'Modifier Nina Cadre' }),
    })
    await edit.locator('label', { hasText: 'Administrateur·rice' }).click()
    await edit.getByRole('button', { name: 'Enregistrer' }).click()
    await expect
      .poll(() => admin.getByText(/attendent la confirmation d'un autre administrateur/).count())
      .toBeGreaterThan(0)
    await admin.context().close()

    const page = await newPage()
    await signIn(page, director.email, director.password)
    await page.waitForURL('**/connexion/code')
    await enterTotp(page, director.secret)
    await page.waitForURL((url) => url.pathname === '/')
    // The menu offers the page (not the users page, which needs account management).
    expect(await page.locator('a[href="/admin/roles-a-confirmer"]').count()).toBeGreaterThan(0)
    expect(await page.locator('a[href="/admin/utilisateurs"]').count()).toBe(0)
    await page.goto(`${trame.baseUrl}/admin/roles-a-confirmer`)
    await page.getByRole('heading', { name: 'Rôles à confirmer', level: 1 }).waitFor()
    await page.getByRole('row', { name: /Nina Cadre/ }).waitFor()
    await checkPage(page, '08d-roles-a-confirmer-direction')
    await page
      .getByRole('row', { name: /Nina Cadre/ })
      .getByRole('button', { name: 'Confirmer' })
      .click()
    await expect.poll(() => page.getByText(/Nina Cadre a désormais les rôles/).count()).toBe(1)
    await expect.poll(() => page.getByText('Aucune demande n’attend de confirmation.').count()).toBe(1)
    await checkPage(page, '08e-role-confirme-direction')
    const nina = await trame.db
      .selectFrom('users')
      .select('roles')
      .where('email', '=', 'nina.cadre@villebelle.fr')
      .executeTakeFirstOrThrow()
    expect(nina.roles).toContain('administrator')
    await page.context().close()
  })

  it('refuses a page and its API to a role without the right', async () => {
    const organisation = await trame.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()
    await trame.db
      .insertInto('users')
      .values({
        organisation_id: organisation.id,
        email: 'elu@villebelle.fr',
        name: 'Élu Analyste',
        password_hash: await hashPassword('mot de passe de l’élu'),
        roles: ['analyst'],
        status: 'active',
      })
      .execute()
    const page = await newPage()
    await signIn(page, 'elu@villebelle.fr', 'mot de passe de l’élu')
    await page.waitForURL((url) => url.pathname === '/')
    expect(await page.getByRole('link', { name: 'Personnes' }).count()).toBe(0)
    await page.goto(`${trame.baseUrl}/personnes`)
    await expect.poll(() => page.getByText(/Accès refusé/i).count()).toBeGreaterThan(0)
    await checkPage(page, '09-acces-refuse')
    const api = await page.evaluate(async () => {
      const response = await fetch('/api/people')
      return { status: response.status, body: await response.json() }
    })
    expect(api.status).toBe(403)
    expect(api.body.code).toBe('FORBIDDEN')
    await page.context().close()
  })

  // Fifteen pages, each checked by axe: longer than one journey on a machine shared by several runs.
  it('every other page passes axe: account, organisation, audit, people, password pages', {
    timeout: 240_000,
  }, async () => {
    const anonymous = await newPage()
    for (const [url, name] of [
      ['/connexion', '10-connexion'],
      ['/mot-de-passe-oublie', '11-mot-de-passe-oublie'],
      ['/reinitialiser-mot-de-passe?token=inconnu', '12-reinitialiser'],
      ['/invitation?token=inconnu', '13-invitation-invalide'],
      ['/page-qui-n-existe-pas', '14-introuvable'],
    ] as const) {
      await anonymous.goto(`${trame.baseUrl}${url}`)
      await anonymous.getByRole('heading', { level: 1 }).waitFor()
      await checkPage(anonymous, name)
    }
    await anonymous.context().close()

    const agent = await newPage()
    await signIn(agent, 'lea.accueil@villebelle.fr', 'mon mot de passe à moi')
    await agent.waitForURL((url) => url.pathname === '/')
    // The people pages' own journeys are in people.spec.ts.
    await agent.goto(`${trame.baseUrl}/personnes`)
    await agent.getByRole('heading', { name: 'Personnes', level: 1 }).waitFor()
    await checkPage(agent, '15-personnes')
    await agent.goto(`${trame.baseUrl}/compte`)
    await agent.getByRole('heading', { name: 'Mon compte' }).waitFor()
    await checkPage(agent, '17-compte')
    await agent.context().close()

    const admin = await newPage()
    await signIn(admin, ADMIN.email, ADMIN.password)
    await admin.waitForURL('**/connexion/code')
    await enterTotp(admin, await totpSecretOf(ADMIN.email, false))
    await admin.waitForURL((url) => url.pathname === '/')
    await admin.goto(`${trame.baseUrl}/admin/organisation`)
    await admin.getByLabel("Nom de l'équipe").fill('PAEJ')
    await admin.locator('label', { hasText: 'Équipe confidentielle' }).click()
    await admin.getByRole('button', { name: "Ajouter l'équipe" }).click()
    await expect.poll(() => admin.getByRole('cell', { name: 'PAEJ', exact: true }).count()).toBe(1)
    await checkPage(admin, '18-organisation')
    await admin.goto(`${trame.baseUrl}/admin/audit`)
    await expect
      .poll(() => admin.getByRole('cell', { name: 'Recherche de personnes' }).count())
      .toBeGreaterThan(0)
    await checkPage(admin, '19-audit')
    await admin.context().close()
  })
})
