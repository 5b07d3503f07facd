import { type Kysely, sql } from 'kysely'
import type { SessionState } from '../../shared/auth.ts'
import type { Role } from '../../shared/roles.ts'
import type { Database } from '../db/schema.ts'
import { hashToken, newToken } from './tokens.ts'

export const SESSION_COOKIE = 'trame_session'

export interface SessionPolicy {
  idleMinutes: number
  absoluteHours: number
}

export interface ResolvedSession {
  id: string
  state: SessionState
  csrfToken: string
  userId: string
  organisationId: string
  roles: Role[]
  teamIds: string[]
}

/** Server-side sessions: the cookie holds a random token, the database only its hash. */
export class SessionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly policy: SessionPolicy,
  ) {}

  async create(
    db: Kysely<Database>,
    input: {
      userId: string
      organisationId: string
      state: SessionState
      ip: string | null
      userAgent: string | null
    },
  ) {
    const token = newToken()
    const csrfToken = newToken(24)
    const absoluteExpiresAt = new Date(Date.now() + this.policy.absoluteHours * 3_600_000)
    const row = await db
      .insertInto('sessions')
      .values({
        token_hash: hashToken(token),
        csrf_token: csrfToken,
        user_id: input.userId,
        organisation_id: input.organisationId,
        state: input.state,
        ip: input.ip,
        user_agent: input.userAgent?.slice(0, 300) ?? null,
        absolute_expires_at: absoluteExpiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: row.id, token, csrfToken, absoluteExpiresAt }
  }

  /** The live session behind a cookie token, or undefined if unknown, revoked, idle too long or too old. */
  async resolve(token: string): Promise<ResolvedSession | undefined> {
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        's.id',
        's.state',
        's.csrf_token',
        's.user_id',
        's.organisation_id',
        's.last_seen_at',
        'u.roles',
        sql<
          string[]
        >`coalesce((select array_agg(ut.team_id::text) from user_teams ut where ut.user_id = u.id), '{}')`.as(
          'team_ids',
        ),
      ])
      .where('s.token_hash', '=', hashToken(token))
      .where('s.revoked_at', 'is', null)
      .where('s.absolute_expires_at', '>', sql<Date>`now()`)
      .where('s.last_seen_at', '>', sql<Date>`now() - ${`${this.policy.idleMinutes} minutes`}::interval`)
      .where('u.status', '=', 'active')
      .executeTakeFirst()
    if (!row) return undefined
    // Refreshing on every request would write on every read; once a minute is enough for idle expiry.
    if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: sql`now()` })
        .where('id', '=', row.id)
        .execute()
    }
    return {
      id: row.id,
      state: row.state,
      csrfToken: row.csrf_token,
      userId: row.user_id,
      organisationId: row.organisation_id,
      roles: row.roles as Role[],
      teamIds: row.team_ids,
    }
  }

  async setState(db: Kysely<Database>, sessionId: string, state: SessionState) {
    await db.updateTable('sessions').set({ state }).where('id', '=', sessionId).execute()
  }

  async revoke(db: Kysely<Database>, sessionId: string) {
    await db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('id', '=', sessionId).execute()
  }

  /** Logout everywhere; `exceptSessionId` keeps the current one (after a password change). */
  async revokeAllForUser(db: Kysely<Database>, userId: string, exceptSessionId?: string) {
    let query = db
      .updateTable('sessions')
      .set({ revoked_at: sql`now()` })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
    if (exceptSessionId) query = query.where('id', '!=', exceptSessionId)
    await query.execute()
  }
}
