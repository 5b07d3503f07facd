import { strToU8, zipSync } from 'fflate'
import type { Partner, PartnerService } from '../../../shared/partners.ts'
import { SERVICE_CATEGORY } from '../../../shared/partners.ts'
import { toCsv } from '../../platform/csv.ts'
import { HSDS_TABLES } from './hsds/hsds.validator.ts'

/**
 * The directory as an Open Referral HSDS 3 dataset, for another body to take it as it is: a tabular
 * data package (datapackage.json and one CSV per table) or JSON (organisations with nested services).
 * Ids are the dataset's own where a partner came from one, Trame's otherwise: importing the export
 * back finds the same rows.
 */
type Row = Record<string, string | number | undefined>

const organizationId = (partner: Partner & { hsdsId?: string | null }) => partner.hsdsId ?? partner.id
const serviceId = (service: PartnerService & { hsdsId?: string | null }) => service.hsdsId ?? service.id
const termId = (category: string) => `trame-categorie-${category}`
const label = (category: string) =>
  SERVICE_CATEGORY.labels[category as keyof typeof SERVICE_CATEGORY.labels] ?? category

/** The département of a French postal code (HSDS requires a state or province). */
const department = (postalCode: string) =>
  postalCode.startsWith('97') ? postalCode.slice(0, 3) : postalCode.slice(0, 2)

/** An address HSDS accepts needs a street, a city and a postal code; a partial one is left out. */
function address(
  id: string,
  locationId: string,
  place: { address: string | null; postalCode: string | null; city: string | null },
) {
  if (!place.address || !place.city || !place.postalCode) return null
  return {
    id,
    location_id: locationId,
    address_1: place.address,
    city: place.city,
    state_province: department(place.postalCode),
    postal_code: place.postalCode,
    country: 'FR',
    address_type: 'physical',
  }
}

export type ExportPartner = Partner & {
  hsdsId: string | null
  services: (PartnerService & { hsdsId: string | null })[]
}

/** The package's tables, rows as HSDS names them. */
export function hsdsTables(partners: ExportPartner[]) {
  const tables: Record<string, Row[]> = {
    organization: [],
    service: [],
    location: [],
    address: [],
    service_at_location: [],
    phone: [],
    schedule: [],
    contact: [],
    taxonomy_term: [],
    attribute: [],
  }
  const categories = new Set<string>()
  for (const partner of partners) {
    const orgId = organizationId(partner)
    tables.organization!.push({
      id: orgId,
      name: partner.name,
      description: partner.description ?? partner.name,
      email: partner.email ?? undefined,
      website: partner.website ?? undefined,
    })
    if (partner.phone)
      tables.phone!.push({ id: `${orgId}-telephone`, organization_id: orgId, number: partner.phone })
    const partnerAddress = address(`${orgId}-adresse`, `${orgId}-lieu`, partner)
    if (partnerAddress) {
      tables.location!.push({
        id: `${orgId}-lieu`,
        location_type: 'physical',
        organization_id: orgId,
        name: partner.name,
      })
      tables.address!.push(partnerAddress)
    }
    for (const service of partner.services) {
      const id = serviceId(service)
      tables.service!.push({
        id,
        organization_id: orgId,
        name: service.name,
        description: service.description ?? undefined,
        email: service.email ?? undefined,
        status: service.active ? 'active' : 'inactive',
        eligibility_description: service.accessConditions ?? undefined,
      })
      if (service.phone) tables.phone!.push({ id: `${id}-telephone`, service_id: id, number: service.phone })
      if (service.openingHours)
        tables.schedule!.push({ id: `${id}-horaires`, service_id: id, description: service.openingHours })
      if (service.contactName)
        tables.contact!.push({ id: `${id}-contact`, service_id: id, name: service.contactName })
      const serviceAddress = address(`${id}-adresse`, `${id}-lieu`, service)
      if (serviceAddress) {
        tables.location!.push({ id: `${id}-lieu`, location_type: 'physical', name: service.name })
        tables.address!.push(serviceAddress)
        tables.service_at_location!.push({ id: `${id}-au-lieu`, service_id: id, location_id: `${id}-lieu` })
      }
      categories.add(service.category)
      tables.attribute!.push({
        id: `${id}-categorie`,
        link_id: id,
        taxonomy_term_id: termId(service.category),
        link_type: 'service_category',
        link_entity: 'service',
      })
    }
  }
  for (const category of categories) {
    tables.taxonomy_term!.push({
      id: termId(category),
      code: category,
      name: label(category),
      description: label(category),
    })
  }
  return tables
}

/** Column names of a table: its HSDS fields that are not nested records. */
function columns(table: string) {
  const properties = HSDS_TABLES.get(table)!.properties
  return Object.entries(properties)
    .filter(([, p]) => p.type !== 'array' && !p.$ref)
    .map(([name]) => name)
}

const FILE_NAMES: Record<string, string> = { address: 'addresses.csv' }

/** The tabular data package as a zip: datapackage.json and each table's CSV (the one CSV writer). */
export function hsdsPackage(partners: ExportPartner[], created: Date) {
  const tables = hsdsTables(partners)
  const files: Record<string, Uint8Array> = {}
  const resources = Object.entries(tables).map(([table, rows]) => {
    const path = FILE_NAMES[table] ?? HSDS_TABLES.get(table)!.path
    const fields = columns(table)
    files[path] = strToU8(toCsv(rows, { columns: fields }))
    return {
      name: table,
      path,
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: {
        fields: fields.map((name) => {
          const property = HSDS_TABLES.get(table)!.properties[name] as {
            type?: string
            datapackage_type?: string
          }
          return { name, type: property.datapackage_type ?? property.type ?? 'string' }
        }),
        primaryKey: 'id',
      },
    }
  })
  const descriptor = {
    name: 'trame-annuaire-partenaires',
    title: 'Annuaire des partenaires (Trame)',
    profile: 'tabular-data-package',
    created: created.toISOString(),
    // HSDS 3 tables, as Open Referral's specification defines them.
    resources,
  }
  files['datapackage.json'] = strToU8(JSON.stringify(descriptor, null, 2))
  return Buffer.from(zipSync(files, { level: 6 }))
}

/** The same directory as HSDS JSON: organisations with their services nested. */
export function hsdsJson(partners: ExportPartner[]) {
  const tables = hsdsTables(partners)
  const by = (table: string, field: string, value: string) =>
    tables[table]!.filter((row) => row[field] === value).map(({ [field]: _link, ...rest }) => rest)
  const withAddresses = (location: Row) => ({
    ...location,
    addresss: by('address', 'location_id', String(location.id)),
  })
  return tables.organization!.map((organization) => {
    const orgId = String(organization.id)
    return {
      ...organization,
      phones: by('phone', 'organization_id', orgId),
      locations: by('location', 'organization_id', orgId).map(withAddresses),
      services: by('service', 'organization_id', orgId).map((service) => {
        const id = String(service.id)
        return {
          ...service,
          phones: by('phone', 'service_id', id),
          schedules: by('schedule', 'service_id', id),
          contacts: by('contact', 'service_id', id),
          attributes: by('attribute', 'link_id', id).map(({ taxonomy_term_id, ...attribute }) => ({
            ...attribute,
            taxonomy_term: tables.taxonomy_term!.find((term) => term.id === taxonomy_term_id),
          })),
          service_at_locations: by('service_at_location', 'service_id', id).map(
            ({ location_id, ...link }) => ({
              ...link,
              location: withAddresses(tables.location!.find((location) => location.id === location_id)!),
            }),
          ),
        }
      }),
    }
  })
}
