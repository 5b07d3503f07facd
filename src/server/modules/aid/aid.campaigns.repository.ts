import { type Insertable, type Kysely, type RawBuilder, type Selectable, sql, type Updateable } from 'kysely'
import type { AidCampaignTable } from '../../db/schema.aid.ts'
import type { Database } from '../../db/schema.ts'

export type CampaignRow = Selectable<AidCampaignTable>

/** A registration with what the distribution list shows of the person (names, age, address, phone). */
export type RegistrationRow = {
  id: string
  campaign_id: string
  person_id: string
  household_id: string | null
  channel: string
  status: string
  registered_on: string
  received_on: string | null
  delivery: string | null
  warnings: unknown
  note: string | null
  last_name: string | null
  usage_name: string | null
  first_names: string | null
  description: string | null
  birth_date: string | null
  phone: string | null
  address: string | null
  postal_code: string | null
  city: string | null
}

export interface RegistrationFilter {
  campaignId?: string
  id?: string
  status?: string
  channel?: string
  personIds?: string[]
}

/** All SQL of seasonal campaigns and their registrations. */
export class CampaignsRepository {
  constructor(readonly db: Kysely<Database>) {}

  page(organisationId: string, query: { status?: string; page: number; pageSize: number }, db = this.db) {
    let select = db.selectFrom('aid_campaigns').where('organisation_id', '=', organisationId)
    if (query.status) select = select.where('status', '=', query.status as CampaignRow['status'])
    return Promise.all([
      select
        .selectAll()
        .orderBy('opens_on', 'desc')
        .orderBy('id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute(),
      select.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]).then(([rows, total]) => ({ rows, total: Number(total.n) }))
  }

  find(organisationId: string, id: string, db = this.db) {
    return db
      .selectFrom('aid_campaigns')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  /** The campaign row locked for a change of its registrations or of itself. */
  lock(organisationId: string, id: string, db: Kysely<Database>) {
    return db
      .selectFrom('aid_campaigns')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
  }

  insert(values: Insertable<AidCampaignTable>, db: Kysely<Database>) {
    return db.insertInto('aid_campaigns').values(values).returningAll().executeTakeFirstOrThrow()
  }

  update(organisationId: string, id: string, values: Updateable<AidCampaignTable>, db: Kysely<Database>) {
    return db
      .updateTable('aid_campaigns')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  /** Registrations per campaign, status, channel and delivery: the counts, in one query for a page. */
  async counts(campaignIds: string[], db = this.db) {
    if (campaignIds.length === 0) return []
    const rows = await db
      .selectFrom('aid_campaign_registrations')
      .select(['campaign_id', 'status', 'channel', 'delivery'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', 'in', campaignIds)
      .groupBy(['campaign_id', 'status', 'channel', 'delivery'])
      .execute()
    return rows.map((r) => ({ ...r, n: Number(r.n) }))
  }

  /** The person's registration to the campaign, whatever its status (one per person and campaign). */
  registrationOf(campaignId: string, personId: string, db: Kysely<Database>) {
    return db
      .selectFrom('aid_campaign_registrations')
      .select(['id', 'status'])
      .where('campaign_id', '=', campaignId)
      .where('person_id', '=', personId)
      .executeTakeFirst()
  }

  insertRegistration(
    values: Insertable<Database['aid_campaign_registrations']>,
    db: Kysely<Database>,
  ): Promise<{ id: string }> {
    return db
      .insertInto('aid_campaign_registrations')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  /** A registration row alone (with its campaign's organisation check), locked for a change. */
  lockRegistration(organisationId: string, id: string, db: Kysely<Database>) {
    return db
      .selectFrom('aid_campaign_registrations')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
  }

  updateRegistration(
    id: string,
    values: Updateable<Database['aid_campaign_registrations']>,
    db: Kysely<Database>,
  ) {
    return db
      .updateTable('aid_campaign_registrations')
      .set({ ...values, updated_at: new Date() })
      .where('id', '=', id)
      .execute()
  }

  /**
   * The registrations of a campaign with their people, those whose file the actor may see
   * (`visible`: SQL over `p.id`), in the order of the distribution list: by name.
   */
  private registrations(
    organisationId: string,
    filter: RegistrationFilter,
    visible: RawBuilder<boolean>,
    db: Kysely<Database>,
  ) {
    let select = db
      .selectFrom('aid_campaign_registrations as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .leftJoin('households as h', 'h.id', 'r.household_id')
      .where('r.organisation_id', '=', organisationId)
      .where(visible)
    if (filter.campaignId) select = select.where('r.campaign_id', '=', filter.campaignId)
    if (filter.id) select = select.where('r.id', '=', filter.id)
    if (filter.status) select = select.where('r.status', '=', filter.status as never)
    if (filter.channel) select = select.where('r.channel', '=', filter.channel as never)
    if (filter.personIds) select = select.where('r.person_id', 'in', filter.personIds)
    return select
  }

  private readonly columns = [
    'r.id',
    'r.campaign_id',
    'r.person_id',
    'r.household_id',
    'r.channel',
    'r.status',
    'r.registered_on',
    'r.received_on',
    'r.delivery',
    'r.warnings',
    'r.note',
    'p.last_name',
    'p.usage_name',
    'p.first_names',
    'p.description',
    'p.birth_date',
    'p.phone',
  ] as const

  /** Registrations with their person, by name (the distribution list's order); one page, or all. */
  async registrationPage(
    organisationId: string,
    filter: RegistrationFilter,
    visible: RawBuilder<boolean>,
    page: { page: number; pageSize: number } | null,
    db = this.db,
  ) {
    const base = this.registrations(organisationId, filter, visible, db)
    let rows = base
      .select([...this.columns])
      // The person's own address, or else their household's.
      .select(sql<string | null>`coalesce(p.address, h.address)`.as('address'))
      .select(
        sql<string | null>`case when p.address is not null then p.postal_code else h.postal_code end`.as(
          'postal_code',
        ),
      )
      .select(sql<string | null>`case when p.address is not null then p.city else h.city end`.as('city'))
      .orderBy(sql`lower(coalesce(p.usage_name, p.last_name, p.description, ''))`)
      .orderBy(sql`lower(coalesce(p.first_names, ''))`)
      .orderBy('r.id')
    if (page) rows = rows.limit(page.pageSize).offset((page.page - 1) * page.pageSize)
    const items = (await rows.execute()) as RegistrationRow[]
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return { items, total: Number(total.n) }
  }

  /** A person's registrations with their campaign's label, for the timeline and the access export. */
  /** How many registrations the persons have (a person's timeline). */
  async countOfPeople(personIds: string[], db: Kysely<Database>) {
    const row = await db
      .selectFrom('aid_campaign_registrations')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('person_id', 'in', personIds)
      .executeTakeFirstOrThrow()
    return row.n
  }

  /** The persons' registrations, by registration day; with `latest`, the latest received or registered first. */
  ofPeople(personIds: string[], db: Kysely<Database>, latest?: { limit: number }) {
    if (personIds.length === 0) return Promise.resolve([])
    const query = db
      .selectFrom('aid_campaign_registrations as r')
      .innerJoin('aid_campaigns as c', 'c.id', 'r.campaign_id')
      .select([
        'r.id',
        'r.person_id',
        'r.campaign_id',
        'c.label as campaign_label',
        'r.channel',
        'r.status',
        'r.registered_on',
        'r.received_on',
        'r.delivery',
        'r.warnings',
        'r.note',
        'r.updated_at',
      ])
      .where('r.person_id', 'in', personIds)
    if (latest) {
      return query
        .orderBy(sql`coalesce(r.received_on, r.registered_on)`, 'desc')
        .orderBy('r.id', 'desc')
        .limit(latest.limit)
        .execute()
    }
    return query.orderBy('r.registered_on', 'desc').execute()
  }
}
