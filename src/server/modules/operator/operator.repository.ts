import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import { hashToken } from '../../platform/tokens.ts'

/** The operator's accounts, sessions and log, and what they read of organisations: names and counts. */
export class OperatorRepository {
  constructor(readonly db: Kysely<Database>) {}

  operatorByEmail(email: string) {
    return this.db
      .selectFrom('platform_operators')
      .selectAll()
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .where('disabled_at', 'is', null)
      .executeTakeFirst()
  }

  operatorById(id: string) {
    return this.db.selectFrom('platform_operators').selectAll().where('id', '=', id).executeTakeFirst()
  }

  createOperator(values: { email: string; name: string; password_hash: string; totp_secret: string }) {
    return this.db
      .insertInto('platform_operators')
      .values(values)
      .returning(['id', 'email', 'name'])
      .executeTakeFirstOrThrow()
  }

  setTotpStep(db: Kysely<Database>, operatorId: string, step: number) {
    return db
      .updateTable('platform_operators')
      .set({ totp_last_step: step })
      .where('id', '=', operatorId)
      .execute()
  }

  insertSession(values: {
    token: string
    csrfToken: string
    operatorId: string
    ip: string | null
    absoluteExpiresAt: Date
  }) {
    return this.db
      .insertInto('platform_operator_sessions')
      .values({
        token_hash: hashToken(values.token),
        csrf_token: values.csrfToken,
        operator_id: values.operatorId,
        state: 'totp_pending',
        ip: values.ip,
        absolute_expires_at: values.absoluteExpiresAt,
      })
      .execute()
  }

  /** The live session behind a token: not revoked, not too old, not idle too long, its account enabled. */
  async liveSession(token: string, idleMinutes: number) {
    const row = await this.db
      .selectFrom('platform_operator_sessions as s')
      .innerJoin('platform_operators as o', 'o.id', 's.operator_id')
      .select(['s.id', 's.state', 's.csrf_token', 's.operator_id', 's.last_seen_at', 'o.name', 'o.email'])
      .where('s.token_hash', '=', hashToken(token))
      .where('s.revoked_at', 'is', null)
      .where('s.absolute_expires_at', '>', sql<Date>`now()`)
      .where('s.last_seen_at', '>', sql<Date>`now() - ${`${idleMinutes} minutes`}::interval`)
      .where('o.disabled_at', 'is', null)
      .executeTakeFirst()
    if (row && Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
      await this.db
        .updateTable('platform_operator_sessions')
        .set({ last_seen_at: sql`now()` })
        .where('id', '=', row.id)
        .execute()
    }
    return row
  }

  setSessionState(db: Kysely<Database>, sessionId: string, state: 'active') {
    return db.updateTable('platform_operator_sessions').set({ state }).where('id', '=', sessionId).execute()
  }

  revokeSession(sessionId: string) {
    return this.db
      .updateTable('platform_operator_sessions')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', sessionId)
      .execute()
  }

  log(
    db: Kysely<Database>,
    entry: {
      operatorId: string | null
      action: string
      organisationId?: string
      organisationName?: string
      ip: string | null
    },
  ) {
    return db
      .insertInto('platform_operator_log')
      .values({
        operator_id: entry.operatorId,
        action: entry.action,
        organisation_id: entry.organisationId ?? null,
        organisation_name: entry.organisationName ?? null,
        ip: entry.ip,
      })
      .execute()
  }

  /** Every organisation with its staff accounts counted by status: no name of anyone, no person. */
  async organisations() {
    return this.db
      .selectFrom('organisations as o')
      .select([
        'o.id',
        'o.name',
        'o.created_at',
        'o.suspended_at',
        sql<number>`(select count(*)::int from users u where u.organisation_id = o.id and u.status = 'active')`.as(
          'active',
        ),
        sql<number>`(select count(*)::int from users u where u.organisation_id = o.id and u.status = 'invited')`.as(
          'invited',
        ),
        sql<number>`(select count(*)::int from users u where u.organisation_id = o.id and u.status = 'deactivated')`.as(
          'deactivated',
        ),
      ])
      .orderBy('o.name')
      .orderBy('o.id')
      .execute()
  }

  organisationById(id: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('organisations')
      .select(['id', 'name', 'suspended_at'])
      .where('id', '=', id)
      .executeTakeFirst()
  }

  async createOrganisation(
    db: Kysely<Database>,
    input: { name: string; siteName: string; adminName: string; adminEmail: string },
  ) {
    const organisation = await db
      .insertInto('organisations')
      .values({ name: input.name })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow()
    await db.insertInto('sites').values({ organisation_id: organisation.id, name: input.siteName }).execute()
    const admin = await db
      .insertInto('users')
      .values({
        organisation_id: organisation.id,
        email: input.adminEmail,
        name: input.adminName,
        roles: ['administrator'],
        status: 'invited',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { organisation, adminId: admin.id }
  }

  setSuspended(db: Kysely<Database>, id: string, suspended: boolean) {
    return db
      .updateTable('organisations')
      .set({ suspended_at: suspended ? sql<Date>`now()` : null })
      .where('id', '=', id)
      .execute()
  }
}
