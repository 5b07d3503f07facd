import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let workerId: string
let frontDesk: ApiClient
let frontDeskId: string
let director: ApiClient
let analyst: ApiClient

const HOUR = 3600_000
const DAY = 24 * HOUR
/** A time a whole number of hours from now, on the hour. */
const at = (ms: number) => new Date(Math.floor((Date.now() + ms) / HOUR) * HOUR).toISOString()
const errorsOf = (response: { json: () => { errors?: { path: string; message: string }[] } }) =>
  response.json().errors ?? []

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS de Rendezville')
  const workerUser = await createUser(ctx, org.id, {
    roles: ['social_worker'],
    teamIds: [org.teamId],
    name: 'Assistante Sociale',
  })
  workerId = workerUser.id
  worker = await signedIn(ctx, workerUser)
  const deskUser = await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] })
  frontDeskId = deskUser.id
  frontDesk = await signedIn(ctx, deskUser)
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
})
afterAll(() => ctx?.close())

async function person(lastName: string, extra: object = {}) {
  const response = await frontDesk.post('/api/people', { lastName, firstNames: 'Jeanne', ...extra })
  expect(response.statusCode, response.body).toBe(201)
  return response.json().id as string
}

async function book(client: ApiClient, body: object) {
  return client.post('/api/appointments', body)
}

describe('booking', () => {
  it('books from the front desk at a free time, shows it in the professional’s week and refuses a second booking at the same time', async () => {
    const personId = await person('Rendezvous')
    const startsAt = at(2 * DAY)
    const booked = await book(frontDesk, {
      personId,
      professionalId: workerId,
      teamId: org.teamId,
      startsAt,
      endsAt: at(2 * DAY + HOUR),
      place: 'Bureau 3, CCAS',
      purpose: 'Dossier CSS',
      bookedFrom: 'front_desk',
    })
    expect(booked.statusCode, booked.body).toBe(201)
    expect(booked.json()).toMatchObject({
      personId,
      displayName: 'RENDEZVOUS Jeanne',
      professionalName: 'Assistante Sociale',
      status: 'planned',
      bookedFrom: 'front_desk',
      place: 'Bureau 3, CCAS',
    })
    const week = await worker.get(`/api/appointments/week?day=${startsAt.slice(0, 10)}`)
    expect(week.statusCode, week.body).toBe(200)
    expect(week.json().appointments.map((a: { id: string }) => a.id)).toContain(booked.json().id)

    const clash = await book(frontDesk, {
      personId: await person('Chevauchement'),
      professionalId: workerId,
      // Half an hour into the first one.
      startsAt: new Date(new Date(startsAt).getTime() + HOUR / 2).toISOString(),
      endsAt: at(2 * DAY + 2 * HOUR),
    })
    expect(clash.statusCode).toBe(409)
    expect(clash.json().code).toBe('SLOT_TAKEN')

    const timeline = (await worker.get(`/api/people/${personId}/timeline?kind=appointments`)).json()
    expect(timeline.items[0].title).toBe('Rendez-vous avec Assistante Sociale — Prévu')
    const list = (await worker.get(`/api/appointments?personId=${personId}`)).json()
    expect(list).toMatchObject({ total: 1, page: 1 })
  })

  it('refuses times that cannot be, in French, and writes nothing', async () => {
    const personId = await person('Horaires')
    const cases: [object, string, string][] = [
      [{ startsAt: at(3 * DAY), endsAt: at(3 * DAY - HOUR) }, 'endsAt', 'La fin doit suivre le début.'],
      [
        { startsAt: at(3 * DAY), endsAt: at(3 * DAY + 9 * HOUR) },
        'endsAt',
        'Un rendez-vous dure 8 heures au plus.',
      ],
      [
        { startsAt: '2031-01-01T09:00:00+01:00', endsAt: '2031-01-01T10:00:00+01:00' },
        'startsAt',
        'Cette date est trop lointaine : deux ans au plus.',
      ],
      [
        { startsAt: '2020-01-01T09:00:00+01:00', endsAt: '2020-01-01T10:00:00+01:00' },
        'startsAt',
        'Cette date est trop ancienne pour un rendez-vous.',
      ],
    ]
    for (const [times, path, message] of cases) {
      const response = await book(frontDesk, { personId, professionalId: workerId, ...times })
      expect(response.statusCode, response.body).toBe(400)
      expect(errorsOf(response)).toEqual([{ path, message }])
    }
    const noTime = await book(frontDesk, { personId, professionalId: workerId })
    expect(errorsOf(noTime)).toEqual([
      { path: 'startsAt', message: 'Indiquez la date et l’heure du rendez-vous.' },
    ])
    // The front desk agent receives nobody by appointment.
    const notProfessional = await book(worker, {
      personId,
      professionalId: frontDeskId,
      startsAt: at(3 * DAY),
      endsAt: at(3 * DAY + HOUR),
    })
    expect(errorsOf(notProfessional)[0]?.path).toBe('professionalId')
    expect((await worker.get(`/api/appointments?personId=${personId}`)).json().total).toBe(0)
  })

  it('books on a slot the professional opened; a booked slot cannot be deleted nor booked twice', async () => {
    const slot = await worker.post('/api/appointments/slots', {
      startsAt: at(4 * DAY),
      endsAt: at(4 * DAY + HOUR),
      place: 'Antenne Nord',
      teamId: org.teamId,
    })
    expect(slot.statusCode, slot.body).toBe(201)
    const slotId = slot.json().id
    const onSlot = await book(frontDesk, {
      personId: await person('Creneau'),
      slotId,
      bookedFrom: 'front_desk',
    })
    expect(onSlot.statusCode, onSlot.body).toBe(201)
    expect(onSlot.json()).toMatchObject({
      place: 'Antenne Nord',
      professionalId: workerId,
      teamId: org.teamId,
    })
    const week = (await worker.get(`/api/appointments/week?day=${at(4 * DAY).slice(0, 10)}`)).json()
    expect(week.slots.find((s: { id: string }) => s.id === slotId)).toMatchObject({ booked: true })
    const again = await book(frontDesk, { personId: await person('Creneaudeux'), slotId })
    expect(again.statusCode).toBe(409)
    const removed = await worker.delete(`/api/appointments/slots/${slotId}`)
    expect(errorsOf(removed)).toEqual([
      { path: 'id', message: 'Ce créneau a un rendez-vous : annulez d’abord le rendez-vous.' },
    ])
    const past = await worker.post('/api/appointments/slots', { startsAt: at(-DAY), endsAt: at(-DAY + HOUR) })
    expect(errorsOf(past)).toEqual([{ path: 'startsAt', message: 'Un créneau s’ouvre dans le futur.' }])
    const forColleague = await frontDesk.post('/api/appointments/slots', {
      professionalId: workerId,
      startsAt: at(5 * DAY),
      endsAt: at(5 * DAY + HOUR),
    })
    expect(forColleague.statusCode).toBe(400)
  })
})

describe('what happened', () => {
  it('goes from planned to one outcome, once; says honoured or missed only from the appointment’s day', async () => {
    const future = (
      await book(frontDesk, {
        personId: await person('Futur'),
        professionalId: workerId,
        startsAt: at(6 * DAY),
        endsAt: at(6 * DAY + HOUR),
      })
    ).json()
    const early = await worker.post(`/api/appointments/${future.id}/status`, { status: 'honoured' })
    expect(errorsOf(early)).toEqual([
      {
        path: 'status',
        message: 'Ce rendez-vous n’a pas encore eu lieu : annulez-le ou excusez la personne.',
      },
    ])
    const cancelled = await frontDesk.post(`/api/appointments/${future.id}/status`, {
      status: 'cancelled',
      note: 'Empêchement',
    })
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', statusNote: 'Empêchement' })
    const twice = await worker.post(`/api/appointments/${future.id}/status`, { status: 'excused' })
    expect(errorsOf(twice)).toEqual([
      { path: 'status', message: 'Ce rendez-vous est déjà clos (annulé) : son statut ne change plus.' },
    ])
    const replan = await worker.post(`/api/appointments/${future.id}/status`, { status: 'planned' })
    expect(replan.statusCode).toBe(400)

    const yesterday = (
      await book(worker, {
        personId: await person('Hier'),
        professionalId: workerId,
        teamId: org.teamId,
        startsAt: at(-DAY),
        endsAt: at(-DAY + HOUR),
      })
    ).json()
    const honoured = await worker.post(`/api/appointments/${yesterday.id}/status`, { status: 'honoured' })
    expect(honoured.statusCode, honoured.body).toBe(200)
    const missed = (
      await book(worker, {
        personId: await person('Absent'),
        professionalId: workerId,
        teamId: org.teamId,
        startsAt: at(-2 * DAY),
        endsAt: at(-2 * DAY + HOUR),
      })
    ).json()
    await worker.post(`/api/appointments/${missed.id}/status`, { status: 'missed' })

    const from = at(-10 * DAY).slice(0, 10)
    const to = at(10 * DAY).slice(0, 10)
    const counts = await analyst.get(`/api/appointments/counts?from=${from}&to=${to}`)
    expect(counts.statusCode, counts.body).toBe(200)
    expect(counts.json().total).toMatchObject({ honoured: 1, missed: 1, cancelled: 1 })
    expect(counts.json().byTeam.find((t: { teamId: string }) => t.teamId === org.teamId)).toMatchObject({
      teamName: 'Accueil social',
      honoured: 1,
      missed: 1,
    })
    expect(counts.body).not.toContain('Hier')
    expect(counts.body).not.toContain('HIER')
    expect((await frontDesk.get(`/api/appointments/counts?from=${from}&to=${to}`)).statusCode).toBe(403)
  })
})

describe('confidential teams', () => {
  it('shows an appointment of a confidential team to others only as a busy time', async () => {
    const secret = await director.post('/api/people', { lastName: 'Secrète', teamId: org.confidentialTeamId })
    const booked = await book(director, {
      personId: secret.json().id,
      professionalId: workerId,
      teamId: org.confidentialTeamId,
      startsAt: at(8 * DAY),
      endsAt: at(8 * DAY + HOUR),
      purpose: 'Séance PAEJ',
    })
    expect(booked.statusCode, booked.body).toBe(201)
    const week = await worker.get(`/api/appointments/week?day=${at(8 * DAY).slice(0, 10)}`)
    expect(week.body).not.toContain('Secrète'.toUpperCase())
    expect(week.body).not.toContain('Séance PAEJ')
    expect(week.json().busy).toEqual([{ startsAt: at(8 * DAY), endsAt: at(8 * DAY + HOUR) }])
    expect((await worker.get(`/api/appointments/${booked.json().id}`)).statusCode).toBe(404)
    expect((await director.get(`/api/appointments/${booked.json().id}`)).statusCode).toBe(200)
  })
})

describe('reminders', () => {
  it('e-mails the person the day before when they consented to messages, once, with the time and place only', async () => {
    const consenting = await person('Consentante', { email: 'jeanne.consentante@example.org' })
    await frontDesk.post(`/api/people/${consenting}/consents`, {
      scope: 'contact_by_message',
      given: true,
      givenOn: '2026-01-02',
    })
    const refusing = await person('Refusante', { email: 'jeanne.refusante@example.org' })
    await frontDesk.post(`/api/people/${refusing}/consents`, {
      scope: 'contact_by_message',
      given: false,
      givenOn: '2026-01-02',
    })
    const startsAt = '2027-03-10T09:30:00+01:00'
    for (const personId of [consenting, refusing]) {
      await ctx.db
        .insertInto('appointments')
        .values({
          organisation_id: org.id,
          person_id: personId,
          professional_id: workerId,
          starts_at: startsAt,
          ends_at: '2027-03-10T10:30:00+01:00',
          place: 'Mairie annexe',
          purpose: 'Dette de loyer',
          booked_from: 'file',
          created_by: workerId,
        })
        .execute()
    }
    const before = ctx.mailbox.received.length
    expect(await ctx.runJob('appointments.send-reminders', new Date('2027-03-08T10:00:00Z'))).toBe(0)
    expect(await ctx.runJob('appointments.send-reminders', new Date('2027-03-09T10:00:00Z'))).toBe(1)
    expect(await ctx.runJob('appointments.send-reminders', new Date('2027-03-09T11:00:00Z'))).toBe(0)
    while ((await ctx.deliverEmails()) > 0) {}
    const mails = ctx.mailbox.received.slice(before)
    expect(mails.map((m) => m.to)).toEqual(['jeanne.consentante@example.org'])
    expect(mails[0]!.text).toContain('mercredi 10 mars à 09:30')
    expect(mails[0]!.text).toContain('Mairie annexe')
    expect(mails[0]!.text).not.toContain('Dette de loyer')
    expect(mails[0]!.text).not.toContain('Assistante Sociale')
  })
})

describe('calendar feed', () => {
  it('gives the professional a secret link carrying times and places only; revoked or renewed, the old link stops', async () => {
    const personId = await person('Agendanom')
    await book(frontDesk, {
      personId,
      professionalId: workerId,
      startsAt: at(12 * DAY),
      endsAt: at(12 * DAY + HOUR),
      place: 'Bureau 7',
      purpose: 'Motif confidentiel',
    })
    expect((await worker.get('/api/appointments/feed')).json()).toEqual({
      active: false,
      createdAt: null,
      url: null,
    })
    const created = (await worker.post('/api/appointments/feed')).json()
    expect(created.url).toMatch(/^http:\/\/trame\.test\/api\/public\/calendar\.ics\?token=[\w-]{40,}$/)
    const path = created.url.replace('http://trame.test', '')
    const anonymous = (url: string) => ctx.app.inject({ method: 'GET', url })
    const calendar = await anonymous(path)
    expect(calendar.statusCode).toBe(200)
    expect(calendar.headers['content-type']).toContain('text/calendar')
    expect(calendar.body).toContain('BEGIN:VEVENT')
    expect(calendar.body).toContain('LOCATION:Bureau 7')
    expect(calendar.body).toContain('SUMMARY:Rendez-vous')
    for (const secret of ['Agendanom', 'AGENDANOM', 'Jeanne', 'Motif confidentiel', 'Assistante Sociale']) {
      expect(calendar.body).not.toContain(secret)
    }
    // Only the hash of the token is stored.
    const stored = await ctx.db
      .selectFrom('calendar_feeds')
      .selectAll()
      .where('user_id', '=', workerId)
      .executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(path.split('token=')[1])
    expect((await worker.get('/api/appointments/feed')).json()).toMatchObject({ active: true, url: null })

    const renewed = (await worker.post('/api/appointments/feed')).json()
    expect((await anonymous(path)).statusCode).toBe(404)
    const newPath = renewed.url.replace('http://trame.test', '')
    expect((await anonymous(newPath)).statusCode).toBe(200)
    await worker.delete('/api/appointments/feed')
    expect((await anonymous(newPath)).statusCode).toBe(404)
    expect((await anonymous('/api/public/calendar.ics?token=short')).statusCode).toBe(400)
    // The token never reaches the logs.
    expect(ctx.logs.join('\n')).not.toContain(newPath.split('token=')[1])
  })
})
