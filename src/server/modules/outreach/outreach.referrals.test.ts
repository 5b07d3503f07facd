import { sql } from 'kysely'
import { Migrator } from 'kysely/migration'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emptyDatabase } from '../../../../tests/support/empty-database.ts'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { migrations } from '../../db/migrations/index.ts'
import { signedInContact } from '../partners/partners.portal.test-factories.ts'

// Street outreach's family referrals are the follow-up's partner referrals: one model, one answer.

let ctx: TestContext
let worker: ApiClient
let nurse: ApiClient
let org: Awaited<ReturnType<typeof createOrganisation>>
const today = todayInFrance()

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  nurse = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['outreach_agent'], teamIds: [org.teamId] }),
  )
})
afterAll(() => ctx?.close())

describe('a family’s referral', () => {
  it('goes on the household head’s file, reaches the partner’s page with consent, and the partner’s answer shows on the family', async () => {
    const mother = (
      await worker.post('/api/people', { firstNames: 'Amina', lastName: 'Kovač', birthDate: '1990-01-01' })
    ).json().id as string
    const child = (
      await worker.post('/api/people', { firstNames: 'Lena', lastName: 'Kovač', birthDate: '2022-06-01' })
    ).json().id as string
    const household = await worker.post('/api/households', {
      members: [
        { personId: child, relationship: 'child' },
        { personId: mother, relationship: 'head' },
      ],
    })
    const family = (
      await nurse.post('/api/outreach/families', { householdId: household.json().id, teamId: org.teamId })
    ).json()
    const partner = (await worker.post('/api/partners', { name: 'Département' })).json().id as string
    const pmi = (
      await worker.post(`/api/partners/${partner}/services`, { name: 'PMI', category: 'children_family' })
    ).json().id as string
    await worker.post(`/api/people/${mother}/consents`, {
      scope: 'partner_sharing',
      given: true,
      givenOn: addDays(today, -1),
    })

    // A member outside the household is refused; without one named, the head is the one referred.
    const stranger = (await worker.post('/api/people', { firstNames: 'Zoé', lastName: 'Autre' })).json().id
    const wrong = await nurse.post(`/api/outreach/families/${family.id}/referrals`, {
      partnerServiceId: pmi,
      referredOn: addDays(today, -2),
      personId: stranger,
    })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().errors).toEqual([{ path: 'personId', message: 'Choisissez un membre du foyer.' }])
    const referred = await nurse.post(`/api/outreach/families/${family.id}/referrals`, {
      partnerServiceId: pmi,
      referredOn: addDays(today, -2),
      note: 'Vaccins de Lena',
    })
    expect(referred.statusCode, referred.body).toBe(201)
    const referral = referred.json().referrals[0]
    expect(referral).toMatchObject({ personId: mother, outcome: 'pending', answeredByPartner: false })

    // The same referral on the mother's file, as every referral.
    const onFile = (await worker.get(`/api/partner-referrals?personId=${mother}`)).json()
    expect(onFile.items).toEqual([
      expect.objectContaining({ id: referral.id, origin: 'outreach', outreachFamilyId: family.id }),
    ])
    const timeline = (await worker.get(`/api/people/${mother}/timeline?kind=partner_referrals`)).json()
    expect(timeline.items.map((e: { id: string }) => e.id)).toEqual([referral.id])

    // The partner's contact sees it with the consented mother's name, and answers it.
    const contact = await signedInContact(ctx, worker, partner, { name: 'Inès', email: 'ines@pmi.test' })
    const page = (await contact.get('/api/public/partners/referrals')).json()
    expect(page.items).toEqual([
      expect.objectContaining({ id: referral.id, shared: true, details: 'Vaccins de Lena' }),
    ])
    expect(page.items[0].person.displayName).toBe('KOVAČ Amina')
    const answered = await contact.post(`/api/public/partners/referrals/${referral.id}/answer`, {
      answer: 'accepted',
      note: 'Rendez-vous le 12',
    })
    expect(answered.statusCode, answered.body).toBe(200)
    const seen = (await nurse.get(`/api/outreach/families/${family.id}`)).json().referrals[0]
    expect(seen).toMatchObject({
      outcome: 'accepted',
      partnerNote: 'Rendez-vous le 12',
      answeredByPartner: true,
    })

    // The team records what came of it later, on the same referral.
    const done = await nurse.patch(`/api/outreach/families/${family.id}/referrals/${referral.id}`, {
      outcome: 'done',
      outcomeOn: today,
    })
    expect(done.json().referrals[0]).toMatchObject({ outcome: 'done', outcomeOn: today })
    expect((await worker.get(`/api/partner-referrals?personId=${mother}`)).json().items[0]).toMatchObject({
      answer: 'done',
      answeredOn: today,
    })
  })
})

describe('the one referral model migration', () => {
  it('moves every family referral with its dates, author, answer and note onto the household head’s file', {
    timeout: 120_000,
  }, async () => {
    const database = await emptyDatabase('referrals_migration')
    try {
      const db = database.db
      const names = Object.keys(migrations)
      const before = names[names.indexOf('2026-12-07T05-30_referrals_one_model') - 1]!
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
      expect((await migrator.migrateTo(before)).error).toBeUndefined()
      const { rows } = await sql<
        Record<'organisation' | 'user' | 'family' | 'head' | 'child' | 'service', string>
      >`
        with o as (insert into organisations (name) values ('CCAS') returning id),
             u as (insert into users (organisation_id, email, name, password_hash, roles, status)
                   select id, 'a@b.c', 'Agent', 'x', '{outreach_agent}', 'active' from o returning id, organisation_id),
             h as (insert into households (organisation_id) select id from o returning id, organisation_id),
             head as (insert into people (organisation_id, file_number, last_name, first_names, birth_date)
                   select id, 'P1', 'Kovač', 'Amina', '1990-01-01' from o returning id),
             child as (insert into people (organisation_id, file_number, last_name, first_names, birth_date)
                   select id, 'P2', 'Kovač', 'Lena', '2022-06-01' from o returning id),
             m as (insert into household_members (organisation_id, household_id, person_id, relationship)
                   select h.organisation_id, h.id, child.id, 'child' from h, child
                   union all select h.organisation_id, h.id, head.id, 'head' from h, head returning 1),
             f as (insert into outreach_families (organisation_id, household_id, flagged_on, created_by)
                   select h.organisation_id, h.id, '2026-01-05', u.id from h, u returning id),
             p as (insert into partners (organisation_id, name) select id, 'Département' from o returning id, organisation_id),
             s as (insert into partner_services (organisation_id, partner_id, name, category)
                   select organisation_id, id, 'PMI', 'children_family' from p returning id)
        select o.id as organisation, u.id as user, f.id as family, head.id as head, child.id as child, s.id as service
        from o, u, f, head, child, s, (select count(*) from m) mm`.execute(db)
      const seeded = rows[0]!
      await sql`insert into outreach_family_referrals (id, organisation_id, family_id, partner_service_id, referred_on,
          outcome, outcome_on, note, created_by, created_at, updated_at)
        values ('8f1c2a34-1111-4111-8111-111111111111', ${seeded.organisation}, ${seeded.family}, ${seeded.service},
                '2026-01-10', 'accepted', '2026-01-20', 'Vaccins de Lena', ${seeded.user},
                '2026-01-10T09:00:00Z', '2026-01-20T10:00:00Z'),
               ('8f1c2a34-2222-4222-8222-222222222222', ${seeded.organisation}, ${seeded.family}, ${seeded.service},
                '2026-02-01', 'pending', null, null, ${seeded.user}, '2026-02-01T09:00:00Z', '2026-02-01T09:00:00Z')`.execute(
        db,
      )
      expect((await migrator.migrateToLatest()).error).toBeUndefined()
      const moved = await sql<Record<string, unknown>>`
        select id, person_id, partner_service_id, origin, outreach_family_id, referred_on, answer, answered_on,
          note, created_by, created_at, updated_at
        from partner_referrals order by referred_on`.execute(db)
      const common = {
        person_id: seeded.head,
        partner_service_id: seeded.service,
        origin: 'outreach',
        outreach_family_id: seeded.family,
        created_by: seeded.user,
      }
      expect(moved.rows).toEqual([
        {
          ...common,
          id: '8f1c2a34-1111-4111-8111-111111111111',
          referred_on: '2026-01-10',
          answer: 'accepted',
          answered_on: '2026-01-20',
          note: 'Vaccins de Lena',
          created_at: new Date('2026-01-10T09:00:00Z'),
          updated_at: new Date('2026-01-20T10:00:00Z'),
        },
        {
          ...common,
          id: '8f1c2a34-2222-4222-8222-222222222222',
          referred_on: '2026-02-01',
          answer: 'pending',
          answered_on: null,
          note: null,
          created_at: new Date('2026-02-01T09:00:00Z'),
          updated_at: new Date('2026-02-01T09:00:00Z'),
        },
      ])
      const left = await sql`select 1 from pg_tables where tablename = 'outreach_family_referrals'`.execute(
        db,
      )
      expect(left.rows).toEqual([])
    } finally {
      await database.close()
    }
  })
})
