import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { visibleTeam } from '../outreach/outreach.sql.ts'

/** Referrals of people to partners' services and the partners' answers. */
export class FollowupReferralsRepository {
  constructor(readonly db: Kysely<Database>) {}

  private visible(actor: Actor, db: Kysely<Database>) {
    return db
      .selectFrom('partner_referrals as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .selectAll('r')
      .select(['p.last_name', 'p.usage_name', 'p.first_names', 'p.description', 'p.aliases'])
      .where('r.organisation_id', '=', actor.organisationId)
      .where(visibleTeam(actor, 'p'))
  }

  referral(actor: Actor, id: string, db: Kysely<Database>) {
    return this.visible(actor, db).where('r.id', '=', id).forUpdate(['r']).executeTakeFirst()
  }

  async page(
    actor: Actor,
    filter: {
      personIds?: string[]
      outreachFamilyIds?: string[]
      pending?: boolean
      needsMore?: boolean
      /** Only those the actor made. */
      mine?: boolean
      oldestFirst?: boolean
    },
    page: { limit: number; offset: number },
    db: Kysely<Database>,
  ) {
    let base = this.visible(actor, db)
    if (filter.personIds)
      base = base.where('r.person_id', 'in', filter.personIds.length ? filter.personIds : [sql<string>`null`])
    if (filter.outreachFamilyIds) base = base.where('r.outreach_family_id', 'in', filter.outreachFamilyIds)
    if (filter.mine) base = base.where('r.created_by', '=', actor.userId)
    if (filter.pending) base = base.where('r.answer', '=', 'pending').where('p.merged_into_id', 'is', null)
    if (filter.needsMore)
      base = base.where('r.answer', '=', 'needs_more').where('p.merged_into_id', 'is', null)
    const total = await db
      .selectFrom(base.as('x'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    const ascending = filter.pending || filter.needsMore || filter.oldestFirst
    const rows = await base
      .orderBy(filter.needsMore ? 'r.answered_on' : 'r.referred_on', ascending ? 'asc' : 'desc')
      .orderBy(ascending ? 'r.created_at' : 'r.id', ascending ? 'asc' : 'desc')
      .orderBy('r.id', ascending ? 'asc' : 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
    return { rows, total: Number(total.n) }
  }

  /** Whether the person's latest word on sharing with partners is a consent. */
  async sharedWithPartners(organisationId: string, personId: string, db: Kysely<Database>) {
    const latest = await db
      .selectFrom('person_consents')
      .select('given')
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .where('scope', '=', 'partner_sharing')
      .orderBy('given_on', 'desc')
      .orderBy('recorded_at', 'desc')
      .limit(1)
      .executeTakeFirst()
    return latest?.given === true
  }

  /** The worker answers the partner's request: the referral waits for the partner again. */
  async reply(
    db: Kysely<Database>,
    id: string,
    values: { worker_reply: string; worker_replied_on: string; worker_replied_by: string },
  ) {
    await db
      .updateTable('partner_referrals')
      .set({ ...values, answer: 'pending', updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  }

  supportRecord(organisationId: string, id: string, personId: string, db: Kysely<Database>) {
    return db
      .selectFrom('support_records')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .where('person_id', '=', personId)
      .executeTakeFirst()
  }

  insert(
    db: Kysely<Database>,
    actor: Actor,
    values: {
      person_id: string
      partner_service_id: string
      origin: string
      support_record_id: string | null
      outreach_family_id: string | null
      referred_on: string
      answer_due_on: string | null
      note: string | null
    },
  ) {
    return db
      .insertInto('partner_referrals')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  async answer(
    db: Kysely<Database>,
    id: string,
    values: { answer: string; answered_on: string | null; note?: string | null },
  ) {
    await db
      .updateTable('partner_referrals')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  }
}
