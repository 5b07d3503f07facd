import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ApiClient,
  createOrganisation,
  createUser,
  signedIn,
  TEST_PASSWORD,
} from '../../../../tests/support/factories.ts'
import { OperatorClient, signedInOperator } from '../../../../tests/support/operator.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx?.close())

describe('the platform operator', () => {
  it('signs in with a password then a code, and never with a password alone', async () => {
    const { client, email } = await signedInOperator(ctx)
    expect((await client.get('/api/operator/me')).json()).toMatchObject({
      state: 'active',
      operator: { email },
    })

    const halfway = new OperatorClient(ctx)
    expect((await halfway.post('/api/operator/login', { email, password: TEST_PASSWORD })).statusCode).toBe(
      200,
    )
    const list = await halfway.get('/api/operator/organisations')
    expect(list.statusCode).toBe(401)
    expect(list.json().code).toBe('TOTP_REQUIRED')
    const wrong = await new OperatorClient(ctx).post('/api/operator/login', {
      email,
      password: 'pas le bon mot',
    })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS')

    expect((await client.post('/api/operator/logout')).statusCode).toBe(204)
    expect((await client.get('/api/operator/organisations')).statusCode).toBe(401)
  })

  it('creates an organisation whose administrator gets the link by e-mail and signs up; lists counts, no person', async () => {
    const { client } = await signedInOperator(ctx)
    const created = await client.post('/api/operator/organisations', {
      name: 'CCAS de Villeneuve',
      siteName: 'Mairie',
      adminName: 'Claire Directrice',
      adminEmail: 'claire@villeneuve.test',
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({
      name: 'CCAS de Villeneuve',
      suspendedAt: null,
      users: { invited: 1, active: 0 },
    })
    // The operator never holds the link.
    expect(created.body).not.toContain('token')

    await ctx.deliverEmails()
    const link = ctx.mailbox.linkFor('claire@villeneuve.test')
    const token = new URL(link).searchParams.get('token')
    const admin = new ApiClient(ctx)
    const accepted = await admin.post('/api/auth/invitations/accept', {
      token,
      name: 'Claire Directrice',
      password: TEST_PASSWORD,
    })
    expect(accepted.statusCode, accepted.body).toBe(201)
    // An administrator sets up the second factor next, as after any invitation.
    expect(accepted.json().state).toBe('totp_enrolment_required')

    const list = await client.get('/api/operator/organisations')
    expect(list.statusCode).toBe(200)
    const mine = list.json().items.find((item: { id: string }) => item.id === created.json().id)
    expect(mine.users).toEqual({ active: 1, invited: 0, deactivated: 0 })
    expect(list.body).not.toContain('claire@villeneuve.test')
    expect(list.body).not.toContain('Claire')
  })

  it('suspends an organisation: its users can neither sign in nor use their sessions, until reactivated', async () => {
    const { client } = await signedInOperator(ctx)
    const org = await createOrganisation(ctx, 'CCAS Suspendu')
    const user = await createUser(ctx, org.id, { roles: ['social_worker'], email: 'agent@suspendu.test' })
    const session = await signedIn(ctx, user)
    expect((await session.get('/api/people')).statusCode).toBe(200)

    const suspended = await client.post(`/api/operator/organisations/${org.id}/suspend`)
    expect(suspended.statusCode, suspended.body).toBe(200)
    expect(suspended.json().suspendedAt).not.toBeNull()
    const refused = await session.get('/api/people')
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toMatchObject({
      code: 'ORGANISATION_SUSPENDED',
      detail: expect.stringContaining('suspendu'),
    })
    const login = await new ApiClient(ctx).post('/api/auth/login', {
      email: 'agent@suspendu.test',
      password: TEST_PASSWORD,
    })
    expect(login.statusCode).toBe(403)
    expect(login.json().code).toBe('ORGANISATION_SUSPENDED')
    // Another organisation works on.
    const other = await createOrganisation(ctx, 'CCAS Actif')
    const otherUser = await signedIn(ctx, await createUser(ctx, other.id, { roles: ['social_worker'] }))
    expect((await otherUser.get('/api/people')).statusCode).toBe(200)

    expect(
      (await client.post(`/api/operator/organisations/${org.id}/reactivate`)).json().suspendedAt,
    ).toBeNull()
    expect((await session.get('/api/people')).statusCode).toBe(200)
    expect(
      (await client.post('/api/operator/organisations/00000000-0000-4000-8000-000000000001/suspend'))
        .statusCode,
    ).toBe(404)
  })

  it('exports an organisation as a ZIP download, and imports it into another Trame once', {
    timeout: 120_000,
  }, async () => {
    const { client } = await signedInOperator(ctx)
    const org = await createOrganisation(ctx, 'CCAS Déménage')
    const worker = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['social_worker'] }))
    expect((await worker.post('/api/people', { lastName: 'Martin', firstNames: 'Lucie' })).statusCode).toBe(
      201,
    )

    const download = await client.get(`/api/operator/organisations/${org.id}/export`)
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('application/zip')
    expect(download.headers['content-disposition']).toBe(
      'attachment; filename="ccas-demenage-export-trame.zip"',
    )
    const manifest = JSON.parse(strFromU8(unzipSync(download.rawPayload)['manifest.json']!))
    expect(manifest).toMatchObject({ format: 'trame-organisation-export', organisation: { id: org.id } })
    expect(manifest.tables.people.rows).toBe(1)

    const elsewhere = await createTestContext()
    try {
      const { client: there } = await signedInOperator(elsewhere)
      const zip = { 'content-type': 'application/zip' }
      const imported = await there.request(
        'POST',
        '/api/operator/organisations/import',
        download.rawPayload,
        zip,
      )
      expect(imported.statusCode, imported.body).toBe(201)
      expect(imported.json()).toMatchObject({
        organisation: { id: org.id, name: 'CCAS Déménage' },
        documents: 0,
      })
      expect(imported.json().tables.people).toBe(1)
      const again = await there.request(
        'POST',
        '/api/operator/organisations/import',
        download.rawPayload,
        zip,
      )
      expect(again.statusCode).toBe(409)
      expect(again.json()).toMatchObject({
        code: 'ORGANISATION_EXISTS',
        detail: expect.stringContaining('existe déjà'),
      })
      const junk = await there.request('POST', '/api/operator/organisations/import', Buffer.from('rien'), zip)
      expect(junk.statusCode).toBe(400)
      expect(junk.json().code).toBe('EXPORT_INVALID')
      const list = (await there.get('/api/operator/organisations')).json()
      expect(list.items.map((item: { name: string }) => item.name)).toEqual(['CCAS Déménage'])
    } finally {
      await elsewhere.close()
    }
  })
})
