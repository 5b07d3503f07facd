/**
 * Privacy: the DPO (an account of the demo, like every role) has frozen one file while a request is
 * handled (the request is in the register, with last month's rectification answered), and the
 * nightly purge has run once, so its report is there to read. A file opened three
 * years ago, without any contact since, is in the archive: out of searches unless asked for,
 * read-only until a worker reactivates it. A social worker's burst of readings yesterday raised an
 * unusual-reading alert.
 */
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { Config } from '../../src/server/config.ts'
import type { Db } from '../../src/server/db/database.ts'
import { addDays } from '../../src/shared/dates.ts'
import { staffClient } from './api.ts'
import type { DemoLogin } from './base.ts'

export async function seedPrivacy(
  app: FastifyInstance,
  db: Db,
  config: Config,
  base: { organisationId: string; logins: DemoLogin[]; personIds: string[] },
  today: string,
  runSweep: () => Promise<number>,
  runReadingAlerts: (now: Date) => Promise<number>,
) {
  const as = (role: DemoLogin['role']) =>
    staffClient(app, db, config, {
      id: base.logins.find((l) => l.role === role)!.userId,
      organisationId: base.organisationId,
    })
  // The DPO reads no file: the director gives them its number, as on the person's letter.
  const director = await as('director')
  const file = await director.get(`/api/people/${base.personIds[0]}`)
  const dpo = await as('dpo')
  await dpo.post('/api/privacy/holds', {
    fileNumber: file.fileNumber,
    reason: 'Demande d’accès en cours de traitement (courrier reçu)',
    reviewOn: addDays(today, 30),
  })
  // The letter behind the hold, in the requests register, due a month after it came; and last
  // month's rectification, answered.
  await dpo.post('/api/privacy/requests', {
    kind: 'access',
    receivedOn: addDays(today, -10),
    requester: 'La personne elle-même (courrier)',
    fileNumber: file.fileNumber,
  })
  const rectification = await dpo.post('/api/privacy/requests', {
    kind: 'rectification',
    receivedOn: addDays(today, -45),
    requester: 'Sa curatrice (courriel)',
    fileNumber: file.fileNumber,
  })
  await dpo.post(`/api/privacy/requests/${rectification.id}/answer`, {
    answeredOn: addDays(today, -30),
    outcome: 'granted',
  })
  const archived = await director.post('/api/people', {
    lastName: 'Lenoir',
    firstNames: 'Armelle',
    birthDate: '1958-09-14',
  })
  const threeYearsAgo = new Date(`${addDays(today, -3 * 365)}T10:00:00Z`)
  await sql`update people set created_at = ${threeYearsAgo}, updated_at = ${threeYearsAgo}
    where id = ${archived.id}`.execute(db)
  await runSweep()

  // Yesterday afternoon, a social worker opened 45 different files within the hour (above the
  // threshold of 40): the hourly job raised an alert for the DPO and the director, counts only.
  const worker = base.logins.find((l) => l.role === 'social_worker')!
  const hour = new Date(`${addDays(today, -1)}T14:00:00Z`)
  const readings = base.personIds.slice(1, 46).map((personId, index) => ({
    organisation_id: base.organisationId,
    user_id: worker.userId,
    action: 'person.read',
    entity_type: 'person',
    entity_id: personId,
    person_id: personId,
    actor_kind: 'staff' as const,
    at: new Date(hour.getTime() + index * 60_000),
  }))
  await db.insertInto('audit_log').values(readings).execute()
  await runReadingAlerts(new Date(hour.getTime() + 2 * 3600_000))
}
