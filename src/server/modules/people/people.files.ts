import type { Kysely } from 'kysely'
import { todayInFrance } from '../../../shared/dates.ts'
import type { ArchiveReadReason } from '../../../shared/people.ts'
import {
  type Person,
  type PersonInput,
  type PersonSummary,
  personDisplayName,
} from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import {
  PERSON_SECTION_FIELDS,
  type PersonSection,
  personSectionsFor,
} from '../../../shared/person-sections.ts'
import type { Database } from '../../db/schema.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import { type FileArchiveState, fileArchiveStates } from '../../platform/retention.ts'
import type { PeopleRepository, PersonRow, PersonValues } from './people.repository.ts'
import { matchedNames, type SearchMatch } from './people.search.ts'

/*
 * A person's file as every capability of the module reads it: the columns written as they are, the
 * answer cut to the reader's sections, and the file found (or refused) for the actor.
 */

/** API field → column, for the fields written as they are. */
export const COLUMNS = {
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
export function toValues(input: PersonInput): PersonValues {
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
export function currentApproximateAge(row: Pick<PersonRow, 'approximate_age' | 'approximate_age_on'>) {
  if (row.approximate_age === null) return null
  if (!row.approximate_age_on) return row.approximate_age
  const years = Math.floor(
    (Date.now() - new Date(`${row.approximate_age_on}T00:00:00Z`).getTime()) / (365.25 * 86_400_000),
  )
  return row.approximate_age + Math.max(0, years)
}

export function toSummary(
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

export function toPerson(
  row: PersonRow,
  extras: {
    referentIds: string[]
    household: Person['household']
    showRestricted: boolean
    sections: PersonSection[]
    archive: FileArchiveState | null
  },
): Person {
  const file: Required<Omit<Person, 'sections' | 'archive'>> = {
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
    archive: extras.archive
      ? {
          archivedAt: extras.archive.archivedAt.toISOString(),
          lastContactAt: extras.archive.lastContactAt.toISOString(),
          anonymisedAt: extras.archive.anonymisedAt?.toISOString() ?? null,
        }
      : null,
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
export const displayNameOf = (
  row: Pick<PersonRow, 'last_name' | 'usage_name' | 'first_names' | 'description' | 'aliases'>,
) =>
  personDisplayName({
    lastName: row.last_name,
    usageName: row.usage_name,
    firstNames: row.first_names,
    description: row.description,
    aliases: row.aliases,
  })

export const monthlyTotal = (resources: unknown) =>
  ((resources ?? []) as { monthlyCents: number }[]).reduce((sum, r) => sum + r.monthlyCents, 0)
/**
 * An archived file opens only for those allowed to reactivate it, and with the reason of the reading
 * (`reason` absent: the page asks for it). Others are told to log the person's passage instead.
 */
export function assertArchiveReadable(actor: Actor, reason: ArchiveReadReason | undefined) {
  if (!roleAllows(actor.roles, 'person.reactivate')) throw new AppError('PERSON_ARCHIVED_RESTRICTED', 403)
  if (!reason) throw new AppError('ARCHIVE_READ_REASON_REQUIRED', 403)
}

/** The refusal of a write to an archived file: anonymised for good, or archived until reactivated. */
export async function archivedFileError(db: Kysely<Database>, organisationId: string, personId: string) {
  const state = (await fileArchiveStates(db, organisationId, [personId])).get(personId)
  return state?.anonymisedAt ? new AppError('PERSON_ANONYMISED', 409) : new AppError('PERSON_ARCHIVED', 409)
}

/** Finds the files an actor may see (confidential teams), with what the answer shows of them. */
export class PersonFiles {
  constructor(readonly repo: PeopleRepository) {}

  async fullPerson(actor: Actor, row: PersonRow, db: Kysely<Database>) {
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
      archive:
        row.status === 'archived'
          ? ((await fileArchiveStates(db, actor.organisationId, [row.id])).get(row.id) ?? null)
          : null,
    })
  }

  async findOrFail(actor: Actor, id: string, db: Kysely<Database>) {
    const row = await this.repo.find(actor, id, db)
    if (!row) throw notFound()
    return row
  }

  /**
   * A merged file is read-only: writing to it would be lost or overwritten when the merge is undone.
   * An archived file is read-only too, until someone allowed reactivates it (the person came back).
   */
  async findWritable(actor: Actor, id: string, db: Kysely<Database>) {
    const row = await this.findOrFail(actor, id, db)
    if (row.merged_into_id) {
      throw validationError('id', 'Ce dossier a été fusionné dans un autre : complétez le dossier conservé.')
    }
    if (row.status === 'archived') throw await archivedFileError(db, actor.organisationId, row.id)
    return row
  }

  /**
   * The file and those merged into it that the actor may see: their records show under one file (other
   * modules list a person's documents, records… over these ids).
   */
  async fileIds(actor: Actor, id: string, db: Kysely<Database>) {
    const merged = await this.repo.findMany(actor, await this.repo.mergedInto(id, db), db)
    return [id, ...merged.map((m) => m.id)]
  }
}
