import type { ColumnType, Generated } from 'kysely'

// Table types of casework: rights, RSA applications, referrals to partners, appointments.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type NullableDateColumn = ColumnType<string | null, string | null | undefined, string | null>

export interface RightKindTable {
  id: Generated<string>
  organisation_id: string
  label: string
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface RightTable {
  id: Generated<string>
  organisation_id: string
  person_id: string | null
  household_id: string | null
  kind: string
  status: string
  status_on: NullableDateColumn
  open_until: NullableDateColumn
  note: string | null
  created_by: string
  updated_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface RightsSettingsTable {
  organisation_id: string
  ending_days: Generated<number>
  updated_at: Timestamp
}

export interface AppointmentSlotTable {
  id: Generated<string>
  organisation_id: string
  professional_id: string
  team_id: string | null
  starts_at: ColumnType<Date, Date | string, Date | string>
  ends_at: ColumnType<Date, Date | string, Date | string>
  place: string | null
  created_by: string
  created_at: CreatedAt
}
export interface AppointmentTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  professional_id: string
  team_id: string | null
  slot_id: string | null
  starts_at: ColumnType<Date, Date | string, Date | string>
  ends_at: ColumnType<Date, Date | string, Date | string>
  place: string | null
  purpose: string | null
  status: Generated<string>
  status_note: string | null
  status_changed_at: Date | null
  status_changed_by: string | null
  booked_from: string
  reminder_sent_at: Date | null
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface CalendarFeedTable {
  user_id: string
  organisation_id: string
  token_hash: string
  created_at: Timestamp
}

export interface RsaApplicationTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  team_id: string | null
  support_record_id: string | null
  status: Generated<string>
  received_on: ColumnType<string, string, string>
  missing_documents: Generated<string[]>
  sent_on: NullableDateColumn
  decision: string | null
  decided_on: NullableDateColumn
  orientation: string | null
  oriented_on: NullableDateColumn
  to_ccas: boolean | null
  contract_signed_on: NullableDateColumn
  contract_goals: ColumnType<unknown, string | null, string | null>
  contract_review_dates: ColumnType<unknown, string | null, string | null>
  contract_note: string | null
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface PartnerReferralTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  partner_service_id: string
  origin: string
  support_record_id: string | null
  /** The street outreach family referred (origin `outreach`); the person is one of its household. */
  outreach_family_id: Generated<string | null>
  referred_on: ColumnType<string, string, string>
  answer_due_on: NullableDateColumn
  answer: Generated<string>
  answered_on: NullableDateColumn
  note: string | null
  /** The partner's own note with its answer on the partner page. */
  partner_note: Generated<string | null>
  /** The partner's contact who answered on the partner page; null when staff typed the answer. */
  answered_by_contact_id: Generated<string | null>
  /** The worker's reply when the partner asked for more information; the partner reads it on its page. */
  worker_reply: Generated<string | null>
  worker_replied_on: NullableDateColumn
  worker_replied_by: Generated<string | null>
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface CaseworkTables {
  partner_referrals: PartnerReferralTable
  rsa_applications: RsaApplicationTable
  right_kinds: RightKindTable
  rights: RightTable
  rights_settings: RightsSettingsTable
  appointment_slots: AppointmentSlotTable
  appointments: AppointmentTable
  calendar_feeds: CalendarFeedTable
}
