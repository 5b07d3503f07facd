import { type Insertable, type Kysely, sql, type Updateable } from 'kysely'
import type { Database } from '../../db/schema.ts'

type Db = Kysely<Database>

/** All SQL of structures, their units, places and closures, scoped by organisation. */
export class StructuresRepository {
  constructor(readonly db: Db) {}

  private structures(organisationId: string, db: Db) {
    return db
      .selectFrom('accommodation_structures as s')
      .leftJoin('teams as t', 't.id', 's.team_id')
      .where('s.organisation_id', '=', organisationId)
      .selectAll('s')
      .select('t.name as team_name')
      .select((eb) =>
        eb
          .selectFrom('accommodation_places as p')
          .innerJoin('accommodation_units as u', 'u.id', 'p.unit_id')
          .whereRef('p.structure_id', '=', 's.id')
          .where('p.active', '=', true)
          .where('u.active', '=', true)
          .select(sql<number>`count(*)::int`.as('n'))
          .as('place_count'),
      )
  }

  list(organisationId: string, db: Db = this.db) {
    return this.structures(organisationId, db).orderBy('s.active', 'desc').orderBy('s.name').execute()
  }

  find(organisationId: string, id: string, db: Db = this.db) {
    return this.structures(organisationId, db).where('s.id', '=', id).executeTakeFirst()
  }

  /** Locks the structure while its units and places change. */
  lock(organisationId: string, id: string, db: Db) {
    return db
      .selectFrom('accommodation_structures')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
  }

  nameTaken(organisationId: string, name: string, exceptId: string | null, db: Db) {
    let query = db
      .selectFrom('accommodation_structures')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where(sql<boolean>`lower(name) = lower(${name})`)
    if (exceptId) query = query.where('id', '!=', exceptId)
    return query.executeTakeFirst()
  }

  teamExists(organisationId: string, teamId: string, db: Db) {
    return db
      .selectFrom('teams')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', teamId)
      .executeTakeFirst()
  }

  insertStructure(db: Db, values: Insertable<Database['accommodation_structures']>) {
    return db.insertInto('accommodation_structures').values(values).returning('id').executeTakeFirstOrThrow()
  }

  updateStructure(
    db: Db,
    organisationId: string,
    id: string,
    values: Updateable<Database['accommodation_structures']>,
  ) {
    return db
      .updateTable('accommodation_structures')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute()
  }

  units(organisationId: string, structureId: string, db: Db = this.db) {
    return db
      .selectFrom('accommodation_units')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('structure_id', '=', structureId)
      .orderBy('label')
      .execute()
  }

  /** Every unit of the organisation (the SIAO's list reads their kind, occupancy and address). */
  organisationUnits(organisationId: string, db: Db = this.db) {
    return db
      .selectFrom('accommodation_units')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .execute()
  }

  places(organisationId: string, structureId: string, db: Db = this.db) {
    return db
      .selectFrom('accommodation_places')
      .select(['id', 'unit_id', 'label', 'active'])
      .where('organisation_id', '=', organisationId)
      .where('structure_id', '=', structureId)
      .orderBy('label')
      .execute()
  }

  /** Closures of the structure's places that are not over on `day` (ongoing and planned). */
  closuresNotOver(organisationId: string, structureId: string, day: string, db: Db = this.db) {
    return db
      .selectFrom('accommodation_place_closures as c')
      .innerJoin('accommodation_places as p', 'p.id', 'c.place_id')
      .where('c.organisation_id', '=', organisationId)
      .where('p.structure_id', '=', structureId)
      .where((eb) => eb.or([eb('c.ends_on', 'is', null), eb('c.ends_on', '>=', day)]))
      .select(['c.id', 'c.place_id', 'c.reason', 'c.starts_on', 'c.ends_on'])
      .orderBy('c.starts_on')
      .execute()
  }

  findUnit(organisationId: string, id: string, db: Db = this.db) {
    return db
      .selectFrom('accommodation_units')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  unitLabelTaken(structureId: string, label: string, exceptId: string | null, db: Db) {
    let query = db
      .selectFrom('accommodation_units')
      .select('id')
      .where('structure_id', '=', structureId)
      .where('label', '=', label)
    if (exceptId) query = query.where('id', '!=', exceptId)
    return query.executeTakeFirst()
  }

  insertUnit(db: Db, values: Insertable<Database['accommodation_units']>) {
    return db.insertInto('accommodation_units').values(values).returning('id').executeTakeFirstOrThrow()
  }

  updateUnit(
    db: Db,
    organisationId: string,
    id: string,
    values: Updateable<Database['accommodation_units']>,
  ) {
    return db
      .updateTable('accommodation_units')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute()
  }

  findPlace(organisationId: string, id: string, db: Db = this.db) {
    return db
      .selectFrom('accommodation_places')
      .select(['id', 'structure_id', 'unit_id', 'label', 'active'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  placeLabelTaken(unitId: string, label: string, exceptId: string | null, db: Db) {
    let query = db
      .selectFrom('accommodation_places')
      .select('id')
      .where('unit_id', '=', unitId)
      .where('label', '=', label)
    if (exceptId) query = query.where('id', '!=', exceptId)
    return query.executeTakeFirst()
  }

  insertPlace(
    db: Db,
    values: { organisation_id: string; structure_id: string; unit_id: string; label: string },
  ) {
    return db.insertInto('accommodation_places').values(values).returning('id').executeTakeFirstOrThrow()
  }

  updatePlace(db: Db, organisationId: string, id: string, values: { label: string; active: boolean }) {
    return db
      .updateTable('accommodation_places')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute()
  }

  /** Whether someone occupies the place on or after `day` (a place in use cannot be retired). */
  async occupiedFrom(placeId: string, day: string, db: Db) {
    const row = await db
      .selectFrom('accommodation_stay_places')
      .select('id')
      .where('place_id', '=', placeId)
      .where((eb) => eb.or([eb('to_on', 'is', null), eb('to_on', '>', day)]))
      .executeTakeFirst()
    const reserved = await db
      .selectFrom('accommodation_requests')
      .select('id')
      .where('reserved_place_id', '=', placeId)
      .where('status', '=', 'validated')
      .executeTakeFirst()
    return Boolean(row || reserved)
  }

  findClosure(organisationId: string, id: string, db: Db = this.db) {
    return db
      .selectFrom('accommodation_place_closures as c')
      .innerJoin('accommodation_places as p', 'p.id', 'c.place_id')
      .where('c.organisation_id', '=', organisationId)
      .where('c.id', '=', id)
      .select(['c.id', 'c.place_id', 'p.structure_id', 'c.reason', 'c.starts_on', 'c.ends_on'])
      .executeTakeFirst()
  }

  /** A closure of the place overlapping the days given (closures of one place never overlap). */
  overlappingClosure(
    placeId: string,
    startsOn: string,
    endsOn: string | null,
    exceptId: string | null,
    db: Db,
  ) {
    let query = db
      .selectFrom('accommodation_place_closures')
      .select('id')
      .where('place_id', '=', placeId)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', startsOn)]))
    if (endsOn) query = query.where('starts_on', '<=', endsOn)
    if (exceptId) query = query.where('id', '!=', exceptId)
    return query.executeTakeFirst()
  }

  insertClosure(
    db: Db,
    values: {
      organisation_id: string
      place_id: string
      reason: string
      starts_on: string
      ends_on: string | null
      created_by: string
    },
  ) {
    return db
      .insertInto('accommodation_place_closures')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  updateClosure(
    db: Db,
    organisationId: string,
    id: string,
    values: { reason: string; starts_on: string; ends_on: string | null },
  ) {
    return db
      .updateTable('accommodation_place_closures')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute()
  }
}
