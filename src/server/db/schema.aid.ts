import type { ColumnType, Generated } from 'kysely'
import type {
  AidAgendaOutcome,
  AidDecisionChannel,
  AidDecisionKind,
  AidRequestStatus,
  CampaignChannel,
  CampaignRegistrationStatus,
  CommissionSessionStatus,
  VoucherStatus,
} from '../../shared/aid.ts'

// Table types of aid (aides facultatives): règlement, requests and decisions, commission sessions,
// budgets and payments, vouchers, showers, seasonal campaigns. Money is integer cents.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json = ColumnType<unknown, string | undefined, string>
type DateColumn = ColumnType<string, string, string>
type NullableDateColumn = ColumnType<string | null, string | null | undefined, string | null>

export interface AidSettingsTable {
  organisation_id: string
  /** Members present needed for the commission to decide. */
  quorum: Generated<number>
  /** Whether commission members see applicants' names; pseudonymised (initials) by default. */
  show_names_to_commission: Generated<boolean>
  /** Share of a fund's voted budget at which a warning shows. */
  budget_warning_percent: Generated<number>
  /** The means of appeal printed on decision letters. */
  appeal_text: string | null
  updated_by: string | null
  updated_at: Timestamp
}
export interface AidFundTable {
  id: Generated<string>
  organisation_id: string
  code: string
  name: string
  active: Generated<boolean>
  created_at: CreatedAt
}
export interface AidFundBudgetTable {
  id: Generated<string>
  organisation_id: string
  fund_id: string
  year: number
  voted_cents: number
  closed_at: NullableTimestamp
  closed_by: string | null
  updated_at: Timestamp
}
export interface AidTypeTable {
  id: Generated<string>
  organisation_id: string
  code: string
  label: string
  fund_id: string
  description: string | null
  /** Roles that may decide an urgent request alone, within `urgent_ceiling_cents`. */
  urgent_decider_roles: Generated<string[]>
  urgent_ceiling_cents: number | null
  ceiling_per_request_cents: number | null
  /** Everything granted to the household over the 12 months before the decision. */
  ceiling_per_household_12m_cents: number | null
  min_age: number | null
  max_age: number | null
  residence_required: Generated<boolean>
  /** Family quotient (pricing module) above which the request is out of the rules. */
  quotient_ceiling_cents: number | null
  required_document_type_ids: Generated<string[]>
  /** PAYMENT_FORM codes (transfer, creditor, voucher, in_kind). */
  payment_forms: Generated<string[]>
  voucher_kind_id: string | null
  active: Generated<boolean>
  position: Generated<number>
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface AidRequestTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  household_id: string | null
  support_record_id: string | null
  team_id: string | null
  aid_type_id: string
  status: Generated<AidRequestStatus>
  urgent: Generated<boolean>
  requested_on: DateColumn
  amount_asked_cents: number
  purpose: string
  /** Who is paid when the aid goes to a creditor (energy supplier, landlord…). */
  creditor_name: string | null
  /** `{ resources: [{ kind, monthlyCents }], charges: [{ kind, monthlyCents }], adults, children }` */
  budget: Json
  resources_cents: number | null
  charges_cents: number | null
  /** numeric: pg returns a string. */
  consumption_units: ColumnType<string | null, number | null | undefined, number | null>
  household_size: number | null
  /** Reste à vivre per day, for the household and per consumption unit. */
  remaining_per_day_cents: number | null
  remaining_per_unit_day_cents: number | null
  quotient_cents: number | null
  assessment: string | null
  /** The worker checked that the applicant lives in the commune; null: not checked. */
  resident: boolean | null
  /** Rules the request goes beyond, as `[{ code, message }]`: warnings, never blocks. */
  warnings: Json
  submitted_at: NullableTimestamp
  submitted_by: string | null
  decided_on: NullableDateColumn
  decided_by: string | null
  decision_channel: AidDecisionChannel | null
  /** The session whose agenda the request is on, or was decided at. */
  session_id: string | null
  granted_cents: number | null
  payment_form: string | null
  refusal_motif: string | null
  adjournment_reason: string | null
  derogation: Generated<boolean>
  derogation_note: string | null
  /** Why a request was withdrawn or dismissed. */
  closed_reason: string | null
  paid_cents: Generated<number>
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface AidRequestDocumentTable {
  request_id: string
  document_id: string
}
export interface AidCommissionSessionTable {
  id: Generated<string>
  organisation_id: string
  held_on: DateColumn
  /** 'HH:MM:SS' */
  starts_at: string | null
  place: string | null
  status: Generated<CommissionSessionStatus>
  opened_at: NullableTimestamp
  opened_by: string | null
  closed_at: NullableTimestamp
  closed_by: string | null
  minutes_note: string | null
  created_by: string | null
  created_at: CreatedAt
}
export interface AidSessionMemberTable {
  session_id: string
  user_id: string
  present: Generated<boolean>
}
export interface AidAgendaItemTable {
  id: Generated<string>
  organisation_id: string
  session_id: string
  request_id: string
  position: number
  outcome: AidAgendaOutcome | null
}
export interface AidDecisionTable {
  id: Generated<string>
  organisation_id: string
  request_id: string
  session_id: string | null
  channel: AidDecisionChannel
  decision: AidDecisionKind
  decided_on: DateColumn
  granted_cents: number | null
  payment_form: string | null
  motif: string | null
  note: string | null
  derogation: Generated<boolean>
  decided_by: string | null
  decided_at: Timestamp
}
export interface AidPaymentTable {
  id: Generated<string>
  organisation_id: string
  request_id: string
  fund_id: string
  budget_year: number
  amount_cents: number
  form: string
  payee: string | null
  paid_on: DateColumn
  reference: string | null
  /** Why a payment is charged to a closed year's budget. */
  closed_year_note: string | null
  cancelled_at: NullableTimestamp
  cancelled_by: string | null
  cancel_reason: string | null
  created_by: string | null
  created_at: CreatedAt
}
export interface AidVoucherKindTable {
  id: Generated<string>
  organisation_id: string
  code: string
  label: string
  face_value_cents: number
  fund_id: string | null
  active: Generated<boolean>
}
export interface AidVoucherBatchTable {
  id: Generated<string>
  organisation_id: string
  kind_id: string
  first_number: number
  last_number: number
  received_on: DateColumn
  note: string | null
  created_by: string | null
  created_at: CreatedAt
}
export interface AidVoucherTable {
  id: Generated<string>
  organisation_id: string
  kind_id: string
  batch_id: string
  number: number
  status: Generated<VoucherStatus>
  person_id: string | null
  request_id: string | null
  issued_on: NullableDateColumn
  issued_by: string | null
  returned_on: NullableDateColumn
  cancel_reason: string | null
  /** The payment it counts in, when handed out for a granted request. */
  payment_id: string | null
  updated_at: Timestamp
}
export interface AidShowerDayTable {
  id: Generated<string>
  organisation_id: string
  site_id: string | null
  day: DateColumn
  paid_count: Generated<number>
  voucher_count: Generated<number>
  free_count: Generated<number>
  recorded_by: string | null
  updated_at: Timestamp
}
export interface AidCampaignTable {
  id: Generated<string>
  organisation_id: string
  label: string
  description: string | null
  opens_on: DateColumn
  closes_on: DateColumn
  distribution_on: NullableDateColumn
  min_age: number | null
  residence_required: Generated<boolean>
  quotient_ceiling_cents: number | null
  status: Generated<'draft' | 'open' | 'closed'>
  created_by: string | null
  created_at: CreatedAt
}
export interface AidCampaignRegistrationTable {
  id: Generated<string>
  organisation_id: string
  campaign_id: string
  person_id: string
  household_id: string | null
  registered_on: DateColumn
  channel: CampaignChannel
  status: Generated<CampaignRegistrationStatus>
  received_on: NullableDateColumn
  delivery: 'collected' | 'delivered' | null
  warnings: Json
  note: string | null
  registered_by: string | null
  updated_at: Timestamp
}

export interface AidTables {
  aid_settings: AidSettingsTable
  aid_funds: AidFundTable
  aid_fund_budgets: AidFundBudgetTable
  aid_types: AidTypeTable
  aid_requests: AidRequestTable
  aid_request_documents: AidRequestDocumentTable
  aid_commission_sessions: AidCommissionSessionTable
  aid_session_members: AidSessionMemberTable
  aid_agenda_items: AidAgendaItemTable
  aid_decisions: AidDecisionTable
  aid_payments: AidPaymentTable
  aid_voucher_kinds: AidVoucherKindTable
  aid_voucher_batches: AidVoucherBatchTable
  aid_vouchers: AidVoucherTable
  aid_shower_days: AidShowerDayTable
  aid_campaigns: AidCampaignTable
  aid_campaign_registrations: AidCampaignRegistrationTable
}
