import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import type { Partner, ServiceSearchItem } from '../../../shared/partners.ts'

let ctx: TestContext
let worker: ApiClient
let agent: ApiClient
/** A social worker of another organisation, whose directory starts empty. */
let elsewhere: ApiClient
let org: Awaited<ReturnType<typeof createOrganisation>>
beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['social_worker'] }))
  agent = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['front_desk_agent'] }))
  const other = await createOrganisation(ctx, 'CCAS de Lailleurs')
  elsewhere = await signedIn(ctx, await createUser(ctx, other.id, { roles: ['social_worker'] }))
})
afterAll(() => ctx.close())

async function partnerWith(name: string, services: object[], fields: object = {}) {
  const created = await worker.post('/api/partners', { name, ...fields })
  expect(created.statusCode, created.body).toBe(201)
  const id = created.json().id as string
  for (const service of services) {
    const added = await worker.post(`/api/partners/${id}/services`, service)
    expect(added.statusCode, added.body).toBe(201)
  }
  return id
}

const searchServices = async (query: string) =>
  ((await agent.get(`/api/partner-services?${query}`)).json().items as ServiceSearchItem[]).map(
    (s) => `${s.partnerName} — ${s.name}`,
  )

describe('partners directory', () => {
  let restosId: string
  beforeAll(async () => {
    restosId = await partnerWith(
      'Restos du Cœur',
      [
        {
          name: 'Distribution alimentaire',
          category: 'food',
          city: 'Saint-Étienne',
          phone: '04 77 00 00 01',
          openingHours: 'Mardi et jeudi, 9 h – 12 h',
          accessConditions: 'Sur inscription, justificatif de ressources',
          contactName: 'Mme Responsable',
        },
        { name: 'Coup de pouce budget', category: 'rights', active: false },
      ],
      { website: 'www.restosducoeur.org', postalCode: '42000', city: 'Saint-Étienne' },
    )
    await partnerWith('Secours populaire', [
      { name: 'Vestiaire solidaire', category: 'clothing', city: 'Firminy' },
    ])
    await partnerWith('Ville de Saint-Étienne', [
      { name: 'Bains-douches municipaux', category: 'hygiene', city: 'Saint-Étienne' },
    ])
  })

  it('creates a partner with its services and reads it back', async () => {
    const partner = (await agent.get(`/api/partners/${restosId}`)).json() as Partner
    expect(partner).toMatchObject({
      name: 'Restos du Cœur',
      website: 'https://www.restosducoeur.org',
      postalCode: '42000',
    })
    expect(partner.services.map((s) => [s.name, s.category, s.active])).toEqual([
      ['Coup de pouce budget', 'rights', false],
      ['Distribution alimentaire', 'food', true],
    ])
    expect(partner.services[1]).toMatchObject({
      openingHours: 'Mardi et jeudi, 9 h – 12 h',
      accessConditions: 'Sur inscription, justificatif de ressources',
      contactName: 'Mme Responsable',
    })
    const audited = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', restosId)
      .execute()
    expect(audited.map((a) => a.action)).toEqual(['partner.create'])
  })

  it('finds services despite typos, accents and case, by partner, service, category words or city', async () => {
    expect(await searchServices('q=resto%20du%20coeur')).toEqual([
      'Restos du Cœur — Distribution alimentaire',
    ])
    expect(await searchServices('q=secour%20populer')).toEqual(['Secours populaire — Vestiaire solidaire'])
    expect(await searchServices('q=douches')).toEqual(['Ville de Saint-Étienne — Bains-douches municipaux'])
    expect(await searchServices('q=alimentaire')).toEqual(['Restos du Cœur — Distribution alimentaire'])
    expect(await searchServices('q=vetements')).toEqual(['Secours populaire — Vestiaire solidaire'])
    expect(await searchServices('q=FIRMINI')).toEqual(['Secours populaire — Vestiaire solidaire'])
    expect((await searchServices('q=saint%20etienne')).sort()).toEqual([
      'Restos du Cœur — Distribution alimentaire',
      'Ville de Saint-Étienne — Bains-douches municipaux',
    ])
    expect(await searchServices('category=hygiene')).toEqual([
      'Ville de Saint-Étienne — Bains-douches municipaux',
    ])
    expect(await searchServices('q=pediatre')).toEqual([])
    // An inactive service is not offered for an orientation.
    expect(await searchServices('q=budget')).toEqual([])

    const item = (await agent.get('/api/partner-services?q=restos')).json().items[0]
    expect(Object.keys(item).sort()).toEqual([
      'category',
      'city',
      'id',
      'name',
      'partnerId',
      'partnerName',
      'phone',
    ])
    expect(item).toMatchObject({ category: 'food', city: 'Saint-Étienne', phone: '04 77 00 00 01' })
  })

  it('searches the partner list by partner or by one of its services', async () => {
    const names = async (q: string) =>
      ((await agent.get(`/api/partners?q=${encodeURIComponent(q)}`)).json().items as Partner[]).map(
        (p) => p.name,
      )
    expect(await names('secours')).toEqual(['Secours populaire'])
    expect(await names('vestiare')).toEqual(['Secours populaire'])
    expect(await names('restos alimentaire')).toEqual(['Restos du Cœur'])
    expect((await names('')).length).toBe(3)
  })

  it('refuses invalid input with French messages on the fields', async () => {
    const refused = await worker.post('/api/partners', {
      name: ' ',
      email: 'pas-une-adresse',
      postalCode: '4200',
      website: 'http://',
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors).toEqual([
      { path: 'name', message: 'Indiquez le nom du partenaire.' },
      { path: 'website', message: 'Adresse de site web invalide (exemple : https://www.exemple.fr).' },
      { path: 'email', message: 'Adresse e-mail invalide.' },
      { path: 'postalCode', message: 'Code postal sur 5 chiffres.' },
    ])
    const badService = await worker.post(`/api/partners/${restosId}/services`, {
      name: 'Colis',
      category: 'nourriture',
    })
    expect(badService.json().errors).toEqual([
      { path: 'category', message: 'Choisissez une catégorie de la liste.' },
    ])
    // The same name, whatever its case and accents, is the same partner.
    const twice = await worker.post('/api/partners', { name: 'restos du coeur' })
    expect(twice.statusCode).toBe(400)
    expect(twice.json().errors).toEqual([{ path: 'name', message: 'Un partenaire porte déjà ce nom.' }])
  })

  it('updates what is sent and keeps the rest; only managers may', async () => {
    const updated = await worker.patch(`/api/partners/${restosId}`, { phone: '04 77 11 22 33', city: '' })
    expect(updated.statusCode).toBe(200)
    expect(updated.json()).toMatchObject({ phone: '04 77 11 22 33', city: null, postalCode: '42000' })
    expect((await agent.patch(`/api/partners/${restosId}`, { phone: '01 02 03 04 05' })).statusCode).toBe(403)
    expect((await elsewhere.patch(`/api/partners/${restosId}`, { phone: '01 02 03 04 05' })).statusCode).toBe(
      404,
    )
  })

  it('deletes a partner with its services', async () => {
    const id = await partnerWith('Association éphémère', [{ name: 'Maraude', category: 'isolation' }])
    expect((await worker.request('DELETE', `/api/partners/${id}`)).json()).toEqual({ ok: true })
    expect((await worker.get(`/api/partners/${id}`)).statusCode).toBe(404)
    expect(await searchServices('q=maraude')).toEqual([])
  })
})

describe('CSV import and export (Open Referral HSDS)', () => {
  it('exports one row per service with HSDS column names, and imports it back elsewhere identically', async () => {
    const exported = await agent.get('/api/partners/export.csv')
    expect(exported.statusCode).toBe(200)
    // Every export is in the audit, under who made it.
    const trail = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('action', '=', 'partner.export')
      .execute()
    expect(trail).toHaveLength(1)
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(exported.headers['content-disposition']).toContain('attachment')
    const [header, ...lines] = exported.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(header?.split(',')).toEqual(
      expect.arrayContaining([
        'organization_name',
        'organization_url',
        'service_name',
        'taxonomy_term_code',
        'address_1',
        'postal_code',
        'city',
        'phone_number',
        'schedule_description',
        'eligibility_description',
        'contact_name',
      ]),
    )
    expect(lines.filter((line) => line.startsWith('Restos du Cœur,'))).toHaveLength(2)

    const imported = await elsewhere.post('/api/partners/import', { csv: exported.body })
    expect(imported.statusCode, imported.body).toBe(200)
    expect(imported.json()).toEqual({
      partnersCreated: 3,
      partnersReused: 0,
      servicesCreated: 4,
      servicesSkipped: 0,
    })
    const comparable = (partners: Partner[]) =>
      partners.map(({ id: _id, createdAt: _c, updatedAt: _u, services, ...partner }) => ({
        ...partner,
        services: services.map(({ id: _sid, partnerId: _p, createdAt: _sc, updatedAt: _su, ...s }) => s),
      }))
    const here = (await agent.get('/api/partners')).json().items
    const there = (await elsewhere.get('/api/partners')).json().items
    expect(comparable(there)).toEqual(comparable(here))
    expect((await elsewhere.get('/api/partners/export.csv')).body).toBe(exported.body)

    // Importing the same file again changes nothing.
    const again = await elsewhere.post('/api/partners/import', { csv: exported.body })
    expect(again.json()).toEqual({
      partnersCreated: 0,
      partnersReused: 3,
      servicesCreated: 0,
      servicesSkipped: 4,
    })
  })

  it('accepts a text/csv body from a French spreadsheet (semicolons, labels), reusing partners by name', async () => {
    const csv = [
      'organization_name;organization_city;service_name;taxonomy_term_name;city;service_status',
      'SECOURS POPULAIRE;;Épicerie solidaire;Alimentation;Firminy;active',
      'Secours Populaire;;Permanence juridique;juridique;Firminy;inactive',
      'Maison des familles;Roche-la-Molière;;;;',
    ].join('\n')
    const imported = await worker.request('POST', '/api/partners/import', csv, { 'content-type': 'text/csv' })
    expect(imported.statusCode, imported.body).toBe(200)
    expect(imported.json()).toEqual({
      partnersCreated: 1,
      partnersReused: 1,
      servicesCreated: 2,
      servicesSkipped: 0,
    })
    const secours = ((await agent.get('/api/partners?q=secours')).json().items as Partner[])[0]
    expect(secours?.services.map((s) => [s.name, s.category, s.active])).toEqual([
      ['Épicerie solidaire', 'food', true],
      ['Permanence juridique', 'legal', false],
      ['Vestiaire solidaire', 'clothing', true],
    ])
  })

  it('refuses a file with an invalid row as a whole, listing rows and columns in French', async () => {
    const before = (await worker.get('/api/partners')).json().items.length
    const csv = [
      'organization_name,organization_email,service_name,taxonomy_term_code,postal_code',
      'Nouvelle association,contact@asso.fr,Aide aux devoirs,children_family,42100',
      ',pas-une-adresse,Colis,food,421',
      'Autre association,,Accueil,logement-social,',
    ].join('\n')
    const refused = await worker.post('/api/partners/import', { csv })
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: '2 lignes du fichier sont invalides : rien n’a été importé. Corrigez-les puis réessayez.',
    })
    expect(refused.json().errors).toEqual([
      {
        path: 'rows.3.organization_name',
        message: 'Ligne 3, organization_name : Indiquez le nom du partenaire.',
      },
      {
        path: 'rows.3.organization_email',
        message: 'Ligne 3, organization_email : Adresse e-mail invalide.',
      },
      { path: 'rows.3.postal_code', message: 'Ligne 3, postal_code : Code postal sur 5 chiffres.' },
      {
        path: 'rows.4.taxonomy_term_code',
        message: expect.stringMatching(
          /^Ligne 4, taxonomy_term_code : catégorie inconnue « logement-social »\. Catégories possibles \(nom ou code\) : Alimentation \(food\), Logement, hébergement \(housing\)/,
        ),
      },
    ])
    // Not even the valid first row was written.
    expect((await worker.get('/api/partners')).json().items.length).toBe(before)
    expect((await worker.get('/api/partners?q=nouvelle%20association')).json().items).toEqual([])
  })

  it('explains a file it cannot read', async () => {
    const serviceWithoutName = await worker.post('/api/partners/import', {
      csv: 'organization_name,service_name,city\nMaison des familles,,Firminy\n',
    })
    expect(serviceWithoutName.json().errors).toEqual([
      {
        path: 'rows.2.service_name',
        message:
          'Ligne 2, service_name : nom du service manquant, alors que des colonnes du service sont remplies (city). ' +
          'Pour le partenaire, utilisez les colonnes organization_….',
      },
    ])
    const noName = await worker.post('/api/partners/import', { csv: 'nom,service\nA,B\n' })
    expect(noName.json().detail).toContain('La colonne « organization_name »')
    const empty = await worker.post('/api/partners/import', { csv: 'organization_name\n\n' })
    expect(empty.json().detail).toBe('Le fichier ne contient aucune ligne à importer.')
    const broken = await worker.post('/api/partners/import', { csv: 'organization_name\n"Sans fin\n' })
    expect(broken.statusCode).toBe(400)
    expect(broken.json().detail).toContain('mal formé')
    const latin1 = await worker.post('/api/partners/import', { csv: 'organization_name\nCaf\uFFFD\n' })
    expect(latin1.json().detail).toContain('UTF-8')
    expect((await agent.post('/api/partners/import', { csv: 'organization_name\nX\n' })).statusCode).toBe(403)
  })

  it('keeps a spreadsheet from running a cell as a formula, and reads it back', async () => {
    await partnerWith('=HYPERLINK("http://x")', [])
    const exported = (await agent.get('/api/partners/export.csv')).body
    expect(exported).toContain(`"'=HYPERLINK(""http://x"")"`)
    const imported = await elsewhere.post('/api/partners/import', { csv: exported })
    // With the partner the previous test imported here only.
    expect(imported.json().partnersCreated).toBe(2)
    const names = ((await elsewhere.get('/api/partners')).json().items as Partner[]).map((p) => p.name)
    expect(names).toContain('=HYPERLINK("http://x")')
  })

  it('quotes every cell starting with =, +, -, @, a tab or a carriage return, and reads each back', async () => {
    // A minus followed by a digit passed before: `-2+3+cmd|…` runs as a formula in a spreadsheet.
    const description = "-2+3+cmd|' /C calc'!A0"
    await partnerWith('Formules', [{ name: '@SUM(1+1)*cmd', category: 'other', openingHours: '\tlundi' }], {
      description,
      phone: '+33 4 77 00 00 00',
      city: '\r+cmd',
    })
    const exported = (await agent.get('/api/partners/export.csv')).body
    const row = exported.split('\r\n').find((line) => line.includes('Formules')) ?? ''
    for (const cell of [`'${description}`, "'+33 4 77 00 00 00", "'@SUM(1+1)*cmd"]) {
      expect(row).toContain(cell)
    }
    const unquoted = row.split(',').filter((cell) => /^"?[=+\-@\t\r]/.test(cell))
    expect(unquoted).toEqual([])
  })
})

// Last: the partner it creates would count in the export above.
describe('a partner in use', () => {
  it('keeps a partner whose service a contact was oriented to, and says to deactivate the service instead', async () => {
    const id = await partnerWith('Épicerie Solidaire', [{ name: 'Colis', category: 'food' }])
    const serviceId = (await worker.get(`/api/partners/${id}`)).json().services[0].id as string
    const contact = await agent.post('/api/contacts', {
      channel: 'walk_in',
      orientationPartnerServiceId: serviceId,
    })
    expect(contact.statusCode, contact.body).toBe(201)
    for (const url of [`/api/partners/${id}`, `/api/partner-services/${serviceId}`]) {
      const refused = await worker.request('DELETE', url)
      expect(refused.statusCode).toBe(409)
      expect(refused.json()).toMatchObject({ code: 'IN_USE', detail: expect.stringContaining('désactivez') })
    }
    expect((await worker.get(`/api/partners/${id}`)).json().services).toHaveLength(1)
  })
})
