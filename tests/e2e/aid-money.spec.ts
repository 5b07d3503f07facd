import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createAidFund,
  createAidRequest,
  createAidType,
} from '../../src/server/modules/aid/aid.test-factories.ts'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe des aides'
const directorSecret = newTotpSecret()
let requestId: string
let foodRequestId: string
const year = Number(todayInFrance().slice(0, 4))

/** A CCAS with its director (who pays) and a front desk agent (who hands tickets out), a granted aid. */
async function seed() {
  const organisation = await createBareOrganisation(trame, 'CCAS de Villebelle', 'Point solidarité centre')
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  await createUser(trame, organisation.id, {
    email: 'dir@villebelle.fr',
    name: 'Dominique Directrice',
    password: PASSWORD,
    roles: ['director'],
    teamIds: [teamId!],
    totp: directorSecret,
  })
  await createUser(trame, organisation.id, {
    email: 'lea.accueil@villebelle.fr',
    name: 'Léa Accueil',
    password: PASSWORD,
    roles: ['front_desk_agent'],
    teamIds: [teamId!],
  })
  const [person] = await trame.db
    .insertInto('people')
    .values([
      {
        organisation_id: organisation.id,
        file_number: '000001',
        last_name: 'Dupont',
        first_names: 'Hélène',
        team_id: teamId!,
      },
    ])
    .returning('id')
    .execute()
  const fundId = await createAidFund(trame.db, organisation.id, {
    code: 'ENERGIE',
    name: 'Impayés d’énergie',
  })
  await trame.db
    .insertInto('aid_fund_budgets')
    .values({ organisation_id: organisation.id, fund_id: fundId, year, voted_cents: 1_000_00 })
    .execute()
  const aid = await createAidType(trame.db, organisation.id, {
    fundId,
    label: 'Aide aux impayés d’énergie',
    paymentForms: ['transfer', 'creditor'],
  })
  requestId = await createAidRequest(trame.db, organisation.id, {
    personId: person!.id,
    aidTypeId: aid.id,
    status: 'granted',
    amountAskedCents: 850_00,
    grantedCents: 850_00,
    paymentForm: 'creditor',
    requestedOn: addDays(todayInFrance(), -3),
  })
  await trame.db
    .updateTable('aid_requests')
    .set({ creditor_name: 'EDF Solidarité' })
    .where('id', '=', requestId)
    .execute()
  const kind = await trame.db
    .insertInto('aid_voucher_kinds')
    .values({ organisation_id: organisation.id, code: 'DOUCHE', label: 'Ticket douche', face_value_cents: 0 })
    .returning('id')
    .executeTakeFirstOrThrow()
  // Food tickets of 8 €, paying the food aid; a social worker hands them out for a granted request.
  await createUser(trame, organisation.id, {
    email: 'sam.social@villebelle.fr',
    name: 'Sam Social',
    password: PASSWORD,
    roles: ['social_worker'],
    teamIds: [teamId!],
  })
  const food = await trame.db
    .insertInto('aid_voucher_kinds')
    .values({
      organisation_id: organisation.id,
      code: 'TS',
      label: 'Ticket service',
      face_value_cents: 800,
      fund_id: fundId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const batch = await trame.db
    .insertInto('aid_voucher_batches')
    .values({
      organisation_id: organisation.id,
      kind_id: food.id,
      first_number: 500,
      last_number: 519,
      received_on: todayInFrance(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trame.db
    .insertInto('aid_vouchers')
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        organisation_id: organisation.id,
        kind_id: food.id,
        batch_id: batch.id,
        number: 500 + i,
      })),
    )
    .execute()
  const foodAid = await createAidType(trame.db, organisation.id, {
    fundId,
    label: 'Aide alimentaire',
    paymentForms: ['voucher'],
    voucherKindId: food.id,
  })
  foodRequestId = await createAidRequest(trame.db, organisation.id, {
    personId: person!.id,
    aidTypeId: foodAid.id,
    status: 'granted',
    amountAskedCents: 40_00,
    grantedCents: 40_00,
    paymentForm: 'voucher',
  })
  return kind.id
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

const shows = (page: Page, text: string | RegExp) =>
  expect.poll(() => page.getByText(text).count()).toBeGreaterThan(0)

describe('aid’s money in a browser', () => {
  it('pays a granted aid and sees the fund’s consumption move, with its warning', async () => {
    const page = await signedInPage('dir@villebelle.fr', directorSecret)
    await page.goto(`${trame.baseUrl}/aides/budgets`)
    await page.getByRole('heading', { level: 1, name: 'Budgets des aides' }).waitFor()
    // Granted 850 € and 40 € of 1 000 € voted: the warning at 80 % shows already.
    await shows(page, 'Les engagements atteignent 89 % du budget voté (alerte à 80 %).')
    await shows(page, '890,00 € (89 %)')
    await checkPage(page, '90-aides-budgets')

    await page.goto(`${trame.baseUrl}/aides/demandes/${requestId}/paiements`)
    await page.getByRole('heading', { name: 'Paiements', exact: true }).waitFor()
    await shows(page, /reste à payer/)
    await page.getByLabel('Montant payé (€)').fill('900')
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click()
    await shows(page, 'Le montant dépasse ce qui reste à payer sur cette aide : 850,00 € au plus.')
    await page.getByLabel('Montant payé (€)').fill('600,50')
    await page.getByLabel('Référence (mandat, virement)').fill('Mandat 118')
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click()
    await shows(page, 'Paiement enregistré.')
    await expect.poll(() => page.getByRole('cell', { name: 'EDF Solidarité' }).count()).toBe(1)
    await checkPage(page, '91-aides-paiements')

    // A payment cancelled with its reason.
    await page.getByRole('button', { name: 'Annuler ce paiement' }).click()
    await page.getByLabel('Motif de l’annulation').fill('Virement rejeté')
    await page.getByRole('button', { name: 'Confirmer l’annulation' }).click()
    await shows(page, 'Annulé : Virement rejeté')
    await page.getByLabel('Montant payé (€)').fill('600,50')
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click()
    await shows(page, 'Paiement enregistré.')

    await page.goto(`${trame.baseUrl}/aides/budgets`)
    await shows(page, '600,50 € (60 %)')
    const rows = await trame.db
      .selectFrom('aid_requests')
      .select('paid_cents')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow()
    expect(rows.paid_cents).toBe(600_50)

    // Closing the year, then voting is refused until it is reopened.
    await page.getByRole('button', { name: `Clore l’exercice ${year}` }).click()
    await shows(page, `Exercice ${year} clos.`)
    await page.getByRole('button', { name: `Rouvrir l’exercice ${year}` }).waitFor()
    await page.getByRole('button', { name: `Rouvrir l’exercice ${year}` }).click()
    await shows(page, `Exercice ${year} rouvert.`)
    await page.getByLabel(/^Budget voté/).fill('1 200')
    await page.getByRole('button', { name: 'Enregistrer le budget' }).click()
    await shows(page, `Budget ${year} enregistré.`)
    await expect.poll(() => page.getByText(/Les engagements atteignent/).count()).toBe(0)
    await page.context().close()
  })

  it('receives tickets by number, hands some to a person and sees the stock and the person’s tickets', async () => {
    const page = await signedInPage('lea.accueil@villebelle.fr')
    await page.getByRole('link', { name: 'Bons et tickets' }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Bons et tickets' }).waitFor()

    await page.getByLabel('Type de bon', { exact: true }).last().selectOption({ label: 'Ticket douche' })
    await page.getByLabel('Du numéro').fill('100')
    await page.getByLabel('Au numéro').fill('149')
    await page.getByRole('button', { name: 'Recevoir', exact: true }).click()
    await shows(page, 'Lot reçu : n° 100 à 149.')
    await expect.poll(() => page.getByRole('cell', { name: '100 à 149' }).count()).toBe(1)
    // The same range again: refused, saying which batch it meets.
    await page.getByRole('button', { name: 'Recevoir', exact: true }).click()
    await shows(page, /Ces numéros chevauchent un lot de « Ticket douche » déjà reçu le/)

    await page.getByLabel('Personne (nom ou numéro de dossier)').fill('dupont')
    await page.getByRole('button', { name: 'Rechercher' }).click()
    await page.getByRole('button', { name: /DUPONT Hélène/ }).click()
    await page.getByLabel('Type de bon', { exact: true }).first().selectOption({ label: 'Ticket douche' })
    await page.getByLabel('Numéros des bons').fill('100-102, 110')
    await page.getByRole('button', { name: 'Remettre', exact: true }).click()
    await shows(page, 'Bons n° 100 à 102, 110 remis à DUPONT Hélène.')
    await expect.poll(() => page.getByRole('cell', { name: '103 à 109, 111 à 149' }).count()).toBe(1)
    await expect
      .poll(() =>
        page
          .getByRole('table', { name: /Bons reçus par DUPONT Hélène/ })
          .getByRole('row')
          .count(),
      )
      .toBe(5)
    // Handing out a ticket already given: refused with its number.
    await page.getByLabel('Numéros des bons').fill('110')
    await page.getByRole('button', { name: 'Remettre', exact: true }).click()
    await shows(page, 'Ces bons ne sont pas en stock : 110 (remis).')
    await checkPage(page, '92-aides-bons')

    // One comes back unused; a damaged one in stock is cancelled.
    await page.getByLabel('Type de bon concerné').selectOption({ label: 'Ticket douche' })
    await page.getByLabel('Numéros à reprendre ou annuler').fill('110')
    await page.getByRole('button', { name: 'Reprendre', exact: true }).click()
    await shows(page, 'Bons n° 110 repris.')
    await page.getByText('Annulés (perdus, abîmés)').click()
    await page.getByLabel('Numéros à reprendre ou annuler').fill('149')
    await page.getByLabel('Motif de l’annulation').fill('Abîmé')
    await page.getByRole('button', { name: 'Annuler les bons' }).click()
    await shows(page, 'Bons n° 149 annulés.')
    await expect.poll(() => page.getByRole('cell', { name: '103 à 109, 111 à 148' }).count()).toBe(1)
    await shows(page, /Rendu le/)

    // The showers' day, typed at closing time.
    await page.goto(`${trame.baseUrl}/aides/douches`)
    await page.getByRole('heading', { level: 1, name: 'Douches municipales' }).waitFor()
    await page.getByLabel('Entrées payantes').fill('12')
    await page.getByLabel('Avec un ticket').fill('4')
    await page.getByLabel('Gratuites').fill('1')
    await page.getByRole('button', { name: 'Enregistrer la journée' }).click()
    await shows(page, /Journée du .* enregistrée\./)
    await expect
      .poll(() => page.getByRole('row', { name: /Total du mois\s+12\s+4\s+1\s+17/ }).count())
      .toBe(1)
    await checkPage(page, '93-aides-douches')
    await page.context().close()
  })

  it('hands food tickets out for a granted request: their value is its payment', async () => {
    const page = await signedInPage('sam.social@villebelle.fr')
    await page.goto(`${trame.baseUrl}/aides/bons`)
    await page.getByRole('heading', { level: 1, name: 'Bons et tickets' }).waitFor()
    await page.getByLabel('Personne (nom ou numéro de dossier)').fill('dupont')
    await page.getByRole('button', { name: 'Rechercher' }).click()
    await page.getByRole('button', { name: /DUPONT Hélène/ }).click()
    await page
      .getByLabel('Pour une aide accordée (facultatif)')
      .selectOption({ label: 'Aide alimentaire — accordée 40,00 €' })
    await page.getByLabel('Type de bon', { exact: true }).first().selectOption({ label: 'Ticket service' })
    // Six tickets of 8 € are more than the 40 € granted.
    await page.getByLabel('Numéros des bons').fill('500-505')
    await page.getByRole('button', { name: 'Remettre', exact: true }).click()
    await shows(page, 'Le montant dépasse ce qui reste à payer sur cette aide : 40,00 € au plus.')
    await page.getByLabel('Numéros des bons').fill('500-504')
    await page.getByRole('button', { name: 'Remettre', exact: true }).click()
    await shows(page, 'Bons n° 500 à 504 remis à DUPONT Hélène.')
    await checkPage(page, '94-aides-bons-pour-une-aide')

    await page.goto(`${trame.baseUrl}/aides/demandes/${foodRequestId}/paiements`)
    await shows(page, 'Bons n° 500, 501, 502, 503, 504')
    await shows(page, /reste à payer : 0,00/)
    await page.context().close()
  })
})
