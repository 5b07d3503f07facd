import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'

/** How many files one query hands to the sweeper at a time. */
export const SWEEP_BATCH = 200

/** All SQL of privacy: retention periods, file states, legal holds, runs, and the purges. */
export class PrivacyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  rules(organisationId: string, db = this.db) {
    return db
      .selectFrom('privacy_retention_rules')
      .select(['kind', 'active_months', 'archive_months'])
      .where('organisation_id', '=', organisationId)
      .execute()
  }

  saveRule(
    db: Kysely<Database>,
    organisationId: string,
    kind: string,
    values: { activeMonths: number; archiveMonths: number },
    userId: string,
  ) {
    return db
      .insertInto('privacy_retention_rules')
      .values({
        organisation_id: organisationId,
        kind,
        active_months: values.activeMonths,
        archive_months: values.archiveMonths,
        updated_by: userId,
      })
      .onConflict((oc) =>
        oc.columns(['organisation_id', 'kind']).doUpdateSet({
          active_months: values.activeMonths,
          archive_months: values.archiveMonths,
          updated_by: userId,
          updated_at: new Date(),
        }),
      )
      .execute()
  }

  organisationIds(db = this.db) {
    return db.selectFrom('organisations').select('id').orderBy('id').execute()
  }

  /** The organisation's teams: the sweeper reads every module's activity as if a member of each. */
  async teamIds(db: Kysely<Database>, organisationId: string) {
    const rows = await db
      .selectFrom('teams')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .execute()
    return rows.map((row) => row.id)
  }

  /**
   * Files not yet archived whose own dates (created, last changed) are older than `before`, after
   * `afterId` in id order: those whose other modules' activity may also be older, to be checked.
   */
  archiveCandidates(db: Kysely<Database>, organisationId: string, before: Date, afterId: string | null) {
    return db
      .selectFrom('people as p')
      .select(['p.id', sql<Date>`greatest(p.created_at, p.updated_at)`.as('touched_at')])
      .where('p.organisation_id', '=', organisationId)
      .where('p.merged_into_id', 'is', null)
      .where(sql<boolean>`greatest(p.created_at, p.updated_at) < ${before}`)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('privacy_file_states as s')
              .select('s.person_id')
              .whereRef('s.person_id', '=', 'p.id')
              .where('s.organisation_id', '=', organisationId),
          ),
        ),
      )
      .$if(afterId !== null, (q) => q.where('p.id', '>', afterId!))
      .orderBy('p.id')
      .limit(SWEEP_BATCH)
      .execute()
  }

  /** Archived files whose last contact is older than `before`, not yet anonymised, after `afterId`. */
  anonymiseCandidates(db: Kysely<Database>, organisationId: string, before: Date, afterId: string | null) {
    return db
      .selectFrom('privacy_file_states')
      .select('person_id as id')
      .where('organisation_id', '=', organisationId)
      .where('anonymised_at', 'is', null)
      .where('last_contact_at', '<', before)
      .$if(afterId !== null, (q) => q.where('person_id', '>', afterId!))
      .orderBy('person_id')
      .limit(SWEEP_BATCH)
      .execute()
  }

  /** Of these files, those under a legal hold not released. */
  async held(db: Kysely<Database>, organisationId: string, personIds: readonly string[]) {
    if (personIds.length === 0) return new Set<string>()
    const rows = await db
      .selectFrom('privacy_holds')
      .select('person_id')
      .where('organisation_id', '=', organisationId)
      .where('person_id', 'in', personIds)
      .where('released_at', 'is', null)
      .execute()
    return new Set(rows.map((row) => row.person_id))
  }

  /**
   * Archives one file, once: the state row is the marker, so a second run (or a second instance)
   * changes nothing. Returns false when it was already archived.
   */
  async archive(
    db: Kysely<Database>,
    organisationId: string,
    personId: string,
    lastContact: Date,
    now: Date,
  ) {
    const inserted = await db
      .insertInto('privacy_file_states')
      .values({
        organisation_id: organisationId,
        person_id: personId,
        last_contact_at: lastContact,
        archived_at: now,
      })
      .onConflict((oc) => oc.columns(['organisation_id', 'person_id']).doNothing())
      .returning('person_id')
      .executeTakeFirst()
    if (!inserted) return false
    await db
      .updateTable('people')
      .set({ status: 'archived' })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', personId)
      .execute()
    return true
  }

  /** Marks one archived file anonymised, locking its state; false when already done (or held since). */
  async markAnonymised(db: Kysely<Database>, organisationId: string, personId: string, now: Date) {
    const updated = await db
      .updateTable('privacy_file_states')
      .set({ anonymised_at: now })
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .where('anonymised_at', 'is', null)
      .returning('person_id')
      .executeTakeFirst()
    return updated !== undefined
  }

  /** Closed reports whose reporter's contact details are still kept, closed before `before`. */
  private reportersKept(db: Kysely<Database>, organisationId: string, before: Date) {
    return db
      .selectFrom('reports')
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'closed')
      .where('closed_at', '<', before)
      .where((eb) =>
        eb.or([
          eb('reporter_name', 'is not', null),
          eb('reporter_phone', 'is not', null),
          eb('reporter_email', 'is not', null),
        ]),
      )
  }

  reportersToErase(db: Kysely<Database>, organisationId: string, before: Date) {
    return this.reportersKept(db, organisationId, before)
      .select('id')
      .orderBy('id')
      .limit(SWEEP_BATCH)
      .execute()
  }

  async countReportersToErase(db: Kysely<Database>, organisationId: string, before: Date) {
    const row = await this.reportersKept(db, organisationId, before)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  /**
   * The organisation's audit rows older than `before`: counted, or deleted in bounded batches, each
   * in a transaction that alone may delete from the append-only trail (see the privacy migration).
   */
  async purgeAudit(db: Kysely<Database>, organisationId: string, before: Date, erase: boolean) {
    const old = db
      .selectFrom('audit_log')
      .where('organisation_id', '=', organisationId)
      .where('at', '<', before)
    if (!erase) {
      const row = await old.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
      return Number(row.n)
    }
    let removed = 0
    for (;;) {
      const deleted = await db.transaction().execute(async (trx) => {
        await sql`set local trame.audit_purge = 'on'`.execute(trx)
        const result = await trx
          .deleteFrom('audit_log')
          .where('id', 'in', old.select('id').limit(SWEEP_BATCH * 10))
          .executeTakeFirst()
        return Number(result.numDeletedRows)
      })
      removed += deleted
      if (deleted === 0) return removed
    }
  }

  eraseReporters(db: Kysely<Database>, organisationId: string, ids: readonly string[]) {
    return db
      .updateTable('reports')
      .set({ reporter_name: null, reporter_phone: null, reporter_email: null })
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', ids)
      .execute()
  }

  /** Sessions and one-time links of the organisation, expired or revoked before `before`. */
  async expiredSessions(db: Kysely<Database>, organisationId: string, before: Date, erase: boolean) {
    const sessions = db
      .selectFrom('sessions')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where((eb) => eb.or([eb('absolute_expires_at', '<', before), eb('revoked_at', '<', before)]))
    const tokens = db
      .selectFrom('one_time_tokens')
      .select('token_hash')
      .where('organisation_id', '=', organisationId)
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('used_at', '<', before)]))
    // The partner page's own sessions, ended or past their lifetime.
    const partnerSessions = db
      .selectFrom('partner_contact_sessions as ps')
      .innerJoin('partner_contacts as pc', 'pc.id', 'ps.contact_id')
      .select('ps.id')
      .where('pc.organisation_id', '=', organisationId)
      .where((eb) => eb.or([eb('ps.expires_at', '<', before), eb('ps.revoked_at', '<', before)]))
    if (!erase) {
      const n = await db
        .selectNoFrom((eb) => [
          eb.selectFrom(sessions.as('s')).select(eb.fn.countAll<string>().as('n')).as('sessions'),
          eb.selectFrom(tokens.as('t')).select(eb.fn.countAll<string>().as('n')).as('tokens'),
          eb.selectFrom(partnerSessions.as('p')).select(eb.fn.countAll<string>().as('n')).as('partner'),
        ])
        .executeTakeFirstOrThrow()
      return Number(n.sessions) + Number(n.tokens) + Number(n.partner)
    }
    const removedPartnerSessions = await db
      .deleteFrom('partner_contact_sessions')
      .where('id', 'in', partnerSessions.limit(SWEEP_BATCH * 10))
      .executeTakeFirst()
    const removedSessions = await db
      .deleteFrom('sessions')
      .where('id', 'in', sessions.limit(SWEEP_BATCH * 10))
      .executeTakeFirst()
    const removedTokens = await db
      .deleteFrom('one_time_tokens')
      .where('token_hash', 'in', tokens.limit(SWEEP_BATCH * 10))
      .executeTakeFirst()
    return (
      Number(removedSessions.numDeletedRows) +
      Number(removedTokens.numDeletedRows) +
      Number(removedPartnerSessions.numDeletedRows)
    )
  }

  startRun(db: Kysely<Database>, organisationId: string, now: Date) {
    return db
      .insertInto('privacy_runs')
      .values({ organisation_id: organisationId, started_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  finishRun(db: Kysely<Database>, id: string, counts: object) {
    return db
      .updateTable('privacy_runs')
      .set({ finished_at: new Date(), counts: JSON.stringify(counts) })
      .where('id', '=', id)
      .execute()
  }

  async runs(organisationId: string, page: { page: number; pageSize: number }) {
    // One query after the other: PGlite has a single connection.
    const items = await this.db
      .selectFrom('privacy_runs')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('started_at', 'desc')
      // Runs at one moment (tests move the clock): the one still going, then the latest to end.
      .orderBy(sql`finished_at desc nulls first`)
      .orderBy('id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const total = await this.db
      .selectFrom('privacy_runs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow()
    return { items, total: Number(total.n) }
  }

  personByFileNumber(db: Kysely<Database>, organisationId: string, fileNumber: string) {
    return db
      .selectFrom('people')
      .select(['id', 'file_number'])
      .where('organisation_id', '=', organisationId)
      .where('file_number', '=', fileNumber)
      .where('merged_into_id', 'is', null)
      .executeTakeFirst()
  }

  placeHold(
    db: Kysely<Database>,
    values: { organisationId: string; personId: string; reason: string; reviewOn: string; userId: string },
  ) {
    return db
      .insertInto('privacy_holds')
      .values({
        organisation_id: values.organisationId,
        person_id: values.personId,
        reason: values.reason,
        review_on: values.reviewOn,
        created_by: values.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  releaseHold(db: Kysely<Database>, organisationId: string, id: string, userId: string) {
    return db
      .updateTable('privacy_holds')
      .set({ released_at: new Date(), released_by: userId })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .where('released_at', 'is', null)
      .returning(['id', 'person_id'])
      .executeTakeFirst()
  }

  async holds(organisationId: string, page: { page: number; pageSize: number }, db = this.db) {
    const base = db
      .selectFrom('privacy_holds as h')
      .innerJoin('people as p', 'p.id', 'h.person_id')
      .where('h.organisation_id', '=', organisationId)
    const items = await base
      .select([
        'h.id',
        'h.person_id',
        'p.file_number',
        'h.reason',
        'h.review_on',
        'h.created_at',
        'h.released_at',
      ])
      // Holds in force first, the nearest review first.
      .orderBy(sql`h.released_at is not null`)
      .orderBy('h.review_on')
      .orderBy('h.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    return { items, total: Number(total.n) }
  }

  hold(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .selectFrom('privacy_holds as h')
      .innerJoin('people as p', 'p.id', 'h.person_id')
      .select([
        'h.id',
        'h.person_id',
        'p.file_number',
        'h.reason',
        'h.review_on',
        'h.created_at',
        'h.released_at',
      ])
      .where('h.organisation_id', '=', organisationId)
      .where('h.id', '=', id)
      .executeTakeFirst()
  }
}
