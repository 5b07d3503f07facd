import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { STRUCTURE_KIND, STRUCTURE_KIND_DEFAULTS } from '../../../shared/accommodation.ts'
import type {
  closureInputSchema,
  placeCreateSchema,
  placeUpdateSchema,
  Structure,
  StructureDetail,
  StructureInput,
  unitCreateSchema,
  unitInputSchema,
} from '../../../shared/accommodation-structures.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { type Action, roleAllows } from '../../../shared/permissions.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PartnerAgreementsService } from '../partners/partners.agreements.service.ts'
import type { StructuresRepository } from './accommodation.structures.repository.ts'

type Db = Kysely<Database>

/** Who reads structures (organisation data, no person): the accommodation staff, its configurers, analysts. */
export const STRUCTURE_READERS: Action[] = [
  'accommodation.read',
  'accommodation.configure',
  'indicators.read',
]
/** Who puts a place out of service: those configuring structures and those running them day to day. */
const CLOSURE_WRITERS: Action[] = ['accommodation.configure', 'accommodation.manage']

export function assertAnyAllowed(actor: Actor, actions: readonly Action[]) {
  if (!actions.some((action) => roleAllows(actor.roles, action))) throw forbidden()
}

type StructureRow = NonNullable<Awaited<ReturnType<StructuresRepository['find']>>>

function toStructure(row: StructureRow): Structure {
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: STRUCTURE_KIND.labels[row.kind],
    name: row.name,
    teamId: row.team_id,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
    capacity: row.capacity,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    hostName: row.host_name,
    staffNote: row.staff_note,
    defaultStayMonths: row.default_stay_months,
    requiresMedicalOpinion: row.requires_medical_opinion,
    requiresDirectorValidation: row.requires_director_validation,
    active: row.active,
    placeCount: Number(row.place_count ?? 0),
  }
}

/**
 * Structures (CHRS, LHSS, maisons relais, sublets…), their units (rooms, dwellings) and places (beds),
 * and the closures putting a place out of service. Configured by `accommodation.configure`; every
 * write is audited and transactional. A place's state is never stored (see accommodation.occupancy.ts).
 */
export class StructuresService {
  constructor(
    private readonly repo: StructuresRepository,
    private readonly agreements: PartnerAgreementsService,
  ) {}

  async list(actor: Actor): Promise<Structure[]> {
    assertAnyAllowed(actor, STRUCTURE_READERS)
    return (await this.repo.list(actor.organisationId)).map(toStructure)
  }

  /** A structure of the actor's organisation, or 404 (another organisation's is "not found" too). */
  async structureOrFail(actor: Actor, id: string, db: Db = this.repo.db) {
    const row = await this.repo.find(actor.organisationId, id, db)
    if (!row) throw notFound()
    return row
  }

  async get(actor: Actor, id: string, db: Db = this.repo.db): Promise<StructureDetail> {
    assertAnyAllowed(actor, STRUCTURE_READERS)
    const row = await this.structureOrFail(actor, id, db)
    const [units, places, closures, agreements] = await Promise.all([
      this.repo.units(actor.organisationId, id, db),
      this.repo.places(actor.organisationId, id, db),
      this.repo.closuresNotOver(actor.organisationId, id, todayInFrance(), db),
      this.agreements.ofStructure(actor.organisationId, id, db),
    ])
    return {
      ...toStructure(row),
      teamName: row.team_name,
      units: units.map((unit) => ({
        id: unit.id,
        label: unit.label,
        kind: unit.kind,
        occupancy: unit.occupancy,
        rooms: unit.rooms,
        surfaceM2: unit.surface_m2,
        accessible: unit.accessible,
        address: unit.address,
        postalCode: unit.postal_code,
        city: unit.city,
        active: unit.active,
        places: places
          .filter((place) => place.unit_id === unit.id)
          .map((place) => ({
            id: place.id,
            unitId: place.unit_id,
            label: place.label,
            active: place.active,
          })),
      })),
      closures: closures.map((closure) => ({
        id: closure.id,
        placeId: closure.place_id,
        reason: closure.reason,
        startsOn: closure.starts_on,
        endsOn: closure.ends_on,
      })),
      agreements,
    }
  }

  private async checkStructure(actor: Actor, input: StructureInput, exceptId: string | null, db: Db) {
    if (await this.repo.nameTaken(actor.organisationId, input.name, exceptId, db))
      throw validationError('name', 'Une structure porte déjà ce nom.')
    if (input.teamId && !(await this.repo.teamExists(actor.organisationId, input.teamId, db)))
      throw validationError('teamId', 'Équipe inconnue.')
  }

  /** The structure's columns; what the input leaves out takes the kind's defaults (LHSS: 2 months, medical opinion). */
  private valuesOf(input: StructureInput) {
    const defaults = STRUCTURE_KIND_DEFAULTS[input.kind]
    return {
      kind: input.kind,
      name: input.name,
      team_id: input.teamId ?? null,
      address: input.address ?? null,
      postal_code: input.postalCode ?? null,
      city: input.city ?? null,
      capacity: input.capacity,
      opened_on: input.openedOn,
      closed_on: input.closedOn ?? null,
      host_name: input.hostName ?? null,
      staff_note: input.staffNote ?? null,
      default_stay_months:
        input.defaultStayMonths === undefined ? defaults.defaultStayMonths : input.defaultStayMonths,
      requires_medical_opinion: input.requiresMedicalOpinion ?? defaults.requiresMedicalOpinion,
      requires_director_validation: input.requiresDirectorValidation ?? defaults.requiresDirectorValidation,
      active: input.active ?? true,
    }
  }

  async create(actor: Actor, input: StructureInput) {
    assertAllowed(actor, 'accommodation.configure')
    return this.repo.db.transaction().execute(async (trx) => {
      await this.checkStructure(actor, input, null, trx)
      const { id } = await this.repo.insertStructure(trx, {
        organisation_id: actor.organisationId,
        ...this.valuesOf(input),
      })
      await recordAudit(trx, actor, {
        action: 'accommodation.structure_create',
        entityType: 'accommodation_structure',
        entityId: id,
        details: { kind: input.kind, capacity: input.capacity },
      })
      return this.get(actor, id, trx)
    })
  }

  async update(actor: Actor, id: string, input: StructureInput) {
    assertAllowed(actor, 'accommodation.configure')
    return this.repo.db.transaction().execute(async (trx) => {
      if (!(await this.repo.lock(actor.organisationId, id, trx))) throw notFound()
      await this.checkStructure(actor, input, id, trx)
      await this.repo.updateStructure(trx, actor.organisationId, id, this.valuesOf(input))
      await recordAudit(trx, actor, {
        action: 'accommodation.structure_update',
        entityType: 'accommodation_structure',
        entityId: id,
        details: { fields: Object.keys(input) },
      })
      return this.get(actor, id, trx)
    })
  }

  private unitValues(input: z.infer<typeof unitInputSchema>) {
    return {
      label: input.label,
      kind: input.kind,
      occupancy: input.occupancy,
      rooms: input.rooms ?? null,
      surface_m2: input.surfaceM2 ?? null,
      accessible: input.accessible,
      address: input.address ?? null,
      postal_code: input.postalCode ?? null,
      city: input.city ?? null,
      active: input.active ?? true,
    }
  }

  async addUnit(actor: Actor, structureId: string, input: z.infer<typeof unitCreateSchema>) {
    assertAllowed(actor, 'accommodation.configure')
    const labels = input.placeLabels
    if (new Set(labels).size !== labels.length)
      throw validationError('placeLabels', 'Deux places portent le même nom.')
    return this.repo.db.transaction().execute(async (trx) => {
      if (!(await this.repo.lock(actor.organisationId, structureId, trx))) throw notFound()
      if (await this.repo.unitLabelTaken(structureId, input.label, null, trx))
        throw validationError('label', 'Un logement ou une chambre de cette structure porte déjà ce nom.')
      const { id } = await this.repo.insertUnit(trx, {
        organisation_id: actor.organisationId,
        structure_id: structureId,
        ...this.unitValues(input),
      })
      for (const label of labels)
        await this.repo.insertPlace(trx, {
          organisation_id: actor.organisationId,
          structure_id: structureId,
          unit_id: id,
          label,
        })
      await recordAudit(trx, actor, {
        action: 'accommodation.unit_create',
        entityType: 'accommodation_unit',
        entityId: id,
        details: { structureId, places: labels.length },
      })
      return this.get(actor, structureId, trx)
    })
  }

  async updateUnit(actor: Actor, unitId: string, input: z.infer<typeof unitInputSchema>) {
    assertAllowed(actor, 'accommodation.configure')
    return this.repo.db.transaction().execute(async (trx) => {
      const unit = await this.repo.findUnit(actor.organisationId, unitId, trx)
      if (!unit) throw notFound()
      await this.repo.lock(actor.organisationId, unit.structure_id, trx)
      if (await this.repo.unitLabelTaken(unit.structure_id, input.label, unitId, trx))
        throw validationError('label', 'Un logement ou une chambre de cette structure porte déjà ce nom.')
      if (input.active === false && unit.active) {
        const places = await this.repo.places(actor.organisationId, unit.structure_id, trx)
        for (const place of places.filter((p) => p.unit_id === unitId))
          if (await this.repo.occupiedFrom(place.id, todayInFrance(), trx))
            throw validationError(
              'active',
              'Une place de ce logement est occupée ou réservée : il reste en service.',
            )
      }
      await this.repo.updateUnit(trx, actor.organisationId, unitId, this.unitValues(input))
      await recordAudit(trx, actor, {
        action: 'accommodation.unit_update',
        entityType: 'accommodation_unit',
        entityId: unitId,
        details: { structureId: unit.structure_id, fields: Object.keys(input) },
      })
      return this.get(actor, unit.structure_id, trx)
    })
  }

  async addPlace(actor: Actor, input: z.infer<typeof placeCreateSchema>) {
    assertAllowed(actor, 'accommodation.configure')
    return this.repo.db.transaction().execute(async (trx) => {
      const unit = await this.repo.findUnit(actor.organisationId, input.unitId, trx)
      if (!unit) throw validationError('unitId', 'Logement ou chambre inconnu.')
      await this.repo.lock(actor.organisationId, unit.structure_id, trx)
      if (await this.repo.placeLabelTaken(unit.id, input.label, null, trx))
        throw validationError('label', 'Une place de ce logement porte déjà ce nom.')
      const { id } = await this.repo.insertPlace(trx, {
        organisation_id: actor.organisationId,
        structure_id: unit.structure_id,
        unit_id: unit.id,
        label: input.label,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation.place_create',
        entityType: 'accommodation_place',
        entityId: id,
        details: { structureId: unit.structure_id },
      })
      return this.get(actor, unit.structure_id, trx)
    })
  }

  async updatePlace(actor: Actor, placeId: string, input: z.infer<typeof placeUpdateSchema>) {
    assertAllowed(actor, 'accommodation.configure')
    return this.repo.db.transaction().execute(async (trx) => {
      const place = await this.repo.findPlace(actor.organisationId, placeId, trx)
      if (!place) throw notFound()
      await this.repo.lock(actor.organisationId, place.structure_id, trx)
      if (await this.repo.placeLabelTaken(place.unit_id, input.label, placeId, trx))
        throw validationError('label', 'Une place de ce logement porte déjà ce nom.')
      if (!input.active && place.active && (await this.repo.occupiedFrom(placeId, todayInFrance(), trx)))
        throw validationError('active', 'Cette place est occupée ou réservée : elle reste en service.')
      await this.repo.updatePlace(trx, actor.organisationId, placeId, input)
      await recordAudit(trx, actor, {
        action: 'accommodation.place_update',
        entityType: 'accommodation_place',
        entityId: placeId,
        details: { structureId: place.structure_id, active: input.active },
      })
      return this.get(actor, place.structure_id, trx)
    })
  }

  async addClosure(actor: Actor, placeId: string, input: z.infer<typeof closureInputSchema>) {
    assertAnyAllowed(actor, CLOSURE_WRITERS)
    return this.repo.db.transaction().execute(async (trx) => {
      const place = await this.repo.findPlace(actor.organisationId, placeId, trx)
      if (!place) throw notFound()
      await this.repo.lock(actor.organisationId, place.structure_id, trx)
      await this.assertNoOverlap(placeId, input.startsOn, input.endsOn ?? null, null, trx)
      const { id } = await this.repo.insertClosure(trx, {
        organisation_id: actor.organisationId,
        place_id: placeId,
        reason: input.reason,
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
        created_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation.closure_create',
        entityType: 'accommodation_place_closure',
        entityId: id,
        details: { placeId, startsOn: input.startsOn, endsOn: input.endsOn ?? null },
      })
      return this.get(actor, place.structure_id, trx)
    })
  }

  /** Changes a closure: its end (back in service), its dates or reason. */
  async updateClosure(actor: Actor, closureId: string, input: z.infer<typeof closureInputSchema>) {
    assertAnyAllowed(actor, CLOSURE_WRITERS)
    return this.repo.db.transaction().execute(async (trx) => {
      const closure = await this.repo.findClosure(actor.organisationId, closureId, trx)
      if (!closure) throw notFound()
      await this.repo.lock(actor.organisationId, closure.structure_id, trx)
      await this.assertNoOverlap(closure.place_id, input.startsOn, input.endsOn ?? null, closureId, trx)
      await this.repo.updateClosure(trx, actor.organisationId, closureId, {
        reason: input.reason,
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation.closure_update',
        entityType: 'accommodation_place_closure',
        entityId: closureId,
        details: { placeId: closure.place_id, startsOn: input.startsOn, endsOn: input.endsOn ?? null },
      })
      return this.get(actor, closure.structure_id, trx)
    })
  }

  /** Closures of one place never overlap: the occupancy arithmetic adds their nights without merging. */
  private async assertNoOverlap(
    placeId: string,
    startsOn: string,
    endsOn: string | null,
    exceptId: string | null,
    db: Db,
  ) {
    if (await this.repo.overlappingClosure(placeId, startsOn, endsOn, exceptId, db))
      throw validationError('startsOn', 'Cette place est déjà hors service sur une partie de ces dates.')
  }
}
