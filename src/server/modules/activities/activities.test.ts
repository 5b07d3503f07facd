import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let admin: ApiClient
let director: ApiClient
let worker: ApiClient
let analyst: ApiClient
let intergenerational: string
let workshop: string

const person = async (client: ApiClient, body: object) => {
  const response = await client.post('/api/people', body)
  expect(response.statusCode, response.body).toBe(201)
  return response.json().id as string
}

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
  const kind = async (label: string) => {
    const response = await admin.post('/api/activity-kinds', { label })
    expect(response.statusCode, response.body).toBe(201)
    return response.json().id as string
  }
  intergenerational = await kind('Action intergénérationnelle')
  workshop = await kind('Atelier de prévention')
})
afterAll(() => ctx.close())

describe('activity kinds', () => {
  it('are the organisation’s own list: a name once, ignoring case', async () => {
    const again = await admin.post('/api/activity-kinds', { label: 'action INTERGÉNÉRATIONNELLE' })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('ACTIVITY_KIND_TAKEN')
    const list = await worker.get('/api/activity-kinds')
    expect(list.json().items.map((k: { label: string }) => k.label)).toEqual([
      'Action intergénérationnelle',
      'Atelier de prévention',
    ])
  })
})

describe('activities and their sessions', () => {
  it('records an activity with its place, audience and partners, and sessions held years ago', async () => {
    const partner = await worker.post('/api/partners', { name: 'EHPAD Les Tilleuls' })
    const activity = await worker.post('/api/activities', {
      kindId: intergenerational,
      title: 'Goûters avec l’école Jules-Ferry',
      teamId: org.teamId,
      audience: 'seniors',
      placeKind: 'care_home',
      placeLabel: 'EHPAD Les Tilleuls',
      partnerIds: [partner.json().id],
    })
    expect(activity.statusCode, activity.body).toBe(201)
    expect(activity.json()).toMatchObject({
      kindLabel: 'Action intergénérationnelle',
      teamName: 'Accueil social',
      partners: [{ name: 'EHPAD Les Tilleuls' }],
      sessionCount: 0,
    })
    const id = activity.json().id
    const session = await worker.post(`/api/activities/${id}/sessions`, {
      heldOn: '2016-03-14',
      startsAt: '14:00',
      endsAt: '16:30',
      capacity: 30,
      facilitators: ['Mme Roux (animatrice)'],
    })
    expect(session.statusCode, session.body).toBe(201)
    expect(session.json()).toMatchObject({ heldOn: '2016-03-14', startsAt: '14:00', endsAt: '16:30' })
    const page = await worker.get(`/api/activities?kindId=${intergenerational}`)
    expect(page.json()).toMatchObject({ total: 1, items: [{ sessionCount: 1, lastSessionOn: '2016-03-14' }] })
  })

  it('refuses bad input with a field message and writes nothing', async () => {
    const noTitle = await worker.post('/api/activities', {
      kindId: workshop,
      title: ' ',
      audience: 'seniors',
      placeKind: 'club',
    })
    expect(noTitle.statusCode).toBe(400)
    expect(noTitle.json().code).toBe('VALIDATION_FAILED')
    const otherKind = await worker.post('/api/activities', {
      kindId: '00000000-0000-4000-8000-000000000000',
      title: 'Atelier mémoire',
      audience: 'seniors',
      placeKind: 'club',
    })
    expect(otherKind.statusCode).toBe(400)
    expect(otherKind.json().errors[0].path).toBe('kindId')
    const activity = await worker.post('/api/activities', {
      kindId: workshop,
      title: 'Atelier mémoire',
      audience: 'seniors',
      placeKind: 'club',
    })
    const id = activity.json().id
    const backwards = await worker.post(`/api/activities/${id}/sessions`, {
      heldOn: '2026-01-05',
      startsAt: '15:00',
      endsAt: '14:00',
    })
    expect(backwards.statusCode).toBe(400)
    const tooFar = await worker.post(`/api/activities/${id}/sessions`, {
      heldOn: addDays(todayInFrance(), 900),
    })
    expect(tooFar.statusCode).toBe(400)
    expect((await worker.get(`/api/activities/${id}/sessions`)).json().total).toBe(0)
  })

  it('registers people to a planned session but notes attendance only once it was held', async () => {
    const activity = await worker.post('/api/activities', {
      kindId: workshop,
      title: 'Atelier équilibre',
      audience: 'seniors',
      placeKind: 'public_place',
      placeLabel: 'Salle des fêtes',
    })
    const planned = await worker.post(`/api/activities/${activity.json().id}/sessions`, {
      heldOn: addDays(todayInFrance(), 7),
      capacity: 12,
    })
    const sessionId = planned.json().id
    const personId = await person(worker, { lastName: 'Planchet', firstNames: 'Odette' })
    const registered = await worker.post(`/api/activity-sessions/${sessionId}/participants`, { personId })
    expect(registered.statusCode, registered.body).toBe(201)
    expect(registered.json().participants).toMatchObject([
      { displayName: 'PLANCHET Odette', status: 'registered' },
    ])
    const present = await worker.put(`/api/activity-sessions/${sessionId}/participants/${personId}`, {
      status: 'present',
    })
    expect(present.statusCode).toBe(409)
    expect(present.json().code).toBe('ACTIVITY_SESSION_NOT_HELD')
    const twice = await worker.post(`/api/activity-sessions/${sessionId}/participants`, { personId })
    expect(twice.json().code).toBe('ACTIVITY_ALREADY_PARTICIPANT')
    const removed = await worker.delete(`/api/activity-sessions/${sessionId}/participants/${personId}`)
    expect(removed.json().participants).toEqual([])
  })
})

describe('distinct participants', () => {
  it('counts each person once over the period, merged files as one, anonymous counts added as they are', async () => {
    const activity = await worker.post('/api/activities', {
      kindId: intergenerational,
      title: 'Jardin partagé des générations',
      audience: 'seniors',
      placeKind: 'club',
    })
    const id = activity.json().id
    const session = async (heldOn: string) =>
      (await worker.post(`/api/activities/${id}/sessions`, { heldOn })).json().id as string
    const first = await session('2016-05-02')
    const second = await session('2016-06-06')
    const later = await session('2017-01-09')
    const odile = await person(worker, { lastName: 'Marchal', firstNames: 'Odile', birthDate: '1938-02-01' })
    const odileAgain = await person(worker, { lastName: 'Marchal', firstNames: 'Odile M.' })
    const rene = await person(worker, { lastName: 'Brun', firstNames: 'René' })
    // Filed under the confidential PAEJ team by the director: counted, never listed to the worker.
    const secret = await person(director, { lastName: 'Discrète', teamId: org.confidentialTeamId })
    const attend = async (client: ApiClient, sessionId: string, personId: string, status = 'present') => {
      const response = await client.post(`/api/activity-sessions/${sessionId}/participants`, {
        personId,
        status,
      })
      expect(response.statusCode, response.body).toBe(201)
    }
    await attend(worker, first, odile)
    await attend(worker, first, rene, 'excused')
    await attend(worker, second, odileAgain)
    await attend(worker, second, rene)
    await attend(director, second, secret)
    await attend(worker, later, rene)
    const counted = await worker.put(`/api/activity-sessions/${first}/counts`, {
      counts: [
        { category: 'seniors_care_home', count: 18 },
        { category: 'youths', count: 22 },
      ],
    })
    expect(counted.statusCode, counted.body).toBe(200)
    await worker.put(`/api/activity-sessions/${second}/counts`, {
      counts: [{ category: 'seniors_home', count: 5 }],
    })

    const query = `from=2016-01-01&to=2016-12-31&kindId=${intergenerational}`
    const before = (
      await worker.get(`/api/activity-statistics/participants?${query}&activityId=${id}`)
    ).json()
    // Odile twice (two files), René, the confidential one: four named files, then the merge makes three.
    expect(before).toMatchObject({ sessions: 2, named: 4, anonymous: 45, total: 49 })
    expect(before.attendance).toEqual({ present: 4, absent: 0, excused: 1 })

    const merged = await worker.post(`/api/people/${odile}/merge`, {
      mergedPersonId: odileAgain,
      takeFields: [],
    })
    expect(merged.statusCode, merged.body).toBe(200)
    const seniors = (
      await analyst.get(`/api/activity-statistics/participants?${query}&activityId=${id}&audience=seniors`)
    ).json()
    // Youths are not seniors: only the seniors' categories are added.
    expect(seniors).toMatchObject({ named: 3, anonymous: 23, total: 26 })
    expect(seniors.byCategory.map((c: { category: string }) => c.category)).toEqual([
      'seniors_care_home',
      'seniors_club',
      'seniors_home',
    ])
    expect(JSON.stringify(seniors)).not.toContain('Marchal')

    // The worker sees the session's names, but not the confidential file: a number only.
    const detail = (await worker.get(`/api/activity-sessions/${second}`)).json()
    expect(detail.participants.map((p: { displayName: string }) => p.displayName)).toEqual([
      'BRUN René',
      'MARCHAL Odile M.',
    ])
    expect(detail.hiddenParticipants).toBe(1)
    expect(JSON.stringify(detail)).not.toContain('DISCR')
    const full = (await director.get(`/api/activity-sessions/${second}`)).json()
    expect(full.participants).toHaveLength(3)
  })

  it('shows the participation on the person’s timeline and in the access export', async () => {
    const activity = await worker.post('/api/activities', {
      kindId: workshop,
      title: 'Atelier économies d’énergie',
      audience: 'families',
      placeKind: 'public_place',
    })
    const sessionId = (
      await worker.post(`/api/activities/${activity.json().id}/sessions`, { heldOn: '2025-11-20' })
    ).json().id
    const personId = await person(worker, { lastName: 'Leclerc', firstNames: 'Nadia' })
    await worker.post(`/api/activity-sessions/${sessionId}/participants`, { personId, status: 'present' })
    const timeline = (await worker.get(`/api/people/${personId}/timeline?kind=activity_participation`)).json()
    expect(timeline.items).toMatchObject([
      { kind: 'activity_participation', title: 'Atelier économies d’énergie : présent·e' },
    ])
    const exported = await director.get(`/api/people/${personId}/export.json`)
    expect(exported.statusCode, exported.body).toBe(200)
    expect(exported.body).toContain('Atelier économies d’énergie')
  })
})
