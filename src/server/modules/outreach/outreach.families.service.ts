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
import type { FollowupReferralsService } from '../followup/followup.referrals.service.ts'
import type { FollowupRightsService } from '../followup/followup.rights.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { checkTeam } from './outreach.common.ts'
import type { OutreachFamilyRepository } from './outreach.families.repository.ts'
import type { OutreachRepository } from './outreach.repository.ts'

type FamilyListed = Awaited<ReturnType<OutreachFamilyRepository['families']>>[number]

/**
 * Families with incomplete rights: the household's rights to check, and referrals to partner services
 * (the follow-up's referrals, on the file of the household member the partner receives).
 */
export class OutreachFamilyService {
  constructor(
    private readonly repo: OutreachRepository,
    private readonly familyRepo: OutreachFamilyRepository,
    private readonly people: PeopleService,
    /** The checklist is the household's rights, kept by the follow-up's rights model. */
    private readonly rights: FollowupRightsService,
    /** Referrals are the follow-up's, one model for every module. */
    private readonly referrals: FollowupReferralsService,
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
    const referrals = await this.referrals.ofFamilies(
      actor,
      rows.map((r) => r.id),
      db,
    )
    const households = await this.people.householdCompositions(
      actor,
      rows.map((r) => r.household_id),
      db,
    )
    const referralsOf = new Map<string, typeof referrals>()
    for (const r of referrals) {
      const familyId = r.outreachFamilyId!
      referralsOf.set(familyId, [...(referralsOf.get(familyId) ?? []), r])
    }
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
          personId: r.personId,
          partnerServiceId: r.partnerServiceId,
          partnerServiceName: r.partnerServiceName,
          referredOn: r.referredOn,
          outcome: r.answer,
          outcomeOn: r.answeredOn,
          note: r.note,
          partnerNote: r.partnerNote,
          answeredByPartner: r.answeredByPartner,
          reference: r.reference,
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

  /**
   * A referral to a partner service (the département's PMI, social services…), with its outcome later:
   * on the file of the member named, else the household's head (else its eldest member).
   */
  async addReferral(actor: Actor, id: string, input: z.infer<typeof referralInputSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      const family = await this.family(actor, id, trx, true)
      const personId = input.personId ?? referredMember(family)
      if (!personId || !family.members.some((m) => m.personId === personId)) {
        throw validationError('personId', 'Choisissez un membre du foyer.')
      }
      await this.referrals.createIn(trx, actor, {
        personId,
        partnerServiceId: input.partnerServiceId,
        origin: 'outreach',
        outreachFamilyId: id,
        referredOn: input.referredOn,
        note: input.note ?? null,
      })
      return this.family(actor, id, trx)
    })
  }

  /** The family's referral's answer as the team hears of it: changed as it goes (accepted, then done). */
  async updateReferral(
    actor: Actor,
    id: string,
    referralId: string,
    input: z.infer<typeof referralUpdateSchema>,
  ) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      const family = await this.family(actor, id, trx, true)
      if (!family.referrals.some((r) => r.id === referralId)) throw notFound()
      const outcomeOn =
        input.outcomeOn === undefined
          ? input.outcome === 'pending'
            ? null
            : todayInFrance()
          : input.outcomeOn
      await this.referrals.answerIn(
        trx,
        actor,
        referralId,
        {
          answer: input.outcome,
          answeredOn: outcomeOn,
          ...(input.note !== undefined ? { note: input.note } : {}),
        },
        { revisable: true, fields: { answer: 'outcome', answeredOn: 'outcomeOn' } },
      )
      return this.family(actor, id, trx)
    })
  }
}

/** Who a family's referral concerns unless told: the household's head, else its eldest member. */
function referredMember(family: Family): string | undefined {
  const head = family.members.find((m) => m.relationship === 'head')
  if (head) return head.personId
  const born = [...family.members].sort((a, b) =>
    (a.birthDate ?? '9999').localeCompare(b.birthDate ?? '9999'),
  )
  return born[0]?.personId
}
