import { PDFParse } from 'pdf-parse'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAidFund, createAidType } from '../../src/server/modules/aid/aid.test-factories.ts'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { todayInFrance } from '../../src/shared/dates.ts'
import type { Role } from '../../src/shared/roles.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

// One aid from end to end, each step the way the module's own journeys take it (aid-request,
// aid-commission, aid-money): built from a follow-up with the budget, decided by the commission,
// the letter printed, paid, and the fund's consumption moved.

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
let recordId: string
const PASSWORD = 'mot de passe du parcours des aides'
const directorSecret = newTotpSecret()
const today = todayInFrance()
const year = Number(today.slice(0, 4))
const french = (date: string) => date.split('-').reverse().join('/')
const pdfText = async (content: Buffer) =>
  (await new PDFParse({ data: new Uint8Array(content) }).getText()).text.replace(/[\s\u00a0\u202f]+/g, ' ')

/**
 * A CCAS with a social worker, its director (the commission's secretary, who pays), one elected member
 * (quorum 1), an energy fund voted 2 000 € this year whose aid only the commission decides, a person
 * followed by the worker.
 */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Belleville-sur-Loire')
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  const user = (email: string, name: string, roles: Role[], totp?: string) =>
    createUser(trame, organisation.id, { email, name, password: PASSWORD, roles, totp, teamIds: [teamId!] })
  const worker = await user('nina.sociale@belleville.fr', 'Nina Sociale', ['social_worker'])
  await user('directrice@belleville.fr', 'Claire Directrice', ['director'], directorSecret)
  await user('arnaud@belleville.fr', 'Élue Arnaud', ['commission_member'])
  await db
    .insertInto('aid_settings')
    .values({
      organisation_id: organisation.id,
      quorum: 1,
      appeal_text: 'Recours gracieux auprès du président du CCAS dans les deux mois.',
    })
    .execute()
  const fundId = await createAidFund(db, organisation.id, { code: 'ENERGIE', name: 'Impayés d’énergie' })
  await db
    .insertInto('aid_fund_budgets')
    .values({ organisation_id: organisation.id, fund_id: fundId, year, voted_cents: 2_000_00 })
    .execute()
  await createAidType(db, organisation.id, {
    fundId,
    code: 'ENERGIE',
    label: 'Impayé d’énergie',
    ceilingPerRequestCents: 500_00,
    paymentForms: ['creditor', 'transfer'],
  })
  const person = await db
    .insertInto('people')
    .values({
      organisation_id: organisation.id,
      file_number: '000001',
      last_name: 'Martin',
      first_names: 'Karim',
      birth_date: '1979-09-14',
      address: '8 rue des Tilleuls',
      postal_code: '45000',
      city: 'Belleville-sur-Loire',
      team_id: teamId!,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
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
        person_id: person.id,
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

/** The energy fund's line of this year on the budgets page: voted, committed, paid, left. */
const fundLine = (page: Page, committed: string, paid: string, left: string) =>
  expect
    .poll(() =>
      page
        .getByRole('table', { name: `Budget ${year}` })
        .getByRole('row', { name: `2 000,00 € ${committed} ${paid} ${left}` })
        .count(),
    )
    .toBe(1)

describe('an aid from the follow-up to its payment, in a browser', () => {
  it('is built, decided by the commission, notified, paid, and moves its fund', async () => {
    // The director's budgets page before: nothing committed on the energy fund.
    const director = await signedInPage('directrice@belleville.fr', directorSecret)
    await director.goto(`${trame.baseUrl}/aides/budgets`)
    await director.getByRole('heading', { level: 1, name: 'Budgets des aides' }).waitFor()
    await fundLine(director, '0,00 € (0 %)', '0,00 € (0 %)', '2 000,00 €')
    await checkPage(director, '170-aid-journey-budget-before')

    // 1. The worker builds the request from the follow-up, with the household's budget, and submits it.
    const worker = await signedInPage('nina.sociale@belleville.fr')
    await worker.goto(`${trame.baseUrl}/accompagnement/${recordId}`)
    await checkPage(worker, '171-aid-journey-followup')
    await worker.getByRole('link', { name: 'Demande d’aide' }).click()
    await worker.getByRole('heading', { name: 'Nouvelle demande d’aide' }).waitFor()
    await worker.getByLabel('Aide demandée').selectOption({ label: 'Impayé d’énergie' })
    await worker.getByLabel('Montant demandé (€)').fill('320')
    await worker.getByLabel('Objet de la demande').fill('Facture d’électricité impayée, coupure annoncée')
    await checkPage(worker, '172-aid-journey-new-request')
    await worker.getByRole('button', { name: 'Créer la demande' }).click()
    await worker.getByRole('heading', { name: 'Demande d’aide — Impayé d’énergie' }).waitFor()
    const requestUrl = worker.url()

    const budget = worker.locator('section[aria-labelledby="section-budget"]')
    await budget.getByLabel('Enfants de moins de 14 ans').fill('2')
    await budget.getByRole('button', { name: 'Ajouter une ressource' }).click()
    await budget.getByLabel('Nature (ressources 1)').selectOption({ label: 'RSA' })
    await budget.getByLabel('Montant mensuel (€) (ressources 1)').fill('607')
    await budget.getByRole('button', { name: 'Ajouter une charge' }).click()
    await budget.getByLabel('Nature (charges 1)').selectOption({ label: 'Loyer ou mensualité' })
    await budget.getByLabel('Montant mensuel (€) (charges 1)').fill('450')
    // (607 − 450) / 30 = 5,23 € a day.
    await budget.getByText('5,23 € par jour').waitFor()
    await budget.getByRole('button', { name: 'Enregistrer le budget' }).click()
    await budget.getByText(/Enregistré : reste à vivre de 5,23 € par jour/).waitFor()
    const request = worker.locator('section[aria-labelledby="section-request"]')
    await request
      .getByLabel('Évaluation sociale')
      .fill('Perte d’emploi récente, démarches de droits engagées.')
    await request.getByRole('button', { name: 'Enregistrer la demande' }).click()
    await request.getByText('Demande enregistrée.').waitFor()
    await worker.getByRole('button', { name: 'Déposer la demande' }).click()
    await worker.getByText('Déposée', { exact: true }).waitFor()
    await checkPage(worker, '173-aid-journey-submitted')

    // 2. The secretary plans a session, invites the member, puts the request on the agenda, opens it.
    await director.goto(`${trame.baseUrl}/commission`)
    await director.getByRole('heading', { name: 'Commission des aides', level: 1 }).waitFor()
    await director.getByLabel('Date', { exact: true }).fill(today)
    await director.getByLabel('Heure (facultatif)').fill('14:00')
    await director.getByLabel('Lieu (facultatif)').fill('Salle du conseil')
    await director.getByRole('button', { name: 'Planifier la séance' }).click()
    await director.getByRole('heading', { name: `Séance du ${french(today)} à 14:00` }).waitFor()
    const sessionUrl = director.url()
    await director.getByText('Élue Arnaud (membre de la commission)').click()
    await director.getByRole('button', { name: 'Enregistrer les membres' }).click()
    await director.getByText('Membres invités enregistrés.').waitFor()
    await director.getByText(/MARTIN Karim — Impayé d’énergie, 320,00/).click()
    await director.getByRole('button', { name: 'Inscrire à l’ordre du jour' }).click()
    await director
      .getByRole('heading', { name: /1\. MARTIN Karim, \d+ ans — Famille monoparentale, 2 enfants/ })
      .waitFor()
    await director.getByRole('button', { name: 'Ouvrir la séance' }).click()
    await director.locator('fieldset', { hasText: 'Membres présents' }).getByText('Élue Arnaud').click()
    await director.getByRole('button', { name: 'Enregistrer les présences' }).click()
    await director.getByText('Quorum : 1 membre(s) présent(s) sur 1 requis — atteint.').waitFor()
    await checkPage(director, '174-aid-journey-session-open')

    // 3. The member decides it from their pseudonymised page.
    const member = await signedInPage('arnaud@belleville.fr')
    await member.goto(`${trame.baseUrl}/commission/mes-seances`)
    await member.getByRole('link', { name: `Séance du ${french(today)} à 14:00` }).click()
    const card = member.getByRole('article', { name: /1\. K\. M\./ })
    await card.getByText('Perte d’emploi récente, démarches de droits engagées.').waitFor()
    await card.getByText('5,23 €', { exact: false }).first().waitFor()
    expect(await member.content()).not.toContain('MARTIN')
    await checkPage(member, '175-aid-journey-member')
    await card.getByText('Accord', { exact: true }).click()
    await card.getByLabel('Montant accordé (€)').fill('300')
    await card.getByLabel('Forme du versement').selectOption({ label: 'Paiement au créancier' })
    await card.getByRole('button', { name: 'Enregistrer la décision' }).click()
    await card.getByText(/300,00\s€, paiement au créancier/).waitFor()
    await checkPage(member, '176-aid-journey-member-decided')
    await member.context().close()

    // 4. The worker reads the decision on the request and prints the letter.
    await worker.goto(requestUrl)
    await worker.getByText(`Accordée le ${french(today)} : 300,00 €, paiement au créancier.`).waitFor()
    const letter = await downloadByClicking(worker, () =>
      worker.getByRole('link', { name: 'Lettre de décision (PDF)' }).click(),
    )
    expect(letter.name).toMatch(/^decision-aide-\d{4}-\d{2}-\d{2}\.pdf$/)
    const letterText = await pdfText(letter.content)
    expect(letterText).toContain('MARTIN Karim')
    expect(letterText).toContain('8 rue des Tilleuls')
    expect(letterText).toContain('Objet : votre demande d’aide — Impayé d’énergie')
    expect(letterText).toContain(
      `la commission des aides, réunie le ${french(today)}, une aide de 300,00 € vous est accordée`,
    )
    expect(letterText).toContain('Recours gracieux auprès du président du CCAS dans les deux mois.')
    await checkPage(worker, '177-aid-journey-granted')
    await worker.context().close()

    // The fund now shows the 300 € committed, nothing paid yet.
    await director.goto(`${trame.baseUrl}/aides/budgets`)
    await fundLine(director, '300,00 € (15 %)', '0,00 € (0 %)', '1 700,00 €')

    // 5. The director pays it from the request's page, then the session closes.
    await director.goto(requestUrl)
    const payments = director.getByRole('region', { name: 'Paiements' })
    await payments.getByLabel('Montant payé (€)').fill('300')
    await payments.getByLabel('Référence (mandat, virement)').fill('Mandat 2041')
    // Paid to the creditor, whom the decision did not name: refused until named.
    await payments.getByRole('button', { name: 'Enregistrer le paiement' }).click()
    await payments.getByText('Indiquez le créancier payé.', { exact: false }).first().waitFor()
    await payments.getByLabel('Bénéficiaire du paiement').fill('EDF Solidarité')
    await payments.getByRole('button', { name: 'Enregistrer le paiement' }).click()
    await shows(director, 'Paiement enregistré.')
    await shows(director, /reste à payer : 0,00/)
    await checkPage(director, '178-aid-journey-paid')
    await director.goto(sessionUrl)
    await director.getByRole('button', { name: 'Clore la séance' }).click()
    await director.getByRole('link', { name: 'Télécharger le procès-verbal (PDF)' }).waitFor()

    // 6. The fund's consumption: committed and paid, this month.
    await director.goto(`${trame.baseUrl}/aides/budgets`)
    await fundLine(director, '300,00 € (15 %)', '300,00 € (15 %)', '1 700,00 €')
    const month = new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'Europe/Paris' }).format(
      new Date(),
    )
    await expect
      .poll(() =>
        director
          .getByRole('table', { name: `Par mois (${year})` })
          .getByRole('row', { name: `${month} 300,00 € 300,00 €` })
          .count(),
      )
      .toBe(1)
    await checkPage(director, '179-aid-journey-budget-after')
    await director.context().close()
  })
})
