import type { Kysely } from 'kysely'
import { addMonths } from '../../../shared/dates.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import {
  RIGHTS_REQUEST_EXTENSION_MONTHS,
  RIGHTS_REQUEST_KIND,
  RIGHTS_REQUEST_MONTHS,
  RIGHTS_REQUEST_OUTCOME,
  type RightsRequest,
  type RightsRequestAnswer,
  type RightsRequestInput,
} from '../../../shared/privacy.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { newestFirst, type TimelineSource } from '../../platform/timeline.ts'
import type { PrivacyRepository } from './privacy.repository.ts'
import type { RightsRequestsRepository } from './privacy.requests.repository.ts'

/** A day as the French read it: 07/01/2027. */
const frenchDay = (day: string) => day.split('-').reverse().join('/')

type Row = NonNullable<Awaited<ReturnType<RightsRequestsRepository['one']>>>

const toRequest = (row: Row, today: string): RightsRequest => ({
  id: row.id,
  kind: row.kind,
  receivedOn: row.received_on,
  requester: row.requester,
  fileNumber: row.file_number,
  dueOn: row.due_on,
  extended: row.extended,
  extensionReason: row.extension_reason,
  answeredOn: row.answered_on,
  outcome: row.outcome,
  note: row.note,
  late: row.answered_on === null && row.due_on < today,
})

/**
 * The register of the persons' requests (RGPD art. 12 to 22) the DPO keeps: what was asked and when,
 * the legal deadline (a month, two more at most with a reason given), the answer, and why a request
 * was refused (a social worker's assessment kept, a legal obligation). The DPO names a file by its
 * number and never opens it.
 */
export class RightsRequestsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly repo: RightsRequestsRepository,
    private readonly privacy: PrivacyRepository,
  ) {}

  async list(actor: Actor, query: { open?: boolean; page: number; pageSize: number }, today: string) {
    assertAllowed(actor, 'privacy.requests')
    return this.db.transaction().execute(async (trx) => {
      const { items, total } = await this.repo.page(trx, actor.organisationId, query)
      await recordAudit(trx, actor, {
        action: 'privacy.request_list',
        entityType: 'rights_request',
        personIds: items.flatMap((row) => (row.person_id ? [row.person_id] : [])),
      })
      return {
        items: items.map((row) => toRequest(row, today)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  async create(actor: Actor, input: RightsRequestInput, today: string) {
    assertAllowed(actor, 'privacy.requests')
    return this.db.transaction().execute(async (trx) => {
      let personId: string | null = null
      if (input.fileNumber) {
        const person = await this.privacy.personByFileNumber(trx, actor.organisationId, input.fileNumber)
        if (!person)
          throw validationError('fileNumber', 'Aucun dossier ne porte ce numéro dans votre organisation.')
        personId = person.id
      }
      const { id } = await this.repo.insert(trx, {
        organisation_id: actor.organisationId,
        kind: input.kind,
        received_on: input.receivedOn,
        requester: input.requester,
        person_id: personId,
        due_on: addMonths(input.receivedOn, RIGHTS_REQUEST_MONTHS),
        created_by: actor.userId,
      })
      // The requester's name stays in the register, not in the trail.
      await recordAudit(trx, actor, {
        action: 'privacy.request_create',
        entityType: 'rights_request',
        entityId: id,
        personId: personId ?? undefined,
        details: { kind: input.kind },
      })
      return toRequest((await this.repo.one(trx, actor.organisationId, id))!, today)
    })
  }

  /** Two more months at most, once, with the reason the person is told (art. 12.3). */
  async extend(actor: Actor, id: string, reason: string, today: string) {
    assertAllowed(actor, 'privacy.requests')
    return this.db.transaction().execute(async (trx) => {
      const current = await this.repo.one(trx, actor.organisationId, id)
      if (!current) throw notFound()
      if (current.answered_on) throw new AppError('RIGHTS_REQUEST_ANSWERED', 409)
      if (current.extended) {
        throw validationError('reason', 'Le délai a déjà été prolongé : deux mois de plus au maximum.')
      }
      await this.repo.updateOpen(trx, actor.organisationId, id, {
        extended: true,
        extension_reason: reason,
        due_on: addMonths(current.received_on, RIGHTS_REQUEST_MONTHS + RIGHTS_REQUEST_EXTENSION_MONTHS),
      })
      await recordAudit(trx, actor, {
        action: 'privacy.request_extend',
        entityType: 'rights_request',
        entityId: id,
        personId: current.person_id ?? undefined,
      })
      return toRequest((await this.repo.one(trx, actor.organisationId, id))!, today)
    })
  }

  async answer(actor: Actor, id: string, input: RightsRequestAnswer, today: string) {
    assertAllowed(actor, 'privacy.requests')
    if (input.outcome !== 'granted' && !input.note) {
      throw validationError('note', 'Indiquez le motif du refus : la personne doit le connaître.')
    }
    return this.db.transaction().execute(async (trx) => {
      const current = await this.repo.one(trx, actor.organisationId, id)
      if (!current) throw notFound()
      if (input.answeredOn < current.received_on) {
        throw validationError('answeredOn', 'La réponse ne peut pas précéder la réception de la demande.')
      }
      const updated = await this.repo.updateOpen(trx, actor.organisationId, id, {
        answered_on: input.answeredOn,
        outcome: input.outcome,
        note: input.note ?? null,
      })
      if (!updated) throw new AppError('RIGHTS_REQUEST_ANSWERED', 409)
      await recordAudit(trx, actor, {
        action: 'privacy.request_answer',
        entityType: 'rights_request',
        entityId: id,
        personId: current.person_id ?? undefined,
        details: { outcome: input.outcome, late: input.answeredOn > current.due_on },
      })
      return toRequest((await this.repo.one(trx, actor.organisationId, id))!, today)
    })
  }

  /**
   * A person's requests on their file, for those who keep the register (the director), and in their
   * access export. A request is not a contact: it keeps no file in the active base.
   */
  timelineSource(today: () => string): TimelineSource {
    return {
      kind: 'rights_request',
      label: 'Demandes d’exercice des droits (RGPD)',
      // A person makes a handful of requests at most: read whole, then cut to the page's depth.
      count: async (db, actor, personIds) =>
        roleAllows(actor.roles, 'privacy.requests')
          ? (await this.repo.ofPeople(db, actor.organisationId, personIds)).length
          : 0,
      entries: async (db, actor, personIds, { limit }) => {
        if (!roleAllows(actor.roles, 'privacy.requests')) return []
        const rows = await this.repo.ofPeople(db, actor.organisationId, personIds)
        return newestFirst(
          rows.map(
            (row): TimelineEntry => ({
              kind: 'rights_request',
              kindLabel: 'Protection des données',
              id: row.id,
              at: new Date(`${row.received_on}T12:00:00Z`).toISOString(),
              title: `Demande d’exercice des droits : ${RIGHTS_REQUEST_KIND.labels[row.kind as keyof typeof RIGHTS_REQUEST_KIND.labels] ?? row.kind}`,
              detail: row.outcome
                ? `${RIGHTS_REQUEST_OUTCOME.labels[row.outcome as keyof typeof RIGHTS_REQUEST_OUTCOME.labels] ?? row.outcome} le ${frenchDay(row.answered_on!)}`
                : `À répondre avant le ${frenchDay(row.due_on)}`,
              personId: row.person_id!,
            }),
          ),
          limit,
        )
      },
      latest: async () => new Map(),
      export: async (db, actor, personIds) =>
        (await this.repo.ofPeople(db, actor.organisationId, personIds)).map((row) => toRequest(row, today())),
    }
  }
}
