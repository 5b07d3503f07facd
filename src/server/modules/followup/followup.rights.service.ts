import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { personDisplayName } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import {
  DEFAULT_RIGHTS_ENDING_DAYS,
  RIGHT_KIND,
  RIGHT_STATUS,
  type Right,
  type RightStatus,
  type rightInputSchema,
  type rightKindInputSchema,
  type rightsEndingQuerySchema,
} from '../../../shared/rights.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { FollowupRightsRepository, RightHolder } from './followup.rights.repository.ts'

type RightRow = Awaited<ReturnType<FollowupRightsRepository['rightsOf']>>[number]
type RightInput = z.infer<typeof rightInputSchema>
const iso = (d: Date | string) => new Date(d).toISOString()
/** Before this, a date a right's status was reached is a typing error. */
const EARLIEST_STATUS_ON = '1950-01-01'

/** The kinds and the delay are read by those who keep rights and by those who configure them. */
function assertCanReadSettings(actor: Actor) {
  if (!roleAllows(actor.roles, 'rights.read') && !roleAllows(actor.roles, 'rights.configure'))
    throw forbidden()
}

/**
 * Rights (droits) of a person and of their household: CSS, PUMa/AME, RSA… and the organisation's own
 * kinds, each with a status, the date it was reached and, once open, its end. Outreach's checklist of
 * a family with incomplete rights reads and writes the household's rights through this service.
 */
export class FollowupRightsService {
  constructor(
    private readonly repo: FollowupRightsRepository,
    private readonly people: PeopleService,
  ) {}

  private get db(): Db {
    return this.repo.db as Db
  }

  /** Every kind's label: the built-in ones and those the organisation added (retired ones included). */
  private async kindLabels(organisationId: string, db: Kysely<Database>) {
    const labels = new Map<string, string>(Object.entries(RIGHT_KIND.labels))
    for (const kind of await this.repo.customKinds(organisationId, db)) labels.set(kind.id, kind.label)
    return labels
  }

  private toRight(row: RightRow, labels: Map<string, string>): Right {
    return {
      id: row.id,
      kind: row.kind,
      kindLabel: labels.get(row.kind) ?? row.kind,
      status: row.status as RightStatus,
      statusOn: row.status_on,
      openUntil: row.open_until,
      note: row.note,
      updatedAt: iso(row.updated_at),
    }
  }

  /** A person the actor may see (404 otherwise), who is not merged into another file. */
  private async visiblePerson(actor: Actor, personId: string, db: Kysely<Database>, forWrite = false) {
    const person = (await this.people.visiblePeople(actor, [personId], db)).get(personId)
    if (!person) throw notFound()
    if (forWrite && person.mergedIntoId) {
      throw validationError('id', 'Ce dossier a été fusionné dans un autre : complétez le dossier conservé.')
    }
    return person
  }

  /** A household whose every member the actor may see (404 otherwise), with its members' ids. */
  private async visibleHousehold(actor: Actor, householdId: string, db: Kysely<Database>) {
    const household = await this.people.householdComposition(actor, householdId, db)
    if (!household) throw notFound()
    return household.members.map((m) => m.personId)
  }

  private async checkInput(
    actor: Actor,
    kind: string,
    input: RightInput,
    db: Kysely<Database>,
    paths = { kind: 'kind', statusOn: 'statusOn', openUntil: 'openUntil' },
  ) {
    if (!(kind in RIGHT_KIND.labels)) {
      const custom = (await this.repo.customKinds(actor.organisationId, db)).find((k) => k.id === kind)
      if (!custom?.active) throw validationError(paths.kind, 'Choisissez un droit de la liste.')
    }
    // The date a status was reached has happened: neither in the future nor before any living person.
    if (input.statusOn && input.statusOn > todayInFrance()) {
      throw validationError(paths.statusOn, 'La date ne peut pas être dans le futur.')
    }
    if (input.statusOn && input.statusOn < EARLIEST_STATUS_ON) {
      throw validationError(paths.statusOn, 'Date invalide.')
    }
    if (input.openUntil && input.status !== 'open') {
      throw validationError(paths.openUntil, 'Seul un droit ouvert a une date de fin.')
    }
    if (input.openUntil && input.statusOn && input.openUntil < input.statusOn) {
      throw validationError(paths.openUntil, 'La fin du droit ne peut pas précéder son ouverture.')
    }
  }

  private values(kind: string, input: RightInput) {
    return {
      kind,
      status: input.status,
      status_on: input.statusOn ?? null,
      open_until: input.status === 'open' ? (input.openUntil ?? null) : null,
      note: input.note ?? null,
    }
  }

  private async personRightsView(actor: Actor, personId: string, db: Kysely<Database>) {
    const householdId = await this.repo.householdOf(personId, db)
    // The household's rights show only when every member is within the actor's reach.
    const household =
      householdId && (await this.people.householdComposition(actor, householdId, db)) ? householdId : null
    const rows = await this.repo.rightsOf(
      actor.organisationId,
      { personIds: [personId], householdIds: household ? [household] : [] },
      db,
    )
    const labels = await this.kindLabels(actor.organisationId, db)
    return {
      personId,
      rights: rows.filter((r) => r.person_id === personId).map((r) => this.toRight(r, labels)),
      household: household
        ? {
            id: household,
            rights: rows.filter((r) => r.household_id === household).map((r) => this.toRight(r, labels)),
          }
        : null,
    }
  }

  async personRights(actor: Actor, personId: string) {
    assertAllowed(actor, 'rights.read')
    return this.db.transaction().execute(async (trx) => {
      await this.visiblePerson(actor, personId, trx)
      await recordAudit(trx, actor, {
        action: 'rights.read',
        entityType: 'person',
        entityId: personId,
        personId,
      })
      return this.personRightsView(actor, personId, trx)
    })
  }

  async savePersonRight(actor: Actor, personId: string, kind: string, input: RightInput) {
    assertAllowed(actor, 'rights.write')
    return this.db.transaction().execute(async (trx) => {
      await this.visiblePerson(actor, personId, trx, true)
      await this.checkInput(actor, kind, input, trx)
      const id = await this.repo.save(trx, actor, { personId }, this.values(kind, input))
      await recordAudit(trx, actor, { action: 'rights.write', entityType: 'right', entityId: id, personId })
      return this.personRightsView(actor, personId, trx)
    })
  }

  private async householdRightsView(actor: Actor, householdId: string, db: Kysely<Database>) {
    const labels = await this.kindLabels(actor.organisationId, db)
    const rows = await this.repo.rightsOf(actor.organisationId, { householdIds: [householdId] }, db)
    return { householdId, rights: rows.map((r) => this.toRight(r, labels)) }
  }

  async householdRights(actor: Actor, householdId: string) {
    assertAllowed(actor, 'rights.read')
    return this.db.transaction().execute(async (trx) => {
      const members = await this.visibleHousehold(actor, householdId, trx)
      await recordAudit(trx, actor, {
        action: 'rights.read',
        entityType: 'household',
        entityId: householdId,
        personIds: members,
      })
      return this.householdRightsView(actor, householdId, trx)
    })
  }

  async saveHouseholdRight(actor: Actor, householdId: string, kind: string, input: RightInput) {
    assertAllowed(actor, 'rights.write')
    return this.db.transaction().execute(async (trx) => {
      const members = await this.visibleHousehold(actor, householdId, trx)
      await this.checkInput(actor, kind, input, trx)
      const id = await this.repo.save(trx, actor, { householdId }, this.values(kind, input))
      await recordAudit(trx, actor, {
        action: 'rights.write',
        entityType: 'right',
        entityId: id,
        personIds: members,
      })
      return this.householdRightsView(actor, householdId, trx)
    })
  }

  // For outreach's families with incomplete rights (the caller has checked its own permission and the
  // household's visibility, inside its transaction) ------------------------------------------------

  /** The rights of several households, by household then kind. */
  async householdChecklists(organisationId: string, householdIds: string[], db: Kysely<Database>) {
    const rows = await this.repo.rightsOf(organisationId, { householdIds }, db)
    const byHousehold = new Map<string, Map<string, RightRow>>()
    for (const row of rows) {
      const own = byHousehold.get(row.household_id!) ?? new Map<string, RightRow>()
      own.set(row.kind, row)
      byHousehold.set(row.household_id!, own)
    }
    return byHousehold
  }

  /** Saves checklist lines of a household: `on` is the date the status was reached. */
  async saveHouseholdChecklist(
    actor: Actor,
    householdId: string,
    items: { item: string; status: RightStatus; on?: string | null; note?: string | null }[],
    db: Kysely<Database>,
  ) {
    for (const [index, item] of items.entries()) {
      const input = { status: item.status, statusOn: item.on ?? null, note: item.note ?? null }
      await this.checkInput(actor, item.item, input, db, {
        kind: `rights.${index}.item`,
        statusOn: `rights.${index}.on`,
        openUntil: `rights.${index}.on`,
      })
      await this.repo.save(db, actor, { householdId } satisfies RightHolder, this.values(item.item, input))
    }
  }

  // Rights ending soon -------------------------------------------------------------------------

  async endingDays(organisationId: string, db: Kysely<Database> = this.db) {
    return (await this.repo.endingDays(organisationId, db)) ?? DEFAULT_RIGHTS_ENDING_DAYS
  }

  /** Open rights ending within the organisation's delay (or `days`) of the people the actor follows. */
  async ending(actor: Actor, query: z.infer<typeof rightsEndingQuerySchema>, db: Kysely<Database> = this.db) {
    assertAllowed(actor, 'rights.read')
    const days = query.days ?? (await this.endingDays(actor.organisationId, db))
    const today = todayInFrance()
    const { rows, total } = await this.repo.ending(
      actor,
      { from: today, to: addDays(today, days) },
      { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
      db,
    )
    const labels = await this.kindLabels(actor.organisationId, db)
    await recordAudit(db, actor, {
      action: 'rights.ending_list',
      entityType: 'right',
      personIds: rows.map((r) => r.person_id),
    })
    return {
      days,
      total,
      page: query.page,
      pageSize: query.pageSize,
      items: rows.map((r) => ({
        rightId: r.id,
        personId: r.person_id,
        displayName: personDisplayName({
          lastName: r.last_name,
          usageName: r.usage_name,
          firstNames: r.first_names,
          description: r.description,
          aliases: r.aliases,
        }),
        householdId: r.household_id,
        kind: r.kind,
        kindLabel: labels.get(r.kind) ?? r.kind,
        openUntil: r.open_until!,
      })),
    }
  }

  async endingList(actor: Actor, query: z.infer<typeof rightsEndingQuerySchema>) {
    return this.db.transaction().execute((trx) => this.ending(actor, query, trx))
  }

  // Settings and the organisation's kinds ------------------------------------------------------

  async settings(actor: Actor) {
    assertCanReadSettings(actor)
    return { endingDays: await this.endingDays(actor.organisationId) }
  }

  async saveSettings(actor: Actor, input: { endingDays: number }) {
    assertAllowed(actor, 'rights.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.repo.saveEndingDays(trx, actor.organisationId, input.endingDays)
      await recordAudit(trx, actor, {
        action: 'rights.settings',
        entityType: 'organisation',
        entityId: actor.organisationId,
      })
      return { endingDays: input.endingDays }
    })
  }

  async kinds(actor: Actor) {
    assertCanReadSettings(actor)
    const custom = await this.repo.customKinds(actor.organisationId)
    return {
      items: [
        ...RIGHT_KIND.values.map((kind) => ({
          kind,
          label: RIGHT_KIND.labels[kind],
          custom: false,
          active: true,
        })),
        ...custom.map((k) => ({ kind: k.id, label: k.label, custom: true, active: k.active })),
      ],
    }
  }

  async addKind(actor: Actor, input: z.infer<typeof rightKindInputSchema>) {
    assertAllowed(actor, 'rights.configure')
    return this.db.transaction().execute(async (trx) => {
      if (Object.values(RIGHT_KIND.labels).some((l) => l.toLowerCase() === input.label.toLowerCase())) {
        throw validationError('label', 'Ce droit figure déjà dans la liste.')
      }
      const created = await this.repo.insertKind(trx, actor.organisationId, input.label)
      if (!created) throw validationError('label', 'Ce droit figure déjà dans la liste.')
      await recordAudit(trx, actor, {
        action: 'rights.kind_create',
        entityType: 'right_kind',
        entityId: created.id,
      })
      return { kind: created.id, label: input.label, custom: true, active: true }
    })
  }

  async updateKind(actor: Actor, id: string, input: z.infer<typeof rightKindInputSchema>) {
    assertAllowed(actor, 'rights.configure')
    return this.db.transaction().execute(async (trx) => {
      let updated: { id: string } | undefined
      try {
        updated = await this.repo.updateKind(trx, actor.organisationId, id, input)
      } catch (error) {
        if ((error as { code?: string }).code === '23505')
          throw validationError('label', 'Ce droit figure déjà dans la liste.')
        throw error
      }
      if (!updated) throw notFound()
      await recordAudit(trx, actor, { action: 'rights.kind_update', entityType: 'right_kind', entityId: id })
      return { kind: id, label: input.label, custom: true, active: input.active ?? true }
    })
  }

  // Timeline and access export -----------------------------------------------------------------

  /** The persons and the households whose every member the actor sees: whose rights show on their file. */
  private async holdersOf(actor: Actor, personIds: string[], db: Kysely<Database>) {
    const households = new Map<string, string>()
    for (const personId of personIds) {
      const householdId = await this.repo.householdOf(personId, db)
      if (householdId && (await this.people.householdComposition(actor, householdId, db))) {
        households.set(householdId, personId)
      }
    }
    return households
  }

  private async rowsForPeople(
    actor: Actor,
    personIds: string[],
    db: Kysely<Database>,
    newest?: { limit: number },
  ) {
    const households = await this.holdersOf(actor, personIds, db)
    const rows = await this.repo.rightsOf(
      actor.organisationId,
      { personIds, householdIds: [...households.keys()] },
      db,
      newest,
    )
    return rows.map((row) => ({ row, personId: row.person_id ?? households.get(row.household_id!)! }))
  }

  timelineSource(): TimelineSource {
    const readable = (actor: Actor) => roleAllows(actor.roles, 'rights.read')
    return {
      kind: 'rights',
      label: 'Droits',
      entries: async (db, actor, personIds, newest) => {
        if (!readable(actor)) return []
        const labels = await this.kindLabels(actor.organisationId, db)
        return (await this.rowsForPeople(actor, personIds, db, newest)).map(
          ({ row, personId }): TimelineEntry => ({
            kind: 'rights',
            kindLabel: 'Droits',
            id: row.id,
            at: iso(row.updated_at),
            title: [
              labels.get(row.kind) ?? row.kind,
              RIGHT_STATUS.labels[row.status as RightStatus],
              row.household_id ? 'foyer' : null,
            ]
              .filter(Boolean)
              .join(' — '),
            detail:
              [
                row.status_on ? `depuis le ${row.status_on}` : null,
                row.open_until ? `jusqu’au ${row.open_until}` : null,
                row.note,
              ]
                .filter(Boolean)
                .join(' · ') || null,
            personId,
          }),
        )
      },
      count: async (db, actor, personIds) => {
        if (!readable(actor)) return 0
        const households = await this.holdersOf(actor, personIds, db)
        return this.repo.countOf(
          actor.organisationId,
          { personIds, householdIds: [...households.keys()] },
          db,
        )
      },
      latest: async () => new Map(),
      export: async (db, actor, personIds) => {
        const labels = await this.kindLabels(actor.organisationId, db)
        return (await this.rowsForPeople(actor, personIds, db)).map(({ row }) => ({
          holder: row.household_id ? 'household' : 'person',
          ...this.toRight(row, labels),
        }))
      },
    }
  }
}
