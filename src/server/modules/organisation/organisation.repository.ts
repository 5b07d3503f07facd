import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'

const userColumns = [
  'u.id',
  'u.name',
  'u.email',
  'u.roles',
  'u.status',
  'u.last_login_at',
  'u.created_at',
  sql<boolean>`u.totp_secret is not null`.as('totp_enabled'),
  sql<
    string[]
  >`coalesce((select array_agg(ut.team_id::text order by ut.team_id) from user_teams ut where ut.user_id = u.id), '{}')`.as(
    'team_ids',
  ),
] as const

/** All SQL of the organisation module. Every query is scoped by organisation_id. */
/**
 * A pending grant (`g`) that no active administrator or director other than its requester and the
 * account named can confirm: only the hosting operator can (`npm run roles:confirm`).
 */
const awaitsHost = sql<boolean>`not exists (
  select 1 from users c
  where c.organisation_id = g.organisation_id and c.status = 'active'
    and c.roles && array['administrator', 'director']::text[]
    and c.id <> g.requested_by and c.id <> g.user_id)`

export class OrganisationRepository {
  constructor(readonly db: Kysely<Database>) {}

  /** The organisation of a one-organisation installation; none when there are several. */
  async soleOrganisation(db = this.db) {
    const rows = await db.selectFrom('organisations').select(['id', 'name']).limit(2).execute()
    return rows.length === 1 ? rows[0] : undefined
  }

  organisation(organisationId: string, db = this.db) {
    return db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('id', '=', organisationId)
      .executeTakeFirst()
  }

  async renameOrganisation(db: Kysely<Database>, organisationId: string, name: string) {
    return db
      .updateTable('organisations')
      .set({ name })
      .where('id', '=', organisationId)
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow()
  }

  sites(organisationId: string) {
    return this.db
      .selectFrom('sites')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('name')
      .execute()
  }

  site(organisationId: string, id: string) {
    return this.db
      .selectFrom('sites')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst()
  }

  createSite(organisationId: string, values: { name: string; address: string | null }) {
    return this.db
      .insertInto('sites')
      .values({ organisation_id: organisationId, ...values })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  updateSite(
    organisationId: string,
    id: string,
    values: Partial<{ name: string; address: string | null; active: boolean }>,
  ) {
    return this.db
      .updateTable('sites')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
  }

  teams(organisationId: string) {
    return this.db
      .selectFrom('teams')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('name')
      .execute()
  }

  countTeams(organisationId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve(0)
    return this.db
      .selectFrom('teams')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', ids)
      .executeTakeFirstOrThrow()
      .then((r) => r.n)
  }

  createTeam(
    organisationId: string,
    values: { name: string; site_id: string | null; confidential: boolean },
  ) {
    return this.db
      .insertInto('teams')
      .values({ organisation_id: organisationId, ...values })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  updateTeam(
    organisationId: string,
    id: string,
    values: Partial<{ name: string; site_id: string | null; confidential: boolean; active: boolean }>,
  ) {
    return this.db
      .updateTable('teams')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
  }

  users(organisationId: string, db = this.db) {
    return db
      .selectFrom('users as u')
      .select(userColumns)
      .where('u.organisation_id', '=', organisationId)
      .orderBy('u.name')
      .execute()
  }

  activeColleagues(organisationId: string, db = this.db) {
    return db
      .selectFrom('users as u')
      .select([
        'u.id',
        'u.name',
        'u.roles',
        (eb) =>
          eb.fn
            .coalesce(
              eb
                .selectFrom('user_teams as ut')
                .select(sql<string[]>`array_agg(ut.team_id)`.as('ids'))
                .whereRef('ut.user_id', '=', 'u.id'),
              sql<string[]>`'{}'::uuid[]`,
            )
            .as('team_ids'),
      ])
      .where('u.organisation_id', '=', organisationId)
      .where('u.status', '=', 'active')
      .orderBy('u.name')
      .execute()
  }

  user(organisationId: string, id: string, db = this.db) {
    return db
      .selectFrom('users as u')
      .select(userColumns)
      .where('u.organisation_id', '=', organisationId)
      .where('u.id', '=', id)
      .executeTakeFirst()
  }

  /** Only within the organisation: an address may have an account elsewhere, and that is not said. */
  emailTaken(organisationId: string, email: string, db = this.db) {
    return db
      .selectFrom('users')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst()
      .then(Boolean)
  }

  createInvitedUser(
    db: Kysely<Database>,
    organisationId: string,
    values: { email: string; name: string; roles: string[] },
  ) {
    return db
      .insertInto('users')
      .values({ organisation_id: organisationId, ...values, status: 'invited' })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  async updateUser(
    db: Kysely<Database>,
    organisationId: string,
    id: string,
    values: Partial<{ roles: string[]; status: 'active' | 'deactivated' }>,
  ) {
    await db
      .updateTable('users')
      .set({ ...values, updated_at: sql`now()` })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute()
  }

  async setUserTeams(db: Kysely<Database>, organisationId: string, userId: string, teamIds: string[]) {
    await db
      .deleteFrom('user_teams')
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .execute()
    if (teamIds.length === 0) return
    await db
      .insertInto('user_teams')
      .values(teamIds.map((team_id) => ({ organisation_id: organisationId, user_id: userId, team_id })))
      .execute()
  }

  /** Active administrators, locked so two concurrent changes cannot both remove "the last" one. */
  activeAdministrators(db: Kysely<Database>, organisationId: string) {
    return db
      .selectFrom('users')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'active')
      .where(sql<boolean>`'administrator' = any(roles)`)
      .forUpdate()
      .execute()
      .then((rows) => rows.map((r) => r.id))
  }

  /** Active administrators and directors of the organisation: who may confirm a role grant. */
  grantConfirmers(db: Kysely<Database>, organisationId: string) {
    return db
      .selectFrom('users')
      .select(['id', 'email', 'roles'])
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'active')
      .where(sql<boolean>`roles && array['administrator', 'director']::text[]`)
      .execute()
  }

  /**
   * Accounts that hold or held the director or administrator role, deactivated ones included (a wide
   * role taken away is in the audit, see changeRoles): while there are none but the requester and the
   * account named, the organisation is new and names its first director.
   */
  wideRoleAccounts(db: Kysely<Database>, organisationId: string) {
    return db
      .selectFrom('users')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where(sql<boolean>`roles && array['administrator', 'director']::text[]`)
      .union(
        db
          .selectFrom('audit_log')
          .select(sql<string>`entity_id`.as('id'))
          .where('organisation_id', '=', organisationId)
          .where('action', '=', 'user.roles_change')
          .where(sql<boolean>`details ? 'wideRolesRemoved'`),
      )
      .execute()
      .then((rows) => rows.map((r) => r.id))
  }

  /** Pending role grants, with the names of the user and of the requester; all, or one user's. */
  pendingRoleGrants(
    organisationId: string,
    options: { userId?: string; grantId?: string } = {},
    db = this.db,
  ) {
    let query = db
      .selectFrom('role_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .innerJoin('users as r', 'r.id', 'g.requested_by')
      .select([
        'g.id',
        'g.user_id',
        'u.name as user_name',
        'g.roles',
        'g.requested_by',
        'r.name as requested_by_name',
        'g.requested_at',
        awaitsHost.as('awaits_host'),
      ])
      .where('g.organisation_id', '=', organisationId)
      .where('g.status', '=', 'pending')
      .orderBy('g.requested_at')
    if (options.userId) query = query.where('g.user_id', '=', options.userId)
    if (options.grantId) query = query.where('g.id', '=', options.grantId)
    return query.execute()
  }

  /** Locks the pending grant being decided, so it is decided once. */
  /** One pending grant, locked; of one organisation, or (for the hosting operator) of any. */
  lockPendingRoleGrant(db: Kysely<Database>, organisationId: string | undefined, grantId: string) {
    let query = db
      .selectFrom('role_grants')
      .select(['id', 'organisation_id', 'user_id', 'roles', 'requested_by'])
      .where('id', '=', grantId)
      .where('status', '=', 'pending')
    if (organisationId) query = query.where('organisation_id', '=', organisationId)
    return query.forUpdate().executeTakeFirst()
  }

  /** Every organisation's pending grants, for the hosting operator: accounts' e-mails, no person. */
  pendingRoleGrantsOfHost(db = this.db) {
    return db
      .selectFrom('role_grants as g')
      .innerJoin('organisations as o', 'o.id', 'g.organisation_id')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .innerJoin('users as r', 'r.id', 'g.requested_by')
      .select([
        'g.id',
        'o.name as organisation_name',
        'u.email as user_email',
        'r.email as requested_by_email',
        'g.roles',
        'g.requested_at',
        awaitsHost.as('awaits_host'),
      ])
      .where('g.status', '=', 'pending')
      .orderBy('g.requested_at')
      .execute()
  }

  /** A new request replaces the user's earlier pending one. */
  async createRoleGrant(
    db: Kysely<Database>,
    organisationId: string,
    values: { userId: string; roles: string[]; requestedBy: string },
  ) {
    await this.decideRoleGrants(
      db,
      organisationId,
      { userId: values.userId },
      'cancelled',
      values.requestedBy,
    )
    return db
      .insertInto('role_grants')
      .values({
        organisation_id: organisationId,
        user_id: values.userId,
        roles: values.roles,
        requested_by: values.requestedBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  async decideRoleGrants(
    db: Kysely<Database>,
    organisationId: string,
    which: { userId?: string; grantId?: string },
    status: 'confirmed' | 'cancelled',
    /** Null: the hosting operator. */
    decidedBy: string | null,
  ) {
    let query = db
      .updateTable('role_grants')
      .set({ status, decided_by: decidedBy, decided_at: sql`now()` })
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'pending')
    if (which.userId) query = query.where('user_id', '=', which.userId)
    if (which.grantId) query = query.where('id', '=', which.grantId)
    await query.execute()
  }

  /** What the first steps' checklist counts: sites (with an address), teams, colleagues' accounts. */
  async setupCounts(organisationId: string, userId: string) {
    const row = await sql<{ sites: number; sites_with_address: number; teams: number; others: number }>`
      select
        (select count(*)::int from sites where organisation_id = ${organisationId} and active) as sites,
        (select count(*)::int from sites where organisation_id = ${organisationId} and active
          and coalesce(address, '') <> '') as sites_with_address,
        (select count(*)::int from teams where organisation_id = ${organisationId} and active) as teams,
        (select count(*)::int from users where organisation_id = ${organisationId} and id <> ${userId}
          and status <> 'deactivated') as others`.execute(this.db)
    return row.rows[0]!
  }
}
