import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'

/** Partners' contacts, their invitation links and sessions, and the referrals their partner sees. */
export class PartnersPortalRepository {
  constructor(readonly db: Kysely<Database>) {}

  // ----- contacts (staff side) -----

  partner(organisationId: string, partnerId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('partners')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', partnerId)
      .executeTakeFirst()
  }

  contacts(organisationId: string, partnerId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('partner_contacts')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('partner_id', '=', partnerId)
      .orderBy('name')
      .orderBy('id')
      .execute()
  }

  contact(organisationId: string, id: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('partner_contacts')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  contactByEmail(organisationId: string, email: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('partner_contacts')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst()
  }

  insertContact(
    db: Kysely<Database>,
    values: { organisation_id: string; partner_id: string; name: string; email: string; invited_by: string },
  ) {
    return db.insertInto('partner_contacts').values(values).returningAll().executeTakeFirstOrThrow()
  }

  async updateContact(
    db: Kysely<Database>,
    id: string,
    values: { password_hash?: string; disabled_at?: Date | null; name?: string },
  ) {
    await db
      .updateTable('partner_contacts')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  }

  // ----- invitation links -----

  /** A new link replaces the contact's previous ones. */
  async insertToken(
    db: Kysely<Database>,
    contactId: string,
    tokenHash: string,
    expiresAt: Date,
    purpose: 'invitation' | 'password_reset' = 'invitation',
  ) {
    await db
      .updateTable('partner_contact_tokens')
      .set({ used_at: sql`now()` })
      .where('contact_id', '=', contactId)
      .where('used_at', 'is', null)
      .execute()
    await db
      .insertInto('partner_contact_tokens')
      .values({ contact_id: contactId, token_hash: tokenHash, expires_at: expiresAt, purpose })
      .execute()
  }

  /** The contact a live, unused link belongs to, with its partner and organisation. */
  liveToken(tokenHash: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('partner_contact_tokens as t')
      .innerJoin('partner_contacts as c', 'c.id', 't.contact_id')
      .innerJoin('partners as p', 'p.id', 'c.partner_id')
      .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
      .selectAll('c')
      .select(['t.id as token_id', 't.purpose', 'p.name as partner_name', 'o.name as organisation_name'])
      .where('t.token_hash', '=', tokenHash)
      .where('t.used_at', 'is', null)
      .where('t.expires_at', '>', sql<Date>`now()`)
      .where('c.disabled_at', 'is', null)
      .executeTakeFirst()
  }

  async useToken(db: Kysely<Database>, tokenId: string) {
    await db
      .updateTable('partner_contact_tokens')
      .set({ used_at: sql`now()` })
      .where('id', '=', tokenId)
      .execute()
  }

  // ----- sessions -----

  async insertSession(
    db: Kysely<Database>,
    values: { token_hash: string; csrf_token: string; contact_id: string; expires_at: Date },
  ) {
    await db.insertInto('partner_contact_sessions').values(values).execute()
  }

  /** The contact of a live session: not revoked, not past its lifetime, used within `idleMinutes`, enabled. */
  sessionContact(tokenHash: string, idleMinutes: number, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('partner_contact_sessions as s')
      .innerJoin('partner_contacts as c', 'c.id', 's.contact_id')
      .innerJoin('partners as p', 'p.id', 'c.partner_id')
      .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
      .selectAll('c')
      .select([
        's.id as session_id',
        's.csrf_token',
        's.last_seen_at',
        'p.name as partner_name',
        'o.name as organisation_name',
      ])
      .where('s.token_hash', '=', tokenHash)
      .where('s.revoked_at', 'is', null)
      .where('c.disabled_at', 'is', null)
      .where('s.expires_at', '>', sql<Date>`now()`)
      .where('s.last_seen_at', '>', sql<Date>`now() - ${`${idleMinutes} minutes`}::interval`)
      .executeTakeFirst()
  }

  async touchSession(sessionId: string, db: Kysely<Database> = this.db) {
    await db
      .updateTable('partner_contact_sessions')
      .set({ last_seen_at: sql`now()` })
      .where('id', '=', sessionId)
      .execute()
  }

  async revokeSessions(db: Kysely<Database>, filter: { sessionId: string } | { contactId: string }) {
    await db
      .updateTable('partner_contact_sessions')
      .set({ revoked_at: sql`now()` })
      .$call((q) =>
        'sessionId' in filter
          ? q.where('id', '=', filter.sessionId)
          : q.where('contact_id', '=', filter.contactId),
      )
      .where('revoked_at', 'is', null)
      .execute()
  }

  // ----- the partner's referrals -----

  /** Referrals addressed to one of the partner's services, newest first, with what consent may show. */
  private referrals(organisationId: string, partnerId: string, db: Kysely<Database>) {
    return db
      .selectFrom('partner_referrals as r')
      .innerJoin('partner_services as s', (join) =>
        join.onRef('s.id', '=', 'r.partner_service_id').onRef('s.organisation_id', '=', 'r.organisation_id'),
      )
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .where('r.organisation_id', '=', organisationId)
      .where('s.partner_id', '=', partnerId)
      .select([
        'r.id',
        'r.person_id',
        'r.referred_on',
        'r.answer_due_on',
        'r.answer',
        'r.answered_on',
        'r.note',
        'r.partner_note',
        'r.worker_reply',
        'r.worker_replied_on',
        's.name as service_name',
        'p.last_name',
        'p.usage_name',
        'p.first_names',
        'p.description',
        'p.aliases',
        'p.birth_date',
        'p.phone',
        'p.email',
      ])
      .select(
        // The person's latest word on sharing with partners (a consent or its withdrawal).
        sql<boolean>`coalesce((
          select c.given from person_consents c
          where c.organisation_id = r.organisation_id and c.person_id = r.person_id
            and c.scope = 'partner_sharing'
          order by c.given_on desc, c.recorded_at desc limit 1
        ), false)`.as('shared'),
      )
  }

  async referralPage(
    organisationId: string,
    partnerId: string,
    page: { limit: number; offset: number },
    db: Kysely<Database>,
  ) {
    const base = this.referrals(organisationId, partnerId, db)
    const total = await db
      .selectFrom(base.as('x'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    const rows = await base
      .orderBy('r.referred_on', 'desc')
      .orderBy('r.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
    return { rows, total: Number(total.n) }
  }

  referral(organisationId: string, partnerId: string, id: string, db: Kysely<Database>) {
    return this.referrals(organisationId, partnerId, db)
      .where('r.id', '=', id)
      .forUpdate(['r'])
      .executeTakeFirst()
  }

  async answer(
    db: Kysely<Database>,
    id: string,
    values: {
      answer: string
      answered_on: string
      partner_note: string | null
      answered_by_contact_id: string
    },
  ) {
    await db
      .updateTable('partner_referrals')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  }
}
