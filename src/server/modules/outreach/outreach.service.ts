import type { Kysely, Updateable } from 'kysely'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  type Census,
  type censusQuerySchema,
  DEFAULT_CASELOAD_ALERT_DAYS,
  DEFAULT_HANDOUT_ITEMS,
  ENCOUNTER_ACTION,
  ENGAGED_DETAIL,
  ENGAGED_STAGES,
  ENGAGEMENT_STAGE,
  type Encounter,
  type EncounterInput,
  type EngagedDetail,
  type EngagementStage,
  type encounterListQuerySchema,
  type encounterUpdateSchema,
  FAMILY_RIGHT,
  type Family,
  type Followup,
  type familyCreateSchema,
  type familyListQuerySchema,
  type familyUpdateSchema,
  type followupCloseSchema,
  type followupCreateSchema,
  type followupListQuerySchema,
  type ListEntry,
  type listEntriesInputSchema,
  type mapQuerySchema,
  type Place,
  type placeCreateSchema,
  type placeListQuerySchema,
  type placeUpdateSchema,
  type placeVisitInputSchema,
  type Round,
  type referralInputSchema,
  type referralUpdateSchema,
  type roundCloseSchema,
  type roundCreateSchema,
  type roundListQuerySchema,
  type roundUpdateSchema,
  SITUATION,
  type stageChangeSchema,
} from '../../../shared/outreach.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { type Action, roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import type {
  Database,
  OutreachEncounterTable,
  OutreachPlaceTable,
  OutreachRoundTable,
} from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden, notFound, notInFuture, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed, canSeeConfidentialTeam } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { PartnersService } from '../partners/partners.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { type CensusPersonFacts, censusToCsv, computeCensus } from './outreach.census.ts'
import type { ListKind, OutreachRepository, PlaceVisitJson } from './outreach.repository.ts'

type RoundListed = Awaited<ReturnType<OutreachRepository['rounds']>>[number]
type PlaceListed = Awaited<ReturnType<OutreachRepository['places']>>[number]
type EncounterListed = Awaited<ReturnType<OutreachRepository['encounters']>>[number]
type FollowupListed = Awaited<ReturnType<OutreachRepository['followups']>>[number]
type FamilyListed = Awaited<ReturnType<OutreachRepository['families']>>[number]
type FollowupLocked = NonNullable<Awaited<ReturnType<OutreachRepository['lockFollowup']>>>

const iso = (date: Date | string) => new Date(date).toISOString()
const isoOrNull = (date: Date | string | null) => (date === null ? null : iso(date))
const hhmm = (time: string | null) => (time === null ? null : time.slice(0, 5))
const DAY_MS = 86_400_000
/** An encounter may be recorded a few minutes ahead of the server's clock, not more. */

/** Thrown inside a transaction to undo it when a concurrent resend won: its encounter is answered. */
class AlreadyRecorded extends Error {}

const anyOf = (actor: Actor, actions: Action[]) => actions.some((a) => roleAllows(actor.roles, a))

/** Without a team, a team the actor may file under (a confidential one only for its members). */
function checkTeam(
  actor: Actor,
  teamId: string | null | undefined,
  confidential: boolean | null,
  field: string,
) {
  if (!teamId) return
  if (confidential === null || (confidential && !canSeeConfidentialTeam(actor, teamId))) {
    throw validationError(field, 'Équipe inconnue.')
  }
}

function toVisit(visit: PlaceVisitJson) {
  return { ...visit, visitedAt: iso(visit.visitedAt) }
}

function toPlace(row: PlaceListed): Place {
  return {
    id: row.id,
    type: row.type as Place['type'],
    name: row.name,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    zoneId: row.zone_id,
    zoneName: row.zone_name,
    status: row.status as Place['status'],
    statusSince: row.status_since,
    riskNotes: row.risk_notes,
    lastVisit: row.last_visit ? toVisit(row.last_visit) : null,
    createdAt: iso(row.created_at),
  }
}

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
    closedAt: isoOrNull(row.closed_at),
    encounterCount: row.encounter_count,
    createdAt: iso(row.created_at),
  }
}

/** For an anonymous encounter: a child seen means a family; more than one person, a group. */
function observedHousehold(input: EncounterInput) {
  if (input.householdType !== undefined) return input.householdType
  if (!input.anonymous) return null
  if (input.anonymous.withChildren) return 'with_children'
  return input.anonymous.peopleCount > 1 ? 'group' : 'alone'
}

/**
 * Street outreach: rounds, places, encounters, the engagement of the people met and the team's
 * caseload, families with incomplete rights, the map and the census. Every read and write of named
 * data is audited in the same transaction; counts are not.
 */
export class OutreachService {
  constructor(
    private readonly repo: OutreachRepository,
    private readonly people: PeopleService,
    private readonly frontdesk: FrontdeskService,
    private readonly partners: PartnersService,
    /** The installation's map tiles (configuration), handed to the map page with the settings. */
    private readonly tiles: { tileUrl: string; tileAttribution: string },
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  // Configuration --------------------------------------------------------------------------------

  private async alertDays(organisationId: string, db: Kysely<Database>) {
    return (await this.repo.settings(organisationId, db))?.caseload_alert_days ?? DEFAULT_CASELOAD_ALERT_DAYS
  }

  async settings(actor: Actor) {
    if (!anyOf(actor, ['outreach.read', 'outreach.configure'])) throw forbidden()
    return this.settingsOf(await this.alertDays(actor.organisationId, this.db))
  }

  private settingsOf(caseloadAlertDays: number) {
    return {
      caseloadAlertDays,
      mapTileUrl: this.tiles.tileUrl,
      mapTileAttribution: this.tiles.tileAttribution,
    }
  }

  async saveSettings(actor: Actor, input: { caseloadAlertDays: number }) {
    assertAllowed(actor, 'outreach.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.repo.saveSettings(trx, actor, input.caseloadAlertDays)
      await recordAudit(trx, actor, { action: 'outreach.settings_update', entityType: 'outreach_settings' })
      return this.settingsOf(input.caseloadAlertDays)
    })
  }

  private async listOf(kind: ListKind, organisationId: string, db: Kysely<Database>): Promise<ListEntry[]> {
    const items = await this.repo.list(kind, organisationId, db)
    if (items.length > 0 || kind === 'zones') return items
    await this.repo.ensureList(db, kind, organisationId, DEFAULT_HANDOUT_ITEMS)
    return this.repo.list(kind, organisationId, db)
  }

  /** Zones also serve whoever enters or triages reports (signalements) in a zone. */
  async entries(actor: Actor, kind: ListKind) {
    const readers: Action[] =
      kind === 'zones'
        ? ['outreach.read', 'outreach.configure', 'report.create', 'report.triage']
        : ['outreach.read', 'outreach.configure']
    if (!anyOf(actor, readers)) throw forbidden()
    return this.db.transaction().execute((trx) => this.listOf(kind, actor.organisationId, trx))
  }

  async saveEntries(actor: Actor, kind: ListKind, input: z.infer<typeof listEntriesInputSchema>) {
    assertAllowed(actor, 'outreach.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.listOf(kind, actor.organisationId, trx)
      const { unknownIndex } = await this.repo.saveList(trx, kind, actor.organisationId, input.items)
      if (unknownIndex !== null) throw validationError(`items.${unknownIndex}.id`, 'Élément inconnu.')
      await recordAudit(trx, actor, {
        action: kind === 'zones' ? 'outreach.zones_update' : 'outreach.handout_items_update',
        entityType: kind === 'zones' ? 'outreach_zone' : 'outreach_handout_item',
      })
      return this.repo.list(kind, actor.organisationId, trx)
    })
  }

  /** The front desk's contact reasons, for the needs of an encounter (the nurse has no front desk access). */
  async needReasons(actor: Actor): Promise<ListEntry[]> {
    assertAllowed(actor, 'outreach.read')
    const reasons = await this.db
      .transaction()
      .execute((trx) => this.frontdesk.contactReasonsOf(actor.organisationId, trx))
    return reasons.map((r) => ({ id: r.id, label: r.label, active: r.active }))
  }

  // Rounds -----------------------------------------------------------------------------------------

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
    const [row] = await this.repo.rounds(actor, { id }, 1, db)
    if (!row) throw notFound()
    return toRound(row)
  }

  async listRounds(actor: Actor, query: z.infer<typeof roundListQuerySchema>) {
    assertAllowed(actor, 'outreach.read')
    const rows = await this.repo.rounds(actor, query, query.limit)
    return rows.map(toRound)
  }

  async createRound(actor: Actor, input: z.infer<typeof roundCreateSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      await this.checkRoundReferences(actor, input, trx)
      const { id } = await this.repo.insertRound(trx, actor, {
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
      await this.repo.replaceRoundAgents(trx, actor, id, input.agentIds ?? [])
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
        ? await this.repo.places(actor.organisationId, { zoneId: round.zoneId, status: 'active' }, trx)
        : []
      const encounters = await this.repo.encounters(actor, { roundId: id }, 500, trx)
      await recordAudit(trx, actor, {
        action: 'outreach.round_read',
        entityType: 'outreach_round',
        entityId: id,
      })
      return {
        round,
        places: places.map(toPlace),
        encounters: await this.toEncounters(actor, encounters, trx),
      }
    })
  }

  async updateRound(actor: Actor, id: string, input: z.infer<typeof roundUpdateSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      const current = await this.repo.lockRound(trx, actor, id)
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
      await this.repo.updateRound(trx, actor, id, values)
      if (input.agentIds !== undefined) await this.repo.replaceRoundAgents(trx, actor, id, input.agentIds)
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
      const current = await this.repo.lockRound(trx, actor, id)
      if (!current) throw notFound()
      if (current.status === 'cancelled') {
        throw validationError('status', 'Cette tournée est annulée : rétablissez-la avant de la clôturer.')
      }
      const start = hhmm(current.start_time)
      if (input.endTime && start && input.endTime < start) {
        throw validationError('endTime', 'L’heure de fin doit suivre l’heure de début.')
      }
      // Active items, and those already on this report (an item retired since can still be corrected).
      const [round] = await this.repo.rounds(actor, { id }, 1, trx)
      const items = new Set([
        ...(await this.listOf('handoutItems', actor.organisationId, trx))
          .filter((i) => i.active)
          .map((i) => i.id),
        ...(round?.handouts ?? []).map((h) => h.itemId),
      ])
      const unknown = input.handouts.findIndex((h) => !items.has(h.itemId))
      if (unknown >= 0) throw validationError(`handouts.${unknown}.itemId`, 'Élément distribué inconnu.')
      await this.repo.replaceHandouts(trx, actor, id, input.handouts)
      await this.repo.updateRound(trx, actor, id, {
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

  // Places ---------------------------------------------------------------------------------------

  private async placeOrFail(organisationId: string, id: string, db: Kysely<Database>) {
    const [row] = await this.repo.places(organisationId, { id }, db)
    if (!row) throw notFound()
    return row
  }

  async listPlaces(actor: Actor, query: z.infer<typeof placeListQuerySchema>) {
    assertAllowed(actor, 'outreach.read')
    return (await this.repo.places(actor.organisationId, query)).map(toPlace)
  }

  private async checkZone(actor: Actor, zoneId: string | null | undefined, db: Kysely<Database>) {
    if (zoneId && !(await this.repo.references(db, actor, { zoneId })).zone) {
      throw validationError('zoneId', 'Zone inconnue.')
    }
  }

  async createPlace(actor: Actor, input: z.infer<typeof placeCreateSchema>) {
    assertAllowed(actor, 'outreach.write')
    const statusOn = input.statusOn ?? todayInFrance()
    if (statusOn > todayInFrance())
      throw validationError('statusOn', 'La date ne peut pas être dans le futur.')
    return this.db.transaction().execute(async (trx) => {
      await this.checkZone(actor, input.zoneId, trx)
      const { id } = await this.repo.insertPlace(trx, actor, {
        type: input.type,
        name: input.name,
        address: input.address ?? null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        zone_id: input.zoneId ?? null,
        status: input.status,
        status_since: statusOn,
        risk_notes: input.riskNotes ?? null,
      })
      await this.repo.addPlaceStatus(trx, actor, id, input.status, statusOn, null)
      await recordAudit(trx, actor, {
        action: 'outreach.place_create',
        entityType: 'outreach_place',
        entityId: id,
      })
      return toPlace(await this.placeOrFail(actor.organisationId, id, trx))
    })
  }

  private async placeDetail(organisationId: string, id: string, db: Kysely<Database>) {
    const place = toPlace(await this.placeOrFail(organisationId, id, db))
    const statuses = await this.repo.placeStatuses(id, db)
    const visits = await this.repo.placeVisits(id, db)
    return {
      ...place,
      statusHistory: statuses.map((s) => ({
        status: s.status as Place['status'],
        on: s.changed_on,
        note: s.note,
        recordedBy: s.recorded_by,
      })),
      visits: visits.map((v) => ({
        id: v.id,
        visitedAt: iso(v.visited_at),
        occupants: v.occupants,
        roundId: v.round_id,
        encounterId: v.encounter_id,
        note: v.note,
        recordedBy: v.recorded_by,
      })),
    }
  }

  async getPlace(actor: Actor, id: string) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute((trx) => this.placeDetail(actor.organisationId, id, trx))
  }

  async updatePlace(actor: Actor, id: string, input: z.infer<typeof placeUpdateSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      const current = await this.placeOrFail(actor.organisationId, id, trx)
      await this.checkZone(actor, input.zoneId, trx)
      const values: Updateable<OutreachPlaceTable> = {}
      if (input.type !== undefined) values.type = input.type
      if (input.name !== undefined) values.name = input.name
      if (input.address !== undefined) values.address = input.address
      if (input.latitude !== undefined) values.latitude = input.latitude
      if (input.longitude !== undefined) values.longitude = input.longitude
      if (input.zoneId !== undefined) values.zone_id = input.zoneId
      if (input.riskNotes !== undefined) values.risk_notes = input.riskNotes
      const address = values.address === undefined ? current.address : values.address
      const latitude = values.latitude === undefined ? current.latitude : values.latitude
      if (!address && latitude === null) {
        throw validationError('address', 'Indiquez une adresse ou un point sur la carte.')
      }
      if (input.status !== undefined && input.status !== current.status) {
        const on = input.statusOn ?? todayInFrance()
        if (on > todayInFrance()) throw validationError('statusOn', 'La date ne peut pas être dans le futur.')
        if (on < current.status_since) {
          throw validationError('statusOn', 'Le changement ne peut pas précéder le statut actuel.')
        }
        values.status = input.status
        values.status_since = on
        await this.repo.addPlaceStatus(trx, actor, id, input.status, on, input.statusNote ?? null)
      }
      await this.repo.updatePlace(trx, actor, id, values)
      await recordAudit(trx, actor, {
        action: 'outreach.place_update',
        entityType: 'outreach_place',
        entityId: id,
      })
      return this.placeDetail(actor.organisationId, id, trx)
    })
  }

  /** A visit of the place: how many people were there. Alone, or during a round or an encounter. */
  async addPlaceVisit(actor: Actor, placeId: string, input: z.infer<typeof placeVisitInputSchema>) {
    assertAllowed(actor, 'outreach.write')
    const visitedAt = input.visitedAt ? new Date(input.visitedAt) : new Date()
    notInFuture(visitedAt, 'visitedAt')
    return this.db.transaction().execute(async (trx) => {
      await this.placeOrFail(actor.organisationId, placeId, trx)
      if (input.roundId) {
        const found = await this.repo.references(trx, actor, { roundId: input.roundId })
        if (
          !found.round ||
          (found.round.confidential && !canSeeConfidentialTeam(actor, found.round.team_id!))
        ) {
          throw validationError('roundId', 'Tournée inconnue.')
        }
      }
      if (input.encounterId) {
        const [encounter] = await this.repo.encounters(actor, { id: input.encounterId }, 1, trx)
        if (!encounter) throw validationError('encounterId', 'Rencontre inconnue.')
      }
      const { id } = await this.repo.addPlaceVisit(trx, actor, {
        place_id: placeId,
        visited_at: visitedAt,
        occupants: input.occupants ?? null,
        round_id: input.roundId ?? null,
        encounter_id: input.encounterId ?? null,
        note: input.note ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'outreach.place_visit',
        entityType: 'outreach_place',
        entityId: placeId,
      })
      const detail = await this.placeDetail(actor.organisationId, placeId, trx)
      return detail.visits.find((v) => v.id === id)!
    })
  }

  // Encounters -------------------------------------------------------------------------------------

  /** Checks every reference of an encounter; a wrong one is a field error, never a 500. */
  private async checkEncounterReferences(
    actor: Actor,
    input: {
      teamId?: string | null
      roundId?: string | null
      placeId?: string | null
      orientationTeamId?: string | null
      orientationPartnerServiceId?: string | null
      reasonIds?: string[]
    },
    db: Kysely<Database>,
  ) {
    const found = await this.repo.references(db, actor, input)
    checkTeam(actor, input.teamId, found.team_confidential, 'teamId')
    if (input.roundId) {
      const round = found.round
      if (!round || (round.confidential && !canSeeConfidentialTeam(actor, round.team_id!))) {
        throw validationError('roundId', 'Tournée inconnue.')
      }
      if (round.status === 'cancelled') throw validationError('roundId', 'Cette tournée est annulée.')
    }
    if (input.placeId && !found.place) throw validationError('placeId', 'Lieu inconnu.')
    if (input.orientationTeamId && !found.orientation_team) {
      throw validationError('orientationTeamId', 'Équipe inconnue.')
    }
    if (input.orientationPartnerServiceId) {
      const service = (
        await this.partners.serviceNames(actor.organisationId, [input.orientationPartnerServiceId], db)
      ).get(input.orientationPartnerServiceId)
      if (!service?.active)
        throw validationError('orientationPartnerServiceId', 'Service partenaire inconnu.')
    }
    if (input.reasonIds?.length) {
      const reasons = await this.frontdesk.contactReasonsOf(actor.organisationId, db)
      const active = new Set(reasons.filter((r) => r.active).map((r) => r.id))
      const unknown = input.reasonIds.findIndex((id) => !active.has(id))
      if (unknown >= 0) throw validationError(`reasonIds.${unknown}`, 'Motif inconnu.')
    }
    return found
  }

  /** An encounter with a merged file goes to the kept one, where everyone looks for it. */
  /** The file a record goes on: the person's, or the one theirs was merged into. */
  private async resolvePerson(actor: Actor, personId: string, db: Kysely<Database>) {
    return (await this.people.recordFileOrFail(actor, personId, db)).id
  }

  private async toEncounters(
    actor: Actor,
    rows: EncounterListed[],
    db: Kysely<Database>,
  ): Promise<Encounter[]> {
    const people = await this.people.visiblePeople(
      actor,
      rows.flatMap((r) => (r.person_id ? [r.person_id] : [])),
      db,
    )
    return rows.map((row) => {
      // Linked to a file the reader may not see (confidential team): neither the link nor the note shows.
      const hidden = row.person_id !== null && !people.has(row.person_id)
      const anonymous = row.person_id === null
      return {
        id: row.id,
        idempotencyKey: row.idempotency_key,
        occurredAt: iso(row.occurred_at),
        roundId: row.round_id,
        teamId: row.team_id,
        teamName: row.team_name,
        latitude: row.latitude,
        longitude: row.longitude,
        address: row.address,
        placeId: row.place_id,
        placeName: row.place_name,
        personId: hidden ? null : row.person_id,
        personName: row.person_id ? (people.get(row.person_id)?.displayName ?? null) : null,
        anonymous: anonymous
          ? {
              sex: row.anonymous_sex,
              approximateAge: row.anonymous_age,
              withChildren: row.anonymous_with_children,
              peopleCount: row.anonymous_people_count ?? 1,
              description: row.anonymous_description,
            }
          : null,
        householdType: row.household_type as Encounter['householdType'],
        situation: row.situation as Encounter['situation'],
        reasonIds: row.reason_ids,
        needs: row.needs as Encounter['needs'],
        actions: row.actions as Encounter['actions'],
        orientationTeamId: row.orientation_team_id,
        orientationPartnerServiceId: row.orientation_partner_service_id,
        orientationPartnerServiceName: row.service_name,
        note: hidden ? null : row.note,
        followupId: hidden ? null : row.followup_id,
        createdBy: row.author_name,
        createdAt: iso(row.created_at),
      }
    })
  }

  private async encounter(actor: Actor, id: string, db: Kysely<Database>) {
    const [row] = await this.repo.encounters(actor, { id }, 1, db)
    if (!row) throw notFound()
    return (await this.toEncounters(actor, [row], db))[0]!
  }

  /**
   * Records an encounter once per idempotency key: a resend (the offline queue replaying, a double
   * tap) answers the first one with `created: false`, even when both arrive at the same time.
   */
  async createEncounter(
    actor: Actor,
    input: EncounterInput,
  ): Promise<{ encounter: Encounter; created: boolean }> {
    assertAllowed(actor, 'outreach.write')
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : new Date()
    notInFuture(occurredAt, 'occurredAt')
    try {
      return await this.db.transaction().execute(async (trx) => {
        await this.repo.lockIdempotencyKey(trx, actor.organisationId, input.idempotencyKey)
        const existing = await this.repo.encounterByKey(actor.organisationId, input.idempotencyKey, trx)
        if (existing) return { encounter: await this.encounter(actor, existing.id, trx), created: false }
        const found = await this.checkEncounterReferences(actor, input, trx)
        // Met during a team's round: the encounter is the team's unless the agent says otherwise.
        const teamId = input.teamId !== undefined ? input.teamId : (found.round?.team_id ?? null)
        const personId = input.personId
          ? await this.resolvePerson(actor, input.personId, trx)
          : input.newPerson
            ? (
                await this.people.createWithin(
                  actor,
                  {
                    aliases: input.newPerson.nickname ? [input.newPerson.nickname] : [],
                    description: input.newPerson.description,
                    sex: input.newPerson.sex,
                    approximateAge: input.newPerson.approximateAge,
                    approximateAgeOn: todayInFrance(occurredAt),
                    referralSource: 'outreach',
                    teamId,
                  },
                  trx,
                )
              ).id
            : null
        const anonymous = personId ? null : input.anonymous
        const inserted = await this.repo.insertEncounter(trx, actor, {
          idempotency_key: input.idempotencyKey,
          round_id: input.roundId ?? null,
          team_id: teamId,
          occurred_at: occurredAt,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          address: input.address ?? null,
          place_id: input.placeId ?? null,
          person_id: personId,
          anonymous_sex: anonymous?.sex ?? null,
          anonymous_age: anonymous?.approximateAge ?? null,
          anonymous_with_children: anonymous?.withChildren ?? null,
          anonymous_people_count: anonymous ? anonymous.peopleCount : null,
          anonymous_description: anonymous?.description ?? null,
          household_type: observedHousehold(input),
          situation: input.situation,
          reason_ids: [...new Set(input.reasonIds)],
          needs: [...new Set(input.needs)],
          actions: [...new Set(input.actions)],
          orientation_team_id: input.orientationTeamId ?? null,
          orientation_partner_service_id: input.orientationPartnerServiceId ?? null,
          note: input.note ?? null,
        })
        if (!inserted) throw new AlreadyRecorded()
        if (input.placeId && input.placeOccupants !== undefined) {
          await this.repo.addPlaceVisit(trx, actor, {
            place_id: input.placeId,
            visited_at: occurredAt,
            occupants: input.placeOccupants,
            round_id: input.roundId ?? null,
            encounter_id: inserted.id,
            note: null,
          })
        }
        if (personId) {
          await this.engage(trx, actor, personId, teamId, occurredAt, input.engagementStage ?? null)
        }
        await recordAudit(trx, actor, {
          action: 'outreach.encounter_create',
          entityType: 'outreach_encounter',
          entityId: inserted.id,
          personId,
        })
        return { encounter: await this.encounter(actor, inserted.id, trx), created: true }
      })
    } catch (error) {
      if (!(error instanceof AlreadyRecorded)) throw error
      return this.db.transaction().execute(async (trx) => {
        const existing = await this.repo.encounterByKey(actor.organisationId, input.idempotencyKey, trx)
        if (!existing) throw error
        return { encounter: await this.encounter(actor, existing.id, trx), created: false }
      })
    }
  }

  /**
   * An encounter with a person opens their follow-up by the team if none is open (first contact); a
   * later encounter makes a first contact "known". The stage the agent chose applies at the encounter.
   */
  private async engage(
    db: Kysely<Database>,
    actor: Actor,
    personId: string,
    teamId: string | null,
    at: Date,
    stage: EngagementStage | null,
  ) {
    let followup = await this.repo.openFollowup(db, actor.organisationId, personId, teamId)
    if (!followup) {
      followup = await this.repo.insertFollowup(db, actor, {
        person_id: personId,
        team_id: teamId,
        stage: 'first_contact',
        first_contact_at: at,
      })
      if (followup) {
        await this.repo.addStage(db, actor, followup.id, 'first_contact', at, null)
      } else {
        // A concurrent encounter opened it a moment ago.
        followup = await this.repo.openFollowup(db, actor.organisationId, personId, teamId)
        if (!followup) throw new Error('open follow-up vanished')
      }
    } else if (at < new Date(followup.first_contact_at)) {
      await this.repo.moveFirstContact(db, followup.id, at)
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
    await this.repo.updateFollowup(db, followup.id, {
      stage,
      ...(ENGAGED_STAGES.includes(stage) && !followup.engaged_at ? { engaged_at: at } : {}),
      refused_at: stage === 'refused' ? at : null,
    })
    await this.repo.addStage(db, actor, followup.id, stage, at, note)
  }

  async listEncounters(actor: Actor, query: z.infer<typeof encounterListQuerySchema>) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      let personIds: string[] | undefined
      if (query.personId) {
        if (!(await this.people.visiblePeople(actor, [query.personId], trx)).has(query.personId))
          throw notFound()
        personIds = [query.personId]
      }
      const rows = await this.repo.encounters(actor, { ...query, personIds }, query.limit, trx)
      await recordAudit(trx, actor, {
        action: 'outreach.encounter_list',
        entityType: 'outreach_encounter',
        personId: query.personId,
      })
      return this.toEncounters(actor, rows, trx)
    })
  }

  async getEncounter(actor: Actor, id: string) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      const encounter = await this.encounter(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'outreach.encounter_read',
        entityType: 'outreach_encounter',
        entityId: id,
        personId: encounter.personId,
      })
      return encounter
    })
  }

  /** Completes an encounter: the anonymous person now has a file (their follow-up opens), a note… */
  async updateEncounter(actor: Actor, id: string, input: z.infer<typeof encounterUpdateSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      const [current] = await this.repo.encounters(actor, { id }, 1, trx)
      if (!current) throw notFound()
      if (
        current.person_id &&
        !(await this.people.visiblePeople(actor, [current.person_id], trx)).has(current.person_id)
      ) {
        throw notFound()
      }
      await this.checkEncounterReferences(actor, input, trx)
      const actions = input.actions ?? (current.actions as EncounterInput['actions'])
      const orientationTeam =
        input.orientationTeamId !== undefined ? input.orientationTeamId : current.orientation_team_id
      const orientationService =
        input.orientationPartnerServiceId !== undefined
          ? input.orientationPartnerServiceId
          : current.orientation_partner_service_id
      if (actions.includes('orientation_team') && !orientationTeam) {
        throw validationError(
          'orientationTeamId',
          'Choisissez l’équipe vers laquelle la personne est orientée.',
        )
      }
      if (actions.includes('orientation_partner') && !orientationService) {
        throw validationError(
          'orientationPartnerServiceId',
          'Choisissez le service partenaire vers lequel la personne est orientée.',
        )
      }
      if (actions.includes('nothing_accepted') && actions.length > 1) {
        throw validationError('actions', '« Rien n’a été accepté » ne se combine pas avec une autre action.')
      }
      const values: Updateable<OutreachEncounterTable> = {}
      let newPerson: string | null = null
      if (input.personId !== undefined && input.personId !== current.person_id) {
        if (input.personId === null) {
          throw validationError('personId', 'Une rencontre avec une personne ne redevient pas anonyme.')
        }
        newPerson = await this.resolvePerson(actor, input.personId, trx)
        values.person_id = newPerson
      }
      if (input.situation !== undefined) values.situation = input.situation
      if (input.householdType !== undefined) values.household_type = input.householdType
      if (input.reasonIds !== undefined) values.reason_ids = [...new Set(input.reasonIds)]
      if (input.needs !== undefined) values.needs = [...new Set(input.needs)]
      if (input.actions !== undefined) values.actions = [...new Set(input.actions)]
      if (input.orientationTeamId !== undefined) values.orientation_team_id = input.orientationTeamId
      if (input.orientationPartnerServiceId !== undefined) {
        values.orientation_partner_service_id = input.orientationPartnerServiceId
      }
      if (input.placeId !== undefined) values.place_id = input.placeId
      if (input.note !== undefined) values.note = input.note
      await this.repo.updateEncounter(trx, actor, id, values)
      if (newPerson)
        await this.engage(trx, actor, newPerson, current.team_id, new Date(current.occurred_at), null)
      await recordAudit(trx, actor, {
        action: 'outreach.encounter_update',
        entityType: 'outreach_encounter',
        entityId: id,
        personId: newPerson ?? current.person_id,
      })
      return this.encounter(actor, id, trx)
    })
  }

  // Engagement and caseload -------------------------------------------------------------------------

  private async toFollowups(actor: Actor, rows: FollowupListed[], db: Kysely<Database>): Promise<Followup[]> {
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
    const stages = await this.repo.stages(
      visible.map((r) => r.id),
      db,
    )
    const alertDays = await this.alertDays(actor.organisationId, db)
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
        firstContactAt: iso(row.first_contact_at),
        engagedAt: isoOrNull(row.engaged_at),
        refusedAt: isoOrNull(row.refused_at),
        lastContactAt: iso(lastContact),
        daysSinceLastContact: days,
        alert: row.closed_at === null && days > alertDays,
        closedAt: isoOrNull(row.closed_at),
        exitReason: row.exit_reason as Followup['exitReason'],
        exitNote: row.exit_note,
        missingDetails: has ? ENGAGED_DETAIL.values.filter((detail: EngagedDetail) => !has[detail]) : [],
        history: stages
          .filter((s) => s.followup_id === row.id)
          .map((s) => ({
            stage: s.stage as EngagementStage,
            at: iso(s.changed_at),
            note: s.note,
            by: s.changed_by,
          })),
      }
    })
  }

  private async followup(actor: Actor, id: string, db: Kysely<Database>) {
    const rows = await this.repo.followups(actor, { id }, db)
    const [followup] = await this.toFollowups(actor, rows, db)
    if (!followup) throw notFound()
    return followup
  }

  /** The team's open follow-ups, the longest without contact first, flagged past the delay. */
  async caseload(actor: Actor, query: { teamId?: string }) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.followups(actor, { teamId: query.teamId }, trx)
      await recordAudit(trx, actor, { action: 'outreach.caseload_read', entityType: 'outreach_followup' })
      return {
        alertDays: await this.alertDays(actor.organisationId, trx),
        items: await this.toFollowups(actor, rows, trx),
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
      const rows = await this.repo.followups(
        actor,
        {
          personIds: query.personId ? [query.personId] : undefined,
          teamId: query.teamId,
          includeClosed: query.includeClosed,
        },
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'outreach.followup_list',
        entityType: 'outreach_followup',
        personId: query.personId,
      })
      return this.toFollowups(actor, rows, trx)
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
      const personId = await this.resolvePerson(actor, input.personId, trx)
      const created = await this.repo.insertFollowup(trx, actor, {
        person_id: personId,
        team_id: input.teamId ?? null,
        stage: 'first_contact',
        first_contact_at: at,
      })
      if (!created)
        throw validationError('personId', 'Cette personne a déjà un suivi ouvert par cette équipe.')
      await this.repo.addStage(trx, actor, created.id, 'first_contact', at, null)
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
    const row = await this.repo.lockFollowup(db, actor, id)
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
      await this.repo.updateFollowup(trx, id, {
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

  // Families with incomplete rights --------------------------------------------------------------

  private async toFamilies(actor: Actor, rows: FamilyListed[], db: Kysely<Database>): Promise<Family[]> {
    const rights = await this.repo.rights(
      rows.map((r) => r.id),
      db,
    )
    const referrals = await this.repo.referrals(
      rows.map((r) => r.id),
      db,
    )
    const services = await this.partners.serviceNames(
      actor.organisationId,
      referrals.map((r) => r.partner_service_id),
      db,
    )
    const households = await this.people.householdCompositions(
      actor,
      rows.map((r) => r.household_id),
      db,
    )
    const rightOf = new Map(rights.map((r) => [`${r.family_id}:${r.item}`, r]))
    const referralsOf = new Map<string, typeof referrals>()
    for (const r of referrals) referralsOf.set(r.family_id, [...(referralsOf.get(r.family_id) ?? []), r])
    const families: Family[] = []
    for (const row of rows) {
      // A household with a member out of the reader's reach is not shown (nor are its rights).
      const household = households.get(row.household_id)
      if (!household) continue
      families.push({
        id: row.id,
        householdId: row.household_id,
        members: household.members.map((m) => ({
          personId: m.personId,
          displayName: m.displayName,
          relationship: m.relationship,
          birthDate: m.birthDate,
        })),
        teamId: row.team_id,
        teamName: row.team_name,
        flagged: row.flagged,
        flaggedOn: row.flagged_on,
        note: row.note,
        rights: FAMILY_RIGHT.values.map((item) => {
          const right = rightOf.get(`${row.id}:${item}`)
          return {
            item,
            status: (right?.status ?? 'to_check') as Family['rights'][number]['status'],
            on: right?.status_on ?? null,
            note: right?.note ?? null,
          }
        }),
        referrals: (referralsOf.get(row.id) ?? []).map((r) => ({
          id: r.id,
          partnerServiceId: r.partner_service_id,
          partnerServiceName: services.get(r.partner_service_id)?.name ?? '',
          referredOn: r.referred_on,
          outcome: r.outcome as Family['referrals'][number]['outcome'],
          outcomeOn: r.outcome_on,
          note: r.note,
        })),
      })
    }
    return families
  }

  private async family(actor: Actor, id: string, db: Kysely<Database>, forUpdate = false) {
    const rows = await this.repo.families(actor, { id, forUpdate }, db)
    const [family] = await this.toFamilies(actor, rows, db)
    if (!family) throw notFound()
    return family
  }

  async listFamilies(actor: Actor, query: z.infer<typeof familyListQuerySchema>) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.families(actor, query, trx)
      await recordAudit(trx, actor, { action: 'outreach.family_list', entityType: 'outreach_family' })
      return this.toFamilies(actor, rows, trx)
    })
  }

  async getFamily(actor: Actor, id: string) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      const family = await this.family(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'outreach.family_read',
        entityType: 'outreach_family',
        entityId: id,
      })
      return family
    })
  }

  async createFamily(actor: Actor, input: z.infer<typeof familyCreateSchema>) {
    assertAllowed(actor, 'outreach.write')
    const flaggedOn = input.flaggedOn ?? todayInFrance()
    if (flaggedOn > todayInFrance())
      throw validationError('flaggedOn', 'La date ne peut pas être dans le futur.')
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.people.householdComposition(actor, input.householdId, trx))) {
        throw validationError('householdId', 'Foyer inconnu.')
      }
      const found = await this.repo.references(trx, actor, { teamId: input.teamId })
      checkTeam(actor, input.teamId, found.team_confidential, 'teamId')
      const created = await this.repo.insertFamily(trx, actor, {
        household_id: input.householdId,
        team_id: input.teamId ?? null,
        flagged_on: flaggedOn,
        note: input.note ?? null,
      })
      if (!created)
        throw validationError('householdId', 'Ce foyer est déjà suivi au titre des droits incomplets.')
      await this.repo.saveRights(trx, actor, created.id, input.rights)
      await recordAudit(trx, actor, {
        action: 'outreach.family_create',
        entityType: 'outreach_family',
        entityId: created.id,
      })
      return this.family(actor, created.id, trx)
    })
  }

  async updateFamily(actor: Actor, id: string, input: z.infer<typeof familyUpdateSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      await this.family(actor, id, trx, true)
      if (input.teamId !== undefined) {
        const found = await this.repo.references(trx, actor, { teamId: input.teamId })
        checkTeam(actor, input.teamId, found.team_confidential, 'teamId')
      }
      await this.repo.updateFamily(trx, id, {
        ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
        ...(input.flagged !== undefined ? { flagged: input.flagged } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
      })
      if (input.rights) await this.repo.saveRights(trx, actor, id, input.rights)
      await recordAudit(trx, actor, {
        action: 'outreach.family_update',
        entityType: 'outreach_family',
        entityId: id,
      })
      return this.family(actor, id, trx)
    })
  }

  /** A referral to a partner service (the département's PMI, social services…), with its outcome later. */
  async addReferral(actor: Actor, id: string, input: z.infer<typeof referralInputSchema>) {
    assertAllowed(actor, 'outreach.write')
    if (input.referredOn > todayInFrance()) {
      throw validationError('referredOn', 'La date ne peut pas être dans le futur.')
    }
    return this.db.transaction().execute(async (trx) => {
      await this.family(actor, id, trx, true)
      const service = (
        await this.partners.serviceNames(actor.organisationId, [input.partnerServiceId], trx)
      ).get(input.partnerServiceId)
      if (!service?.active) throw validationError('partnerServiceId', 'Service partenaire inconnu.')
      await this.repo.insertReferral(trx, actor, {
        family_id: id,
        partner_service_id: input.partnerServiceId,
        referred_on: input.referredOn,
        note: input.note ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'outreach.family_referral',
        entityType: 'outreach_family',
        entityId: id,
      })
      return this.family(actor, id, trx)
    })
  }

  async updateReferral(
    actor: Actor,
    id: string,
    referralId: string,
    input: z.infer<typeof referralUpdateSchema>,
  ) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      const family = await this.family(actor, id, trx, true)
      const referral = family.referrals.find((r) => r.id === referralId)
      if (!referral) throw notFound()
      const outcomeOn =
        input.outcomeOn === undefined
          ? input.outcome === 'pending'
            ? null
            : todayInFrance()
          : input.outcomeOn
      if (outcomeOn && outcomeOn < referral.referredOn) {
        throw validationError('outcomeOn', 'La réponse ne peut pas précéder l’orientation.')
      }
      await this.repo.updateReferral(trx, id, referralId, {
        outcome: input.outcome,
        outcome_on: outcomeOn,
        ...(input.note !== undefined ? { note: input.note } : {}),
      })
      await recordAudit(trx, actor, {
        action: 'outreach.family_referral',
        entityType: 'outreach_family',
        entityId: id,
      })
      return this.family(actor, id, trx)
    })
  }

  // Map and census ---------------------------------------------------------------------------------

  /** Points only: encounters (anonymous or not, never a name) and places, for the period and team. */
  async map(actor: Actor, query: z.infer<typeof mapQuerySchema>) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      const encounters = await this.repo.mapEncounters(actor, query, trx)
      const places = await this.repo.mapPlaces(actor.organisationId, trx)
      await recordAudit(trx, actor, { action: 'outreach.map_read', entityType: 'outreach_encounter' })
      return {
        encounters: encounters.map((e) => ({
          id: e.id,
          latitude: e.latitude!,
          longitude: e.longitude!,
          occurredAt: iso(e.occurred_at),
          situation: e.situation as keyof typeof SITUATION.labels,
          anonymous: e.person_id === null,
          teamId: e.team_id,
          placeId: e.place_id,
        })),
        places: places.map((p) => ({
          id: p.id,
          name: p.name,
          type: p.type as Place['type'],
          status: p.status as Place['status'],
          latitude: p.latitude!,
          longitude: p.longitude!,
          zoneId: p.zone_id,
        })),
      }
    })
  }

  /**
   * The census of a period: counts only, never a name nor an id of a person. An indicator: readable
   * with `outreach.read` or `indicators.read`. Counts cover the whole organisation, confidential
   * teams included, as the front desk's counts do.
   */
  async census(actor: Actor, query: z.infer<typeof censusQuerySchema>): Promise<Census> {
    if (!anyOf(actor, ['outreach.read', 'indicators.read'])) throw forbidden()
    return this.db.transaction().execute(async (trx) => {
      const org = actor.organisationId
      if (query.teamId && !(await this.repo.teamNames(org, trx)).some((t) => t.id === query.teamId)) {
        throw validationError('teamId', 'Équipe inconnue.')
      }
      const encounters = await this.repo.censusEncounters(org, query, trx)
      const rawIds = [...new Set(encounters.flatMap((e) => (e.person_id ? [e.person_id] : [])))]
      const facts = await this.people.personFacts(org, rawIds, trx)
      const kept = [...facts.values()].flatMap((f) => (f.mergedIntoId ? [f.mergedIntoId] : []))
      const keptFacts = await this.people.personFacts(
        org,
        kept.filter((id) => !facts.has(id)),
        trx,
      )
      const persons = new Map<string, CensusPersonFacts>([...facts, ...keptFacts])
      const engaged = await this.repo.engagedPersons(
        org,
        [...rawIds, ...kept],
        ENGAGED_STAGES,
        query.to,
        query.teamId,
        trx,
      )
      return computeCensus({
        from: query.from,
        to: query.to,
        teamId: query.teamId ?? null,
        encounters,
        persons,
        engaged,
      })
    })
  }

  async censusCsv(actor: Actor, query: z.infer<typeof censusQuerySchema>) {
    const census = await this.census(actor, query)
    const teams = query.teamId ? await this.repo.teamNames(actor.organisationId) : []
    return censusToCsv(census, teams.find((t) => t.id === query.teamId)?.name ?? null)
  }

  // Timeline -----------------------------------------------------------------------------------------

  /** What street outreach shows on a person's timeline and in their access export. */
  timelineSource(): TimelineSource {
    const readable = (actor: Actor) => roleAllows(actor.roles, 'outreach.read')
    const situations: Record<string, string> = SITUATION.labels
    const actions: Record<string, string> = ENCOUNTER_ACTION.labels
    const stages: Record<string, string> = ENGAGEMENT_STAGE.labels
    return {
      kind: 'outreach',
      label: 'Aller-vers : rencontres et accompagnement',
      entries: async (db, actor, personIds) => {
        if (!readable(actor)) return []
        const rows = await this.repo.encounters(actor, { personIds }, 2000, db)
        const encounters = rows.map(
          (row): TimelineEntry => ({
            kind: 'outreach',
            kindLabel: 'Aller-vers',
            id: row.id,
            at: iso(row.occurred_at),
            title: ['Rencontre', situations[row.situation] ?? row.situation, row.team_name]
              .filter(Boolean)
              .join(' — '),
            detail:
              [
                row.place_name,
                row.reason_labels.join(', '),
                row.actions.map((a) => actions[a] ?? a).join(', '),
                row.service_name ? `Orienté·e vers ${row.service_name}` : null,
                row.note,
              ]
                .filter(Boolean)
                .join(' · ') || null,
            personId: row.person_id!,
          }),
        )
        const changes = (await this.repo.stagesOfPeople(actor, personIds, db)).map(
          (row): TimelineEntry => ({
            kind: 'outreach',
            kindLabel: 'Aller-vers',
            id: row.id,
            at: iso(row.changed_at),
            title: ['Étape d’accompagnement', stages[row.stage] ?? row.stage, row.team_name]
              .filter(Boolean)
              .join(' — '),
            detail: row.note,
            personId: row.person_id,
          }),
        )
        return [...encounters, ...changes]
      },
      latest: async (db, actor, personIds) => {
        if (!readable(actor)) return new Map()
        const rows = await this.repo.latestEncounters(actor, personIds, db)
        return new Map(rows.map((r) => [r.person_id!, new Date(r.at as Date)]))
      },
      export: async (db, actor, personIds) => {
        const rows = await this.repo.encounters(actor, { personIds }, 10_000, db)
        const followups = await this.repo.followups(actor, { personIds, includeClosed: true }, db)
        return [
          ...(await this.toEncounters(actor, rows, db)).map((e) => ({ type: 'encounter', ...e })),
          ...(await this.toFollowups(actor, followups, db)).map((f) => ({ type: 'followup', ...f })),
        ]
      },
    }
  }
}
