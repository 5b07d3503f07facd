import { multipartBody } from '../../../../tests/support/multipart.ts'
import {
  allow,
  type Caller,
  describeRouteSecurity,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { ROLES, type Role } from '../../../shared/roles.ts'

/** Every staff role reads the directory, but the DPO, who reads the audit and the privacy pages only. */
const readers = ROLES.filter((role) => role !== 'dpo')
const managers = ['administrator', 'director', 'social_worker'] as const satisfies readonly Role[]
type Manager = (typeof managers)[number]
const isManager = (caller: Caller): caller is Manager => (managers as readonly Caller[]).includes(caller)

/** Each manager of A deletes a partner and a service of their own: a deletion succeeds once. */
const world = setUpSecurityWorld(async ({ clients, partners }) => {
  const disposable = {} as Record<Manager, { partnerId: string; serviceId: string }>
  for (const manager of managers) {
    const partner = await clients.social_worker.post('/api/partners', { name: `Jetable ${manager}` })
    // Under A's partner, so that deleting the disposable partner does not take it along.
    const service = await clients.social_worker.post(`/api/partners/${partners.a.id}/services`, {
      name: `Service jetable ${manager}`,
      category: 'other',
    })
    disposable[manager] = { partnerId: partner.json().id, serviceId: service.json().id }
  }
  // A contact of A's partner with access to the partner page, for the disabling row.
  const contact = await clients.social_worker.post(`/api/partners/${partners.a.id}/contacts`, {
    name: 'Contact Aubépine',
    email: 'contact@aubepine.test',
  })
  if (contact.statusCode !== 201) throw new Error(contact.body)
  return { disposable, contactId: contact.json().id as string }
})

/** A one-organisation HSDS JSON dataset of the caller's own. */
const hsdsUpload = (caller: Caller) =>
  multipartBody(
    {},
    {
      name: 'jeu.json',
      content: Buffer.from(
        JSON.stringify({
          id: `hsds-${caller}`,
          name: `HSDS de ${caller}`,
          description: 'Association du quartier',
        }),
      ),
    },
  )

/** Each caller finds its own organisation's partner. */
const showsOwn = (caller: Caller) => (caller === 'otherOrganisation' ? ['Zinnia'] : ['Aubépine'])

describeRouteSecurity(
  'partners',
  world,
  ['/api/partners', '/api/partner-services'],
  [
    {
      method: 'GET',
      route: '/api/partners',
      url: () => '/api/partners',
      expected: allow(readers, 200, 200),
      shows: showsOwn,
    },
    {
      method: 'GET',
      route: '/api/partners',
      label: "searched by the other organisation's name",
      url: (caller) => `/api/partners?q=${caller === 'otherOrganisation' ? 'Aubepine' : 'Zinnia'}`,
      expected: allow(readers, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/partner-services',
      url: () => '/api/partner-services?q=colis',
      expected: allow(readers, 200, 200),
      shows: showsOwn,
    },
    {
      method: 'GET',
      route: '/api/partners/export.csv',
      url: () => '/api/partners/export.csv',
      expected: allow(readers, 200, 200),
      shows: showsOwn,
    },
    {
      method: 'GET',
      route: '/api/partners/:id',
      url: () => `/api/partners/${world.partners.a.id}`,
      expected: allow(readers, 200, 404),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : ['Aubépine']),
    },
    {
      method: 'POST',
      route: '/api/partners',
      url: () => '/api/partners',
      body: (caller) => ({ name: `Créé par ${caller}` }),
      expected: allow(managers, 201, 201),
    },
    {
      method: 'PATCH',
      route: '/api/partners/:id',
      url: () => `/api/partners/${world.partners.a.id}`,
      body: () => ({ description: 'Épicerie solidaire du quartier' }),
      expected: allow(managers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/partners/:id/services',
      url: () => `/api/partners/${world.partners.a.id}/services`,
      body: (caller) => ({ name: `Service ajouté par ${caller}`, category: 'hygiene' }),
      expected: allow(managers, 201, 404),
    },
    {
      method: 'GET',
      route: '/api/partners/:id/contacts',
      url: () => `/api/partners/${world.partners.a.id}/contacts`,
      expected: allow(managers, 200, 404),
      shows: () => ['contact@aubepine.test'],
    },
    {
      method: 'POST',
      route: '/api/partners/:id/contacts',
      url: () => `/api/partners/${world.partners.a.id}/contacts`,
      body: (caller) => ({ name: `Invité par ${caller}`, email: `invite-${caller}@aubepine.test` }),
      expected: allow(managers, 201, 404),
    },
    {
      method: 'POST',
      route: '/api/partners/:id/contacts/:contactId/invitation',
      url: () => `/api/partners/${world.partners.a.id}/contacts/${world.contactId}/invitation`,
      expected: allow(managers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/partners/:id/contacts/:contactId/disable',
      url: () => `/api/partners/${world.partners.a.id}/contacts/${world.contactId}/disable`,
      expected: allow(managers, 200, 404),
    },
    {
      method: 'PATCH',
      route: '/api/partner-services/:id',
      url: () => `/api/partner-services/${world.partners.a.serviceId}`,
      body: () => ({ openingHours: 'Lundi et jeudi, 9 h – 12 h' }),
      expected: allow(managers, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/partners/import',
      url: () => '/api/partners/import',
      body: (caller) => ({
        csv: `organization_name,service_name,taxonomy_term_code\nImporté par ${caller},Accueil de jour,housing\n`,
      }),
      expected: allow(managers, 200, 200),
    },
    {
      method: 'POST',
      route: '/api/partners/hsds/preview',
      url: () => '/api/partners/hsds/preview',
      body: (caller) => hsdsUpload(caller).payload,
      headers: (caller) => hsdsUpload(caller).headers,
      expected: allow(managers, 200, 200),
    },
    {
      method: 'POST',
      route: '/api/partners/hsds/import',
      url: () => '/api/partners/hsds/import',
      body: (caller) => hsdsUpload(caller).payload,
      headers: (caller) => hsdsUpload(caller).headers,
      expected: allow(managers, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/partners/hsds/export.zip',
      url: () => '/api/partners/hsds/export.zip',
      expected: allow(readers, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/partners/hsds/export.json',
      url: () => '/api/partners/hsds/export.json',
      expected: allow(readers, 200, 200),
      shows: showsOwn,
    },
    {
      method: 'GET',
      route: '/api/partners/hsds/taxonomy-mappings',
      url: () => '/api/partners/hsds/taxonomy-mappings',
      expected: allow(readers, 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/partners/hsds/taxonomy-mappings',
      url: () => '/api/partners/hsds/taxonomy-mappings',
      body: () => ({ items: [{ key: 'alimentation', label: 'Alimentation', category: 'food' }] }),
      expected: allow(managers, 200, 200),
    },
    {
      method: 'DELETE',
      route: '/api/partner-services/:id',
      url: (caller) =>
        `/api/partner-services/${isManager(caller) ? world.disposable[caller].serviceId : world.partners.a.serviceId}`,
      expected: allow(managers, 200, 404),
    },
    {
      method: 'DELETE',
      route: '/api/partners/:id',
      url: (caller) =>
        `/api/partners/${isManager(caller) ? world.disposable[caller].partnerId : world.partners.a.id}`,
      expected: allow(managers, 200, 404),
    },
  ],
)
