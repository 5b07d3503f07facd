import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { multipartBody } from '../../../../tests/support/multipart.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import type { Partner } from '../../../shared/partners.ts'
import type { HsdsPreview } from '../../../shared/partners-hsds.ts'
import { scheduleInFrench } from './hsds/hsds.schedules.ts'
import { typedRow, validateRecord, validateRow } from './hsds/hsds.validator.ts'

const FIXTURES = new URL('../../../../tests/fixtures/hsds/', import.meta.url)
const fixture = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8')

/** A tabular data package of Open Referral's example CSV files, with its datapackage.json. */
function examplePackage(files: string[], extra: Record<string, string> = {}) {
  const entries: Record<string, Uint8Array> = {
    'datapackage.json': strToU8(
      JSON.stringify({
        profile: 'tabular-data-package',
        resources: [...files, ...Object.keys(extra)].map((path) => ({
          name: path.replace(/s?\.csv$/, ''),
          path,
        })),
      }),
    ),
  }
  for (const file of files) entries[file] = strToU8(fixture(`csv/${file}`))
  for (const [file, content] of Object.entries(extra)) entries[file] = strToU8(content)
  return Buffer.from(zipSync(entries))
}
const VALID_CSV = ['organizations.csv', 'services.csv', 'phones.csv', 'taxonomy_terms.csv']

let ctx: TestContext
let worker: ApiClient
let agent: ApiClient
let elsewhere: ApiClient
beforeAll(async () => {
  ctx = await createTestContext()
  const org = await createOrganisation(ctx)
  worker = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['social_worker'] }))
  agent = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['front_desk_agent'] }))
  const other = await createOrganisation(ctx, 'CCAS de Lailleurs')
  elsewhere = await signedIn(ctx, await createUser(ctx, other.id, { roles: ['social_worker'] }))
})
afterAll(() => ctx.close())

function send(client: ApiClient, step: 'preview' | 'import', name: string, content: Buffer) {
  const upload = multipartBody({}, { name, content })
  return client.request('POST', `/api/partners/hsds/${step}`, upload.payload, upload.headers)
}
async function directory(client: ApiClient) {
  return (await client.get('/api/partners')).json().items as Partner[]
}

describe('HSDS schedules in French', () => {
  it('reads weekly and monthly recurrences aloud', () => {
    expect(scheduleInFrench({ freq: 'WEEKLY', byday: 'MO,WE', opens_at: '09:00', closes_at: '12:00' })).toBe(
      'le lundi et le mercredi de 9 h à 12 h',
    )
    expect(
      scheduleInFrench({ freq: 'MONTHLY', byday: '-1FR', opens_at: '14:00:00', closes_at: '17:30Z' }),
    ).toBe('le dernier vendredi du mois de 14 h à 17 h 30')
    expect(scheduleInFrench({ freq: 'MONTHLY', byday: '1TU,3TU', opens_at: '10:00' })).toBe(
      'le 1er mardi du mois et le 3e mardi du mois à partir de 10 h',
    )
    expect(scheduleInFrench({ freq: 'WEEKLY', interval: 2, byday: 'TH' })).toBe(
      'toutes les 2 semaines, le jeudi',
    )
    expect(scheduleInFrench({ description: 'Sur rendez-vous' })).toBe('Sur rendez-vous')
  })
})

describe('HSDS 3 import of Open Referral’s examples', () => {
  it('imports organization_full.json: previewed first, then written once, re-imported without duplicates', async () => {
    const content = Buffer.from(fixture('json/organization_full.json'))
    const preview = await send(worker, 'preview', 'organization_full.json', content)
    expect(preview.statusCode, preview.body).toBe(200)
    const view = preview.json() as HsdsPreview
    expect(view.valid).toBe(true)
    expect(view.partners).toEqual({ create: 1, update: 0, unchanged: 0 })
    expect(view.services).toEqual({ create: 1, update: 0, unchanged: 0 })
    // The example's placeholder postal code is no French one: left out, said so.
    expect(view.warnings).toContainEqual(
      expect.objectContaining({ file: 'organization_full.json', field: 'address.postal_code' }),
    )
    expect(view.items.find((item) => item.kind === 'service')?.openingHours).toBe(
      'chaque semaine de 20 h 20 à 20 h 20',
    )
    expect(view.terms).toEqual([{ key: 'code', label: 'name', category: null }])
    // The preview wrote nothing.
    expect((await directory(worker)).map((p) => p.name)).not.toContain('name')

    const imported = await send(worker, 'import', 'organization_full.json', content)
    expect(imported.statusCode, imported.body).toBe(200)
    const partner = (await directory(worker)).find((p) => p.name === 'name')!
    expect(partner).toMatchObject({
      website: 'http://example.com',
      email: 'email@example.com',
      description: 'description',
    })
    expect(partner.services).toHaveLength(1)
    expect(partner.services[0]).toMatchObject({
      name: 'name',
      category: 'other',
      openingHours: 'chaque semaine de 20 h 20 à 20 h 20',
      accessConditions: 'eligibility_description Âge : de 0 à 100 ans.',
      contactName: 'name',
      address: 'address_1, address_2',
      city: 'city',
      postalCode: null,
      active: true,
    })

    const again = (await send(worker, 'import', 'organization_full.json', content)).json() as HsdsPreview
    expect(again.partners).toEqual({ create: 0, update: 0, unchanged: 1 })
    expect(again.services).toEqual({ create: 0, update: 0, unchanged: 1 })
    expect((await directory(worker)).filter((p) => p.name === 'name')).toHaveLength(1)
  })

  it('maps taxonomy terms onto categories through the organisation’s own mapping', async () => {
    const saved = await worker.put('/api/partners/hsds/taxonomy-mappings', {
      items: [{ key: 'code', label: 'name', category: 'health' }],
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect((await agent.get('/api/partners/hsds/taxonomy-mappings')).json().items).toEqual([
      { key: 'code', label: 'name', category: 'health' },
    ])
    const content = Buffer.from(fixture('json/organization_full.json'))
    const view = (await send(worker, 'import', 'organization_full.json', content)).json() as HsdsPreview
    expect(view.services).toEqual({ create: 0, update: 1, unchanged: 0 })
    expect(view.terms).toEqual([{ key: 'code', label: 'name', category: 'health' }])
    const partner = (await directory(worker)).find((p) => p.name === 'name')!
    expect(partner.services[0]!.category).toBe('health')
    // Another organisation's mapping is its own.
    expect((await elsewhere.get('/api/partners/hsds/taxonomy-mappings')).json().items).toEqual([])
  })

  it('imports the example CSV files as a tabular data package', async () => {
    const content = examplePackage(VALID_CSV)
    const view = (await send(worker, 'preview', 'exemple.zip', content)).json() as HsdsPreview
    expect(view.errors).toEqual([])
    // Open Referral's CSV example describes the same organisation and service (same ids) as its JSON
    // one, imported above: they are updated, not added.
    expect(view.partners).toEqual({ create: 0, update: 1, unchanged: 0 })
    expect(view.services).toEqual({ create: 0, update: 1, unchanged: 0 })
    const imported = await send(worker, 'import', 'exemple.zip', content)
    expect(imported.statusCode, imported.body).toBe(200)
    const partners = await directory(worker)
    expect(partners.map((p) => p.name)).not.toContain('name')
    const partner = partners.find((p) => p.name === 'Example Organization Inc.')!
    expect(partner.services[0]).toMatchObject({
      name: 'Community Counselling',
      phone: '+44 1234 234567',
      email: 'email@example.com',
      accessConditions:
        'This service is intended for all people aged 12 and over who require counselling services in the MyCity area Âge : de 12 à 100 ans.',
    })
  })
})

describe('HSDS 3 datasets refused, with French errors and nothing written', () => {
  it('lists per file, row and field what Open Referral’s own schedules.csv breaks', async () => {
    const content = examplePackage([...VALID_CSV, 'schedules.csv'])
    const view = (await send(worker, 'preview', 'cassé.zip', content)).json() as HsdsPreview
    expect(view.valid).toBe(false)
    expect(view.errors).toEqual(
      expect.arrayContaining([
        {
          file: 'schedules.csv',
          row: 2,
          field: 'bymonthday',
          message: 'Valeur invalide : un nombre est attendu.',
        },
        {
          file: 'schedules.csv',
          row: 2,
          field: 'service_id',
          message:
            'Identifiant inconnu : aucune ligne de services.csv n’a l’id « ae8b7eaf-7e7d-4128-a403-ae097f146356 ».',
        },
      ]),
    )
    const before = (await directory(worker)).length
    const refused = await send(worker, 'import', 'cassé.zip', content)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().detail).toMatch(/erreur\(s\) : rien n’a été importé/)
    expect(refused.json().errors).toContainEqual({
      path: 'schedules.csv, ligne 2, bymonthday',
      message: 'Valeur invalide : un nombre est attendu.',
    })
    expect(await directory(worker)).toHaveLength(before)
  })

  it('refuses a location of an organisation the package lacks, and a service without its organisation', async () => {
    const view = (
      await send(
        worker,
        'preview',
        'lieux.zip',
        examplePackage(['organizations.csv', 'services.csv', 'locations.csv']),
      )
    ).json() as HsdsPreview
    expect(view.errors).toContainEqual(
      expect.objectContaining({ file: 'locations.csv', row: 2, field: 'organization_id' }),
    )
    const orphan = (
      await send(worker, 'preview', 'seul.zip', examplePackage(['services.csv']))
    ).json() as HsdsPreview
    expect(orphan.errors).toContainEqual(
      expect.objectContaining({
        file: 'services.csv',
        field: 'organization_id',
        message: 'Service sans organisation dans ce jeu de données : joignez organizations.csv.',
      }),
    )
  })

  it('refuses JSON invalid per the HSDS schema: a missing name, a status HSDS does not know, a bad e-mail', async () => {
    const organization = JSON.parse(fixture('json/organization_full.json'))
    delete organization.name
    organization.services[0].status = 'open'
    organization.email = 'pas-une-adresse'
    const view = (
      await send(worker, 'preview', 'organisation.json', Buffer.from(JSON.stringify([organization])))
    ).json() as HsdsPreview
    expect(view.errors).toEqual(
      expect.arrayContaining([
        { file: 'organisation.json', row: 1, field: 'name', message: 'Champ obligatoire manquant.' },
        { file: 'organisation.json', row: 1, field: 'email', message: 'Adresse e-mail invalide.' },
        {
          file: 'organisation.json',
          row: 1,
          field: 'services.0.status',
          message:
            'Valeur non prévue par HSDS ; valeurs possibles : active, inactive, defunct, temporarily closed.',
        },
      ]),
    )
  })

  it('answers bad files with a problem, never a 500', async () => {
    const cases: [string, Buffer, number, RegExp][] = [
      [
        'abîmé.zip',
        Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]),
        400,
        /zip est illisible/,
      ],
      ['vide.json', Buffer.alloc(0), 400, /vide/],
      ['image.png', Buffer.from('\x89PNG\r\n'), 400, /Format non reconnu/],
      ['faux.json', Buffer.from('{ "id": '), 400, /pas un JSON valide/],
      [
        'sans-descripteur.zip',
        Buffer.from(zipSync({ 'services.csv': strToU8('id\n') })),
        400,
        /datapackage\.json/,
      ],
      ['nul.json', Buffer.from('{"id":"a\\u0000","name":"x","description":"y"}'), 200, /./],
    ]
    for (const [name, content, status, detail] of cases) {
      const response = await send(worker, 'preview', name, content)
      expect(response.statusCode, `${name}: ${response.body}`).toBe(status)
      if (status === 400) expect(response.json().detail, name).toMatch(detail)
    }
  })

  it('refuses a zip bomb and an upload past 10 Mo', async () => {
    const bomb = Buffer.from(
      zipSync({
        'datapackage.json': strToU8('{"resources":[]}'),
        'organizations.csv': new Uint8Array(60 * 1024 * 1024),
      }),
    )
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const refused = await send(worker, 'preview', 'bombe.zip', bomb)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().detail).toMatch(/dépasse 50 Mo/)
    const big = await send(worker, 'preview', 'gros.json', Buffer.alloc(11 * 1024 * 1024, 32))
    expect(big.statusCode).toBe(413)
    expect(big.json().detail).toMatch(/10 Mo/)
  })
})

describe('HSDS 3 export', () => {
  it('exports a data package and JSON valid per the schemas, which import back without duplicates', async () => {
    const created = await worker.post('/api/partners', {
      name: 'Épicerie solidaire des Tilleuls',
      description: 'Épicerie sociale du quartier',
      address: '3 rue des Tilleuls',
      postalCode: '69003',
      city: 'Lyon',
      phone: '04 72 00 00 00',
    })
    expect(created.statusCode, created.body).toBe(201)
    const service = await worker.post(`/api/partners/${created.json().id}/services`, {
      name: 'Colis alimentaires',
      category: 'food',
      openingHours: 'le mardi de 14 h à 17 h',
      accessConditions: '-Sur orientation d’un travailleur social',
      address: '5 rue des Tilleuls',
      postalCode: '69003',
      city: 'Lyon',
      contactName: 'Accueil',
    })
    expect(service.statusCode, service.body).toBe(201)

    const zip = await worker.get('/api/partners/hsds/export.zip')
    expect(zip.statusCode).toBe(200)
    expect(zip.headers['content-type']).toBe('application/zip')
    const files = unzipSync(zip.rawPayload)
    const descriptor = JSON.parse(Buffer.from(files['datapackage.json']!).toString())
    expect(descriptor.profile).toBe('tabular-data-package')
    let rows = 0
    for (const resource of descriptor.resources as { name: string; path: string }[]) {
      const records = parse(Buffer.from(files[resource.path]!).toString(), {
        columns: true,
        bom: true,
      }) as Record<string, string>[]
      for (const record of records) {
        rows++
        expect(validateRow(resource.name, typedRow(resource.name, record)), `${resource.path}`).toEqual([])
      }
    }
    expect(rows).toBeGreaterThan(10)
    const services = parse(Buffer.from(files['services.csv']!).toString(), {
      columns: true,
      bom: true,
    }) as Record<string, string>[]
    // The one CSV writer neutralises a cell a spreadsheet would run as a formula.
    expect(services.find((s) => s.name === 'Colis alimentaires')?.eligibility_description).toBe(
      "'-Sur orientation d’un travailleur social",
    )

    const json = await worker.get('/api/partners/hsds/export.json')
    expect(json.statusCode).toBe(200)
    for (const organization of json.json() as { services: unknown[] }[]) {
      expect(validateRecord('organization', organization)).toEqual([])
      for (const nested of organization.services) expect(validateRecord('service', nested)).toEqual([])
    }

    const before = await directory(worker)
    for (const [name, content] of [
      ['annuaire-hsds.zip', zip.rawPayload],
      ['annuaire-hsds.json', json.rawPayload],
    ] as const) {
      const view = (await send(worker, 'import', name, content)).json() as HsdsPreview
      expect(view.errors, name).toEqual([])
      expect(view.partners.create + view.services.create, name).toBe(0)
      expect(
        view.items.filter((item) => item.action !== 'unchanged').map((item) => item.name),
        name,
      ).toEqual([])
    }
    const after = await directory(worker)
    expect(after.map((p) => [p.name, p.services.length])).toEqual(
      before.map((p) => [p.name, p.services.length]),
    )
    expect(after.find((p) => p.name === 'Épicerie solidaire des Tilleuls')?.services[0]).toMatchObject({
      category: 'food',
      openingHours: 'le mardi de 14 h à 17 h',
      accessConditions: '-Sur orientation d’un travailleur social',
      postalCode: '69003',
    })
    // Another organisation's export holds none of this directory.
    const theirs = await elsewhere.get('/api/partners/hsds/export.json')
    expect(theirs.body).not.toContain('Tilleuls')
  })
})
