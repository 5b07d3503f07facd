import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/server/db/schema.ts'
import { addDays } from '../../src/shared/dates.ts'
import { type DemoClient, partnerContactClient, publicClient } from './api.ts'

/** The partner's contact whose login the demo prints, to try the partner page. */
export const DEMO_PARTNER_CONTACT = {
  name: 'Nadia Colis',
  email: 'nadia.colis@demo.trame',
  password: 'partenaire-demo-2026',
}

/**
 * The partner page: the social worker invites a contact of the first partner of the directory; the
 * contact chooses a password from the e-mailed link (read from the outbox, as the demo sends nothing)
 * and answers two of the referrals addressed to the partner — one person consented to sharing, the
 * other refused it and shows only as a reference (the partner asked for more: it is on the worker's
 * worklist). A third asked for more, the worker replied, and it waits for the partner again.
 */
export async function seedPartnerPortal(
  app: FastifyInstance,
  db: Kysely<Database>,
  worker: DemoClient,
  organisationId: string,
  teamId: string,
  today: string,
) {
  const services = (await worker.get('/api/partner-services')).items as { id: string; partnerId: string }[]
  const service = services[0]!
  const person = async (lastName: string, firstNames: string, birthDate: string, given: boolean) => {
    const { id } = (await worker.post('/api/people', {
      lastName,
      firstNames,
      birthDate,
      phone: '06 71 22 33 44',
      teamId,
    })) as { id: string }
    await worker.post(`/api/people/${id}/consents`, {
      scope: 'partner_sharing',
      given,
      givenOn: addDays(today, -6),
      ...(given ? {} : { note: 'Ne souhaite pas que son nom soit transmis.' }),
    })
    return id
  }
  const refer = async (personId: string, daysAgo: number, note: string) =>
    (
      (await worker.post('/api/partner-referrals', {
        personId,
        partnerServiceId: service.id,
        origin: 'followup',
        referredOn: addDays(today, -daysAgo),
        answerDueOn: addDays(today, 10 - daysAgo),
        note,
      })) as { id: string }
    ).id
  const consenting = await refer(
    await person('Roux', 'Amandine', '1988-05-14', true),
    5,
    'Mère isolée, deux enfants, en attente de l’ouverture de ses droits.',
  )
  const refusing = await refer(await person('Benali', 'Karim', '1975-11-02', false), 4, 'Aide ponctuelle')
  const replied = await refer(
    await person('Lemaire', 'Odile', '1949-02-20', true),
    1,
    'Retraitée, petite pension.',
  )

  await worker.post(`/api/partners/${service.partnerId}/contacts`, {
    name: DEMO_PARTNER_CONTACT.name,
    email: DEMO_PARTNER_CONTACT.email,
  })
  const invitation = await db
    .selectFrom('outbox')
    .select('payload')
    .where('kind', '=', 'email')
    .orderBy('id')
    .execute()
  const text = invitation
    .map((row) => row.payload as { to?: string; text?: string })
    .filter((mail) => mail.to === DEMO_PARTNER_CONTACT.email)
    .at(-1)?.text
  const token = text?.match(/token=([A-Za-z0-9_%-]+)/)?.[1]
  if (!token) throw new Error('démo : invitation du contact partenaire introuvable')
  await publicClient(app).post('/api/public/partners/password', {
    token: decodeURIComponent(token),
    password: DEMO_PARTNER_CONTACT.password,
  })
  const contact = await partnerContactClient(app, {
    organisationId,
    email: DEMO_PARTNER_CONTACT.email,
    password: DEMO_PARTNER_CONTACT.password,
  })
  await contact.get('/api/public/partners/referrals')
  await contact.post(`/api/public/partners/referrals/${consenting}/answer`, {
    answer: 'accepted',
    note: 'Premier colis jeudi à 14 h, se présenter avec un justificatif de domicile.',
  })
  await contact.post(`/api/public/partners/referrals/${refusing}/answer`, {
    answer: 'needs_more',
    note: 'Pouvez-vous nous indiquer la composition du foyer ?',
  })
  // The partner asked, the worker replied on the file: the referral waits for the partner again.
  await contact.post(`/api/public/partners/referrals/${replied}/answer`, {
    answer: 'needs_more',
    note: 'Vit-elle seule ? Le colis est adapté à la taille du foyer.',
  })
  await worker.post(`/api/partner-referrals/${replied}/reply`, {
    note: 'Oui, elle vit seule ; elle se déplace difficilement le matin.',
  })
}
