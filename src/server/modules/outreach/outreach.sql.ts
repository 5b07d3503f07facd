import { type RawBuilder, sql } from 'kysely'
import type { Actor } from '../../platform/permissions.ts'

/** Stands for "no row" where SQL needs an id: an empty list, an absent reference. */
export const NO_ID = '00000000-0000-0000-0000-000000000000'

/**
 * Records held by a confidential team are for its members and the director only. `alias` is the
 * record's table alias; its team is looked up by `team_id`.
 */
export function visibleTeam(actor: Actor, alias: string): RawBuilder<boolean> {
  if (actor.roles.includes('director')) return sql<boolean>`true`
  const team = sql.ref(`${alias}.team_id`)
  const ownTeams = actor.teamIds.length > 0 ? sql` or ${team} in (${sql.join(actor.teamIds)})` : sql``
  return sql<boolean>`(${team} is null or not exists (
    select 1 from teams ct where ct.id = ${team} and ct.confidential)${ownTeams})`
}

/** [from, to] calendar days in France, as a condition on a timestamp column. */
export function inPeriod(column: string, from: string | undefined, to: string | undefined) {
  const conditions = []
  const ref = sql.ref(column)
  if (from) conditions.push(sql`${ref} >= (${from}::date)::timestamp at time zone 'Europe/Paris'`)
  if (to) conditions.push(sql`${ref} < (${to}::date + 1)::timestamp at time zone 'Europe/Paris'`)
  return conditions.length ? sql<boolean>`${sql.join(conditions, sql` and `)}` : sql<boolean>`true`
}
