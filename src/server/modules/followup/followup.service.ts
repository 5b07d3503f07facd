import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { AuditAction } from '../../../shared/audit.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  DEFAULT_SUPPORT_TYPES,
  type goalInputSchema,
  type goalUpdateSchema,
  type RecordInput,
  type RecordSummary,
  type recordListQuerySchema,
  type recordTransitionSchema,
  type recordUpdateSchema,
  type referentsInputSchema,
  type SupportRecord,
  type supportTypesInputSchema,
} from '../../../shared/followup.ts'
import type { Action } from '../../../shared/permissions.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed, canSeeConfidentialTeam } from '../../platform/permissions.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { FollowupRepository, RecordFilters, RecordRow } from './followup.repository.ts'

const iso = (date: Date | string) => new Date(date).toISOString()
const alreadyRunning = () =>
  validationError(
    'typeId',
    'Un accompagnement de ce type est déjà en cours pour cette personne ou ce foyer : complétez-le plutôt que d’en ouvrir un second.',
  )

/** A record the actor may reach, as other capabilities of follow-up (and casework) read it. */
export type ReachableRecord = RecordRow

/**
 * Support records (accompagnements): a person's or a household's long-running social support by a
 * team, with referents over time, domains, goals and an exit plan; open → suspended → closed.
 * One person (or household) has one running record per type: opening a second is refused.
 * Records follow the confidentiality of their team and of the files they are about; every read and
 * write is audited in its transaction.
 */
export class FollowupService {
  constructor(
    readonly repo: FollowupRepository,
    private readonly people: Pick<
      PeopleService,
      'recordFileOrFail' | 'visiblePeople' | 'householdComposition' | 'householdCompositions' | 'fileIds'
    >,
  ) {}

  get db(): Db {
    return this.repo.db
  }

  // ----- support types -----

  private async typesOf(organisationId: string, db: Kysely<Database>) {
    const types = await this.repo.types(organisationId, db)
    if (types.length > 0) return types
    await this.repo.ensureTypes(db, organisationId, DEFAULT_SUPPORT_TYPES)
    return this.repo.types(organisationId, db)
  }

  /** Only labels: whoever opens records, configures the list or reads the counts needs them. */
  async types(actor: Actor) {
    if (
      !(['followup.read', 'followup.configure', 'indicators.read'] as const).some((a) =>
        roleAllows(actor.roles, a),
      )
    ) {
      throw forbidden()
    }
    return this.db.transaction().execute((trx) => this.typesOf(actor.organisationId, trx))
  }

  async saveTypes(actor: Actor, input: z.infer<typeof supportTypesInputSchema>) {
    assertAllowed(actor, 'followup.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.typesOf(actor.organisationId, trx)
      const { unknownIndex } = await this.repo.saveTypes(trx, actor.organisationId, input.items)
      if (unknownIndex !== null) throw validationError(`items.${unknownIndex}.id`, 'Type inconnu.')
      await recordAudit(trx, actor, { action: 'followup.types_update', entityType: 'support_type' })
      return this.repo.types(actor.organisationId, trx)
    })
  }

  // ----- reaching a record -----

  /**
   * The record if the actor may take `action` on it, for this module's other capabilities (interviews)
   * and for casework (rights, RSA, referrals) linking to a record: "not found" whether it is absent,
   * of another organisation, or of a confidential team or file out of reach. `lock` serialises writers.
   */
  async reachableRecord(
    actor: Actor,
    id: string,
    action: Extract<Action, 'followup.read' | 'followup.write'>,
    db: Kysely<Database>,
    options: { lock?: boolean; writable?: boolean } = {},
  ): Promise<ReachableRecord> {
    assertAllowed(actor, action)
    const row = await this.repo.find(actor, id, db, options.lock)
    if (!row) throw notFound()
    if (options.writable && row.status === 'closed') {
      throw validationError(
        'status',
        'Cet accompagnement est clos : rouvrez-en un nouveau pour le poursuivre.',
      )
    }
    return row
  }

  // ----- mapping -----

  /** Names of the persons and households the records are about, as far as the actor may see them. */
  async subjectNames(
    actor: Actor,
    rows: Pick<RecordRow, 'person_id' | 'household_id'>[],
    db: Kysely<Database>,
  ) {
    const people = await this.people.visiblePeople(
      actor,
      rows.flatMap((r) => (r.person_id ? [r.person_id] : [])),
      db,
    )
    const households = await this.people.householdCompositions(
      actor,
      rows.flatMap((r) => (r.household_id ? [r.household_id] : [])),
      db,
    )
    return (row: Pick<RecordRow, 'person_id' | 'household_id'>) => {
      if (row.person_id) return people.get(row.person_id)?.displayName ?? null
      const household = row.household_id ? households.get(row.household_id) : undefined
      return household ? `Foyer ${household.members.map((m) => m.displayName).join(', ')}` : null
    }
  }

  async toSummaries(actor: Actor, rows: RecordRow[], db: Kysely<Database>): Promise<RecordSummary[]> {
    const nameOf = await this.subjectNames(actor, rows, db)
    const referents = await this.repo.currentReferents(
      db,
      rows.map((r) => r.id),
    )
    return rows.map((row) => ({
      id: row.id,
      personId: row.person_id,
      householdId: row.household_id,
      subjectName: nameOf(row),
      typeId: row.type_id,
      typeLabel: row.type_label,
      typeLegal: row.type_legal,
      teamId: row.team_id,
      teamName: row.team_name,
      status: row.status,
      openedOn: row.opened_on,
      closedOn: row.closed_on,
      nextReviewOn: row.next_review_on,
      referents: referents
        .filter((r) => r.record_id === row.id)
        .map((r) => ({ userId: r.user_id, name: r.name })),
    }))
  }

  private async toRecord(actor: Actor, row: RecordRow, db: Kysely<Database>): Promise<SupportRecord> {
    const [summary] = await this.toSummaries(actor, [row], db)
    const goals = await this.repo.goals(db, [row.id])
    const history = await this.repo.referentHistory(db, row.id)
    return {
      ...summary!,
      suspendedOn: row.suspended_on,
      exitReason: row.exit_reason,
      exitNote: row.exit_note,
      domains: row.domains,
      exitPlan: row.exit_plan,
      goals: goals.map((g) => ({
        id: g.id,
        label: g.label,
        domain: g.domain,
        targetOn: g.target_on,
        status: g.status,
        statusOn: g.status_on,
      })),
      referentHistory: history.map((h) => ({
        userId: h.user_id,
        name: h.name,
        fromOn: h.from_on,
        untilOn: h.until_on,
      })),
      createdAt: iso(row.created_at),
    }
  }

  // ----- records -----

  async list(actor: Actor, query: z.infer<typeof recordListQuerySchema>) {
    assertAllowed(actor, 'followup.read')
    return this.db.transaction().execute(async (trx) => {
      const filters: RecordFilters = {
        status: query.status,
        householdId: query.householdId,
        referentId: query.mine ? actor.userId : undefined,
      }
      if (query.personId) {
        // A person's records include those of files merged into theirs; a file out of reach is not found.
        const visible = await this.people.visiblePeople(actor, [query.personId], trx)
        if (!visible.has(query.personId)) throw notFound()
        filters.personIds = await this.people.fileIds(actor, query.personId, trx)
      }
      const { rows, total } = await this.repo.page(actor, filters, query, trx)
      const items = await this.toSummaries(actor, rows, trx)
      await recordAudit(trx, actor, {
        action: 'followup.record_list',
        entityType: 'support_record',
        personId: query.personId,
        personIds: rows.flatMap((r) => (r.person_id ? [r.person_id] : [])),
      })
      return { items, total, page: query.page, pageSize: query.pageSize }
    })
  }

  async get(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.reachableRecord(actor, id, 'followup.read', trx)
      await recordAudit(trx, actor, {
        action: 'followup.record_read',
        entityType: 'support_record',
        entityId: id,
        personId: row.person_id,
      })
      return this.toRecord(actor, row, trx)
    })
  }

  /** Checks a team a record is given to: of the organisation, and reachable if confidential. */
  private checkTeam(
    actor: Actor,
    teamId: string | null | undefined,
    found: { team_confidential: boolean | null },
  ) {
    if (!teamId) return
    if (
      found.team_confidential === null ||
      (found.team_confidential && !canSeeConfidentialTeam(actor, teamId))
    ) {
      throw validationError('teamId', 'Équipe inconnue.')
    }
  }

  async create(actor: Actor, input: RecordInput) {
    assertAllowed(actor, 'followup.write')
    const today = todayInFrance()
    const openedOn = input.openedOn ?? today
    if (openedOn > today)
      throw validationError('openedOn', 'La date d’ouverture ne peut pas être dans le futur.')
    return this.db.transaction().execute(async (trx) => {
      await this.typesOf(actor.organisationId, trx)
      const subject: { personId?: string; householdId?: string } = {}
      let referentIds = input.referentIds
      if (input.personId) {
        // A record on a merged file goes to the kept one, where everyone looks for it.
        subject.personId = (await this.people.recordFileOrFail(actor, input.personId, trx)).id
        referentIds ??= await this.fileReferents(trx, subject.personId)
      } else if (input.householdId) {
        if (!(await this.people.householdComposition(actor, input.householdId, trx))) {
          throw validationError('householdId', 'Foyer inconnu.')
        }
        subject.householdId = input.householdId
      }
      if (!referentIds || referentIds.length === 0) referentIds = [actor.userId]
      referentIds = [...new Set(referentIds)]
      const found = await this.repo.references(trx, actor.organisationId, {
        typeId: input.typeId,
        teamId: input.teamId,
        userIds: referentIds,
      })
      if (!found.type_active) throw validationError('typeId', 'Type d’accompagnement inconnu ou retiré.')
      this.checkTeam(actor, input.teamId, found)
      if (found.users.length !== referentIds.length) {
        throw validationError('referentIds', 'Référent inconnu ou compte désactivé.')
      }
      // One person, one story per type: the running record is the one to complete.
      if (await this.repo.running(trx, actor.organisationId, subject, input.typeId)) throw alreadyRunning()
      const { id } = await this.repo
        .insert(trx, {
          organisation_id: actor.organisationId,
          person_id: subject.personId ?? null,
          household_id: subject.householdId ?? null,
          type_id: input.typeId,
          team_id: input.teamId ?? null,
          opened_on: openedOn,
          domains: input.domains,
          exit_plan: input.exitPlan ?? null,
          next_review_on: input.nextReviewOn ?? null,
          created_by: actor.userId,
        })
        .catch((error: unknown) => {
          // Two colleagues opening the same record at once: the unique index keeps one.
          if ((error as { code?: string }).code === '23505') throw alreadyRunning()
          throw error
        })
      await this.repo.changeReferents(trx, actor, id, referentIds, openedOn)
      await this.repo.insertGoals(
        trx,
        input.goals.map((goal) => this.goalValues(actor, id, goal, today)),
      )
      await recordAudit(trx, actor, {
        action: 'followup.record_create',
        entityType: 'support_record',
        entityId: id,
        personId: subject.personId ?? null,
      })
      return this.toRecord(actor, (await this.repo.find(actor, id, trx))!, trx)
    })
  }

  /** The referents of the person's file: a record starts with them unless others are named. */
  private async fileReferents(db: Kysely<Database>, personId: string) {
    const rows = await db
      .selectFrom('person_referents as pr')
      .innerJoin('users as u', 'u.id', 'pr.user_id')
      .select('pr.user_id')
      .where('pr.person_id', '=', personId)
      .where('u.status', '=', 'active')
      .execute()
    return rows.map((r) => r.user_id)
  }

  private goalValues(actor: Actor, recordId: string, goal: z.infer<typeof goalInputSchema>, today: string) {
    return {
      organisation_id: actor.organisationId,
      record_id: recordId,
      label: goal.label,
      domain: goal.domain ?? null,
      target_on: goal.targetOn ?? null,
      status_on: today,
      created_by: actor.userId,
    }
  }

  /** Runs a change on a record the actor may write, audits it and answers the record as it now is. */
  private change(
    actor: Actor,
    id: string,
    action: AuditAction,
    work: (row: RecordRow, trx: Kysely<Database>) => Promise<Record<string, unknown> | undefined>,
    options: { writable?: boolean } = { writable: true },
  ) {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.reachableRecord(actor, id, 'followup.write', trx, { lock: true, ...options })
      const details = await work(row, trx)
      await recordAudit(trx, actor, {
        action,
        entityType: 'support_record',
        entityId: id,
        personId: row.person_id,
        details,
      })
      return this.toRecord(actor, (await this.repo.find(actor, id, trx))!, trx)
    })
  }

  update(actor: Actor, id: string, input: z.infer<typeof recordUpdateSchema>) {
    return this.change(actor, id, 'followup.record_update', async (_row, trx) => {
      if (input.teamId) {
        this.checkTeam(actor, input.teamId, await this.repo.references(trx, actor.organisationId, input))
      }
      await this.repo.update(trx, actor.organisationId, id, {
        ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
        ...(input.domains ? { domains: input.domains } : {}),
        ...(input.exitPlan !== undefined ? { exit_plan: input.exitPlan } : {}),
        ...(input.nextReviewOn !== undefined ? { next_review_on: input.nextReviewOn } : {}),
      })
      return { fields: Object.keys(input) }
    })
  }

  /** open → suspended → open …; open or suspended → closed, with an exit reason and date. */
  transition(actor: Actor, id: string, input: z.infer<typeof recordTransitionSchema>) {
    const today = todayInFrance()
    const on = input.on ?? today
    if (on > today) throw validationError('on', 'La date ne peut pas être dans le futur.')
    return this.change(actor, id, `followup.record_${input.status}`, async (row, trx) => {
      if (row.status === input.status) {
        throw validationError('status', 'L’accompagnement est déjà dans cet état.')
      }
      if (on < row.opened_on) {
        throw validationError('on', 'La date précède l’ouverture de l’accompagnement.')
      }
      if (input.status === 'closed') {
        await this.repo.update(trx, actor.organisationId, id, {
          status: 'closed',
          closed_on: on,
          suspended_on: null,
          exit_reason: input.exitReason,
          exit_note: input.note ?? null,
          next_review_on: null,
        })
        return { status: 'closed', exitReason: input.exitReason }
      }
      await this.repo.update(trx, actor.organisationId, id, {
        status: input.status,
        suspended_on: input.status === 'suspended' ? on : null,
      })
      return { status: input.status }
    })
  }

  setReferents(actor: Actor, id: string, input: z.infer<typeof referentsInputSchema>) {
    const today = todayInFrance()
    const on = input.on ?? today
    if (on > today) throw validationError('on', 'La date ne peut pas être dans le futur.')
    return this.change(actor, id, 'followup.referents_change', async (row, trx) => {
      const userIds = [...new Set(input.userIds)]
      const found = await this.repo.references(trx, actor.organisationId, { userIds })
      if (found.users.length !== userIds.length) {
        throw validationError('userIds', 'Référent inconnu ou compte désactivé.')
      }
      if (on < row.opened_on) throw validationError('on', 'La date précède l’ouverture de l’accompagnement.')
      return this.repo.changeReferents(trx, actor, id, userIds, on)
    })
  }

  addGoal(actor: Actor, id: string, input: z.infer<typeof goalInputSchema>) {
    return this.change(actor, id, 'followup.goal_create', async (_row, trx) => {
      await this.repo.insertGoals(trx, [this.goalValues(actor, id, input, todayInFrance())])
      return undefined
    })
  }

  updateGoal(actor: Actor, id: string, goalId: string, input: z.infer<typeof goalUpdateSchema>) {
    return this.change(actor, id, 'followup.goal_update', async (_row, trx) => {
      const goal = await this.repo.goal(trx, id, goalId)
      if (!goal) throw notFound()
      await this.repo.updateGoal(trx, id, goalId, {
        ...(input.label !== undefined ? { label: input.label } : {}),
        ...(input.domain !== undefined ? { domain: input.domain } : {}),
        ...(input.targetOn !== undefined ? { target_on: input.targetOn } : {}),
        ...(input.status !== undefined && input.status !== goal.status
          ? { status: input.status, status_on: todayInFrance() }
          : {}),
      })
      return { goalId, status: input.status }
    })
  }
}
