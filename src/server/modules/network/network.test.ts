import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ApiClient,
  createOrganisation,
  createUser,
  signedIn,
  TEST_PASSWORD,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import type { Dashboard, Need, VolunteerNeed } from '../../../shared/network.ts'
import { hashToken } from '../../platform/tokens.ts'
import { createVolunteer, signedInVolunteer, volunteerClient } from './network.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let coordinator: ApiClient
let frontDesk: ApiClient
let director: ApiClient
let seniorId: string
let ipCounter = 0
/** A fresh address each time, so that the per-IP limits trip only where a test wants it. */
const neighbour = () => volunteerClient(ctx, `10.50.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`)

// Place de la mairie, and points about 1 km and 3 km away.
const HERE = { latitude: 45.4397, longitude: 4.3872 }
const ONE_KM = { latitude: 45.4487, longitude: 4.3872 }
const THREE_KM = { latitude: 45.4667, longitude: 4.3872 }

const signup = (extra: object = {}) => ({
  email: 'jeanne.voisine@example.org',
  password: TEST_PASSWORD,
  firstName: 'Jeanne',
  lastName: 'Voisine',
  phone: '06 12 34 56 78',
  address: '3 rue des Lilas',
  neighbourhood: 'Centre',
  ...ONE_KM,
  helpKinds: ['shopping', 'courtesy_visit'],
  availability: ['tue_afternoon'],
  maxDistanceKm: 5,
  charterVersion: '2026-1',
  ...extra,
})

async function createNeed(body: object = {}, client = frontDesk) {
  const response = await client.post('/api/network/needs', {
    personId: seniorId,
    kind: 'shopping',
    ...HERE,
    ...body,
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as Need
}

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS de Saint-Quentin')
  coordinator = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['volunteer_coordinator'] }))
  frontDesk = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['front_desk_agent'] }))
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  const senior = await frontDesk.post('/api/people', {
    lastName: 'Delaunay',
    firstNames: 'Marcelle',
    phone: '03 23 00 11 22',
    address: '12 rue de la Sellerie',
    postalCode: '02100',
    city: 'Saint-Quentin',
  })
  expect(senior.statusCode, senior.body).toBe(201)
  seniorId = senior.json().id
})
afterAll(() => ctx.close())

describe('the volunteer portal', () => {
  it('signs a neighbour up as pending, and answers the same when the address already has an account', async () => {
    const first = await neighbour().post(`/api/public/network/${org.id}/volunteers`, signup())
    expect(first.statusCode, first.body).toBe(201)
    const again = await neighbour().post(
      `/api/public/network/${org.id}/volunteers`,
      signup({ firstName: 'Autre' }),
    )
    expect(again.statusCode).toBe(201)
    expect(again.body).toBe(first.body)
    const rows = await ctx.db
      .selectFrom('volunteers')
      .selectAll()
      .where('email', '=', 'jeanne.voisine@example.org')
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'pending', first_name: 'Jeanne', charter_version: '2026-1' })
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/)

    await ctx.deliverEmails()
    const mails = ctx.mailbox.received.filter((m) => m.to === 'jeanne.voisine@example.org')
    expect(mails).toHaveLength(2)
    expect(mails.some((m) => m.text.includes('va examiner votre candidature'))).toBe(true)
    expect(mails.some((m) => m.text.includes('a déjà un compte'))).toBe(true)
  })

  it('refuses a sign-up without the charter in force, with a message per field', async () => {
    const response = await neighbour().post(
      `/api/public/network/${org.id}/volunteers`,
      signup({ email: 'x@example.org', charterVersion: '2020-1', helpKinds: [] }),
    )
    expect(response.statusCode).toBe(400)
    const paths = response.json().errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['charterVersion', 'helpKinds']))
  })

  it('signs in with its own cookie, which opens no staff route; a staff session opens no portal route', async () => {
    const wrong = await neighbour().login(org.id, 'jeanne.voisine@example.org', 'pas le bon mot de passe')
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS')
    const client = neighbour()
    const login = await client.login(org.id, 'jeanne.voisine@example.org')
    expect(login.statusCode, login.body).toBe(200)
    expect(login.json()).toMatchObject({ firstName: 'Jeanne', status: 'pending', charterUpToDate: true })
    expect((await client.get('/api/public/network/me')).statusCode).toBe(200)
    // The volunteer cookie is not a staff session.
    expect((await client.get('/api/people')).statusCode).toBe(401)
    expect((await client.get('/api/network/needs')).statusCode).toBe(401)
    // A staff session is not a volunteer session.
    expect((await coordinator.get('/api/public/network/needs')).statusCode).toBe(401)
    // Writes need the volunteer's CSRF token.
    const noCsrf = volunteerClient(ctx, '10.60.0.1')
    noCsrf.cookie = client.cookie
    expect((await noCsrf.post('/api/public/network/charter', { version: '2026-1' })).json().code).toBe(
      'CSRF_INVALID',
    )
    expect((await client.post('/api/public/network/logout')).statusCode).toBe(200)
    expect((await client.get('/api/public/network/me')).statusCode).toBe(401)
  })
})

describe('vetting and what a volunteer sees', () => {
  it('shows no need to a pending, refused or suspended volunteer, nor to one who has not accepted the new charter', async () => {
    await createNeed()
    const pending = await createVolunteer(ctx, org.id, { status: 'pending' })
    const client = await signedInVolunteer(ctx, pending)
    const refused = await client.get('/api/public/network/needs')
    expect(refused.statusCode).toBe(403)
    expect(refused.json().detail).toContain('validée')

    // Refusing needs a reason.
    const noReason = await coordinator.post(`/api/network/volunteers/${pending.id}/status`, {
      status: 'refused',
    })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().errors[0].path).toBe('reason')

    const approved = await coordinator.post(`/api/network/volunteers/${pending.id}/status`, {
      status: 'approved',
    })
    expect(approved.statusCode, approved.body).toBe(200)
    expect(approved.json().status).toBe('approved')
    const needs = await client.get('/api/public/network/needs')
    expect(needs.statusCode).toBe(200)
    expect(needs.json().items.length).toBeGreaterThan(0)
    expect(needs.json().total).toBe(needs.json().items.length)
    await ctx.deliverEmails()
    expect(ctx.mailbox.received.find((m) => m.to === pending.email)?.subject).toBe(
      'Votre inscription est validée',
    )

    const suspended = await coordinator.post(`/api/network/volunteers/${pending.id}/status`, {
      status: 'suspended',
      reason: 'Plainte d’une personne aidée',
    })
    expect(suspended.json()).toMatchObject({
      status: 'suspended',
      statusReason: 'Plainte d’une personne aidée',
    })
    expect((await client.get('/api/public/network/needs')).statusCode).toBe(403)

    const outdated = await createVolunteer(ctx, org.id, { charterVersion: '2025-1' })
    const old = await signedInVolunteer(ctx, outdated)
    const blocked = await old.get('/api/public/network/needs')
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json().detail).toContain('charte')
    expect(
      (await old.post('/api/public/network/charter', { version: '2026-1' })).json().charterUpToDate,
    ).toBe(true)
    expect((await old.get('/api/public/network/needs')).statusCode).toBe(200)
  })

  it('marks a professional skill and places a volunteer on the map', async () => {
    const volunteer = await createVolunteer(ctx, org.id)
    const response = await coordinator.patch(`/api/network/volunteers/${volunteer.id}`, {
      professionalSkill: 'Psychologue',
      ...THREE_KM,
    })
    expect(response.json()).toMatchObject({ professionalSkill: 'Psychologue', located: true })
    const half = await coordinator.patch(`/api/network/volunteers/${volunteer.id}`, { latitude: 45 })
    expect(half.statusCode).toBe(400)
  })
})

describe('a need, from the seniors line to done', () => {
  it('never shows the senior before assignment nor after the need is done; the first to accept gets it', async () => {
    const need = await createNeed({
      description: 'Courses de la semaine',
      wantedDate: '2026-12-08',
      timeSlot: 'afternoon',
    })
    expect(need).toMatchObject({ status: 'open', personName: 'DELAUNAY Marcelle' })
    const first = await signedInVolunteer(ctx, await createVolunteer(ctx, org.id, { ...ONE_KM }))
    const second = await signedInVolunteer(ctx, await createVolunteer(ctx, org.id, { ...ONE_KM }))

    const before = await first.get('/api/public/network/needs')
    const seen = (before.json().items as VolunteerNeed[]).find((n) => n.id === need.id)!
    expect(seen).toMatchObject({ state: 'available', senior: null, distanceKm: 1 })
    for (const secret of ['Delaunay', 'Marcelle', 'Sellerie', '03 23 00 11 22'])
      expect(before.body.toLowerCase()).not.toContain(secret.toLowerCase())

    const accepted = await first.post(`/api/public/network/needs/${need.id}/accept`)
    expect(accepted.statusCode, accepted.body).toBe(200)
    expect(accepted.json()).toMatchObject({
      state: 'mine',
      senior: {
        name: 'Marcelle Delaunay',
        address: '12 rue de la Sellerie, 02100 Saint-Quentin',
        phone: '03 23 00 11 22',
      },
    })
    const late = await second.post(`/api/public/network/needs/${need.id}/accept`)
    expect(late.statusCode).toBe(409)
    expect(late.json().detail).toContain('déjà été pris')
    const othersView = await second.get('/api/public/network/needs')
    expect(othersView.body.toLowerCase()).not.toContain('delaunay')
    expect((othersView.json().items as VolunteerNeed[]).find((n) => n.id === need.id)).toBeUndefined()

    // Only the one who accepted may close it.
    expect(
      (await second.post(`/api/public/network/needs/${need.id}/done`, { report: 'Fait' })).statusCode,
    ).toBe(404)
    const done = await first.post(`/api/public/network/needs/${need.id}/done`, {
      report: 'Courses livrées, tout va bien.',
    })
    expect(done.statusCode, done.body).toBe(200)
    expect(done.json()).toMatchObject({ state: 'done', senior: null })
    const after = await first.get('/api/public/network/needs')
    expect(after.body.toLowerCase()).not.toContain('delaunay')
    expect(after.body).not.toContain('Sellerie')
    const row = await ctx.db
      .selectFrom('network_needs')
      .selectAll()
      .where('id', '=', need.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'done', senior_name: null, senior_address: null, senior_phone: null })

    const staffView = (await coordinator.get('/api/network/needs?status=done')).json().items as Need[]
    expect(staffView.find((n) => n.id === need.id)).toMatchObject({
      report: 'Courses livrées, tout va bien.',
      personName: 'DELAUNAY Marcelle',
    })
    // The senior's timeline shows the need, for the front desk too.
    const timeline = await frontDesk.get(`/api/people/${seniorId}/timeline`)
    expect(timeline.json().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'network_need', id: need.id, title: 'Courses — Réalisé' }),
      ]),
    )
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', need.id)
      .execute()
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['network.need.create', 'network.need.accept', 'network.need.done']),
    )
  })

  it('ranks by availability, distance and load, and e-mails the top N a link', async () => {
    await ctx.db
      .updateTable('volunteers')
      .set({ status: 'suspended', status_reason: 'test' })
      .where('status', '=', 'approved')
      .execute()
    const near = await createVolunteer(ctx, org.id, {
      firstName: 'Proche',
      ...ONE_KM,
      availability: ['tue_afternoon'],
    })
    const far = await createVolunteer(ctx, org.id, {
      firstName: 'Loin',
      ...THREE_KM,
      availability: ['tue_afternoon'],
    })
    const unavailable = await createVolunteer(ctx, org.id, {
      firstName: 'Occupé',
      ...ONE_KM,
      availability: ['mon_morning'],
    })
    await createVolunteer(ctx, org.id, { firstName: 'TropLoin', ...THREE_KM, maxDistanceKm: 2 })
    await createVolunteer(ctx, org.id, { firstName: 'Autreaide', ...ONE_KM, helpKinds: ['small_works'] })
    // 2026-12-08 is a Tuesday.
    const need = await createNeed({ wantedDate: '2026-12-08', timeSlot: 'afternoon' }, coordinator)
    const matches = await coordinator.get(`/api/network/needs/${need.id}/matches`)
    expect(matches.statusCode, matches.body).toBe(200)
    expect(matches.json().map((m: { name: string }) => m.name.split(' ')[0])).toEqual([
      'Proche',
      'Loin',
      'Occupé',
    ])

    const offered = await coordinator.post(`/api/network/needs/${need.id}/offer`, { count: 2 })
    expect(offered.json()).toMatchObject({ status: 'offered', offeredCount: 2 })
    await ctx.deliverEmails()
    for (const v of [near, far]) {
      const mail = ctx.mailbox.received.find((m) => m.to === v.email)
      expect(mail?.subject).toContain('courses')
      expect(mail?.text).toContain(`http://trame.test/benevoles/${org.id}?besoin=${need.id}`)
      expect(mail?.text).not.toContain('Delaunay')
    }
    expect(ctx.mailbox.received.find((m) => m.to === unavailable.email)).toBeUndefined()
    // The next offer goes to the next one.
    expect(
      (await coordinator.post(`/api/network/needs/${need.id}/offer`, { count: 5 })).json().offeredCount,
    ).toBe(3)
    const none = await coordinator.post(`/api/network/needs/${need.id}/offer`, { count: 1 })
    expect(none.statusCode).toBe(400)
    // The first to accept gets it; the other one offered sees it taken, without the senior.
    const nearClient = await signedInVolunteer(ctx, near)
    const farClient = await signedInVolunteer(ctx, far)
    expect((await nearClient.post(`/api/public/network/needs/${need.id}/accept`)).statusCode).toBe(200)
    const farView = (await farClient.get('/api/public/network/needs')).json().items as VolunteerNeed[]
    expect(farView.find((n) => n.id === need.id)).toMatchObject({ state: 'taken', senior: null })
    // Taken by another, it is in the far one's neighbourhood, and in the near one's own needs.
    const farNeighbourhood = (await farClient.get('/api/public/network/needs?section=neighbourhood')).json()
    expect(farNeighbourhood.items.map((n: VolunteerNeed) => n.id)).toContain(need.id)
    expect((await farClient.get('/api/public/network/needs?section=mine')).json().total).toBe(0)
    const nearMine = (await nearClient.get('/api/public/network/needs?section=mine')).json()
    expect(nearMine).toMatchObject({ total: 1, items: [{ id: need.id, state: 'mine' }] })
  })

  it('pages each part of the portal list on the server, with its total', async () => {
    const client = await signedInVolunteer(ctx, await createVolunteer(ctx, org.id))
    const section = async (name: string, query = '') =>
      (await client.get(`/api/public/network/needs?section=${name}${query}`)).json()
    // Needs of earlier tests are still open in this organisation.
    const before = (await section('neighbourhood')).total as number
    const needs = []
    for (let i = 0; i < 5; i += 1) needs.push(await createNeed({ description: `Besoin ${i}` }))
    for (const need of needs.slice(0, 2)) {
      expect((await client.post(`/api/public/network/needs/${need.id}/accept`)).statusCode).toBe(200)
    }
    expect(
      (await client.post(`/api/public/network/needs/${needs[0]!.id}/done`, { report: 'Fait' })).statusCode,
    ).toBe(200)
    expect(await section('mine')).toMatchObject({ total: 1, items: [{ id: needs[1]!.id, state: 'mine' }] })
    expect(await section('done')).toMatchObject({ total: 1, items: [{ id: needs[0]!.id, state: 'done' }] })
    const total = before + 3
    const pages = Math.ceil(total / 2)
    const seen: VolunteerNeed[] = []
    for (let page = 1; page <= pages; page += 1) {
      const answer = await section('neighbourhood', `&pageSize=2&page=${page}`)
      expect(answer).toMatchObject({ total, page, pageSize: 2 })
      seen.push(...answer.items)
    }
    expect(seen).toHaveLength(total)
    expect(new Set(seen.map((n) => n.id)).size).toBe(total)
    expect(seen.map((n) => n.id)).toEqual(expect.arrayContaining(needs.slice(2).map((n) => n.id)))
    expect(seen.every((n) => n.state === 'available')).toBe(true)
    // Among needs of the same urgency, the newest first.
    const mineOpen = new Set(needs.slice(2).map((n) => n.id))
    expect(seen.filter((n) => mineOpen.has(n.id)).map((n) => n.id)).toEqual(
      needs
        .slice(2)
        .map((n) => n.id)
        .reverse(),
    )
    // Without a part, all of them.
    expect((await client.get('/api/public/network/needs')).json()).toMatchObject({
      total: total + 2,
      pageSize: 50,
    })
    // Bad input is refused in French, never a 500.
    const unknown = await client.get('/api/public/network/needs?section=tout')
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('Partie de la liste inconnue')
    expect((await client.get('/api/public/network/needs?pageSize=500')).statusCode).toBe(400)
    expect((await client.get('/api/public/network/needs?page=0')).statusCode).toBe(400)
  })

  it('gives a need to exactly one of two volunteers accepting at once; a cancelled need leaves their lists', async () => {
    const need = await createNeed()
    const a = await signedInVolunteer(ctx, await createVolunteer(ctx, org.id))
    const b = await signedInVolunteer(ctx, await createVolunteer(ctx, org.id))
    const answers = await Promise.all([
      a.post(`/api/public/network/needs/${need.id}/accept`),
      b.post(`/api/public/network/needs/${need.id}/accept`),
    ])
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409])
    const winner = answers[0]!.statusCode === 200 ? a : b
    expect((await coordinator.post(`/api/network/needs/${need.id}/cancel`)).json().status).toBe('cancelled')
    const view = await winner.get('/api/public/network/needs')
    expect((view.json().items as VolunteerNeed[]).map((n) => n.id)).not.toContain(need.id)
    const row = await ctx.db
      .selectFrom('network_needs')
      .selectAll()
      .where('id', '=', need.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ senior_name: null, senior_address: null, senior_phone: null })
  })

  it('keeps organisations apart: another CCAS’s volunteer neither sees nor takes a need', async () => {
    const need = await createNeed()
    const elsewhere = await createOrganisation(ctx, 'CCAS d’ailleurs')
    const stranger = await signedInVolunteer(ctx, await createVolunteer(ctx, elsewhere.id))
    const list = await stranger.get('/api/public/network/needs')
    expect((list.json().items as VolunteerNeed[]).map((n) => n.id)).not.toContain(need.id)
    expect((await stranger.post(`/api/public/network/needs/${need.id}/accept`)).statusCode).toBe(404)
    // Their login names their own organisation: the same address is unknown elsewhere.
    const wrongOrg = await volunteerClient(ctx, '10.61.0.1').login(org.id, 'nobody@voisin.test')
    expect(wrongOrg.statusCode).toBe(401)
  })

  it('ends a volunteer session after 30 minutes without activity', async () => {
    const volunteer = await createVolunteer(ctx, org.id)
    const idle = await signedInVolunteer(ctx, volunteer)
    const active = await signedInVolunteer(ctx, volunteer)
    expect((await idle.get('/api/public/network/me')).statusCode).toBe(200)
    const token = idle.cookie!.split('=')[1]!
    await ctx.db
      .updateTable('volunteer_sessions')
      .set({ last_seen_at: sql`now() - interval '31 minutes'` })
      .where('token_hash', '=', hashToken(token))
      .execute()
    expect((await idle.get('/api/public/network/me')).statusCode).toBe(401)
    expect((await active.get('/api/public/network/me')).statusCode).toBe(200)
  })

  it('pauses sign-in to a volunteer account after five wrong passwords, even with the right one', async () => {
    const volunteer = await createVolunteer(ctx, org.id)
    const client = volunteerClient(ctx, '10.62.0.1')
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await client.login(org.id, volunteer.email, 'pas le bon mot de passe')).statusCode).toBe(401)
    }
    const paused = await client.login(org.id, volunteer.email)
    expect(paused.statusCode).toBe(429)
    expect(paused.json()).toMatchObject({
      code: 'LOGIN_THROTTLED',
      detail: expect.stringMatching(/^Trop de tentatives/),
    })
    // Another volunteer signing in from the same address is not held back.
    expect(
      (await volunteerClient(ctx, '10.62.0.1').login(org.id, (await createVolunteer(ctx, org.id)).email))
        .statusCode,
    ).toBe(200)
  })

  it('refuses a need for a senior the author may not see', async () => {
    const paej = await director.post('/api/people', { lastName: 'Secrète', teamId: org.confidentialTeamId })
    const response = await frontDesk.post('/api/network/needs', {
      personId: paej.json().id,
      kind: 'shopping',
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors[0].path).toBe('personId')
    const half = await frontDesk.post('/api/network/needs', {
      personId: seniorId,
      kind: 'shopping',
      latitude: 45,
    })
    expect(half.statusCode).toBe(400)
  })

  it('asks how a senior with neither phone nor address will be reached, and tells the volunteer', async () => {
    const unreachable = (
      await frontDesk.post('/api/people', { lastName: 'Injoignable', firstNames: 'Rose' })
    ).json()
    const refused = await frontDesk.post('/api/network/needs', { personId: unreachable.id, kind: 'shopping' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors).toEqual([
      {
        path: 'reach',
        message:
          'Le dossier n’indique ni téléphone ni adresse : donnez une personne à contacter, ou indiquez que le CCAS appellera le ou la bénévole.',
      },
    ])
    const halfContact = await frontDesk.post('/api/network/needs', {
      personId: unreachable.id,
      kind: 'shopping',
      contactName: 'Sa fille, Anne',
    })
    expect(halfContact.json().errors).toEqual([
      { path: 'contactPhone', message: 'Indiquez le téléphone de la personne à contacter.' },
    ])
    expect(
      await ctx.db.selectFrom('network_needs').where('person_id', '=', unreachable.id).execute(),
    ).toEqual([])

    const viaDaughter = await frontDesk.post('/api/network/needs', {
      personId: unreachable.id,
      kind: 'shopping',
      contactName: 'Sa fille, Anne',
      contactPhone: '06 44 55 66 77',
      ...ONE_KM,
    })
    expect(viaDaughter.statusCode, viaDaughter.body).toBe(201)
    expect(viaDaughter.json()).toMatchObject({ contactName: 'Sa fille, Anne', ccasIntroduces: false })
    const viaCcas = await frontDesk.post('/api/network/needs', {
      personId: unreachable.id,
      kind: 'shopping',
      ccasIntroduces: true,
      ...ONE_KM,
    })
    expect(viaCcas.statusCode, viaCcas.body).toBe(201)

    const volunteer = await signedInVolunteer(ctx, await createVolunteer(ctx, org.id, { ...ONE_KM }))
    const daughter = await volunteer.post(`/api/public/network/needs/${viaDaughter.json().id}/accept`)
    expect(daughter.json().senior).toEqual({
      name: 'Rose Injoignable',
      address: null,
      phone: null,
      contact: { name: 'Sa fille, Anne', phone: '06 44 55 66 77' },
      ccasIntroduces: false,
    })
    const ccas = await volunteer.post(`/api/public/network/needs/${viaCcas.json().id}/accept`)
    expect(ccas.json().senior).toMatchObject({ contact: null, ccasIntroduces: true })
    // Done: the contact person's details are erased with the senior's.
    await volunteer.post(`/api/public/network/needs/${viaDaughter.json().id}/done`, {
      report: 'Visite faite.',
    })
    const row = await ctx.db
      .selectFrom('network_needs')
      .select(['contact_name', 'contact_phone'])
      .where('id', '=', viaDaughter.json().id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ contact_name: null, contact_phone: null })
  })

  it('flags a need nobody accepted within its delay, and records its escalation and outcome', async () => {
    const need = await createNeed({ escalateAfterHours: 2 })
    expect(
      (await coordinator.get('/api/network/needs?overdue=true')).json().items.map((n: Need) => n.id),
    ).not.toContain(need.id)
    await ctx.db
      .updateTable('network_needs')
      .set({ waiting_since: new Date(Date.now() - 3 * 3_600_000) })
      .where('id', '=', need.id)
      .execute()
    const overdue = (await coordinator.get('/api/network/needs?overdue=true')).json().items as Need[]
    expect(overdue.find((n) => n.id === need.id)?.overdue).toBe(true)
    const escalated = await coordinator.post(`/api/network/needs/${need.id}/escalate`, {
      to: 'partner',
      partnerName: 'Petits Frères des Pauvres',
      outcome: 'Visite faite par l’association.',
    })
    expect(escalated.json()).toMatchObject({
      status: 'escalated',
      escalatedTo: 'partner',
      escalationOutcome: 'Visite faite par l’association.',
      overdue: false,
    })
    const again = await coordinator.post(`/api/network/needs/${need.id}/cancel`)
    expect(again.statusCode).toBe(400)
  })
})

describe('member reports and the dashboard', () => {
  it('puts a volunteer’s report in the coordinator’s queue', async () => {
    const client = await signedInVolunteer(ctx, await createVolunteer(ctx, org.id))
    const sent = await client.post('/api/public/network/reports', {
      about: 'Mon voisin du 2e ne sort plus depuis une semaine.',
      location: '8 rue Croix-Belle-Porte',
    })
    expect(sent.statusCode, sent.body).toBe(201)
    const queue = await coordinator.get('/api/network/member-reports')
    const report = queue.json().items[0]
    expect(report).toMatchObject({ status: 'new', about: expect.stringContaining('ne sort plus') })
    expect(report).toMatchObject({ source: 'volunteer', volunteerName: 'Voisin Solidaire', outcome: null })
    const noOutcome = await coordinator.post(`/api/network/member-reports/${report.id}/close`, {
      closingNote: 'Sans motif.',
    })
    expect(noOutcome.statusCode).toBe(400)
    const closed = await coordinator.post(`/api/network/member-reports/${report.id}/close`, {
      outcome: 'already_known',
      closingNote: 'Suivi par l’équipe seniors.',
    })
    expect(closed.json()).toMatchObject({
      status: 'closed',
      outcome: 'already_known',
      closingNote: 'Suivi par l’équipe seniors.',
      closedAt: expect.any(String),
    })
    // Closed once: a second close is refused and the first outcome stays.
    const twice = await coordinator.post(`/api/network/member-reports/${report.id}/close`, {
      outcome: 'no_action',
    })
    expect(twice.statusCode).toBe(400)
    expect(twice.json().errors[0].message).toBe('Ce signalement est déjà clos.')
    const after = (await coordinator.get('/api/network/member-reports')).json().items
    expect(after.find((r: { id: string }) => r.id === report.id).outcome).toBe('already_known')
  })

  it('gives needs met by kind with percentages, the median time to acceptance, escalations', async () => {
    const other = await createOrganisation(ctx, 'CCAS du tableau')
    const boss = await signedIn(ctx, await createUser(ctx, other.id, { roles: ['director'], totp: true }))
    const person = (await boss.post('/api/people', { lastName: 'Martin', phone: '03 23 10 20 30' })).json().id
    const volunteer = await createVolunteer(ctx, other.id, {
      helpKinds: ['shopping', 'courtesy_visit', 'administrative'],
    })
    const client = await signedInVolunteer(ctx, volunteer)
    const kinds = ['shopping', 'shopping', 'shopping', 'courtesy_visit', 'administrative']
    for (const [i, kind] of kinds.entries()) {
      const need = (await boss.post('/api/network/needs', { personId: person, kind })).json() as Need
      await ctx.db
        .updateTable('network_needs')
        .set({ created_at: new Date(Date.now() - (i + 1) * 3_600_000) })
        .where('id', '=', need.id)
        .execute()
      await client.post(`/api/public/network/needs/${need.id}/accept`)
      await client.post(`/api/public/network/needs/${need.id}/done`, { report: 'Fait.' })
    }
    const cancelled = (await boss.post('/api/network/needs', { personId: person, kind: 'other' })).json()
    await boss.post(`/api/network/needs/${cancelled.id}/cancel`)
    const today = new Date().toISOString().slice(0, 10)
    const response = await boss.get(
      `/api/network/dashboard?from=2026-01-01&to=${today > '2026-12-31' ? today : '2026-12-31'}`,
    )
    expect(response.statusCode, response.body).toBe(200)
    const dashboard = response.json() as Dashboard
    expect(dashboard.needsMet).toBe(5)
    expect(dashboard.needsMetByKind.map((s) => [s.label, s.percent])).toEqual([
      ['Courses', 60],
      expect.any(Array),
      expect.any(Array),
    ])
    expect(dashboard.needsByOutcome.find((s) => s.key === 'cancelled')?.count).toBe(1)
    expect(dashboard.medianHoursToAcceptance).toBeCloseTo(3, 0)
    expect(dashboard.volunteersByStatus.find((s) => s.key === 'approved')?.count).toBe(1)
    expect(dashboard.escalations).toBe(0)
    expect(dashboard.automaticEscalations).toBe(0)
    // No seniors line set yet.
    expect(dashboard.seniorsLineCalls).toBeNull()
    const bad = await boss.get('/api/network/dashboard?from=2026-12-31&to=2026-01-01')
    expect(bad.statusCode).toBe(400)
  })
})

describe('logs', () => {
  it('never contain a volunteer’s or a senior’s personal data', () => {
    const text = ctx.logs.join('\n').toLowerCase()
    for (const secret of [
      'delaunay',
      'sellerie',
      '03 23 00 11 22',
      'jeanne.voisine',
      '3 rue des lilas',
      'ne sort plus',
    ]) {
      expect(text).not.toContain(secret)
    }
    expect(ctx.logs.length).toBeGreaterThan(0)
  })
})

describe('new reports of isolated people', () => {
  it('are announced to the coordinators once, by count, without what they say', async () => {
    const other = await createOrganisation(ctx, 'CCAS de Rouvroy')
    const bossUser = await createUser(ctx, other.id, { roles: ['volunteer_coordinator'] })
    const elsewhere = await createUser(ctx, org.id, { roles: ['volunteer_coordinator'] })
    const client = await signedInVolunteer(ctx, await createVolunteer(ctx, other.id), '10.51.0.1')
    // Earlier tests' reports are announced first, and their e-mails sent.
    await ctx.runJob('network.announce-new-reports')
    await ctx.deliverEmails()
    for (const about of ['Mme Lemaire ne répond plus à sa porte.', 'Un voisin très âgé ne sort plus.']) {
      expect((await client.post('/api/public/network/reports', { about })).statusCode).toBe(201)
    }
    ctx.mailbox.received.length = 0
    expect(await ctx.runJob('network.announce-new-reports')).toBe(2)
    await ctx.deliverEmails()
    const told = ctx.mailbox.received.filter((m) => m.to === bossUser.email)
    expect(told).toHaveLength(1)
    expect(told[0]!.subject).toContain('2 nouveau(x) signalement(s)')
    expect(told[0]!.text).toContain('2 par des bénévoles du réseau')
    expect(told[0]!.text).toContain('/reseau/signalements')
    expect(told[0]!.text).not.toMatch(/Lemaire|porte|sort plus/)
    // Another organisation's coordinator hears nothing of them.
    expect(ctx.mailbox.received.filter((m) => m.to === elsewhere.email)).toHaveLength(0)
    // Announced once.
    expect(await ctx.runJob('network.announce-new-reports')).toBe(0)
  })
})

describe('settings and the seniors line', () => {
  it('refuses an unknown or double escalation target, and counts the seniors line for a coordinator', async () => {
    const other = await createOrganisation(ctx, 'CCAS d’ailleurs')
    const settings = {
      escalateAfterHours: 24,
      escalationPartnerId: null,
      escalationTeamId: null,
      seniorsLineTeamId: null,
      offerCount: 2,
    }
    const both = await coordinator.put('/api/network/settings', {
      ...settings,
      escalationPartnerId: crypto.randomUUID(),
      escalationTeamId: org.teamId,
    })
    expect(both.statusCode).toBe(400)
    expect(both.json().errors[0]).toMatchObject({
      path: 'escalationTeamId',
      message: 'Choisissez une association ou une équipe, pas les deux.',
    })
    // Another organisation's team is unknown here.
    const foreign = await coordinator.put('/api/network/settings', {
      ...settings,
      seniorsLineTeamId: other.teamId,
    })
    expect(foreign.statusCode).toBe(400)
    expect(foreign.json().errors[0]).toMatchObject({
      path: 'seniorsLineTeamId',
      message: 'Valeur inconnue.',
    })
    expect((await coordinator.get('/api/network/settings')).json().escalateAfterHours).toBe(48)
    // A team closed since cannot receive needs.
    const closedTeam = await ctx.db
      .insertInto('teams')
      .values({ organisation_id: org.id, name: 'Ancienne équipe', active: false })
      .returning('id')
      .executeTakeFirstOrThrow()
    const inactive = await coordinator.put('/api/network/settings', {
      ...settings,
      escalationTeamId: closedTeam.id,
    })
    expect(inactive.statusCode).toBe(400)

    const saved = await coordinator.put('/api/network/settings', {
      ...settings,
      seniorsLineTeamId: org.teamId,
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toMatchObject({
      escalateAfterHours: 24,
      offerCount: 2,
      seniorsLineTeamId: org.teamId,
    })
    const settingsTrail = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('organisation_id', '=', org.id)
      .where('action', '=', 'network.settings.update')
      .execute()
    expect(settingsTrail.length).toBeGreaterThanOrEqual(1)
    // A need created now takes the organisation's delay.
    expect((await createNeed()).escalateAfterHours).toBe(24)

    // Two calls on the line: the coordinator, who has no access to indicators, reads their number.
    for (let i = 0; i < 2; i++) {
      const call = await frontDesk.post('/api/contacts', {
        channel: 'phone',
        siteId: org.siteId,
        teamId: org.teamId,
        personId: seniorId,
      })
      expect(call.statusCode, call.body).toBe(201)
    }
    const today = todayInFrance()
    const dashboard = await coordinator.get(`/api/network/dashboard?from=${today}&to=${today}`)
    expect(dashboard.json().seniorsLineCalls).toBeGreaterThanOrEqual(2)
    expect((await coordinator.get('/api/indicators/contacts')).statusCode).toBeGreaterThanOrEqual(400)
    await coordinator.put('/api/network/settings', { ...settings, escalateAfterHours: 48, offerCount: 3 })
  })

  it('links a need to the seniors line’s call it comes from, and refuses another organisation’s call', async () => {
    const call = await frontDesk.post('/api/contacts', {
      channel: 'phone',
      siteId: org.siteId,
      teamId: org.teamId,
      personId: seniorId,
    })
    const need = await createNeed({ frontdeskContactId: call.json().id })
    expect(need.frontdeskContactId).toBe(call.json().id)
    const unknown = await frontDesk.post('/api/network/needs', {
      personId: seniorId,
      kind: 'shopping',
      frontdeskContactId: crypto.randomUUID(),
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors[0]).toMatchObject({ path: 'frontdeskContactId' })
  })
})

describe('needs nobody accepts in time', () => {
  const pastDelay = async (needId: string, hours = 49) => {
    await ctx.db
      .updateTable('network_needs')
      .set({ waiting_since: new Date(Date.now() - hours * 3_600_000) })
      .where('id', '=', needId)
      .execute()
  }

  it('tells the coordinators once when no target is configured, and leaves the need to them', async () => {
    const other = await createOrganisation(ctx, 'CCAS sans destinataire')
    const bossUser = await createUser(ctx, other.id, { roles: ['volunteer_coordinator'] })
    const boss = await signedIn(ctx, bossUser)
    const bossEmail = bossUser.email
    const person = (
      await boss.post('/api/people', { lastName: 'Lefèvre', firstNames: 'Odette', phone: '03 23 10 20 31' })
    ).json().id
    const late = (
      await boss.post('/api/network/needs', { personId: person, kind: 'pharmacy' })
    ).json() as Need
    const fresh = (
      await boss.post('/api/network/needs', { personId: person, kind: 'shopping' })
    ).json() as Need
    await pastDelay(late.id)
    ctx.mailbox.received.length = 0
    expect(await ctx.runJob('network.escalate-waiting-needs')).toBeGreaterThanOrEqual(1)
    await ctx.deliverEmails()
    const notices = ctx.mailbox.received.filter((m) => m.to === bossEmail)
    expect(notices).toHaveLength(1)
    expect(notices[0]!.text).toContain('1 besoin(s) attendent un bénévole au-delà du délai prévu')
    expect(notices[0]!.text).not.toMatch(/Lefèvre|Odette/)
    const needs = (await boss.get('/api/network/needs')).json().items as Need[]
    expect(needs.find((n) => n.id === late.id)).toMatchObject({ status: 'open', overdue: true })
    expect(needs.find((n) => n.id === fresh.id)).toMatchObject({ status: 'open', overdue: false })
    // Told once: the next sweeps say nothing more about it.
    await ctx.runJob('network.escalate-waiting-needs')
    await ctx.deliverEmails()
    expect(ctx.mailbox.received.filter((m) => m.to === bossEmail)).toHaveLength(1)
  })

  it('escalates on its own to the configured partner, who is e-mailed without the senior’s identity', async () => {
    const other = await createOrganisation(ctx, 'CCAS de Gauchy')
    const boss = await signedIn(ctx, await createUser(ctx, other.id, { roles: ['director'], totp: true }))
    const partner = await boss.post('/api/partners', {
      name: 'Petits Frères des Pauvres',
      email: 'saint-quentin@petitsfreres.test',
    })
    expect(partner.statusCode, partner.body).toBe(201)
    const saved = await boss.put('/api/network/settings', {
      escalateAfterHours: 12,
      escalationPartnerId: partner.json().id,
      escalationTeamId: null,
      seniorsLineTeamId: null,
      offerCount: 3,
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const person = (
      await boss.post('/api/people', {
        lastName: 'Carpentier',
        firstNames: 'Lucienne',
        phone: '03 23 99 88 77',
      })
    ).json().id
    const late = (
      await boss.post('/api/network/needs', { personId: person, kind: 'courtesy_visit', urgency: 'urgent' })
    ).json() as Need
    const volunteer = await createVolunteer(ctx, other.id, { helpKinds: ['courtesy_visit'] })
    const accepted = (
      await boss.post('/api/network/needs', { personId: person, kind: 'courtesy_visit' })
    ).json() as Need
    await (await signedInVolunteer(ctx, volunteer)).post(`/api/public/network/needs/${accepted.id}/accept`)
    await pastDelay(late.id, 13)
    await pastDelay(accepted.id, 13)
    ctx.mailbox.received.length = 0

    await ctx.runJob('network.escalate-waiting-needs')
    await ctx.deliverEmails()
    const needs = (await boss.get('/api/network/needs')).json().items as Need[]
    expect(needs.find((n) => n.id === late.id)).toMatchObject({
      status: 'escalated',
      escalatedAutomatically: true,
      escalatedTo: 'partner',
      escalationPartner: 'Petits Frères des Pauvres',
      escalationOutcome: null,
    })
    // An accepted need is the volunteer's: never escalated.
    expect(needs.find((n) => n.id === accepted.id)?.status).toBe('accepted')
    const toPartner = ctx.mailbox.received.filter((m) => m.to === 'saint-quentin@petitsfreres.test')
    expect(toPartner).toHaveLength(1)
    expect(toPartner[0]!.subject).toContain('Urgent')
    expect(toPartner[0]!.subject).toContain('visite de courtoisie')
    expect(toPartner[0]!.text).not.toMatch(/Carpentier|Lucienne|03 23 99 88 77/)
    // A second sweep, as on another instance: nothing escalated or sent twice.
    await ctx.runJob('network.escalate-waiting-needs')
    await ctx.deliverEmails()
    expect(ctx.mailbox.received.filter((m) => m.to === 'saint-quentin@petitsfreres.test')).toHaveLength(1)

    const outcome = await boss.post(`/api/network/needs/${late.id}/escalation-outcome`, {
      outcome: 'Une bénévole de l’association passe jeudi.',
    })
    expect(outcome.statusCode, outcome.body).toBe(200)
    expect(outcome.json()).toMatchObject({
      escalationOutcome: 'Une bénévole de l’association passe jeudi.',
      escalationOutcomeAt: expect.any(String),
    })
    const trail = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('entity_id', '=', late.id)
      .execute()
    // The sweep acts as no one; the outcome is recorded by the director.
    expect(trail).toEqual(
      expect.arrayContaining([
        { action: 'network.need.escalate_auto', user_id: null },
        expect.objectContaining({ action: 'network.need.escalation_outcome' }),
      ]),
    )
    const notEscalated = await boss.post(`/api/network/needs/${accepted.id}/escalation-outcome`, {
      outcome: 'Rien.',
    })
    expect(notEscalated.statusCode).toBe(400)
    const dashboard = await boss.get('/api/network/dashboard?from=2026-01-01&to=2030-12-31')
    expect(dashboard.json()).toMatchObject({ escalations: 1, automaticEscalations: 1 })
  })

  it('escalates by hand to an internal team, whose members are told', async () => {
    const other = await createOrganisation(ctx, 'CCAS de Harly')
    const boss = await signedIn(ctx, await createUser(ctx, other.id, { roles: ['volunteer_coordinator'] }))
    const member = await createUser(ctx, other.id, { roles: ['social_worker'], teamIds: [other.teamId] })
    const person = (await boss.post('/api/people', { lastName: 'Vasseur', phone: '03 23 10 20 32' })).json()
      .id
    const need = (await boss.post('/api/network/needs', { personId: person, kind: 'administrative' })).json()
    const noTeam = await boss.post(`/api/network/needs/${need.id}/escalate`, { to: 'internal_team' })
    expect(noTeam.statusCode).toBe(400)
    expect(noTeam.json().errors[0].message).toBe('Choisissez l’équipe.')
    ctx.mailbox.received.length = 0
    const escalated = await boss.post(`/api/network/needs/${need.id}/escalate`, {
      to: 'internal_team',
      teamId: other.teamId,
    })
    expect(escalated.statusCode, escalated.body).toBe(200)
    expect(escalated.json()).toMatchObject({
      status: 'escalated',
      escalatedAutomatically: false,
      escalationPartner: 'Accueil social',
    })
    await ctx.deliverEmails()
    const told = ctx.mailbox.received.filter((m) => m.to === member.email)
    expect(told).toHaveLength(1)
    expect(told[0]!.text).toContain('transmis à l’équipe « Accueil social »')
    expect(told[0]!.text).toContain('La coordinatrice du réseau vous appellera')
    expect(told[0]!.text).not.toContain('Vasseur')
  })
})

describe('weekly needs and giving a need back', () => {
  it('creates next week’s occurrence for the same volunteer when a weekly need is done', async () => {
    const volunteer = await createVolunteer(ctx, org.id, { helpKinds: ['phone_call'], ...ONE_KM })
    const client = await signedInVolunteer(ctx, volunteer)
    const need = await createNeed({ kind: 'phone_call', recurrence: 'weekly', wantedDate: '2026-12-01' })
    await client.post(`/api/public/network/needs/${need.id}/accept`)
    const done = await client.post(`/api/public/network/needs/${need.id}/done`, {
      report: 'Appel passé, tout va bien.',
    })
    expect(done.statusCode, done.body).toBe(200)
    const mine = ((await client.get('/api/public/network/needs')).json().items as VolunteerNeed[]).filter(
      (n) => n.kind === 'phone_call',
    )
    const next = mine.find((n) => n.state === 'mine')!
    expect(next).toMatchObject({
      recurrence: 'weekly',
      wantedDate: '2026-12-08',
      senior: { name: 'Marcelle Delaunay', phone: '03 23 00 11 22' },
    })
    expect(mine.find((n) => n.id === need.id)).toMatchObject({ state: 'done', senior: null })
    const list = (await coordinator.get('/api/network/needs')).json().items as Need[]
    expect(list.find((n) => n.id === next.id)).toMatchObject({ previousNeedId: need.id, status: 'accepted' })

    // The volunteer gives it back, days later: open again for the others, the senior hidden from them
    // now, and its wait before escalation starts again.
    await ctx.db
      .updateTable('network_needs')
      .set({ waiting_since: new Date(Date.now() - 200 * 3_600_000) })
      .where('id', '=', next.id)
      .execute()
    const released = await client.post(`/api/public/network/needs/${next.id}/release`)
    expect(released.statusCode, released.body).toBe(200)
    expect(released.json()).toMatchObject({ state: 'available', senior: null })
    expect(
      (await coordinator.get('/api/network/needs')).json().items.find((n: Need) => n.id === next.id),
    ).toMatchObject({
      status: 'open',
      volunteerId: null,
      overdue: false,
    })
    const trail = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', next.id)
      .execute()
    expect(trail.map((a) => a.action)).toEqual(
      expect.arrayContaining(['network.need.recur', 'network.need.release']),
    )
    // Given back once: a second time is not theirs any more.
    expect((await client.post(`/api/public/network/needs/${next.id}/release`)).statusCode).toBe(404)
    // A volunteer suspended while holding a need gives it back at once: the senior is not left waiting.
    const held = await createNeed({ kind: 'phone_call' })
    await client.post(`/api/public/network/needs/${held.id}/accept`)
    const suspended = await coordinator.post(`/api/network/volunteers/${volunteer.id}/status`, {
      status: 'suspended',
      reason: 'Absente plusieurs mois.',
    })
    expect(suspended.statusCode, suspended.body).toBe(200)
    const after = (await coordinator.get('/api/network/needs')).json().items as Need[]
    expect(after.find((n) => n.id === held.id)).toMatchObject({ status: 'open', volunteerId: null })
    expect((await client.get('/api/public/network/needs')).statusCode).toBe(403)
    // Cancelling a weekly need ends the series: nothing comes after it.
    const cancelled = await coordinator.post(`/api/network/needs/${next.id}/cancel`)
    expect(cancelled.json().status).toBe('cancelled')
  })
})

describe('a staff member also signed in to the volunteer portal in the same browser', () => {
  it('writes on the portal with the portal’s token, and on staff routes with the staff one', async () => {
    const volunteer = await createVolunteer(ctx, org.id)
    const client = await signedInVolunteer(ctx, volunteer)
    // Both cookies travel together, as in one browser.
    const both = client
    both.cookie = `${client.cookie}; ${coordinator.cookie}`
    const report = await both.post('/api/public/network/reports', { about: 'Un voisin ne répond plus.' })
    expect(report.statusCode, report.body).toBe(201)
    // The portal's token opens nothing on staff routes.
    const staffWrite = await both.post('/api/network/neighbourhoods', {
      name: 'Quartier Europe',
      latitude: 49.85,
      longitude: 3.3,
    })
    expect(staffWrite.statusCode).toBe(403)
    expect(staffWrite.json().code).toBe('CSRF_INVALID')
  })
})

describe('placing volunteers and seniors on the map', () => {
  // A service answering like the Base Adresse Nationale: known addresses get a point, others a low score.
  const addresses: Record<string, [number, number]> = {
    '3 rue des lilas': [3.2876, 49.8489],
    '12 rue de la sellerie, 02100 saint-quentin': [3.2901, 49.8466],
  }
  const queries: string[] = []
  let ban: Server
  let geo: TestContext

  beforeAll(async () => {
    ban = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://ban.test')
      const q = url.searchParams.get('q') ?? ''
      queries.push(url.pathname)
      if (q.includes('panne')) {
        response.writeHead(503).end()
        return
      }
      const point = addresses[q.toLowerCase()]
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: point ?? [2.35, 48.85] },
              properties: { score: point ? 0.96 : 0.21, label: q },
            },
          ],
        }),
      )
    })
    await new Promise<void>((resolve) => ban.listen(0, '127.0.0.1', resolve))
    const { port } = ban.address() as AddressInfo
    geo = await createTestContext({ GEOCODER_URL: `http://127.0.0.1:${port}` })
  })
  afterAll(async () => {
    await geo?.close()
    await new Promise((resolve) => ban?.close(resolve))
  })

  it('geocodes the address at sign-up, falls back on the neighbourhood centre, and never blocks a sign-up', async () => {
    const place = await createOrganisation(geo, 'CCAS de Saint-Quentin')
    const boss = await signedIn(geo, await createUser(geo, place.id, { roles: ['volunteer_coordinator'] }))
    const centre = await boss.post('/api/network/neighbourhoods', {
      name: 'Europe',
      latitude: 49.8575,
      longitude: 3.3061,
    })
    expect(centre.statusCode, centre.body).toBe(201)
    const portal = (
      await new ApiClient(geo).get(`/api/public/network/portal?organisation=${place.id}`)
    ).json()
    expect(portal.neighbourhoods).toEqual([{ id: centre.json().id, name: 'Europe' }])
    const base = { ...signup(), latitude: undefined, longitude: undefined, neighbourhood: undefined }
    const send = (extra: object) =>
      new ApiClient(geo, `10.60.0.${queries.length + 1}`).post(`/api/public/network/${place.id}/volunteers`, {
        ...base,
        ...extra,
      })
    expect((await send({ email: 'lilas@example.org', address: '3 rue des Lilas' })).statusCode).toBe(201)
    expect(
      (await send({ email: 'vague@example.org', address: 'quelque part', neighbourhoodId: centre.json().id }))
        .statusCode,
    ).toBe(201)
    expect((await send({ email: 'panne@example.org', address: 'rue en panne' })).statusCode).toBe(201)
    expect(queries.every((path) => path === '/search/')).toBe(true)

    const volunteers = (await boss.get('/api/network/volunteers')).json().items as {
      email: string
      located: boolean
      latitude: number | null
      neighbourhood: string | null
      id: string
    }[]
    const byEmail = (email: string) => volunteers.find((v) => v.email === email)!
    expect(byEmail('lilas@example.org')).toMatchObject({ located: true, latitude: 49.8489 })
    // A guess below the score threshold is not a place: the neighbourhood's centre is used.
    expect(byEmail('vague@example.org')).toMatchObject({
      located: true,
      latitude: 49.8575,
      neighbourhood: 'Europe',
    })
    // The service failed: the neighbour is signed up, left for the coordinator to place.
    expect(byEmail('panne@example.org')).toMatchObject({ located: false })
    const placed = await boss.patch(`/api/network/volunteers/${byEmail('panne@example.org').id}`, {
      neighbourhoodId: centre.json().id,
    })
    expect(placed.json()).toMatchObject({ located: true, latitude: 49.8575, neighbourhood: 'Europe' })
    const unknown = await boss.patch(`/api/network/volunteers/${byEmail('panne@example.org').id}`, {
      neighbourhoodId: crypto.randomUUID(),
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors[0]).toMatchObject({ path: 'neighbourhoodId', message: 'Quartier inconnu.' })

    // A senior's need is placed from their address; the volunteer 300 m away is the first candidate.
    const senior = (
      await boss.post('/api/people', {
        lastName: 'Delaunay',
        address: '12 rue de la Sellerie',
        postalCode: '02100',
        city: 'Saint-Quentin',
      })
    ).json().id
    const need = await boss.post('/api/network/needs', { personId: senior, kind: 'shopping' })
    expect(need.json()).toMatchObject({ located: true })
    for (const v of volunteers)
      await boss.post(`/api/network/volunteers/${v.id}/status`, { status: 'approved' })
    const matches = (await boss.get(`/api/network/needs/${need.json().id}/matches`)).json()
    expect(matches[0]).toMatchObject({ name: 'Jeanne Voisine', distanceKm: 0.3 })
    // The logs hold no address, even of a failed lookup.
    expect(geo.logs.join('\n').toLowerCase()).not.toMatch(/lilas|sellerie|en panne/)
    expect(geo.logs.join('\n')).toContain('geocoding failed')
  })
})

describe('a volunteer accepting then giving back needs to collect seniors’ details', () => {
  it('is named in the trail of every portal action, and stops at the weekly limit, the coordinators told by count', async () => {
    const watcher = await createUser(ctx, org.id, { roles: ['volunteer_coordinator'] })
    const {
      mapTileUrl: _u,
      mapTileAttribution: _a,
      ...current
    } = (await coordinator.get('/api/network/settings')).json()
    expect(current.weeklyReleaseLimit).toBe(3)
    const refused = await coordinator.put('/api/network/settings', { ...current, weeklyReleaseLimit: 0 })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors[0]).toMatchObject({
      path: 'weeklyReleaseLimit',
      message: 'Indiquez un nombre entre 1 et 50.',
    })
    const saved = await coordinator.put('/api/network/settings', { ...current, weeklyReleaseLimit: 2 })
    expect(saved.json().weeklyReleaseLimit).toBe(2)

    const volunteer = await createVolunteer(ctx, org.id, { helpKinds: ['administrative'], ...ONE_KM })
    const client = await signedInVolunteer(ctx, volunteer, '10.77.0.7')
    const needs = [
      await createNeed({ kind: 'administrative' }),
      await createNeed({ kind: 'administrative' }),
      await createNeed({ kind: 'administrative' }),
    ]
    const mailsToWatcher = async () => {
      await ctx.deliverEmails()
      return ctx.mailbox.received.filter((m) => m.to === watcher.email)
    }

    for (const need of needs.slice(0, 2)) {
      const accepted = await client.post(`/api/public/network/needs/${need.id}/accept`)
      expect(accepted.statusCode, accepted.body).toBe(200)
      expect(accepted.json().senior).toMatchObject({ name: 'Marcelle Delaunay', phone: '03 23 00 11 22' })
      expect((await client.get('/api/public/network/needs')).statusCode).toBe(200)
      // The first give-back is below the limit: nobody is told yet.
      if (need === needs[1]) expect(await mailsToWatcher()).toHaveLength(0)
      expect((await client.post(`/api/public/network/needs/${need.id}/release`)).statusCode).toBe(200)
    }

    // At the limit, a third need is refused in French, and stays open for the others.
    const third = await client.post(`/api/public/network/needs/${needs[2]!.id}/accept`)
    expect(third.statusCode).toBe(429)
    expect(third.json().code).toBe('WEEKLY_LIMIT_REACHED')
    expect(third.json().detail).toMatch(
      /^Vous avez rendu 2 besoins ces 7 derniers jours : pour protéger les personnes aidées, vous pourrez de nouveau en accepter à partir du \d{2}\/\d{2}\/\d{4}\. La coordination du réseau en est informée\.$/,
    )
    expect(third.body).not.toContain('Delaunay')
    const waiting = (await coordinator.get('/api/network/needs')).json().items as Need[]
    expect(waiting.find((n) => n.id === needs[2]!.id)).toMatchObject({ status: 'open', volunteerId: null })
    // Another volunteer is not held back by it.
    const other = await signedInVolunteer(
      ctx,
      await createVolunteer(ctx, org.id, { helpKinds: ['administrative'], ...ONE_KM }),
      '10.77.0.8',
    )
    expect((await other.post(`/api/public/network/needs/${needs[2]!.id}/accept`)).statusCode).toBe(200)

    // The coordinators were told once, by count: neither the senior nor the volunteer is named.
    const told = await mailsToWatcher()
    expect(told).toHaveLength(1)
    expect(told[0]!.subject).toBe('Un bénévole a atteint la limite de besoins rendus')
    expect(told[0]!.text).toContain('a rendu 2 besoins ces 7 derniers jours')
    expect(told[0]!.text).toContain('http://trame.test/reseau/benevoles')
    for (const secret of ['Delaunay', 'Sellerie', '03 23', volunteer.email, 'Solidaire', '06 00']) {
      expect(told[0]!.text).not.toContain(secret)
    }
    // … and the volunteers list shows who.
    const listed = (await coordinator.get('/api/network/volunteers')).json().items as { id: string }[]
    expect(listed.find((v) => v.id === volunteer.id)).toMatchObject({ releasedThisWeek: 2 })

    // Every portal action names the volunteer (no staff user), with the address and what was shown.
    const trail = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_kind', 'user_id', 'ip', 'entity_id', 'person_id', 'person_ids', 'details'])
      .where('volunteer_id', '=', volunteer.id)
      .orderBy('at')
      .orderBy('id')
      .execute()
    expect(trail.map((row) => row.action)).toEqual([
      'volunteer.login',
      'network.need.accept',
      'network.need.list',
      'network.need.release',
      'network.need.accept',
      'network.need.list',
      'network.need.release',
      'network.need.accept_refused',
    ])
    for (const row of trail) {
      expect(row).toMatchObject({ actor_kind: 'volunteer', user_id: null, ip: '10.77.0.7' })
    }
    const accepts = trail.filter((row) => row.action === 'network.need.accept')
    expect(accepts.map((row) => row.entity_id)).toEqual([needs[0]!.id, needs[1]!.id])
    for (const row of accepts) {
      expect(row).toMatchObject({ person_id: seniorId, details: { revealed: ['name', 'address', 'phone'] } })
    }
    const lists = trail.filter((row) => row.action === 'network.need.list')
    expect(lists[0]).toMatchObject({
      person_ids: [seniorId],
      details: { needs: [{ needId: needs[0]!.id, revealed: ['name', 'address', 'phone'] }] },
    })
    expect(trail.at(-1)).toMatchObject({
      entity_id: needs[2]!.id,
      person_id: null,
      details: { releasedThisWeek: 2, limit: 2 },
    })
    // Staff actions stay staff ones, and the periodic jobs are Trame's own.
    const staffRow = await ctx.db
      .selectFrom('audit_log')
      .select(['actor_kind', 'volunteer_id'])
      .where('action', '=', 'network.settings.update')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow()
    expect(staffRow).toEqual({ actor_kind: 'staff', volunteer_id: null })
    await coordinator.put('/api/network/settings', current)
  })
})

describe('the coordinator’s lists', () => {
  it('give volunteers, needs and reports one page at a time with their total, nothing cut silently', async () => {
    const elsewhere = await createOrganisation(ctx, 'CCAS des Pages')
    const boss = await signedIn(
      ctx,
      await createUser(ctx, elsewhere.id, { roles: ['volunteer_coordinator'] }),
    )
    const desk = await signedIn(ctx, await createUser(ctx, elsewhere.id, { roles: ['front_desk_agent'] }))
    for (let n = 0; n < 7; n += 1)
      await createVolunteer(ctx, elsewhere.id, { firstName: `Voisin ${n}`, status: 'pending' })
    const approved = await createVolunteer(ctx, elsewhere.id, { status: 'approved' })
    const senior = await desk.post('/api/people', { lastName: 'Paginé', phone: '03 23 00 11 99' })
    expect(senior.statusCode, senior.body).toBe(201)
    for (let n = 0; n < 5; n += 1) {
      const need = await desk.post('/api/network/needs', { personId: senior.json().id, kind: 'shopping' })
      expect(need.statusCode, need.body).toBe(201)
    }
    const volunteer = await signedInVolunteer(ctx, approved)
    for (const about of ['Madame ne sort plus', 'Monsieur ne répond plus', 'Volets fermés depuis lundi']) {
      const sent = await volunteer.post('/api/public/network/reports', { about })
      expect(sent.statusCode, sent.body).toBe(201)
    }

    const pending = await boss.get('/api/network/volunteers?status=pending&pageSize=3')
    expect(pending.json()).toMatchObject({ total: 7, page: 1, pageSize: 3 })
    expect(pending.json().items).toHaveLength(3)
    const last = (await boss.get('/api/network/volunteers?status=pending&pageSize=3&page=3')).json()
    expect(last).toMatchObject({ total: 7, page: 3 })
    expect(last.items).toHaveLength(1)
    const seen = new Set<string>()
    for (let page = 1; page <= 3; page += 1) {
      const { items } = (
        await boss.get(`/api/network/volunteers?status=pending&pageSize=3&page=${page}`)
      ).json()
      for (const v of items) seen.add(v.id)
    }
    expect(seen.size).toBe(7)
    expect((await boss.get('/api/network/volunteers')).json()).toMatchObject({ total: 8, pageSize: 50 })

    const needs = (await boss.get('/api/network/needs?pageSize=2&page=2')).json()
    expect(needs).toMatchObject({ total: 5, page: 2, pageSize: 2 })
    expect(needs.items).toHaveLength(2)
    const reports = (await boss.get('/api/network/member-reports?pageSize=2&page=2')).json()
    expect(reports).toMatchObject({ total: 3, page: 2 })
    expect(reports.items).toHaveLength(1)
    const closed = await boss.post(`/api/network/member-reports/${reports.items[0].id}/close`, {
      outcome: 'already_known',
    })
    expect(closed.statusCode, closed.body).toBe(200)
    expect((await boss.get('/api/network/member-reports?status=new')).json()).toMatchObject({ total: 2 })
    expect((await boss.get('/api/network/member-reports?status=closed')).json()).toMatchObject({ total: 1 })
    expect((await boss.get('/api/network/needs?pageSize=500')).statusCode).toBe(400)
  })
})
