import {
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  sql,
} from 'kysely'
import type { MailItemTable } from '../../db/schema.domiciliation.ts'
import type { Database, PersonTable } from '../../db/schema.ts'

export type MailItemRow = Selectable<MailItemTable> & {
  proxy_last_name: string | null
  proxy_first_name: string | null
}

/** A period "in force" today: granted, and today between its first and last day. */
const inForce = (today: string) =>
  sql<boolean>`d.status = 'granted' and d.start_on <= ${today}::date and d.end_on >= ${today}::date`

/** A person's period in force today (the latest ending, should two overlap), joined beside `people as r`. */
const periodInForce = (
  eb: ExpressionBuilder<Database & { r: PersonTable }, 'r'>,
  organisationId: string,
  today: string,
) =>
  eb
    .selectFrom('domiciliations as d')
    .select(['d.start_on', 'd.end_on'])
    .whereRef('d.person_id', '=', 'r.id')
    .where('d.organisation_id', '=', organisationId)
    .where(inForce(today))
    .orderBy('d.end_on', 'desc')
    .limit(1)
    .as('d')

/** What the mail desk shows of a domiciled person: who, their period in force, how many items wait. */
const RECIPIENT_COLUMNS = [
  'r.id',
  'r.file_number',
  'r.last_name',
  'r.usage_name',
  'r.first_names',
  'r.description',
  'r.aliases',
  'd.start_on',
  'd.end_on',
  sql<string>`(select count(*) from mail_items m where m.person_id = r.id and m.status = 'waiting')`.as(
    'waiting',
  ),
] as const

/** All SQL of the mail of domiciled people (mail items; proxies are in domiciliation.proxies.*). */
export class MailRepository {
  constructor(readonly db: Kysely<Database>) {}

  /** The period in force today of each person (the latest ending, should two overlap). */
  async periodsInForce(organisationId: string, personIds: string[], today: string, db: Kysely<Database>) {
    if (personIds.length === 0) return new Map<string, { id: string; start_on: string; end_on: string }>()
    const rows = await db
      .selectFrom('domiciliations as d')
      .select(['d.id', 'd.person_id', 'd.start_on', 'd.end_on'])
      .where('d.organisation_id', '=', organisationId)
      .where('d.person_id', 'in', [...new Set(personIds)])
      .where(inForce(today))
      .orderBy('d.end_on', 'asc')
      .execute()
    // Ascending: the latest ending is set last and kept.
    return new Map(
      rows.map((r) => [r.person_id, { id: r.id, start_on: String(r.start_on), end_on: String(r.end_on) }]),
    )
  }

  /**
   * People domiciled today answering what the agent typed: a file number (typed or scanned), or
   * words all found in their names. `visible` keeps confidential teams' files out of reach (it reads
   * `r.id`: the people service's own subquery names its table `p`).
   */
  recipients(
    organisationId: string,
    query: { fileNumber: string | null; words: string[] },
    today: string,
    visible: RawBuilder<boolean>,
    db: Kysely<Database>,
    limit = 20,
  ) {
    let q = db
      .selectFrom('people as r')
      .innerJoinLateral(
        (eb) => periodInForce(eb, organisationId, today),
        (join) => join.onTrue(),
      )
      .select(RECIPIENT_COLUMNS)
      .where('r.organisation_id', '=', organisationId)
      .where('r.merged_into_id', 'is', null)
      .where(visible)
    if (query.fileNumber) q = q.where('r.file_number', '=', query.fileNumber)
    for (const word of query.words) {
      q = q.where(sql<boolean>`r.search_names like '%' || trame_normalise(${word}) || '%'`)
    }
    return q.orderBy('r.search_names').orderBy('r.id').limit(limit).execute()
  }

  /** One domiciled person as the mail desk sees them (period in force, waiting count). */
  recipient(organisationId: string, personId: string, today: string, db: Kysely<Database>) {
    return db
      .selectFrom('people as r')
      .leftJoinLateral(
        (eb) => periodInForce(eb, organisationId, today),
        (join) => join.onTrue(),
      )
      .select(RECIPIENT_COLUMNS)
      .where('r.organisation_id', '=', organisationId)
      .where('r.id', '=', personId)
      .executeTakeFirst()
  }

  insertItems(db: Kysely<Database>, values: Insertable<MailItemTable>[]) {
    return db.insertInto('mail_items').values(values).returningAll().execute()
  }

  /**
   * Of `personIds`, those who said yes to messages (their latest answer) and have an e-mail, and were
   * not told of waiting mail since `since`: one e-mail per person a day at most, whatever arrives.
   */
  toNotify(organisationId: string, personIds: string[], since: Date, db: Kysely<Database>) {
    if (personIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('people as p')
      .select(['p.id', 'p.email'])
      .where('p.organisation_id', '=', organisationId)
      .where('p.id', 'in', personIds)
      .where('p.email', 'is not', null)
      .where(
        sql<boolean>`coalesce((select c.given from person_consents c
          where c.person_id = p.id and c.scope = 'contact_by_message'
          order by c.given_on desc, c.recorded_at desc limit 1), false)`,
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('mail_items as m')
              .select('m.id')
              .whereRef('m.person_id', '=', 'p.id')
              .where('m.notified_at', '>=', since),
          ),
        ),
      )
      .execute()
  }

  async organisationName(db: Kysely<Database>, organisationId: string) {
    const row = await db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow()
    return row.name
  }

  markNotified(db: Kysely<Database>, itemIds: string[]) {
    if (itemIds.length === 0) return Promise.resolve()
    return db.updateTable('mail_items').set({ notified_at: sql`now()` }).where('id', 'in', itemIds).execute()
  }

  private items(db: Kysely<Database>) {
    return db
      .selectFrom('mail_items as m')
      .leftJoin('domiciliation_proxies as x', 'x.id', 'm.proxy_id')
      .selectAll('m')
      .select(['x.last_name as proxy_last_name', 'x.first_name as proxy_first_name'])
  }

  /** A page of a person's mail, newest first, with the total. */
  async page(
    organisationId: string,
    personIds: string[],
    status: Selectable<MailItemTable>['status'] | 'all',
    page: { page: number; pageSize: number },
    db: Kysely<Database>,
  ) {
    let rows = this.items(db)
      .where('m.organisation_id', '=', organisationId)
      .where('m.person_id', 'in', personIds)
    let count = db
      .selectFrom('mail_items as m')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('m.organisation_id', '=', organisationId)
      .where('m.person_id', 'in', personIds)
    if (status !== 'all') {
      rows = rows.where('m.status', '=', status)
      count = count.where('m.status', '=', status)
    }
    const items = await rows
      .orderBy('m.received_at', 'desc')
      .orderBy('m.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const total = Number((await count.executeTakeFirstOrThrow()).n)
    return { items: items as MailItemRow[], total }
  }

  /** The items, locked until the transaction ends: two agents never hand the same letter over twice. */
  lockItems(db: Kysely<Database>, organisationId: string, personId: string, ids: string[]) {
    return db
      .selectFrom('mail_items')
      .select(['id', 'status'])
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .where('id', 'in', ids)
      .forUpdate()
      .execute()
  }

  async close(
    db: Kysely<Database>,
    ids: string[],
    values: Pick<
      Insertable<MailItemTable>,
      'status' | 'closed_by' | 'handed_to' | 'proxy_id' | 'forwarded_to' | 'contact_id'
    >,
  ) {
    await db
      .updateTable('mail_items')
      .set({ ...values, closed_at: sql`now()` })
      .where('id', 'in', ids)
      .execute()
    return (await this.items(db).where('m.id', 'in', ids).orderBy('m.received_at').execute()) as MailItemRow[]
  }

  /**
   * The 3-month rule: the person showed up (collected mail, called, came). Only moves forward: a
   * contact typed afterwards for an earlier day leaves a later one in place.
   */
  touchLastContact(db: Kysely<Database>, organisationId: string, personId: string, at: Date, today: string) {
    return db
      .updateTable('domiciliations as d')
      .set({ last_contact_at: sql`greatest(d.last_contact_at, ${at.toISOString()}::timestamptz)` })
      .where('d.organisation_id', '=', organisationId)
      .where('d.person_id', '=', personId)
      .where(inForce(today))
      .execute()
  }

  /** What the person's timeline shows and their access export holds. */
  ofPeople(db: Kysely<Database>, personIds: string[], closedOnly: boolean, limit: number) {
    let q = this.items(db).where('m.person_id', 'in', personIds)
    if (closedOnly) q = q.where('m.status', '=', 'handed_over')
    return q.orderBy('m.received_at', 'desc').limit(limit).execute() as Promise<MailItemRow[]>
  }

  private handovers(db: Kysely<Database>, personIds: string[]) {
    return db
      .selectFrom('mail_items as m')
      .where('m.person_id', 'in', personIds)
      .where('m.status', '=', 'handed_over')
      .groupBy(['m.person_id', 'm.closed_at', 'm.proxy_id'])
  }

  /**
   * The items of the persons' `limit` latest handovers (one handover: the items given together, to
   * the person or to one proxy), for a person's timeline; a few more at the oldest handover's edge.
   */
  async latestHandoverItems(db: Kysely<Database>, personIds: string[], limit: number) {
    const groups = await this.handovers(db, personIds)
      .select((eb) => eb.fn.max('m.closed_at').as('closed_at'))
      .orderBy('m.closed_at', 'desc')
      .limit(limit)
      .execute()
    const oldest = groups.at(-1)?.closed_at
    if (!oldest) return []
    return (await this.items(db)
      .where('m.person_id', 'in', personIds)
      .where('m.status', '=', 'handed_over')
      .where('m.closed_at', '>=', new Date(new Date(oldest as Date).getTime() - 1))
      .orderBy('m.received_at', 'desc')
      .execute()) as MailItemRow[]
  }

  async handoverCount(db: Kysely<Database>, personIds: string[]) {
    const row = await db
      .selectFrom(this.handovers(db, personIds).select('m.person_id').as('h'))
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    return row.n
  }

  latestHandovers(db: Kysely<Database>, personIds: string[]) {
    return db
      .selectFrom('mail_items')
      .select(['person_id', (eb) => eb.fn.max('closed_at').as('at')])
      .where('person_id', 'in', personIds)
      .where('status', '=', 'handed_over')
      .groupBy('person_id')
      .execute()
  }
}
