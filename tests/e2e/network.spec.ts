import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEMBER_REPORT_SOURCE } from '../../src/shared/network.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
let organisationId: string
let seniorId: string
const PASSWORD = 'mot de passe de la coordination'
const COORDINATOR = 'coordination@saint-quentin.fr'
const AGENT = 'ligne.seniors@saint-quentin.fr'
const NEIGHBOUR_PASSWORD = 'mot de passe de Jeanne'
const NEIGHBOUR = 'jeanne.voisine@exemple.fr'
const PARTNER = 'Les Petits Frères des Pauvres'
const PARTNER_EMAIL = 'saint-quentin@petitsfreres.test'

/** A CCAS with the seniors line's team, another team, a coordinator, an agent of the line, a partner. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Saint-Quentin')
  organisationId = organisation.id
  const [line] = await createTeams(trame, organisation, ['Ligne seniors', 'Service autonomie'])
  for (const [email, name, role] of [
    [COORDINATOR, 'Sophie Coordination', 'volunteer_coordinator'],
    [AGENT, 'Karim Accueil', 'front_desk_agent'],
  ] as const) {
    await createUser(trame, organisationId, {
      email,
      name,
      password: PASSWORD,
      roles: [role],
      teamIds: role === 'front_desk_agent' ? [line!] : [],
    })
  }
  await db
    .insertInto('partners')
    .values({ organisation_id: organisationId, name: PARTNER, city: 'Saint-Quentin', email: PARTNER_EMAIL })
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

async function lastMailTo(to: string, subject: string) {
  await expect
    .poll(() => trame.mailbox.received.some((m) => m.to === to && m.subject.includes(subject)), {
      timeout: 10_000,
    })
    .toBe(true)
  return trame.mailbox.received.filter((m) => m.to === to && m.subject.includes(subject)).at(-1)!
}

async function staffPage(email: string) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD })
  return page
}

/** A point of the map, as a coordinator's click there would give it. */
async function clickMap(scope: Page | Locator) {
  const map = scope.locator('section.point-map')
  await map.waitFor()
  await map.click({ position: { x: 180, y: 120 } })
  await expect.poll(() => scope.getByLabel('Latitude').inputValue()).toMatch(/^-?\d+(\.\d+)?$/)
}

describe('the neighbour network: settings, placing, a need from the seniors line, escalations, reports', () => {
  let coordinator: Page
  let neighbour: Page
  let agent: Page

  it('the coordinator sets the network and adds neighbourhood centres on the map', async () => {
    coordinator = await staffPage(COORDINATOR)
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
    seniorId = (await created.json()).id

    await coordinator.getByRole('link', { name: 'Voisins solidaires' }).first().click()
    await coordinator.getByRole('link', { name: 'Réglages', exact: true }).click()
    await coordinator.getByRole('heading', { name: 'Propositions et transmission des besoins' }).waitFor()
    await coordinator.getByLabel('Nombre de bénévoles sollicités par proposition').fill('2')
    await coordinator.getByLabel(/^Délai avant transmission/).fill('24')
    await coordinator.getByText('Une association partenaire du répertoire').click()
    await coordinator
      .getByRole('combobox', { name: /^Association partenaire/ })
      .selectOption({ label: PARTNER })
    await coordinator.getByLabel(/^Équipe de la ligne seniors/).selectOption({ label: 'Ligne seniors' })
    await coordinator.getByRole('button', { name: 'Enregistrer les réglages' }).click()
    await coordinator.getByText('Réglages enregistrés.').waitFor()

    // A first centre: a click on the map gives the point, the fields then refine it.
    await coordinator.getByLabel('Nom du quartier').fill('Centre-ville')
    await clickMap(coordinator)
    await coordinator.getByLabel('Latitude').fill('49,8465')
    await coordinator.getByLabel('Longitude').fill('3,2876')
    await coordinator.getByRole('button', { name: 'Ajouter le quartier' }).click()
    await coordinator.getByText('Quartier « Centre-ville » ajouté.').waitFor()
    // A second one typed by hand; a centre without its point is refused next to the fields.
    await coordinator.getByLabel('Nom du quartier').fill('Europe')
    await coordinator.getByRole('button', { name: 'Ajouter le quartier' }).click()
    await coordinator.getByText('Cliquez sur la carte ou indiquez la latitude.').waitFor()
    await coordinator.getByLabel('Latitude').fill('49.8600')
    await coordinator.getByLabel('Longitude').fill('3.3100')
    await coordinator.getByRole('button', { name: 'Ajouter le quartier' }).click()
    await coordinator.getByText('Quartier « Europe » ajouté.').waitFor()
    await expect
      .poll(() => coordinator.getByRole('cell', { name: 'Centre-ville', exact: true }).count())
      .toBe(1)
    await checkPage(coordinator, '70-reseau-reglages')

    // Kept: the page read again shows the settings saved.
    await coordinator.reload()
    await expect
      .poll(() =>
        coordinator
          .getByRole('combobox', { name: /^Association partenaire/ })
          .locator('option:checked')
          .textContent(),
      )
      .toBe(PARTNER)
    expect(await coordinator.getByLabel(/^Délai avant transmission/).inputValue()).toBe('24')
  })

  it('a neighbour signs up on a phone, picking her neighbourhood', async () => {
    const context = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 360, height: 740 },
      isMobile: true,
    })
    neighbour = await context.newPage()
    await neighbour.goto(`${trame.baseUrl}/benevoles/inscription`)
    await neighbour.getByRole('heading', { name: 'Devenir voisin solidaire' }).waitFor()
    await neighbour.getByText('CCAS de Saint-Quentin').first().waitFor()
    // Sent empty: French messages next to the fields.
    await neighbour.getByRole('button', { name: 'S’inscrire' }).click()
    await expect.poll(() => neighbour.getByText('Choisissez au moins un type d’aide.').count()).toBe(1)
    await checkPage(neighbour, '71-benevole-inscription-erreurs')

    await neighbour.getByLabel('Prénom').fill('Jeanne')
    await neighbour.getByLabel('Nom', { exact: true }).fill('Voisine')
    await neighbour.getByLabel('Adresse e-mail').fill(NEIGHBOUR)
    await neighbour.getByLabel('Téléphone').fill('06 12 34 56 78')
    await neighbour.getByLabel(/^Mot de passe/).fill(NEIGHBOUR_PASSWORD)
    await neighbour.getByLabel(/^Quartier/).selectOption({ label: 'Centre-ville' })
    await neighbour.getByText('Courses', { exact: true }).click()
    await neighbour.getByText('Visite de courtoisie', { exact: true }).click()
    await neighbour.getByLabel('Mardi après-midi').check()
    await neighbour.getByText('J’ai lu la charte du bénévole et je m’engage à la respecter').click()
    await neighbour.getByRole('button', { name: 'S’inscrire' }).click()
    await neighbour.getByText('Inscription enregistrée').waitFor()
    await checkPage(neighbour, '72-benevole-inscrit')
    const mail = await lastMailTo(NEIGHBOUR, 'Votre inscription')
    expect(mail.text).toContain('va examiner votre candidature')

    // Another neighbour signs up without a neighbourhood nor an address Trame can place.
    const other = await fetch(`${trame.baseUrl}/api/public/network/${organisationId}/volunteers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'paul.martin@exemple.fr',
        password: 'mot de passe de Paul',
        firstName: 'Paul',
        lastName: 'Martin',
        phone: '06 98 76 54 32',
        helpKinds: ['shopping'],
        availability: ['sat_morning'],
        maxDistanceKm: 5,
        charterVersion: '2026-1',
      }),
    })
    expect(other.status).toBe(201)
  })

  it('the coordinator approves them: one is placed by her neighbourhood, the other placed by hand', async () => {
    await coordinator.getByRole('link', { name: 'Bénévoles', exact: true }).click()
    const jeanne = coordinator.getByRole('region', { name: 'Jeanne Voisine' })
    const paul = coordinator.getByRole('region', { name: 'Paul Martin' })
    await jeanne.waitFor()
    await paul.waitFor()
    expect(await jeanne.getByText('Non placé').count()).toBe(0)
    await jeanne.getByText(/quartier Centre-ville/).waitFor()
    expect(await paul.getByText('Non placé').count()).toBe(1)
    await checkPage(coordinator, '73-coordination-benevoles')

    await jeanne.getByRole('button', { name: 'Valider' }).click()
    await expect.poll(() => jeanne.count()).toBe(0)
    const approved = await lastMailTo(NEIGHBOUR, 'validée')
    expect(approved.text).toContain(`${trame.baseUrl}/benevoles`)

    // Paul is placed at a point of the map, a little away from the centre.
    await paul.getByRole('button', { name: 'Placer' }).click()
    const placing = coordinator.getByRole('form', { name: 'Placer Paul Martin' })
    await placing.getByText('À un point de la carte').click()
    await clickMap(placing)
    await placing.getByLabel('Latitude').fill('49.8500')
    await placing.getByLabel('Longitude').fill('3.2950')
    await checkPage(coordinator, '74-coordination-placer-benevole')
    await placing.getByRole('button', { name: 'Enregistrer la position' }).click()
    await expect.poll(() => paul.getByText('Non placé').count()).toBe(0)
    await paul.getByRole('button', { name: 'Valider' }).click()
    await expect.poll(() => paul.count()).toBe(0)

    await coordinator.getByLabel('Statut').selectOption({ label: 'Validé' })
    await coordinator.getByRole('heading', { name: 'Bénévoles placés (2 sur 2)' }).waitFor()
    await checkPage(coordinator, '75-coordination-benevoles-places')
  })

  it('the seniors line logs a call and asks for a neighbour’s help: a weekly need, sent to the coordinator', async () => {
    agent = await staffPage(AGENT)
    await agent.getByRole('heading', { name: 'Nouveau contact' }).waitFor()
    await agent.getByText('Téléphone (numéro unique)').click()
    await agent.getByLabel('Équipe concernée', { exact: true }).selectOption({ label: 'Ligne seniors' })
    await agent.getByLabel('Rechercher une personne').fill('Delaunay')
    await agent.getByRole('button', { name: /DELAUNAY Marcelle/ }).click()
    await agent.getByRole('button', { name: 'Enregistrer le contact' }).click()
    await agent.getByText('Contact enregistré pour DELAUNAY Marcelle.').waitFor()
    await checkPage(agent, '76-accueil-appel-ligne-seniors')

    await agent.getByRole('link', { name: 'Demander l’aide d’un voisin solidaire' }).click()
    // The agent does not coordinate: the link leads to the form, with the senior and the call.
    await agent.waitForURL((url) => url.pathname === '/reseau/besoins/nouveau')
    expect(new URL(agent.url()).searchParams.get('contact')).toMatch(/^[0-9a-f-]{36}$/)
    await agent.getByText('Demande reçue par la ligne seniors').waitFor()
    await agent.getByText('DELAUNAY Marcelle').waitFor()
    await agent.getByLabel('Type d’aide').selectOption({ label: 'Courses' })
    await agent.getByLabel(/^Fréquence/).selectOption({ label: 'Chaque semaine' })
    await agent.getByLabel(/^Quartier/).selectOption({ label: 'Centre-ville' })
    await agent.getByLabel(/^Description/).fill('Courses de la semaine : pain, lait, fruits.')
    await agent.getByRole('button', { name: 'Enregistrer le besoin' }).click()
    await agent.getByText(/Besoin enregistré et transmis à la coordination du réseau/).waitFor()
    // The form is blank again: the next need is not tied to this call.
    expect(new URL(agent.url()).search).toBe('')
    await checkPage(agent, '77-accueil-besoin-demande')
  })

  it('the coordinator offers it; the neighbour accepts and marks it done; next week’s is hers already', async () => {
    await coordinator.getByRole('link', { name: 'Besoins', exact: true }).click()
    const need = coordinator.getByRole('region', { name: 'Courses — DELAUNAY Marcelle' })
    await need.waitFor()
    await need.getByText(/demande de la ligne seniors/).waitFor()
    await need.getByText('Chaque semaine').waitFor()
    await need.getByText(/Placé sur la carte : les bénévoles sont classés par distance/).waitFor()
    await need.getByRole('button', { name: 'Voir le classement' }).click()
    await need.getByText(/Jeanne Voisine — 0 km/).waitFor()
    await need.getByText(/Paul Martin — \d+,\d km/).waitFor()
    await need.getByRole('button', { name: 'Proposer aux 2 meilleurs bénévoles' }).click()
    await need.getByText(/proposé à 2 bénévole\(s\)/).waitFor()
    await checkPage(coordinator, '78-coordination-besoin-propose')

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
    await checkPage(neighbour, '79-benevole-besoins')

    await neighbour.getByRole('button', { name: 'J’accepte ce besoin' }).click()
    await neighbour.getByText(/12 rue de la Sellerie, 02100 Saint-Quentin/).waitFor()
    await neighbour.getByText(/Ce besoin revient chaque semaine/).waitFor()
    await checkPage(neighbour, '79a-benevole-besoin-accepte')

    await neighbour.getByLabel(/^Compte rendu/).fill('Courses livrées, Mme Delaunay va bien.')
    await neighbour.getByRole('button', { name: 'Marquer réalisé' }).click()
    await neighbour
      .getByText(/Merci ! Comme il revient chaque semaine, celui de la semaine suivante/)
      .waitFor()
    // The next occurrence is hers, with the senior's details; the one done no longer shows them.
    await expect.poll(() => neighbour.getByText('Réalisé', { exact: true }).count()).toBe(1)
    await expect.poll(() => neighbour.getByText('Pris par vous', { exact: true }).count()).toBe(1)
    expect(await neighbour.getByText(/Sellerie/).count()).toBe(1)
    // Each part of her list says how many it holds.
    await neighbour.getByRole('region', { name: 'Mes besoins réalisés' }).getByText('1 besoin').waitFor()
    await neighbour.getByRole('region', { name: 'Mes besoins en cours' }).getByText('1 besoin').waitFor()
    await checkPage(neighbour, '79b-benevole-semaine-suivante')
  })

  it('the neighbour gives next week’s need back: it waits for a volunteer again', async () => {
    await neighbour.getByRole('button', { name: 'Je ne peux plus assurer cette aide' }).click()
    await neighbour.getByText(/Confirmez-vous/).waitFor()
    await checkPage(neighbour, '79c-benevole-rendre-besoin')
    await neighbour.getByRole('button', { name: 'Oui, je rends ce besoin' }).click()
    await neighbour.getByText(/Vous avez rendu ce besoin/).waitFor()
    await neighbour.getByText('Aucun besoin en cours.').waitFor()
    expect(await neighbour.getByText(/Sellerie/).count()).toBe(0)

    await coordinator.reload()
    const next = coordinator.getByRole('region', { name: 'Courses — DELAUNAY Marcelle' }).filter({
      hasText: 'Occurrence suivante d’un besoin hebdomadaire',
    })
    await next.getByText('Ouvert', { exact: true }).waitFor()
    await next.getByText(/la précédente a été réalisée le/).waitFor()
  })

  it('needs nobody took are escalated, by Trame once the delay ran out or by hand; what came of it is recorded', async () => {
    // A need no volunteer offers, escalated by hand to a team.
    await coordinator.getByRole('link', { name: 'Saisir un nouveau besoin' }).click()
    await coordinator.getByLabel('Rechercher la personne').fill('Delaunay')
    await expect
      .poll(() => coordinator.getByLabel('Personne', { exact: true }).locator('option').count())
      .toBe(2)
    await coordinator.getByLabel('Personne', { exact: true }).selectOption({ index: 1 })
    await coordinator.getByLabel('Type d’aide').selectOption({ label: 'Petits travaux' })
    await coordinator.getByRole('button', { name: 'Enregistrer le besoin' }).click()
    await coordinator.getByText(/Besoin enregistré : proposez-le aux bénévoles/).waitFor()
    await coordinator.getByRole('link', { name: 'Retour à la liste des besoins' }).click()
    const works = coordinator.getByRole('region', { name: 'Petits travaux — DELAUNAY Marcelle' })
    await works.getByRole('button', { name: 'Transmettre…' }).click()
    await works.getByRole('button', { name: 'Transmettre le besoin' }).click()
    await works.getByText('Choisissez l’association partenaire ou indiquez son nom.').waitFor()
    await works.getByText('Une équipe interne').click()
    await works.getByLabel('Équipe', { exact: true }).selectOption({ label: 'Service autonomie' })
    await works.getByRole('button', { name: 'Transmettre le besoin' }).click()
    await works.getByText('Transmis par la coordination').waitFor()
    await works.getByText(/à Service autonomie \(équipe interne\)/).waitFor()

    // The weekly need given back waited past its delay: the sweep sends it to the partner of the settings.
    const waiting = await trame.db
      .selectFrom('network_needs')
      .select('id')
      .where('previous_need_id', 'is not', null)
      .executeTakeFirstOrThrow()
    await trame.db
      .updateTable('network_needs')
      .set({ waiting_since: new Date(Date.now() - 100 * 3_600_000) })
      .where('id', '=', waiting.id)
      .execute()
    expect(await trame.runJob('network.escalate-waiting-needs')).toBe(1)
    // The partner is told what kind of help, never who.
    const toPartner = await lastMailTo(PARTNER_EMAIL, 'Demande d’aide transmise')
    expect(toPartner.text).not.toContain('Delaunay')

    // The e-mails to the coordinators link to the escalated needs.
    await coordinator.goto(`${trame.baseUrl}/reseau/besoins?statut=escalated`)
    await expect
      .poll(() => coordinator.getByLabel('Statut').locator('option:checked').textContent())
      .toBe('Transmis')
    const automatic = coordinator.getByRole('region', { name: 'Courses — DELAUNAY Marcelle' })
    await automatic.getByText('Transmis automatiquement').waitFor()
    await automatic.getByText(new RegExp(`à ${PARTNER} \\(association partenaire\\)`)).waitFor()
    await expect.poll(() => coordinator.getByRole('region', { name: /DELAUNAY Marcelle/ }).count()).toBe(2)
    await automatic.getByLabel(/^Suite donnée par l’association/).fill('Visite de l’association jeudi.')
    await automatic.getByRole('button', { name: 'Enregistrer la suite' }).click()
    await automatic.getByText(/Suite donnée \(notée le .+\) : Visite de l’association jeudi\./).waitFor()
    await checkPage(coordinator, '79d-coordination-besoins-transmis')
  })

  it('a report from a neighbour is closed "transmis à l’équipe du registre"', async () => {
    await neighbour
      .getByLabel('Ce qui vous inquiète')
      .fill('Mon voisin du 3e ne sort plus depuis une semaine.')
    await neighbour.getByLabel(/^Où/).fill('Rue d’Isle')
    await neighbour.getByRole('button', { name: 'Envoyer à la coordinatrice' }).click()
    await neighbour.getByText('Merci : la coordinatrice a reçu votre signalement.').waitFor()

    await coordinator.getByRole('link', { name: 'Signalements du réseau' }).click()
    const report = coordinator.getByRole('region', { name: /^Signalement du / })
    await report.getByText('par Jeanne Voisine · Rue d’Isle').waitFor()
    await report.getByText(MEMBER_REPORT_SOURCE.labels.volunteer, { exact: true }).waitFor()
    await report.getByRole('button', { name: 'Clore le signalement' }).click()
    await report.getByText('Choisissez la suite donnée.').waitFor()
    await report.getByText('Transmis à l’équipe du registre').click()
    await report.getByLabel(/^Note/).fill('À appeler avant la canicule.')
    await checkPage(coordinator, '79e-coordination-signalement')
    await report.getByRole('button', { name: 'Clore le signalement' }).click()
    await coordinator.getByText('Aucun signalement.').waitFor()
    await coordinator.getByLabel('Afficher').selectOption({ label: 'Clos' })
    await coordinator
      .getByText(/Clos le .+ — Transmis à l’équipe du registre : À appeler avant la canicule\./)
      .waitFor()
  })

  it('the dashboard counts the line’s calls, the needs met and the escalations', async () => {
    await coordinator.getByRole('link', { name: 'Tableau de bord' }).click()
    await coordinator.getByText(/besoin\(s\) réalisé\(s\) sur la période : courses 100 %/).waitFor()
    await coordinator.getByText('Appels sur la ligne seniors : 1').waitFor()
    await coordinator
      .getByText('Besoins transmis à un partenaire ou une équipe : 2, dont 1 automatiquement (délai dépassé)')
      .waitFor()
    await checkPage(coordinator, '79f-coordination-tableau-de-bord')
  })

  it('a neighbour who gave back as many needs as the week allows is told in French she cannot accept more', async () => {
    await coordinator.getByRole('link', { name: 'Réglages', exact: true }).click()
    await coordinator.getByLabel(/^Besoins qu’un bénévole peut rendre en 7 jours/).fill('1')
    await coordinator.getByRole('button', { name: 'Enregistrer les réglages' }).click()
    await coordinator.getByText('Réglages enregistrés.').waitFor()

    // The seniors line enters a new need near her: she gave one back this week, which is now the limit.
    const me = await (await agent.request.get(`${trame.baseUrl}/api/auth/me`)).json()
    const need = await agent.request.post(`${trame.baseUrl}/api/network/needs`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { personId: seniorId, kind: 'shopping', latitude: 49.8465, longitude: 3.2876 },
    })
    expect(need.status(), await need.text()).toBe(201)
    await neighbour.reload()
    await neighbour.getByRole('heading', { name: 'Besoins du quartier' }).waitFor()
    await neighbour.getByRole('button', { name: 'J’accepte ce besoin' }).first().click()
    await neighbour
      .getByText(
        /Vous avez rendu 1 besoin ces 7 derniers jours : pour protéger les personnes aidées, vous pourrez de nouveau en accepter à partir du \d{2}\/\d{2}\/\d{4}\./,
      )
      .waitFor()
    expect(await neighbour.getByText(/Sellerie/).count()).toBe(0)
    await checkPage(neighbour, '79g-benevole-limite-hebdomadaire')
  })

  it('a neighbourhood with more needs than a page shows its total and pages on the server', async () => {
    const me = await (await agent.request.get(`${trame.baseUrl}/api/auth/me`)).json()
    for (let i = 0; i < 50; i += 1) {
      const need = await agent.request.post(`${trame.baseUrl}/api/network/needs`, {
        headers: { 'x-csrf-token': me.csrfToken },
        data: { personId: seniorId, kind: 'phone_call', latitude: 49.8465, longitude: 3.2876 },
      })
      expect(need.status(), await need.text()).toBe(201)
    }
    await neighbour.reload()
    const neighbourhood = neighbour.getByRole('region', { name: 'Besoins du quartier' })
    const count = neighbourhood.getByText(/^\d+ besoins — 1 à 50 affichées$/)
    await count.waitFor()
    const total = Number((await count.textContent())?.split(' ')[0])
    expect(total).toBeGreaterThan(50)
    expect(await neighbourhood.getByRole('button', { name: 'J’accepte ce besoin' }).count()).toBe(50)
    await neighbourhood.getByTitle('Page 2').click()
    await neighbourhood.getByText(`${total} besoins — 51 à ${total} affichées`).waitFor()
    await expect
      .poll(() => neighbourhood.getByRole('button', { name: 'J’accepte ce besoin' }).count())
      .toBe(total - 50)
    await checkPage(neighbour, '79h-benevole-besoins-page-2')
  }, 180_000)
})
