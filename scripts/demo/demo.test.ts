import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { type ApiClient, signedIn } from '../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../tests/support/test-app.ts'
import { DEMO_PARTNER_CONTACT } from './partner-portal.ts'
import { seedDemo } from './seed.ts'

let ctx: TestContext
let base: Awaited<ReturnType<typeof seedDemo>>
const clients: Record<string, ApiClient> = {}

/** A smaller year than `npm run demo` (a few rounds, a few seniors), through the same code. */
const SMALL = {
  base: { people: 80, contacts: 120 },
  modules: { rounds: 6, registerEntries: 4, volunteers: 4 },
}

beforeAll(async () => {
  ctx = await createTestContext()
  base = await seedDemo(ctx.db, ctx.config, SMALL)
  for (const login of base.logins) {
    clients[login.role] = await signedIn(ctx, { id: login.userId, organisationId: base.organisationId })
  }
}, 240_000)
afterAll(() => ctx.close())

type Json = ReturnType<typeof JSON.parse>
async function read(role: string, url: string): Promise<Json> {
  const response = await clients[role]!.get(url)
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200)
  return response.json()
}
const items = (json: Json): Json[] => (Array.isArray(json) ? json : json.items)

describe('npm run demo: every module has life in it', () => {
  it('domiciliation: people domiciled, one refused, one awaiting decision, one to review for radiation', async () => {
    const candidates = await read('director', '/api/domiciliations/radiation-candidates')
    expect(candidates.total).toBeGreaterThanOrEqual(1)
  })

  it('aid commission: a session held and closed with its minutes, the next one planned with an agenda', async () => {
    const sessions = items(await read('director', '/api/aid-sessions'))
    const closed = sessions.find((s: Json) => s.status === 'closed')
    const planned = sessions.find((s: Json) => s.status === 'planned')
    expect(closed).toMatchObject({ agendaCount: 3, decidedCount: 3, presentCount: 2 })
    expect(planned.agendaCount).toBe(3)
    const next = await read('director', `/api/aid-sessions/${planned.id}`)
    expect(next.agenda.filter((i: Json) => i.carried)).toHaveLength(1)
    const minutes = await clients.director!.get(`/api/aid-letters/sessions/${closed.id}/minutes`)
    expect(minutes.statusCode).toBe(200)
    // The member is invited to both, and reads no agenda until the next one opens.
    const mine = items(await read('commission_member', '/api/aid-sessions'))
    expect(mine).toHaveLength(2)
    expect((await read('commission_member', `/api/aid-sessions/${planned.id}`)).agenda).toEqual([])
  })

  it('aid campaigns: last year’s parcels handed out, this year’s open with the desk’s and the seniors line’s registrations', async () => {
    const campaigns = items(await read('front_desk_agent', '/api/aid-campaigns'))
    const open = campaigns.find((c: Json) => c.status === 'open')
    const closed = campaigns.find((c: Json) => c.status === 'closed')
    expect(closed.counts.received).toBeGreaterThan(0)
    expect(closed.counts.registered).toBe(0)
    const channel = (key: string) => open.counts.byChannel.find((c: Json) => c.channel === key).count
    expect(channel('front_desk')).toBeGreaterThan(0)
    expect(channel('seniors_line')).toBeGreaterThan(0)
    expect(open.counts).toMatchObject({ received: 3, delivered: 3, cancelled: 1 })
    const list = await read(
      'front_desk_agent',
      `/api/aid-campaigns/${open.id}/registrations?status=registered`,
    )
    expect(list.total).toBe(open.counts.registered)
  })

  it('aid requests: the règlement with the seeds’ aids, requests in each state', async () => {
    const aids = await read('social_worker', '/api/aid-types')
    expect(aids.items.map((a: { code: string }) => a.code)).toEqual(
      expect.arrayContaining(['SECOURS', 'TICKETS', 'FLAJ', 'ENERGIE', 'FSL', 'DOUCHES', 'COLIS']),
    )
    for (const status of ['draft', 'submitted', 'granted', 'refused', 'withdrawn', 'dismissed']) {
      expect(
        (await read('social_worker', `/api/aid-requests?status=${status}`)).total,
        status,
      ).toBeGreaterThan(0)
    }
  })

  it('aid money: budgets voted this year and last (closed), tickets in stock and handed out, a month of showers', async () => {
    const year = Number(todayInFrance().slice(0, 4))
    const funds = await read('director', `/api/aid-funds?year=${year}`)
    expect(funds.items.length).toBeGreaterThanOrEqual(1)
    expect(funds.items[0].votedCents).toBeGreaterThan(0)
    const lastYear = await read('director', `/api/aid-funds?year=${year - 1}`)
    expect(lastYear.items[0].closedAt).not.toBeNull()
    const kinds = await read('front_desk_agent', '/api/aid-vouchers/kinds')
    const food = kinds.items.find((k: Json) => k.code === 'TICKET-SERVICE')
    expect(food.stock.issued).toBeGreaterThan(0)
    expect(food.stock.inStock).toBeGreaterThan(0)
    const showers = await read(
      'front_desk_agent',
      `/api/aid-shower-days?month=${todayInFrance().slice(0, 7)}`,
    )
    expect(showers.totals.total).toBeGreaterThan(0)
  })

  it('outreach: a year of rounds with their encounters, places, people followed and a census to read', async () => {
    const rounds = items(await read('outreach_agent', '/api/outreach/rounds'))
    expect(rounds.filter((r) => r.status === 'done').length).toBe(SMALL.modules.rounds)
    expect(rounds.some((r) => r.status === 'planned')).toBe(true)
    const encounters = items(await read('outreach_agent', '/api/outreach/encounters'))
    expect(encounters.length).toBeGreaterThanOrEqual(SMALL.modules.rounds * 2)
    // Dated when they happened, over the past weeks, not when the demo was typed in.
    const days = new Set(encounters.map((e) => e.occurredAt.slice(0, 10)))
    expect(days.size).toBeGreaterThanOrEqual(SMALL.modules.rounds)
    expect(items(await read('outreach_agent', '/api/outreach/places')).length).toBe(4)
    expect(items(await read('outreach_agent', '/api/outreach/caseload')).length).toBeGreaterThan(0)
    const census = await read(
      'outreach_agent',
      `/api/outreach/census?from=${addDays(todayInFrance(), -365)}&to=${todayInFrance()}`,
    )
    expect(census.situations).toBeGreaterThan(3)
  })

  it('reports: most triaged and closed, some waiting, one given to the outreach agent', async () => {
    const open = items(await read('outreach_agent', '/api/reports'))
    expect(open.map((r) => r.status).sort()).toEqual(['assigned', 'new', 'visited'])
    const closed = items(await read('outreach_agent', '/api/reports?status=closed'))
    expect(closed.length).toBe(9)
  })

  it('the register: seniors registered, last winter’s plan closed, a heatwave plan under way', async () => {
    expect(items(await read('director', '/api/register/entries')).length).toBe(SMALL.modules.registerEntries)
    const plans = items(await read('director', '/api/register/plans'))
    expect(plans.map((p) => p.status).sort()).toEqual(['active', 'closed'])
    const active = plans.find((p) => p.status === 'active')
    const calls = items(await read('director', `/api/register/plans/${active.id}/calls`))
    expect(calls.some((c) => c.status === 'to_call')).toBe(true)
    expect(calls.some((c) => c.status !== 'to_call')).toBe(true)
  })

  it('the neighbour network: volunteers to vet and approved, needs in every state, escalations', async () => {
    const volunteers = items(await read('volunteer_coordinator', '/api/network/volunteers'))
    expect(new Set(volunteers.map((v) => v.status))).toEqual(new Set(['approved', 'pending', 'refused']))
    const needs = items(await read('volunteer_coordinator', '/api/network/needs'))
    expect(new Set(needs.map((n) => n.status))).toEqual(
      new Set(['open', 'offered', 'accepted', 'done', 'cancelled', 'escalated']),
    )
    expect(items(await read('volunteer_coordinator', '/api/network/member-reports')).length).toBeGreaterThan(
      0,
    )
  })

  it('social pricing: tariff brackets, and households priced by their quotient', async () => {
    const settings = await read('director', '/api/pricing/settings')
    expect(settings.brackets.length).toBe(4)
    const household = await ctx.db.selectFrom('households').select('id').executeTakeFirstOrThrow()
    const pricing = await read('director', `/api/households/${household.id}/pricing`)
    expect(pricing.quotientCents).toBeGreaterThan(0)
    expect(pricing.bracket).not.toBeNull()
  })

  it('partners: the département’s HSDS directory imported with its categories mapped, agreements with one to renew', async () => {
    const partners = (await read('social_worker', '/api/partners')).items as Json[]
    const grocery = partners.find((p) => p.name === 'Épicerie solidaire Le Panier de Villebelle')
    expect(grocery.services.map((s: Json) => [s.name, s.category])).toEqual(
      expect.arrayContaining([
        ['Épicerie solidaire', 'food'],
        ['Douches et laverie', 'hygiene'],
      ]),
    )
    expect(grocery.services[0].openingHours).toMatch(/^le /)
    const agreements = await read('social_worker', '/api/partner-agreements')
    expect(agreements.total).toBe(3)
    const toRenew = await read('social_worker', '/api/partner-agreements?toRenew=true')
    expect(toRenew.items.map((a: Json) => a.subject)).toEqual(['Convention de distribution alimentaire'])
    expect(agreements.items.some((a: Json) => a.structureName)).toBe(true)
  })

  it('documents: identity papers to renew listed, each file a real PDF', async () => {
    const expiring = await read('social_worker', '/api/documents/expiring?days=60')
    expect(expiring.total).toBeGreaterThanOrEqual(2)
    const document = expiring.items[0]
    const file = await clients.social_worker!.get(`/api/documents/${document.id}/file`)
    expect(file.statusCode).toBe(200)
    expect(file.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('each home page says what to do, and the first administrator’s steps are done', async () => {
    const admin = await read('administrator', '/api/home')
    expect(admin.setup.filter((s: { done: boolean }) => !s.done)).toEqual([])
    const count = (home: Json, key: string) => home.tasks.find((t: { key: string }) => t.key === key)?.count
    expect(count(await read('outreach_agent', '/api/home'), 'reports.to_triage')).toBe(1)
    const coordinator = await read('volunteer_coordinator', '/api/home')
    expect(count(coordinator, 'network.volunteers_to_vet')).toBe(1)
    expect(count(coordinator, 'register.calls_due')).toBeGreaterThan(0)
    expect(count(await read('front_desk_agent', '/api/home'), 'frontdesk.follow_ups')).toBeGreaterThan(0)
  })

  it('follow-up: records with goals and interviews in the social worker’s worklist, a psychologist’s sessions, counts', async () => {
    const worklist = await read('social_worker', '/api/followup/worklist')
    const mine = worklist.sections.find((s: { key: string }) => s.key === 'followup.records')
    expect(mine.total).toBeGreaterThan(0)
    const counts = await read(
      'analyst',
      `/api/followup/counts?from=${addDays(todayInFrance(), -365)}&to=${todayInFrance()}`,
    )
    expect(counts.totals.opened).toBeGreaterThan(3)
    expect(counts.interviewsByMedium.length).toBeGreaterThan(2)
    const paej = items(await read('psychologist', '/api/followup/records')).find((r: { typeLabel: string }) =>
      r.typeLabel.startsWith('PAEJ'),
    )
    const sessions = items(await read('psychologist', `/api/followup/records/${paej.id}/interviews`))
    expect(sessions).toHaveLength(3)
    expect(sessions[0].note).toContain('Séance')
  })
  it('partner page: a partner’s contact with the printed login, who answered referrals addressed to its partner', async () => {
    const contact = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/partners/login',
      payload: { organisationId: base.organisationId, ...DEMO_PARTNER_CONTACT, name: undefined },
    })
    expect(contact.statusCode, contact.body).toBe(200)
    const cookie = contact.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const page = await ctx.app.inject({
      method: 'GET',
      url: '/api/public/partners/referrals',
      headers: { cookie },
    })
    const referrals = page.json().items as Json[]
    expect(referrals.map((r) => r.answer)).toEqual(
      expect.arrayContaining(['accepted', 'needs_more', 'pending']),
    )
    expect(referrals.some((r) => r.person === null)).toBe(true)
    expect(referrals.some((r) => r.answer === 'pending' && r.workerReply)).toBe(true)
    const worklist = await read('social_worker', '/api/followup/worklist')
    const asking = worklist.sections.find((s: { key: string }) => s.key === 'referrals.needs_more')
    expect(asking.total).toBeGreaterThanOrEqual(1)
    const answered = await ctx.db
      .selectFrom('partner_referrals')
      .select('answer')
      .where('answered_by_contact_id', 'is not', null)
      .execute()
    expect(answered.length).toBeGreaterThanOrEqual(2)
  })
  it('casework: rights ending soon, RSA applications up to the contract, referrals awaiting answers, the social worker’s slots and appointments', async () => {
    const ending = await read('social_worker', '/api/rights/ending')
    expect(ending.total).toBeGreaterThanOrEqual(2)
    const year = `from=${addDays(todayInFrance(), -365)}&to=${todayInFrance()}`
    const rsa = await read('analyst', `/api/rsa/counts?${year}`)
    expect(rsa.total).toMatchObject({ received: 4, sentToCaf: 3, granted: 1, refused: 1, contracts: 1 })
    const unanswered = await read('social_worker', '/api/partner-referrals/unanswered')
    expect(unanswered.total).toBeGreaterThanOrEqual(2)
    expect(unanswered.items.some((r: { overdue: boolean }) => r.overdue)).toBe(true)
    const counts = await read('analyst', `/api/appointments/counts?${year}`)
    expect(counts.total.honoured).toBe(3)
    expect(counts.total.missed).toBe(1)
    expect(counts.total.excused).toBe(1)
    const workerId = base.logins.find((l) => l.role === 'social_worker')!.userId
    // Slots open over the six days from tomorrow: this week and, maybe, the next.
    const week = (day: string) =>
      read('front_desk_agent', `/api/appointments/week?professionalId=${workerId}&day=${day}`)
    const thisWeek = await week(addDays(todayInFrance(), 1))
    const nextWeek = await week(addDays(thisWeek.to, 1))
    const slots = [...thisWeek.slots, ...nextWeek.slots]
    expect(slots.filter((s: { booked: boolean }) => !s.booked).length).toBeGreaterThan(0)
    expect(slots.filter((s: { booked: boolean }) => s.booked)).toHaveLength(2)
  })

  it('indicators: the analyst’s dashboard, every figure computed, small cells shown « < 5 », no name', async () => {
    const dashboard = await read('analyst', '/api/indicators/dashboard')
    expect(dashboard.items.map((i: Json) => i.indicatorId)).toEqual([
      'frontdesk.passages-by-team',
      'frontdesk.passages-by-month',
      'frontdesk.distinct-households-by-site',
      'frontdesk.contacts-excluding-reason',
      'outreach.census-by-sex-and-age-band',
      'register.size-by-month',
    ])
    for (const item of dashboard.items) {
      const query = new URLSearchParams(item.query).toString()
      const table = await read('analyst', `/api/indicators/${item.indicatorId}?${query}`)
      expect(table.total.count === null ? table.total.below : table.total.count).toBeGreaterThan(0)
      for (const row of table.rows)
        if (row.count !== null) expect(row.count === 0 || row.count >= 5).toBe(true)
    }
  })

  it('accommodation: the seed’s 2017 one filter away, a night at the CHRS urgence and an LHSS bed taken today, a request waiting for the director', async () => {
    const year2017 = 'from=2017-01-01&to=2017-12-31'
    const emergency = await read('analyst', `/api/accommodation-statistics?${year2017}&kind=chrs_emergency`)
    expect(emergency.totals.present).toBe(211)
    const lhss = await read('analyst', `/api/accommodation-statistics?${year2017}&kind=lhss`)
    expect(lhss.totals).toMatchObject({ beneficiaries: 6, averageDays: 68 })
    const waiting = await read('director', '/api/accommodation-requests?waiting=true')
    expect(waiting.items.map((r: Json) => r.status)).toEqual(['awaiting_validation'])
    const board = await read('director', '/api/accommodation-board')
    expect(JSON.stringify(board)).toContain('"occupied":1')
  })

  it('activities: 1,400 seniors in 2016’s intergenerational actions, this year’s workshops with attendance', async () => {
    const kinds = await read('analyst', '/api/activity-kinds')
    const intergenerational = kinds.items.find((k: Json) => k.label === 'Action intergénérationnelle').id
    const seniors2016 = await read(
      'analyst',
      `/api/activity-statistics/participants?from=2016-01-01&to=2016-12-31&audience=seniors&kindId=${intergenerational}`,
    )
    expect(seniors2016.total).toBe(1400)
    expect(seniors2016.sessions).toBe(75)
    expect(seniors2016.named).toBeGreaterThan(0)
    const year = `from=${addDays(todayInFrance(), -365)}&to=${todayInFrance()}`
    const thisYear = await read('analyst', `/api/activity-statistics/participants?${year}`)
    expect(thisYear.attendance.present).toBeGreaterThan(0)
    expect(thisYear.attendance.absent).toBeGreaterThan(0)
    // The PAEJ's actions are counted, and listed to none outside its team.
    const listed = await read('front_desk_agent', '/api/activities?pageSize=50')
    expect(listed.items.some((a: Json) => a.title === 'Sophrologie')).toBe(false)
    expect(
      (await read('psychologist', '/api/activities?pageSize=50')).items.some(
        (a: Json) => a.title === 'Sophrologie',
      ),
    ).toBe(true)
  })

  it('privacy: the DPO reads a file on hold and the report of the purge’s first run, no name in either', async () => {
    const holds = await read('dpo', '/api/privacy/holds')
    expect(holds.total).toBe(1)
    expect(holds.items[0].reason).toContain('Demande d’accès')
    const runs = await read('dpo', '/api/privacy/runs')
    expect(runs.total).toBe(1)
    expect(runs.items[0].finishedAt).not.toBeNull()
    // The run just passed: the preview finds nothing more to do tonight.
    const preview = await read('dpo', '/api/privacy/preview')
    expect(preview.counts).toMatchObject({ person_archive: 0, person_anonymise: 0 })
    expect(runs.items[0].counts).toMatchObject({ person_archive: 1 })
    const requests = await read('dpo', '/api/privacy/requests')
    expect(requests.total).toBe(2)
    expect(requests.items[0]).toMatchObject({ kind: 'access', answeredOn: null, late: false })
    expect(requests.items[1]).toMatchObject({ kind: 'rectification', outcome: 'granted' })
    // Yesterday's burst of readings: one alert, the reader and the counts, no person.
    const alerts = await read('director', '/api/privacy/reading-alerts')
    expect(alerts).toMatchObject({
      total: 1,
      filesPerHour: 40,
      items: [{ distinctFiles: 45, threshold: 40 }],
    })
  })

  it('privacy: a file without contact for three years is archived, found only when asked for', async () => {
    expect((await read('social_worker', '/api/people?q=Lenoir')).total).toBe(0)
    const found = await read('social_worker', '/api/people?q=Lenoir&includeArchived=true')
    expect(found.items).toMatchObject([{ lastName: 'Lenoir', status: 'archived' }])
  })
})
