import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import type { AidRequestStatus } from '../../../shared/aid.ts'
import { createAidFund, createAidPerson, createAidRequest, createAidType } from './aid.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let analyst: ApiClient
let frontDesk: ApiClient
const period = 'from=2026-01-01&to=2026-06-30'

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
  frontDesk = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['front_desk_agent'] }))
  const db = ctx.db
  const ccas = await createAidFund(db, org.id, { code: 'CCAS', name: 'Fonds d’aide facultative du CCAS' })
  const flajFund = await createAidFund(db, org.id, { code: 'flaj', name: 'Fonds local d’aide aux jeunes' })
  const urgent = (await createAidType(db, org.id, { fundId: ccas, label: 'Secours d’urgence' })).id
  const subsistence = (await createAidType(db, org.id, { fundId: flajFund, label: 'FLAJ — subsistance' })).id
  const transport = (await createAidType(db, org.id, { fundId: flajFund, label: 'FLAJ — transport' })).id
  const household = (
    await db
      .insertInto('households')
      .values({ organisation_id: org.id })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  const person = () => createAidPerson(db, org.id)
  const [p1, p2, p3, p4, y1, y2] = [
    await person(),
    await person(),
    await person(),
    await person(),
    await person(),
    await person(),
  ]
  const request = (
    personId: string,
    aidTypeId: string,
    status: AidRequestStatus,
    requestedOn: string,
    more: {
      decidedOn?: string
      grantedCents?: number
      paidCents?: number
      householdId?: string
      team?: boolean
    } = {},
  ) =>
    createAidRequest(db, org.id, {
      personId,
      aidTypeId,
      status,
      requestedOn,
      decidedOn: more.decidedOn,
      grantedCents: more.grantedCents,
      paidCents: more.paidCents,
      householdId: more.householdId ?? null,
      teamId: more.team === false ? null : org.teamId,
    })
  await request(p1, urgent, 'granted', '2026-01-05', {
    decidedOn: '2026-01-10',
    grantedCents: 200_00,
    paidCents: 200_00,
    householdId: household,
  })
  await request(p2, urgent, 'granted', '2026-02-01', {
    decidedOn: '2026-02-21',
    grantedCents: 100_00,
    householdId: household,
  })
  const refused = await request(p3, urgent, 'refused', '2026-03-01', { decidedOn: '2026-03-04', team: false })
  await db
    .updateTable('aid_requests')
    .set({ refusal_motif: 'sufficient_remaining' })
    .where('id', '=', refused)
    .execute()
  await request(y1, subsistence, 'granted', '2026-04-01', {
    decidedOn: '2026-04-02',
    grantedCents: 150_00,
    paidCents: 150_00,
  })
  await request(y2, transport, 'granted', '2026-04-10', {
    decidedOn: '2026-05-10',
    grantedCents: 80_00,
    paidCents: 80_00,
  })
  await request(y1, subsistence, 'granted', '2026-05-01', { decidedOn: '2026-05-08', grantedCents: 50_00 })
  await request(p1, urgent, 'submitted', '2026-06-01')
  await request(p2, urgent, 'draft', '2026-06-02')
  // Filed before the period, decided in it: a decision of the period, not a request of it.
  await request(p4, urgent, 'granted', '2025-12-20', {
    decidedOn: '2026-01-03',
    grantedCents: 60_00,
    team: false,
  })
  await request(p3, urgent, 'withdrawn', '2026-06-20')
  const adjourned = await request(p4, urgent, 'adjourned', '2026-03-10')
  await db
    .insertInto('aid_decisions')
    .values({
      organisation_id: org.id,
      request_id: adjourned,
      channel: 'commission',
      decision: 'adjourned',
      decided_on: '2026-03-15',
    })
    .execute()
  await request(p4, urgent, 'granted', '2025-06-01', { decidedOn: '2025-06-05', grantedCents: 999_00 })
})
afterAll(() => ctx?.close())

const line = (key: string, label: string, figures: [number, number, number, number, number]) => ({
  key,
  label,
  requests: figures[0],
  granted: figures[1],
  refused: figures[2],
  grantedCents: figures[3],
  paidCents: figures[4],
})

describe('aid statistics over a period', () => {
  it('counts requests, decisions, amounts, households, refusals, delays and the FLAJ report, exactly', async () => {
    const response = await analyst.get(`/api/aid-statistics?${period}`)
    expect(response.statusCode, response.body).toBe(200)
    const s = response.json()
    expect(s.totals).toEqual({
      requests: 9,
      granted: 6,
      refused: 1,
      adjourned: 1,
      dismissed: 0,
      withdrawn: 1,
      grantedCents: 640_00,
      paidCents: 430_00,
      householdsHelped: 4,
    })
    expect(s.byFund.map((l: { label: string }) => l.label)).toEqual([
      'Fonds d’aide facultative du CCAS',
      'Fonds local d’aide aux jeunes',
    ])
    expect(s.byFund.map(({ key: _key, ...l }: { key: string }) => l)).toEqual(
      [
        { ...line('', 'Fonds d’aide facultative du CCAS', [6, 3, 1, 360_00, 200_00]), key: undefined },
        { ...line('', 'Fonds local d’aide aux jeunes', [3, 3, 0, 280_00, 230_00]), key: undefined },
      ].map(({ key: _key, ...l }) => l),
    )
    expect(s.byAid.map(({ key: _key, ...l }: { key: string }) => l)).toEqual(
      [
        line('', 'FLAJ — subsistance', [2, 2, 0, 200_00, 150_00]),
        line('', 'FLAJ — transport', [1, 1, 0, 80_00, 80_00]),
        line('', 'Secours d’urgence', [6, 3, 1, 360_00, 200_00]),
      ].map(({ key: _key, ...l }) => l),
    )
    expect(s.byTeam).toEqual([
      line(org.teamId, 'Accueil social', [8, 5, 0, 580_00, 430_00]),
      line('none', 'Sans équipe', [1, 1, 1, 60_00, 0]),
    ])
    expect(s.byMonth).toEqual([
      line('2026-01', '2026-01', [1, 2, 0, 260_00, 200_00]),
      line('2026-02', '2026-02', [1, 1, 0, 100_00, 0]),
      line('2026-03', '2026-03', [2, 0, 1, 0, 0]),
      line('2026-04', '2026-04', [2, 1, 0, 150_00, 150_00]),
      line('2026-05', '2026-05', [1, 2, 0, 130_00, 80_00]),
      line('2026-06', '2026-06', [2, 0, 0, 0, 0]),
    ])
    expect(s.refusalsByMotif.filter((m: { count: number }) => m.count > 0)).toEqual([
      { key: 'sufficient_remaining', label: 'Reste à vivre suffisant', count: 1 },
    ])
    expect(s.refusalsByMotif).toHaveLength(7)
    // Waits of 1, 3, 5, 7, 14, 20 and 30 days.
    expect(s.daysToDecision).toEqual({ decided: 7, median: 7, p90: 30 })
    expect(s.flaj).toEqual({
      fund: 'Fonds local d’aide aux jeunes',
      youthsHelped: 2,
      grants: 3,
      grantedCents: 280_00,
      paidCents: 230_00,
      byPurpose: [
        { key: expect.any(String), label: 'FLAJ — subsistance', youths: 1, grants: 2, grantedCents: 200_00 },
        { key: expect.any(String), label: 'FLAJ — transport', youths: 1, grants: 1, grantedCents: 80_00 },
      ],
    })
    expect(response.body).not.toMatch(/Demandeur|Camille/)
  })

  it('exports the same figures as CSV and XLSX', async () => {
    const csv = await analyst.get(`/api/aid-statistics/file?${period}&format=csv`)
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.headers['content-disposition']).toContain('statistiques-aides-2026-01-01-2026-06-30.csv')
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][]
    expect(rows[0]).toEqual([
      'Rubrique',
      'Ligne',
      'Demandes',
      'Accords',
      'Refus',
      'Montant accordé',
      'Montant versé',
    ])
    expect(rows[1]).toEqual(['Total', 'Du 01/01/2026 au 30/06/2026', '9', '6', '1', '640,00 €', '430,00 €'])
    expect(rows).toContainEqual(['Foyers aidés', 'Foyers ayant reçu au moins une aide', '4', '', '', '', ''])
    expect(rows).toContainEqual(['Délai de décision (jours)', '90e centile', '30', '', '', '', ''])
    expect(rows).toContainEqual(['FLAJ', 'Jeunes aidés', '2', '3', '', '280,00 €', '230,00 €'])
    expect(rows).toContainEqual(['FLAJ par objet', 'FLAJ — transport', '1', '1', '', '80,00 €', ''])

    const xlsx = await analyst.get(`/api/aid-statistics/file?${period}&format=xlsx`)
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Total',
      'Du 01/01/2026 au 30/06/2026',
      9,
      6,
      1,
      640,
      430,
    ])
  })

  it('refuses those who read no aggregate, and bad periods with a French message', async () => {
    expect((await frontDesk.get(`/api/aid-statistics?${period}`)).statusCode).toBe(403)
    const reversed = await analyst.get('/api/aid-statistics?from=2026-06-30&to=2026-01-01')
    expect(reversed.statusCode).toBe(400)
    expect(reversed.json().errors[0]).toMatchObject({
      path: 'from',
      message: 'La date de début doit précéder la date de fin.',
    })
  })
})
