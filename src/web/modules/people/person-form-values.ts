import {
  type Person,
  type PersonInput,
  personCreateSchema,
  personUpdateSchema,
} from '../../../shared/people.ts'
import { type PersonSection, personSectionOf } from '../../../shared/person-sections.ts'
import { centsToInput, parseEurosToCents, splitList } from './people-format.ts'

/** The person form as typed (strings, euros, comma-separated lists) and its conversion to the API payload. */

export type RelativeRow = { name: string; relationship: string; phone: string; caregiver: boolean }

export type PersonFormValues = {
  lastName: string
  usageName: string
  firstNames: string
  aliases: string
  description: string
  sex: string
  birthDate: string
  approximateAge: string
  birthPlace: string
  nationalityGroup: string
  languages: string
  phone: string
  email: string
  address: string
  postalCode: string
  city: string
  housingSituation: string
  cafNumber: string
  healthCover: string
  socialSecurityNumber: string
  resources: { kind: string; amount: string }[]
  familySituation: string
  gir: string
  legalProtection: string
  legalRepresentative: string
  referralSource: string
  relatives: RelativeRow[]
  tags: string
  status: string
  teamId: string
  referentIds: string[]
}

const text = (v: string | null | undefined) => v ?? ''

export function personToFormValues(person?: Person, prefill?: Partial<PersonFormValues>): PersonFormValues {
  return {
    lastName: text(person?.lastName),
    usageName: text(person?.usageName),
    firstNames: text(person?.firstNames),
    aliases: (person?.aliases ?? []).join(', '),
    description: text(person?.description),
    sex: text(person?.sex),
    birthDate: text(person?.birthDate),
    approximateAge: person?.approximateAge != null && !person.birthDate ? String(person.approximateAge) : '',
    birthPlace: text(person?.birthPlace),
    nationalityGroup: text(person?.nationalityGroup),
    languages: (person?.languages ?? []).join(', '),
    phone: text(person?.phone),
    email: text(person?.email),
    address: text(person?.address),
    postalCode: text(person?.postalCode),
    city: text(person?.city),
    housingSituation: text(person?.housingSituation),
    cafNumber: text(person?.cafNumber),
    healthCover: text(person?.healthCover),
    socialSecurityNumber: text(person?.socialSecurityNumber),
    resources: (person?.resources ?? []).map((r) => ({ kind: r.kind, amount: centsToInput(r.monthlyCents) })),
    familySituation: text(person?.familySituation),
    gir: person?.gir != null ? String(person.gir) : '',
    legalProtection: text(person?.legalProtection),
    legalRepresentative: text(person?.legalRepresentative),
    referralSource: text(person?.referralSource),
    relatives: (person?.relatives ?? []).map((r) => ({
      name: r.name,
      relationship: text(r.relationship),
      phone: text(r.phone),
      caregiver: r.caregiver,
    })),
    tags: (person?.tags ?? []).join(', '),
    status: person?.status ?? 'active',
    teamId: text(person?.teamId),
    referentIds: person?.referentIds ?? [],
    ...prefill,
  }
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim())
const numberOrNull = (v: string) => (v.trim() === '' ? null : Number(v.trim()))

/**
 * The payload of POST/PATCH /api/people. Every field is sent (null when empty) so an edit can clear
 * one; the social security number only by those allowed to see it.
 */
export function formValuesToPayload(
  values: PersonFormValues,
  options: { restricted: boolean; sections: readonly PersonSection[] },
) {
  const payload: Record<string, unknown> = {
    lastName: orNull(values.lastName),
    usageName: orNull(values.usageName),
    firstNames: orNull(values.firstNames),
    aliases: splitList(values.aliases),
    description: orNull(values.description),
    sex: orNull(values.sex),
    birthDate: orNull(values.birthDate),
    approximateAge: values.birthDate ? null : numberOrNull(values.approximateAge),
    birthPlace: orNull(values.birthPlace),
    nationalityGroup: orNull(values.nationalityGroup),
    languages: splitList(values.languages),
    phone: orNull(values.phone),
    email: orNull(values.email),
    address: orNull(values.address),
    postalCode: orNull(values.postalCode),
    city: orNull(values.city),
    housingSituation: orNull(values.housingSituation),
    cafNumber: orNull(values.cafNumber),
    healthCover: orNull(values.healthCover),
    resources: values.resources.map((r) => ({
      kind: r.kind,
      monthlyCents: parseEurosToCents(r.amount) ?? Number.NaN,
    })),
    familySituation: orNull(values.familySituation),
    gir: numberOrNull(values.gir),
    legalProtection: orNull(values.legalProtection),
    legalRepresentative: orNull(values.legalRepresentative),
    referralSource: orNull(values.referralSource),
    relatives: values.relatives.map((r) => ({
      name: r.name,
      relationship: orNull(r.relationship),
      phone: orNull(r.phone),
      caregiver: r.caregiver,
    })),
    tags: splitList(values.tags),
    status: values.status || 'active',
    teamId: orNull(values.teamId),
    referentIds: values.referentIds,
  }
  if (options.restricted) payload.socialSecurityNumber = orNull(values.socialSecurityNumber)
  // Only the sections the user's roles read are sent: the server refuses the others.
  for (const field of Object.keys(payload)) {
    const section = personSectionOf(field)
    if (section && !options.sections.includes(section)) delete payload[field]
  }
  return payload as PersonInput
}

/** API field paths → form field names ("resources.0.monthlyCents" → "resources.0.amount", "tags.2" → "tags"). */
export function toFormPath(path: string) {
  const [head, index, leaf] = path.split('.')
  if (head === 'aliases' || head === 'tags' || head === 'languages' || head === 'referentIds') return head
  if (head === 'resources' && index !== undefined) {
    return leaf === 'monthlyCents' || leaf === undefined
      ? `resources.${index}.amount`
      : `resources.${index}.${leaf}`
  }
  return path
}

export function validatePersonForm(
  values: PersonFormValues,
  options: { restricted: boolean; creating: boolean; sections: readonly PersonSection[] },
) {
  const issues: { path: string; message: string }[] = []
  values.resources.forEach((r, index) => {
    if (parseEurosToCents(r.amount) === undefined) {
      issues.push({
        path: `resources.${index}.amount`,
        message: 'Montant invalide : des euros, avec au plus deux décimales (par exemple 607,75).',
      })
    }
  })
  const schema = options.creating ? personCreateSchema : personUpdateSchema
  const result = schema.safeParse(formValuesToPayload(values, options))
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = toFormPath(issue.path.map(String).join('.'))
      if (!issues.some((i) => i.path === path)) issues.push({ path, message: issue.message })
    }
  }
  if (!options.creating) {
    // The update schema has no "a name or a description" rule; the server checks it, so does the form.
    const payload = formValuesToPayload(values, options)
    if (
      !(
        payload.lastName ||
        payload.firstNames ||
        payload.usageName ||
        payload.description ||
        payload.aliases?.length
      )
    ) {
      issues.push({
        path: 'lastName',
        message: 'Indiquez au moins un nom, un prénom, un surnom ou une description.',
      })
    }
  }
  return issues
}
