import type { Kysely } from 'kysely'
import type { HOUSEHOLD_RELATIONSHIP, Household, HouseholdInput } from '../../../shared/people.ts'
import { personSectionsFor } from '../../../shared/person-sections.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { currentApproximateAge, displayNameOf, monthlyTotal, toValues } from './people.files.ts'
import type { PeopleRepository, PersonValues } from './people.repository.ts'

/** A household as pricing and outreach read it: its resources and its members, eldest first. */
export interface HouseholdComposition {
  otherResourcesCents: number
  sharesOverride: number | null
  members: {
    personId: string
    relationship: string
    disabled: boolean
    birthDate: string | null
    monthlyResourcesCents: number
    displayName: string
  }[]
}

/**
 * Households: their address, resources and members (a member of a confidential team the actor is
 * not in stays out of sight, and out of reach of a save).
 */
export class PeopleHouseholdsService {
  constructor(private readonly repo: PeopleRepository) {}

  private get db(): Db {
    return this.repo.db
  }

  async householdView(actor: Actor, householdId: string, db: Kysely<Database>): Promise<Household> {
    const household = await this.repo.household(actor.organisationId, householdId, db)
    if (!household) throw notFound()
    const members = await this.repo.householdMembers(householdId, db)
    const visible: Household['members'] = []
    for (const member of members) {
      // A member filed under a confidential team the actor is not in stays out of the list.
      const person = await this.repo.find(actor, member.person_id, db)
      if (!person) continue
      visible.push({
        personId: person.id,
        relationship: member.relationship,
        disabled: member.disabled,
        displayName: displayNameOf(person),
        birthDate: person.birth_date,
        approximateAge: currentApproximateAge(person),
        monthlyResourcesCents: monthlyTotal(person.resources),
      })
    }
    if (visible.length === 0) throw notFound()
    const otherResources = (household.other_resources ?? []) as NonNullable<Household['otherResources']>
    // The household's address with the contact section, its resources with the resources section.
    const sections = personSectionsFor(actor.roles)
    const view: Household = { id: household.id, members: visible }
    if (sections.includes('contact')) {
      Object.assign(view, {
        address: household.address,
        postalCode: household.postal_code,
        city: household.city,
      })
    }
    if (sections.includes('resources')) {
      Object.assign(view, {
        otherResources,
        sharesOverride: household.shares_override === null ? null : Number(household.shares_override),
        monthlyResourcesCents:
          visible.reduce((sum, m) => sum + (m.monthlyResourcesCents ?? 0), 0) + monthlyTotal(otherResources),
      })
    } else {
      for (const member of visible) delete member.monthlyResourcesCents
    }
    return view
  }

  /** For modules offering a person's household members (a domiciliation's ayants droit): its id, or null. */
  async householdIdOf(actor: Actor, personId: string, db: Kysely<Database> = this.db) {
    return (await this.repo.membership(actor, personId, db))?.household_id ?? null
  }

  /**
   * For modules that compute on a household (the social pricing): its members with what they need,
   * eldest first. Null when the household is not the actor's organisation's, or when one member's
   * file is out of their reach (a computed figure would reveal that member's resources).
   */
  async householdComposition(actor: Actor, householdId: string, db: Kysely<Database> = this.db) {
    return (await this.householdCompositions(actor, [householdId], db)).get(householdId) ?? null
  }

  /**
   * Several households at once, in three queries whatever their number. A household with a member out
   * of the actor's reach is left out of the map.
   */
  async householdCompositions(actor: Actor, householdIds: string[], db: Kysely<Database> = this.db) {
    const ids = [...new Set(householdIds)]
    const households = await this.repo.households(actor.organisationId, ids, db)
    const members = await this.repo.membersOfHouseholds(
      households.map((h) => h.id),
      db,
    )
    const files = new Map(
      (
        await this.repo.findMany(
          actor,
          members.map((m) => m.person_id),
          db,
        )
      ).map((p) => [p.id, p]),
    )
    const compositions = new Map<string, HouseholdComposition>()
    for (const household of households) {
      const own = members.filter((m) => m.household_id === household.id)
      if (own.some((m) => !files.has(m.person_id))) continue
      compositions.set(household.id, {
        otherResourcesCents: monthlyTotal(household.other_resources),
        sharesOverride: household.shares_override === null ? null : Number(household.shares_override),
        members: own
          .map((m) => {
            const person = files.get(m.person_id)!
            return {
              personId: m.person_id,
              relationship: m.relationship,
              disabled: m.disabled,
              birthDate: person.birth_date,
              monthlyResourcesCents: monthlyTotal(person.resources),
              displayName: displayNameOf(person),
            }
          })
          .sort(
            (a, b) =>
              (a.birthDate ?? '9999').localeCompare(b.birthDate ?? '9999') ||
              a.personId.localeCompare(b.personId),
          ),
      })
    }
    return compositions
  }

  async getHousehold(actor: Actor, householdId: string) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      const view = await this.householdView(actor, householdId, trx)
      await recordAudit(trx, actor, {
        action: 'household.read',
        entityType: 'household',
        entityId: householdId,
        personIds: view.members.map((member) => member.personId),
      })
      return view
    })
  }

  /** Creates a household, or replaces an existing one's address, resources and members. */
  async saveHousehold(actor: Actor, householdId: string | undefined, input: HouseholdInput) {
    assertAllowed(actor, 'person.write')
    return this.db.transaction().execute(async (trx) => {
      let hidden: { personId: string; relationship: string; disabled: boolean }[] = []
      const householdMembers = new Set<string>()
      if (householdId) {
        await this.householdView(actor, householdId, trx)
        // Members the actor cannot see are kept as they are, not silently removed.
        for (const m of await this.repo.householdMembers(householdId, trx)) {
          householdMembers.add(m.person_id)
          if (!(await this.repo.find(actor, m.person_id, trx))) {
            hidden.push({ personId: m.person_id, relationship: m.relationship, disabled: m.disabled })
          }
        }
        hidden = hidden.filter((h) => !input.members.some((m) => m.personId === h.personId))
      }
      // What the actor cannot read stays as it is (or empty for a new household), never written blind.
      const sections = personSectionsFor(actor.roles)
      const members: { personId: string; relationship: string; disabled: boolean }[] = []
      let teamId: string | null = null
      for (const [index, member] of input.members.entries()) {
        if (!member.personId) continue
        const person = await this.repo.find(actor, member.personId, trx)
        if (!person || person.merged_into_id) {
          throw validationError(`members.${index}.personId`, 'Personne inconnue.')
        }
        // An archived file joins no household until reactivated (one already in stays as it is).
        if (person.status === 'archived' && !householdMembers.has(person.id)) {
          throw validationError(
            `members.${index}.personId`,
            'Ce dossier est archivé : réactivez-le avant de l’ajouter à un foyer.',
          )
        }
        teamId ??= person.team_id
      }
      for (const [index, member] of input.members.entries()) {
        let personId = member.personId
        if (member.newPerson) {
          if (!sections.includes('identity')) {
            throw validationError(
              `members.${index}.newPerson`,
              'Cette partie du dossier n’est pas accessible à votre rôle.',
            )
          }
          // A new member is filed under the team of the household's first member: a household of a
          // confidential team does not show its new members to everyone.
          const row = await this.repo.create(trx, actor, {
            ...toValues(member.newPerson),
            team_id: teamId,
          } as PersonValues)
          await recordAudit(trx, actor, {
            action: 'person.create',
            entityType: 'person',
            entityId: row.id,
            personId: row.id,
          })
          personId = row.id
        }
        members.push({ personId: personId!, relationship: member.relationship, disabled: member.disabled })
      }
      const current = householdId
        ? await this.repo.household(actor.organisationId, householdId, trx)
        : undefined
      const id = await this.repo.saveHousehold(
        trx,
        actor,
        householdId,
        {
          ...(sections.includes('contact')
            ? {
                address: input.address ?? null,
                postal_code: input.postalCode ?? null,
                city: input.city ?? null,
              }
            : {
                address: current?.address ?? null,
                postal_code: current?.postal_code ?? null,
                city: current?.city ?? null,
              }),
          ...(sections.includes('resources')
            ? { other_resources: JSON.stringify(input.otherResources), shares_override: input.sharesOverride }
            : {
                other_resources: JSON.stringify(current?.other_resources ?? []),
                shares_override: current?.shares_override == null ? null : Number(current.shares_override),
              }),
        },
        [...members, ...hidden],
      )
      const view = await this.householdView(actor, id, trx)
      await recordAudit(trx, actor, {
        action: householdId ? 'household.update' : 'household.create',
        entityType: 'household',
        entityId: id,
        personIds: view.members.map((member) => member.personId),
      })
      return view
    })
  }

  /**
   * For imports, inside the caller's transaction: puts each group's members in the household of its
   * head (made when they have none), so that a domiciled person and the members it covers live in one
   * household. One audit row for the batch.
   */
  async joinHouseholdsWithin(
    actor: Actor,
    groups: {
      headId: string
      members: { personId: string; relationship: keyof typeof HOUSEHOLD_RELATIONSHIP.labels }[]
    }[],
    db: Kysely<Database>,
  ) {
    assertAllowed(actor, 'person.write')
    const ids = await this.repo.joinHouseholds(db, actor, groups)
    if (ids.length > 0) {
      await recordAudit(db, actor, {
        action: 'household.update',
        entityType: 'household',
        personIds: groups.flatMap((g) => [g.headId, ...g.members.map((m) => m.personId)]),
        details: { households: ids.length },
      })
    }
    return ids
  }
}
