import { type Insertable, type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely'
import type { Database, PersonTable } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import type { PersonQuery } from './people.search.ts'

/** Columns of a person's file as the service writes them (JSON columns already serialised). */
export type PersonValues = Partial<
  Omit<
    Insertable<PersonTable>,
    'id' | 'organisation_id' | 'file_number' | 'created_by' | 'created_at' | 'updated_at'
  >
>
export type PersonRow = Selectable<PersonTable>

/** Keeps records of confidential teams out of reach of those outside the team (the director sees all). */
function visibleTo<O>(query: SelectQueryBuilder<Database & { p: Database['people'] }, 'p', O>, actor: Actor) {
  const q = query.where('p.organisation_id', '=', actor.organisationId)
  if (actor.roles.includes('director')) return q
  return q.where((eb) =>
    eb.or([
      eb('p.team_id', 'is', null),
      eb.not(
        eb.exists(
          eb
            .selectFrom('teams as t')
            .select('t.id')
            .whereRef('t.id', '=', 'p.team_id')
            .where('t.confidential', '=', true),
        ),
      ),
      ...(actor.teamIds.length > 0 ? [eb('p.team_id', 'in', actor.teamIds)] : []),
    ]),
  )
}

export class PeopleRepository {
  constructor(readonly db: Kysely<Database>) {}

  /**
   * Typo- and accent-tolerant. Each typed word is matched against the organisation's name words
   * (trigram similarity or prefix, as one types), and a file must hold a close word for every typed
   * word. The closest files come first.
   */
  list(actor: Actor, query: PersonQuery, db = this.db, limit = 50) {
    let select = visibleTo(db.selectFrom('people as p').selectAll('p'), actor).where(
      'p.merged_into_id',
      'is',
      null,
    )
    if (query.phoneDigits) select = select.where('p.phone_digits', 'like', `%${query.phoneDigits}`)
    if (query.birthDate) select = select.where('p.birth_date', '=', query.birthDate)
    if (query.fileNumber) select = select.where('p.file_number', '=', query.fileNumber)
    const scores = query.words.map((word) =>
      word.length < 3
        ? sql<number>`(p.search_names like '%' || trame_normalise(${word}) || '%')::int`
        : sql<number>`word_similarity(trame_normalise(${word}), p.search_names)`,
    )
    const conditions = query.words.map((word) =>
      word.length < 3
        ? sql<boolean>`p.search_names like '%' || trame_normalise(${word}) || '%'`
        : sql<boolean>`trame_name_words(p.search_names) && array(
            (select v.word from person_name_vocabulary v
              where v.organisation_id = ${actor.organisationId}
                and (v.word % trame_normalise(${word}) or v.word like trame_normalise(${word}) || '%')
              order by v.word like trame_normalise(${word}) || '%' desc, similarity(v.word, trame_normalise(${word})) desc
              limit 30)
            union
            (select d.word from person_name_word_deletions d
              where d.organisation_id = ${actor.organisationId}
                and d.deletion = any(trame_word_deletions(trame_normalise(${word})))))`,
    )
    if (conditions.length > 0) {
      select = select.where(sql<boolean>`(${sql.join(conditions, sql` and `)})`)
    }
    if (scores.length > 0) select = select.orderBy(sql`${sql.join(scores, sql` + `)}`, 'desc')
    return select.orderBy('p.updated_at', 'desc').limit(limit).execute()
  }

  /**
   * Files that may be the same person: close names (trigram), same-sounding last name (double
   * metaphone) with the same birth date, the same birth date with a close first name, or the same
   * phone number. Best first.
   */
  likelyDuplicates(
    actor: Actor,
    input: { name: string; lastName?: string; birthDate?: string; phoneDigits?: string },
    db = this.db,
  ) {
    const name = sql`trame_normalise(${input.name})`
    const sameBirth = input.birthDate
      ? sql<boolean>`p.birth_date = ${input.birthDate}::date`
      : sql<boolean>`false`
    const soundsLike = input.lastName
      ? sql<boolean>`dmetaphone(trame_normalise(coalesce(p.last_name, ''))) = dmetaphone(trame_normalise(${input.lastName}))`
      : sql<boolean>`false`
    const samePhone = input.phoneDigits
      ? sql<boolean>`p.phone_digits like ${`%${input.phoneDigits}`}`
      : sql<boolean>`false`
    // A close age counts too: a birth date typed a year off, or an age guessed in the street.
    const closeAge = input.birthDate
      ? sql<boolean>`(abs(p.birth_date - ${input.birthDate}::date) <= 730
          or abs(extract(year from age(${input.birthDate}::date)) - (p.approximate_age
             + extract(year from age(coalesce(p.approximate_age_on, current_date))))) <= 3)`
      : sql<boolean>`false`
    const score = sql<number>`similarity(${name}, p.search_names) + case when ${sameBirth} then 0.5 else 0 end
      + case when ${closeAge} then 0.2 else 0 end
      + case when ${soundsLike} then 0.2 else 0 end + case when ${samePhone} then 0.5 else 0 end`
    return visibleTo(db.selectFrom('people as p').selectAll('p'), actor)
      .where('p.merged_into_id', 'is', null)
      .where((eb) =>
        eb.or([
          sql<boolean>`${name} % p.search_names`,
          samePhone,
          eb.and([soundsLike, sameBirth]),
          eb.and([sameBirth, sql<boolean>`word_similarity(${name}, p.search_names) > 0.3`]),
        ]),
      )
      .orderBy(score, 'desc')
      .limit(5)
      .execute()
  }

  /** The files among `ids` the actor may see (other organisations' and hidden ones left out). */
  findMany(actor: Actor, ids: string[], db = this.db) {
    if (ids.length === 0) return Promise.resolve([])
    return visibleTo(db.selectFrom('people as p').selectAll('p'), actor).where('p.id', 'in', ids).execute()
  }

  find(actor: Actor, id: string, db = this.db) {
    return visibleTo(db.selectFrom('people as p').selectAll('p'), actor)
      .where('p.id', '=', id)
      .executeTakeFirst()
  }

  teamInOrganisation(organisationId: string, teamId: string) {
    return this.db
      .selectFrom('teams')
      .select(['id', 'confidential'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', teamId)
      .executeTakeFirst()
  }

  async create(db: Kysely<Database>, actor: Actor, values: PersonValues) {
    const { person_seq } = await db
      .updateTable('organisations')
      .set({ person_seq: sql`person_seq + 1` })
      .where('id', '=', actor.organisationId)
      .returning('person_seq')
      .executeTakeFirstOrThrow()
    return db
      .insertInto('people')
      .values({
        ...values,
        organisation_id: actor.organisationId,
        file_number: String(person_seq).padStart(6, '0'),
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  update(db: Kysely<Database>, actor: Actor, id: string, values: PersonValues) {
    return db
      .updateTable('people')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  referentIds(personId: string, db = this.db) {
    return db
      .selectFrom('person_referents')
      .select('user_id')
      .where('person_id', '=', personId)
      .execute()
      .then((rows) => rows.map((r) => r.user_id))
  }

  async replaceReferents(db: Kysely<Database>, actor: Actor, personId: string, userIds: string[]) {
    await db.deleteFrom('person_referents').where('person_id', '=', personId).execute()
    if (userIds.length === 0) return
    await db
      .insertInto('person_referents')
      .values(
        // The same colleague named twice by the form is one referent.
        [...new Set(userIds)].map((user_id) => ({
          organisation_id: actor.organisationId,
          person_id: personId,
          user_id,
        })),
      )
      .execute()
  }

  /** Active users of the organisation among `userIds` (referents must be colleagues). */
  activeUsers(organisationId: string, userIds: string[], db = this.db) {
    if (userIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('users')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'active')
      .where('id', 'in', userIds)
      .execute()
  }

  /** Ids of the files the actor may see, as a subquery (household sizes count only those). */
  private visibleIds(actor: Actor, db: Kysely<Database>) {
    return visibleTo(db.selectFrom('people as p').select('p.id'), actor)
  }

  /** The person's household, and its size as the actor sees it (a hidden member would show otherwise). */
  membership(actor: Actor, personId: string, db = this.db) {
    return db
      .selectFrom('household_members as m')
      .select([
        'm.household_id',
        'm.relationship',
        (eb) =>
          eb
            .selectFrom('household_members as all_m')
            .select((c) => c.fn.countAll<string>().as('n'))
            .whereRef('all_m.household_id', '=', 'm.household_id')
            .where('all_m.person_id', 'in', this.visibleIds(actor, db))
            .as('size'),
      ])
      .where('m.person_id', '=', personId)
      .executeTakeFirst()
  }

  householdSizes(actor: Actor, personIds: string[], db = this.db) {
    if (personIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('household_members as m')
      .innerJoin('household_members as all_m', 'all_m.household_id', 'm.household_id')
      .select(['m.person_id', (eb) => eb.fn.countAll<string>().as('size')])
      .where('m.person_id', 'in', personIds)
      .where('all_m.person_id', 'in', this.visibleIds(actor, db))
      .groupBy('m.person_id')
      .execute()
  }

  household(organisationId: string, householdId: string, db = this.db) {
    return db
      .selectFrom('households')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', householdId)
      .executeTakeFirst()
  }

  householdMembers(householdId: string, db = this.db) {
    return db
      .selectFrom('household_members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select(['m.person_id', 'm.relationship', 'm.disabled'])
      .where('m.household_id', '=', householdId)
      .execute()
  }

  async saveHousehold(
    db: Kysely<Database>,
    actor: Actor,
    householdId: string | undefined,
    values: {
      address: string | null
      postal_code: string | null
      city: string | null
      other_resources: string
      shares_override: number | null
    },
    members: { personId: string; relationship: string; disabled: boolean }[],
  ) {
    const id = householdId
      ? (
          await db
            .updateTable('households')
            .set({ ...values, updated_at: sql`now()` })
            .where('organisation_id', '=', actor.organisationId)
            .where('id', '=', householdId)
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      : (
          await db
            .insertInto('households')
            .values({ ...values, organisation_id: actor.organisationId })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
    await db.deleteFrom('household_members').where('household_id', '=', id).execute()
    // A person moving in leaves their previous household; an emptied household is removed.
    const moving = members.map((m) => m.personId)
    const left = await db
      .deleteFrom('household_members')
      .where('person_id', 'in', moving)
      .returning('household_id')
      .execute()
    await db
      .insertInto('household_members')
      .values(
        members.map((m) => ({
          organisation_id: actor.organisationId,
          household_id: id,
          person_id: m.personId,
          relationship: m.relationship,
          disabled: m.disabled,
        })),
      )
      .execute()
    for (const { household_id } of left) await this.deleteIfEmpty(db, household_id)
    return id
  }

  async deleteIfEmpty(db: Kysely<Database>, householdId: string) {
    await db
      .deleteFrom('households')
      .where('id', '=', householdId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('household_members').select('person_id').where('household_id', '=', householdId),
          ),
        ),
      )
      .execute()
  }

  leaveHousehold(db: Kysely<Database>, personId: string) {
    return db
      .deleteFrom('household_members')
      .where('person_id', '=', personId)
      .returningAll()
      .executeTakeFirst()
  }

  joinHousehold(
    db: Kysely<Database>,
    actor: Actor,
    member: { household_id: string; person_id: string; relationship: string; disabled: boolean },
  ) {
    return db
      .insertInto('household_members')
      .values({ ...member, organisation_id: actor.organisationId })
      .execute()
  }

  consents(personIds: string[], db = this.db) {
    return db
      .selectFrom('person_consents as c')
      .innerJoin('users as u', 'u.id', 'c.recorded_by')
      .select([
        'c.id',
        'c.scope',
        'c.given',
        'c.given_on',
        'c.note',
        'c.recorded_at',
        'u.name as recorded_by',
      ])
      .where('c.person_id', 'in', personIds)
      .orderBy('c.recorded_at', 'desc')
      .execute()
  }

  addConsent(
    db: Kysely<Database>,
    actor: Actor,
    personId: string,
    consent: { scope: string; given: boolean; given_on: string; note: string | null },
  ) {
    return db
      .insertInto('person_consents')
      .values({
        ...consent,
        organisation_id: actor.organisationId,
        person_id: personId,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  /** Files merged into this one, directly or through another merged file: their records show under it. */
  async mergedInto(personId: string, db = this.db) {
    const { rows } = await sql<{ id: string }>`
      with recursive merged as (
        select id from people where merged_into_id = ${personId}
        union
        select p.id from people p join merged on p.merged_into_id = merged.id
      )
      select id from merged`.execute(db)
    return rows.map((r) => r.id)
  }

  /** Locks files until the transaction ends, always in id order so that two merges cannot deadlock. */
  async lockFiles(db: Kysely<Database>, organisationId: string, ids: string[]) {
    await db
      .selectFrom('people')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', ids)
      .orderBy('id')
      .forUpdate()
      .execute()
  }

  merges(organisationId: string, personId: string, db = this.db) {
    return db
      .selectFrom('person_merges as m')
      .innerJoin('users as u', 'u.id', 'm.merged_by')
      .select([
        'm.id',
        'm.kept_person_id',
        'm.merged_person_id',
        'm.merged_at',
        'm.undone_at',
        'u.name as merged_by',
      ])
      .where('m.organisation_id', '=', organisationId)
      .where((eb) => eb.or([eb('m.kept_person_id', '=', personId), eb('m.merged_person_id', '=', personId)]))
      .orderBy('m.merged_at', 'desc')
      .execute()
  }

  recordMerge(
    db: Kysely<Database>,
    actor: Actor,
    merge: {
      kept_person_id: string
      merged_person_id: string
      kept_before: string
      kept_after: string
      merged_before: string
    },
  ) {
    return db
      .insertInto('person_merges')
      .values({ ...merge, organisation_id: actor.organisationId, merged_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  /** Locked until the transaction ends: the same merge cannot be undone twice at once. */
  activeMerge(organisationId: string, mergeId: string, db = this.db) {
    return db
      .selectFrom('person_merges')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', mergeId)
      .where('undone_at', 'is', null)
      .forUpdate()
      .executeTakeFirst()
  }

  markMergeUndone(db: Kysely<Database>, actor: Actor, mergeId: string) {
    return db
      .updateTable('person_merges')
      .set({ undone_at: sql`now()`, undone_by: actor.userId })
      .where('id', '=', mergeId)
      .execute()
  }

  /** Who consulted or changed the files, for the access request export (no IP addresses). */
  accessLog(organisationId: string, personIds: string[], db = this.db) {
    return db
      .selectFrom('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.at', 'a.action', 'u.name as user_name'])
      .where('a.organisation_id', '=', organisationId)
      .where('a.person_id', 'in', personIds)
      .orderBy('a.at', 'desc')
      .limit(2000)
      .execute()
  }
}
