import { multipartBody, SAMPLE_FILES } from '../../../../tests/support/multipart.ts'
import {
  allow,
  type Caller,
  describeRouteSecurity,
  type Expected,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'

/** Roles that read and file a person's documents; the administrator and the director set the types. */
const READERS = ['director', 'social_worker', 'educator', 'front_desk_agent'] as const
const CONFIGURERS = ['administrator', 'director'] as const

/** A record of A: its readers get `ok`; the other organisation 404, as if absent. */
const record = (ok: number): Expected => allow(READERS, ok, 404)

const world = setUpSecurityWorld(async (w) => {
  const typesOf = async (caller: 'director' | 'otherOrganisation') =>
    (await w.clients[caller].get('/api/document-types')).json().items as { id: string; label: string }[]
  const typeA = (await typesOf('director'))[0]!.id
  const typeB = (await typesOf('otherOrganisation'))[0]!.id
  const uploaded = async (personId: string, name: string) => {
    const { payload, headers } = multipartBody(
      { personId, typeId: typeA, expiresOn: '2026-12-20' },
      { name, content: SAMPLE_FILES.pdf },
    )
    const response = await w.clients.director.request('POST', '/api/documents', payload, headers)
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json().id as string
  }
  const documents = {
    a: await uploaded(w.people.a, 'Aubertin-cni.pdf'),
    confidential: await uploaded(w.people.aConfidential, 'Paejienne-cni.pdf'),
  }
  // One document per caller that may delete, so each deletes one of its own.
  const toDelete = {} as Record<Caller, string>
  for (const caller of READERS) toDelete[caller] = await uploaded(w.people.a, 'a-supprimer.pdf')
  return { typeA, typeB, documents, toDelete }
})

const uploadOf = (personOf: (caller: Caller) => string, file = SAMPLE_FILES.pdf) => ({
  body: (caller: Caller) =>
    multipartBody(
      { personId: personOf(caller), typeId: caller === 'otherOrganisation' ? world.typeB : world.typeA },
      { name: 'justificatif.pdf', content: file },
    ).payload,
  headers: () => multipartBody({}).headers,
})

describeRouteSecurity(
  'documents',
  world,
  ['/api/documents', '/api/document-types'],
  [
    {
      method: 'GET',
      route: '/api/document-types',
      url: () => '/api/document-types',
      expected: allow([...READERS, ...CONFIGURERS], 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/document-types',
      url: () => '/api/document-types',
      // Keeps the type the uploads below use.
      body: (caller) => ({
        items: [
          { id: caller === 'otherOrganisation' ? world.typeB : world.typeA, label: 'Pièce d’identité' },
          { label: 'Autre' },
        ],
      }),
      expected: allow(CONFIGURERS, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/documents',
      url: () => `/api/documents?personId=${world.people.a}`,
      expected: record(200),
      shows: () => [world.documents.a],
      hides: () => [world.documents.confidential],
    },
    {
      method: 'GET',
      route: '/api/documents',
      label: 'a person of a confidential team',
      url: () => `/api/documents?personId=${world.people.aConfidential}`,
      expected: { ...record(404), director: 200 },
    },
    {
      method: 'GET',
      route: '/api/documents/expiring',
      url: () => '/api/documents/expiring?days=3650',
      expected: allow(READERS, 200, 200),
      shows: (caller) => (caller === 'otherOrganisation' ? [] : [world.documents.a]),
      hides: (caller) => (caller === 'director' ? [] : [world.documents.confidential]),
    },
    {
      method: 'POST',
      route: '/api/documents',
      url: () => '/api/documents',
      ...uploadOf((caller) => (caller === 'otherOrganisation' ? world.people.b : world.people.a)),
      expected: allow(READERS, 201, 201),
    },
    {
      method: 'POST',
      route: '/api/documents',
      label: 'to a person of another organisation or a confidential team',
      url: () => '/api/documents',
      ...uploadOf((caller) => (caller === 'otherOrganisation' ? world.people.a : world.people.aConfidential)),
      // The director sees the confidential team; everyone else is told the person is unknown.
      expected: { ...allow(READERS, 400, 400), director: 201 },
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'POST',
      route: '/api/documents',
      label: 'a text file named .pdf',
      url: () => '/api/documents',
      ...uploadOf(
        (caller) => (caller === 'otherOrganisation' ? world.people.b : world.people.a),
        SAMPLE_FILES.text,
      ),
      expected: allow(READERS, 415, 415),
      codes: { 415: 'DOCUMENT_TYPE_MISMATCH' },
    },
    {
      method: 'GET',
      route: '/api/documents/:id',
      url: () => `/api/documents/${world.documents.a}`,
      expected: record(200),
    },
    {
      method: 'GET',
      route: '/api/documents/:id',
      label: 'of a confidential team',
      url: () => `/api/documents/${world.documents.confidential}`,
      expected: { ...record(404), director: 200 },
    },
    {
      method: 'GET',
      route: '/api/documents/:id/file',
      url: () => `/api/documents/${world.documents.a}/file`,
      expected: record(200),
    },
    {
      method: 'GET',
      route: '/api/documents/:id/file',
      label: 'of a confidential team',
      url: () => `/api/documents/${world.documents.confidential}/file`,
      expected: { ...record(404), director: 200 },
    },
    {
      method: 'DELETE',
      route: '/api/documents/:id',
      label: 'of a confidential team',
      url: () => `/api/documents/${world.documents.confidential}`,
      expected: { ...record(404), director: 200 },
    },
    {
      method: 'DELETE',
      route: '/api/documents/:id',
      url: (caller) => `/api/documents/${world.toDelete[caller] ?? world.documents.a}`,
      expected: record(200),
    },
  ],
)
