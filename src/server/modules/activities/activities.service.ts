import type { Kysely, RawBuilder } from 'kysely'
import { sql } from 'kysely'
import type { z } from 'zod'
import {
  type Activity,
  type ActivityInput,
  type ActivityKindInput,
  ANONYMOUS_CATEGORY,
  type activityListQuerySchema,
  PARTICIPANT_STATUS,
  type ParticipantStatus,
  type Session,
  type SessionDetail,
  type SessionInput,
  type sessionCountsInputSchema,
} from '../../../shared/activities.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { personDisplayName, type TimelineEntry } from '../../../shared/people.ts'
import { type Action, roleAllows } from '../../../shared/permissions.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, forbidden, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed, canSeeConfidentialTeam } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { ActivitiesRepository, ActivityRow, SessionRow } from './activities.repository.ts'

type Db = Kysely<Database>

const frenchDay = (iso: string) => iso.split('-').reverse().join('/')

export function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    activityId: row.activity_id,
    heldOn: row.held_on,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    facilitators: row.facilitators,
    note: row.note,
    registered: row.registered,
    present: row.present,
    absent: row.absent,
    excused: row.excused,
    anonymousTotal: row.anonymous_total,
  }
}

/** An activity of a confidential team (the PAEJ…) is seen by its members and the director only. */
export function visibleActivity(actor: Actor): RawBuilder<boolean> {
  if (actor.roles.includes('director')) return sql<boolean>`true`
  return sql<boolean>`(a.team_id is null or not coalesce(t.confidential, false)
    or a.team_id = any(${actor.teamIds}::uuid[]))`
}

/**
 * Group activities: the kinds the organisation lists, each activity with its team, partners, place and
 * audience, its sessions — held or planned; a past day records what was done before (agents record late,
 * a CCAS brings its history) —, the people named in a session and the participants counted per category.
 */
export class ActivitiesService {
  constructor(
    private readonly repo: ActivitiesRepository,
    private readonly people: PeopleService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  // Kinds: the organisation's list.

  async kinds(actor: Actor) {
    // Organisation data, no one's: those who run, configure or count activities read the list.
    if (
      !['activities.read', 'activities.configure', 'indicators.read'].some((a) =>
        roleAllows(actor.roles, a as Action),
      )
    )
      throw forbidden()
    return { items: await this.repo.kinds(actor.organisationId) }
  }

  async createKind(actor: Actor, input: ActivityKindInput) {
    assertAllowed(actor, 'activities.configure')
    return this.db.transaction().execute(async (trx) => {
      if (await this.repo.kindByLabel(actor.organisationId, input.label, trx))
        throw new AppError('ACTIVITY_KIND_TAKEN', 409)
      const kind = await this.repo.insertKind(actor.organisationId, input, trx)
      await recordAudit(trx, actor, {
        action: 'activity_kind.create',
        entityType: 'activity_kind',
        entityId: kind.id,
      })
      return kind
    })
  }

  async updateKind(actor: Actor, id: string, input: ActivityKindInput) {
    assertAllowed(actor, 'activities.configure')
    return this.db.transaction().execute(async (trx) => {
      const same = await this.repo.kindByLabel(actor.organisationId, input.label, trx)
      if (same && same.id !== id) throw new AppError('ACTIVITY_KIND_TAKEN', 409)
      const kind = await this.repo.updateKind(actor.organisationId, id, input, trx)
      if (!kind) throw notFound()
      await recordAudit(trx, actor, {
        action: 'activity_kind.update',
        entityType: 'activity_kind',
        entityId: id,
      })
      return kind
    })
  }

  // Activities.

  private async withPartners(rows: ActivityRow[], db: Db): Promise<Activity[]> {
    const partners = await this.repo.partnersOf(
      rows.map((r) => r.id),
      db,
    )
    return rows.map((row) => ({
      id: row.id,
      kindId: row.kind_id,
      kindLabel: row.kind_label,
      title: row.title,
      description: row.description,
      teamId: row.team_id,
      teamName: row.team_name,
      audience: row.audience,
      placeKind: row.place_kind,
      placeLabel: row.place_label,
      placeAddress: row.place_address,
      partners: partners.filter((p) => p.activity_id === row.id).map((p) => ({ id: p.id, name: p.name })),
      archived: row.archived,
      sessionCount: row.session_count,
      lastSessionOn: row.last_session_on,
    }))
  }

  async list(actor: Actor, query: z.infer<typeof activityListQuerySchema>) {
    assertAllowed(actor, 'activities.read')
    const { items, total } = await this.repo.page(
      actor.organisationId,
      {
        kindId: query.kindId,
        audience: query.audience,
        teamId: query.teamId,
        q: query.q || undefined,
        archived: query.archived === undefined ? undefined : query.archived === 'true',
      },
      visibleActivity(actor),
      query,
    )
    return {
      items: await this.withPartners(items, this.db),
      total,
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  private async activityOrFail(actor: Actor, id: string, db: Db) {
    const row = await this.repo.find(actor.organisationId, id, visibleActivity(actor), db)
    if (!row) throw notFound()
    return row
  }

  async get(actor: Actor, id: string) {
    assertAllowed(actor, 'activities.read')
    const [activity] = await this.withPartners([await this.activityOrFail(actor, id, this.db)], this.db)
    return activity!
  }

  /** The kind, team and partners must be the organisation's; one cannot file under a team one cannot see. */
  private async checkReferences(actor: Actor, input: ActivityInput, db: Db) {
    if (!(await this.repo.kind(actor.organisationId, input.kindId, db)))
      throw validationError('kindId', 'Choisissez un type d’activité de la liste.')
    if (input.teamId) {
      const team = await this.repo.team(actor.organisationId, input.teamId, db)
      if (!team || (team.confidential && !canSeeConfidentialTeam(actor, team.id)))
        throw validationError('teamId', 'Choisissez une équipe de la liste.')
    }
    if (!(await this.repo.partnersExist(actor.organisationId, input.partnerIds, db)))
      throw validationError('partnerIds', 'Choisissez des partenaires de l’annuaire.')
  }

  private values(input: ActivityInput) {
    return {
      kind_id: input.kindId,
      title: input.title,
      description: input.description ?? null,
      team_id: input.teamId ?? null,
      audience: input.audience,
      place_kind: input.placeKind,
      place_label: input.placeLabel ?? null,
      place_address: input.placeAddress ?? null,
      archived: input.archived,
    }
  }

  async create(actor: Actor, input: ActivityInput) {
    assertAllowed(actor, 'activities.manage')
    return this.db.transaction().execute(async (trx) => {
      await this.checkReferences(actor, input, trx)
      const { id } = await this.repo.insert(
        { organisation_id: actor.organisationId, ...this.values(input), created_by: actor.userId },
        trx,
      )
      await this.repo.setPartners(actor.organisationId, id, input.partnerIds, trx)
      await recordAudit(trx, actor, { action: 'activity.create', entityType: 'activity', entityId: id })
      const [activity] = await this.withPartners([await this.activityOrFail(actor, id, trx)], trx)
      return activity!
    })
  }

  async update(actor: Actor, id: string, input: ActivityInput) {
    assertAllowed(actor, 'activities.manage')
    return this.db.transaction().execute(async (trx) => {
      await this.activityOrFail(actor, id, trx)
      await this.checkReferences(actor, input, trx)
      await this.repo.update(actor.organisationId, id, this.values(input), trx)
      await this.repo.setPartners(actor.organisationId, id, input.partnerIds, trx)
      await recordAudit(trx, actor, { action: 'activity.update', entityType: 'activity', entityId: id })
      const [activity] = await this.withPartners([await this.activityOrFail(actor, id, trx)], trx)
      return activity!
    })
  }

  // Sessions.

  async sessions(actor: Actor, activityId: string, query: { page: number; pageSize: number }) {
    assertAllowed(actor, 'activities.read')
    await this.activityOrFail(actor, activityId, this.db)
    const { items, total } = await this.repo.sessionPage(activityId, query)
    return { items: items.map(toSession), total, page: query.page, pageSize: query.pageSize }
  }

  private sessionValues(input: SessionInput) {
    return {
      held_on: input.heldOn,
      starts_at: input.startsAt ?? null,
      ends_at: input.endsAt ?? null,
      capacity: input.capacity ?? null,
      facilitators: input.facilitators,
      note: input.note ?? null,
    }
  }

  async createSession(actor: Actor, activityId: string, input: SessionInput) {
    assertAllowed(actor, 'activities.manage')
    return this.db.transaction().execute(async (trx) => {
      await this.activityOrFail(actor, activityId, trx)
      const { id } = await this.repo.insertSession(
        {
          organisation_id: actor.organisationId,
          activity_id: activityId,
          ...this.sessionValues(input),
          created_by: actor.userId,
        },
        trx,
      )
      // A day before today is history recorded late: the journal says so.
      await recordAudit(trx, actor, {
        action: 'activity_session.create',
        entityType: 'activity_session',
        entityId: id,
        details: { activityId, heldOn: input.heldOn, recordedAfter: input.heldOn < todayInFrance() },
      })
      return this.detail(actor, id, trx, false)
    })
  }

  /** A session of an activity the actor may see, locked for a change; another is "not found". */
  private async lockVisibleSession(actor: Actor, id: string, trx: Db) {
    const session = await this.repo.lockSession(actor.organisationId, id, trx)
    if (!session) throw notFound()
    await this.activityOrFail(actor, session.activity_id, trx)
    return session
  }

  async updateSession(actor: Actor, id: string, input: SessionInput) {
    assertAllowed(actor, 'activities.manage')
    return this.db.transaction().execute(async (trx) => {
      const before = await this.lockVisibleSession(actor, id, trx)
      await this.repo.updateSession(id, this.sessionValues(input), trx)
      await recordAudit(trx, actor, {
        action: 'activity_session.update',
        entityType: 'activity_session',
        entityId: id,
        details: { heldOnBefore: before.held_on, heldOn: input.heldOn },
      })
      return this.detail(actor, id, trx, false)
    })
  }

  /**
   * The session with the people named in it the actor may see (a file of a confidential team the actor
   * is not in is a number, never a name) and the anonymous counts. Reading names leaves an audit row.
   */
  private async detail(actor: Actor, id: string, db: Db, audit: boolean): Promise<SessionDetail> {
    const row = await this.repo.session(actor.organisationId, id, db)
    if (!row) throw notFound()
    const activity = await this.activityOrFail(actor, row.activity_id, db)
    const participants = await this.repo.participants(
      id,
      this.people.visibleFileSql(actor, 'ap.person_id'),
      db,
    )
    const counts = await this.repo.counts(id, db)
    if (audit)
      await recordAudit(db, actor, {
        action: 'activity_session.read',
        entityType: 'activity_session',
        entityId: id,
        personIds: participants.map((p) => p.person_id),
        details: { count: participants.length },
      })
    return {
      ...toSession(row),
      activity: {
        id: activity.id,
        title: activity.title,
        kindLabel: activity.kind_label,
        audience: activity.audience,
      },
      participants: participants.map((p) => ({
        id: p.id,
        personId: p.person_id,
        displayName: personDisplayName({
          lastName: p.last_name,
          usageName: p.usage_name,
          firstNames: p.first_names,
          description: p.description,
        }),
        birthDate: p.birth_date,
        status: p.status,
      })),
      hiddenParticipants: row.registered - participants.length,
      counts: ANONYMOUS_CATEGORY.values.map((category) => ({
        category,
        label: ANONYMOUS_CATEGORY.labels[category],
        count: counts.find((c) => c.category === category)?.count ?? 0,
      })),
    }
  }

  async session(actor: Actor, id: string) {
    assertAllowed(actor, 'activities.read')
    return this.db.transaction().execute((trx) => this.detail(actor, id, trx, true))
  }

  // Participants: named (registration, then attendance) and counted.

  private assertHeldForAttendance(session: { held_on: string }, status: ParticipantStatus) {
    if (status !== 'registered' && session.held_on > todayInFrance())
      throw new AppError('ACTIVITY_SESSION_NOT_HELD', 409)
  }

  async addParticipant(
    actor: Actor,
    sessionId: string,
    input: { personId: string; status: ParticipantStatus },
  ) {
    assertAllowed(actor, 'activities.manage')
    return this.db.transaction().execute(async (trx) => {
      const session = await this.lockVisibleSession(actor, sessionId, trx)
      this.assertHeldForAttendance(session, input.status)
      // A merged file's participation goes to the file it now lives in.
      const file = await this.people.recordFileOrFail(actor, input.personId, trx)
      if (await this.repo.participant(sessionId, file.id, trx))
        throw new AppError('ACTIVITY_ALREADY_PARTICIPANT', 409)
      const { id } = await this.repo.insertParticipant(
        {
          organisation_id: actor.organisationId,
          session_id: sessionId,
          person_id: file.id,
          status: input.status,
          recorded_by: actor.userId,
        },
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'activity_participant.add',
        entityType: 'activity_participant',
        entityId: id,
        personId: file.id,
        details: { sessionId, status: input.status },
      })
      return this.detail(actor, sessionId, trx, false)
    })
  }

  /** The participation of a person the actor may see, locked; another's or a hidden one is "not found". */
  private async visibleParticipant(actor: Actor, sessionId: string, personId: string, trx: Db) {
    const participant = await this.repo.participant(sessionId, personId, trx)
    if (!participant || !(await this.people.recordFileOf(actor, personId, trx))) throw notFound()
    return participant
  }

  async setStatus(actor: Actor, sessionId: string, personId: string, status: ParticipantStatus) {
    assertAllowed(actor, 'activities.manage')
    return this.db.transaction().execute(async (trx) => {
      const session = await this.lockVisibleSession(actor, sessionId, trx)
      this.assertHeldForAttendance(session, status)
      const participant = await this.visibleParticipant(actor, sessionId, personId, trx)
      await this.repo.updateParticipant(participant.id, { status, recorded_by: actor.userId }, trx)
      await recordAudit(trx, actor, {
        action: 'activity_participant.status',
        entityType: 'activity_participant',
        entityId: participant.id,
        personId,
        details: { sessionId, from: participant.status, to: status },
      })
      return this.detail(actor, sessionId, trx, false)
    })
  }

  async removeParticipant(actor: Actor, sessionId: string, personId: string) {
    assertAllowed(actor, 'activities.manage')
    return this.db.transaction().execute(async (trx) => {
      await this.lockVisibleSession(actor, sessionId, trx)
      const participant = await this.visibleParticipant(actor, sessionId, personId, trx)
      await this.repo.deleteParticipant(participant.id, trx)
      await recordAudit(trx, actor, {
        action: 'activity_participant.remove',
        entityType: 'activity_participant',
        entityId: participant.id,
        personId,
        details: { sessionId, status: participant.status },
      })
      return this.detail(actor, sessionId, trx, false)
    })
  }

  /** The anonymous counts of the session, as they stand on the sheet: every category replaced at once. */
  async setCounts(actor: Actor, sessionId: string, input: z.infer<typeof sessionCountsInputSchema>) {
    assertAllowed(actor, 'activities.manage')
    return this.db.transaction().execute(async (trx) => {
      const session = await this.lockVisibleSession(actor, sessionId, trx)
      if (session.held_on > todayInFrance() && input.counts.some((c) => c.count > 0))
        throw new AppError('ACTIVITY_SESSION_NOT_HELD', 409)
      const categories = new Set(input.counts.map((c) => c.category))
      if (categories.size !== input.counts.length)
        throw validationError('counts', 'Une catégorie est donnée deux fois.')
      await this.repo.replaceCounts(actor.organisationId, sessionId, input.counts, trx)
      await recordAudit(trx, actor, {
        action: 'activity_session.counts',
        entityType: 'activity_session',
        entityId: sessionId,
        details: Object.fromEntries(input.counts.map((c) => [c.category, c.count])),
      })
      return this.detail(actor, sessionId, trx, false)
    })
  }

  /**
   * Participations on the person's timeline and in their access export. One in an activity of a
   * confidential team stays off the timeline of those outside the team (taking part says something).
   */
  timelineSource(): TimelineSource {
    const mayRead = (actor: Actor) => roleAllows(actor.roles, 'activities.read')
    const visible = (actor: Actor, row: { team_id: string | null; team_confidential: boolean | null }) =>
      !row.team_id || !row.team_confidential || canSeeConfidentialTeam(actor, row.team_id)
    const statusLabels: Record<string, string> = PARTICIPANT_STATUS.labels
    const teamsOf = (actor: Actor) => ({ all: actor.roles.includes('director'), teamIds: actor.teamIds })
    const at = (row: { held_on: string; starts_at: string | null }) =>
      new Date(`${row.held_on}T${row.starts_at ?? '12:00'}:00Z`)
    return {
      kind: 'activity_participation',
      label: 'Participations aux activités collectives',
      entries: async (db, actor, personIds, { limit }) => {
        if (!mayRead(actor)) return []
        return (await this.repo.latestOfPeople(personIds, teamsOf(actor), limit, db)).map(
          (row): TimelineEntry => ({
            kind: 'activity_participation',
            kindLabel: 'Activité',
            id: row.id,
            at: at(row).toISOString(),
            title: `${row.title} : ${(statusLabels[row.status] ?? row.status).toLowerCase()}`,
            detail: `${row.kind_label} — séance du ${frenchDay(row.held_on)}`,
            personId: row.person_id,
          }),
        )
      },
      count: async (db, actor, personIds) =>
        mayRead(actor) ? this.repo.countOfPeople(personIds, teamsOf(actor), db) : 0,
      latest: async (db, actor, personIds) => {
        const latest = new Map<string, Date>()
        if (!mayRead(actor)) return latest
        for (const row of await this.repo.ofPeople(personIds, db)) {
          if (!visible(actor, row)) continue
          const known = latest.get(row.person_id)
          if (!known || known < at(row)) latest.set(row.person_id, at(row))
        }
        return latest
      },
      export: async (db, _actor, personIds) =>
        (await this.repo.ofPeople(personIds, db)).map((row) => ({
          id: row.id,
          activity: row.title,
          kind: row.kind_label,
          sessionOn: row.held_on,
          startsAt: row.starts_at,
          status: statusLabels[row.status] ?? row.status,
          updatedAt: isoTimestamp(row.updated_at),
        })),
    }
  }
}
