import type { Kysely, Updateable } from 'kysely'
import type { z } from 'zod'
import type {
  Round,
  roundCloseSchema,
  roundCreateSchema,
  roundListQuerySchema,
  roundUpdateSchema,
} from '../../../shared/outreach.ts'
import type { Db } from '../../db/database.ts'
import type { Database, OutreachRoundTable } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { checkTeam, hhmm } from './outreach.common.ts'
import type { OutreachEncounterRepository } from './outreach.encounters.repository.ts'
import type { OutreachEncounterService } from './outreach.encounters.service.ts'
import type { OutreachPlaceRepository } from './outreach.places.repository.ts'
import { toPlace } from './outreach.places.service.ts'
import type { OutreachRepository } from './outreach.repository.ts'
import type { OutreachRoundRepository } from './outreach.rounds.repository.ts'
import type { OutreachSettingsService } from './outreach.settings.service.ts'

type RoundListed = Awaited<ReturnType<OutreachRoundRepository['rounds']>>[number]

function toRound(row: RoundListed): Round {
  return {
    id: row.id,
    status: row.status,
    date: row.round_date,
    startTime: hhmm(row.start_time),
    endTime: hhmm(row.end_time),
    teamId: row.team_id,
    teamName: row.team_name,
    zoneId: row.zone_id,
    zoneName: row.zone_name,
    leadUserId: row.lead_user_id,
    leadUserName: row.lead_name,
    agents: row.agents,
    partnerNames: row.partner_names,
    mode: row.mode,
    note: row.note,
    handouts: row.handouts,
    remarks: row.remarks,
    closedAt: isoTimestamp(row.closed_at),
    encounterCount: row.encounter_count,
    createdAt: isoTimestamp(row.created_at),
  }
}

/** Rounds: planned, carried out by a team in a zone, closed with a report of what was handed out. */
export class OutreachRoundService {
  constructor(
    private readonly repo: OutreachRepository,
    private readonly roundRepo: OutreachRoundRepository,
    private readonly placeRepo: OutreachPlaceRepository,
    private readonly encounterRepo: OutreachEncounterRepository,
    private readonly settings: OutreachSettingsService,
    private readonly encounters: OutreachEncounterService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private async checkRoundReferences(
    actor: Actor,
    input: Partial<z.infer<typeof roundCreateSchema>>,
    db: Kysely<Database>,
  ) {
    const userIds = [...(input.leadUserId ? [input.leadUserId] : []), ...(input.agentIds ?? [])]
    const found = await this.repo.references(db, actor, {
      teamId: input.teamId,
      zoneId: input.zoneId,
      userIds,
    })
    checkTeam(actor, input.teamId, found.team_confidential, 'teamId')
    if (input.zoneId && !found.zone) throw validationError('zoneId', 'Zone inconnue.')
    const known = new Set(found.users)
    if (input.leadUserId && !known.has(input.leadUserId)) {
      throw validationError('leadUserId', 'Agent inconnu ou compte désactivé.')
    }
    const unknownAgent = (input.agentIds ?? []).findIndex((id) => !known.has(id))
    if (unknownAgent >= 0)
      throw validationError(`agentIds.${unknownAgent}`, 'Agent inconnu ou compte désactivé.')
  }

  private async round(actor: Actor, id: string, db: Kysely<Database>) {
    const [row] = await this.roundRepo.rounds(actor, { id }, 1, db)
    if (!row) throw notFound()
    return toRound(row)
  }

  async listRounds(actor: Actor, query: z.infer<typeof roundListQuerySchema>) {
    assertAllowed(actor, 'outreach.read')
    const rows = await this.roundRepo.rounds(actor, query, query.limit)
    return rows.map(toRound)
  }

  async createRound(actor: Actor, input: z.infer<typeof roundCreateSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      await this.checkRoundReferences(actor, input, trx)
      const { id } = await this.roundRepo.insertRound(trx, actor, {
        round_date: input.date,
        start_time: input.startTime ?? null,
        end_time: input.endTime ?? null,
        team_id: input.teamId ?? null,
        zone_id: input.zoneId ?? null,
        lead_user_id: input.leadUserId ?? null,
        partner_names: input.partnerNames ?? [],
        mode: input.mode ?? 'on_foot',
        note: input.note ?? null,
      })
      await this.roundRepo.replaceRoundAgents(trx, actor, id, input.agentIds ?? [])
      await recordAudit(trx, actor, {
        action: 'outreach.round_create',
        entityType: 'outreach_round',
        entityId: id,
      })
      return this.round(actor, id, trx)
    })
  }

  /** The round sheet: the round, the active places of its zone with their last visit, its encounters. */
  async getRound(actor: Actor, id: string) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      const round = await this.round(actor, id, trx)
      const places = round.zoneId
        ? await this.placeRepo.places(actor.organisationId, { zoneId: round.zoneId, status: 'active' }, trx)
        : []
      const encounters = await this.encounterRepo.encounters(actor, { roundId: id }, 500, trx)
      await recordAudit(trx, actor, {
        action: 'outreach.round_read',
        entityType: 'outreach_round',
        entityId: id,
      })
      return {
        round,
        places: places.map(toPlace),
        encounters: await this.encounters.toEncounters(actor, encounters, trx),
      }
    })
  }

  async updateRound(actor: Actor, id: string, input: z.infer<typeof roundUpdateSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      const current = await this.roundRepo.lockRound(trx, actor, id)
      if (!current) throw notFound()
      if (current.status === 'done') {
        throw validationError(
          'status',
          'Cette tournée est réalisée : seul son compte rendu peut être modifié.',
        )
      }
      await this.checkRoundReferences(actor, input, trx)
      const values: Updateable<OutreachRoundTable> = {}
      if (input.date !== undefined) values.round_date = input.date
      if (input.startTime !== undefined) values.start_time = input.startTime
      if (input.endTime !== undefined) values.end_time = input.endTime
      const start = hhmm(
        values.start_time === undefined ? current.start_time : (values.start_time as string | null),
      )
      const end = hhmm(values.end_time === undefined ? current.end_time : (values.end_time as string | null))
      if (start && end && start > end) {
        throw validationError('endTime', 'L’heure de fin doit suivre l’heure de début.')
      }
      if (input.teamId !== undefined) values.team_id = input.teamId
      if (input.zoneId !== undefined) values.zone_id = input.zoneId
      if (input.leadUserId !== undefined) values.lead_user_id = input.leadUserId
      if (input.partnerNames !== undefined) values.partner_names = input.partnerNames
      if (input.mode !== undefined) values.mode = input.mode
      if (input.note !== undefined) values.note = input.note
      if (input.status !== undefined) values.status = input.status
      await this.roundRepo.updateRound(trx, actor, id, values)
      if (input.agentIds !== undefined)
        await this.roundRepo.replaceRoundAgents(trx, actor, id, input.agentIds)
      await recordAudit(trx, actor, {
        action: 'outreach.round_update',
        entityType: 'outreach_round',
        entityId: id,
      })
      return this.round(actor, id, trx)
    })
  }

  /** The closing report: counts per handout item and remarks; the round is done. It can be corrected. */
  async closeRound(actor: Actor, id: string, input: z.infer<typeof roundCloseSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      const current = await this.roundRepo.lockRound(trx, actor, id)
      if (!current) throw notFound()
      if (current.status === 'cancelled') {
        throw validationError('status', 'Cette tournée est annulée : rétablissez-la avant de la clôturer.')
      }
      const start = hhmm(current.start_time)
      if (input.endTime && start && input.endTime < start) {
        throw validationError('endTime', 'L’heure de fin doit suivre l’heure de début.')
      }
      // Active items, and those already on this report (an item retired since can still be corrected).
      const [round] = await this.roundRepo.rounds(actor, { id }, 1, trx)
      const items = new Set([
        ...(await this.settings.listOf('handoutItems', actor.organisationId, trx))
          .filter((i) => i.active)
          .map((i) => i.id),
        ...(round?.handouts ?? []).map((h) => h.itemId),
      ])
      const unknown = input.handouts.findIndex((h) => !items.has(h.itemId))
      if (unknown >= 0) throw validationError(`handouts.${unknown}.itemId`, 'Élément distribué inconnu.')
      await this.roundRepo.replaceHandouts(trx, actor, id, input.handouts)
      await this.roundRepo.updateRound(trx, actor, id, {
        status: 'done',
        remarks: input.remarks ?? null,
        ...(input.endTime !== undefined ? { end_time: input.endTime } : {}),
        closed_at: new Date(),
        closed_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'outreach.round_close',
        entityType: 'outreach_round',
        entityId: id,
      })
      return this.round(actor, id, trx)
    })
  }
}
