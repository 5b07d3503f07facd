import { type Insertable, type Kysely, type RawBuilder, sql, type Updateable } from 'kysely'
import type { AdmissionStatus } from '../../../shared/accommodation.ts'
import type { AccommodationRequestTable } from '../../db/schema.accommodation.ts'
import type { Database } from '../../db/schema.ts'

export interface AdmissionRequestFilters {
  structureId?: string
  personId?: string
  status?: AdmissionStatus
  statuses?: readonly AdmissionStatus[]
}

/**
 * All SQL of admission requests, their medical part and opinions. `visible` is the people module's
 * rule: a request follows its person's file (confidential teams).
 */
export class AdmissionRequestsRepository {
  constructor(readonly db: Kysely<Database>) {}

  private base(db: Kysely<Database>, organisationId: string, visible: RawBuilder<boolean>) {
    return db
      .selectFrom('accommodation_requests as r')
      .innerJoin('accommodation_structures as s', 's.id', 'r.structure_id')
      .leftJoin('accommodation_places as rp', 'rp.id', 'r.reserved_place_id')
      .where('r.organisation_id', '=', organisationId)
      .where(visible)
      .select([
        's.name as structure_name',
        's.kind as structure_kind',
        's.requires_medical_opinion',
        's.requires_director_validation',
        'rp.label as reserved_place_label',
        // The latest opinion decides: a new one replaces an unfavourable one.
        (eb) =>
          eb
            .selectFrom('accommodation_medical_opinions as o')
            .whereRef('o.request_id', '=', 'r.id')
            .orderBy('o.given_on', 'desc')
            .orderBy('o.created_at', 'desc')
            .select('o.opinion')
            .limit(1)
            .as('latest_opinion'),
      ])
  }

  request(
    db: Kysely<Database>,
    organisationId: string,
    visible: RawBuilder<boolean>,
    id: string,
    forUpdate = false,
  ) {
    const query = this.base(db, organisationId, visible).where('r.id', '=', id).selectAll('r')
    return (forUpdate ? query.forUpdate('r') : query).executeTakeFirst()
  }

  private filtered(
    db: Kysely<Database>,
    organisationId: string,
    visible: RawBuilder<boolean>,
    f: AdmissionRequestFilters,
  ) {
    let query = this.base(db, organisationId, visible)
    if (f.structureId) query = query.where('r.structure_id', '=', f.structureId)
    if (f.personId) query = query.where('r.person_id', '=', f.personId)
    if (f.status) query = query.where('r.status', '=', f.status)
    if (f.statuses) query = query.where('r.status', 'in', [...f.statuses])
    return query
  }

  /** Ordered as a waiting list: urgent first, then high, then by the day received. */
  async page(
    db: Kysely<Database>,
    organisationId: string,
    visible: RawBuilder<boolean>,
    filters: AdmissionRequestFilters,
    page: { page: number; pageSize: number },
  ) {
    const items = await this.filtered(db, organisationId, visible, filters)
      .selectAll('r')
      .orderBy(sql`case r.priority when 'urgent' then 0 when 'high' then 1 else 2 end`)
      .orderBy('r.received_on')
      .orderBy('r.created_at')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const count = await db
      .selectFrom('accommodation_requests as r')
      .where('r.organisation_id', '=', organisationId)
      .where(visible)
      .$if(!!filters.structureId, (q) => q.where('r.structure_id', '=', filters.structureId as string))
      .$if(!!filters.personId, (q) => q.where('r.person_id', '=', filters.personId as string))
      .$if(!!filters.status, (q) => q.where('r.status', '=', filters.status as AdmissionStatus))
      .$if(!!filters.statuses, (q) => q.where('r.status', 'in', [...(filters.statuses ?? [])]))
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow()
    return { items, total: Number(count.total) }
  }

  /** The persons' requests the actor sees, the latest received first (at most `limit`: a timeline). */
  ofPeople(
    db: Kysely<Database>,
    organisationId: string,
    visible: RawBuilder<boolean>,
    personIds: string[],
    limit?: number,
  ) {
    if (personIds.length === 0) return Promise.resolve([])
    const query = this.base(db, organisationId, visible)
      .where('r.person_id', 'in', personIds)
      .selectAll('r')
      .orderBy('r.received_on', 'desc')
      .orderBy('r.id', 'desc')
    return (limit === undefined ? query : query.limit(limit)).execute()
  }

  async countOfPeople(
    db: Kysely<Database>,
    organisationId: string,
    visible: RawBuilder<boolean>,
    personIds: string[],
  ) {
    const row = await this.base(db, organisationId, visible)
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('n'))
      .where('r.person_id', 'in', personIds)
      .executeTakeFirstOrThrow()
    return row.n
  }

  insert(db: Kysely<Database>, values: Insertable<AccommodationRequestTable>) {
    return db.insertInto('accommodation_requests').values(values).returning('id').executeTakeFirstOrThrow()
  }

  update(db: Kysely<Database>, id: string, values: Updateable<AccommodationRequestTable>) {
    return db
      .updateTable('accommodation_requests')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  }

  structure(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .selectFrom('accommodation_structures')
      .select(['id', 'name', 'kind', 'active', 'requires_medical_opinion', 'requires_director_validation'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  partnerName(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .selectFrom('partners')
      .select('name')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  supportRecord(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .selectFrom('support_records')
      .select(['id', 'person_id'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  userName(db: Kysely<Database>, id: string | null) {
    if (!id) return Promise.resolve(undefined)
    return db.selectFrom('users').select('name').where('id', '=', id).executeTakeFirst()
  }

  /** Roles the organisation lets read and write medical parts besides nurses and doctors. */
  async medicalExtraRoles(db: Kysely<Database>, organisationId: string) {
    const row = await db
      .selectFrom('accommodation_settings')
      .select('medical_extra_roles')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
    return row?.medical_extra_roles ?? []
  }

  /** The opinions on a request, oldest first, with their authors' names. */
  opinions(db: Kysely<Database>, requestId: string) {
    return db
      .selectFrom('accommodation_medical_opinions as o')
      .innerJoin('users as u', 'u.id', 'o.given_by')
      .where('o.request_id', '=', requestId)
      .select(['o.id', 'o.opinion', 'o.given_on', 'o.medical_note', 'u.name as given_by_name'])
      .orderBy('o.given_on')
      .orderBy('o.created_at')
      .execute()
  }

  insertOpinion(
    db: Kysely<Database>,
    values: {
      organisationId: string
      requestId: string
      opinion: 'favourable' | 'unfavourable'
      givenOn: string
      givenBy: string
      medicalNote: string | null
    },
  ) {
    return db
      .insertInto('accommodation_medical_opinions')
      .values({
        organisation_id: values.organisationId,
        request_id: values.requestId,
        opinion: values.opinion,
        given_on: values.givenOn,
        given_by: values.givenBy,
        medical_note: values.medicalNote,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  medicalPart(db: Kysely<Database>, requestId: string) {
    return db
      .selectFrom('accommodation_medical_parts as m')
      .leftJoin('users as u', 'u.id', 'm.written_by')
      .where('m.request_id', '=', requestId)
      .select(['m.content', 'm.updated_at', 'u.name as written_by_name'])
      .executeTakeFirst()
  }

  hasMedicalPart(db: Kysely<Database>, requestId: string) {
    return db
      .selectFrom('accommodation_medical_parts')
      .select('request_id')
      .where('request_id', '=', requestId)
      .executeTakeFirst()
      .then(Boolean)
  }

  saveMedicalPart(
    db: Kysely<Database>,
    values: { organisationId: string; requestId: string; content: string; writtenBy: string },
  ) {
    return db
      .insertInto('accommodation_medical_parts')
      .values({
        request_id: values.requestId,
        organisation_id: values.organisationId,
        content: values.content,
        written_by: values.writtenBy,
      })
      .onConflict((oc) =>
        oc.column('request_id').doUpdateSet({
          content: values.content,
          written_by: values.writtenBy,
          updated_at: sql`now()`,
        }),
      )
      .execute()
  }

  stayIds(db: Kysely<Database>, requestId: string) {
    return db
      .selectFrom('accommodation_stays')
      .select('id')
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .execute()
      .then((rows) => rows.map((row) => row.id))
  }
}
