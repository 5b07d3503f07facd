import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema.ts'

/**
 * An organisation's configurable list (labels with an order and an active flag) kept in a table of
 * its own: `id`, `organisation_id`, the label column, `position`, `active`. Entries are retired,
 * never deleted, because records refer to them.
 */
export interface ListTable {
  table: string
  column: string
}
export interface ListEntryRow {
  id: string
  label: string
  active: boolean
}

export async function readList(db: Kysely<Database>, list: ListTable, organisationId: string) {
  const { rows } = await sql<ListEntryRow>`
    select id, ${sql.ref(list.column)} as label, active from ${sql.table(list.table)}
    where organisation_id = ${organisationId} order by position, ${sql.ref(list.column)}`.execute(db)
  return rows
}

/** Adds the usual entries (an organisation's starting list); labels already there are left alone. */
export async function addDefaults(
  db: Kysely<Database>,
  list: ListTable,
  organisationId: string,
  labels: readonly string[],
) {
  const values = labels.map((label, position) => sql`(${organisationId}::uuid, ${label}, ${position})`)
  await sql`insert into ${sql.table(list.table)} (organisation_id, ${sql.ref(list.column)}, position)
    values ${sql.join(values)} on conflict do nothing`.execute(db)
}

/** An organisation starts with the usual list: created the first time someone needs it. */
export async function readListOrDefaults(
  db: Kysely<Database>,
  list: ListTable,
  organisationId: string,
  defaults: readonly string[],
) {
  const rows = await readList(db, list, organisationId)
  if (rows.length > 0) return rows
  await addDefaults(db, list, organisationId, defaults)
  return readList(db, list, organisationId)
}

/**
 * Replaces the list: entries left out are retired with their label. Answers the index of an id that
 * is not the organisation's, if any (the caller rolls back and names the field).
 */
export async function saveList(
  db: Kysely<Database>,
  list: ListTable,
  organisationId: string,
  items: { id?: string; label: string; active: boolean }[],
) {
  const t = sql.table(list.table)
  const c = sql.ref(list.column)
  const before = (
    await sql<{ id: string; label: string; position: number }>`
      select id, ${c} as label, position from ${t} where organisation_id = ${organisationId}`.execute(db)
  ).rows
  // Labels are unique among active entries: park them first so that two entries can swap labels.
  await sql`update ${t} set ${c} = id::text where organisation_id = ${organisationId}`.execute(db)
  const kept = new Set<string>()
  for (const [position, item] of items.entries()) {
    if (item.id) {
      const { rows } = await sql<{ id: string }>`
        update ${t} set ${c} = ${item.label}, active = ${item.active}, position = ${position}
        where organisation_id = ${organisationId} and id = ${item.id} returning id`.execute(db)
      if (rows.length === 0) return { unknownIndex: position }
      kept.add(item.id)
    } else {
      const { rows } = await sql<{ id: string }>`
        insert into ${t} (organisation_id, ${c}, active, position)
        values (${organisationId}, ${item.label}, ${item.active}, ${position}) returning id`.execute(db)
      kept.add(rows[0]!.id)
    }
  }
  for (const entry of before.filter((e) => !kept.has(e.id))) {
    await sql`update ${t} set ${c} = ${entry.label}, active = false, position = ${1000 + entry.position}
      where id = ${entry.id}`.execute(db)
  }
  return { unknownIndex: null }
}
