import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganisation, createUser } from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { Actor } from '../../platform/permissions.ts'
import { type AidDecisionInput, recordAidDecision } from './aid.decisions.ts'
import { createAidPerson, createAidRequest, createAidType } from './aid.test-factories.ts'

const today = todayInFrance()
let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let actor: Actor
let aid: { id: string; fundId: string }

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS de Décideville')
  const user = await createUser(ctx, org.id, { roles: ['director'], teamIds: [org.teamId] })
  actor = {
    userId: user.id,
    organisationId: org.id,
    sessionId: 'test',
    roles: ['director'],
    teamIds: [org.teamId],
    ip: null,
  }
  aid = await createAidType(ctx.db, org.id, {
    ceilingPerRequestCents: 300_00,
    paymentForms: ['transfer', 'creditor'],
  })
})
afterAll(() => ctx?.close())

const submitted = async (extra: Partial<Parameters<typeof createAidRequest>[2]> = {}) =>
  createAidRequest(ctx.db, org.id, {
    personId: await createAidPerson(ctx.db, org.id),
    aidTypeId: aid.id,
    status: 'submitted',
    amountAskedCents: 250_00,
    ...extra,
  })
const decide = (input: Omit<AidDecisionInput, 'decidedOn' | 'channel'> & Partial<AidDecisionInput>) =>
  ctx.db
    .transaction()
    .execute((trx) => recordAidDecision(trx, actor, { channel: 'urgent', decidedOn: today, ...input }))
const requestRow = (id: string) =>
  ctx.db.selectFrom('aid_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const decisions = (id: string) =>
  ctx.db.selectFrom('aid_decisions').selectAll().where('request_id', '=', id).orderBy('decided_at').execute()

describe('recording a decision on an aid request', () => {
  it('a grant within the rules: the request is granted with its amount and form, the history and the trail say so', async () => {
    const id = await submitted()
    const result = await decide({
      requestId: id,
      decision: 'granted',
      grantedCents: 200_00,
      paymentForm: 'creditor',
    })
    expect(result).toMatchObject({ status: 'granted', derogation: false, warnings: [] })
    const row = await requestRow(id)
    expect(row).toMatchObject({
      status: 'granted',
      granted_cents: 200_00,
      payment_form: 'creditor',
      decided_on: today,
      decided_by: actor.userId,
      decision_channel: 'urgent',
      derogation: false,
      derogation_note: null,
    })
    const [decision] = await decisions(id)
    expect(decision).toMatchObject({
      id: result.decisionId,
      decision: 'granted',
      channel: 'urgent',
      granted_cents: 200_00,
    })
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).execute()
    expect(audit.map((a) => a.action)).toEqual(['aid_request.grant'])
    expect(audit[0]?.person_id).toBe(row.person_id)
  })

  it('a grant beyond a rule is not refused: it is recorded as a derogation with the rule it goes beyond', async () => {
    const id = await submitted({ amountAskedCents: 400_00 })
    const result = await decide({
      requestId: id,
      decision: 'granted',
      grantedCents: 350_00,
      paymentForm: 'transfer',
    })
    expect(result.derogation).toBe(true)
    expect(result.warnings.map((w) => w.code)).toEqual(['AID_CEILING_PER_REQUEST'])
    const row = await requestRow(id)
    expect(row.derogation).toBe(true)
    expect(row.derogation_note).toContain('plafond par demande')
    const [decision] = await decisions(id)
    expect(decision?.derogation).toBe(true)
  })

  it('the derogation’s reason, when the decider gives one, is kept', async () => {
    const id = await submitted({ amountAskedCents: 400_00 })
    await decide({
      requestId: id,
      decision: 'granted',
      grantedCents: 400_00,
      paymentForm: 'transfer',
      derogationNote: 'Coupure d’électricité imminente avec un nourrisson',
    })
    expect((await requestRow(id)).derogation_note).toBe('Coupure d’électricité imminente avec un nourrisson')
  })

  it('a refusal needs its motif; an adjournment what is missing; both kept', async () => {
    const id = await submitted()
    await expect(decide({ requestId: id, decision: 'refused' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await decide({ requestId: id, decision: 'refused', refusalMotif: 'sufficient_remaining' })
    expect(await requestRow(id)).toMatchObject({
      status: 'refused',
      refusal_motif: 'sufficient_remaining',
      granted_cents: null,
    })

    const later = await submitted()
    const commission = { channel: 'commission' as const, sessionId: await session() }
    await expect(decide({ requestId: later, decision: 'adjourned', ...commission })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await decide({
      requestId: later,
      decision: 'adjourned',
      adjournmentReason: 'Avis d’imposition attendu',
      ...commission,
    })
    expect(await requestRow(later)).toMatchObject({
      status: 'adjourned',
      adjournment_reason: 'Avis d’imposition attendu',
      decided_on: null,
      session_id: commission.sessionId,
    })
    // Adjourned, then decided at the next session: the history keeps both, in order.
    const next = await session()
    await decide({
      requestId: later,
      decision: 'granted',
      grantedCents: 100_00,
      paymentForm: 'transfer',
      channel: 'commission',
      sessionId: next,
    })
    expect(await requestRow(later)).toMatchObject({
      status: 'granted',
      adjournment_reason: null,
      session_id: next,
    })
    expect((await decisions(later)).map((d) => d.decision)).toEqual(['adjourned', 'granted'])
  })

  it('a grant needs a positive amount and a form the règlement allows for the aid', async () => {
    const id = await submitted()
    await expect(
      decide({ requestId: id, decision: 'granted', paymentForm: 'transfer' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await expect(
      decide({ requestId: id, decision: 'granted', grantedCents: 100_00, paymentForm: 'voucher' }),
    ).rejects.toMatchObject({ extra: { errors: [{ path: 'paymentForm' }] } })
    expect((await requestRow(id)).status).toBe('submitted')
  })

  it('only a submitted request is decided urgently; the commission needs its session', async () => {
    const draft = await submitted({ status: 'draft' })
    await expect(decide({ requestId: draft, decision: 'dismissed' })).rejects.toMatchObject({
      code: 'AID_STATUS_CONFLICT',
      status: 409,
    })
    const granted = await submitted({ status: 'granted', decidedOn: addDays(today, -1) })
    await expect(
      decide({ requestId: granted, decision: 'refused', refusalMotif: 'other' }),
    ).rejects.toMatchObject({
      code: 'AID_STATUS_CONFLICT',
    })
    const onAgenda = await submitted({ status: 'on_agenda' })
    await expect(decide({ requestId: onAgenda, decision: 'dismissed' })).rejects.toMatchObject({
      code: 'AID_STATUS_CONFLICT',
    })
    await expect(
      decide({ requestId: onAgenda, decision: 'dismissed', channel: 'commission' }),
    ).rejects.toMatchObject({
      extra: { errors: [{ path: 'sessionId' }] },
    })
    await decide({
      requestId: onAgenda,
      decision: 'dismissed',
      channel: 'commission',
      sessionId: await session(),
      note: 'Parti de la commune',
    })
    expect(await requestRow(onAgenda)).toMatchObject({
      status: 'dismissed',
      closed_reason: 'Parti de la commune',
    })
  })

  it('a request of another organisation is not found, and nothing is written', async () => {
    const other = await createOrganisation(ctx, 'CCAS d’Ailleurs')
    const otherAid = await createAidType(ctx.db, other.id)
    const id = await createAidRequest(ctx.db, other.id, {
      personId: await createAidPerson(ctx.db, other.id),
      aidTypeId: otherAid.id,
      status: 'submitted',
    })
    await expect(decide({ requestId: id, decision: 'dismissed' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    expect(await decisions(id)).toEqual([])
  })
})

async function session() {
  const { id } = await ctx.db
    .insertInto('aid_commission_sessions')
    .values({ organisation_id: org.id, held_on: today, status: 'open' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}
