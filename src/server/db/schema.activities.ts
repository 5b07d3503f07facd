import type { ColumnType, Generated } from 'kysely'

// Table types of group activities: kinds, activities, their sessions, named participants and
// anonymous counts per category.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type DateColumn = ColumnType<string, string, string>

export interface ActivityKindTable {
  id: Generated<string>
  organisation_id: string
  label: string
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface ActivityTable {
  id: Generated<string>
  organisation_id: string
  kind_id: string
  title: string
  description: string | null
  team_id: string | null
  audience: string
  place_kind: string
  place_label: string | null
  place_address: string | null
  archived: Generated<boolean>
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface ActivityPartnerTable {
  organisation_id: string
  activity_id: string
  partner_id: string
}
export interface ActivitySessionTable {
  id: Generated<string>
  organisation_id: string
  activity_id: string
  /** The day it happened or is planned: a past day records what was done before Trame. */
  held_on: DateColumn
  starts_at: string | null
  ends_at: string | null
  capacity: number | null
  facilitators: ColumnType<string[], string[] | undefined, string[]>
  note: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface ActivityParticipantTable {
  id: Generated<string>
  organisation_id: string
  session_id: string
  person_id: string
  status: Generated<string>
  recorded_by: string | null
  updated_at: Timestamp
}
export interface ActivitySessionCountTable {
  organisation_id: string
  session_id: string
  category: string
  count: number
}

export interface ActivitiesTables {
  activity_kinds: ActivityKindTable
  activities: ActivityTable
  activity_partners: ActivityPartnerTable
  activity_sessions: ActivitySessionTable
  activity_participants: ActivityParticipantTable
  activity_session_counts: ActivitySessionCountTable
}
