import type { Kysely } from 'kysely'
import type { z } from 'zod'
import {
  INTERVIEW_MEDIUM,
  type Interview,
  type InterviewInput,
  type InterviewMedium,
  type interviewListQuerySchema,
  SUPPORT_STATUS,
} from '../../../shared/followup.ts'
import { contactInputSchema } from '../../../shared/frontdesk.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, notInFuture, validationError } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import { newestFirst, type TimelineSource } from '../../platform/timeline.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { FollowupInterviewsRepository } from './followup.interviews.repository.ts'
import type { FollowupService } from './followup.service.ts'

type InterviewRow = NonNullable<Awaited<ReturnType<FollowupInterviewsRepository['one']>>>

const iso = (date: Date | string) => new Date(date).toISOString()

/**
 * Interviews (entretiens) of a support record: when, how long, where or how, who took part, the
 * domains touched, a note for the team, and the author's private synthesis. A home visit is also a
 * contact of the team, so the front desk's counts of passages include it.
 */
export class FollowupInterviewsService {
  constructor(
    private readonly repo: FollowupInterviewsRepository,
    private readonly records: FollowupService,
    private readonly frontdesk: Pick<FrontdeskService, 'create'>,
  ) {}

  private toInterview(actor: Actor, row: InterviewRow): Interview {
    return {
      id: row.id,
      recordId: row.record_id,
      occurredAt: iso(row.occurred_at),
      durationMinutes: row.duration_minutes,
      medium: row.medium as InterviewMedium,
      participants: row.participants,
      domains: row.domains,
      note: row.note,
      noteRestricted: row.has_note && row.note === null,
      psychologistSession: row.psychologist_session,
      privateSynthesis: row.private_synthesis,
      authorId: row.author_id,
      authorName: row.author_name,
      mine: row.author_id === actor.userId,
      createdAt: iso(row.created_at),
      // Written and corrected stamps are equal on creation (one transaction's now()).
      correctedAt: iso(row.updated_at) > iso(row.created_at) ? iso(row.updated_at) : null,
    }
  }

  async list(actor: Actor, recordId: string, query: z.infer<typeof interviewListQuerySchema>) {
    return this.records.db.transaction().execute(async (trx) => {
      const record = await this.records.reachableRecord(actor, recordId, 'followup.read', trx)
      const { rows, total } = await this.repo.page(actor, recordId, query, trx)
      await recordAudit(trx, actor, {
        action: 'followup.interview_list',
        entityType: 'support_record',
        entityId: recordId,
        personId: record.person_id,
      })
      return {
        items: rows.map((row) => this.toInterview(actor, row)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  async create(actor: Actor, recordId: string, input: InterviewInput) {
    notInFuture(input.occurredAt, 'occurredAt', 'Un entretien ne peut pas être enregistré dans le futur.')
    return this.records.db.transaction().execute(async (trx) => {
      const record = await this.records.reachableRecord(actor, recordId, 'followup.write', trx, {
        writable: true,
      })
      // A home visit is a passage of the team: counted with the front desk's contacts.
      const contactId =
        input.medium === 'home_visit'
          ? await this.homeVisitContact(actor, record, input.occurredAt, trx)
          : null
      const { id } = await this.repo.insert(trx, {
        organisation_id: actor.organisationId,
        record_id: recordId,
        occurred_at: new Date(input.occurredAt),
        duration_minutes: input.durationMinutes ?? null,
        medium: input.medium,
        participants: input.participants,
        domains: input.domains,
        note: input.note ?? null,
        private_synthesis: input.privateSynthesis ?? null,
        // A psychologist's session: its note stays among the team's psychologists.
        psychologist_session: actor.roles.includes('psychologist'),
        contact_id: contactId,
        author_id: actor.userId,
      })
      // What happened, never what was said: no note and no synthesis in the audit trail.
      await recordAudit(trx, actor, {
        action: 'followup.interview_create',
        entityType: 'support_interview',
        entityId: id,
        personId: record.person_id,
        details: { recordId, medium: input.medium },
      })
      const row = await this.repo.one(actor, id, trx)
      if (!row) throw notFound()
      return this.toInterview(actor, row)
    })
  }

  /**
   * Its author corrects an interview, under the rules of recording one: the record still running, the
   * date not in the future. A home visit is also a passage counted at the front desk on its date: its
   * medium and date stay as counted (a new interview is recorded instead). Nobody else corrects it —
   * not a colleague, not the director — and the private synthesis stays the author's.
   */
  async correct(actor: Actor, recordId: string, id: string, input: InterviewInput) {
    notInFuture(input.occurredAt, 'occurredAt', 'Un entretien ne peut pas être enregistré dans le futur.')
    return this.records.db.transaction().execute(async (trx) => {
      const record = await this.records.reachableRecord(actor, recordId, 'followup.write', trx, {
        writable: true,
      })
      const current = await this.repo.authored(actor, id, recordId, trx)
      // One who cannot read the interview learns nothing of it.
      if (!current || !(await this.repo.one(actor, id, trx))) throw notFound()
      if (current.author_id !== actor.userId) {
        throw new AppError('FORBIDDEN', 403, 'Seul·e l’auteur·rice d’un entretien peut le corriger.')
      }
      const wasHomeVisit = current.medium === 'home_visit'
      if (wasHomeVisit !== (input.medium === 'home_visit')) {
        throw validationError(
          'medium',
          'Une visite à domicile compte parmi les passages de l’équipe : elle ne devient pas un autre entretien, ni l’inverse. Enregistrez un nouvel entretien.',
        )
      }
      if (wasHomeVisit && new Date(input.occurredAt).getTime() !== new Date(current.occurred_at).getTime()) {
        throw validationError(
          'occurredAt',
          'La date d’une visite à domicile est celle du passage compté à l’accueil : elle ne se corrige pas.',
        )
      }
      const values = {
        occurred_at: new Date(input.occurredAt),
        duration_minutes: input.durationMinutes ?? null,
        medium: input.medium,
        participants: input.participants,
        domains: input.domains,
        note: input.note ?? null,
        private_synthesis: input.privateSynthesis ?? null,
      }
      await this.repo.correct(trx, actor, id, values)
      // What was corrected, never what it says.
      await recordAudit(trx, actor, {
        action: 'followup.interview_update',
        entityType: 'support_interview',
        entityId: id,
        personId: record.person_id,
        details: { recordId, medium: input.medium },
      })
      const row = await this.repo.one(actor, id, trx)
      if (!row) throw notFound()
      return this.toInterview(actor, row)
    })
  }

  private async homeVisitContact(
    actor: Actor,
    record: { person_id: string | null; team_id: string | null },
    occurredAt: string,
    trx: Kysely<Database>,
  ) {
    const contact = await this.frontdesk.create(
      actor,
      contactInputSchema.parse({
        channel: 'home_visit',
        occurredAt,
        personId: record.person_id,
        teamId: record.team_id,
        anonymousDescription: record.person_id ? null : 'Visite à domicile d’un foyer accompagné',
      }),
      trx,
    )
    return contact.id
  }

  /**
   * Records and interviews on the person's timeline and in their access export. The export applies
   * the reader's rules like the timeline, and never carries a private synthesis: it is the author's
   * working note about their own practice, not a record of the person's situation shared with the
   * team (the notes of the interviews are in the export).
   */
  timelineSource(): TimelineSource {
    const mediumLabels: Record<string, string> = INTERVIEW_MEDIUM.labels
    const statusLabels: Record<string, string> = SUPPORT_STATUS.labels
    const allowed = (actor: Actor) => roleAllows(actor.roles, 'followup.read')
    const recordsOf = (db: Kysely<Database>, actor: Actor, personIds: string[]) =>
      this.records.repo.list(actor, { personIds }, 1000, db)
    return {
      kind: 'followup',
      label: 'Accompagnements et entretiens',
      entries: async (db, actor, personIds, { limit }) => {
        if (!allowed(actor)) return []
        const records = await this.records.repo.list(actor, { personIds }, limit, db)
        const interviews = await this.repo.ofPeople(actor, personIds, limit, db)
        return newestFirst(
          [
            ...records.map(
              (r): TimelineEntry => ({
                kind: 'followup',
                kindLabel: 'Accompagnement',
                id: r.id,
                at: iso(`${r.opened_on}T12:00:00Z`),
                title: `Ouverture : ${r.type_label}${r.team_name ? ` — ${r.team_name}` : ''}`,
                detail:
                  r.status === 'open'
                    ? null
                    : `${statusLabels[r.status]} depuis le ${r.closed_on ?? r.suspended_on}`,
                personId: r.person_id!,
              }),
            ),
            ...interviews.map(
              (i): TimelineEntry => ({
                kind: 'followup',
                kindLabel: 'Entretien',
                id: i.id,
                at: iso(i.occurred_at),
                title: `Entretien — ${mediumLabels[i.medium] ?? i.medium} (${i.type_label})`,
                detail:
                  i.note ?? (i.has_note ? 'Note de séance réservée aux psychologues de l’équipe' : null),
                personId: i.person_id!,
              }),
            ),
          ],
          limit,
        )
      },
      count: async (db, actor, personIds) =>
        allowed(actor)
          ? (await this.records.repo.count(actor, { personIds }, db)) +
            (await this.repo.countOfPeople(actor, personIds, db))
          : 0,
      latest: async (db, actor, personIds) => {
        if (!allowed(actor)) return new Map()
        const rows = await this.repo.latest(actor, personIds, db)
        return new Map(rows.map((row) => [row.person_id!, new Date(row.at as Date)]))
      },
      export: async (db, actor, personIds) => {
        if (!allowed(actor)) return []
        const records = await this.records.toSummaries(actor, await recordsOf(db, actor, personIds), db)
        const interviews = await this.repo.ofPeople(actor, personIds, 10_000, db)
        return [
          ...records.map((record) => ({ record })),
          ...interviews.map((row) => {
            const { privateSynthesis: _workingNote, mine: _mine, ...interview } = this.toInterview(actor, row)
            return { interview }
          }),
        ]
      },
    }
  }
}
