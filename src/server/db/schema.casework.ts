import type { ColumnType, Generated } from 'kysely'

// Table types of casework: rights, RSA applications, referrals to partners, appointments.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type DateColumn = ColumnType<string, string, string>
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

export type { DateColumn as CaseworkDateColumn }

export interface CaseworkTables {
  right_kinds: RightKindTable
  rights: RightTable
  rights_settings: RightsSettingsTable
}
