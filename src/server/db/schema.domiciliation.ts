import type { ColumnType, Generated } from 'kysely'

// Table types of domiciliation: periods and their decisions, covered household members, proxies,
// mail, imports from DomiFa.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json = ColumnType<unknown, string | undefined, string>
type DateColumn = ColumnType<string, string, string>
type NullableDateColumn = ColumnType<string | null, string | null | undefined, string | null>

export interface DomiciliationSettingsTable {
  organisation_id: string
  /** Roles that may grant, refuse, radiate and undo; the director by default. */
  decision_roles: Generated<string[]>
  /** Months without contact after which a person is a radiation candidate (3 by law). */
  no_contact_months: Generated<number>
  /** Days before a period's end when its renewal is brought to the team's attention. */
  renewal_reminder_days: Generated<number>
  /** The address printed on certificates, as mail must be written to the person. */
  postal_address: string | null
  /** The scope of the prefect's approval, when the organisation is an approved body. */
  approved_scope: string | null
  updated_by: string | null
  updated_at: Timestamp
}
export interface DomiciliationTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  kind: 'first' | 'renewal'
  previous_id: string | null
  status: Generated<'instruction' | 'awaiting_decision' | 'granted' | 'refused' | 'radiated'>
  requested_on: DateColumn
  interview_on: NullableDateColumn
  /** The instruction's answers (link with the commune, residential situation, reasons…). */
  instruction: Json
  instructed_by: string | null
  start_on: NullableDateColumn
  end_on: NullableDateColumn
  first_domiciled_on: NullableDateColumn
  refusal_motif: string | null
  refusal_reorientation: string | null
  refusal_note: string | null
  radiation_motif: string | null
  radiation_on: NullableDateColumn
  radiation_note: string | null
  decided_at: Date | null
  decided_by: string | null
  /** Collecting mail, a call or a visit: what the 3-month rule counts (a proxy's pick-up does not). */
  last_contact_at: Date | null
  renewal_reminded_at: Date | null
  /** The identifier the person had in DomiFa, kept after an import. */
  external_ref: string | null
  comments: string | null
  import_id: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}
export interface DomiciliationDecisionTable {
  id: Generated<string>
  organisation_id: string
  domiciliation_id: string
  decision: 'granted' | 'refused' | 'radiated'
  effective_on: DateColumn
  motif: string | null
  note: string | null
  /** The domiciliation's fields before the decision, put back when it is undone. */
  previous: Json
  decided_by: string | null
  decided_at: CreatedAt
  undone_at: Date | null
  undone_by: string | null
  undo_reason: string | null
}
export interface DomiciliationBeneficiaryTable {
  id: Generated<string>
  organisation_id: string
  domiciliation_id: string
  person_id: string
  relationship: string | null
}
export interface DomiciliationProxyTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  last_name: string
  first_name: string | null
  identity_document: string | null
  valid_from: DateColumn
  valid_until: NullableDateColumn
  revoked_at: Date | null
  revoked_by: string | null
  created_by: string | null
  created_at: CreatedAt
}
export interface MailItemTable {
  id: Generated<string>
  organisation_id: string
  person_id: string
  domiciliation_id: string | null
  kind: 'letter' | 'registered_notice' | 'parcel' | 'official'
  sender: string | null
  received_at: Timestamp
  received_by: string | null
  status: Generated<'waiting' | 'handed_over' | 'forwarded' | 'returned'>
  closed_at: Date | null
  closed_by: string | null
  handed_to: 'person' | 'proxy' | null
  proxy_id: string | null
  forwarded_to: string | null
  /** The front desk contact in which the mail was handed over. */
  contact_id: string | null
  notified_at: Date | null
}
export interface DomiciliationImportTable {
  id: Generated<string>
  organisation_id: string
  status: Generated<'checking' | 'invalid' | 'valid' | 'importing' | 'done' | 'failed'>
  file_name: string
  storage_key: string | null
  total_rows: Generated<number>
  processed_rows: Generated<number>
  created_people: Generated<number>
  matched_people: Generated<number>
  /** `[{ row, column, value, message }]` */
  errors: Json
  /** All the errors found; `errors` keeps the first ones. */
  error_count: Generated<number>
  /** Rows imported before (same DomiFa identifier): skipped. */
  already_imported: Generated<number>
  /** Rows that will create (preview) or created a person. */
  new_people: Generated<number>
  created_by: string | null
  created_at: CreatedAt
  finished_at: Date | null
}

export interface DomiciliationTables {
  domiciliation_settings: DomiciliationSettingsTable
  domiciliations: DomiciliationTable
  domiciliation_decisions: DomiciliationDecisionTable
  domiciliation_beneficiaries: DomiciliationBeneficiaryTable
  domiciliation_proxies: DomiciliationProxyTable
  mail_items: MailItemTable
  domiciliation_imports: DomiciliationImportTable
}
