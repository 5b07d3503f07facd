import type { AlertProps } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { REPORT_STATUS, type Report } from '../../../shared/reports.ts'
import type { Option } from './api/pickers.ts'

const STATUS_SEVERITY: Record<Report['status'], AlertProps.Severity | 'new' | undefined> = {
  new: 'new',
  assigned: 'info',
  visited: 'success',
  closed: undefined,
}

/** The status of a report, and whether it is overdue or urgent, as DSFR badges. */
export function ReportBadges({ report }: { report: Pick<Report, 'status' | 'overdue' | 'urgency'> }) {
  return (
    <ul className="fr-badges-group">
      <li>
        <Badge small noIcon severity={STATUS_SEVERITY[report.status]}>
          {REPORT_STATUS.labels[report.status]}
        </Badge>
      </li>
      {report.overdue && (
        <li>
          <Badge small severity="error">
            En retard
          </Badge>
        </li>
      )}
      {report.urgency === 'urgent' && report.status !== 'closed' && (
        <li>
          <Badge small severity="warning">
            Urgent
          </Badge>
        </li>
      )}
    </ul>
  )
}

/** The options of a select: a first one meaning "none", then the list. */
export function OptionList({ options, none }: { options: Option[]; none: string }) {
  return (
    <>
      <option value="">{none}</option>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </>
  )
}
