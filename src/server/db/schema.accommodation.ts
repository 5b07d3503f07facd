import type { ColumnType, Generated } from 'kysely'
import type {
  AdmissionPriority,
  AdmissionRefusalMotif,
  AdmissionStatus,
  LandlordKind,
  MedicalOpinion,
  OrientationSource,
  StayExitDestination,
  StayExitReason,
  StructureKind,
  UnitKind,
  UnitOccupancy,
} from '../../shared/accommodation.ts'
import type { Role } from '../../shared/roles.ts'

// Table types of accommodation: structures, units, places and their closures, partners' agreements,
// admission requests with their medical part and opinions, stays with their places over time,
// renewals, leases, subleases and monthly rents. A place's state is read, never stored.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type DateColumn = ColumnType<string, string, string>
type NullableDateColumn = ColumnType<string | null, string | null | undefined, string | null>

export interface AccommodationSettingsTable {
  organisation_id: string
  /** Roles reading medical parts besides nurses and doctors; none by default. */
  medical_extra_roles: ColumnType<Role[], Role[] | undefined, Role[]>
  updated_by: string | null
  updated_at: Timestamp
}
export interface AccommodationStructureTable {
  id: Generated<string>
  organisation_id: string
  kind: StructureKind
  name: string
  /** The team running it (its social workers follow the residents). */
  team_id: string | null
  address: string | null
  postal_code: string | null
  city: string | null
  /** Declared capacity, in places; the places listed should add up to it. */
  capacity: number
  opened_on: DateColumn
  closed_on: NullableDateColumn
  /** Staff on site, e.g. a maison relais' host. */
  host_name: string | null
  staff_note: string | null
  /** Planned length of a stay at admission (LHSS: 2 months); null when open-ended. */
  default_stay_months: number | null
  requires_medical_opinion: Generated<boolean>
  requires_director_validation: Generated<boolean>
  active: Generated<boolean>
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface AccommodationUnitTable {
  id: Generated<string>
  organisation_id: string
  structure_id: string
  label: string
  kind: UnitKind
  occupancy: Generated<UnitOccupancy>
  rooms: number | null
  surface_m2: number | null
  accessible: Generated<boolean>
  /** A dwelling in the city (sliding lease, sublet) has its own address. */
  address: string | null
  postal_code: string | null
  city: string | null
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface AccommodationPlaceTable {
  id: Generated<string>
  organisation_id: string
  structure_id: string
  unit_id: string
  label: string
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface AccommodationPlaceClosureTable {
  id: Generated<string>
  organisation_id: string
  place_id: string
  reason: string
  starts_on: DateColumn
  /** Last day out of service; null while it lasts. */
  ends_on: NullableDateColumn
  created_by: string | null
  created_at: CreatedAt
}
export interface PartnerAgreementTable {
  id: Generated<string>
  organisation_id: string
  partner_id: string
  subject: string
  /** The module concerned (e.g. 'accommodation'), when not a structure. */
  module: string | null
  structure_id: string | null
  starts_on: DateColumn
  ends_on: NullableDateColumn
  /** Days before `ends_on` at which the renewal is due to be prepared. */
  renewal_reminder_days: number | null
  note: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface AccommodationRequestTable {
  id: Generated<string>
  organisation_id: string
  structure_id: string
  person_id: string
  household_id: string | null
  /** Members of the household admitted with the applicant (each gets a stay). */
  companion_person_ids: ColumnType<string[], string[] | undefined, string[]>
  support_record_id: string | null
  received_on: DateColumn
  orientation_source: OrientationSource
  orienting_partner_id: string | null
  orienting_team_id: string | null
  orienting_contact: string | null
  priority: Generated<AdmissionPriority>
  /** The social part of the request; the medical part lives in accommodation_medical_parts. */
  social_part: string | null
  status: Generated<AdmissionStatus>
  validated_at: NullableTimestamp
  validated_by: string | null
  reserved_place_id: string | null
  expected_arrival_on: NullableDateColumn
  refused_on: NullableDateColumn
  refused_by: string | null
  refusal_motif: AdmissionRefusalMotif | null
  refusal_note: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface AccommodationMedicalPartTable {
  request_id: string
  organisation_id: string
  content: string
  written_by: string | null
  updated_at: Timestamp
}
export interface AccommodationStayTable {
  id: Generated<string>
  organisation_id: string
  structure_id: string
  person_id: string
  household_id: string | null
  request_id: string | null
  support_record_id: string | null
  started_on: DateColumn
  planned_end_on: NullableDateColumn
  /** The day of departure (the last night is the one before). */
  ended_on: NullableDateColumn
  exit_reason: StayExitReason | null
  exit_destination: StayExitDestination | null
  exit_note: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface AccommodationStayPlaceTable {
  id: Generated<string>
  organisation_id: string
  stay_id: string
  place_id: string
  from_on: DateColumn
  /** Exclusive: the day the stay left this place (moved or ended); null while there. */
  to_on: NullableDateColumn
}
export interface AccommodationMedicalOpinionTable {
  id: Generated<string>
  organisation_id: string
  request_id: string | null
  stay_id: string | null
  opinion: MedicalOpinion
  given_on: DateColumn
  given_by: string
  /** Medical: read only by the medical roles. The opinion itself, its author and day are not. */
  medical_note: string | null
  created_at: CreatedAt
}
export interface AccommodationStayRenewalTable {
  id: Generated<string>
  organisation_id: string
  stay_id: string
  renewed_on: DateColumn
  previous_end_on: NullableDateColumn
  new_end_on: DateColumn
  justification: string
  medical_opinion_id: string | null
  decided_by: string | null
  created_at: CreatedAt
}
export interface AccommodationLeaseTable {
  id: Generated<string>
  organisation_id: string
  unit_id: string
  landlord_kind: LandlordKind
  landlord_partner_id: string | null
  landlord_name: string | null
  starts_on: DateColumn
  ends_on: NullableDateColumn
  rent_cents: number
  charges_cents: Generated<number>
  note: string | null
  created_by: string | null
  created_at: CreatedAt
}
export interface AccommodationSubleaseTable {
  id: Generated<string>
  organisation_id: string
  lease_id: string
  stay_id: string
  starts_on: DateColumn
  ends_on: NullableDateColumn
  rent_share_cents: number
  charges_cents: Generated<number>
  housing_benefit_cents: Generated<number>
  /** The day the lease slid to the occupant: ends the sublease and the stay (destination lease_slid). */
  slid_on: NullableDateColumn
  created_by: string | null
  created_at: CreatedAt
}
export interface AccommodationRentMonthTable {
  id: Generated<string>
  organisation_id: string
  sublease_id: string
  /** First day of the month. */
  month: DateColumn
  due_cents: number
  paid_cents: Generated<number>
  paid_on: NullableDateColumn
  note: string | null
  recorded_by: string | null
  updated_at: Timestamp
}

export interface AccommodationTables {
  accommodation_settings: AccommodationSettingsTable
  accommodation_structures: AccommodationStructureTable
  accommodation_units: AccommodationUnitTable
  accommodation_places: AccommodationPlaceTable
  accommodation_place_closures: AccommodationPlaceClosureTable
  partner_agreements: PartnerAgreementTable
  accommodation_requests: AccommodationRequestTable
  accommodation_medical_parts: AccommodationMedicalPartTable
  accommodation_stays: AccommodationStayTable
  accommodation_stay_places: AccommodationStayPlaceTable
  accommodation_medical_opinions: AccommodationMedicalOpinionTable
  accommodation_stay_renewals: AccommodationStayRenewalTable
  accommodation_leases: AccommodationLeaseTable
  accommodation_subleases: AccommodationSubleaseTable
  accommodation_rent_months: AccommodationRentMonthTable
}
