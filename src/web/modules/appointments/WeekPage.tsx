import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useLocation, useSearchParams } from 'react-router'
import { APPOINTMENT_STATUS, type Appointment, type Week } from '../../../shared/appointments.ts'
import { addDays, timeInFrance, todayInFrance } from '../../../shared/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  feedQuery,
  useDeleteSlot,
  useFeed,
  useProfessionals,
  useSetStatus,
  weekQuery,
} from './api/appointments.ts'
import { SlotForm } from './SlotForm.tsx'

const time = (iso: string) => timeInFrance(new Date(iso))
const dayOf = (iso: string) => todayInFrance(new Date(iso))
const dayLabel = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('fr-FR', { weekday: 'long', day: 'numeric', month: 'long' })
const SEVERITY = {
  planned: 'info',
  honoured: 'success',
  missed: 'error',
  excused: 'warning',
  cancelled: 'new',
} as const

function AppointmentLine({
  a,
  canWrite,
  onDone,
}: {
  a: Appointment
  canWrite: boolean
  onDone: (m: string) => void
}) {
  const setStatus = useSetStatus()
  const [error, setError] = useState<string>()
  const act = async (status: string, label: string) => {
    setError(undefined)
    try {
      await setStatus.mutateAsync({ id: a.id, status })
      onDone(`Rendez-vous de ${time(a.startsAt)} : ${label.toLowerCase()}.`)
    } catch (caught) {
      setError(applyApiError(caught))
    }
  }
  return (
    <li className="fr-py-1w" style={{ borderBottom: '1px solid var(--border-default-grey)' }}>
      <p className="fr-mb-0">
        <strong>
          {time(a.startsAt)} – {time(a.endsAt)}
        </strong>{' '}
        <Link to={`/personnes/${a.personId}`}>{a.displayName}</Link>{' '}
        <Badge small noIcon severity={SEVERITY[a.status]}>
          {APPOINTMENT_STATUS.labels[a.status]}
        </Badge>
      </p>
      <p className="fr-text--sm fr-mb-1v">{[a.place, a.purpose, a.teamName].filter(Boolean).join(' · ')}</p>
      <ErrorAlert message={error} />
      {canWrite && a.status === 'planned' && (
        <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
          {(
            [
              ['honoured', 'Honoré'],
              ['missed', 'Non venu·e'],
              ['excused', 'Excusé·e'],
              ['cancelled', 'Annuler'],
            ] as const
          ).map(([status, label]) => (
            <li key={status}>
              <Button
                size="small"
                priority={status === 'honoured' ? 'primary' : 'secondary'}
                disabled={setStatus.isPending}
                onClick={() => act(status, APPOINTMENT_STATUS.labels[status])}
              >
                {label}
                <span className="fr-sr-only">
                  {' '}
                  : {a.displayName} à {time(a.startsAt)}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </li>
  )
}

/** A free slot: booked from here, or removed by its professional (or the director). */
function FreeSlot(props: {
  slot: Week['slots'][number]
  canWrite: boolean
  canManageSlots: boolean
  onDone: (m: string) => void
}) {
  const { slot: s } = props
  const remove = useDeleteSlot()
  const [error, setError] = useState<string>()
  const when = `${time(s.startsAt)} – ${time(s.endsAt)}`
  const del = async () => {
    setError(undefined)
    try {
      await remove.mutateAsync(s.id)
      props.onDone(`Créneau du ${dayLabel(dayOf(s.startsAt))} de ${when} supprimé.`)
    } catch (caught) {
      setError(applyApiError(caught))
    }
  }
  return (
    <li className="fr-py-1w fr-text--sm">
      {when} : créneau libre{s.place ? ` (${s.place})` : ''}{' '}
      {props.canWrite && <Link to={`/rendez-vous/nouveau?slotId=${s.id}`}>Réserver ce créneau</Link>}{' '}
      {props.canManageSlots && (
        <Button size="small" priority="tertiary no outline" onClick={del} disabled={remove.isPending}>
          Supprimer le créneau<span className="fr-sr-only"> de {when}</span>
        </Button>
      )}
      <ErrorAlert message={error} />
    </li>
  )
}

function Days({
  week,
  canWrite,
  canManageSlots,
  onDone,
}: {
  week: Week
  canWrite: boolean
  canManageSlots: boolean
  onDone: (m: string) => void
}) {
  const days = Array.from({ length: 7 }, (_, i) => addDays(week.from, i))
  return (
    <>
      {days.map((day) => {
        const appointments = week.appointments.filter((a) => dayOf(a.startsAt) === day)
        const busy = week.busy.filter((b) => dayOf(b.startsAt) === day)
        const free = week.slots.filter((s) => !s.booked && dayOf(s.startsAt) === day)
        return (
          <section key={day} aria-labelledby={`day-${day}`} className="fr-mb-3w">
            <h2 id={`day-${day}`} className="fr-h5 fr-mb-1w">
              {dayLabel(day)}
            </h2>
            {appointments.length + busy.length + free.length === 0 && (
              <p className="fr-text--sm">Aucun rendez-vous.</p>
            )}
            <ul className="fr-raw-list">
              {appointments.map((a) => (
                <AppointmentLine key={a.id} a={a} canWrite={canWrite} onDone={onDone} />
              ))}
              {busy.map((b) => (
                <li key={b.startsAt} className="fr-py-1w fr-text--sm">
                  {time(b.startsAt)} – {time(b.endsAt)} : occupé (équipe confidentielle)
                </li>
              ))}
              {free.map((s) => (
                <FreeSlot
                  key={s.id}
                  slot={s}
                  canWrite={canWrite}
                  canManageSlots={canManageSlots}
                  onDone={onDone}
                />
              ))}
            </ul>
          </section>
        )
      })}
    </>
  )
}

/** The secret link of one's calendar: shown once when created, renewable, revocable. */
function FeedSection() {
  const feed = useQuery(feedQuery)
  const change = useFeed()
  const [url, setUrl] = useState<string | null>(null)
  const [error, setError] = useState<string>()
  const run = async (action: 'renew' | 'revoke') => {
    setError(undefined)
    try {
      const answer = await change.mutateAsync(action)
      setUrl(answer.url)
    } catch (caught) {
      setError(applyApiError(caught))
    }
  }
  return (
    <section aria-labelledby="feed-title" className="fr-mt-6w">
      <h2 id="feed-title" className="fr-h4">
        Mon agenda en ligne
      </h2>
      <p>
        Abonnez votre agenda (Outlook, Thunderbird, téléphone) à ce lien secret : il donne les horaires et les
        lieux de vos rendez-vous, jamais le nom des personnes. Ne le partagez pas ; renouvelez-le s’il a
        circulé.
      </p>
      <ErrorAlert message={error} />
      {url && (
        <Alert
          severity="success"
          small
          className="fr-mb-2w"
          description={
            <>
              Copiez ce lien maintenant, il ne sera plus affiché :{' '}
              <code style={{ wordBreak: 'break-all' }}>{url}</code>
            </>
          }
        />
      )}
      <p className="fr-text--sm">{feed.data?.active ? 'Un lien est actif.' : 'Aucun lien actif.'}</p>
      <ul className="fr-btns-group fr-btns-group--inline-sm">
        <li>
          <Button priority="secondary" onClick={() => run('renew')} disabled={change.isPending}>
            {feed.data?.active ? 'Renouveler le lien' : 'Créer le lien'}
          </Button>
        </li>
        {feed.data?.active && (
          <li>
            <Button priority="tertiary" onClick={() => run('revoke')} disabled={change.isPending}>
              Révoquer le lien
            </Button>
          </li>
        )}
      </ul>
    </section>
  )
}

/** /rendez-vous — a professional's week on one screen: appointments, busy times, free slots. */
export function WeekPage() {
  usePageTitle('Rendez-vous de la semaine')
  const { data: me } = useMe()
  const location = useLocation()
  const [params, setParams] = useSearchParams()
  const professionals = useProfessionals()
  const professionalId = params.get('professionalId') ?? undefined
  const day = params.get('day') ?? todayInFrance()
  const [message, setMessage] = useState<string | undefined>(
    (location.state as { message?: string } | null)?.message,
  )
  const canWrite = hasPermission(me, 'appointment.write')
  const isProfessional = professionals.data?.items.some((p) => p.id === me?.user.id)
  const shown = professionalId ?? (isProfessional ? me?.user.id : professionals.data?.items[0]?.id)
  const week = useQuery({ ...weekQuery(shown, day), enabled: Boolean(shown) })
  const go = (changes: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...changes })
  const weekData = week.data
  // The server's rule: one opens one's own slots; the director opens and removes a colleague's.
  const canManageSlots =
    canWrite && Boolean(shown) && (shown === me?.user.id || Boolean(me?.user.roles.includes('director')))
  return (
    <>
      <div className="fr-grid-row fr-grid-row--middle fr-mb-2w">
        <h1 className="fr-col fr-mb-0">Rendez-vous de la semaine</h1>
        {canWrite && (
          <Button iconId="fr-icon-calendar-line" linkProps={{ to: '/rendez-vous/nouveau' }}>
            Prendre un rendez-vous
          </Button>
        )}
      </div>
      <SuccessAlert message={message} />
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-2w">
        <div className="fr-col-12 fr-col-md-5">
          <Select
            label="Professionnel·le"
            nativeSelectProps={{
              value: shown ?? '',
              onChange: (e) => go({ professionalId: e.target.value }),
            }}
          >
            {(professionals.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-7">
          <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
            <li>
              <Button priority="secondary" onClick={() => go({ day: addDays(weekData?.from ?? day, -7) })}>
                Semaine précédente
              </Button>
            </li>
            <li>
              <Button priority="secondary" onClick={() => go({ day: todayInFrance() })}>
                Cette semaine
              </Button>
            </li>
            <li>
              <Button priority="secondary" onClick={() => go({ day: addDays(weekData?.from ?? day, 7) })}>
                Semaine suivante
              </Button>
            </li>
          </ul>
        </div>
      </div>
      {week.error && <ErrorAlert message={applyApiError(week.error)} />}
      {weekData && (
        <>
          <p className="fr-text--lead">
            {weekData.professionalName} — du {dayLabel(weekData.from)} au {dayLabel(weekData.to)}
          </p>
          <Days week={weekData} canWrite={canWrite} canManageSlots={canManageSlots} onDone={setMessage} />
        </>
      )}
      {weekData && canManageSlots && (
        <SlotForm professionalId={weekData.professionalId} professionalName={weekData.professionalName} />
      )}
      {isProfessional && <FeedSection />}
    </>
  )
}
