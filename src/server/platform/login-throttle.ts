import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema.ts'
import { AppError } from './errors.ts'
import { hashToken } from './tokens.ts'

export interface ThrottlePolicy {
  maxFailuresPerAccount: number
  maxFailuresPerIp: number
  windowMinutes: number
}

/** A guess let through: it counts as a failure until `succeeded` says otherwise. */
export interface LoginAttempt {
  /** The guess was right: it no longer counts, and the account's earlier failures are forgiven. */
  succeeded(): Promise<void>
}

/**
 * Slows down password and code guessing, per account and per IP address, over a sliding window. The
 * account is stored as a hash (of the e-mail, or of `totp:<user id>` for second-factor codes), so the
 * table says nothing about who tried to sign in.
 *
 * Counting and deciding are one step: each attempt is written (and committed) as a failure before it
 * is evaluated, then the attempts committed so far are counted, its own among them. Of many concurrent
 * guesses the k-th to be written sees at least k, so no more than the limit are ever evaluated.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly policy: ThrottlePolicy,
  ) {}

  accountKey(account: string) {
    return hashToken(`login:${account.toLowerCase()}`)
  }

  /** Lets one guess through, or refuses it (429) when the account or the address has failed too often. */
  async attempt(account: string, ip: string): Promise<LoginAttempt> {
    const key = this.accountKey(account)
    const mine = await this.db
      .insertInto('login_attempts')
      .values({ account_key: key, ip, succeeded: false })
      .returning('id')
      .executeTakeFirstOrThrow()
    const window = sql<Date>`now() - ${`${this.policy.windowMinutes} minutes`}::interval`
    const lastSuccess = sql<Date>`coalesce((select max(at) from login_attempts where account_key = ${key} and succeeded), '-infinity'::timestamptz)`
    const { rows } = await sql<{
      account_failures: number
      account_oldest: Date | null
      ip_failures: number
      ip_oldest: Date | null
    }>`
      select a.failures as account_failures, a.oldest as account_oldest, i.failures as ip_failures, i.oldest as ip_oldest
      from (select count(*)::int as failures, min(at) as oldest from login_attempts
             where account_key = ${key} and not succeeded and at > ${window} and at > ${lastSuccess}) a,
           (select count(*)::int as failures, min(at) as oldest from login_attempts
             where ip = ${ip} and not succeeded and at > ${window}) i`.execute(this.db)
    const counts = rows[0]!
    const blockedBy =
      counts.account_failures > this.policy.maxFailuresPerAccount
        ? counts.account_oldest
        : counts.ip_failures > this.policy.maxFailuresPerIp
          ? counts.ip_oldest
          : undefined
    if (blockedBy === undefined) {
      return {
        succeeded: async () => {
          await this.db
            .updateTable('login_attempts')
            .set({ succeeded: true })
            .where('id', '=', mine.id)
            .execute()
        },
      }
    }
    // A refused attempt was never evaluated: it does not push the pause further.
    await this.db.deleteFrom('login_attempts').where('id', '=', mine.id).execute()
    const freeAt = new Date(blockedBy ?? Date.now()).getTime() + this.policy.windowMinutes * 60_000
    const minutes = Math.max(1, Math.ceil((freeAt - Date.now()) / 60_000))
    throw new AppError(
      'LOGIN_THROTTLED',
      429,
      `Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
      { retryAfter: minutes * 60 },
    )
  }
}
