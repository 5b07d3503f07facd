import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { AID_REQUEST_STATUS, type AidRequestStatus } from '../../../shared/aid.ts'
import type {
  CommissionSession,
  commissionDecisionInputSchema,
  sessionInputSchema,
  sessionListQuerySchema,
} from '../../../shared/aid-commission.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, forbidden, notFound, validationError } from '../../platform/errors.ts'
import type { HomeSource } from '../../platform/home.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { applicantName, presentAgendaItem } from './aid.commission.ts'
import { recordAidDecision } from './aid.decisions.ts'
import type { AidSessionsRepository } from './aid.sessions.repository.ts'
import type { AidSettingsService } from './aid.settings.ts'

type SessionRow = NonNullable<Awaited<ReturnType<AidSessionsRepository['find']>>>

const stateError = (detail: string) => new AppError('AID_SESSION_STATE', 409, detail)
const hhmm = (time: string | null) => (time ? time.slice(0, 5) : null)
const isCommissionMember = (roles: readonly string[]) => roles.includes('commission_member')

/**
 * The aid commission's sessions: planning them, inviting members, building the agenda from the
 * requests waiting for it (adjourned ones proposed again), attendance and quorum, opening, the
 * decisions per request (through the one way to record a decision), closing.
 *
 * Who sees what: the secretary (`aid.sessions`) every session and every name; a commission member
 * (`aid.commission`) only the sessions they are invited to, and their agenda only while the session
 * is open, pseudonymised unless the organisation shows names.
 */
export class AidSessionsService {
  constructor(
    private readonly repo: AidSessionsRepository,
    private readonly settings: AidSettingsService,
  ) {}

  get db() {
    return this.repo.db
  }

  private manages(actor: Actor) {
    return roleAllows(actor.roles, 'aid.sessions')
  }

  /** The home page: a member's open sessions; for the secretary, the requests waiting for a session. */
  homeSource(): HomeSource {
    return {
      module: 'aid.sessions',
      tasks: async (actor) => {
        const manage = this.manages(actor)
        const sits = roleAllows(actor.roles, 'aid.commission')
        if (!manage && !sits) return []
        const counts = await this.repo.homeCounts(actor.organisationId, actor.userId)
        return [
          ...(sits ? [{ key: 'aid.sessions_open' as const, count: counts.open, late: 0 }] : []),
          ...(manage ? [{ key: 'aid.awaiting_commission' as const, count: counts.waiting, late: 0 }] : []),
        ]
      },
    }
  }

  async list(actor: Actor, query: z.infer<typeof sessionListQuerySchema>) {
    const manage = this.manages(actor)
    if (!manage) assertAllowed(actor, 'aid.commission')
    const { rows, total } = await this.repo.list(actor.organisationId, {
      ...query,
      memberUserId: manage ? undefined : actor.userId,
    })
    return {
      items: rows.map((row) => ({
        id: row.id,
        heldOn: row.held_on,
        startsAt: hhmm(row.starts_at),
        place: row.place,
        status: row.status,
        memberCount: row.member_count,
        presentCount: row.present_count,
        agendaCount: row.agenda_count,
        decidedCount: row.decided_count,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async create(actor: Actor, input: z.infer<typeof sessionInputSchema>) {
    assertAllowed(actor, 'aid.sessions')
    return this.db.transaction().execute(async (trx) => {
      const id = await this.repo.create(trx, {
        organisation_id: actor.organisationId,
        held_on: input.heldOn,
        starts_at: input.startsAt ?? null,
        place: input.place ?? null,
        created_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'aid.session_create',
        entityType: 'aid_session',
        entityId: id,
        details: { heldOn: input.heldOn },
      })
      return this.present(actor, await this.sessionOrFail(actor, id, trx), trx)
    })
  }

  async update(actor: Actor, id: string, input: z.infer<typeof sessionInputSchema>) {
    return this.managed(actor, id, 'aid.session_update', async (session, trx) => {
      if (session.status !== 'planned')
        throw stateError('La séance est ouverte ou close : sa date ne change plus.')
      await this.repo.update(trx, id, {
        held_on: input.heldOn,
        starts_at: input.startsAt ?? null,
        place: input.place ?? null,
      })
      return { heldOn: input.heldOn }
    })
  }

  async view(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const session = await this.readable(actor, id, trx)
      return this.present(actor, session, trx, true)
    })
  }

  async invitable(actor: Actor) {
    assertAllowed(actor, 'aid.sessions')
    const rows = await this.repo.invitable(actor.organisationId)
    return {
      items: rows.map((row) => ({
        userId: row.id,
        name: row.name,
        commissionMember: isCommissionMember(row.roles),
      })),
    }
  }

  async setMembers(actor: Actor, id: string, userIds: string[]) {
    return this.managed(actor, id, 'aid.session_members', async (session, trx) => {
      if (session.status === 'closed') throw stateError('La séance est close : ses membres ne changent plus.')
      const unique = [...new Set(userIds)]
      const known = await this.repo.existingUsers(actor.organisationId, unique, trx)
      const unknown = userIds.findIndex((userId) => !known.has(userId))
      if (unknown >= 0) throw validationError(`userIds.${unknown}`, 'Utilisateur inconnu ou désactivé.')
      await this.repo.setMembers(trx, id, unique)
      return { members: unique.length }
    })
  }

  async setAttendance(actor: Actor, id: string, presentUserIds: string[]) {
    return this.managed(actor, id, 'aid.session_attendance', async (session, trx) => {
      if (session.status === 'closed')
        throw stateError('La séance est close : les présences ne changent plus.')
      const members = new Set((await this.repo.members(id, trx)).map((m) => m.user_id))
      const stranger = presentUserIds.findIndex((userId) => !members.has(userId))
      if (stranger >= 0) {
        throw validationError(`presentUserIds.${stranger}`, 'Invitez d’abord cette personne à la séance.')
      }
      const present = [...new Set(presentUserIds)]
      await this.repo.setAttendance(trx, id, present)
      return { present: present.length }
    })
  }

  /** The requests that may go on the agenda: submitted ones, and adjourned ones proposed again. */
  async candidates(actor: Actor, id: string) {
    assertAllowed(actor, 'aid.sessions')
    const session = await this.sessionOrFail(actor, id, this.db)
    if (session.status === 'closed') return { items: [] }
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.candidates(actor.organisationId, trx)
      await recordAudit(trx, actor, {
        action: 'aid.session_read',
        entityType: 'aid_session',
        entityId: id,
        personIds: rows.map((row) => row.person_id),
        details: { candidates: rows.length },
      })
      return {
        items: rows.map((row) => ({
          requestId: row.id,
          status: row.status,
          name: applicantName(row),
          aidTypeLabel: row.aid_type_label,
          requestedOn: row.requested_on,
          amountAskedCents: row.amount_asked_cents,
          proposed: row.status === 'adjourned',
          adjournmentReason: row.status === 'adjourned' ? row.adjournment_reason : null,
        })),
      }
    })
  }

  async addToAgenda(actor: Actor, id: string, requestIds: string[]) {
    return this.managed(actor, id, 'aid.session_agenda_add', async (session, trx) => {
      if (session.status === 'closed')
        throw stateError('La séance est close : son ordre du jour ne change plus.')
      const unique = [...new Set(requestIds)]
      const requests = new Map(
        (await this.repo.requestsToPlace(actor.organisationId, unique, trx)).map((r) => [r.id, r]),
      )
      unique.forEach((requestId, index) => {
        const request = requests.get(requestId)
        if (!request) throw validationError(`requestIds.${index}`, 'Demande inconnue.')
        if (request.status !== 'submitted' && request.status !== 'adjourned') {
          throw validationError(
            `requestIds.${index}`,
            `Cette demande n’attend pas de commission (${AID_REQUEST_STATUS.labels[request.status as AidRequestStatus].toLowerCase()}).`,
          )
        }
      })
      await this.repo.addToAgenda(trx, actor.organisationId, id, unique)
      return {
        added: unique.length,
        personIds: unique.map((requestId) => requests.get(requestId)?.person_id ?? ''),
      }
    })
  }

  async removeFromAgenda(actor: Actor, id: string, requestId: string) {
    return this.managed(actor, id, 'aid.session_agenda_remove', async (session, trx) => {
      if (session.status === 'closed')
        throw stateError('La séance est close : son ordre du jour ne change plus.')
      const item = await this.repo.agendaItem(id, requestId, trx)
      if (!item) throw notFound()
      if (item.outcome) throw stateError('La commission a déjà décidé de cette demande.')
      await this.repo.removeFromAgenda(trx, actor.organisationId, id, requestId)
      return { requestId, personIds: [item.person_id] }
    })
  }

  async open(actor: Actor, id: string) {
    return this.managed(actor, id, 'aid.session_open', async (session, trx) => {
      if (session.status !== 'planned') throw stateError('Cette séance est déjà ouverte ou close.')
      await this.repo.update(trx, id, { status: 'open', opened_at: new Date(), opened_by: actor.userId })
      return {}
    })
  }

  async close(actor: Actor, id: string, minutesNote: string | null) {
    return this.managed(actor, id, 'aid.session_close', async (session, trx) => {
      if (session.status !== 'open') throw stateError('Seule une séance ouverte peut être close.')
      const undecided = (await this.repo.agenda(actor.organisationId, id, trx)).filter(
        (item) => !item.outcome,
      )
      if (undecided.length) {
        throw stateError(
          `${undecided.length} demande(s) de l’ordre du jour restent sans décision : décidez-les ou ajournez-les avant de clore la séance.`,
        )
      }
      await this.repo.update(trx, id, {
        status: 'closed',
        closed_at: new Date(),
        closed_by: actor.userId,
        minutes_note: minutesNote,
      })
      return {}
    })
  }

  /**
   * A decision on one request of the agenda, while the session is open and its quorum met: by the
   * secretary, or by a member present.
   */
  async decide(actor: Actor, id: string, input: z.infer<typeof commissionDecisionInputSchema>) {
    if (!this.manages(actor)) assertAllowed(actor, 'aid.commission')
    return this.db.transaction().execute(async (trx) => {
      const session = await this.readable(actor, id, trx, true)
      if (session.status !== 'open')
        throw stateError('La séance n’est pas ouverte : la commission ne peut pas décider.')
      if (!this.manages(actor)) {
        const membership = await this.repo.isMember(id, actor.userId, trx)
        if (!membership?.present) throw forbidden()
      }
      const members = await this.repo.members(id, trx)
      const settings = await this.settings.of(actor.organisationId, trx)
      const present = members.filter((m) => m.present).length
      if (present < settings.quorum) {
        throw new AppError(
          'AID_QUORUM_NOT_MET',
          409,
          `Le quorum n’est pas atteint (${present} membre(s) présent(s) sur ${settings.quorum} requis) : la commission ne peut pas décider.`,
        )
      }
      const item = await this.repo.agendaItem(id, input.requestId, trx)
      if (!item) throw validationError('requestId', 'Cette demande n’est pas à l’ordre du jour de la séance.')
      if (item.outcome) throw stateError('La commission a déjà décidé de cette demande.')
      await recordAidDecision(trx, actor, {
        requestId: input.requestId,
        channel: 'commission',
        sessionId: id,
        decision: input.decision,
        decidedOn: session.held_on,
        grantedCents: input.decision === 'granted' ? input.grantedCents : null,
        paymentForm: input.decision === 'granted' ? input.paymentForm : null,
        refusalMotif: input.decision === 'refused' ? input.refusalMotif : null,
        adjournmentReason: input.decision === 'adjourned' ? input.adjournmentReason : null,
        note: input.note ?? null,
        derogationNote: input.derogationNote ?? null,
      })
      await this.repo.setOutcome(trx, item.id, input.decision)
      return this.present(actor, session, trx)
    })
  }

  /** For the letters: a session of the actor's organisation with its members and agenda, names included. */
  async forMinutes(actor: Actor, id: string, db: Kysely<Database>) {
    const session = await this.sessionOrFail(actor, id, db)
    const members = await this.repo.members(id, db)
    const agenda = await this.repo.agenda(actor.organisationId, id, db)
    return { session, members, agenda }
  }

  private async sessionOrFail(actor: Actor, id: string, db: Kysely<Database>, lock = false) {
    const session = await this.repo.find(actor.organisationId, id, db, lock)
    if (!session) throw notFound()
    return session
  }

  /** The secretary reads every session; a member only those they are invited to (others: not found). */
  private async readable(actor: Actor, id: string, db: Kysely<Database>, lock = false) {
    if (!this.manages(actor)) assertAllowed(actor, 'aid.commission')
    const session = await this.sessionOrFail(actor, id, db, lock)
    if (!this.manages(actor) && !(await this.repo.isMember(id, actor.userId, db))) throw notFound()
    return session
  }

  /** A secretary's change to a session, in one transaction with its audit row; answers the session. */
  private async managed(
    actor: Actor,
    id: string,
    action:
      | 'aid.session_update'
      | 'aid.session_members'
      | 'aid.session_attendance'
      | 'aid.session_agenda_add'
      | 'aid.session_agenda_remove'
      | 'aid.session_open'
      | 'aid.session_close',
    change: (
      session: SessionRow,
      trx: Kysely<Database>,
    ) => Promise<Record<string, unknown> & { personIds?: string[] }>,
  ) {
    assertAllowed(actor, 'aid.sessions')
    return this.db.transaction().execute(async (trx) => {
      const session = await this.sessionOrFail(actor, id, trx, true)
      const { personIds, ...details } = await change(session, trx)
      await recordAudit(trx, actor, { action, entityType: 'aid_session', entityId: id, personIds, details })
      return this.present(actor, await this.sessionOrFail(actor, id, trx), trx)
    })
  }

  private async present(
    actor: Actor,
    session: SessionRow,
    db: Kysely<Database>,
    audited = false,
  ): Promise<CommissionSession> {
    const manage = this.manages(actor)
    const settings = await this.settings.of(actor.organisationId, db)
    const members = await this.repo.members(session.id, db)
    const agendaVisible = manage || session.status === 'open'
    const namesShown = manage || settings.showNamesToCommission
    const rows = await this.repo.agenda(actor.organisationId, session.id, db)
    const shown = agendaVisible ? rows : []
    if (audited && shown.length) {
      // Who saw which file: every applicant on the agenda, pseudonymised or not.
      await recordAudit(db, actor, {
        action: 'aid.session_read',
        entityType: 'aid_session',
        entityId: session.id,
        personIds: shown.map((row) => row.person_id),
        details: { items: shown.length, namesShown },
      })
    }
    const present = members.filter((m) => m.present).length
    const me = members.find((m) => m.user_id === actor.userId)
    const decisions = rows.filter((row) => row.outcome)
    return {
      id: session.id,
      heldOn: session.held_on,
      startsAt: hhmm(session.starts_at),
      place: session.place,
      status: session.status,
      openedAt: session.opened_at ? isoTimestamp(session.opened_at) : null,
      closedAt: session.closed_at ? isoTimestamp(session.closed_at) : null,
      minutesNote: session.minutes_note,
      memberCount: members.length,
      presentCount: present,
      agendaCount: rows.length,
      decidedCount: decisions.length,
      quorum: settings.quorum,
      quorumMet: present >= settings.quorum,
      namesShown,
      members: members.map((m) => ({
        userId: m.user_id,
        name: m.name,
        present: m.present,
        commissionMember: isCommissionMember(m.roles),
      })),
      agendaVisible,
      agenda: shown.map((row) => presentAgendaItem(row, session.held_on, namesShown)),
      totals: {
        grantedCents: decisions.reduce(
          (sum, row) => sum + (row.outcome === 'granted' ? (row.granted_cents ?? 0) : 0),
          0,
        ),
        granted: decisions.filter((row) => row.outcome === 'granted').length,
        refused: decisions.filter((row) => row.outcome === 'refused').length,
      },
      may: {
        manage,
        decide: session.status === 'open' && (manage || Boolean(me?.present)),
      },
    }
  }
}
