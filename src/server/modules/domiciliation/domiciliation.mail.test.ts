import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let desk: ApiClient
let deskId: string
let worker: ApiClient

const today = () => todayInFrance()
const errorsOf = (response: { json: () => { errors?: { path: string; message: string }[] } }) =>
  response.json().errors ?? []

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx, 'CCAS de Courrierville')
  const deskUser = await createUser(ctx, org.id, { roles: ['front_desk_agent'], teamIds: [org.teamId] })
  deskId = deskUser.id
  desk = await signedIn(ctx, deskUser)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
})
afterAll(() => ctx?.close())

async function person(lastName: string, extra: object = {}) {
  const response = await worker.post('/api/people', { lastName, firstNames: 'Jean', ...extra })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string; fileNumber: string }
}

/** A granted period, written as the domiciliation's decisions would leave it. */
async function domicile(personId: string, startOn = addDays(today(), -30), endOn = addDays(startOn, 364)) {
  const row = await ctx.db
    .insertInto('domiciliations')
    .values({
      organisation_id: org.id,
      person_id: personId,
      kind: 'first',
      status: 'granted',
      requested_on: startOn,
      start_on: startOn,
      end_on: endOn,
      decided_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function domiciled(lastName: string, extra: object = {}) {
  const p = await person(lastName, extra)
  const periodId = await domicile(p.id)
  return { ...p, periodId }
}

async function log(personId: string, kind = 'letter', sender?: string) {
  const response = await desk.post('/api/mail-items', { personId, kind, sender })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string; status: string }
}

const waiting = async (personId: string) => {
  const response = await desk.get(`/api/mail-items?personId=${personId}`)
  expect(response.statusCode, response.body).toBe(200)
  return response.json() as { items: { id: string; kind: string; status: string }[]; total: number }
}

const lastContactOf = async (periodId: string) =>
  (
    await ctx.db
      .selectFrom('domiciliations')
      .select('last_contact_at')
      .where('id', '=', periodId)
      .executeTakeFirstOrThrow()
  ).last_contact_at

describe('logging mail as it arrives', () => {
  it('finds people domiciled today by name or file number, with their waiting count, and logs a batch', async () => {
    const a = await domiciled('Postier')
    const b = await domiciled('Postière', { firstNames: 'Anne' })
    const none = await person('Postillon')
    const ended = await person('Postard')
    await domicile(ended.id, addDays(today(), -400), addDays(today(), -36))

    const byName = await desk.get('/api/mail-items/recipients?q=postier')
    expect(byName.statusCode, byName.body).toBe(200)
    const names = byName.json().items.map((r: { displayName: string }) => r.displayName)
    // Accents do not matter; neither the one without a period nor the one whose period ended shows.
    expect(names.sort()).toEqual(['POSTIER Jean', 'POSTIÈRE Anne'])
    expect(byName.json().items[0]).toMatchObject({ waitingCount: 0, period: { startOn: expect.any(String) } })
    // The front desk sees what mail handling needs, nothing of the instruction.
    expect(Object.keys(byName.json().items[0]).sort()).toEqual([
      'displayName',
      'fileNumber',
      'period',
      'personId',
      'waitingCount',
    ])

    // Scanned or typed without its zeros, the file number finds the file.
    const byNumber = await desk.get(`/api/mail-items/recipients?q=${Number(a.fileNumber)}`)
    expect(byNumber.json().items.map((r: { personId: string }) => r.personId)).toEqual([a.id])

    const batch = await desk.post('/api/mail-items/batch', {
      items: [
        { personId: a.id, kind: 'letter' },
        { personId: a.id, kind: 'registered_notice', sender: 'Tribunal judiciaire' },
        { personId: b.id, kind: 'parcel' },
        { personId: b.id, kind: 'official', sender: 'CAF' },
      ],
    })
    expect(batch.statusCode, batch.body).toBe(201)
    expect(batch.json().items).toHaveLength(4)
    expect((await waiting(a.id)).total).toBe(2)
    const after = await desk.get('/api/mail-items/recipients?q=postier jean')
    expect(after.json().items).toEqual([expect.objectContaining({ personId: a.id, waitingCount: 2 })])

    // One item for someone without a period in force: nothing of the batch is written.
    for (const refused of [none.id, ended.id]) {
      const response = await desk.post('/api/mail-items/batch', {
        items: [
          { personId: a.id, kind: 'letter' },
          { personId: refused, kind: 'letter' },
        ],
      })
      expect(response.statusCode, response.body).toBe(400)
      expect(errorsOf(response)).toEqual([
        {
          path: 'items.1.personId',
          message:
            'Cette personne n’a pas de domiciliation en cours aujourd’hui : son courrier ne peut pas être enregistré.',
        },
      ])
    }
    expect((await waiting(a.id)).total).toBe(2)
    const one = await desk.post('/api/mail-items', { personId: none.id, kind: 'letter' })
    expect(one.statusCode).toBe(400)
    expect(errorsOf(one)[0]?.path).toBe('personId')

    // A kind outside the list is a field error, never a 500.
    const bad = await desk.post('/api/mail-items', { personId: a.id, kind: 'pigeon' })
    expect(bad.statusCode).toBe(400)
    expect(errorsOf(bad)[0]?.path).toBe('kind')
  })

  it('refuses mail for a period not started yet, and accepts it on its last day', async () => {
    const later = await person('Futurin')
    await domicile(later.id, addDays(today(), 1))
    expect((await desk.post('/api/mail-items', { personId: later.id, kind: 'letter' })).statusCode).toBe(400)
    const lastDay = await person('Dernierjour')
    await domicile(lastDay.id, addDays(today(), -364), today())
    expect((await desk.post('/api/mail-items', { personId: lastDay.id, kind: 'letter' })).statusCode).toBe(
      201,
    )
  })
})

describe('handover and the 3-month rule', () => {
  it('to the person: the items are handed over and the period records the contact', async () => {
    const p = await domiciled('Remisé')
    const items = [await log(p.id), await log(p.id, 'parcel')]
    expect(await lastContactOf(p.periodId)).toBeNull()
    const response = await desk.post('/api/mail-items/handover', {
      personId: p.id,
      itemIds: items.map((i) => i.id),
      recipient: 'person',
    })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json().items).toEqual([
      expect.objectContaining({ status: 'handed_over', handedTo: 'person', proxyName: null }),
      expect.objectContaining({ status: 'handed_over', handedTo: 'person' }),
    ])
    expect(await lastContactOf(p.periodId)).not.toBeNull()
    expect((await waiting(p.id)).total).toBe(0)

    // Handed over once: a second handover of the same letter is refused.
    const again = await desk.post('/api/mail-items/handover', {
      personId: p.id,
      itemIds: [items[0]!.id],
      recipient: 'person',
    })
    expect(again.statusCode).toBe(400)
    expect(errorsOf(again)[0]).toEqual({
      path: 'itemIds.0',
      message: 'Ce courrier n’est plus en attente (déjà remis, réexpédié ou retourné).',
    })

    // The timeline shows the handover, without the senders.
    const timeline = await worker.get(`/api/people/${p.id}/timeline?kind=mail`)
    expect(timeline.statusCode, timeline.body).toBe(200)
    expect(timeline.json().items).toEqual([
      expect.objectContaining({ kind: 'mail', title: '2 courriers remis à la personne' }),
    ])
  })

  it('to a proxy valid today: handed over, but no contact for the 3-month rule; outside its dates or revoked: refused', async () => {
    const p = await domiciled('Mandant')
    const proxy = async (body: object) => {
      const response = await desk.post('/api/mail-proxies', {
        personId: p.id,
        lastName: 'Mandataire',
        ...body,
      })
      expect(response.statusCode, response.body).toBe(201)
      return response.json() as { id: string; valid: boolean }
    }
    const valid = await proxy({
      firstName: 'Paul',
      validFrom: addDays(today(), -10),
      validUntil: addDays(today(), 10),
    })
    const notYet = await proxy({ validFrom: addDays(today(), 1) })
    const expired = await proxy({ validFrom: addDays(today(), -60), validUntil: addDays(today(), -1) })
    const revoked = await proxy({ validFrom: addDays(today(), -5) })
    expect([valid.valid, notYet.valid, expired.valid, revoked.valid]).toEqual([true, false, false, true])
    const revocation = await desk.post(`/api/mail-proxies/${revoked.id}/revoke`, {})
    expect(revocation.statusCode, revocation.body).toBe(200)
    expect(revocation.json()).toMatchObject({ valid: false, revokedAt: expect.any(String) })

    const item = await log(p.id)
    for (const [proxyId, message] of [
      [notYet.id, 'hors de ses dates'],
      [expired.id, 'hors de ses dates'],
      [revoked.id, 'révoquée'],
    ] as const) {
      const refused = await desk.post('/api/mail-items/handover', {
        personId: p.id,
        itemIds: [item.id],
        recipient: 'proxy',
        proxyId,
      })
      expect(refused.statusCode).toBe(400)
      expect(errorsOf(refused)[0]?.path).toBe('proxyId')
      expect(errorsOf(refused)[0]?.message).toContain(message)
    }
    // Another person's proxy is not this person's.
    const other = await domiciled('Autrui')
    const otherItem = await log(other.id)
    const foreign = await desk.post('/api/mail-items/handover', {
      personId: other.id,
      itemIds: [otherItem.id],
      recipient: 'proxy',
      proxyId: valid.id,
    })
    expect(errorsOf(foreign)[0]).toEqual({ path: 'proxyId', message: 'Mandataire inconnu.' })
    // A proxy must be named.
    const unnamed = await desk.post('/api/mail-items/handover', {
      personId: p.id,
      itemIds: [item.id],
      recipient: 'proxy',
    })
    expect(errorsOf(unnamed)[0]?.path).toBe('proxyId')

    const handed = await desk.post('/api/mail-items/handover', {
      personId: p.id,
      itemIds: [item.id],
      recipient: 'proxy',
      proxyId: valid.id,
    })
    expect(handed.statusCode, handed.body).toBe(200)
    expect(handed.json().items[0]).toMatchObject({ handedTo: 'proxy', proxyName: 'MANDATAIRE Paul' })
    // A proxy's pick-up is not the person showing up.
    expect(await lastContactOf(p.periodId)).toBeNull()

    const list = await desk.get(`/api/mail-proxies?personId=${p.id}`)
    expect(list.json().items).toHaveLength(4)

    // A proxy whose end precedes its start is refused.
    const backwards = await desk.post('/api/mail-proxies', {
      personId: p.id,
      lastName: 'Àrebours',
      validFrom: today(),
      validUntil: addDays(today(), -1),
    })
    expect(errorsOf(backwards)[0]?.path).toBe('validUntil')
  })

  it('calls and visits logged at the front desk count; an e-mail does not; a visit hands mail over in the same gesture', async () => {
    const p = await domiciled('Visiteur')
    const email = await desk.post('/api/contacts', { channel: 'email', personId: p.id })
    expect(email.statusCode, email.body).toBe(201)
    expect(await lastContactOf(p.periodId)).toBeNull()
    const call = await desk.post('/api/contacts', { channel: 'phone', personId: p.id })
    expect(call.statusCode, call.body).toBe(201)
    const afterCall = await lastContactOf(p.periodId)
    expect(afterCall).not.toBeNull()
    // A contact typed afterwards for an earlier day does not move the last contact back.
    await desk.post('/api/contacts', {
      channel: 'walk_in',
      personId: p.id,
      occurredAt: new Date(Date.now() - 40 * 86_400_000).toISOString(),
    })
    expect(await lastContactOf(p.periodId)).toEqual(afterCall)

    const items = [await log(p.id), await log(p.id, 'official'), await log(p.id, 'parcel')]
    const visit = await desk.post('/api/mail-items/handover', {
      personId: p.id,
      itemIds: items.slice(0, 2).map((i) => i.id),
      recipient: 'person',
      contact: { channel: 'walk_in', siteId: org.siteId, teamId: org.teamId },
    })
    expect(visit.statusCode, visit.body).toBe(200)
    const contactId = visit.json().contactId as string
    expect(visit.json().items.map((i: { contactId: string }) => i.contactId)).toEqual([contactId, contactId])
    const contact = await desk.get(`/api/contacts/${contactId}`)
    expect(contact.json()).toMatchObject({ personId: p.id, channel: 'walk_in' })
    expect((await waiting(p.id)).items.map((i) => i.id)).toEqual([items[2]!.id])

    // A refused handover logs no visit either.
    const before = await desk.get(`/api/contacts?personId=${p.id}&limit=50`)
    const refused = await desk.post('/api/mail-items/handover', {
      personId: p.id,
      itemIds: [items[0]!.id],
      recipient: 'person',
      contact: { channel: 'walk_in' },
    })
    expect(refused.statusCode).toBe(400)
    const after = await desk.get(`/api/contacts?personId=${p.id}&limit=50`)
    expect(after.json().items).toHaveLength(before.json().items.length)
  })
})

describe('forwarding and returning to sender', () => {
  it('forwards to an address and returns NPAI mail; both leave the waiting list', async () => {
    const p = await domiciled('Réexpédié')
    const [a, b, c] = [await log(p.id), await log(p.id), await log(p.id)]
    const forwarded = await desk.post('/api/mail-items/forward', {
      personId: p.id,
      itemIds: [a!.id],
      address: '12 rue des Lilas, 42000 Saint-Étienne',
    })
    expect(forwarded.statusCode, forwarded.body).toBe(200)
    expect(forwarded.json().items[0]).toMatchObject({
      status: 'forwarded',
      forwardedTo: '12 rue des Lilas, 42000 Saint-Étienne',
    })
    const noAddress = await desk.post('/api/mail-items/forward', {
      personId: p.id,
      itemIds: [b!.id],
      address: ' ',
    })
    expect(errorsOf(noAddress)[0]?.path).toBe('address')

    const returned = await desk.post('/api/mail-items/return', { personId: p.id, itemIds: [b!.id] })
    expect(returned.statusCode, returned.body).toBe(200)
    expect(returned.json().items[0]).toMatchObject({ status: 'returned' })
    // Neither counts as the person showing up.
    expect(await lastContactOf(p.periodId)).toBeNull()

    expect((await waiting(p.id)).items.map((i) => i.id)).toEqual([c!.id])
    const all = await desk.get(`/api/mail-items?personId=${p.id}&status=all`)
    expect(all.json().total).toBe(3)
    // Another person's item is unknown to this person.
    const other = await domiciled('Tiers')
    const wrong = await desk.post('/api/mail-items/return', { personId: other.id, itemIds: [c!.id] })
    expect(errorsOf(wrong)[0]).toEqual({ path: 'itemIds.0', message: 'Courrier inconnu.' })
  })
})

describe('telling the person that mail waits', () => {
  it('e-mails only those who consented and have an address, once a day, naming neither sender nor content', async () => {
    const consenting = await domiciled('Consentant', { email: 'jean.consentant@example.org' })
    await desk.post(`/api/people/${consenting.id}/consents`, {
      scope: 'contact_by_message',
      given: true,
      givenOn: '2026-01-02',
    })
    const withdrawn = await domiciled('Retiré', { email: 'jean.retire@example.org' })
    await desk.post(`/api/people/${withdrawn.id}/consents`, {
      scope: 'contact_by_message',
      given: true,
      givenOn: '2026-01-02',
    })
    await desk.post(`/api/people/${withdrawn.id}/consents`, {
      scope: 'contact_by_message',
      given: false,
      givenOn: '2026-02-03',
    })
    const silent = await domiciled('Silencieux', { email: 'jean.silencieux@example.org' })
    while ((await ctx.deliverEmails()) > 0) {}
    const before = ctx.mailbox.received.length

    const batch = await desk.post('/api/mail-items/batch', {
      items: [consenting, withdrawn, silent, consenting].map((p) => ({
        personId: p.id,
        kind: 'official',
        sender: 'Tribunal judiciaire de Lyon',
      })),
    })
    expect(batch.statusCode, batch.body).toBe(201)
    expect(batch.json().items.map((i: { notifiedAt: string | null }) => Boolean(i.notifiedAt))).toEqual([
      true,
      false,
      false,
      true,
    ])
    // Another letter the same day: no second e-mail.
    await log(consenting.id)
    while ((await ctx.deliverEmails()) > 0) {}
    const mails = ctx.mailbox.received.slice(before)
    expect(mails.map((m) => m.to)).toEqual(['jean.consentant@example.org'])
    expect(mails[0]!.subject).toContain('CCAS de Courrierville')
    expect(mails[0]!.text).toContain('Du courrier est arrivé pour vous')
    expect(mails[0]!.text).not.toContain('Tribunal')
    expect(mails[0]!.text).not.toContain('administratif')
    expect(mails[0]!.text).not.toContain('CONSENTANT')
  })
})

describe('who sees what', () => {
  it('records who logged the mail, and the audit journal names the actions in French', async () => {
    const p = await domiciled('Audité')
    const item = await log(p.id)
    const row = await ctx.db
      .selectFrom('mail_items')
      .select(['received_by', 'domiciliation_id'])
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ received_by: deskId, domiciliation_id: p.periodId })
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'person_ids'])
      .where('action', '=', 'mail.log')
      .where('entity_id', '=', item.id)
      .executeTakeFirstOrThrow()
    expect(audit.person_ids).toEqual([p.id])
  })

  it('keeps the files of a confidential team out of the mail desk of those outside it', async () => {
    const director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
    const created = await director.post('/api/people', {
      lastName: 'Confidentiel',
      teamId: org.confidentialTeamId,
    })
    const id = created.json().id as string
    await domicile(id)
    const search = await desk.get('/api/mail-items/recipients?q=confidentiel')
    expect(search.json().items).toEqual([])
    const refused = await desk.post('/api/mail-items', { personId: id, kind: 'letter' })
    expect(errorsOf(refused)[0]).toEqual({ path: 'personId', message: 'Personne inconnue.' })
    expect((await director.get('/api/mail-items/recipients?q=confidentiel')).json().items).toHaveLength(1)
  })
})
