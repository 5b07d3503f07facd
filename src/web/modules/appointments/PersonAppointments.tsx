import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { useQuery } from '@tanstack/react-query'
import { APPOINTMENT_STATUS } from '../../../shared/appointments.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { personAppointmentsQuery } from './api/appointments.ts'

const when = (iso: string) =>
  new Date(iso).toLocaleString('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' })

/** The "Rendez-vous" section of a person's file, for those whose role reads appointments. */
export function PersonAppointments({ personId, merged }: { personId: string; merged: boolean }) {
  const { data: me } = useMe()
  const readable = hasPermission(me, 'appointment.read')
  const list = useQuery({ ...personAppointmentsQuery(personId), enabled: readable })
  if (!readable) return null
  const items = list.data?.items ?? []
  return (
    <section aria-labelledby="section-rendez-vous" className="fr-mb-4w">
      <div className="fr-grid-row fr-grid-row--middle fr-mb-1w">
        <h2 id="section-rendez-vous" className="fr-h4 fr-mb-0 fr-col">
          Rendez-vous
        </h2>
        {hasPermission(me, 'appointment.write') && !merged && (
          <Button
            size="small"
            priority="secondary"
            iconId="fr-icon-calendar-line"
            linkProps={{ to: `/rendez-vous/nouveau?personId=${personId}` }}
          >
            Prendre rendez-vous
          </Button>
        )}
      </div>
      {list.error && <ErrorAlert message={applyApiError(list.error)} />}
      {list.data && items.length === 0 && <p className="fr-mb-0">Aucun rendez-vous.</p>}
      <ul className="fr-raw-list">
        {items.map((a) => (
          <li
            key={a.id}
            className="fr-py-1w"
            style={{ borderBottom: '1px solid var(--border-default-grey)' }}
          >
            <strong>{when(a.startsAt)}</strong> avec {a.professionalName}{' '}
            <Badge small noIcon>
              {APPOINTMENT_STATUS.labels[a.status]}
            </Badge>
            {a.place && <span className="fr-text--sm"> · {a.place}</span>}
          </li>
        ))}
      </ul>
      {list.data && list.data.total > items.length && (
        <p className="fr-text--sm">{list.data.total - items.length} rendez-vous plus anciens non affichés.</p>
      )}
    </section>
  )
}
