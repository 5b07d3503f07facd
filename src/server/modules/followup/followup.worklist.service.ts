import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import {
  FOLLOWUP_COUNT_DIMENSION,
  type FollowupCounts,
  type followupCountsQuerySchema,
  INTERVIEW_MEDIUM,
  type WorklistItem,
  type WorklistSection,
  type worklistQuerySchema,
} from '../../../shared/followup.ts'
import type { Database } from '../../db/schema.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { FollowupService } from './followup.service.ts'
import type { FollowupWorklistRepository } from './followup.worklist.repository.ts'

/**
 * One section of a professional's worklist. Follow-up provides "my records", "goals due" and "reviews
 * due"; other capabilities add theirs with `FollowupWorklistService.addSection` (casework: today's and
 * this week's appointments, rights ending within N days, referrals without an answer):
 *
 *   worklist.addSection({
 *     key: 'rights.ending', title: 'Droits arrivant à échéance',
 *     items: async (actor, db, { today, until, page, pageSize }) => ({ items, total }),
 *   })
 *
 * `items` answers one page of the section (the project's page shape: the items and their total),
 * only what the actor may see; each item names its record (and person) so the screen links to it.
 * `until` is today + the reader's `withinDays`.
 */
export interface WorklistSectionProvider {
  key: string
  title: string
  items(
    actor: Actor,
    db: Kysely<Database>,
    options: { today: string; until: string; page: number; pageSize: number },
  ): Promise<{ items: WorklistItem[]; total: number }>
}

/** The signed-in professional's worklist, and the counts of follow-up for the indicators. */
export class FollowupWorklistService {
  private readonly sections: WorklistSectionProvider[] = []

  constructor(
    private readonly repo: FollowupWorklistRepository,
    private readonly records: FollowupService,
  ) {
    for (const section of this.ownSections()) this.addSection(section)
  }

  addSection(section: WorklistSectionProvider) {
    if (this.sections.some((s) => s.key === section.key)) {
      throw new Error(`Worklist section "${section.key}" added twice`)
    }
    this.sections.push(section)
  }

  /** Every section, each one page long: the screen pages through a section on its own (`section=`). */
  async worklist(actor: Actor, query: z.infer<typeof worklistQuerySchema> & { section?: string }) {
    assertAllowed(actor, 'followup.read')
    const today = todayInFrance()
    const until = addDays(today, query.withinDays)
    return this.records.db.transaction().execute(async (trx) => {
      const sections: WorklistSection[] = []
      // One at a time: inside a PGlite transaction there is a single connection.
      for (const section of this.sections) {
        if (query.section && section.key !== query.section) continue
        const page = await section.items(actor, trx, {
          today,
          until,
          page: query.page,
          pageSize: query.pageSize,
        })
        sections.push({
          key: section.key,
          title: section.title,
          ...page,
          page: query.page,
          pageSize: query.pageSize,
        })
      }
      return { sections }
    })
  }

  private ownSections(): WorklistSectionProvider[] {
    const named = async <T extends { person_id: string | null; household_id: string | null }>(
      actor: Actor,
      db: Kysely<Database>,
      rows: T[],
    ) => this.records.subjectNames(actor, rows, db)
    return [
      {
        key: 'followup.records',
        title: 'Mes accompagnements en cours',
        items: async (actor, db, { today, page, pageSize }) => {
          const { rows, total } = await this.repo.myRecords(actor, { page, pageSize }, db)
          const nameOf = await named(actor, db, rows)
          return {
            total,
            items: rows.map((row) => ({
              id: row.id,
              kind: 'record',
              kindLabel: row.status === 'suspended' ? 'Accompagnement suspendu' : 'Accompagnement',
              recordId: row.id,
              personId: row.person_id,
              subjectName: nameOf(row),
              title: row.type_label,
              dueOn: row.next_review_on,
              overdue: row.next_review_on !== null && row.next_review_on < today,
            })),
          }
        },
      },
      {
        key: 'followup.goals',
        title: 'Objectifs à échéance',
        items: async (actor, db, { today, until, page, pageSize }) => {
          const { rows, total } = await this.repo.goalsDue(actor, until, { page, pageSize }, db)
          const nameOf = await named(actor, db, rows)
          return {
            total,
            items: rows.map((row) => ({
              id: row.id,
              kind: 'goal',
              kindLabel: 'Objectif',
              recordId: row.record_id,
              personId: row.person_id,
              subjectName: nameOf(row),
              title: `${row.label} (${row.type_label})`,
              dueOn: row.target_on,
              overdue: row.target_on !== null && row.target_on < today,
            })),
          }
        },
      },
      {
        key: 'followup.reviews',
        title: 'Révisions d’accompagnement à faire',
        items: async (actor, db, { today, until, page, pageSize }) => {
          const { rows, total } = await this.repo.reviewsDue(actor, until, { page, pageSize }, db)
          const nameOf = await named(actor, db, rows)
          return {
            total,
            items: rows.map((row) => ({
              id: row.id,
              kind: 'review',
              kindLabel: 'Révision',
              recordId: row.id,
              personId: row.person_id,
              subjectName: nameOf(row),
              title: row.type_label,
              dueOn: row.next_review_on,
              overdue: row.next_review_on !== null && row.next_review_on < today,
            })),
          }
        },
      },
    ]
  }

  /** Records opened, closed and running per type and team; interviews per medium. Never a name. */
  async counts(actor: Actor, query: z.infer<typeof followupCountsQuerySchema>): Promise<FollowupCounts> {
    assertAllowed(actor, 'indicators.read')
    const organisationId = actor.organisationId
    const [types, teams] = await this.repo.labels(organisationId)
    const names = {
      type: new Map(types.map((t) => [t.id, t.name])),
      team: new Map(teams.map((t) => [t.id, t.name])),
    }
    const [totals] = await this.repo.recordCounts(organisationId, { ...query, groupBy: [] })
    const rows = query.groupBy.length ? await this.repo.recordCounts(organisationId, query) : []
    const media = await this.repo.interviewsByMedium(organisationId, query)
    const mediumLabels: Record<string, string> = INTERVIEW_MEDIUM.labels
    return {
      totals: { opened: totals?.opened ?? 0, closed: totals?.closed ?? 0, running: totals?.running ?? 0 },
      rows: rows.map((row) => ({
        ...row,
        labels: row.keys.map((key, i) => {
          const dimension = query.groupBy[i]!
          if (key === null) return `Sans ${FOLLOWUP_COUNT_DIMENSION.labels[dimension].toLowerCase()}`
          return names[dimension].get(key) ?? key
        }),
      })),
      interviewsByMedium: media.map((m) => ({
        medium: m.medium,
        label: mediumLabels[m.medium] ?? m.medium,
        interviews: m.interviews,
      })),
    }
  }
}
