import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

/**
 * A file the retention sweeper archived (no contact for two years) is out of searches, shown as
 * archived and read-only; someone allowed brings it back, and so does the person's return at the desk.
 */
const JOB = 'privacy.retention-sweep'
const DAY = 24 * 3600_000
const threeYearsAgo = new Date(Date.now() - 3 * 365 * DAY)

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let desk: ApiClient
let outreach: ApiClient

async function archivedFile(lastName: string) {
  const created = await worker.post('/api/people', {
    lastName,
    firstNames: 'Soline',
    birthDate: '1961-02-03',
    teamId: org.teamId,
  })
  expect(created.statusCode, created.body).toBe(201)
  const id = created.json().id as string
  await sql`update people set created_at = ${threeYearsAgo}, updated_at = ${threeYearsAgo} where id = ${id}`.execute(
    ctx.db,
  )
  return id
}

const statusOf = async (id: string) =>
  (await worker.get(`/api/people/${id}?reason=person_returned`)).json().status
const stateOf = (id: string) =>
  ctx.db.selectFrom('privacy_file_states').selectAll().where('person_id', '=', id).executeTakeFirst()
const reactivations = (id: string) =>
  ctx.db
    .selectFrom('audit_log')
    .select(['details', 'user_id'])
    .where('action', '=', 'person.reactivate')
    .where('person_id', '=', id)
    .execute()

let returning: string
let manual: string
let erased: string

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  desk = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] }),
  )
  outreach = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['outreach_agent'], teamIds: [org.teamId] }),
  )
  returning = await archivedFile('Revenante')
  manual = await archivedFile('Réactivée')
  erased = await archivedFile('Effacée')
  await ctx.runJob(JOB, new Date())
})
afterAll(() => ctx.close())

describe('an archived file', () => {
  it('is out of searches unless asked for by those who may reactivate it, and says so', async () => {
    expect(await statusOf(returning)).toBe('archived')
    const plain = await worker.get('/api/people?q=Revenante')
    expect(plain.json()).toMatchObject({ items: [], total: 0 })
    const asked = await worker.get('/api/people?q=Revenante&includeArchived=true')
    expect(asked.statusCode, asked.body).toBe(200)
    expect(asked.json()).toMatchObject({ total: 1, items: [{ id: returning, status: 'archived' }] })
    // The outreach agent may not look into the archive.
    const refused = await outreach.get('/api/people?q=Revenante&includeArchived=true')
    expect(refused.statusCode).toBe(403)
    // The desk creating a file for the same person is shown the archived one, not a blank list.
    const duplicates = await desk.get('/api/people/likely-duplicates?lastName=Revenante&firstNames=Soline')
    expect(duplicates.json().items.map((p: { id: string }) => p.id)).toContain(returning)
    const outreachDuplicates = await outreach.get('/api/people/likely-duplicates?lastName=Revenante')
    expect(outreachDuplicates.json().items).toEqual([])

    const file = (await worker.get(`/api/people/${returning}?reason=person_returned`)).json()
    expect(file.archive).toMatchObject({ anonymisedAt: null })
    expect(new Date(file.archive.lastContactAt).getTime()).toBeLessThan(Date.now() - 2 * 365 * DAY)
  })

  it('opens only for those who may reactivate it, once they said why; the reading is audited', async () => {
    // The outreach agent may not open it, nor read its history: the desk brings it back.
    const outreachRead = await outreach.get(`/api/people/${returning}`)
    expect(outreachRead.statusCode).toBe(403)
    expect(outreachRead.json()).toMatchObject({
      code: 'PERSON_ARCHIVED_RESTRICTED',
      detail: expect.stringContaining('seules les personnes autorisées à le réactiver'),
    })
    expect((await outreach.get(`/api/people/${returning}/timeline`)).json().code).toBe(
      'PERSON_ARCHIVED_RESTRICTED',
    )
    // The social worker is asked the reason first; nothing is read nor audited without it.
    const before = await ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'person.read')
      .where('person_id', '=', returning)
      .execute()
    const noReason = await worker.get(`/api/people/${returning}`)
    expect(noReason.statusCode).toBe(403)
    expect(noReason.json().code).toBe('ARCHIVE_READ_REASON_REQUIRED')
    expect(JSON.stringify(noReason.json())).not.toContain('Revenante')
    const badReason = await worker.get(`/api/people/${returning}?reason=curiosity`)
    expect(badReason.statusCode).toBe(400)
    const read = await worker.get(`/api/people/${returning}?reason=certificate`)
    expect(read.statusCode, read.body).toBe(200)
    expect(read.json().lastName).toBe('Revenante')
    const readings = await ctx.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'person.read')
      .where('person_id', '=', returning)
      .orderBy('at', 'desc')
      .execute()
    expect(readings.length).toBe(before.length + 1)
    expect(readings[0]!.details).toEqual({ archived: true, reason: 'certificate' })
  })

  it('is read-only: its file and new records about the person are refused in French', async () => {
    const edit = await worker.patch(`/api/people/${manual}`, { phone: '06 00 00 00 00' })
    expect(edit.statusCode).toBe(409)
    expect(edit.json()).toMatchObject({ code: 'PERSON_ARCHIVED' })
    expect(edit.json().detail).toContain('lecture seule')
    const consent = await worker.post(`/api/people/${manual}/consents`, {
      scope: 'data_processing',
      given: true,
      givenOn: '2026-11-02',
    })
    expect(consent.json().code).toBe('PERSON_ARCHIVED')
    const encounter = await outreach.post('/api/outreach/encounters', {
      idempotencyKey: randomUUID(),
      teamId: org.teamId,
      personId: manual,
      situation: 'sleeping_rough',
    })
    expect(encounter.statusCode).toBe(409)
    expect(encounter.json().code).toBe('PERSON_ARCHIVED')
    const household = await worker.post('/api/households', {
      members: [{ personId: manual, relationship: 'head' }],
    })
    expect(household.statusCode).toBe(400)
    expect(household.json().errors[0].message).toContain('archivé')
    expect((await worker.get(`/api/people/${manual}?reason=person_returned`)).json().phone).toBeNull()
  })

  it('comes back to the active base when someone allowed reactivates it, audited', async () => {
    expect((await outreach.post(`/api/people/${manual}/reactivate`, {})).statusCode).toBe(403)
    const back = await worker.post(`/api/people/${manual}/reactivate`, {})
    expect(back.statusCode, back.body).toBe(200)
    expect(back.json()).toMatchObject({ status: 'active', archive: null, lastName: 'Réactivée' })
    expect(await stateOf(manual)).toBeUndefined()
    expect(await reactivations(manual)).toMatchObject([{ details: { by: 'manual' } }])
    const again = await worker.post(`/api/people/${manual}/reactivate`, {})
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('PERSON_NOT_ARCHIVED')
    // Writable again, and found again.
    const edit = await worker.patch(`/api/people/${manual}`, { phone: '06 00 00 00 00' })
    expect(edit.statusCode, edit.body).toBe(200)
    expect((await worker.get('/api/people?q=Réactivée')).json().total).toBe(1)
  })

  it('comes back when the person returns to the front desk: the passage is logged on it', async () => {
    const contact = await desk.post('/api/contacts', {
      channel: 'walk_in',
      personId: returning,
      teamId: org.teamId,
      note: 'Revient après trois ans',
    })
    expect(contact.statusCode, contact.body).toBe(201)
    expect(contact.json().personId).toBe(returning)
    expect(await statusOf(returning)).toBe('active')
    expect(await stateOf(returning)).toBeUndefined()
    expect(await reactivations(returning)).toMatchObject([{ details: { by: 'contact' } }])
    // Tonight's sweeper sees the new contact and leaves the file in the active base.
    await ctx.runJob(JOB, new Date())
    expect(await statusOf(returning)).toBe('active')
  })

  it('comes back once when several passages are logged at the same moment', async () => {
    const twice = await archivedFile('Simultanée')
    await ctx.runJob(JOB, new Date())
    expect(await statusOf(twice)).toBe('archived')
    const passages = await Promise.all(
      ['walk_in', 'phone', 'walk_in', 'phone', 'walk_in', 'phone'].map((channel) =>
        desk.post('/api/contacts', { channel, personId: twice, teamId: org.teamId }),
      ),
    )
    for (const passage of passages) expect(passage.statusCode, passage.body).toBe(201)
    expect(await statusOf(twice)).toBe('active')
    expect(await reactivations(twice)).toHaveLength(1)
  })

  it('once anonymised, is never brought back and takes no new contact', async () => {
    const later = new Date(Date.now() + 4 * 365 * DAY)
    await ctx.runJob(JOB, later)
    // The sessions expired with the clock moved: sign in again.
    worker = await signedIn(
      ctx,
      await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
    )
    desk = await signedIn(
      ctx,
      await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] }),
    )
    expect((await stateOf(erased))?.anonymised_at).not.toBeNull()
    const file = (await worker.get(`/api/people/${erased}?reason=person_returned`)).json()
    expect(file).toMatchObject({ status: 'archived', lastName: null })
    expect(file.archive.anonymisedAt).not.toBeNull()
    const back = await worker.post(`/api/people/${erased}/reactivate`, {})
    expect(back.statusCode).toBe(409)
    expect(back.json()).toMatchObject({ code: 'PERSON_ANONYMISED' })
    const contacts = await ctx.db
      .selectFrom('contacts')
      .select('id')
      .where('person_id', '=', erased)
      .execute()
    const contact = await desk.post('/api/contacts', {
      channel: 'walk_in',
      personId: erased,
      teamId: org.teamId,
    })
    expect(contact.statusCode).toBe(409)
    expect(contact.json().code).toBe('PERSON_ANONYMISED')
    expect(
      await ctx.db.selectFrom('contacts').select('id').where('person_id', '=', erased).execute(),
    ).toEqual(contacts)
    expect(await statusOf(erased)).toBe('archived')
  })
})
