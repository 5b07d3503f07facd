import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { Role } from '../../../shared/roles.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let director: ApiClient
let desk: ApiClient
let worker: ApiClient
const today = todayInFrance()
const year = Number(today.slice(0, 4))

// biome-ignore lint/suspicious/noExplicitAny: answers read as JSON, checked field by field
const ok = async (response: { statusCode: number; body: string; json: () => any }, status = 200) => {
  expect(response.statusCode, response.body).toBe(status)
  return response.json()
}

const pdfText = async (response: { rawPayload: Buffer }) =>
  (await new PDFParse({ data: new Uint8Array(response.rawPayload) }).getText()).text.replace(
    /[\s\u00a0\u202f]+/g,
    ' ',
  )

const person = async (body: Record<string, unknown>) =>
  (await ok(await worker.post('/api/people', { teamId: org.teamId, ...body }), 201)).id as string

const parcels = {
  label: 'Colis de fin d’année',
  opensOn: addDays(today, -20),
  closesOn: addDays(today, 10),
  distributionOn: `${year}-12-20`,
  minAge: 65,
  residenceRequired: true,
  quotientCeilingCents: 90_000,
}

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  const user = (roles: Role[]) =>
    createUser(ctx, org.id, { roles, teamIds: [org.teamId], totp: roles.includes('director') })
  director = await signedIn(ctx, await user(['director']))
  desk = await signedIn(ctx, await user(['front_desk_agent']))
  worker = await signedIn(ctx, await user(['social_worker']))
})
afterAll(() => ctx?.close())

describe('a seasonal campaign, from registration to distribution', () => {
  let campaignId: string
  let senior: string
  let young: string
  let unknownAge: string

  it('lets the direction set a campaign, and refuses a closing day before the opening', async () => {
    const bad = await director.post('/api/aid-campaigns', { ...parcels, closesOn: addDays(today, -30) })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0]).toMatchObject({
      path: 'closesOn',
      message: 'La clôture des inscriptions ne peut pas précéder leur ouverture.',
    })
    expect((await desk.post('/api/aid-campaigns', parcels)).statusCode).toBe(403)
    const campaign = await ok(await director.post('/api/aid-campaigns', parcels), 201)
    expect(campaign).toMatchObject({ label: 'Colis de fin d’année', status: 'open', minAge: 65 })
    expect(campaign.counts).toMatchObject({ registered: 0, received: 0, cancelled: 0 })
    campaignId = campaign.id
  })

  it('registers from the desk and the seniors line, with eligibility gaps as warnings, never a refusal', async () => {
    senior = await person({
      lastName: 'Aubry',
      firstNames: 'Jeanne',
      birthDate: '1948-03-02',
      address: '4 rue des Lilas',
      postalCode: '02100',
      city: 'Saint-Quentin',
      phone: '03 23 00 00 01',
      resources: [{ kind: 'pension', monthlyCents: 80_000 }],
    })
    await ok(
      await worker.post('/api/households', {
        members: [{ personId: senior, relationship: 'head' }],
        address: '4 rue des Lilas',
      }),
      201,
    )
    young = await person({ lastName: 'Bastien', firstNames: 'Marc', birthDate: `${year - 40}-06-01` })
    unknownAge = await person({ lastName: 'Carré', firstNames: 'Lucie' })

    const first = await ok(
      await desk.post(`/api/aid-campaigns/${campaignId}/registrations`, {
        personId: senior,
        channel: 'front_desk',
        resident: true,
      }),
      201,
    )
    expect(first).toMatchObject({
      displayName: 'AUBRY Jeanne',
      channel: 'front_desk',
      status: 'registered',
      registeredOn: today,
      warnings: [],
    })
    const under = await ok(
      await desk.post(`/api/aid-campaigns/${campaignId}/registrations`, {
        personId: young,
        channel: 'seniors_line',
      }),
      201,
    )
    expect(under.warnings.map((w: { code: string }) => w.code)).toEqual([
      'AID_AGE_RANGE',
      'AID_RESIDENCE',
      'AID_QUOTIENT_UNKNOWN',
    ])
    expect(under.warnings[0].message).toBe(
      'La personne a 40 ans : cette aide est réservée aux personnes à partir de 65 ans.',
    )
    const unknown = await ok(
      await worker.post(`/api/aid-campaigns/${campaignId}/registrations`, {
        personId: unknownAge,
        channel: 'seniors_line',
        registeredOn: addDays(today, -2),
      }),
      201,
    )
    expect(unknown.warnings[0]).toEqual({
      code: 'AID_AGE_UNKNOWN',
      message:
        'L’âge de la personne n’est pas connu : cette aide est réservée aux personnes à partir de 65 ans.',
    })
  })

  it('keeps one registration per person and campaign, with a clear French message', async () => {
    const again = await desk.post(`/api/aid-campaigns/${campaignId}/registrations`, {
      personId: senior,
      channel: 'seniors_line',
    })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({
      code: 'ALREADY_REGISTERED',
      detail: `Cette personne est déjà inscrite à cette campagne (le ${today.split('-').reverse().join('/')}, Accueil) : une seule inscription par personne.`,
    })
    // The quotient of a household over the ceiling is a warning too.
    const rich = await person({
      lastName: 'Dumont',
      birthDate: '1950-01-01',
      address: '1 place du Marché',
      resources: [{ kind: 'pension', monthlyCents: 300_000 }],
    })
    await ok(
      await worker.post('/api/households', { members: [{ personId: rich, relationship: 'head' }] }),
      201,
    )
    const over = await ok(
      await desk.post(`/api/aid-campaigns/${campaignId}/registrations`, {
        personId: rich,
        channel: 'outreach',
        resident: true,
      }),
      201,
    )
    expect(over.warnings).toEqual([
      {
        code: 'AID_QUOTIENT_CEILING',
        message: 'Le quotient familial (3 000,00 €) dépasse le plafond du règlement (900,00 €).',
      },
    ])
    // A person of another organisation is unknown here.
    const other = await createOrganisation(ctx, 'CCAS d’ailleurs')
    const elsewhere = await signedIn(
      ctx,
      await createUser(ctx, other.id, { roles: ['social_worker'], teamIds: [other.teamId] }),
    )
    const stranger = (
      await ok(await elsewhere.post('/api/people', { lastName: 'Étranger', teamId: other.teamId }), 201)
    ).id
    const refused = await desk.post(`/api/aid-campaigns/${campaignId}/registrations`, {
      personId: stranger,
      channel: 'front_desk',
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors[0]).toEqual({ path: 'personId', message: 'Personne inconnue.' })
  })

  it('counts registrations by channel, apart from the seniors line’s calls (a registration is not a contact)', async () => {
    await ok(
      await director.put('/api/network/settings', {
        escalateAfterHours: 48,
        escalationPartnerId: null,
        escalationTeamId: null,
        seniorsLineTeamId: org.teamId,
        offerCount: 3,
      }),
    )
    // One call on the seniors line that is not a registration (reassurance).
    await ok(
      await desk.post('/api/contacts', {
        channel: 'phone',
        siteId: org.siteId,
        teamId: org.teamId,
        personId: senior,
      }),
      201,
    )
    const campaign = await ok(await desk.get(`/api/aid-campaigns/${campaignId}`))
    expect(campaign.counts).toEqual({
      registered: 4,
      received: 0,
      cancelled: 0,
      byChannel: [
        { channel: 'front_desk', label: 'Accueil', count: 1 },
        { channel: 'seniors_line', label: 'Ligne seniors', count: 2 },
        { channel: 'outreach', label: 'Aller-vers', count: 1 },
        { channel: 'other', label: 'Autre', count: 0 },
      ],
      collected: 0,
      delivered: 0,
    })
    // The line's calls (front-desk contacts of its team) are 1: the two registrations by phone add none.
    const dashboard = await ok(
      await director.get(`/api/network/dashboard?from=${addDays(today, -5)}&to=${today}`),
    )
    expect(dashboard.seniorsLineCalls).toBe(1)
    const contacts = await ok(
      await director.get(`/api/contact-counts?from=${addDays(today, -5)}&to=${today}`),
    )
    expect(contacts.total).toBe(1)
  })

  it('lists the distribution by name, page by page with the total, and as a CSV', async () => {
    const page = await ok(await desk.get(`/api/aid-campaigns/${campaignId}/registrations?pageSize=2`))
    expect(page.total).toBe(4)
    expect(page.items.map((r: { displayName: string }) => r.displayName)).toEqual([
      'AUBRY Jeanne',
      'BASTIEN Marc',
    ])
    expect(page.items[0]).toMatchObject({
      age: 78 + (year - 2026),
      address: '4 rue des Lilas, 02100 Saint-Quentin',
      phone: '03 23 00 00 01',
    })
    const second = await ok(
      await desk.get(`/api/aid-campaigns/${campaignId}/registrations?pageSize=2&page=2`),
    )
    expect(second.items.map((r: { displayName: string }) => r.displayName)).toEqual(['CARRÉ Lucie', 'DUMONT'])
    const seniorsLine = await ok(
      await desk.get(`/api/aid-campaigns/${campaignId}/registrations?channel=seniors_line`),
    )
    expect(seniorsLine.total).toBe(2)

    const file = await desk.get(`/api/aid-campaigns/${campaignId}/registrations/file`)
    expect(file.statusCode, file.body).toBe(200)
    expect(file.headers['content-type']).toContain('text/csv')
    const rows = parse(file.body.replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Record<
      string,
      string
    >[]
    expect(rows).toHaveLength(4)
    expect(rows[0]).toMatchObject({
      Nom: 'AUBRY Jeanne',
      'Date de naissance': '02/03/1948',
      Adresse: '4 rue des Lilas, 02100 Saint-Quentin',
      'Inscrit par': 'Accueil',
      Statut: 'Inscrit·e',
    })
    expect(rows[1]!['Points à vérifier']).toContain('La personne a 40 ans')
  })

  it('records who received, collected or delivered, and cancels what is not handed over', async () => {
    const { items } = await ok(await desk.get(`/api/aid-campaigns/${campaignId}/registrations`))
    const [aubry, bastien, carre, dumont] = items as { id: string }[]
    const received = await ok(
      await desk.post(`/api/aid-campaigns/registrations/${aubry!.id}/received`, { delivery: 'collected' }),
    )
    expect(received).toMatchObject({ status: 'received', delivery: 'collected', receivedOn: today })
    await ok(
      await desk.post(`/api/aid-campaigns/registrations/${carre!.id}/received`, { delivery: 'delivered' }),
    )
    const twice = await desk.post(`/api/aid-campaigns/registrations/${aubry!.id}/received`, {
      delivery: 'delivered',
    })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().code).toBe('REGISTRATION_NOT_PENDING')
    await ok(
      await desk.post(`/api/aid-campaigns/registrations/${dumont!.id}/cancel`, { note: 'Hors plafond' }),
    )
    expect((await desk.post(`/api/aid-campaigns/registrations/${aubry!.id}/cancel`, {})).statusCode).toBe(409)

    const campaign = await ok(await desk.get(`/api/aid-campaigns/${campaignId}`))
    expect(campaign.counts).toMatchObject({
      registered: 1,
      received: 2,
      cancelled: 1,
      collected: 1,
      delivered: 1,
    })
    expect(campaign.counts.byChannel[2]).toEqual({ channel: 'outreach', label: 'Aller-vers', count: 0 })
    // A cancelled registration may be made again (one row per person and campaign).
    const back = await ok(
      await desk.post(`/api/aid-campaigns/${campaignId}/registrations`, {
        personId: (
          await ok(await desk.get(`/api/aid-campaigns/${campaignId}/registrations?status=cancelled`))
        ).items[0].personId,
        channel: 'other',
      }),
      201,
    )
    expect(back).toMatchObject({ id: dumont!.id, status: 'registered', channel: 'other' })
    const toCollect = await ok(
      await desk.get(`/api/aid-campaigns/${campaignId}/registrations?status=registered`),
    )
    expect(toCollect.items.map((r: { id: string }) => r.id).sort()).toEqual([bastien!.id, dumont!.id].sort())
  })

  it('prints the distribution list (PDF) with a column to sign, filtered by status and channel like the CSV', async () => {
    const all = await desk.get(`/api/aid-campaigns/${campaignId}/registrations/pdf`)
    expect(all.statusCode, all.body).toBe(200)
    expect(all.headers['content-type']).toBe('application/pdf')
    expect(all.headers['content-disposition']).toContain(`liste-distribution-${today}.pdf`)
    const text = await pdfText(all)
    expect(text).toContain('Liste de distribution — Colis de fin d’année')
    expect(text).toContain(`Distribution le 20/12/${year} — Toutes les inscriptions — 4 personnes`)
    for (const title of ['Nom', 'Adresse', 'Téléphone', 'Canal', 'Statut', 'Signature'])
      expect(text).toContain(title)
    expect(text).toContain('AUBRY Jeanne')
    expect(text).toContain('4 rue des Lilas, 02100 Saint-') // « Quentin » wraps in its cell
    expect(text).toContain('03 23 00 00 01')
    expect(text).toContain(`Reçu : retiré sur place le ${today.split('-').reverse().join('/')}`)
    expect(text).toContain('Ligne seniors')

    // Those still to serve who called the seniors line: Bastien alone (Carré received hers, Dumont came back by « Autre »).
    const toServe = await desk.get(
      `/api/aid-campaigns/${campaignId}/registrations/pdf?status=registered&channel=seniors_line`,
    )
    const served = await pdfText(toServe)
    expect(served).toContain('Seulement statut : Inscrit·e, canal : Ligne seniors — 1 personne')
    expect(served).toContain('BASTIEN Marc')
    expect(served).not.toContain('AUBRY')
    expect(served).not.toContain('CARRÉ')
    const csv = await desk.get(
      `/api/aid-campaigns/${campaignId}/registrations/file?status=registered&channel=seniors_line`,
    )
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Record<
      string,
      string
    >[]
    expect(rows.map((r) => r.Nom)).toEqual(['BASTIEN Marc'])
    expect(
      (await desk.get(`/api/aid-campaigns/${campaignId}/registrations/pdf?channel=fax`)).statusCode,
    ).toBe(400)
    // Printing is audited like the CSV, naming those listed, nothing personal in the details.
    const printed = await ctx.db
      .selectFrom('audit_log')
      .select(['details', 'person_ids'])
      .where('action', '=', 'aid_campaign.export')
      .where(sql<boolean>`details->>'format' = 'pdf'`)
      .execute()
    expect(printed).toHaveLength(2)
    expect(printed).toContainEqual({
      person_ids: [young],
      details: { status: 'registered', channel: 'seniors_line', count: 1, format: 'pdf' },
    })
    expect(JSON.stringify(printed.map((p) => p.details))).not.toMatch(/Bastien|Marc/i)
  })

  it('shows the registration on the person’s timeline and in their access export', async () => {
    const timeline = await ok(await worker.get(`/api/people/${senior}/timeline`))
    expect(timeline.items).toContainEqual(
      expect.objectContaining({
        kind: 'aid_campaign_registration',
        title: 'Colis de fin d’année : reçu (Retiré sur place)',
        detail: `Inscription le ${today.split('-').reverse().join('/')} — Accueil`,
      }),
    )
    const exported = await ok(await worker.get(`/api/people/${senior}/export.json`))
    expect(exported.records.aid_campaign_registration).toEqual([
      expect.objectContaining({ campaign: 'Colis de fin d’année', channel: 'Accueil', status: 'received' }),
    ])
    expect(exported.recordLabels.aid_campaign_registration).toBe(
      'Inscriptions aux campagnes saisonnières (colis, cadeaux…)',
    )
  })

  it('closes the campaign: no more registrations, the distribution goes on', async () => {
    const closed = await ok(await director.post(`/api/aid-campaigns/${campaignId}/close`))
    expect(closed.status).toBe('closed')
    const late = await desk.post(`/api/aid-campaigns/${campaignId}/registrations`, {
      personId: await person({ lastName: 'Tardif' }),
      channel: 'front_desk',
    })
    expect(late.statusCode).toBe(409)
    expect(late.json().code).toBe('CAMPAIGN_CLOSED')
    const { items } = await ok(
      await desk.get(`/api/aid-campaigns/${campaignId}/registrations?status=registered`),
    )
    await ok(
      await desk.post(`/api/aid-campaigns/registrations/${items[0].id}/received`, { delivery: 'delivered' }),
    )
    expect((await director.put(`/api/aid-campaigns/${campaignId}`, parcels)).statusCode).toBe(409)
    const list = await ok(await desk.get('/api/aid-campaigns?status=closed'))
    expect(list).toMatchObject({ total: 1, page: 1 })
    // Nothing personal in the audit details; the trail names those the list showed.
    const trail = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', 'like', 'aid_campaign.%')
      .execute()
    expect(new Set(trail.map((t) => t.action))).toEqual(
      new Set([
        'aid_campaign.create',
        'aid_campaign.register',
        'aid_campaign.list',
        'aid_campaign.export',
        'aid_campaign.receive',
        'aid_campaign.cancel',
        'aid_campaign.close',
      ]),
    )
    expect(JSON.stringify(trail)).not.toMatch(/Aubry|Jeanne|Lilas/i)
  })
})
