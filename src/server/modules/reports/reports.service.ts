import { randomInt } from 'node:crypto'
import type { Kysely, Updateable } from 'kysely'
import type { z } from 'zod'
import type { AuditAction } from '../../../shared/audit.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import {
  DEFAULT_TRIAGE_DELAY_DAYS,
  isolatedAtHomeSummary,
  NEXT_STATUSES,
  type PublicReportInput,
  REFUSED_TRANSITION,
  REPORT_ACKNOWLEDGEMENT,
  REPORT_OUTCOME,
  REPORT_SOURCE,
  REPORT_STATUS,
  type Report,
  type ReportConcern,
  type ReportDetail,
  type ReportInput,
  type ReportTransition,
  type reportListQuerySchema,
  type reportUpdateSchema,
  roundLabel,
} from '../../../shared/reports.ts'
import type { Db } from '../../db/database.ts'
import type { Database, ReportTable } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, notInFuture, validationError } from '../../platform/errors.ts'
import type { HomeSource } from '../../platform/home.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { type Actor, assertAllowed, canSeeConfidentialTeam, isAppError } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { NetworkService } from '../network/network.service.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { reportAcknowledgementEmail } from './reports.emails.ts'
import type { ReportFilters, ReportReferences, ReportsRepository } from './reports.repository.ts'

type ListedReport = Awaited<ReturnType<ReportsRepository['list']>>[number]

/** A time may be a few minutes ahead of the server's clock, not more. */
const reference = (year: string, n: number) => `SIG-${year}-${String(n).padStart(6, '0')}`

/**
 * Reports (signalements): the public form, staff entry, and the triage queue of the outreach team.
 * A report about an older or fragile person who seems isolated at home is not triaged here: it is
 * handed to the neighbour network's coordinator in the transaction that stores it.
 * A report holds personal data (the reporter's, the description): every read and write is audited
 * in its transaction, and nothing of it reaches the logs.
 */
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly people: PeopleService,
    private readonly frontdesk: Pick<FrontdeskService, 'get'>,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
    private readonly network: Pick<NetworkService, 'receiveCitizenReport'>,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private async delayOf(organisationId: string, db: Kysely<Database>) {
    return (await this.repo.triageDelayDays(organisationId, db)) ?? DEFAULT_TRIAGE_DELAY_DAYS
  }

  // ----- the public form -----

  /** Which organisation a public form link writes to; without one, the installation's only organisation. */
  async publicForm(organisationId: string | undefined) {
    const organisation = await this.organisations.publicOrganisation(organisationId)
    if (!organisation) throw notFound()
    return { organisationId: organisation.id, organisationName: organisation.name }
  }

  /**
   * A citizen's report. The answer is the same whatever was reported: a reference and generic words.
   * Nothing is matched against existing records, so the form tells nothing about anyone.
   */
  async submitPublic(organisationId: string, input: PublicReportInput) {
    const organisation = await this.organisations.publicOrganisation(organisationId)
    if (!organisation) throw notFound()
    const year = todayInFrance().slice(0, 4)
    if (input.website) {
      // A bot filled in the hidden field: it gets an answer like any other, and nothing is kept.
      return { reference: reference(year, randomInt(1, 1_000_000)), acknowledgement: REPORT_ACKNOWLEDGEMENT }
    }
    if (input.concern === 'street') notInFuture(input.seenAt, 'seenAt')
    return this.db.transaction().execute(async (trx) => {
      const ref = reference(year, await this.repo.nextNumber(trx, organisationId, Number(year)))
      const row = await this.repo.insert(trx, {
        ...this.reportValues(input),
        organisation_id: organisationId,
        reference: ref,
        source: 'public_form',
        consent_at: new Date(),
        created_by: null,
      })
      await this.repo.addEvent(trx, {
        organisation_id: organisationId,
        report_id: row.id,
        status: 'new',
        by_user: null,
      })
      // The citizen's address is not kept in the audit trail: no user, no IP.
      await recordAudit(
        trx,
        { organisationId, userId: null, ip: null },
        { action: 'report.create_public', entityType: 'report', entityId: row.id },
      )
      await this.handOver(trx, organisationId, row.id, input)
      if (input.reporterEmail) {
        await enqueueEmail(
          trx,
          reportAcknowledgementEmail(input.reporterEmail, ref, organisation.name),
          organisationId,
        )
      }
      return { reference: ref, acknowledgement: REPORT_ACKNOWLEDGEMENT }
    })
  }

  private reportValues(input: PublicReportInput | ReportInput) {
    const common = {
      concern: input.concern,
      location_text: input.locationText,
      situation: input.situation,
      reporter_name: input.reporterName ?? null,
      reporter_phone: input.reporterPhone ?? null,
      reporter_email: input.reporterEmail ?? null,
      callback_accepted: input.callbackAccepted,
    }
    if (input.concern === 'isolated_at_home') {
      return { ...common, person_description: input.personDescription, person_aware: input.personAware }
    }
    return {
      ...common,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      seen_at: input.seenAt ? new Date(input.seenAt) : null,
      children_present: input.childrenPresent,
      urgency: input.urgency,
    }
  }

  /**
   * A report about someone isolated at home joins the neighbour network coordinator's queue, in the
   * transaction that stores it: what the reporter wrote, and the address.
   */
  private async handOver(
    trx: Kysely<Database>,
    organisationId: string,
    reportId: string,
    input: PublicReportInput | ReportInput,
  ) {
    if (input.concern !== 'isolated_at_home') return
    await this.network.receiveCitizenReport(trx, organisationId, {
      reportId,
      about: isolatedAtHomeSummary(input),
      location: input.locationText,
    })
  }

  // ----- staff -----

  /** Checks the references of a report in one query; a wrong one is a field error, never a 500. */
  private async checkReferences(
    actor: Actor,
    refs: ReportReferences,
    db: Kysely<Database>,
    /** The report's arrival: the encounter that answered it came after. */
    receivedAt?: Date,
  ) {
    const found = await this.repo.references(db, actor, refs)
    if (refs.partnerServiceId && !found.service) {
      throw validationError('partnerServiceId', 'Service partenaire inconnu.')
    }
    if (refs.zoneId && !found.zone) throw validationError('zoneId', 'Secteur inconnu.')
    if (refs.assignedTo && !found.assignee) {
      throw validationError(
        'assignedTo',
        'Agent inconnu, compte désactivé, ou rôle qui ne traite pas les signalements.',
      )
    }
    if (refs.roundId && !found.round) throw validationError('roundId', 'Tournée inconnue ou annulée.')
    if (
      refs.encounterId &&
      (found.encounter_confidential === null ||
        (found.encounter_confidential && !canSeeConfidentialTeam(actor, found.encounter_team!)))
    ) {
      throw validationError('encounterId', 'Rencontre inconnue.')
    }
    if (refs.encounterId && receivedAt && found.encounter_at && new Date(found.encounter_at) < receivedAt) {
      throw validationError('encounterId', 'Cette rencontre a eu lieu avant l’arrivée du signalement.')
    }
  }

  /** A report about a merged file goes to the kept one, where everyone looks for it. */
  private async resolvePerson(actor: Actor, personId: string | null | undefined, db: Kysely<Database>) {
    return personId ? (await this.people.recordFileOrFail(actor, personId, db)).id : null
  }

  /** The front-desk contact a report was taken at, if the actor may see it. */
  private async checkContact(actor: Actor, contactId: string | null | undefined) {
    if (!contactId) return
    try {
      await this.frontdesk.get(actor, contactId)
    } catch (error) {
      if (isAppError(error) && (error.status === 404 || error.status === 403)) {
        throw validationError('frontdeskContactId', 'Contact d’accueil inconnu.')
      }
      throw error
    }
  }

  async create(actor: Actor, input: ReportInput): Promise<ReportDetail> {
    assertAllowed(actor, 'report.create')
    if (input.concern === 'street') notInFuture(input.seenAt, 'seenAt')
    notInFuture(input.receivedAt, 'receivedAt', 'La date de réception ne peut pas être dans le futur.')
    await this.checkContact(actor, input.frontdeskContactId)
    const year = todayInFrance(input.receivedAt ? new Date(input.receivedAt) : new Date()).slice(0, 4)
    return this.db.transaction().execute(async (trx) => {
      await this.checkReferences(actor, input, trx)
      const street = input.concern === 'street' ? input : null
      const personId = await this.resolvePerson(actor, street?.personId, trx)
      const number = await this.repo.nextNumber(trx, actor.organisationId, Number(year))
      const row = await this.repo.insert(trx, {
        ...this.reportValues(input),
        organisation_id: actor.organisationId,
        reference: reference(year, number),
        source: input.source,
        received_at: input.receivedAt ? new Date(input.receivedAt) : new Date(),
        partner_service_id: input.partnerServiceId ?? null,
        frontdesk_contact_id: input.frontdeskContactId ?? null,
        person_id: personId,
        zone_id: street?.zoneId ?? null,
        created_by: actor.userId,
      })
      await this.repo.addEvent(trx, {
        organisation_id: actor.organisationId,
        report_id: row.id,
        status: 'new',
        by_user: actor.userId,
      })
      await this.handOver(trx, actor.organisationId, row.id, input)
      return this.audited(actor, row.id, 'report.create', trx, input.concern)
    })
  }

  /** One report of the triage queue, or (for its author, on entry) one about someone isolated at home. */
  private async one(
    actor: Actor,
    id: string,
    delayDays: number,
    db: Kysely<Database>,
    concern: ReportConcern = 'street',
  ) {
    const [row] = await this.repo.list(actor, { id, concern }, delayDays, 1, db)
    if (!row) throw notFound()
    return row
  }

  private async toReports(actor: Actor, rows: ListedReport[], db: Kysely<Database>): Promise<Report[]> {
    const people = await this.people.visiblePeople(
      actor,
      rows.flatMap((r) => (r.person_id ? [r.person_id] : [])),
      db,
    )
    return rows.map((row) => {
      // Linked to a file the reader may not see (confidential team): the link does not show.
      const person = row.person_id ? people.get(row.person_id) : undefined
      return {
        id: row.id,
        reference: row.reference,
        concern: row.concern,
        source: row.source,
        status: row.status,
        receivedAt: isoTimestamp(row.received_at)!,
        seenAt: isoTimestamp(row.seen_at),
        locationText: row.location_text,
        latitude: row.latitude,
        longitude: row.longitude,
        situation: row.situation,
        childrenPresent: row.children_present,
        urgency: row.urgency,
        personDescription: row.person_description,
        personAware: row.person_aware,
        reporterName: row.reporter_name,
        reporterPhone: row.reporter_phone,
        reporterEmail: row.reporter_email,
        callbackAccepted: row.callback_accepted,
        partnerServiceId: row.partner_service_id,
        partnerServiceName: row.service_name,
        frontdeskContactId: row.frontdesk_contact_id,
        personId: person ? row.person_id : null,
        personName: person?.displayName ?? null,
        zoneId: row.zone_id,
        zoneName: row.zone_name,
        assignedTo: row.assigned_to,
        assignedToName: row.assignee_name,
        roundId: row.round_id,
        roundLabel: roundLabel(row.round_date, row.round_zone_name),
        encounterId: row.encounter_id,
        visitedAt: isoTimestamp(row.visited_at),
        outcome: row.outcome,
        closingNote: row.closing_note,
        closedAt: isoTimestamp(row.closed_at),
        statusChangedAt: isoTimestamp(row.status_changed_at)!,
        overdue: row.overdue,
        createdByName: row.author_name,
        createdAt: isoTimestamp(row.created_at)!,
      }
    })
  }

  private async detail(
    actor: Actor,
    id: string,
    db: Kysely<Database>,
    concern: ReportConcern = 'street',
  ): Promise<ReportDetail> {
    const delay = await this.delayOf(actor.organisationId, db)
    const [report] = await this.toReports(actor, [await this.one(actor, id, delay, db, concern)], db)
    const events = await this.repo.events(actor.organisationId, id, db)
    return {
      ...report!,
      history: events.map((e) => ({
        status: e.status,
        at: isoTimestamp(e.at)!,
        byName: e.by_name,
        assignedToName: e.assignee_name,
        roundLabel: roundLabel(e.round_date, e.round_zone_name),
        outcome: e.outcome as ReportDetail['outcome'],
        note: e.note,
      })),
    }
  }

  /** The triage queue: filters, the overdue flag on each report, and the organisation's overdue count. */
  async list(actor: Actor, query: z.infer<typeof reportListQuerySchema>) {
    assertAllowed(actor, 'report.triage')
    return this.db.transaction().execute(async (trx) => {
      const delay = await this.delayOf(actor.organisationId, trx)
      const filters: ReportFilters = {
        status: query.status,
        zoneId: query.zoneId,
        assignedTo: query.assignedToMe ? actor.userId : undefined,
        overdue: query.overdue,
      }
      const rows = await this.repo.list(actor, filters, delay, query.limit, trx)
      const overdueCount = await this.repo.overdueCount(actor.organisationId, delay, trx)
      await recordAudit(trx, actor, { action: 'report.list', entityType: 'report' })
      return { items: await this.toReports(actor, rows, trx), overdueCount, triageDelayDays: delay }
    })
  }

  async get(actor: Actor, id: string) {
    assertAllowed(actor, 'report.triage')
    return this.db.transaction().execute((trx) => this.audited(actor, id, 'report.read', trx))
  }

  /** The report as the actor now sees it, with the audit row of what was just done to it. */
  private async audited(
    actor: Actor,
    id: string,
    action: AuditAction,
    db: Kysely<Database>,
    concern: ReportConcern = 'street',
  ) {
    const report = await this.detail(actor, id, db, concern)
    await recordAudit(db, actor, { action, entityType: 'report', entityId: id, personId: report.personId })
    return report
  }

  /** Triage completes a report: its zone, the person it was about, the encounter that answered it. */
  async update(actor: Actor, id: string, input: z.infer<typeof reportUpdateSchema>) {
    assertAllowed(actor, 'report.triage')
    return this.db.transaction().execute(async (trx) => {
      const report = await this.lock(actor, id, trx)
      await this.checkReferences(actor, input, trx, report.received_at)
      const values: Updateable<ReportTable> = {}
      if (input.zoneId !== undefined) values.zone_id = input.zoneId
      if (input.personId !== undefined)
        values.person_id = await this.resolvePerson(actor, input.personId, trx)
      if (input.encounterId !== undefined) values.encounter_id = input.encounterId
      if (input.urgency !== undefined) values.urgency = input.urgency
      await this.repo.update(trx, actor, id, values)
      return this.audited(actor, id, 'report.update', trx)
    })
  }

  /** Locks the report for the transaction, so that two agents acting at once act one after the other. */
  private async lock(actor: Actor, id: string, db: Kysely<Database>) {
    const row = await db
      .selectFrom('reports')
      .select(['status', 'received_at'])
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .where('concern', '=', 'street')
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw notFound()
    return { status: row.status, received_at: new Date(row.received_at) }
  }

  /** Moves a report along: assigned → visited → closed, each change dated with who made it. */
  async transition(actor: Actor, id: string, input: ReportTransition) {
    assertAllowed(actor, 'report.triage')
    if (input.status === 'visited') {
      notInFuture(input.visitedAt, 'visitedAt', 'La date de visite ne peut pas être dans le futur.')
    }
    return this.db.transaction().execute(async (trx) => {
      const { status: current, received_at: receivedAt } = await this.lock(actor, id, trx)
      if (!NEXT_STATUSES[current].includes(input.status)) {
        throw validationError('status', REFUSED_TRANSITION[current])
      }
      const now = new Date()
      const values: Updateable<ReportTable> = { status: input.status, status_changed_at: now }
      const event = {
        assigned_to: null as string | null,
        round_id: null as string | null,
        outcome: null as string | null,
      }
      let note: string | null = null
      await this.checkReferences(actor, input, trx, receivedAt)
      if (input.status === 'assigned') {
        values.assigned_to = event.assigned_to = input.assignedTo ?? null
        values.round_id = event.round_id = input.roundId ?? null
        note = input.note ?? null
      } else if (input.status === 'visited') {
        values.visited_at = input.visitedAt ? new Date(input.visitedAt) : now
        if (input.encounterId !== undefined) values.encounter_id = input.encounterId
        note = input.note ?? null
      } else {
        values.outcome = event.outcome = input.outcome
        values.closing_note = note = input.closingNote ?? null
        values.closed_at = now
        if (input.encounterId !== undefined) values.encounter_id = input.encounterId
        if (input.personId !== undefined) {
          values.person_id = await this.resolvePerson(actor, input.personId, trx)
        }
      }
      await this.repo.update(trx, actor, id, values)
      await this.repo.addEvent(trx, {
        organisation_id: actor.organisationId,
        report_id: id,
        status: input.status,
        by_user: actor.userId,
        ...event,
        note,
      })
      return this.audited(actor, id, `report.${input.status}`, trx)
    })
  }

  async settings(actor: Actor) {
    assertAllowed(actor, 'outreach.configure')
    return { triageDelayDays: await this.delayOf(actor.organisationId, this.db) }
  }

  async saveSettings(actor: Actor, input: { triageDelayDays: number }) {
    assertAllowed(actor, 'outreach.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.repo.saveTriageDelay(trx, actor, input.triageDelayDays)
      await recordAudit(trx, actor, { action: 'report.settings_update', entityType: 'report_settings' })
      return { triageDelayDays: input.triageDelayDays }
    })
  }

  /** Reports linked to a person show on their timeline (for the triage roles) and in their export. */
  /** New street reports to triage and those given to the user, flagged past the delay; the delay among the first steps. */
  homeSource(): HomeSource {
    return {
      module: 'reports',
      tasks: async (actor) => {
        if (!roleAllows(actor.roles, 'report.triage')) return []
        const n = await this.repo.homeCounts(actor, await this.delayOf(actor.organisationId, this.db))
        return [
          { key: 'reports.to_triage', count: n.new_count, late: n.new_late },
          { key: 'reports.assigned_to_me', count: n.mine_count, late: n.mine_late },
        ]
      },
      setup: async (actor) => {
        if (!roleAllows(actor.roles, 'organisation.manage')) return []
        const done = await this.repo.settingsSaved(actor.organisationId)
        return [{ key: 'reports.triage_delay', done, count: null }]
      },
    }
  }

  timelineSource(): TimelineSource {
    const canTriage = (actor: Actor) => roleAllows(actor.roles, 'report.triage')
    const sourceLabels: Record<string, string> = REPORT_SOURCE.labels
    const statusLabels: Record<string, string> = REPORT_STATUS.labels
    const outcomeLabels: Record<string, string> = REPORT_OUTCOME.labels
    const rowsOf = async (db: Kysely<Database>, actor: Actor, personIds: string[], limit = 100_000) =>
      this.repo.list(actor, { personIds }, await this.delayOf(actor.organisationId, db), limit, db)
    return {
      kind: 'report',
      label: 'Signalements',
      entries: async (db, actor, personIds, { limit }) => {
        if (!canTriage(actor)) return []
        return (await rowsOf(db, actor, personIds, limit)).map(
          (row): TimelineEntry => ({
            kind: 'report',
            kindLabel: 'Signalement',
            id: row.id,
            at: isoTimestamp(row.received_at)!,
            title: `${row.reference} — ${sourceLabels[row.source] ?? row.source}`,
            detail:
              [statusLabels[row.status], row.outcome ? outcomeLabels[row.outcome] : null, row.location_text]
                .filter(Boolean)
                .join(' · ') || null,
            personId: row.person_id!,
          }),
        )
      },
      count: async (db, actor, personIds) =>
        canTriage(actor) ? this.repo.countOfPeople(actor, personIds, db) : 0,
      // A report is a tip about someone, not a contact with them: it is not their "last contact".
      latest: async () => new Map(),
      // Who reported the person is a third party's data: it stays out of the person's own export.
      export: async (db, actor, personIds) =>
        (await this.toReports(actor, await rowsOf(db, actor, personIds), db)).map(
          ({ reporterName: _name, reporterPhone: _phone, reporterEmail: _email, ...report }) => report,
        ),
    }
  }
}
