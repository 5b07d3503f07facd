import type { Kysely } from 'kysely'
import type { z } from 'zod'
import {
  ENGAGED_DETAIL,
  ENGAGED_STAGES,
  ENGAGEMENT_STAGE,
  type EngagedDetail,
  type EngagementStage,
  type Followup,
  type followupCloseSchema,
  type followupCreateSchema,
  type followupListQuerySchema,
  type stageChangeSchema,
} from '../../../shared/outreach.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, notInFuture, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { OutreachFollowupRepository } from './outreach.caseload.repository.ts'
import { checkTeam, DAY_MS, recordFile } from './outreach.common.ts'
import type { OutreachRepository } from './outreach.repository.ts'
import type { OutreachSettingsService } from './outreach.settings.service.ts'

type FollowupListed = Awaited<ReturnType<OutreachFollowupRepository['followups']>>['rows'][number]
type FollowupLocked = NonNullable<Awaited<ReturnType<OutreachFollowupRepository['lockFollowup']>>>

/** The follow-up of each person met, through its engagement stages, and the team's caseload. */
export class OutreachCaseloadService {
  constructor(
    private readonly repo: OutreachRepository,
    private readonly followupRepo: OutreachFollowupRepository,
    private readonly people: PeopleService,
    private readonly settings: OutreachSettingsService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /**
   * An encounter with a person opens their follow-up by the team if none is open (first contact); a
   * later encounter makes a first contact "known". The stage the agent chose applies at the encounter.
   */
  async engage(
    db: Kysely<Database>,
    actor: Actor,
    personId: string,
    teamId: string | null,
    at: Date,
    stage: EngagementStage | null,
  ) {
    let followup = await this.followupRepo.openFollowup(db, actor.organisationId, personId, teamId)
    if (!followup) {
      followup = await this.followupRepo.insertFollowup(db, actor, {
        person_id: personId,
        team_id: teamId,
        stage: 'first_contact',
        first_contact_at: at,
      })
      if (followup) {
        await this.followupRepo.addStage(db, actor, followup.id, 'first_contact', at, null)
      } else {
        // A concurrent encounter opened it a moment ago.
        followup = await this.followupRepo.openFollowup(db, actor.organisationId, personId, teamId)
        if (!followup) throw new Error('open follow-up vanished')
      }
    } else if (at < new Date(followup.first_contact_at)) {
      await this.followupRepo.moveFirstContact(db, followup.id, at)
      followup.first_contact_at = at
    } else if (followup.stage === 'first_contact' && at > new Date(followup.first_contact_at) && !stage) {
      await this.applyStage(db, actor, followup, 'known', at, null)
      return
    }
    if (stage && stage !== followup.stage) await this.applyStage(db, actor, followup, stage, at, null)
  }

  private async applyStage(
    db: Kysely<Database>,
    actor: Actor,
    followup: Pick<FollowupLocked, 'id' | 'engaged_at'>,
    stage: EngagementStage,
    at: Date,
    note: string | null,
  ) {
    await this.followupRepo.updateFollowup(db, followup.id, {
      stage,
      ...(ENGAGED_STAGES.includes(stage) && !followup.engaged_at ? { engaged_at: at } : {}),
      refused_at: stage === 'refused' ? at : null,
    })
    await this.followupRepo.addStage(db, actor, followup.id, stage, at, note)
  }

  async toFollowups(actor: Actor, rows: FollowupListed[], db: Kysely<Database>): Promise<Followup[]> {
    const people = await this.people.visiblePeople(
      actor,
      rows.map((r) => r.person_id),
      db,
    )
    // A follow-up of a file the reader may not see (a confidential team's file) stays out of the list.
    const visible = rows.filter((r) => people.has(r.person_id))
    const engaged = visible.filter((r) => ENGAGED_STAGES.includes(r.stage as EngagementStage))
    const facts = await this.people.personFacts(
      actor.organisationId,
      engaged.map((r) => r.person_id),
      db,
    )
    const stages = await this.followupRepo.stages(
      visible.map((r) => r.id),
      db,
    )
    const alertDays = await this.settings.alertDays(actor.organisationId, db)
    const now = Date.now()
    return visible.map((row) => {
      const lastContact = new Date(row.last_contact_at)
      const days = Math.max(0, Math.floor((now - lastContact.getTime()) / DAY_MS))
      const has = facts.get(row.person_id)?.has
      return {
        id: row.id,
        personId: row.person_id,
        personName: people.get(row.person_id)!.displayName,
        teamId: row.team_id,
        teamName: row.team_name,
        stage: row.stage as EngagementStage,
        firstContactAt: isoTimestamp(row.first_contact_at),
        engagedAt: isoTimestamp(row.engaged_at),
        refusedAt: isoTimestamp(row.refused_at),
        lastContactAt: isoTimestamp(lastContact),
        daysSinceLastContact: days,
        alert: row.closed_at === null && days > alertDays,
        closedAt: isoTimestamp(row.closed_at),
        exitReason: row.exit_reason as Followup['exitReason'],
        exitNote: row.exit_note,
        missingDetails: has ? ENGAGED_DETAIL.values.filter((detail: EngagedDetail) => !has[detail]) : [],
        history: stages
          .filter((s) => s.followup_id === row.id)
          .map((s) => ({
            stage: s.stage as EngagementStage,
            at: isoTimestamp(s.changed_at),
            note: s.note,
            by: s.changed_by,
          })),
      }
    })
  }

  private async followup(actor: Actor, id: string, db: Kysely<Database>) {
    const { rows } = await this.followupRepo.followups(actor, { id }, db)
    const [followup] = await this.toFollowups(actor, rows, db)
    if (!followup) throw notFound()
    return followup
  }

  /** The team's open follow-ups, the longest without contact first, flagged past the delay. */
  async caseload(actor: Actor, query: { teamId?: string | undefined; page: number; pageSize: number }) {
    assertAllowed(actor, 'outreach.read')
    const { page, pageSize } = query
    return this.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.followupRepo.followups(actor, { teamId: query.teamId }, trx, {
        page,
        pageSize,
      })
      await recordAudit(trx, actor, { action: 'outreach.caseload_read', entityType: 'outreach_followup' })
      return {
        alertDays: await this.settings.alertDays(actor.organisationId, trx),
        items: await this.toFollowups(actor, rows, trx),
        total: total ?? rows.length,
        page,
        pageSize,
      }
    })
  }

  async listFollowups(actor: Actor, query: z.infer<typeof followupListQuerySchema>) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      if (
        query.personId &&
        !(await this.people.visiblePeople(actor, [query.personId], trx)).has(query.personId)
      ) {
        throw notFound()
      }
      const { page, pageSize } = query
      const { rows, total } = await this.followupRepo.followups(
        actor,
        {
          personIds: query.personId ? [query.personId] : undefined,
          teamId: query.teamId,
          includeClosed: query.includeClosed,
        },
        trx,
        { page, pageSize },
      )
      await recordAudit(trx, actor, {
        action: 'outreach.followup_list',
        entityType: 'outreach_followup',
        personId: query.personId,
      })
      return { items: await this.toFollowups(actor, rows, trx), total: total ?? rows.length, page, pageSize }
    })
  }

  async getFollowup(actor: Actor, id: string) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      const followup = await this.followup(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'outreach.followup_read',
        entityType: 'outreach_followup',
        entityId: id,
        personId: followup.personId,
      })
      return followup
    })
  }

  /** Opens a follow-up without an encounter (a person known from a report, from the front desk…). */
  async createFollowup(actor: Actor, input: z.infer<typeof followupCreateSchema>) {
    assertAllowed(actor, 'outreach.write')
    const at = input.firstContactAt ? new Date(input.firstContactAt) : new Date()
    notInFuture(at, 'firstContactAt')
    return this.db.transaction().execute(async (trx) => {
      const found = await this.repo.references(trx, actor, { teamId: input.teamId })
      checkTeam(actor, input.teamId, found.team_confidential, 'teamId')
      const personId = await recordFile(this.people, actor, input.personId, trx)
      const created = await this.followupRepo.insertFollowup(trx, actor, {
        person_id: personId,
        team_id: input.teamId ?? null,
        stage: 'first_contact',
        first_contact_at: at,
      })
      if (!created)
        throw validationError('personId', 'Cette personne a déjà un suivi ouvert par cette équipe.')
      await this.followupRepo.addStage(trx, actor, created.id, 'first_contact', at, null)
      await recordAudit(trx, actor, {
        action: 'outreach.followup_create',
        entityType: 'outreach_followup',
        entityId: created.id,
        personId,
      })
      return this.followup(actor, created.id, trx)
    })
  }

  private async lockedFollowup(actor: Actor, id: string, db: Kysely<Database>) {
    const row = await this.followupRepo.lockFollowup(db, actor, id)
    if (!row || !(await this.people.visiblePeople(actor, [row.person_id], db)).has(row.person_id))
      throw notFound()
    if (row.closed_at) throw validationError('id', 'Ce suivi est clôturé.')
    return row
  }

  private checkStageDate(row: FollowupLocked, at: Date, field: string) {
    notInFuture(at, field)
    if (at < new Date(row.first_contact_at)) {
      throw validationError(field, 'La date ne peut pas précéder le premier contact.')
    }
  }

  async changeStage(actor: Actor, id: string, input: z.infer<typeof stageChangeSchema>) {
    assertAllowed(actor, 'outreach.write')
    const at = input.at ? new Date(input.at) : new Date()
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lockedFollowup(actor, id, trx)
      this.checkStageDate(row, at, 'at')
      if (input.stage === row.stage) {
        throw validationError(
          'stage',
          `La personne est déjà à l’étape « ${ENGAGEMENT_STAGE.labels[input.stage]} ».`,
        )
      }
      if (input.stage === 'first_contact') {
        throw validationError('stage', 'Le premier contact ne se redéclare pas : choisissez une autre étape.')
      }
      await this.applyStage(trx, actor, row, input.stage, at, input.note ?? null)
      await recordAudit(trx, actor, {
        action: 'outreach.followup_stage',
        entityType: 'outreach_followup',
        entityId: id,
        personId: row.person_id,
      })
      return this.followup(actor, id, trx)
    })
  }

  async closeFollowup(actor: Actor, id: string, input: z.infer<typeof followupCloseSchema>) {
    assertAllowed(actor, 'outreach.write')
    const at = input.at ? new Date(input.at) : new Date()
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lockedFollowup(actor, id, trx)
      this.checkStageDate(row, at, 'at')
      await this.followupRepo.updateFollowup(trx, id, {
        closed_at: at,
        exit_reason: input.exitReason,
        exit_note: input.note ?? null,
        closed_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'outreach.followup_close',
        entityType: 'outreach_followup',
        entityId: id,
        personId: row.person_id,
      })
      return this.followup(actor, id, trx)
    })
  }
}
