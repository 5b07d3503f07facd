import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import type { Interview } from '../../../shared/followup.ts'

const SYNTHESIS = 'Hypothèse de travail : emprise familiale probable, à vérifier'
const SESSION_NOTE = 'Séance : angoisses nocturnes, évoque la rupture familiale'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let author: ApiClient
let colleague: ApiClient
let director: ApiClient
let admin: ApiClient
let elsewhere: ApiClient
let psychologist: ApiClient
let psychologistOfTeam: ApiClient
let psychologistElsewhere: ApiClient
let typeId: string

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  const team = { teamIds: [org.teamId] }
  author = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['social_worker'], ...team }))
  colleague = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['social_worker'], ...team }))
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  psychologist = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['psychologist'], ...team }))
  psychologistOfTeam = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['psychologist'], ...team }),
  )
  // A psychologist of the organisation, but of another team.
  psychologistElsewhere = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['psychologist'] }))
  const other = await createOrganisation(ctx, 'CCAS Ailleurs')
  elsewhere = await signedIn(
    ctx,
    await createUser(ctx, other.id, { roles: ['director', 'social_worker'], totp: true }),
  )
  typeId = (await author.get('/api/followup/types')).json().items[0].id
})
afterAll(() => ctx.close())

async function recordFor(lastName: string) {
  const person = await author.post('/api/people', { lastName, teamId: org.teamId })
  expect(person.statusCode, person.body).toBe(201)
  const record = await author.post('/api/followup/records', {
    personId: person.json().id,
    typeId,
    teamId: org.teamId,
  })
  expect(record.statusCode, record.body).toBe(201)
  return { personId: person.json().id as string, recordId: record.json().id as string }
}

async function interview(client: ApiClient, recordId: string, body: object) {
  const response = await client.post(`/api/followup/records/${recordId}/interviews`, {
    occurredAt: '2026-11-30T09:30:00+01:00',
    medium: 'office',
    ...body,
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as Interview
}

const interviewsAs = async (client: ApiClient, recordId: string) => {
  const response = await client.get(`/api/followup/records/${recordId}/interviews`)
  return {
    status: response.statusCode,
    body: response.body,
    items: (response.json().items ?? []) as Interview[],
  }
}

describe('interviews', () => {
  it('records an interview with its duration, medium, participants, domains and note', async () => {
    const { recordId } = await recordFor('Entretien')
    const created = await interview(author, recordId, {
      durationMinutes: 45,
      medium: 'partner',
      participants: ['Mère', 'Conseillère Mission locale'],
      domains: ['insertion', 'rights'],
      note: 'Point sur la recherche de formation.',
    })
    expect(created).toMatchObject({
      durationMinutes: 45,
      medium: 'partner',
      participants: ['Mère', 'Conseillère Mission locale'],
      domains: ['insertion', 'rights'],
      note: 'Point sur la recherche de formation.',
      mine: true,
    })
    const list = await interviewsAs(colleague, recordId)
    expect(list.items[0]).toMatchObject({ note: 'Point sur la recherche de formation.', mine: false })
  })

  it('refuses an interview in the future, bad media and NUL characters, with French messages', async () => {
    const { recordId } = await recordFor('Futur')
    const url = `/api/followup/records/${recordId}/interviews`
    const future = await author.post(url, { occurredAt: '2999-01-01T10:00:00Z', medium: 'office' })
    expect(future.statusCode).toBe(400)
    expect(future.json().errors[0].message).toContain('futur')
    for (const body of [
      { occurredAt: '2026-11-30T10:00:00Z', medium: 'pigeon' },
      { occurredAt: '2026-11-30T10:00:00Z', medium: 'office', note: 'a\u0000b' },
      { occurredAt: '2026-11-30T10:00:00Z', medium: 'office', durationMinutes: 0 },
      { medium: 'office' },
    ]) {
      const response = await author.post(url, body)
      expect(response.statusCode, JSON.stringify(body)).toBe(400)
      expect(response.json().code).toBe('VALIDATION_FAILED')
    }
  })

  it('shows the private synthesis to its author only: not a colleague, the director, an administrator, another organisation, the audit log, the timeline or the export', async () => {
    const { personId, recordId } = await recordFor('Synthèse')
    const created = await interview(author, recordId, { note: 'Note partagée', privateSynthesis: SYNTHESIS })
    expect(created.privateSynthesis).toBe(SYNTHESIS)
    expect((await interviewsAs(author, recordId)).items[0]!.privateSynthesis).toBe(SYNTHESIS)

    const colleagueView = await interviewsAs(colleague, recordId)
    expect(colleagueView.items[0]).toMatchObject({ note: 'Note partagée', privateSynthesis: null })
    expect(colleagueView.body).not.toContain(SYNTHESIS)
    const directorView = await interviewsAs(director, recordId)
    expect(directorView.status).toBe(200)
    expect(directorView.body).not.toContain(SYNTHESIS)
    expect((await interviewsAs(admin, recordId)).status).toBe(403)
    const otherOrganisation = await interviewsAs(elsewhere, recordId)
    expect(otherOrganisation.status).toBe(404)
    expect(otherOrganisation.body).not.toContain(SYNTHESIS)

    const audit = await director.get(`/api/audit?personId=${personId}`)
    expect(audit.statusCode).toBe(200)
    expect(audit.json().items.map((e: { action: string }) => e.action)).toContain('followup.interview_create')
    expect(audit.body).not.toContain(SYNTHESIS)
    for (const client of [author, colleague, director]) {
      const timeline = await client.get(`/api/people/${personId}/timeline`)
      expect(timeline.statusCode).toBe(200)
      expect(timeline.body).toContain('Note partagée')
      expect(timeline.body).not.toContain(SYNTHESIS)
    }
    // Even the author's export of the person's data leaves out the working note.
    for (const client of [author, director]) {
      const exported = await client.get(`/api/people/${personId}/export.json`)
      expect(exported.statusCode, exported.body).toBe(200)
      expect(exported.body).toContain('Note partagée')
      expect(exported.body).not.toContain(SYNTHESIS)
    }
  })

  it('keeps a psychologist’s session note among the psychologists of the record’s team', async () => {
    const { recordId } = await recordFor('Séance')
    const session = await interview(psychologist, recordId, {
      note: SESSION_NOTE,
      privateSynthesis: SYNTHESIS,
    })
    expect(session).toMatchObject({
      psychologistSession: true,
      note: SESSION_NOTE,
      privateSynthesis: SYNTHESIS,
    })

    const ofTeam = (await interviewsAs(psychologistOfTeam, recordId)).items[0]!
    expect(ofTeam).toMatchObject({ note: SESSION_NOTE, privateSynthesis: null })
    for (const client of [colleague, director, psychologistElsewhere]) {
      const view = await interviewsAs(client, recordId)
      expect(view.status).toBe(200)
      expect(view.items[0]).toMatchObject({ note: null, noteRestricted: true, privateSynthesis: null })
      expect(view.body).not.toContain(SESSION_NOTE)
      expect(view.body).not.toContain(SYNTHESIS)
    }
  })

  it('counts a home visit as a contact of the team in the front desk’s counts', async () => {
    const { recordId } = await recordFor('Domicile')
    const count = async () =>
      (
        await director.get(
          `/api/contact-counts?from=2026-11-01&to=2026-11-30&channel=home_visit&teamId=${org.teamId}`,
        )
      ).json().total as number
    const before = await count()
    await interview(author, recordId, { medium: 'home_visit', occurredAt: '2026-11-20T14:00:00+01:00' })
    await interview(author, recordId, { medium: 'phone', occurredAt: '2026-11-21T14:00:00+01:00' })
    expect(await count()).toBe(before + 1)
  })

  it('refuses interviews on a closed record', async () => {
    const { recordId } = await recordFor('Clos')
    await author.post(`/api/followup/records/${recordId}/status`, {
      status: 'closed',
      exitReason: 'moved_away',
    })
    const response = await author.post(`/api/followup/records/${recordId}/interviews`, {
      occurredAt: '2026-11-30T10:00:00Z',
      medium: 'office',
    })
    expect(response.statusCode).toBe(400)
  })
  describe('correcting an interview', () => {
    const put = (client: ApiClient, recordId: string, id: string, body: object) =>
      client.put(`/api/followup/records/${recordId}/interviews/${id}`, {
        occurredAt: '2026-11-30T09:30:00+01:00',
        medium: 'office',
        ...body,
      })

    it('lets its author correct it, the private synthesis staying theirs, and audits what was done, not what it says', async () => {
      const { personId, recordId } = await recordFor('Correction')
      const created = await interview(author, recordId, {
        note: 'Note avec une coquille',
        durationMinutes: 30,
      })
      const corrected = await put(author, recordId, created.id, {
        occurredAt: '2026-11-29T15:00:00+01:00',
        medium: 'phone',
        durationMinutes: 20,
        participants: ['Sœur'],
        domains: ['family'],
        note: 'Note corrigée',
        privateSynthesis: SYNTHESIS,
      })
      expect(created.correctedAt).toBeNull()
      expect(corrected.statusCode, corrected.body).toBe(200)
      // Those who read it later see it was corrected, and when.
      expect(corrected.json().correctedAt > corrected.json().createdAt).toBe(true)
      expect(corrected.json()).toMatchObject({
        id: created.id,
        occurredAt: '2026-11-29T14:00:00.000Z',
        medium: 'phone',
        durationMinutes: 20,
        participants: ['Sœur'],
        domains: ['family'],
        note: 'Note corrigée',
        privateSynthesis: SYNTHESIS,
        mine: true,
      })
      // The colleague reads the corrected note, never the synthesis added by the correction.
      const colleagueView = await interviewsAs(colleague, recordId)
      expect(colleagueView.items[0]).toMatchObject({ note: 'Note corrigée', privateSynthesis: null })
      expect(colleagueView.body).not.toContain(SYNTHESIS)

      const audit = await director.get(`/api/audit?personId=${personId}`)
      expect(audit.json().items.map((e: { action: string }) => e.action)).toContain(
        'followup.interview_update',
      )
      expect(audit.body).not.toContain(SYNTHESIS)
      expect(audit.body).not.toContain('Note corrigée')
    })

    it('refuses a correction by anyone but the author — colleague, director, psychologist, another organisation — and changes nothing', async () => {
      const { recordId } = await recordFor('Pas à vous')
      const created = await interview(author, recordId, {
        note: 'Note d’origine',
        privateSynthesis: SYNTHESIS,
      })
      for (const [client, status] of [
        [colleague, 403],
        [director, 403],
        [psychologistOfTeam, 403],
        [admin, 403],
        [elsewhere, 404],
      ] as const) {
        const response = await put(client, recordId, created.id, { note: 'Réécrite', privateSynthesis: null })
        expect(response.statusCode, response.body).toBe(status)
        expect(response.body).not.toContain(SYNTHESIS)
      }
      const forbidden = await put(colleague, recordId, created.id, { note: 'Réécrite' })
      expect(forbidden.json().detail).toBe('Seul·e l’auteur·rice d’un entretien peut le corriger.')
      const mine = (await interviewsAs(author, recordId)).items[0]!
      expect(mine).toMatchObject({ note: 'Note d’origine', privateSynthesis: SYNTHESIS })
      // An interview of another record, through this record's address: not found.
      const other = await recordFor('Autre dossier')
      expect((await put(author, other.recordId, created.id, { note: 'x' })).statusCode).toBe(404)
    })

    it('keeps to the rules of recording: not in the future, not on a closed record, a home visit keeps its date and medium', async () => {
      const { recordId } = await recordFor('Règles')
      const office = await interview(author, recordId, { note: 'Bureau' })
      const future = await put(author, recordId, office.id, { occurredAt: '2999-01-01T10:00:00Z' })
      expect(future.statusCode).toBe(400)
      expect(future.json().errors[0].message).toContain('futur')
      const nul = await put(author, recordId, office.id, { note: 'a\u0000b' })
      expect(nul.statusCode).toBe(400)

      // A home visit is a passage counted at the desk: it stays one, on its date.
      const visit = await interview(author, recordId, {
        medium: 'home_visit',
        occurredAt: '2026-11-20T14:00:00+01:00',
      })
      const toOffice = await put(author, recordId, visit.id, {
        medium: 'office',
        occurredAt: '2026-11-20T14:00:00+01:00',
      })
      expect(toOffice.statusCode).toBe(400)
      expect(toOffice.json().errors[0]).toMatchObject({ path: 'medium' })
      const toVisit = await put(author, recordId, office.id, { medium: 'home_visit' })
      expect(toVisit.statusCode).toBe(400)
      const moved = await put(author, recordId, visit.id, {
        medium: 'home_visit',
        occurredAt: '2026-11-21T14:00:00+01:00',
      })
      expect(moved.statusCode).toBe(400)
      expect(moved.json().errors[0]).toMatchObject({ path: 'occurredAt' })
      const noted = await put(author, recordId, visit.id, {
        medium: 'home_visit',
        occurredAt: '2026-11-20T14:00:00+01:00',
        note: 'Logement visité, humidité dans la chambre',
      })
      expect(noted.statusCode, noted.body).toBe(200)

      await author.post(`/api/followup/records/${recordId}/status`, {
        status: 'closed',
        exitReason: 'moved_away',
      })
      const closed = await put(author, recordId, office.id, { note: 'Après clôture' })
      expect(closed.statusCode).toBe(400)
      expect((await interviewsAs(author, recordId)).body).not.toContain('Après clôture')
    })
  })
})
