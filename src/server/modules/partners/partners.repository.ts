import { type Insertable, type Kysely, type Selectable, sql } from 'kysely'
import type { Database, PartnerServiceTable, PartnerTable } from '../../db/schema.ts'

type Owned = 'id' | 'organisation_id' | 'created_at' | 'updated_at' | 'search_text'
export type PartnerValues = Omit<Insertable<PartnerTable>, Owned>
export type ServiceValues = Omit<Insertable<PartnerServiceTable>, Owned | 'partner_id'>
export type PartnerRow = Selectable<PartnerTable>
export type ServiceRow = Selectable<PartnerServiceTable>

/** Search words, lower-case, at most 8 of 60 characters each. */
export function searchWords(q: string | undefined) {
  return (q ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((word) => word.slice(0, 60))
}

/**
 * A word matches a text when close to one of its words (trigram word similarity, GIN-indexed), so a
 * typo or a missing accent still finds it; words under 3 letters must appear as they are.
 */
function matches(word: string, column: ReturnType<typeof sql.ref>) {
  return word.length < 3
    ? sql<boolean>`${column} like '%' || trame_normalise(${word}) || '%'`
    : sql<boolean>`trame_normalise(${word}) <% ${column}`
}
function score(word: string, column: ReturnType<typeof sql.ref>) {
  return word.length < 3
    ? sql<number>`(${column} like '%' || trame_normalise(${word}) || '%')::int`
    : sql<number>`word_similarity(trame_normalise(${word}), ${column})`
}

/** All SQL of the partners directory; every query is scoped by the organisation. */
export class PartnersRepository {
  constructor(readonly db: Kysely<Database>) {}

  /**
   * Partners whose own text matches every word, or holding a service that does (each word found in
   * the service or in its partner: "restos colis"). Without words, the whole directory.
   */
  /** `limit` keeps a search light; the CSV export asks for the whole directory (null). */
  listPartners(organisationId: string, words: string[], db = this.db, limit: number | null = 500) {
    let select = db.selectFrom('partners as p').selectAll('p').where('p.organisation_id', '=', organisationId)
    if (words.length > 0) {
      const own = sql.ref('p.search_text')
      const service = sql.ref('s.search_text')
      select = select.where((eb) =>
        eb.or([
          eb.and(words.map((word) => matches(word, own))),
          eb.exists(
            eb
              .selectFrom('partner_services as s')
              .select('s.id')
              .whereRef('s.partner_id', '=', 'p.id')
              .where('s.organisation_id', '=', organisationId)
              .where((inner) =>
                inner.and(words.map((word) => inner.or([matches(word, service), matches(word, own)]))),
              ),
          ),
        ]),
      )
    }
    const ordered = select.orderBy(sql`trame_normalise(p.name)`)
    return (limit === null ? ordered : ordered.limit(limit)).execute()
  }

  servicesOf(organisationId: string, partnerIds: string[], db = this.db) {
    if (partnerIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('partner_services')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('partner_id', 'in', partnerIds)
      .orderBy(sql`trame_normalise(name)`)
      .execute()
  }

  /** "Partner — Service" of the given services of the organisation (retired ones flagged). */
  serviceNames(organisationId: string, ids: string[], db: Kysely<Database> = this.db) {
    if (ids.length === 0) return Promise.resolve([])
    return db
      .selectFrom('partner_services as s')
      .innerJoin('partners as p', 'p.id', 's.partner_id')
      .select(['s.id', 's.active', sql<string>`p.name || ' — ' || s.name`.as('name')])
      .where('s.organisation_id', '=', organisationId)
      .where('s.id', 'in', ids)
      .execute()
  }

  /** Active services, best match first: every word close to the service's text or its partner's. */
  searchServices(
    organisationId: string,
    query: { words: string[]; category?: string; partnerId?: string },
    db = this.db,
  ) {
    const own = sql.ref('s.search_text')
    const partner = sql.ref('p.search_text')
    let select = db
      .selectFrom('partner_services as s')
      .innerJoin('partners as p', (join) =>
        join.onRef('p.id', '=', 's.partner_id').onRef('p.organisation_id', '=', 's.organisation_id'),
      )
      .select(['s.id', 's.name', 's.category', 's.partner_id', 'p.name as partner_name', 's.city', 's.phone'])
      .where('s.organisation_id', '=', organisationId)
      .where('s.active', '=', true)
    if (query.category) select = select.where('s.category', '=', query.category)
    if (query.partnerId) select = select.where('s.partner_id', '=', query.partnerId)
    for (const word of query.words) {
      select = select.where((eb) => eb.or([matches(word, own), matches(word, partner)]))
    }
    if (query.words.length > 0) {
      const scores = query.words.map((word) => sql`greatest(${score(word, own)}, ${score(word, partner)})`)
      select = select.orderBy(sql`${sql.join(scores, sql` + `)}`, 'desc')
    }
    return select
      .orderBy(sql`trame_normalise(p.name)`)
      .orderBy(sql`trame_normalise(s.name)`)
      .limit(50)
      .execute()
  }

  findPartner(organisationId: string, id: string, db = this.db) {
    return db
      .selectFrom('partners')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  /** The partner of that name, ignoring case and accents (names are unique per organisation). */
  findPartnerByName(organisationId: string, name: string, db = this.db) {
    return db
      .selectFrom('partners')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where(sql<boolean>`trame_normalise(name) = trame_normalise(${name})`)
      .executeTakeFirst()
  }

  createPartner(db: Kysely<Database>, organisationId: string, values: PartnerValues) {
    return db
      .insertInto('partners')
      .values({ ...values, organisation_id: organisationId })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  updatePartner(db: Kysely<Database>, organisationId: string, id: string, values: Partial<PartnerValues>) {
    return db
      .updateTable('partners')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
  }

  /** Its services go with it (foreign key cascade). */
  deletePartner(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .deleteFrom('partners')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst()
  }

  createService(db: Kysely<Database>, organisationId: string, partnerId: string, values: ServiceValues) {
    return db
      .insertInto('partner_services')
      .values({ ...values, organisation_id: organisationId, partner_id: partnerId })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  /** Many services at once (an import), in chunks that keep within the parameters a query may carry. */
  async createServices(
    db: Kysely<Database>,
    organisationId: string,
    services: (ServiceValues & { partner_id: string })[],
  ) {
    for (let i = 0; i < services.length; i += 500) {
      await db
        .insertInto('partner_services')
        .values(services.slice(i, i + 500).map((values) => ({ ...values, organisation_id: organisationId })))
        .execute()
    }
  }

  updateService(db: Kysely<Database>, organisationId: string, id: string, values: Partial<ServiceValues>) {
    return db
      .updateTable('partner_services')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
  }

  deleteService(db: Kysely<Database>, organisationId: string, id: string) {
    return db
      .deleteFrom('partner_services')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst()
  }

  /** The database's own normalisation of each name, so that matching agrees with the unique index. */
  async normalise(db: Kysely<Database>, names: string[]) {
    if (names.length === 0) return []
    const { rows } = await sql<{ key: string }>`
      select trame_normalise(t.name) as key from unnest(${names}::text[]) with ordinality as t(name, n) order by t.n
    `.execute(db)
    return rows.map((row) => row.key)
  }

  /** Every partner's normalised name, and every service's under its partner (for an import). */
  async directoryKeys(db: Kysely<Database>, organisationId: string) {
    const partners = await db
      .selectFrom('partners')
      .select(['id', sql<string>`trame_normalise(name)`.as('key')])
      .where('organisation_id', '=', organisationId)
      .execute()
    const services = await db
      .selectFrom('partner_services')
      .select(['partner_id', sql<string>`trame_normalise(name)`.as('key')])
      .where('organisation_id', '=', organisationId)
      .execute()
    return { partners, services }
  }
}
