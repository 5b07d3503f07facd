import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe de la maraude'
let reference: string
const directorSecret = newTotpSecret()
const ROUND_DATE = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
const roundLabel = `Tournée du ${ROUND_DATE.split('-').reverse().join('/')} — Centre-ville`

/** A CCAS with an outreach team, one outreach agent, a director, the neighbour network's coordinator and one zone. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle')
  const [teamId] = await createTeams(trame, organisation, ['Équipe d’aller-vers'])
  const user = await createUser(trame, organisation.id, {
    email: 'karim.maraude@villebelle.fr',
    name: 'Karim Maraude',
    password: PASSWORD,
    roles: ['outreach_agent'],
    teamIds: [teamId!],
  })
  await createUser(trame, organisation.id, {
    email: 'directrice@villebelle.fr',
    name: 'Claire Directrice',
    password: PASSWORD,
    roles: ['director'],
    totp: directorSecret,
  })
  await createUser(trame, organisation.id, {
    email: 'odile.coordination@villebelle.fr',
    name: 'Odile Coordination',
    password: PASSWORD,
    roles: ['volunteer_coordinator'],
  })
  const zone = await db
    .insertInto('outreach_zones')
    .values({ organisation_id: organisation.id, name: 'Centre-ville' })
    .returning('id')
    .executeTakeFirstOrThrow()
  // Next week's round in the centre: a report can be given to it.
  await db
    .insertInto('outreach_rounds')
    .values({
      organisation_id: organisation.id,
      round_date: ROUND_DATE,
      zone_id: zone.id,
      team_id: teamId!,
      created_by: user.id,
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

/** The public form, as a citizen opens it on a phone, without an account. */
async function publicFormOnPhone(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
  })
  const page = await context.newPage()
  await page.goto(`${trame.baseUrl}/signaler`)
  await page.getByRole('heading', { name: 'Signaler une personne en difficulté' }).waitFor()
  return page
}

describe('a citizen report, from the public form to its closing', () => {
  it('a citizen reports a person on a phone, without an account, and gets a reference', async () => {
    const page = await publicFormOnPhone()
    const context = page.context()
    await expect.poll(() => page.getByText('CCAS de Villebelle').count()).toBeGreaterThan(0)
    // The form first asks what the report is about, and shows nothing else until then.
    expect(await page.getByRole('button', { name: 'Envoyer le signalement' }).count()).toBe(0)
    await checkPage(page, '60-signaler-question')
    await page.getByText(/^Une personne en difficulté dans la rue/).click()
    await page.getByLabel('Lieu').waitFor()
    await checkPage(page, '60-signaler-formulaire')

    // Sent empty: French messages next to the fields.
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click()
    await expect
      .poll(() => page.getByText('Indiquez le lieu : une adresse, un carrefour, un repère.').count())
      .toBe(1)
    expect(await page.getByText('Décrivez la situation et la ou les personnes.').count()).toBe(1)
    expect(await page.getByText('Cochez cette case pour envoyer le signalement.').count()).toBe(1)
    await checkPage(page, '61-signaler-erreurs')

    await page.getByLabel('Lieu').fill('Sous le pont de la rue Balay, côté parking')
    await page
      .getByRole('textbox', { name: /^Situation/ })
      .fill('Un homme d’une trentaine d’années dort dehors depuis plusieurs nuits. Il tousse beaucoup.')
    await page.getByText('Non', { exact: true }).click()
    await page.getByText('La situation me semble urgente').click()
    await page.getByLabel('Adresse e-mail').fill('habitante@exemple.fr')
    await page.getByText('J’ai lu les informations ci-dessus sur le traitement des données').click()
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click()

    await page.getByText('Signalement envoyé', { exact: true }).waitFor()
    reference = (await page.getByText(/^SIG-\d{4}-\d{6}$/).textContent()) ?? ''
    expect(reference).toMatch(/^SIG-\d{4}-\d{6}$/)
    await checkPage(page, '62-signaler-envoye')

    // The acknowledgement e-mail carries the reference, nothing of the report.
    await expect
      .poll(() => trame.mailbox.received.filter((m) => m.to === 'habitante@exemple.fr').length)
      .toBe(1)
    const mail = trame.mailbox.received.find((m) => m.to === 'habitante@exemple.fr')!
    expect(mail.text).toContain(reference)
    expect(mail.text).not.toContain('Balay')
    await context.close()
  })

  it('a citizen reports an older neighbour who seems isolated at home; the coordinator finds it', async () => {
    const page = await publicFormOnPhone()
    const context = page.context()
    await page.getByText('Une personne âgée ou fragile qui semble isolée à son domicile').click()
    await page.getByLabel('Qui est la personne ?').waitFor()
    // Nothing of the street: no position, no children.
    expect(await page.getByRole('button', { name: 'Joindre ma position actuelle' }).count()).toBe(0)

    await page.getByRole('button', { name: 'Envoyer le signalement' }).click()
    const whoError = 'Indiquez qui est la personne : par exemple, une dame d’environ 80 ans qui vit seule.'
    await expect.poll(() => page.getByText(whoError).count()).toBe(1)
    expect(await page.getByText('Indiquez l’adresse de la personne, ou au moins sa rue.').count()).toBe(1)
    expect(await page.getByText('Décrivez ce qui inquiète au sujet de la personne.').count()).toBe(1)
    // Each message is tied to its field, for screen readers.
    const who = page.getByLabel('Qui est la personne ?')
    expect(await who.getAttribute('aria-invalid')).toBe('true')
    const describedBy = (await who.getAttribute('aria-describedby')) ?? ''
    const descriptions = await Promise.all(
      describedBy
        .split(' ')
        .filter(Boolean)
        .map((id) => page.locator(`[id="${id}"]`).textContent()),
    )
    expect(descriptions.join(' ')).toContain(whoError)
    await checkPage(page, '61b-signaler-isolement-erreurs')

    await who.fill('Une dame d’environ 85 ans, Mme Rose Lambert, qui vit seule')
    await page.getByLabel('Adresse de la personne').fill('8 rue des Tilleuls, 2e étage')
    await page
      .getByRole('textbox', { name: /^Ce qui vous inquiète/ })
      .fill('On ne la voit plus sortir depuis dix jours et ses volets restent fermés.')
    await page.getByText('Non, elle n’est pas au courant').click()
    await page.getByLabel('Téléphone').fill('06 12 34 56 78')
    await page.getByText('J’accepte d’être rappelé·e par l’équipe si elle a besoin de précisions').click()
    await page.getByText('J’ai lu les informations ci-dessus sur le traitement des données').click()
    await checkPage(page, '61c-signaler-isolement-formulaire')
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click()

    await page.getByText('Signalement envoyé', { exact: true }).waitFor()
    const homeReference = (await page.getByText(/^SIG-\d{4}-\d{6}$/).textContent()) ?? ''
    expect(homeReference).toMatch(/^SIG-\d{4}-\d{6}$/)
    expect(homeReference).not.toBe(reference)
    await checkPage(page, '62b-signaler-isolement-envoye')
    await context.close()

    // The neighbour network's coordinator finds it in the queue of reports, with what was written.
    const coordinator = await signedInPage('odile.coordination@villebelle.fr')
    await coordinator.goto(`${trame.baseUrl}/reseau/signalements`)
    await coordinator
      .getByText(/Mme Rose Lambert/)
      .first()
      .waitFor()
    expect(await coordinator.getByText(/ses volets restent fermés/).count()).toBeGreaterThan(0)
    expect(await coordinator.getByText(/8 rue des Tilleuls, 2e étage/).count()).toBeGreaterThan(0)
    expect(await coordinator.getByText(new RegExp(homeReference)).count()).toBeGreaterThan(0)
    await checkPage(coordinator, '62c-reseau-signalement-habitant')
    await coordinator.context().close()
  })

  it('an outreach agent finds it in the queue, takes it, marks it visited and closes it "personne rencontrée"', async () => {
    // The round met the man under the bridge: the encounter is recorded (by the outreach module).
    const agent = await trame.db
      .selectFrom('users')
      .select(['id', 'organisation_id'])
      .where('email', '=', 'karim.maraude@villebelle.fr')
      .executeTakeFirstOrThrow()
    await trame.db
      .insertInto('outreach_encounters')
      .values({
        organisation_id: agent.organisation_id,
        idempotency_key: crypto.randomUUID(),
        occurred_at: new Date(),
        address: 'Pont de la rue Balay',
        anonymous_sex: 'male',
        anonymous_age: 30,
        situation: 'sleeping_rough',
        created_by: agent.id,
      })
      .execute()

    const page = await signedInPage('karim.maraude@villebelle.fr')
    await page.getByRole('link', { name: 'Signalements' }).first().click()
    await page.getByRole('heading', { name: 'Signalements', level: 1 }).waitFor()
    await page.getByRole('link', { name: reference }).waitFor()
    expect(await page.getByText('Urgent', { exact: true }).count()).toBeGreaterThan(0)
    await checkPage(page, '63-signalements-file')

    await page.getByRole('link', { name: reference }).click()
    await page.getByRole('heading', { name: `Signalement ${reference}` }).waitFor()
    await page.getByLabel('Secteur').selectOption({ label: 'Centre-ville' })
    await expect.poll(() => page.getByText('Secteur enregistré.').count()).toBe(1)
    await checkPage(page, '64-signalement-detail')

    await page.getByLabel('Tournée').selectOption({ label: roundLabel })
    await page.getByRole('button', { name: 'Je m’en occupe' }).click()
    await expect.poll(() => page.getByText('Signalement attribué.').count()).toBe(1)
    await expect
      .poll(() =>
        page.getByText(`Attribué par Karim Maraude : confié à Karim Maraude, ${roundLabel}`).count(),
      )
      .toBe(1)

    const encounterPicker = page.getByLabel('Rencontre qui a répondu au signalement')
    const encounter = encounterPicker.locator('option', {
      hasText: 'Personne anonyme — Pont de la rue Balay',
    })
    await encounterPicker.selectOption((await encounter.getAttribute('value')) ?? '')
    await expect.poll(() => page.getByText('Rencontre liée au signalement.').count()).toBe(1)
    await page.getByLabel('Note de visite (facultatif)').fill('Passé avec la maraude du soir')
    await page.getByRole('button', { name: 'Marquer comme visité' }).click()
    await expect.poll(() => page.getByText('Signalement marqué comme visité.').count()).toBe(1)
    await checkPage(page, '65-signalement-visite')

    await page.getByText('Personne rencontrée', { exact: true }).click()
    await page.getByLabel('Note de clôture (facultatif)').fill('Orienté vers l’accueil de jour')
    await page.getByRole('button', { name: 'Clore le signalement' }).click()
    await expect
      .poll(() =>
        page.getByText('Personne rencontrée — Orienté vers l’accueil de jour', { exact: true }).count(),
      )
      .toBe(1)
    expect(await page.getByRole('button', { name: 'Clore le signalement' }).count()).toBe(0)
    await checkPage(page, '66-signalement-clos')

    const stored = await trame.db
      .selectFrom('reports')
      .select(['id', 'status', 'outcome', 'zone_id', 'encounter_id'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ status: 'closed', outcome: 'person_met' })
    expect(stored.encounter_id).not.toBeNull()
    expect(stored.zone_id).not.toBeNull()
    const events = await trame.db
      .selectFrom('report_events')
      .select('status')
      .where('report_id', '=', stored.id)
      .orderBy('at')
      .execute()
    expect(events.map((e) => e.status)).toEqual(['new', 'assigned', 'visited', 'closed'])

    // Out of the queue once closed; the report about an isolated person was never in it.
    await page.getByRole('link', { name: '← Retour aux signalements' }).click()
    await expect.poll(() => page.getByText('0 signalement', { exact: true }).count()).toBe(1)
    await page.context().close()
  })

  it('the coordinator enters a neighbour’s call about someone isolated at home', async () => {
    const page = await signedInPage('odile.coordination@villebelle.fr')
    await page.goto(`${trame.baseUrl}/signalements/nouveau`)
    await page.getByRole('heading', { name: 'Saisir un signalement' }).waitFor()
    await page.getByText('Une personne âgée ou fragile qui semble isolée à son domicile').click()
    await page.getByLabel('Source').selectOption({ label: 'Habitant·e, par téléphone' })
    await page.getByLabel('Qui est la personne ?').fill('Le monsieur du rez-de-chaussée, veuf depuis peu')
    await page.getByLabel('Adresse de la personne').fill('Rue Michelet, près de la boulangerie')
    await page.getByRole('textbox', { name: /^Ce qui inquiète/ }).fill('Il ne sort plus et maigrit.')
    await checkPage(page, '67b-signalement-saisie-isolement')
    await page.getByRole('button', { name: 'Enregistrer le signalement' }).click()
    await expect
      .poll(() => page.getByText(/la coordination du réseau de voisins solidaires le recevra/).count())
      .toBe(1)
    await page.goto(`${trame.baseUrl}/reseau/signalements`)
    await page
      .getByText(/veuf depuis peu/)
      .first()
      .waitFor()
    await page.context().close()
  })

  it('staff enter a report from the municipal police', async () => {
    const page = await signedInPage('karim.maraude@villebelle.fr')
    await page.goto(`${trame.baseUrl}/signalements/nouveau`)
    await page.getByRole('heading', { name: 'Saisir un signalement' }).waitFor()
    await page.getByLabel('Source').selectOption({ label: 'Police municipale' })
    await page.getByLabel('Lieu').fill('Place Jean-Jaurès, sous le kiosque')
    await page
      .getByRole('textbox', { name: /^Situation/ })
      .fill('Deux jeunes hommes installés depuis trois jours, signalés par la patrouille.')
    await checkPage(page, '67-signalement-saisie')
    await page.getByRole('button', { name: 'Enregistrer le signalement' }).click()
    await page.getByRole('heading', { name: /^Signalement SIG-\d{4}-\d{6}$/ }).waitFor()
    await expect.poll(() => page.getByText(/Police municipale, saisi par Karim Maraude/).count()).toBe(1)
    await page.context().close()
  })

  it('the director sets the triage delay and finds the link of the public form', async () => {
    const page = await signedInPage('directrice@villebelle.fr', directorSecret)
    await page.getByRole('button', { name: 'Administration' }).click()
    await page.getByRole('link', { name: 'Délai des signalements' }).first().click()
    await page.getByRole('heading', { name: 'Réglages des signalements' }).waitFor()
    await expect.poll(() => page.getByLabel('Délai de traitement (en jours)').inputValue()).toBe('7')
    await page.getByLabel('Délai de traitement (en jours)').fill('0')
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await expect.poll(() => page.getByText('Au moins 1 jour.').count()).toBe(1)
    await page.getByLabel('Délai de traitement (en jours)').fill('10')
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await expect.poll(() => page.getByText('Délai enregistré.').count()).toBe(1)
    expect(await page.getByRole('link', { name: /\/signaler\/[0-9a-f-]{36}$/ }).count()).toBe(1)
    await checkPage(page, '68-signalements-reglages')
    await page.context().close()
  })
})
