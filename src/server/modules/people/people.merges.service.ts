import type { Kysely } from 'kysely'
import { MERGEABLE_FIELDS } from '../../../shared/people.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { archivedFileError, COLUMNS, type PersonFiles } from './people.files.ts'
import type { PersonRow, PersonValues } from './people.repository.ts'

/** Columns of a file as a merge snapshot keeps them (generated and identity columns left out). */
type FileSnapshot = {
  columns: Record<string, unknown>
  referentIds: string[]
  household: { householdId: string; relationship: string; disabled: boolean } | null
}
const NOT_SNAPSHOTTED = new Set([
  'id',
  'organisation_id',
  'file_number',
  'created_by',
  'created_at',
  'updated_at',
  'search_names',
  'phone_digits',
  'merged_into_id',
])
/** Keys sorted at every level: jsonb gives objects back in its own key order, not the one written. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object' && !(value instanceof Date)
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([key, item]) => [key, canonical(item)]),
        )
      : value
const sameJson = (a: unknown, b: unknown) =>
  JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null))
const union = (a: string[], b: string[]) => [...new Set([...a, ...b])]
/** Merging a duplicate into the kept file, and undoing it: both files are snapshotted so nothing is lost. */
export class PeopleMergesService {
  constructor(private readonly files: PersonFiles) {}

  private get db(): Db {
    return this.files.repo.db
  }

  private get repo() {
    return this.files.repo
  }

  private async snapshot(personId: string, db: Kysely<Database>): Promise<FileSnapshot> {
    const row = await db.selectFrom('people').selectAll().where('id', '=', personId).executeTakeFirstOrThrow()
    const columns = Object.fromEntries(Object.entries(row).filter(([column]) => !NOT_SNAPSHOTTED.has(column)))
    const member = await db
      .selectFrom('household_members')
      .select(['household_id', 'relationship', 'disabled'])
      .where('person_id', '=', personId)
      .executeTakeFirst()
    return {
      columns,
      referentIds: (await this.repo.referentIds(personId, db)).sort(),
      household: member
        ? { householdId: member.household_id, relationship: member.relationship, disabled: member.disabled }
        : null,
    }
  }

  /** Writes snapshot columns back (JSON columns serialised again). */
  private restoreColumns(
    db: Kysely<Database>,
    actor: Actor,
    personId: string,
    columns: Record<string, unknown>,
  ) {
    const values: Record<string, unknown> = { ...columns }
    for (const json of ['resources', 'relatives']) {
      if (json in values) values[json] = JSON.stringify(values[json] ?? [])
    }
    return this.repo.update(db, actor, personId, values as PersonValues)
  }

  private async moveHousehold(
    db: Kysely<Database>,
    actor: Actor,
    personId: string,
    target: FileSnapshot['household'],
  ) {
    const left = await this.repo.leaveHousehold(db, personId)
    if (target && (await this.repo.household(actor.organisationId, target.householdId, db))) {
      await this.repo.joinHousehold(db, actor, {
        household_id: target.householdId,
        person_id: personId,
        relationship: target.relationship,
        disabled: target.disabled,
      })
    }
    if (left && left.household_id !== target?.householdId)
      await this.repo.deleteIfEmpty(db, left.household_id)
  }

  /**
   * Links a duplicate to the kept file: the kept file takes the ticked fields, the other names as
   * aliases, the referents, tags and household; the merged file stays, pointing to the kept one, so
   * its records show under it and the merge can be undone.
   */
  async merge(actor: Actor, keptId: string, input: { mergedPersonId: string; takeFields: string[] }) {
    assertAllowed(actor, 'person.merge')
    if (input.mergedPersonId === keptId) {
      throw validationError('mergedPersonId', 'Choisissez deux dossiers différents.')
    }
    const unknownField = input.takeFields.find((f) => !(MERGEABLE_FIELDS as readonly string[]).includes(f))
    if (unknownField) throw validationError('takeFields', 'Champ non fusionnable.')
    return this.db.transaction().execute(async (trx) => {
      // A second merge of either file waits here, then sees this one's result.
      await this.repo.lockFiles(trx, actor.organisationId, [keptId, input.mergedPersonId])
      const kept = await this.files.findOrFail(actor, keptId, trx)
      const merged = await this.repo.find(actor, input.mergedPersonId, trx)
      if (!merged) throw validationError('mergedPersonId', 'Dossier introuvable.')
      if (kept.merged_into_id || merged.merged_into_id) {
        throw validationError('mergedPersonId', 'Un des deux dossiers est déjà fusionné dans un autre.')
      }
      // An archived file takes nothing until reactivated (an archive merged into a file the agent
      // keeps is the person back: their history joins it, but an anonymised one has none to bring).
      if (kept.status === 'archived') throw await archivedFileError(trx, actor.organisationId, kept.id)
      if (merged.status === 'archived') {
        const refusal = await archivedFileError(trx, actor.organisationId, merged.id)
        if (refusal.code === 'PERSON_ANONYMISED') throw refusal
      }
      const keptBefore = await this.snapshot(keptId, trx)
      const mergedBefore = await this.snapshot(merged.id, trx)

      const values: Record<string, unknown> = {}
      for (const field of input.takeFields) {
        const column = COLUMNS[field as keyof typeof COLUMNS]
        values[column] = merged[column as keyof PersonRow]
      }
      if (input.takeFields.includes('approximateAge')) values.approximate_age_on = merged.approximate_age_on
      // The merged file's names stay findable: the search looks at aliases too.
      const mergedName = [merged.usage_name || merged.last_name, merged.first_names].filter(Boolean).join(' ')
      const keptName = [kept.usage_name || kept.last_name, kept.first_names].filter(Boolean).join(' ')
      const otherNames = mergedName && mergedName !== keptName ? [mergedName] : []
      values.aliases = union(kept.aliases, [...merged.aliases, ...otherNames])
      values.tags = union(kept.tags, merged.tags)
      values.languages = union(kept.languages, merged.languages)
      values.relatives = JSON.stringify([
        ...((kept.relatives ?? []) as { name: string }[]),
        ...((merged.relatives ?? []) as { name: string }[]).filter(
          (r) => !((kept.relatives ?? []) as { name: string }[]).some((k) => k.name === r.name),
        ),
      ])
      if ((kept.resources as unknown[]).length === 0)
        values.resources = JSON.stringify(merged.resources ?? [])
      await this.repo.update(trx, actor, keptId, values as PersonValues)
      await this.repo.replaceReferents(
        trx,
        actor,
        keptId,
        union(keptBefore.referentIds, mergedBefore.referentIds),
      )
      // The kept person takes the duplicate's place in its household if they had none (joining before
      // the duplicate leaves, so that a household of one is not removed in between).
      if (!keptBefore.household && mergedBefore.household) {
        await this.moveHousehold(trx, actor, keptId, mergedBefore.household)
      }
      // The duplicate leaves its household; an emptied household stays so that an undo can restore it.
      await this.repo.leaveHousehold(trx, merged.id)
      await trx.updateTable('people').set({ merged_into_id: keptId }).where('id', '=', merged.id).execute()

      const { id } = await this.repo.recordMerge(trx, actor, {
        kept_person_id: keptId,
        merged_person_id: merged.id,
        kept_before: JSON.stringify(keptBefore),
        kept_after: JSON.stringify(await this.snapshot(keptId, trx)),
        merged_before: JSON.stringify(mergedBefore),
      })
      for (const personId of [keptId, merged.id]) {
        await recordAudit(trx, actor, {
          action: 'person.merge',
          entityType: 'person_merge',
          entityId: id,
          personId,
        })
      }
      return this.mergeList(actor, keptId, trx)
    })
  }

  /**
   * Restores the merged file exactly as it was, and the kept file's fields that nobody changed since
   * the merge; what was recorded since stays on the file it was recorded on.
   */
  async unmerge(actor: Actor, mergeId: string) {
    assertAllowed(actor, 'person.merge')
    return this.db.transaction().execute(async (trx) => {
      const merge = await this.repo.activeMerge(actor.organisationId, mergeId, trx)
      if (!merge) throw notFound()
      await this.repo.lockFiles(trx, actor.organisationId, [merge.kept_person_id, merge.merged_person_id])
      const kept = await this.files.findOrFail(actor, merge.kept_person_id, trx)
      if (kept.merged_into_id) {
        throw validationError(
          'mergeId',
          'Ce dossier a depuis été fusionné dans un autre : annulez d’abord cette fusion.',
        )
      }
      const keptBefore = merge.kept_before as FileSnapshot
      const keptAfter = merge.kept_after as FileSnapshot
      const mergedBefore = merge.merged_before as FileSnapshot
      const keptNow = await this.snapshot(kept.id, trx)

      const keptValues: Record<string, unknown> = {}
      for (const [column, before] of Object.entries(keptBefore.columns)) {
        if (sameJson(keptNow.columns[column], keptAfter.columns[column])) keptValues[column] = before
      }
      await this.restoreColumns(trx, actor, kept.id, keptValues)
      if (sameJson(keptNow.referentIds, keptAfter.referentIds)) {
        await this.repo.replaceReferents(trx, actor, kept.id, keptBefore.referentIds)
      }
      // The duplicate goes back to its household first, so that the kept person leaving it does not
      // leave it empty and removed.
      if (mergedBefore.household) {
        const current = await this.repo.membership(actor, merge.merged_person_id, trx)
        if (!current) await this.moveHousehold(trx, actor, merge.merged_person_id, mergedBefore.household)
      }
      if (
        sameJson(keptNow.household, keptAfter.household) &&
        !sameJson(keptAfter.household, keptBefore.household)
      ) {
        await this.moveHousehold(trx, actor, kept.id, keptBefore.household)
      }

      await trx
        .updateTable('people')
        .set({ merged_into_id: null })
        .where('id', '=', merge.merged_person_id)
        .execute()
      await this.restoreColumns(trx, actor, merge.merged_person_id, mergedBefore.columns)
      await this.repo.replaceReferents(trx, actor, merge.merged_person_id, mergedBefore.referentIds)
      await this.repo.markMergeUndone(trx, actor, mergeId)
      for (const personId of [kept.id, merge.merged_person_id]) {
        await recordAudit(trx, actor, {
          action: 'person.unmerge',
          entityType: 'person_merge',
          entityId: mergeId,
          personId,
        })
      }
      return this.mergeList(actor, kept.id, trx)
    })
  }

  async mergeList(actor: Actor, personId: string, db: Kysely<Database>) {
    const rows = await this.repo.merges(actor.organisationId, personId, db)
    return rows.map((m) => ({
      id: m.id,
      keptPersonId: m.kept_person_id,
      mergedPersonId: m.merged_person_id,
      mergedAt: new Date(m.merged_at).toISOString(),
      mergedBy: m.merged_by,
      undoneAt: m.undone_at ? new Date(m.undone_at).toISOString() : null,
    }))
  }

  async merges(actor: Actor, personId: string) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      await this.files.findOrFail(actor, personId, trx)
      return this.mergeList(actor, personId, trx)
    })
  }
}
