import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, addMonths, todayInFrance } from '../../../shared/dates.ts'

/**
 * The DPO's register of the persons' requests: received, due a month later (three with a reasoned
 * extension), answered with the reason of a refusal; late ones flagged; on the person's file for the
 * director and in their access export; the requester erased with the file.
 */
let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let dpo: ApiClient
let director: ApiClient
let worker: ApiClient
let person: { id: string; fileNumber: string }
const today = todayInFrance()

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  dpo = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['dpo'] }))
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  const created = await worker.post('/api/people', { lastName: 'Requérante', firstNames: 'Inès' })
  person = { id: created.json().id, fileNumber: created.json().fileNumber }
})
afterAll(() => ctx.close())

describe('the requests register', () => {
  let accessId: string
  let erasureId: string

  it('records a request with its legal deadline, a month after receipt', async () => {
    const receivedOn = addDays(today, -3)
    const created = await dpo.post('/api/privacy/requests', {
      kind: 'access',
      receivedOn,
      requester: 'Inès Requérante (courrier)',
      fileNumber: person.fileNumber,
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({
      kind: 'access',
      receivedOn,
      dueOn: addMonths(receivedOn, 1),
      fileNumber: person.fileNumber,
      extended: false,
      answeredOn: null,
      late: false,
    })
    accessId = created.json().id

    // Bad input is refused field by field, in French.
    const bad = await dpo.post('/api/privacy/requests', {
      kind: 'everything',
      receivedOn: addDays(today, 5),
      requester: '',
      fileNumber: 'NOPE-1',
    })
    expect(bad.statusCode).toBe(400)
    const paths = bad.json().errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['kind', 'receivedOn', 'requester']))
    const unknown = await dpo.post('/api/privacy/requests', {
      kind: 'erasure',
      receivedOn: today,
      requester: 'Quelqu’un',
      fileNumber: 'NOPE-1',
    })
    expect(unknown.json().errors).toEqual([
      { path: 'fileNumber', message: 'Aucun dossier ne porte ce numéro dans votre organisation.' },
    ])
  })

  it('flags a request past its deadline, and extends it once by two months with a reason', async () => {
    const old = await dpo.post('/api/privacy/requests', {
      kind: 'erasure',
      receivedOn: addDays(today, -40),
      requester: 'Avocat de M. X',
    })
    expect(old.json()).toMatchObject({ late: true })
    erasureId = old.json().id
    const open = await dpo.get('/api/privacy/requests?open=true')
    expect(open.json()).toMatchObject({ total: 2 })
    // The nearest deadline first: the late one.
    expect(open.json().items[0].id).toBe(erasureId)

    const noReason = await dpo.post(`/api/privacy/requests/${erasureId}/extend`, { reason: '' })
    expect(noReason.statusCode).toBe(400)
    const extended = await dpo.post(`/api/privacy/requests/${erasureId}/extend`, {
      reason: 'Dossiers de trois services à réunir',
    })
    expect(extended.statusCode, extended.body).toBe(200)
    expect(extended.json()).toMatchObject({
      extended: true,
      dueOn: addMonths(addDays(today, -40), 3),
      late: false,
    })
    const again = await dpo.post(`/api/privacy/requests/${erasureId}/extend`, { reason: 'Encore' })
    expect(again.json().errors[0].message).toContain('déjà été prolongé')
  })

  it('records the answer, and the reason of a refusal the person must be told', async () => {
    const noReason = await dpo.post(`/api/privacy/requests/${erasureId}/answer`, {
      answeredOn: today,
      outcome: 'refused',
    })
    expect(noReason.json().errors).toEqual([
      { path: 'note', message: 'Indiquez le motif du refus : la personne doit le connaître.' },
    ])
    const refused = await dpo.post(`/api/privacy/requests/${erasureId}/answer`, {
      answeredOn: today,
      outcome: 'refused',
      note: 'Évaluation sociale conservée : obligation légale (CASF)',
    })
    expect(refused.statusCode, refused.body).toBe(200)
    expect(refused.json()).toMatchObject({ outcome: 'refused', answeredOn: today })
    const twice = await dpo.post(`/api/privacy/requests/${erasureId}/answer`, {
      answeredOn: today,
      outcome: 'granted',
    })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().code).toBe('RIGHTS_REQUEST_ANSWERED')
    const before = await dpo.post(`/api/privacy/requests/${accessId}/answer`, {
      answeredOn: addDays(today, -10),
      outcome: 'granted',
    })
    expect(before.json().errors[0].path).toBe('answeredOn')
    const granted = await dpo.post(`/api/privacy/requests/${accessId}/answer`, {
      answeredOn: today,
      outcome: 'granted',
    })
    expect(granted.statusCode, granted.body).toBe(200)
    expect((await dpo.get('/api/privacy/requests?open=true')).json().total).toBe(0)
    expect((await dpo.get('/api/privacy/requests')).json().total).toBe(2)
  })

  it('shows on the person’s file for the director, and in the access export', async () => {
    const timeline = await director.get(`/api/people/${person.id}/timeline`)
    expect(timeline.json().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'rights_request', title: expect.stringContaining('Accès') }),
      ]),
    )
    const workerTimeline = await worker.get(`/api/people/${person.id}/timeline`)
    expect(JSON.stringify(workerTimeline.json())).not.toContain('rights_request')
    const exported = await worker.get(`/api/people/${person.id}/export.json`)
    expect(exported.statusCode, exported.body).toBe(200)
    expect(JSON.stringify(exported.json())).toContain('Inès Requérante (courrier)')
  })

  it('keeps an answered request five years after its answer, then the sweeper deletes it', async () => {
    const rules = (await dpo.get('/api/privacy/retention-rules')).json().items
    expect(rules.find((r: { kind: string }) => r.kind === 'rights_requests')).toMatchObject({
      label: 'Registre des demandes d’exercice des droits',
      activeMonths: 60,
      bounds: { active: { min: 12, max: 72 } },
      end: 'delete',
      appliedBy: 'sweeper',
    })
    const open = await dpo.post('/api/privacy/requests', {
      kind: 'rectification',
      receivedOn: today,
      requester: 'Demande encore ouverte',
    })
    expect(open.statusCode, open.body).toBe(201)
    const preview = await dpo.get('/api/privacy/preview')
    expect(preview.json().counts).toMatchObject({ rights_requests: 0 })

    const fourYears = new Date(`${addMonths(today, 59)}T12:00:00Z`)
    await ctx.runJob('privacy.retention-sweep', fourYears)
    expect((await ctx.db.selectFrom('privacy_requests').select('id').execute()).length).toBe(3)
    const later = new Date(`${addMonths(today, 61)}T12:00:00Z`)
    await ctx.runJob('privacy.retention-sweep', later)
    const left = await ctx.db.selectFrom('privacy_requests').select('id').execute()
    // The two answered go; the one still awaiting its answer stays, whatever its age.
    expect(left).toEqual([{ id: open.json().id }])
    const run = await ctx.db
      .selectFrom('privacy_runs')
      .select('counts')
      .orderBy('started_at', 'desc')
      .executeTakeFirstOrThrow()
    expect(run.counts).toMatchObject({ rights_requests: 2 })
  })
})
