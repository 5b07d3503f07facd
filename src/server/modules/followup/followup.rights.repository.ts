import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { visibleTeam } from '../outreach/outreach.sql.ts'

export type RightHolder = { personId: string } | { householdId: string }
export type RightValues = {
  kind: string
  status: string
  status_on: string | null
  open_until: string | null
  note: string | null
}

const RIGHT_COLUMNS = [
  'r.id',
  'r.person_id',
  'r.household_id',
  'r.kind',
  'r.status',
  'r.status_on',
  'r.open_until',
  'r.note',
  'r.updated_at',
] as const

/** Rights of people and households, the organisation's own kinds of rights and its settings. */
export class FollowupRightsRepository {
  constructor(readonly db: Kysely<Database>) {}

  /** The household a person belongs to (a person is in one household at most). */
  async householdOf(personId: string, db: Kysely<Database> = this.db) {
    const row = await db
      .selectFrom('household_members')
      .select('household_id')
      .where('person_id', '=', personId)
      .executeTakeFirst()
    return row?.household_id ?? null
  }

  private holdersQuery(
    organisationId: string,
    holders: { personIds?: string[]; householdIds?: string[] },
    db: Kysely<Database>,
  ) {
    const personIds = holders.personIds ?? []
    const householdIds = holders.householdIds ?? []
    if (personIds.length === 0 && householdIds.length === 0) return null
    return db
      .selectFrom('rights as r')
      .where('r.organisation_id', '=', organisationId)
      .where((eb) =>
        eb.or([
          ...(personIds.length ? [eb('r.person_id', 'in', personIds)] : []),
          ...(householdIds.length ? [eb('r.household_id', 'in', householdIds)] : []),
        ]),
      )
  }

  /** The holders' rights by kind, or with `newest` the latest updated first, at most `newest.limit`. */
  rightsOf(
    organisationId: string,
    holders: { personIds?: string[]; householdIds?: string[] },
    db: Kysely<Database> = this.db,
    newest?: { limit: number },
  ) {
    const query = this.holdersQuery(organisationId, holders, db)?.select(RIGHT_COLUMNS)
    if (!query) return Promise.resolve([])
    if (newest)
      return query.orderBy('r.updated_at', 'desc').orderBy('r.id', 'desc').limit(newest.limit).execute()
    return query.orderBy('r.kind').execute()
  }

  async countOf(
    organisationId: string,
    holders: { personIds?: string[]; householdIds?: string[] },
    db: Kysely<Database> = this.db,
  ) {
    const query = this.holdersQuery(organisationId, holders, db)
    if (!query) return 0
    const row = await query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    return row.n
  }

  /** Creates the holder's right of this kind or replaces its status, dates and note. */
  async save(db: Kysely<Database>, actor: Actor, holder: RightHolder, values: RightValues) {
    const person = 'personId' in holder
    const existing = await db
      .selectFrom('rights')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .where(person ? 'person_id' : 'household_id', '=', person ? holder.personId : holder.householdId)
      .where('kind', '=', values.kind)
      .forUpdate()
      .executeTakeFirst()
    if (existing) {
      await db
        .updateTable('rights')
        .set({ ...values, updated_by: actor.userId, updated_at: sql`now()` })
        .where('id', '=', existing.id)
        .execute()
      return existing.id
    }
    const created = await db
      .insertInto('rights')
      .values({
        ...values,
        organisation_id: actor.organisationId,
        person_id: person ? holder.personId : null,
        household_id: person ? null : holder.householdId,
        created_by: actor.userId,
        updated_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return created.id
  }

  /**
   * Open rights ending between `from` and `to` of the people `actor` is a referent of (a household's
   * right shows for each of its members the actor follows), with the count of all of them.
   */
  async ending(
    actor: Actor,
    range: { from: string; to: string },
    page: { limit: number; offset: number },
    db: Kysely<Database> = this.db,
  ) {
    const base = db
      .selectFrom('rights as r')
      .leftJoin('household_members as hm', 'hm.household_id', 'r.household_id')
      .innerJoin('people as p', (join) =>
        join.on((eb) =>
          eb.or([eb('p.id', '=', eb.ref('r.person_id')), eb('p.id', '=', eb.ref('hm.person_id'))]),
        ),
      )
      .innerJoin('person_referents as pr', (join) =>
        join.onRef('pr.person_id', '=', 'p.id').on('pr.user_id', '=', actor.userId),
      )
      .where('r.organisation_id', '=', actor.organisationId)
      .where('r.status', '=', 'open')
      .where('r.open_until', '>=', range.from)
      .where('r.open_until', '<=', range.to)
      .where('p.merged_into_id', 'is', null)
      .where(visibleTeam(actor, 'p'))
    const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    const rows = await base
      .select([
        'r.id',
        'r.kind',
        'r.household_id',
        'r.open_until',
        'p.id as person_id',
        'p.last_name',
        'p.usage_name',
        'p.first_names',
        'p.description',
        'p.aliases',
      ])
      .orderBy('r.open_until')
      .orderBy('p.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
    return { rows, total: Number(total.n) }
  }

  customKinds(organisationId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('right_kinds')
      .select(['id', 'label', 'active'])
      .where('organisation_id', '=', organisationId)
      .orderBy('label')
      .execute()
  }

  insertKind(db: Kysely<Database>, organisationId: string, label: string) {
    return db
      .insertInto('right_kinds')
      .values({ organisation_id: organisationId, label })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst()
  }

  updateKind(
    db: Kysely<Database>,
    organisationId: string,
    id: string,
    values: { label?: string; active?: boolean },
  ) {
    return db
      .updateTable('right_kinds')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst()
  }

  async endingDays(organisationId: string, db: Kysely<Database> = this.db) {
    const row = await db
      .selectFrom('rights_settings')
      .select('ending_days')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
    return row?.ending_days ?? null
  }

  async saveEndingDays(db: Kysely<Database>, organisationId: string, days: number) {
    await db
      .insertInto('rights_settings')
      .values({ organisation_id: organisationId, ending_days: days })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({ ending_days: days, updated_at: sql`now()` }),
      )
      .execute()
  }
}
