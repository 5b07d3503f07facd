import { labelled } from './labelled.ts'
import type { Role } from './roles.ts'

/**
 * Need-to-know inside the organisation: which parts of a person's file each role reads and writes.
 * The one table for both sides: the server builds its answers from it (a field of a section the
 * reader lacks never leaves the server, and writing it is refused); the web app shows only these
 * sections. The social security number also needs `person.read_restricted`.
 */
export const PERSON_SECTION = labelled({
  identity: 'Identité',
  contact: 'Coordonnées et logement',
  resources: 'Droits et ressources',
  health: 'Santé et autonomie',
  legal: 'Protection juridique',
  relatives: 'Proches et aidants',
  notes: 'Notes et étiquettes',
  followUp: 'Suivi du dossier',
})
export type PersonSection = keyof typeof PERSON_SECTION.labels
export const PERSON_SECTIONS = Object.keys(PERSON_SECTION.labels) as PersonSection[]

/** The fields of the person's file in each section (the file's id, number and dates belong to none). */
export const PERSON_SECTION_FIELDS = {
  identity: [
    'lastName',
    'usageName',
    'firstNames',
    'aliases',
    'description',
    'sex',
    'birthDate',
    'approximateAge',
    'birthPlace',
    'nationalityGroup',
    'languages',
  ],
  contact: ['phone', 'email', 'address', 'postalCode', 'city', 'housingSituation'],
  resources: ['cafNumber', 'resources', 'familySituation', 'socialSecurityNumber'],
  health: ['healthCover', 'gir'],
  legal: ['legalProtection', 'legalRepresentative'],
  relatives: ['relatives'],
  /** Free texts professionals write about the person: the file's tags, the notes of consents. */
  notes: ['tags'],
  followUp: ['status', 'teamId', 'referentIds', 'referralSource'],
} as const satisfies Record<PersonSection, readonly string[]>
export type PersonSectionField = (typeof PERSON_SECTION_FIELDS)[PersonSection][number]

const ALL = PERSON_SECTIONS
/** Who opens a file to receive, orient, visit or match a person: who they are and how to reach them. */
const RECEPTION: readonly PersonSection[] = ['identity', 'contact', 'followUp']

export const PERSON_SECTIONS_BY_ROLE: Record<Role, readonly PersonSection[]> = {
  director: ALL,
  social_worker: ALL,
  // Rights and resources, relatives, legal protection: what an educational follow-up works on.
  educator: [...RECEPTION, 'resources', 'legal', 'relatives'],
  // Who the young person is, how to reach them and whom to call; the rest is for the social workers.
  psychologist: [...RECEPTION, 'relatives'],
  front_desk_agent: RECEPTION,
  outreach_agent: RECEPTION,
  volunteer_coordinator: RECEPTION,
  // What a health follow-up needs: the cover and autonomy, and the relatives and carers to call.
  nurse: [...RECEPTION, 'health', 'relatives'],
  // The medical opinion on an admission: who the person is, their cover and autonomy.
  doctor: [...RECEPTION, 'health'],
  // Nothing: the commission reads the requests on its agenda, pseudonymised, through the aid module.
  commission_member: [],
  administrator: [],
  analyst: [],
  dpo: [],
}

/** The sections a user holding these roles reads (their roles add up). */
export function personSectionsFor(roles: readonly Role[]): PersonSection[] {
  return PERSON_SECTIONS.filter((section) =>
    roles.some((role) => PERSON_SECTIONS_BY_ROLE[role].includes(section)),
  )
}

const SECTION_OF_FIELD = new Map<string, PersonSection>(
  PERSON_SECTIONS.flatMap((section) =>
    PERSON_SECTION_FIELDS[section].map((field) => [field, section] as const),
  ),
)

/** The section a field of the file belongs to; undefined for the file's id, number, dates. */
export function personSectionOf(field: string): PersonSection | undefined {
  return SECTION_OF_FIELD.get(field)
}
