import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type {
  HelpKind,
  Need,
  NeedInput,
  needInputSchema,
  needListQuerySchema,
} from '../../../shared/network.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed, isAppError } from '../../platform/permissions.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { NetworkRepository } from './network.repository.ts'
import type { NetworkSettingsService } from './network.settings.service.ts'

type NeedListRow = Awaited<ReturnType<NetworkRepository['needs']>>['rows'][number]

/** Seniors' needs as the coordinator and those who enter them see them: created, listed, cancelled. */
export class NetworkNeedService {
  constructor(
    private readonly repo: NetworkRepository,
    private readonly people: Pick<PeopleService, 'get' | 'visiblePeople'>,
    private readonly frontdesk: Pick<FrontdeskService, 'get'>,
    private readonly settings: NetworkSettingsService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private toNeed(row: NeedListRow, names: Map<string, { displayName: string }>): Need {
    return {
      id: row.id,
      personId: row.person_id,
      personName: names.get(row.person_id)?.displayName ?? '',
      kind: row.kind as HelpKind,
      description: row.description,
      wantedDate: row.wanted_date,
      timeSlot: row.time_slot,
      recurrence: row.recurrence,
      urgency: row.urgency,
      status: row.status,
      volunteerId: row.volunteer_id,
      volunteerName: row.volunteer_name,
      offeredCount: Number(row.offered_count),
      overdue: row.overdue,
      report: row.report,
      escalatedTo: row.escalated_to,
      escalationPartner: row.escalation_partner,
      escalatedAutomatically: row.escalated_automatically,
      escalatedAt: isoTimestamp(row.escalated_at),
      escalationOutcome: row.escalation_outcome,
      escalationOutcomeAt: isoTimestamp(row.escalation_outcome_at),
      escalateAfterHours: row.escalate_after_hours,
      located: row.latitude !== null,
      frontdeskContactId: row.frontdesk_contact_id,
      contactName: row.contact_name,
      contactPhone: row.contact_phone,
      ccasIntroduces: row.ccas_introduces,
      previousNeedId: row.previous_need_id,
      createdAt: isoTimestamp(row.created_at)!,
      acceptedAt: isoTimestamp(row.accepted_at),
      doneAt: isoTimestamp(row.done_at),
    }
  }

  private async toNeeds(actor: Actor, rows: NeedListRow[], db: Kysely<Database>) {
    const ids = rows.map((row) => row.person_id)
    const names = await this.people.visiblePeople(actor, ids, db)
    // A need about a senior filed under a confidential team is seen only by those who see the file.
    return rows.filter((row) => names.has(row.person_id)).map((row) => this.toNeed(row, names))
  }

  async oneNeed(actor: Actor, id: string, db: Kysely<Database>) {
    const [row] = (await this.repo.needs(actor.organisationId, { id }, db)).rows
    if (!row || !(await this.people.visiblePeople(actor, [row.person_id], db)).has(row.person_id)) {
      throw notFound()
    }
    return row
  }

  /** Locks a need the actor may see, for a change. */
  async lockVisible(actor: Actor, id: string, db: Kysely<Database>) {
    const row = await this.repo.lockNeed(db, actor.organisationId, id)
    if (!row || !(await this.people.visiblePeople(actor, [row.person_id], db)).has(row.person_id)) {
      throw notFound()
    }
    return row
  }

  /** A need as the API gives it; toNeeds keeps it only if the actor may see the senior's file. */
  async needOut(actor: Actor, id: string, db: Kysely<Database>) {
    const [need] = await this.toNeeds(
      actor,
      (await this.repo.needs(actor.organisationId, { id }, db)).rows,
      db,
    )
    if (!need) throw notFound()
    return need
  }

  /** A need for a senior whose file the actor may read; their contact details are copied for the volunteer. */
  async createNeed(actor: Actor, input: z.output<typeof needInputSchema> & NeedInput) {
    assertAllowed(actor, 'network.need.create')
    const person = await this.people.get(actor, input.personId).catch((error: unknown) => {
      if (isAppError(error) && error.status === 404) throw validationError('personId', 'Personne inconnue.')
      throw error
    })
    if (input.frontdeskContactId) {
      await this.frontdesk.get(actor, input.frontdeskContactId).catch((error: unknown) => {
        if (isAppError(error) && (error.status === 404 || error.status === 403)) {
          throw validationError('frontdeskContactId', 'Contact d’accueil inconnu.')
        }
        throw error
      })
    }
    const name = [person.firstNames, person.usageName ?? person.lastName].filter(Boolean).join(' ') || '—'
    const address = [person.address, [person.postalCode, person.city].filter(Boolean).join(' ')]
      .filter(Boolean)
      .join(', ')
    // The volunteer must be able to reach the senior: the file's phone or address, a person to
    // contact, or the CCAS arranging the visit; a need for someone nobody can reach is refused.
    if (input.contactName && !input.contactPhone) {
      throw validationError('contactPhone', 'Indiquez le téléphone de la personne à contacter.')
    }
    if (input.contactPhone && !input.contactName) {
      throw validationError('contactName', 'Indiquez le nom de la personne à contacter.')
    }
    if (!person.phone && !address && !input.contactName && !input.ccasIntroduces) {
      throw validationError(
        'reach',
        'Le dossier n’indique ni téléphone ni adresse : donnez une personne à contacter, ou indiquez que le CCAS appellera le ou la bénévole.',
      )
    }
    const place = await this.settings.placeOf(actor.organisationId, input, address || null, this.db)
    const settings = await this.repo.settings(actor.organisationId)
    return this.db.transaction().execute(async (trx) => {
      const { id } = await this.repo.insertNeed(trx, {
        organisation_id: actor.organisationId,
        person_id: person.mergedIntoId ?? person.id,
        kind: input.kind,
        description: input.description ?? null,
        wanted_date: input.wantedDate ?? null,
        time_slot: input.timeSlot ?? null,
        recurrence: input.recurrence,
        urgency: input.urgency,
        latitude: place?.latitude ?? null,
        longitude: place?.longitude ?? null,
        escalate_after_hours: input.escalateAfterHours ?? settings.escalate_after_hours,
        frontdesk_contact_id: input.frontdeskContactId ?? null,
        senior_name: name,
        senior_address: address || null,
        senior_phone: person.phone,
        contact_name: input.contactName ?? null,
        contact_phone: input.contactPhone ?? null,
        ccas_introduces: input.ccasIntroduces,
        created_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'network.need.create',
        entityType: 'network_need',
        entityId: id,
        personId: person.id,
      })
      return this.needOut(actor, id, trx)
    })
  }

  async listNeeds(actor: Actor, query: z.infer<typeof needListQuerySchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const { status, overdue, page, pageSize } = query
      const { rows, total } = await this.repo.needs(actor.organisationId, { status, overdue }, trx, {
        page,
        pageSize,
      })
      await recordAudit(trx, actor, { action: 'network.need.list', entityType: 'network_need' })
      return { items: await this.toNeeds(actor, rows, trx), total: total ?? rows.length, page, pageSize }
    })
  }

  async cancel(actor: Actor, id: string) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const need = await this.lockVisible(actor, id, trx)
      if (!['open', 'offered', 'accepted'].includes(need.status)) {
        throw validationError('status', 'Ce besoin est déjà clos.')
      }
      await this.repo.updateNeed(trx, actor.organisationId, id, {
        status: 'cancelled',
        cancelled_at: new Date(),
        senior_name: null,
        senior_address: null,
        senior_phone: null,
        contact_name: null,
        contact_phone: null,
      })
      await recordAudit(trx, actor, {
        action: 'network.need.cancel',
        entityType: 'network_need',
        entityId: id,
        personId: need.person_id,
      })
      return this.needOut(actor, id, trx)
    })
  }
}
