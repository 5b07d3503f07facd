import type { ColumnType, Generated } from 'kysely'

// Table types of privacy: retention periods, archived and anonymised files, legal holds, sweeper runs.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>

export interface PrivacyRetentionRuleTable {
  organisation_id: string
  kind: string
  active_months: number
  archive_months: number
  updated_by: string | null
  updated_at: Timestamp
}
export interface PrivacyFileStateTable {
  organisation_id: string
  person_id: string
  last_contact_at: Date
  archived_at: Date
  anonymised_at: Date | null
}
export interface PrivacyHoldTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  reason: string
  review_on: ColumnType<string, string, string>
  created_by: string
  created_at: CreatedAt
  released_by: string | null
  released_at: Date | null
}
export interface PrivacyRunTable {
  id: Generated<string>
  organisation_id: string
  started_at: Date
  finished_at: Date | null
  counts: ColumnType<unknown, string | undefined, string>
}

export interface PrivacyRequestTable {
  id: Generated<string>
  organisation_id: string
  kind: string
  received_on: ColumnType<string, string, string>
  requester: string
  person_id: string | null
  due_on: ColumnType<string, string, string>
  extended: Generated<boolean>
  extension_reason: string | null
  answered_on: ColumnType<string | null, string | null | undefined, string | null>
  outcome: string | null
  note: string | null
  created_by: string
  created_at: CreatedAt
}

export interface PrivacyAlertSettingsTable {
  organisation_id: string
  files_per_hour: number
  updated_by: string | null
  updated_at: Timestamp
}
export interface PrivacyReadingAlertTable {
  id: Generated<string>
  organisation_id: string
  user_id: string
  hour_start: Date
  distinct_files: number
  threshold: number
  created_at: CreatedAt
}

export interface PrivacyTables {
  privacy_retention_rules: PrivacyRetentionRuleTable
  privacy_file_states: PrivacyFileStateTable
  privacy_holds: PrivacyHoldTable
  privacy_runs: PrivacyRunTable
  privacy_requests: PrivacyRequestTable
  privacy_alert_settings: PrivacyAlertSettingsTable
  privacy_reading_alerts: PrivacyReadingAlertTable
}
