import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

/**
 * "Who saw my file?" must include those who saw it in a list: searches, duplicate checks, household
 * reads, the front desk's lists, the register's lists and its prefect export each leave one audit row
 * holding the ids of every person they showed.
 */
let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let director: ApiClient
let directorId: string
let worker: ApiClient
let frontDesk: ApiClient
let frontDeskId: string
let personId: string
let otherId: string

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  const directorUser = await createUser(ctx, org.id, { roles: ['director'], totp: true })
  directorId = directorUser.id
  director = await signedIn(ctx, directorUser)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  const desk = await createUser(ctx, org.id, { roles: ['front_desk_agent'], name: 'Agent Accueil' })
  frontDeskId = desk.id
  frontDesk = await signedIn(ctx, desk)
  personId = (
    await worker.post('/api/people', {
      lastName: 'Vigoureux',
      firstNames: 'Albane',
      birthDate: '1940-03-02',
      phone: '06 11 22 33 44',
    })
  ).json().id
  otherId = (await worker.post('/api/people', { lastName: 'Vigouroux', firstNames: 'Paul' })).json().id
})
afterAll(() => ctx.close())

/** The audit trail's answer to "who saw this file", as the director reads it. */
async function trailOf(id: string) {
  const response = await director.get(`/api/audit?personId=${id}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json().items as {
    userId: string | null
    action: string
    personId: string | null
    personIds: string[]
  }[]
}

describe('audit coverage of lists', () => {
  it('records the persons a search returned, in one row, so the file shows who saw it in a list', async () => {
    const found = await frontDesk.get('/api/people?q=Vigoureux')
    expect(found.statusCode).toBe(200)
    const shown = found.json().items.map((p: { id: string }) => p.id)
    expect(shown).toContain(personId)

    const trail = await trailOf(personId)
    const search = trail.filter((e) => e.action === 'person.list' && e.userId === frontDeskId)
    expect(search).toHaveLength(1)
    expect(search[0]!.personIds.sort()).toEqual([...shown].sort())
    // The other person of the same search finds the same row.
    if (shown.includes(otherId)) {
      expect(
        (await trailOf(otherId)).some((e) => e.action === 'person.list' && e.userId === frontDeskId),
      ).toBe(true)
    }
  })

  it('records duplicate checks and household reads with the persons they showed', async () => {
    const duplicates = await frontDesk.get(
      '/api/people/likely-duplicates?lastName=Vigoureux&firstNames=Albane',
    )
    expect(duplicates.statusCode).toBe(200)
    expect(duplicates.json().items.map((p: { id: string }) => p.id)).toContain(personId)

    const household = await worker.post('/api/households', {
      members: [
        { personId, relationship: 'head' },
        { personId: otherId, relationship: 'spouse' },
      ],
    })
    expect(household.statusCode, household.body).toBe(201)
    expect((await frontDesk.get(`/api/households/${household.json().id}`)).statusCode).toBe(200)

    const trail = await trailOf(otherId)
    const mine = trail.filter((e) => e.userId === frontDeskId).map((e) => e.action)
    expect(mine).toContain('household.read')
    expect((await trailOf(personId)).filter((e) => e.userId === frontDeskId).map((e) => e.action)).toEqual(
      expect.arrayContaining(['person.duplicate_check', 'household.read']),
    )
  })

  it('records the persons named in a list of contacts (a follow-up queue)', async () => {
    const contact = await frontDesk.post('/api/contacts', {
      channel: 'walk_in',
      personId,
      teamId: org.teamId,
      followUp: true,
    })
    expect(contact.statusCode, contact.body).toBe(201)
    const queue = await worker.get(`/api/contacts?teamId=${org.teamId}&queue=true`)
    expect(queue.statusCode).toBe(200)
    const row = (await trailOf(personId)).find((e) => e.action === 'contact.list' && e.personId === null)
    expect(row?.personIds).toContain(personId)
  })

  it('shows list appearances in the access-request export of the person', async () => {
    const exported = await worker.get(`/api/people/${personId}/export.json`)
    expect(exported.statusCode).toBe(200)
    const actions = (exported.json().accessLog as { action: string; user_name: string }[]).map(
      (e) => `${e.action} ${e.user_name}`,
    )
    expect(actions).toEqual(
      expect.arrayContaining(['person.list Agent Accueil', 'person.duplicate_check Agent Accueil']),
    )
  })

  it('gives the whole trail in the access-request export, however long', async () => {
    // Two years of a desk's daily lists: more rows than any page or cap would hold.
    const rows = Array.from({ length: 2_100 }, (_, i) => ({
      organisation_id: org.id,
      user_id: frontDeskId,
      actor_kind: 'staff' as const,
      action: 'person.list',
      entity_type: 'person',
      person_ids: [otherId],
      at: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000),
    }))
    await ctx.db.insertInto('audit_log').values(rows).execute()
    const exported = await worker.get(`/api/people/${otherId}/export.json`)
    expect(exported.statusCode).toBe(200)
    expect(exported.json().accessLog.length).toBeGreaterThanOrEqual(2_100)
  })

  it('records every person of the register lists and of the prefect export', async () => {
    const admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
    expect(
      (
        await admin.put('/api/register/settings', {
          teamId: org.teamId,
          retryDelayMinutes: 30,
          maxAttempts: 2,
        })
      ).statusCode,
    ).toBe(200)
    const registered = await worker.post('/api/register/entries', {
      personId,
      ground: 'age_65',
      livesAtHome: true,
      requestedBy: 'self',
      phone: '01 23 45 67 89',
    })
    expect(registered.statusCode, registered.body).toBe(201)

    expect((await worker.get('/api/register/entries')).statusCode).toBe(200)
    expect((await director.get('/api/register/export.csv')).statusCode).toBe(200)
    const plan = await director.post('/api/register/plans', { kind: 'heatwave', startsOn: '2026-07-01' })
    expect(plan.statusCode, plan.body).toBe(201)
    expect((await worker.get(`/api/register/plans/${plan.json().id}/calls`)).statusCode).toBe(200)
    expect((await worker.get(`/api/register/plans/${plan.json().id}/call-list.pdf`)).statusCode).toBe(200)

    const actions = (await trailOf(personId))
      .filter((e) => e.personIds.includes(personId))
      .map((e) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'register.list',
        'register.prefect_export',
        'register.calls_list',
        'register.call_sheet',
      ]),
    )
  })
})

describe('reading the audit trail is traced', () => {
  it('writes an audit row when the list of accounts is read, and none when it is refused', async () => {
    const actionsOf = async (userId: string) =>
      (
        await ctx.db
          .selectFrom('audit_log')
          .select(['action', 'entity_type'])
          .where('user_id', '=', userId)
          .where('action', '=', 'audit.accounts')
          .execute()
      ).map((row) => `${row.action} ${row.entity_type}`)
    const before = await actionsOf(directorId)
    const accounts = await director.get('/api/audit/accounts')
    expect(accounts.statusCode, accounts.body).toBe(200)
    expect(accounts.json().items.map((a: { name: string }) => a.name)).toContain('Agent Accueil')
    expect(await actionsOf(directorId)).toEqual([...before, 'audit.accounts user'])

    // The director finds it in the trail, by who read it.
    const trail = await director.get(`/api/audit?userId=${directorId}`)
    expect(trail.json().items.map((e: { action: string }) => e.action)).toContain('audit.accounts')

    // A refused reading leaves no row claiming it happened.
    expect((await frontDesk.get('/api/audit/accounts')).statusCode).toBe(403)
    expect(await actionsOf(frontDeskId)).toEqual([])
  })
})

describe('the trail of a file by its number', () => {
  it('lets the DPO, who reads no file, find a file’s trail by the number the person gives, merged files included', async () => {
    const dpo = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['dpo'], totp: true }))
    const person = (await worker.get(`/api/people/${personId}`)).json()
    const duplicate = (
      await worker.post('/api/people', {
        lastName: 'Vigoureux',
        firstNames: 'Albane',
        birthDate: '1940-03-02',
      })
    ).json()
    // Read under its own number, then merged into the first file: both trails are the person's.
    expect((await frontDesk.get(`/api/people/${duplicate.id}`)).statusCode).toBe(200)
    const merged = await director.post(`/api/people/${personId}/merge`, { mergedPersonId: duplicate.id })
    expect(merged.statusCode, merged.body).toBe(200)

    const found = await dpo.get(
      `/api/audit?fileNumber=${encodeURIComponent(person.fileNumber.toLowerCase())}`,
    )
    expect(found.statusCode, found.body).toBe(200)
    const items = found.json().items as {
      action: string
      personId: string
      personFileNumber: string | null
    }[]
    expect(items.some((e) => e.personId === duplicate.id && e.action === 'person.read')).toBe(true)
    expect(items.some((e) => e.personId === personId)).toBe(true)
    // The entries carry the file's number, never a name.
    expect(items.find((e) => e.personId === personId)?.personFileNumber).toBe(person.fileNumber)
    expect(found.body).not.toContain('Vigoureux')

    expect((await dpo.get('/api/audit?fileNumber=INCONNU-0')).json().total).toBe(0)
    expect((await dpo.get('/api/audit?fileNumber=%3Cscript%3E')).statusCode).toBe(400)
    expect((await frontDesk.get(`/api/audit?fileNumber=${person.fileNumber}`)).statusCode).toBe(403)
    // Another organisation's journal never holds this file, whatever number is typed.
    const elsewhere = await createOrganisation(ctx, 'CCAS voisin')
    const otherDirector = await signedIn(
      ctx,
      await createUser(ctx, elsewhere.id, { roles: ['director'], totp: true }),
    )
    const foreign = await otherDirector.get(`/api/audit?fileNumber=${encodeURIComponent(person.fileNumber)}`)
    expect(foreign.statusCode).toBe(200)
    expect(foreign.json().items.filter((e: { personId: string | null }) => e.personId)).toEqual([])
  })
})
