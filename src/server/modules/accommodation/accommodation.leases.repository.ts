import { type Insertable, type Kysely, sql } from 'kysely'
import type { StructureKind } from '../../../shared/accommodation.ts'
import type { AccommodationLeaseTable, AccommodationSubleaseTable } from '../../db/schema.accommodation.ts'
import type { Database } from '../../db/schema.ts'

type Db = Kysely<Database>

/** All SQL of leases, subleases and monthly rents. */
export class AccommodationLeasesRepository {
  constructor(readonly db: Db) {}

  private leases(db: Db, organisationId: string) {
    return db
      .selectFrom('accommodation_leases as l')
      .innerJoin('accommodation_units as u', 'u.id', 'l.unit_id')
      .innerJoin('accommodation_structures as st', 'st.id', 'u.structure_id')
      .leftJoin('partners as p', 'p.id', 'l.landlord_partner_id')
      .where('l.organisation_id', '=', organisationId)
      .select([
        'l.id',
        'l.unit_id',
        'u.label as unit_label',
        'st.id as structure_id',
        'st.name as structure_name',
        'st.kind as structure_kind',
        'l.landlord_kind',
        'l.landlord_partner_id',
        'p.name as partner_name',
        'l.landlord_name',
        sql<string>`l.starts_on::text`.as('starts_on'),
        sql<string | null>`l.ends_on::text`.as('ends_on'),
        'l.rent_cents',
        'l.charges_cents',
        'l.note',
      ])
  }

  async page(
    db: Db,
    organisationId: string,
    query: { structureId?: string | undefined; page: number; pageSize: number },
  ) {
    let base = this.leases(db, organisationId)
    if (query.structureId) base = base.where('st.id', '=', query.structureId)
    const items = await base
      .orderBy('st.name')
      .orderBy('u.label')
      .orderBy('l.starts_on', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute()
    let count = db
      .selectFrom('accommodation_leases as l')
      .innerJoin('accommodation_units as u', 'u.id', 'l.unit_id')
      .where('l.organisation_id', '=', organisationId)
      .select(sql<string>`count(*)`.as('total'))
    if (query.structureId) count = count.where('u.structure_id', '=', query.structureId)
    const { total } = await count.executeTakeFirstOrThrow()
    return { items, total: Number(total) }
  }

  lease(db: Db, organisationId: string, id: string, lock = false) {
    const query = this.leases(db, organisationId).where('l.id', '=', id)
    return (lock ? query.forUpdate('l') : query).executeTakeFirst()
  }

  /** A unit of the organisation with its structure's kind. */
  unit(db: Db, organisationId: string, unitId: string) {
    return db
      .selectFrom('accommodation_units as u')
      .innerJoin('accommodation_structures as st', 'st.id', 'u.structure_id')
      .where('u.organisation_id', '=', organisationId)
      .where('u.id', '=', unitId)
      .select(['u.id', 'u.structure_id', 'st.kind'])
      .executeTakeFirst()
  }

  /** Units of the structures whose dwellings the organisation rents and sublets. */
  leasedUnits(db: Db, organisationId: string, kinds: readonly StructureKind[]) {
    return db
      .selectFrom('accommodation_units as u')
      .innerJoin('accommodation_structures as st', 'st.id', 'u.structure_id')
      .where('u.organisation_id', '=', organisationId)
      .where('u.active', '=', true)
      .where('st.kind', 'in', [...kinds])
      .select([
        'u.id as unit_id',
        'u.label as unit_label',
        'st.id as structure_id',
        'st.name as structure_name',
        'st.kind',
      ])
      .orderBy('st.name')
      .orderBy('u.label')
      .execute()
  }

  partnerExists(db: Db, organisationId: string, partnerId: string) {
    return db
      .selectFrom('partners')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', partnerId)
      .select('id')
      .executeTakeFirst()
  }

  /** Another lease of the unit still running on `from` or later. */
  overlappingLease(db: Db, unitId: string, from: string) {
    return db
      .selectFrom('accommodation_leases')
      .where('unit_id', '=', unitId)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', from)]))
      .select('id')
      .executeTakeFirst()
  }

  insertLease(db: Db, values: Insertable<AccommodationLeaseTable>) {
    return db.insertInto('accommodation_leases').values(values).returning('id').executeTakeFirstOrThrow()
  }

  insertSublease(db: Db, values: Insertable<AccommodationSubleaseTable>) {
    return db.insertInto('accommodation_subleases').values(values).returning('id').executeTakeFirstOrThrow()
  }

  /** Adds a payment to a month, writing the month's row (with what it owes) on its first payment. */
  addPayment(
    db: Db,
    row: {
      organisationId: string
      subleaseId: string
      month: string
      dueCents: number
      amountCents: number
      paidOn: string
      note: string | null
      recordedBy: string
    },
  ) {
    return db
      .insertInto('accommodation_rent_months')
      .values({
        organisation_id: row.organisationId,
        sublease_id: row.subleaseId,
        month: `${row.month}-01`,
        due_cents: row.dueCents,
        paid_cents: row.amountCents,
        paid_on: row.paidOn,
        note: row.note,
        recorded_by: row.recordedBy,
      })
      .onConflict((oc) =>
        oc.columns(['sublease_id', 'month']).doUpdateSet({
          paid_cents: sql`accommodation_rent_months.paid_cents + excluded.paid_cents`,
          paid_on: sql`excluded.paid_on`,
          note: sql`coalesce(excluded.note, accommodation_rent_months.note)`,
          recorded_by: sql`excluded.recorded_by`,
          updated_at: sql`now()`,
        }),
      )
      .execute()
  }

  /** The slide: the sublease ends on that day, and the organisation's lease with it. */
  async slide(db: Db, sublease: { id: string; leaseId: string }, slidOn: string) {
    await db
      .updateTable('accommodation_subleases')
      .set({ slid_on: slidOn, ends_on: slidOn })
      .where('id', '=', sublease.id)
      .execute()
    await db
      .updateTable('accommodation_leases')
      .set({ ends_on: slidOn })
      .where('id', '=', sublease.leaseId)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>', slidOn)]))
      .execute()
  }

  /** A sublease as the service reads it: its days as text and the person of the stay it is made to. */
  private subleaseRows(db: Db) {
    return db
      .selectFrom('accommodation_subleases as sl')
      .innerJoin('accommodation_stays as s', 's.id', 'sl.stay_id')
      .select([
        'sl.id',
        'sl.lease_id',
        'sl.stay_id',
        's.person_id',
        sql<string>`sl.starts_on::text`.as('starts_on'),
        sql<string | null>`sl.ends_on::text`.as('ends_on'),
        sql<string | null>`sl.slid_on::text`.as('slid_on'),
        'sl.rent_share_cents',
        'sl.charges_cents',
        'sl.housing_benefit_cents',
      ])
  }

  subleasesOf(db: Db, leaseIds: readonly string[]) {
    if (leaseIds.length === 0) return Promise.resolve([])
    return this.subleaseRows(db)
      .where('sl.lease_id', 'in', [...leaseIds])
      .orderBy('sl.starts_on', 'desc')
      .execute()
  }

  /** The subleases made to these people (through their stays), with the dwelling they are for. */
  /**
   * The persons' subleases, the latest started first; with `latest`, the `limit` whose last event (start,
   * slide or end) is the latest: they hold the persons' `limit` latest sublease events.
   */
  subleasesOfPeople(
    db: Db,
    organisationId: string,
    personIds: readonly string[],
    latest?: { limit: number },
  ) {
    if (personIds.length === 0) return Promise.resolve([])
    const query = this.subleaseRows(db)
      .innerJoin('accommodation_leases as l', 'l.id', 'sl.lease_id')
      .innerJoin('accommodation_units as u', 'u.id', 'l.unit_id')
      .innerJoin('accommodation_structures as st', 'st.id', 'u.structure_id')
      .where('sl.organisation_id', '=', organisationId)
      .where('s.person_id', 'in', [...personIds])
      .select(['u.label as unit_label', 'st.name as structure_name'])
    if (!latest) return query.orderBy('sl.starts_on', 'desc').execute()
    return query
      .orderBy(sql`coalesce(sl.slid_on, sl.ends_on, sl.starts_on)`, 'desc')
      .orderBy('sl.id', 'desc')
      .limit(latest.limit)
      .execute()
  }

  /** How many events (start, then slide or end) the persons' subleases hold. */
  async subleaseEventCount(db: Db, organisationId: string, personIds: readonly string[]) {
    const row = await db
      .selectFrom('accommodation_subleases as sl')
      .innerJoin('accommodation_stays as s', 's.id', 'sl.stay_id')
      .select(sql<number>`(count(*) + count(coalesce(sl.slid_on, sl.ends_on)))::int`.as('n'))
      .where('sl.organisation_id', '=', organisationId)
      .where('s.person_id', 'in', [...personIds])
      .executeTakeFirstOrThrow()
    return row.n
  }

  rentMonths(db: Db, subleaseIds: readonly string[]) {
    if (subleaseIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('accommodation_rent_months')
      .where('sublease_id', 'in', [...subleaseIds])
      .select([
        'sublease_id',
        sql<string>`to_char(month, 'YYYY-MM')`.as('month'),
        'due_cents',
        'paid_cents',
        sql<string | null>`paid_on::text`.as('paid_on'),
        'note',
      ])
      .execute()
  }

  sublease(db: Db, organisationId: string, id: string) {
    return this.subleaseRows(db)
      .where('sl.organisation_id', '=', organisationId)
      .where('sl.id', '=', id)
      .forUpdate('sl')
      .executeTakeFirst()
  }

  /** The stay a sublease is made to: the organisation's, with its structure and whether it is open. */
  stay(db: Db, organisationId: string, stayId: string) {
    return db
      .selectFrom('accommodation_stays')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', stayId)
      .select(['id', 'person_id', 'structure_id', 'ended_on'])
      .executeTakeFirst()
  }

  /** Open stays of a structure that no running sublease covers. */
  openStaysWithoutSublease(db: Db, structureId: string) {
    return db
      .selectFrom('accommodation_stays as s')
      .where('s.structure_id', '=', structureId)
      .where('s.ended_on', 'is', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('accommodation_subleases as sl')
              .whereRef('sl.stay_id', '=', 's.id')
              .where('sl.ends_on', 'is', null)
              .select('sl.id'),
          ),
        ),
      )
      .select(['s.id', 's.person_id', sql<string>`s.started_on::text`.as('started_on')])
      .orderBy('s.started_on')
      .execute()
  }

  openSublease(db: Db, leaseId: string) {
    return db
      .selectFrom('accommodation_subleases')
      .where('lease_id', '=', leaseId)
      .where('ends_on', 'is', null)
      .select('id')
      .executeTakeFirst()
  }

  /** Every sublease of the organisation with its structure (the arrears per structure). */
  subleasesByStructure(db: Db, organisationId: string) {
    return db
      .selectFrom('accommodation_subleases as sl')
      .innerJoin('accommodation_leases as l', 'l.id', 'sl.lease_id')
      .innerJoin('accommodation_units as u', 'u.id', 'l.unit_id')
      .innerJoin('accommodation_structures as st', 'st.id', 'u.structure_id')
      .where('sl.organisation_id', '=', organisationId)
      .select([
        'sl.id',
        'sl.lease_id',
        'sl.stay_id',
        sql<string>`sl.starts_on::text`.as('starts_on'),
        sql<string | null>`sl.ends_on::text`.as('ends_on'),
        sql<string | null>`sl.slid_on::text`.as('slid_on'),
        'sl.rent_share_cents',
        'sl.charges_cents',
        'sl.housing_benefit_cents',
        'st.id as structure_id',
        'st.name as structure_name',
        'st.kind as structure_kind',
      ])
      .orderBy('st.name')
      .execute()
  }
}
