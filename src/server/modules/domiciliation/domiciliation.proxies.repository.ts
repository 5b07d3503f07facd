import { type Insertable, type Kysely, type Selectable, sql } from 'kysely'
import type { DomiciliationProxyTable } from '../../db/schema.domiciliation.ts'
import type { Database } from '../../db/schema.ts'

export type ProxyRow = Selectable<DomiciliationProxyTable>

/** All SQL of the proxies who may collect a domiciled person's mail. */
export class ProxiesRepository {
  constructor(readonly db: Kysely<Database>) {}

  list(db: Kysely<Database>, organisationId: string, personId: string) {
    return db
      .selectFrom('domiciliation_proxies')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .orderBy('revoked_at', (ob) => ob.desc().nullsFirst())
      .orderBy('valid_from', 'desc')
      .orderBy('created_at', 'desc')
      .execute()
  }

  find(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .selectFrom('domiciliation_proxies')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  insert(db: Kysely<Database>, values: Insertable<DomiciliationProxyTable>) {
    return db.insertInto('domiciliation_proxies').values(values).returningAll().executeTakeFirstOrThrow()
  }

  revoke(db: Kysely<Database>, id: string, userId: string) {
    return db
      .updateTable('domiciliation_proxies')
      .set({ revoked_at: sql`now()`, revoked_by: userId })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst()
  }
}
