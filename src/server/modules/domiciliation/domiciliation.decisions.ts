import type { Kysely, Updateable } from 'kysely'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import { DOMICILIATION_STATUS, type DomiciliationStatus } from '../../../shared/domiciliation.ts'
import {
  type bulkRadiationSchema,
  type candidatesQuerySchema,
  type DecisionInput,
  domiciliationEnd,
  monthsBefore,
} from '../../../shared/domiciliation-workflow.ts'
import type { DomiciliationTable } from '../../db/schema.domiciliation.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { validationError } from '../../platform/errors.ts'
import type { EmailMessage } from '../../platform/mail.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { frenchDate } from '../../platform/pdf.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { DomiciliationService, PeriodRow } from './domiciliation.service.ts'

/** The fields a decision changes: kept with it, put back when it is undone. */
const DECIDED_FIELDS = [
  'status',
  'start_on',
  'end_on',
  'first_domiciled_on',
  'refusal_motif',
  'refusal_reorientation',
  'refusal_note',
  'radiation_motif',
  'radiation_on',
  'radiation_note',
  'decided_at',
  'decided_by',
] as const
type Decided = Pick<Updateable<DomiciliationTable>, (typeof DECIDED_FIELDS)[number]>

const snapshot = (row: PeriodRow) =>
  Object.fromEntries(
    DECIDED_FIELDS.map((field) => {
      const value = row[field]
      return [field, value instanceof Date ? value.toISOString() : value]
    }),
  )

const FROM: Record<DecisionInput['decision'], DomiciliationStatus[]> = {
  granted: ['awaiting_decision'],
  refused: ['awaiting_decision'],
  radiated: ['granted'],
}
const WHAT: Record<DecisionInput['decision'], string> = {
  granted: 'accorder',
  refused: 'refuser',
  radiated: 'radier',
}

/**
 * The decisions on a period: grant (start date, end a year later), refusal with its mandatory
 * re-orientation, radiation; each kept with the fields it replaced so that one taken by mistake can
 * be undone. Only the roles the organisation allows decide. Also the radiation candidates (no contact
 * for N months, ended without renewal), radiated in bulk after review, and the renewal reminder.
 */
export class DomiciliationDecisionsService {
  constructor(
    private readonly periods: DomiciliationService,
    private readonly publicUrl: string,
    /** Once a grant is committed: its certificate is filed in the person's documents (GED). */
    private readonly afterGrant: (actor: Actor, id: string) => Promise<unknown>,
  ) {}

  private get repo() {
    return this.periods.repo
  }

  private async apply(
    actor: Actor,
    row: PeriodRow,
    input: DecisionInput,
    db: Kysely<Database>,
    path = 'decision',
  ) {
    if (!FROM[input.decision].includes(row.status)) {
      throw validationError(
        path,
        `Impossible de ${WHAT[input.decision]} : la domiciliation est au stade « ${DOMICILIATION_STATUS.labels[row.status]} ».`,
      )
    }
    const previous = snapshot(row)
    let values: Decided
    let effectiveOn: string
    let motif: string | null = null
    switch (input.decision) {
      case 'granted': {
        const endOn = domiciliationEnd(input.startOn)
        if (input.startOn < row.requested_on) {
          throw validationError('startOn', 'La domiciliation ne peut pas commencer avant la demande.')
        }
        const overlap = await this.repo.overlapping(
          actor.organisationId,
          row.person_id,
          row.id,
          input.startOn,
          endOn,
          db,
        )
        if (overlap[0]) {
          throw validationError(
            'startOn',
            `Cette période chevauche la domiciliation en cours (jusqu’au ${frenchDate(overlap[0].end_on)}) : commencez-la le lendemain.`,
          )
        }
        values = {
          status: 'granted',
          start_on: input.startOn,
          end_on: endOn,
          first_domiciled_on: row.first_domiciled_on ?? input.startOn,
        }
        effectiveOn = input.startOn
        break
      }
      case 'refused':
        values = {
          status: 'refused',
          refusal_motif: input.motif,
          refusal_reorientation: input.reorientation,
          refusal_note: input.note ?? null,
        }
        effectiveOn = todayInFrance()
        motif = input.motif
        break
      case 'radiated':
        if (row.start_on && input.radiatedOn < row.start_on) {
          throw validationError(
            'radiatedOn',
            'La radiation ne peut pas précéder le début de la domiciliation.',
          )
        }
        values = {
          status: 'radiated',
          radiation_motif: input.motif,
          radiation_on: input.radiatedOn,
          radiation_note: input.note ?? null,
        }
        effectiveOn = input.radiatedOn
        motif = input.motif
        break
    }
    await this.repo.update(db, row.id, { ...values, decided_at: new Date(), decided_by: actor.userId })
    const { id } = await this.repo.insertDecision(db, {
      organisation_id: actor.organisationId,
      domiciliation_id: row.id,
      decision: input.decision,
      effective_on: effectiveOn,
      motif,
      note: input.note ?? null,
      previous: JSON.stringify(previous),
      decided_by: actor.userId,
    })
    return id
  }

  async decide(actor: Actor, id: string, input: DecisionInput) {
    assertAllowed(actor, 'domiciliation.read')
    const decided = await this.periods.db.transaction().execute(async (trx) => {
      await this.periods.settings.assertMayDecide(actor, trx)
      const row = await this.periods.read(actor, id, trx, true)
      const decisionId = await this.apply(actor, row, input, trx)
      await recordAudit(trx, actor, {
        action: `domiciliation.${input.decision === 'granted' ? 'grant' : input.decision === 'refused' ? 'refuse' : 'radiate'}`,
        entityType: 'domiciliation',
        entityId: id,
        personId: row.person_id,
        details: { decisionId, motif: 'motif' in input ? input.motif : null },
      })
      return this.periods.view(actor, id, trx)
    })
    if (input.decision === 'granted') await this.afterGrant(actor, id)
    return decided
  }

  /** Undoes the period's last decision still in effect: its fields come back as they were before it. */
  async undo(actor: Actor, id: string, decisionId: string, reason: string) {
    assertAllowed(actor, 'domiciliation.read')
    return this.periods.db.transaction().execute(async (trx) => {
      await this.periods.settings.assertMayDecide(actor, trx)
      const row = await this.periods.read(actor, id, trx, true)
      const last = await this.repo.lastDecision(id, trx)
      if (!last || last.id !== decisionId) {
        throw validationError(
          'decisionId',
          'Seule la dernière décision encore en vigueur de cette domiciliation peut être annulée.',
        )
      }
      if (last.decision === 'granted') {
        const successors = await this.repo.successors(actor.organisationId, id, trx)
        if (successors.length > 0) {
          throw validationError(
            'decisionId',
            'Cette domiciliation a un renouvellement : annulez d’abord la demande de renouvellement.',
          )
        }
      }
      const previous = last.previous as Record<string, unknown>
      const restored = Object.fromEntries(DECIDED_FIELDS.map((field) => [field, previous[field] ?? null]))
      await this.repo.update(trx, id, restored as Decided)
      await this.repo.markUndone(trx, last.id, actor.userId, reason)
      await recordAudit(trx, actor, {
        action: 'domiciliation.undo',
        entityType: 'domiciliation',
        entityId: id,
        personId: row.person_id,
        details: { decisionId, decision: last.decision },
      })
      return this.periods.view(actor, id, trx)
    })
  }

  // Radiation candidates ---------------------------------------------------------------------------

  async candidates(actor: Actor, query: z.output<typeof candidatesQuerySchema>) {
    assertAllowed(actor, 'domiciliation.read')
    return this.periods.db.transaction().execute(async (trx) => {
      const settings = await this.periods.settings.of(actor.organisationId, trx)
      const today = todayInFrance()
      const { rows, total } = await this.repo.candidates(
        actor.organisationId,
        this.periods.visible(actor),
        { today, noContactBefore: monthsBefore(today, settings.noContactMonths), reason: query.reason },
        query,
        trx,
      )
      const names = await this.periods.people.visiblePeople(
        actor,
        rows.map((r) => r.person_id),
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'domiciliation.candidates_list',
        entityType: 'domiciliation',
        personIds: rows.map((r) => r.person_id),
        details: { count: rows.length },
      })
      return {
        items: rows.map((r) => ({
          id: r.id,
          personId: r.person_id,
          displayName: names.get(r.person_id)?.displayName ?? '',
          startOn: r.start_on!,
          endOn: r.end_on!,
          lastContactAt: r.last_contact_at ? new Date(r.last_contact_at).toISOString() : null,
          reason: r.reason,
          motif: r.reason === 'ended' ? ('end_without_renewal' as const) : ('no_contact' as const),
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
        noContactMonths: settings.noContactMonths,
        canDecide: this.periods.settings.mayDecide(actor, settings),
      }
    })
  }

  /** Radiates the reviewed periods together, or none if one cannot be (its index in the error). */
  async radiateMany(actor: Actor, input: z.infer<typeof bulkRadiationSchema>) {
    assertAllowed(actor, 'domiciliation.read')
    return this.periods.db.transaction().execute(async (trx) => {
      await this.periods.settings.assertMayDecide(actor, trx)
      const ids = [...new Set(input.ids)]
      for (const [index, id] of ids.entries()) {
        const row = await this.repo.period(actor.organisationId, this.periods.visible(actor), id, trx, true)
        if (!row) throw validationError(`ids.${index}`, 'Domiciliation inconnue.')
        const decision = { decision: 'radiated' as const, motif: input.motif, radiatedOn: input.radiatedOn }
        const decisionId = await this.apply(actor, row, decision, trx, `ids.${index}`)
        await recordAudit(trx, actor, {
          action: 'domiciliation.radiate',
          entityType: 'domiciliation',
          entityId: id,
          personId: row.person_id,
          details: { decisionId, motif: input.motif, bulk: true },
        })
      }
      return { radiated: ids.length }
    })
  }

  // The renewal reminder ---------------------------------------------------------------------------

  /**
   * The periodic job: tells each organisation's instructors and directors how many periods end within
   * its reminder horizon without a renewal under way — a count and a link, never a name. Each period
   * is reminded once (marked with the e-mails, in one transaction).
   */
  async sendRenewalReminders(now: Date, db: Kysely<Database>) {
    const today = todayInFrance(now)
    const due = await this.repo.renewalsDue(today, db)
    const byOrganisation = new Map<string, string[]>()
    for (const row of due)
      byOrganisation.set(row.organisation_id, [...(byOrganisation.get(row.organisation_id) ?? []), row.id])
    let sent = 0
    for (const [organisationId, ids] of byOrganisation) {
      sent += await db.transaction().execute(async (trx) => {
        const settings = await this.periods.settings.of(organisationId, trx)
        const recipients = await this.repo.recipients(
          organisationId,
          ['social_worker', ...settings.decisionRoles],
          trx,
        )
        if (recipients.length === 0) return 0
        const count = await this.repo.markReminded(trx, ids)
        if (count === 0) return 0
        for (const { email } of recipients) {
          await enqueueEmail(
            trx,
            renewalReminderEmail(email, count, settings.renewalReminderDays, this.publicUrl),
            organisationId,
          )
        }
        return recipients.length
      })
    }
    return sent
  }
}

/** Counts and a link only: a domiciled person's name never travels by e-mail. */
export function renewalReminderEmail(
  to: string,
  count: number,
  days: number,
  publicUrl: string,
): EmailMessage {
  const plural = count > 1
  return {
    to,
    subject: 'Domiciliation : renouvellements à préparer',
    text:
      `Bonjour,\n\n${count} domiciliation${plural ? 's' : ''} ${plural ? 'arrivent' : 'arrive'} à échéance ` +
      `dans les ${days} jours sans demande de renouvellement. Proposez aux personnes de renouveler leur ` +
      `domiciliation : ${publicUrl}/domiciliation/radiations\n\n` +
      'Ce message ne contient aucun nom : la liste est dans Trame, après connexion.\n\n— Trame',
  }
}
