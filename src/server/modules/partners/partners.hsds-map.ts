import {
  type PartnerInput,
  partnerCreateSchema,
  SERVICE_CATEGORY,
  type ServiceCategory,
  type ServiceInput,
  serviceCreateSchema,
} from '../../../shared/partners.ts'
import { type HsdsIssue, type HsdsTerm, hsdsTermKey } from '../../../shared/partners-hsds.ts'
import { type HsdsSchedule, schedulesInFrench } from './hsds/hsds.schedules.ts'
import type { HsdsRecord, HsdsTables } from './partners.hsds-read.ts'

/**
 * HSDS tables onto Trame's directory: an organisation is a partner; a service keeps its place's
 * address, its phone, its schedules in French, its eligibility, its contact, and the category its
 * taxonomy terms map to. A value Trame cannot keep (a phone it cannot read) is left out with a warning.
 */
export interface PlannedPartner {
  hsdsId: string
  file: string
  row: number | null
  values: PartnerInput
}
export interface PlannedService {
  hsdsId: string
  partnerHsdsId: string
  file: string
  row: number | null
  values: ServiceInput
}
export interface HsdsPlan {
  partners: PlannedPartner[]
  services: PlannedService[]
  errors: HsdsIssue[]
  warnings: HsdsIssue[]
  terms: HsdsTerm[]
}

const plain = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s,_-]+/g, ' ')
    .trim()
/** A term named like a Trame category (its code or French label, as Trame's own export writes) maps to it. */
const CATEGORY_BY_WORDS = new Map<string, ServiceCategory>(
  SERVICE_CATEGORY.values.flatMap((key) => [
    [plain(key), key],
    [plain(SERVICE_CATEGORY.labels[key]), key],
  ]),
)

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined)
const id = (value: unknown) => (value === undefined || value === null ? undefined : String(value))

/** "+33 1 23 45 67 89", "01.23.45.67.89": kept; quotes and letters around a number are dropped. */
function phoneNumber(records: HsdsRecord[]) {
  for (const record of records) {
    const number = text(record.data.number)
      ?.replace(/[^0-9 +.()-]/g, '')
      .trim()
    if (number) return number
  }
  return undefined
}

function groupBy(records: HsdsRecord[] | undefined, field: string) {
  const groups = new Map<string, HsdsRecord[]>()
  for (const record of records ?? []) {
    const key = id(record.data[field])
    if (key === undefined) continue
    const group = groups.get(key) ?? []
    group.push(record)
    groups.set(key, group)
  }
  return groups
}

export function planImport(tables: HsdsTables, mapping: Map<string, string>): HsdsPlan {
  const errors: HsdsIssue[] = []
  const warnings: HsdsIssue[] = []
  const get = (table: string) => tables.get(table) ?? []
  const locations = new Map(get('location').map((r) => [id(r.data.id)!, r]))
  const addressesOf = groupBy(get('address'), 'location_id')
  const phonesOf = {
    organization: groupBy(get('phone'), 'organization_id'),
    service: groupBy(get('phone'), 'service_id'),
    link: groupBy(get('phone'), 'service_at_location_id'),
    location: groupBy(get('phone'), 'location_id'),
  }
  const schedulesOf = {
    service: groupBy(get('schedule'), 'service_id'),
    link: groupBy(get('schedule'), 'service_at_location_id'),
    location: groupBy(get('schedule'), 'location_id'),
  }
  const linksOf = groupBy(get('service_at_location'), 'service_id')
  const locationsOf = groupBy(get('location'), 'organization_id')
  const contactsOf = groupBy(get('contact'), 'service_id')
  const attributesOf = groupBy(get('attribute'), 'link_id')
  const termsById = new Map(get('taxonomy_term').map((r) => [id(r.data.id)!, r]))

  /** The first address of these places, physical ones first. */
  const addressOf = (places: (HsdsRecord | undefined)[]) => {
    const all = places.flatMap((place) => (place ? (addressesOf.get(id(place.data.id)!) ?? []) : []))
    const address = all.find((a) => a.data.address_type === 'physical') ?? all[0]
    if (!address) return {}
    const line = [text(address.data.address_1), text(address.data.address_2)].filter(Boolean).join(', ')
    return {
      address: line || undefined,
      postalCode: text(address.data.postal_code),
      city: text(address.data.city),
    }
  }

  /** Trame's own checks: a field it refuses is left out with a warning; a missing name is an error. */
  function checked<T>(
    schema: typeof partnerCreateSchema | typeof serviceCreateSchema,
    record: HsdsRecord,
    raw: Record<string, unknown>,
  ) {
    const values = { ...raw }
    for (let attempt = 0; attempt < 12; attempt++) {
      const result = schema.safeParse(values)
      if (result.success) return result.data as T
      for (const issue of result.error.issues) {
        const field = String(issue.path[0])
        if (field === 'name' || field === 'category') {
          errors.push({ file: record.file, row: record.row, field: 'name', message: issue.message })
          return null
        }
        warnings.push({
          file: record.file,
          row: record.row,
          field: TRAME_TO_HSDS[field] ?? field,
          message: `Valeur laissée de côté (${issue.message.replace(/\.$/, '')}) : « ${String(values[field]).slice(0, 60)} ».`,
        })
        delete values[field]
      }
    }
    return null
  }

  const partners: PlannedPartner[] = []
  const organizationIds = new Set<string>()
  for (const record of get('organization')) {
    const hsdsId = id(record.data.id)!
    organizationIds.add(hsdsId)
    const values = checked<PartnerInput>(partnerCreateSchema, record, {
      name: text(record.data.name),
      // HSDS requires a description: Trame's export writes the name where the partner has none.
      description:
        text(record.data.description) === text(record.data.name) ? undefined : text(record.data.description),
      website: text(record.data.website),
      email: text(record.data.email),
      phone: phoneNumber(
        phonesOf.organization.get(hsdsId)?.filter((p) => p.data.service_id === undefined) ?? [],
      ),
      ...addressOf(locationsOf.get(hsdsId) ?? []),
    })
    if (values) partners.push({ hsdsId, file: record.file, row: record.row, values })
  }

  const termsFound = new Map<string, HsdsTerm>()
  const services: PlannedService[] = []
  for (const record of get('service')) {
    const hsdsId = id(record.data.id)!
    const partnerHsdsId = id(record.data.organization_id)
    if (!partnerHsdsId || !organizationIds.has(partnerHsdsId)) {
      errors.push({
        file: record.file,
        row: record.row,
        field: 'organization_id',
        message: 'Service sans organisation dans ce jeu de données : joignez organizations.csv.',
      })
      continue
    }
    const links = linksOf.get(hsdsId) ?? []
    const places = links.map((link) => locations.get(id(link.data.location_id) ?? ''))
    const linkIds = links.map((link) => id(link.data.id)!)
    let schedules = [
      ...(schedulesOf.service.get(hsdsId) ?? []),
      ...linkIds.flatMap((l) => schedulesOf.link.get(l) ?? []),
    ]
    if (schedules.length === 0) {
      schedules = places.flatMap((place) =>
        place ? (schedulesOf.location.get(id(place.data.id)!) ?? []) : [],
      )
    }
    const phones = [
      ...(phonesOf.service.get(hsdsId) ?? []),
      ...linkIds.flatMap((l) => phonesOf.link.get(l) ?? []),
      ...places.flatMap((place) => (place ? (phonesOf.location.get(id(place.data.id)!) ?? []) : [])),
    ]
    let category: string | undefined
    for (const attribute of attributesOf.get(hsdsId) ?? []) {
      const term = termsById.get(id(attribute.data.taxonomy_term_id) ?? '')
      if (!term) continue
      const key = hsdsTermKey({ code: text(term.data.code), name: text(term.data.name) })
      if (!key) continue
      const mapped =
        mapping.get(key) ??
        CATEGORY_BY_WORDS.get(plain(key)) ??
        CATEGORY_BY_WORDS.get(plain(text(term.data.name) ?? ''))
      termsFound.set(key, { key, label: text(term.data.name) ?? key, category: mapped ?? null })
      category ??= mapped
    }
    const ages = [record.data.minimum_age, record.data.maximum_age]
    const ageText =
      typeof ages[0] === 'number' && typeof ages[1] === 'number'
        ? `Âge : de ${ages[0]} à ${ages[1]} ans.`
        : typeof ages[0] === 'number'
          ? `Âge : à partir de ${ages[0]} ans.`
          : typeof ages[1] === 'number'
            ? `Âge : jusqu’à ${ages[1]} ans.`
            : undefined
    const values = checked<ServiceInput>(serviceCreateSchema, record, {
      name: text(record.data.name),
      category: category ?? 'other',
      description: text(record.data.description),
      email: text(record.data.email),
      phone: phoneNumber(phones),
      openingHours: schedulesInFrench(schedules.map((s) => s.data as HsdsSchedule)) ?? undefined,
      accessConditions:
        [text(record.data.eligibility_description), ageText].filter(Boolean).join(' ') || undefined,
      contactName: text(contactsOf.get(hsdsId)?.[0]?.data.name),
      active: record.data.status === undefined || record.data.status === 'active',
      ...addressOf(places),
    })
    if (values) services.push({ hsdsId, partnerHsdsId, file: record.file, row: record.row, values })
  }
  // Terms no service uses are listed too: the mapping can be prepared before they are.
  for (const term of get('taxonomy_term')) {
    const key = hsdsTermKey({ code: text(term.data.code), name: text(term.data.name) })
    if (!key || termsFound.has(key)) continue
    const mapped = mapping.get(key) ?? CATEGORY_BY_WORDS.get(plain(key)) ?? null
    termsFound.set(key, { key, label: text(term.data.name) ?? key, category: mapped })
  }
  return { partners, services, errors, warnings, terms: [...termsFound.values()] }
}

/** Where a Trame field comes from in HSDS, for the warnings' « field ». */
const TRAME_TO_HSDS: Record<string, string> = {
  website: 'website',
  email: 'email',
  phone: 'phones.number',
  address: 'address.address_1',
  postalCode: 'address.postal_code',
  city: 'address.city',
  openingHours: 'schedules',
  accessConditions: 'eligibility_description',
  contactName: 'contacts.name',
  description: 'description',
}
