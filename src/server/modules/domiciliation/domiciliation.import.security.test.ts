import { multipartBody } from '../../../../tests/support/multipart.ts'
import {
  allow,
  type Caller,
  describeRouteSecurity,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { ROLES } from '../../../shared/roles.ts'
import { domifaWorkbook } from './domiciliation.import.test-files.ts'

/** Who brings people in from DomiFa (and takes the list out): social workers and the director. */
const IMPORTERS = ['director', 'social_worker'] as const

/** The yearly report's counts: who reads indicators, and who works in domiciliation. */
const REPORT_READERS = ROLES.filter(
  (role) => roleAllows([role], 'indicators.read') || roleAllows([role], 'domiciliation.read'),
)

const file = () =>
  domifaWorkbook([
    {
      customId: 'SEC-1',
      lastName: 'Importée',
      firstNames: 'Ida',
      birthDate: '01/02/1980',
      status: 'VALIDE',
      startOn: '01/03/2025',
    },
  ])

const world = setUpSecurityWorld(async (w) => {
  const uploaded = async (caller: Caller) => {
    const { payload, headers } = multipartBody({}, { name: 'domifa.xlsx', content: await file() })
    const response = await w.clients[caller].request('POST', '/api/domiciliation-imports', payload, headers)
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json().id as string
  }
  // One checked import per caller who may start one, so that each starts its own.
  const toStart = {} as Record<Caller, string>
  for (const caller of IMPORTERS) toStart[caller] = await uploaded(caller)
  const importA = await uploaded('director')
  const importB = await uploaded('otherOrganisation')
  return { toStart, importA, importB, upload: await file() }
})

describeRouteSecurity(
  'domiciliation: DomiFa import, export and yearly report',
  world,
  ['/api/domiciliation-imports', '/api/domiciliation-export', '/api/domiciliation-report'],
  [
    {
      method: 'GET',
      route: '/api/domiciliation-imports',
      url: () => '/api/domiciliation-imports',
      expected: allow(IMPORTERS, 200, 200),
      hides: (caller) => (caller === 'otherOrganisation' ? [world.importA] : [world.importB]),
      shows: (caller) => (caller === 'otherOrganisation' ? [world.importB] : [world.importA]),
    },
    {
      method: 'POST',
      route: '/api/domiciliation-imports',
      url: () => '/api/domiciliation-imports',
      body: () => multipartBody({}, { name: 'domifa.xlsx', content: world.upload }).payload,
      headers: () => multipartBody({}).headers,
      expected: allow(IMPORTERS, 201, 201),
    },
    {
      method: 'GET',
      route: '/api/domiciliation-imports/:id',
      url: () => `/api/domiciliation-imports/${world.importA}`,
      expected: allow(IMPORTERS, 200, 404),
    },
    {
      method: 'POST',
      route: '/api/domiciliation-imports/:id/start',
      url: (caller) => `/api/domiciliation-imports/${world.toStart[caller] ?? world.importA}/start`,
      expected: allow(IMPORTERS, 202, 404),
    },
    {
      method: 'GET',
      route: '/api/domiciliation-export',
      url: () => '/api/domiciliation-export?status=granted&format=csv',
      expected: allow(IMPORTERS, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/domiciliation-report',
      url: () => '/api/domiciliation-report?year=2025',
      expected: allow(REPORT_READERS, 200, 200),
    },
    {
      method: 'GET',
      route: '/api/domiciliation-report/file',
      url: () => '/api/domiciliation-report/file?year=2025&format=csv',
      expected: allow(REPORT_READERS, 200, 200),
    },
  ],
)
