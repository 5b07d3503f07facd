import type { z } from 'zod'
import {
  type Census,
  type censusQuerySchema,
  ENGAGED_STAGES,
  type mapQuerySchema,
  type Place,
  type SITUATION,
} from '../../../shared/outreach.ts'
import type { Db } from '../../db/database.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { OutreachCensusRepository } from './outreach.census.repository.ts'
import { type CensusPersonFacts, censusToCsv, computeCensus } from './outreach.census.ts'
import { anyOf } from './outreach.common.ts'
import type { OutreachRepository } from './outreach.repository.ts'

/** The map (points only, never a name) and the census of a period (counts only). */
export class OutreachCensusService {
  constructor(
    private readonly repo: OutreachRepository,
    private readonly censusRepo: OutreachCensusRepository,
    private readonly people: PeopleService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /** Points only: encounters (anonymous or not, never a name) and places, for the period and team. */
  async map(actor: Actor, query: z.infer<typeof mapQuerySchema>) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      const encounters = await this.censusRepo.mapEncounters(actor, query, trx)
      const places = await this.censusRepo.mapPlaces(actor.organisationId, trx)
      await recordAudit(trx, actor, { action: 'outreach.map_read', entityType: 'outreach_encounter' })
      return {
        encounters: encounters.map((e) => ({
          id: e.id,
          latitude: e.latitude!,
          longitude: e.longitude!,
          occurredAt: isoTimestamp(e.occurred_at),
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
      const encounters = await this.censusRepo.censusEncounters(org, query, trx)
      const rawIds = [...new Set(encounters.flatMap((e) => (e.person_id ? [e.person_id] : [])))]
      const facts = await this.people.personFacts(org, rawIds, trx)
      const kept = [...facts.values()].flatMap((f) => (f.mergedIntoId ? [f.mergedIntoId] : []))
      const keptFacts = await this.people.personFacts(
        org,
        kept.filter((id) => !facts.has(id)),
        trx,
      )
      const persons = new Map<string, CensusPersonFacts>([...facts, ...keptFacts])
      const engaged = await this.censusRepo.engagedPersons(
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
}
