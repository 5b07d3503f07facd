import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createOrganisation, createUser, signedIn } from '../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../tests/support/test-app.ts'
import { CHARTER_VERSION } from '../../shared/network.ts'
import { NUL_REFUSED } from '../../shared/validation.ts'

// A NUL character (which PostgreSQL cannot store) in any text a person or a client sends is refused
// with a French message, never answered with a server error.

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
})
afterAll(() => ctx?.close())

function refusedForNul(response: { statusCode: number; json(): unknown }, path: string) {
  expect(response.statusCode).toBe(400)
  const body = response.json() as { code: string; errors: { path: string; message: string }[] }
  expect(body.code).toBe('VALIDATION_FAILED')
  expect(body.errors).toContainEqual({ path, message: NUL_REFUSED })
}

describe('a NUL character in a text', () => {
  it('is refused on the anonymous report form', async () => {
    const response = await new ApiClient(ctx, '10.9.0.1').post(`/api/public/reports/${org.id}`, {
      locationText: 'Rue\u0000 Balay',
      situation: 'Un homme dort dehors depuis plusieurs nuits.',
      consent: true,
    })
    refusedForNul(response, 'locationText')
  })

  it('is refused at volunteer sign-up', async () => {
    const response = await new ApiClient(ctx, '10.9.0.2').post(`/api/public/network/${org.id}/volunteers`, {
      email: 'voisine@exemple.fr',
      password: 'un mot de passe solide',
      firstName: 'Lou\u0000ise',
      lastName: 'Martin',
      phone: '06 12 34 56 78',
      helpKinds: ['shopping'],
      availability: [],
      maxDistanceKm: 3,
      charterVersion: CHARTER_VERSION,
    })
    refusedForNul(response, 'firstName')
  })

  it('is refused in a person file, a search and a contact note, and nothing is stored', async () => {
    refusedForNul(
      await worker.post('/api/people', { lastName: 'Dupont', firstNames: 'Jean\u0000' }),
      'firstNames',
    )
    refusedForNul(await worker.post('/api/people', { lastName: 'Dupont', tags: ['a\u0000'] }), 'tags.0')
    refusedForNul(await worker.get('/api/people?q=Dup%00ont'), 'q')
    refusedForNul(await worker.post('/api/contacts', { channel: 'walk_in', note: 'passage\u0000' }), 'note')
    const people = await ctx.db
      .selectFrom('people')
      .select('id')
      .where('organisation_id', '=', org.id)
      .execute()
    expect(people).toEqual([])
  })

  it('is refused by every text field the API documents (OpenAPI): each one carries the rule', () => {
    const document = ctx.app.swagger() as {
      paths: Record<string, Record<string, OpenApiOperation>>
    }
    const unguarded: string[] = []
    let textFields = 0
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`
        for (const parameter of operation.parameters ?? []) {
          for (const field of textLeaves(parameter.schema, `${parameter.in}:${parameter.name}`)) {
            textFields++
            if (!field.guarded) unguarded.push(`${where} ${field.path}`)
          }
        }
        for (const content of Object.values(operation.requestBody?.content ?? {})) {
          for (const field of textLeaves(content.schema, 'body')) {
            textFields++
            if (!field.guarded) unguarded.push(`${where} ${field.path}`)
          }
        }
      }
    }
    expect(textFields).toBeGreaterThan(200)
    expect(unguarded).toEqual([])
  })
})

interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  format?: string
  pattern?: string
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  additionalProperties?: JsonSchema | boolean
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
}
interface OpenApiOperation {
  parameters?: { in: string; name: string; schema: JsonSchema }[]
  requestBody?: { content: Record<string, { schema: JsonSchema }> }
}

/** Free-text fields of a request schema: strings that are not a choice, a constant or a checked format. */
function* textLeaves(schema: JsonSchema, path: string): Generator<{ path: string; guarded: boolean }> {
  const refusesNul = (s: JsonSchema) => s.pattern === '^[^\\0]*$'
  if (schema.type === 'string') {
    if (schema.enum || schema.const !== undefined || schema.format) return
    yield { path, guarded: refusesNul(schema) || (schema.allOf ?? []).some(refusesNul) }
    return
  }
  for (const [name, property] of Object.entries(schema.properties ?? {}))
    yield* textLeaves(property, `${path}.${name}`)
  if (schema.items) yield* textLeaves(schema.items, `${path}[]`)
  if (typeof schema.additionalProperties === 'object')
    yield* textLeaves(schema.additionalProperties, `${path}{}`)
  for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    yield* textLeaves(member, path)
  }
}
