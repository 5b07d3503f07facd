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
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { createStay, createStructure } from '../accommodation/accommodation.test-factories.ts'
import { createAidRequest, createAidType } from '../aid/aid.test-factories.ts'

/**
 * Retention enforced by the nightly sweeper, run with the clock moved forward: a file without any
 * contact for two years is archived, then anonymised at the end of its archive period, while a file
 * with a recent encounter is kept; a hold stops it; last year's counts do not move; a crash in the
 * middle of a batch leaves every file untouched or fully processed.
 */
const JOB = 'privacy.retention-sweep'
const DAY = 24 * 3600_000
const now = new Date()
const threeYearsAgo = new Date(now.getTime() - 3 * 365 * DAY)
const monthsLater = (months: number) => {
  const at = new Date(now)
  at.setUTCMonth(at.getUTCMonth() + months)
  return at
}

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
type User = Awaited<ReturnType<typeof createUser>>
let users: Record<'director' | 'worker' | 'dpo' | 'analyst', User>
let director: ApiClient
let worker: ApiClient
let dpo: ApiClient
let analyst: ApiClient

async function signInAll() {
  director = await signedIn(ctx, users.director)
  worker = await signedIn(ctx, users.worker)
  dpo = await signedIn(ctx, users.dpo)
  analyst = await signedIn(ctx, users.analyst)
}

/** A file whose creation and last change go back `at`: its history is what the modules say. */
async function fileFrom(at: Date, lastName: string) {
  const created = await worker.post('/api/people', {
    lastName,
    firstNames: 'Camille',
    birthDate: '1970-05-04',
    phone: '06 12 34 56 78',
    email: 'camille@example.test',
    address: '3 rue des Lilas',
    teamId: org.teamId,
  })
  expect(created.statusCode, created.body).toBe(201)
  const { id, fileNumber } = created.json()
  await sql`update people set created_at = ${at}, updated_at = ${at} where id = ${id}`.execute(ctx.db)
  return { id: id as string, fileNumber: fileNumber as string }
}

async function contactOn(personId: string, at: Date, note = 'Est venue parler de son loyer') {
  const response = await worker.post('/api/contacts', {
    channel: 'walk_in',
    personId,
    teamId: org.teamId,
    occurredAt: at.toISOString(),
    note,
  })
  expect(response.statusCode, response.body).toBe(201)
}

async function fileOf(id: string) {
  const response = await director.get(`/api/people/${id}?reason=rights_request`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}

const stateOf = (personId: string) =>
  ctx.db.selectFrom('privacy_file_states').selectAll().where('person_id', '=', personId).executeTakeFirst()

const yearOfOldContacts = threeYearsAgo.getUTCFullYear()
async function lastYearsCounts() {
  const response = await analyst.get(
    `/api/contact-counts?from=${yearOfOldContacts}-01-01&to=${yearOfOldContacts}-12-31&groupBy=channel`,
  )
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}

let old: { id: string; fileNumber: string }
let recent: { id: string; fileNumber: string }
let held: { id: string; fileNumber: string }
let lodged: { id: string; fileNumber: string }
let domiciled: { id: string; fileNumber: string }
let subtenant: { id: string; fileNumber: string }

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  users = {
    director: await createUser(ctx, org.id, { roles: ['director'], totp: true }),
    worker: await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
    dpo: await createUser(ctx, org.id, { roles: ['dpo'] }),
    analyst: await createUser(ctx, org.id, { roles: ['analyst'] }),
  }
  await signInAll()
  old = await fileFrom(threeYearsAgo, 'Ancien')
  await contactOn(old.id, threeYearsAgo)
  recent = await fileFrom(threeYearsAgo, 'Récent')
  await contactOn(recent.id, threeYearsAgo)
  // Met in the street a month ago: any module's activity is a contact.
  const encounter = await worker.post('/api/outreach/encounters', {
    idempotencyKey: randomUUID(),
    teamId: org.teamId,
    personId: recent.id,
    situation: 'sleeping_rough',
    occurredAt: new Date(now.getTime() - 30 * DAY).toISOString(),
  })
  expect(encounter.statusCode, encounter.body).toBe(201)
  held = await fileFrom(threeYearsAgo, 'Contentieux')
  await contactOn(held.id, threeYearsAgo)
  // In a CHRS for three years, with no other contact since the first day: the stay still runs.
  lodged = await fileFrom(threeYearsAgo, 'Hébergée')
  await contactOn(lodged.id, threeYearsAgo)
  const chrs = await createStructure(ctx.db, org.id, { openedOn: '2015-01-01' })
  await createStay(ctx.db, org.id, {
    structureId: chrs.id,
    personId: lodged.id,
    placeId: chrs.placeIds[0]!,
    startedOn: threeYearsAgo.toISOString().slice(0, 10),
  })
  // Domiciled at the CCAS for ten months, with no passage since three years: the period in force
  // is a contact every day, as a running stay is.
  domiciled = await fileFrom(threeYearsAgo, 'Domiciliée')
  await contactOn(domiciled.id, threeYearsAgo)
  const startOn = addDays(todayInFrance(), -300)
  await ctx.db
    .insertInto('domiciliations')
    .values({
      organisation_id: org.id,
      person_id: domiciled.id,
      kind: 'first',
      status: 'granted',
      requested_on: startOn,
      start_on: startOn,
      end_on: addDays(startOn, 364),
      decided_at: new Date(),
    })
    .execute()
  // Housed three years ago in a dwelling the CCAS sublets to her: the stay ended, the sublease runs.
  subtenant = await fileFrom(threeYearsAgo, 'Sous-locataire')
  await contactOn(subtenant.id, threeYearsAgo)
  const threeYearsAgoDay = threeYearsAgo.toISOString().slice(0, 10)
  const stay = await createStay(ctx.db, org.id, {
    structureId: chrs.id,
    personId: subtenant.id,
    placeId: chrs.placeIds[1]!,
    startedOn: threeYearsAgoDay,
    endedOn: addDays(threeYearsAgoDay, 1),
  })
  const lease = await ctx.db
    .insertInto('accommodation_leases')
    .values({
      organisation_id: org.id,
      unit_id: chrs.unitIds[1]!,
      landlord_kind: 'public',
      landlord_name: 'Office HLM',
      starts_on: threeYearsAgoDay,
      rent_cents: 50_000,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await ctx.db
    .insertInto('accommodation_subleases')
    .values({
      organisation_id: org.id,
      lease_id: lease.id,
      stay_id: stay,
      starts_on: threeYearsAgoDay,
      rent_share_cents: 30_000,
    })
    .execute()
})
afterAll(() => ctx.close())

describe('retention rules', () => {
  it('shows the référentiels’ periods and keeps changes within the legal bounds, in French', async () => {
    const rules = await dpo.get('/api/privacy/retention-rules')
    expect(rules.statusCode, rules.body).toBe(200)
    const person = rules.json().items.find((rule: { kind: string }) => rule.kind === 'person_file')
    expect(person).toMatchObject({
      activeMonths: 24,
      archiveMonths: 36,
      end: 'anonymise',
      appliedBy: 'sweeper',
    })
    expect(person.basis).toContain('2021-028')

    const tooLong = await dpo.put('/api/privacy/retention-rules/person_file', {
      activeMonths: 36,
      archiveMonths: 36,
    })
    expect(tooLong.statusCode).toBe(400)
    expect(tooLong.json().errors).toEqual([
      {
        path: 'activeMonths',
        message: 'La durée en base active doit être comprise entre 6 et 24 mois (règle CNIL).',
      },
    ])
    const fixed = await dpo.put('/api/privacy/retention-rules/aid_amounts', {
      activeMonths: 24,
      archiveMonths: 60,
    })
    expect(fixed.json().errors[0].message).toBe(
      'La durée d’archivage intermédiaire est fixée par la loi à 120 mois.',
    )
    const unknown = await dpo.put('/api/privacy/retention-rules/everything', {
      activeMonths: 1,
      archiveMonths: 0,
    })
    expect(unknown.statusCode).toBe(400)

    const shorter = await dpo.put('/api/privacy/retention-rules/report_reporter', {
      activeMonths: 1,
      archiveMonths: 0,
    })
    expect(shorter.statusCode, shorter.body).toBe(200)
    expect(
      shorter.json().items.find((r: { kind: string }) => r.kind === 'report_reporter').activeMonths,
    ).toBe(1)
    const back = await dpo.put('/api/privacy/retention-rules/report_reporter', {
      activeMonths: 3,
      archiveMonths: 0,
    })
    expect(back.statusCode).toBe(200)
  })
})

describe('legal holds', () => {
  it('places a hold on a file named by its number, with a reason and a review date to come', async () => {
    const past = await dpo.post('/api/privacy/holds', {
      fileNumber: held.fileNumber,
      reason: 'Contentieux prud’homal en cours',
      reviewOn: todayInFrance(),
    })
    expect(past.statusCode).toBe(400)
    expect(past.json().errors).toEqual([
      { path: 'reviewOn', message: 'La date de réexamen doit être à venir.' },
    ])
    const unknown = await dpo.post('/api/privacy/holds', {
      fileNumber: 'NOPE-1',
      reason: 'Contentieux',
      reviewOn: addDays(todayInFrance(), 90),
    })
    expect(unknown.json().errors[0]).toEqual({
      path: 'fileNumber',
      message: 'Aucun dossier ne porte ce numéro dans votre organisation.',
    })
    const placed = await dpo.post('/api/privacy/holds', {
      fileNumber: held.fileNumber,
      reason: 'Contentieux prud’homal en cours',
      reviewOn: addDays(todayInFrance(), 90),
    })
    expect(placed.statusCode, placed.body).toBe(201)
    expect(placed.json()).toMatchObject({ fileNumber: held.fileNumber, releasedAt: null })
    const list = await dpo.get('/api/privacy/holds')
    expect(list.json()).toMatchObject({ total: 1, items: [{ fileNumber: held.fileNumber }] })
  })
})

describe('the sweeper', () => {
  it('previews what tonight would do, writing nothing', async () => {
    const preview = await dpo.get('/api/privacy/preview')
    expect(preview.statusCode, preview.body).toBe(200)
    expect(preview.json().counts).toMatchObject({ person_archive: 1, person_anonymise: 0, held: 1 })
    expect((await fileOf(old.id)).status).toBe('active')
    expect(await stateOf(old.id)).toBeUndefined()
  })

  it('archives a file without contact for two years, keeps one met a month ago and one on hold', async () => {
    await ctx.runJob(JOB, now)
    expect((await fileOf(old.id)).status).toBe('archived')
    expect(await stateOf(old.id)).toMatchObject({ anonymised_at: null })
    expect((await fileOf(recent.id)).status).toBe('active')
    expect((await fileOf(held.id)).status).toBe('active')
    // A stay still running is a contact every day.
    expect((await fileOf(lodged.id)).status).toBe('active')
    // So are a domiciliation in force and a sublease under way.
    expect((await fileOf(domiciled.id)).status).toBe('active')
    expect((await fileOf(subtenant.id)).status).toBe('active')
    // Running again changes nothing: the run is idempotent.
    await ctx.runJob(JOB, now)
    const runs = await dpo.get('/api/privacy/runs')
    expect(runs.statusCode, runs.body).toBe(200)
    expect(runs.json().total).toBe(2)
    const [second, first] = runs.json().items
    expect(first.counts).toMatchObject({ person_archive: 1, person_anonymise: 0, held: 1 })
    expect(second.counts).toMatchObject({ person_archive: 0, person_anonymise: 0, held: 1 })
    expect(first.finishedAt).not.toBeNull()
    const archivals = await ctx.db
      .selectFrom('audit_log')
      .select('person_id')
      .where('action', '=', 'privacy.archive')
      .execute()
    expect(archivals).toEqual([{ person_id: old.id }])
  })

  it('leaves every file untouched or fully processed when a run crashes in the middle of a batch', async () => {
    const batch = []
    for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta']) {
      const file = await fileFrom(threeYearsAgo, name)
      await contactOn(file.id, threeYearsAgo)
      batch.push(file.id)
    }
    batch.sort()
    const failing = batch[2]!
    // The database fails while archiving the third file of the batch, as a crash would.
    await sql
      .raw(`create function privacy_test_crash() returns trigger language plpgsql as $$
        begin raise exception 'crash'; end $$`)
      .execute(ctx.db)
    await sql
      .raw(`create trigger privacy_test_crash before update on people for each row
        when (new.id = '${failing}') execute function privacy_test_crash()`)
      .execute(ctx.db)
    await expect(ctx.runJob(JOB, now)).rejects.toThrow('crash')
    for (const id of batch) {
      const state = await stateOf(id)
      const status = (await fileOf(id)).status
      // Either both the marker and the file's status, or neither.
      expect([state === undefined ? 'untouched' : 'archived', status]).toEqual(
        state === undefined ? ['untouched', 'active'] : ['archived', 'archived'],
      )
    }
    expect(await stateOf(failing)).toBeUndefined()
    expect(await stateOf(batch[0]!)).toBeDefined()

    await sql.raw('drop trigger privacy_test_crash on people').execute(ctx.db)
    await ctx.runJob(JOB, now)
    for (const id of batch) expect((await fileOf(id)).status).toBe('archived')
    const archivals = await ctx.db
      .selectFrom('audit_log')
      .select('person_id')
      .where('action', '=', 'privacy.archive')
      .where('person_id', 'in', batch)
      .execute()
    expect(archivals.map((row) => row.person_id).sort()).toEqual(batch)
    // The interrupted run's report says it did not finish.
    const runs = (await dpo.get('/api/privacy/runs')).json().items
    expect(runs.some((run: { finishedAt: string | null }) => run.finishedAt === null)).toBe(true)
  })

  it('anonymises at the end of the archive period; last year’s counts stay the same', async () => {
    // Records of other modules about the old file, from before it was archived, with required texts.
    const aidType = await createAidType(ctx.db, org.id)
    const aid = await createAidRequest(ctx.db, org.id, {
      personId: old.id,
      aidTypeId: aidType.id,
      status: 'granted',
      requestedOn: threeYearsAgo.toISOString().slice(0, 10),
      purpose: 'Loyer de Mme Ancien, 3 rue des Lilas',
    })
    const report = await ctx.db
      .insertInto('reports')
      .values({
        organisation_id: org.id,
        reference: 'SIG-ANCIEN',
        source: 'partner',
        received_at: threeYearsAgo,
        location_text: 'Devant le 3 rue des Lilas',
        situation: 'Mme Ancien dort dans sa voiture',
        person_id: old.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const contactsBefore = await ctx.db
      .selectFrom('contacts')
      .select(['id', 'note'])
      .where('person_id', '=', old.id)
      .execute()
    expect(contactsBefore[0]?.note).toBe('Est venue parler de son loyer')
    const countsBefore = await lastYearsCounts()
    expect(countsBefore.total).toBeGreaterThan(0)
    // Two years and a month later: the old file's archive period (3 years) ends 5 years after its
    // last contact, 3 years ago. The file met a month ago is archived by then, not anonymised.
    await ctx.runJob(JOB, monthsLater(25))
    // Expired sessions went with that run (the clock moved): sign in again.
    await signInAll()
    const file = await fileOf(old.id)
    expect(file).toMatchObject({
      status: 'archived',
      lastName: null,
      firstNames: null,
      birthDate: null,
      phone: null,
      email: null,
      address: null,
      fileNumber: old.fileNumber,
    })
    expect(JSON.stringify(file)).not.toContain('Ancien')
    const contacts = await ctx.db
      .selectFrom('contacts')
      .select(['id', 'note'])
      .where('person_id', '=', old.id)
      .execute()
    expect(contacts).toEqual([{ id: contactsBefore[0]!.id, note: null }])
    // Required texts that could name the person say « [effacé] »; the rows stay for the counts.
    expect(
      await ctx.db.selectFrom('aid_requests').select(['purpose', 'status']).where('id', '=', aid).execute(),
    ).toEqual([{ purpose: '[effacé]', status: 'granted' }])
    expect(
      await ctx.db
        .selectFrom('reports')
        .select(['location_text', 'situation', 'source'])
        .where('id', '=', report.id)
        .execute(),
    ).toEqual([{ location_text: '[effacé]', situation: '[effacé]', source: 'partner' }])
    expect(await lastYearsCounts()).toEqual(countsBefore)

    expect((await fileOf(recent.id)).status).toBe('archived')
    expect((await stateOf(recent.id))?.anonymised_at).toBeNull()
    // Two years later the stay still runs: still a contact, the file stays in the active base.
    expect((await fileOf(lodged.id)).status).toBe('active')
    // The hold stopped everything for its file.
    expect(await fileOf(held.id)).toMatchObject({ status: 'active', lastName: 'Contentieux' })
  })

  it('lets the sweeper do its work once the hold is released', async () => {
    const holds = (await dpo.get('/api/privacy/holds')).json().items
    const released = await dpo.post(`/api/privacy/holds/${holds[0].id}/release`, {})
    expect(released.statusCode, released.body).toBe(200)
    expect(released.json().releasedAt).not.toBeNull()
    expect((await dpo.post(`/api/privacy/holds/${holds[0].id}/release`, {})).statusCode).toBe(404)
    await ctx.runJob(JOB, monthsLater(26))
    await signInAll()
    expect(await fileOf(held.id)).toMatchObject({ status: 'archived', lastName: null })
  })
})
