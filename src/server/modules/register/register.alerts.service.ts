import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { ageOn, todayInFrance } from '../../../shared/dates.ts'
import { contactInputSchema } from '../../../shared/frontdesk.ts'
import type {
  AlertCall,
  AlertPlan,
  alertCallOutcomeSchema,
  alertPlanInputSchema,
} from '../../../shared/register.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { CALLER_ROLES, type RegisterAccess, reachDetails, riskOf } from './register.access.ts'
import type { RegisterRepository } from './register.repository.ts'

type CallRow = Awaited<ReturnType<RegisterRepository['calls']>>[number]
type PlanRow = Awaited<ReturnType<RegisterRepository['plans']>>[number]

const OPEN_CALL_STATUSES = ['to_call', 'retry', 'home_visit'] as const

/**
 * Alert plans (heatwave, extreme cold) and their call campaigns: the director activates a plan, every
 * registered person is called in risk order by the register team, and the live board follows it.
 */
export class RegisterAlertService {
  constructor(
    private readonly repo: RegisterRepository,
    private readonly access: RegisterAccess,
    private readonly people: Pick<PeopleService, 'visiblePeople' | 'personFacts'>,
    private readonly frontdesk: Pick<FrontdeskService, 'create'>,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private toPlan(row: PlanRow): AlertPlan {
    const n = (value: string | number | bigint) => Number(value)
    // Once the retention sweeper deleted the calls of a closed plan, its board is the one kept.
    const board = (row.purged_counts as typeof row | null) ?? row
    return {
      id: row.id,
      kind: row.kind,
      label: row.label,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      status: row.status,
      activatedAt: isoTimestamp(row.activated_at)!,
      closedAt: isoTimestamp(row.closed_at),
      board: {
        total: n(board.total),
        toCall: n(board.to_call),
        retry: n(board.retry),
        homeVisit: n(board.home_visit),
        reached: n(board.reached),
        escalated: n(board.escalated),
        called: n(board.called),
      },
    }
  }

  private async onePlan(actor: Actor, id: string, db: Kysely<Database>) {
    const [row] = await this.repo.plans(actor.organisationId, { id }, db)
    if (!row) throw notFound()
    return row
  }

  async plans(actor: Actor) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.read', trx)
      return (await this.repo.plans(actor.organisationId, {}, trx)).map((row) => this.toPlan(row))
    })
  }

  /** The live board of a plan: called, reached, unreachable, escalated. */
  async plan(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.read', trx, true)
      return this.toPlan(await this.onePlan(actor, id, trx))
    })
  }

  /**
   * Activates a plan and builds its campaign: every registered person, ordered by risk, given in turn
   * to the callers of the register team (the director when the team has none).
   */
  async activate(actor: Actor, input: z.infer<typeof alertPlanInputSchema>) {
    return this.db.transaction().execute(async (trx) => {
      const settings = await this.access.reach(actor, 'register.alert', trx)
      if (input.endsOn && input.endsOn < input.startsOn) {
        throw validationError('endsOn', 'La fin du plan précède son début.')
      }
      const plan = await this.repo.insertPlan(trx, {
        organisation_id: actor.organisationId,
        kind: input.kind,
        label: input.label ?? null,
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
        activated_by: actor.userId,
      })
      const entries = await this.repo.entries(actor.organisationId, { registeredOnly: true }, trx)
      const facts = await this.people.personFacts(
        actor.organisationId,
        entries.map((e) => e.person_id),
        trx,
      )
      const today = todayInFrance()
      const ranked = entries
        .map((entry) => {
          const birthDate = facts.get(entry.person_id)?.birthDate
          return { entry, risk: riskOf(entry, birthDate ? ageOn(birthDate, today) : null) }
        })
        .sort((a, b) => b.risk - a.risk || a.entry.created_at.getTime() - b.entry.created_at.getTime())
      const callers = (
        await this.repo.callers(actor.organisationId, settings.team_id, CALLER_ROLES, trx)
      ).map((c) => c.id)
      if (callers.length === 0) callers.push(actor.userId)
      await this.repo.insertCalls(
        trx,
        ranked.map(({ entry, risk }, index) => ({
          organisation_id: actor.organisationId,
          plan_id: plan.id,
          person_id: entry.person_id,
          caller_id: callers[index % callers.length]!,
          risk,
          rank: index + 1,
        })),
      )
      await recordAudit(trx, actor, {
        action: 'register.plan_activate',
        entityType: 'alert_plan',
        entityId: plan.id,
      })
      return this.toPlan(await this.onePlan(actor, plan.id, trx))
    })
  }

  /** Closes a plan, once nobody is left to call or to visit. */
  async close(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.alert', trx, true)
      const plan = this.toPlan(await this.onePlan(actor, id, trx))
      if (plan.status === 'closed') throw validationError('status', 'Ce plan est déjà clos.')
      const left = plan.board.toCall + plan.board.retry + plan.board.homeVisit
      if (left > 0) {
        throw validationError(
          'status',
          `${left} personne(s) restent à joindre ou à visiter : le plan ne peut pas être clos.`,
        )
      }
      await this.repo.closePlan(trx, actor.organisationId, id, actor.userId)
      await recordAudit(trx, actor, { action: 'register.plan_close', entityType: 'alert_plan', entityId: id })
      return this.toPlan(await this.onePlan(actor, id, trx))
    })
  }

  private async toCalls(actor: Actor, rows: CallRow[], db: Kysely<Database>) {
    const names = await this.people.visiblePeople(
      actor,
      rows.map((r) => r.person_id),
      db,
    )
    return rows.map(
      (row): AlertCall => ({
        id: row.id,
        personId: row.person_id,
        personName: names.get(row.person_id)?.displayName ?? 'Dossier restreint',
        ...reachDetails(row, !names.has(row.person_id)),
        livesAlone: row.lives_alone ?? false,
        powerMedicalDevices: row.power_medical_devices ?? false,
        callerId: row.caller_id,
        callerName: row.caller_name,
        risk: row.risk,
        rank: row.rank,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: isoTimestamp(row.next_attempt_at),
        lastOutcome: row.last_outcome as AlertCall['lastOutcome'],
        contactId: row.contact_id,
      }),
    )
  }

  /** A plan's calls, in risk order; `mine` for the caller's own list, `due` for the calls to make now. */
  async calls(actor: Actor, planId: string, query: { mine?: boolean; due?: boolean }) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.read', trx, true)
      await this.onePlan(actor, planId, trx)
      const rows = await this.repo.calls(
        actor.organisationId,
        { planId, callerId: query.mine ? actor.userId : undefined, dueOnly: query.due },
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'register.calls_list',
        entityType: 'alert_plan',
        entityId: planId,
        personIds: rows.map((row) => row.person_id),
      })
      return this.toCalls(actor, rows, trx)
    })
  }

  /**
   * A caller's outcome: all fine; needs something (a follow-up contact for the register team); no
   * answer (call back after the delay, a home visit after the last attempt, escalation when nobody
   * opens the door either); emergency (escalated).
   */
  async recordOutcome(actor: Actor, id: string, input: z.infer<typeof alertCallOutcomeSchema>) {
    // One transaction: the follow-up contact is written with the outcome, or neither is.
    return this.db.transaction().execute(async (trx) => {
      const settings = await this.access.reach(actor, 'register.write', trx, true)
      const [row] = await this.repo.calls(actor.organisationId, { id }, trx)
      if (!row) throw notFound()
      this.assertOpen(row)
      let contactId: string | null = null
      if (input.outcome === 'needs_something') {
        const contact = await this.frontdesk.create(
          actor,
          contactInputSchema.parse({
            channel: 'phone',
            personId: row.person_id,
            teamId: settings.team_id,
            note: input.note ?? 'Besoin signalé lors de l’appel du plan d’alerte.',
            followUp: settings.team_id !== null,
          }),
          trx,
        )
        contactId = contact.id
      }
      const attempts = row.attempts + 1
      let status: CallRow['status']
      let nextAttemptAt: Date | null = null
      if (input.outcome === 'all_fine' || input.outcome === 'needs_something') status = 'reached'
      else if (input.outcome === 'emergency') status = 'escalated'
      else if (row.status === 'home_visit') status = 'escalated'
      else if (attempts >= settings.max_attempts) status = 'home_visit'
      else {
        status = 'retry'
        nextAttemptAt = new Date(Date.now() + settings.retry_delay_minutes * 60_000)
      }
      const updated = await this.repo.updateCall(trx, actor.organisationId, id, row.attempts, {
        status,
        attempts,
        next_attempt_at: nextAttemptAt,
        last_outcome: input.outcome,
        ...(contactId ? { contact_id: contactId } : {}),
      })
      // Another caller recorded an outcome meanwhile: this one is refused, its contact with it.
      if (!updated)
        throw validationError('status', 'Un autre appel vient d’être enregistré pour cette personne.')
      await this.repo.insertAttempt(trx, {
        organisation_id: actor.organisationId,
        call_id: id,
        by_user: actor.userId,
        outcome: input.outcome,
        note: input.note ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'register.call_outcome',
        entityType: 'alert_call',
        entityId: id,
        personId: row.person_id,
      })
      const [after] = await this.repo.calls(actor.organisationId, { id }, trx)
      return (await this.toCalls(actor, [after!], trx))[0]!
    })
  }

  private assertOpen(row: CallRow) {
    if (row.plan_status !== 'active') throw validationError('planId', 'Ce plan d’alerte est clos.')
    if (!(OPEN_CALL_STATUSES as readonly string[]).includes(row.status)) {
      throw validationError('status', 'Cette personne a déjà été jointe ou l’appel a été transmis.')
    }
  }
}
