import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  type consentInputSchema,
  type HOUSEHOLD_RELATIONSHIP,
  type Household,
  type HouseholdInput,
  MERGEABLE_FIELDS,
  type Person,
  type PersonInput,
  type PersonSummary,
  personDisplayName,
  type timelineQuerySchema,
} from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import {
  PERSON_SECTION_FIELDS,
  type PersonSection,
  personSectionOf,
  personSectionsFor,
} from '../../../shared/person-sections.ts'
import { pageFrom } from '../../../shared/validation.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { TimelineRegistry } from '../../platform/timeline.ts'
import type { PeopleRepository, PersonRow, PersonValues, RecordFile } from './people.repository.ts'

export type { RecordFile }

import { matchedNames, parsePersonQuery, type SearchMatch } from './people.search.ts'

/** API field → column, for the fields written as they are. */
const COLUMNS = {
  lastName: 'last_name',
  usageName: 'usage_name',
  firstNames: 'first_names',
  aliases: 'aliases',
  description: 'description',
  sex: 'sex',
  birthDate: 'birth_date',
  approximateAge: 'approximate_age',
  birthPlace: 'birth_place',
  nationalityGroup: 'nationality_group',
  languages: 'languages',
  phone: 'phone',
  email: 'email',
  address: 'address',
  postalCode: 'postal_code',
  city: 'city',
  housingSituation: 'housing_situation',
  cafNumber: 'caf_number',
  healthCover: 'health_cover',
  socialSecurityNumber: 'social_security_number',
  familySituation: 'family_situation',
  gir: 'gir',
  legalProtection: 'legal_protection',
  legalRepresentative: 'legal_representative',
  referralSource: 'referral_source',
  tags: 'tags',
  status: 'status',
  teamId: 'team_id',
} as const satisfies Partial<Record<keyof PersonInput, keyof PersonValues>>

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

function toValues(input: PersonInput): PersonValues {
  const values: Record<string, unknown> = {}
  for (const [field, column] of Object.entries(COLUMNS)) {
    const value = input[field as keyof typeof COLUMNS]
    if (value !== undefined) values[column] = value
  }
  if (input.resources !== undefined) values.resources = JSON.stringify(input.resources)
  if (input.relatives !== undefined) values.relatives = JSON.stringify(input.relatives)
  // An age given today is an age on today's date; the file computes it forward from there.
  if (input.approximateAge !== undefined)
    values.approximate_age_on = input.approximateAge === null ? null : todayInFrance()
  return values as PersonValues
}

/** The age now, from the birth date or from an approximate age given on a past date. */
function currentApproximateAge(row: Pick<PersonRow, 'approximate_age' | 'approximate_age_on'>) {
  if (row.approximate_age === null) return null
  if (!row.approximate_age_on) return row.approximate_age
  const years = Math.floor(
    (Date.now() - new Date(`${row.approximate_age_on}T00:00:00Z`).getTime()) / (365.25 * 86_400_000),
  )
  return row.approximate_age + Math.max(0, years)
}

function toSummary(
  row: PersonRow & { match?: SearchMatch },
  sections: PersonSection[],
  householdSize: number | null,
  lastActivityAt: Date | undefined,
): PersonSummary {
  return {
    match: row.match ? { names: matchedNames(row, row.match.readAs), unmatched: row.match.unmatched } : null,
    id: row.id,
    fileNumber: row.file_number,
    lastName: row.last_name,
    usageName: row.usage_name,
    firstNames: row.first_names,
    aliases: row.aliases,
    description: row.description,
    birthDate: row.birth_date,
    approximateAge: currentApproximateAge(row),
    ...(sections.includes('contact') ? { phone: row.phone } : {}),
    status: row.status,
    householdSize,
    lastActivityAt: lastActivityAt ? lastActivityAt.toISOString() : null,
  }
}

function toPerson(
  row: PersonRow,
  extras: {
    referentIds: string[]
    household: Person['household']
    showRestricted: boolean
    sections: PersonSection[]
  },
): Person {
  const file: Required<Omit<Person, 'sections'>> = {
    id: row.id,
    fileNumber: row.file_number,
    lastName: row.last_name,
    usageName: row.usage_name,
    firstNames: row.first_names,
    aliases: row.aliases,
    description: row.description,
    sex: row.sex,
    birthDate: row.birth_date,
    approximateAge: currentApproximateAge(row),
    birthPlace: row.birth_place,
    nationalityGroup: row.nationality_group,
    languages: row.languages,
    phone: row.phone,
    email: row.email,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
    housingSituation: row.housing_situation,
    cafNumber: row.caf_number,
    healthCover: row.health_cover,
    resources: (row.resources ?? []) as NonNullable<Person['resources']>,
    familySituation: row.family_situation,
    gir: row.gir,
    legalProtection: row.legal_protection,
    legalRepresentative: row.legal_representative,
    referralSource: row.referral_source,
    relatives: (row.relatives ?? []) as NonNullable<Person['relatives']>,
    referentIds: extras.referentIds,
    tags: row.tags,
    status: row.status,
    teamId: row.team_id,
    mergedIntoId: row.merged_into_id,
    household: extras.household,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    socialSecurityNumber: row.social_security_number,
  }
  // The answer is an allow-list: the file's own keys, then only the fields of the reader's sections.
  const person: Person = {
    sections: extras.sections,
    id: file.id,
    fileNumber: file.fileNumber,
    mergedIntoId: file.mergedIntoId,
    household: file.household,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
  }
  for (const section of extras.sections) {
    for (const field of PERSON_SECTION_FIELDS[section]) {
      if (field === 'socialSecurityNumber' && !extras.showRestricted) continue
      ;(person as Record<string, unknown>)[field] = file[field]
    }
  }
  return person
}

/** The name a file is shown under, from its row. */
const displayNameOf = (
  row: Pick<PersonRow, 'last_name' | 'usage_name' | 'first_names' | 'description' | 'aliases'>,
) =>
  personDisplayName({
    lastName: row.last_name,
    usageName: row.usage_name,
    firstNames: row.first_names,
    description: row.description,
    aliases: row.aliases,
  })

const monthlyTotal = (resources: unknown) =>
  ((resources ?? []) as { monthlyCents: number }[]).reduce((sum, r) => sum + r.monthlyCents, 0)

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

/**
 * A person's file, their household, consents, merges and export. Every read and write is audited in
 * the same transaction as the data it touches.
 */
/** A household as pricing and outreach read it: its resources and its members, eldest first. */
interface HouseholdComposition {
  otherResourcesCents: number
  sharesOverride: number | null
  members: {
    personId: string
    relationship: string
    disabled: boolean
    birthDate: string | null
    monthlyResourcesCents: number
    displayName: string
  }[]
}

export class PeopleService {
  constructor(
    private readonly repo: PeopleRepository,
    private readonly timeline: TimelineRegistry,
  ) {}

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

  private async fullPerson(actor: Actor, row: PersonRow, db: Kysely<Database>) {
    const membership = await this.repo.membership(actor, row.id, db)
    return toPerson(row, {
      referentIds: await this.repo.referentIds(row.id, db),
      household: membership
        ? {
            id: membership.household_id,
            relationship: membership.relationship,
            size: Number(membership.size),
          }
        : null,
      showRestricted: roleAllows(actor.roles, 'person.read_restricted'),
      sections: personSectionsFor(actor.roles),
    })
  }

  private async findOrFail(actor: Actor, id: string, db: Kysely<Database>) {
    const row = await this.repo.find(actor, id, db)
    if (!row) throw notFound()
    return row
  }

  /** A merged file is read-only: writing to it would be lost or overwritten when the merge is undone. */
  private async findWritable(actor: Actor, id: string, db: Kysely<Database>) {
    const row = await this.findOrFail(actor, id, db)
    if (row.merged_into_id) {
      throw validationError('id', 'Ce dossier a été fusionné dans un autre : complétez le dossier conservé.')
    }
    return row
  }

  /**
   * The file and those merged into it that the actor may see: their records show under one file (other
   * modules list a person's documents, records… over these ids).
   */
  async fileIds(actor: Actor, id: string, db: Kysely<Database> = this.db) {
    const merged = await this.repo.findMany(actor, await this.repo.mergedInto(id, db), db)
    return [id, ...merged.map((m) => m.id)]
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
   * For other modules recording something about people: the files the actor may see, with their
   * display name and the file a merged one now lives in (records go to the kept file).
   */
  /**
   * For modules that log a record about a person in one statement: SQL for the file that takes it (see
   * `PeopleRepository.recordFileSql`), and `recordFile` to read what it gave.
   */
  recordFileSql(actor: Actor, personId: string) {
    return this.repo.recordFileSql(actor, personId)
  }

  recordFile(value: RecordFile | null) {
    return value ? { id: value.id, displayName: displayNameOf(value) } : null
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
    return file
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
   * For imports, inside the caller's transaction: puts each group's members in the household of its
   * head (made when they have none), so that a domiciled person and the members it covers live in one
   * household. One audit row for the batch.
   */
  async joinHouseholdsWithin(
    actor: Actor,
    groups: {
      headId: string
      members: { personId: string; relationship: keyof typeof HOUSEHOLD_RELATIONSHIP.labels }[]
    }[],
    db: Kysely<Database>,
  ) {
    assertAllowed(actor, 'person.write')
    const ids = await this.repo.joinHouseholds(db, actor, groups)
    if (ids.length > 0) {
      await recordAudit(db, actor, {
        action: 'household.update',
        entityType: 'household',
        personIds: groups.flatMap((g) => [g.headId, ...g.members.map((m) => m.personId)]),
        details: { households: ids.length },
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

  async list(actor: Actor, q: string | undefined) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.repo.list(actor, parsePersonQuery(q), trx)
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

  async get(actor: Actor, id: string) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.findOrFail(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'person.read',
        entityType: 'person',
        entityId: id,
        personId: id,
      })
      return this.fullPerson(actor, row, trx)
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
      return this.fullPerson(actor, row, trx)
    })
  }

  async update(actor: Actor, id: string, input: PersonInput) {
    assertAllowed(actor, 'person.write')
    await this.assertWritable(actor, input)
    return this.db.transaction().execute(async (trx) => {
      const current = await this.findWritable(actor, id, trx)
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
      return this.fullPerson(actor, row, trx)
    })
  }

  /** Everything modules recorded about the person, including on files merged into theirs. */
  async timelineOf(actor: Actor, id: string, query: z.output<typeof timelineQuerySchema>) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      await this.findOrFail(actor, id, trx)
      const ids = await this.fileIds(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'person.read',
        entityType: 'person',
        entityId: id,
        personId: id,
      })
      const all = await this.timeline.entries(trx, actor, ids)
      const labels = this.timeline.labels()
      const counts = new Map<string, number>()
      for (const entry of all) counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1)
      const kinds = [...counts].map(([kind, count]) => ({ kind, label: labels[kind] ?? kind, count }))
      const shown = query.kind ? all.filter((entry) => entry.kind === query.kind) : all
      return { ...pageFrom(shown, query), kinds }
    })
  }

  // Households ---------------------------------------------------------------------------------

  private async householdView(actor: Actor, householdId: string, db: Kysely<Database>): Promise<Household> {
    const household = await this.repo.household(actor.organisationId, householdId, db)
    if (!household) throw notFound()
    const members = await this.repo.householdMembers(householdId, db)
    const visible: Household['members'] = []
    for (const member of members) {
      // A member filed under a confidential team the actor is not in stays out of the list.
      const person = await this.repo.find(actor, member.person_id, db)
      if (!person) continue
      visible.push({
        personId: person.id,
        relationship: member.relationship,
        disabled: member.disabled,
        displayName: displayNameOf(person),
        birthDate: person.birth_date,
        approximateAge: currentApproximateAge(person),
        monthlyResourcesCents: monthlyTotal(person.resources),
      })
    }
    if (visible.length === 0) throw notFound()
    const otherResources = (household.other_resources ?? []) as NonNullable<Household['otherResources']>
    // The household's address with the contact section, its resources with the resources section.
    const sections = personSectionsFor(actor.roles)
    const view: Household = { id: household.id, members: visible }
    if (sections.includes('contact')) {
      Object.assign(view, {
        address: household.address,
        postalCode: household.postal_code,
        city: household.city,
      })
    }
    if (sections.includes('resources')) {
      Object.assign(view, {
        otherResources,
        sharesOverride: household.shares_override === null ? null : Number(household.shares_override),
        monthlyResourcesCents:
          visible.reduce((sum, m) => sum + (m.monthlyResourcesCents ?? 0), 0) + monthlyTotal(otherResources),
      })
    } else {
      for (const member of visible) delete member.monthlyResourcesCents
    }
    return view
  }

  /** For modules offering a person's household members (a domiciliation's ayants droit): its id, or null. */
  async householdIdOf(actor: Actor, personId: string, db: Kysely<Database> = this.db) {
    return (await this.repo.membership(actor, personId, db))?.household_id ?? null
  }

  /**
   * For modules that compute on a household (the social pricing): its members with what they need,
   * eldest first. Null when the household is not the actor's organisation's, or when one member's
   * file is out of their reach (a computed figure would reveal that member's resources).
   */
  async householdComposition(actor: Actor, householdId: string, db: Kysely<Database> = this.db) {
    return (await this.householdCompositions(actor, [householdId], db)).get(householdId) ?? null
  }

  /**
   * Several households at once, in three queries whatever their number. A household with a member out
   * of the actor's reach is left out of the map.
   */
  async householdCompositions(actor: Actor, householdIds: string[], db: Kysely<Database> = this.db) {
    const ids = [...new Set(householdIds)]
    const households = await this.repo.households(actor.organisationId, ids, db)
    const members = await this.repo.membersOfHouseholds(
      households.map((h) => h.id),
      db,
    )
    const files = new Map(
      (
        await this.repo.findMany(
          actor,
          members.map((m) => m.person_id),
          db,
        )
      ).map((p) => [p.id, p]),
    )
    const compositions = new Map<string, HouseholdComposition>()
    for (const household of households) {
      const own = members.filter((m) => m.household_id === household.id)
      if (own.some((m) => !files.has(m.person_id))) continue
      compositions.set(household.id, {
        otherResourcesCents: monthlyTotal(household.other_resources),
        sharesOverride: household.shares_override === null ? null : Number(household.shares_override),
        members: own
          .map((m) => {
            const person = files.get(m.person_id)!
            return {
              personId: m.person_id,
              relationship: m.relationship,
              disabled: m.disabled,
              birthDate: person.birth_date,
              monthlyResourcesCents: monthlyTotal(person.resources),
              displayName: displayNameOf(person),
            }
          })
          .sort(
            (a, b) =>
              (a.birthDate ?? '9999').localeCompare(b.birthDate ?? '9999') ||
              a.personId.localeCompare(b.personId),
          ),
      })
    }
    return compositions
  }

  async getHousehold(actor: Actor, householdId: string) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      const view = await this.householdView(actor, householdId, trx)
      await recordAudit(trx, actor, {
        action: 'household.read',
        entityType: 'household',
        entityId: householdId,
        personIds: view.members.map((member) => member.personId),
      })
      return view
    })
  }

  /** Creates a household, or replaces an existing one's address, resources and members. */
  async saveHousehold(actor: Actor, householdId: string | undefined, input: HouseholdInput) {
    assertAllowed(actor, 'person.write')
    return this.db.transaction().execute(async (trx) => {
      let hidden: { personId: string; relationship: string; disabled: boolean }[] = []
      if (householdId) {
        await this.householdView(actor, householdId, trx)
        // Members the actor cannot see are kept as they are, not silently removed.
        for (const m of await this.repo.householdMembers(householdId, trx)) {
          if (!(await this.repo.find(actor, m.person_id, trx))) {
            hidden.push({ personId: m.person_id, relationship: m.relationship, disabled: m.disabled })
          }
        }
        hidden = hidden.filter((h) => !input.members.some((m) => m.personId === h.personId))
      }
      for (const [index, member] of input.members.entries()) {
        const person = await this.repo.find(actor, member.personId, trx)
        if (!person || person.merged_into_id) {
          throw validationError(`members.${index}.personId`, 'Personne inconnue.')
        }
      }
      // What the actor cannot read stays as it is (or empty for a new household), never written blind.
      const sections = personSectionsFor(actor.roles)
      const current = householdId
        ? await this.repo.household(actor.organisationId, householdId, trx)
        : undefined
      const id = await this.repo.saveHousehold(
        trx,
        actor,
        householdId,
        {
          ...(sections.includes('contact')
            ? {
                address: input.address ?? null,
                postal_code: input.postalCode ?? null,
                city: input.city ?? null,
              }
            : {
                address: current?.address ?? null,
                postal_code: current?.postal_code ?? null,
                city: current?.city ?? null,
              }),
          ...(sections.includes('resources')
            ? { other_resources: JSON.stringify(input.otherResources), shares_override: input.sharesOverride }
            : {
                other_resources: JSON.stringify(current?.other_resources ?? []),
                shares_override: current?.shares_override == null ? null : Number(current.shares_override),
              }),
        },
        [...input.members, ...hidden],
      )
      const view = await this.householdView(actor, id, trx)
      await recordAudit(trx, actor, {
        action: householdId ? 'household.update' : 'household.create',
        entityType: 'household',
        entityId: id,
        personIds: view.members.map((member) => member.personId),
      })
      return view
    })
  }

  // Consents -----------------------------------------------------------------------------------

  private async consentList(actor: Actor, personIds: string[], db: Kysely<Database>) {
    const rows = await this.repo.consents(personIds, db)
    // What was noted with a consent is for the readers of the notes section.
    const notes = personSectionsFor(actor.roles).includes('notes')
    return rows.map((c) => ({
      id: c.id,
      scope: c.scope,
      given: c.given,
      givenOn: c.given_on,
      note: notes ? c.note : null,
      recordedBy: c.recorded_by,
      recordedAt: new Date(c.recorded_at).toISOString(),
    }))
  }

  async consents(actor: Actor, personId: string) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      await this.findOrFail(actor, personId, trx)
      await recordAudit(trx, actor, {
        action: 'person.read',
        entityType: 'person',
        entityId: personId,
        personId,
      })
      return this.consentList(actor, await this.fileIds(actor, personId, trx), trx)
    })
  }

  async recordConsent(actor: Actor, personId: string, input: z.infer<typeof consentInputSchema>) {
    assertAllowed(actor, 'person.write')
    return this.db.transaction().execute(async (trx) => {
      await this.findWritable(actor, personId, trx)
      const { id } = await this.repo.addConsent(trx, actor, personId, {
        scope: input.scope,
        given: input.given,
        given_on: input.givenOn,
        note: input.note ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'consent.record',
        entityType: 'consent',
        entityId: id,
        personId,
      })
      return this.consentList(actor, await this.fileIds(actor, personId, trx), trx)
    })
  }

  // Merges -------------------------------------------------------------------------------------

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
      const kept = await this.findOrFail(actor, keptId, trx)
      const merged = await this.repo.find(actor, input.mergedPersonId, trx)
      if (!merged) throw validationError('mergedPersonId', 'Dossier introuvable.')
      if (kept.merged_into_id || merged.merged_into_id) {
        throw validationError('mergedPersonId', 'Un des deux dossiers est déjà fusionné dans un autre.')
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
      const kept = await this.findOrFail(actor, merge.kept_person_id, trx)
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

  private async mergeList(actor: Actor, personId: string, db: Kysely<Database>) {
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
      await this.findOrFail(actor, personId, trx)
      return this.mergeList(actor, personId, trx)
    })
  }

  // Access request export ----------------------------------------------------------------------

  /** Everything Trame holds about the person, for a right-of-access request (RGPD art. 15). */
  async exportData(actor: Actor, personId: string) {
    assertAllowed(actor, 'person.export')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.findOrFail(actor, personId, trx)
      const person = await this.fullPerson(actor, row, trx)
      const household = person.household ? await this.householdView(actor, person.household.id, trx) : null
      const ids = [personId]
      const mergedFiles = []
      // Merged files of a confidential team stay out for those outside it, like everywhere else.
      for (const id of await this.repo.mergedInto(personId, trx)) {
        const merged = await this.repo.find(actor, id, trx)
        if (!merged) continue
        ids.push(id)
        mergedFiles.push(await this.fullPerson(actor, merged, trx))
      }
      const data = {
        exportedAt: new Date().toISOString(),
        person,
        mergedFiles,
        household,
        consents: await this.consentList(actor, ids, trx),
        merges: await this.mergeList(actor, personId, trx),
        records: await this.timeline.export(trx, actor, ids),
        recordLabels: this.timeline.labels(),
        accessLog: await this.repo.accessLog(actor.organisationId, ids, trx),
      }
      await recordAudit(trx, actor, {
        action: 'person.export',
        entityType: 'person',
        entityId: personId,
        personId,
      })
      return data
    })
  }
}
