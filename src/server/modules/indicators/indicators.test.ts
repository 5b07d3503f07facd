import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createBarePerson,
  createOrganisation,
  createTeams,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import type { IndicatorCatalogue, IndicatorTable } from '../../../shared/indicators.ts'

let ctx: TestContext
let director: ApiClient
let analyst: ApiClient
let administrator: ApiClient
let org: Awaited<ReturnType<typeof createOrganisation>>
let southSiteId: string
let seniorsLineId: string
let parcelReasonId: string
const year = 'from=2026-01-01&to=2026-12-31'

/**
 * A small world: the social desk (north site) received five contacts of four files, two of them the
 * same person whose files were merged afterwards, two of them one household; the confidential PAEJ
 * (south site) received two young people; the seniors line took seven anonymous calls, two of them
 * parcel registrations.
 */
beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  const south = await ctx.db
    .insertInto('sites')
    .values({ organisation_id: org.id, name: 'Centre Sud' })
    .returning('id')
    .executeTakeFirstOrThrow()
  southSiteId = south.id
  seniorsLineId = (await createTeams(ctx, org, ['Ligne seniors']))[0]!
  const reasons = await ctx.db
    .insertInto('contact_reasons')
    .values([
      { organisation_id: org.id, label: 'Inscription aux colis' },
      { organisation_id: org.id, label: 'Isolement' },
    ])
    .returning('id')
    .execute()
  parcelReasonId = reasons[0]!.id
  const isolationId = reasons[1]!.id
  const directorUser = await createUser(ctx, org.id, { roles: ['director'], totp: true })
  director = await signedIn(ctx, directorUser)
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
  administrator = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))

  const person = (lastName: string) => createBarePerson(ctx.db, org.id, { lastName })
  const [mother, son, alone, aloneDuplicate, youthA, youthB] = [
    await person('Mèreville'),
    await person('Filsville'),
    await person('Seulet'),
    await person('Seulet'),
    await person('Jeunot'),
    await person('Jeunette'),
  ]
  const household = await ctx.db
    .insertInto('households')
    .values({ organisation_id: org.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  await ctx.db
    .insertInto('household_members')
    .values([
      { organisation_id: org.id, household_id: household.id, person_id: mother, relationship: 'self' },
      { organisation_id: org.id, household_id: household.id, person_id: son, relationship: 'child' },
    ])
    .execute()
  const contact = async (body: Record<string, unknown>) => {
    const response = await director.post('/api/contacts', { channel: 'walk_in', ...body })
    expect(response.statusCode, response.body).toBe(201)
  }
  const at = (day: string) => `${day}T10:00:00+01:00`
  for (const personId of [mother, son, alone, aloneDuplicate, alone]) {
    await contact({ personId, siteId: org.siteId, teamId: org.teamId, occurredAt: at('2026-03-02') })
  }
  await contact({ siteId: org.siteId, teamId: org.teamId, occurredAt: at('2026-03-03') })
  for (const personId of [youthA, youthB]) {
    await contact({
      personId,
      siteId: southSiteId,
      teamId: org.confidentialTeamId,
      occurredAt: at('2026-04-01'),
    })
  }
  for (let i = 0; i < 7; i++) {
    await contact({
      channel: 'phone',
      siteId: org.siteId,
      teamId: seniorsLineId,
      occurredAt: at('2026-05-04'),
      reasonIds: i < 2 ? [parcelReasonId, isolationId] : [isolationId],
    })
  }
  // A contact of last year never counts in this one.
  await contact({ personId: mother, siteId: org.siteId, teamId: org.teamId, occurredAt: at('2025-12-31') })
  const merged = await director.post(`/api/people/${alone}/merge`, { mergedPersonId: aloneDuplicate })
  expect(merged.statusCode, merged.body).toBe(200)

  // Another organisation's contacts never count.
  const other = await createOrganisation(ctx, 'CCAS voisin')
  const otherDirector = await signedIn(
    ctx,
    await createUser(ctx, other.id, { roles: ['director'], totp: true }),
  )
  const otherContact = await otherDirector.post('/api/contacts', {
    channel: 'walk_in',
    siteId: other.siteId,
    teamId: other.teamId,
    occurredAt: at('2026-03-02'),
  })
  expect(otherContact.statusCode).toBe(201)
})
afterAll(() => ctx?.close())

async function indicator(client: ApiClient, id: string, query = year) {
  const response = await client.get(`/api/indicators/${id}?${query}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json() as IndicatorTable
}
const cells = (table: IndicatorTable) =>
  Object.fromEntries(table.rows.map((row) => [row.labels.join(' / '), row.count ?? `< ${row.below}`]))

describe('the catalogue', () => {
  it('lists every indicator with its French name, description, filters and dimensions', async () => {
    const response = await analyst.get('/api/indicators')
    expect(response.statusCode).toBe(200)
    const catalogue = response.json() as IndicatorCatalogue
    const ids = catalogue.indicators.map((i) => i.id)
    for (const id of [
      'frontdesk.passages-by-team',
      'frontdesk.distinct-persons-by-site',
      'frontdesk.distinct-households-by-site',
      'frontdesk.contacts-excluding-reason',
      'outreach.census-by-sex-and-age-band',
      'outreach.incomplete-rights-families-by-site',
      'outreach.incomplete-rights-families-by-partner',
      'network.needs-met-by-kind',
      'register.size-by-month',
      'followup.records-opened-by-type',
      'aid.requests-by-aid',
      'domiciliation.in-force-by-sex',
      'accommodation.stays-by-structure',
    ]) {
      expect(ids).toContain(id)
    }
    const passages = catalogue.indicators.find((i) => i.id === 'frontdesk.passages-by-team')!
    expect(passages).toMatchObject({ name: 'Passages par équipe', filters: ['period', 'site', 'team'] })
    // The analyst is outside the confidential team: it is not offered as a filter.
    expect(catalogue.options.teams.map((t) => t.label)).toEqual(['Accueil social', 'Ligne seniors'])
    expect(catalogue.smallCells).toEqual({ threshold: 5, applies: true })
  })

  it('answers 404 for an indicator not in the catalogue and 400 for a reversed period', async () => {
    expect((await analyst.get(`/api/indicators/nothing.here?${year}`)).statusCode).toBe(404)
    const reversed = await analyst.get(
      '/api/indicators/frontdesk.passages-by-team?from=2026-12-31&to=2026-01-01',
    )
    expect(reversed.statusCode).toBe(400)
    expect(reversed.json().code).toBe('VALIDATION_FAILED')
  })
})

describe('front desk figures', () => {
  it('counts passages per team, the confidential team counted under no name', async () => {
    const asDirector = await indicator(director, 'frontdesk.passages-by-team')
    expect(asDirector.total).toEqual({ count: 15 })
    expect(cells(asDirector)).toEqual({ 'Accueil social': 6, PAEJ: 2, 'Ligne seniors': 7 })
    const asAnalyst = await indicator(analyst, 'frontdesk.passages-by-team')
    expect(asAnalyst.total).toEqual({ count: 15 })
    // Two passages: a small cell, and the team is not named.
    expect(cells(asAnalyst)).toEqual({
      'Accueil social': 6,
      'Équipe confidentielle': '< 5',
      'Ligne seniors': 7,
    })
    expect(JSON.stringify(asAnalyst)).not.toContain('PAEJ')
    expect(JSON.stringify(asAnalyst)).not.toContain(org.confidentialTeamId)
  })

  it('counts distinct persons per site, merged files once, and distinct households', async () => {
    const persons = await indicator(director, 'frontdesk.distinct-persons-by-site')
    // Mother, son, and the person whose two files were merged: three on the north site.
    expect(cells(persons)).toEqual({ 'Site principal': 3, 'Centre Sud': 2 })
    expect(persons.total).toEqual({ count: 5 })
    const households = await indicator(director, 'frontdesk.distinct-households-by-site')
    // Mother and son are one household; the merged person on their own is another.
    expect(cells(households)).toEqual({ 'Site principal': 2, 'Centre Sud': 2 })
    expect(households.total).toEqual({ count: 4 })
    const southOnly = await indicator(
      director,
      'frontdesk.distinct-households-by-site',
      `${year}&siteId=${southSiteId}`,
    )
    expect(southOnly.total).toEqual({ count: 2 })
  })

  it('counts the seniors line calls with a reason left out', async () => {
    const all = await indicator(
      director,
      'frontdesk.contacts-excluding-reason',
      `${year}&teamId=${seniorsLineId}`,
    )
    expect(all.total).toEqual({ count: 7 })
    const withoutParcels = await indicator(
      director,
      'frontdesk.contacts-excluding-reason',
      `${year}&teamId=${seniorsLineId}&excludedReasonId=${parcelReasonId}`,
    )
    expect(withoutParcels.total).toEqual({ count: 5 })
    expect(cells(withoutParcels)).toEqual({ 'Ligne seniors': 5 })
  })

  it('refuses a confidential team as a filter to a reader outside it', async () => {
    const response = await analyst.get(
      `/api/indicators/frontdesk.passages-by-team?${year}&teamId=${org.confidentialTeamId}`,
    )
    expect(response.statusCode).toBe(400)
    expect(response.json().code).toBe('VALIDATION_FAILED')
  })
})

describe('small cells', () => {
  it('follow the organisation’s threshold, set by the administrator', async () => {
    expect((await analyst.put('/api/indicators/settings', { smallCellThreshold: 3 })).statusCode).toBe(403)
    const saved = await administrator.put('/api/indicators/settings', { smallCellThreshold: 3 })
    expect(saved.statusCode, saved.body).toBe(200)
    const persons = await indicator(analyst, 'frontdesk.distinct-persons-by-site')
    expect(cells(persons)).toEqual({ 'Site principal': 3, 'Centre Sud': '< 3' })
    expect((await administrator.put('/api/indicators/settings', { smallCellThreshold: 1 })).statusCode).toBe(
      400,
    )
    expect((await administrator.put('/api/indicators/settings', { smallCellThreshold: 5 })).statusCode).toBe(
      200,
    )
  })

  it('show as « < 5 » in the CSV and XLSX an analyst exports', async () => {
    const csv = await analyst.get(
      `/api/indicators/frontdesk.distinct-households-by-site/file?${year}&format=csv`,
    )
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][]
    expect(rows).toEqual([
      ['Site', 'Nombre'],
      ['Centre Sud', '< 5'],
      ['Site principal', '< 5'],
      ['Total', '< 5'],
    ])
    const xlsx = await analyst.get(`/api/indicators/frontdesk.passages-by-team/file?${year}&format=xlsx`)
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    const values: unknown[][] = []
    sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)))
    expect(values[0]).toEqual(['Passages par équipe'])
    expect(values).toContainEqual(['Équipe', 'Nombre'])
    expect(values).toContainEqual(['Accueil social', 6])
    expect(values).toContainEqual(['Équipe confidentielle', '< 5'])
    expect(values).toContainEqual(['Total', 15])
    expect(JSON.stringify(values)).not.toContain('PAEJ')
  })
  it('leaves an audit row for each reading, each download and each change of the threshold', async () => {
    const before = new Date()
    await indicator(analyst, 'frontdesk.passages-by-team')
    const file = await analyst.get(`/api/indicators/frontdesk.passages-by-team/file?${year}&format=csv`)
    expect(file.statusCode).toBe(200)
    expect((await administrator.put('/api/indicators/settings', { smallCellThreshold: 5 })).statusCode).toBe(
      200,
    )
    const rows = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'details', 'person_id'])
      .where('entity_type', '=', 'indicator')
      .where('at', '>=', before)
      .orderBy('at')
      .orderBy('id')
      .execute()
    expect(rows.map((row) => row.action)).toEqual([
      'indicator.read',
      'indicator.export',
      'indicator.settings_update',
    ])
    const details = (row: (typeof rows)[number]) =>
      typeof row.details === 'string' ? JSON.parse(row.details) : row.details
    expect(details(rows[1]!)).toMatchObject({ indicator: 'frontdesk.passages-by-team', format: 'csv' })
    expect(rows.every((row) => row.person_id === null)).toBe(true)
  })
})

describe('the dashboard', () => {
  it('keeps each user’s indicators with their filters', async () => {
    expect((await analyst.get('/api/indicators/dashboard')).json()).toEqual({ items: [] })
    const items = [
      {
        indicatorId: 'frontdesk.passages-by-team',
        query: { from: '2026-01-01', to: '2026-12-31' },
        chart: 'bar',
      },
      {
        indicatorId: 'frontdesk.contacts-excluding-reason',
        query: {
          from: '2026-01-01',
          to: '2026-12-31',
          teamId: seniorsLineId,
          excludedReasonId: parcelReasonId,
        },
        chart: 'bar',
      },
    ]
    const saved = await analyst.put('/api/indicators/dashboard', { items })
    expect(saved.statusCode, saved.body).toBe(200)
    expect((await analyst.get('/api/indicators/dashboard')).json()).toEqual({ items })
    // The director's own dashboard is untouched.
    expect((await director.get('/api/indicators/dashboard')).json()).toEqual({ items: [] })
  })

  it('refuses an unknown indicator, nothing saved', async () => {
    const response = await analyst.put('/api/indicators/dashboard', {
      items: [{ indicatorId: 'nothing.here', query: { from: '2026-01-01', to: '2026-12-31' } }],
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors[0].path).toBe('items.0.indicatorId')
    expect((await analyst.get('/api/indicators/dashboard')).json().items).toHaveLength(2)
  })
})
