/**
 * Tests of the operations commands: a Trame with data in several modules, written through the API as
 * people would (people and a household, front-desk contacts, a partner, documents with their files).
 */
import { expect } from 'vitest'
import { createOrganisation, createUser, signedIn } from '../../tests/support/factories.ts'
import { multipartBody, SAMPLE_FILES, sampleOdt } from '../../tests/support/multipart.ts'
import type { TestContext } from '../../tests/support/test-app.ts'

export async function populate(ctx: TestContext) {
  const org = await createOrganisation(ctx, 'CCAS de Sauvegarde')
  const worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  const agent = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] }),
  )
  const people: string[] = []
  for (const [lastName, firstNames] of [
    ['Lefèvre', 'Anne'],
    ['Nguyen', 'Minh'],
    ['Ould-Ahmed', 'Saïda'],
  ] as const) {
    const created = await worker.post('/api/people', { lastName, firstNames, birthDate: '1961-04-12' })
    expect(created.statusCode, created.body).toBe(201)
    people.push(created.json().id)
  }
  const reasons = (await agent.get('/api/contact-reasons')).json().items as { id: string }[]
  for (const personId of people) {
    const contact = await agent.post('/api/contacts', {
      channel: 'walk_in',
      siteId: org.siteId,
      teamId: org.teamId,
      personId,
      reasonIds: [reasons[0]!.id],
    })
    expect(contact.statusCode, contact.body).toBe(201)
  }
  const partner = await worker.post('/api/partners', { name: 'Épicerie solidaire des Lilas' })
  expect(partner.statusCode, partner.body).toBe(201)
  const types = (await worker.get('/api/document-types')).json().items as { id: string }[]
  const files = [
    { name: 'avis-imposition.pdf', content: SAMPLE_FILES.pdf },
    { name: 'photo.png', content: SAMPLE_FILES.png },
    { name: 'courrier.odt', content: sampleOdt() },
  ]
  for (const [index, file] of files.entries()) {
    const { payload, headers } = multipartBody({ personId: people[index]!, typeId: types[0]!.id }, file)
    const uploaded = await worker.request('POST', '/api/documents', payload, headers)
    expect(uploaded.statusCode, uploaded.body).toBe(201)
  }
  return { org, people }
}
