import { type Kysely, type RawBuilder, sql, type Updateable } from 'kysely'
import type { DomiciliationTable } from '../../db/schema.domiciliation.ts'
import type { Database } from '../../db/schema.ts'
import { inActiveBase } from '../../platform/retention.ts'

/**
 * SQL of the domiciliation workflow: periods, their decisions, covered household members, settings.
 * `visible` is the people module's condition on `d.person_id` (the file's confidential team): a period
 * follows its person's file.
 */
export class DomiciliationRepository {
  constructor(readonly db: Kysely<Database>) {}

  settings(organisationId: string, db: Kysely<Database>) {
    return db
      .selectFrom('domiciliation_settings')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
  }

  async saveSettings(
    db: Kysely<Database>,
    organisationId: string,
    values: {
      decision_roles: string[]
      no_contact_months: number
      renewal_reminder_days: number
      postal_address: string | null
      approved_scope: string | null
      updated_by: string
    },
  ) {
    await db
      .insertInto('domiciliation_settings')
      .values({ organisation_id: organisationId, ...values })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute()
  }

  private periods(organisationId: string, visible: RawBuilder<boolean>, db: Kysely<Database>) {
    return db
      .selectFrom('domiciliations as d')
      .selectAll('d')
      .where('d.organisation_id', '=', organisationId)
      .where(visible)
  }

  period(
    organisationId: string,
    visible: RawBuilder<boolean>,
    id: string,
    db: Kysely<Database>,
    forUpdate = false,
  ) {
    const query = this.periods(organisationId, visible, db).where('d.id', '=', id)
    return (forUpdate ? query.forUpdate() : query).executeTakeFirst()
  }

  /** The persons' periods the actor sees, the latest requested first (at most `limit`: a timeline). */
  ofPeople(
    organisationId: string,
    visible: RawBuilder<boolean>,
    personIds: string[],
    db: Kysely<Database>,
    limit?: number,
  ) {
    if (personIds.length === 0) return Promise.resolve([])
    const query = this.periods(organisationId, visible, db)
      .where('d.person_id', 'in', personIds)
      .orderBy('d.requested_on', 'desc')
    if (limit !== undefined) return query.orderBy('d.id', 'desc').limit(limit).execute()
    return query.orderBy('d.created_at', 'desc').execute()
  }

  /**
   * Of these persons, those domiciled today: holder or beneficiary of a granted period in force
   * (not radiated). The retention clock counts such a period as a contact every day.
   */
  async domiciledOn(organisationId: string, personIds: string[], today: string, db: Kysely<Database>) {
    if (personIds.length === 0) return new Set<string>()
    const rows = await this.periodsInForce(db, organisationId, today)
      .select('d.person_id')
      .where('d.person_id', 'in', personIds)
      .union(
        this.periodsInForce(db, organisationId, today)
          .innerJoin('domiciliation_beneficiaries as b', 'b.domiciliation_id', 'd.id')
          .select('b.person_id')
          .where('b.person_id', 'in', personIds),
      )
      .execute()
    return new Set(rows.map((row) => row.person_id))
  }

  private periodsInForce(db: Kysely<Database>, organisationId: string, today: string) {
    return db
      .selectFrom('domiciliations as d')
      .where('d.organisation_id', '=', organisationId)
      .where('d.status', '=', 'granted')
      .where('d.start_on', '<=', today)
      .where('d.end_on', '>=', today)
  }

  async countOfPeople(
    organisationId: string,
    visible: RawBuilder<boolean>,
    personIds: string[],
    db: Kysely<Database>,
  ) {
    const row = await this.periods(organisationId, visible, db)
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('n'))
      .where('d.person_id', 'in', personIds)
      .executeTakeFirstOrThrow()
    return row.n
  }

  /** Every period of the person, whatever the actor sees: the rules (one request at a time) need them all. */
  allOfPerson(organisationId: string, personId: string, db: Kysely<Database>) {
    return db
      .selectFrom('domiciliations')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .orderBy('requested_on', 'desc')
      .orderBy('created_at', 'desc')
      .forUpdate()
      .execute()
  }

  successors(organisationId: string, id: string, db: Kysely<Database>) {
    return db
      .selectFrom('domiciliations')
      .select(['id', 'status'])
      .where('organisation_id', '=', organisationId)
      .where('previous_id', '=', id)
      .execute()
  }

  insert(
    db: Kysely<Database>,
    values: {
      organisation_id: string
      person_id: string
      kind: 'first' | 'renewal'
      previous_id: string | null
      requested_on: string
      first_domiciled_on: string | null
      created_by: string
    },
  ) {
    return db.insertInto('domiciliations').values(values).returning('id').executeTakeFirstOrThrow()
  }

  async update(db: Kysely<Database>, id: string, values: Updateable<DomiciliationTable>) {
    await db
      .updateTable('domiciliations')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  }

  decisions(ids: string[], db: Kysely<Database>) {
    if (ids.length === 0) return Promise.resolve([])
    return db
      .selectFrom('domiciliation_decisions as x')
      .leftJoin('users as u', 'u.id', 'x.decided_by')
      .selectAll('x')
      .select('u.name as decided_by_name')
      .where('x.domiciliation_id', 'in', ids)
      .orderBy('x.decided_at', 'desc')
      .execute()
  }

  insertDecision(
    db: Kysely<Database>,
    values: {
      organisation_id: string
      domiciliation_id: string
      decision: 'granted' | 'refused' | 'radiated'
      effective_on: string
      motif: string | null
      note: string | null
      previous: string
      decided_by: string
    },
  ) {
    return db.insertInto('domiciliation_decisions').values(values).returning('id').executeTakeFirstOrThrow()
  }

  /** The period's decision still in effect, the last one: the only one that can be undone. */
  lastDecision(domiciliationId: string, db: Kysely<Database>) {
    return db
      .selectFrom('domiciliation_decisions')
      .selectAll()
      .where('domiciliation_id', '=', domiciliationId)
      .where('undone_at', 'is', null)
      .orderBy('decided_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst()
  }

  async markUndone(db: Kysely<Database>, id: string, userId: string, reason: string) {
    await db
      .updateTable('domiciliation_decisions')
      .set({ undone_at: sql`now()`, undone_by: userId, undo_reason: reason })
      .where('id', '=', id)
      .execute()
  }

  beneficiaries(ids: string[], db: Kysely<Database>) {
    if (ids.length === 0) return Promise.resolve([])
    return db
      .selectFrom('domiciliation_beneficiaries')
      .select(['domiciliation_id', 'person_id', 'relationship'])
      .where('domiciliation_id', 'in', ids)
      .execute()
  }

  async replaceBeneficiaries(
    db: Kysely<Database>,
    organisationId: string,
    domiciliationId: string,
    members: { personId: string; relationship: string | null }[],
  ) {
    await db
      .deleteFrom('domiciliation_beneficiaries')
      .where('domiciliation_id', '=', domiciliationId)
      .execute()
    if (members.length === 0) return
    await db
      .insertInto('domiciliation_beneficiaries')
      .values(
        members.map((m) => ({
          organisation_id: organisationId,
          domiciliation_id: domiciliationId,
          person_id: m.personId,
          relationship: m.relationship,
        })),
      )
      .execute()
  }

  /** Granted periods of the person other than `exceptId` that overlap [start, end]. */
  overlapping(
    organisationId: string,
    personId: string,
    exceptId: string,
    start: string,
    end: string,
    db: Kysely<Database>,
  ) {
    return db
      .selectFrom('domiciliations')
      .select(['id', 'start_on', 'end_on'])
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .where('id', '!=', exceptId)
      .where('status', '=', 'granted')
      .where('start_on', '<=', end)
      .where('end_on', '>=', start)
      .execute()
  }

  /**
   * Radiation candidates: periods in force whose last contact (or start, without any) is before
   * `noContactBefore`, and periods ended before `today` with no renewal asked for or granted.
   */
  private candidatesQuery(
    organisationId: string,
    visible: RawBuilder<boolean>,
    today: string,
    noContactBefore: string,
    reason: 'no_contact' | 'ended' | undefined,
    db: Kysely<Database>,
  ) {
    const noContact = sql<boolean>`(d.end_on >= ${today}::date and coalesce(d.last_contact_at,
      (d.start_on::timestamp at time zone 'Europe/Paris')) < (${noContactBefore}::date)::timestamp at time zone 'Europe/Paris')`
    const ended = sql<boolean>`(d.end_on < ${today}::date and not exists (select 1 from domiciliations n
      where n.previous_id = d.id and n.status in ('instruction', 'awaiting_decision', 'granted')))`
    const condition =
      reason === 'no_contact' ? noContact : reason === 'ended' ? ended : sql`(${noContact} or ${ended})`
    return (
      db
        .selectFrom('domiciliations as d')
        .where('d.organisation_id', '=', organisationId)
        .where('d.status', '=', 'granted')
        .where(visible)
        // A worklist: an archived file is out of it.
        .where(inActiveBase('d.person_id'))
        .where(sql<boolean>`${condition}`)
        .select(
          sql<
            'no_contact' | 'ended'
          >`case when d.end_on < ${today}::date then 'ended' else 'no_contact' end`.as('reason'),
        )
    )
  }

  async candidates(
    organisationId: string,
    visible: RawBuilder<boolean>,
    filter: { today: string; noContactBefore: string; reason?: 'no_contact' | 'ended' },
    page: { page: number; pageSize: number },
    db: Kysely<Database>,
  ) {
    const base = () =>
      this.candidatesQuery(organisationId, visible, filter.today, filter.noContactBefore, filter.reason, db)
    const rows = await base()
      .select(['d.id', 'd.person_id', 'd.start_on', 'd.end_on', 'd.last_contact_at'])
      .orderBy('reason')
      .orderBy(sql`coalesce(d.last_contact_at, d.start_on::timestamptz)`)
      .orderBy('d.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const { total } = await base()
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow()
    return { rows, total: Number(total) }
  }

  /**
   * Periods in force ending within each organisation's reminder horizon, not yet reminded, with no
   * renewal under way: per organisation, their ids (the e-mail says how many, never who).
   */
  renewalsDue(today: string, db: Kysely<Database>) {
    return db
      .selectFrom('domiciliations as d')
      .leftJoin('domiciliation_settings as s', 's.organisation_id', 'd.organisation_id')
      .select(['d.id', 'd.organisation_id'])
      .where('d.status', '=', 'granted')
      .where('d.renewal_reminded_at', 'is', null)
      .where('d.end_on', '>=', today)
      .where(sql<boolean>`d.end_on <= ${today}::date + coalesce(s.renewal_reminder_days, 61)`)
      .where(
        sql<boolean>`not exists (select 1 from domiciliations n where n.previous_id = d.id
          and n.status in ('instruction', 'awaiting_decision', 'granted'))`,
      )
      .execute()
  }

  /** Marks the periods reminded; returns those this run marked (a second run marks none). */
  async markReminded(db: Kysely<Database>, ids: string[]) {
    if (ids.length === 0) return 0
    const rows = await db
      .updateTable('domiciliations')
      .set({ renewal_reminded_at: sql`now()` })
      .where('id', 'in', ids)
      .where('renewal_reminded_at', 'is', null)
      .returning('id')
      .execute()
    return rows.length
  }

  /** Active users of the organisation holding one of `roles`: the team told about renewals. */
  recipients(organisationId: string, roles: string[], db: Kysely<Database>) {
    return db
      .selectFrom('users')
      .select('email')
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'active')
      .where(sql<boolean>`roles && ${sql.val(roles)}::text[]`)
      .orderBy('email')
      .execute()
  }
}
