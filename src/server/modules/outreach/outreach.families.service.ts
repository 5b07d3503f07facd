import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  FAMILY_RIGHT,
  type Family,
  type familyCreateSchema,
  type familyListQuerySchema,
  type familyUpdateSchema,
  type referralInputSchema,
  type referralUpdateSchema,
} from '../../../shared/outreach.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { FollowupRightsService } from '../followup/followup.rights.service.ts'
import type { PartnersService } from '../partners/partners.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { checkTeam } from './outreach.common.ts'
import type { OutreachFamilyRepository } from './outreach.families.repository.ts'
import type { OutreachRepository } from './outreach.repository.ts'

type FamilyListed = Awaited<ReturnType<OutreachFamilyRepository['families']>>[number]

/** Families with incomplete rights: the household's rights to check, and referrals to partner services. */
export class OutreachFamilyService {
  constructor(
    private readonly repo: OutreachRepository,
    private readonly familyRepo: OutreachFamilyRepository,
    private readonly people: PeopleService,
    private readonly partners: PartnersService,
    /** The checklist is the household's rights, kept by the follow-up's rights model. */
    private readonly rights: FollowupRightsService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private async toFamilies(actor: Actor, rows: FamilyListed[], db: Kysely<Database>): Promise<Family[]> {
    const rights = await this.rights.householdChecklists(
      actor.organisationId,
      rows.map((r) => r.household_id),
      db,
    )
    const referrals = await this.familyRepo.referrals(
      rows.map((r) => r.id),
      db,
    )
    const services = await this.partners.serviceNames(
      actor.organisationId,
      referrals.map((r) => r.partner_service_id),
      db,
    )
    const households = await this.people.householdCompositions(
      actor,
      rows.map((r) => r.household_id),
      db,
    )
    const referralsOf = new Map<string, typeof referrals>()
    for (const r of referrals) referralsOf.set(r.family_id, [...(referralsOf.get(r.family_id) ?? []), r])
    const families: Family[] = []
    for (const row of rows) {
      // A household with a member out of the reader's reach is not shown (nor are its rights).
      const household = households.get(row.household_id)
      if (!household) continue
      families.push({
        id: row.id,
        householdId: row.household_id,
        members: household.members.map((m) => ({
          personId: m.personId,
          displayName: m.displayName,
          relationship: m.relationship,
          birthDate: m.birthDate,
        })),
        teamId: row.team_id,
        teamName: row.team_name,
        flagged: row.flagged,
        flaggedOn: row.flagged_on,
        note: row.note,
        rights: FAMILY_RIGHT.values.map((item) => {
          const right = rights.get(row.household_id)?.get(item)
          return {
            item,
            status: (right?.status ?? 'to_check') as Family['rights'][number]['status'],
            on: right?.status_on ?? null,
            note: right?.note ?? null,
          }
        }),
        referrals: (referralsOf.get(row.id) ?? []).map((r) => ({
          id: r.id,
          partnerServiceId: r.partner_service_id,
          partnerServiceName: services.get(r.partner_service_id)?.name ?? '',
          referredOn: r.referred_on,
          outcome: r.outcome as Family['referrals'][number]['outcome'],
          outcomeOn: r.outcome_on,
          note: r.note,
        })),
      })
    }
    return families
  }

  private async family(actor: Actor, id: string, db: Kysely<Database>, forUpdate = false) {
    const rows = await this.familyRepo.families(actor, { id, forUpdate }, db)
    const [family] = await this.toFamilies(actor, rows, db)
    if (!family) throw notFound()
    return family
  }

  async listFamilies(actor: Actor, query: z.infer<typeof familyListQuerySchema>) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.familyRepo.familyPage(actor, query, trx)
      await recordAudit(trx, actor, { action: 'outreach.family_list', entityType: 'outreach_family' })
      return {
        items: await this.toFamilies(actor, rows, trx),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  async getFamily(actor: Actor, id: string) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      const family = await this.family(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'outreach.family_read',
        entityType: 'outreach_family',
        entityId: id,
      })
      return family
    })
  }

  async createFamily(actor: Actor, input: z.infer<typeof familyCreateSchema>) {
    assertAllowed(actor, 'outreach.write')
    const flaggedOn = input.flaggedOn ?? todayInFrance()
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.people.householdComposition(actor, input.householdId, trx))) {
        throw validationError('householdId', 'Foyer inconnu.')
      }
      const found = await this.repo.references(trx, actor, { teamId: input.teamId })
      checkTeam(actor, input.teamId, found.team_confidential, 'teamId')
      const created = await this.familyRepo.insertFamily(trx, actor, {
        household_id: input.householdId,
        team_id: input.teamId ?? null,
        flagged_on: flaggedOn,
        note: input.note ?? null,
      })
      if (!created)
        throw validationError('householdId', 'Ce foyer est déjà suivi au titre des droits incomplets.')
      await this.rights.saveHouseholdChecklist(actor, input.householdId, input.rights, trx)
      await recordAudit(trx, actor, {
        action: 'outreach.family_create',
        entityType: 'outreach_family',
        entityId: created.id,
      })
      return this.family(actor, created.id, trx)
    })
  }

  async updateFamily(actor: Actor, id: string, input: z.infer<typeof familyUpdateSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      const family = await this.family(actor, id, trx, true)
      if (input.teamId !== undefined) {
        const found = await this.repo.references(trx, actor, { teamId: input.teamId })
        checkTeam(actor, input.teamId, found.team_confidential, 'teamId')
      }
      await this.familyRepo.updateFamily(trx, id, {
        ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
        ...(input.flagged !== undefined ? { flagged: input.flagged } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
      })
      if (input.rights) await this.rights.saveHouseholdChecklist(actor, family.householdId, input.rights, trx)
      await recordAudit(trx, actor, {
        action: 'outreach.family_update',
        entityType: 'outreach_family',
        entityId: id,
      })
      return this.family(actor, id, trx)
    })
  }

  /** A referral to a partner service (the département's PMI, social services…), with its outcome later. */
  async addReferral(actor: Actor, id: string, input: z.infer<typeof referralInputSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      await this.family(actor, id, trx, true)
      const service = (
        await this.partners.serviceNames(actor.organisationId, [input.partnerServiceId], trx)
      ).get(input.partnerServiceId)
      if (!service?.active) throw validationError('partnerServiceId', 'Service partenaire inconnu.')
      await this.familyRepo.insertReferral(trx, actor, {
        family_id: id,
        partner_service_id: input.partnerServiceId,
        referred_on: input.referredOn,
        note: input.note ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'outreach.family_referral',
        entityType: 'outreach_family',
        entityId: id,
      })
      return this.family(actor, id, trx)
    })
  }

  async updateReferral(
    actor: Actor,
    id: string,
    referralId: string,
    input: z.infer<typeof referralUpdateSchema>,
  ) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      const family = await this.family(actor, id, trx, true)
      const referral = family.referrals.find((r) => r.id === referralId)
      if (!referral) throw notFound()
      const outcomeOn =
        input.outcomeOn === undefined
          ? input.outcome === 'pending'
            ? null
            : todayInFrance()
          : input.outcomeOn
      if (outcomeOn && outcomeOn < referral.referredOn) {
        throw validationError('outcomeOn', 'La réponse ne peut pas précéder l’orientation.')
      }
      await this.familyRepo.updateReferral(trx, id, referralId, {
        outcome: input.outcome,
        outcome_on: outcomeOn,
        ...(input.note !== undefined ? { note: input.note } : {}),
      })
      await recordAudit(trx, actor, {
        action: 'outreach.family_referral',
        entityType: 'outreach_family',
        entityId: id,
      })
      return this.family(actor, id, trx)
    })
  }
}
