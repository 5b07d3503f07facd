import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { scriptSaintEtienneCensus } from '../support/outreach-census-seed.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe de la maraude'
const directorSecret = newTotpSecret()
let teamId: string

/** A CCAS with a street team (one outreach agent), an analyst, a director, a zone and a partner service. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle')
  ;[teamId] = (await createTeams(trame, organisation, ['Équipe de rue'])) as [string]
  for (const [email, name, role, secret] of [
    ['karim.maraude@villebelle.fr', 'Karim Maraude', 'outreach_agent', false],
    ['ana.lyste@villebelle.fr', 'Ana Lyste', 'analyst', false],
    ['directrice@villebelle.fr', 'Claire Directrice', 'director', directorSecret],
  ] as const) {
    await createUser(trame, organisation.id, {
      email,
      name,
      password: PASSWORD,
      roles: [role],
      totp: secret,
      teamIds: role === 'outreach_agent' ? [teamId] : [],
    })
  }
  await db
    .insertInto('outreach_zones')
    .values({ organisation_id: organisation.id, name: 'Centre-ville' })
    .execute()
  for (const [partnerName, serviceName, category] of [
    ['Accueil de jour Le Relais', 'Accueil de jour', 'food'],
    ['Département du Rhin', 'PMI — protection maternelle et infantile', 'health'],
  ] as const) {
    const partner = await db
      .insertInto('partners')
      .values({ organisation_id: organisation.id, name: partnerName, city: 'Villebelle' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('partner_services')
      .values({
        organisation_id: organisation.id,
        partner_id: partner.id,
        name: serviceName,
        category,
        city: 'Villebelle',
      })
      .execute()
  }
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

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }

async function signedInPage(email: string, options: { phone?: boolean; totpSecret?: string } = {}) {
  const context: BrowserContext = await browser.newContext({
    locale: 'fr-FR',
    acceptDownloads: true,
    ...(options.phone ? PHONE : { viewport: { width: 1280, height: 1000 } }),
  })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD, totpSecret: options.totpSecret })
  return page
}

/** What the API answers, as the tests read it. */
type Json = ReturnType<typeof JSON.parse>

/** The API with the page's session (cookie and CSRF token), for preparing data the way the app would. */
async function apiOf(page: Page) {
  const base = trame.baseUrl
  const me = await (await page.request.get(`${base}/api/auth/me`)).json()
  const headers = { 'x-csrf-token': me.csrfToken as string }
  const check = async (response: Awaited<ReturnType<typeof page.request.get>>): Promise<Json> => {
    expect(response.status(), `${response.url()} ${await response.text()}`).toBeLessThan(300)
    return response.json()
  }
  return {
    get: async (url: string) => check(await page.request.get(`${base}${url}`)),
    post: async (url: string, data: unknown) =>
      check(await page.request.post(`${base}${url}`, { data, headers })),
  }
}

/** The encounters waiting in the phone's IndexedDB, as the app keeps them. */
const pendingInBrowser = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ key: string }[]>((resolve, reject) => {
        const open = indexedDB.open('trame')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const all = open.result.transaction('pending-encounters').objectStore('pending-encounters').getAll()
          all.onsuccess = () => resolve(all.result)
          all.onerror = () => reject(all.error)
        }
      }),
  )

describe('street outreach in a browser', () => {
  it('on a phone, an encounter recorded without network waits on the phone, then is sent once', async () => {
    const page = await signedInPage('karim.maraude@villebelle.fr', { phone: true })
    await page.goto(`${trame.baseUrl}/aller-vers/rencontres/nouvelle`)
    await page.getByRole('heading', { name: 'Nouvelle rencontre', level: 1 }).waitFor()
    // Loaded while the network is there: the team and the front desk's reasons.
    await expect
      .poll(() => page.getByLabel('Équipe', { exact: true }).locator('option:checked').textContent())
      .toBe('Équipe de rue')
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width, 'nothing overflows the 360 px screen').toBeLessThanOrEqual(360)
    await checkPage(page, '10-rencontre-formulaire-telephone')

    await page.context().setOffline(true)
    await page.getByText('Homme', { exact: true }).first().click()
    await page.getByLabel('Âge approximatif').fill('25')
    await page.getByLabel(/^Description/).fill('dort dehors, sac de couchage bleu')
    await page.getByText('À la rue', { exact: true }).click()
    await page.getByText('Alimentation', { exact: true }).click()
    await page.getByText('Information donnée', { exact: true }).click()
    await page.getByRole('button', { name: 'Enregistrer la rencontre' }).click()

    await page.getByRole('heading', { name: 'En attente d’envoi (1)' }).waitFor()
    await expect
      .poll(() =>
        page.getByText(/La rencontre « Homme, ~25 ans · À la rue » est gardée sur ce téléphone/).count(),
      )
      .toBe(1)
    expect(await page.getByText(/Pas de réseau : les rencontres restent sur cet appareil/).count()).toBe(1)
    // The form is ready for the next person.
    expect(await page.getByLabel('Âge approximatif').inputValue()).toBe('')
    await checkPage(page, '11-rencontre-hors-ligne-en-attente')
    const [pending] = await pendingInBrowser(page)
    const key = pending!.key
    const stored = () =>
      trame.db.selectFrom('outreach_encounters').select('id').where('idempotency_key', '=', key).execute()
    expect(await stored()).toHaveLength(0)

    // The network comes back, but the answer is lost on the way: the server has it, the phone does not know.
    let lostAnswers = 0
    await page.route('**/api/outreach/encounters', async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      await route.fetch()
      lostAnswers += 1
      return route.abort('internetdisconnected')
    })
    await page.context().setOffline(false)
    await expect.poll(() => lostAnswers).toBe(1)
    await expect.poll(async () => (await stored()).length).toBe(1)
    expect(await pendingInBrowser(page)).toHaveLength(1)
    await page.unroute('**/api/outreach/encounters')

    // Reloaded: the same entry is sent again with the same key, the server answers with the one it has.
    await page.reload()
    await expect
      .poll(() => page.getByText(/1 rencontre envoyée : plus rien en attente/).count(), { timeout: 20_000 })
      .toBe(1)
    expect(await page.getByRole('heading', { name: /En attente d’envoi/ }).count()).toBe(0)
    expect(await pendingInBrowser(page)).toHaveLength(0)
    expect(await stored()).toHaveLength(1)
    const api = await apiOf(page)
    const listed = (await api.get('/api/outreach/encounters')).items as {
      idempotencyKey: string
      anonymous: { sex: string; approximateAge: number; description: string }
      situation: string
    }[]
    const mine = listed.filter((e) => e.idempotencyKey === key)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({
      situation: 'sleeping_rough',
      anonymous: { sex: 'male', approximateAge: 25, description: 'dort dehors, sac de couchage bleu' },
    })
    await checkPage(page, '12-rencontre-envoyee')

    await page.goto(`${trame.baseUrl}/aller-vers/rencontres`)
    await page.getByRole('heading', { name: 'Rencontres', level: 1 }).waitFor()
    await expect.poll(() => page.getByText('1 rencontre', { exact: true }).count()).toBe(1)
    await checkPage(page, '13-rencontres-telephone')
    await page.context().close()
  }, 180_000)

  it('the encounter form asks the server nothing it refuses, and says “sent” alone once the kept encounter left', async () => {
    const page = await signedInPage('karim.maraude@villebelle.fr', { phone: true })
    const refused: string[] = []
    page.on('response', (response) => {
      if (response.url().includes('/api/') && response.status() >= 400)
        refused.push(
          `${response.request().method()} ${new URL(response.url()).pathname} → ${response.status()}`,
        )
    })
    await page.goto(`${trame.baseUrl}/aller-vers/rencontres/nouvelle`)
    await page.getByRole('heading', { name: 'Nouvelle rencontre', level: 1 }).waitFor()
    await page.waitForLoadState('networkidle')
    // Outside a round, no round sheet is asked for (it was `GET /api/outreach/rounds/` → 400).
    expect(refused).toEqual([])

    await page.context().setOffline(true)
    await page.getByText('Femme', { exact: true }).first().click()
    await page.getByLabel('Âge approximatif').fill('40')
    await page.getByText('À la rue', { exact: true }).click()
    await page.getByText('Information donnée', { exact: true }).click()
    await page.getByRole('button', { name: 'Enregistrer la rencontre' }).click()
    const kept = page.getByText(/La rencontre « Femme, ~40 ans · À la rue » est gardée sur ce téléphone/)
    await expect.poll(() => kept.count()).toBe(1)

    // The network comes back while the form is open: the encounter leaves, and the notice saying it
    // is kept goes with it.
    await page.context().setOffline(false)
    await expect.poll(() => page.getByText(/1 rencontre envoyée : plus rien en attente/).count()).toBe(1)
    expect(await kept.count()).toBe(0)
    await checkPage(page, '14-rencontre-partie-au-retour-du-reseau')
    expect(refused).toEqual([])
    await page.context().close()
  })

  it('plans a round, opens its sheet, records an encounter from it and closes it with the handouts', async () => {
    const page = await signedInPage('karim.maraude@villebelle.fr', { phone: true })
    const api = await apiOf(page)
    const zone = (await api.get('/api/outreach/zones')).items[0]
    await api.post('/api/outreach/places', {
      type: 'squat',
      name: 'Squat de la gare',
      address: '12 rue de la Gare',
      latitude: 45.4397,
      longitude: 4.3872,
      zoneId: zone.id,
      riskNotes: 'Chien non attaché, passer à deux.',
    })

    await page.goto(`${trame.baseUrl}/aller-vers`)
    await page.getByRole('heading', { name: 'Tournées', level: 1 }).waitFor()
    await checkPage(page, '20-tournees')
    await page.getByRole('link', { name: 'Planifier une tournée' }).click()
    await page.getByRole('heading', { name: 'Planifier une tournée' }).waitFor()
    await page.getByLabel('Début (facultatif)').fill('19:00')
    await page.getByLabel('Fin (facultatif)').fill('22:00')
    await page.getByText('En véhicule', { exact: true }).click()
    await page.getByLabel('Secteur').selectOption({ label: 'Centre-ville' })
    await expect
      .poll(() => page.getByLabel('Agent responsable').locator('option:checked').textContent())
      .toBe('Karim Maraude')
    await page.getByLabel(/^Partenaires/).fill('Croix-Rouge : 2 bénévoles')
    await checkPage(page, '21-tournee-planifier')
    await page.getByRole('button', { name: 'Planifier la tournée' }).click()

    const [year, month, day] = todayInFrance().split('-')
    await page.getByRole('heading', { name: `Tournée du ${day}/${month}/${year}, 19:00–22:00` }).waitFor()
    await page.getByRole('link', { name: 'Squat de la gare', exact: true }).waitFor()
    expect(await page.getByText('Chien non attaché, passer à deux.').count()).toBe(1)
    expect(await page.getByText('Croix-Rouge : 2 bénévoles').count()).toBe(1)
    await checkPage(page, '22-feuille-de-tournee')

    await page.getByRole('link', { name: /Rencontre sur ce lieu/ }).click()
    await page.getByRole('heading', { name: 'Nouvelle rencontre', level: 1 }).waitFor()
    await expect
      .poll(() => page.getByLabel('Lieu connu (facultatif)').locator('option:checked').textContent())
      .toBe('Squat de la gare (Squat)')
    await page.getByText('Nouvelle personne (surnom)').click()
    await page.getByLabel('Surnom', { exact: true }).fill('Jojo')
    await page.getByText('Homme', { exact: true }).first().click()
    await page.getByLabel('Âge approximatif (facultatif)').fill('40')
    await page
      .getByLabel('Étape de l’accompagnement (facultatif)')
      .selectOption({ label: 'Accompagnement accepté' })
    await page.getByText('En squat', { exact: true }).click()
    await page.getByText('Santé, soins', { exact: true }).click()
    await page.getByText('Orientation vers un partenaire', { exact: true }).click()
    await page.getByLabel('Service partenaire').fill('accueil de jour')
    await page.getByRole('button', { name: /Accueil de jour Le Relais — Accueil de jour/ }).click()
    await page.getByLabel('Personnes vues sur place (facultatif)').fill('4')
    await checkPage(page, '23-rencontre-pendant-la-tournee')
    await page.getByRole('button', { name: 'Enregistrer la rencontre' }).click()
    await expect.poll(() => page.getByText('Rencontre enregistrée pour « Jojo ».').count()).toBe(1)
    // Support accepted: Trame asks for the identity now, without having blocked the record.
    await page.getByText('La personne a accepté un accompagnement').waitFor()
    expect(
      await page.getByText(/Son dossier est à compléter, quand elle le voudra : Nom, Prénom/).count(),
    ).toBe(1)
    expect(await page.getByRole('link', { name: 'Compléter le dossier' }).count()).toBe(1)
    await checkPage(page, '24-rencontre-accompagnement-accepte')

    await page.getByRole('link', { name: 'Retour à la tournée' }).click()
    await page.getByRole('heading', { name: 'Rencontres de la tournée (1)' }).waitFor()
    expect(await page.getByText(/Dernière visite le .* : 4 personnes vues/).count()).toBe(1)
    await page.getByLabel('Repas', { exact: true }).fill('12')
    await page.getByLabel('Couvertures', { exact: true }).fill('3')
    await page.getByLabel('Remarques (facultatif)').fill('Froid vif, deux nouvelles personnes au squat.')
    await checkPage(page, '25-tournee-compte-rendu')
    await page.getByRole('button', { name: 'Clore la tournée' }).click()
    await expect.poll(() => page.getByText('Tournée close : compte rendu enregistré.').count()).toBe(1)
    expect(await page.getByText('Repas : 12').count()).toBe(1)
    expect(await page.getByText('Couvertures : 3').count()).toBe(1)
    expect(await page.getByText('Réalisée', { exact: true }).count()).toBeGreaterThan(0)
    await checkPage(page, '26-tournee-close')

    const round = await trame.db
      .selectFrom('outreach_rounds')
      .select(['id', 'status', 'mode'])
      .executeTakeFirstOrThrow()
    expect(round).toMatchObject({ status: 'done', mode: 'vehicle' })
    const handouts = await trame.db
      .selectFrom('outreach_round_handouts')
      .select('quantity')
      .where('round_id', '=', round.id)
      .where('quantity', '>', 0)
      .execute()
    expect(handouts.map((h) => h.quantity).sort()).toEqual([12, 3])
    await page.context().close()
  })

  it('a citizen report is triaged, given to a round, and answered by an encounter from the round sheet', async () => {
    const citizen = await browser.newContext({ locale: 'fr-FR', ...PHONE })
    const form = await citizen.newPage()
    await form.goto(`${trame.baseUrl}/signaler`)
    await form.getByRole('heading', { name: 'Signaler une personne en difficulté' }).waitFor()
    await form.getByText(/^Une personne en difficulté dans la rue/).click()
    await form.getByLabel('Lieu').fill('Devant la boulangerie, place du Marché')
    await form
      .getByRole('textbox', { name: /^Situation/ })
      .fill('Un homme âgé dort sur un banc depuis deux nuits, il semble avoir froid.')
    await form.getByText('J’ai lu les informations ci-dessus sur le traitement des données').click()
    await form.getByRole('button', { name: 'Envoyer le signalement' }).click()
    await form.getByText('Signalement envoyé', { exact: true }).waitFor()
    const reference = (await form.getByText(/^SIG-\d{4}-\d{6}$/).textContent()) ?? ''
    expect(reference).toMatch(/^SIG-\d{4}-\d{6}$/)
    await citizen.close()

    const page = await signedInPage('karim.maraude@villebelle.fr')
    const api = await apiOf(page)
    const zone = (await api.get('/api/outreach/zones')).items[0]
    const round = await api.post('/api/outreach/rounds', {
      date: todayInFrance(),
      startTime: '20:00',
      teamId,
      zoneId: zone.id,
    })

    // Triage: the zone, then the round that will pass by.
    await page.goto(`${trame.baseUrl}/signalements`)
    await page.getByRole('link', { name: reference }).click()
    await page.getByRole('heading', { name: `Signalement ${reference}` }).waitFor()
    await page.getByLabel('Secteur').selectOption({ label: 'Centre-ville' })
    await expect.poll(() => page.getByText('Secteur enregistré.').count()).toBe(1)
    const [year, month, day] = todayInFrance().split('-')
    await page
      .getByLabel('Tournée')
      .selectOption({ label: `Tournée du ${day}/${month}/${year} — Centre-ville` })
    await page.getByRole('button', { name: 'Attribuer', exact: true }).click()
    await expect.poll(() => page.getByText('Signalement attribué.').count()).toBe(1)

    // The round sheet lists it; the encounter is recorded from there.
    await page.goto(`${trame.baseUrl}/aller-vers/tournees/${round.id}`)
    await page.getByRole('heading', { name: 'Signalements ouverts du secteur Centre-ville' }).waitFor()
    await page.getByRole('link', { name: `Signalement ${reference}`, exact: true }).waitFor()
    expect(await page.getByText('Confié à cette tournée').count()).toBe(1)
    await checkPage(page, '30-feuille-de-tournee-signalement')
    await page.getByRole('link', { name: `Rencontre pour ce signalement ${reference}` }).click()
    await page.getByText(`En réponse au signalement ${reference}`).waitFor()
    await page.getByText('Homme', { exact: true }).first().click()
    await page.getByLabel('Âge approximatif').fill('75')
    await page.getByText('À la rue', { exact: true }).click()
    await page.getByText('Mise à l’abri ce soir', { exact: true }).click()
    await page.getByText('Appel au 115', { exact: true }).click()
    await checkPage(page, '31-rencontre-pour-un-signalement')
    await page.getByRole('button', { name: 'Enregistrer la rencontre' }).click()
    await expect.poll(() => page.getByText('Rencontre anonyme enregistrée.').count()).toBe(1)

    const report = await trame.db
      .selectFrom('reports')
      .select(['id', 'status', 'encounter_id', 'round_id'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow()
    expect(report.status).toBe('visited')
    expect(report.round_id).toBe(round.id)
    const encounter = await trame.db
      .selectFrom('outreach_encounters')
      .select(['id', 'round_id'])
      .where('id', '=', report.encounter_id!)
      .executeTakeFirstOrThrow()
    expect(encounter.round_id).toBe(round.id)

    // Visited: it leaves the round's open list once closed.
    await page.goto(`${trame.baseUrl}/signalements/${report.id}`)
    await page.getByText('Personne rencontrée', { exact: true }).click()
    await page.getByRole('button', { name: 'Clore le signalement' }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Clore le signalement' }).count()).toBe(0)
    await page.goto(`${trame.baseUrl}/aller-vers/tournees/${round.id}`)
    await page.getByRole('heading', { name: 'Rencontres de la tournée (1)' }).waitFor()
    await expect.poll(() => page.getByText('Aucun signalement ouvert.').count()).toBe(1)
    await page.context().close()
  })

  it('the census reproduces Saint-Étienne’s figures; the analyst reads it without a name and downloads it', async () => {
    const agent = await signedInPage('karim.maraude@villebelle.fr')
    await scriptSaintEtienneCensus(await apiOf(agent), teamId)
    await agent.context().close()

    const page = await signedInPage('ana.lyste@villebelle.fr')
    // The analyst's indicators share one menu of the navigation.
    await page.getByRole('button', { name: 'Indicateurs' }).click()
    await page.getByRole('link', { name: 'Recensement' }).first().click()
    await page.getByRole('heading', { name: 'Recensement de l’aller-vers' }).waitFor()
    await page.getByLabel('Du').fill('2022-07-01')
    await page.getByLabel('Au').fill('2022-10-31')
    await page
      .getByText(/^28 situations rencontrées, dont 13 ont accepté un accompagnement \(46\s%\)$/)
      .waitFor()
    expect(await page.getByText(/Le plus souvent : homme \(79\s%\), 18 à 30 ans \(64\s%\)\./).count()).toBe(1)
    expect(await page.getByText(/20 personnes connues et 8 situations anonymes/).count()).toBe(1)
    const ageTable = page.getByRole('table', { name: 'Par âge : situations rencontrées' })
    expect(await ageTable.getByRole('row', { name: /18 à 30 ans 18 64\s%/ }).count()).toBe(1)
    const sexTable = page.getByRole('table', { name: 'Par sexe : situations rencontrées' })
    expect(await sexTable.getByRole('row', { name: /Homme 22 79\s%/ }).count()).toBe(1)
    // Counts only: no name of the people met, and no outreach page with names for the analyst.
    const text = (await page.locator('main').textContent()) ?? ''
    for (const secret of ['Jeune 1', 'Homme 35', 'Mère', 'Ancien']) expect(text).not.toContain(secret)
    expect(await page.getByRole('link', { name: 'Tournées' }).count()).toBe(0)
    await checkPage(page, '40-recensement-analyste')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger (CSV)' }).click(),
    ])
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '')
    expect(csv.split('\r\n')).toContain('Ensemble;Situations rencontrées;28;')
    expect(csv.split('\r\n')).toContain('Ensemble;Accompagnement accepté;13;46,4 %')

    await page.goto(`${trame.baseUrl}/aller-vers`)
    await page.getByRole('heading', { name: 'Accès refusé' }).waitFor()
    await page.context().close()

    // On a phone, the same screen in one column.
    const phone = await signedInPage('ana.lyste@villebelle.fr', { phone: true })
    await phone.goto(`${trame.baseUrl}/indicateurs/recensement?from=2022-07-01&to=2022-10-31`)
    await phone.getByText(/^28 situations rencontrées/).waitFor()
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await checkPage(phone, '41-recensement-telephone')
    await phone.context().close()
  })

  it('the director sets the outreach, follows places, the caseload, a family and the map', async () => {
    const page = await signedInPage('directrice@villebelle.fr', { totpSecret: directorSecret })
    const api = await apiOf(page)

    await page
      .getByRole('link', { name: /^Aller.vers$/ })
      .first()
      .click()
    await page.getByRole('link', { name: 'Paramètres', exact: true }).click()
    await page.getByRole('heading', { name: 'Paramètres de l’aller-vers' }).waitFor()
    await expect.poll(() => page.getByLabel('Secteur 1').inputValue()).toBe('Centre-ville')
    await page.getByRole('button', { name: 'Ajouter' }).first().click()
    await page.getByLabel('Secteur 2').fill('Berges')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).first().click()
    await expect.poll(() => page.getByText('Secteurs enregistrés.').count()).toBe(1)
    await page.getByLabel('Jours sans contact avant l’alerte').fill('0')
    await page.getByRole('button', { name: 'Enregistrer le délai' }).click()
    await expect.poll(() => page.getByText('Au moins un jour.').count()).toBe(1)
    await page.getByLabel('Jours sans contact avant l’alerte').fill('60')
    await page.getByRole('button', { name: 'Enregistrer le délai' }).click()
    await expect.poll(() => page.getByText('Délai enregistré.').count()).toBe(1)
    await checkPage(page, '50-parametres')

    // A camp on the banks: created, visited, evacuated.
    await page.goto(`${trame.baseUrl}/aller-vers/lieux`)
    await page.getByRole('link', { name: 'Squat de la gare', exact: true }).waitFor()
    await checkPage(page, '51-lieux')
    await page.getByRole('link', { name: 'Nouveau lieu' }).click()
    await page.getByLabel('Type de lieu').selectOption({ label: 'Campement' })
    await page.getByLabel('Nom').fill('Camp des Berges')
    await page.getByRole('button', { name: 'Enregistrer le lieu' }).click()
    await expect.poll(() => page.getByText('Indiquez une adresse ou un point sur la carte.').count()).toBe(1)
    await page.getByLabel('Adresse ou repère').fill('Quai du Furan')
    await page.getByLabel('Secteur').selectOption({ label: 'Berges' })
    await page.getByLabel(/^Risques pour les agents/).fill('Tensions entre deux groupes.')
    await page.getByRole('button', { name: 'Enregistrer le lieu' }).click()
    await page.getByRole('heading', { name: 'Camp des Berges', level: 1 }).waitFor()
    await page.getByLabel('Personnes vues').fill('7')
    await page.getByRole('button', { name: 'Enregistrer la visite' }).click()
    await expect.poll(() => page.getByText('Visite enregistrée.').count()).toBe(1)
    await page.getByLabel('Nouveau statut').selectOption({ label: 'Évacué' })
    await page.getByRole('button', { name: 'Enregistrer le statut' }).click()
    await expect.poll(() => page.getByText('Statut enregistré.').count()).toBe(1)
    await expect.poll(() => page.getByRole('cell', { name: '7', exact: true }).count()).toBe(1)
    await checkPage(page, '52-lieu-detail')

    // A long list of places: the total said, 50 a page, the next page asked for from the server.
    for (let i = 1; i <= 55; i += 1) {
      await api.post('/api/outreach/places', {
        type: 'sleeping_spot',
        name: `Tente ${String(i).padStart(2, '0')}`,
        address: 'Parc de l’Europe',
      })
    }
    await page.goto(`${trame.baseUrl}/aller-vers/lieux`)
    const count = page.getByRole('status').filter({ hasText: /^\d+ lieux — 1 à 50 affichées$/ })
    await count.waitFor()
    const total = Number((await count.textContent())?.split(' ')[0])
    expect(total).toBeGreaterThanOrEqual(56)
    expect(await page.getByRole('link', { name: /^Tente \d\d$/ }).count()).toBeLessThan(55)
    await page.getByTitle('Page 2').click()
    await page.getByText(`${total} lieux — 51 à ${total} affichées`).waitFor()
    await page.getByRole('link', { name: 'Tente 55', exact: true }).waitFor()
    await checkPage(page, '52a-lieux-page-2')
    // A filter starts again from the first page.
    await page.getByLabel('Type').selectOption({ label: 'Squat' })
    await page.getByRole('link', { name: 'Squat de la gare', exact: true }).waitFor()
    await page
      .getByRole('status')
      .filter({ hasText: /^\d+ lieux?$/ })
      .waitFor()
    expect(await page.getByRole('link', { name: /^Tente/ }).count()).toBe(0)

    // The caseload: « Jojo » accepted support during the round; now in follow-up.
    await page.goto(`${trame.baseUrl}/aller-vers/file-active`)
    await page.getByRole('link', { name: '« Jojo »' }).waitFor()
    await checkPage(page, '53-file-active')
    await page.getByRole('button', { name: 'Gérer le suivi de « Jojo »' }).click()
    await page.getByLabel('Nouvelle étape').selectOption({ label: 'En suivi' })
    await page.getByRole('button', { name: 'Enregistrer l’étape' }).click()
    await expect.poll(() => page.getByText('Étape « En suivi » enregistrée.').count()).toBe(1)
    await checkPage(page, '54-file-active-suivi')

    // A family with incomplete rights, referred to the département's PMI.
    const mother = await api.post('/api/people', { lastName: 'Kovacs', firstNames: 'Ana', sex: 'female' })
    const child = await api.post('/api/people', {
      lastName: 'Kovacs',
      firstNames: 'Mila',
      birthDate: '2021-04-02',
    })
    await api.post('/api/households', {
      members: [
        { personId: mother.id, relationship: 'head' },
        { personId: child.id, relationship: 'child' },
      ],
    })
    await page.goto(`${trame.baseUrl}/aller-vers/familles`)
    await page.getByRole('heading', { name: 'Familles aux droits incomplets', level: 1 }).waitFor()
    await page.getByLabel('Rechercher la personne').fill('Kovacs Ana')
    await page.getByRole('button', { name: /KOVACS Ana/ }).click()
    await page.getByText('Foyer de 2 personnes.').waitFor()
    await checkPage(page, '55-familles')
    await page.getByRole('button', { name: 'Signaler la famille' }).click()
    await page.getByRole('heading', { name: /^Famille KOVACS Ana/ }).waitFor()
    await page
      .getByRole('group', { name: 'Couverture maladie' })
      .getByLabel('Statut')
      .selectOption({ label: 'Démarche en cours' })
    await page.getByRole('button', { name: 'Enregistrer les droits' }).click()
    await expect.poll(() => page.getByText('Droits enregistrés.').count()).toBe(1)
    await page.getByLabel(/^Service partenaire/).fill('PMI')
    await page.getByRole('button', { name: /Département du Rhin — PMI/ }).click()
    await page.getByRole('button', { name: 'Orienter la famille' }).click()
    await expect.poll(() => page.getByText('Orientation enregistrée.').count()).toBe(1)
    await checkPage(page, '56-famille')
    // The list counts the families it holds (paginated past 50) and leads back to this one.
    await page.goto(`${trame.baseUrl}/aller-vers/familles`)
    await page.getByRole('link', { name: /KOVACS Ana/ }).waitFor()
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: /^\d+ familles?$/ })
        .count(),
    ).toBe(1)
    // A filter sticks, and starts again from the first page (both in one change of the address).
    // The DSFR label covers its box: a person clicks the label.
    await page.getByText('Afficher aussi les familles dont le signalement est levé').click()
    await expect.poll(() => new URL(page.url()).searchParams.get('all')).toBe('true')
    expect(new URL(page.url()).searchParams.get('page')).toBe('1')
    await expect
      .poll(() => page.getByLabel('Afficher aussi les familles dont le signalement est levé').isChecked())
      .toBe(true)

    // The map: tiles cannot load here (no network in tests); the points are drawn and listed all the same.
    await api.post('/api/outreach/encounters', {
      idempotencyKey: crypto.randomUUID(),
      teamId,
      anonymous: { sex: 'female', approximateAge: 30 },
      situation: 'car',
      latitude: 45.4412,
      longitude: 4.3901,
    })
    await page.goto(`${trame.baseUrl}/aller-vers/carte`)
    await page.getByRole('heading', { name: /^Liste des points/ }).waitFor()
    await page.getByRole('link', { name: 'Squat de la gare', exact: true }).waitFor()
    expect(await page.getByRole('link', { name: 'Rencontre anonyme — Dans un véhicule' }).count()).toBe(1)
    expect(await page.locator('.leaflet-interactive').count()).toBeGreaterThanOrEqual(2)
    await checkPage(page, '57-carte')

    await page.goto(`${trame.baseUrl}/aller-vers/rencontres`)
    await page.getByRole('heading', { name: 'Rencontres', level: 1 }).waitFor()
    await checkPage(page, '58-rencontres')
    await page.getByRole('link', { name: 'Tournées', exact: true }).click()
    await page.getByRole('heading', { name: 'Tournées', level: 1 }).waitFor()
    await expect.poll(() => page.getByText('2 tournées', { exact: true }).count()).toBe(1)
    await checkPage(page, '59-tournees')
    await page.context().close()
  }, 180_000)
})
