import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema.ts'
import { AppError } from './errors.ts'
import { hashToken } from './tokens.ts'

export interface ThrottlePolicy {
  maxFailuresPerAccount: number
  maxFailuresPerIp: number
  windowMinutes: number
}

/**
 * Slows down password guessing, per account and per IP address, over a sliding window. The account
 * is stored as a hash of the e-mail, so the table says nothing about who tried to sign in.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly policy: ThrottlePolicy,
  ) {}

  accountKey(email: string) {
    return hashToken(`login:${email.toLowerCase()}`)
  }

  async assertAllowed(email: string, ip: string): Promise<void> {
    const window = sql<Date>`now() - ${`${this.policy.windowMinutes} minutes`}::interval`
    const key = this.accountKey(email)
    const account = await this.db
      .selectFrom('login_attempts')
      .select([sql<number>`count(*)::int`.as('failures'), sql<Date | null>`min(at)`.as('oldest')])
      .where('account_key', '=', key)
      .where('succeeded', '=', false)
      .where('at', '>', window)
      .where(({ eb, selectFrom }) =>
        eb(
          'at',
          '>',
          selectFrom('login_attempts')
            .select(sql<Date>`coalesce(max(at), '-infinity'::timestamptz)`.as('last_success'))
            .where('account_key', '=', key)
            .where('succeeded', '=', true),
        ),
      )
      .executeTakeFirstOrThrow()
    const byIp = await this.db
      .selectFrom('login_attempts')
      .select([sql<number>`count(*)::int`.as('failures'), sql<Date | null>`min(at)`.as('oldest')])
      .where('ip', '=', ip)
      .where('succeeded', '=', false)
      .where('at', '>', window)
      .executeTakeFirstOrThrow()
    const blockedBy =
      account.failures >= this.policy.maxFailuresPerAccount
        ? account.oldest
        : byIp.failures >= this.policy.maxFailuresPerIp
          ? byIp.oldest
          : undefined
    if (blockedBy === undefined) return
    const freeAt = new Date(blockedBy ?? Date.now()).getTime() + this.policy.windowMinutes * 60_000
    const minutes = Math.max(1, Math.ceil((freeAt - Date.now()) / 60_000))
    throw new AppError(
      'LOGIN_THROTTLED',
      429,
      `Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
      { retryAfter: minutes * 60 },
    )
  }

  async record(email: string, ip: string, succeeded: boolean): Promise<void> {
    await this.db
      .insertInto('login_attempts')
      .values({ account_key: this.accountKey(email), ip, succeeded })
      .execute()
  }
}
