import { type Insertable, type Kysely, type RawBuilder, sql, type Updateable } from 'kysely'
import type { AidRequestStatus } from '../../../shared/aid.ts'
import type { AidRequestTable } from '../../db/schema.aid.ts'
import type { Database } from '../../db/schema.ts'

export interface AidRequestFilters {
  personId?: string
  status?: AidRequestStatus
  aidTypeId?: string
  teamId?: string
  urgent?: boolean
  from?: string
  to?: string
}

/** The requests' SQL. `visible` is the people module's rule: a request follows its person's file. */
export class AidRequestsRepository {
  constructor(readonly db: Kysely<Database>) {}

  private base(db: Kysely<Database>, organisationId: string, visible: RawBuilder<boolean>) {
    return db
      .selectFrom('aid_requests as r')
      .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
      .leftJoin('teams as tm', 'tm.id', 'r.team_id')
      .where('r.organisation_id', '=', organisationId)
      .where(visible)
  }

  request(
    db: Kysely<Database>,
    organisationId: string,
    visible: RawBuilder<boolean>,
    id: string,
    forUpdate = false,
  ) {
    const query = this.base(db, organisationId, visible)
      .where('r.id', '=', id)
      .selectAll('r')
      .select([
        't.label as aid_label',
        't.payment_forms',
        't.urgent_ceiling_cents',
        't.urgent_decider_roles',
        't.required_document_type_ids',
        'tm.name as team_name',
      ])
    return (forUpdate ? query.forUpdate('r') : query).executeTakeFirst()
  }

  private filtered(
    db: Kysely<Database>,
    organisationId: string,
    visible: RawBuilder<boolean>,
    f: AidRequestFilters,
  ) {
    let query = this.base(db, organisationId, visible)
    if (f.personId) query = query.where('r.person_id', '=', f.personId)
    if (f.status) query = query.where('r.status', '=', f.status)
    if (f.aidTypeId) query = query.where('r.aid_type_id', '=', f.aidTypeId)
    if (f.teamId) query = query.where('r.team_id', '=', f.teamId)
    if (f.urgent !== undefined) query = query.where('r.urgent', '=', f.urgent)
    if (f.from) query = query.where('r.requested_on', '>=', f.from)
    if (f.to) query = query.where('r.requested_on', '<=', f.to)
    return query
  }

  async page(
    db: Kysely<Database>,
    organisationId: string,
    visible: RawBuilder<boolean>,
    filters: AidRequestFilters,
    page: { page: number; pageSize: number },
  ) {
    const items = await this.filtered(db, organisationId, visible, filters)
      .select([
        'r.id',
        'r.person_id',
        'r.aid_type_id',
        'r.status',
        'r.urgent',
        'r.requested_on',
        'r.amount_asked_cents',
        'r.granted_cents',
        'r.decided_on',
        'r.team_id',
        'r.warnings',
        't.label as aid_label',
        'tm.name as team_name',
      ])
      .orderBy('r.requested_on', 'desc')
      .orderBy('r.created_at', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const { n } = await this.filtered(db, organisationId, visible, filters)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    return { items, total: Number(n) }
  }

  /** Every request of the people, newest first (timeline, access export). */
  /** The persons' requests, the latest asked first; with `latest`, the latest decided or asked first. */
  ofPeople(
    db: Kysely<Database>,
    organisationId: string,
    visible: RawBuilder<boolean>,
    personIds: string[],
    latest?: { limit: number },
  ) {
    if (personIds.length === 0) return Promise.resolve([])
    const query = this.base(db, organisationId, visible)
      .where('r.person_id', 'in', personIds)
      .selectAll('r')
      .select(['t.label as aid_label'])
    if (latest) {
      return query
        .orderBy(sql`coalesce(r.decided_on, r.requested_on)`, 'desc')
        .orderBy('r.id', 'desc')
        .limit(latest.limit)
        .execute()
    }
    return query.orderBy('r.requested_on', 'desc').execute()
  }

  async countOfPeople(
    db: Kysely<Database>,
    organisationId: string,
    visible: RawBuilder<boolean>,
    personIds: string[],
  ) {
    const row = await this.base(db, organisationId, visible)
      .where('r.person_id', 'in', personIds)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    return row.n
  }

  documents(db: Kysely<Database>, requestId: string) {
    return db
      .selectFrom('aid_request_documents as rd')
      .innerJoin('documents as d', 'd.id', 'rd.document_id')
      .innerJoin('document_types as dt', 'dt.id', 'd.type_id')
      .where('rd.request_id', '=', requestId)
      .select(['d.id', 'd.file_name', 'd.type_id', 'dt.label as type_label'])
      .orderBy('dt.label')
      .orderBy('d.file_name')
      .execute()
  }

  documentTypes(db: Kysely<Database>, organisationId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([])
    return db
      .selectFrom('document_types')
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', ids)
      .select(['id', 'label'])
      .orderBy('position')
      .orderBy('label')
      .execute()
  }

  async replaceDocuments(db: Kysely<Database>, requestId: string, documentIds: string[]) {
    await db.deleteFrom('aid_request_documents').where('request_id', '=', requestId).execute()
    if (documentIds.length === 0) return
    await db
      .insertInto('aid_request_documents')
      .values(documentIds.map((document_id) => ({ request_id: requestId, document_id })))
      .execute()
  }

  decisions(db: Kysely<Database>, requestId: string) {
    return db
      .selectFrom('aid_decisions as d')
      .leftJoin('users as u', 'u.id', 'd.decided_by')
      .where('d.request_id', '=', requestId)
      .selectAll('d')
      .select('u.name as decided_by_name')
      .orderBy('d.decided_at')
      .execute()
  }

  teamOf(db: Kysely<Database>, organisationId: string, teamId: string) {
    return db
      .selectFrom('teams')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', teamId)
      .select('id')
      .executeTakeFirst()
  }

  insert(db: Kysely<Database>, values: Insertable<AidRequestTable>) {
    return db.insertInto('aid_requests').values(values).returning('id').executeTakeFirstOrThrow()
  }

  async update(db: Kysely<Database>, id: string, values: Updateable<AidRequestTable>) {
    await db
      .updateTable('aid_requests')
      .set({ ...values, updated_at: new Date() })
      .where('id', '=', id)
      .execute()
  }
}
