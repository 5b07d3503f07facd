import { type Kysely, type SelectQueryBuilder, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import type { PersonQuery } from './people.search.ts'

export type PersonValues = {
  last_name?: string | null
  usage_name?: string | null
  first_names?: string | null
  birth_date?: string | null
  description?: string | null
  team_id?: string | null
}

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
   * Typo- and accent-tolerant: each word must be close (trigram word similarity, GIN-indexed) to a
   * word of the names; the closest files come first.
   */
  list(actor: Actor, query: PersonQuery, db = this.db, limit = 50) {
    let select = visibleTo(db.selectFrom('people as p').selectAll('p'), actor)
    if (query.birthDate) select = select.where('p.birth_date', '=', query.birthDate)
    if (query.fileNumber) select = select.where('p.file_number', '=', query.fileNumber)
    const scores = query.words.map((word) =>
      word.length < 3
        ? sql<number>`(p.search_names like '%' || trame_normalise(${word}) || '%')::int`
        : sql<number>`word_similarity(trame_normalise(${word}), p.search_names)`,
    )
    for (const word of query.words) {
      select = select.where(
        word.length < 3
          ? sql<boolean>`p.search_names like '%' || trame_normalise(${word}) || '%'`
          : sql<boolean>`trame_normalise(${word}) <% p.search_names`,
      )
    }
    if (scores.length > 0) select = select.orderBy(sql`${sql.join(scores, sql` + `)}`, 'desc')
    return select.orderBy('p.updated_at', 'desc').limit(limit).execute()
  }

  /**
   * Files that may be the same person: close names (trigram), same-sounding last name (double
   * metaphone) with the same birth date, or the same birth date with a close first name. Best first.
   */
  likelyDuplicates(
    actor: Actor,
    input: { name: string; lastName?: string; birthDate?: string },
    db = this.db,
  ) {
    const name = sql`trame_normalise(${input.name})`
    const sameBirth = input.birthDate
      ? sql<boolean>`p.birth_date = ${input.birthDate}::date`
      : sql<boolean>`false`
    const soundsLike = input.lastName
      ? sql<boolean>`dmetaphone(trame_normalise(coalesce(p.last_name, ''))) = dmetaphone(trame_normalise(${input.lastName}))`
      : sql<boolean>`false`
    const score = sql<number>`similarity(${name}, p.search_names) + case when ${sameBirth} then 0.5 else 0 end
      + case when ${soundsLike} then 0.2 else 0 end`
    return visibleTo(db.selectFrom('people as p').selectAll('p'), actor)
      .where((eb) =>
        eb.or([
          sql<boolean>`${name} % p.search_names`,
          eb.and([soundsLike, sameBirth]),
          eb.and([sameBirth, sql<boolean>`word_similarity(${name}, p.search_names) > 0.3`]),
        ]),
      )
      .orderBy(score, 'desc')
      .limit(5)
      .execute()
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
}
