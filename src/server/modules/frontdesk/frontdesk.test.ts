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
let agent: ApiClient
let worker: ApiClient
let director: ApiClient
let analyst: ApiClient
let commission: ApiClient
let workerId: string
let reasons: Record<string, string>

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  agent = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] }),
  )
  const workerUser = await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] })
  workerId = workerUser.id
  worker = await signedIn(ctx, workerUser)
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
  commission = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['commission_member'] }))
  const list = (await agent.get('/api/contact-reasons')).json().items as { id: string; label: string }[]
  reasons = Object.fromEntries(list.map((r) => [r.label, r.id]))
})
afterAll(() => ctx.close())

const personNamed = async (lastName: string, firstNames: string) =>
  (await worker.post('/api/people', { lastName, firstNames })).json().id as string

describe('contact reasons', () => {
  it('starts with the usual list, in French', () => {
    expect(Object.keys(reasons)).toEqual([
      'Accès aux droits',
      'Logement, hébergement',
      'Alimentation',
      'Énergie',
      'Santé',
      'Emploi',
      'Isolement',
      'Démarches administratives',
      'Autre',
    ])
  })

  it('lets the director rename, add and retire reasons; a retired reason is kept inactive for past counts', async () => {
    const current = (await director.get('/api/contact-reasons')).json().items as {
      id: string
      label: string
      active: boolean
    }[]
    const withoutOther = current.filter((r) => r.label !== 'Autre')
    const saved = await director.put('/api/contact-reasons', {
      items: [...withoutOther, { label: 'Mobilité', active: true }],
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const items = saved.json().items as { label: string; active: boolean }[]
    expect(items.filter((r) => r.active).map((r) => r.label)).toContain('Mobilité')
    expect(items.filter((r) => !r.active).map((r) => r.label)).toEqual(['Autre'])
    // The front desk agent cannot change the list.
    expect((await agent.put('/api/contact-reasons', { items: [{ label: 'X' }] })).statusCode).toBe(403)
    const twice = await director.put('/api/contact-reasons', {
      items: [{ label: 'Santé' }, { label: 'santé' }],
    })
    expect(twice.statusCode).toBe(400)
    expect(twice.json().errors[0].message).toBe('Deux motifs portent le même libellé.')
  })
})

describe('logging a contact', () => {
  it('logs an anonymous phone call with reasons and a description, without any person', async () => {
    const logged = await agent.post('/api/contacts', {
      channel: 'phone',
      siteId: org.siteId,
      teamId: org.teamId,
      anonymousDescription: 'Femme, ~40 ans, appelle pour une voisine',
      reasonIds: [reasons.Isolement],
      note: 'Rappeler lundi',
    })
    expect(logged.statusCode, logged.body).toBe(201)
    expect(logged.json()).toMatchObject({
      channel: 'phone',
      personId: null,
      personName: null,
      anonymousDescription: 'Femme, ~40 ans, appelle pour une voisine',
      reasonIds: [reasons.Isolement],
      followUpStatus: null,
    })
  })

  it('logs a walk-in for a person with an orientation to a partner service; it shows on their timeline and in search', async () => {
    const personId = await personNamed('Benali', 'Yasmina')
    const partner = await worker.post('/api/partners', { name: 'Restos du Cœur' })
    const service = await worker.post(`/api/partners/${partner.json().id}/services`, {
      name: 'Distribution alimentaire',
      category: 'food',
    })
    expect(service.statusCode, service.body).toBe(201)
    const logged = await agent.post('/api/contacts', {
      channel: 'walk_in',
      siteId: org.siteId,
      teamId: org.teamId,
      personId,
      reasonIds: [reasons.Alimentation, reasons['Accès aux droits']],
      orientationPartnerServiceId: service.json().id,
    })
    expect(logged.statusCode, logged.body).toBe(201)
    expect(logged.json()).toMatchObject({
      personName: 'BENALI Yasmina',
      orientationPartnerServiceName: 'Restos du Cœur — Distribution alimentaire',
    })

    const timeline = (await worker.get(`/api/people/${personId}/timeline`)).json().items
    expect(timeline).toHaveLength(1)
    expect(timeline[0]).toMatchObject({
      kind: 'contact',
      title: 'Passage à l’accueil — Accueil social',
      personId,
    })
    expect(timeline[0].detail).toContain('Accès aux droits, Alimentation')
    expect(timeline[0].detail).toContain('Orienté·e vers Restos du Cœur — Distribution alimentaire')

    const found = (await agent.get('/api/people?q=benali')).json().items
    expect(found[0].lastActivityAt).toBe(logged.json().occurredAt)
  })

  it('refuses unknown references and future dates with French messages, and writes nothing', async () => {
    const other = await createOrganisation(ctx, 'CCAS voisin')
    const before = (await agent.get('/api/contacts')).json().items.length
    const cases: [object, string, string][] = [
      [{ channel: 'fax' }, 'channel', 'Choisissez une valeur de la liste.'],
      [{ channel: 'phone', teamId: other.teamId }, 'teamId', 'Équipe inconnue.'],
      [{ channel: 'phone', siteId: other.siteId }, 'siteId', 'Site inconnu.'],
      [{ channel: 'phone', reasonIds: [other.teamId] }, 'reasonIds.0', 'Motif inconnu.'],
      [{ channel: 'phone', personId: other.teamId }, 'personId', 'Personne inconnue.'],
      [{ channel: 'phone', followUp: true }, 'teamId', 'Choisissez l’équipe qui assurera le suivi.'],
      [
        { channel: 'phone', occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
        'occurredAt',
        'Un contact ne peut pas être enregistré dans le futur.',
      ],
      // The agent is not in the confidential PAEJ team.
      [{ channel: 'phone', teamId: org.confidentialTeamId }, 'teamId', 'Équipe inconnue.'],
    ]
    for (const [body, path, message] of cases) {
      const refused = await agent.post('/api/contacts', body)
      expect(refused.statusCode, JSON.stringify(body)).toBe(400)
      expect(refused.json().errors).toEqual([{ path, message }])
    }
    expect((await agent.get('/api/contacts')).json().items).toHaveLength(before)
  })

  it('attaches a contact logged on a merged file to the kept file', async () => {
    const kept = await personNamed('Marchand', 'Lucie')
    const duplicate = await personNamed('Marchant', 'Lucie')
    expect((await worker.post(`/api/people/${kept}/merge`, { mergedPersonId: duplicate })).statusCode).toBe(
      200,
    )
    const logged = await agent.post('/api/contacts', { channel: 'phone', personId: duplicate })
    expect(logged.json().personId).toBe(kept)
  })

  it('completes an anonymous contact once the person gives their name', async () => {
    const logged = await agent.post('/api/contacts', {
      channel: 'walk_in',
      anonymousDescription: 'Homme, ~25 ans',
    })
    const personId = await personNamed('Roussel', 'Kevin')
    const completed = await agent.patch(`/api/contacts/${logged.json().id}`, { personId })
    expect(completed.json()).toMatchObject({
      personId,
      personName: 'ROUSSEL Kevin',
      anonymousDescription: null,
    })
  })
})

describe('follow-up queue', () => {
  it('puts a contact needing follow-up in the team queue, oldest first; assigning and closing it takes it out', async () => {
    const first = await agent.post('/api/contacts', {
      channel: 'phone',
      teamId: org.teamId,
      occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
      anonymousDescription: 'Appel d’hier',
      followUp: true,
    })
    const second = await agent.post('/api/contacts', {
      channel: 'email',
      teamId: org.teamId,
      anonymousDescription: 'E-mail du jour',
      followUp: true,
    })
    const queue = async () =>
      (
        (await worker.get(`/api/contacts?queue=true&teamId=${org.teamId}`)).json().items as { id: string }[]
      ).map((c) => c.id)
    expect(await queue()).toEqual([first.json().id, second.json().id])

    const assigned = await agent.patch(`/api/contacts/${first.json().id}`, { assignedTo: workerId })
    expect(assigned.json()).toMatchObject({ assignedTo: workerId, followUpStatus: 'pending' })
    const mine = (await worker.get('/api/contacts?queue=true&assignedToMe=true')).json().items
    expect(mine.map((c: { id: string }) => c.id)).toEqual([first.json().id])

    const done = await worker.patch(`/api/contacts/${first.json().id}`, {
      followUpStatus: 'done',
      followUpNote: 'Rappelée, rendez-vous pris',
    })
    expect(done.json()).toMatchObject({ followUpStatus: 'done', followUpNote: 'Rappelée, rendez-vous pris' })
    expect(done.json().doneAt).not.toBeNull()
    expect(await queue()).toEqual([second.json().id])

    const unknownAgent = await agent.patch(`/api/contacts/${second.json().id}`, { assignedTo: org.teamId })
    expect(unknownAgent.json().errors).toEqual([
      { path: 'assignedTo', message: 'Agent inconnu ou compte désactivé.' },
    ])
  })
})

describe('counts', () => {
  it('counts contacts per year, team, channel and reason, anonymous ones included; an analyst reads counts, not contacts', async () => {
    const org2 = await createOrganisation(ctx, 'CCAS de Saint-Étienne')
    const agent2 = await signedIn(
      ctx,
      await createUser(ctx, org2.id, { roles: ['front_desk_agent'], teamIds: [org2.teamId] }),
    )
    const analyst2 = await signedIn(ctx, await createUser(ctx, org2.id, { roles: ['analyst'] }))
    const reasons2 = Object.fromEntries(
      ((await agent2.get('/api/contact-reasons')).json().items as { id: string; label: string }[]).map(
        (r) => [r.label, r.id],
      ),
    )
    const log = (occurredAt: string, channel: string, reasonIds: string[]) =>
      agent2.post('/api/contacts', {
        occurredAt,
        channel,
        teamId: org2.teamId,
        siteId: org2.siteId,
        reasonIds,
      })
    for (let i = 0; i < 5; i++) await log(`2017-03-1${i}T09:00:00+01:00`, 'walk_in', [reasons2.Alimentation!])
    await log('2017-04-02T10:00:00+02:00', 'phone', [reasons2.Alimentation!, reasons2.Santé!])
    await log('2017-12-31T23:30:00+01:00', 'walk_in', [])
    await log('2018-01-01T00:30:00+01:00', 'walk_in', [])

    const counts = async (query: string) => {
      const response = await analyst2.get(`/api/contact-counts?${query}`)
      expect(response.statusCode, response.body).toBe(200)
      return response.json()
    }
    // "How many passages at the social reception in 2017?" — one filter away.
    expect((await counts(`from=2017-01-01&to=2017-12-31&teamId=${org2.teamId}`)).total).toBe(7)
    expect((await counts('from=2017-01-01&to=2017-12-31&channel=walk_in')).total).toBe(6)
    // Periods cutting months: whole months and the days at the edges add up.
    expect((await counts('from=2017-03-12&to=2017-04-30')).total).toBe(4)
    expect((await counts('from=2017-03-11&to=2017-03-13')).total).toBe(3)
    expect((await counts('from=2017-02-01&to=2018-01-01&groupBy=year')).rows).toEqual([
      { keys: ['2017'], labels: ['2017'], contacts: 7 },
      { keys: ['2018'], labels: ['2018'], contacts: 1 },
    ])
    const byMonth = await counts('from=2017-01-01&to=2018-12-31&groupBy=month')
    expect(byMonth.rows.map((r: { keys: string[]; contacts: number }) => [r.keys[0], r.contacts])).toEqual([
      ['2017-03', 5],
      ['2017-04', 1],
      ['2017-12', 1],
      ['2018-01', 1],
    ])
    const byReason = await counts('from=2017-01-01&to=2017-12-31&groupBy=reason')
    expect(
      byReason.rows.map((r: { labels: string[]; contacts: number }) => [r.labels[0], r.contacts]),
    ).toEqual(
      expect.arrayContaining([
        ['Alimentation', 6],
        ['Santé', 1],
      ]),
    )
    expect((await counts(`from=2017-01-01&to=2017-12-31&reasonId=${reasons2.Alimentation}`)).total).toBe(6)
    const byTeamAndChannel = await counts('from=2017-01-01&to=2017-12-31&groupBy=team,channel')
    expect(byTeamAndChannel.rows).toEqual([
      { keys: [org2.teamId, 'phone'], labels: ['Accueil social', 'Téléphone (numéro unique)'], contacts: 1 },
      { keys: [org2.teamId, 'walk_in'], labels: ['Accueil social', 'Passage à l’accueil'], contacts: 6 },
    ])
    // Organisation A's counts don't include B's contacts.
    expect((await analyst.get('/api/contact-counts?from=2017-01-01&to=2017-12-31')).json().total).toBe(0)
    expect((await analyst2.get('/api/contacts')).statusCode).toBe(403)
    expect((await agent2.get('/api/contact-counts?from=2017-01-01&to=2017-12-31')).statusCode).toBe(403)
    const reversed = await analyst2.get('/api/contact-counts?from=2018-01-01&to=2017-01-01')
    expect(reversed.json().errors).toEqual([
      { path: 'from', message: 'La date de début doit précéder la date de fin.' },
    ])
  })
})

describe('who sees what', () => {
  it('hides contacts of a confidential team from those outside it, and from timelines', async () => {
    const personId = await personNamed('Leroy', 'Inès')
    const paej = await director.post('/api/contacts', {
      channel: 'walk_in',
      teamId: org.confidentialTeamId,
      personId,
      note: 'Entretien PAEJ',
    })
    expect(paej.statusCode, paej.body).toBe(201)
    expect((await worker.get(`/api/contacts/${paej.json().id}`)).statusCode).toBe(404)
    expect((await worker.get(`/api/people/${personId}/timeline`)).json().items).toEqual([])
    expect((await director.get(`/api/people/${personId}/timeline`)).json().items).toHaveLength(1)
    // The commission reads no file at all (shared/person-sections.ts), contacts included.
    expect((await commission.get(`/api/people/${personId}/timeline`)).statusCode).toBe(403)
    expect((await commission.get('/api/contacts')).statusCode).toBe(403)
  })

  it("shows a team's contact notes to that team, the author and the director only: others see that a note exists", async () => {
    const rsaTeamId = (
      await ctx.db
        .insertInto('teams')
        .values({ organisation_id: org.id, site_id: org.siteId, name: 'Accueil RSA' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    const authorUser = await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [rsaTeamId] })
    const author = await signedIn(ctx, authorUser)
    const outsiders = {
      frontDesk: agent,
      coordinator: await signedIn(ctx, await createUser(ctx, org.id, { roles: ['volunteer_coordinator'] })),
      outreach: await signedIn(
        ctx,
        await createUser(ctx, org.id, { roles: ['outreach_agent'], teamIds: [org.teamId] }),
      ),
      otherSocialWorker: worker,
    }
    const rsaWorker = await signedIn(
      ctx,
      await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [rsaTeamId] }),
    )
    const personId = await personNamed('Garnier', 'Solène')
    const logged = await author.post('/api/contacts', {
      channel: 'walk_in',
      personId,
      teamId: rsaTeamId,
      note: 'Dettes de loyer, conflit avec le bailleur',
      followUp: true,
    })
    expect(logged.statusCode, logged.body).toBe(201)
    const id = logged.json().id
    expect(logged.json()).toMatchObject({
      note: 'Dettes de loyer, conflit avec le bailleur',
      noteRestricted: false,
    })

    for (const reader of [author, rsaWorker, director]) {
      expect((await reader.get(`/api/contacts/${id}`)).json().note).toBe(
        'Dettes de loyer, conflit avec le bailleur',
      )
      const timeline = (await reader.get(`/api/people/${personId}/timeline`)).json().items
      expect(timeline[0].detail).toContain('Dettes de loyer')
    }
    for (const [who, reader] of Object.entries(outsiders)) {
      const detail = await reader.get(`/api/contacts/${id}`)
      expect(detail.statusCode, who).toBe(200)
      // The contact shows (who came, when, for which team); the note does not.
      expect(detail.json(), who).toMatchObject({ personId, note: null, noteRestricted: true })
      const lists = [
        (await reader.get(`/api/contacts?personId=${personId}`)).json().items,
        (await reader.get(`/api/contacts?teamId=${rsaTeamId}&queue=true`)).json().items,
      ]
      for (const items of lists) {
        expect(
          items.find((c: { id: string }) => c.id === id),
          who,
        ).toMatchObject({ note: null, noteRestricted: true })
      }
      const timeline = await reader.get(`/api/people/${personId}/timeline`)
      expect(timeline.body, who).not.toContain('Dettes de loyer')
      expect(timeline.json().items[0].detail, who).toContain('Note réservée à l’équipe')
      // Nor can they overwrite what they cannot read.
      const blind = await reader.patch(`/api/contacts/${id}`, { note: 'Écrasée' })
      expect(blind.statusCode, who).toBe(400)
      expect(blind.json().errors[0].path).toBe('note')
    }
    // A contact without a team keeps its note for every reader of contacts.
    const open = await author.post('/api/contacts', { channel: 'phone', personId, note: 'Rappeler mardi' })
    expect((await agent.get(`/api/contacts/${open.json().id}`)).json()).toMatchObject({
      note: 'Rappeler mardi',
      noteRestricted: false,
    })
  })

  it('traces every read and write of contacts in the audit log', async () => {
    const personId = await personNamed('Fabre', 'Nadia')
    const logged = (await agent.post('/api/contacts', { channel: 'walk_in', personId })).json()
    await agent.patch(`/api/contacts/${logged.id}`, { note: 'Revenue avec ses papiers' })
    await agent.get(`/api/contacts/${logged.id}`)
    await agent.get(`/api/contacts?personId=${personId}`)
    const rows = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'person_id'])
      .where('person_id', '=', personId)
      .where('action', 'like', 'contact.%')
      .orderBy('at')
      .execute()
    expect(rows.map((r) => r.action)).toEqual([
      'contact.create',
      'contact.update',
      'contact.read',
      'contact.list',
    ])
    expect(rows.slice(0, 3).every((r) => r.entity_id === logged.id)).toBe(true)
  })

  it('keeps notes and names out of the logs', () => {
    const logs = ctx.logs.join('\n')
    for (const secret of ['Rappeler lundi', 'Benali', 'Yasmina', 'Entretien PAEJ', 'voisine']) {
      expect(logs).not.toContain(secret)
    }
  })
})
