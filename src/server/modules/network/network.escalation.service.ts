import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { escalateInputSchema, HelpKind } from '../../../shared/network.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { validationError } from '../../platform/errors.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import { COORDINATOR_ROLES, SWEEP_BATCH } from './network.common.ts'
import { needEscalatedToPartnerEmail, needEscalatedToTeamEmail, needsWaitingEmail } from './network.emails.ts'
import type { NetworkNeedService } from './network.needs.service.ts'
import type { NeedRow, NetworkRepository } from './network.repository.ts'

/** Where an escalated need goes, and who is told of it. */
interface EscalationTarget {
  to: 'partner' | 'internal_team'
  partnerId: string | null
  teamId: string | null
  /** The partner's or the team's name. */
  name: string
  /** The partner's e-mail, if the directory has one. */
  email: string | null
  organisationName: string
  teamEmails: string[]
}

/** Escalation: a need nobody took goes to a partner or a team, by the coordinator or by the periodic sweep. */
export class NetworkEscalationService {
  constructor(
    private readonly repo: NetworkRepository,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
    private readonly needs: NetworkNeedService,
    /** Without a trailing slash, as the configuration gives it. */
    private readonly publicUrl: string,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /** A need nobody took goes to a partner association or an internal team, with what came of it. */
  async escalate(actor: Actor, id: string, input: z.infer<typeof escalateInputSchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const need = await this.needs.lockVisible(actor, id, trx)
      if (need.status !== 'open' && need.status !== 'offered') {
        throw validationError('status', 'Seul un besoin qui n’a pas trouvé de bénévole peut être transmis.')
      }
      const byId = input.to === 'internal_team' ? { teamId: input.teamId } : { partnerId: input.partnerId }
      const target = await this.repo.escalationTarget(actor.organisationId, byId, trx)
      if ((byId.teamId || byId.partnerId) && !target) {
        throw validationError(input.to === 'internal_team' ? 'teamId' : 'partnerId', 'Destinataire inconnu.')
      }
      const recipients = await this.recipientsOf(trx, actor.organisationId, {
        to: input.to,
        partnerId: input.to === 'partner' ? (input.partnerId ?? null) : null,
        teamId: input.to === 'internal_team' ? (input.teamId ?? null) : null,
        name: target?.name ?? input.partnerName ?? '',
        email: target?.email ?? null,
      })
      await this.escalateNeed(trx, need, recipients, false)
      if (input.outcome) {
        await this.repo.updateNeed(trx, actor.organisationId, id, {
          escalation_outcome: input.outcome,
          escalation_outcome_at: new Date(),
        })
      }
      await recordAudit(trx, actor, {
        action: 'network.need.escalate',
        entityType: 'network_need',
        entityId: id,
        personId: need.person_id,
      })
      return this.needs.needOut(actor, id, trx)
    })
  }

  /**
   * Who is told of an escalation: the partner (signed with the organisation's name) or the team's
   * members. Looked up once, whether one need is escalated or a sweep escalates many.
   */
  private async recipientsOf(
    trx: Kysely<Database>,
    organisationId: string,
    target: Omit<EscalationTarget, 'organisationName' | 'teamEmails'>,
  ): Promise<EscalationTarget> {
    const organisation =
      target.partnerId && target.email
        ? await this.organisations.publicOrganisation(organisationId, trx)
        : undefined
    const team = target.teamId ? await this.repo.teamEmails(organisationId, target.teamId, trx) : []
    return { ...target, organisationName: organisation?.name ?? '', teamEmails: team.map((m) => m.email) }
  }

  /** Escalates a locked need and tells the partner or the team, without a word about the senior. */
  private async escalateNeed(
    trx: Kysely<Database>,
    need: Pick<NeedRow, 'id' | 'organisation_id' | 'kind' | 'urgency'>,
    target: EscalationTarget,
    automatic: boolean,
  ) {
    await this.repo.updateNeed(trx, need.organisation_id, need.id, {
      status: 'escalated',
      escalated_at: new Date(),
      escalated_automatically: automatic,
      escalated_to: target.to,
      escalation_partner: target.name,
      escalation_partner_id: target.partnerId,
      escalation_team_id: target.teamId,
      senior_name: null,
      senior_address: null,
      senior_phone: null,
      contact_name: null,
      contact_phone: null,
    })
    const kind = need.kind as HelpKind
    const urgent = need.urgency === 'urgent'
    if (target.partnerId && target.email) {
      await enqueueEmail(
        trx,
        needEscalatedToPartnerEmail(target.email, target.organisationName, kind, urgent),
        need.organisation_id,
      )
    }
    for (const email of target.teamEmails) {
      await enqueueEmail(
        trx,
        needEscalatedToTeamEmail(email, target.name, kind, urgent),
        need.organisation_id,
      )
    }
  }

  /** What came of an escalation, recorded when the partner or the team answers. */
  async recordEscalationOutcome(actor: Actor, id: string, outcome: string) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const need = await this.needs.lockVisible(actor, id, trx)
      if (need.status !== 'escalated') {
        throw validationError('outcome', 'Ce besoin n’a pas été transmis.')
      }
      await this.repo.updateNeed(trx, actor.organisationId, id, {
        escalation_outcome: outcome,
        escalation_outcome_at: new Date(),
      })
      await recordAudit(trx, actor, {
        action: 'network.need.escalation_outcome',
        entityType: 'network_need',
        entityId: id,
        personId: need.person_id,
      })
      return this.needs.needOut(actor, id, trx)
    })
  }

  /**
   * The periodic sweep: a need nobody accepted within its delay is escalated to the organisation's
   * partner or team; without one configured, the coordinators are told once. Each organisation's
   * coordinators get one e-mail per sweep, with counts only.
   */
  async escalateWaitingNeeds(now: Date, db: Kysely<Database>) {
    return db.transaction().execute(async (trx) => {
      const rows = await this.repo.waitingPastDelay(trx, now, SWEEP_BATCH)
      const byOrganisation = new Map<string, typeof rows>()
      for (const row of rows) {
        byOrganisation.set(row.organisation_id, [...(byOrganisation.get(row.organisation_id) ?? []), row])
      }
      for (const [organisationId, waiting] of byOrganisation) {
        const { escalation_partner_id: partnerId, escalation_team_id: teamId } = waiting[0]!
        const found =
          partnerId || teamId
            ? await this.repo.escalationTarget(organisationId, { partnerId, teamId }, trx)
            : undefined
        const target =
          found &&
          (await this.recipientsOf(trx, organisationId, {
            to: partnerId ? 'partner' : 'internal_team',
            partnerId,
            teamId,
            name: found.name,
            email: found.email,
          }))
        const counts = { escalated: 0, waiting: 0 }
        for (const row of waiting) {
          if (target) {
            // The sweep's select already locked the row.
            await this.escalateNeed(trx, row, target, true)
            await recordAudit(
              trx,
              { organisationId, userId: null, ip: null },
              {
                action: 'network.need.escalate_auto',
                entityType: 'network_need',
                entityId: row.id,
                personId: row.person_id,
              },
            )
            counts.escalated++
          } else {
            counts.waiting++
          }
        }
        const link = `${this.publicUrl}/reseau/besoins`
        for (const { email } of await this.repo.coordinatorEmails(organisationId, COORDINATOR_ROLES, trx)) {
          await enqueueEmail(trx, needsWaitingEmail(email, counts, link), organisationId)
        }
      }
      await this.repo.markCoordinatorsAlerted(
        trx,
        rows.map((row) => row.id),
        now,
      )
      return rows.length
    })
  }
}
