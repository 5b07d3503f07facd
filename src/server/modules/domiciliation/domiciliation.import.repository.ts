import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely'
import type { Db } from '../../db/database.ts'
import type {
  DomiciliationBeneficiaryTable,
  DomiciliationDecisionTable,
  DomiciliationImportTable,
  DomiciliationTable,
} from '../../db/schema.domiciliation.ts'
import type { Database } from '../../db/schema.ts'

export type ImportRow = Selectable<DomiciliationImportTable>
export type DomiciliationValues = Insertable<DomiciliationTable>

/** The SQL of DomiFa imports: the import's own row, and the periods, decisions and members it writes. */
export class DomiciliationImportRepository {
  constructor(readonly db: Db) {}

  create(organisationId: string, userId: string, fileName: string, storageKey: string) {
    return this.db
      .insertInto('domiciliation_imports')
      .values({
        organisation_id: organisationId,
        created_by: userId,
        file_name: fileName,
        storage_key: storageKey,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  update(
    organisationId: string,
    id: string,
    values: Updateable<DomiciliationImportTable>,
    db: Kysely<Database> = this.db,
  ) {
    return db
      .updateTable('domiciliation_imports')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  /** Moves an import from one status to another; undefined when it was not in `from` (a double click). */
  claim(organisationId: string, id: string, from: ImportRow['status'], to: ImportRow['status']) {
    return this.db
      .updateTable('domiciliation_imports')
      .set({ status: to })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .where('status', '=', from)
      .returningAll()
      .executeTakeFirst()
  }

  find(organisationId: string, id: string) {
    return this.db
      .selectFrom('domiciliation_imports')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  async list(organisationId: string, page: { page: number; pageSize: number }) {
    const base = this.db.selectFrom('domiciliation_imports').where('organisation_id', '=', organisationId)
    const [rows, total] = await Promise.all([
      base
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ])
    return { rows, total: Number(total.n) }
  }

  /** The DomiFa identifiers among `refs` already imported in the organisation. */
  async existingRefs(organisationId: string, refs: string[], db: Kysely<Database> = this.db) {
    if (refs.length === 0) return new Set<string>()
    const rows = await db
      .selectFrom('domiciliations')
      .select('external_ref')
      .where('organisation_id', '=', organisationId)
      .where('external_ref', 'in', refs)
      .execute()
    return new Set(rows.map((row) => row.external_ref!))
  }

  /** For lines without a DomiFa identifier: "person:requested_on" of periods an import already wrote. */
  async importedPeriods(organisationId: string, personIds: string[], db: Kysely<Database>) {
    if (personIds.length === 0) return new Set<string>()
    const rows = await db
      .selectFrom('domiciliations')
      .select(['person_id', 'requested_on'])
      .where('organisation_id', '=', organisationId)
      .where('person_id', 'in', personIds)
      .where('import_id', 'is not', null)
      .execute()
    return new Set(rows.map((row) => `${row.person_id}:${row.requested_on}`))
  }

  async insertDomiciliations(values: DomiciliationValues[], db: Kysely<Database>) {
    if (values.length === 0) return []
    const rows = await db.insertInto('domiciliations').values(values).returning(['id', 'person_id']).execute()
    // Returned in insertion order by PostgreSQL for a single multi-row insert.
    return rows.map((row) => row.id)
  }

  async insertDecisions(values: Insertable<DomiciliationDecisionTable>[], db: Kysely<Database>) {
    if (values.length > 0) await db.insertInto('domiciliation_decisions').values(values).execute()
  }

  async insertBeneficiaries(values: Insertable<DomiciliationBeneficiaryTable>[], db: Kysely<Database>) {
    if (values.length > 0)
      await db
        .insertInto('domiciliation_beneficiaries')
        .values(values)
        .onConflict((oc) => oc.doNothing())
        .execute()
  }

  /**
   * Brings the periods table's statistics up to date. PGlite has no autovacuum: planned while the
   * table was empty, the foreign-key checks of decisions and covered members (planned once per
   * connection) would read every period at every line — an import of 50,000 lines grew quadratic.
   */
  async refreshStatistics() {
    await sql`analyze domiciliations`.execute(this.db)
  }

  /** A date as the instant it began in France (a last visit known by its day only). */
  startOfDay(day: string) {
    return sql<Date>`(${day}::date)::timestamp at time zone 'Europe/Paris'`
  }
}
