import type { Db } from '../../db/database.ts'
import { recordAudit } from '../../platform/audit.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { TimelineRegistry } from '../../platform/timeline.ts'
import type { PeopleConsentsService } from './people.consents.service.ts'
import type { PersonFiles } from './people.files.ts'
import type { PeopleHouseholdsService } from './people.households.service.ts'
import type { PeopleMergesService } from './people.merges.service.ts'

/** A person's right of access (RGPD art. 15): everything Trame holds about them, in one answer. */
export class PeopleExportService {
  constructor(
    private readonly files: PersonFiles,
    private readonly households: PeopleHouseholdsService,
    private readonly consents: PeopleConsentsService,
    private readonly merges: PeopleMergesService,
    private readonly timeline: TimelineRegistry,
  ) {}

  private get db(): Db {
    return this.files.repo.db
  }

  private get repo() {
    return this.files.repo
  }

  /** Everything Trame holds about the person, for a right-of-access request (RGPD art. 15). */
  async exportData(actor: Actor, personId: string) {
    assertAllowed(actor, 'person.export')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.files.findOrFail(actor, personId, trx)
      const person = await this.files.fullPerson(actor, row, trx)
      const household = person.household
        ? await this.households.householdView(actor, person.household.id, trx)
        : null
      const ids = [personId]
      const mergedFiles = []
      // Merged files of a confidential team stay out for those outside it, like everywhere else.
      for (const id of await this.repo.mergedInto(personId, trx)) {
        const merged = await this.repo.find(actor, id, trx)
        if (!merged) continue
        ids.push(id)
        mergedFiles.push(await this.files.fullPerson(actor, merged, trx))
      }
      const data = {
        exportedAt: new Date().toISOString(),
        person,
        mergedFiles,
        household,
        consents: await this.consents.consentList(actor, ids, trx),
        merges: await this.merges.mergeList(actor, personId, trx),
        records: await this.timeline.export(trx, actor, ids),
        recordLabels: this.timeline.labels(),
        accessLog: await this.repo.accessLog(actor.organisationId, ids, trx),
      }
      await recordAudit(trx, actor, {
        action: 'person.export',
        entityType: 'person',
        entityId: personId,
        personId,
      })
      return data
    })
  }
}
