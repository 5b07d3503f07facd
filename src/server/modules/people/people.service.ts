import type { Kysely } from 'kysely'
import type {
  ArchiveReadReason,
  HOUSEHOLD_RELATIONSHIP,
  PersonInput,
  PersonSummary,
} from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { personSectionOf, personSectionsFor } from '../../../shared/person-sections.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { leaveArchive } from '../../platform/retention.ts'
import type { TimelineRegistry } from '../../platform/timeline.ts'
import { PeopleConsentsService } from './people.consents.service.ts'
import { PeopleDuplicatesService } from './people.duplicates.service.ts'
import { PeopleExportService } from './people.export.service.ts'
import {
  archivedFileError,
  assertArchiveReadable,
  displayNameOf,
  PersonFiles,
  toSummary,
  toValues,
} from './people.files.ts'
import { PeopleHouseholdsService } from './people.households.service.ts'
import { PeopleMergesService } from './people.merges.service.ts'
import type { PeopleRepository, PersonRow, RecordFile } from './people.repository.ts'
import { parsePersonQuery, type SearchMatch } from './people.search.ts'
import { PeopleTimelineService } from './people.timeline.service.ts'

export type { RecordFile }

/**
 * A person's file: its search, creation and edits, and what other modules ask of people (the file a
 * record goes on, facts for counts, households for a computation). Households, consents, merges, the
 * timeline and the access export are capabilities of their own, reached through `households`,
 * `consents`, `merges`, `timelines` and `exports`. Every read and write is audited in the same
 * transaction as the data it touches.
 */
export class PeopleService {
  private readonly files: PersonFiles
  readonly households: PeopleHouseholdsService
  readonly consents: PeopleConsentsService
  readonly merges: PeopleMergesService
  readonly duplicates: PeopleDuplicatesService
  readonly timelines: PeopleTimelineService
  readonly exports: PeopleExportService

  constructor(
    private readonly repo: PeopleRepository,
    private readonly timeline: TimelineRegistry,
  ) {
    this.files = new PersonFiles(repo)
    this.households = new PeopleHouseholdsService(repo)
    this.consents = new PeopleConsentsService(this.files)
    this.merges = new PeopleMergesService(this.files)
    this.duplicates = new PeopleDuplicatesService(repo, (actor, rows, db) => this.summaries(actor, rows, db))
    this.timelines = new PeopleTimelineService(this.files, timeline)
    this.exports = new PeopleExportService(this.files, this.households, this.consents, this.merges, timeline)
  }

  private get db(): Db {
    return this.repo.db
  }

  private async assertTeam(actor: Actor, teamId: string | null | undefined) {
    if (!teamId) return
    const team = await this.repo.teamInOrganisation(actor.organisationId, teamId)
    // One cannot file a record under a confidential team one does not belong to.
    if (
      !team ||
      (team.confidential && !actor.teamIds.includes(teamId) && !actor.roles.includes('director'))
    ) {
      throw validationError('teamId', 'Équipe inconnue.')
    }
  }

  private async assertWritable(actor: Actor, input: PersonInput) {
    // A part of the file one cannot read is not written blind either.
    const sections = personSectionsFor(actor.roles)
    const outside = Object.keys(input).find((field) => {
      const section = personSectionOf(field)
      return (
        section !== undefined &&
        input[field as keyof PersonInput] !== undefined &&
        !sections.includes(section)
      )
    })
    if (
      outside &&
      !(outside === 'socialSecurityNumber' && !roleAllows(actor.roles, 'person.read_restricted'))
    ) {
      throw validationError(outside, 'Cette partie du dossier n’est pas accessible à votre rôle.')
    }
    await this.assertTeam(actor, input.teamId)
    if (input.socialSecurityNumber !== undefined && !roleAllows(actor.roles, 'person.read_restricted')) {
      throw validationError(
        'socialSecurityNumber',
        'Seuls les travailleurs sociaux et la direction peuvent saisir le numéro de sécurité sociale.',
      )
    }
    if (input.referentIds?.length) {
      const known = await this.repo.activeUsers(actor.organisationId, input.referentIds)
      if (known.length !== new Set(input.referentIds).size) {
        throw validationError('referentIds', 'Référent inconnu ou compte désactivé.')
      }
    }
  }

  private async summaries(actor: Actor, rows: (PersonRow & { match?: SearchMatch })[], db: Kysely<Database>) {
    const ids = rows.map((r) => r.id)
    const sizes = new Map(
      (await this.repo.householdSizes(actor, ids, db)).map((s) => [s.person_id, Number(s.size)] as const),
    )
    const latest = await this.timeline.latest(db, actor, ids)
    const sections = personSectionsFor(actor.roles)
    return rows.map((row) => toSummary(row, sections, sizes.get(row.id) ?? null, latest.get(row.id)))
  }

  /**
   * For modules that log a record about a person in one statement: SQL for the file that takes it (see
   * `PeopleRepository.recordFileSql`), and `recordFile` to read what it gave.
   */
  recordFileSql(actor: Actor, personId: string) {
    return this.repo.recordFileSql(actor, personId)
  }

  recordFile(value: RecordFile | null) {
    return value ? { id: value.id, displayName: displayNameOf(value), archived: value.archived } : null
  }

  /**
   * For modules listing their records across files (documents expiring soon): SQL true when the actor
   * may see the file whose id is in `column` (confidential teams).
   */
  visibleFileSql(actor: Actor, column: string) {
    return this.repo.visibleFileSql(actor, column)
  }

  /** The same file, read on its own (inside the caller's transaction). */
  async recordFileOf(actor: Actor, personId: string, db: Kysely<Database> = this.db) {
    return this.recordFile(await this.repo.recordFile(actor, personId, db))
  }

  /**
   * The file a record about a person goes on (theirs, or the one theirs was merged into): a person the
   * actor may not see is a field error of the caller's form.
   */
  async recordFileOrFail(actor: Actor, personId: string, db: Kysely<Database> = this.db) {
    const file = await this.recordFileOf(actor, personId, db)
    if (!file) throw validationError('personId', 'Personne inconnue.')
    // An archived file is read-only: nothing new goes on it until it is reactivated.
    if (file.archived) throw await archivedFileError(db, actor.organisationId, file.id)
    return file
  }

  /**
   * Brings an archived file back to the active base, in the caller's transaction: the person came
   * back (`contact`: a passage at the front desk does it for whoever records it), or someone allowed
   * reactivated it (`manual`). Audited. An anonymised file is never brought back (PERSON_ANONYMISED).
   */
  async reactivateWithin(actor: Actor, id: string, by: 'contact' | 'manual', db: Kysely<Database>) {
    const row = await this.repo.reactivate(db, actor, id)
    if (!row) throw new AppError('PERSON_NOT_ARCHIVED', 409)
    await this.leaveArchiveAudited(actor, id, by, db)
    return row
  }

  /**
   * The person's passage at the front desk brings their archived file back, in the contact's
   * transaction. Two passages logged at the same moment both find the file archived: the second waits
   * for the first, finds it back in the active base, and simply goes on (one reactivation audited).
   */
  async reactivateOnContact(actor: Actor, id: string, db: Kysely<Database>) {
    if (await this.repo.reactivate(db, actor, id)) await this.leaveArchiveAudited(actor, id, 'contact', db)
  }

  private async leaveArchiveAudited(
    actor: Actor,
    id: string,
    by: 'contact' | 'manual',
    db: Kysely<Database>,
  ) {
    if (!(await leaveArchive(db, actor.organisationId, id))) throw new AppError('PERSON_ANONYMISED', 409)
    await recordAudit(db, actor, {
      action: 'person.reactivate',
      entityType: 'person',
      entityId: id,
      personId: id,
      details: { by },
    })
  }

  /** Reactivation of an archived file by someone allowed to, from the file's page. */
  async reactivate(actor: Actor, id: string) {
    assertAllowed(actor, 'person.reactivate')
    return this.db.transaction().execute(async (trx) => {
      const current = await this.files.findOrFail(actor, id, trx)
      if (current.merged_into_id) throw notFound()
      const row = await this.reactivateWithin(actor, id, 'manual', trx)
      return this.files.fullPerson(actor, row, trx)
    })
  }

  async visiblePeople(actor: Actor, ids: string[], db: Kysely<Database> = this.db) {
    const rows = await this.repo.findMany(actor, [...new Set(ids)], db)
    return new Map(
      rows.map((row) => [
        row.id,
        {
          displayName: displayNameOf(row),
          mergedIntoId: row.merged_into_id,
        },
      ]),
    )
  }

  /**
   * For modules that open a file on the spot, inside their own transaction: a person met in the street
   * who gives only a nickname or is only described. The caller has checked `teamId`. An approximate
   * age is one on `approximateAgeOn` (the day they were met), today by default.
   */
  async createWithin(
    actor: Actor,
    input: Pick<
      PersonInput,
      'aliases' | 'description' | 'sex' | 'approximateAge' | 'referralSource' | 'teamId'
    > & { approximateAgeOn?: string },
    db: Kysely<Database>,
  ) {
    assertAllowed(actor, 'person.write')
    const values = toValues(input)
    if (input.approximateAgeOn && values.approximate_age_on)
      values.approximate_age_on = input.approximateAgeOn
    const row = await this.repo.create(db, actor, values)
    await recordAudit(db, actor, {
      action: 'person.create',
      entityType: 'person',
      entityId: row.id,
      personId: row.id,
    })
    return { id: row.id, displayName: displayNameOf(row) }
  }

  /**
   * For imports, inside the caller's transaction: the existing file of each candidate, when one has
   * the same names and birth date (compared as the duplicate check does). A likely duplicate (close
   * names, a birth date a year off) is for a person to judge, not for a file to decide: a batch of
   * exact identities is what an import of tens of thousands of lines can match, in one statement
   * (the duplicate check's fuzzy search scans the files: ~0.2 s a line at 5,000 files). Index → id.
   */
  async sameFilesWithin(
    actor: Actor,
    candidates: { lastName: string; firstNames: string; birthDate: string | null }[],
    db: Kysely<Database>,
  ) {
    assertAllowed(actor, 'person.read')
    return this.repo.sameIdentities(actor, candidates, db)
  }

  /**
   * For a module's export of its people (the domiciled people's list): identity and contact of the
   * files among `ids` the actor may see, read in slices so that tens of thousands fit.
   */
  async identitiesWithin(actor: Actor, ids: string[], db: Kysely<Database>) {
    const identities = new Map<
      string,
      {
        lastName: string | null
        firstNames: string | null
        aliases: string[]
        sex: string | null
        birthDate: string | null
        birthPlace: string | null
        phone: string | null
        email: string | null
      }
    >()
    const unique = [...new Set(ids)]
    for (let start = 0; start < unique.length; start += 5000) {
      for (const row of await this.repo.findMany(actor, unique.slice(start, start + 5000), db)) {
        identities.set(row.id, {
          lastName: row.last_name,
          firstNames: row.first_names,
          aliases: row.aliases,
          sex: row.sex,
          birthDate: row.birth_date,
          birthPlace: row.birth_place,
          phone: row.phone,
          email: row.email,
        })
      }
    }
    return identities
  }

  /**
   * For imports, inside the caller's transaction: many files at once (ids in input order), and one
   * audit row for them all.
   */
  async createManyWithin(
    actor: Actor,
    inputs: Pick<
      PersonInput,
      'lastName' | 'firstNames' | 'aliases' | 'sex' | 'birthDate' | 'birthPlace' | 'phone' | 'email'
    >[],
    db: Kysely<Database>,
  ) {
    assertAllowed(actor, 'person.write')
    const ids = await this.repo.createMany(
      db,
      actor,
      inputs.map((input) => toValues(input)),
    )
    if (ids.length > 0) {
      await recordAudit(db, actor, {
        action: 'person.create',
        entityType: 'person',
        personIds: ids,
        details: { count: ids.length },
      })
    }
    return ids
  }

  /**
   * For other modules' counts and completeness checks: sex, age, household and which details a file
   * holds, never a name. Organisation-wide; whoever shows something per person checks visibility first.
   */
  async personFacts(organisationId: string, ids: string[], db: Kysely<Database> = this.db) {
    const rows = await this.repo.facts(organisationId, [...new Set(ids)], db)
    return new Map(
      rows.map((row) => [
        row.id,
        {
          mergedIntoId: row.merged_into_id,
          sex: row.sex,
          birthDate: row.birth_date,
          /** The approximate age and the date it was given on. */
          approximateAge: row.approximate_age,
          approximateAgeOn: row.approximate_age_on,
          // Null when the file has no household.
          householdSize: row.household_size || null,
          householdHasChildren: row.household_has_children,
          householdHasPartner: row.household_has_partner,
          has: {
            lastName: row.has_last_name,
            firstNames: row.has_first_names,
            birthDate: row.birth_date !== null,
            sex: row.sex !== null,
            nationalityGroup: row.nationality_group !== null,
            healthCover: row.health_cover !== null,
            address: row.has_address,
          },
        },
      ]),
    )
  }

  async list(actor: Actor, q: string | undefined, includeArchived = false) {
    assertAllowed(actor, 'person.read')
    if (includeArchived) assertAllowed(actor, 'person.reactivate')
    return this.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.repo.list(actor, { ...parsePersonQuery(q), includeArchived }, trx)
      await recordAudit(trx, actor, {
        action: 'person.list',
        entityType: 'person',
        personIds: rows.map((row) => row.id),
      })
      const items = await this.summaries(actor, rows, trx)
      // Namesakes (as close to what was typed): the one seen most recently first.
      const cost = new Map(rows.map((row) => [row.id, row.match.cost]))
      const seen = (item: PersonSummary) => item.lastActivityAt ?? ''
      const rank = new Map(items.map((item, i) => [item.id, i]))
      items.sort(
        (a, b) =>
          cost.get(a.id)! - cost.get(b.id)! ||
          Number(b.status === 'active') - Number(a.status === 'active') ||
          seen(b).localeCompare(seen(a)) ||
          rank.get(a.id)! - rank.get(b.id)!,
      )
      return { items, total }
    })
  }

  /** Shown while a file is being created, so the agent opens the existing one instead. */
  async likelyDuplicates(
    actor: Actor,
    input: { lastName?: string; firstNames?: string; birthDate?: string; phone?: string },
  ) {
    assertAllowed(actor, 'person.read')
    const name = [input.lastName, input.firstNames].filter(Boolean).join(' ')
    const phoneDigits = input.phone?.replace(/\D/g, '').slice(-9)
    const hasPhone = Boolean(phoneDigits && phoneDigits.length >= 9)
    if (name.length < 3 && !input.birthDate && !hasPhone) return []
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.likelyDuplicates(
        actor,
        {
          name,
          lastName: input.lastName,
          birthDate: input.birthDate,
          phoneDigits: hasPhone ? phoneDigits : undefined,
          // Those who may reactivate an archived file see it rather than open a second one.
          includeArchived: roleAllows(actor.roles, 'person.reactivate'),
        },
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'person.duplicate_check',
        entityType: 'person',
        personIds: rows.map((row) => row.id),
      })
      return this.summaries(actor, rows, trx)
    })
  }

  /**
   * The file's page. An archived file is out of the active base: only those allowed to reactivate it
   * open it, and they say why first; the reading and its reason go in the audit trail.
   */
  async get(actor: Actor, id: string, reason?: ArchiveReadReason) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.files.findOrFail(actor, id, trx)
      const archived = row.status === 'archived'
      if (archived) assertArchiveReadable(actor, reason)
      await recordAudit(trx, actor, {
        action: 'person.read',
        entityType: 'person',
        entityId: id,
        personId: id,
        ...(archived ? { details: { archived: true, reason } } : {}),
      })
      return this.files.fullPerson(actor, row, trx)
    })
  }

  async create(actor: Actor, input: PersonInput) {
    assertAllowed(actor, 'person.write')
    await this.assertWritable(actor, input)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.create(trx, actor, toValues(input))
      if (input.referentIds) await this.repo.replaceReferents(trx, actor, row.id, input.referentIds)
      await recordAudit(trx, actor, {
        action: 'person.create',
        entityType: 'person',
        entityId: row.id,
        personId: row.id,
      })
      return this.files.fullPerson(actor, row, trx)
    })
  }

  async update(actor: Actor, id: string, input: PersonInput) {
    assertAllowed(actor, 'person.write')
    await this.assertWritable(actor, input)
    return this.db.transaction().execute(async (trx) => {
      const current = await this.files.findWritable(actor, id, trx)
      const next = { ...current, ...toValues(input) }
      if (
        !(next.last_name || next.first_names || next.usage_name || next.description || next.aliases?.length)
      ) {
        throw validationError(
          'lastName',
          'Indiquez au moins un nom, un prénom, un surnom ou une description.',
        )
      }
      // The check and the write are one statement: two agents saving at once cannot both pass it.
      const row = await this.repo.update(trx, actor, id, toValues(input), input.expectedUpdatedAt)
      if (!row) throw new AppError('EDIT_CONFLICT', 409)
      if (input.referentIds) await this.repo.replaceReferents(trx, actor, id, input.referentIds)
      await recordAudit(trx, actor, {
        action: 'person.update',
        entityType: 'person',
        entityId: id,
        personId: id,
      })
      return this.files.fullPerson(actor, row, trx)
    })
  }

  /**
   * The file and those merged into it that the actor may see: their records show under one file (other
   * modules list a person's documents, records… over these ids).
   */
  fileIds(actor: Actor, id: string, db: Kysely<Database> = this.db) {
    return this.files.fileIds(actor, id, db)
  }

  // What other modules ask of households (see PeopleHouseholdsService).

  householdIdOf(actor: Actor, personId: string, db: Kysely<Database> = this.db) {
    return this.households.householdIdOf(actor, personId, db)
  }

  householdComposition(actor: Actor, householdId: string, db: Kysely<Database> = this.db) {
    return this.households.householdComposition(actor, householdId, db)
  }

  householdCompositions(actor: Actor, householdIds: string[], db: Kysely<Database> = this.db) {
    return this.households.householdCompositions(actor, householdIds, db)
  }

  joinHouseholdsWithin(
    actor: Actor,
    groups: {
      headId: string
      members: { personId: string; relationship: keyof typeof HOUSEHOLD_RELATIONSHIP.labels }[]
    }[],
    db: Kysely<Database>,
  ) {
    return this.households.joinHouseholdsWithin(actor, groups, db)
  }
}
