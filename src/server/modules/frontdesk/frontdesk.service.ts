import type { Kysely, Updateable } from 'kysely'
import type { z } from 'zod'
import {
  CONTACT_CHANNEL,
  COUNT_DIMENSION,
  type Contact,
  type ContactCounts,
  type ContactInput,
  type contactCountsQuerySchema,
  type contactReasonsInputSchema,
  type contactUpdateSchema,
  DEFAULT_CONTACT_REASONS,
} from '../../../shared/frontdesk.ts'
import { FOLLOW_UP_LATE_DAYS } from '../../../shared/home.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import type { ContactTable, Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { forbidden, notFound, notInFuture, validationError } from '../../platform/errors.ts'
import type { HomeSource } from '../../platform/home.ts'
import { type Actor, assertAllowed, canSeeConfidentialTeam } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { ContactRow, FrontdeskRepository } from './frontdesk.repository.ts'

type ListedContact = Awaited<ReturnType<FrontdeskRepository['list']>>[number]

/** Another module's rule about a person's contacts (domiciliation's 3-month rule), run in the contact's transaction. */
export interface ContactListener {
  channels: readonly ContactInput['channel'][]
  contactLogged(
    db: Kysely<Database>,
    actor: Actor,
    contact: { personId: string; occurredAt: Date },
  ): Promise<void>
}

/** The front desk: contacts logged in seconds, the teams' follow-up queues, and their counts. */
export class FrontdeskService {
  private readonly listeners: ContactListener[] = []

  constructor(
    private readonly repo: FrontdeskRepository,
    private readonly people: PeopleService,
  ) {}

  addContactListener(listener: ContactListener) {
    this.listeners.push(listener)
  }

  private get db(): Db {
    return this.repo.db
  }

  private async reasonsOf(organisationId: string, db: Kysely<Database>) {
    const reasons = await this.repo.reasons(organisationId, db)
    if (reasons.length > 0) return reasons
    await this.repo.ensureReasons(db, organisationId, DEFAULT_CONTACT_REASONS)
    return this.repo.reasons(organisationId, db)
  }

  /** Only labels: whoever logs contacts, configures the list or reads the counts needs them. */
  async reasons(actor: Actor) {
    if (
      !(['contact.read', 'frontdesk.configure', 'indicators.read'] as const).some((a) =>
        roleAllows(actor.roles, a),
      )
    ) {
      throw forbidden()
    }
    return this.db.transaction().execute((trx) => this.reasonsOf(actor.organisationId, trx))
  }

  /** The organisation's contact reasons, for modules that record needs with them (street outreach). */
  contactReasonsOf(organisationId: string, db: Kysely<Database>) {
    return this.reasonsOf(organisationId, db)
  }

  async saveReasons(actor: Actor, input: z.infer<typeof contactReasonsInputSchema>) {
    assertAllowed(actor, 'frontdesk.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.reasonsOf(actor.organisationId, trx)
      const { unknownIndex } = await this.repo.saveReasons(trx, actor.organisationId, input.items)
      if (unknownIndex !== null) throw validationError(`items.${unknownIndex}.id`, 'Motif inconnu.')
      await recordAudit(trx, actor, { action: 'frontdesk.reasons_update', entityType: 'contact_reason' })
      return this.repo.reasons(actor.organisationId, trx)
    })
  }

  /** Checks every reference of a contact in one query; a wrong one is a field error, never a 500. */
  private async checkReferences(
    actor: Actor,
    input: {
      siteId?: string | null
      teamId?: string | null
      orientationTeamId?: string | null
      orientationPartnerServiceId?: string | null
      reasonIds?: string[]
    },
    db: Kysely<Database>,
  ) {
    const refs = {
      siteId: input.siteId,
      teamId: input.teamId,
      orientationTeamId: input.orientationTeamId,
      serviceId: input.orientationPartnerServiceId,
    }
    let found = await this.repo.references(db, actor, refs)
    if (input.reasonIds?.length && found.reasons.length === 0) {
      // The organisation's first contact with reasons: its list starts as the usual one.
      await this.reasonsOf(actor.organisationId, db)
      found = await this.repo.references(db, actor, refs)
    }
    this.refuseReferences(actor, input, found)
    return found
  }

  /** The first reference of a contact that is unknown to the organisation (or hidden from the actor). */
  private refuseReferences(
    actor: Actor,
    input: Parameters<FrontdeskService['checkReferences']>[1],
    found: {
      site: boolean
      team_confidential: boolean | null
      orientation_team: boolean
      service_name: string | null
      reasons: string[]
    },
  ) {
    if (input.siteId && !found.site) throw validationError('siteId', 'Site inconnu.')
    if (
      input.teamId &&
      (found.team_confidential === null ||
        (found.team_confidential && !canSeeConfidentialTeam(actor, input.teamId)))
    ) {
      throw validationError('teamId', 'Équipe inconnue.')
    }
    if (input.orientationTeamId && !found.orientation_team) {
      throw validationError('orientationTeamId', 'Équipe inconnue.')
    }
    if (input.orientationPartnerServiceId && !found.service_name) {
      throw validationError('orientationPartnerServiceId', 'Service partenaire inconnu.')
    }
    const known = new Set(found.reasons)
    const unknownReason = (input.reasonIds ?? []).findIndex((id) => !known.has(id))
    if (unknownReason >= 0) throw validationError(`reasonIds.${unknownReason}`, 'Motif inconnu.')
  }

  private toContact(
    actor: Actor,
    row: ContactRow,
    extras: { personName: string | null; hidden: boolean },
  ): Omit<Contact, 'orientationPartnerServiceName' | 'assignedToName' | 'createdBy'> {
    // Linked to a file the reader may not see (confidential team): neither the link nor the notes show.
    const { hidden } = extras
    const noteRestricted = hidden || !mayReadNotes(actor, row)
    return {
      id: row.id,
      occurredAt: isoTimestamp(row.occurred_at)!,
      channel: row.channel,
      siteId: row.site_id,
      teamId: row.team_id,
      personId: hidden ? null : row.person_id,
      personName: hidden ? null : extras.personName,
      anonymousDescription: row.anonymous_description,
      reasonIds: row.reason_ids,
      note: noteRestricted ? null : row.note,
      noteRestricted: noteRestricted && (row.note !== null || row.follow_up_note !== null),
      orientationTeamId: row.orientation_team_id,
      orientationPartnerServiceId: row.orientation_partner_service_id,
      followUpStatus: row.follow_up_status,
      assignedTo: row.assigned_to,
      followUpNote: noteRestricted ? null : row.follow_up_note,
      doneAt: isoTimestamp(row.done_at),
      createdAt: isoTimestamp(row.created_at)!,
    }
  }

  private async toContacts(actor: Actor, rows: ListedContact[], db: Kysely<Database>): Promise<Contact[]> {
    const people = await this.people.visiblePeople(
      actor,
      rows.flatMap((r) => (r.person_id ? [r.person_id] : [])),
      db,
    )
    return rows.map((row) => ({
      ...this.toContact(actor, row, {
        personName: row.person_id ? (people.get(row.person_id)?.displayName ?? null) : null,
        hidden: row.person_id !== null && !people.has(row.person_id),
      }),
      orientationPartnerServiceName: row.service_name,
      assignedToName: row.assignee_name,
      createdBy: row.author_name,
    }))
  }

  private async one(actor: Actor, id: string, db: Kysely<Database>) {
    const [row] = await this.repo.list(actor, { id }, 1, db)
    if (!row) throw notFound()
    return row
  }

  /** `db`: a caller's transaction, when the contact must be written with the caller's own rows. */
  async create(actor: Actor, input: ContactInput, db: Kysely<Database> = this.db): Promise<Contact> {
    assertAllowed(actor, 'contact.write')
    const listeners = input.personId ? this.listeners.filter((l) => l.channels.includes(input.channel)) : []
    // What listeners write commits or fails with the contact.
    if (listeners.length > 0 && !db.isTransaction) {
      return this.db.transaction().execute((trx) => this.create(actor, input, trx))
    }
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : new Date()
    notInFuture(occurredAt, 'occurredAt', 'Un contact ne peut pas être enregistré dans le futur.')
    const reasonIds = [...new Set(input.reasonIds)]
    const values = {
      occurred_at: occurredAt,
      channel: input.channel,
      site_id: input.siteId ?? null,
      team_id: input.teamId ?? null,
      anonymous_description: input.personId ? null : (input.anonymousDescription ?? null),
      reason_ids: reasonIds,
      note: input.note ?? null,
      orientation_team_id: input.orientationTeamId ?? null,
      orientation_partner_service_id: input.orientationPartnerServiceId ?? null,
      follow_up_status: input.followUp ? ('pending' as const) : null,
    }
    // Logged all day long: one statement checks, writes, counts and audits (see insertChecked).
    const write = () =>
      this.repo.insertChecked(
        db,
        actor,
        values,
        // A contact on a merged file goes to the kept one, where everyone looks for it.
        input.personId ? this.people.recordFileSql(actor, input.personId) : null,
        { action: 'contact.create', ip: actor.ip },
        input.teamId ? canSeeConfidentialTeam(actor, input.teamId) : false,
      )
    let row = await write()
    if (!row.written && row.record_file?.archived) {
      // The person came back after years: their passage brings the archived file back to the
      // active base (audited), in the contact's transaction, rather than a second file being opened.
      if (!db.isTransaction) return this.db.transaction().execute((trx) => this.create(actor, input, trx))
      await this.people.reactivateOnContact(actor, row.record_file.id, db)
      row = await write()
    }
    if (!row.written && reasonIds.length > 0 && row.reasons.length === 0) {
      // The organisation's first contact with reasons: its list starts as the usual one.
      if (db.isTransaction) await this.reasonsOf(actor.organisationId, db)
      else await db.transaction().execute((trx) => this.reasonsOf(actor.organisationId, trx))
      row = await write()
    }
    if (!row.written) {
      this.refuseReferences(actor, input, row)
      if (input.personId && !row.record_file) throw validationError('personId', 'Personne inconnue.')
      throw new Error('Contact not written although its references hold')
    }
    const person = this.people.recordFile(row.record_file)
    for (const listener of listeners) {
      await listener.contactLogged(db, actor, { personId: person!.id, occurredAt })
    }
    return {
      ...this.toContact(actor, row, { personName: person?.displayName ?? null, hidden: false }),
      orientationPartnerServiceName: row.service_name,
      assignedToName: null,
      createdBy: row.author_name,
    }
  }

  async list(
    actor: Actor,
    query: { personId?: string; teamId?: string; queue?: boolean; assignedToMe?: boolean; limit: number },
  ) {
    assertAllowed(actor, 'contact.read')
    return this.db.transaction().execute(async (trx) => {
      let personIds: string[] | undefined
      if (query.personId) {
        const person = (await this.people.visiblePeople(actor, [query.personId], trx)).get(query.personId)
        if (!person) throw notFound()
        personIds = [query.personId]
      }
      const rows = await this.repo.list(
        actor,
        {
          personIds,
          teamId: query.teamId,
          queue: query.queue,
          assignedTo: query.assignedToMe ? actor.userId : undefined,
        },
        query.limit,
        trx,
      )
      const contacts = await this.toContacts(actor, rows, trx)
      await recordAudit(trx, actor, {
        action: 'contact.list',
        entityType: 'contact',
        personId: query.personId,
        // The persons named in the list (a queue shows them without one's file being opened).
        personIds: contacts.flatMap((contact) => (contact.personId ? [contact.personId] : [])),
      })
      return contacts
    })
  }

  async get(actor: Actor, id: string) {
    assertAllowed(actor, 'contact.read')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.one(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'contact.read',
        entityType: 'contact',
        entityId: id,
        personId: row.person_id,
      })
      return (await this.toContacts(actor, [row], trx))[0]!
    })
  }

  /** Completes a contact (the anonymous caller now has a file…) or moves its follow-up along. */
  async update(actor: Actor, id: string, input: z.infer<typeof contactUpdateSchema>) {
    assertAllowed(actor, 'contact.write')
    return this.db.transaction().execute(async (trx) => {
      const current = await this.one(actor, id, trx)
      await this.checkReferences(actor, input, trx)
      // Writing a note one cannot read would overwrite it blind.
      if (!mayReadNotes(actor, current)) {
        if (input.note !== undefined) throw validationError('note', NOTE_RESTRICTED)
        if (input.followUpNote !== undefined) throw validationError('followUpNote', NOTE_RESTRICTED)
      }
      const values: Updateable<ContactTable> = {}
      if (input.personId !== undefined) {
        // A contact on a merged file goes to the kept one, where everyone looks for it.
        values.person_id = input.personId
          ? (await this.people.recordFileOrFail(actor, input.personId, trx)).id
          : null
        if (values.person_id) values.anonymous_description = null
      }
      if (input.anonymousDescription !== undefined && !(values.person_id ?? current.person_id)) {
        values.anonymous_description = input.anonymousDescription
      }
      if (input.note !== undefined) values.note = input.note
      if (input.orientationTeamId !== undefined) values.orientation_team_id = input.orientationTeamId
      if (input.orientationPartnerServiceId !== undefined) {
        values.orientation_partner_service_id = input.orientationPartnerServiceId
      }
      if (input.assignedTo !== undefined) {
        if (
          input.assignedTo &&
          !(await this.repo.userInOrganisation(actor.organisationId, input.assignedTo, trx))
        ) {
          throw validationError('assignedTo', 'Agent inconnu ou compte désactivé.')
        }
        values.assigned_to = input.assignedTo
      }
      if (input.followUpNote !== undefined) values.follow_up_note = input.followUpNote
      if (input.followUpStatus !== undefined && input.followUpStatus !== current.follow_up_status) {
        if (input.followUpStatus === 'pending' && !current.team_id) {
          throw validationError('followUpStatus', 'Un suivi demande une équipe : ce contact n’en a pas.')
        }
        values.follow_up_status = input.followUpStatus
        values.done_at = input.followUpStatus === 'done' ? new Date() : null
        values.done_by = input.followUpStatus === 'done' ? actor.userId : null
      }
      await this.repo.update(trx, actor, id, values)
      await recordAudit(trx, actor, {
        action: 'contact.update',
        entityType: 'contact',
        entityId: id,
        personId: values.person_id ?? current.person_id,
      })
      return (await this.toContacts(actor, [await this.one(actor, id, trx)], trx))[0]!
    })
  }

  /** "26,941 passages at the social reception in 2017": counts, never names. */
  async counts(actor: Actor, query: z.infer<typeof contactCountsQuerySchema>): Promise<ContactCounts> {
    assertAllowed(actor, 'indicators.read')
    const result = await this.repo.counts(actor.organisationId, query)
    const labels = await this.repo.dimensionLabels(actor.organisationId)
    const channelLabels: Record<string, string> = CONTACT_CHANNEL.labels
    const label = (dimension: (typeof query.groupBy)[number], key: string | null) => {
      if (key === null) return `Sans ${COUNT_DIMENSION.labels[dimension].toLowerCase()}`
      if (dimension === 'channel') return channelLabels[key] ?? key
      if (dimension === 'month' || dimension === 'year') return key
      return labels[dimension].get(key) ?? key
    }
    return {
      total: result.total,
      rows: result.rows.map((row) => ({
        keys: row.keys,
        labels: row.keys.map((key, i) => label(query.groupBy[i]!, key)),
        contacts: row.contacts,
      })),
    }
  }

  /**
   * How many contacts a team logged in a period: a count and nothing else, for a module's own
   * dashboard (the network's seniors line) whose reader holds that module's permission, not indicators'.
   */
  async teamContactTotal(organisationId: string, teamId: string, period: { from: string; to: string }) {
    return (await this.repo.counts(organisationId, { ...period, teamId, groupBy: [] })).total
  }

  /** What the front desk shows on a person's timeline and in their access export. */
  /** The follow-ups waiting for the user; the contact reasons among the first steps. */
  homeSource(): HomeSource {
    return {
      module: 'frontdesk',
      tasks: async (actor) => {
        if (!roleAllows(actor.roles, 'contact.read')) return []
        const n = await this.repo.followUpCounts(actor, FOLLOW_UP_LATE_DAYS)
        return [{ key: 'frontdesk.follow_ups', count: n.count, late: n.late }]
      },
      setup: async (actor) => {
        if (!roleAllows(actor.roles, 'organisation.manage')) return []
        const { count, saved } = await this.repo.reasonsReview(actor.organisationId)
        return [{ key: 'frontdesk.contact_reasons', done: saved && count > 0, count }]
      },
    }
  }

  timelineSource(): TimelineSource {
    const channelLabels: Record<string, string> = CONTACT_CHANNEL.labels
    return {
      kind: 'contact',
      label: 'Passages et contacts',
      entries: async (db, actor, personIds, { limit }) => {
        if (!roleAllowsContacts(actor)) return []
        const rows = await this.repo.list(actor, { personIds }, limit, db)
        return rows.map(
          (row): TimelineEntry => ({
            kind: 'contact',
            kindLabel: 'Accueil',
            id: row.id,
            at: isoTimestamp(row.occurred_at)!,
            title: [channelLabels[row.channel] ?? row.channel, row.team_name].filter(Boolean).join(' — '),
            detail:
              [
                row.reason_labels.join(', '),
                row.service_name ? `Orienté·e vers ${row.service_name}` : null,
                mayReadNotes(actor, row) ? row.note : row.note ? NOTE_RESTRICTED_MARK : null,
                row.follow_up_status === 'pending' ? 'Suivi à faire' : null,
              ]
                .filter(Boolean)
                .join(' · ') || null,
            personId: row.person_id!,
          }),
        )
      },
      count: async (db, actor, personIds) =>
        roleAllowsContacts(actor) ? this.repo.countOfPeople(actor, personIds, db) : 0,
      latest: async (db, actor, personIds) => {
        if (!roleAllowsContacts(actor)) return new Map()
        const rows = await this.repo.latest(actor, personIds, db)
        return new Map(rows.map((r) => [r.person_id!, new Date(r.at as Date)]))
      },
      export: async (db, actor, personIds) => {
        const rows = await this.repo.list(actor, { personIds }, 10_000, db)
        return this.toContacts(actor, rows, db)
      },
    }
  }
}

/**
 * The notes of a contact held by a team (what the person confided, what the team did) are for that
 * team, the team it was oriented to, the contact's author and the director; others see that a note
 * exists, not what it says.
 */
function mayReadNotes(
  actor: Actor,
  row: Pick<ContactRow, 'team_id' | 'orientation_team_id' | 'created_by'>,
): boolean {
  if (row.team_id === null) return true
  return (
    actor.roles.includes('director') ||
    row.created_by === actor.userId ||
    actor.teamIds.includes(row.team_id) ||
    (row.orientation_team_id !== null && actor.teamIds.includes(row.orientation_team_id))
  )
}
const NOTE_RESTRICTED = 'La note de ce contact est réservée à son équipe.'
const NOTE_RESTRICTED_MARK = 'Note réservée à l’équipe'

/** Roles without contacts (the nurse) still open timelines; contacts just don't show. */
const roleAllowsContacts = (actor: Actor) => roleAllows(actor.roles, 'contact.read')
