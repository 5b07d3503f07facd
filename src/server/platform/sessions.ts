import { type Kysely, sql } from 'kysely'
import type { SessionState } from '../../shared/auth.ts'
import { type Role, totpRequiredFor } from '../../shared/roles.ts'
import type { Database } from '../db/schema.ts'
import { hashToken, newToken } from './tokens.ts'

export const SESSION_COOKIE = 'trame_session'

export interface SessionPolicy {
  idleMinutes: number
  absoluteHours: number
  /**
   * How long a resolved session is reused without asking the database (0: never). Changes made through
   * this process (logout, revocation, roles, teams, 2FA) apply at once; made through another instance,
   * after at most this delay.
   */
  cacheSeconds: number
}

/** Bounds the cache's memory: far more sessions than one CCAS has signed in at once. */
const MAX_CACHED_SESSIONS = 10_000

export interface ResolvedSession {
  id: string
  state: SessionState
  csrfToken: string
  userId: string
  organisationId: string
  roles: Role[]
  teamIds: string[]
  /** The operator suspended the organisation: every request is refused with a message saying so. */
  suspended?: boolean
}

/** Server-side sessions: the cookie holds a random token, the database only its hash. */
export class SessionStore {
  /** Resolved sessions by token hash, and until when each may be reused. */
  private readonly cache = new Map<string, { session: ResolvedSession; until: number }>()
  /**
   * Users and sessions just changed: not cached for a while, so that a request that read them before the
   * change committed cannot put the old version back.
   */
  private readonly uncacheable = new Map<string, number>()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly policy: SessionPolicy,
  ) {}

  private get cacheMs() {
    return this.policy.cacheSeconds * 1000
  }

  /** Drops what is cached about these users or sessions; call it with every change to them. */
  forget(ids: { userId?: string; sessionId?: string }) {
    if (this.cacheMs === 0) return
    const now = Date.now()
    if (this.uncacheable.size > 1000) {
      for (const [id, until] of this.uncacheable) if (until <= now) this.uncacheable.delete(id)
    }
    const until = now + this.cacheMs + 30_000
    for (const id of [ids.userId, ids.sessionId]) if (id) this.uncacheable.set(id, until)
    for (const [hash, entry] of this.cache) {
      if (entry.session.userId === ids.userId || entry.session.id === ids.sessionId) this.cache.delete(hash)
    }
  }

  private isUncacheable(session: ResolvedSession, now: number) {
    for (const id of [session.userId, session.id]) {
      const until = this.uncacheable.get(id)
      if (until === undefined) continue
      if (until > now) return true
      this.uncacheable.delete(id)
    }
    return false
  }

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
    const tokenHash = hashToken(token)
    const now = Date.now()
    const cached = this.cache.get(tokenHash)
    if (cached && cached.until > now) return cached.session
    if (cached) this.cache.delete(tokenHash)
    const session = await this.load(tokenHash)
    if (session && this.cacheMs > 0 && !this.isUncacheable(session, now)) {
      if (this.cache.size >= MAX_CACHED_SESSIONS) this.cache.delete(this.cache.keys().next().value!)
      this.cache.set(tokenHash, { session, until: now + this.cacheMs })
    }
    return session
  }

  private async load(tokenHash: string): Promise<ResolvedSession | undefined> {
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .select([
        's.id',
        's.state',
        's.csrf_token',
        's.user_id',
        's.organisation_id',
        's.last_seen_at',
        'u.roles',
        sql<boolean>`o.suspended_at is not null`.as('suspended'),
        sql<boolean>`u.totp_secret is not null`.as('totp_enabled'),
        sql<
          string[]
        >`coalesce((select array_agg(ut.team_id::text) from user_teams ut where ut.user_id = u.id), '{}')`.as(
          'team_ids',
        ),
      ])
      .where('s.token_hash', '=', tokenHash)
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
    const roles = row.roles as Role[]
    return {
      id: row.id,
      // Roles are read at every resolve: a user given a role that demands 2FA, and who has none, is held
      // at enrolment from their next request on, whatever state their session was opened in.
      state:
        row.state === 'active' && !row.totp_enabled && totpRequiredFor(roles)
          ? 'totp_enrolment_required'
          : row.state,
      csrfToken: row.csrf_token,
      userId: row.user_id,
      organisationId: row.organisation_id,
      roles,
      teamIds: row.team_ids,
      ...(row.suspended ? { suspended: true } : {}),
    }
  }

  /** An organisation suspended or reactivated: its sessions are read again at their next request. */
  forgetOrganisation(organisationId: string) {
    for (const [hash, entry] of this.cache) {
      if (entry.session.organisationId === organisationId) this.cache.delete(hash)
    }
  }

  async setState(db: Kysely<Database>, sessionId: string, state: SessionState) {
    this.forget({ sessionId })
    await db.updateTable('sessions').set({ state }).where('id', '=', sessionId).execute()
  }

  async revoke(db: Kysely<Database>, sessionId: string) {
    this.forget({ sessionId })
    await db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('id', '=', sessionId).execute()
  }

  /** Logout everywhere; `exceptSessionId` keeps the current one (after a password change). */
  async revokeAllForUser(db: Kysely<Database>, userId: string, exceptSessionId?: string) {
    this.forget({ userId })
    let query = db
      .updateTable('sessions')
      .set({ revoked_at: sql`now()` })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
    if (exceptSessionId) query = query.where('id', '!=', exceptSessionId)
    await query.execute()
  }
}
