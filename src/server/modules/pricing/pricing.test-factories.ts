import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.ts'

/**
 * Households written straight into the database, so that pricing tests do not depend on the people
 * module's household API.
 */
export async function insertPerson(
  db: Kysely<Database>,
  organisationId: string,
  person: {
    lastName: string
    firstNames?: string
    birthDate?: string | null
    monthlyCents?: number[]
    teamId?: string | null
  },
) {
  const row = await db
    .insertInto('people')
    .values({
      organisation_id: organisationId,
      file_number: `T${randomUUID().slice(0, 8)}`,
      last_name: person.lastName,
      first_names: person.firstNames ?? null,
      birth_date: person.birthDate ?? null,
      team_id: person.teamId ?? null,
      resources: JSON.stringify(
        (person.monthlyCents ?? []).map((monthlyCents) => ({ kind: 'salary', monthlyCents })),
      ),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function insertHousehold(
  db: Kysely<Database>,
  organisationId: string,
  household: {
    otherMonthlyCents?: number[]
    sharesOverride?: number | null
    members: { personId: string; relationship: string; disabled?: boolean }[]
  },
) {
  const { id } = await db
    .insertInto('households')
    .values({
      organisation_id: organisationId,
      other_resources: JSON.stringify(
        (household.otherMonthlyCents ?? []).map((monthlyCents) => ({
          kind: 'family_allowances',
          monthlyCents,
        })),
      ),
      shares_override: household.sharesOverride ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('household_members')
    .values(
      household.members.map((m) => ({
        organisation_id: organisationId,
        household_id: id,
        person_id: m.personId,
        relationship: m.relationship,
        disabled: m.disabled ?? false,
      })),
    )
    .execute()
  return id
}

/** A valid settings body: the default rule and three brackets covering every quotient. */
export function settingsBody(overrides: { rule?: object; brackets?: object[] } = {}) {
  return {
    rule: {
      firstAdultShares: 1,
      secondAdultShares: 1,
      firstChildrenShares: 0.5,
      thirdChildOnwardShares: 1,
      otherAdultShares: 0.5,
      singleParentShares: 0.5,
      disabledMemberShares: 0.5,
      dependentChildAgeLimit: 20,
      ...overrides.rule,
    },
    brackets: overrides.brackets ?? [
      {
        label: 'Tranche A',
        minQuotientCents: 0,
        maxQuotientCents: 500_00,
        priceCents: 150,
        note: 'Gratuit le mercredi',
      },
      { label: 'Tranche B', minQuotientCents: 500_00, maxQuotientCents: 1000_00, percent: 50 },
      { label: 'Tranche C', minQuotientCents: 1000_00, maxQuotientCents: null, percent: 100 },
    ],
  }
}
