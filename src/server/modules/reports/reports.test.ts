import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createOrganisation, createUser, signedIn } from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import type { MemberReport } from '../../../shared/network.ts'
import type { ReportDetail, ReportList } from '../../../shared/reports.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let outreach: ApiClient
let outreachId: string
let colleague: ApiClient
let colleagueId: string
let frontDesk: ApiClient
let director: ApiClient
let administrator: ApiClient
let analyst: ApiClient
let coordinator: ApiClient
let ipCounter = 0
/** A citizen: a fresh address each time, so that the per-IP limit only trips where a test wants it. */
const citizen = () => new ApiClient(ctx, `10.40.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`)

const validReport = (extra: object = {}) => ({
  locationText: 'Sous le pont de la rue Balay, côté parking',
  situation: 'Un homme d’une trentaine d’années dort dehors depuis plusieurs nuits, il tousse beaucoup.',
  childrenPresent: 'no',
  urgency: 'not_urgent',
  consent: true,
  ...extra,
})

const submit = (body: object, client = citizen(), organisationId = org.id) =>
  client.post(`/api/public/reports/${organisationId}`, body)

async function reportCount() {
  const row = await ctx.db
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

const storedReport = (reference: string) =>
  ctx.db.selectFrom('reports').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow()

const idOf = async (reference: string) => (await storedReport(reference)).id

/** The audit row written when the report was stored. */
const creationAudit = (reportId: string) =>
  ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', reportId).executeTakeFirstOrThrow()

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS de Saint-Étienne')
  const outreachUser = await createUser(ctx, org.id, {
    roles: ['outreach_agent'],
    teamIds: [org.teamId],
    name: 'Karim Maraude',
  })
  outreachId = outreachUser.id
  outreach = await signedIn(ctx, outreachUser)
  const colleagueUser = await createUser(ctx, org.id, { roles: ['outreach_agent'], name: 'Inès Terrain' })
  colleagueId = colleagueUser.id
  colleague = await signedIn(ctx, colleagueUser)
  frontDesk = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['front_desk_agent'], name: 'Léa Accueil' }),
  )
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  administrator = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
  coordinator = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['volunteer_coordinator'], name: 'Odile Coordination' }),
  )
})
afterAll(() => ctx.close())

describe('the public form', () => {
  it('names the only organisation of an installation, or the one of the link', async () => {
    const sole = await citizen().get('/api/public/reports/form')
    expect(sole.statusCode, sole.body).toBe(200)
    expect(sole.json()).toEqual({ organisationId: org.id, organisationName: 'CCAS de Saint-Étienne' })
    await createOrganisation(ctx, 'CCAS de Lailleurs')
    // Several organisations: the link must say which one.
    expect((await citizen().get('/api/public/reports/form')).statusCode).toBe(404)
    const linked = await citizen().get(`/api/public/reports/form?organisation=${org.id}`)
    expect(linked.json().organisationName).toBe('CCAS de Saint-Étienne')
    const unknown = await citizen().get(`/api/public/reports/form?organisation=${crypto.randomUUID()}`)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('NOT_FOUND')
  })

  it('takes a report without an account and answers a reference and an acknowledgement, nothing more', async () => {
    const answer = await submit(validReport({ reporterName: 'Mme Voisine', callbackAccepted: false }))
    expect(answer.statusCode, answer.body).toBe(201)
    const body = answer.json()
    expect(Object.keys(body).sort()).toEqual(['acknowledgement', 'reference'])
    expect(body.reference).toMatch(/^SIG-\d{4}-\d{6}$/)
    expect(body.acknowledgement).toContain('bien été transmis')

    const stored = await storedReport(body.reference)
    expect(stored).toMatchObject({
      organisation_id: org.id,
      source: 'public_form',
      status: 'new',
      created_by: null,
      reporter_name: 'Mme Voisine',
      children_present: 'no',
    })
    expect(stored.consent_at).not.toBeNull()
    const events = await ctx.db
      .selectFrom('report_events')
      .selectAll()
      .where('report_id', '=', stored.id)
      .execute()
    expect(events.map((e) => [e.status, e.by_user])).toEqual([['new', null]])
    expect(await creationAudit(stored.id)).toMatchObject({
      action: 'report.create_public',
      user_id: null,
      ip: null,
    })
  })

  it('answers the same whatever is reported: a known person, a stranger, fields it does not take', async () => {
    await director.post('/api/people', { lastName: 'Benali', firstNames: 'Yasmina' })
    const known = await submit(
      validReport({
        situation: 'Yasmina Benali, née en 1987, dort dans sa voiture avec ses enfants.',
        childrenPresent: 'yes',
        urgency: 'urgent',
        personId: crypto.randomUUID(),
      }),
    )
    const stranger = await submit(validReport({ situation: 'Xqzwv Plortz, inconnu de tous.' }))
    expect(known.statusCode).toBe(201)
    expect(stranger.statusCode).toBe(201)
    const strip = (r: typeof known) => ({ ...r.json(), reference: 'X' })
    expect(strip(known)).toEqual(strip(stranger))
    expect(known.headers['content-length']).toBe(stranger.headers['content-length'])
    // Fields the form does not take are dropped, never matched against files.
    const stored = await ctx.db
      .selectFrom('reports')
      .select('person_id')
      .where('reference', '=', known.json().reference)
      .executeTakeFirstOrThrow()
    expect(stored.person_id).toBeNull()
  })

  it('drops what a bot sends in the hidden field, with an answer like any other', async () => {
    const before = await reportCount()
    const outbox = await ctx.db.selectFrom('outbox').select('id').execute()
    const bot = await submit(validReport({ website: 'http://spam.example', reporterEmail: 'bot@spam.test' }))
    expect(bot.statusCode).toBe(201)
    expect(bot.json().reference).toMatch(/^SIG-\d{4}-\d{6}$/)
    expect(bot.json().acknowledgement).toBe((await submit(validReport())).json().acknowledgement)
    expect(await reportCount()).toBe(before + 1)
    expect((await ctx.db.selectFrom('outbox').select('id').execute()).length).toBe(outbox.length)
  })

  it('refuses incomplete input with French messages next to each field, and keeps nothing', async () => {
    const before = await reportCount()
    const refused = await submit({ locationText: '  ', reporterEmail: 'pas-une-adresse', latitude: 45.4 })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().code).toBe('VALIDATION_FAILED')
    const messages = Object.fromEntries(
      (refused.json().errors as { path: string; message: string }[]).map((e) => [e.path, e.message]),
    )
    expect(messages).toMatchObject({
      locationText: 'Indiquez le lieu : une adresse, un carrefour, un repère.',
      situation: 'Décrivez la situation et la ou les personnes.',
      consent: 'Cochez cette case pour envoyer le signalement.',
      reporterEmail: 'Adresse e-mail invalide.',
    })
    const noWayBack = await submit(validReport({ callbackAccepted: true }))
    expect(noWayBack.statusCode).toBe(400)
    expect(noWayBack.json().errors).toEqual([
      {
        path: 'reporterPhone',
        message: 'Pour être rappelé·e, indiquez un numéro de téléphone ou une adresse e-mail.',
      },
    ])
    const halfPoint = await submit(validReport({ latitude: 45.43 }))
    expect(halfPoint.json().errors[0].path).toBe('latitude')
    const future = await submit(validReport({ seenAt: new Date(Date.now() + 86_400_000).toISOString() }))
    expect(future.json().errors).toEqual([
      { path: 'seenAt', message: 'La date ne peut pas être dans le futur.' },
    ])
    expect(await reportCount()).toBe(before)
  })

  it('answers 404 for an organisation that does not exist, and keeps nothing', async () => {
    const before = await reportCount()
    const answer = await submit(validReport(), citizen(), crypto.randomUUID())
    expect(answer.statusCode).toBe(404)
    expect(answer.json().code).toBe('NOT_FOUND')
    expect(await reportCount()).toBe(before)
  })

  it('limits the reports of one address, with a French message; other addresses still report', async () => {
    const busy = new ApiClient(ctx, '10.99.0.1')
    for (let i = 0; i < 10; i++) expect((await submit(validReport(), busy)).statusCode).toBe(201)
    const limited = await submit(validReport(), busy)
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({
      code: 'RATE_LIMITED',
      detail: 'Trop de requêtes. Patientez un instant puis réessayez.',
    })
    expect((await submit(validReport())).statusCode).toBe(201)
  })

  it('gives distinct, consecutive reference numbers to reports sent at the same instant', async () => {
    const before = await ctx.db
      .selectFrom('report_counters')
      .select('last_value')
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow()
    const answers = await Promise.all(Array.from({ length: 25 }, () => submit(validReport())))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(25).fill(201))
    const numbers = answers.map((a) => Number(a.json().reference.slice(-6))).sort((a, b) => a - b)
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => before.last_value + 1 + i))
  })

  it('sends an acknowledgement e-mail with the reference and generic words only', async () => {
    const answer = await submit(
      validReport({
        reporterEmail: 'Habitante@Exemple.fr',
        reporterPhone: '06 12 34 56 78',
        callbackAccepted: true,
        situation: 'Madame Zoubida Ferrand dort sous l’abribus avec un bébé.',
      }),
    )
    expect(answer.statusCode, answer.body).toBe(201)
    await ctx.deliverEmails()
    const mail = ctx.mailbox.received.find((m) => m.to === 'habitante@exemple.fr')
    expect(mail?.subject).toBe(`Signalement ${answer.json().reference} bien reçu`)
    expect(mail?.text).toContain(answer.json().reference)
    expect(mail?.text).toContain('CCAS de Saint-Étienne')
    expect(mail?.text).not.toMatch(/Zoubida|Ferrand|abribus|Balay/)
  })

  it('keeps personal data out of the logs', async () => {
    await submit(
      validReport({
        reporterName: 'Gontran Témoin',
        reporterPhone: '07 98 76 54 32',
        situation: 'Famille Quelconque-Unique sous une tente',
        locationText: '12 impasse des Témoins',
      }),
    )
    await submit({ situation: 'Famille Quelconque-Unique', reporterEmail: 'faux' })
    const logs = ctx.logs.join('\n')
    expect(logs).not.toMatch(/Gontran|98 76|Quelconque|impasse des Témoins/)
  })
})

describe('staff entry', () => {
  let serviceId: string
  beforeAll(async () => {
    const partner = await director.post('/api/partners', { name: 'Secours Populaire' })
    const service = await director.post(`/api/partners/${partner.json().id}/services`, {
      name: 'Maraude du soir',
      category: 'food',
    })
    serviceId = service.json().id
  })

  it('lets the front desk enter a report from the municipal police; it cannot read the queue', async () => {
    const created = await frontDesk.post('/api/reports', {
      source: 'municipal_police',
      locationText: 'Place Jean-Jaurès',
      situation: 'Deux jeunes hommes installés sous le kiosque, signalés par la patrouille.',
      urgency: 'urgent',
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({
      source: 'municipal_police',
      status: 'new',
      urgency: 'urgent',
      createdByName: 'Léa Accueil',
      overdue: false,
    })
    expect(created.json().reference).toMatch(/^SIG-\d{4}-\d{6}$/)
    expect(created.json().history).toMatchObject([{ status: 'new', byName: 'Léa Accueil' }])
    expect((await frontDesk.get('/api/reports')).statusCode).toBe(403)
    const valid = { source: 'other', locationText: 'Ici', situation: 'Quelqu’un dehors.' }
    expect((await analyst.post('/api/reports', valid)).statusCode).toBe(403)
  })

  it('names the partner service, the front-desk contact and the known person it links', async () => {
    const personId = (await director.post('/api/people', { lastName: 'Moreau', firstNames: 'Paul' })).json()
      .id
    const contact = await frontDesk.post('/api/contacts', { channel: 'phone', anonymousDescription: 'Appel' })
    const fromPartner = await outreach.post('/api/reports', {
      source: 'partner',
      partnerServiceId: serviceId,
      locationText: 'Gare de Châteaucreux',
      situation: 'M. Moreau, connu du service, semble très affaibli.',
      personId,
    })
    expect(fromPartner.statusCode, fromPartner.body).toBe(201)
    expect(fromPartner.json()).toMatchObject({
      partnerServiceName: 'Secours Populaire — Maraude du soir',
      personId,
      personName: 'MOREAU Paul',
    })
    const atDesk = await frontDesk.post('/api/reports', {
      source: 'front_desk',
      frontdeskContactId: contact.json().id,
      locationText: 'Parc de l’Europe',
      situation: 'Une femme âgée passe ses nuits sur un banc.',
    })
    expect(atDesk.statusCode, atDesk.body).toBe(201)
    expect(atDesk.json().frontdeskContactId).toBe(contact.json().id)
  })

  it('refuses unknown references with a field message and writes nothing, not even a number', async () => {
    const before = await reportCount()
    const counter = async () =>
      (
        await ctx.db
          .selectFrom('report_counters')
          .select('last_value')
          .where('organisation_id', '=', org.id)
          .executeTakeFirstOrThrow()
      ).last_value
    const lastNumber = await counter()
    const base = { source: 'partner', locationText: 'Quelque part', situation: 'Quelqu’un dehors.' }
    const cases: [object, string, string][] = [
      [{ partnerServiceId: crypto.randomUUID() }, 'partnerServiceId', 'Service partenaire inconnu.'],
      [{ frontdeskContactId: crypto.randomUUID() }, 'frontdeskContactId', 'Contact d’accueil inconnu.'],
      [{ personId: crypto.randomUUID() }, 'personId', 'Personne inconnue.'],
      [{ zoneId: crypto.randomUUID() }, 'zoneId', 'Secteur inconnu.'],
    ]
    for (const [extra, path, message] of cases) {
      const refused = await outreach.post('/api/reports', { ...base, ...extra })
      expect(refused.statusCode, refused.body).toBe(400)
      expect(refused.json().errors).toEqual([{ path, message }])
    }
    const publicSource = await outreach.post('/api/reports', { ...base, source: 'public_form' })
    expect(publicSource.json().errors[0]).toEqual({
      path: 'source',
      message: 'Choisissez une valeur de la liste.',
    })
    expect(await reportCount()).toBe(before)
    expect(await counter()).toBe(lastNumber)
  })
})

describe('triage', () => {
  let zoneId: string
  let otherZoneId: string
  let roundId: string
  let encounterId: string
  let reportId: string

  beforeAll(async () => {
    const zones = await ctx.db
      .insertInto('outreach_zones')
      .values([
        { organisation_id: org.id, name: 'Centre-ville' },
        { organisation_id: org.id, name: 'Gare' },
      ])
      .returning('id')
      .execute()
    zoneId = zones[0]!.id
    otherZoneId = zones[1]!.id
    const round = await ctx.db
      .insertInto('outreach_rounds')
      .values({ organisation_id: org.id, round_date: '2026-11-30', zone_id: zoneId, created_by: outreachId })
      .returning('id')
      .executeTakeFirstOrThrow()
    roundId = round.id
    const answer = await submit(validReport({ locationText: 'Rue de la République, devant la pharmacie' }))
    reportId = await idOf(answer.json().reference)
    // Made after the report arrived: it can be the one that answered it.
    const encounter = await ctx.db
      .insertInto('outreach_encounters')
      .values({
        organisation_id: org.id,
        idempotency_key: crypto.randomUUID(),
        occurred_at: new Date(),
        situation: 'sleeping_rough',
        created_by: outreachId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    encounterId = encounter.id
  })

  const status = (id: string, body: object, client = outreach) =>
    client.post(`/api/reports/${id}/status`, body)

  it('lists new reports for the outreach team, the oldest first, with a zone set at triage', async () => {
    const list = await outreach.get('/api/reports?status=new')
    expect(list.statusCode, list.body).toBe(200)
    const body = list.json() as ReportList
    expect(body.triageDelayDays).toBe(7)
    expect(body.items.some((r) => r.id === reportId)).toBe(true)
    expect(body.items.every((r) => r.status === 'new')).toBe(true)

    const zoned = await outreach.patch(`/api/reports/${reportId}`, { zoneId })
    expect(zoned.statusCode, zoned.body).toBe(200)
    expect(zoned.json().zoneName).toBe('Centre-ville')
    const inZone = (await outreach.get(`/api/reports?zoneId=${zoneId}`)).json() as ReportList
    expect(inZone.items.map((r) => r.id)).toEqual([reportId])
    expect((await outreach.get(`/api/reports?zoneId=${otherZoneId}`)).json().items).toEqual([])
  })

  it('takes a report through assigned → visited → closed, each change dated with who made it', async () => {
    const assigned = await status(reportId, { status: 'assigned', assignedTo: outreachId, roundId })
    expect(assigned.statusCode, assigned.body).toBe(200)
    expect(assigned.json()).toMatchObject({
      status: 'assigned',
      assignedToName: 'Karim Maraude',
      roundLabel: 'Tournée du 30/11/2026 — Centre-ville',
    })
    const mine = (await outreach.get('/api/reports?assignedToMe=true')).json() as ReportList
    expect(mine.items.map((r) => r.id)).toEqual([reportId])
    expect((await colleague.get('/api/reports?assignedToMe=true')).json().items).toEqual([])

    const visited = await status(reportId, { status: 'visited', encounterId, note: 'Vu avec la tournée' })
    expect(visited.statusCode, visited.body).toBe(200)
    expect(visited.json()).toMatchObject({ status: 'visited', encounterId })
    expect(visited.json().visitedAt).not.toBeNull()

    const closed = await status(
      reportId,
      { status: 'closed', outcome: 'person_met', closingNote: 'Orienté vers l’accueil de jour' },
      colleague,
    )
    expect(closed.statusCode, closed.body).toBe(200)
    const report = closed.json() as ReportDetail
    expect(report).toMatchObject({ status: 'closed', outcome: 'person_met', overdue: false })
    expect(report.history.map((e) => [e.status, e.byName])).toEqual([
      ['new', null],
      ['assigned', 'Karim Maraude'],
      ['visited', 'Karim Maraude'],
      ['closed', 'Inès Terrain'],
    ])
    expect(report.history[1]).toMatchObject({
      assignedToName: 'Karim Maraude',
      roundLabel: 'Tournée du 30/11/2026 — Centre-ville',
    })
    expect(report.history[3]?.outcome).toBe('person_met')
    // Closed reports leave the queue, and are found under their status.
    expect(
      (await outreach.get('/api/reports')).json().items.some((r: { id: string }) => r.id === reportId),
    ).toBe(false)
    const closedList = (await outreach.get('/api/reports?status=closed')).json() as ReportList
    expect(closedList.items.map((r) => r.id)).toContain(reportId)
  })

  it('refuses changes the statuses do not allow, with French messages, and changes nothing', async () => {
    const closedAgain = await status(reportId, { status: 'assigned', assignedTo: colleagueId })
    expect(closedAgain.statusCode).toBe(400)
    expect(closedAgain.json().errors).toEqual([
      { path: 'status', message: 'Ce signalement est clos : son statut ne peut plus changer.' },
    ])
    const fresh = await idOf((await submit(validReport())).json().reference)
    expect((await status(fresh, { status: 'visited' })).statusCode).toBe(200)
    const backwards = await status(fresh, { status: 'assigned', assignedTo: outreachId })
    expect(backwards.json().errors).toEqual([
      { path: 'status', message: 'Ce signalement a déjà été visité : il ne reste qu’à le clore.' },
    ])
    const nobody = await status(fresh, { status: 'assigned' })
    expect(nobody.json().errors).toEqual([
      { path: 'assignedTo', message: 'Choisissez un agent ou une tournée.' },
    ])
    const noOutcome = await status(fresh, { status: 'closed' })
    expect(noOutcome.statusCode).toBe(400)
    expect(noOutcome.json().errors[0]).toEqual({
      path: 'outcome',
      message: 'Choisissez une valeur de la liste.',
    })
    const unknownStatus = await status(fresh, { status: 'reopened' })
    expect(unknownStatus.json().errors[0].message).toBe(
      'Choisissez le nouveau statut : attribué, visité ou clos.',
    )
    const detail = (await outreach.get(`/api/reports/${fresh}`)).json() as ReportDetail
    expect(detail.status).toBe('visited')
    expect(detail.history.map((e) => e.status)).toEqual(['new', 'visited'])
  })

  it('refuses an agent or round that is not the organisation’s, without a half-made assignment', async () => {
    const fresh = await idOf((await submit(validReport())).json().reference)
    const elsewhere = await createOrganisation(ctx, 'CCAS voisin')
    const stranger = await createUser(ctx, elsewhere.id, { roles: ['outreach_agent'] })
    const foreign = await status(fresh, { status: 'assigned', assignedTo: stranger.id, roundId })
    expect(foreign.json().errors).toEqual([
      {
        path: 'assignedTo',
        message: 'Agent inconnu, compte désactivé, ou rôle qui ne traite pas les signalements.',
      },
    ])
    const noRound = await status(fresh, { status: 'assigned', roundId: crypto.randomUUID() })
    expect(noRound.json().errors).toEqual([{ path: 'roundId', message: 'Tournée inconnue ou annulée.' }])
    const noEncounter = await status(fresh, { status: 'visited', encounterId: crypto.randomUUID() })
    expect(noEncounter.json().errors).toEqual([{ path: 'encounterId', message: 'Rencontre inconnue.' }])
    const detail = (await outreach.get(`/api/reports/${fresh}`)).json() as ReportDetail
    expect(detail).toMatchObject({ status: 'new', assignedTo: null, roundId: null })
    expect(detail.history).toHaveLength(1)
  })

  it('is given only to someone who acts on reports, and answered only by an encounter made after it arrived', async () => {
    const fresh = await idOf((await submit(validReport())).json().reference)
    // The picker offers those who triage reports: no front-desk agent, no coordinator.
    const offered = (await outreach.get('/api/colleagues?may=report.triage')).json().items as {
      name: string
    }[]
    const names = offered.map((c) => c.name)
    expect(names).toEqual(expect.arrayContaining(['Inès Terrain']))
    expect(names).not.toContain('Léa Accueil')
    expect(names).not.toContain('Odile Coordination')
    expect((await outreach.get('/api/colleagues?may=nonsense')).statusCode).toBe(400)
    // The server applies the same rule.
    const frontDeskId = (
      await ctx.db
        .selectFrom('users')
        .select('id')
        .where('name', '=', 'Léa Accueil')
        .executeTakeFirstOrThrow()
    ).id
    const toFrontDesk = await status(fresh, { status: 'assigned', assignedTo: frontDeskId })
    expect(toFrontDesk.json().errors).toEqual([
      {
        path: 'assignedTo',
        message: 'Agent inconnu, compte désactivé, ou rôle qui ne traite pas les signalements.',
      },
    ])
    // An encounter from before the report arrived did not answer it.
    const earlier = await ctx.db
      .insertInto('outreach_encounters')
      .values({
        organisation_id: org.id,
        idempotency_key: crypto.randomUUID(),
        occurred_at: new Date(Date.now() - 3_600_000),
        situation: 'sleeping_rough',
        created_by: outreachId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const tooEarly = await status(fresh, { status: 'visited', encounterId: earlier.id })
    expect(tooEarly.json().errors).toEqual([
      { path: 'encounterId', message: 'Cette rencontre a eu lieu avant l’arrivée du signalement.' },
    ])
    expect((await outreach.patch(`/api/reports/${fresh}`, { encounterId: earlier.id })).statusCode).toBe(400)
    expect((await outreach.get(`/api/reports/${fresh}`)).json()).toMatchObject({
      status: 'new',
      encounterId: null,
    })
  })

  it('flags reports left without action past the delay, counts them, and follows the configured delay', async () => {
    const stale = await idOf((await submit(validReport())).json().reference)
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000)
    await ctx.db
      .updateTable('reports')
      .set({ received_at: eightDaysAgo, status_changed_at: eightDaysAgo })
      .where('id', '=', stale)
      .execute()
    const flagged = (await outreach.get('/api/reports')).json() as ReportList
    expect(flagged.overdueCount).toBe(1)
    expect(flagged.items.find((r) => r.id === stale)?.overdue).toBe(true)
    expect(flagged.items.filter((r) => r.overdue).map((r) => r.id)).toEqual([stale])
    const onlyOverdue = (await outreach.get('/api/reports?overdue=true')).json() as ReportList
    expect(onlyOverdue.items.map((r) => r.id)).toEqual([stale])

    // A longer delay: no longer overdue.
    expect((await director.put('/api/report-settings', { triageDelayDays: 10 })).statusCode).toBe(200)
    const patient = (await outreach.get('/api/reports')).json() as ReportList
    expect(patient).toMatchObject({ overdueCount: 0, triageDelayDays: 10 })
    expect((await director.put('/api/report-settings', { triageDelayDays: 7 })).statusCode).toBe(200)

    // Assigning it is an action: the clock starts again.
    await status(stale, { status: 'assigned', assignedTo: colleagueId })
    expect((await outreach.get('/api/reports')).json().overdueCount).toBe(0)
    // Assigned, then left untouched past the delay: overdue again.
    await ctx.db
      .updateTable('reports')
      .set({ status_changed_at: eightDaysAgo })
      .where('id', '=', stale)
      .execute()
    expect(
      (await outreach.get('/api/reports?overdue=true')).json().items.map((r: { id: string }) => r.id),
    ).toEqual([stale])
    // A visited report waits for its closing, not for an agent: it is not overdue.
    await status(stale, { status: 'visited' })
    await ctx.db
      .updateTable('reports')
      .set({ status_changed_at: eightDaysAgo })
      .where('id', '=', stale)
      .execute()
    expect((await outreach.get('/api/reports')).json().overdueCount).toBe(0)
  })

  it('keeps the triage delay in the settings of the director and the administrator', async () => {
    expect((await administrator.get('/api/report-settings')).json()).toEqual({ triageDelayDays: 7 })
    const refused = await administrator.put('/api/report-settings', { triageDelayDays: 0 })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors).toEqual([{ path: 'triageDelayDays', message: 'Au moins 1 jour.' }])
    expect((await outreach.put('/api/report-settings', { triageDelayDays: 3 })).statusCode).toBe(403)
    expect((await administrator.get('/api/report-settings')).json()).toEqual({ triageDelayDays: 7 })
  })

  it('audits every read of a report, and shows a linked report on the person’s timeline', async () => {
    const personId = (await director.post('/api/people', { lastName: 'Garnier', firstNames: 'Luc' })).json()
      .id
    const linked = await outreach.patch(`/api/reports/${reportId}`, { personId })
    expect(linked.json().personName).toBe('GARNIER Luc')
    await outreach.get(`/api/reports/${reportId}`)
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'person_id'])
      .where('entity_id', '=', reportId)
      .where('action', '=', 'report.read')
      .execute()
    expect(audit).toEqual([{ action: 'report.read', person_id: personId }])
    const timeline = await outreach.get(`/api/people/${personId}/timeline`)
    expect(timeline.statusCode, timeline.body).toBe(200)
    const entry = (timeline.json().items as { kind: string; title: string }[]).find(
      (e) => e.kind === 'report',
    )
    expect(entry?.title).toMatch(/^SIG-\d{4}-\d{6} — Formulaire en ligne$/)
  })
})

describe('the person’s access export', () => {
  it('lists the reports about them, without who reported them', async () => {
    const personId = (await director.post('/api/people', { lastName: 'Perrin', firstNames: 'Noé' })).json().id
    const answer = await submit(
      validReport({ reporterName: 'Gisèle Témoin', reporterPhone: '06 11 22 33 44' }),
    )
    const id = await idOf(answer.json().reference)
    expect((await outreach.patch(`/api/reports/${id}`, { personId })).statusCode).toBe(200)
    const exported = await director.get(`/api/people/${personId}/export.json`)
    expect(exported.statusCode, exported.body).toBe(200)
    expect(exported.body).toContain(answer.json().reference)
    expect(exported.body).not.toMatch(/Gisèle|06 11 22/)
  })
})

describe('a report about an older person who seems isolated at home', () => {
  const isolatedReport = (extra: object = {}) => ({
    concern: 'isolated_at_home',
    personDescription: 'Une dame d’environ 85 ans, Mme Hortense Vérolle, qui vit seule au 2e étage',
    locationText: '14 rue des Tilleuls-Cachés',
    situation: 'On ne la voit plus sortir depuis dix jours et ses volets restent fermés.',
    personAware: 'no',
    consent: true,
    ...extra,
  })
  const memberReports = async () => {
    const queue = await coordinator.get('/api/network/member-reports')
    expect(queue.statusCode, queue.body).toBe(200)
    return queue.json().items as MemberReport[]
  }
  const memberReportCount = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('network_member_reports')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('gets a reference and the same acknowledgement as a report about the street', async () => {
    const home = await submit(isolatedReport())
    const street = await submit(validReport())
    expect(home.statusCode, home.body).toBe(201)
    expect(home.json().reference).toMatch(/^SIG-\d{4}-\d{6}$/)
    const strip = (r: typeof home) => ({ ...r.json(), reference: 'X' })
    expect(strip(home)).toEqual(strip(street))
    expect(home.headers['content-length']).toBe(street.headers['content-length'])
    // The same sequence of numbers for both kinds.
    expect(Number(street.json().reference.slice(-6))).toBe(Number(home.json().reference.slice(-6)) + 1)
    const stored = await storedReport(home.json().reference)
    expect(stored).toMatchObject({
      concern: 'isolated_at_home',
      source: 'public_form',
      person_aware: 'no',
      location_text: '14 rue des Tilleuls-Cachés',
      created_by: null,
    })
    expect(stored.consent_at).not.toBeNull()
    expect(await creationAudit(stored.id)).toMatchObject({
      action: 'report.create_public',
      user_id: null,
      ip: null,
    })
  })

  it('reaches the coordinator’s queue, with what the citizen wrote, and never the outreach triage', async () => {
    const answer = await submit(
      isolatedReport({
        reporterName: 'Gérard Voisin',
        reporterPhone: '06 55 44 33 22',
        callbackAccepted: true,
      }),
    )
    const reference = answer.json().reference as string
    const id = await idOf(reference)

    const queued = (await memberReports()).find((r) => r.citizenReference === reference)
    expect(queued).toMatchObject({
      source: 'citizen',
      citizenReference: reference,
      volunteerName: null,
      location: '14 rue des Tilleuls-Cachés',
      status: 'new',
    })
    expect(queued?.about).toContain('Mme Hortense Vérolle')
    expect(queued?.about).toContain('ses volets restent fermés')
    expect(queued?.about).toContain('La personne ne sait pas qu’elle est signalée.')
    // The reporter accepted to be called back: the coordinator can do it.
    expect(queued?.about).toContain('Gérard Voisin, 06 55 44 33 22')

    // Not in the outreach team's queue, whatever the filter: not the list (nor round sheets and the
    // map, which read it), not the overdue count, not the report itself.
    const monthAgo = new Date(Date.now() - 30 * 86_400_000)
    await ctx.db
      .updateTable('reports')
      .set({ received_at: monthAgo, status_changed_at: monthAgo })
      .where('id', '=', id)
      .execute()
    for (const status of ['open', 'new', 'all']) {
      const list = (await outreach.get(`/api/reports?status=${status}&limit=500`)).json() as ReportList
      expect(list.items.map((r) => r.reference)).not.toContain(reference)
    }
    const overdue = (await outreach.get('/api/reports?overdue=true')).json() as ReportList
    expect(overdue.items.map((r) => r.reference)).not.toContain(reference)
    expect(overdue.overdueCount).toBe(overdue.items.length)
    expect((await outreach.get(`/api/reports/${id}`)).statusCode).toBe(404)
    expect((await outreach.patch(`/api/reports/${id}`, { urgency: 'urgent' })).statusCode).toBe(404)
    const assign = await outreach.post(`/api/reports/${id}/status`, {
      status: 'assigned',
      assignedTo: outreachId,
    })
    expect(assign.statusCode).toBe(404)
    expect((await director.get(`/api/reports/${id}`)).statusCode).toBe(404)
    // Nor can an outreach agent read the coordinator's queue.
    expect((await outreach.get('/api/network/member-reports')).statusCode).toBe(403)
  })

  it('sends the same acknowledgement e-mail, with nothing about the person', async () => {
    const answer = await submit(isolatedReport({ reporterEmail: 'voisine.inquiete@exemple.fr' }))
    expect(answer.statusCode, answer.body).toBe(201)
    await ctx.deliverEmails()
    const mail = ctx.mailbox.received.find((m) => m.to === 'voisine.inquiete@exemple.fr')
    expect(mail?.subject).toBe(`Signalement ${answer.json().reference} bien reçu`)
    expect(mail?.text).toContain(answer.json().reference)
    expect(mail?.text).toContain('CCAS de Saint-Étienne')
    expect(mail?.text).not.toMatch(/Hortense|Vérolle|Tilleuls|volets|aller-vers/)
  })

  it('keeps personal data out of the logs', async () => {
    await submit(
      isolatedReport({
        personDescription: 'Monsieur Anatole Introuvable, 91 ans',
        locationText: '3 allée des Glycines-Secrètes',
        situation: 'Il ne répond plus à la porte',
        reporterName: 'Berthe Guetteuse',
        reporterPhone: '07 12 12 12 12',
        callbackAccepted: true,
      }),
    )
    await submit({
      concern: 'isolated_at_home',
      personDescription: 'Anatole Introuvable',
      reporterEmail: 'x',
    })
    const logs = ctx.logs.join('\n')
    expect(logs).not.toMatch(/Anatole|Introuvable|Glycines|Berthe|12 12 12|répond plus/)
  })

  it('refuses incomplete input with French messages next to each field, and keeps nothing', async () => {
    const before = await reportCount()
    const queued = await memberReportCount()
    const refused = await submit({ concern: 'isolated_at_home', personAware: 'peut-être' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().code).toBe('VALIDATION_FAILED')
    const messages = Object.fromEntries(
      (refused.json().errors as { path: string; message: string }[]).map((e) => [e.path, e.message]),
    )
    expect(messages).toEqual({
      personDescription:
        'Indiquez qui est la personne : par exemple, une dame d’environ 80 ans qui vit seule.',
      locationText: 'Indiquez l’adresse de la personne, ou au moins sa rue.',
      situation: 'Décrivez ce qui inquiète au sujet de la personne.',
      personAware: 'Choisissez une valeur de la liste.',
      consent: 'Cochez cette case pour envoyer le signalement.',
    })
    const unknownConcern = await submit(validReport({ concern: 'ailleurs' }))
    expect(unknownConcern.json().errors).toEqual([
      { path: 'concern', message: 'Choisissez ce que concerne le signalement.' },
    ])
    const noWayBack = await submit(isolatedReport({ callbackAccepted: true }))
    expect(noWayBack.json().errors).toEqual([
      {
        path: 'reporterPhone',
        message: 'Pour être rappelé·e, indiquez un numéro de téléphone ou une adresse e-mail.',
      },
    ])
    expect(await reportCount()).toBe(before)
    expect(await memberReportCount()).toBe(queued)
  })

  it('drops what a bot sends in the hidden field: no report, no queue entry, no e-mail', async () => {
    const before = await reportCount()
    const queued = await memberReportCount()
    const outbox = (await ctx.db.selectFrom('outbox').select('id').execute()).length
    const bot = await submit(
      isolatedReport({ website: 'http://spam.example', reporterEmail: 'bot@spam.test' }),
    )
    expect(bot.statusCode).toBe(201)
    expect(bot.json().reference).toMatch(/^SIG-\d{4}-\d{6}$/)
    expect(await reportCount()).toBe(before)
    expect(await memberReportCount()).toBe(queued)
    expect((await ctx.db.selectFrom('outbox').select('id').execute()).length).toBe(outbox)
  })

  it('a report about the street still goes to triage only, not to the coordinator', async () => {
    const queued = await memberReportCount()
    const answer = await submit(validReport({ concern: 'street' }))
    expect(answer.statusCode, answer.body).toBe(201)
    const list = (await outreach.get('/api/reports?status=all&limit=500')).json() as ReportList
    expect(list.items.find((r) => r.reference === answer.json().reference)).toMatchObject({
      concern: 'street',
      personDescription: null,
      personAware: null,
    })
    expect(await memberReportCount()).toBe(queued)
  })

  it('lets the front desk enter a neighbour’s call about an isolated person; it reaches the coordinator', async () => {
    const created = await frontDesk.post('/api/reports', {
      concern: 'isolated_at_home',
      source: 'citizen_phone',
      personDescription: 'Le monsieur du rez-de-chaussée, veuf depuis peu',
      locationText: 'Rue Michelet, près de la boulangerie',
      situation: 'Il ne sort plus et semble ne plus se nourrir.',
      personAware: 'unknown',
      // A zone or a person's file belong to the outreach triage: they are not taken here.
      zoneId: crypto.randomUUID(),
      personId: crypto.randomUUID(),
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({
      concern: 'isolated_at_home',
      source: 'citizen_phone',
      personDescription: 'Le monsieur du rez-de-chaussée, veuf depuis peu',
      personAware: 'unknown',
      zoneId: null,
      personId: null,
      overdue: false,
      createdByName: 'Léa Accueil',
    })
    const reference = created.json().reference as string
    const queued = (await memberReports()).find((r) => r.citizenReference === reference)
    expect(queued).toMatchObject({ source: 'citizen', location: 'Rue Michelet, près de la boulangerie' })
    expect(queued?.about).toBe(
      [
        'Personne : Le monsieur du rez-de-chaussée, veuf depuis peu.',
        'Ce qui inquiète : Il ne sort plus et semble ne plus se nourrir.',
        'On ignore si la personne sait qu’elle est signalée.',
        'La personne qui signale n’a pas demandé à être rappelée.',
      ].join('\n'),
    )
    const list = (await outreach.get('/api/reports?status=all&limit=500')).json() as ReportList
    expect(list.items.map((r) => r.reference)).not.toContain(reference)

    const refused = await frontDesk.post('/api/reports', { concern: 'isolated_at_home', source: 'other' })
    expect(refused.statusCode).toBe(400)
    expect((refused.json().errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'locationText',
      'personDescription',
      'situation',
    ])
  })
})
