import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import { hashToken, newToken } from '../../platform/tokens.ts'

export type OneTimeTokenKind = 'password_reset' | 'invitation'

/** All SQL of the auth module: accounts' credentials, setup tokens, one-time links. */
export class AuthRepository {
  constructor(readonly db: Kysely<Database>) {}

  organisationExists(db = this.db) {
    return db
      .selectFrom('organisations')
      .select('id')
      .limit(1)
      .executeTakeFirst()
      .then((r) => Boolean(r))
  }

  /** A fresh setup link: earlier unused ones stop working. */
  async replaceSetupToken(): Promise<string> {
    const token = newToken()
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('setup_tokens').where('used_at', 'is', null).execute()
      await trx
        .insertInto('setup_tokens')
        .values({ token_hash: hashToken(token) })
        .execute()
    })
    return token
  }

  async setupTokenIsValid(token: string, db = this.db) {
    const row = await db
      .selectFrom('setup_tokens')
      .select('token_hash')
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .executeTakeFirst()
    return Boolean(row)
  }

  async useSetupToken(db: Kysely<Database>, token: string) {
    const result = await db
      .updateTable('setup_tokens')
      .set({ used_at: sql`now()` })
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  createOrganisation(db: Kysely<Database>, name: string) {
    return db.insertInto('organisations').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow()
  }

  createSite(db: Kysely<Database>, organisationId: string, name: string) {
    return db
      .insertInto('sites')
      .values({ organisation_id: organisationId, name })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  createActiveUser(
    db: Kysely<Database>,
    input: { organisationId: string; email: string; name: string; passwordHash: string; roles: string[] },
  ) {
    return db
      .insertInto('users')
      .values({
        organisation_id: input.organisationId,
        email: input.email,
        name: input.name,
        password_hash: input.passwordHash,
        roles: input.roles,
        status: 'active',
      })
      .returning(['id', 'roles'])
      .executeTakeFirstOrThrow()
  }

  /** An address may have an account in several organisations; the most recently used first. */
  activeUsersByEmail(email: string) {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .where('status', '=', 'active')
      .orderBy(sql`last_login_at desc nulls last`)
      .execute()
  }

  async organisationSuspended(organisationId: string) {
    const row = await this.db
      .selectFrom('organisations')
      .select('suspended_at')
      .where('id', '=', organisationId)
      .executeTakeFirst()
    return Boolean(row?.suspended_at)
  }

  userById(id: string, db = this.db) {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
  }

  userTeamIds(userId: string) {
    return this.db
      .selectFrom('user_teams')
      .select('team_id')
      .where('user_id', '=', userId)
      .execute()
      .then((rows) => rows.map((r) => r.team_id))
  }

  organisationById(id: string) {
    return this.db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  }

  async updateUser(
    db: Kysely<Database>,
    userId: string,
    values: Partial<{
      password_hash: string
      name: string
      status: 'active'
      totp_secret: string | null
      totp_pending_secret: string | null
      totp_last_step: number | null
      last_login_at: Date
    }>,
  ) {
    await db
      .updateTable('users')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', userId)
      .execute()
  }

  async createOneTimeToken(
    db: Kysely<Database>,
    input: { kind: OneTimeTokenKind; organisationId: string; userId: string; validHours: number },
  ) {
    const token = newToken()
    // A new link replaces the previous one of the same kind.
    await db
      .updateTable('one_time_tokens')
      .set({ used_at: sql`now()` })
      .where('user_id', '=', input.userId)
      .where('kind', '=', input.kind)
      .where('used_at', 'is', null)
      .execute()
    await db
      .insertInto('one_time_tokens')
      .values({
        token_hash: hashToken(token),
        kind: input.kind,
        organisation_id: input.organisationId,
        user_id: input.userId,
        expires_at: new Date(Date.now() + input.validHours * 3_600_000),
      })
      .execute()
    return token
  }

  /** The live token's user, locked for the rest of the transaction. */
  findLiveToken(db: Kysely<Database>, kind: OneTimeTokenKind, token: string) {
    return db
      .selectFrom('one_time_tokens')
      .select(['token_hash', 'user_id', 'organisation_id'])
      .where('token_hash', '=', hashToken(token))
      .where('kind', '=', kind)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .forUpdate()
      .executeTakeFirst()
  }

  async markTokenUsed(db: Kysely<Database>, tokenHash: string) {
    await db
      .updateTable('one_time_tokens')
      .set({ used_at: sql`now()` })
      .where('token_hash', '=', tokenHash)
      .execute()
  }

  listSessions(userId: string) {
    return this.db
      .selectFrom('sessions')
      .select(['id', 'created_at', 'last_seen_at', 'user_agent'])
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('absolute_expires_at', '>', sql<Date>`now()`)
      .orderBy('last_seen_at', 'desc')
      .execute()
  }
}
