import { PDFParse } from 'pdf-parse'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAidRequest, createAidType } from '../../src/server/modules/aid/aid.test-factories.ts'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { todayInFrance } from '../../src/shared/dates.ts'
import type { Role } from '../../src/shared/roles.ts'
import { createBareOrganisation, createTeams, createUser } from '../support/factories.ts'
import { checkPage, downloadByClicking, launchChromium, signIn, startTrameForE2e } from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe de la commission des aides'
const directorSecret = newTotpSecret()
const adminSecret = newTotpSecret()
const today = todayInFrance()
const french = (date: string) => date.split('-').reverse().join('/')
const pdfText = async (content: Buffer) =>
  (await new PDFParse({ data: new Uint8Array(content) }).getText()).text.replace(/[\s\u00a0\u202f]+/g, ' ')

/** A CCAS with its director (the commission's secretary), its administrator, two elected members, a request. */
async function seed() {
  const db = trame.db
  const organisation = await createBareOrganisation(trame, 'CCAS de Belleville-sur-Loire')
  const [teamId] = await createTeams(trame, organisation, ['Accueil social'])
  const user = (email: string, name: string, roles: Role[], totp?: string) =>
    createUser(trame, organisation.id, { email, name, password: PASSWORD, roles, totp, teamIds: [teamId!] })
  await user('directrice@belleville.fr', 'Claire Directrice', ['director'], directorSecret)
  await user('admin@belleville.fr', 'Alain Administrateur', ['administrator'], adminSecret)
  await user('arnaud@belleville.fr', 'Élue Arnaud', ['commission_member'])
  await user('bernard@belleville.fr', 'Élu Bernard', ['commission_member'])
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
  const { id: aidTypeId } = await createAidType(db, organisation.id, {
    label: 'Impayé d’énergie',
    paymentForms: ['transfer', 'creditor'],
  })
  const requestId = await createAidRequest(db, organisation.id, {
    personId: person.id,
    aidTypeId,
    status: 'submitted',
    amountAskedCents: 32000,
    purpose: 'Facture d’électricité impayée, coupure annoncée',
    assessment: 'Perte d’emploi récente, démarches de droits engagées.',
  })
  await db
    .updateTable('aid_requests')
    .set({
      budget: JSON.stringify({
        resources: [{ kind: 'rsa', monthlyCents: 60700 }],
        charges: [{ kind: 'rent', monthlyCents: 45000 }],
        adults: 1,
        children: 2,
      }),
      resources_cents: 60700,
      charges_cents: 45000,
      household_size: 3,
      remaining_per_day_cents: 520,
      warnings: JSON.stringify([
        { code: 'OVER_REQUEST_CEILING', message: 'Montant au-dessus du plafond par demande (300,00 €).' },
      ]),
    })
    .where('id', '=', requestId)
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

describe('the aid commission in a browser', () => {
  let director: Page
  let sessionUrl: string

  it('sets the quorum and the means of appeal in the aid settings', async () => {
    const admin = await signedInPage('admin@belleville.fr', adminSecret)
    await admin.goto(`${trame.baseUrl}/admin/aides`)
    await admin.getByRole('heading', { name: 'Réglages des aides' }).waitFor()
    const quorum = admin.getByLabel('Quorum : membres présents nécessaires pour décider')
    await quorum.fill('0')
    await admin.getByRole('button', { name: 'Enregistrer' }).click()
    await admin.getByText('Au moins un membre présent.').waitFor()
    await quorum.fill('2')
    await admin
      .getByLabel('Voies de recours imprimées sur les lettres')
      .fill('Recours gracieux auprès du président du CCAS de Belleville-sur-Loire dans les deux mois.')
    await admin.getByRole('button', { name: 'Enregistrer' }).click()
    await admin.getByText('Réglages enregistrés.').waitFor()
    await checkPage(admin, '160-aid-settings')
    await admin.context().close()
  })

  it('plans a session, invites the members, puts the submitted request on its agenda and opens it', async () => {
    director = await signedInPage('directrice@belleville.fr', directorSecret)
    await director.goto(`${trame.baseUrl}/commission`)
    await director.getByRole('heading', { name: 'Commission des aides', level: 1 }).waitFor()
    await director.getByLabel('Date', { exact: true }).fill(today)
    await director.getByLabel('Heure (facultatif)').fill('14:00')
    await director.getByLabel('Lieu (facultatif)').fill('Salle du conseil')
    await checkPage(director, '161-aid-sessions')
    await director.getByRole('button', { name: 'Planifier la séance' }).click()
    await director.getByRole('heading', { name: `Séance du ${french(today)} à 14:00` }).waitFor()
    sessionUrl = director.url()

    await director.getByText('Élue Arnaud (membre de la commission)').click()
    await director.getByText('Élu Bernard (membre de la commission)').click()
    await director.getByRole('button', { name: 'Enregistrer les membres' }).click()
    await director.getByText('Membres invités enregistrés.').waitFor()

    const candidate = director.getByText(/MARTIN Karim — Impayé d’énergie, 320,00/)
    await candidate.click()
    await director.getByRole('button', { name: 'Inscrire à l’ordre du jour' }).click()
    await director
      .getByRole('heading', { name: /1\. MARTIN Karim, \d+ ans — Famille monoparentale, 2 enfants/ })
      .waitFor()
    await director.getByText('Aucune demande déposée n’attend de commission.').waitFor()

    await director.getByRole('button', { name: 'Ouvrir la séance' }).click()
    await director
      .getByText('Le quorum n’est pas atteint : la commission ne peut pas décider.', { exact: false })
      .waitFor()
    await director.locator('fieldset', { hasText: 'Membres présents' }).getByText('Élue Arnaud').click()
    await director.locator('fieldset', { hasText: 'Membres présents' }).getByText('Élu Bernard').click()
    await director.getByRole('button', { name: 'Enregistrer les présences' }).click()
    await director.getByText('Quorum : 2 membre(s) présent(s) sur 2 requis — atteint.').waitFor()
    await checkPage(director, '162-aid-session-open')
  })

  it('shows the member the request pseudonymised, and records their decision', async () => {
    const member = await signedInPage('arnaud@belleville.fr')
    await member.goto(`${trame.baseUrl}/commission/mes-seances`)
    await member.getByRole('link', { name: `Séance du ${french(today)} à 14:00` }).click()
    const card = member.getByRole('article', { name: /1\. K\. M\./ })
    await card.getByText('Famille monoparentale, 2 enfants', { exact: false }).first().waitFor()
    await card.getByText('Perte d’emploi récente, démarches de droits engagées.').waitFor()
    await card.getByText('Montant au-dessus du plafond par demande (300,00 €).').waitFor()
    expect(await member.content()).not.toContain('MARTIN')
    await checkPage(member, '163-aid-member-agenda')

    await card.getByText('Accord', { exact: true }).click()
    await card.getByRole('button', { name: 'Enregistrer la décision' }).click()
    await card.getByText('Indiquez un montant en euros, par exemple 150 ou 150,50.').waitFor()
    await card.getByLabel('Montant accordé (€)').fill('250')
    await card.getByLabel('Forme du versement').selectOption({ label: 'Paiement au créancier' })
    await card
      .getByLabel('Motif de la dérogation au règlement (facultatif)')
      .fill('Coupure imminente, trois enfants.')
    await card.getByRole('button', { name: 'Enregistrer la décision' }).click()
    await card.getByText(/250,00\s€, paiement au créancier/).waitFor()
    await checkPage(member, '164-aid-member-decided')
    await member.context().close()
  })

  it('prints the decision letter, closes the session and prints the minutes', async () => {
    await director.goto(sessionUrl)
    const card = director.getByRole('article', { name: /1\. MARTIN Karim/ })
    await card.getByText(/250,00\s€, paiement au créancier/).waitFor()
    const letter = await downloadByClicking(director, () =>
      card.getByRole('link', { name: 'Lettre de décision (PDF)' }).click(),
    )
    expect(letter.name).toMatch(/^decision-aide-\d{4}-\d{2}-\d{2}\.pdf$/)
    const letterText = await pdfText(letter.content)
    expect(letterText).toContain('MARTIN Karim')
    expect(letterText).toContain('8 rue des Tilleuls')
    expect(letterText).toContain('Objet : votre demande d’aide — Impayé d’énergie')
    expect(letterText).toContain(
      `la commission des aides, réunie le ${french(today)}, une aide de 250,00 € vous est accordée`,
    )
    expect(letterText).toContain('paiement au créancier')
    expect(letterText).toContain(
      'Recours gracieux auprès du président du CCAS de Belleville-sur-Loire dans les deux mois.',
    )

    await director
      .getByLabel('Observations pour le procès-verbal (facultatif)')
      .fill('Séance tenue sans incident.')
    await director.getByRole('button', { name: 'Clore la séance' }).click()
    const minutesLink = director.getByRole('link', { name: 'Télécharger le procès-verbal (PDF)' })
    await minutesLink.waitFor()
    await checkPage(director, '165-aid-session-closed')
    const minutes = await downloadByClicking(director, () => minutesLink.click())
    const minutesText = await pdfText(minutes.content)
    expect(minutesText).toContain('Procès-verbal de la commission des aides facultatives')
    expect(minutesText).toContain('Présents : Élu Bernard, Élue Arnaud')
    expect(minutesText).toContain('1. K. M.')
    expect(minutesText).not.toContain('MARTIN')
    expect(minutesText).toContain('Montant total accordé : 250,00 €')
  })
})
