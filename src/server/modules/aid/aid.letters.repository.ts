import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.ts'

/** SQL of the aid letters: a decided request with its aid and its last decision. */
export class AidLettersRepository {
  constructor(readonly db: Kysely<Database>) {}

  request(organisationId: string, id: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('aid_requests as r')
      .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
      .select([
        'r.id',
        'r.person_id',
        'r.status',
        'r.requested_on',
        'r.amount_asked_cents',
        'r.purpose',
        'r.creditor_name',
        'r.granted_cents',
        'r.payment_form',
        'r.refusal_motif',
        'r.adjournment_reason',
        'r.closed_reason',
        't.label as aid_type_label',
      ])
      .where('r.organisation_id', '=', organisationId)
      .where('r.id', '=', id)
      .executeTakeFirst()
  }

  lastDecision(requestId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('aid_decisions as d')
      .leftJoin('aid_commission_sessions as s', 's.id', 'd.session_id')
      .select(['d.decision', 'd.channel', 'd.decided_on', 'd.session_id', 's.held_on'])
      .where('d.request_id', '=', requestId)
      .orderBy('d.decided_at', 'desc')
      .limit(1)
      .executeTakeFirst()
  }
}
