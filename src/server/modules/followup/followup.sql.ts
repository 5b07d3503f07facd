import { type RawBuilder, sql } from 'kysely'
import type { Actor } from '../../platform/permissions.ts'

/** Stands for "no row" where SQL needs an id. */
export const NO_ID = '00000000-0000-0000-0000-000000000000'

/** A team reference (`alias.column`) that is null, not confidential, or one of the actor's teams. */
function openTeam(actor: Actor, team: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(${team} is null
    or not exists (select 1 from teams ct where ct.id = ${team} and ct.confidential)
    or ${team} = any(${actor.teamIds}::uuid[]))`
}

/**
 * Whether the support record `alias` is within the actor's reach: of their organisation, not held by a
 * confidential team they are outside of, and about a file (or household members' files) they may see.
 * The director sees every record of the organisation, as with files. The SQL text depends only on
 * whether the actor is the director (one prepared statement serves everyone else).
 */
export function visibleRecord(actor: Actor, alias = 'r'): RawBuilder<boolean> {
  const ref = (column: string) => sql.ref(`${alias}.${column}`)
  const inOrganisation = sql<boolean>`${ref('organisation_id')} = ${actor.organisationId}`
  if (actor.roles.includes('director')) return inOrganisation
  return sql<boolean>`(${inOrganisation}
    and ${openTeam(actor, ref('team_id'))}
    and (${ref('person_id')} is null or exists (select 1 from people vp
      where vp.id = ${ref('person_id')} and ${openTeam(actor, sql.ref('vp.team_id'))}))
    and (${ref('household_id')} is null or not exists (select 1 from household_members vm
      join people vp on vp.id = vm.person_id
      where vm.household_id = ${ref('household_id')} and not ${openTeam(actor, sql.ref('vp.team_id'))})))`
}

/** [from, to] calendar days in France, as a condition on a timestamp column. */
export function inFrenchPeriod(column: string, from: string, to: string): RawBuilder<boolean> {
  const ref = sql.ref(column)
  return sql<boolean>`(${ref} >= (${from}::date)::timestamp at time zone 'Europe/Paris'
    and ${ref} < (${to}::date + 1)::timestamp at time zone 'Europe/Paris')`
}
