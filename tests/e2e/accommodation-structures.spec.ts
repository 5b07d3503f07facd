import { parse } from 'csv-parse/sync'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStay } from '../../src/server/modules/accommodation/accommodation.test-factories.ts'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createBarePerson, createTeams, createUser } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
let organisationId: string
let teamId: string
const PASSWORD = 'mot de passe de l’hébergement'
const adminSecret = newTotpSecret()
const today = todayInFrance()
const frenchToday = today.split('-').reverse().join('/')

/** A CCAS with its administrator (who sets structures up), a social worker, a hospital as partner. */
async function seed() {
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle', 'Point solidarité centre')
  organisationId = organisation.id
  ;[teamId] = (await createTeams(trame, organisation, ['Accueil social'])) as [string]
  await createUser(trame, organisation.id, {
    email: 'admin@villebelle.fr',
    name: 'Alix Administratrice',
    password: PASSWORD,
    roles: ['administrator'],
    totp: adminSecret,
  })
  await createUser(trame, organisation.id, {
    email: 'ts@villebelle.fr',
    name: 'Sam Travailleur',
    password: PASSWORD,
    roles: ['social_worker'],
    teamIds: [teamId],
  })
  await trame.db
    .insertInto('partners')
    .values({ organisation_id: organisation.id, name: 'Centre hospitalier de Villebelle' })
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
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { email, password: PASSWORD, totpSecret })
  return page
}

const shows = (page: Page, text: string | RegExp) =>
  expect.poll(() => page.getByText(text).count()).toBeGreaterThan(0)

describe('accommodation structures in a browser', () => {
  let structureUrl: string

  it('the administrator sets up the LHSS: its rooms and beds, a bed out of service, an agreement', async () => {
    const page = await signedInPage('admin@villebelle.fr', adminSecret)
    await page.goto(`${trame.baseUrl}/hebergement/structures`)
    await page.getByRole('heading', { level: 1, name: 'Structures d’hébergement' }).waitFor()
    await shows(page, 'Aucune structure pour l’instant.')
    // A refused form says why, under the field.
    await page.getByRole('button', { name: 'Créer la structure' }).click()
    await shows(page, 'Ce champ est obligatoire.')
    await page.getByLabel('Type de structure').selectOption('lhss')
    // The LHSS' defaults: stays of two months, a medical opinion.
    await expect.poll(() => page.getByLabel('Durée de séjour prévue (mois)').inputValue()).toBe('2')
    expect(await page.getByLabel('Avis médical requis').isChecked()).toBe(true)
    await page.getByLabel('Nom', { exact: true }).fill('LHSS Les Tilleuls')
    await page.getByLabel('Capacité (places)').fill('6')
    await page.getByLabel('Ouverte le').fill('2017-04-01')
    await page.getByLabel('Commune', { exact: true }).fill('Villebelle')
    await checkPage(page, 'acc-01-structures-nouvelle')
    await page.getByRole('button', { name: 'Créer la structure' }).click()
    await page.getByRole('heading', { level: 1, name: 'LHSS Les Tilleuls' }).waitFor()
    await shows(page, 'Séjour prévu : 2 mois · Avis médical requis · Validation de la direction requise')
    structureUrl = page.url()

    await page.getByRole('button', { name: 'Modifier la structure' }).click()
    await page
      .getByLabel('Personnel sur place (hôte, veilleur…)')
      .fill('Infirmière de jour, veilleur de nuit')
    await page.getByRole('button', { name: 'Enregistrer la structure' }).click()
    await shows(page, 'Structure enregistrée.')
    await shows(page, 'Sur place : Infirmière de jour, veilleur de nuit')

    // A single room, then the double room with its two beds.
    await page.getByLabel('Nom (Chambre 1, T2 Canal…)').fill('Chambre 1')
    await page.getByLabel('Places (leurs noms, séparés par des virgules)').fill('lit')
    await page.getByRole('button', { name: 'Ajouter la chambre ou le logement' }).click()
    await shows(page, 'Chambre ou logement ajouté.')
    await page.getByLabel('Nom (Chambre 1, T2 Canal…)').fill('Chambre 5')
    await page.getByLabel('Occupation').selectOption('double')
    await page.getByLabel('Places (leurs noms, séparés par des virgules)').fill('a, a')
    await page.getByRole('button', { name: 'Ajouter la chambre ou le logement' }).click()
    await shows(page, 'Deux places portent le même nom.')
    await page.getByLabel('Places (leurs noms, séparés par des virgules)').fill('a, b')
    await page.getByText('Accessible aux personnes à mobilité réduite').click()
    await page.getByRole('button', { name: 'Ajouter la chambre ou le logement' }).click()
    await shows(page, /Chambre 5.*Double · accessible PMR/)

    // A bed added to room 1, retired, and put back.
    await page.getByLabel('Nouvelle place dans Chambre 1').fill('appoint')
    await page.getByRole('button', { name: 'Ajouter la place' }).first().click()
    await shows(page, 'Place ajoutée.')
    await page.getByRole('button', { name: 'Retirer la place appoint' }).click()
    await shows(page, 'Place appoint (retirée)')
    await page.getByRole('button', { name: 'Remettre la place appoint' }).click()
    await page.getByRole('button', { name: 'Retirer la place appoint' }).waitFor()
    await shows(page, 'Capacité : 6 places déclarées, 4 places en service')

    // Bed 5a out of service since three days ago; a second closure over the same days is refused.
    await page.getByLabel('Place', { exact: true }).selectOption({ label: 'Chambre 5 – place a' })
    await page.getByLabel('Raison').fill('Dégât des eaux')
    await page.getByLabel('Hors service à partir du').fill(addDays(today, -3))
    await page.getByRole('button', { name: 'Mettre hors service' }).click()
    await shows(page, 'Place mise hors service.')
    await shows(page, 'jusqu’à nouvel ordre')
    await page.getByLabel('Place', { exact: true }).selectOption({ label: 'Chambre 5 – place a' })
    await page.getByLabel('Raison').fill('Peinture')
    await page.getByRole('button', { name: 'Mettre hors service' }).click()
    await shows(page, 'Cette place est déjà hors service sur une partie de ces dates.')

    // The hospital's agreement, to renew within its reminder.
    await page.getByLabel('Partenaire').selectOption({ label: 'Centre hospitalier de Villebelle' })
    await page.getByLabel('Objet de la convention').fill('Convention LHSS – hôpital')
    await page.getByLabel('Début', { exact: true }).fill('2024-01-01')
    await page.getByLabel('Fin', { exact: true }).fill(addDays(today, 20))
    await page.getByRole('button', { name: 'Enregistrer la convention' }).click()
    await shows(page, 'Convention enregistrée.')
    await shows(page, /À renouveler \(dès le/)
    await checkPage(page, 'acc-02-structure')
    await page.context().close()
  })

  it('the administrator reads the board without names, sets who reads medical parts, removes an agreement', async () => {
    const page = await signedInPage('admin@villebelle.fr', adminSecret)
    await page.goto(structureUrl)
    // The board, without a single name for the administrator.
    await page.getByRole('link', { name: 'Occupation de cette structure' }).click()
    await page.getByRole('heading', { level: 1, name: 'Tableau d’occupation' }).waitFor()
    await shows(page, 'Les noms des personnes hébergées ne sont pas affichés pour votre rôle.')

    // The settings: the director may read medical parts only when the organisation says so.
    await page.goto(`${trame.baseUrl}/admin/hebergement`)
    await page.getByRole('heading', { level: 1, name: 'Réglages de l’hébergement' }).waitFor()
    expect(await page.getByLabel('Directeur·rice').isChecked()).toBe(false)
    await page.getByText('Directeur·rice', { exact: true }).click()
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await shows(page, 'Réglages enregistrés.')
    await checkPage(page, 'acc-03-reglages')
    await page.reload()
    await expect.poll(() => page.getByLabel('Directeur·rice').isChecked()).toBe(true)

    // Agreements: the one to renew is on the list (and on the home page of those who work with
    // partners for people, below); a mistaken one is removed.
    await page.goto(`${trame.baseUrl}/hebergement/conventions`)
    await page.getByRole('heading', { level: 1, name: 'Conventions avec les partenaires' }).waitFor()
    await page.getByText('Seulement les conventions à renouveler').click()
    await shows(page, 'Convention LHSS – hôpital')
    await checkPage(page, 'acc-04-conventions')
    await page.getByRole('button', { name: 'Supprimer' }).click()
    await page.getByRole('button', { name: 'Confirmer la suppression' }).click()
    await shows(page, 'Convention supprimée.')
    await shows(page, 'Aucune convention.')
    await page.context().close()
  })

  it('the social worker reads the board with names, the night’s count, the period’s rate, the SIAO’s CSV, and puts a bed back in service', async () => {
    const structure = await trame.db
      .selectFrom('accommodation_places as p')
      .innerJoin('accommodation_units as u', 'u.id', 'p.unit_id')
      .where('p.organisation_id', '=', organisationId)
      .where('u.label', '=', 'Chambre 1')
      .where('p.label', '=', 'lit')
      .select(['p.id', 'p.structure_id'])
      .executeTakeFirstOrThrow()
    const personId = await createBarePerson(trame.db, organisationId, {
      lastName: 'Martin',
      firstNames: 'Paul',
      teamId,
    })
    await createStay(trame.db, organisationId, {
      structureId: structure.structure_id,
      personId,
      placeId: structure.id,
      startedOn: addDays(today, -10),
      plannedEndOn: addDays(today, 50),
    })

    const page = await signedInPage('ts@villebelle.fr')
    await shows(page, 'Conventions avec des partenaires à renouveler')
    await page.goto(`${trame.baseUrl}/hebergement/occupation`)
    await page.getByRole('heading', { level: 1, name: 'Tableau d’occupation' }).waitFor()
    await shows(page, `La nuit du ${frenchToday}`)
    await page.getByRole('button', { name: 'LHSS Les Tilleuls' }).click()
    await page.getByRole('link', { name: 'MARTIN Paul' }).waitFor()
    await shows(page, 'Dégât des eaux')
    await checkPage(page, 'acc-05-tableau')

    // The period's nights: a backwards period is refused in French.
    await page.getByLabel('Du', { exact: true }).fill(addDays(today, -1))
    await page.getByLabel('Au (inclus)').fill(addDays(today, -5))
    await page.getByRole('button', { name: 'Calculer l’occupation' }).click()
    await shows(page, 'La fin ne peut précéder le début.')
    await page.getByLabel('Du', { exact: true }).fill(addDays(today, -10))
    await page.getByLabel('Au (inclus)').fill(addDays(today, -1))
    await page.getByRole('button', { name: 'Calculer l’occupation' }).click()
    // 4 beds × 10 nights, 3 of them out of service: 37 available, 10 occupied: 27 %.
    await shows(page, '27 %')
    await checkPage(page, 'acc-06-taux')

    const csv = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Places libres pour le SIAO (CSV)' }).click(),
    )
    const rows = parse(csv.content.toString('utf8').replace('\uFEFF', ''), {
      columns: true,
      delimiter: ';',
    }) as Record<string, string>[]
    expect(rows.map((row) => `${row.Logement} ${row.Place}`).sort()).toEqual([
      'Chambre 1 appoint',
      'Chambre 5 b',
    ])
    expect(csv.content.toString('utf8')).not.toContain('MARTIN')

    // The worker running the house puts bed 5a back in service.
    await page.goto(structureUrl)
    await page.getByRole('heading', { level: 1, name: 'LHSS Les Tilleuls' }).waitFor()
    expect(await page.getByRole('button', { name: 'Modifier la structure' }).count()).toBe(0)
    await page.getByRole('button', { name: 'Remettre en service' }).click()
    await shows(page, 'Place remise en service.')
    await page.goto(`${trame.baseUrl}/hebergement/occupation?structure=${structure.structure_id}`)
    await page.getByRole('link', { name: 'MARTIN Paul' }).waitFor()
    await expect.poll(() => page.getByText('Dégât des eaux').count()).toBe(0)
    await page.context().close()
  })
})
