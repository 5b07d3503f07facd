import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import {
  PERSON_SECTION_FIELDS,
  PERSON_SECTIONS,
  PERSON_SECTIONS_BY_ROLE,
  personSectionsFor,
} from '../../../shared/person-sections.ts'
import { ROLES, type Role } from '../../../shared/roles.ts'

/**
 * Need-to-know inside the organisation: each role reads the sections of a file the shared table gives
 * it, and nothing else leaves the server; every role × every section.
 */
let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
const clients = {} as Record<Role, ApiClient>
let personId: string
let householdId: string

/** A value for every field of the file, so that an absent field can only be a masked one. */
const file = {
  lastName: 'Chaumette',
  usageName: 'Roux',
  firstNames: 'Irène',
  aliases: ['Nénette'],
  description: 'Dame au manteau vert',
  sex: 'female',
  birthDate: '1950-02-03',
  birthPlace: 'Roanne',
  nationalityGroup: 'french',
  languages: ['français'],
  phone: '06 12 34 56 78',
  email: 'irene@example.org',
  address: '4 rue des Forges',
  postalCode: '42000',
  city: 'Saint-Étienne',
  housingSituation: 'tenant',
  cafNumber: '1234567',
  healthCover: 'basic',
  socialSecurityNumber: '2 50 02 42 218 001 89',
  resources: [{ kind: 'pension', monthlyCents: 98_000 }],
  familySituation: 'widowed',
  gir: 4,
  legalProtection: 'curatorship',
  legalRepresentative: 'UDAF de la Loire',
  referralSource: 'spontaneous',
  relatives: [{ name: 'Paul Chaumette', relationship: 'fils', phone: '06 98 76 54 32', caregiver: true }],
  tags: ['isolement'],
  status: 'active',
}

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  for (const role of ROLES) {
    clients[role] = await signedIn(
      ctx,
      await createUser(ctx, org.id, {
        roles: [role],
        teamIds: [org.teamId],
        totp: role === 'director' || role === 'administrator',
      }),
    )
  }
  const created = await clients.social_worker.post('/api/people', file)
  expect(created.statusCode, created.body).toBe(201)
  personId = created.json().id
  const household = await clients.social_worker.post('/api/households', {
    address: '4 rue des Forges',
    otherResources: [{ kind: 'other', monthlyCents: 12_000 }],
    members: [{ personId, relationship: 'head' }],
  })
  expect(household.statusCode, household.body).toBe(201)
  householdId = household.json().id
  expect(
    (
      await clients.social_worker.post(`/api/people/${personId}/consents`, {
        scope: 'data_processing',
        given: true,
        givenOn: '2026-01-05',
        note: 'Accord donné devant sa curatrice',
      })
    ).statusCode,
  ).toBe(201)
})
afterAll(() => ctx.close())

describe('sections of the person file by role', () => {
  it('gives the front desk identity and contact details; social workers and the director everything; the nurse health follow-up; the commission nothing', () => {
    expect(PERSON_SECTIONS_BY_ROLE.front_desk_agent).toEqual(['identity', 'contact', 'followUp'])
    expect(personSectionsFor(['social_worker'])).toEqual(PERSON_SECTIONS)
    expect(personSectionsFor(['director'])).toEqual(PERSON_SECTIONS)
    expect(personSectionsFor(['nurse'])).toEqual(['identity', 'contact', 'health', 'relatives', 'followUp'])
    expect(personSectionsFor(['commission_member'])).toEqual([])
    for (const role of ROLES) {
      // One rule: whoever reads files reads at least who the person is; the others read none.
      expect(PERSON_SECTIONS_BY_ROLE[role].includes('identity'), role).toBe(roleAllows([role], 'person.read'))
      // The access-request export holds the whole file: only roles that read all of it give it.
      if (roleAllows([role], 'person.export'))
        expect(PERSON_SECTIONS_BY_ROLE[role], role).toEqual(PERSON_SECTIONS)
    }
  })

  for (const role of ROLES) {
    it(`answers ${role} with exactly the sections of the table`, async () => {
      const response = await clients[role].get(`/api/people/${personId}`)
      const sections = PERSON_SECTIONS_BY_ROLE[role]
      if (sections.length === 0) {
        expect(response.statusCode).toBe(403)
        expect((await clients[role].get(`/api/people?q=Chaumette`)).statusCode).toBe(403)
        return
      }
      expect(response.statusCode, response.body).toBe(200)
      const person = response.json()
      expect([...person.sections].sort()).toEqual([...sections].sort())
      for (const section of PERSON_SECTIONS) {
        for (const field of PERSON_SECTION_FIELDS[section]) {
          const shown =
            sections.includes(section) &&
            (field !== 'socialSecurityNumber' || roleAllows([role], 'person.read_restricted'))
          expect(field in person, `${role} · ${section} · ${field}`).toBe(shown)
        }
      }
      // Nothing of a hidden section leaves the server, under any key.
      if (!sections.includes('resources')) expect(response.body).not.toContain('98000')
      if (!sections.includes('legal')) expect(response.body).not.toContain('UDAF')
      if (!sections.includes('relatives')) expect(response.body).not.toContain('Paul Chaumette')

      const household = (await clients[role].get(`/api/households/${householdId}`)).json()
      expect('otherResources' in household, role).toBe(sections.includes('resources'))
      expect('monthlyResourcesCents' in household.members[0], role).toBe(sections.includes('resources'))
      expect('address' in household, role).toBe(sections.includes('contact'))

      const consents = (await clients[role].get(`/api/people/${personId}/consents`)).json().items
      expect(consents[0].note, role).toBe(
        sections.includes('notes') ? 'Accord donné devant sa curatrice' : null,
      )

      const found = (await clients[role].get('/api/people?q=Chaumette')).json().items
      expect('phone' in found[0], role).toBe(sections.includes('contact'))
    })
  }

  it('refuses to write a section the role cannot read, and leaves it as it was', async () => {
    const blind = await clients.front_desk_agent.patch(`/api/people/${personId}`, {
      resources: [],
      phone: '06 00 00 00 00',
    })
    expect(blind.statusCode).toBe(400)
    expect(blind.json().errors[0]).toMatchObject({
      path: 'resources',
      message: 'Cette partie du dossier n’est pas accessible à votre rôle.',
    })
    const nurse = await clients.nurse.patch(`/api/people/${personId}`, { gir: 3 })
    expect(nurse.statusCode, nurse.body).toBe(200)
    // The front desk updates the household's address; its resources stay.
    const household = await clients.front_desk_agent.put(`/api/households/${householdId}`, {
      address: '9 rue Neuve',
      members: [{ personId, relationship: 'head' }],
    })
    expect(household.statusCode, household.body).toBe(200)
    const read = (await clients.social_worker.get(`/api/households/${householdId}`)).json()
    expect(read).toMatchObject({
      address: '9 rue Neuve',
      otherResources: [{ kind: 'other', monthlyCents: 12_000 }],
    })
    expect((await clients.social_worker.get(`/api/people/${personId}`)).json()).toMatchObject({
      gir: 3,
      resources: file.resources,
    })
  })

  it('exports the whole file to the roles that may export it', async () => {
    const exported = await clients.social_worker.get(`/api/people/${personId}/export.json`)
    expect(exported.statusCode).toBe(200)
    for (const field of PERSON_SECTIONS.flatMap((s) => PERSON_SECTION_FIELDS[s])) {
      expect(field in exported.json().person, field).toBe(true)
    }
    expect((await clients.front_desk_agent.get(`/api/people/${personId}/export.json`)).statusCode).toBe(403)
  })
})
