import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { VOUCHER_STATUS, type VoucherStatus } from '../../../shared/aid.ts'
import {
  formatVoucherNumbers,
  type Voucher,
  type VoucherKind,
  type voucherBatchInputSchema,
  type voucherCancelInputSchema,
  type voucherIssueInputSchema,
  type voucherKindInputSchema,
  type voucherKindUpdateSchema,
  type voucherReturnInputSchema,
} from '../../../shared/aid.vouchers.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { newestFirst, type TimelineSource } from '../../platform/timeline.ts'
import type { PeopleService } from '../people/people.service.ts'
import { assertAnyAllowed } from './aid.funds.service.ts'
import type { AidPaymentsService } from './aid.payments.service.ts'
import type { AidVouchersRepository, VoucherRow } from './aid.vouchers.repository.ts'

const frenchDay = (day: string) => day.split('-').reverse().join('/')

function toVoucher(row: VoucherRow): Voucher {
  return {
    id: row.id,
    kindId: row.kind_id,
    kindLabel: row.kind_label,
    number: row.number,
    faceValueCents: row.face_value_cents,
    status: row.status,
    personId: row.person_id,
    requestId: row.request_id,
    paymentId: row.payment_id,
    issuedOn: row.issued_on === null ? null : String(row.issued_on),
    returnedOn: row.returned_on === null ? null : String(row.returned_on),
    cancelReason: row.cancel_reason,
  }
}

type Kind = NonNullable<Awaited<ReturnType<AidVouchersRepository['kind']>>>

/**
 * Numbered vouchers: the règlement (`aid.configure`) keeps their kinds; the desk and the workers
 * (`aid.vouchers`) receive batches by number range, hand vouchers out by number to a person (for a
 * granted request, a payment of their face value), take them back unused or cancel them.
 */
export class AidVouchersService {
  constructor(
    private readonly repo: AidVouchersRepository,
    private readonly payments: AidPaymentsService,
    private readonly people: PeopleService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  async kinds(actor: Actor, page: { page: number; pageSize: number }) {
    assertAnyAllowed(actor, 'aid.vouchers', 'aid.configure')
    const { items, total } = await this.repo.kindsPage(this.db, actor.organisationId, page)
    const ranges = await this.repo.inStockRanges(
      this.db,
      items.map((k) => k.id),
    )
    return {
      items: items.map(
        (k): VoucherKind => ({
          id: k.id,
          code: k.code,
          label: k.label,
          faceValueCents: k.face_value_cents,
          fundId: k.fund_id,
          active: k.active,
          stock: {
            inStock: Number(k.in_stock),
            issued: Number(k.issued),
            returned: Number(k.returned),
            cancelled: Number(k.cancelled),
          },
          inStockRanges: ranges
            .filter((r) => r.kind_id === k.id)
            .map((r) => ({ first: Number(r.first), last: Number(r.last) })),
        }),
      ),
      total,
      page: page.page,
      pageSize: page.pageSize,
    }
  }

  private async kindOrFail(trx: Kysely<Database>, actor: Actor, kindId: string, path = 'kindId') {
    const kind = await this.repo.kind(trx, actor.organisationId, kindId)
    if (!kind) throw validationError(path, 'Type de bon inconnu.')
    return kind
  }

  private async checkFund(trx: Kysely<Database>, actor: Actor, fundId: string | null | undefined) {
    if (fundId && !(await this.repo.fundOf(trx, actor.organisationId, fundId))) {
      throw validationError('fundId', 'Fonds inconnu.')
    }
  }

  async createKind(actor: Actor, input: z.infer<typeof voucherKindInputSchema>) {
    assertAllowed(actor, 'aid.configure')
    return this.db.transaction().execute(async (trx) => {
      if (await this.repo.codeTaken(trx, actor.organisationId, input.code)) {
        throw validationError('code', 'Ce code est déjà celui d’un autre type de bon.')
      }
      await this.checkFund(trx, actor, input.fundId)
      const { id } = await this.repo.insertKind(trx, {
        organisation_id: actor.organisationId,
        code: input.code,
        label: input.label,
        face_value_cents: input.faceValueCents,
        fund_id: input.fundId ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'aid.voucher_kind_create',
        entityType: 'aid_voucher_kind',
        entityId: id,
      })
      return this.kindAnswer(trx, actor, id)
    })
  }

  async updateKind(actor: Actor, kindId: string, input: z.infer<typeof voucherKindUpdateSchema>) {
    assertAllowed(actor, 'aid.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.checkFund(trx, actor, input.fundId)
      const updated = await this.repo.updateKind(trx, actor.organisationId, kindId, {
        label: input.label,
        face_value_cents: input.faceValueCents,
        fund_id: input.fundId,
        active: input.active,
      })
      if (!updated) throw notFound()
      await recordAudit(trx, actor, {
        action: 'aid.voucher_kind_update',
        entityType: 'aid_voucher_kind',
        entityId: kindId,
        details: { fields: Object.keys(input) },
      })
      return this.kindAnswer(trx, actor, kindId)
    })
  }

  private async kindAnswer(trx: Kysely<Database>, actor: Actor, kindId: string) {
    const kind = (await this.repo.kind(trx, actor.organisationId, kindId))!
    return {
      id: kind.id,
      code: kind.code,
      label: kind.label,
      faceValueCents: kind.face_value_cents,
      fundId: kind.fund_id,
      active: kind.active,
    }
  }

  /** A batch received: its numbers go in stock, unless one of them is already known for the kind. */
  async receiveBatch(actor: Actor, input: z.infer<typeof voucherBatchInputSchema>) {
    assertAllowed(actor, 'aid.vouchers')
    return this.db.transaction().execute(async (trx) => {
      const kind = await this.kindOrFail(trx, actor, input.kindId)
      await this.repo.lockKind(trx, kind.id)
      const overlap = await this.repo.overlappingBatch(trx, kind.id, input.firstNumber, input.lastNumber)
      if (overlap) {
        throw validationError(
          'firstNumber',
          `Ces numéros chevauchent un lot de « ${kind.label} » déjà reçu le ${frenchDay(String(overlap.received_on))} (n° ${overlap.first_number} à ${overlap.last_number}) : vérifiez la plage.`,
        )
      }
      const batch = await this.repo.insertBatch(trx, {
        organisation_id: actor.organisationId,
        kind_id: kind.id,
        first_number: input.firstNumber,
        last_number: input.lastNumber,
        received_on: input.receivedOn,
        note: input.note ?? null,
        created_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'aid.voucher_batch_receive',
        entityType: 'aid_voucher_batch',
        entityId: batch.id,
        details: { kindId: kind.id, first: input.firstNumber, last: input.lastNumber },
      })
      return toBatch(batch)
    })
  }

  async batches(actor: Actor, query: { kindId: string; page: number; pageSize: number }) {
    assertAnyAllowed(actor, 'aid.vouchers', 'aid.configure')
    const kind = await this.repo.kind(this.db, actor.organisationId, query.kindId)
    if (!kind) throw notFound()
    const { items, total } = await this.repo.batchesPage(this.db, kind.id, query)
    return { items: items.map(toBatch), total, page: query.page, pageSize: query.pageSize }
  }

  /**
   * The vouchers of `numbers`, locked, each in one of the `allowed` statuses; otherwise a field error
   * naming the numbers unknown or in another state.
   */
  private async vouchersIn(
    trx: Kysely<Database>,
    kind: Kind,
    numbers: number[],
    allowed: VoucherStatus[],
    unavailable: string,
  ) {
    const wanted = [...new Set(numbers)]
    const rows = await this.repo.lockNumbers(trx, kind.id, wanted)
    const found = new Set(rows.map((r) => r.number))
    const unknown = wanted.filter((n) => !found.has(n))
    if (unknown.length > 0) {
      throw validationError(
        'numbers',
        `${unknown.length === 1 ? 'Ce numéro n’existe' : 'Ces numéros n’existent'} pas dans le stock de « ${kind.label} » : ${formatVoucherNumbers(unknown)}.`,
      )
    }
    const wrong = rows.filter((r) => !allowed.includes(r.status))
    if (wrong.length > 0) {
      const byStatus = new Map<VoucherStatus, number[]>()
      for (const r of wrong) byStatus.set(r.status, [...(byStatus.get(r.status) ?? []), r.number])
      const detail = [...byStatus]
        .map(
          ([status, list]) =>
            `${formatVoucherNumbers(list)} (${VOUCHER_STATUS.labels[status].toLowerCase()})`,
        )
        .join(', ')
      throw validationError('numbers', `${unavailable} : ${detail}.`)
    }
    return rows
  }

  async issue(actor: Actor, input: z.infer<typeof voucherIssueInputSchema>) {
    assertAllowed(actor, 'aid.vouchers')
    return this.db.transaction().execute(async (trx) => {
      const kind = await this.kindOrFail(trx, actor, input.kindId)
      if (!kind.active) throw validationError('kindId', 'Ce type de bon n’est plus utilisé.')
      const visible = await this.people.visiblePeople(actor, [input.personId], trx)
      if (!visible.has(input.personId)) throw validationError('personId', 'Personne inconnue.')
      const rows = await this.vouchersIn(
        trx,
        kind,
        input.numbers,
        ['in_stock'],
        'Ces bons ne sont pas en stock',
      )
      let paymentId: string | null = null
      if (input.requestId) {
        const request = await this.payments.requestInReach(trx, actor, input.requestId, true)
        if (!request || request.person_id !== input.personId) {
          throw validationError('requestId', 'Cette demande d’aide n’est pas celle de cette personne.')
        }
        if (request.voucher_kind_id && request.voucher_kind_id !== kind.id) {
          throw validationError('requestId', `Cette aide ne se paie pas en « ${kind.label} ».`)
        }
        if (kind.face_value_cents > 0) {
          paymentId = await this.payments.charge(
            trx,
            actor,
            request,
            {
              amountCents: kind.face_value_cents * rows.length,
              form: 'voucher',
              payee: null,
              paidOn: input.issuedOn,
              reference: `${kind.label} n° ${formatVoucherNumbers(rows.map((r) => r.number))}`,
              closedYearNote: input.closedYearNote ?? null,
            },
            { amount: 'numbers', form: 'requestId' },
          )
        }
      }
      const ids = rows.map((r) => r.id)
      await this.repo.setIssued(trx, ids, {
        person_id: input.personId,
        request_id: input.requestId ?? null,
        payment_id: paymentId,
        issued_on: input.issuedOn,
        issued_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'aid.voucher_issue',
        entityType: 'aid_voucher',
        personId: input.personId,
        details: { kindId: kind.id, count: ids.length, requestId: input.requestId ?? null, paymentId },
      })
      return { items: (await this.repo.byIds(trx, ids)).map(toVoucher) }
    })
  }

  /** Vouchers leaving a person's hands (returned or cancelled): their value comes off their payment. */
  private async takeOffPayments(
    trx: Kysely<Database>,
    actor: Actor,
    rows: { status: VoucherStatus; payment_id: string | null }[],
    reason: string,
  ) {
    const leaving = new Map<string, number>()
    for (const row of rows) {
      if (row.status === 'issued' && row.payment_id) {
        leaving.set(row.payment_id, (leaving.get(row.payment_id) ?? 0) + 1)
      }
    }
    for (const [paymentId, count] of leaving) {
      const issued = await this.repo.issuedOfPayment(trx, paymentId)
      await this.payments.takeOffVouchers(trx, actor, paymentId, count, issued, reason)
    }
  }

  private personIdsOf(rows: { person_id: string | null }[]) {
    return [...new Set(rows.map((r) => r.person_id).filter((id): id is string => id !== null))]
  }

  /** Vouchers handed out and brought back unused: they stay apart from the stock. */
  async returnVouchers(actor: Actor, input: z.infer<typeof voucherReturnInputSchema>) {
    assertAllowed(actor, 'aid.vouchers')
    return this.db.transaction().execute(async (trx) => {
      const kind = await this.kindOrFail(trx, actor, input.kindId)
      const rows = await this.vouchersIn(trx, kind, input.numbers, ['issued'], 'Ces bons n’ont pas été remis')
      await this.checkReach(trx, actor, rows)
      await this.takeOffPayments(trx, actor, rows, 'Bons rendus')
      const ids = rows.map((r) => r.id)
      await this.repo.setReturned(trx, ids, input.returnedOn)
      const personIds = this.personIdsOf(rows)
      await recordAudit(trx, actor, {
        action: 'aid.voucher_return',
        entityType: 'aid_voucher',
        personIds,
        personId: personIds.length === 1 ? personIds[0] : null,
        details: { kindId: kind.id, count: ids.length },
      })
      return { items: (await this.repo.byIds(trx, ids)).map(toVoucher) }
    })
  }

  /** Vouchers lost, damaged or void, in stock or handed out. */
  async cancel(actor: Actor, input: z.infer<typeof voucherCancelInputSchema>) {
    assertAllowed(actor, 'aid.vouchers')
    return this.db.transaction().execute(async (trx) => {
      const kind = await this.kindOrFail(trx, actor, input.kindId)
      const rows = await this.vouchersIn(
        trx,
        kind,
        input.numbers,
        ['in_stock', 'issued'],
        'Ces bons ne peuvent plus être annulés',
      )
      await this.checkReach(trx, actor, rows)
      await this.takeOffPayments(trx, actor, rows, `Bons annulés : ${input.reason}`)
      const ids = rows.map((r) => r.id)
      await this.repo.setCancelled(trx, ids, input.reason)
      const personIds = this.personIdsOf(rows)
      await recordAudit(trx, actor, {
        action: 'aid.voucher_cancel',
        entityType: 'aid_voucher',
        personIds,
        personId: personIds.length === 1 ? personIds[0] : null,
        details: { kindId: kind.id, count: ids.length },
      })
      return { items: (await this.repo.byIds(trx, ids)).map(toVoucher) }
    })
  }

  /** Vouchers in the hands of a person out of the actor's reach are not theirs to touch. */
  private async checkReach(
    trx: Kysely<Database>,
    actor: Actor,
    rows: { number: number; person_id: string | null }[],
  ) {
    const personIds = this.personIdsOf(rows)
    if (personIds.length === 0) return
    const visible = await this.people.visiblePeople(actor, personIds, trx)
    const out = rows.filter((r) => r.person_id && !visible.has(r.person_id)).map((r) => r.number)
    if (out.length > 0) {
      throw validationError(
        'numbers',
        `Ces bons ont été remis à une personne hors de votre périmètre : ${formatVoucherNumbers(out)}.`,
      )
    }
  }

  /** What a person received, newest first. */
  async ofPerson(actor: Actor, query: { personId: string; page: number; pageSize: number }) {
    assertAnyAllowed(actor, 'aid.vouchers', 'aid.read')
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.people.visiblePeople(actor, [query.personId], trx)).has(query.personId))
        throw notFound()
      const { items, total } = await this.repo.ofPeople(trx, [query.personId], query)
      await recordAudit(trx, actor, {
        action: 'aid.voucher_person_list',
        entityType: 'aid_voucher',
        personId: query.personId,
      })
      return { items: items.map(toVoucher), total, page: query.page, pageSize: query.pageSize }
    })
  }

  /** Vouchers received, on the person's timeline (one entry per hand-out) and in their access export. */
  timelineSource(): TimelineSource {
    const mayRead = (actor: Actor) =>
      roleAllows(actor.roles, 'aid.vouchers') || roleAllows(actor.roles, 'aid.read')
    return {
      kind: 'aid_voucher',
      label: 'Bons et tickets reçus',
      entries: async (db, actor, personIds, { limit }) => {
        if (!mayRead(actor)) return []
        const items = await this.repo.latestHandOuts(db, personIds, limit)
        const handOuts = new Map<string, VoucherRow[]>()
        for (const row of items) {
          const key = `${row.person_id}|${row.kind_id}|${row.issued_on}|${row.request_id ?? ''}`
          handOuts.set(key, [...(handOuts.get(key) ?? []), row])
        }
        const entries = [...handOuts.values()].map((rows): TimelineEntry => {
          const first = rows[0]!
          const value = first.face_value_cents * rows.length
          return {
            kind: 'aid_voucher',
            kindLabel: 'Bons et tickets',
            id: first.id,
            at: new Date(`${String(first.issued_on)}T12:00:00Z`).toISOString(),
            title: `${rows.length === 1 ? '1 bon' : `${rows.length} bons`} « ${first.kind_label} » remis${value > 0 ? ` (${formatEuros(value)})` : ''}`,
            detail: `n° ${formatVoucherNumbers(rows.map((r) => r.number))}`,
            personId: first.person_id!,
          }
        })
        return newestFirst(entries, limit)
      },
      count: async (db, actor, personIds) => (mayRead(actor) ? this.repo.handOutCount(db, personIds) : 0),
      latest: async (db, actor, personIds) => {
        if (!mayRead(actor)) return new Map()
        const rows = await this.repo.latestOfPeople(db, personIds)
        return new Map(
          rows
            .filter((r) => r.on && r.person_id)
            .map((r) => [r.person_id!, new Date(`${String(r.on)}T12:00:00Z`)]),
        )
      },
      export: async (db, _actor, personIds) =>
        (await this.repo.ofPeople(db, personIds, { page: 1, pageSize: 100_000 })).items.map(toVoucher),
    }
  }
}

type BatchRow = Awaited<ReturnType<AidVouchersRepository['insertBatch']>>
function toBatch(row: BatchRow) {
  return {
    id: row.id,
    kindId: row.kind_id,
    firstNumber: row.first_number,
    lastNumber: row.last_number,
    count: row.last_number - row.first_number + 1,
    receivedOn: String(row.received_on),
    note: row.note,
    createdAt: isoTimestamp(row.created_at),
  }
}
