import type { z } from 'zod'
import type { timelineQuerySchema } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { TimelineRegistry } from '../../platform/timeline.ts'
import type { PersonFiles } from './people.files.ts'

/** A person's timeline: what every module recorded about them, newest first. */
export class PeopleTimelineService {
  constructor(
    private readonly files: PersonFiles,
    private readonly timeline: TimelineRegistry,
  ) {}

  private get db(): Db {
    return this.files.repo.db
  }

  /** Everything modules recorded about the person, including on files merged into theirs. */
  async timelineOf(actor: Actor, id: string, query: z.output<typeof timelineQuerySchema>) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.files.findOrFail(actor, id, trx)
      // An archived file's history: only for those allowed to reactivate it (its page asked why).
      if (row.status === 'archived' && !roleAllows(actor.roles, 'person.reactivate')) {
        throw new AppError('PERSON_ARCHIVED_RESTRICTED', 403)
      }
      const ids = await this.files.fileIds(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'person.read',
        entityType: 'person',
        entityId: id,
        personId: id,
      })
      return this.timeline.page(trx, actor, ids, query)
    })
  }
}
