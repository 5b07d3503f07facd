import { randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { Household, Person, PersonSummary } from '../../../shared/people.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
/** Social worker of the social reception team. */
let worker: ApiClient
let director: ApiClient
let frontDesk: ApiClient
/** Social worker of the confidential PAEJ team only. */
let paej: ApiClient
let referentId: string
let deactivatedId: string
let otherOrganisationUserId: string

/** Valid social security numbers (NIR with their key). */
const SSN = '2 58 07 29 232 005 92'
const SSN_NORMALISED = '258072923200592'
const OTHER_SSN = '187027512345624'
/** Everything personal sent in this file: none of it may reach the logs. */
const personalData = new Set<string>([SSN_NORMALISED, OTHER_SSN, '2 58 07 29 232 005'])
const remember = (...values: string[]) => {
  for (const value of values) personalData.add(value)
}

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, {
      roles: ['social_worker'],
      teamIds: [org.teamId],
      name: 'Claire Lemoine',
    }),
  )
  director = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['director'], totp: true, name: 'Directrice Test' }),
  )
  frontDesk = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] }),
  )
  paej = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.confidentialTeamId] }),
  )
  referentId = (await createUser(ctx, org.id, { roles: ['social_worker'], name: 'Référente Active' })).id
  deactivatedId = (await createUser(ctx, org.id, { roles: ['social_worker'] })).id
  await ctx.db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', deactivatedId).execute()
  const other = await createOrganisation(ctx, 'CCAS Ailleurs')
  otherOrganisationUserId = (await createUser(ctx, other.id, { roles: ['social_worker'] })).id
})
afterAll(() => ctx.close())

async function create(client: ApiClient, body: Record<string, unknown>): Promise<Person> {
  const response = await client.post('/api/people', body)
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}
async function read(client: ApiClient, id: string): Promise<Person> {
  const response = await client.get(`/api/people/${id}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}
async function search(client: ApiClient, q: string): Promise<PersonSummary[]> {
  const response = await client.get(`/api/people?q=${encodeURIComponent(q)}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json().items
}
async function likely(client: ApiClient, params: Record<string, string>): Promise<PersonSummary[]> {
  const response = await client.get(`/api/people/likely-duplicates?${new URLSearchParams(params)}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json().items
}
const idsOf = (items: { id: string }[]) => items.map((item) => item.id)
const withoutUpdatedAt = ({ updatedAt: _updatedAt, ...rest }: Person) => rest
/** The single French field error of a 400 answer. */
function fieldErrors(response: LightMyRequestResponse) {
  expect(response.statusCode, response.body).toBe(400)
  return response.json().errors as { path: string; message: string }[]
}
async function auditActions(personId: string) {
  const response = await director.get(`/api/audit?personId=${personId}`)
  expect(response.statusCode, response.body).toBe(200)
  return (response.json().items as { action: string }[]).map((item) => item.action)
}
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

describe('the full person file', () => {
  const fullFile = () => ({
    lastName: 'Kermarrec',
    usageName: 'Le Goff',
    firstNames: 'Anaïs Marie',
    aliases: ['Nanou'],
    sex: 'female',
    birthDate: '1958-07-14',
    birthPlace: 'Quimper',
    nationalityGroup: 'french',
    languages: ['français', 'breton'],
    phone: '06 11 22 33 44',
    email: 'anais.kermarrec@exemple.fr',
    address: '12 rue des Lilas',
    postalCode: '29000',
    city: 'Quimper',
    housingSituation: 'tenant',
    cafNumber: '1234567',
    healthCover: 'complementary',
    socialSecurityNumber: SSN,
    resources: [
      { kind: 'pension', monthlyCents: 98_750 },
      { kind: 'aah', monthlyCents: 45_012 },
    ],
    familySituation: 'widowed',
    gir: 4,
    legalProtection: 'curatorship',
    legalRepresentative: 'UDAF du Finistère, M. Tanguy',
    referralSource: 'elected_official',
    relatives: [
      { name: 'Yann Kermarrec', relationship: 'fils', phone: '07 98 76 54 32', caregiver: true },
      { name: 'Mme Riou', relationship: 'voisine', phone: null, caregiver: false },
    ],
    referentIds: [referentId],
    tags: ['canicule', 'portage de repas'],
    status: 'active',
    teamId: org.teamId,
  })

  it('keeps every field of the file as it was entered', async () => {
    remember('Kermarrec', 'Anaïs Marie', 'Nanou', '06 11 22 33 44', 'anais.kermarrec@exemple.fr')
    remember('12 rue des Lilas', 'Yann Kermarrec', '07 98 76 54 32', 'Mme Riou', 'Tanguy')
    const input = fullFile()
    const created = await create(worker, input)
    const expected = { ...input, socialSecurityNumber: SSN_NORMALISED }
    expect(created).toMatchObject(expected)
    expect(created).toMatchObject({ mergedIntoId: null, household: null })
    expect(created.fileNumber).toMatch(/^\d{6}$/)
    // Read again, by the same worker: the very same file.
    expect(await read(worker, created.id)).toEqual(created)
  })

  it('accepts an anonymous person met in the street ("homme, ~25 ans") and completes the file later', async () => {
    const anonymous = await create(worker, {
      description: 'Homme, ~25 ans, sac à dos rouge',
      sex: 'male',
      approximateAge: 25,
      housingSituation: 'street',
      referralSource: 'outreach',
    })
    expect(anonymous).toMatchObject({
      lastName: null,
      firstNames: null,
      birthDate: null,
      description: 'Homme, ~25 ans, sac à dos rouge',
      sex: 'male',
      approximateAge: 25,
      housingSituation: 'street',
      referralSource: 'outreach',
      status: 'active',
      aliases: [],
      resources: [],
      relatives: [],
      referentIds: [],
      tags: [],
    })
    remember('Rocheteau')
    const completed = await worker.patch(`/api/people/${anonymous.id}`, {
      lastName: 'Rocheteau',
      aliases: ['Le Grand'],
    })
    expect(completed.statusCode, completed.body).toBe(200)
    expect(completed.json()).toMatchObject({
      lastName: 'Rocheteau',
      aliases: ['Le Grand'],
      description: 'Homme, ~25 ans, sac à dos rouge',
      approximateAge: 25,
    })
  })

  it('updates only the fields sent, and records a death', async () => {
    remember('Guillou', 'Odette')
    const before = await create(worker, {
      ...fullFile(),
      lastName: 'Guillou',
      firstNames: 'Odette',
      aliases: [],
      relatives: [],
      phone: null,
      email: null,
    })
    const deceased = await worker.patch(`/api/people/${before.id}`, { status: 'deceased' })
    expect(deceased.statusCode, deceased.body).toBe(200)
    expect(withoutUpdatedAt(deceased.json())).toEqual({ ...withoutUpdatedAt(before), status: 'deceased' })

    const changed = await worker.patch(`/api/people/${before.id}`, {
      gir: 2,
      resources: [{ kind: 'pension', monthlyCents: 120_000 }],
      tags: [],
      referentIds: [],
      legalProtection: null,
      legalRepresentative: null,
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(withoutUpdatedAt(changed.json())).toEqual({
      ...withoutUpdatedAt(before),
      status: 'deceased',
      gir: 2,
      resources: [{ kind: 'pension', monthlyCents: 120_000 }],
      tags: [],
      referentIds: [],
      legalProtection: null,
      legalRepresentative: null,
    })
    expect(withoutUpdatedAt(await read(worker, before.id))).toEqual(withoutUpdatedAt(changed.json()))
  })

  it('refuses bad input with a French message on the field, and changes nothing', async () => {
    remember('Le Bihan')
    const person = await create(worker, { lastName: 'Le Bihan', gir: 3, postalCode: '29200' })
    const badKey = `${SSN_NORMALISED.slice(0, 13)}00`
    const cases: [Record<string, unknown>, string, string][] = [
      [{ gir: 7 }, 'gir', 'GIR entre 1 et 6.'],
      [{ gir: 0 }, 'gir', 'GIR entre 1 et 6.'],
      [
        { resources: [{ kind: 'salary', monthlyCents: -100 }] },
        'resources.0.monthlyCents',
        'Le montant ne peut pas être négatif.',
      ],
      [
        {
          resources: [
            { kind: 'rsa', monthlyCents: 60_000 },
            { kind: 'salary', monthlyCents: 1200.5 },
          ],
        },
        'resources.1.monthlyCents',
        'Montant en centimes entiers.',
      ],
      [
        { resources: [{ kind: 'loto', monthlyCents: 100 }] },
        'resources.0.kind',
        'Choisissez une valeur de la liste.',
      ],
      [{ postalCode: '2920' }, 'postalCode', 'Code postal sur 5 chiffres.'],
      [{ postalCode: '29 200' }, 'postalCode', 'Code postal sur 5 chiffres.'],
      [{ phone: 'appeler la voisine' }, 'phone', 'Numéro de téléphone invalide.'],
      [
        { relatives: [{ name: 'Voisin', phone: 'pas de numéro' }] },
        'relatives.0.phone',
        'Numéro de téléphone invalide.',
      ],
      [
        { socialSecurityNumber: badKey },
        'socialSecurityNumber',
        'Numéro de sécurité sociale invalide (15 caractères, clé comprise).',
      ],
      [
        { socialSecurityNumber: '2580729' },
        'socialSecurityNumber',
        'Numéro de sécurité sociale invalide (15 caractères, clé comprise).',
      ],
      [{ housingSituation: 'chateau' }, 'housingSituation', 'Choisissez une valeur de la liste.'],
      [{ nationalityGroup: 'breton' }, 'nationalityGroup', 'Choisissez une valeur de la liste.'],
      [{ status: 'deleted' }, 'status', 'Choisissez une valeur de la liste.'],
      [{ healthCover: 'full' }, 'healthCover', 'Choisissez une valeur de la liste.'],
      [{ email: 'pas-une-adresse' }, 'email', 'Adresse e-mail invalide.'],
      [{ cafNumber: '12345678901' }, 'cafNumber', "Numéro d'allocataire CAF : 10 chiffres au plus."],
      [{ referentIds: [randomUUID()] }, 'referentIds', 'Référent inconnu ou compte désactivé.'],
      [{ referentIds: [deactivatedId] }, 'referentIds', 'Référent inconnu ou compte désactivé.'],
      [{ referentIds: [otherOrganisationUserId] }, 'referentIds', 'Référent inconnu ou compte désactivé.'],
      [
        { lastName: null, usageName: '', firstNames: null, aliases: [], description: '  ' },
        'lastName',
        'Indiquez au moins un nom, un prénom, un surnom ou une description.',
      ],
      [{ lastName: '' }, 'lastName', 'Indiquez au moins un nom, un prénom, un surnom ou une description.'],
    ]
    for (const [body, path, message] of cases) {
      const response = await worker.patch(`/api/people/${person.id}`, body)
      expect(fieldErrors(response), JSON.stringify(body)).toContainEqual({ path, message })
      expect(response.json().code).toBe('VALIDATION_FAILED')
    }
    expect(withoutUpdatedAt(await read(worker, person.id))).toEqual(withoutUpdatedAt(person))

    // The same rules at creation.
    const refused = await worker.post('/api/people', { lastName: 'Le Bihan', gir: 7, postalCode: 'abc' })
    expect(fieldErrors(refused)).toEqual(
      expect.arrayContaining([
        { path: 'gir', message: 'GIR entre 1 et 6.' },
        { path: 'postalCode', message: 'Code postal sur 5 chiffres.' },
      ]),
    )
    const noName = await worker.post('/api/people', { lastName: '', description: ' ', sex: 'male' })
    expect(fieldErrors(noName)).toEqual([
      { path: 'lastName', message: 'Indiquez au moins un nom, un prénom, un surnom ou une description.' },
    ])
    const deactivatedReferent = await worker.post('/api/people', {
      lastName: 'Le Bihan',
      referentIds: [deactivatedId],
    })
    expect(fieldErrors(deactivatedReferent)).toEqual([
      { path: 'referentIds', message: 'Référent inconnu ou compte désactivé.' },
    ])
  })

  it('names the same referent once even when the form sends it twice', async () => {
    remember('Quéméner')
    const person = await create(worker, { lastName: 'Quéméner' })
    const response = await worker.patch(`/api/people/${person.id}`, { referentIds: [referentId, referentId] })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json().referentIds).toEqual([referentId])
  })
})

describe('social security number', () => {
  let personId: string
  beforeAll(async () => {
    remember('Tanguy-Nir', 'Solenn')
    personId = (
      await create(worker, {
        lastName: 'Tanguy-Nir',
        firstNames: 'Solenn',
        socialSecurityNumber: SSN,
        teamId: org.teamId,
      })
    ).id
  })

  it('is written and read by social workers and the director', async () => {
    expect((await read(worker, personId)).socialSecurityNumber).toBe(SSN_NORMALISED)
    expect((await read(director, personId)).socialSecurityNumber).toBe(SSN_NORMALISED)
    const rewritten = await director.patch(`/api/people/${personId}`, { socialSecurityNumber: OTHER_SSN })
    expect(rewritten.statusCode, rewritten.body).toBe(200)
    expect(rewritten.json().socialSecurityNumber).toBe(OTHER_SSN)
    expect((await read(worker, personId)).socialSecurityNumber).toBe(OTHER_SSN)
    const restored = await worker.patch(`/api/people/${personId}`, { socialSecurityNumber: SSN })
    expect(restored.json().socialSecurityNumber).toBe(SSN_NORMALISED)
  })

  it('is absent from what a front desk agent reads, and they cannot write one', async () => {
    const response = await frontDesk.get(`/api/people/${personId}`)
    expect(response.statusCode).toBe(200)
    expect(response.json()).not.toHaveProperty('socialSecurityNumber')
    expect(response.body).not.toContain(SSN_NORMALISED)
    expect(response.json().lastName).toBe('Tanguy-Nir')

    const message =
      'Seuls les travailleurs sociaux et la direction peuvent saisir le numéro de sécurité sociale.'
    for (const value of [OTHER_SSN, null]) {
      const refused = await frontDesk.patch(`/api/people/${personId}`, { socialSecurityNumber: value })
      expect(fieldErrors(refused)).toEqual([{ path: 'socialSecurityNumber', message }])
    }
    const refusedCreation = await frontDesk.post('/api/people', {
      lastName: 'Accueil',
      socialSecurityNumber: OTHER_SSN,
    })
    expect(fieldErrors(refusedCreation)).toEqual([{ path: 'socialSecurityNumber', message }])

    // Their other changes go through, without showing or touching the number.
    const changed = await frontDesk.patch(`/api/people/${personId}`, { phone: '02 98 00 11 22' })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).not.toHaveProperty('socialSecurityNumber')
    expect(changed.json().phone).toBe('02 98 00 11 22')
    expect((await read(worker, personId)).socialSecurityNumber).toBe(SSN_NORMALISED)

    const list = await frontDesk.get(`/api/people?q=${encodeURIComponent('Tanguy-Nir')}`)
    expect(list.json().items).toHaveLength(1)
    expect(list.body).not.toContain(SSN_NORMALISED)
  })
})

describe('search', () => {
  let phoned: Person
  let nicknamed: Person
  beforeAll(async () => {
    remember('Abgrall', 'Morgane', '06 12 34 56 78', 'Cornec', 'Pierrick', 'Pipou')
    phoned = await create(worker, { lastName: 'Abgrall', firstNames: 'Morgane', phone: '06 12 34 56 78' })
    nicknamed = await create(worker, {
      lastName: 'Cornec',
      firstNames: 'Pierrick',
      aliases: ['Pipou', 'Le Breton'],
      phone: '+33 7 55 44 33 22',
    })
  })

  it('finds a person by phone, however the number is written', async () => {
    for (const q of ['06 12 34 56 78', '+33612345678', '0612345678', '+33 6 12 34 56 78', '06.12.34.56.78']) {
      expect(idsOf(await search(worker, q)), q).toEqual([phoned.id])
    }
    for (const q of ['07 55 44 33 22', '0755443322', '+33755443322']) {
      expect(idsOf(await search(worker, q)), q).toEqual([nicknamed.id])
    }
    expect(await search(worker, '06 99 99 99 99')).toEqual([])
  })

  it('finds a person by alias or nickname, as by a name', async () => {
    expect(idsOf(await search(worker, 'Pipou'))).toEqual([nicknamed.id])
    expect(idsOf(await search(worker, 'pipou'))).toContain(nicknamed.id)
    expect(idsOf(await search(worker, 'le breton'))).toContain(nicknamed.id)
  })

  it('shows the household size in results', async () => {
    remember('Abgrall', 'Elouan')
    const child = await create(worker, { lastName: 'Abgrall', firstNames: 'Elouan', birthDate: '2015-06-01' })
    const household = await worker.post('/api/households', {
      members: [
        { personId: phoned.id, relationship: 'head' },
        { personId: child.id, relationship: 'child' },
      ],
    })
    expect(household.statusCode, household.body).toBe(201)
    const found = await search(worker, 'Abgrall')
    expect(found.find((p) => p.id === phoned.id)?.householdSize).toBe(2)
    expect(found.find((p) => p.id === child.id)?.householdSize).toBe(2)
    expect((await search(worker, 'Pipou'))[0]?.householdSize).toBeNull()
  })

  it('warns of a likely existing file with the same phone', async () => {
    expect(idsOf(await likely(worker, { lastName: 'Zz', phone: '+33 6 12 34 56 78' }))).toEqual([phoned.id])
    expect(idsOf(await likely(worker, { phone: '06.12.34.56.78' }))).toEqual([phoned.id])
    expect(await likely(worker, { phone: '06 99 99 99 99' })).toEqual([])
  })
})

describe('households', () => {
  let paul: Person
  let julie: Person
  let leo: Person
  let householdId: string
  beforeAll(async () => {
    remember('Martin', 'Paul', 'Julie', 'Léo', '3 place du Marché')
    paul = await create(worker, {
      lastName: 'Martin',
      firstNames: 'Paul',
      resources: [{ kind: 'salary', monthlyCents: 150_000 }],
    })
    julie = await create(worker, {
      lastName: 'Martin',
      usageName: 'Martin-Roux',
      firstNames: 'Julie',
      resources: [
        { kind: 'rsa', monthlyCents: 60_000 },
        { kind: 'family_allowances', monthlyCents: 14_050 },
      ],
    })
    leo = await create(worker, { lastName: 'Martin', firstNames: 'Léo', birthDate: '2016-09-01' })
  })

  it('creates a household with its members, relationships and monthly resources', async () => {
    const created = await worker.post('/api/households', {
      address: '3 place du Marché',
      postalCode: '29000',
      city: 'Quimper',
      otherResources: [{ kind: 'other', monthlyCents: 25_000 }],
      members: [
        { personId: paul.id, relationship: 'head' },
        { personId: julie.id, relationship: 'spouse' },
        { personId: leo.id, relationship: 'child', disabled: true },
      ],
    })
    expect(created.statusCode, created.body).toBe(201)
    const household: Household = created.json()
    householdId = household.id
    expect(household).toMatchObject({
      address: '3 place du Marché',
      postalCode: '29000',
      city: 'Quimper',
      otherResources: [{ kind: 'other', monthlyCents: 25_000 }],
      sharesOverride: null,
      monthlyResourcesCents: 150_000 + 60_000 + 14_050 + 25_000,
    })
    expect(household.members).toEqual(
      expect.arrayContaining([
        {
          personId: paul.id,
          relationship: 'head',
          disabled: false,
          displayName: 'MARTIN Paul',
          birthDate: null,
          approximateAge: null,
          monthlyResourcesCents: 150_000,
        },
        {
          personId: julie.id,
          relationship: 'spouse',
          disabled: false,
          displayName: 'MARTIN-ROUX Julie',
          birthDate: null,
          approximateAge: null,
          monthlyResourcesCents: 74_050,
        },
        {
          personId: leo.id,
          relationship: 'child',
          disabled: true,
          displayName: 'MARTIN Léo',
          birthDate: '2016-09-01',
          approximateAge: null,
          monthlyResourcesCents: 0,
        },
      ]),
    )
    expect(household.members).toHaveLength(3)

    const again = await worker.get(`/api/households/${householdId}`)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(household)
    expect((await read(worker, julie.id)).household).toEqual({
      id: householdId,
      relationship: 'spouse',
      size: 3,
    })
  })

  it('traces reading, creating and changing a household in the audit log', async () => {
    const member = await create(worker, { lastName: 'Audit', firstNames: 'Foyer' })
    const created = (
      await worker.post('/api/households', { members: [{ personId: member.id, relationship: 'head' }] })
    ).json()
    await worker.put(`/api/households/${created.id}`, {
      city: 'Lyon',
      members: [{ personId: member.id, relationship: 'head' }],
    })
    await worker.get(`/api/households/${created.id}`)
    const rows = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', created.id)
      .where('entity_type', '=', 'household')
      .orderBy('at')
      .execute()
    expect(rows.map((r) => r.action)).toEqual(['household.create', 'household.update', 'household.read'])
  })

  it('replaces the members on PUT', async () => {
    remember('Nina')
    const nina = await create(worker, { lastName: 'Martin', firstNames: 'Nina' })
    const replaced = await worker.put(`/api/households/${householdId}`, {
      address: '3 place du Marché',
      postalCode: '29000',
      city: 'Quimper',
      otherResources: [],
      members: [
        { personId: paul.id, relationship: 'head' },
        { personId: julie.id, relationship: 'spouse' },
        { personId: nina.id, relationship: 'child' },
      ],
    })
    expect(replaced.statusCode, replaced.body).toBe(200)
    expect((replaced.json() as Household).members.map((m) => [m.personId, m.relationship]).sort()).toEqual(
      [
        [paul.id, 'head'],
        [julie.id, 'spouse'],
        [nina.id, 'child'],
      ].sort(),
    )
    expect(replaced.json().monthlyResourcesCents).toBe(150_000 + 74_050)
    expect((await read(worker, leo.id)).household).toBeNull()
    expect((await read(worker, nina.id)).household).toEqual({
      id: householdId,
      relationship: 'child',
      size: 3,
    })
  })

  it('moves a person added to a second household out of the first; an emptied household is gone', async () => {
    remember('Salaün', 'Gaëlle', 'Corentin')
    const alone = await create(worker, { lastName: 'Salaün', firstNames: 'Gaëlle' })
    const first = await worker.post('/api/households', {
      members: [{ personId: alone.id, relationship: 'head' }],
    })
    expect(first.statusCode).toBe(201)
    const second = await worker.post('/api/households', {
      members: [
        { personId: leo.id, relationship: 'head' },
        { personId: alone.id, relationship: 'parent' },
      ],
    })
    expect(second.statusCode, second.body).toBe(201)
    expect((await read(worker, alone.id)).household).toEqual({
      id: second.json().id,
      relationship: 'parent',
      size: 2,
    })
    expect((await worker.get(`/api/households/${first.json().id}`)).statusCode).toBe(404)

    // Leaving a household of several leaves the others in it.
    const corentin = await create(worker, { lastName: 'Salaün', firstNames: 'Corentin' })
    const third = await worker.post('/api/households', {
      members: [
        { personId: corentin.id, relationship: 'head' },
        { personId: leo.id, relationship: 'child' },
      ],
    })
    expect(third.statusCode, third.body).toBe(201)
    const remaining = await worker.get(`/api/households/${second.json().id}`)
    expect(remaining.statusCode).toBe(200)
    expect((remaining.json() as Household).members.map((m) => m.personId)).toEqual([alone.id])
    expect((await read(worker, alone.id)).household?.size).toBe(1)
  })

  it('keeps out of sight, and keeps in the household, a member of a confidential team', async () => {
    remember('Pennec', 'Loïc', 'Maëlys', 'Ronan')
    const parent = await create(worker, { lastName: 'Pennec', firstNames: 'Loïc', teamId: org.teamId })
    const youth = await create(paej, {
      lastName: 'Pennec',
      firstNames: 'Maëlys',
      teamId: org.confidentialTeamId,
      resources: [{ kind: 'salary', monthlyCents: 40_000 }],
    })
    const created = await paej.post('/api/households', {
      members: [
        { personId: parent.id, relationship: 'head' },
        { personId: youth.id, relationship: 'child' },
      ],
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id as string

    const seen = await worker.get(`/api/households/${id}`)
    expect(seen.statusCode).toBe(200)
    expect((seen.json() as Household).members.map((m) => m.personId)).toEqual([parent.id])
    expect(seen.body).not.toContain(youth.id)
    expect(seen.body).not.toContain('Maëlys')
    expect(seen.json().monthlyResourcesCents).toBe(0)
    // Nor does the size tell that someone is hidden.
    expect((await read(worker, parent.id)).household?.size).toBe(1)
    expect((await search(worker, 'Pennec Loïc')).find((p) => p.id === parent.id)?.householdSize).toBe(1)

    // The worker cannot add the hidden person themselves…
    const refused = await worker.put(`/api/households/${id}`, {
      members: [
        { personId: parent.id, relationship: 'head' },
        { personId: youth.id, relationship: 'child' },
      ],
    })
    expect(fieldErrors(refused)).toEqual([{ path: 'members.1.personId', message: 'Personne inconnue.' }])

    // …and replacing the members they see keeps the one they do not.
    const ronan = await create(worker, { lastName: 'Pennec', firstNames: 'Ronan' })
    const replaced = await worker.put(`/api/households/${id}`, {
      city: 'Brest',
      members: [
        { personId: parent.id, relationship: 'head' },
        { personId: ronan.id, relationship: 'spouse' },
      ],
    })
    expect(replaced.statusCode, replaced.body).toBe(200)
    expect((replaced.json() as Household).members.map((m) => m.personId).sort()).toEqual(
      [parent.id, ronan.id].sort(),
    )
    const insider = (await paej.get(`/api/households/${id}`)).json() as Household
    expect(insider.city).toBe('Brest')
    expect(insider.members.map((m) => [m.personId, m.relationship]).sort()).toEqual(
      [
        [parent.id, 'head'],
        [ronan.id, 'spouse'],
        [youth.id, 'child'],
      ].sort(),
    )
    expect((await read(paej, youth.id)).household).toEqual({ id, relationship: 'child', size: 3 })
  })

  it('refuses a person listed twice, or unknown, with a French message', async () => {
    const twice = await worker.post('/api/households', {
      members: [
        { personId: paul.id, relationship: 'head' },
        { personId: paul.id, relationship: 'spouse' },
      ],
    })
    expect(fieldErrors(twice)).toEqual([
      { path: 'members', message: 'Une personne figure deux fois dans le foyer.' },
    ])
    const unknown = await worker.post('/api/households', {
      members: [
        { personId: paul.id, relationship: 'head' },
        { personId: randomUUID(), relationship: 'child' },
      ],
    })
    expect(fieldErrors(unknown)).toEqual([{ path: 'members.1.personId', message: 'Personne inconnue.' }])
    const empty = await worker.post('/api/households', { members: [] })
    expect(fieldErrors(empty)).toEqual([
      { path: 'members', message: 'Un foyer compte au moins une personne.' },
    ])
    const badRelationship = await worker.post('/api/households', {
      members: [{ personId: paul.id, relationship: 'cousin' }],
    })
    expect(fieldErrors(badRelationship)).toEqual([
      { path: 'members.0.relationship', message: 'Choisissez une valeur de la liste.' },
    ])
    // Nothing changed for Paul.
    expect((await read(worker, paul.id)).household).toEqual({
      id: householdId,
      relationship: 'head',
      size: 3,
    })
  })

  it('creates new members from its own form, with the household, in one transaction', async () => {
    remember('Kerbrat', 'Anne', 'Malo', 'Inès')
    const anne = await create(worker, { lastName: 'Kerbrat', firstNames: 'Anne' })
    const created = await worker.post('/api/households', {
      members: [
        { personId: anne.id, relationship: 'head' },
        {
          newPerson: { lastName: 'Kerbrat', firstNames: 'Malo', birthDate: '2019-04-02' },
          relationship: 'child',
        },
      ],
    })
    expect(created.statusCode, created.body).toBe(201)
    const household = created.json() as Household
    const malo = household.members.find((m) => m.displayName.includes('Malo'))!
    expect(malo).toMatchObject({ relationship: 'child', birthDate: '2019-04-02' })
    // The new member has a file of their own, found by the search and pointing to the household.
    expect((await read(worker, malo.personId)).household).toEqual({
      id: household.id,
      relationship: 'child',
      size: 2,
    })
    expect((await search(worker, 'Kerbrat Malo')).map((p) => p.id)).toEqual([malo.personId])

    // A member that cannot be saved leaves no new file behind.
    const refused = await worker.put(`/api/households/${household.id}`, {
      members: [
        { personId: anne.id, relationship: 'head' },
        { newPerson: { firstNames: 'Inès' }, relationship: 'child' },
        { personId: randomUUID(), relationship: 'child' },
      ],
    })
    expect(fieldErrors(refused)).toEqual([{ path: 'members.2.personId', message: 'Personne inconnue.' }])
    expect(await search(worker, 'Inès')).toEqual([])
    const nameless = await worker.put(`/api/households/${household.id}`, {
      members: [
        { personId: anne.id, relationship: 'head' },
        { newPerson: { birthDate: '2020-01-01' }, relationship: 'child' },
      ],
    })
    expect(fieldErrors(nameless)).toEqual([
      { path: 'members.1.newPerson.lastName', message: 'Indiquez au moins un nom ou un prénom.' },
    ])
    const both = await worker.put(`/api/households/${household.id}`, {
      members: [{ personId: anne.id, newPerson: { firstNames: 'Inès' }, relationship: 'head' }],
    })
    expect(fieldErrors(both)).toEqual([
      {
        path: 'members.0.personId',
        message: 'Choisissez une personne existante ou indiquez l’identité de la nouvelle.',
      },
    ])
    expect((await worker.get(`/api/households/${household.id}`)).json().members).toHaveLength(2)
  })

  it('files a new member under the confidential team of the household it joins', async () => {
    remember('Le Goff', 'Nolwenn', 'Titouan')
    const mother = await create(paej, {
      lastName: 'Le Goff',
      firstNames: 'Nolwenn',
      teamId: org.confidentialTeamId,
    })
    const created = await paej.post('/api/households', {
      members: [
        { personId: mother.id, relationship: 'head' },
        { newPerson: { lastName: 'Le Goff', firstNames: 'Titouan' }, relationship: 'child' },
      ],
    })
    expect(created.statusCode, created.body).toBe(201)
    const child = (created.json() as Household).members.find((m) => m.personId !== mother.id)!
    expect((await read(paej, child.personId)).teamId).toBe(org.confidentialTeamId)
    expect((await worker.get(`/api/people/${child.personId}`)).statusCode).toBe(404)
  })
})

describe('consents', () => {
  let personId: string
  beforeAll(async () => {
    remember('Cloarec')
    personId = (await create(worker, { lastName: 'Cloarec' })).id
  })

  it('records consents with their date, scope and author, newest first', async () => {
    const first = await worker.post(`/api/people/${personId}/consents`, {
      scope: 'data_processing',
      given: true,
      givenOn: '2025-01-10',
    })
    expect(first.statusCode, first.body).toBe(201)
    const second = await director.post(`/api/people/${personId}/consents`, {
      scope: 'partner_sharing',
      given: false,
      givenOn: daysFromToday(0),
      note: 'Refuse le partage avec la mission locale',
    })
    expect(second.statusCode, second.body).toBe(201)
    const list = await worker.get(`/api/people/${personId}/consents`)
    expect(list.statusCode).toBe(200)
    const items = list.json().items
    expect(items).toEqual([
      {
        id: expect.any(String),
        scope: 'partner_sharing',
        given: false,
        givenOn: daysFromToday(0),
        note: 'Refuse le partage avec la mission locale',
        recordedBy: 'Directrice Test',
        recordedAt: expect.any(String),
      },
      {
        id: expect.any(String),
        scope: 'data_processing',
        given: true,
        givenOn: '2025-01-10',
        note: null,
        recordedBy: 'Claire Lemoine',
        recordedAt: expect.any(String),
      },
    ])
    expect(second.json().items).toEqual(items)
    expect(Date.parse(items[0].recordedAt)).toBeGreaterThanOrEqual(Date.parse(items[1].recordedAt))
  })

  it('refuses a consent dated in the future, or of an unknown scope, in French', async () => {
    const future = await worker.post(`/api/people/${personId}/consents`, {
      scope: 'data_processing',
      given: true,
      givenOn: daysFromToday(30),
    })
    expect(fieldErrors(future)).toEqual([
      { path: 'givenOn', message: 'La date ne peut pas être dans le futur.' },
    ])
    // Tomorrow is already the future; a consent of the 19th century is a typing slip.
    const tomorrow = await worker.post(`/api/people/${personId}/consents`, {
      scope: 'data_processing',
      given: true,
      givenOn: addDays(todayInFrance(), 1),
    })
    expect(fieldErrors(tomorrow)).toEqual([
      { path: 'givenOn', message: 'La date ne peut pas être dans le futur.' },
    ])
    const absurd = await worker.post(`/api/people/${personId}/consents`, {
      scope: 'data_processing',
      given: true,
      givenOn: '1800-01-01',
    })
    expect(fieldErrors(absurd)).toEqual([
      { path: 'givenOn', message: 'Date trop ancienne : le 01/01/1950 au plus tôt.' },
    ])
    const scope = await worker.post(`/api/people/${personId}/consents`, {
      scope: 'everything',
      given: true,
      givenOn: '2025-01-10',
    })
    expect(fieldErrors(scope)).toEqual([{ path: 'scope', message: 'Choisissez une valeur de la liste.' }])
    expect((await worker.get(`/api/people/${personId}/consents`)).json().items).toHaveLength(2)
  })
})

describe('merging two files of one person', () => {
  it('gives the kept file the ticked fields and the other names, and hides the merged one', async () => {
    remember('Dupré', 'Jeanne', 'Dupres', 'Jeane', 'Jeannot', '06 55 44 33 22', 'jeanne.d@exemple.fr')
    const kept = await create(worker, {
      lastName: 'Dupré',
      firstNames: 'Jeanne',
      birthDate: '1975-03-09',
      city: 'Morlaix',
      tags: ['énergie'],
    })
    const merged = await create(worker, {
      lastName: 'Dupres',
      firstNames: 'Jeane',
      aliases: ['Jeannot'],
      phone: '06 55 44 33 22',
      email: 'jeanne.d@exemple.fr',
      birthPlace: 'Lyon',
      city: 'Brest',
      tags: ['logement'],
      referentIds: [referentId],
    })
    // Before the merge both show up as likely duplicates of each other.
    expect(idsOf(await likely(worker, { lastName: 'Dupres', firstNames: 'Jeane' }))).toEqual(
      expect.arrayContaining([kept.id, merged.id]),
    )

    const response = await worker.post(`/api/people/${kept.id}/merge`, {
      mergedPersonId: merged.id,
      takeFields: ['phone', 'birthPlace'],
    })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json().items).toEqual([
      {
        id: expect.any(String),
        keptPersonId: kept.id,
        mergedPersonId: merged.id,
        mergedAt: expect.any(String),
        mergedBy: 'Claire Lemoine',
        undoneAt: null,
      },
    ])

    const keptNow = await read(worker, kept.id)
    expect(keptNow).toMatchObject({
      lastName: 'Dupré',
      firstNames: 'Jeanne',
      phone: '06 55 44 33 22',
      birthPlace: 'Lyon',
      // Not ticked: the kept file's own values stay.
      city: 'Morlaix',
      email: null,
      mergedIntoId: null,
      referentIds: [referentId],
    })
    expect(keptNow.aliases).toEqual(expect.arrayContaining(['Jeannot', 'Dupres Jeane']))
    expect(keptNow.tags!.sort()).toEqual(['logement', 'énergie'].sort())
    expect((await read(worker, merged.id)).mergedIntoId).toBe(kept.id)

    // The merged names and phone now lead to the kept file only.
    for (const q of ['Dupres Jeane', 'Jeannot', '06 55 44 33 22', 'Dupré']) {
      const found = idsOf(await search(worker, q))
      expect(found, q).toContain(kept.id)
      expect(found, q).not.toContain(merged.id)
    }
    const duplicates = idsOf(
      await likely(worker, { lastName: 'Dupres', firstNames: 'Jeane', phone: '0655443322' }),
    )
    expect(duplicates).toContain(kept.id)
    expect(duplicates).not.toContain(merged.id)
    expect(idsOf(await search(worker, ''))).not.toContain(merged.id)

    // Traced on both files.
    expect(await auditActions(kept.id)).toContain('person.merge')
    expect(await auditActions(merged.id)).toContain('person.merge')
    // Both files list the merge.
    expect((await worker.get(`/api/people/${merged.id}/merges`)).json().items).toHaveLength(1)
  })

  it('refuses merging a file with itself, with an already merged file, or by a front desk agent', async () => {
    remember('Le Gall', 'Yves', 'Le Gal', 'Yvon')
    const a = await create(worker, { lastName: 'Le Gall', firstNames: 'Yves' })
    const b = await create(worker, { lastName: 'Le Gal', firstNames: 'Yves' })
    const c = await create(worker, { lastName: 'Le Gall', firstNames: 'Yvon' })

    const self = await worker.post(`/api/people/${a.id}/merge`, { mergedPersonId: a.id })
    expect(fieldErrors(self)).toEqual([
      { path: 'mergedPersonId', message: 'Choisissez deux dossiers différents.' },
    ])
    const byFrontDesk = await frontDesk.post(`/api/people/${a.id}/merge`, { mergedPersonId: b.id })
    expect(byFrontDesk.statusCode).toBe(403)
    expect((await read(worker, b.id)).mergedIntoId).toBeNull()
    const notMergeable = await worker.post(`/api/people/${a.id}/merge`, {
      mergedPersonId: b.id,
      takeFields: ['socialSecurityNumber'],
    })
    expect(fieldErrors(notMergeable)).toEqual([{ path: 'takeFields', message: 'Champ non fusionnable.' }])

    expect((await director.post(`/api/people/${a.id}/merge`, { mergedPersonId: b.id })).statusCode).toBe(200)
    const message = 'Un des deux dossiers est déjà fusionné dans un autre.'
    const again = await worker.post(`/api/people/${c.id}/merge`, { mergedPersonId: b.id })
    expect(fieldErrors(again)).toEqual([{ path: 'mergedPersonId', message }])
    const intoMerged = await worker.post(`/api/people/${b.id}/merge`, { mergedPersonId: c.id })
    expect(fieldErrors(intoMerged)).toEqual([{ path: 'mergedPersonId', message }])
    expect((await read(worker, c.id)).mergedIntoId).toBeNull()
  })

  it('is undone: both files as they were, except what was changed on the kept file since', async () => {
    remember('Morvan', 'Gwenaël', 'Morvant', 'Gwenael', 'Gwen', '07 11 22 33 44', '07 00 00 00 01')
    const kept = await create(worker, {
      lastName: 'Morvan',
      firstNames: 'Gwenaël',
      birthDate: '1980-11-02',
      tags: ['rsa'],
      languages: ['français'],
      relatives: [{ name: 'Sœur', phone: null, caregiver: false }],
    })
    const merged = await create(worker, {
      lastName: 'Morvant',
      firstNames: 'Gwenael',
      aliases: ['Gwen'],
      phone: '07 11 22 33 44',
      approximateAge: 44,
      gir: 5,
      languages: ['breton'],
      tags: ['isolement'],
      resources: [{ kind: 'rsa', monthlyCents: 63_500 }],
      relatives: [{ name: 'Voisine', phone: '02 98 11 11 11', caregiver: true }],
      referentIds: [referentId],
      socialSecurityNumber: OTHER_SSN,
    })
    await worker.post(`/api/people/${merged.id}/consents`, {
      scope: 'data_processing',
      given: true,
      givenOn: '2025-02-01',
    })
    const keptBefore = await read(worker, kept.id)
    const mergedBefore = await read(worker, merged.id)

    const merge = await worker.post(`/api/people/${kept.id}/merge`, {
      mergedPersonId: merged.id,
      takeFields: ['phone', 'gir', 'approximateAge'],
    })
    expect(merge.statusCode, merge.body).toBe(200)
    const mergeId = merge.json().items[0].id as string
    expect(await read(worker, kept.id)).toMatchObject({
      phone: '07 11 22 33 44',
      gir: 5,
      approximateAge: 44,
      resources: [{ kind: 'rsa', monthlyCents: 63_500 }],
      referentIds: [referentId],
    })
    // After the merge, an agent corrects the phone on the kept file.
    const corrected = await worker.patch(`/api/people/${kept.id}`, { phone: '07 00 00 00 01' })
    expect(corrected.statusCode).toBe(200)

    const undone = await director.post(`/api/people/merges/${mergeId}/undo`)
    expect(undone.statusCode, undone.body).toBe(200)
    expect(undone.json().items[0]).toMatchObject({ id: mergeId, undoneAt: expect.any(String) })

    expect(withoutUpdatedAt(await read(worker, kept.id))).toEqual({
      ...withoutUpdatedAt(keptBefore),
      phone: '07 00 00 00 01',
    })
    expect(withoutUpdatedAt(await read(worker, merged.id))).toEqual(withoutUpdatedAt(mergedBefore))
    expect((await worker.get(`/api/people/${merged.id}/consents`)).json().items).toHaveLength(1)
    expect(idsOf(await search(worker, 'Gwen'))).toEqual(expect.arrayContaining([merged.id]))
    expect(idsOf(await search(worker, 'Morvant Gwenael'))[0]).toBe(merged.id)
    expect(await auditActions(merged.id)).toContain('person.unmerge')

    const twice = await director.post(`/api/people/merges/${mergeId}/undo`)
    expect(twice.statusCode).toBe(404)
    expect((await frontDesk.post(`/api/people/merges/${mergeId}/undo`)).statusCode).toBe(403)
  })

  it("puts the kept person in the duplicate's household, and back out on undo", async () => {
    remember('Jaouen', 'Tristan', 'Tristan-Marie', 'Katell')
    const kept = await create(worker, { lastName: 'Jaouen', firstNames: 'Tristan' })
    const merged = await create(worker, { lastName: 'Jaouen', firstNames: 'Tristan-Marie' })
    const spouse = await create(worker, { lastName: 'Jaouen', firstNames: 'Katell' })
    const household = await worker.post('/api/households', {
      members: [
        { personId: spouse.id, relationship: 'head' },
        { personId: merged.id, relationship: 'spouse' },
      ],
    })
    expect(household.statusCode).toBe(201)
    const householdId = household.json().id as string
    const before = await Promise.all([kept, merged, spouse].map((p) => read(worker, p.id)))

    const merge = await worker.post(`/api/people/${kept.id}/merge`, { mergedPersonId: merged.id })
    expect(merge.statusCode, merge.body).toBe(200)
    expect((await read(worker, kept.id)).household).toEqual({
      id: householdId,
      relationship: 'spouse',
      size: 2,
    })
    expect((await read(worker, merged.id)).household).toBeNull()
    const during = (await worker.get(`/api/households/${householdId}`)).json() as Household
    expect(during.members.map((m) => m.personId).sort()).toEqual([kept.id, spouse.id].sort())

    const undo = await worker.post(`/api/people/merges/${merge.json().items[0].id}/undo`)
    expect(undo.statusCode, undo.body).toBe(200)
    const after = await Promise.all([kept, merged, spouse].map((p) => read(worker, p.id)))
    expect(after.map(withoutUpdatedAt)).toEqual(before.map(withoutUpdatedAt))
    const restored = (await worker.get(`/api/households/${householdId}`)).json() as Household
    expect(restored.members.map((m) => m.personId).sort()).toEqual([merged.id, spouse.id].sort())
  })

  it('takes over a one-person household of the duplicate, and gives it back on undo', async () => {
    remember('Kerléo', 'Armelle')
    const kept = await create(worker, { lastName: 'Kerléo', firstNames: 'Armelle' })
    const merged = await create(worker, { lastName: 'Kerleo', firstNames: 'Armelle' })
    const household = await worker.post('/api/households', {
      address: '8 rue de Brest',
      members: [{ personId: merged.id, relationship: 'head' }],
    })
    expect(household.statusCode).toBe(201)
    const householdId = household.json().id as string
    const before = await Promise.all([kept, merged].map((p) => read(worker, p.id)))

    const merge = await worker.post(`/api/people/${kept.id}/merge`, { mergedPersonId: merged.id })
    expect(merge.statusCode, merge.body).toBe(200)
    expect((await read(worker, kept.id)).household).toEqual({
      id: householdId,
      relationship: 'head',
      size: 1,
    })
    expect((await worker.get(`/api/households/${householdId}`)).json().address).toBe('8 rue de Brest')

    const undo = await worker.post(`/api/people/merges/${merge.json().items[0].id}/undo`)
    expect(undo.statusCode, undo.body).toBe(200)
    const after = await Promise.all([kept, merged].map((p) => read(worker, p.id)))
    expect(after.map(withoutUpdatedAt)).toEqual(before.map(withoutUpdatedAt))
  })

  it('gives a duplicate back its own household on undo when the kept person had one too', async () => {
    remember('Bozec', 'Hervé', 'Herve', 'Soizic')
    const kept = await create(worker, { lastName: 'Bozec', firstNames: 'Hervé' })
    const partner = await create(worker, { lastName: 'Bozec', firstNames: 'Soizic' })
    const merged = await create(worker, { lastName: 'Bozec', firstNames: 'Herve' })
    for (const members of [
      [
        { personId: kept.id, relationship: 'head' },
        { personId: partner.id, relationship: 'spouse' },
      ],
      [{ personId: merged.id, relationship: 'head' }],
    ]) {
      expect((await worker.post('/api/households', { members })).statusCode).toBe(201)
    }
    const before = await Promise.all([kept, partner, merged].map((p) => read(worker, p.id)))

    const merge = await worker.post(`/api/people/${kept.id}/merge`, { mergedPersonId: merged.id })
    expect(merge.statusCode, merge.body).toBe(200)
    expect((await read(worker, kept.id)).household).toEqual(before[0]?.household)
    const undo = await worker.post(`/api/people/merges/${merge.json().items[0].id}/undo`)
    expect(undo.statusCode, undo.body).toBe(200)
    const after = await Promise.all([kept, partner, merged].map((p) => read(worker, p.id)))
    expect(after.map(withoutUpdatedAt)).toEqual(before.map(withoutUpdatedAt))
  })
})

describe('a merged file', () => {
  it('is read-only, and its consents show under the kept file and in its export', async () => {
    remember('Guillou', 'Annaïg')
    const kept = await create(worker, { lastName: 'Guillou', firstNames: 'Annaïg' })
    const duplicate = await create(worker, { lastName: 'Guilou', firstNames: 'Annaig' })
    const consent = { scope: 'partner_sharing', given: true, givenOn: daysFromToday(-3) }
    expect((await worker.post(`/api/people/${duplicate.id}/consents`, consent)).statusCode).toBe(201)
    expect(
      (await worker.post(`/api/people/${kept.id}/merge`, { mergedPersonId: duplicate.id })).statusCode,
    ).toBe(200)

    const message = 'Ce dossier a été fusionné dans un autre : complétez le dossier conservé.'
    expect(fieldErrors(await worker.patch(`/api/people/${duplicate.id}`, { phone: '0611223344' }))).toEqual([
      { path: 'id', message },
    ])
    expect(fieldErrors(await worker.post(`/api/people/${duplicate.id}/consents`, consent))).toEqual([
      { path: 'id', message },
    ])
    const consents = (await worker.get(`/api/people/${kept.id}/consents`)).json().items
    expect(consents.map((c: { scope: string }) => c.scope)).toEqual(['partner_sharing'])
    const exported = (await worker.get(`/api/people/${kept.id}/export.json`)).json()
    expect(exported.consents.map((c: { scope: string }) => c.scope)).toEqual(['partner_sharing'])
  })

  it('refuses a birth date in the future or out of any calendar', async () => {
    expect(
      fieldErrors(await worker.post('/api/people', { lastName: 'X', birthDate: daysFromToday(2) })),
    ).toEqual([{ path: 'birthDate', message: 'La date de naissance ne peut pas être dans le futur.' }])
    expect(fieldErrors(await worker.post('/api/people', { lastName: 'X', birthDate: '0000-01-01' }))).toEqual(
      [{ path: 'birthDate', message: 'Date invalide.' }],
    )
  })
})

describe('the timeline', () => {
  it('gives one page at a time, newest first, with the total and a filter by module', async () => {
    const person = await create(worker, { lastName: 'Chronos', firstNames: 'Paule', phone: '06 11 22 33 44' })
    remember('Chronos', 'Paule', '06 11 22 33 44')
    for (let day = 1; day <= 35; day += 1) {
      const logged = await worker.post('/api/contacts', {
        channel: 'phone',
        siteId: org.siteId,
        teamId: org.teamId,
        personId: person.id,
        occurredAt: new Date(Date.UTC(2025, 0, day, 9)).toISOString(),
      })
      expect(logged.statusCode, logged.body).toBe(201)
    }
    const need = await worker.post('/api/network/needs', { personId: person.id, kind: 'shopping' })
    expect(need.statusCode, need.body).toBe(201)

    const first = (await worker.get(`/api/people/${person.id}/timeline`)).json()
    expect(first).toMatchObject({ total: 36, page: 1, pageSize: 30 })
    expect(first.items).toHaveLength(30)
    // Newest first: today's need, then the contacts from 4 January down.
    expect(first.items[0].kind).toBe('network_need')
    expect(first.items[1].at).toBe('2025-02-04T09:00:00.000Z')
    expect(first.kinds).toEqual(
      expect.arrayContaining([
        { kind: 'contact', label: expect.any(String), count: 35 },
        { kind: 'network_need', label: 'Voisins solidaires', count: 1 },
      ]),
    )
    const second = (await worker.get(`/api/people/${person.id}/timeline?page=2`)).json()
    expect(second.items.map((item: { at: string }) => item.at.slice(0, 10))).toEqual([
      '2025-01-06',
      '2025-01-05',
      '2025-01-04',
      '2025-01-03',
      '2025-01-02',
      '2025-01-01',
    ])
    const needs = (await worker.get(`/api/people/${person.id}/timeline?kind=network_need`)).json()
    expect(needs).toMatchObject({ total: 1, items: [{ kind: 'network_need' }] })
    expect((await worker.get(`/api/people/${person.id}/timeline?page=0`)).statusCode).toBe(400)
    expect((await worker.get(`/api/people/${person.id}/timeline?pageSize=1000`)).statusCode).toBe(400)
  })

  it('pages a file of many records from several modules in the database: order, total, counts, a filter, the next pages', async () => {
    const person = await create(worker, { lastName: 'Kronos', firstNames: 'Irène', phone: '06 12 34 56 78' })
    remember('Kronos', 'Irène', '06 12 34 56 78')
    // 40 contacts on 40 days at 9:00, 12 interviews on the same days at 14:00 from the 5th, 3 needs today.
    const day = (n: number, hour: number) => new Date(Date.UTC(2024, 2, n, hour)).toISOString()
    for (let n = 1; n <= 40; n += 1) {
      const logged = await worker.post('/api/contacts', {
        channel: 'walk_in',
        siteId: org.siteId,
        teamId: org.teamId,
        personId: person.id,
        occurredAt: day(n, 9),
      })
      expect(logged.statusCode, logged.body).toBe(201)
    }
    // A contact of a confidential team: its members see it, the worker does not, nor in the counts.
    const hidden = await paej.post('/api/contacts', {
      channel: 'walk_in',
      siteId: org.siteId,
      teamId: org.confidentialTeamId,
      personId: person.id,
      occurredAt: day(20, 10),
    })
    expect(hidden.statusCode, hidden.body).toBe(201)
    const typeId = (await worker.get('/api/followup/types')).json().items[0].id
    const record = await worker.post('/api/followup/records', {
      personId: person.id,
      typeId,
      teamId: org.teamId,
    })
    expect(record.statusCode, record.body).toBe(201)
    for (let n = 5; n < 17; n += 1) {
      const met = await worker.post(`/api/followup/records/${record.json().id}/interviews`, {
        occurredAt: day(n, 14),
        medium: 'office',
      })
      expect(met.statusCode, met.body).toBe(201)
    }
    for (const kind of ['shopping', 'pharmacy', 'phone_call']) {
      const need = await worker.post('/api/network/needs', { personId: person.id, kind })
      expect(need.statusCode, need.body).toBe(201)
    }

    const all: { kind: string; at: string; id: string }[] = []
    for (let page = 1; page <= 4; page += 1) {
      const response = await worker.get(`/api/people/${person.id}/timeline?page=${page}&pageSize=15`)
      expect(response.statusCode, response.body).toBe(200)
      const body = response.json()
      // 40 contacts + 1 record opened today + 12 interviews + 3 needs.
      expect(body).toMatchObject({ total: 56, page, pageSize: 15 })
      expect(body.items).toHaveLength(page < 4 ? 15 : 11)
      all.push(...body.items)
      if (page === 1) {
        expect(body.kinds).toEqual(
          expect.arrayContaining([
            { kind: 'contact', label: 'Passages et contacts', count: 40 },
            { kind: 'followup', label: 'Accompagnements et entretiens', count: 13 },
            { kind: 'network_need', label: 'Voisins solidaires', count: 3 },
          ]),
        )
        expect(body.kinds).toHaveLength(3)
      }
    }
    // Every record once, newest first across the modules.
    expect(new Set(all.map((entry) => entry.id)).size).toBe(56)
    const times = all.map((entry) => Date.parse(entry.at))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    // Today: the three needs and the record opened today (at noon), in the order of their times.
    expect(
      all
        .slice(0, 4)
        .map((entry) => entry.kind)
        .sort(),
    ).toEqual(['followup', 'network_need', 'network_need', 'network_need'])
    // Past the record opened today: contacts of the 40th day down to the 17th, then a day's interview after its contact.
    expect(all.slice(4, 28).map((entry) => entry.at)).toEqual(
      Array.from({ length: 24 }, (_, i) => day(40 - i, 9)),
    )
    expect(all.slice(28, 30).map((entry) => [entry.kind, entry.at])).toEqual([
      ['followup', day(16, 14)],
      ['contact', day(16, 9)],
    ])
    expect(all.at(-1)).toMatchObject({ kind: 'contact', at: day(1, 9) })

    // One module's records, on their second page: only that source is read.
    const interviews = (
      await worker.get(`/api/people/${person.id}/timeline?kind=followup&pageSize=5&page=2`)
    ).json()
    expect(interviews).toMatchObject({ total: 13, page: 2, pageSize: 5 })
    expect(interviews.items.map((entry: { kind: string; at: string }) => [entry.kind, entry.at])).toEqual(
      [12, 11, 10, 9, 8].map((n) => ['followup', day(n, 14)]),
    )
    expect(interviews.kinds).toHaveLength(3)
    // Past the last page: nothing, the total still said.
    const beyond = (await worker.get(`/api/people/${person.id}/timeline?page=9&pageSize=15`)).json()
    expect(beyond).toMatchObject({ total: 56, items: [] })
    // The confidential team's member counts its own contact too.
    const member = (await paej.get(`/api/people/${person.id}/timeline?kind=contact&pageSize=1`)).json()
    expect(member.total).toBe(41)
  })
})

describe('access request export', () => {
  it('gives everything Trame holds about the person as a JSON attachment, and traces it', async () => {
    remember('Riou', 'Mathilde', 'Riou-Export', '06 77 88 99 00')
    const person = await create(worker, {
      lastName: 'Riou',
      firstNames: 'Mathilde',
      phone: '06 77 88 99 00',
      socialSecurityNumber: SSN,
    })
    const duplicate = await create(worker, { lastName: 'Riou-Export', firstNames: 'Mathilde' })
    const household = await worker.post('/api/households', {
      members: [{ personId: person.id, relationship: 'head' }],
    })
    await worker.post(`/api/people/${person.id}/consents`, {
      scope: 'data_processing',
      given: true,
      givenOn: '2025-03-01',
    })
    await worker.post(`/api/people/${person.id}/merge`, { mergedPersonId: duplicate.id })

    const response = await worker.get(`/api/people/${person.id}/export.json`)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="dossier-${person.fileNumber}.json"`,
    )
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    const data = response.json()
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining(['person', 'household', 'consents', 'merges', 'records', 'accessLog']),
    )
    expect(data.person).toMatchObject({
      id: person.id,
      lastName: 'Riou',
      phone: '06 77 88 99 00',
      socialSecurityNumber: SSN_NORMALISED,
    })
    expect(data.household).toMatchObject({ id: household.json().id })
    expect(data.household.members.map((m: { personId: string }) => m.personId)).toEqual([person.id])
    expect(data.consents).toEqual([
      expect.objectContaining({
        scope: 'data_processing',
        givenOn: '2025-03-01',
        recordedBy: 'Claire Lemoine',
      }),
    ])
    expect(data.merges).toEqual([
      expect.objectContaining({ keptPersonId: person.id, mergedPersonId: duplicate.id }),
    ])
    expect(data.mergedFiles.map((p: { id: string }) => p.id)).toEqual([duplicate.id])
    expect(typeof data.records).toBe('object')
    // Every module's records, with the French title the PDF summary gives them.
    // (each module that keeps records adds its own: the list grows with them)
    expect(data.recordLabels).toMatchObject({
      contact: 'Passages et contacts',
      outreach: 'Aller-vers : rencontres et accompagnement',
      report: 'Signalements',
      register: 'Registre des personnes vulnérables',
      network_need: 'Voisins solidaires',
      rights: 'Droits',
      document: 'Documents',
    })
    expect(data.accessLog.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['person.create', 'consent.record', 'person.merge']),
    )
    expect(await auditActions(person.id)).toContain('person.export')

    const pdf = await worker.get(`/api/people/${person.id}/export.pdf`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="dossier-${person.fileNumber}.pdf"`)
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // A Unicode font is embedded, so that names beyond Western European letters print right.
    expect(pdf.rawPayload.toString('latin1')).toContain('DejaVuSans')

    expect((await frontDesk.get(`/api/people/${person.id}/export.json`)).statusCode).toBe(403)
  })
})

describe('logs', () => {
  it('hold none of the personal data sent above', async () => {
    expect(ctx.logs.length).toBeGreaterThan(0)
    const logs = ctx.logs.join('\n')
    const leaked = [...personalData].filter((value) => logs.includes(value))
    expect(leaked).toEqual([])
  })
})
