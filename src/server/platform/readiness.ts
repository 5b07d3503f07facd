import { sql } from 'kysely'
import type { Db } from '../db/database.ts'

export type Readiness =
  | { ready: true }
  | {
      ready: false
      /** `database_unreachable`: no answer; `read_only`: a standby, or a database refusing writes. */
      reason: 'database_unreachable' | 'read_only'
    }

/**
 * Whether this instance can serve: its database answers and accepts writes. A load balancer stops
 * sending requests to an instance that is not ready (a primary lost, a standby not yet promoted).
 */
export async function readiness(db: Db): Promise<Readiness> {
  try {
    const { rows } = await sql<{ recovery: boolean; read_only: string }>`
      select pg_is_in_recovery() as recovery, current_setting('transaction_read_only') as read_only
    `.execute(db)
    const row = rows[0]
    if (!row || row.recovery || row.read_only === 'on') return { ready: false, reason: 'read_only' }
    return { ready: true }
  } catch {
    return { ready: false, reason: 'database_unreachable' }
  }
}
