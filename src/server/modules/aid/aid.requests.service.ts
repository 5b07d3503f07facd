import type { Kysely } from 'kysely'
import type { z } from 'zod'
import {
  AID_REQUEST_STATUS,
  type AidDecisionChannel,
  type AidRefusalMotif,
  type AidRequestStatus,
  type PaymentForm,
} from '../../../shared/aid.ts'
import {
  type AidBudget,
  type AidRequest,
  type AidRequestSummary,
  type aidRequestCreateSchema,
  type aidRequestListQuerySchema,
  type aidRequestUpdateSchema,
  type aidUrgentDecisionSchema,
  budgetFigures,
} from '../../../shared/aid-requests.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import type { Role } from '../../../shared/roles.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed, isAppError } from '../../platform/permissions.ts'
import { andInActiveBase } from '../../platform/retention.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { DocumentsService } from '../documents/documents.service.ts'
import type { FollowupService } from '../followup/followup.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { PricingService } from '../pricing/pricing.service.ts'
import { recordAidDecision } from './aid.decisions.ts'
import type { AidRequestsRepository } from './aid.requests.repository.ts'
import { aidRuleContext, aidWarnings } from './aid.rules.ts'
import type { AidTypesService } from './aid.types.service.ts'

type Row = NonNullable<Awaited<ReturnType<AidRequestsRepository['request']>>>
type People = Pick<PeopleService, 'visibleFileSql' | 'visiblePeople' | 'recordFileOrFail' | 'householdIdOf'>

/** While the worker may still change a request: before the commission or a decision has it. */
const EDITABLE: readonly AidRequestStatus[] = ['draft', 'submitted', 'adjourned']
const WITHDRAWABLE: readonly AidRequestStatus[] = ['draft', 'submitted', 'on_agenda', 'adjourned']
const DISMISSABLE: readonly AidRequestStatus[] = ['draft', 'submitted', 'adjourned']

const iso = (at: Date | string | null) => (at ? new Date(at).toISOString() : null)
const budgetOf = (raw: unknown): AidBudget | null => {
  const b = raw as Partial<AidBudget> | null
  return b && Array.isArray(b.resources) && Array.isArray(b.charges) ? (b as AidBudget) : null
}

/**
 * Aid requests: a worker builds one for a person (from a follow-up, usually), with the household's
 * budget, the supporting documents from the GED and an assessment, and submits it; the règlement's
 * rules give warnings, never blocks. A request follows its person's file: whoever may not see the
 * person gets "not found". Urgent decisions go through `recordAidDecision`, within the aid's urgent
 * ceiling and by the roles the règlement names.
 */
export class AidRequestsService {
  constructor(
    readonly repo: AidRequestsRepository,
    private readonly types: AidTypesService,
    private readonly people: People,
    private readonly documents: Pick<DocumentsService, 'ofPersonAmong'>,
    private readonly pricing: Pick<PricingService, 'householdPricing'>,
    private readonly followup: Pick<FollowupService, 'reachableRecord'>,
  ) {}

  private get db() {
    return this.repo.db
  }

  private visible(actor: Actor) {
    return this.people.visibleFileSql(actor, 'r.person_id')
  }

  private async read(actor: Actor, id: string, db: Kysely<Database>, forUpdate = false) {
    const row = await this.repo.request(db, actor.organisationId, this.visible(actor), id, forUpdate)
    if (!row) throw notFound()
    return row
  }

  private conflict(row: Row, what: string): never {
    throw new AppError(
      'AID_STATUS_CONFLICT',
      409,
      `Impossible de ${what} : la demande est au stade « ${AID_REQUEST_STATUS.labels[row.status]} ».`,
    )
  }

  private async warningsOf(actor: Actor, row: Pick<Row, 'id' | 'amount_asked_cents'>, db: Kysely<Database>) {
    return aidWarnings(await aidRuleContext(db, actor.organisationId, row.id), row.amount_asked_cents)
  }

  /** After each change: the warnings are stored, for lists and the commission's agenda. */
  private async refreshWarnings(actor: Actor, id: string, db: Kysely<Database>) {
    const row = await this.read(actor, id, db)
    const warnings = await this.warningsOf(actor, row, db)
    await this.repo.update(db, id, { warnings: JSON.stringify(warnings) })
    return warnings
  }

  private mayDecideUrgently(actor: Actor, row: Pick<Row, 'urgent_decider_roles' | 'urgent_ceiling_cents'>) {
    return (
      roleAllows(actor.roles, 'aid.request') &&
      row.urgent_ceiling_cents !== null &&
      actor.roles.some((role) => row.urgent_decider_roles.includes(role))
    )
  }

  private summary(
    row: Row | Awaited<ReturnType<AidRequestsRepository['page']>>['items'][number],
    name: string,
  ) {
    return {
      id: row.id,
      personId: row.person_id,
      personName: name,
      aidTypeId: row.aid_type_id,
      aidTypeLabel: row.aid_label,
      status: row.status,
      urgent: row.urgent,
      requestedOn: row.requested_on,
      amountAskedCents: row.amount_asked_cents,
      grantedCents: row.granted_cents,
      decidedOn: row.decided_on,
      teamId: row.team_id,
      teamName: row.team_name,
      warningCount: Array.isArray(row.warnings) ? row.warnings.length : 0,
    } satisfies AidRequestSummary
  }

  private async view(actor: Actor, id: string, db: Kysely<Database>): Promise<AidRequest> {
    const row = await this.read(actor, id, db)
    const names = await this.people.visiblePeople(actor, [row.person_id], db)
    // One query at a time: a transaction holds a single connection.
    const documents = await this.repo.documents(db, row.id)
    const decisions = await this.repo.decisions(db, row.id)
    const requiredTypes = await this.repo.documentTypes(
      db,
      actor.organisationId,
      row.required_document_type_ids,
    )
    const warnings = await this.warningsOf(actor, row, db)
    const attachedTypes = new Set(documents.map((d) => d.type_id))
    const budget = budgetOf(row.budget)
    const mayRequest = roleAllows(actor.roles, 'aid.request')
    return {
      ...this.summary(row, names.get(row.person_id)?.displayName ?? ''),
      warningCount: warnings.length,
      householdId: row.household_id,
      supportRecordId: row.support_record_id,
      purpose: row.purpose,
      creditorName: row.creditor_name,
      budget,
      figures: budget ? budgetFigures(budget) : null,
      quotientCents: row.quotient_cents,
      resident: row.resident,
      assessment: row.assessment,
      warnings,
      documents: documents.map((d) => ({
        id: d.id,
        fileName: d.file_name,
        typeId: d.type_id,
        typeLabel: d.type_label,
      })),
      requiredDocuments: requiredTypes.map((t) => ({
        typeId: t.id,
        label: t.label,
        attached: attachedTypes.has(t.id),
      })),
      decisions: decisions.map((d) => ({
        id: d.id,
        channel: d.channel,
        decision: d.decision,
        decidedOn: d.decided_on,
        grantedCents: d.granted_cents,
        paymentForm: d.payment_form,
        motif: d.motif,
        note: d.note,
        derogation: d.derogation,
        decidedByName: d.decided_by_name,
      })),
      submittedAt: iso(row.submitted_at),
      decisionChannel: row.decision_channel,
      paymentForm: row.payment_form as PaymentForm | null,
      refusalMotif: row.refusal_motif as AidRefusalMotif | null,
      adjournmentReason: row.adjournment_reason,
      derogation: row.derogation,
      derogationNote: row.derogation_note,
      closedReason: row.closed_reason,
      paidCents: row.paid_cents,
      aid: {
        paymentForms: row.payment_forms as PaymentForm[],
        urgentCeilingCents: row.urgent_ceiling_cents,
        urgentDeciderRoles: row.urgent_decider_roles as Role[],
      },
      can: {
        edit: mayRequest && EDITABLE.includes(row.status),
        submit: mayRequest && row.status === 'draft',
        decideUrgently: row.status === 'submitted' && this.mayDecideUrgently(actor, row),
        withdraw: mayRequest && WITHDRAWABLE.includes(row.status),
        dismiss: mayRequest && DISMISSABLE.includes(row.status),
      },
    }
  }

  async list(actor: Actor, query: z.infer<typeof aidRequestListQuerySchema>) {
    assertAllowed(actor, 'aid.read')
    return this.db.transaction().execute(async (trx) => {
      const { page, pageSize, ...filters } = query
      // Across people, the active base only: an archived file's requests stay on the file itself.
      const visible = filters.personId
        ? this.visible(actor)
        : andInActiveBase(this.visible(actor), 'r.person_id')
      const { items, total } = await this.repo.page(trx, actor.organisationId, visible, filters, {
        page,
        pageSize,
      })
      const names = await this.people.visiblePeople(
        actor,
        items.map((r) => r.person_id),
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'aid_request.list',
        entityType: 'aid_request',
        personId: filters.personId ?? null,
        personIds: items.map((r) => r.person_id),
        details: { count: items.length, total },
      })
      return {
        items: items.map((r) => this.summary(r, names.get(r.person_id)?.displayName ?? '')),
        total,
        page,
        pageSize,
      }
    })
  }

  async get(actor: Actor, id: string) {
    assertAllowed(actor, 'aid.read')
    return this.db.transaction().execute(async (trx) => {
      const view = await this.view(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'aid_request.read',
        entityType: 'aid_request',
        entityId: id,
        personId: view.personId,
      })
      return view
    })
  }

  private async activeAid(actor: Actor, aidTypeId: string, db: Kysely<Database>) {
    try {
      const aid = await this.types.read(actor, aidTypeId, db)
      if (!aid.active) throw validationError('aidTypeId', 'Cette aide n’est plus au règlement.')
      return aid
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND')
        throw validationError('aidTypeId', 'Aide inconnue.')
      throw error
    }
  }

  async create(actor: Actor, input: z.infer<typeof aidRequestCreateSchema>) {
    assertAllowed(actor, 'aid.request')
    return this.db.transaction().execute(async (trx) => {
      const file = await this.people.recordFileOrFail(actor, input.personId, trx)
      await this.activeAid(actor, input.aidTypeId, trx)
      const personHousehold = await this.people.householdIdOf(actor, file.id, trx)
      if (input.householdId && input.householdId !== personHousehold) {
        throw validationError('householdId', 'Ce foyer n’est pas celui de la personne.')
      }
      let teamId = input.teamId
      if (input.supportRecordId) {
        const record = await this.followup
          .reachableRecord(actor, input.supportRecordId, 'followup.read', trx)
          .catch((error: unknown) => {
            if (isAppError(error)) throw validationError('supportRecordId', 'Accompagnement inconnu.')
            throw error
          })
        const concerns =
          record.person_id === file.id ||
          (record.household_id !== null && record.household_id === personHousehold)
        if (!concerns) {
          throw validationError('supportRecordId', 'Cet accompagnement ne concerne pas cette personne.')
        }
        teamId = teamId ?? record.team_id
      }
      if (teamId && !(await this.repo.teamOf(trx, actor.organisationId, teamId))) {
        throw validationError('teamId', 'Équipe inconnue.')
      }
      const { id } = await this.repo.insert(trx, {
        organisation_id: actor.organisationId,
        person_id: file.id,
        household_id: input.householdId === null ? null : personHousehold,
        support_record_id: input.supportRecordId,
        team_id: teamId ?? null,
        aid_type_id: input.aidTypeId,
        requested_on: input.requestedOn ?? todayInFrance(),
        amount_asked_cents: input.amountAskedCents,
        purpose: input.purpose,
        urgent: input.urgent,
        creditor_name: input.creditorName ?? null,
        created_by: actor.userId,
      })
      const warnings = await this.refreshWarnings(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'aid_request.create',
        entityType: 'aid_request',
        entityId: id,
        personId: file.id,
        details: { warnings: warnings.map((w) => w.code) },
      })
      return this.view(actor, id, trx)
    })
  }

  private async editable(actor: Actor, id: string, db: Kysely<Database>, what: string) {
    assertAllowed(actor, 'aid.request')
    const row = await this.read(actor, id, db, true)
    if (!EDITABLE.includes(row.status)) this.conflict(row, what)
    return row
  }

  private async audited(
    actor: Actor,
    row: Row,
    action: 'aid_request.update' | 'aid_request.documents',
    db: Kysely<Database>,
    details?: Record<string, unknown>,
  ) {
    const warnings = await this.refreshWarnings(actor, row.id, db)
    await recordAudit(db, actor, {
      action,
      entityType: 'aid_request',
      entityId: row.id,
      personId: row.person_id,
      details: { ...details, warnings: warnings.map((w) => w.code) },
    })
    return this.view(actor, row.id, db)
  }

  async update(actor: Actor, id: string, input: z.infer<typeof aidRequestUpdateSchema>) {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.editable(actor, id, trx, 'modifier la demande')
      if (input.aidTypeId !== row.aid_type_id) await this.activeAid(actor, input.aidTypeId, trx)
      await this.repo.update(trx, id, {
        aid_type_id: input.aidTypeId,
        requested_on: input.requestedOn,
        amount_asked_cents: input.amountAskedCents,
        purpose: input.purpose,
        urgent: input.urgent,
        creditor_name: input.creditorName ?? null,
        resident: input.resident,
        assessment: input.assessment ?? null,
      })
      return this.audited(actor, row, 'aid_request.update', trx)
    })
  }

  /**
   * The household's budget: the figures (reste à vivre per day, per consumption unit) are computed
   * here, and the family quotient by the pricing module when the request names a household.
   */
  async saveBudget(actor: Actor, id: string, budget: AidBudget) {
    assertAllowed(actor, 'aid.request')
    const before = await this.db.transaction().execute((trx) => this.read(actor, id, trx))
    let quotientCents: number | null = null
    if (before.household_id) {
      try {
        quotientCents = (await this.pricing.householdPricing(actor, before.household_id)).quotientCents
      } catch (error) {
        // A household member out of the actor's reach: no quotient, the rules warn of it.
        if (!isAppError(error)) throw error
      }
    }
    return this.db.transaction().execute(async (trx) => {
      const row = await this.editable(actor, id, trx, 'modifier le budget')
      const figures = budgetFigures(budget)
      await this.repo.update(trx, id, {
        budget: JSON.stringify(budget),
        resources_cents: figures.resourcesCents,
        charges_cents: figures.chargesCents,
        consumption_units: figures.consumptionUnits,
        household_size: figures.householdSize,
        remaining_per_day_cents: figures.remainingPerDayCents,
        remaining_per_unit_day_cents: figures.remainingPerUnitDayCents,
        quotient_cents: quotientCents,
      })
      return this.audited(actor, row, 'aid_request.update', trx, { budget: true })
    })
  }

  /** The supporting documents, chosen among the person's documents (GED). */
  async saveDocuments(actor: Actor, id: string, documentIds: string[]) {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.editable(actor, id, trx, 'changer les pièces')
      const ids = [...new Set(documentIds)]
      const known = await this.documents.ofPersonAmong(actor, row.person_id, ids, trx)
      const unknown = ids.findIndex((d) => !known.has(d))
      if (unknown >= 0) {
        throw validationError(`documentIds.${unknown}`, 'Document inconnu dans le dossier de la personne.')
      }
      await this.repo.replaceDocuments(trx, id, ids)
      return this.audited(actor, row, 'aid_request.documents', trx, { documents: ids.length })
    })
  }

  /** Submits the draft: from now on it waits for an urgent decision or the commission's agenda. */
  async submit(actor: Actor, id: string) {
    assertAllowed(actor, 'aid.request')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.read(actor, id, trx, true)
      if (row.status !== 'draft') this.conflict(row, 'déposer la demande')
      await this.repo.update(trx, id, {
        status: 'submitted',
        submitted_at: new Date(),
        submitted_by: actor.userId,
      })
      const warnings = await this.refreshWarnings(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'aid_request.submit',
        entityType: 'aid_request',
        entityId: id,
        personId: row.person_id,
        details: { warnings: warnings.map((w) => w.code) },
      })
      return this.view(actor, id, trx)
    })
  }

  /**
   * An urgent decision, alone: only by a role the règlement names for this aid, and a grant only up
   * to its urgent ceiling (beyond, the commission decides). Other rules still only warn: a grant
   * beyond them is recorded as a derogation.
   */
  async decideUrgently(actor: Actor, id: string, input: z.infer<typeof aidUrgentDecisionSchema>) {
    assertAllowed(actor, 'aid.request')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.read(actor, id, trx, true)
      if (row.status !== 'submitted') this.conflict(row, 'décider en urgence')
      if (!this.mayDecideUrgently(actor, row)) throw new AppError('AID_URGENT_NOT_ALLOWED', 403)
      if (input.decision === 'granted' && input.grantedCents > row.urgent_ceiling_cents!) {
        const message = `Au-delà de ${formatEuros(row.urgent_ceiling_cents!)}, la décision revient à la commission.`
        throw new AppError('AID_URGENT_CEILING', 400, message, {
          errors: [{ path: 'grantedCents', message }],
        })
      }
      await this.repo.update(trx, id, { urgent: true })
      await recordAidDecision(trx, actor, {
        requestId: id,
        channel: 'urgent',
        decidedOn: todayInFrance(),
        ...(input.decision === 'granted'
          ? {
              decision: 'granted',
              grantedCents: input.grantedCents,
              paymentForm: input.paymentForm,
              derogationNote: input.derogationNote ?? null,
            }
          : { decision: 'refused', refusalMotif: input.refusalMotif }),
        note: input.note ?? null,
      })
      return this.view(actor, id, trx)
    })
  }

  /** The person withdraws the request, or the worker closes it without a decision (classement). */
  async close(actor: Actor, id: string, how: 'withdrawn' | 'dismissed', reason: string) {
    assertAllowed(actor, 'aid.request')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.read(actor, id, trx, true)
      const allowed = how === 'withdrawn' ? WITHDRAWABLE : DISMISSABLE
      if (!allowed.includes(row.status)) {
        this.conflict(row, how === 'withdrawn' ? 'retirer la demande' : 'classer la demande')
      }
      if (row.status === 'on_agenda') {
        // Off the coming session's agenda, which could not close with an item left undecided.
        await trx
          .deleteFrom('aid_agenda_items')
          .where('request_id', '=', id)
          .where('outcome', 'is', null)
          .execute()
      }
      await this.repo.update(trx, id, {
        status: how,
        closed_reason: reason,
        ...(row.status === 'on_agenda' ? { session_id: null } : {}),
      })
      await recordAudit(trx, actor, {
        action: how === 'withdrawn' ? 'aid_request.withdraw' : 'aid_request.dismiss',
        entityType: 'aid_request',
        entityId: id,
        personId: row.person_id,
      })
      return this.view(actor, id, trx)
    })
  }

  // The person's timeline and access export -------------------------------------------------------

  timelineSource(): TimelineSource {
    const requests = async (
      db: Kysely<Database>,
      actor: Actor,
      personIds: string[],
      latest?: { limit: number },
    ) =>
      roleAllows(actor.roles, 'aid.read')
        ? this.repo.ofPeople(db, actor.organisationId, this.visible(actor), personIds, latest)
        : []
    return {
      kind: 'aid_request',
      label: 'Aides facultatives',
      entries: async (db, actor, personIds, latest) =>
        (await requests(db, actor, personIds, latest)).map(
          (r): TimelineEntry => ({
            kind: 'aid_request',
            kindLabel: 'Aide facultative',
            id: r.id,
            at: new Date(`${r.decided_on ?? r.requested_on}T12:00:00Z`).toISOString(),
            title: `${r.aid_label} — ${AID_REQUEST_STATUS.labels[r.status]}`,
            detail:
              [
                `demandé ${formatEuros(r.amount_asked_cents)}`,
                r.granted_cents !== null ? `accordé ${formatEuros(r.granted_cents)}` : null,
                r.decision_channel === 'urgent' ? 'décision d’urgence' : null,
                r.derogation ? 'par dérogation au règlement' : null,
              ]
                .filter(Boolean)
                .join(' · ') || null,
            personId: r.person_id,
          }),
        ),
      count: async (db, actor, personIds) =>
        roleAllows(actor.roles, 'aid.read')
          ? this.repo.countOfPeople(db, actor.organisationId, this.visible(actor), personIds)
          : 0,
      // A request is not a contact with the person.
      latest: async () => new Map(),
      export: async (db, actor, personIds) =>
        (await requests(db, actor, personIds)).map((r) => ({
          id: r.id,
          aid: r.aid_label,
          status: AID_REQUEST_STATUS.labels[r.status],
          requestedOn: r.requested_on,
          amountAskedCents: r.amount_asked_cents,
          purpose: r.purpose,
          budget: r.budget,
          remainingPerDayCents: r.remaining_per_day_cents,
          remainingPerUnitDayCents: r.remaining_per_unit_day_cents,
          quotientCents: r.quotient_cents,
          assessment: r.assessment,
          decision: r.decision_channel
            ? {
                channel: r.decision_channel as AidDecisionChannel,
                decidedOn: r.decided_on,
                grantedCents: r.granted_cents,
                paymentForm: r.payment_form,
                refusalMotif: r.refusal_motif,
                derogation: r.derogation,
              }
            : null,
          closedReason: r.closed_reason,
        })),
    }
  }
}
