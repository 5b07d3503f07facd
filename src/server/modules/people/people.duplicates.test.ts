import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import type { DuplicatePair } from '../../../shared/people.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let director: ApiClient
let frontDesk: ApiClient
let paej: ApiClient

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  frontDesk = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] }),
  )
  paej = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.confidentialTeamId] }),
  )
})
afterAll(() => ctx.close())

const create = async (client: ApiClient, body: Record<string, unknown>) => {
  const response = await client.post('/api/people', body)
  expect(response.statusCode, response.body).toBe(201)
  return response.json().id as string
}
const names = (pair: DuplicatePair) =>
  [pair.kept, pair.duplicate].map((p) => `${p.lastName} ${p.firstNames}`).join(' / ')

describe('likely duplicates across the whole base', () => {
  const ids: Record<string, string> = {}

  it('lists the pairs that are probably one person, best first, with the reasons, page by page', async () => {
    // Typed twice, the accents and case aside.
    ids.durand = await create(worker, { lastName: 'Durand', firstNames: 'Hélène', birthDate: '1962-04-11' })
    ids.durand2 = await create(worker, { lastName: 'DURAND', firstNames: 'Helene', birthDate: '1962-04-11' })
    // One letter apart.
    ids.fevre = await create(worker, { lastName: 'Lefèvre', firstNames: 'Marc', birthDate: '1955-09-02' })
    ids.fevre2 = await create(worker, { lastName: 'Lefebvre', firstNames: 'Marc', birthDate: '1955-09-02' })
    // The same phone, the birth date typed a year off.
    ids.phone = await create(worker, {
      lastName: 'Nguyen',
      firstNames: 'Thi Lan',
      birthDate: '1980-01-05',
      phone: '06 12 34 56 78',
    })
    ids.phone2 = await create(worker, {
      lastName: 'Nguyen',
      firstNames: 'Thi Lan',
      birthDate: '1981-01-05',
      phone: '+33 6 12 34 56 78',
    })
    // Not duplicates: twins (same birth date, other first name and sound), a family sharing a phone.
    await create(worker, { lastName: 'Martin', firstNames: 'Paul', birthDate: '1990-06-06' })
    await create(worker, { lastName: 'Bernard', firstNames: 'Zoé', birthDate: '1990-06-06' })
    await create(worker, { lastName: 'Roux', firstNames: 'Amandine', phone: '07 00 00 00 01' })
    await create(worker, { lastName: 'Roux', firstNames: 'Jean-Baptiste', phone: '07 00 00 00 01' })
    // A file of the confidential PAEJ team, the same as a file of the social team.
    ids.secret = await create(paej, {
      lastName: 'Secrète',
      firstNames: 'Anna',
      birthDate: '2007-03-03',
      teamId: org.confidentialTeamId,
    })
    ids.secret2 = await create(worker, { lastName: 'Secrete', firstNames: 'Anna', birthDate: '2007-03-03' })

    const response = await worker.get('/api/people/duplicates')
    expect(response.statusCode, response.body).toBe(200)
    const list = response.json()
    expect(list).toMatchObject({ total: 3, page: 1, pageSize: 50 })
    const pairs = list.items as DuplicatePair[]
    expect(pairs.map(names)).toEqual([
      'Durand Hélène / DURAND Helene',
      'Nguyen Thi Lan / Nguyen Thi Lan',
      'Lefèvre Marc / Lefebvre Marc',
    ])
    expect(pairs.map((p) => p.reasons)).toEqual([
      ['same_names', 'same_birth_date'],
      ['same_names', 'same_phone'],
      ['close_names', 'same_birth_date'],
    ])
    // The older file first: the one the merge keeps by default.
    expect(pairs[0]!.kept.id).toBe(ids.durand)
    expect(pairs[0]!.duplicate.id).toBe(ids.durand2)
    const scores = pairs.map((p) => p.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))

    const second = (await worker.get('/api/people/duplicates?pageSize=2&page=2')).json()
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2 })
    expect(second.items.map(names)).toEqual(['Lefèvre Marc / Lefebvre Marc'])
    expect((await worker.get('/api/people/duplicates?page=9')).json()).toMatchObject({ total: 3, items: [] })
    expect((await worker.get('/api/people/duplicates?pageSize=500')).statusCode).toBe(400)
  })

  it('shows a confidential team’s file only to that team and the director', async () => {
    const directorList = (await director.get('/api/people/duplicates')).json()
    expect(directorList.total).toBe(4)
    expect(directorList.items.map(names)).toContain('Secrète Anna / Secrete Anna')
    const paejList = (await paej.get('/api/people/duplicates')).json()
    expect(paejList.items.map(names)).toContain('Secrète Anna / Secrete Anna')
    const workerList = (await worker.get('/api/people/duplicates')).json()
    expect(JSON.stringify(workerList)).not.toContain(ids.secret)
  })

  it('is for those who merge files, and every reading is audited with the files shown', async () => {
    expect((await frontDesk.get('/api/people/duplicates')).statusCode).toBe(403)
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('person_ids')
      .where('action', '=', 'person.duplicate_list')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow()
    expect(audit.person_ids).toEqual(expect.arrayContaining([ids.durand, ids.durand2]))
  })

  it('drops a pair once its files are merged', async () => {
    const merged = await worker.post(`/api/people/${ids.durand}/merge`, { mergedPersonId: ids.durand2 })
    expect(merged.statusCode, merged.body).toBe(200)
    const list = (await worker.get('/api/people/duplicates')).json()
    expect(list.total).toBe(2)
    expect(list.items.map(names)).not.toContain('Durand Hélène / DURAND Helene')
  })

  it('sets a pair aside as « not the same people », for the whole organisation, audited and undone', async () => {
    // Given newest first: the same pair as the list shows it, the other way round.
    const dismissed = await worker.post('/api/people/duplicates/dismissals', {
      personIds: [ids.fevre2, ids.fevre],
    })
    expect(dismissed.statusCode, dismissed.body).toBe(201)
    const dismissal = dismissed.json()
    expect(dismissal.dismissedBy).toBeTruthy()
    expect(dismissal.people.map((p: { id: string }) => p.id).sort()).toEqual([ids.fevre, ids.fevre2].sort())
    // Gone from everyone's list, the director's too; the total says so.
    const list = (await worker.get('/api/people/duplicates')).json()
    expect(list.total).toBe(1)
    expect(list.items.map(names)).not.toContain('Lefèvre Marc / Lefebvre Marc')
    expect((await director.get('/api/people/duplicates')).json().items.map(names)).not.toContain(
      'Lefèvre Marc / Lefebvre Marc',
    )
    // Either order is the same pair: setting it aside again says so in French.
    const again = await director.post('/api/people/duplicates/dismissals', {
      personIds: [ids.fevre, ids.fevre2],
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().detail).toContain('déjà écartés')

    // Listed for those who merge, with who did it.
    const listed = (await director.get('/api/people/duplicates/dismissals')).json()
    expect(listed).toMatchObject({ total: 1, page: 1, pageSize: 50 })
    expect(listed.items[0]).toMatchObject({ id: dismissal.id, dismissedBy: dismissal.dismissedBy })
    expect((await frontDesk.get('/api/people/duplicates/dismissals')).statusCode).toBe(403)
    expect((await frontDesk.post(`/api/people/duplicates/dismissals/${dismissal.id}/undo`)).statusCode).toBe(
      403,
    )

    const trail = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'person_ids'])
      .where('action', 'in', ['person.duplicate_dismiss', 'person.duplicate_restore'])
      .orderBy('at')
      .execute()
    expect(trail).toEqual([
      { action: 'person.duplicate_dismiss', entity_id: dismissal.id, person_ids: [ids.fevre2, ids.fevre] },
    ])

    // Undone: the pair is back in the list, and the undoing is in the trail.
    const undone = await worker.post(`/api/people/duplicates/dismissals/${dismissal.id}/undo`)
    expect(undone.statusCode, undone.body).toBe(200)
    expect((await worker.get('/api/people/duplicates')).json().items.map(names)).toContain(
      'Lefèvre Marc / Lefebvre Marc',
    )
    expect((await worker.get('/api/people/duplicates/dismissals')).json().total).toBe(0)
    expect((await worker.post(`/api/people/duplicates/dismissals/${dismissal.id}/undo`)).statusCode).toBe(404)
    const restored = await ctx.db
      .selectFrom('audit_log')
      .select('person_ids')
      .where('action', '=', 'person.duplicate_restore')
      .executeTakeFirstOrThrow()
    expect(restored.person_ids?.sort()).toEqual([ids.fevre, ids.fevre2].sort())
  })

  it('refuses bad pairs in French, and never reveals a file the caller may not see', async () => {
    const post = (client: ApiClient, personIds: unknown) =>
      client.post('/api/people/duplicates/dismissals', { personIds })
    const same = await post(worker, [ids.phone, ids.phone])
    expect(same.statusCode).toBe(400)
    expect(same.json().errors).toEqual([
      { path: 'personIds', message: 'Choisissez deux dossiers différents.' },
    ])
    const one = await post(worker, [ids.phone])
    expect(one.statusCode).toBe(400)
    expect(one.json().errors[0].message).toBe('Indiquez les deux dossiers.')
    expect((await post(worker, ['pas-un-id', ids.phone])).statusCode).toBe(400)
    expect((await post(worker, 'deux')).statusCode).toBe(400)
    expect((await worker.post('/api/people/duplicates/dismissals/pas-un-id/undo')).statusCode).toBe(400)
    // The PAEJ file is not there for a social worker outside the team; the director may set it aside.
    expect((await post(worker, [ids.secret, ids.secret2])).statusCode).toBe(404)
    expect((await post(worker, [crypto.randomUUID(), ids.secret2])).statusCode).toBe(404)
    const secret = await post(director, [ids.secret, ids.secret2])
    expect(secret.statusCode, secret.body).toBe(201)
    expect((await worker.get('/api/people/duplicates/dismissals')).json().total).toBe(0)
    expect((await director.get('/api/people/duplicates/dismissals')).json().total).toBe(1)
    // A merged file is no longer a pair to set aside.
    expect((await post(worker, [ids.durand, ids.durand2])).statusCode).toBe(404)
    // Another organisation finds nothing.
    const elsewhere = await createOrganisation(ctx, 'CCAS d’ailleurs')
    const stranger = await signedIn(
      ctx,
      await createUser(ctx, elsewhere.id, { roles: ['social_worker'], teamIds: [elsewhere.teamId] }),
    )
    expect((await post(stranger, [ids.phone, ids.phone2])).statusCode).toBe(404)
    expect((await stranger.get('/api/people/duplicates/dismissals')).json().total).toBe(0)
    expect(
      (await stranger.post(`/api/people/duplicates/dismissals/${secret.json().id}/undo`)).statusCode,
    ).toBe(404)
  })
})
