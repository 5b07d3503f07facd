import type { AlertProps } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import type { ReactNode } from 'react'
import { ENGAGEMENT_STAGE, type EngagementStage, ROUND_STATUS, type Round } from '../../../shared/outreach.ts'
import { SEX } from '../../../shared/people.ts'
import { formatDate } from '../../lib/dates.ts'

/** How the outreach pages write rounds, points, counts and the engagement stage, in French (dates: lib/dates.ts). */

/** "1 rencontre", "3 rencontres". */
export const plural = (n: number, word: string, many = `${word}s`) =>
  `${n.toLocaleString('fr-FR')} ${n > 1 ? many : word}`

/** "Tournée du 30/11/2026, 19:00–22:00" */
export function roundTitle(round: Pick<Round, 'date' | 'startTime' | 'endTime'>) {
  const times = [round.startTime, round.endTime].filter(Boolean).join('–')
  return `Tournée du ${formatDate(round.date)}${times ? `, ${times}` : ''}`
}

const STAGE_SEVERITY: Record<EngagementStage, AlertProps.Severity | 'new' | undefined> = {
  first_contact: 'new',
  known: 'info',
  support_accepted: 'success',
  in_followup: 'success',
  refused: 'warning',
}
export function StageBadge({ stage }: { stage: EngagementStage }) {
  return (
    <Badge small noIcon severity={STAGE_SEVERITY[stage]}>
      {ENGAGEMENT_STAGE.labels[stage]}
    </Badge>
  )
}

const ROUND_SEVERITY: Record<Round['status'], AlertProps.Severity | 'new' | undefined> = {
  planned: 'info',
  done: 'success',
  cancelled: undefined,
}
export function RoundStatusBadge({ status }: { status: Round['status'] }) {
  return (
    <Badge small noIcon severity={ROUND_SEVERITY[status]}>
      {ROUND_STATUS.labels[status]}
    </Badge>
  )
}

/** "Homme, ~25 ans, avec enfant(s), 3 personnes — près de la gare" */
export function describeAnonymous(a: {
  sex: string | null
  approximateAge: number | null
  withChildren: boolean | null
  peopleCount: number
  description: string | null
}) {
  const parts = [
    a.sex ? (SEX.labels[a.sex as keyof typeof SEX.labels] ?? a.sex) : null,
    a.approximateAge !== null ? `~${a.approximateAge} ans` : null,
    a.withChildren ? 'avec enfant(s)' : null,
    a.peopleCount > 1 ? `${a.peopleCount} personnes` : null,
  ].filter(Boolean)
  const seen = parts.join(', ') || 'Personne non décrite'
  return a.description ? `${seen} — ${a.description}` : seen
}

/** One line of a record's summary (`<dl className="outreach-summary">`). */
export function SummaryRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="outreach-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}
