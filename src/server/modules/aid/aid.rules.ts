import type { Kysely } from 'kysely'
import type { AidWarning } from '../../../shared/aid-requests.ts'
import { ageOn, todayInFrance } from '../../../shared/dates.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import type { Database } from '../../db/schema.ts'
import { notFound } from '../../platform/errors.ts'

/** What the règlement says about one aid, as the rules read it. */
export interface AidRules {
  urgentCeilingCents: number | null
  ceilingPerRequestCents: number | null
  ceilingPerHousehold12mCents: number | null
  minAge: number | null
  maxAge: number | null
  residenceRequired: boolean
  quotientCeilingCents: number | null
}

/** Everything the rules need to know about a request, read once (see `aidRuleContext`). */
export interface AidRuleContext {
  rules: AidRules
  urgent: boolean
  /** The worker checked the residence in the commune; null when not checked. */
  resident: boolean | null
  quotientCents: number | null
  /** The applicant's age on the day of the request; null when unknown. */
  age: number | null
  /** Granted for this aid to the household (or the person alone) over the 12 months before the day. */
  grantedOver12MonthsCents: number
  /** Labels of the required document types with no document attached to the request. */
  missingDocuments: string[]
}

/**
 * The rules a request goes beyond for `amountCents` (what is asked, or what is about to be granted).
 * Warnings, never blocks: whoever decides may derogate, and a grant beyond them is recorded as one.
 */
export function aidWarnings(context: AidRuleContext, amountCents: number): AidWarning[] {
  const { rules } = context
  const warnings: AidWarning[] = []
  if (rules.ceilingPerRequestCents !== null && amountCents > rules.ceilingPerRequestCents) {
    warnings.push({
      code: 'AID_CEILING_PER_REQUEST',
      message: `Le montant (${formatEuros(amountCents)}) dépasse le plafond par demande du règlement (${formatEuros(rules.ceilingPerRequestCents)}).`,
    })
  }
  if (rules.ceilingPerHousehold12mCents !== null) {
    const total = context.grantedOver12MonthsCents + amountCents
    if (total > rules.ceilingPerHousehold12mCents) {
      warnings.push({
        code: 'AID_CEILING_HOUSEHOLD_12M',
        message: `Avec les ${formatEuros(context.grantedOver12MonthsCents)} déjà accordés au foyer sur 12 mois, le total (${formatEuros(total)}) dépasse le plafond annuel par foyer (${formatEuros(rules.ceilingPerHousehold12mCents)}).`,
      })
    }
  }
  if (rules.minAge !== null || rules.maxAge !== null) {
    const range =
      rules.minAge !== null && rules.maxAge !== null
        ? `de ${rules.minAge} à ${rules.maxAge} ans`
        : rules.minAge !== null
          ? `à partir de ${rules.minAge} ans`
          : `jusqu’à ${rules.maxAge} ans`
    if (context.age === null) {
      warnings.push({
        code: 'AID_AGE_UNKNOWN',
        message: `L’âge de la personne n’est pas connu : cette aide est réservée aux personnes ${range}.`,
      })
    } else if (
      (rules.minAge !== null && context.age < rules.minAge) ||
      (rules.maxAge !== null && context.age > rules.maxAge)
    ) {
      warnings.push({
        code: 'AID_AGE_RANGE',
        message: `La personne a ${context.age} ans : cette aide est réservée aux personnes ${range}.`,
      })
    }
  }
  if (rules.residenceRequired && context.resident !== true) {
    warnings.push({
      code: 'AID_RESIDENCE',
      message:
        context.resident === false
          ? 'La personne ne réside pas sur la commune : cette aide est réservée à ses habitants.'
          : 'La résidence sur la commune n’a pas été vérifiée : cette aide est réservée à ses habitants.',
    })
  }
  if (rules.quotientCeilingCents !== null) {
    if (context.quotientCents === null) {
      warnings.push({
        code: 'AID_QUOTIENT_UNKNOWN',
        message: `Le quotient familial n’est pas calculé : cette aide est réservée aux foyers dont le quotient ne dépasse pas ${formatEuros(rules.quotientCeilingCents)}.`,
      })
    } else if (context.quotientCents > rules.quotientCeilingCents) {
      warnings.push({
        code: 'AID_QUOTIENT_CEILING',
        message: `Le quotient familial (${formatEuros(context.quotientCents)}) dépasse le plafond du règlement (${formatEuros(rules.quotientCeilingCents)}).`,
      })
    }
  }
  if (context.missingDocuments.length > 0) {
    warnings.push({
      code: 'AID_DOCUMENTS_MISSING',
      message: `Pièces justificatives manquantes : ${context.missingDocuments.join(', ')}.`,
    })
  }
  if (context.urgent && (rules.urgentCeilingCents === null || amountCents > rules.urgentCeilingCents)) {
    warnings.push({
      code: 'AID_URGENT_CEILING',
      message:
        rules.urgentCeilingCents === null
          ? 'Cette aide ne se décide pas en urgence : la demande passera en commission.'
          : `Le montant dépasse le plafond de la décision d’urgence (${formatEuros(rules.urgentCeilingCents)}) : la demande passera en commission.`,
    })
  }
  return warnings
}

/** The day a year before `day` (29 February falls back to the 28th). */
export function twelveMonthsBefore(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  const lastDay = new Date(Date.UTC(year - 1, month, 0)).getUTCDate()
  return `${year - 1}-${String(month).padStart(2, '0')}-${String(Math.min(date, lastDay)).padStart(2, '0')}`
}

/**
 * Reads what the rules need about a request of the organisation, as of `on` (the day of the decision;
 * today by default): its aid's rules, the applicant's age, what was granted over the 12 months before,
 * the required documents not attached. A request of another organisation is "not found".
 */
export async function aidRuleContext(
  db: Kysely<Database>,
  organisationId: string,
  requestId: string,
  on = todayInFrance(),
): Promise<AidRuleContext> {
  const row = await db
    .selectFrom('aid_requests as r')
    .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .where('r.organisation_id', '=', organisationId)
    .where('r.id', '=', requestId)
    .select([
      'r.id',
      'r.person_id',
      'r.household_id',
      'r.aid_type_id',
      'r.requested_on',
      'r.urgent',
      'r.resident',
      'r.quotient_cents',
      't.urgent_ceiling_cents',
      't.ceiling_per_request_cents',
      't.ceiling_per_household_12m_cents',
      't.min_age',
      't.max_age',
      't.residence_required',
      't.quotient_ceiling_cents',
      't.required_document_type_ids',
      'p.birth_date',
      'p.approximate_age',
      'p.approximate_age_on',
    ])
    .executeTakeFirst()
  if (!row) throw notFound()

  // The household's grants, or the person's alone when the request names no household.
  const granted = await db
    .selectFrom('aid_requests')
    .where('organisation_id', '=', organisationId)
    .where('aid_type_id', '=', row.aid_type_id)
    .where('status', '=', 'granted')
    .where('id', '!=', row.id)
    .where('decided_on', '>', twelveMonthsBefore(on))
    .where('decided_on', '<=', on)
    .where((eb) =>
      row.household_id
        ? eb.or([eb('household_id', '=', row.household_id), eb('person_id', '=', row.person_id)])
        : eb('person_id', '=', row.person_id),
    )
    .select((eb) => eb.fn.sum<string | null>('granted_cents').as('total'))
    .executeTakeFirstOrThrow()

  let missingDocuments: string[] = []
  if (row.required_document_type_ids.length > 0) {
    const attached = await db
      .selectFrom('aid_request_documents as rd')
      .innerJoin('documents as d', 'd.id', 'rd.document_id')
      .where('rd.request_id', '=', row.id)
      .select('d.type_id')
      .execute()
    const attachedTypes = new Set(attached.map((a) => a.type_id))
    const missing = row.required_document_type_ids.filter((id) => !attachedTypes.has(id))
    if (missing.length > 0) {
      const types = await db
        .selectFrom('document_types')
        .where('organisation_id', '=', organisationId)
        .where('id', 'in', missing)
        .select(['id', 'label', 'position'])
        .orderBy('position')
        .orderBy('label')
        .execute()
      missingDocuments = types.map((t) => t.label)
    }
  }

  const age =
    ageOn(row.birth_date, row.requested_on) ??
    (row.approximate_age !== null && row.approximate_age_on
      ? row.approximate_age +
        Math.max(0, Number(row.requested_on.slice(0, 4)) - Number(row.approximate_age_on.slice(0, 4)))
      : row.approximate_age)

  return {
    rules: {
      urgentCeilingCents: row.urgent_ceiling_cents,
      ceilingPerRequestCents: row.ceiling_per_request_cents,
      ceilingPerHousehold12mCents: row.ceiling_per_household_12m_cents,
      minAge: row.min_age,
      maxAge: row.max_age,
      residenceRequired: row.residence_required,
      quotientCeilingCents: row.quotient_ceiling_cents,
    },
    urgent: row.urgent,
    resident: row.resident,
    quotientCents: row.quotient_cents,
    age,
    grantedOver12MonthsCents: Number(granted.total ?? 0),
    missingDocuments,
  }
}
