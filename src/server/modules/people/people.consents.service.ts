import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { consentInputSchema } from '../../../shared/people.ts'
import { personSectionsFor } from '../../../shared/person-sections.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PersonFiles } from './people.files.ts'

/** Consents (and refusals) to the processing of a person's data, kept as a history. */
export class PeopleConsentsService {
  constructor(private readonly files: PersonFiles) {}

  private get db(): Db {
    return this.files.repo.db
  }

  private get repo() {
    return this.files.repo
  }

  async consentList(actor: Actor, personIds: string[], db: Kysely<Database>) {
    const rows = await this.repo.consents(personIds, db)
    // What was noted with a consent is for the readers of the notes section.
    const notes = personSectionsFor(actor.roles).includes('notes')
    return rows.map((c) => ({
      id: c.id,
      scope: c.scope,
      given: c.given,
      givenOn: c.given_on,
      note: notes ? c.note : null,
      recordedBy: c.recorded_by,
      recordedAt: new Date(c.recorded_at).toISOString(),
    }))
  }

  async consents(actor: Actor, personId: string) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      await this.files.findOrFail(actor, personId, trx)
      await recordAudit(trx, actor, {
        action: 'person.read',
        entityType: 'person',
        entityId: personId,
        personId,
      })
      return this.consentList(actor, await this.files.fileIds(actor, personId, trx), trx)
    })
  }

  async recordConsent(actor: Actor, personId: string, input: z.infer<typeof consentInputSchema>) {
    assertAllowed(actor, 'person.write')
    return this.db.transaction().execute(async (trx) => {
      await this.files.findWritable(actor, personId, trx)
      const { id } = await this.repo.addConsent(trx, actor, personId, {
        scope: input.scope,
        given: input.given,
        given_on: input.givenOn,
        note: input.note ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'consent.record',
        entityType: 'consent',
        entityId: id,
        personId,
      })
      return this.consentList(actor, await this.files.fileIds(actor, personId, trx), trx)
    })
  }
}
