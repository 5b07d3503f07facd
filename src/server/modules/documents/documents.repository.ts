import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import {
  type ListTable,
  readListOrDefaults,
  saveList as saveConfigurableList,
} from '../../platform/configurable-list.ts'

const TYPES: ListTable = { table: 'document_types', column: 'label' }

export interface NewDocument {
  id: string
  organisation_id: string
  person_id: string
  type_id: string
  record_type: string | null
  record_id: string | null
  file_name: string
  content_type: string
  size_bytes: number
  sha256: string
  expires_on: string | null
  uploaded_by: string
}

/** All SQL of the documents module. */
export class DocumentsRepository {
  constructor(readonly db: Kysely<Database>) {}

  types(db: Kysely<Database>, organisationId: string, defaults: readonly string[]) {
    return readListOrDefaults(db, TYPES, organisationId, defaults)
  }

  saveTypes(
    db: Kysely<Database>,
    organisationId: string,
    items: { id?: string; label: string; active: boolean }[],
  ) {
    return saveConfigurableList(db, TYPES, organisationId, items)
  }

  activeType(db: Kysely<Database>, organisationId: string, typeId: string) {
    return db
      .selectFrom('document_types')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', typeId)
      .where('active', '=', true)
      .executeTakeFirst()
  }

  async insert(db: Kysely<Database>, values: NewDocument) {
    await db.insertInto('documents').values(values).execute()
  }

  private select(db: Kysely<Database>, organisationId: string) {
    return db
      .selectFrom('documents as d')
      .innerJoin('document_types as t', 't.id', 'd.type_id')
      .leftJoin('users as u', 'u.id', 'd.uploaded_by')
      .selectAll('d')
      .select(['t.label as type_label', 'u.name as uploaded_by_name'])
      .where('d.organisation_id', '=', organisationId)
  }

  find(db: Kysely<Database>, organisationId: string, id: string) {
    return this.select(db, organisationId).where('d.id', '=', id).executeTakeFirst()
  }

  /** One page of the documents of these files (a file and those merged into it), newest first. */
  async page(
    db: Kysely<Database>,
    organisationId: string,
    filter: { personIds: string[]; recordType?: string; recordId?: string },
    { page, pageSize }: { page: number; pageSize: number },
  ) {
    let where = this.select(db, organisationId).where('d.person_id', 'in', filter.personIds)
    if (filter.recordType) where = where.where('d.record_type', '=', filter.recordType)
    if (filter.recordId) where = where.where('d.record_id', '=', filter.recordId)
    const rows = await where
      .orderBy('d.uploaded_at', 'desc')
      .orderBy('d.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute()
    const { n } = await where
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    return { rows, total: n }
  }

  /** Documents expiring by `until` (or expired) of the files `visible` lets through, soonest first. */
  async expiring(
    db: Kysely<Database>,
    organisationId: string,
    until: string,
    visible: RawBuilder<boolean>,
    { page, pageSize }: { page: number; pageSize: number },
  ) {
    const where = this.select(db, organisationId)
      .where('d.expires_on', 'is not', null)
      .where('d.expires_on', '<=', until)
      .where(visible)
    const rows = await where
      .orderBy('d.expires_on', 'asc')
      .orderBy('d.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute()
    const { n } = await where
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    return { rows, total: n }
  }

  /** Everything held about these persons' documents, for the timeline and the access export. */
  /** The documents of these files, newest first (at most `limit`: a person's timeline). */
  ofPeople(db: Kysely<Database>, organisationId: string, personIds: string[], limit?: number) {
    const query = this.select(db, organisationId)
      .where('d.person_id', 'in', personIds)
      .orderBy('d.uploaded_at', 'desc')
      .orderBy('d.id', 'desc')
    return (limit === undefined ? query : query.limit(limit)).execute()
  }

  async countOfPeople(db: Kysely<Database>, organisationId: string, personIds: string[]) {
    const row = await db
      .selectFrom('documents')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('organisation_id', '=', organisationId)
      .where('person_id', 'in', personIds)
      .executeTakeFirstOrThrow()
    return row.n
  }

  delete(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .deleteFrom('documents')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }
}
