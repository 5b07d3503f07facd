import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { createStay, createStructure } from '../accommodation/accommodation.test-factories.ts'
import { createAidRequest, createAidType } from '../aid/aid.test-factories.ts'

/**
 * An archived file is out of the active base: out of the modules' lists across people (the front
 * desk's queue and its count on the home page, the aid requests, a structure's occupants), while its
 * history stays on the file itself.
 */
let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let director: ApiClient
let worker: ApiClient
let active: { id: string }
let archived: { id: string }
let structureId: string

async function person(lastName: string) {
  const created = await worker.post('/api/people', { lastName, firstNames: 'Lou', teamId: org.teamId })
  expect(created.statusCode, created.body).toBe(201)
  return { id: created.json().id as string }
}

/** What the sweeper does to a file without contact for two years. */
async function archive(personId: string) {
  await sql`insert into privacy_file_states (organisation_id, person_id, last_contact_at, archived_at)
    values (${org.id}, ${personId}, now() - interval '3 years', now())`.execute(ctx.db)
  await sql`update people set status = 'archived' where id = ${personId}`.execute(ctx.db)
}

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  director = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['director'], totp: true, teamIds: [org.teamId] }),
  )
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, {
      roles: ['social_worker', 'front_desk_agent'],
      teamIds: [org.teamId],
    }),
  )
  active = await person('Active')
  archived = await person('Archivée')
  for (const p of [active, archived]) {
    const contact = await worker.post('/api/contacts', {
      channel: 'phone',
      personId: p.id,
      teamId: org.teamId,
      note: 'Rappeler pour le dossier',
      followUp: true,
    })
    expect(contact.statusCode, contact.body).toBe(201)
  }
  const aidType = await createAidType(ctx.db, org.id)
  const chrs = await createStructure(ctx.db, org.id, { openedOn: '2015-01-01' })
  structureId = chrs.id
  for (const [index, p] of [active, archived].entries()) {
    await createAidRequest(ctx.db, org.id, { personId: p.id, aidTypeId: aidType.id, teamId: org.teamId })
    await createStay(ctx.db, org.id, {
      structureId: chrs.id,
      personId: p.id,
      placeId: chrs.placeIds[index]!,
      startedOn: todayInFrance(),
    })
  }
  await archive(archived.id)
})
afterAll(() => ctx.close())

const ids = (response: { json(): { items: { personId?: string; person?: { id: string } }[] } }) =>
  response.json().items.map((item) => item.personId ?? item.person?.id)

describe('an archived file in the other modules’ lists', () => {
  it('leaves the front desk’s queue and its count on the home page', async () => {
    const queue = await worker.get(`/api/contacts?queue=true&teamId=${org.teamId}`)
    expect(queue.statusCode, queue.body).toBe(200)
    expect(ids(queue)).toEqual([active.id])
    const response = await worker.get('/api/home')
    expect(response.statusCode, response.body).toBe(200)
    const home = response.json()
    expect(home.tasks.find((t: { key: string }) => t.key === 'frontdesk.follow_ups')).toMatchObject({
      count: 1,
    })
  })

  it('leaves the aid requests list, and stays on the person’s own list', async () => {
    const all = await director.get('/api/aid-requests')
    expect(all.statusCode, all.body).toBe(200)
    expect(ids(all)).toEqual([active.id])
    expect(all.json().total).toBe(1)
    const own = await director.get(`/api/aid-requests?personId=${archived.id}`)
    expect(ids(own)).toEqual([archived.id])
  })

  it('leaves a structure’s list of stays; the file’s panel still shows its stay', async () => {
    const stays = await director.get(`/api/accommodation-stays?structureId=${structureId}`)
    expect(stays.statusCode, stays.body).toBe(200)
    expect(ids(stays)).toEqual([active.id])
    const own = await director.get(`/api/accommodation-stays/of-person/${archived.id}`)
    expect(own.statusCode, own.body).toBe(200)
    expect(own.json().items).toHaveLength(1)
  })
})
