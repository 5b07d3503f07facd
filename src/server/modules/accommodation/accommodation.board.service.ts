import type { z } from 'zod'
import { STRUCTURE_KIND, UNIT_KIND, UNIT_OCCUPANCY } from '../../../shared/accommodation.ts'
import type {
  Board,
  boardQuerySchema,
  Occupancy,
  occupancyQuerySchema,
} from '../../../shared/accommodation-structures.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { type Action, roleAllows } from '../../../shared/permissions.ts'
import { recordAudit } from '../../platform/audit.ts'
import { toCsv } from '../../platform/csv.ts'
import type { Actor } from '../../platform/permissions.ts'
import type { PeopleService } from '../people/people.service.ts'
import { nightCounts, occupancyOverPeriod, placeStatesOn, totalOccupancy } from './accommodation.occupancy.ts'
import type { StructuresRepository } from './accommodation.structures.repository.ts'
import { assertAnyAllowed, type StructuresService } from './accommodation.structures.service.ts'

/** The board: the accommodation staff and who configures structures (the latter without names). */
const BOARD_READERS: Action[] = ['accommodation.read', 'accommodation.configure']
/** Nights and rates are statistics: analysts read them too (never a name). */
const OCCUPANCY_READERS: Action[] = ['accommodation.read', 'accommodation.configure', 'indicators.read']

const emptyCount = () => ({ places: 0, free: 0, occupied: 0, reserved: 0, out_of_service: 0 })

/**
 * The occupancy board: every place's state on a day, the night's count per structure, nights and
 * occupancy rate over a period, and the SIAO's list of free places. All arithmetic comes from
 * accommodation.occupancy.ts. Occupants' names only for roles reading people's files, and only the
 * files they may see (confidential teams); a board showing names is audited with the people it showed.
 */
export class BoardService {
  constructor(
    private readonly repo: StructuresRepository,
    private readonly structures: StructuresService,
    private readonly people: PeopleService,
  ) {}

  async board(actor: Actor, query: z.infer<typeof boardQuerySchema>): Promise<Board> {
    assertAnyAllowed(actor, BOARD_READERS)
    const day = query.day ?? todayInFrance()
    const structures = query.structureId
      ? [await this.structures.structureOrFail(actor, query.structureId)]
      : await this.repo.list(actor.organisationId)
    const states = await placeStatesOn(
      this.repo.db,
      actor.organisationId,
      day,
      query.structureId ? [query.structureId] : null,
    )
    const counts = nightCounts(states)
    const total = emptyCount()
    for (const count of counts.values())
      for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += count[key]

    const namesShown = roleAllows(actor.roles, 'accommodation.read') && roleAllows(actor.roles, 'person.read')
    const shownPlaces = query.structureId ? states : []
    const personIds = shownPlaces
      .map((place) => place.personId ?? place.reservedPersonId)
      .filter((id): id is string => id !== null)
    const visible =
      namesShown && personIds.length > 0 ? await this.people.visiblePeople(actor, personIds) : new Map()
    const places = shownPlaces.map((place) => {
      const personId = place.personId ?? place.reservedPersonId
      const person = personId ? visible.get(personId) : undefined
      return {
        placeId: place.placeId,
        placeLabel: place.placeLabel,
        unitLabel: place.unitLabel,
        structureId: place.structureId,
        state: place.state,
        personId: person ? personId : null,
        personName: person?.displayName ?? null,
        stayId: place.stayId,
        stayStartedOn: place.stayStartedOn,
        plannedEndOn: place.plannedEndOn,
        closureReason: place.closureReason,
        closureEndsOn: place.closureEndsOn,
        expectedArrivalOn: place.expectedArrivalOn,
      }
    })
    const shownIds = places.map((place) => place.personId).filter((id): id is string => id !== null)
    if (shownIds.length > 0)
      await recordAudit(this.repo.db, actor, {
        action: 'accommodation.board_read',
        entityType: 'accommodation_structure',
        entityId: query.structureId ?? null,
        personIds: shownIds,
        details: { day, people: shownIds.length },
      })
    return {
      day,
      namesShown,
      structures: structures.map((structure) => ({
        id: structure.id,
        name: structure.name,
        kind: structure.kind,
        counts: counts.get(structure.id) ?? emptyCount(),
      })),
      total,
      places,
    }
  }

  async occupancy(actor: Actor, query: z.infer<typeof occupancyQuerySchema>): Promise<Occupancy> {
    assertAnyAllowed(actor, OCCUPANCY_READERS)
    if (query.structureId) await this.structures.structureOrFail(actor, query.structureId)
    const rows = await occupancyOverPeriod(
      this.repo.db,
      actor.organisationId,
      { from: query.from, to: query.to },
      { structureIds: query.structureId ? [query.structureId] : null },
    )
    const { rate, ...sums } = totalOccupancy(rows)
    return { from: query.from, to: query.to, structures: rows, total: { ...sums, rate } }
  }

  /** The places free tonight (or on `day`), to send to the SIAO: no person in it. */
  async freePlacesCsv(actor: Actor, day = todayInFrance()) {
    assertAnyAllowed(actor, BOARD_READERS)
    const [states, structures, allUnits] = await Promise.all([
      placeStatesOn(this.repo.db, actor.organisationId, day),
      this.repo.list(actor.organisationId),
      this.repo.organisationUnits(actor.organisationId),
    ])
    const byId = new Map(structures.map((structure) => [structure.id, structure]))
    const units = new Map(allUnits.map((unit) => [unit.id, unit]))
    const rows = states
      .filter((place) => place.state === 'free')
      .map((place) => {
        const structure = byId.get(place.structureId)
        const unit = units.get(place.unitId)
        return {
          Date: day.split('-').reverse().join('/'),
          Structure: structure?.name ?? '',
          Type: structure ? STRUCTURE_KIND.labels[structure.kind] : '',
          Logement: place.unitLabel,
          'Type de logement': unit ? UNIT_KIND.labels[unit.kind] : '',
          Occupation: unit ? UNIT_OCCUPANCY.labels[unit.occupancy] : '',
          Place: place.placeLabel,
          'Accessible PMR': unit?.accessible ? 'oui' : 'non',
          Adresse: unit?.address ?? structure?.address ?? '',
          'Code postal': unit?.postal_code ?? structure?.postal_code ?? '',
          Commune: unit?.city ?? structure?.city ?? '',
        }
      })
    const columns = [
      'Date',
      'Structure',
      'Type',
      'Logement',
      'Type de logement',
      'Occupation',
      'Place',
      'Accessible PMR',
      'Adresse',
      'Code postal',
      'Commune',
    ]
    return { csv: toCsv(rows, { columns, delimiter: ';' }), count: rows.length }
  }
}
