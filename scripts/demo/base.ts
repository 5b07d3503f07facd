/**
 * The demo organisation's frame: sites, teams, a user of every role, people and households, partners
 * and a year of front-desk contacts. The only place in Trame with known passwords; never point it at real data.
 */
import { type Kysely, sql } from 'kysely'
import type { Database } from '../../src/server/db/schema.ts'
import { hashPassword } from '../../src/server/platform/passwords.ts'
import { newTotpSecret } from '../../src/server/platform/totp.ts'
import { DEFAULT_CONTACT_REASONS } from '../../src/shared/frontdesk.ts'
import { ROLE_LABELS, ROLES, type Role, totpRequiredFor } from '../../src/shared/roles.ts'

export const DEMO_PASSWORD = 'demo-trame-2026'

const FIRST_NAMES = [
  'Hélène',
  'Mohamed',
  'Léa',
  'Jean',
  'Fatou',
  'Kevin',
  'Nadia',
  'Louis',
  'Aïcha',
  'Pierre',
  'Inès',
  'Thomas',
  'Yasmine',
  'Michel',
  'Chloé',
  'Mamadou',
  'Sofia',
  'Bernard',
  'Emma',
  'Karim',
  'Monique',
  'Lucas',
  'Sarah',
  'Gérard',
  'Amina',
  'Hugo',
  'Océane',
  'Youssef',
  'Jacqueline',
  'Enzo',
  'Marie',
  'Ibrahim',
  'Manon',
  'René',
  'Leïla',
  'Nathan',
  'Josiane',
  'Mehdi',
]
const LAST_NAMES = [
  'Dupont',
  'Martin',
  'Bernard',
  'Diallo',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Benali',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Traoré',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'Haddad',
  'Mercier',
  'Dubois',
  'Lambert',
  'Bonnet',
  'François',
  'Nguyen',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Mathieu',
  'Camara',
  'Gauthier',
  'Chevalier',
  'Kone',
  'Lemoine',
  'Marchand',
  'Duval',
]
const STREET_DESCRIPTIONS = [
  'Homme, ~25 ans, rencontré gare',
  'Femme, ~40 ans, avec deux enfants',
  'Homme, ~55 ans, dort parc',
  'Jeune homme, ~19 ans, squat rue Haute',
]

/** A small deterministic generator, so every demo has the same people. */
function* sequence(seed: number) {
  let x = seed
  while (true) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648
    yield x
  }
}

export interface DemoScale {
  people: number
  contacts: number
}
export const FULL_DEMO: DemoScale = { people: 320, contacts: 1500 }

export type DemoLogin = { role: Role; email: string; totpSecret: string | null; userId: string }

/**
 * The organisation's frame, as an installation and a year of front desk leave it: sites, teams, a user
 * of every role, people and households, partners, a year of contacts with their daily counts. Written
 * straight to the tables for speed (1 500 contacts); every other module is filled through the API.
 */
export async function seedBase(db: Kysely<Database>, scale: DemoScale = FULL_DEMO) {
  const organisation = await db
    .insertInto('organisations')
    .values({ name: 'CCAS de Villebelle (démo)' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const org = organisation.id
  const sites = await db
    .insertInto('sites')
    .values([
      { organisation_id: org, name: 'Hôtel de ville — accueil central', address: '1 place de la Mairie' },
      { organisation_id: org, name: 'Centre médico-social Nord', address: '12 rue des Acacias' },
      { organisation_id: org, name: 'Point solidarité Gare', address: '3 avenue de la Gare' },
    ])
    .returning('id')
    .execute()
  const [central, north, station] = sites.map((s) => s.id) as [string, string, string]
  const teamRows = [
    { name: 'Accueil social', site_id: central, confidential: false },
    { name: 'Instruction RSA', site_id: central, confidential: false },
    { name: 'PAEJ (18–25 ans)', site_id: north, confidential: true },
    { name: 'Domiciliation', site_id: station, confidential: false },
    { name: 'Ligne seniors', site_id: central, confidential: false },
    { name: 'Aller-vers', site_id: station, confidential: false },
  ]
  const teams = await db
    .insertInto('teams')
    .values(teamRows.map((t) => ({ ...t, organisation_id: org })))
    .returning(['id', 'name'])
    .execute()
  const teamId = (name: string) => teams.find((t) => t.name.startsWith(name))!.id

  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const logins: DemoLogin[] = []
  const teamsByRole: Partial<Record<Role, string[]>> = {
    social_worker: [teamId('Accueil social'), teamId('PAEJ')],
    educator: [teamId('Accueil social'), teamId('Aller-vers')],
    psychologist: [teamId('PAEJ')],
    front_desk_agent: [teamId('Accueil social'), teamId('Domiciliation')],
    outreach_agent: [teamId('Aller-vers')],
    volunteer_coordinator: [teamId('Ligne seniors')],
  }
  const userIds: string[] = []
  for (const role of ROLES) {
    const email = `${role.replaceAll('_', '-')}@demo.trame`
    const totpSecret = totpRequiredFor([role]) ? newTotpSecret() : null
    const user = await db
      .insertInto('users')
      .values({
        organisation_id: org,
        email,
        name: `${ROLE_LABELS[role]} (démo)`,
        password_hash: passwordHash,
        roles: [role],
        status: 'active',
        totp_secret: totpSecret,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    userIds.push(user.id)
    for (const team of teamsByRole[role] ?? []) {
      await db
        .insertInto('user_teams')
        .values({ organisation_id: org, user_id: user.id, team_id: team })
        .execute()
    }
    logins.push({ role, email, totpSecret, userId: user.id })
  }

  const random = sequence(42)
  const pick = <T>(list: readonly T[]) => list[random.next().value! % list.length]!
  const people = Array.from({ length: scale.people }, (_, i) => {
    const anonymous = i % 40 === 0
    const year = 1935 + (random.next().value! % 72)
    const month = String(1 + (random.next().value! % 12)).padStart(2, '0')
    const day = String(1 + (random.next().value! % 28)).padStart(2, '0')
    const team =
      i % 9 === 0
        ? teamId('PAEJ')
        : i % 5 === 0
          ? teamId('Ligne seniors')
          : i % 7 === 0
            ? teamId('Aller-vers')
            : null
    return {
      organisation_id: org,
      file_number: String(i + 1).padStart(6, '0'),
      last_name: anonymous ? null : pick(LAST_NAMES),
      first_names: anonymous ? null : pick(FIRST_NAMES),
      birth_date: anonymous ? null : `${year}-${month}-${day}`,
      description: anonymous ? pick(STREET_DESCRIPTIONS) : null,
      team_id: team,
      created_by: pick(userIds),
    }
  })
  const personIds = (await db.insertInto('people').values(people).returning('id').execute()).map((p) => p.id)
  await db.updateTable('organisations').set({ person_seq: people.length }).where('id', '=', org).execute()
  await seedHouseholds(db, org, personIds, random)
  await seedFrontDesk(db, org, { personIds, userIds, sites: [central, north, station], teams, random }, scale)
  // Aged 67 or more and not in a confidential team's care: those the register and the neighbours help.
  const oldest = new Date().getFullYear() - 67
  const seniorIds = personIds.filter((_, i) => {
    const person = people[i]!
    return (
      person.birth_date !== null &&
      Number(person.birth_date.slice(0, 4)) <= oldest &&
      person.team_id !== teamId('PAEJ')
    )
  })
  return { organisationId: org, logins, sites: { central, north, station }, teamId, personIds, seniorIds }
}

/** Some files share a household: couples, parents and children. */
async function seedHouseholds(
  db: Kysely<Database>,
  org: string,
  personIds: string[],
  random: Generator<number>,
) {
  for (let i = 1; i + 3 < personIds.length; i += 11) {
    const household = await db
      .insertInto('households')
      .values({ organisation_id: org, city: 'Villebelle', other_resources: JSON.stringify([]) })
      .returning('id')
      .executeTakeFirstOrThrow()
    const size = 1 + (random.next().value! % 4)
    const relationships = ['head', 'spouse', 'child', 'child']
    await db
      .insertInto('household_members')
      .values(
        personIds.slice(i, i + size).map((person_id, k) => ({
          organisation_id: org,
          household_id: household.id,
          person_id,
          relationship: relationships[k]!,
        })),
      )
      .execute()
    await db
      .updateTable('people')
      .set({
        resources: JSON.stringify([{ kind: 'rsa', monthlyCents: 63_500 + (random.next().value! % 30_000) }]),
      })
      .where('id', '=', personIds[i]!)
      .execute()
  }
}

/** Partners, the usual contact reasons, and a year of contacts with their counts. */
async function seedFrontDesk(
  db: Kysely<Database>,
  org: string,
  data: {
    personIds: string[]
    userIds: string[]
    sites: string[]
    teams: { id: string; name: string }[]
    random: Generator<number>
  },
  scale: DemoScale,
) {
  const next = () => data.random.next().value!
  const pick = <T>(list: readonly T[]) => list[next() % list.length]!
  const services: string[] = []
  for (const [partner, service, category] of [
    ['Restos du Cœur de Villebelle', 'Distribution alimentaire', 'food'],
    ['Secours populaire', 'Vestiaire solidaire', 'clothing'],
    ['Maison départementale des solidarités', 'Accompagnement RSA', 'rights'],
    ['CPAM de Villebelle', 'Ouverture de droits santé', 'health'],
    ['Point justice', 'Permanence d’avocat', 'legal'],
    ['Accueil de jour Le Relais', 'Douches et laverie', 'hygiene'],
  ] as const) {
    const row = await db
      .insertInto('partners')
      .values({ organisation_id: org, name: partner, city: 'Villebelle' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const created = await db
      .insertInto('partner_services')
      .values({ organisation_id: org, partner_id: row.id, name: service, category, city: 'Villebelle' })
      .returning('id')
      .executeTakeFirstOrThrow()
    services.push(created.id)
  }
  const reasons = await db
    .insertInto('contact_reasons')
    .values(DEFAULT_CONTACT_REASONS.map((label, position) => ({ organisation_id: org, label, position })))
    .returning('id')
    .execute()
  const channels = ['walk_in', 'walk_in', 'walk_in', 'phone', 'phone', 'email', 'letter', 'partner_referral']
  const openTeams = data.teams.filter((t) => !t.name.startsWith('PAEJ'))
  const now = Date.now()
  const contacts = Array.from({ length: scale.contacts }, (_, i) => {
    const anonymous = i % 6 === 0
    const recent = i >= scale.contacts - 10
    return {
      organisation_id: org,
      occurred_at: new Date(now - (next() % 365) * 86_400_000 - (next() % 36_000) * 1000),
      channel: pick(channels),
      site_id: pick(data.sites),
      team_id: pick(openTeams).id,
      person_id: anonymous ? null : pick(data.personIds),
      anonymous_description: anonymous ? 'Appel anonyme' : null,
      reason_ids: [pick(reasons).id],
      orientation_partner_service_id: i % 9 === 0 ? pick(services) : null,
      follow_up_status: recent ? ('pending' as const) : null,
      created_by: pick(data.userIds),
    }
  })
  await db.insertInto('contacts').values(contacts).execute()
  // The daily counts, as the front desk keeps them for each contact it logs.
  await sql`insert into contact_counts (organisation_id, day, site_id, team_id, channel, reason_id, shard, contacts)
    select organisation_id, (occurred_at at time zone 'Europe/Paris')::date, site_id, team_id, channel, reason_id, 0, count(*)
    from contacts left join lateral unnest(array[null::uuid] || reason_ids) as reason_id on true
    where organisation_id = ${org}
    group by 1, 2, 3, 4, 5, 6`.execute(db)
  await sql`insert into contact_counts_monthly (organisation_id, day, site_id, team_id, channel, reason_id, shard, contacts)
    select organisation_id, date_trunc('month', day)::date, site_id, team_id, channel, reason_id, 0, sum(contacts)
    from contact_counts where organisation_id = ${org}
    group by 1, 2, 3, 4, 5, 6`.execute(db)
}
