/**
 * The database's own ceiling for logging contacts (issue 21): the statement POST /api/contacts runs
 * (FrontdeskService.create, one statement through insertChecked), from as many connections as the
 * server's pool, in the bench process, without HTTP. The HTTP figure is compared with it.
 */
import type { GroundTruth } from '../../scripts/synth.ts'
import { type Db, postgresDatabase } from '../../src/server/db/database.ts'
import { FrontdeskRepository } from '../../src/server/modules/frontdesk/frontdesk.repository.ts'
import { FrontdeskService } from '../../src/server/modules/frontdesk/frontdesk.service.ts'
import { PeopleRepository } from '../../src/server/modules/people/people.repository.ts'
import { PeopleService } from '../../src/server/modules/people/people.service.ts'
import { TimelineRegistry } from '../../src/server/platform/timeline.ts'
import { contactBodies } from './http.ts'
import { actorFor } from './scenarios.ts'
import { round } from './stats.ts'

/** The server's pool (openDatabase → postgresDatabase's default); PGlite has one connection. */
const SERVER_POOL = 10

export async function contactCeiling(options: {
  databaseUrl?: string
  db: Db
  truth: GroundTruth
  durationSeconds: number
}) {
  const handle = options.databaseUrl ? postgresDatabase(options.databaseUrl, SERVER_POOL) : undefined
  const db = handle?.db ?? options.db
  const connections = handle ? SERVER_POOL : 1
  try {
    const service = new FrontdeskService(
      new FrontdeskRepository(db),
      new PeopleService(new PeopleRepository(db), new TimelineRegistry()),
    )
    const agent = actorFor(options.truth, 'front_desk_agent', [
      'social_central',
      'social_north',
      'domiciliation',
      'rsa',
    ])
    const bodies = contactBodies(options.truth, 2000).map((b) => JSON.parse(b))
    let next = 0
    let written = 0
    const deadline = performance.now() + options.durationSeconds * 1000
    const started = performance.now()
    const worker = async () => {
      while (performance.now() < deadline) {
        await service.create(agent, bodies[next++ % bodies.length])
        written++
      }
    }
    await Promise.all(Array.from({ length: connections }, worker))
    return { rps: round(written / ((performance.now() - started) / 1000), 1), connections, writes: written }
  } finally {
    await handle?.close()
  }
}
