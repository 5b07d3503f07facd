import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createBarePerson,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { createAdmissionRequest, createStay } from './accommodation.test-factories.ts'

// Structures, units, places and closures, the occupancy board and its CSV for the SIAO, the settings
// and the partners' agreements, as the people configuring and running accommodation use them.
let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let admin: ApiClient
let director: ApiClient
let worker: ApiClient
let analyst: ApiClient
let other: ApiClient
const today = todayInFrance()

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  const otherOrg = await createOrganisation(ctx, 'CCAS d’Ailleurs')
  admin = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  analyst = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['analyst'] }))
  other = await signedIn(ctx, await createUser(ctx, otherOrg.id, { roles: ['director'], totp: true }))
})
afterAll(() => ctx.close())

const lhssInput = {
  kind: 'lhss',
  name: 'LHSS Les Tilleuls',
  capacity: 6,
  openedOn: '2017-04-01',
  address: '3 rue des Tilleuls',
  postalCode: '59000',
  city: 'Testville',
}

async function ok(response: { statusCode: number; body: string; json: () => any }, status = 200) {
  expect(response.statusCode, response.body).toBe(status)
  return response.json()
}

/** The seed's LHSS: 4 single rooms and 1 double (6 places). */
async function seedLhss(name: string) {
  const structure = await ok(await admin.post('/api/accommodation-structures', { ...lhssInput, name }), 201)
  for (const label of ['Chambre 1', 'Chambre 2', 'Chambre 3', 'Chambre 4'])
    await ok(
      await admin.post(`/api/accommodation-structures/${structure.id}/units`, {
        label,
        kind: 'room',
        occupancy: 'single',
        accessible: true,
        placeLabels: ['lit'],
      }),
      201,
    )
  const detail = await ok(
    await admin.post(`/api/accommodation-structures/${structure.id}/units`, {
      label: 'Chambre 5',
      kind: 'room',
      occupancy: 'double',
      accessible: false,
      placeLabels: ['a', 'b'],
    }),
    201,
  )
  const places = detail.units.flatMap((unit: { places: { id: string; label: string }[] }) => unit.places)
  return { id: structure.id as string, detail, placeIds: places.map((p: { id: string }) => p.id) as string[] }
}

describe('structures, units and places', () => {
  it('a new LHSS takes its kind’s defaults: stays of 2 months, a medical opinion and the director’s validation', async () => {
    const lhss = await seedLhss('LHSS des Lilas')
    expect(lhss.detail).toMatchObject({
      kind: 'lhss',
      kindLabel: 'Lits halte soins santé (LHSS)',
      defaultStayMonths: 2,
      requiresMedicalOpinion: true,
      requiresDirectorValidation: true,
      capacity: 6,
      placeCount: 6,
    })
    expect(
      lhss.detail.units.map((u: { label: string; occupancy: string }) => [u.label, u.occupancy]),
    ).toEqual([
      ['Chambre 1', 'single'],
      ['Chambre 2', 'single'],
      ['Chambre 3', 'single'],
      ['Chambre 4', 'single'],
      ['Chambre 5', 'double'],
    ])
    // An emergency CHRS night needs no validation; the organisation may still set its own stay length.
    const chrs = await ok(
      await admin.post('/api/accommodation-structures', {
        kind: 'chrs_emergency',
        name: 'CHRS urgence',
        capacity: 12,
        openedOn: '2010-01-01',
        defaultStayMonths: 1,
      }),
      201,
    )
    expect(chrs).toMatchObject({
      requiresDirectorValidation: false,
      requiresMedicalOpinion: false,
      defaultStayMonths: 1,
    })
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', chrs.id)
      .execute()
    expect(audit.map((row) => row.action)).toEqual(['accommodation.structure_create'])
  })

  it('bad input answers a French field error and writes nothing', async () => {
    await ok(await admin.post('/api/accommodation-structures', { ...lhssInput, name: 'Unique' }), 201)
    const taken = await admin.post('/api/accommodation-structures', { ...lhssInput, name: 'unique' })
    expect(taken.statusCode).toBe(400)
    expect(taken.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'name', message: 'Une structure porte déjà ce nom.' }],
    })
    const closedBefore = await admin.post('/api/accommodation-structures', {
      ...lhssInput,
      name: 'Fermée avant ouverture',
      closedOn: '2017-01-01',
    })
    expect(closedBefore.statusCode).toBe(400)
    expect(closedBefore.body).toContain('La fermeture ne peut précéder l’ouverture.')
    const nul = await admin.post('/api/accommodation-structures', { ...lhssInput, name: 'A\u0000B' })
    expect(nul.statusCode).toBe(400)
    // A unit whose places repeat a label is refused whole: no unit left behind.
    const structure = await ok(
      await admin.post('/api/accommodation-structures', { ...lhssInput, name: 'Doublons' }),
      201,
    )
    const twice = await admin.post(`/api/accommodation-structures/${structure.id}/units`, {
      label: 'Chambre double',
      kind: 'room',
      occupancy: 'double',
      accessible: false,
      placeLabels: ['a', 'a'],
    })
    expect(twice.statusCode).toBe(400)
    expect((await ok(await admin.get(`/api/accommodation-structures/${structure.id}`))).units).toEqual([])
    const unitless = await admin.post('/api/accommodation-places', { unitId: structure.id, label: 'x' })
    expect(unitless.statusCode).toBe(400)
  })

  it('a dwelling in town has its own address; a place is added, renamed, and an occupied place cannot be retired', async () => {
    const relais = await ok(
      await admin.post('/api/accommodation-structures', {
        kind: 'maison_relais',
        name: 'Maison relais du Canal',
        capacity: 3,
        openedOn: '2015-01-01',
        hostName: 'Hôte de la maison',
      }),
      201,
    )
    const withDwelling = await ok(
      await admin.post(`/api/accommodation-structures/${relais.id}/units`, {
        label: 'T2 Canal',
        kind: 'dwelling',
        occupancy: 'family',
        rooms: 2,
        surfaceM2: 45,
        accessible: false,
        address: '12 quai du Canal',
        postalCode: '59000',
        city: 'Testville',
        placeLabels: ['1'],
      }),
      201,
    )
    const unit = withDwelling.units[0]
    expect(unit).toMatchObject({ kind: 'dwelling', rooms: 2, surfaceM2: 45, address: '12 quai du Canal' })
    const added = await ok(
      await admin.post('/api/accommodation-places', { unitId: unit.id, label: '2' }),
      201,
    )
    expect(added.placeCount).toBe(2)
    const [first, second] = added.units[0].places
    const dup = await admin.put(`/api/accommodation-places/${second.id}`, { label: '1', active: true })
    expect(dup.statusCode).toBe(400)
    const personId = await createBarePerson(ctx.db, org.id)
    await createStay(ctx.db, org.id, {
      structureId: relais.id,
      personId,
      placeId: first.id,
      startedOn: addDays(today, -5),
    })
    const retire = await admin.put(`/api/accommodation-places/${first.id}`, { label: '1', active: false })
    expect(retire.statusCode).toBe(400)
    expect(retire.json().errors[0].message).toBe(
      'Cette place est occupée ou réservée : elle reste en service.',
    )
    const retired = await ok(
      await admin.put(`/api/accommodation-places/${second.id}`, { label: '2 bis', active: false }),
    )
    expect(retired.placeCount).toBe(1)
    // A social worker runs the house but does not configure it.
    expect(
      (await worker.put(`/api/accommodation-places/${second.id}`, { label: '2', active: true })).statusCode,
    ).toBe(403)
  })

  it('another organisation’s structure is not found, and its list is its own', async () => {
    const lhss = await seedLhss('LHSS privée')
    expect((await other.get(`/api/accommodation-structures/${lhss.id}`)).statusCode).toBe(404)
    expect((await other.put(`/api/accommodation-structures/${lhss.id}`, lhssInput)).statusCode).toBe(404)
    const list = await ok(await other.get('/api/accommodation-structures'))
    expect(list.items).toEqual([])
  })
})

describe('closures: a place out of service', () => {
  it('a closure shows on the board; overlapping dates are refused; ending it puts the place back in service', async () => {
    const lhss = await seedLhss('LHSS travaux')
    const placeId = lhss.placeIds[0] as string
    const closed = await ok(
      await worker.post(`/api/accommodation-places/${placeId}/closures`, {
        reason: 'Dégât des eaux',
        startsOn: addDays(today, -2),
      }),
      201,
    )
    expect(closed.closures).toMatchObject([{ placeId, reason: 'Dégât des eaux', endsOn: null }])
    const overlap = await worker.post(`/api/accommodation-places/${placeId}/closures`, {
      reason: 'Peinture',
      startsOn: addDays(today, 10),
      endsOn: addDays(today, 12),
    })
    expect(overlap.statusCode).toBe(400)
    expect(overlap.json().errors[0].message).toBe(
      'Cette place est déjà hors service sur une partie de ces dates.',
    )
    let board = await ok(await worker.get(`/api/accommodation-board?structureId=${lhss.id}`))
    expect(board.places.find((p: { placeId: string }) => p.placeId === placeId)).toMatchObject({
      state: 'out_of_service',
      closureReason: 'Dégât des eaux',
    })
    // Back in service tonight: the last day out of service was yesterday.
    await ok(
      await worker.put(`/api/accommodation-places/closures/${closed.closures[0].id}`, {
        reason: 'Dégât des eaux',
        startsOn: addDays(today, -2),
        endsOn: addDays(today, -1),
      }),
    )
    board = await ok(await worker.get(`/api/accommodation-board?structureId=${lhss.id}`))
    expect(board.places.find((p: { placeId: string }) => p.placeId === placeId).state).toBe('free')
    const reversed = await worker.post(`/api/accommodation-places/${placeId}/closures`, {
      reason: 'Peinture',
      startsOn: addDays(today, 5),
      endsOn: addDays(today, 4),
    })
    expect(reversed.statusCode).toBe(400)
    // An analyst reads statistics, never puts a bed out of service.
    expect(
      (await analyst.post(`/api/accommodation-places/${placeId}/closures`, { reason: 'x', startsOn: today }))
        .statusCode,
    ).toBe(403)
  })
})

describe('the occupancy board', () => {
  it('counts the night per structure, names occupants only for who may see their file, and audits who saw them', async () => {
    const lhss = await seedLhss('LHSS du tableau')
    const [p1, p2, p3] = lhss.placeIds as [string, string, string]
    const seen = await createBarePerson(ctx.db, org.id, { lastName: 'Visible', teamId: org.teamId })
    const hidden = await createBarePerson(ctx.db, org.id, {
      lastName: 'Confidentiel',
      teamId: org.confidentialTeamId,
    })
    const waiting = await createBarePerson(ctx.db, org.id, { lastName: 'Attendu', teamId: org.teamId })
    await createStay(ctx.db, org.id, {
      structureId: lhss.id,
      personId: seen,
      placeId: p1,
      startedOn: addDays(today, -10),
      plannedEndOn: addDays(today, 50),
    })
    await createStay(ctx.db, org.id, {
      structureId: lhss.id,
      personId: hidden,
      placeId: p2,
      startedOn: addDays(today, -3),
    })
    await createAdmissionRequest(ctx.db, org.id, {
      structureId: lhss.id,
      personId: waiting,
      status: 'validated',
      reservedPlaceId: p3,
    })

    const board = await ok(await worker.get(`/api/accommodation-board?structureId=${lhss.id}`))
    expect(board.namesShown).toBe(true)
    expect(board.structures).toEqual([
      {
        id: lhss.id,
        name: 'LHSS du tableau',
        kind: 'lhss',
        counts: { places: 6, occupied: 2, reserved: 1, free: 3, out_of_service: 0 },
      },
    ])
    const byPlace = new Map(board.places.map((p: { placeId: string }) => [p.placeId, p]))
    expect(byPlace.get(p1)).toMatchObject({
      state: 'occupied',
      personName: 'VISIBLE Dominique',
      plannedEndOn: addDays(today, 50),
    })
    // The confidential team's resident is counted, never named to a worker outside that team.
    expect(byPlace.get(p2)).toMatchObject({ state: 'occupied', personName: null, personId: null })
    expect(byPlace.get(p3)).toMatchObject({ state: 'reserved', personName: 'ATTENDU Dominique' })
    expect(JSON.stringify(board)).not.toContain('CONFIDENTIEL')
    // The director sees every file.
    const directorBoard = await ok(await director.get(`/api/accommodation-board?structureId=${lhss.id}`))
    expect(JSON.stringify(directorBoard)).toContain('CONFIDENTIEL')
    // The administrator configures structures: the board without a single name.
    const adminBoard = await ok(await admin.get(`/api/accommodation-board?structureId=${lhss.id}`))
    expect(adminBoard.namesShown).toBe(false)
    expect(adminBoard.places.every((p: { personName: string | null }) => p.personName === null)).toBe(true)
    expect(adminBoard.structures[0].counts.occupied).toBe(2)
    // The analyst has statistics only.
    expect((await analyst.get(`/api/accommodation-board?structureId=${lhss.id}`)).statusCode).toBe(403)

    const trail = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'person_ids'])
      .where('action', '=', 'accommodation.board_read')
      .where('entity_id', '=', lhss.id)
      .execute()
    expect(trail[0]?.person_ids?.sort()).toEqual([seen, waiting].sort())

    // Without a structure: every structure's count, no place, no name.
    const all = await ok(await worker.get('/api/accommodation-board'))
    expect(all.places).toEqual([])
    expect(all.structures.find((s: { id: string }) => s.id === lhss.id).counts.occupied).toBe(2)
    expect(all.total.occupied).toBeGreaterThanOrEqual(2)
  })

  it('nights and rate over any period, readable by analysts, hand-counted', async () => {
    const structure = await ok(
      await admin.post('/api/accommodation-structures', {
        kind: 'chrs_reintegration',
        name: 'CHRS réinsertion',
        capacity: 2,
        openedOn: '2017-01-01',
      }),
      201,
    )
    const detail = await ok(
      await admin.post(`/api/accommodation-structures/${structure.id}/units`, {
        label: 'Chambre',
        kind: 'room',
        occupancy: 'double',
        accessible: false,
        placeLabels: ['a', 'b'],
      }),
      201,
    )
    const [a, b] = detail.units[0].places.map((p: { id: string }) => p.id)
    const one = await createBarePerson(ctx.db, org.id)
    const two = await createBarePerson(ctx.db, org.id)
    // Across the year boundary: 2016-12-20 → 2017-01-11 is 10 nights of January.
    await createStay(ctx.db, org.id, {
      structureId: structure.id,
      personId: one,
      placeId: a,
      startedOn: '2016-12-20',
      endedOn: '2017-01-11',
    })
    await createStay(ctx.db, org.id, {
      structureId: structure.id,
      personId: two,
      placeId: b,
      startedOn: '2017-01-21',
      endedOn: '2017-02-10',
    })
    await ok(
      await admin.post(`/api/accommodation-places/${a}/closures`, {
        reason: 'Travaux',
        startsOn: '2017-01-25',
        endsOn: '2017-01-31',
      }),
      201,
    )
    const january = await ok(
      await analyst.get(
        `/api/accommodation-board/occupancy?from=2017-01-01&to=2017-01-31&structureId=${structure.id}`,
      ),
    )
    // 2 places × 31 nights = 62; 7 nights out of service; 10 + 11 nights occupied; 21 / 55.
    expect(january.structures[0]).toMatchObject({
      placeNights: 62,
      outOfServiceNights: 7,
      availableNights: 55,
      occupiedNights: 21,
      rate: 0.3818,
    })
    expect(january.total).toMatchObject({ availableNights: 55, occupiedNights: 21, rate: 0.3818 })
    const backwards = await analyst.get('/api/accommodation-board/occupancy?from=2017-02-01&to=2017-01-01')
    expect(backwards.statusCode).toBe(400)
    expect(backwards.body).toContain('La fin ne peut précéder le début.')
    expect(
      (
        await other.get(
          `/api/accommodation-board/occupancy?from=2017-01-01&to=2017-01-31&structureId=${structure.id}`,
        )
      ).statusCode,
    ).toBe(404)
  })

  it('the SIAO’s list of free places is a CSV with no person and formulas neutralised', async () => {
    const structure = await ok(
      await admin.post('/api/accommodation-structures', {
        kind: 'chrs_emergency',
        name: '=Urgence',
        capacity: 2,
        openedOn: '2017-01-01',
        city: 'Testville',
      }),
      201,
    )
    const detail = await ok(
      await admin.post(`/api/accommodation-structures/${structure.id}/units`, {
        label: 'Dortoir',
        kind: 'dormitory',
        occupancy: 'single',
        accessible: true,
        placeLabels: ['1', '2'],
      }),
      201,
    )
    const [taken] = detail.units[0].places.map((p: { id: string }) => p.id)
    const personId = await createBarePerson(ctx.db, org.id, { lastName: 'Dormeur' })
    await createStay(ctx.db, org.id, {
      structureId: structure.id,
      personId,
      placeId: taken,
      startedOn: addDays(today, -1),
    })
    const response = await worker.get('/api/accommodation-board/free-places.csv')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('text/csv')
    const lines = response.body.replace('\uFEFF', '').trim().split('\r\n')
    expect(lines[0]).toBe(
      'Date;Structure;Type;Logement;Type de logement;Occupation;Place;Accessible PMR;Adresse;Code postal;Commune',
    )
    const urgence = lines.filter((line) => line.includes('Urgence'))
    expect(urgence).toEqual([
      `${today.split('-').reverse().join('/')};'=Urgence;CHRS – hébergement d’urgence;Dortoir;Dortoir;Individuelle;2;oui;;;Testville`,
    ])
    expect(response.body).not.toContain('DORMEUR')
  })
})

describe('settings: who reads medical parts besides nurses and doctors', () => {
  it('nobody by default; the director is added only when the organisation grants it, audited', async () => {
    expect(await ok(await director.get('/api/accommodation-settings'))).toEqual({ medicalExtraRoles: [] })
    const saved = await ok(
      await admin.put('/api/accommodation-settings', { medicalExtraRoles: ['director', 'director'] }),
    )
    expect(saved).toEqual({ medicalExtraRoles: ['director'] })
    const unknown = await admin.put('/api/accommodation-settings', { medicalExtraRoles: ['mayor'] })
    expect(unknown.statusCode).toBe(400)
    expect((await worker.put('/api/accommodation-settings', { medicalExtraRoles: [] })).statusCode).toBe(403)
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'accommodation.settings_update')
      .execute()
    expect(audit).toHaveLength(1)
    expect(await ok(await admin.put('/api/accommodation-settings', { medicalExtraRoles: [] }))).toEqual({
      medicalExtraRoles: [],
    })
  })
})

describe('partners’ agreements', () => {
  it('an agreement for a structure shows on the structure, on the partner, and on the home page when its renewal comes', async () => {
    const lhss = await seedLhss('LHSS conventionnée')
    const partner = await ok(await worker.post('/api/partners', { name: 'Centre hospitalier' }), 201)
    const agreement = await ok(
      await director.post('/api/partner-agreements', {
        partnerId: partner.id,
        subject: 'Convention LHSS – hôpital',
        structureId: lhss.id,
        startsOn: addDays(today, -300),
        endsOn: addDays(today, 20),
        renewalReminderDays: 30,
      }),
      201,
    )
    expect(agreement).toMatchObject({
      partnerName: 'Centre hospitalier',
      structureName: 'LHSS conventionnée',
      renewBy: addDays(today, -10),
      toRenewSoon: true,
    })
    const structure = await ok(await admin.get(`/api/accommodation-structures/${lhss.id}`))
    expect(structure.agreements.map((a: { id: string }) => a.id)).toEqual([agreement.id])
    const ofPartner = await ok(await worker.get(`/api/partner-agreements?partnerId=${partner.id}`))
    expect(ofPartner.items).toHaveLength(1)
    const home = await ok(await director.get('/api/home'))
    expect(home.tasks.find((t: { key: string }) => t.key === 'partners.agreements_to_renew').count).toBe(1)
    // Renewed for three years: off the list.
    await ok(
      await director.put(`/api/partner-agreements/${agreement.id}`, {
        partnerId: partner.id,
        subject: 'Convention LHSS – hôpital',
        structureId: lhss.id,
        startsOn: addDays(today, -300),
        endsOn: addDays(today, 1095),
        renewalReminderDays: 30,
      }),
    )
    expect((await ok(await worker.get('/api/partner-agreements?toRenew=true'))).items).toEqual([])
    const ending = await director.post('/api/partner-agreements', {
      partnerId: partner.id,
      subject: 'À l’envers',
      startsOn: today,
      endsOn: addDays(today, -1),
    })
    expect(ending.statusCode).toBe(400)
    expect((await other.delete(`/api/partner-agreements/${agreement.id}`)).statusCode).toBe(404)
    await ok(await director.delete(`/api/partner-agreements/${agreement.id}`))
    expect((await ok(await admin.get(`/api/accommodation-structures/${lhss.id}`))).agreements).toEqual([])
  })
  it('the directory reads the agreements of all its partners at once, a page at a time with the total', async () => {
    const partners = []
    for (const name of ['Banque alimentaire', 'Épicerie solidaire', 'Secours populaire'])
      partners.push(await ok(await worker.post('/api/partners', { name }), 201))
    for (const [index, partner] of partners.entries())
      for (let n = 0; n <= index; n++)
        await ok(
          await director.post('/api/partner-agreements', {
            partnerId: partner.id,
            subject: `Convention ${n + 1}`,
            module: 'aid',
            startsOn: addDays(today, -100),
            endsOn: addDays(today, 30 + 400 * n),
          }),
          201,
        )
    const [food, grocery, relief] = partners.map((p) => `partnerId=${p.id}`)
    const two = await ok(await worker.get(`/api/partner-agreements?${food}&${relief}`))
    expect(two.total).toBe(4)
    expect(new Set(two.items.map((a: { partnerName: string }) => a.partnerName))).toEqual(
      new Set(['Banque alimentaire', 'Secours populaire']),
    )
    const firstPage = await ok(
      await worker.get(`/api/partner-agreements?${food}&${grocery}&${relief}&pageSize=4`),
    )
    const secondPage = await ok(
      await worker.get(`/api/partner-agreements?${food}&${grocery}&${relief}&pageSize=4&page=2`),
    )
    expect([firstPage.total, firstPage.items.length, secondPage.items.length]).toEqual([6, 4, 2])
    const ids = [...firstPage.items, ...secondPage.items].map((a: { id: string }) => a.id)
    expect(new Set(ids).size).toBe(6)
    // The three ending within the default 60 days are to renew, counted in the database.
    const toRenew = await ok(await worker.get('/api/partner-agreements?toRenew=true'))
    expect(toRenew.total).toBe(3)
    expect(toRenew.items.every((a: { toRenewSoon: boolean }) => a.toRenewSoon)).toBe(true)
    expect((await worker.get('/api/partner-agreements?partnerId=pas-un-identifiant')).statusCode).toBe(400)
  })
})
