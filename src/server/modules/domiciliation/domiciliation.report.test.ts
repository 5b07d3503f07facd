import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { multipartBody } from '../../../../tests/support/multipart.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { DomiciliationImport, DomiciliationReport } from '../../../shared/domiciliation-domifa.ts'
import { type DomifaLine, domifaWorkbook } from './domiciliation.import.test-files.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let analyst: ApiClient
let otherOrg: ApiClient

const frenchDay = (iso: string) => iso.split('-').reverse().join('/')
const today = todayInFrance()

const lines: DomifaLine[] = [
  {
    customId: 'A-1',
    civility: 'F',
    lastName: 'Rivière',
    firstNames: 'Élodie',
    birthDate: '29/02/1984',
    status: 'VALIDE',
    kind: 'PREMIERE',
    startOn: '01/03/2025',
    lastContactOn: '15/09/2025',
    linkWithCommune: 'Résidence',
    beneficiaries: [['Rivière', 'Tom', '12/05/2015', 'ENFANT']],
  },
  {
    customId: 'A-2',
    civility: 'H',
    lastName: 'Martin',
    firstNames: 'Paul',
    birthDate: '03/07/1970',
    status: 'REFUS',
    refusalMotif: 'LIEN_COMMUNE',
    startOn: '10/01/2025',
  },
  {
    customId: 'A-3',
    civility: 'H',
    lastName: 'Bernard',
    firstNames: 'Luc',
    birthDate: '02/11/1966',
    status: 'RADIE',
    radiationMotif: 'ENTREE_LOGEMENT',
    kind: 'RENOUVELLEMENT',
    startOn: '01/02/2024',
    endOn: '30/06/2025',
  },
  {
    customId: 'A-4',
    civility: 'F',
    lastName: 'Leroy',
    firstNames: 'Nora',
    birthDate: '10/10/2010',
    status: 'VALIDE',
    kind: 'RENOUVELLEMENT',
    startOn: '15/06/2025',
  },
  {
    // In force today: started this year's first day of the month 9 months ago at most.
    customId: 'A-5',
    lastName: '=Formule',
    firstNames: 'Sam',
    birthDate: '01/01/1960',
    status: 'VALIDE',
    kind: 'PREMIERE',
    startOn: frenchDay(addDays(today, -30)),
  },
]

async function importFile(client: ApiClient, content: Buffer) {
  const { payload, headers } = multipartBody({}, { name: 'domifa.xlsx', content })
  const preview = (await client.request('POST', '/api/domiciliation-imports', payload, headers)).json()
  if (preview.status !== 'valid') return preview as DomiciliationImport
  await client.post(`/api/domiciliation-imports/${preview.id}/start`, {})
  for (;;) {
    const view = (await client.get(`/api/domiciliation-imports/${preview.id}`)).json() as DomiciliationImport
    if (view.status !== 'importing') return view
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function readXlsx(body: Buffer) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(body as never)
  const rows: string[][] = []
  workbook.worksheets[0]!.eachRow((row) => {
    rows.push(
      Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v))),
    )
  })
  return rows
}

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
  const orgB = await createOrganisation(ctx, 'CCAS B')
  otherOrg = await signedIn(ctx, await createUser(ctx, orgB.id, { roles: ['director'], totp: true }))
  expect(await importFile(worker, await domifaWorkbook(lines))).toMatchObject({ status: 'done' })

  // Mail of Élodie: what was closed in 2025 (in France's time) counts, whenever it came.
  const elodie = await ctx.db
    .selectFrom('domiciliations')
    .select('person_id')
    .where('external_ref', '=', 'A-1')
    .executeTakeFirstOrThrow()
  const mail = (
    received: string,
    status: 'waiting' | 'handed_over' | 'forwarded' | 'returned',
    closed?: string,
  ) => ({
    organisation_id: org.id,
    person_id: elodie.person_id,
    kind: 'letter' as const,
    received_at: new Date(received),
    status,
    closed_at: closed ? new Date(closed) : null,
  })
  await ctx.db
    .insertInto('mail_items')
    .values([
      mail('2025-03-10T09:00:00Z', 'handed_over', '2025-03-12T10:00:00Z'),
      mail('2025-04-10T09:00:00Z', 'returned', '2025-05-01T10:00:00Z'),
      mail('2025-12-20T09:00:00Z', 'waiting'),
      mail('2024-12-30T09:00:00Z', 'forwarded', '2025-01-02T10:00:00Z'),
      // Closed on 1 January 2026 at 00:30 in Paris: next year's.
      mail('2025-12-31T20:00:00Z', 'handed_over', '2025-12-31T23:30:00Z'),
    ])
    .execute()
})
afterAll(async () => {
  await ctx?.close()
})

describe('the yearly activity report', () => {
  const expected2025 = {
    year: 2025,
    inForce: 2,
    beneficiariesInForce: 1,
    firstGranted: 1,
    renewals: 1,
    refusals: 1,
    radiations: 1,
    mailReceived: 4,
    mailHandled: 3,
  }

  it('counts the year: in force on 31 December, decisions by motif, people by sex and age, mail', async () => {
    const response = await analyst.get('/api/domiciliation-report?year=2025')
    expect(response.statusCode, response.body).toBe(200)
    const report = response.json() as DomiciliationReport
    expect(report).toMatchObject(expected2025)
    const byKey = (lines: { key: string; count: number }[]) =>
      Object.fromEntries(lines.filter((l) => l.count > 0).map((l) => [l.key, l.count]))
    expect(byKey(report.refusalsByMotif)).toEqual({ no_link_with_commune: 1 })
    expect(byKey(report.radiationsByMotif)).toEqual({ housed: 1 })
    expect(byKey(report.bySex)).toEqual({ female: 2 })
    // Élodie is 41 on 31/12/2025, Nora 15.
    expect(byKey(report.byAgeBand)).toEqual({ '35_49': 1, under_18: 1 })
    expect(byKey(report.mailHandledByOutcome)).toEqual({ handed_over: 1, forwarded: 1, returned: 1 })
    // Counts only: no name anywhere.
    expect(response.body).not.toMatch(/Rivière|Leroy|Martin/)

    // Another organisation counts its own (none).
    expect((await otherOrg.get('/api/domiciliation-report?year=2025')).json()).toMatchObject({
      inForce: 0,
      refusals: 0,
      mailReceived: 0,
    })
    expect((await analyst.get('/api/domiciliation-report?year=1999')).statusCode).toBe(400)
  })

  it('gives the same figures as CSV and XLSX files', async () => {
    const csv = await analyst.get('/api/domiciliation-report/file?year=2025&format=csv')
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.headers['content-disposition']).toContain('rapport-domiciliation-2025.csv')
    const rows = parse(csv.body, { bom: true, delimiter: ';' }) as string[][]
    expect(rows[0]).toEqual(['Rubrique', 'Ligne', 'Nombre (2025)'])
    const value = (table: string[][], label: string) => table.find((r) => r[1] === label)?.[2]
    expect(value(rows, 'Personnes domiciliées au 31 décembre')).toBe('2')
    expect(value(rows, 'Absence de lien avec la commune')).toBe('1')
    expect(value(rows, 'Accès à un logement')).toBe('1')
    expect(value(rows, 'Courriers traités')).toBe('3')
    expect(value(rows, 'Moins de 18 ans')).toBe('1')

    const xlsx = await analyst.get('/api/domiciliation-report/file?year=2025&format=xlsx')
    expect(xlsx.statusCode).toBe(200)
    const sheet = await readXlsx(xlsx.rawPayload)
    expect(sheet[0]).toEqual(['Rubrique', 'Ligne', 'Nombre (2025)'])
    expect(value(sheet, 'Premières domiciliations accordées')).toBe('1')
    expect(value(sheet, 'Renouvellements accordés')).toBe('1')
    expect(value(sheet, 'Femme')).toBe('2')
    expect(sheet.length).toBe(rows.length)
  })
})

describe('the export of the domiciled people', () => {
  it('lists those in force today as CSV, formulas neutralised', async () => {
    const response = await worker.get('/api/domiciliation-export?format=csv')
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toContain('text/csv')
    const rows = parse(response.body, { bom: true, delimiter: ';' }) as string[][]
    expect(rows[0]!.slice(0, 4)).toEqual(['Identifiant personnalisé', 'Civilité', 'Nom', 'Prénom'])
    expect(rows.slice(1).map((r) => [r[0], r[2], r[3], r[9]])).toEqual([
      ['A-5', "'=Formule", 'Sam', 'VALIDE'],
    ])
  })

  it('lists a status as XLSX in DomiFa’s layout, which another Trame imports back', async () => {
    const response = await worker.get('/api/domiciliation-export?status=granted&format=xlsx')
    expect(response.statusCode).toBe(200)
    const sheet = await readXlsx(response.rawPayload)
    const byId = new Map(sheet.slice(1).map((r) => [r[0], r]))
    expect([...byId.keys()].sort()).toEqual(['A-1', 'A-4', 'A-5'])
    const elodie = byId.get('A-1')!
    expect(elodie.slice(0, 17)).toEqual([
      'A-1',
      'F',
      'Rivière',
      'Élodie',
      '',
      '29/02/1984',
      '',
      '',
      '',
      'VALIDE',
      '',
      '',
      'PREMIERE',
      '01/03/2025',
      '28/02/2026',
      '01/03/2025',
      '15/09/2025',
    ])
    expect(elodie[22]).toBe('Résidence')
    expect(elodie.slice(33, 37)).toEqual(['Rivière', 'Tom', '12/05/2015', 'ENFANT'])

    // The file goes into another organisation as it is.
    const reimported = await importFile(otherOrg, response.rawPayload)
    expect(reimported).toMatchObject({ status: 'done', processedRows: 3, createdPeople: 4 })

    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['details', 'person_ids'])
      .where('action', '=', 'domiciliation.export')
      .where('organisation_id', '=', org.id)
      .execute()
    audit.sort((a, b) => JSON.stringify(a.details).localeCompare(JSON.stringify(b.details)))
    expect(audit.map((a) => a.details)).toEqual([
      { count: 1, format: 'csv', status: 'in_force' },
      { count: 3, format: 'xlsx', status: 'granted' },
    ])
    expect(audit[1]!.person_ids).toHaveLength(3)
  })

  it('is for those who import, not for the analyst', async () => {
    expect((await analyst.get('/api/domiciliation-export')).statusCode).toBe(403)
  })
})
