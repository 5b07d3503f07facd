import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { scriptSaintEtienneCensus } from '../../../../tests/support/outreach-census-seed.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { DEFAULT_HANDOUT_ITEMS } from '../../../shared/outreach.ts'
import { loadConfig } from '../../config.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let agent: ApiClient
let agentId: string
let worker: ApiClient
let workerId: string
let nurse: ApiClient
let director: ApiClient
let admin: ApiClient
let analyst: ApiClient
let frontDesk: ApiClient

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  const agentUser = await createUser(ctx, org.id, {
    roles: ['outreach_agent'],
    teamIds: [org.teamId],
    name: 'Agent Rue',
  })
  agentId = agentUser.id
  agent = await signedIn(ctx, agentUser)
  const workerUser = await createUser(ctx, org.id, {
    roles: ['social_worker'],
    teamIds: [org.teamId],
    name: 'Travailleuse Sociale',
  })
  workerId = workerUser.id
  worker = await signedIn(ctx, workerUser)
  nurse = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['nurse'], teamIds: [org.teamId] }))
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
  frontDesk = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['front_desk_agent'] }))
})
afterAll(() => ctx.close())

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString()
const errorsOf = (response: { json(): { errors?: { path: string; message: string }[] } }) =>
  response.json().errors ?? []

/** Records an encounter and checks it was created. */
async function encounter(client: ApiClient, body: Record<string, unknown>) {
  const response = await client.post('/api/outreach/encounters', {
    idempotencyKey: randomUUID(),
    situation: 'sleeping_rough',
    ...body,
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

async function peopleCount(organisationId: string) {
  const { rows } = await sql<{
    n: number
  }>`select count(*)::int as n from people where organisation_id = ${organisationId}`.execute(ctx.db)
  return rows[0]!.n
}

describe('configuration', () => {
  it('starts with the usual handout items; the director changes them and a retired item keeps its label', async () => {
    const initial = await agent.get('/api/outreach/handout-items')
    expect(initial.statusCode).toBe(200)
    const items = initial.json().items as { id: string; label: string; active: boolean }[]
    expect(items.map((i) => i.label)).toEqual(DEFAULT_HANDOUT_ITEMS)
    // The agent uses the list but cannot change it.
    expect((await agent.put('/api/outreach/handout-items', { items: [{ label: 'X' }] })).statusCode).toBe(403)
    const saved = await director.put('/api/outreach/handout-items', {
      items: [...items.filter((i) => i.label !== 'Vêtements'), { label: 'Masques' }],
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const after = saved.json().items as { label: string; active: boolean }[]
    expect(after.filter((i) => !i.active).map((i) => i.label)).toEqual(['Vêtements'])
    expect(after.filter((i) => i.active).map((i) => i.label)).toContain('Masques')

    const twice = await admin.put('/api/outreach/handout-items', {
      items: [{ label: 'Repas' }, { label: 'repas' }],
    })
    expect(twice.statusCode).toBe(400)
    expect(errorsOf(twice)[0]).toEqual({ path: 'items', message: 'Deux éléments portent le même libellé.' })
  })

  it('lets the administrator name the zones; the front desk may read them to file a report', async () => {
    expect((await agent.get('/api/outreach/zones')).json().items).toEqual([])
    const saved = await admin.put('/api/outreach/zones', {
      items: [{ label: 'Centre-ville' }, { label: 'Gare' }, { label: 'Berges' }],
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json().items.map((z: { label: string }) => z.label)).toEqual([
      'Centre-ville',
      'Gare',
      'Berges',
    ])
    expect((await frontDesk.get('/api/outreach/zones')).statusCode).toBe(200)
    expect((await frontDesk.get('/api/outreach/handout-items')).statusCode).toBe(403)
    const blank = await admin.put('/api/outreach/zones', { items: [{ label: ' ' }] })
    expect(errorsOf(blank)).toEqual([{ path: 'items.0.label', message: 'Indiquez un libellé.' }])
  })

  it('keeps a caseload alert delay of 90 days until the director changes it', async () => {
    expect((await agent.get('/api/outreach/settings')).json()).toEqual({
      caseloadAlertDays: 90,
      mapTileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      mapTileAttribution: '© les contributeurs d’OpenStreetMap',
    })
    const wrong = await director.put('/api/outreach/settings', { caseloadAlertDays: 0 })
    expect(errorsOf(wrong)).toEqual([{ path: 'caseloadAlertDays', message: 'Au moins un jour.' }])
    expect((await agent.put('/api/outreach/settings', { caseloadAlertDays: 30 })).statusCode).toBe(403)
  })

  it('gives the map page the tiles configured for the installation (MAP_TILE_URL)', async () => {
    expect(() => loadConfig({ MAP_TILE_URL: 'https://tuiles.example.fr/carte.png' })).toThrow(
      /MAP_TILE_URL: doit être une adresse http\(s\) contenant \{z\}, \{x\} et \{y\}/,
    )
    const other = await createTestContext({
      MAP_TILE_URL: 'https://tuiles.example.fr/{z}/{x}/{y}.png',
      MAP_TILE_ATTRIBUTION: '© IGN',
    })
    try {
      const city = await createOrganisation(other)
      const user = await createUser(other, city.id, { roles: ['outreach_agent'], teamIds: [city.teamId] })
      const settings = (await (await signedIn(other, user)).get('/api/outreach/settings')).json()
      expect(settings).toMatchObject({
        mapTileUrl: 'https://tuiles.example.fr/{z}/{x}/{y}.png',
        mapTileAttribution: '© IGN',
      })
    } finally {
      await other.close()
    }
  })
})

const zoneId = async (label: string) =>
  ((await agent.get('/api/outreach/zones')).json().items as { id: string; label: string }[]).find(
    (z) => z.label === label,
  )!.id

describe('places', () => {
  it('needs an address or a point, and both coordinates of a point', async () => {
    const none = await agent.post('/api/outreach/places', { type: 'squat', name: 'Sans lieu' })
    expect(errorsOf(none)).toEqual([
      { path: 'address', message: 'Indiquez une adresse ou un point sur la carte.' },
    ])
    const half = await agent.post('/api/outreach/places', { type: 'camp', name: 'Demi', latitude: 45.4 })
    expect(errorsOf(half)[0]).toEqual({
      path: 'longitude',
      message: 'Indiquez la latitude et la longitude, ou aucune des deux.',
    })
  })

  it('dates every status change and keeps the visits with the occupants seen', async () => {
    const created = await agent.post('/api/outreach/places', {
      type: 'squat',
      name: 'Ancienne usine',
      address: '12 rue des Forges',
      latitude: 45.44,
      longitude: 4.38,
      zoneId: await zoneId('Gare'),
      riskNotes: 'Chiens non attachés',
      statusOn: '2026-01-10',
    })
    expect(created.statusCode, created.body).toBe(201)
    const place = created.json()
    expect(place).toMatchObject({
      status: 'active',
      statusSince: '2026-01-10',
      zoneName: 'Gare',
      lastVisit: null,
    })

    const visit = await agent.post(`/api/outreach/places/${place.id}/visits`, {
      visitedAt: '2026-02-01T20:00:00+01:00',
      occupants: 7,
    })
    expect(visit.statusCode, visit.body).toBe(201)
    expect(visit.json()).toMatchObject({ occupants: 7, recordedBy: 'Agent Rue' })
    const negative = await agent.post(`/api/outreach/places/${place.id}/visits`, { occupants: -1 })
    expect(errorsOf(negative)).toEqual([
      { path: 'occupants', message: 'Le nombre ne peut pas être négatif.' },
    ])

    const evacuated = await worker.patch(`/api/outreach/places/${place.id}`, {
      status: 'evacuated',
      statusOn: '2026-02-15',
      statusNote: 'Arrêté préfectoral',
    })
    expect(evacuated.statusCode, evacuated.body).toBe(200)
    expect(evacuated.json()).toMatchObject({
      status: 'evacuated',
      statusSince: '2026-02-15',
      statusHistory: [
        { status: 'evacuated', on: '2026-02-15', note: 'Arrêté préfectoral' },
        { status: 'active', on: '2026-01-10', note: null },
      ],
      visits: { items: [{ occupants: 7 }], total: 1, page: 1, pageSize: 20 },
      lastVisit: { occupants: 7 },
    })
    // Visits past a page: the latest first, the total said, the next page asked for.
    for (let day = 2; day <= 26; day += 1) {
      const more = await agent.post(`/api/outreach/places/${place.id}/visits`, {
        visitedAt: new Date(Date.UTC(2026, 0, day, 20)).toISOString(),
        occupants: day,
      })
      expect(more.statusCode, more.body).toBe(201)
      expect(more.json()).toMatchObject({ occupants: day })
    }
    const firstVisits = (await worker.get(`/api/outreach/places/${place.id}`)).json().visits
    expect(firstVisits).toMatchObject({ total: 26, page: 1, pageSize: 20 })
    expect(firstVisits.items[0].occupants).toBe(7)
    const nextVisits = (await worker.get(`/api/outreach/places/${place.id}?visitsPage=2`)).json().visits
    expect(nextVisits.items.map((v: { occupants: number }) => v.occupants)).toEqual([7, 6, 5, 4, 3, 2])
    const backwards = await worker.patch(`/api/outreach/places/${place.id}`, {
      status: 'active',
      statusOn: '2026-02-01',
    })
    expect(errorsOf(backwards)).toEqual([
      { path: 'statusOn', message: 'Le changement ne peut pas précéder le statut actuel.' },
    ])
    // Active places only in a zone's list when asked.
    const active = await agent.get(`/api/outreach/places?status=active&zoneId=${await zoneId('Gare')}`)
    expect(active.json().items).toEqual([])
    expect(active.json()).toMatchObject({ total: 0, page: 1, pageSize: 50 })
  })

  it('lists places one page at a time by name, with the total of the filters', async () => {
    const gare = await zoneId('Gare')
    const before = (await agent.get('/api/outreach/places?pageSize=1')).json().total as number
    const ids: string[] = []
    for (const name of ['Pont Z', 'Pont Y', 'Pont X', 'Pont W', 'Pont V']) {
      const created = await agent.post('/api/outreach/places', {
        type: 'camp',
        name,
        latitude: 45.44,
        longitude: 4.38,
        zoneId: gare,
        status: 'active',
        statusOn: '2026-03-01',
      })
      expect(created.statusCode, created.body).toBe(201)
      ids.push(created.json().id)
    }
    const all = (await agent.get('/api/outreach/places?pageSize=1')).json()
    expect(all).toMatchObject({ total: before + 5, page: 1, pageSize: 1 })
    const names: string[] = []
    for (let page = 1; page <= 3; page += 1) {
      const answer = (
        await agent.get(`/api/outreach/places?status=active&zoneId=${gare}&pageSize=2&page=${page}`)
      ).json()
      expect(answer).toMatchObject({ total: 5, page, pageSize: 2 })
      names.push(...answer.items.map((p: { name: string }) => p.name))
    }
    expect(names).toEqual(['Pont V', 'Pont W', 'Pont X', 'Pont Y', 'Pont Z'])
    // Past the last page: no place, the total still said.
    expect(
      (await agent.get(`/api/outreach/places?zoneId=${gare}&status=active&page=9`)).json(),
    ).toMatchObject({
      items: [],
      total: 5,
    })
    // Bad paging is refused in French, never a 500.
    const tooMany = await agent.get('/api/outreach/places?pageSize=1000')
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.body).toContain('200 lignes par page au plus.')
    expect((await agent.get('/api/outreach/places?page=abc')).statusCode).toBe(400)
    // The map still takes every located place at once, in its own bounded way.
    const map = (await agent.get('/api/outreach/map')).json()
    expect(map.places.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(ids))
  })
})

describe('rounds', () => {
  it('plans a round with its team, lead, agents and partners, and checks every reference', async () => {
    const centre = await zoneId('Centre-ville')
    const planned = await agent.post('/api/outreach/rounds', {
      date: '2026-03-02',
      startTime: '19:30',
      endTime: '23:00',
      teamId: org.teamId,
      zoneId: centre,
      leadUserId: agentId,
      agentIds: [workerId],
      partnerNames: ['Croix-Rouge : 2 bénévoles'],
      mode: 'vehicle',
    })
    expect(planned.statusCode, planned.body).toBe(201)
    expect(planned.json()).toMatchObject({
      status: 'planned',
      date: '2026-03-02',
      startTime: '19:30',
      endTime: '23:00',
      teamName: 'Accueil social',
      zoneName: 'Centre-ville',
      leadUserName: 'Agent Rue',
      agents: [{ id: workerId, name: 'Travailleuse Sociale' }],
      partnerNames: ['Croix-Rouge : 2 bénévoles'],
      mode: 'vehicle',
      handouts: [],
      encounterCount: 0,
    })

    const backwards = await agent.post('/api/outreach/rounds', {
      date: '2026-03-02',
      startTime: '23:00',
      endTime: '19:00',
    })
    expect(errorsOf(backwards)).toEqual([
      { path: 'endTime', message: 'L’heure de fin doit suivre l’heure de début.' },
    ])
    const other = await createOrganisation(ctx, 'CCAS voisin')
    const stranger = await createUser(ctx, other.id, { roles: ['outreach_agent'] })
    const wrongLead = await agent.post('/api/outreach/rounds', {
      date: '2026-03-02',
      leadUserId: stranger.id,
    })
    expect(errorsOf(wrongLead)).toEqual([
      { path: 'leadUserId', message: 'Agent inconnu ou compte désactivé.' },
    ])
    const wrongTeam = await agent.post('/api/outreach/rounds', { date: '2026-03-02', teamId: other.teamId })
    expect(errorsOf(wrongTeam)).toEqual([{ path: 'teamId', message: 'Équipe inconnue.' }])
    const badDate = await agent.post('/api/outreach/rounds', { date: '02/03/2026' })
    expect(errorsOf(badDate)[0]).toEqual({
      path: 'date',
      message: 'Date invalide (format attendu : AAAA-MM-JJ).',
    })
  })

  it('gives the round sheet: active places of its zone with their last visit and risk notes, and its encounters', async () => {
    const centre = await zoneId('Centre-ville')
    const place = (
      await agent.post('/api/outreach/places', {
        type: 'sleeping_spot',
        name: 'Porche de la médiathèque',
        latitude: 45.439,
        longitude: 4.387,
        zoneId: centre,
        riskNotes: 'Passage de deux-roues',
      })
    ).json()
    const closed = (
      await agent.post('/api/outreach/places', {
        type: 'camp',
        name: 'Campement fermé',
        address: 'Quai',
        zoneId: centre,
        status: 'closed',
      })
    ).json()
    const round = (
      await agent.post('/api/outreach/rounds', { date: '2026-03-05', teamId: org.teamId, zoneId: centre })
    ).json()
    const met = await encounter(agent, {
      roundId: round.id,
      placeId: place.id,
      placeOccupants: 2,
      anonymous: { sex: 'male', approximateAge: 40 },
      occurredAt: '2026-03-05T21:00:00+01:00',
    })
    // Met during the team's round: the encounter is the team's.
    expect(met).toMatchObject({
      teamId: org.teamId,
      roundId: round.id,
      placeName: 'Porche de la médiathèque',
    })

    const sheet = await agent.get(`/api/outreach/rounds/${round.id}`)
    expect(sheet.statusCode, sheet.body).toBe(200)
    const body = sheet.json()
    expect(body.round.encounterCount).toBe(1)
    expect(body.places.map((p: { id: string }) => p.id)).toContain(place.id)
    expect(body.places.map((p: { id: string }) => p.id)).not.toContain(closed.id)
    expect(body.places.find((p: { id: string }) => p.id === place.id)).toMatchObject({
      riskNotes: 'Passage de deux-roues',
      lastVisit: { occupants: 2, encounterId: met.id, roundId: round.id },
    })
    expect(body.encounters.map((e: { id: string }) => e.id)).toEqual([met.id])
  })

  it('closes with the counts handed out and remarks; an item retired since keeps its label in the report', async () => {
    const items = (await director.get('/api/outreach/handout-items')).json().items as {
      id: string
      label: string
      active: boolean
    }[]
    const meals = items.find((i) => i.label === 'Repas')!
    const blankets = items.find((i) => i.label === 'Couvertures')!
    const clothes = items.find((i) => i.label === 'Vêtements')!
    const round = (
      await agent.post('/api/outreach/rounds', { date: '2026-03-06', teamId: org.teamId })
    ).json()

    const negative = await agent.post(`/api/outreach/rounds/${round.id}/close`, {
      handouts: [{ itemId: meals.id, quantity: -2 }],
    })
    expect(errorsOf(negative)).toEqual([
      { path: 'handouts.0.quantity', message: 'La quantité ne peut pas être négative.' },
    ])
    const otherOrg = await createOrganisation(ctx, 'CCAS aux autres objets')
    const otherDirector = await signedIn(
      ctx,
      await createUser(ctx, otherOrg.id, { roles: ['director'], totp: true }),
    )
    const foreignItem = (await otherDirector.get('/api/outreach/handout-items')).json().items[0].id
    for (const itemId of [foreignItem, clothes.id]) {
      const refused = await agent.post(`/api/outreach/rounds/${round.id}/close`, {
        handouts: [{ itemId, quantity: 1 }],
      })
      expect(errorsOf(refused)).toEqual([
        { path: 'handouts.0.itemId', message: 'Élément distribué inconnu.' },
      ])
    }

    const closed = await agent.post(`/api/outreach/rounds/${round.id}/close`, {
      handouts: [
        { itemId: meals.id, quantity: 14 },
        { itemId: blankets.id, quantity: 3 },
      ],
      remarks: 'Froid intense, beaucoup de demandes de couvertures',
      endTime: '23:30',
    })
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json()).toMatchObject({
      status: 'done',
      endTime: '23:30',
      remarks: 'Froid intense, beaucoup de demandes de couvertures',
      handouts: [
        { itemId: meals.id, label: 'Repas', quantity: 14 },
        { itemId: blankets.id, label: 'Couvertures', quantity: 3 },
      ],
    })
    expect(closed.json().closedAt).not.toBeNull()
    // Blankets leave the list: the report still says what was handed out, and can be corrected.
    await director.put('/api/outreach/handout-items', {
      items: items.filter((i) => i.active && i.id !== blankets.id),
    })
    const sheet = (await agent.get(`/api/outreach/rounds/${round.id}`)).json()
    expect(sheet.round.handouts[1]).toEqual({ itemId: blankets.id, label: 'Couvertures', quantity: 3 })
    const corrected = await agent.post(`/api/outreach/rounds/${round.id}/close`, {
      handouts: [
        { itemId: meals.id, quantity: 15 },
        { itemId: blankets.id, quantity: 3 },
      ],
    })
    expect(corrected.statusCode, corrected.body).toBe(200)
    expect(corrected.json().handouts.map((h: { quantity: number }) => h.quantity)).toEqual([15, 3])
    // A done round is not planned again.
    const replan = await agent.patch(`/api/outreach/rounds/${round.id}`, { status: 'planned' })
    expect(errorsOf(replan)[0]!.path).toBe('status')
  })

  it('cancels a planned round, lists rounds by period, team and status', async () => {
    const round = (
      await agent.post('/api/outreach/rounds', { date: '2026-04-01', teamId: org.teamId })
    ).json()
    const cancelled = await agent.patch(`/api/outreach/rounds/${round.id}`, { status: 'cancelled' })
    expect(cancelled.json().status).toBe('cancelled')
    const refused = await agent.post('/api/outreach/encounters', {
      idempotencyKey: randomUUID(),
      roundId: round.id,
      situation: 'camp',
      anonymous: {},
    })
    expect(errorsOf(refused)).toEqual([{ path: 'roundId', message: 'Cette tournée est annulée.' }])

    const april = await agent.get('/api/outreach/rounds?from=2026-04-01&to=2026-04-30')
    expect(april.json().items.map((r: { id: string }) => r.id)).toEqual([round.id])
    const done = await agent.get(`/api/outreach/rounds?teamId=${org.teamId}&status=done`)
    expect(done.json().items.every((r: { status: string }) => r.status === 'done')).toBe(true)
    const wrongPeriod = await agent.get('/api/outreach/rounds?from=2026-05-01&to=2026-04-01')
    expect(errorsOf(wrongPeriod)).toEqual([
      { path: 'from', message: 'La date de début doit précéder la date de fin.' },
    ])
  })
})

describe('encounters', () => {
  it('records an anonymous encounter without any identity, with needs and actions', async () => {
    const reasons = (await nurse.get('/api/outreach/contact-reasons')).json().items as {
      id: string
      label: string
    }[]
    const health = reasons.find((r) => r.label === 'Santé')!.id
    const met = await encounter(nurse, {
      teamId: org.teamId,
      latitude: 45.43,
      longitude: 4.39,
      address: 'Place Jean-Jaurès',
      situation: 'camp',
      anonymous: {
        sex: 'female',
        approximateAge: 30,
        withChildren: true,
        peopleCount: 4,
        description: 'Mère et trois enfants',
      },
      reasonIds: [health],
      needs: ['health', 'shelter_tonight'],
      actions: ['emergency_115'],
    })
    expect(met).toMatchObject({
      personId: null,
      personName: null,
      anonymous: { sex: 'female', approximateAge: 30, withChildren: true, peopleCount: 4 },
      householdType: 'with_children',
      reasonIds: [health],
      needs: ['health', 'shelter_tonight'],
      actions: ['emergency_115'],
      followupId: null,
    })
  })

  it('tells which field is wrong, in French', async () => {
    /** The field errors of an encounter that differs from a valid anonymous one by `change`. */
    const refused = async (change: Record<string, unknown>) =>
      errorsOf(
        await agent.post('/api/outreach/encounters', {
          idempotencyKey: randomUUID(),
          situation: 'car',
          anonymous: {},
          ...change,
        }),
      )
    expect(await refused({ anonymous: undefined })).toEqual([
      {
        path: 'anonymous',
        message: 'Indiquez qui a été rencontré : une personne connue, un surnom, ou une description anonyme.',
      },
    ])
    expect(await refused({ actions: ['orientation_partner'] })).toEqual([
      {
        path: 'orientationPartnerServiceId',
        message: 'Choisissez le service partenaire vers lequel la personne est orientée.',
      },
    ])
    expect((await refused({ actions: ['nothing_accepted', 'information'] }))[0]!.path).toBe('actions')
    expect(await refused({ situation: 'palace' })).toEqual([
      { path: 'situation', message: 'Choisissez une valeur de la liste.' },
    ])
    expect(await refused({ occurredAt: new Date(Date.now() + 3_600_000).toISOString() })).toEqual([
      { path: 'occurredAt', message: 'La date ne peut pas être dans le futur.' },
    ])
    expect(await refused({ idempotencyKey: 'abc' })).toEqual([
      { path: 'idempotencyKey', message: 'Identifiant invalide.' },
    ])
    expect(await refused({ anonymous: { approximateAge: 130 } })).toEqual([
      { path: 'anonymous.approximateAge', message: 'Âge invalide.' },
    ])
    expect(await refused({ newPerson: {}, anonymous: undefined })).toEqual([
      { path: 'newPerson.nickname', message: 'Indiquez un surnom ou une courte description.' },
    ])
  })

  it('opens a file from a nickname alone, and the person’s follow-up at first contact', async () => {
    const before = await peopleCount(org.id)
    const met = await encounter(agent, {
      teamId: org.teamId,
      newPerson: { nickname: 'Le Grand', sex: 'male', approximateAge: 28 },
      situation: 'sleeping_rough',
      occurredAt: daysAgo(10),
    })
    expect(await peopleCount(org.id)).toBe(before + 1)
    expect(met.personName).toBe('« Le Grand »')
    expect(met.anonymous).toBeNull()
    const followup = (await agent.get(`/api/outreach/followups/${met.followupId}`)).json()
    expect(followup).toMatchObject({
      personId: met.personId,
      stage: 'first_contact',
      engagedAt: null,
      missingDetails: [],
      history: [{ stage: 'first_contact', by: 'Agent Rue' }],
    })
    // The file says where it came from, and its age is the one given.
    const person = (await agent.get(`/api/people/${met.personId}`)).json()
    expect(person).toMatchObject({
      aliases: ['Le Grand'],
      sex: 'male',
      approximateAge: 28,
      referralSource: 'outreach',
    })
  })

  it('measures engagement: known after a second contact, support accepted later, each change dated', async () => {
    const first = await encounter(agent, {
      teamId: org.teamId,
      newPerson: { nickname: 'Momo' },
      occurredAt: daysAgo(60),
    })
    const second = await encounter(agent, {
      teamId: org.teamId,
      personId: first.personId,
      occurredAt: daysAgo(30),
    })
    expect(second.followupId).toBe(first.followupId)
    const accepted = await encounter(agent, {
      teamId: org.teamId,
      personId: first.personId,
      occurredAt: daysAgo(5),
      engagementStage: 'support_accepted',
    })
    const followup = (await agent.get(`/api/outreach/followups/${accepted.followupId}`)).json()
    expect(followup.stage).toBe('support_accepted')
    expect(followup.history.map((h: { stage: string }) => h.stage)).toEqual([
      'first_contact',
      'known',
      'support_accepted',
    ])
    expect(followup.firstContactAt).toBe(new Date(first.occurredAt).toISOString())
    expect(followup.engagedAt).toBe(new Date(accepted.occurredAt).toISOString())
    // Engaged: Trame now asks for the identity and rights details the file lacks.
    expect(followup.missingDetails).toEqual([
      'lastName',
      'firstNames',
      'birthDate',
      'sex',
      'nationalityGroup',
      'healthCover',
      'address',
    ])
    await worker.patch(`/api/people/${first.personId}`, {
      lastName: 'Benali',
      firstNames: 'Mohamed',
      birthDate: '1990-04-02',
      sex: 'male',
      healthCover: 'basic',
    })
    const completed = (await agent.get(`/api/outreach/followups/${accepted.followupId}`)).json()
    expect(completed.missingDetails).toEqual(['nationalityGroup', 'address'])

    const refusal = await agent.post(`/api/outreach/followups/${accepted.followupId}/stage`, {
      stage: 'refused',
      at: daysAgo(2),
      note: 'Ne souhaite plus être accompagné',
    })
    expect(refusal.statusCode, refusal.body).toBe(200)
    expect(refusal.json()).toMatchObject({ stage: 'refused', engagedAt: followup.engagedAt })
    expect(refusal.json().refusedAt).not.toBeNull()
    const same = await agent.post(`/api/outreach/followups/${accepted.followupId}/stage`, {
      stage: 'refused',
    })
    expect(errorsOf(same)).toEqual([{ path: 'stage', message: 'La personne est déjà à l’étape « Refus ».' }])
    const tooEarly = await agent.post(`/api/outreach/followups/${accepted.followupId}/stage`, {
      stage: 'known',
      at: daysAgo(90),
    })
    expect(errorsOf(tooEarly)).toEqual([
      { path: 'at', message: 'La date ne peut pas précéder le premier contact.' },
    ])
  })

  it('records an encounter once per idempotency key, even when the same form arrives twice at once', async () => {
    const idempotencyKey = randomUUID()
    const body = {
      idempotencyKey,
      teamId: org.teamId,
      situation: 'squat',
      newPerson: { nickname: 'Double envoi' },
    }
    const before = await peopleCount(org.id)
    const [a, b] = await Promise.all([
      agent.post('/api/outreach/encounters', body),
      agent.post('/api/outreach/encounters', body),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201])
    expect(a.json().id).toBe(b.json().id)
    const again = await agent.post('/api/outreach/encounters', body)
    expect(again.statusCode).toBe(200)
    expect(again.json().id).toBe(a.json().id)
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from outreach_encounters where idempotency_key = ${idempotencyKey}`.execute(
      ctx.db,
    )
    expect(rows[0]!.n).toBe(1)
    // One file opened, not two.
    expect(await peopleCount(org.id)).toBe(before + 1)
    // The key is the organisation's: another organisation using the same key records its own.
    const other = await createOrganisation(ctx, 'CCAS aux mêmes clés')
    const otherAgent = await signedIn(ctx, await createUser(ctx, other.id, { roles: ['outreach_agent'] }))
    const theirs = await otherAgent.post('/api/outreach/encounters', { ...body, teamId: other.teamId })
    expect(theirs.statusCode).toBe(201)
    expect(theirs.json().id).not.toBe(a.json().id)
  })

  it('writes nothing when a reference is wrong: no file opened for the new person', async () => {
    const before = await peopleCount(org.id)
    const other = await createOrganisation(ctx, 'CCAS des autres services')
    const otherWorker = await signedIn(ctx, await createUser(ctx, other.id, { roles: ['social_worker'] }))
    const partner = await otherWorker.post('/api/partners', { name: 'Partenaire ailleurs' })
    const service = await otherWorker.post(`/api/partners/${partner.json().id}/services`, {
      name: 'Accueil de jour',
      category: 'hygiene',
    })
    const key = randomUUID()
    const refused = await agent.post('/api/outreach/encounters', {
      idempotencyKey: key,
      newPerson: { nickname: 'Pas enregistré' },
      situation: 'sleeping_rough',
      actions: ['orientation_partner'],
      orientationPartnerServiceId: service.json().id,
    })
    expect(errorsOf(refused)).toEqual([
      { path: 'orientationPartnerServiceId', message: 'Service partenaire inconnu.' },
    ])
    expect(await peopleCount(org.id)).toBe(before)
    // A reason of no list (or retired) is refused too, at its place in the list.
    const unknownReason = await agent.post('/api/outreach/encounters', {
      idempotencyKey: key,
      newPerson: { nickname: 'Pas enregistré' },
      situation: 'sleeping_rough',
      reasonIds: [randomUUID()],
    })
    expect(errorsOf(unknownReason)).toEqual([{ path: 'reasonIds.0', message: 'Motif inconnu.' }])
    expect(await peopleCount(org.id)).toBe(before)
    // The same key can then be used for the corrected form.
    expect(
      (
        await agent.post('/api/outreach/encounters', {
          idempotencyKey: key,
          anonymous: {},
          situation: 'sleeping_rough',
        })
      ).statusCode,
    ).toBe(201)
  })

  it('orients to a team or a partner service of the organisation', async () => {
    const partner = await worker.post('/api/partners', { name: 'Accueil de jour Solidarité' })
    const service = await worker.post(`/api/partners/${partner.json().id}/services`, {
      name: 'Douches',
      category: 'hygiene',
    })
    const met = await encounter(agent, {
      anonymous: { sex: 'male' },
      actions: ['orientation_partner', 'orientation_team', 'accompaniment'],
      orientationPartnerServiceId: service.json().id,
      orientationTeamId: org.teamId,
    })
    expect(met).toMatchObject({
      orientationPartnerServiceName: 'Accueil de jour Solidarité — Douches',
      orientationTeamId: org.teamId,
    })
  })

  it('turns an anonymous encounter into a known person’s, which opens their follow-up; it shows on their timeline', async () => {
    const met = await encounter(agent, {
      teamId: org.teamId,
      anonymous: { sex: 'female', approximateAge: 50 },
      occurredAt: daysAgo(3),
      note: 'Se fait appeler Nadia',
    })
    const personId = (await worker.post('/api/people', { firstNames: 'Nadia', lastName: 'Ferhat' })).json().id
    const completed = await agent.patch(`/api/outreach/encounters/${met.id}`, {
      personId,
      householdType: 'alone',
    })
    expect(completed.statusCode, completed.body).toBe(200)
    expect(completed.json()).toMatchObject({ personId, personName: 'FERHAT Nadia', anonymous: null })
    expect(completed.json().followupId).not.toBeNull()
    const back = await agent.patch(`/api/outreach/encounters/${met.id}`, { personId: null })
    expect(errorsOf(back)[0]!.path).toBe('personId')

    const timeline = (await worker.get(`/api/people/${personId}/timeline`)).json().items as {
      kind: string
      title: string
      detail: string | null
    }[]
    expect(timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'outreach', title: 'Rencontre — À la rue — Accueil social' }),
        expect.objectContaining({
          kind: 'outreach',
          title: 'Étape d’accompagnement — Premier contact — Accueil social',
        }),
      ]),
    )
    const listed = await agent.get(`/api/outreach/encounters?personId=${personId}`)
    expect(listed.json().items.map((e: { id: string }) => e.id)).toEqual([met.id])
  })

  it('leaves audit rows for the encounters written and read', async () => {
    const met = await encounter(agent, { newPerson: { nickname: 'Audité' } })
    await worker.get(`/api/outreach/encounters/${met.id}`)
    const rows = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'person_id'])
      .where('entity_id', '=', met.id)
      .orderBy('at')
      .execute()
    expect(rows).toEqual([
      { action: 'outreach.encounter_create', person_id: met.personId },
      { action: 'outreach.encounter_read', person_id: met.personId },
    ])
  })
})

describe('confidential teams', () => {
  it('keeps a confidential team’s encounters and follow-ups to its members and the director', async () => {
    const member = await signedIn(
      ctx,
      await createUser(ctx, org.id, { roles: ['outreach_agent'], teamIds: [org.confidentialTeamId] }),
    )
    const met = await encounter(member, {
      teamId: org.confidentialTeamId,
      newPerson: { nickname: 'Mineur isolé' },
      note: 'Confidentiel',
    })
    expect((await member.get(`/api/outreach/encounters/${met.id}`)).statusCode).toBe(200)
    expect((await director.get(`/api/outreach/encounters/${met.id}`)).statusCode).toBe(200)
    expect((await agent.get(`/api/outreach/encounters/${met.id}`)).statusCode).toBe(404)
    expect((await agent.get(`/api/outreach/followups/${met.followupId}`)).statusCode).toBe(404)
    expect((await agent.get('/api/outreach/encounters')).body).not.toContain(met.id)
    expect((await agent.get('/api/outreach/caseload')).body).not.toContain('Mineur isolé')
    expect((await member.get(`/api/outreach/caseload?teamId=${org.confidentialTeamId}`)).body).toContain(
      'Mineur isolé',
    )
    expect((await agent.get('/api/outreach/map')).body).not.toContain(met.id)
    // One cannot file an encounter under a confidential team one is not in.
    const refused = await agent.post('/api/outreach/encounters', {
      idempotencyKey: randomUUID(),
      teamId: org.confidentialTeamId,
      situation: 'car',
      anonymous: {},
    })
    expect(errorsOf(refused)).toEqual([{ path: 'teamId', message: 'Équipe inconnue.' }])
    // The new file went to the confidential team too.
    expect((await agent.get(`/api/people/${met.personId}`)).statusCode).toBe(404)
  })
})

describe('caseload', () => {
  it('lists the team’s open follow-ups with the last contact and flags those past the delay', async () => {
    const team = (await admin.post('/api/teams', { name: 'Maraude du soir' })).json()
    const member = await signedIn(
      ctx,
      await createUser(ctx, org.id, { roles: ['outreach_agent'], teamIds: [team.id] }),
    )
    const old = await encounter(member, {
      teamId: team.id,
      newPerson: { nickname: 'Ancien' },
      occurredAt: daysAgo(100),
    })
    await encounter(member, { teamId: team.id, personId: old.personId, occurredAt: daysAgo(40) })
    const recent = await encounter(member, {
      teamId: team.id,
      newPerson: { nickname: 'Récent' },
      occurredAt: daysAgo(5),
    })

    let caseload = (await member.get(`/api/outreach/caseload?teamId=${team.id}`)).json()
    expect(caseload.alertDays).toBe(90)
    expect(
      caseload.items.map((f: { personName: string; daysSinceLastContact: number; alert: boolean }) => [
        f.personName,
        f.daysSinceLastContact,
        f.alert,
      ]),
    ).toEqual([
      ['« Ancien »', 40, false],
      ['« Récent »', 5, false],
    ])
    await director.put('/api/outreach/settings', { caseloadAlertDays: 30 })
    caseload = (await member.get(`/api/outreach/caseload?teamId=${team.id}`)).json()
    expect(caseload.alertDays).toBe(30)
    expect(caseload.items.map((f: { alert: boolean }) => f.alert)).toEqual([true, false])
    await director.put('/api/outreach/settings', { caseloadAlertDays: 90 })

    const noReason = await member.post(`/api/outreach/followups/${recent.followupId}/close`, {})
    expect(errorsOf(noReason)).toEqual([
      { path: 'exitReason', message: 'Choisissez une valeur de la liste.' },
    ])
    const closed = await member.post(`/api/outreach/followups/${recent.followupId}/close`, {
      exitReason: 'housed',
      note: 'Place en pension de famille',
    })
    expect(closed.json()).toMatchObject({ exitReason: 'housed', alert: false })
    expect(closed.json().closedAt).not.toBeNull()
    caseload = (await member.get(`/api/outreach/caseload?teamId=${team.id}`)).json()
    expect(caseload.items.map((f: { personName: string }) => f.personName)).toEqual(['« Ancien »'])
    const again = await member.post(`/api/outreach/followups/${recent.followupId}/stage`, { stage: 'known' })
    expect(errorsOf(again)).toEqual([{ path: 'id', message: 'Ce suivi est clôturé.' }])
    // Met again: a new follow-up opens.
    const back = await encounter(member, { teamId: team.id, personId: recent.personId })
    expect(back.followupId).not.toBe(recent.followupId)
    const all = (
      await member.get(`/api/outreach/followups?personId=${recent.personId}&includeClosed=true`)
    ).json()
    expect(all.items).toHaveLength(2)
  })

  it('gives the caseload one page at a time with its total, the longest without contact first', async () => {
    const team = (await admin.post('/api/teams', { name: 'Maraude des pages' })).json()
    const member = await signedIn(
      ctx,
      await createUser(ctx, org.id, { roles: ['outreach_agent'], teamIds: [team.id] }),
    )
    for (let n = 1; n <= 5; n += 1) {
      await encounter(member, {
        teamId: team.id,
        newPerson: { nickname: `Page ${n}` },
        occurredAt: daysAgo(n),
      })
    }
    const first = (await member.get(`/api/outreach/caseload?teamId=${team.id}&pageSize=2`)).json()
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2, alertDays: 90 })
    expect(first.items.map((f: { personName: string }) => f.personName)).toEqual(['« Page 5 »', '« Page 4 »'])
    const second = (await member.get(`/api/outreach/caseload?teamId=${team.id}&pageSize=2&page=2`)).json()
    expect(second.items.map((f: { personName: string }) => f.personName)).toEqual([
      '« Page 3 »',
      '« Page 2 »',
    ])
    const last = (await member.get(`/api/outreach/caseload?teamId=${team.id}&pageSize=2&page=3`)).json()
    expect(last).toMatchObject({ total: 5, page: 3 })
    expect(last.items).toHaveLength(1)
    const followups = (await member.get(`/api/outreach/followups?teamId=${team.id}&pageSize=3&page=2`)).json()
    expect(followups).toMatchObject({ total: 5, page: 2, pageSize: 3 })
    expect(followups.items).toHaveLength(2)
  })

  it('opens a follow-up without an encounter once per person and team', async () => {
    const personId = (await worker.post('/api/people', { lastName: 'Signalé' })).json().id
    const opened = await agent.post('/api/outreach/followups', { personId, teamId: org.teamId })
    expect(opened.statusCode, opened.body).toBe(201)
    const twice = await agent.post('/api/outreach/followups', { personId, teamId: org.teamId })
    expect(errorsOf(twice)).toEqual([
      { path: 'personId', message: 'Cette personne a déjà un suivi ouvert par cette équipe.' },
    ])
  })
})

describe('families with incomplete rights', () => {
  it('flags a household with its rights checklist, follows it with the nurse and refers it to the département', async () => {
    const mother = (
      await worker.post('/api/people', { firstNames: 'Amina', lastName: 'Kovač', birthDate: '1990-01-01' })
    ).json().id
    const child = (
      await worker.post('/api/people', { firstNames: 'Lena', lastName: 'Kovač', birthDate: '2022-06-01' })
    ).json().id
    const household = await worker.post('/api/households', {
      members: [
        { personId: mother, relationship: 'head' },
        { personId: child, relationship: 'child' },
      ],
    })
    expect(household.statusCode, household.body).toBe(201)
    const flagged = await nurse.post('/api/outreach/families', {
      householdId: household.json().id,
      teamId: org.teamId,
      flaggedOn: '2026-01-05',
      rights: [
        { item: 'health_cover', status: 'in_progress', on: '2026-01-06', note: 'AME déposée' },
        { item: 'schooling', status: 'to_check' },
      ],
    })
    expect(flagged.statusCode, flagged.body).toBe(201)
    const family = flagged.json()
    expect(family.members.map((m: { displayName: string }) => m.displayName)).toEqual([
      'KOVAČ Amina',
      'KOVAČ Lena',
    ])
    expect(family.rights).toEqual([
      { item: 'health_cover', status: 'in_progress', on: '2026-01-06', note: 'AME déposée' },
      { item: 'family_allowances', status: 'to_check', on: null, note: null },
      { item: 'schooling', status: 'to_check', on: null, note: null },
      { item: 'domiciliation', status: 'to_check', on: null, note: null },
      { item: 'residence_status', status: 'to_check', on: null, note: null },
    ])
    const twice = await nurse.post('/api/outreach/families', { householdId: household.json().id })
    expect(errorsOf(twice)[0]!.path).toBe('householdId')

    const departement = await worker.post('/api/partners', { name: 'Département du Bas-Rhin' })
    const pmi = await worker.post(`/api/partners/${departement.json().id}/services`, {
      name: 'PMI',
      category: 'children_family',
    })
    const referred = await nurse.post(`/api/outreach/families/${family.id}/referrals`, {
      partnerServiceId: pmi.json().id,
      referredOn: '2026-01-10',
      note: 'Vaccins de Lena',
    })
    expect(referred.statusCode, referred.body).toBe(201)
    const referral = referred.json().referrals[0]
    expect(referral).toMatchObject({
      partnerServiceName: 'Département du Bas-Rhin — PMI',
      outcome: 'pending',
    })
    const answered = await nurse.patch(`/api/outreach/families/${family.id}/referrals/${referral.id}`, {
      outcome: 'accepted',
      outcomeOn: '2026-01-20',
    })
    expect(answered.json().referrals[0]).toMatchObject({ outcome: 'accepted', outcomeOn: '2026-01-20' })
    const early = await nurse.patch(`/api/outreach/families/${family.id}/referrals/${referral.id}`, {
      outcome: 'accepted',
      outcomeOn: '2026-01-01',
    })
    expect(errorsOf(early)).toEqual([
      { path: 'outcomeOn', message: 'La réponse ne peut pas précéder l’orientation.' },
    ])
    // An answer not received yet, or of an absurd year, is refused; the referral keeps its answer.
    for (const [outcomeOn, message] of [
      [addDays(todayInFrance(), 1), 'La date ne peut pas être dans le futur.'],
      ['2199-12-31', 'La date ne peut pas être dans le futur.'],
      ['1800-01-01', 'Date trop ancienne : le 01/01/1950 au plus tôt.'],
    ]) {
      const refused = await nurse.patch(`/api/outreach/families/${family.id}/referrals/${referral.id}`, {
        outcome: 'refused',
        outcomeOn,
      })
      expect(errorsOf(refused)).toEqual([{ path: 'outcomeOn', message }])
    }
    const later = await nurse.post(`/api/outreach/families/${family.id}/referrals`, {
      partnerServiceId: pmi.json().id,
      referredOn: '2199-01-10',
    })
    expect(errorsOf(later)).toEqual([
      { path: 'referredOn', message: 'La date ne peut pas être dans le futur.' },
    ])
    expect((await nurse.get(`/api/outreach/families/${family.id}`)).json().referrals).toMatchObject([
      { outcome: 'accepted', outcomeOn: '2026-01-20' },
    ])

    const updated = await nurse.patch(`/api/outreach/families/${family.id}`, {
      rights: [{ item: 'health_cover', status: 'open', on: '2026-02-01' }],
    })
    expect(updated.json().rights[0]).toEqual({
      item: 'health_cover',
      status: 'open',
      on: '2026-02-01',
      note: null,
    })
    const listed = (await agent.get(`/api/outreach/families?teamId=${org.teamId}`)).json().items
    expect(listed.map((f: { id: string }) => f.id)).toContain(family.id)
    await nurse.patch(`/api/outreach/families/${family.id}`, { flagged: false })
    const after = (await agent.get(`/api/outreach/families?teamId=${org.teamId}`)).json().items
    expect(after.map((f: { id: string }) => f.id)).not.toContain(family.id)

    const unknownHousehold = await nurse.post('/api/outreach/families', { householdId: randomUUID() })
    expect(errorsOf(unknownHousehold)).toEqual([{ path: 'householdId', message: 'Foyer inconnu.' }])
    const badRight = await nurse.patch(`/api/outreach/families/${family.id}`, {
      rights: [{ item: 'pension', status: 'open' }],
    })
    expect(errorsOf(badRight)).toEqual([
      { path: 'rights.0.item', message: 'Choisissez une valeur de la liste.' },
    ])
  })

  it('pages the families with the total, newest flag first, so a long list never stops silently', async () => {
    const team = (
      await admin.post('/api/teams', {
        name: `Équipe familles ${randomUUID().slice(0, 6)}`,
        siteId: org.siteId,
      })
    ).json().id as string
    const flagged: string[] = []
    for (const [index, day] of ['2025-03-01', '2025-03-03', '2025-03-02'].entries()) {
      const head = (
        await worker.post('/api/people', { firstNames: 'Parent', lastName: `Pagé${index}` })
      ).json().id
      const household = await worker.post('/api/households', {
        members: [{ personId: head, relationship: 'head' }],
      })
      const family = await nurse.post('/api/outreach/families', {
        householdId: household.json().id,
        teamId: team,
        flaggedOn: day,
      })
      expect(family.statusCode, family.body).toBe(201)
      flagged.push(family.json().id)
    }
    const first = (await agent.get(`/api/outreach/families?teamId=${team}&pageSize=2`)).json()
    expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 })
    expect(first.items.map((f: { id: string }) => f.id)).toEqual([flagged[1], flagged[2]])
    const second = (await agent.get(`/api/outreach/families?teamId=${team}&pageSize=2&page=2`)).json()
    expect(second.items.map((f: { id: string }) => f.id)).toEqual([flagged[0]])
    expect(errorsOf(await agent.get('/api/outreach/families?page=0'))[0]!.path).toBe('page')
  })
})

describe('map', () => {
  it('gives points of encounters and places, with no names, filtered by period and team', async () => {
    const met = await encounter(agent, {
      teamId: org.teamId,
      newPerson: { nickname: 'Sur la carte' },
      latitude: 45.45,
      longitude: 4.4,
      occurredAt: '2026-01-20T10:00:00+01:00',
    })
    const map = await agent.get(`/api/outreach/map?from=2026-01-20&to=2026-01-20&teamId=${org.teamId}`)
    expect(map.statusCode, map.body).toBe(200)
    expect(map.json().encounters).toEqual([
      {
        id: met.id,
        latitude: 45.45,
        longitude: 4.4,
        occurredAt: new Date('2026-01-20T10:00:00+01:00').toISOString(),
        situation: 'sleeping_rough',
        anonymous: false,
        teamId: org.teamId,
        placeId: null,
      },
    ])
    expect(map.body).not.toContain('Sur la carte')
    expect(map.body).not.toContain(met.personId)
    expect(map.json().places.map((p: { name: string }) => p.name)).toContain('Ancienne usine')
    expect((await analyst.get('/api/outreach/map')).statusCode).toBe(403)
  })
})

describe('census', () => {
  /**
   * Saint-Étienne's seed: "28 situations met between July and October 2022, mostly young men aged 18
   * to 30, nearly half accepted help". Scripted through the API, with encounters just outside the
   * period and a person who accepted help after it, which must not count.
   */
  it('reproduces the Saint-Étienne figures for July–October 2022', async () => {
    const city = await createOrganisation(ctx, 'CCAS de Saint-Étienne')
    const streetUser = await createUser(ctx, city.id, { roles: ['outreach_agent'], teamIds: [city.teamId] })
    const street = await signedIn(ctx, streetUser)
    const cityAnalyst = await signedIn(ctx, await createUser(ctx, city.id, { roles: ['analyst'] }))
    const teamId = city.teamId
    const { secrets } = await scriptSaintEtienneCensus(
      {
        get: async (url) => (await street.get(url)).json(),
        post: async (url, body) => {
          const response = await street.post(url, body)
          expect(response.statusCode, response.body).toBeLessThan(300)
          return response.json()
        },
      },
      teamId,
    )

    const response = await cityAnalyst.get('/api/outreach/census?from=2022-07-01&to=2022-10-31')
    expect(response.statusCode, response.body).toBe(200)
    const census = response.json()
    const counts = (lines: { key: string; count: number }[]) =>
      Object.fromEntries(lines.filter((l) => l.count > 0).map((l) => [l.key, l.count]))
    expect({
      situations: census.situations,
      persons: census.persons,
      anonymousSituations: census.anonymousSituations,
      peopleSeen: census.peopleSeen,
      acceptedSupport: census.acceptedSupport,
      acceptedShare: census.acceptedShare,
      bySex: counts(census.bySex),
      byAgeBand: counts(census.byAgeBand),
      byHouseholdType: counts(census.byHouseholdType),
      bySituation: counts(census.bySituation),
      byPlaceType: counts(census.byPlaceType),
    }).toEqual({
      situations: 28,
      persons: 20,
      anonymousSituations: 8,
      peopleSeen: 31,
      acceptedSupport: 13,
      acceptedShare: 0.464,
      bySex: { male: 22, female: 5, unknown: 1 },
      byAgeBand: { under_18: 2, '18_30': 18, '31_45': 4, '46_60': 2, over_60: 1, unknown: 1 },
      byHouseholdType: { alone: 24, with_children: 3, group: 1 },
      bySituation: { sleeping_rough: 23, squat: 2, camp: 1, car: 1, hosted: 1 },
      byPlaceType: { squat: 2, camp: 1, none: 25 },
    })
    // Every line is there for the chart, in French, and nothing names a person.
    expect(census.byAgeBand.map((l: { label: string }) => l.label)).toEqual([
      'Moins de 18 ans',
      '18 à 30 ans',
      '31 à 45 ans',
      '46 à 60 ans',
      'Plus de 60 ans',
      'Âge inconnu',
    ])
    expect(census.countingRule).toContain('Chaque personne connue compte une fois')
    for (const secret of secrets) {
      expect(response.body).not.toContain(secret)
    }

    const csv = await cityAnalyst.get('/api/outreach/census.csv?from=2022-07-01&to=2022-10-31')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe('Rubrique;Libellé;Nombre;Part')
    expect(lines).toContain('Ensemble;Situations rencontrées;28;')
    expect(lines).toContain('Ensemble;Accompagnement accepté;13;46,4 %')
    expect(lines).toContain('Âge;18 à 30 ans;18;64,3 %')
    expect(lines).toContain('Sexe;Homme;22;78,6 %')

    // The analyst sees the census but nothing with names.
    for (const url of [
      '/api/outreach/encounters',
      '/api/outreach/caseload',
      '/api/outreach/map',
      '/api/outreach/families',
    ]) {
      expect((await cityAnalyst.get(url)).statusCode, url).toBe(403)
    }
    // A team filter, and a team of another organisation refused.
    const byTeam = await street.get(`/api/outreach/census?from=2022-07-01&to=2022-10-31&teamId=${teamId}`)
    expect(byTeam.json().situations).toBe(28)
    const foreign = await street.get(
      `/api/outreach/census?from=2022-07-01&to=2022-10-31&teamId=${org.teamId}`,
    )
    expect(errorsOf(foreign)).toEqual([{ path: 'teamId', message: 'Équipe inconnue.' }])
    const order = await street.get('/api/outreach/census?from=2022-10-31&to=2022-07-01')
    expect(errorsOf(order)).toEqual([
      { path: 'from', message: 'La date de début doit précéder la date de fin.' },
    ])
  })

  it('writes a team named like a formula as text in the census CSV', async () => {
    const team = await ctx.db
      .insertInto('teams')
      .values({ organisation_id: org.id, site_id: org.siteId, name: '=HYPERLINK("http://x")' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const csv = await analyst.get(`/api/outreach/census.csv?from=2022-07-01&to=2022-10-31&teamId=${team.id}`)
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.body.split('\r\n')).toContain(`Équipe;"'=HYPERLINK(""http://x"")";;`)
  })
})
