import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.ts'

/** All SQL of aid statistics: the requests of a period, without a name. */
export class AidStatisticsRepository {
  constructor(readonly db: Kysely<Database>) {}

  /** Requests filed or decided in the period (drafts apart), with their aid, fund and team. */
  requests(organisationId: string, from: string, to: string, db = this.db) {
    return db
      .selectFrom('aid_requests as r')
      .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
      .innerJoin('aid_funds as f', 'f.id', 't.fund_id')
      .leftJoin('teams as tm', 'tm.id', 'r.team_id')
      .where('r.organisation_id', '=', organisationId)
      .where('r.status', '!=', 'draft')
      .where((eb) =>
        eb.or([
          eb.and([eb('r.requested_on', '>=', from), eb('r.requested_on', '<=', to)]),
          eb.and([eb('r.decided_on', '>=', from), eb('r.decided_on', '<=', to)]),
        ]),
      )
      .select([
        'r.person_id',
        'r.household_id',
        'r.team_id',
        'tm.name as team_name',
        'r.aid_type_id',
        't.label as aid_label',
        't.position as aid_position',
        't.fund_id',
        'f.name as fund_name',
        'f.code as fund_code',
        'r.status',
        'r.requested_on',
        'r.decided_on',
        'r.granted_cents',
        'r.paid_cents',
        'r.refusal_motif',
      ])
      .execute()
  }

  /** Adjournments decided in the period (a request may be adjourned more than once). */
  async adjournments(organisationId: string, from: string, to: string, db = this.db) {
    const row = await db
      .selectFrom('aid_decisions')
      .where('organisation_id', '=', organisationId)
      .where('decision', '=', 'adjourned')
      .where('decided_on', '>=', from)
      .where('decided_on', '<=', to)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  /** The fund coded « FLAJ » (any case), when the organisation keeps one. */
  flajFund(organisationId: string, db = this.db) {
    return db
      .selectFrom('aid_funds')
      .where('organisation_id', '=', organisationId)
      .where((eb) => eb(eb.fn('upper', ['code']), '=', 'FLAJ'))
      .select(['id', 'name'])
      .executeTakeFirst()
  }
}
