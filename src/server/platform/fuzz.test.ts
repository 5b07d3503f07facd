import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createOrganisation, createUser, signedIn } from '../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../tests/support/test-app.ts'

// Every operation of the OpenAPI document, called with generated bad input (wrong types, NUL, huge
// strings, odd dates, bad identifiers, huge numbers) by a signed-in director, and anonymously on the
// public routes: no answer may be a server error. The generator is seeded, so a failure replays.

const SEED = 20_261_206
const CALLS_PER_OPERATION = 6

interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  format?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  minimum?: number
  maxLength?: number
}
interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  path: string
  parameters: { in: string; name: string; schema: JsonSchema }[]
  body: JsonSchema | undefined
}

/** A small seeded generator (mulberry32): the same calls on every run. */
function generator(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T
  const uuid = () =>
    'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(next() * 16).toString(16))
  return { next, pick, uuid }
}
type Random = ReturnType<typeof generator>

const HUGE_TEXT = 'é'.repeat(70_000)
/** What a careless or hostile client sends instead of the expected value. */
const BAD_VALUES: readonly unknown[] = [
  'a\u0000b',
  '\u0000',
  HUGE_TEXT,
  '',
  '   ',
  '1800-01-01',
  '2199-12-31',
  '0001-01-01',
  '9999-12-31',
  '2024-02-30',
  '2024-13-01',
  '2024-01-15T25:61:00Z',
  '1800-01-01T00:00:00Z',
  '9999-12-31T23:59:59+14:00',
  'infinity',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 2,
  -1,
  0,
  0.5,
  true,
  null,
  [],
  {},
  [null],
  { $gt: '' },
  '=HYPERLINK("x")',
  '<script>alert(1)</script>',
  "' or 1=1 --",
]
/** The same, in a URL's path or query string (encoded when sent). */
const BAD_URL_VALUES: readonly string[] = [
  '\u0000',
  'a\u0000b',
  'x'.repeat(3000),
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '1800-01-01',
  '2199-12-31',
  '0000-00-00',
  '99999999999999999999',
  '1e308',
  '-1',
  '0',
  'NaN',
  'true',
  'é',
  '../../etc/passwd',
]

/** A value the schema accepts, roughly: the mutations then break one part of it. */
function plausible(schema: JsonSchema, random: Random, depth = 0): unknown {
  const choice = schema.anyOf ?? schema.oneOf
  if (choice?.length) return plausible(random.pick(choice), random, depth)
  if (schema.allOf?.length) return plausible(schema.allOf[0] as JsonSchema, random, depth)
  if (schema.const !== undefined) return schema.const
  if (schema.enum?.length) return random.pick(schema.enum)
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return random.uuid()
      if (schema.format === 'date') return '2026-11-02'
      if (schema.format === 'date-time') return '2026-11-02T10:00:00Z'
      if (schema.format === 'email') return 'agent@exemple.fr'
      return 'Texte'
    case 'integer':
    case 'number':
      return schema.minimum !== undefined && schema.minimum > 1 ? schema.minimum : 1
    case 'boolean':
      return random.next() < 0.5
    case 'array':
      return depth > 4 || !schema.items ? [] : [plausible(schema.items, random, depth + 1)]
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [
          name,
          plausible(property, random, depth + 1),
        ]),
      )
    default:
      return null
  }
}

/** Replaces one value somewhere in `value` (an object's field, an array's item) with a bad one. */
function mutate(value: unknown, random: Random): unknown {
  if (Array.isArray(value) && value.length > 0 && random.next() < 0.8) {
    const copy = [...value]
    const index = Math.floor(random.next() * copy.length)
    copy[index] = mutate(copy[index], random)
    return copy
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && random.next() < 0.85) {
    const keys = Object.keys(value)
    if (keys.length > 0) {
      const key = random.pick(keys)
      return { ...value, [key]: mutate((value as Record<string, unknown>)[key], random) }
    }
  }
  return random.pick(BAD_VALUES)
}

function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const operations: Operation[] = []
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      const operation = raw as {
        parameters?: Operation['parameters']
        requestBody?: { content: Record<string, { schema: JsonSchema }> }
      }
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content['application/json']?.schema,
      })
    }
  }
  return operations
}

/** One call of `operation`: some parameters and body parts plausible, others bad. */
function call(operation: Operation, random: Random, knownIds: string[]) {
  let url = operation.path
  const query = new URLSearchParams()
  for (const parameter of operation.parameters) {
    const value =
      random.next() < 0.6
        ? random.pick(BAD_URL_VALUES)
        : parameter.schema.format === 'uuid'
          ? random.pick(knownIds)
          : String(plausible(parameter.schema, random))
    if (parameter.in === 'path') {
      // Now and then a malformed escape, which no browser sends.
      url = url.replace(`{${parameter.name}}`, random.next() < 0.05 ? '%E9%' : encodeURIComponent(value))
    } else if (parameter.in === 'query' && random.next() < 0.8) {
      query.set(parameter.name, value)
    }
  }
  const search = query.toString()
  let body: unknown
  if (operation.body) {
    const base = plausible(operation.body, random)
    const roll = random.next()
    body = roll < 0.15 ? random.pick(BAD_VALUES) : roll < 0.3 ? base : mutate(mutate(base, random), random)
  }
  return { url: search ? `${url}?${search}` : url, body }
}

let ctx: TestContext
let director: { id: string; organisationId: string }
const knownIds: string[] = []

beforeAll(async () => {
  ctx = await createTestContext()
  const org = await createOrganisation(ctx)
  director = await createUser(ctx, org.id, {
    roles: ['director'],
    teamIds: [org.teamId, org.confidentialTeamId],
    totp: true,
  })
  const client = await signedIn(ctx, director)
  // A few real records, so that some calls reach past "not found".
  const person = await client.post('/api/people', {
    lastName: 'Fuzz',
    firstNames: 'Aline',
    birthDate: '1940-05-01',
  })
  expect(person.statusCode, person.body).toBe(201)
  const partner = await client.post('/api/partners', { name: 'Partenaire fuzz' })
  knownIds.push(org.id, org.teamId, org.siteId, director.id, person.json().id, partner.json().id)
})
afterAll(() => ctx?.close())

/** Calls that end the director's own session or account: each call gets a fresh session anyway. */
const isPublic = (path: string) => path.startsWith('/api/public/') || path.startsWith('/api/auth/')

describe('every operation of the API under generated bad input', () => {
  it('never answers a server error, signed in as director or anonymously on the public routes', async () => {
    const operations = operationsOf(ctx.app.swagger() as { paths: Record<string, Record<string, unknown>> })
    expect(operations.length).toBeGreaterThan(150)
    const random = generator(SEED)
    const failures: string[] = []
    let calls = 0
    for (const [index, operation] of operations.entries()) {
      // A fresh session per operation: a call that signs out or revokes sessions affects only itself.
      const signed = await signedIn(ctx, director, `10.77.${index % 250}.1`)
      const anonymous = new ApiClient(ctx, `10.78.${index % 250}.1`)
      for (let n = 0; n < CALLS_PER_OPERATION; n++) {
        const { url, body } = call(operation, random, knownIds)
        const client = isPublic(operation.path) && n % 2 === 1 ? anonymous : signed
        const response = await client.request(operation.method, url, body)
        calls++
        if (response.statusCode >= 500) {
          const shown = JSON.stringify(body)?.slice(0, 300)
          failures.push(`${operation.method} ${url.slice(0, 200)} ${shown} → ${response.statusCode}`)
        }
      }
    }
    expect(calls).toBe(operations.length * CALLS_PER_OPERATION)
    expect(failures).toEqual([])
  }, 300_000)
})
