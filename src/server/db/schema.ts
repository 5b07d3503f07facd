import type { ColumnType, Generated } from 'kysely'
import type { AccommodationTables } from './schema.accommodation.ts'
import type { ActivitiesTables } from './schema.activities.ts'
import type { AidTables } from './schema.aid.ts'
import type { CaseworkTables } from './schema.casework.ts'
import type { DomiciliationTables } from './schema.domiciliation.ts'
import type { PrivacyTables } from './schema.privacy.ts'

/** Table types of Trame's database, kept by hand next to the migrations that create them. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json = ColumnType<unknown, string, string>

export interface OrganisationTable {
  id: Generated<string>
  name: string
  person_seq: Generated<number>
  created_at: CreatedAt
  suspended_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}
export interface PlatformOperatorTable {
  id: Generated<string>
  email: string
  name: string
  password_hash: string
  totp_secret: string
  totp_last_step: number | null
  disabled_at: Date | null
  created_at: CreatedAt
}
export interface PlatformOperatorSessionTable {
  id: Generated<string>
  token_hash: string
  csrf_token: string
  operator_id: string
  state: 'active' | 'totp_pending'
  ip: string | null
  created_at: CreatedAt
  last_seen_at: Timestamp
  absolute_expires_at: Date
  revoked_at: Date | null
}
export interface PlatformOperatorLogTable {
  id: Generated<string>
  operator_id: string | null
  action: string
  organisation_id: string | null
  organisation_name: string | null
  ip: string | null
  at: CreatedAt
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
/** A grant of the director or administrator role, waiting for a second administrator (or the director). */
export interface RoleGrantTable {
  id: Generated<string>
  organisation_id: string
  user_id: string
  /** The whole role set the user will hold once confirmed. */
  roles: string[]
  requested_by: string
  requested_at: Generated<Date>
  status: Generated<'pending' | 'confirmed' | 'cancelled'>
  decided_by: string | null
  decided_at: Date | null
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
  /** The persons a list, search or household read showed (person_id is for one file's read or write). */
  person_ids: string[] | null
  /** Staff (user_id), a volunteer of the portal (volunteer_id), or Trame itself; null before 2026-12-06. */
  actor_kind: 'staff' | 'volunteer' | 'partner_contact' | 'system' | null
  volunteer_id: string | null
  /** A partner's contact acting on the partner page. */
  partner_contact_id: string | null
  /** What the action revealed or decided, without personal data (e.g. which contact details were shown). */
  details: Json | null
  ip: string | null
  at: Generated<Date>
}
/** Each periodic job's last complete run, shared by every instance. */
export interface PeriodicJobRunTable {
  name: string
  last_success_at: Date
  runs: Generated<number>
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

/** Two files someone who merges said are not the same person (the smaller id as `person_a_id`). */
export interface PersonDuplicateDismissalTable {
  id: Generated<string>
  organisation_id: string
  person_a_id: string
  person_b_id: string
  dismissed_by: string
  dismissed_at: CreatedAt
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
  /** The organisation's id in the Open Referral (HSDS) dataset it was imported from. */
  hsds_id: string | null
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
  /** The service's id in the Open Referral (HSDS) dataset it was imported from. */
  hsds_id: string | null
  created_at: CreatedAt
  updated_at: Timestamp
  /** Generated: name, category words, description and city, normalised (trigram-indexed). */
}
/** A partner's contact with an account on the partner page. */
export interface PartnerContactTable {
  id: Generated<string>
  organisation_id: string
  partner_id: string
  name: string
  email: string
  password_hash: string | null
  disabled_at: Date | null
  invited_by: string
  created_at: CreatedAt
  updated_at: Timestamp
  /** When the sweeper anonymised the disabled contact. */
  erased_at: Generated<Date | null>
}
export interface PartnerContactTokenTable {
  id: Generated<string>
  contact_id: string
  token_hash: string
  /** 'invitation' or 'password_reset'. */
  purpose: Generated<string>
  expires_at: Date
  used_at: Date | null
  created_at: CreatedAt
}
export interface PartnerContactSessionTable {
  id: Generated<string>
  token_hash: string
  csrf_token: string
  contact_id: string
  expires_at: Date
  revoked_at: Date | null
  last_seen_at: Generated<Date>
  created_at: Generated<Date>
}
export interface PartnerTaxonomyMappingTable {
  organisation_id: string
  term_key: string
  term_label: string
  category: string
  updated_by: string | null
  updated_at: Generated<Timestamp>
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

// Street outreach ---------------------------------------------------------------------------------
type DateColumn = ColumnType<string, string, string>
type NullableDateColumn = ColumnType<string | null, string | null | undefined, string | null>
export interface OutreachSettingsTable {
  organisation_id: string
  caseload_alert_days: Generated<number>
  updated_by: string | null
  updated_at: Timestamp
}
export interface OutreachZoneTable {
  id: Generated<string>
  organisation_id: string
  name: string
  position: Generated<number>
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface OutreachHandoutItemTable {
  id: Generated<string>
  organisation_id: string
  label: string
  position: Generated<number>
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface OutreachRoundTable {
  id: Generated<string>
  organisation_id: string
  status: Generated<'planned' | 'done' | 'cancelled'>
  round_date: DateColumn
  /** `HH:MM:SS` */
  start_time: string | null
  end_time: string | null
  team_id: string | null
  zone_id: string | null
  lead_user_id: string | null
  mode: Generated<'on_foot' | 'vehicle'>
  partner_names: Generated<string[]>
  note: string | null
  remarks: string | null
  closed_at: Date | null
  closed_by: string | null
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface OutreachRoundAgentTable {
  organisation_id: string
  round_id: string
  user_id: string
}
export interface OutreachRoundHandoutTable {
  organisation_id: string
  round_id: string
  item_id: string
  quantity: number
}
export interface OutreachPlaceTable {
  id: Generated<string>
  organisation_id: string
  type: string
  name: string
  address: string | null
  latitude: number | null
  longitude: number | null
  zone_id: string | null
  status: Generated<string>
  status_since: ColumnType<string, string | undefined, string>
  risk_notes: string | null
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface OutreachPlaceStatusTable {
  id: Generated<string>
  organisation_id: string
  place_id: string
  status: string
  changed_on: DateColumn
  note: string | null
  recorded_by: string
  recorded_at: CreatedAt
}
export interface OutreachPlaceVisitTable {
  id: Generated<string>
  organisation_id: string
  place_id: string
  visited_at: ColumnType<Date, Date | string, Date | string>
  occupants: number | null
  round_id: string | null
  encounter_id: string | null
  note: string | null
  recorded_by: string
  recorded_at: CreatedAt
}
export interface OutreachEncounterTable {
  id: Generated<string>
  organisation_id: string
  idempotency_key: string
  round_id: string | null
  team_id: string | null
  occurred_at: ColumnType<Date, Date | string, Date | string>
  latitude: number | null
  longitude: number | null
  address: string | null
  place_id: string | null
  person_id: string | null
  anonymous_sex: string | null
  anonymous_age: number | null
  anonymous_with_children: boolean | null
  anonymous_people_count: number | null
  anonymous_description: string | null
  household_type: string | null
  situation: string
  reason_ids: Generated<string[]>
  needs: Generated<string[]>
  actions: Generated<string[]>
  orientation_team_id: string | null
  orientation_partner_service_id: string | null
  note: string | null
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface OutreachFollowupTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  team_id: string | null
  stage: string
  first_contact_at: ColumnType<Date, Date | string, Date | string>
  engaged_at: Date | null
  refused_at: Date | null
  closed_at: Date | null
  exit_reason: string | null
  exit_note: string | null
  closed_by: string | null
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface OutreachFollowupStageTable {
  id: Generated<string>
  organisation_id: string
  followup_id: string
  stage: string
  changed_at: ColumnType<Date, Date | string, Date | string>
  note: string | null
  changed_by: string
  recorded_at: CreatedAt
}
export interface OutreachFamilyTable {
  id: Generated<string>
  organisation_id: string
  household_id: string
  team_id: string | null
  flagged: Generated<boolean>
  flagged_on: DateColumn
  note: string | null
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}

/** Every name word of the organisation's files, kept by a trigger on `people`. */
export interface PersonNameVocabularyTable {
  organisation_id: string
  word: string
}

// Reports (signalements) ---------------------------------------------------------------------------
export interface IndicatorSettingsTable {
  organisation_id: string
  small_cell_threshold: Generated<number>
  updated_by: string | null
  updated_at: Timestamp
}
/** `items`: `[{ indicatorId, query, chart }]` */
export interface IndicatorDashboardTable {
  user_id: string
  organisation_id: string
  items: ColumnType<unknown, string | undefined, string>
  updated_at: Timestamp
}
export interface ReportSettingsTable {
  organisation_id: string
  triage_delay_days: Generated<number>
  updated_by: string | null
  updated_at: Timestamp
}
export interface ReportCounterTable {
  organisation_id: string
  year: number
  last_value: number
}
export interface ReportTable {
  id: Generated<string>
  organisation_id: string
  /** `SIG-2026-000123`, unique per organisation. */
  reference: string
  source: 'public_form' | 'partner' | 'municipal_police' | 'front_desk' | 'citizen_phone' | 'other'
  status: Generated<'new' | 'assigned' | 'visited' | 'closed'>
  received_at: Timestamp
  seen_at: Date | null
  location_text: string
  latitude: number | null
  longitude: number | null
  situation: string
  children_present: Generated<'unknown' | 'yes' | 'no'>
  urgency: Generated<'unknown' | 'not_urgent' | 'urgent'>
  /** Someone in the street (the outreach triage queue) or someone isolated at home (the neighbour network). */
  concern: Generated<'street' | 'isolated_at_home'>
  /** Who the person seems to be; set for a report about someone isolated at home. */
  person_description: string | null
  /** Whether the person knows of the report; set for a report about someone isolated at home. */
  person_aware: 'unknown' | 'yes' | 'no' | null
  reporter_name: string | null
  reporter_phone: string | null
  reporter_email: string | null
  callback_accepted: Generated<boolean>
  consent_at: Date | null
  partner_service_id: string | null
  frontdesk_contact_id: string | null
  person_id: string | null
  zone_id: string | null
  assigned_to: string | null
  round_id: string | null
  encounter_id: string | null
  visited_at: Date | null
  outcome: 'person_met' | 'not_found' | 'already_known' | 'not_for_us' | null
  closing_note: string | null
  closed_at: Date | null
  /** The last triage action (assignment, visit, closing): the overdue flag counts from it. */
  status_changed_at: Timestamp
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface ReportEventTable {
  id: Generated<string>
  organisation_id: string
  report_id: string
  status: 'new' | 'assigned' | 'visited' | 'closed'
  at: Generated<Date>
  by_user: string | null
  assigned_to: string | null
  round_id: string | null
  outcome: string | null
  note: string | null
}

export interface RegisterSettingsTable {
  organisation_id: string
  team_id: string | null
  retry_delay_minutes: Generated<number>
  max_attempts: Generated<number>
  updated_by: string | null
  updated_at: Timestamp
}
export interface RegisterEntryTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  status: 'awaiting_confirmation' | 'registered'
  ground: 'age_65' | 'age_60_unfit' | 'disabled_adult'
  disability_proof: string | null
  requested_by: 'self' | 'legal_representative' | 'third_party'
  requester_name: string | null
  requester_relationship: string | null
  requested_on: ColumnType<string, string, string>
  acknowledgement_due: ColumnType<string | null, string | null | undefined, string | null>
  address: string | null
  phone: string | null
  lives_alone: Generated<boolean>
  autonomy: Generated<string[]>
  power_medical_devices: Generated<boolean>
  attending_services: Generated<string[]>
  emergency_contacts: ColumnType<unknown, string | undefined, string>
  best_call_times: string | null
  registered_at: Date | null
  review_due: ColumnType<string | null, string | null | undefined, string | null>
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface RegisterMovementTable {
  id: Generated<string>
  organisation_id: string
  at: Timestamp
  delta: number
}
export interface AlertPlanTable {
  id: Generated<string>
  organisation_id: string
  kind: 'heatwave' | 'extreme_cold' | 'other'
  label: string | null
  starts_on: ColumnType<string, string, string>
  ends_on: ColumnType<string | null, string | null | undefined, string | null>
  status: Generated<'active' | 'closed'>
  activated_by: string | null
  activated_at: Timestamp
  closed_by: string | null
  closed_at: Date | null
  /** When the retention sweeper deleted the plan's calls; their counts are kept in `purged_counts`. */
  calls_purged_at: Date | null
  purged_counts: ColumnType<unknown, string | null | undefined, string | null>
}
export interface AlertCallTable {
  id: Generated<string>
  organisation_id: string
  plan_id: string
  person_id: string
  caller_id: string | null
  risk: number
  rank: number
  status: Generated<'to_call' | 'retry' | 'home_visit' | 'reached' | 'escalated'>
  attempts: Generated<number>
  next_attempt_at: Date | null
  last_outcome: string | null
  contact_id: string | null
  updated_at: Timestamp
}
export interface AlertCallAttemptTable {
  id: Generated<string>
  organisation_id: string
  call_id: string
  at: Timestamp
  by_user: string | null
  outcome: 'all_fine' | 'needs_something' | 'no_answer' | 'emergency'
  note: string | null
}

/** A member report the network coordinator sent on to the register team. */
export interface RegisterReferralTable {
  id: Generated<string>
  organisation_id: string
  member_report_id: string
  about: string
  location: string | null
  status: Generated<'new' | 'registered' | 'dismissed'>
  dismiss_reason: string | null
  entry_id: string | null
  handled_by: string | null
  handled_at: Date | null
  created_at: CreatedAt
}
/** The week an organisation's register team was reminded of its yearly reviews (once a week). */
export interface RegisterReviewReminderTable {
  organisation_id: string
  week_of: ColumnType<string, string, string>
  due_count: number
  sent_at: Timestamp
}

export interface Database
  extends CaseworkTables,
    DomiciliationTables,
    AidTables,
    AccommodationTables,
    ActivitiesTables,
    PrivacyTables {
  organisations: OrganisationTable
  platform_operators: PlatformOperatorTable
  platform_operator_sessions: PlatformOperatorSessionTable
  platform_operator_log: PlatformOperatorLogTable
  setup_tokens: SetupTokenTable
  sites: SiteTable
  teams: TeamTable
  users: UserTable
  user_teams: UserTeamTable
  role_grants: RoleGrantTable
  sessions: SessionTable
  login_attempts: LoginAttemptTable
  one_time_tokens: OneTimeTokenTable
  audit_log: AuditLogTable
  outbox: OutboxTable
  periodic_job_runs: PeriodicJobRunTable
  people: PersonTable
  person_referents: PersonReferentTable
  households: HouseholdTable
  household_members: HouseholdMemberTable
  person_consents: PersonConsentTable
  person_merges: PersonMergeTable
  person_duplicate_dismissals: PersonDuplicateDismissalTable
  pricing_settings: PricingSettingsTable
  pricing_brackets: PricingBracketTable
  partners: PartnerTable
  partner_services: PartnerServiceTable
  partner_contacts: PartnerContactTable
  partner_contact_tokens: PartnerContactTokenTable
  partner_contact_sessions: PartnerContactSessionTable
  partner_taxonomy_mappings: PartnerTaxonomyMappingTable
  contact_reasons: ContactReasonTable
  contacts: ContactTable
  contact_counts: ContactCountTable
  /** The same counts per month; `day` is the first day of the month. */
  contact_counts_monthly: ContactCountTable
  person_name_vocabulary: PersonNameVocabularyTable
  outreach_settings: OutreachSettingsTable
  outreach_zones: OutreachZoneTable
  outreach_handout_items: OutreachHandoutItemTable
  outreach_rounds: OutreachRoundTable
  outreach_round_agents: OutreachRoundAgentTable
  outreach_round_handouts: OutreachRoundHandoutTable
  outreach_places: OutreachPlaceTable
  outreach_place_statuses: OutreachPlaceStatusTable
  outreach_place_visits: OutreachPlaceVisitTable
  outreach_encounters: OutreachEncounterTable
  outreach_followups: OutreachFollowupTable
  outreach_followup_stages: OutreachFollowupStageTable
  outreach_families: OutreachFamilyTable
  report_settings: ReportSettingsTable
  indicator_settings: IndicatorSettingsTable
  indicator_dashboards: IndicatorDashboardTable
  report_counters: ReportCounterTable
  reports: ReportTable
  report_events: ReportEventTable
  register_settings: RegisterSettingsTable
  register_entries: RegisterEntryTable
  register_movements: RegisterMovementTable
  alert_plans: AlertPlanTable
  alert_calls: AlertCallTable
  alert_call_attempts: AlertCallAttemptTable
  register_referrals: RegisterReferralTable
  register_review_reminders: RegisterReviewReminderTable
  volunteers: VolunteerTable
  volunteer_sessions: VolunteerSessionTable
  network_needs: NetworkNeedTable
  network_offers: NetworkOfferTable
  network_member_reports: NetworkMemberReportTable
  network_settings: NetworkSettingsTable
  network_neighbourhoods: NetworkNeighbourhoodTable
  support_types: SupportTypeTable
  support_records: SupportRecordTable
  support_record_referents: SupportRecordReferentTable
  support_goals: SupportGoalTable
  support_interviews: SupportInterviewTable
  document_types: DocumentTypeTable
  documents: DocumentTable
}

export interface DocumentTypeTable {
  id: Generated<string>
  organisation_id: string
  label: string
  position: Generated<number>
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface DocumentTable {
  id: string
  organisation_id: string
  person_id: string
  type_id: string
  record_type: string | null
  record_id: string | null
  file_name: string
  content_type: string
  size_bytes: ColumnType<string | number, number, number>
  sha256: string
  expires_on: ColumnType<string | null, string | null | undefined, string | null>
  uploaded_by: string | null
  uploaded_at: CreatedAt
}

/** A neighbour volunteer of the solidarity network: an account apart from staff users. */
export interface VolunteerTable {
  id: Generated<string>
  organisation_id: string
  email: string
  password_hash: string
  first_name: string
  last_name: string
  phone: string
  address: string | null
  neighbourhood: string | null
  latitude: number | null
  longitude: number | null
  help_kinds: string[]
  availability: Generated<string[]>
  max_distance_km: number
  charter_version: string | null
  charter_accepted_at: Date | null
  status: Generated<'pending' | 'approved' | 'refused' | 'suspended'>
  status_reason: string | null
  status_changed_at: Generated<Date>
  professional_skill: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
  /** Set when the retention sweeper erased who they were (gone for the network's period). */
  erased_at: Date | null
}

export interface VolunteerSessionTable {
  id: Generated<string>
  token_hash: string
  csrf_token: string
  volunteer_id: string
  expires_at: Date
  revoked_at: Date | null
  last_seen_at: Generated<Date>
  created_at: Generated<Date>
}

export interface NetworkNeedTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  kind: string
  description: string | null
  wanted_date: NullableDateColumn
  time_slot: 'morning' | 'afternoon' | 'evening' | null
  recurrence: 'once' | 'weekly'
  urgency: 'normal' | 'urgent'
  latitude: number | null
  longitude: number | null
  escalate_after_hours: number
  frontdesk_contact_id: string | null
  status: Generated<'open' | 'offered' | 'accepted' | 'done' | 'cancelled' | 'escalated'>
  senior_name: string | null
  senior_address: string | null
  senior_phone: string | null
  /** A person the volunteer calls instead, when the senior's file has neither phone nor address. */
  contact_name: string | null
  contact_phone: string | null
  /** The CCAS calls the volunteer to arrange the visit. */
  ccas_introduces: Generated<boolean>
  volunteer_id: string | null
  accepted_at: Date | null
  done_at: Date | null
  report: string | null
  cancelled_at: Date | null
  escalated_at: Date | null
  escalated_to: 'partner' | 'internal_team' | null
  escalation_partner: string | null
  escalation_outcome: string | null
  created_by: string | null
  created_at: Generated<Date>
  escalated_automatically: Generated<boolean>
  escalation_partner_id: string | null
  escalation_team_id: string | null
  escalation_outcome_at: Date | null
  /** When the coordinators were told that this need waits past its delay with no target configured. */
  coordinator_alerted_at: Date | null
  /** A weekly need's previous occurrence. */
  previous_need_id: string | null
  /** Since when it waits for a volunteer: its creation, or when a volunteer gave it back. */
  waiting_since: Generated<Date>
}

export interface NetworkSettingsTable {
  organisation_id: string
  escalate_after_hours: Generated<number>
  escalation_partner_id: string | null
  escalation_team_id: string | null
  seniors_line_team_id: string | null
  offer_count: Generated<number>
  /** Needs a volunteer may give back within 7 days; past it they accept no more until the week is over. */
  weekly_release_limit: Generated<number>
  updated_at: Generated<Date>
}

export interface NetworkNeighbourhoodTable {
  id: Generated<string>
  organisation_id: string
  name: string
  latitude: number
  longitude: number
  created_at: Generated<Date>
}

export interface NetworkOfferTable {
  organisation_id: string
  need_id: string
  volunteer_id: string
  offered_at: Generated<Date>
}

export interface NetworkMemberReportTable {
  id: Generated<string>
  organisation_id: string
  volunteer_id: string | null
  about: string
  location: string | null
  status: Generated<'new' | 'closed'>
  closing_note: string | null
  closed_by: string | null
  created_at: Generated<Date>
  source: Generated<'volunteer' | 'citizen'>
  citizen_report_id: string | null
  outcome: 'register_referral' | 'need_created' | 'already_known' | 'no_action' | null
  closed_at: Date | null
  /** When the coordinators were told of this report (e-mail, counts only). */
  coordinator_alerted_at: Date | null
}

/** Follow-up (accompagnement): the kinds of support an organisation runs. */
export interface SupportTypeTable {
  id: Generated<string>
  organisation_id: string
  label: string
  legal: Generated<boolean>
  position: Generated<number>
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface SupportRecordTable {
  id: Generated<string>
  organisation_id: string
  person_id: string | null
  household_id: string | null
  type_id: string
  team_id: string | null
  status: Generated<'open' | 'suspended' | 'closed'>
  opened_on: DateColumn
  suspended_on: NullableDateColumn
  closed_on: NullableDateColumn
  exit_reason: string | null
  exit_note: string | null
  domains: Generated<string[]>
  exit_plan: string | null
  next_review_on: NullableDateColumn
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface SupportRecordReferentTable {
  id: Generated<string>
  organisation_id: string
  record_id: string
  user_id: string
  from_on: DateColumn
  until_on: NullableDateColumn
  changed_by: string
}
export interface SupportGoalTable {
  id: Generated<string>
  organisation_id: string
  record_id: string
  label: string
  domain: string | null
  target_on: NullableDateColumn
  status: Generated<'planned' | 'in_progress' | 'achieved' | 'abandoned'>
  status_on: DateColumn
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}
/** `private_synthesis` is read only for its author (see followup.interviews.repository.ts). */
export interface SupportInterviewTable {
  id: Generated<string>
  organisation_id: string
  record_id: string
  occurred_at: ColumnType<Date, Date | string, Date | string>
  duration_minutes: number | null
  medium: string
  participants: Generated<string[]>
  domains: Generated<string[]>
  note: string | null
  private_synthesis: string | null
  psychologist_session: Generated<boolean>
  contact_id: string | null
  author_id: string
  created_at: CreatedAt
  updated_at: Timestamp
}
