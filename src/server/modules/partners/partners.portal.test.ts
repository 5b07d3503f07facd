import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
  TEST_PASSWORD,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { NUL_REFUSED } from '../../../shared/validation.ts'
import {
  invitationToken,
  type PartnerClient,
  partnerClient,
  signedInContact,
} from './partners.portal.test-factories.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let contact: PartnerClient & { contactId: string }
const today = todayInFrance()
const partners = {} as Record<'epicerie' | 'mission', { id: string; serviceId: string }>
const people = {} as Record<'consenting' | 'silent' | 'withdrawn' | 'elsewhere', string>
const referrals = {} as Record<keyof typeof people, string>

const partnerWithService = async (name: string, service: string) => {
  const partner = (await worker.post('/api/partners', { name })).json().id as string
  const created = await worker.post(`/api/partners/${partner}/services`, { name: service, category: 'food' })
  return { id: partner, serviceId: created.json().id as string }
}

const refer = async (personId: string, serviceId: string, note: string) => {
  const response = await worker.post('/api/partner-referrals', {
    personId,
    partnerServiceId: serviceId,
    origin: 'followup',
    referredOn: addDays(today, -3),
    answerDueOn: addDays(today, 4),
    note,
  })
  if (response.statusCode !== 201) throw new Error(response.body)
  return response.json().id as string
}

const consent = async (personId: string, given: boolean, givenOn: string) => {
  const response = await worker.post(`/api/people/${personId}/consents`, {
    scope: 'partner_sharing',
    given,
    givenOn,
  })
  if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(response.body)
}

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  partners.epicerie = await partnerWithService('Épicerie solidaire Lilas', 'Colis du mardi')
  partners.mission = await partnerWithService('Mission locale', 'Garantie jeunes')
  const person = async (lastName: string, firstNames: string) =>
    (
      await worker.post('/api/people', {
        lastName,
        firstNames,
        birthDate: '1980-04-02',
        phone: '06 12 34 56 78',
        teamId: org.teamId,
      })
    ).json().id as string
  people.consenting = await person('Consentant', 'Aline')
  people.silent = await person('Discret', 'Bruno')
  people.withdrawn = await person('Retiré', 'Chloé')
  people.elsewhere = await person('Ailleurs', 'Denis')
  await consent(people.consenting, true, addDays(today, -10))
  await consent(people.withdrawn, true, addDays(today, -10))
  await consent(people.withdrawn, false, addDays(today, -2))
  await consent(people.elsewhere, true, addDays(today, -10))
  referrals.consenting = await refer(
    people.consenting,
    partners.epicerie.serviceId,
    'Famille de 4, sans ressources ce mois',
  )
  referrals.silent = await refer(people.silent, partners.epicerie.serviceId, 'Note confidentielle Bruno')
  referrals.withdrawn = await refer(
    people.withdrawn,
    partners.epicerie.serviceId,
    'Note confidentielle Chloé',
  )
  referrals.elsewhere = await refer(people.elsewhere, partners.mission.serviceId, 'Jeune de 19 ans')
  contact = await signedInContact(ctx, worker, partners.epicerie.id, {
    name: 'Inès Bénévole',
    email: 'ines@epicerie-lilas.test',
  })
})
afterAll(() => ctx?.close())

describe('partners’ contacts and the partner page', () => {
  it('invites a contact by e-mail: the link sets a password once, then the contact signs in on the partner page', async () => {
    const invited = await worker.post(`/api/partners/${partners.mission.id}/contacts`, {
      name: 'Marc Conseiller',
      email: 'marc@mission-locale.test',
    })
    expect(invited.statusCode, invited.body).toBe(201)
    expect(invited.json()).toMatchObject({ name: 'Marc Conseiller', status: 'invited' })
    const token = await invitationToken(ctx, 'marc@mission-locale.test')
    const mail = ctx.mailbox.received.filter((m) => m.to === 'marc@mission-locale.test').at(-1)!
    expect(mail.subject).toBe('Votre accès à la page partenaire de CCAS de Testville')
    expect(mail.text).toContain('Mission locale')
    expect(mail.text).toContain('/page-partenaire/mot-de-passe?token=')

    const client = partnerClient(ctx)
    const info = await client.post('/api/public/partners/invitation', { token })
    expect(info.json()).toMatchObject({ name: 'Marc Conseiller', partnerName: 'Mission locale' })
    const weak = await client.post('/api/public/partners/password', { token, password: 'court' })
    expect(weak.statusCode).toBe(400)
    const set = await client.post('/api/public/partners/password', { token, password: TEST_PASSWORD })
    expect(set.statusCode, set.body).toBe(200)
    const again = await client.post('/api/public/partners/password', { token, password: TEST_PASSWORD })
    expect(again.statusCode).toBe(404)
    expect(again.json().detail).toBe(
      'Ce lien n’est plus valable : demandez un nouveau lien (« Mot de passe oublié ») ou une nouvelle invitation au CCAS.',
    )

    const wrong = await client.login(org.id, 'marc@mission-locale.test', 'pas le bon mot de passe')
    expect(wrong.statusCode).toBe(401)
    const login = await client.login(org.id, 'MARC@mission-locale.test')
    expect(login.statusCode, login.body).toBe(200)
    expect(login.json()).toMatchObject({ name: 'Marc Conseiller', partnerName: 'Mission locale' })
    expect((await client.get('/api/public/partners/me')).statusCode).toBe(200)

    const listed = await worker.get(`/api/partners/${partners.mission.id}/contacts`)
    expect(listed.json().items).toEqual([
      expect.objectContaining({ email: 'marc@mission-locale.test', status: 'active' }),
    ])
    // The same address for another partner's contact is refused.
    const taken = await worker.post(`/api/partners/${partners.epicerie.id}/contacts`, {
      name: 'Marc',
      email: 'marc@mission-locale.test',
    })
    expect(taken.json().errors).toEqual([
      { path: 'email', message: 'Cette adresse a déjà un compte de partenaire.' },
    ])
  })

  it('lists only its own partner’s referrals, paginated with a total, showing a person only with their consent', async () => {
    const page = await contact.get('/api/public/partners/referrals?pageSize=50')
    expect(page.statusCode, page.body).toBe(200)
    const body = page.json()
    expect(body.total).toBe(3)
    const byId = new Map(body.items.map((r: { id: string }) => [r.id, r]))
    expect(byId.has(referrals.elsewhere)).toBe(false)
    expect(byId.get(referrals.consenting)).toMatchObject({
      serviceName: 'Colis du mardi',
      shared: true,
      person: { displayName: 'CONSENTANT Aline', birthDate: '1980-04-02', phone: '06 12 34 56 78' },
      details: 'Famille de 4, sans ressources ce mois',
      answer: 'pending',
    })
    for (const hidden of [referrals.silent, referrals.withdrawn]) {
      expect(byId.get(hidden)).toMatchObject({
        shared: false,
        person: null,
        details: null,
        serviceName: 'Colis du mardi',
      })
      expect((byId.get(hidden) as { reference: string }).reference).toMatch(/^OR-[0-9A-F]{8}$/)
    }
    for (const secret of [
      'Discret',
      'Bruno',
      'Retiré',
      'Chloé',
      'Note confidentielle',
      'Ailleurs',
      people.silent,
      people.withdrawn,
    ]) {
      expect(page.body).not.toContain(secret)
    }
    const first = (await contact.get('/api/public/partners/referrals?pageSize=1&page=2')).json()
    expect(first).toMatchObject({ total: 3, page: 2, pageSize: 1 })
    expect(first.items).toHaveLength(1)

    // Every view is in the trail, as the partner's contact, with the persons it showed.
    const trail = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'partner_portal.referral.list')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow()
    expect(trail).toMatchObject({
      actor_kind: 'partner_contact',
      partner_contact_id: contact.contactId,
      user_id: null,
    })
    expect(trail.person_ids).toHaveLength(1)
  })

  it('answers a referral: staff see the partner’s answer on the person’s referral and it leaves the unanswered list', async () => {
    const unansweredBefore = (await worker.get('/api/partner-referrals/unanswered')).json()
    expect(unansweredBefore.items.map((r: { id: string }) => r.id)).toContain(referrals.consenting)

    const vague = await contact.post(`/api/public/partners/referrals/${referrals.consenting}/answer`, {
      answer: 'needs_more',
    })
    expect(vague.json().errors).toEqual([
      { path: 'note', message: 'Dites quelles informations il vous manque.' },
    ])
    const more = await contact.post(`/api/public/partners/referrals/${referrals.consenting}/answer`, {
      answer: 'needs_more',
      note: 'Merci de joindre l’avis d’imposition',
    })
    expect(more.statusCode, more.body).toBe(200)
    expect(more.json()).toMatchObject({
      answer: 'needs_more',
      partnerNote: 'Merci de joindre l’avis d’imposition',
    })
    const accepted = await contact.post(`/api/public/partners/referrals/${referrals.consenting}/answer`, {
      answer: 'accepted',
      note: 'Premier colis mardi 10 h',
    })
    expect(accepted.json()).toMatchObject({ answer: 'accepted', answeredOn: today })

    const seen = await worker.get(`/api/partner-referrals?personId=${people.consenting}`)
    expect(seen.json().items[0]).toMatchObject({
      id: referrals.consenting,
      answer: 'accepted',
      answeredOn: today,
      partnerNote: 'Premier colis mardi 10 h',
      answeredByPartner: true,
      note: 'Famille de 4, sans ressources ce mois',
    })
    const unansweredAfter = (await worker.get('/api/partner-referrals/unanswered')).json()
    expect(unansweredAfter.items.map((r: { id: string }) => r.id)).not.toContain(referrals.consenting)

    const done = await contact.post(`/api/public/partners/referrals/${referrals.consenting}/answer`, {
      answer: 'done',
    })
    expect(done.json()).toMatchObject({ answer: 'done', partnerNote: null })
    const closed = await contact.post(`/api/public/partners/referrals/${referrals.consenting}/answer`, {
      answer: 'refused',
    })
    expect(closed.statusCode).toBe(409)
    expect(closed.json().detail).toBe('Cette orientation est close (réalisée) : sa réponse ne change plus.')

    // A referral shown without consent is answered too; the trail keeps who answered.
    const refused = await contact.post(`/api/public/partners/referrals/${referrals.silent}/answer`, {
      answer: 'refused',
      note: 'Plus de place ce mois-ci',
    })
    expect(refused.json()).toMatchObject({ answer: 'refused', person: null, details: null })
    const trail = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'partner_portal.referral.answer')
      .where('entity_id', '=', referrals.silent)
      .executeTakeFirstOrThrow()
    expect(trail).toMatchObject({ actor_kind: 'partner_contact', person_id: people.silent })
    // The journal names who answered: the partner's contact, as such.
    const director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
    const journal = await director.get(`/api/audit?personId=${people.silent}`)
    expect(journal.statusCode, journal.body).toBe(200)
    expect(
      journal.json().items.find((e: { action: string }) => e.action === 'partner_portal.referral.answer')
        ?.userName,
    ).toMatch(/ \(partenaire\)$/)

    // Another partner's referral does not exist for this contact.
    const foreign = await contact.post(`/api/public/partners/referrals/${referrals.elsewhere}/answer`, {
      answer: 'accepted',
    })
    expect(foreign.statusCode).toBe(404)
  })

  it('needs more information: the worker sees it on their worklist and the referral, replies, and the partner reads the reply', async () => {
    const asked = await refer(people.consenting, partners.epicerie.serviceId, 'Deuxième orientation')
    const question = 'Quel est le quotient familial ?'
    const more = await contact.post(`/api/public/partners/referrals/${asked}/answer`, {
      answer: 'needs_more',
      note: question,
    })
    expect(more.statusCode, more.body).toBe(200)

    // The worklist signals it, with the partner's question; the person's referral shows it too.
    const worklist = (await worker.get('/api/followup/worklist')).json()
    const section = worklist.sections.find((s: { key: string }) => s.key === 'referrals.needs_more')
    expect(section.title).toBe('Orientations : le partenaire demande des informations')
    expect(section.items).toEqual([
      expect.objectContaining({
        id: asked,
        personId: people.consenting,
        title: `Épicerie solidaire Lilas — Colis du mardi — ${question}`,
        dueOn: today,
      }),
    ])
    const home = (await worker.get('/api/home')).json()
    expect(home.tasks).toContainEqual({ key: 'referrals.needs_more', count: 1, late: 0 })
    const onFile = (await worker.get(`/api/partner-referrals?personId=${people.consenting}`)).json()
    expect(onFile.items.find((r: { id: string }) => r.id === asked)).toMatchObject({
      answer: 'needs_more',
      partnerNote: question,
      workerReply: null,
    })

    const blank = await worker.post(`/api/partner-referrals/${asked}/reply`, { note: '  ' })
    expect(blank.statusCode).toBe(400)
    expect(blank.json().errors).toEqual([{ path: 'note', message: 'Écrivez votre réponse au partenaire.' }])
    const replied = await worker.post(`/api/partner-referrals/${asked}/reply`, { note: 'QF de 420 €' })
    expect(replied.statusCode, replied.body).toBe(200)
    expect(replied.json()).toMatchObject({
      answer: 'pending',
      workerReply: 'QF de 420 €',
      workerRepliedOn: today,
      partnerNote: question,
    })
    // Back to waiting for the partner: out of the signal, in the unanswered list; a second reply is refused.
    const after = (await worker.get('/api/followup/worklist')).json()
    expect(after.sections.find((s: { key: string }) => s.key === 'referrals.needs_more').items).toEqual([])
    const waiting = (await worker.get('/api/partner-referrals/unanswered')).json()
    expect(waiting.items.map((r: { id: string }) => r.id)).toContain(asked)
    const again = await worker.post(`/api/partner-referrals/${asked}/reply`, { note: 'Encore' })
    expect(again.statusCode).toBe(409)
    expect(again.json().detail).toBe('Le partenaire n’a pas demandé d’informations pour cette orientation.')

    // The partner reads the reply with its own question, and answers.
    const page = (await contact.get('/api/public/partners/referrals?pageSize=50')).json()
    expect(page.items.find((r: { id: string }) => r.id === asked)).toMatchObject({
      answer: 'pending',
      partnerNote: question,
      workerReply: 'QF de 420 €',
      workerRepliedOn: today,
    })
    const trail = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'referral.reply')
      .where('entity_id', '=', asked)
      .executeTakeFirstOrThrow()
    expect(trail).toMatchObject({ actor_kind: 'staff', person_id: people.consenting })

    // Without the person's consent, the reply would not reach the partner: refused, said in French.
    const silent = await refer(people.silent, partners.epicerie.serviceId, 'Sans consentement')
    await contact.post(`/api/public/partners/referrals/${silent}/answer`, {
      answer: 'needs_more',
      note: 'Adresse ?',
    })
    const unshared = await worker.post(`/api/partner-referrals/${silent}/reply`, { note: '12 rue X' })
    expect(unshared.statusCode).toBe(400)
    expect(unshared.json().errors[0].message).toMatch(/^La personne n’a pas consenti au partage/)
    const unsharedPage = (await contact.get('/api/public/partners/referrals?pageSize=50')).json()
    expect(JSON.stringify(unsharedPage)).not.toContain('12 rue X')
  })

  it('refuses a NUL character in the partner’s note, in French, and in the invited contact’s name', async () => {
    const nul = await contact.post(`/api/public/partners/referrals/${referrals.withdrawn}/answer`, {
      answer: 'accepted',
      note: 'a\u0000b',
    })
    expect(nul.statusCode).toBe(400)
    expect(nul.json().errors).toContainEqual({ path: 'note', message: NUL_REFUSED })
    const name = await worker.post(`/api/partners/${partners.mission.id}/contacts`, {
      name: 'a\u0000b',
      email: 'nul@mission-locale.test',
    })
    expect(name.json().errors).toContainEqual({ path: 'name', message: NUL_REFUSED })
  })

  it('keeps the two sessions apart: a staff cookie never opens the partner page, nor the partner’s cookie staff routes', async () => {
    expect((await worker.get('/api/public/partners/referrals')).statusCode).toBe(401)
    expect((await contact.get('/api/partner-referrals/unanswered')).statusCode).toBe(401)
    expect((await contact.get(`/api/people/${people.consenting}`)).statusCode).toBe(401)
    // A write without the contact's CSRF token is refused.
    const forged = partnerClient(ctx)
    forged.cookie = contact.cookie
    const refused = await forged.post(`/api/public/partners/referrals/${referrals.withdrawn}/answer`, {
      answer: 'accepted',
    })
    expect(refused.statusCode).toBe(403)
  })

  it('« Mot de passe oublié »: the same answer for any address; the e-mailed link sets a new password once and ends the sessions', async () => {
    const email = 'remi@epicerie-lilas.test'
    const remi = await signedInContact(ctx, worker, partners.epicerie.id, { name: 'Rémi Oubli', email })
    const before = ctx.mailbox.received.length
    const asked = await partnerClient(ctx).post('/api/public/partners/password-reset', {
      organisationId: org.id,
      email: 'REMI@epicerie-lilas.test',
    })
    const unknown = await partnerClient(ctx).post('/api/public/partners/password-reset', {
      organisationId: org.id,
      email: 'personne@nulle-part.test',
    })
    // Nothing tells an account from none.
    expect([asked.statusCode, unknown.statusCode]).toEqual([202, 202])
    expect(asked.body).toBe(unknown.body)
    await ctx.deliverEmails()
    await ctx.deliverEmails()
    const sent = ctx.mailbox.received.slice(before)
    expect(sent.map((m) => m.to)).toEqual([email])
    expect(sent[0]!.subject).toMatch(/nouveau mot de passe/)
    const token = new URL(ctx.mailbox.linkFor(email)).searchParams.get('token') as string
    const info = await partnerClient(ctx).post('/api/public/partners/invitation', { token })
    expect(info.json()).toMatchObject({ name: 'Rémi Oubli', email })

    const set = await partnerClient(ctx).post('/api/public/partners/password', {
      token,
      password: 'un tout nouveau mot de passe',
    })
    expect(set.statusCode, set.body).toBe(200)
    // The session opened with the old password is over; the old password no longer signs in.
    expect((await remi.get('/api/public/partners/referrals')).statusCode).toBe(401)
    expect((await partnerClient(ctx).login(org.id, email)).statusCode).toBe(401)
    expect((await partnerClient(ctx).login(org.id, email, 'un tout nouveau mot de passe')).statusCode).toBe(
      200,
    )
    const again = await partnerClient(ctx).post('/api/public/partners/password', {
      token,
      password: 'encore un autre mot de passe',
    })
    expect(again.statusCode).toBe(404)
    const trail = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('partner_contact_id', '=', remi.contactId)
      .execute()
    expect(trail.map((t) => t.action)).toEqual(
      expect.arrayContaining(['partner_contact.password_reset_request', 'partner_contact.password_reset']),
    )
  })

  it('sends an invitation again: the new link works, the lost one no more; an active contact is told to use « Mot de passe oublié »', async () => {
    const email = 'lea@epicerie-lilas.test'
    const invited = await worker.post(`/api/partners/${partners.epicerie.id}/contacts`, {
      name: 'Léa Relance',
      email,
    })
    const lost = await invitationToken(ctx, email)
    const again = await worker.post(
      `/api/partners/${partners.epicerie.id}/contacts/${invited.json().id}/invitation`,
    )
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json()).toMatchObject({ status: 'invited', email })
    const fresh = await invitationToken(ctx, email)
    expect(fresh).not.toBe(lost)
    const stale = await partnerClient(ctx).post('/api/public/partners/password', {
      token: lost,
      password: TEST_PASSWORD,
    })
    expect(stale.statusCode).toBe(404)
    const set = await partnerClient(ctx).post('/api/public/partners/password', {
      token: fresh,
      password: TEST_PASSWORD,
    })
    expect(set.statusCode).toBe(200)
    const active = await worker.post(
      `/api/partners/${partners.epicerie.id}/contacts/${invited.json().id}/invitation`,
    )
    expect(active.statusCode).toBe(409)
    expect(active.json().detail).toMatch(/Mot de passe oublié/)
    // Another partner's path does not reach the contact.
    const wrong = await worker.post(
      `/api/partners/${partners.mission.id}/contacts/${invited.json().id}/invitation`,
    )
    expect(wrong.statusCode).toBe(404)
  })

  it('disables a contact: their session ends and they sign in no more', async () => {
    const other = await signedInContact(ctx, worker, partners.epicerie.id, {
      name: 'Jules Départ',
      email: 'jules@epicerie-lilas.test',
    })
    expect((await other.get('/api/public/partners/referrals')).statusCode).toBe(200)
    const disabled = await worker.post(
      `/api/partners/${partners.epicerie.id}/contacts/${other.contactId}/disable`,
    )
    expect(disabled.json()).toMatchObject({ status: 'disabled' })
    expect((await other.get('/api/public/partners/referrals')).statusCode).toBe(401)
    expect((await partnerClient(ctx).login(org.id, 'jules@epicerie-lilas.test')).statusCode).toBe(401)
    // Invited again, a disabled address stays refused.
    const reinvited = await worker.post(`/api/partners/${partners.epicerie.id}/contacts`, {
      name: 'Jules',
      email: 'jules@epicerie-lilas.test',
    })
    expect(reinvited.statusCode).toBe(400)
  })

  it('the nightly sweeper anonymises a contact disabled longer than the period, and deletes ended sessions', async () => {
    const later = new Date(Date.now() + 13 * 31 * 86_400_000)
    await ctx.runJob('privacy.retention-sweep', later)
    const jules = await ctx.db
      .selectFrom('partner_contacts')
      .selectAll()
      .where('name', '=', '[effacé]')
      .execute()
    expect(jules).toHaveLength(1)
    expect(jules[0]!.email).toMatch(/^efface-.*@invalid$/)
    expect(jules[0]!.password_hash).toBeNull()
    const sessions = await ctx.db
      .selectFrom('partner_contact_sessions')
      .select('id')
      .where('contact_id', '=', jules[0]!.id)
      .execute()
    expect(sessions).toEqual([])
    // The active contact keeps their account.
    const ines = await ctx.db
      .selectFrom('partner_contacts')
      .select('name')
      .where('id', '=', contact.contactId)
      .executeTakeFirstOrThrow()
    expect(ines.name).toBe('Inès Bénévole')
  })
})
