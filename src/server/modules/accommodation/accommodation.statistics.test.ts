import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertScriptedStays, SEED_2017 } from '../../../../scripts/demo/accommodation-statistics.ts'
import {
  type ApiClient,
  createBarePerson,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import type { AccommodationStatistics } from '../../../shared/accommodation-statistics.ts'
import { createAdmissionRequest } from './accommodation.test-factories.ts'

let ctx: TestContext
let analyst: ApiClient
let frontDesk: ApiClient
let structureIds: Awaited<ReturnType<typeof insertScriptedStays>>['structureIds']
const year2017 = 'from=2017-01-01&to=2017-12-31'

beforeAll(async () => {
  ctx = await createTestContext()
  const org = await createOrganisation(ctx)
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
  frontDesk = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['front_desk_agent'] }))
  // The seed's year, people named so that a name leaking into the figures would show.
  ;({ structureIds } = await insertScriptedStays(ctx.db, org.id, (key) =>
    createBarePerson(ctx.db, org.id, { lastName: `Hébergé${key}` }),
  ))
  // Two admission requests refused in 2017 and one in 2018, to the LHSS.
  const refused = async (receivedOn: string, motif: 'no_place' | 'medical_unfavourable') => {
    const id = await createAdmissionRequest(ctx.db, org.id, {
      structureId: structureIds.lhss,
      personId: await createBarePerson(ctx.db, org.id, { lastName: 'Refusé' }),
      status: 'refused',
      receivedOn,
    })
    await ctx.db
      .updateTable('accommodation_requests')
      .set({ refused_on: receivedOn, refusal_motif: motif })
      .where('id', '=', id)
      .execute()
  }
  await refused('2017-03-01', 'no_place')
  await refused('2017-08-01', 'medical_unfavourable')
  await refused('2018-01-10', 'no_place')
  // Another organisation's stays never count.
  const other = await createOrganisation(ctx, 'CCAS voisin')
  await insertScriptedStays(ctx.db, other.id, () => createBarePerson(ctx.db, other.id))
})
afterAll(() => ctx?.close())

async function statistics(query: string) {
  const response = await analyst.get(`/api/accommodation-statistics?${query}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json() as AccommodationStatistics
}

describe('the seed’s four figures, one filter away', () => {
  it('211 emergency CHRS stays in 2017, counting those across the new years', async () => {
    const s = await statistics(`${year2017}&kind=chrs_emergency`)
    expect(s.totals.present).toBe(SEED_2017.emergencyStays)
    expect(s.totals).toMatchObject({ present: 211, started: 206, ended: 205, ongoing: 6 })
    expect(s.byStructure.map((b) => b.name)).toEqual(['CHRS Le Relais – urgence'])
  })

  it('49 CHRS stays in 2017', async () => {
    const s = await statistics(`${year2017}&structureId=${structureIds.reintegration}`)
    expect(s.totals.present).toBe(SEED_2017.reintegrationStays)
    expect(s.totals.beneficiaries).toBe(49)
  })

  it('6 LHSS beneficiaries in 2017 and an average stay of 68 days (checked by hand)', async () => {
    const s = await statistics(`${year2017}&kind=lhss`)
    expect(s.totals).toMatchObject({
      present: 7,
      started: 6,
      ended: 5,
      ongoing: 2,
      beneficiaries: SEED_2017.lhssBeneficiaries,
      averageDays: SEED_2017.lhssAverageDays,
      medianDays: SEED_2017.lhssMedianDays,
    })
  })

  it('counts a stay across a year boundary in each year it touches', async () => {
    const lhss2016 = await statistics(`from=2016-01-01&to=2016-12-31&kind=lhss`)
    // L7 (March–May) and L1 (from 15 November into 2017); only L7 completed: 61 days.
    expect(lhss2016.totals).toMatchObject({ present: 2, ended: 1, ongoing: 1, averageDays: 61 })
    const emergency2016 = await statistics(`from=2016-01-01&to=2016-12-31&kind=chrs_emergency`)
    expect(emergency2016.totals.present).toBe(9)
    const emergency2018 = await statistics(`from=2018-01-01&to=2018-12-31&kind=chrs_emergency`)
    expect(emergency2018.totals.present).toBe(9)
  })
})

describe('the rest of a year’s figures', () => {
  it('occupancy of the LHSS in 2017: 366 nights occupied of 6 × 365 available', async () => {
    const s = await statistics(`${year2017}&kind=lhss`)
    // 13 (L1 from 1 January) + 60 + 100 + 60 + 60 + 42 (L6 from 20 November) + 31 (L2 in December)
    expect(s.totals).toMatchObject({ occupiedNights: 366, availableNights: 2190, occupancyRate: 0.1671 })
  })

  it('gives every structure and kind of the organisation, exits by destination and refusals by motif', async () => {
    const s = await statistics(year2017)
    expect(s.totals.present).toBe(211 + 49 + 7)
    expect(s.byKind.map((k) => [k.kind, k.present])).toEqual([
      ['chrs_emergency', 211],
      ['chrs_reintegration', 49],
      ['lhss', 7],
    ])
    expect(s.byStructure).toHaveLength(3)
    const lhss = await statistics(`${year2017}&kind=lhss`)
    const exits = Object.fromEntries(lhss.exitsByDestination.map((e) => [e.key, e.count]))
    expect(exits).toMatchObject({ other_shelter: 2, supported_housing: 1, hospital_or_care: 1, family: 1 })
    expect(lhss.exitsByDestination.reduce((sum, e) => sum + e.count, 0)).toBe(5)
    const refusals = Object.fromEntries(lhss.refusalsByMotif.map((r) => [r.key, r.count]))
    expect(refusals).toMatchObject({ no_place: 1, medical_unfavourable: 1, not_eligible: 0 })
  })

  it('never shows a name', async () => {
    const response = await analyst.get(`/api/accommodation-statistics?${year2017}`)
    expect(response.body).not.toMatch(/Hébergé|Refusé/)
  })
})

describe('files', () => {
  it('the same figures as CSV, read back', async () => {
    const csv = await analyst.get(`/api/accommodation-statistics/file?${year2017}&format=csv`)
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.headers['content-disposition']).toContain('statistiques-hebergement-2017-01-01-2017-12-31.csv')
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][]
    expect(rows[0]).toContain('Durée moyenne (jours)')
    const lhss = rows.find((r) => r[0] === 'Par type de structure' && r[1]?.startsWith('Lits halte'))
    expect(lhss?.slice(2, 9)).toEqual(['7', '6', '5', '2', '6', '68', '60'])
    expect(lhss?.[11]).toBe('16,7 %')
    expect(csv.body).not.toMatch(/Hébergé/)
  })

  it('as XLSX, read back', async () => {
    const xlsx = await analyst.get(`/api/accommodation-statistics/file?${year2017}&format=xlsx`)
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Hébergement')!
    const values = sheet
      .getSheetValues()
      .filter((r) => Array.isArray(r))
      .map((r) => r.slice(1))
    const emergency = values.find(
      (r) => r[0] === 'Par type de structure' && String(r[1]).startsWith('CHRS – héb'),
    )
    expect(emergency?.[2]).toBe(211)
  })
})

describe('refusals', () => {
  it('a reversed period or an unknown kind is a field error in French', async () => {
    const reversed = await analyst.get('/api/accommodation-statistics?from=2017-12-31&to=2017-01-01')
    expect(reversed.statusCode).toBe(400)
    expect(reversed.json().errors[0].message).toBe('La date de début doit précéder la date de fin.')
    const kind = await analyst.get(`/api/accommodation-statistics?${year2017}&kind=hotel`)
    expect(kind.statusCode).toBe(400)
    expect(kind.json().errors[0].message).toBe('Type de structure inconnu.')
  })

  it('refuses those who do not read indicators', async () => {
    expect((await frontDesk.get(`/api/accommodation-statistics?${year2017}`)).statusCode).toBe(403)
  })
})
