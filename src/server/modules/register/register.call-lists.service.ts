import type { z } from 'zod'
import { ageOn, todayInFrance } from '../../../shared/dates.ts'
import type { AlertCallLogEntry, alertCallLogQuerySchema, CALL_OUTCOME } from '../../../shared/register.ts'
import type { Db } from '../../db/database.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { type RegisterAccess, reachDetails } from './register.access.ts'
import type { RegisterRepository } from './register.repository.ts'

const OPEN_CALL_STATUSES = new Set(['to_call', 'retry', 'home_visit'])

/** One person on the printed call list, as the callers read it on paper. */
export type CallSheetRow = ReturnType<typeof reachDetails> & {
  rank: number
  personName: string
  age: number | null
  livesAlone: boolean
  powerMedicalDevices: boolean
  autonomy: string[]
  attendingServices: string[]
  status: 'to_call' | 'retry' | 'home_visit'
  attempts: number
  lastOutcome: (typeof CALL_OUTCOME.values)[number] | null
  nextAttemptAt: string | null
  callerName: string | null
}

/**
 * The lists made from a plan's calls: the call list printed for the callers (the calls still to make,
 * caller by caller in risk order) and the log of every call made, for a plan or over a period.
 */
export class RegisterCallListService {
  constructor(
    private readonly repo: RegisterRepository,
    private readonly access: RegisterAccess,
    private readonly people: Pick<PeopleService, 'visiblePeople' | 'personFacts'>,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /**
   * What the printed call list holds (the route renders it as a PDF): the calls of the plan still to
   * make (`mine`: the reader's), grouped by caller, each group in the campaign's risk order. A person
   * of a confidential team out of the reader's reach is listed masked, as on the screen.
   */
  async sheet(actor: Actor, planId: string, query: { mine?: boolean }) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.read', trx, true)
      const [plan] = await this.repo.plans(actor.organisationId, { id: planId }, trx)
      if (!plan) throw notFound()
      const rows = (
        await this.repo.calls(
          actor.organisationId,
          { planId, callerId: query.mine ? actor.userId : undefined },
          trx,
        )
      ).filter((row) => plan.status === 'active' && OPEN_CALL_STATUSES.has(row.status))
      const personIds = rows.map((row) => row.person_id)
      const names = await this.people.visiblePeople(actor, personIds, trx)
      const facts = await this.people.personFacts(actor.organisationId, personIds, trx)
      await recordAudit(trx, actor, {
        action: 'register.call_sheet',
        entityType: 'alert_plan',
        entityId: planId,
        personIds,
      })
      const today = todayInFrance()
      const sheetRows = rows
        .map((row): CallSheetRow => {
          const restricted = !names.has(row.person_id)
          const birthDate = facts.get(row.person_id)?.birthDate
          return {
            ...reachDetails(row, restricted),
            rank: row.rank,
            personName: names.get(row.person_id)?.displayName ?? 'Dossier restreint',
            age: !restricted && birthDate ? ageOn(birthDate, today) : null,
            livesAlone: row.lives_alone ?? false,
            powerMedicalDevices: row.power_medical_devices ?? false,
            autonomy: restricted ? [] : (row.autonomy ?? []),
            attendingServices: restricted ? [] : (row.attending_services ?? []),
            status: row.status as CallSheetRow['status'],
            attempts: row.attempts,
            lastOutcome: row.last_outcome as CallSheetRow['lastOutcome'],
            nextAttemptAt: isoTimestamp(row.next_attempt_at),
            callerName: row.caller_name,
          }
        })
        // Caller by caller (those without one last), each in the campaign's order.
        .sort(
          (a, b) =>
            (a.callerName === null ? 1 : 0) - (b.callerName === null ? 1 : 0) ||
            (a.callerName ?? '').localeCompare(b.callerName ?? '', 'fr') ||
            a.rank - b.rank,
        )
      const organisation = await this.organisations.publicOrganisation(actor.organisationId, trx)
      return {
        organisationName: organisation?.name ?? '',
        plan: {
          kind: plan.kind,
          label: plan.label,
          startsOn: plan.starts_on,
          endsOn: plan.ends_on,
          status: plan.status,
        },
        mine: query.mine ?? false,
        printedAt: new Date().toISOString(),
        rows: sheetRows,
      }
    })
  }

  /** Every outcome recorded (newest first), one page with the total; names masked as on the screen. */
  async log(actor: Actor, query: z.infer<typeof alertCallLogQuerySchema>) {
    if (query.from && query.to && query.to < query.from) {
      throw validationError('to', 'La fin de la période précède son début.')
    }
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.read', trx, query.planId !== undefined)
      if (query.planId) {
        const [plan] = await this.repo.plans(actor.organisationId, { id: query.planId }, trx)
        if (!plan) throw notFound()
      }
      const { total, items } = await this.repo.callLog(
        actor.organisationId,
        { planId: query.planId, dayFrom: query.from, dayTo: query.to, outcome: query.outcome },
        query,
        trx,
      )
      const names = await this.people.visiblePeople(
        actor,
        items.map((row) => row.person_id),
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'register.call_log',
        entityType: 'alert_plan',
        entityId: query.planId ?? null,
        personIds: items.map((row) => row.person_id),
      })
      return {
        items: items.map((row): AlertCallLogEntry => {
          const restricted = !names.has(row.person_id)
          return {
            id: row.id,
            callId: row.call_id,
            planId: row.plan_id,
            planKind: row.plan_kind,
            planLabel: row.plan_label,
            at: isoTimestamp(row.at)!,
            outcome: row.outcome,
            note: restricted ? null : row.note,
            byName: row.by_name,
            personId: row.person_id,
            personName: names.get(row.person_id)?.displayName ?? 'Dossier restreint',
            restricted,
            phone: restricted ? null : row.phone,
          }
        }),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }
}
