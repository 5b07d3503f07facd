import type { Kysely, Updateable } from 'kysely'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  PLACE_VISITS_PAGE_SIZE,
  type Place,
  type placeCreateSchema,
  type placeListQuerySchema,
  type placeUpdateSchema,
  type placeVisitInputSchema,
} from '../../../shared/outreach.ts'
import type { Db } from '../../db/database.ts'
import type { Database, OutreachPlaceTable } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, notInFuture, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed, canSeeConfidentialTeam } from '../../platform/permissions.ts'
import type { OutreachEncounterRepository } from './outreach.encounters.repository.ts'
import type { OutreachPlaceRepository, PlaceVisitJson } from './outreach.places.repository.ts'
import type { OutreachRepository } from './outreach.repository.ts'

type PlaceListed = Awaited<ReturnType<OutreachPlaceRepository['places']>>[number]

function toVisit(visit: PlaceVisitJson) {
  return { ...visit, visitedAt: isoTimestamp(visit.visitedAt) }
}

export function toPlace(row: PlaceListed): Place {
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
    createdAt: isoTimestamp(row.created_at),
  }
}

const toVisitRow = (v: Awaited<ReturnType<OutreachPlaceRepository['placeVisits']>>['rows'][number]) => ({
  id: v.id,
  visitedAt: isoTimestamp(v.visited_at),
  occupants: v.occupants,
  roundId: v.round_id,
  encounterId: v.encounter_id,
  note: v.note,
  recordedBy: v.recorded_by,
})

/** Places where people live or sleep: their status over time and the visits of the teams. */
export class OutreachPlaceService {
  constructor(
    private readonly repo: OutreachRepository,
    private readonly placeRepo: OutreachPlaceRepository,
    private readonly encounterRepo: OutreachEncounterRepository,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private async placeOrFail(organisationId: string, id: string, db: Kysely<Database>) {
    const [row] = await this.placeRepo.places(organisationId, { id }, db)
    if (!row) throw notFound()
    return row
  }

  async listPlaces(actor: Actor, query: z.infer<typeof placeListQuerySchema>) {
    assertAllowed(actor, 'outreach.read')
    const { page, pageSize, ...filters } = query
    const { rows, total } = await this.placeRepo.placePage(actor.organisationId, filters, { page, pageSize })
    return { items: rows.map(toPlace), total, page, pageSize }
  }

  private async checkZone(actor: Actor, zoneId: string | null | undefined, db: Kysely<Database>) {
    if (zoneId && !(await this.repo.references(db, actor, { zoneId })).zone) {
      throw validationError('zoneId', 'Zone inconnue.')
    }
  }

  async createPlace(actor: Actor, input: z.infer<typeof placeCreateSchema>) {
    assertAllowed(actor, 'outreach.write')
    const statusOn = input.statusOn ?? todayInFrance()
    return this.db.transaction().execute(async (trx) => {
      await this.checkZone(actor, input.zoneId, trx)
      const { id } = await this.placeRepo.insertPlace(trx, actor, {
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
      await this.placeRepo.addPlaceStatus(trx, actor, id, input.status, statusOn, null)
      await recordAudit(trx, actor, {
        action: 'outreach.place_create',
        entityType: 'outreach_place',
        entityId: id,
      })
      return toPlace(await this.placeOrFail(actor.organisationId, id, trx))
    })
  }

  private async placeDetail(organisationId: string, id: string, db: Kysely<Database>, visitsPage = 1) {
    const place = toPlace(await this.placeOrFail(organisationId, id, db))
    const statuses = await this.placeRepo.placeStatuses(id, db)
    const page = { page: visitsPage, pageSize: PLACE_VISITS_PAGE_SIZE }
    const visits = await this.placeRepo.placeVisits(id, db, page)
    return {
      ...place,
      statusHistory: statuses.map((s) => ({
        status: s.status as Place['status'],
        on: s.changed_on,
        note: s.note,
        recordedBy: s.recorded_by,
      })),
      visits: { items: visits.rows.map(toVisitRow), total: visits.total, ...page },
    }
  }

  async getPlace(actor: Actor, id: string, visitsPage = 1) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute((trx) => this.placeDetail(actor.organisationId, id, trx, visitsPage))
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
        if (on < current.status_since) {
          throw validationError('statusOn', 'Le changement ne peut pas précéder le statut actuel.')
        }
        values.status = input.status
        values.status_since = on
        await this.placeRepo.addPlaceStatus(trx, actor, id, input.status, on, input.statusNote ?? null)
      }
      await this.placeRepo.updatePlace(trx, actor, id, values)
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
        const [encounter] = await this.encounterRepo.encounters(actor, { id: input.encounterId }, 1, trx)
        if (!encounter) throw validationError('encounterId', 'Rencontre inconnue.')
      }
      const { id } = await this.placeRepo.addPlaceVisit(trx, actor, {
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
      const { rows } = await this.placeRepo.placeVisits(placeId, trx, { page: 1, pageSize: 1 }, id)
      return toVisitRow(rows[0]!)
    })
  }
}
