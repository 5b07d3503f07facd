import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { Migrator } from 'kysely/migration'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { emptyDatabase } from '../../../../tests/support/empty-database.ts'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { pgliteDatabase, postgresDatabase } from '../../db/database.ts'
import { migrations } from '../../db/migrations/index.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let workerId: string
let colleague: ApiClient
let nurse: ApiClient
let admin: ApiClient
let frontDesk: ApiClient

const errorsOf = (response: { json: () => { errors?: { path: string; message: string }[] } }) =>
  response.json().errors ?? []
const today = todayInFrance()

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  const workerUser = await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] })
  workerId = workerUser.id
  worker = await signedIn(ctx, workerUser)
  colleague = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  nurse = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['nurse'], teamIds: [org.teamId] }))
  admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  frontDesk = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] }),
  )
})
afterAll(() => ctx?.close())

async function family() {
  const mother = (
    await worker.post('/api/people', {
      firstNames: 'Amina',
      lastName: 'Droitière',
      referentIds: [workerId],
    })
  ).json().id as string
  const child = (await worker.post('/api/people', { firstNames: 'Lena', lastName: 'Droitière' })).json()
    .id as string
  const household = await worker.post('/api/households', {
    members: [
      { personId: mother, relationship: 'head' },
      { personId: child, relationship: 'child' },
    ],
  })
  expect(household.statusCode, household.body).toBe(201)
  return { mother, child, householdId: household.json().id as string }
}

describe('rights of a person and their household', () => {
  it('records each right with its status and dates, the household’s apart, and shows them on the timeline', async () => {
    const { mother, householdId } = await family()
    const empty = await worker.get(`/api/rights/people/${mother}`)
    expect(empty.json()).toEqual({ personId: mother, rights: [], household: { id: householdId, rights: [] } })

    const css = await worker.put(`/api/rights/people/${mother}/css`, {
      status: 'open',
      statusOn: '2026-03-01',
      openUntil: '2027-02-28',
      note: 'Renouvellement à préparer',
    })
    expect(css.statusCode, css.body).toBe(200)
    expect(css.json().rights).toEqual([
      expect.objectContaining({
        kind: 'css',
        kindLabel: 'Complémentaire santé solidaire (CSS)',
        status: 'open',
        statusOn: '2026-03-01',
        openUntil: '2027-02-28',
        note: 'Renouvellement à préparer',
      }),
    ])
    // The same kind again replaces the status: one line per right.
    const refused = await worker.put(`/api/rights/people/${mother}/css`, {
      status: 'refused',
      statusOn: '2026-04-01',
    })
    expect(refused.json().rights).toHaveLength(1)
    expect(refused.json().rights[0]).toMatchObject({ status: 'refused', openUntil: null })

    const apl = await nurse.put(`/api/rights/households/${householdId}/housing_benefit`, {
      status: 'in_progress',
      statusOn: '2026-05-02',
    })
    expect(apl.statusCode, apl.body).toBe(200)
    const view = (await worker.get(`/api/rights/people/${mother}`)).json()
    expect(view.household.rights.map((r: { kind: string }) => r.kind)).toEqual(['housing_benefit'])

    const timeline = (await worker.get(`/api/people/${mother}/timeline?kind=rights`)).json()
    expect(timeline.items.map((e: { title: string }) => e.title)).toEqual(
      expect.arrayContaining([
        'Complémentaire santé solidaire (CSS) — Refusé',
        'Aide au logement (APL, ALS) — Démarche en cours — foyer',
      ]),
    )
  })

  it('refuses dates that cannot be, an end date on a right not open, and an unknown right, in French', async () => {
    const { mother } = await family()
    const future = await worker.put(`/api/rights/people/${mother}/rsa`, {
      status: 'in_progress',
      statusOn: addDays(today, 3),
    })
    expect(future.statusCode).toBe(400)
    expect(errorsOf(future)).toEqual([
      { path: 'statusOn', message: 'La date ne peut pas être dans le futur.' },
    ])
    const absurd = await worker.put(`/api/rights/people/${mother}/rsa`, {
      status: 'open',
      statusOn: '1066-10-14',
    })
    expect(absurd.statusCode).toBe(400)
    const ancient = await worker.put(`/api/rights/people/${mother}/rsa`, {
      status: 'open',
      statusOn: '1901-01-01',
    })
    expect(errorsOf(ancient)).toEqual([
      { path: 'statusOn', message: 'Date trop ancienne : le 01/01/1950 au plus tôt.' },
    ])
    const endNotOpen = await worker.put(`/api/rights/people/${mother}/rsa`, {
      status: 'closed',
      openUntil: '2027-01-01',
    })
    expect(errorsOf(endNotOpen)).toEqual([
      { path: 'openUntil', message: 'Seul un droit ouvert a une date de fin.' },
    ])
    const endBefore = await worker.put(`/api/rights/people/${mother}/rsa`, {
      status: 'open',
      statusOn: '2026-05-01',
      openUntil: '2026-04-01',
    })
    expect(errorsOf(endBefore)).toEqual([
      { path: 'openUntil', message: 'La fin du droit ne peut pas précéder son ouverture.' },
    ])
    const unknown = await worker.put(`/api/rights/people/${mother}/pension`, { status: 'open' })
    expect(unknown.statusCode).toBe(400)
    const nul = await worker.put(`/api/rights/people/${mother}/rsa`, { status: 'open', note: 'a\u0000b' })
    expect(nul.statusCode).toBe(400)
    // Nothing was written by the refusals.
    expect((await worker.get(`/api/rights/people/${mother}`)).json().rights).toEqual([])
  })

  it('lets the organisation add its own rights and retire them', async () => {
    const added = await admin.post('/api/rights/kinds', { label: 'Carte solidarité transport' })
    expect(added.statusCode, added.body).toBe(201)
    const kind = added.json().kind as string
    const twice = await admin.post('/api/rights/kinds', { label: 'carte solidarité TRANSPORT' })
    expect(errorsOf(twice)).toEqual([{ path: 'label', message: 'Ce droit figure déjà dans la liste.' }])
    const builtIn = await admin.post('/api/rights/kinds', { label: 'Prime d’activité' })
    expect(builtIn.statusCode).toBe(400)
    const { mother } = await family()
    const saved = await worker.put(`/api/rights/people/${mother}/${kind}`, { status: 'eligible_not_claimed' })
    expect(saved.json().rights[0]).toMatchObject({ kind, kindLabel: 'Carte solidarité transport' })
    const kinds = (await worker.get('/api/rights/kinds')).json().items
    expect(kinds.find((k: { kind: string }) => k.kind === kind)).toMatchObject({ custom: true, active: true })
    expect(kinds.filter((k: { custom: boolean }) => !k.custom)).toHaveLength(11)

    await admin.patch(`/api/rights/kinds/${kind}`, { label: 'Carte solidarité transport', active: false })
    const retired = await worker.put(`/api/rights/people/${mother}/${kind}`, { status: 'open' })
    expect(errorsOf(retired)).toEqual([{ path: 'kind', message: 'Choisissez un droit de la liste.' }])
    // A retired kind keeps its label on the rights that name it.
    expect((await worker.get(`/api/rights/people/${mother}`)).json().rights[0].kindLabel).toBe(
      'Carte solidarité transport',
    )
    expect((await frontDesk.post('/api/rights/kinds', { label: 'Autre' })).statusCode).toBe(403)
  })

  it('lists the referent’s rights ending within the organisation’s delay (60 days unless set)', async () => {
    const { mother, householdId } = await family()
    await worker.put(`/api/rights/people/${mother}/aah`, {
      status: 'open',
      statusOn: '2025-01-01',
      openUntil: addDays(today, 30),
    })
    await worker.put(`/api/rights/people/${mother}/rsa`, {
      status: 'open',
      statusOn: '2025-01-01',
      openUntil: addDays(today, 90),
    })
    await worker.put(`/api/rights/households/${householdId}/family_allowances`, {
      status: 'open',
      statusOn: '2025-01-01',
      openUntil: addDays(today, 10),
    })
    const ending = await worker.get('/api/rights/ending')
    expect(ending.statusCode, ending.body).toBe(200)
    const mine = ending.json().items.filter((i: { personId: string }) => i.personId === mother)
    expect(ending.json().days).toBe(60)
    expect(mine.map((i: { kind: string; householdId: string | null }) => [i.kind, i.householdId])).toEqual([
      ['family_allowances', householdId],
      ['aah', null],
    ])
    expect(mine[0].displayName).toBe('DROITIÈRE Amina')
    // Not the colleague's: they are no referent of hers.
    const theirs = (await colleague.get('/api/rights/ending')).json()
    expect(theirs.items.filter((i: { personId: string }) => i.personId === mother)).toEqual([])

    expect((await worker.put('/api/rights/settings', { endingDays: 120 })).statusCode).toBe(403)
    const set = await admin.put('/api/rights/settings', { endingDays: 120 })
    expect(set.json()).toEqual({ endingDays: 120 })
    const wider = (await worker.get('/api/rights/ending')).json()
    expect(wider.days).toBe(120)
    expect(wider.items.filter((i: { personId: string }) => i.personId === mother)).toHaveLength(3)
    const bad = await admin.put('/api/rights/settings', { endingDays: 0 })
    expect(errorsOf(bad)[0]).toMatchObject({ path: 'endingDays', message: 'Au moins 1 jour.' })
  })

  it('shares the household’s rights with outreach’s checklist of a family with incomplete rights', async () => {
    const { mother, householdId } = await family()
    await worker.put(`/api/rights/households/${householdId}/schooling`, {
      status: 'open',
      statusOn: '2026-09-01',
    })
    const flagged = await nurse.post('/api/outreach/families', {
      householdId,
      teamId: org.teamId,
      rights: [{ item: 'health_cover', status: 'in_progress', on: '2026-06-01' }],
    })
    expect(flagged.statusCode, flagged.body).toBe(201)
    expect(flagged.json().rights.find((r: { item: string }) => r.item === 'schooling')).toEqual({
      item: 'schooling',
      status: 'open',
      on: '2026-09-01',
      note: null,
    })
    const view = (await worker.get(`/api/rights/people/${mother}`)).json()
    expect(view.household.rights.map((r: { kind: string; status: string }) => [r.kind, r.status])).toEqual([
      ['health_cover', 'in_progress'],
      ['schooling', 'open'],
    ])
    const future = await nurse.patch(`/api/outreach/families/${flagged.json().id}`, {
      rights: [{ item: 'domiciliation', status: 'open', on: addDays(today, 5) }],
    })
    expect(errorsOf(future)).toEqual([
      { path: 'rights.0.on', message: 'La date ne peut pas être dans le futur.' },
    ])
  })
})

describe('the rights migration', () => {
  it('moves each family’s checklist onto its household’s rights and leaves no second list', {
    timeout: 120_000,
  }, async () => {
    const database = await emptyDatabase('rights_migration')
    try {
      const db = database.db
      const names = Object.keys(migrations)
      const before = names[names.indexOf('2026-12-06T08-29_rights') - 1]!
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
      expect((await migrator.migrateTo(before)).error).toBeUndefined()
      const { rows } = await sql<{ organisation: string; household: string; user: string; family: string }>`
        with o as (insert into organisations (name) values ('CCAS') returning id),
             u as (insert into users (organisation_id, email, name, password_hash, roles, status)
                   select id, 'a@b.c', 'Agent', 'x', '{nurse}', 'active' from o returning id, organisation_id),
             h as (insert into households (organisation_id) select id from o returning id, organisation_id),
             f as (insert into outreach_families (organisation_id, household_id, flagged_on, created_by)
                   select h.organisation_id, h.id, '2026-01-05', u.id from h, u returning id)
        select o.id as organisation, h.id as household, u.id as user, f.id as family from o, h, u, f`.execute(
        db,
      )
      const seeded = rows[0]!
      await sql`insert into outreach_family_rights (organisation_id, family_id, item, status, status_on, note, updated_by)
        values (${seeded.organisation}, ${seeded.family}, 'health_cover', 'in_progress', '2026-01-06', 'AME déposée', ${seeded.user}),
               (${seeded.organisation}, ${seeded.family}, 'schooling', 'not_applicable', null, null, ${seeded.user})`.execute(
        db,
      )
      expect((await migrator.migrateToLatest()).error).toBeUndefined()
      const moved = await sql<Record<string, unknown>>`
        select household_id, person_id, kind, status, status_on, note from rights order by kind`.execute(db)
      expect(moved.rows).toEqual([
        {
          household_id: seeded.household,
          person_id: null,
          kind: 'health_cover',
          status: 'in_progress',
          status_on: '2026-01-06',
          note: 'AME déposée',
        },
        {
          household_id: seeded.household,
          person_id: null,
          kind: 'schooling',
          status: 'not_applicable',
          status_on: null,
          note: null,
        },
      ])
      const left = await sql`select 1 from pg_tables where tablename = 'outreach_family_rights'`.execute(db)
      expect(left.rows).toEqual([])
    } finally {
      await database.close()
    }
  })
})
