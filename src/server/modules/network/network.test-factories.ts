import { ApiClient, TEST_PASSWORD } from '../../../../tests/support/factories.ts'
import type { TestContext } from '../../../../tests/support/test-app.ts'
import { CHARTER_VERSION } from '../../../shared/network.ts'
import { hashPassword } from '../../platform/passwords.ts'
import { VOLUNTEER_COOKIE } from './network.routes.ts'

let passwordHash: Promise<string> | undefined

/** A volunteer stored directly, approved by default, who accepted the charter in force. */
export async function createVolunteer(
  ctx: TestContext,
  organisationId: string,
  options: {
    firstName?: string
    status?: 'pending' | 'approved' | 'refused' | 'suspended'
    helpKinds?: string[]
    availability?: string[]
    latitude?: number | null
    longitude?: number | null
    maxDistanceKm?: number
    charterVersion?: string
  } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD)
  const email = `${crypto.randomUUID()}@voisin.test`
  const row = await ctx.db
    .insertInto('volunteers')
    .values({
      organisation_id: organisationId,
      email,
      password_hash: await passwordHash,
      first_name: options.firstName ?? 'Voisin',
      last_name: 'Solidaire',
      phone: '06 00 00 00 00',
      help_kinds: options.helpKinds ?? ['shopping'],
      availability: options.availability ?? [],
      latitude: options.latitude ?? null,
      longitude: options.longitude ?? null,
      max_distance_km: options.maxDistanceKm ?? 5,
      status: options.status ?? 'approved',
      charter_version: options.charterVersion ?? CHARTER_VERSION,
      charter_accepted_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, email, organisationId }
}

/** A client of the volunteer portal: an ApiClient carrying the volunteer's cookie and CSRF token. */
export function volunteerClient(ctx: TestContext, ip = '127.0.0.1') {
  const client = new ApiClient(ctx, ip)
  const login = async (organisationId: string, email: string, password = TEST_PASSWORD) => {
    const response = await client.post('/api/public/network/login', { organisationId, email, password })
    const cookie = response.cookies.find((c) => c.name === VOLUNTEER_COOKIE)
    if (response.statusCode === 200 && cookie) {
      client.cookie = `${VOLUNTEER_COOKIE}=${cookie.value}`
      client.csrfToken = response.json().csrfToken
    }
    return response
  }
  return Object.assign(client, { login })
}
export type VolunteerClient = ReturnType<typeof volunteerClient>

/** A volunteer already signed in. */
export async function signedInVolunteer(
  ctx: TestContext,
  volunteer: { email: string; organisationId: string },
  ip?: string,
) {
  const client = volunteerClient(ctx, ip)
  const response = await client.login(volunteer.organisationId, volunteer.email)
  if (response.statusCode !== 200) throw new Error(response.body)
  return client
}
