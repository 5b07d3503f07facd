import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { createUser } from '../support/factories.ts'
import {
  checkPage,
  downloadByClicking,
  launchChromium,
  pdfTitle,
  signIn,
  startTrameForE2e,
} from './harness.ts'

let trame: Awaited<ReturnType<typeof startTrameForE2e>>
let browser: Browser
const PASSWORD = 'mot de passe du travailleur social'
const DIRECTOR_TOTP = newTotpSecret()
const people: Record<string, string> = {}

/** A CCAS with a social worker and a few files, two of which are the same woman. */
async function seed() {
  const db = trame.db
  const { id: organisationId } = await db
    .insertInto('organisations')
    .values({ name: 'CCAS de Villebelle', person_seq: 5 })
    .returning('id')
    .executeTakeFirstOrThrow()
  await createUser(trame, organisationId, {
    email: 'sam.social@villebelle.fr',
    name: 'Sam Social',
    password: PASSWORD,
    roles: ['social_worker'],
  })
  await createUser(trame, organisationId, {
    email: 'claire.direction@villebelle.fr',
    name: 'Claire Direction',
    password: PASSWORD,
    roles: ['director'],
    totp: DIRECTOR_TOTP,
  })
  const rows = await db
    .insertInto('people')
    .values([
      {
        organisation_id: organisationId,
        file_number: '000001',
        last_name: 'Dupont',
        first_names: 'Hélène',
        birth_date: '1987-02-03',
      },
      { organisation_id: organisationId, file_number: '000002', last_name: 'Marchand', first_names: 'Lucie' },
      {
        organisation_id: organisationId,
        file_number: '000003',
        last_name: 'Marchant',
        first_names: 'Lucie',
        phone: '06 12 34 56 78',
      },
      // Typed twice at the front desk, accents aside: the same woman.
      {
        organisation_id: organisationId,
        file_number: '000004',
        last_name: 'Girard',
        first_names: 'Yvette',
        birth_date: '1944-08-12',
        // Typed a year earlier: the older file, kept by default.
        created_at: new Date('2025-01-01T09:00:00Z'),
      },
      {
        organisation_id: organisationId,
        file_number: '000005',
        last_name: 'GIRARD',
        first_names: 'Yvète',
        birth_date: '1944-08-12',
        phone: '01 40 00 00 05',
      },
    ])
    .returning(['id', 'last_name'])
    .execute()
  for (const row of rows) people[row.last_name!] = row.id
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

async function signedInPage(
  who: { email: string; totpSecret?: string } = { email: 'sam.social@villebelle.fr' },
): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } })
  const page = await context.newPage()
  await signIn(page, trame.baseUrl, { ...who, password: PASSWORD })
  return page
}

async function fileCount() {
  const count = await trame.db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(count.n)
}

describe('people in a browser', () => {
  it('finds a person despite a typo and missing accents', async () => {
    const page = await signedInPage()
    await page.getByRole('link', { name: 'Personnes', exact: true }).first().click()
    await page.getByLabel('Rechercher une personne').fill('helene dupond')
    await expect.poll(() => page.getByRole('link', { name: /DUPONT Hélène/ }).count()).toBeGreaterThan(0)
    await checkPage(page, '30-recherche-avec-faute')
    await page
      .getByRole('link', { name: /DUPONT Hélène/ })
      .first()
      .click()
    await page.waitForURL(`**/personnes/${people.Dupont}`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('DUPONT Hélène')
    await checkPage(page, '31-dossier')
    await page.context().close()
  })

  it('downloads what Trame holds about a person, as JSON and as a PDF summary', async () => {
    const page = await signedInPage()
    await page.goto(`${trame.baseUrl}/personnes/${people.Dupont}`)
    await page.getByRole('heading', { level: 1, name: /DUPONT Hélène/ }).waitFor()

    const json = await downloadByClicking(page, () =>
      page.getByRole('link', { name: 'Exporter (JSON)' }).click(),
    )
    expect(json.name).toMatch(/\.json$/)
    const data = JSON.parse(json.content.toString('utf8'))
    expect(data.person).toMatchObject({ lastName: 'Dupont', firstNames: 'Hélène', birthDate: '1987-02-03' })

    const pdf = await downloadByClicking(page, () => page.getByRole('link', { name: 'Synthèse PDF' }).click())
    expect(pdf.name).toMatch(/^dossier-000001\.pdf$/)
    expect(pdf.content.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdfTitle(pdf.content)).toBe('Vos données dans Trame')
    // The page stayed where it was: the links download, they do not navigate.
    expect(new URL(page.url()).pathname).toBe(`/personnes/${people.Dupont}`)
    await page.context().close()
  })

  it('creates a household whose new member gets a file of their own', async () => {
    const page = await signedInPage()
    await page.goto(`${trame.baseUrl}/personnes/${people.Dupont}`)
    await page.getByRole('heading', { level: 1, name: /DUPONT Hélène/ }).waitFor()
    await page.getByRole('button', { name: 'Créer un foyer' }).click()
    // Nothing typed: the form says what is missing instead of adding an empty member.
    await page.getByRole('button', { name: 'Ajouter ce nouveau membre' }).click()
    await page.getByText('Indiquez au moins un nom ou un prénom.').waitFor()
    await page.getByLabel('Nom du nouveau membre').fill('Dupont')
    await page.getByLabel('Prénoms du nouveau membre').fill('Jules')
    await page.getByLabel('Date de naissance du nouveau membre').fill('2015-06-12')
    await page.getByRole('button', { name: 'Ajouter ce nouveau membre' }).click()
    const newMember = page.getByRole('group', { name: /DUPONT Jules \(nouveau dossier\)/ })
    await newMember.getByLabel('Lien dans le foyer').selectOption('child')
    await checkPage(page, '32b-foyer-nouveau-membre')
    await page.getByRole('button', { name: 'Créer le foyer' }).click()
    await page.getByText('Foyer créé.').waitFor()
    await page.getByRole('link', { name: 'DUPONT Jules' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('DUPONT Jules')
    await page.getByRole('link', { name: 'DUPONT Hélène' }).waitFor()
    await page.context().close()
  })

  it('refuses to overwrite a change a colleague saved while the form was open, and says so', async () => {
    const page = await signedInPage()
    await page.goto(`${trame.baseUrl}/personnes/${people.Dupont}/modifier`)
    const phone = page.getByLabel('Téléphone', { exact: true }).first()
    await phone.fill('06 10 20 30 40')
    // Meanwhile a colleague saves the same file.
    await trame.db
      .updateTable('people')
      .set({ phone: '06 55 44 33 22', updated_at: new Date(Date.now() + 1_000) })
      .where('id', '=', people.Dupont!)
      .execute()
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click()
    await page.getByText(/modifié par quelqu’un d’autre pendant votre saisie/).waitFor()
    await checkPage(page, '35-conflit-de-modification')
    const saved = await trame.db
      .selectFrom('people')
      .select('phone')
      .where('id', '=', people.Dupont!)
      .executeTakeFirstOrThrow()
    expect(saved.phone).toBe('06 55 44 33 22')
    await page.context().close()
  })

  it('warns of a likely duplicate while creating a file, and opens the existing one instead', async () => {
    const filesBefore = await fileCount()
    const page = await signedInPage()
    await page.goto(`${trame.baseUrl}/personnes`)
    await page.getByRole('link', { name: 'Nouvelle personne' }).first().click()
    await page.getByLabel('Nom de naissance').fill('Dupond')
    await page.getByLabel('Prénoms').fill('Helene')
    await expect.poll(() => page.getByText('Cette personne est peut-être déjà connue').count()).toBe(1)
    await checkPage(page, '32-doublon-probable')
    await page
      .getByRole('link', { name: /DUPONT Hélène/ })
      .first()
      .click()
    await page.waitForURL(`**/personnes/${people.Dupont}`)
    // Nothing was created: the organisation has the files it had before.
    expect(await fileCount()).toBe(filesBefore)
    await page.context().close()
  })

  it('merges two files of the same person, then undoes the merge', async () => {
    const page = await signedInPage()
    await page.goto(`${trame.baseUrl}/personnes/${people.Marchand}`)
    await page.getByRole('link', { name: 'Fusionner un doublon' }).click()
    await page.getByRole('link', { name: /Comparer avec MARCHANT Lucie/ }).click()
    // The phone is only on the duplicate: taking it is proposed already.
    const takePhone = page.getByLabel('Reprendre « Téléphone » du doublon')
    await expect.poll(() => takePhone.isChecked()).toBe(true)
    await page.getByText('Je confirme que ces deux dossiers concernent la même personne').click()
    await checkPage(page, '33-fusion')
    await page.getByRole('button', { name: 'Fusionner les dossiers' }).click()
    await page.waitForURL(`**/personnes/${people.Marchand}`)
    await expect.poll(() => page.getByText('06 12 34 56 78').count()).toBeGreaterThan(0)
    await checkPage(page, '34-apres-fusion')

    // Searched by the duplicate's name, the kept file comes up, and the duplicate no longer does.
    await page.goto(`${trame.baseUrl}/personnes?q=marchant`)
    await expect.poll(() => page.getByRole('link', { name: /MARCHAND Lucie/ }).count()).toBeGreaterThan(0)
    expect(await page.getByRole('link', { name: /^MARCHANT Lucie/ }).count()).toBe(0)

    await page.goto(`${trame.baseUrl}/personnes/${people.Marchand}`)
    await page.getByRole('button', { name: 'Annuler la fusion' }).click()
    await page.getByRole('button', { name: 'Confirmer l’annulation de la fusion' }).click()
    await expect.poll(() => page.getByText(/Fusion annulée le/).count()).toBeGreaterThan(0)
    const [kept, duplicate] = await Promise.all(
      [people.Marchand!, people.Marchant!].map((id) =>
        trame.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      ),
    )
    expect(kept).toMatchObject({ phone: null, aliases: [] })
    expect(duplicate).toMatchObject({ phone: '06 12 34 56 78', merged_into_id: null })
    await page.context().close()
  })

  it('lists the likely duplicates of the whole base; a pair opens the merge screen and leaves the list once merged', async () => {
    const page = await signedInPage()
    await page.goto(`${trame.baseUrl}/personnes`)
    await page.getByRole('link', { name: 'Doublons probables' }).click()
    await page.getByRole('heading', { name: 'Doublons probables', level: 1 }).waitFor()
    const row = page.getByTestId('duplicate-pairs').getByRole('row', { name: /GIRARD Yvette/ })
    await expect.poll(() => row.textContent()).toContain('GIRARD Yvète')
    expect(await row.textContent()).toContain('Même date de naissance')
    await page.getByText(/\d+ paires? de dossiers/).waitFor()
    await checkPage(page, '34b-doublons-probables')

    await row.getByRole('link', { name: 'Comparer et fusionner' }).click()
    await page.waitForURL(`**/personnes/${people.Girard}/fusionner?doublon=${people.GIRARD}`)
    // The phone is only on the newer file: taking it is proposed already.
    const takePhone = page.getByLabel('Reprendre « Téléphone » du doublon')
    await expect.poll(() => takePhone.isChecked()).toBe(true)
    await page.getByText('Je confirme que ces deux dossiers concernent la même personne').click()
    await page.getByRole('button', { name: 'Fusionner les dossiers' }).click()
    await page.waitForURL(`**/personnes/${people.Girard}`)
    await expect.poll(() => page.getByText('01 40 00 00 05').count()).toBeGreaterThan(0)

    await page.goto(`${trame.baseUrl}/personnes/doublons`)
    await page.getByRole('heading', { name: 'Doublons probables', level: 1 }).waitFor()
    await expect.poll(() => page.getByText(/paires? de dossiers/).count()).toBe(1)
    expect(await page.getByText('GIRARD Yvète').count()).toBe(0)
    await checkPage(page, '34c-doublons-apres-fusion')

    // Two files alike that are not one person: set aside, listed apart, then brought back.
    const me = await (await page.request.get(`${trame.baseUrl}/api/auth/me`)).json()
    for (const firstNames of ['Jeanne', 'Jeane']) {
      const made = await page.request.post(`${trame.baseUrl}/api/people`, {
        headers: { 'x-csrf-token': me.csrfToken },
        data: { lastName: 'Bonnefoy', firstNames, birthDate: '1950-02-02' },
      })
      expect(made.status(), await made.text()).toBe(201)
    }
    await page.reload()
    const alike = page.getByTestId('duplicate-pairs').getByRole('row', { name: /BONNEFOY Jeanne/ })
    await alike.getByRole('button', { name: 'Ce ne sont pas les mêmes personnes' }).click()
    await page.getByText(/ne sont plus proposés comme doublons/).waitFor()
    const setAside = page.getByTestId('dismissed-pairs').getByRole('row', { name: /BONNEFOY Jeanne/ })
    await setAside.waitFor()
    expect(
      await page
        .getByTestId('duplicate-pairs')
        .getByRole('row', { name: /BONNEFOY/ })
        .count(),
    ).toBe(0)
    await page.getByText('1 paire écartée').waitFor()
    await checkPage(page, '34d-doublons-paire-ecartee')
    await setAside.getByRole('button', { name: 'Remettre dans les doublons' }).click()
    await page.getByText(/sont de nouveau proposés comme doublons probables/).waitFor()
    await page
      .getByTestId('duplicate-pairs')
      .getByRole('row', { name: /BONNEFOY Jeanne/ })
      .waitFor()
    expect(await page.getByTestId('dismissed-pairs').count()).toBe(0)
    await page.context().close()
  }, 180_000)

  it('lets the director see who opened a file, from the file, and filter by a colleague', async () => {
    // The social worker opens the file first.
    const colleague = await signedInPage()
    await colleague.goto(`${trame.baseUrl}/personnes/${people.Dupont}`)
    await colleague
      .getByRole('heading', { name: /DUPONT/ })
      .first()
      .waitFor()
    await colleague.context().close()

    const page = await signedInPage({ email: 'claire.direction@villebelle.fr', totpSecret: DIRECTOR_TOTP })
    await page.goto(`${trame.baseUrl}/personnes/${people.Dupont}`)
    await page.getByRole('link', { name: 'Qui a consulté ce dossier ?' }).click()
    await page.waitForURL(`**/admin/audit?personId=${people.Dupont}`)
    await page.getByRole('button', { name: 'Rechercher' }).click()
    const table = page.getByRole('table')
    await expect.poll(() => table.getByText('Consultation d’un dossier').count()).toBeGreaterThan(0)
    // The director manages no account, yet picks a colleague by name.
    await page.getByLabel('Utilisateur').selectOption({ label: 'Sam Social' })
    await page.getByRole('button', { name: 'Rechercher' }).click()
    await expect.poll(() => table.getByRole('cell', { name: 'Claire Direction' }).count()).toBe(0)
    await expect.poll(() => table.getByRole('cell', { name: 'Sam Social' }).count()).toBeGreaterThan(0)
    await checkPage(page, '36-qui-a-consulte')

    // Each entry names the file by its number; the same trail is found by the number the person gives.
    const fileLink = table.getByRole('link', { name: /^Dossier / }).first()
    const fileNumber = ((await fileLink.textContent()) ?? '').replace('Dossier', '').trim()
    expect(fileNumber).not.toBe('')
    await page.getByLabel('Utilisateur').selectOption({ label: 'Tous' })
    await page.getByRole('button', { name: 'Retirer le dossier' }).click()
    await page.getByLabel('Numéro de dossier', { exact: true }).fill(fileNumber)
    await page.getByRole('button', { name: 'Rechercher' }).click()
    await expect
      .poll(() => table.getByRole('link', { name: `Dossier ${fileNumber}` }).count())
      .toBeGreaterThan(0)
    // Or by name, for those who read files.
    await page.getByLabel('Numéro de dossier', { exact: true }).fill('')
    await page.getByRole('searchbox', { name: /^Personne/ }).fill('Dupont')
    await page
      .getByRole('button', { name: /Choisir.*DUPONT/ })
      .first()
      .click()
    await page.getByText(/Dossier choisi : DUPONT/).waitFor()
    await page.getByRole('button', { name: 'Rechercher' }).click()
    await expect.poll(() => table.getByText('Consultation d’un dossier').count()).toBeGreaterThan(0)
    await checkPage(page, '36b-journal-par-dossier')
    await page.context().close()
  })
})
