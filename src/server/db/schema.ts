import type { ColumnType, Generated } from 'kysely'

/** Table types of Trame's database, kept by hand next to the migrations that create them. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json = ColumnType<unknown, string, string>

export interface OrganisationTable {
  id: Generated<string>
  name: string
  person_seq: Generated<number>
  created_at: CreatedAt
}
export interface SetupTokenTable {
  token_hash: string
  created_at: CreatedAt
  used_at: Date | null
}
export interface SiteTable {
  id: Generated<string>
  organisation_id: string
  name: string
  address: string | null
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface TeamTable {
  id: Generated<string>
  organisation_id: string
  site_id: string | null
  name: string
  confidential: Generated<boolean>
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface UserTable {
  id: Generated<string>
  organisation_id: string
  email: string
  name: string
  password_hash: string | null
  roles: string[]
  status: 'invited' | 'active' | 'deactivated'
  totp_secret: string | null
  totp_pending_secret: string | null
  /** The last 30-second step whose code was accepted: a code works once. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>
  last_login_at: Date | null
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface UserTeamTable {
  organisation_id: string
  user_id: string
  team_id: string
}
export interface SessionTable {
  id: Generated<string>
  token_hash: string
  organisation_id: string
  user_id: string
  state: 'active' | 'totp_pending' | 'totp_enrolment_required'
  csrf_token: string
  ip: string | null
  user_agent: string | null
  created_at: CreatedAt
  last_seen_at: Timestamp
  absolute_expires_at: Date
  revoked_at: Date | null
}
export interface LoginAttemptTable {
  id: Generated<string>
  account_key: string
  ip: string
  succeeded: boolean
  at: Generated<Date>
}
export interface OneTimeTokenTable {
  token_hash: string
  kind: 'password_reset' | 'invitation'
  organisation_id: string
  user_id: string
  expires_at: Date
  used_at: Date | null
  created_at: CreatedAt
}
export interface AuditLogTable {
  id: Generated<string>
  organisation_id: string
  user_id: string | null
  action: string
  entity_type: string
  entity_id: string | null
  person_id: string | null
  ip: string | null
  at: Generated<Date>
}
export interface OutboxTable {
  id: Generated<string>
  organisation_id: string | null
  kind: string
  payload: Json
  status: Generated<'pending' | 'sending' | 'done' | 'failed'>
  attempts: Generated<number>
  available_at: Generated<Date>
  lease_until: Date | null
  claim_id: string | null
  last_error: string | null
  created_at: CreatedAt
  processed_at: Date | null
}
export interface PersonTable {
  id: Generated<string>
  organisation_id: string
  file_number: string
  last_name: string | null
  usage_name: string | null
  first_names: string | null
  birth_date: ColumnType<string | null, string | null | undefined, string | null>
  description: string | null
  team_id: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
  /** Generated: names and description, lower-case, without accents (trigram-indexed). */
  search_names: ColumnType<string, never, never>
}

export interface Database {
  organisations: OrganisationTable
  setup_tokens: SetupTokenTable
  sites: SiteTable
  teams: TeamTable
  users: UserTable
  user_teams: UserTeamTable
  sessions: SessionTable
  login_attempts: LoginAttemptTable
  one_time_tokens: OneTimeTokenTable
  audit_log: AuditLogTable
  outbox: OutboxTable
  people: PersonTable
}
