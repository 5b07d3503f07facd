import { type AgendaItem, householdType, initialsOf } from '../../../shared/aid-commission.ts'
import { ageOn } from '../../../shared/dates.ts'
import { personDisplayName } from '../../../shared/people.ts'
import type { AidSessionsRepository } from './aid.sessions.repository.ts'

type AgendaRow = Awaited<ReturnType<AidSessionsRepository['agenda']>>[number]

interface BudgetJson {
  resources?: { kind: string; monthlyCents: number }[]
  charges?: { kind: string; monthlyCents: number }[]
  adults?: number
  children?: number
}

const lines = (value: unknown) =>
  Array.isArray(value)
    ? value
        .filter((line) => line && typeof line === 'object')
        .map((line) => ({
          kind: String(line.kind ?? 'other'),
          monthlyCents: Math.round(Number(line.monthlyCents) || 0),
        }))
    : []
const count = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null
const warningsOf = (value: unknown) =>
  Array.isArray(value)
    ? value
        .filter((w) => w && typeof w === 'object' && typeof w.message === 'string')
        .map((w) => ({ code: String(w.code ?? ''), message: String(w.message) }))
    : []

/** The applicant's full name, for the secretary and for the letters. */
export const applicantName = (row: Pick<AgendaRow, 'first_names' | 'last_name' | 'usage_name'>) =>
  personDisplayName({
    lastName: row.last_name,
    usageName: row.usage_name,
    firstNames: row.first_names,
    description: null,
    aliases: [],
  })

/**
 * One agenda row as the commission is shown it: the applicant by initials, age on the session's day
 * and household type, the budget figures, the worker's assessment and the warnings; the name only when
 * `withName` (the secretary, or members where the organisation chose to show names).
 */
export function presentAgendaItem(row: AgendaRow, heldOn: string, withName: boolean): AgendaItem {
  const budget = (row.budget ?? {}) as BudgetJson
  return {
    requestId: row.request_id,
    position: row.position,
    outcome: row.outcome,
    carried: row.carried,
    previousAdjournmentReason: row.carried ? row.adjournment_reason : null,
    applicant: {
      initials: initialsOf(row.first_names, row.last_name),
      name: withName ? applicantName(row) : null,
      age: ageOn(row.birth_date, heldOn),
      householdType: householdType(count(budget.adults), count(budget.children), row.household_size),
    },
    aidTypeLabel: row.aid_type_label,
    requestedOn: row.requested_on,
    amountAskedCents: row.amount_asked_cents,
    purpose: row.purpose,
    budget: {
      resourcesCents: row.resources_cents,
      chargesCents: row.charges_cents,
      householdSize: row.household_size,
      consumptionUnits: row.consumption_units === null ? null : Number(row.consumption_units),
      remainingPerDayCents: row.remaining_per_day_cents,
      remainingPerUnitDayCents: row.remaining_per_unit_day_cents,
      quotientCents: row.quotient_cents,
      resources: lines(budget.resources),
      charges: lines(budget.charges),
    },
    assessment: row.assessment,
    warnings: warningsOf(row.warnings),
    decision: row.decision
      ? {
          decision: row.decision,
          grantedCents: row.granted_cents,
          paymentForm: row.payment_form,
          motif: row.motif,
          adjournmentReason: row.decision === 'adjourned' ? row.adjournment_reason : null,
          derogation: row.derogation ?? false,
        }
      : null,
  }
}
