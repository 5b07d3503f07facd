import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { MemberReport, memberReportCloseSchema } from '../../../shared/network.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { COORDINATOR_ROLES, SWEEP_BATCH } from './network.common.ts'
import { newReportsEmail } from './network.emails.ts'
import type { NetworkRepository } from './network.repository.ts'

/**
 * The register's door for the network: a report the coordinator sends on becomes a referral in the
 * register team's queue. Runs in the caller's transaction.
 */
export interface RegisterReferrals {
  receiveReferral(
    db: Kysely<Database>,
    organisationId: string,
    input: { memberReportId: string; about: string; location: string | null },
  ): Promise<void>
}

/** Reports of people who seem isolated, from volunteers and citizens, and what the coordinator made of them. */
export class NetworkMemberReportService {
  constructor(
    private readonly repo: NetworkRepository,
    private readonly register: RegisterReferrals,
    /** Without a trailing slash, as the configuration gives it. */
    private readonly publicUrl: string,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /**
   * A citizen's report, from the public form of the reports module, about someone who seems isolated at
   * home: it joins the coordinator's queue beside the volunteers' own. Runs in the caller's transaction.
   */
  async receiveCitizenReport(
    db: Kysely<Database>,
    organisationId: string,
    input: { reportId: string; about: string; location: string | null },
  ) {
    await this.repo.insertMemberReport(db, {
      organisation_id: organisationId,
      source: 'citizen',
      citizen_report_id: input.reportId,
      about: input.about,
      location: input.location,
    })
  }

  /**
   * The periodic notice of new reports of people who seem isolated: each organisation's coordinators
   * get one e-mail per sweep with counts, so that a worrying report does not wait for someone to look.
   */
  async announceNewReports(now: Date, db: Kysely<Database>) {
    return db.transaction().execute(async (trx) => {
      const rows = await this.repo.announceNewReports(trx, now, SWEEP_BATCH)
      const byOrganisation = new Map<string, { volunteer: number; citizen: number }>()
      for (const row of rows) {
        const counts = byOrganisation.get(row.organisation_id) ?? { volunteer: 0, citizen: 0 }
        counts[row.source]++
        byOrganisation.set(row.organisation_id, counts)
      }
      const link = `${this.publicUrl}/reseau/signalements`
      for (const [organisationId, counts] of byOrganisation) {
        for (const { email } of await this.repo.coordinatorEmails(organisationId, COORDINATOR_ROLES, trx)) {
          await enqueueEmail(trx, newReportsEmail(email, counts, link), organisationId)
        }
      }
      return rows.length
    })
  }

  private toMemberReport(
    row: Awaited<ReturnType<NetworkRepository['memberReports']>>['rows'][number],
  ): MemberReport {
    return {
      id: row.id,
      source: row.source,
      volunteerName: row.volunteer_name,
      citizenReference: row.citizen_reference,
      about: row.about,
      location: row.location,
      status: row.status,
      outcome: row.outcome,
      closingNote: row.closing_note,
      createdAt: isoTimestamp(row.created_at)!,
      closedAt: isoTimestamp(row.closed_at),
    }
  }

  async memberReports(
    actor: Actor,
    query: { status?: 'new' | 'closed' | undefined; page: number; pageSize: number },
  ) {
    assertAllowed(actor, 'network.coordinate')
    const { status, ...page } = query
    return this.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.repo.memberReports(
        actor.organisationId,
        undefined,
        trx,
        page,
        status,
      )
      await recordAudit(trx, actor, {
        action: 'network.member_report.list',
        entityType: 'network_member_report',
      })
      return { items: rows.map((row) => this.toMemberReport(row)), total: total ?? rows.length, ...page }
    })
  }

  /**
   * The coordinator closes a report with what came of it. Sent to the register team, it joins their
   * queue of referrals: the coordinator needs no access to the (confidential) register for that.
   */
  async closeMemberReport(actor: Actor, id: string, input: z.infer<typeof memberReportCloseSchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const closed = await this.repo.closeMemberReport(trx, actor.organisationId, id, {
        outcome: input.outcome,
        closing_note: input.closingNote ?? null,
        closed_by: actor.userId,
      })
      if (!closed) {
        const [existing] = (await this.repo.memberReports(actor.organisationId, id, trx)).rows
        if (!existing) throw notFound()
        throw validationError('outcome', 'Ce signalement est déjà clos.')
      }
      if (input.outcome === 'register_referral') {
        await this.register.receiveReferral(trx, actor.organisationId, {
          memberReportId: id,
          about: closed.about,
          location: closed.location,
        })
      }
      await recordAudit(trx, actor, {
        action: 'network.member_report.close',
        entityType: 'network_member_report',
        entityId: id,
      })
      const [row] = (await this.repo.memberReports(actor.organisationId, id, trx)).rows
      return this.toMemberReport(row!)
    })
  }
}
