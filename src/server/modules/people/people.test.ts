import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

let ctx: TestContext
let worker: ApiClient
let org: Awaited<ReturnType<typeof createOrganisation>>
beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
})
afterAll(() => ctx.close())

describe('person file', () => {
  it('creates a file with a file number and finds it again', async () => {
    const created = await worker.post('/api/people', {
      lastName: 'Dupont',
      firstNames: 'Hélène',
      birthDate: '1987-02-03',
      teamId: org.teamId,
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({
      lastName: 'Dupont',
      firstNames: 'Hélène',
      birthDate: '1987-02-03',
      fileNumber: '000001',
    })
    const read = await worker.get(`/api/people/${created.json().id}`)
    expect(read.json()).toEqual(created.json())
  })

  it('accepts an anonymous person met in the street, described only', async () => {
    const created = await worker.post('/api/people', { description: 'Homme, ~25 ans, gare' })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ lastName: null, description: 'Homme, ~25 ans, gare' })
  })

  it('refuses a file with neither name nor description, with a French message on the field', async () => {
    const refused = await worker.post('/api/people', { birthDate: '1990-01-01' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors).toEqual([
      { path: 'lastName', message: 'Indiquez au moins un nom, un prénom ou une description.' },
    ])
    const badDate = await worker.post('/api/people', { lastName: 'X', birthDate: '31/02/1990' })
    expect(badDate.json().errors).toEqual([
      { path: 'birthDate', message: 'Date invalide (format attendu : AAAA-MM-JJ).' },
    ])
  })

  it('searches names without accents or case', async () => {
    await worker.post('/api/people', { lastName: 'Lefèvre', firstNames: 'Zoé' })
    for (const q of ['LEFEVRE', 'zoe lefèvre', 'Lefevre   ZOE']) {
      const found = (await worker.get(`/api/people?q=${encodeURIComponent(q)}`)).json().items
      expect(
        found.map((p: { firstNames: string }) => p.firstNames),
        q,
      ).toEqual(['Zoé'])
    }
    expect((await worker.get('/api/people?q=zoe%20martin')).json().items).toEqual([])
  })

  it('updates a file and keeps what was not sent', async () => {
    const created = (await worker.post('/api/people', { lastName: 'Moreau', firstNames: 'Luc' })).json()
    const updated = await worker.patch(`/api/people/${created.id}`, { usageName: 'Moreau-Petit' })
    expect(updated.json()).toMatchObject({ lastName: 'Moreau', firstNames: 'Luc', usageName: 'Moreau-Petit' })
    const invalid = await worker.patch(`/api/people/${created.id}`, { birthDate: 'demain' })
    expect(invalid.statusCode).toBe(400)
    expect((await worker.get(`/api/people/${created.id}`)).json().usageName).toBe('Moreau-Petit')
  })
})
