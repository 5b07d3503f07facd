import type { Insertable, Kysely, Updateable } from 'kysely'
import type { AidTypeTable } from '../../db/schema.aid.ts'
import type { Database } from '../../db/schema.ts'

/** The règlement's SQL: the organisation's aids, and what their form chooses from. */
export class AidTypesRepository {
  constructor(readonly db: Kysely<Database>) {}

  all(db: Kysely<Database>, organisationId: string) {
    return db
      .selectFrom('aid_types as t')
      .innerJoin('aid_funds as f', 'f.id', 't.fund_id')
      .where('t.organisation_id', '=', organisationId)
      .selectAll('t')
      .select('f.name as fund_name')
      .orderBy('t.active', 'desc')
      .orderBy('t.position')
      .orderBy('t.label')
      .execute()
  }

  one(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .selectFrom('aid_types as t')
      .innerJoin('aid_funds as f', 'f.id', 't.fund_id')
      .where('t.organisation_id', '=', organisationId)
      .where('t.id', '=', id)
      .selectAll('t')
      .select('f.name as fund_name')
      .executeTakeFirst()
  }

  codeTakenBy(db: Kysely<Database>, organisationId: string, code: string) {
    return db
      .selectFrom('aid_types')
      .where('organisation_id', '=', organisationId)
      .where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase()))
      .select('id')
      .executeTakeFirst()
  }

  funds(db: Kysely<Database>, organisationId: string) {
    return db
      .selectFrom('aid_funds')
      .where('organisation_id', '=', organisationId)
      .select(['id', 'code', 'name', 'active'])
      .orderBy('name')
      .execute()
  }

  documentTypes(db: Kysely<Database>, organisationId: string) {
    return db
      .selectFrom('document_types')
      .where('organisation_id', '=', organisationId)
      .where('active', '=', true)
      .select(['id', 'label'])
      .orderBy('position')
      .orderBy('label')
      .execute()
  }

  voucherKinds(db: Kysely<Database>, organisationId: string) {
    return db
      .selectFrom('aid_voucher_kinds')
      .where('organisation_id', '=', organisationId)
      .where('active', '=', true)
      .select(['id', 'label'])
      .orderBy('label')
      .execute()
  }

  /** How many of `ids` belong to the organisation in `table`: the form's choices are checked. */
  async countOwned(
    db: Kysely<Database>,
    organisationId: string,
    table: 'aid_funds' | 'document_types' | 'aid_voucher_kinds',
    ids: string[],
  ) {
    if (ids.length === 0) return 0
    const { n } = await db
      .selectFrom(table)
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', ids)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(n)
  }

  insert(db: Kysely<Database>, values: Insertable<AidTypeTable>) {
    return db.insertInto('aid_types').values(values).returning('id').executeTakeFirstOrThrow()
  }

  update(db: Kysely<Database>, organisationId: string, id: string, values: Updateable<AidTypeTable>) {
    return db
      .updateTable('aid_types')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }
}
