/**
 * Issue 12: the follow-up at scale — with the synthetic CCAS's casework (scripts/synth/followup.ts: at
 * 1 M persons, 200 k support records, 2 M interviews, 500 k documents) — read through the whole HTTP
 * stack of the application (built in this process, requests injected, a real session): the social
 * worker's worklist (every section, first page), and a followed person's file as its page loads it
 * (the file, its timeline's first page, its support records, its documents and its referrals, asked
 * together as the browser does), the first record's interviews after.
 */
import { type Kysely, sql } from 'kysely'
import type { GroundTruth } from '../../scripts/synth.ts'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import type { Db } from '../../src/server/db/database.ts'
import type { Database } from '../../src/server/db/schema.ts'
import { consoleMailer } from '../../src/server/platform/mail.ts'
import { SessionStore } from '../../src/server/platform/sessions.ts'
import { type Latency, summarise, timed } from './stats.ts'

export interface FollowupFigures {
  records: number
  interviews: number
  documents: number
  /** Running records the bench's social worker is referent of. */
  caseload: number
  /** GET /api/followup/worklist as the social worker: every section's first page. */
  worklist: Latency
  /** A followed person's file: the file, timeline, records, documents and referrals, together. */
  person_file: Latency
  /** The first record's interviews, opened from the file. */
  record_interviews: Latency
}

async function counts(db: Kysely<Database>, organisationId: string, userId: string) {
  const { rows } = await sql<{ records: string; interviews: string; documents: string; caseload: string }>`
    select (select count(*) from support_records where organisation_id = ${organisationId}) as records,
      (select count(*) from support_interviews where organisation_id = ${organisationId}) as interviews,
      (select count(*) from documents where organisation_id = ${organisationId}) as documents,
      (select count(*) from support_record_referents rr join support_records r on r.id = rr.record_id
        where rr.user_id = ${userId} and rr.until_on is null and r.status <> 'closed') as caseload`.execute(
    db,
  )
  const row = rows[0]!
  return {
    records: Number(row.records),
    interviews: Number(row.interviews),
    documents: Number(row.documents),
    caseload: Number(row.caseload),
  }
}

export async function followupScenario(
  db: Db,
  truth: GroundTruth,
  options: { iterations: number; warm: number },
): Promise<FollowupFigures> {
  const worker = truth.users.social_worker
  if (!worker) throw new Error('the synthetic CCAS has no social worker')
  const scale = await counts(db, truth.organisationId, worker.id)
  if (scale.records === 0) {
    throw new Error('no support record: synthesise the CCAS again (npm run synth adds the follow-up)')
  }
  // Followed persons the worker may open: spread over the whole caseload and the other records.
  const { rows: sample } = await sql<{ person_id: string; record_id: string }>`
    select r.person_id, r.id as record_id from support_records r join people p on p.id = r.person_id
    where r.organisation_id = ${truth.organisationId} and p.merged_into_id is null
      and r.team_id = any(${[truth.teams.social_central, truth.teams.rsa]}::uuid[])
      and not exists (select 1 from teams t where t.id = p.team_id and t.confidential)
    order by md5(r.id::text) limit ${options.iterations}`.execute(db)
  if (sample.length === 0) throw new Error('no followed person in the social worker’s teams')

  const errors: string[] = []
  const config = loadConfig({
    TRAME_DATA_DIR: '/nonexistent',
    PUBLIC_URL: 'http://bench.trame',
    LOG_LEVEL: 'warn',
  })
  const { app, sweeper, jobs } = await buildApp({
    config,
    db,
    mailer: consoleMailer(() => {}),
    // Only the server's errors, to tell why a request failed.
    logStream: { write: (line: string) => void (line.includes('"level":50') && errors.push(line)) },
  })
  await app.ready()
  try {
    const session = await new SessionStore(db, config.session).create(db, {
      userId: worker.id,
      organisationId: truth.organisationId,
      state: 'active',
      ip: '127.0.0.1',
      userAgent: 'bench',
    })
    const cookie = `trame_session=${session.token}`
    const get = async (url: string) => {
      const response = await app.inject({ method: 'GET', url, headers: { cookie } })
      if (response.statusCode !== 200) {
        throw new Error(`${url}: ${response.statusCode} ${errors.at(-1)?.slice(0, 2000) ?? response.body}`)
      }
      return response
    }
    const worklist = () => get('/api/followup/worklist')
    const personFile = (personId: string) =>
      Promise.all([
        get(`/api/people/${personId}`),
        get(`/api/people/${personId}/timeline?page=1`),
        get(`/api/followup/records?personId=${personId}&page=1&pageSize=20`),
        get(`/api/documents?personId=${personId}&page=1&pageSize=20`),
        get(`/api/partner-referrals?personId=${personId}&page=1&pageSize=20`),
      ])
    const interviews = (recordId: string) => get(`/api/followup/records/${recordId}/interviews?page=1`)

    for (let i = 0; i < options.warm; i++) {
      const s = sample[i % sample.length]!
      await worklist()
      await personFile(s.person_id)
      await interviews(s.record_id)
    }
    const worklistSamples: number[] = []
    const fileSamples: number[] = []
    const interviewSamples: number[] = []
    for (const s of sample) {
      worklistSamples.push((await timed(worklist)).ms)
      fileSamples.push((await timed(() => personFile(s.person_id))).ms)
      interviewSamples.push((await timed(() => interviews(s.record_id))).ms)
    }
    return {
      ...scale,
      worklist: summarise(worklistSamples),
      person_file: summarise(fileSamples),
      record_interviews: summarise(interviewSamples),
    }
  } finally {
    await sweeper.stop()
    await jobs.stop()
    await app.close()
  }
}
