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
  /** Generated: names, aliases and description, lower-case, without accents (trigram-indexed). */
  search_names: ColumnType<string, never, never>
  aliases: Generated<string[]>
  sex: string | null
  approximate_age: number | null
  approximate_age_on: ColumnType<string | null, string | null | undefined, string | null>
  birth_place: string | null
  nationality_group: string | null
  languages: Generated<string[]>
  phone: string | null
  /** Generated: the phone's digits only, trigram-indexed. */
  phone_digits: ColumnType<string, never, never>
  email: string | null
  address: string | null
  postal_code: string | null
  city: string | null
  housing_situation: string | null
  caf_number: string | null
  health_cover: string | null
  social_security_number: string | null
  /** `[{ kind, monthlyCents }]` */
  resources: ColumnType<unknown, string | undefined, string>
  family_situation: string | null
  gir: number | null
  legal_protection: string | null
  legal_representative: string | null
  referral_source: string | null
  /** `[{ name, relationship, phone, caregiver }]` */
  relatives: ColumnType<unknown, string | undefined, string>
  tags: Generated<string[]>
  status: Generated<string>
  merged_into_id: string | null
}
export interface PersonReferentTable {
  organisation_id: string
  person_id: string
  user_id: string
}
export interface HouseholdTable {
  id: Generated<string>
  organisation_id: string
  address: string | null
  postal_code: string | null
  city: string | null
  other_resources: ColumnType<unknown, string | undefined, string>
  /** numeric: pg returns a string. */
  shares_override: ColumnType<string | null, number | null | undefined, number | null>
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface HouseholdMemberTable {
  organisation_id: string
  household_id: string
  person_id: string
  relationship: string
  disabled: Generated<boolean>
}
export interface PersonConsentTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  scope: string
  given: boolean
  given_on: ColumnType<string, string, string>
  note: string | null
  recorded_by: string
  recorded_at: CreatedAt
}
export interface PersonMergeTable {
  id: Generated<string>
  organisation_id: string
  kept_person_id: string
  merged_person_id: string
  kept_before: Json
  kept_after: Json
  merged_before: Json
  merged_by: string
  merged_at: CreatedAt
  undone_by: string | null
  undone_at: Date | null
}

// Partners directory ---------------------------------------------------------------------------
export interface PartnerTable {
  id: Generated<string>
  organisation_id: string
  name: string
  description: string | null
  website: string | null
  email: string | null
  phone: string | null
  address: string | null
  postal_code: string | null
  city: string | null
  created_at: CreatedAt
  updated_at: Timestamp
  /** Generated: name, description and city, lower-case, without accents (trigram-indexed). */
  search_text: ColumnType<string, never, never>
}
export interface PartnerServiceTable {
  id: Generated<string>
  organisation_id: string
  partner_id: string
  name: string
  category: string
  description: string | null
  address: string | null
  postal_code: string | null
  city: string | null
  phone: string | null
  email: string | null
  opening_hours: string | null
  access_conditions: string | null
  contact_name: string | null
  active: Generated<boolean>
  created_at: CreatedAt
  updated_at: Timestamp
  /** Generated: name, category words, description and city, normalised (trigram-indexed). */
  search_text: ColumnType<string, never, never>
}

// Social pricing ---------------------------------------------------------------------------------
export interface PricingSettingsTable {
  organisation_id: string
  /** The shares rule: `{ firstAdultShares, secondAdultShares, … }` (see shared/pricing.ts). */
  shares_rule: Json
  updated_by: string | null
  updated_at: Timestamp
}
export interface PricingBracketTable {
  id: Generated<string>
  organisation_id: string
  position: number
  label: string
  min_quotient_cents: number
  max_quotient_cents: number | null
  price_cents: number | null
  /** numeric(5, 2): pg returns a string. */
  percent: ColumnType<string | null, number | null, number | null>
  note: string | null
}

export interface ContactReasonTable {
  id: Generated<string>
  organisation_id: string
  label: string
  position: Generated<number>
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface ContactTable {
  id: Generated<string>
  organisation_id: string
  occurred_at: ColumnType<Date, Date | string | undefined, Date | string>
  channel: string
  site_id: string | null
  team_id: string | null
  person_id: string | null
  anonymous_description: string | null
  reason_ids: Generated<string[]>
  note: string | null
  orientation_team_id: string | null
  orientation_partner_service_id: string | null
  follow_up_status: 'pending' | 'done' | null
  assigned_to: string | null
  follow_up_note: string | null
  done_at: Date | null
  done_by: string | null
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}
/** Contacts per day and dimension; `reason_id` null is the contact itself. Summed over `shard`. */
export interface ContactCountTable {
  organisation_id: string
  day: ColumnType<string, string, string>
  site_id: string | null
  team_id: string | null
  channel: string
  reason_id: string | null
  shard: number
  contacts: number
}

/** Every name word of the organisation's files, kept by a trigger on `people`. */
export interface PersonNameVocabularyTable {
  organisation_id: string
  word: string
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
  person_referents: PersonReferentTable
  households: HouseholdTable
  household_members: HouseholdMemberTable
  person_consents: PersonConsentTable
  person_merges: PersonMergeTable
  pricing_settings: PricingSettingsTable
  pricing_brackets: PricingBracketTable
  partners: PartnerTable
  partner_services: PartnerServiceTable
  contact_reasons: ContactReasonTable
  contacts: ContactTable
  contact_counts: ContactCountTable
  /** The same counts per month; `day` is the first day of the month. */
  contact_counts_monthly: ContactCountTable
  person_name_vocabulary: PersonNameVocabularyTable
}
