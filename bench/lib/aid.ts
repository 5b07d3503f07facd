/**
 * Issue 14: aid requests over five years, seeded in SQL into the bench's CCAS, then read through the
 * application's own services as the commission member and the director read them: the agenda of an
 * open session (200 requests) and a fund's consumption for the year.
 */
import { type Kysely, sql } from 'kysely'
import type { GroundTruth } from '../../scripts/synth.ts'
import type { Database } from '../../src/server/db/schema.ts'
import { AidFundsRepository } from '../../src/server/modules/aid/aid.funds.repository.ts'
import { AidFundsService } from '../../src/server/modules/aid/aid.funds.service.ts'
import { AidSessionsRepository } from '../../src/server/modules/aid/aid.sessions.repository.ts'
import { AidSessionsService } from '../../src/server/modules/aid/aid.sessions.service.ts'
import { AidSettingsRepository } from '../../src/server/modules/aid/aid.settings.repository.ts'
import { AidSettingsService } from '../../src/server/modules/aid/aid.settings.ts'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { actorFor } from './scenarios.ts'
import { type Latency, round, summarise, timed } from './stats.ts'

export interface AidFigures {
  requests: number
  agenda_items: number
  seed_seconds: number
  /** The commission member opens their open session's agenda (pseudonymised), audited as in the product. */
  agenda: Latency
  /** A fund's year: voted, committed and paid by month. */
  fund_consumption: Latency
}

const BENCH_FUND = 'BANC'

/** Removes what an earlier run seeded, so the same synthetic CCAS can be measured again. */
async function clear(db: Kysely<Database>, organisationId: string) {
  for (const statement of [
    sql`delete from aid_agenda_items where organisation_id = ${organisationId}`,
    sql`delete from aid_session_members where session_id in (select id from aid_commission_sessions where organisation_id = ${organisationId})`,
    sql`delete from aid_decisions where organisation_id = ${organisationId}`,
    sql`delete from aid_payments where organisation_id = ${organisationId}`,
    sql`delete from aid_request_documents where request_id in (select id from aid_requests where organisation_id = ${organisationId})`,
    sql`update aid_vouchers set request_id = null where organisation_id = ${organisationId}`,
    sql`delete from aid_requests where organisation_id = ${organisationId}`,
    sql`delete from aid_commission_sessions where organisation_id = ${organisationId}`,
    sql`delete from aid_types where organisation_id = ${organisationId} and code like 'BANC-%'`,
    sql`delete from aid_fund_budgets where fund_id in (select id from aid_funds where organisation_id = ${organisationId} and code = ${BENCH_FUND})`,
    sql`delete from aid_funds where organisation_id = ${organisationId} and code = ${BENCH_FUND}`,
  ]) {
    await statement.execute(db)
  }
}

/**
 * `requests` requests over the five years before today, on people of the synthetic CCAS, for six aids
 * of one fund; nine in ten decided (three granted for one refused), two grants in three paid; an open
 * session with `agendaItems` submitted requests on its agenda and the commission member present.
 */
async function seed(db: Kysely<Database>, truth: GroundTruth, requests: number, agendaItems: number) {
  const organisationId = truth.organisationId
  const member = truth.users.commission_member
  const director = truth.users.director
  if (!member || !director) throw new Error('the synthetic CCAS has no commission member or director')
  await clear(db, organisationId)
  const fund = await db
    .insertInto('aid_funds')
    .values({ organisation_id: organisationId, code: BENCH_FUND, name: 'Fonds du banc d’essai' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const year = Number(todayInFrance().slice(0, 4))
  await db
    .insertInto('aid_fund_budgets')
    .values(
      [0, 1, 2, 3, 4, 5].map((back) => ({
        organisation_id: organisationId,
        fund_id: fund.id,
        year: year - back,
        voted_cents: 40_000_000,
      })),
    )
    .execute()
  const types = await db
    .insertInto('aid_types')
    .values(
      ['Secours d’urgence', 'Tickets service', 'Impayés d’énergie', 'FSL', 'Cantine', 'Transport'].map(
        (label, i) => ({
          organisation_id: organisationId,
          code: `BANC-${i + 1}`,
          label,
          fund_id: fund.id,
          ceiling_per_request_cents: 50_000,
          ceiling_per_household_12m_cents: 120_000,
          payment_forms: ['transfer', 'creditor', 'voucher'],
        }),
      ),
    )
    .returning('id')
    .execute()
  const typeIds = types.map((t) => t.id)
  const from = addDays(todayInFrance(), -5 * 365)
  const budget = JSON.stringify({
    resources: [{ kind: 'rsa', monthlyCents: 60_700 }],
    charges: [{ kind: 'rent', monthlyCents: 42_000 }],
    adults: 1,
    children: 1,
  })
  // The people the requests concern: a sample of the CCAS's files, most of them asking twice.
  await sql`create temporary table bench_aid_people as
    select id, (row_number() over (order by md5(id::text)) - 1)::int as k
    from people where organisation_id = ${organisationId} and merged_into_id is null
    order by md5(id::text)
    limit ${Math.max(1, Math.floor(requests / 2))}`.execute(db)
  const people = await sql<{ n: number }>`select count(*)::int as n from bench_aid_people`.execute(db)
  const peopleCount = people.rows[0]!.n
  if (peopleCount === 0) throw new Error('the synthetic CCAS has no person')
  await sql`insert into aid_requests (organisation_id, person_id, aid_type_id, status, urgent, requested_on,
      amount_asked_cents, purpose, budget, resources_cents, charges_cents, consumption_units, household_size,
      remaining_per_day_cents, remaining_per_unit_day_cents, assessment, submitted_at, decided_on,
      decision_channel, granted_cents, payment_form, refusal_motif, paid_cents, created_by)
    select ${organisationId}::uuid, p.id, (${typeIds}::uuid[])[1 + n % 6],
      case when n % 10 = 9 then 'submitted' when n % 4 = 3 then 'refused' else 'granted' end,
      n % 7 = 0,
      d.requested,
      10000 + (n % 40) * 1000, 'Aide du banc d’essai', ${budget}::jsonb, 60700, 42000, 1.3, 2,
      623, 479, 'Situation évaluée par le travailleur social.',
      d.requested::timestamptz,
      case when n % 10 = 9 then null else d.requested + (n % 20) end,
      case when n % 10 = 9 then null when n % 7 = 0 then 'urgent' else 'commission' end,
      case when n % 10 <> 9 and n % 4 <> 3 then 8000 + (n % 40) * 1000 end,
      case when n % 10 <> 9 and n % 4 <> 3 then 'transfer' end,
      case when n % 10 <> 9 and n % 4 = 3 then 'sufficient_remaining' end,
      case when n % 10 <> 9 and n % 4 <> 3 and n % 3 <> 0 then 8000 + (n % 40) * 1000 else 0 end,
      ${director.id}::uuid
    from generate_series(0, ${requests - 1}::int) n
    join bench_aid_people p on p.k = n % ${peopleCount}
    cross join lateral (select ${from}::date + (n::bigint * 1825 / ${requests})::int as requested) d`.execute(
    db,
  )
  await sql`insert into aid_payments (organisation_id, request_id, fund_id, budget_year, amount_cents, form, paid_on, created_by)
    select organisation_id, id, ${fund.id}::uuid, extract(year from decided_on)::int, paid_cents, 'transfer',
      decided_on + 7, ${director.id}::uuid
    from aid_requests where organisation_id = ${organisationId} and paid_cents > 0`.execute(db)
  await sql`drop table bench_aid_people`.execute(db)

  const session = await db
    .insertInto('aid_commission_sessions')
    .values({
      organisation_id: organisationId,
      held_on: todayInFrance(),
      place: 'Banc d’essai',
      status: 'open',
      opened_at: new Date(),
      opened_by: director.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('aid_session_members')
    .values([
      { session_id: session.id, user_id: member.id, present: true },
      { session_id: session.id, user_id: director.id, present: true },
    ])
    .execute()
  await sql`insert into aid_agenda_items (organisation_id, session_id, request_id, position)
    select ${organisationId}::uuid, ${session.id}::uuid, id, row_number() over (order by requested_on desc, id)
    from (select id, requested_on from aid_requests
      where organisation_id = ${organisationId} and status = 'submitted'
      order by requested_on desc, id limit ${agendaItems}) chosen`.execute(db)
  await sql`update aid_requests set status = 'on_agenda', session_id = ${session.id}
    where id in (select request_id from aid_agenda_items where session_id = ${session.id})`.execute(db)
  // After such a load PostgreSQL's autovacuum (its insert threshold) vacuums the tables, which lets
  // the consumption's sums read their covering indexes alone; the bench does it now instead of waiting.
  for (const table of ['aid_requests', 'aid_payments', 'aid_agenda_items', 'aid_decisions']) {
    await sql`vacuum (analyze) ${sql.table(table)}`.execute(db)
  }
  return { fundId: fund.id, sessionId: session.id, year }
}

export async function aidScenario(
  db: Kysely<Database>,
  truth: GroundTruth,
  scale: { requests: number; agendaItems: number; iterations: number },
): Promise<AidFigures> {
  const started = performance.now()
  const world = await seed(db, truth, scale.requests, scale.agendaItems)
  const seedSeconds = round((performance.now() - started) / 1000, 1)
  const settings = new AidSettingsService(new AidSettingsRepository(db))
  const sessions = new AidSessionsService(new AidSessionsRepository(db), settings)
  const funds = new AidFundsService(new AidFundsRepository(db), settings)
  const member = actorFor(truth, 'commission_member', [])
  const director = actorFor(truth, 'director', [])

  const openAgenda = async () => {
    const view = await sessions.view(member, world.sessionId)
    if (view.agenda.length === 0 || view.agenda.length !== view.agendaCount)
      throw new Error(`the agenda shows ${view.agenda.length} of ${view.agendaCount} requests`)
    return view.agenda.length
  }
  const consumption = () => funds.fundConsumption(director, world.fundId, world.year)
  // The first calls warm the caches and the JIT; they are not kept.
  for (let i = 0; i < 5; i++) {
    await openAgenda()
    await consumption()
  }
  const agenda: number[] = []
  const fund: number[] = []
  let shown = 0
  for (let i = 0; i < scale.iterations; i++) {
    const opened = await timed(openAgenda)
    shown = opened.value
    agenda.push(opened.ms)
    fund.push((await timed(consumption)).ms)
  }
  return {
    requests: scale.requests,
    agenda_items: shown,
    seed_seconds: seedSeconds,
    agenda: summarise(agenda),
    fund_consumption: summarise(fund),
  }
}
