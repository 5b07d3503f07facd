import { type Kysely, sql } from 'kysely'
import type { Logger } from 'pino'
import type { Database } from '../db/schema.ts'
import { logBackgroundFailure } from './errors.ts'
import type { EmailMessage, Mailer } from './mail.ts'

/** Work to do after a transaction commits (e-mails now; reminders and escalations later). */
export type OutboxHandler = (payload: unknown, context: { id: string }) => Promise<void>

// Any constant works; it only has to be the same for every Trame instance on one database.
const SWEEPER_LOCK_KEY = 7_214_900_031
const MAX_ATTEMPTS = 8

export async function enqueue(
  db: Kysely<Database>,
  kind: string,
  payload: unknown,
  organisationId: string | null,
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({ kind, payload: JSON.stringify(payload), organisation_id: organisationId })
    .execute()
}

export function enqueueEmail(db: Kysely<Database>, message: EmailMessage, organisationId: string | null) {
  return enqueue(db, 'email', message, organisationId)
}

export function emailHandler(mailer: Mailer): OutboxHandler {
  return (payload, { id }) => mailer.send({ ...(payload as EmailMessage), messageId: `<${id}@trame>` })
}

export interface SweeperOptions {
  handlers: Record<string, OutboxHandler>
  logger: Pick<Logger, 'info' | 'warn' | 'error'>
  intervalMs: number
  /** How long a claimed row is reserved; a runner that dies mid-run gives its rows back after it. */
  leaseSeconds?: number
  batchSize?: number
}

/**
 * Claims due rows under an advisory lock (one claimer at a time across all instances), then runs
 * them outside any transaction. A row is marked done only after its handler succeeded, so a crash
 * mid-run loses nothing: the row's lease runs out and the next sweep takes it again.
 */
export class OutboxSweeper {
  #timer: NodeJS.Timeout | undefined
  #running: Promise<number> | undefined
  #stopped = false

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: SweeperOptions,
  ) {}

  start(): void {
    this.#stopped = false
    const tick = async () => {
      try {
        await this.runOnce()
      } catch (error) {
        logBackgroundFailure(this.options.logger, error, 'outbox sweep')
      }
      if (!this.#stopped) this.#timer = setTimeout(tick, this.options.intervalMs)
    }
    this.#timer = setTimeout(tick, 0)
  }

  /** Stops after the row in hand; rows claimed but not started go back to the queue. */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    await this.#running?.catch(() => 0)
  }

  runOnce(): Promise<number> {
    this.#running ??= this.#sweep().finally(() => {
      this.#running = undefined
    })
    return this.#running
  }

  get #lease() {
    return `${this.options.leaseSeconds ?? 300} seconds`
  }

  async #claim(claimId: string) {
    const lease = this.#lease
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{
        locked: boolean
      }>`select pg_try_advisory_xact_lock(${SWEEPER_LOCK_KEY}) as locked`.execute(trx)
      if (!rows[0]?.locked) return []
      return trx
        .updateTable('outbox')
        .set({
          status: 'sending',
          claim_id: claimId,
          lease_until: sql`now() + ${lease}::interval`,
          attempts: sql`attempts + 1`,
        })
        .where(
          'id',
          'in',
          trx
            .selectFrom('outbox')
            .select('id')
            .where((eb) =>
              eb.or([
                eb.and([eb('status', '=', 'pending'), eb('available_at', '<=', sql<Date>`now()`)]),
                eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', sql<Date>`now()`)]),
              ]),
            )
            .orderBy('created_at')
            .limit(this.options.batchSize ?? 20)
            .forUpdate()
            .skipLocked(),
        )
        .returning(['id', 'kind', 'payload', 'attempts'])
        .execute()
    })
  }

  async #sweep(): Promise<number> {
    const claimId = crypto.randomUUID()
    const claimed = await this.#claim(claimId)
    const mine = (id: string) =>
      this.db
        .updateTable('outbox')
        .where('id', '=', id)
        .where('claim_id', '=', claimId)
        .where('status', '=', 'sending')
    let done = 0
    for (const [index, row] of claimed.entries()) {
      if (this.#stopped) {
        const rest = claimed.slice(index).map((r) => r.id)
        await this.db
          .updateTable('outbox')
          .set({ status: 'pending', lease_until: null, claim_id: null })
          .where('id', 'in', rest)
          .where('claim_id', '=', claimId)
          .execute()
        break
      }
      // A runner that stalled past its lease may have lost the row to another one: then it must not touch it.
      const renewed = await mine(row.id)
        .set({ lease_until: sql`now() + ${this.#lease}::interval` })
        .executeTakeFirst()
      if (renewed.numUpdatedRows === 0n) continue
      const handler = this.options.handlers[row.kind]
      try {
        if (!handler) throw new Error(`no handler for outbox kind ${row.kind}`)
        await handler(row.payload, { id: row.id })
        // The payload (an e-mail with a personal link) is not kept once delivered.
        await mine(row.id)
          .set({
            status: 'done',
            processed_at: new Date(),
            lease_until: null,
            payload: '{}',
            last_error: null,
          })
          .execute()
        done++
      } catch (error) {
        const failed = row.attempts >= MAX_ATTEMPTS
        const reason =
          error instanceof Error ? `${error.name}: ${(error as { code?: string }).code ?? ''}` : 'error'
        await mine(row.id)
          .set({
            status: failed ? 'failed' : 'pending',
            lease_until: null,
            claim_id: null,
            last_error: reason,
            available_at: sql`now() + ${`${2 ** row.attempts * 5} seconds`}::interval`,
          })
          .execute()
        this.options.logger.warn(
          { outboxId: row.id, kind: row.kind, attempts: row.attempts, reason },
          'outbox job failed',
        )
      }
    }
    return done
  }
}
