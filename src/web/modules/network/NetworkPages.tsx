import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useState } from 'react'
import { NavLink } from 'react-router'
import {
  HELP_KIND,
  type HelpKind,
  NEED_STATUS,
  NEED_URGENCY,
  type Need,
  TIME_SLOT,
  VOLUNTEER_STATUS,
  type Volunteer,
} from '../../../shared/network.ts'
import { personDisplayName } from '../../../shared/people.ts'
import { formatDate, formatInstant } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  useCancelNeed,
  useCloseMemberReport,
  useCreateNeed,
  useDashboard,
  useEscalateNeed,
  useMatches,
  useMemberReports,
  useNeeds,
  useOfferNeed,
  usePersonSearch,
  useSetVolunteerStatus,
  useUpdateVolunteer,
  useVolunteers,
} from './api/coordination.ts'
import { CARD } from './network-ui.ts'

function NetworkNav() {
  const links = [
    ['/reseau/besoins', 'Besoins'],
    ['/reseau/benevoles', 'Bénévoles'],
    ['/reseau/signalements', 'Signalements des bénévoles'],
    ['/reseau/tableau-de-bord', 'Tableau de bord'],
  ] as const
  return (
    <nav className="fr-mb-3w" aria-label="Réseau de voisins solidaires">
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        {links.map(([to, label]) => (
          <li key={to}>
            <NavLink
              to={to}
              className={({ isActive }) => `fr-btn fr-btn--sm ${isActive ? '' : 'fr-btn--secondary'}`}
            >
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}

function useAction() {
  const [error, setError] = useState<string>()
  const run = async (fn: () => Promise<unknown>) => {
    setError(undefined)
    try {
      await fn()
      return true
    } catch (caught) {
      setError(applyApiError(caught))
      return false
    }
  }
  return { error, run }
}

// ----- volunteers -----

export function VolunteersPage() {
  usePageTitle('Bénévoles du réseau')
  const [status, setStatus] = useState('pending')
  const volunteers = useVolunteers(status)
  return (
    <>
      <h1>Réseau de voisins solidaires</h1>
      <NetworkNav />
      <h2>Bénévoles</h2>
      <Select
        label="Statut"
        nativeSelectProps={{ value: status, onChange: (e) => setStatus(e.target.value) }}
      >
        <option value="">Tous</option>
        {VOLUNTEER_STATUS.values.map((s) => (
          <option key={s} value={s}>
            {VOLUNTEER_STATUS.labels[s]}
          </option>
        ))}
      </Select>
      {volunteers.isError && <ErrorAlert message={applyApiError(volunteers.error)} />}
      {volunteers.data?.length === 0 && <p>Aucun bénévole.</p>}
      {volunteers.data?.map((v) => (
        <VolunteerRow key={v.id} volunteer={v} />
      ))}
    </>
  )
}

function VolunteerRow({ volunteer: v }: { volunteer: Volunteer }) {
  const setStatus = useSetVolunteerStatus()
  const update = useUpdateVolunteer()
  const { error, run } = useAction()
  const [reason, setReason] = useState('')
  const [skill, setSkill] = useState(v.professionalSkill ?? '')
  const name = `${v.firstName} ${v.lastName}`
  return (
    <section className="fr-p-3w fr-mb-2w" style={CARD} aria-label={name}>
      <h3 className="fr-h6 fr-mb-1w">
        {name} <Badge small>{VOLUNTEER_STATUS.labels[v.status]}</Badge>{' '}
        {v.professionalSkill && (
          <Badge small severity="info">
            {v.professionalSkill}
          </Badge>
        )}
      </h3>
      <p className="fr-mb-1w">
        {[
          v.email,
          v.phone,
          v.neighbourhood,
          `${v.maxDistanceKm} km`,
          v.located ? 'placé sur la carte' : 'non placé',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p className="fr-mb-1w">
        {v.helpKinds.map((k) => HELP_KIND.labels[k]).join(', ')} · {v.activeNeeds} besoin(s) en cours
        {v.statusReason && <> · Motif : {v.statusReason}</>}
      </p>
      <ErrorAlert message={error} />
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Motif (refus, suspension)"
            nativeInputProps={{ value: reason, onChange: (e) => setReason(e.target.value) }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-8 fr-mb-3w">
          {v.status !== 'approved' && (
            <Button
              size="small"
              className="fr-mr-1w"
              onClick={() => run(() => setStatus.mutateAsync({ id: v.id, status: 'approved' }))}
            >
              Valider
            </Button>
          )}
          {v.status === 'pending' && (
            <Button
              size="small"
              priority="secondary"
              className="fr-mr-1w"
              onClick={() => run(() => setStatus.mutateAsync({ id: v.id, status: 'refused', reason }))}
            >
              Refuser
            </Button>
          )}
          {v.status === 'approved' && (
            <Button
              size="small"
              priority="secondary"
              onClick={() => run(() => setStatus.mutateAsync({ id: v.id, status: 'suspended', reason }))}
            >
              Suspendre
            </Button>
          )}
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Compétence professionnelle"
            nativeInputProps={{ value: skill, onChange: (e) => setSkill(e.target.value) }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-8 fr-mb-3w">
          <Button
            size="small"
            priority="tertiary"
            onClick={() => run(() => update.mutateAsync({ id: v.id, professionalSkill: skill || null }))}
          >
            Enregistrer la compétence
          </Button>
        </div>
      </div>
    </section>
  )
}

// ----- needs -----

export function NeedsPage() {
  usePageTitle('Besoins des personnes âgées')
  const [status, setStatus] = useState('')
  const needs = useNeeds(status)
  return (
    <>
      <h1>Réseau de voisins solidaires</h1>
      <NetworkNav />
      <NeedForm />
      <h2>Besoins</h2>
      <Select
        label="Statut"
        nativeSelectProps={{ value: status, onChange: (e) => setStatus(e.target.value) }}
      >
        <option value="">Tous</option>
        {NEED_STATUS.values.map((s) => (
          <option key={s} value={s}>
            {NEED_STATUS.labels[s]}
          </option>
        ))}
      </Select>
      {needs.isError && <ErrorAlert message={applyApiError(needs.error)} />}
      {needs.data?.length === 0 && <p>Aucun besoin.</p>}
      {needs.data?.map((need) => (
        <NeedRow key={need.id} need={need} />
      ))}
    </>
  )
}

function NeedForm() {
  const create = useCreateNeed()
  const { error, run } = useAction()
  const [q, setQ] = useState('')
  const people = usePersonSearch(q)
  const [personId, setPersonId] = useState('')
  const [kind, setKind] = useState<HelpKind>('shopping')
  const [description, setDescription] = useState('')
  const [wantedDate, setWantedDate] = useState('')
  const [timeSlot, setTimeSlot] = useState('')
  const [urgency, setUrgency] = useState<'normal' | 'urgent'>('normal')
  return (
    <form
      className="fr-mb-4w"
      onSubmit={async (event) => {
        event.preventDefault()
        const ok = await run(() =>
          create.mutateAsync({
            personId,
            kind,
            description: description || null,
            wantedDate: wantedDate || null,
            timeSlot: (timeSlot || null) as 'morning' | null,
            urgency,
          }),
        )
        if (ok) {
          setDescription('')
          setPersonId('')
          setQ('')
        }
      }}
    >
      <h2>Nouveau besoin</h2>
      <ErrorAlert message={error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Rechercher la personne"
            nativeInputProps={{ value: q, onChange: (e) => setQ(e.target.value) }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label="Personne"
            nativeSelectProps={{ value: personId, onChange: (e) => setPersonId(e.target.value) }}
          >
            <option value="">Choisir</option>
            {people.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {personDisplayName(p)}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Type d’aide"
            nativeSelectProps={{ value: kind, onChange: (e) => setKind(e.target.value as HelpKind) }}
          >
            {HELP_KIND.values.map((k) => (
              <option key={k} value={k}>
                {HELP_KIND.labels[k]}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Input
            label="Date souhaitée"
            nativeInputProps={{
              type: 'date',
              value: wantedDate,
              onChange: (e) => setWantedDate(e.target.value),
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Select
            label="Moment"
            nativeSelectProps={{ value: timeSlot, onChange: (e) => setTimeSlot(e.target.value) }}
          >
            <option value="">Indifférent</option>
            {TIME_SLOT.values.map((s) => (
              <option key={s} value={s}>
                {TIME_SLOT.labels[s]}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-2">
          <Select
            label="Urgence"
            nativeSelectProps={{ value: urgency, onChange: (e) => setUrgency(e.target.value as 'normal') }}
          >
            {NEED_URGENCY.values.map((u) => (
              <option key={u} value={u}>
                {NEED_URGENCY.labels[u]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <Input
        label="Description (visible des bénévoles)"
        textArea
        nativeTextAreaProps={{ value: description, onChange: (e) => setDescription(e.target.value), rows: 2 }}
      />
      <Button type="submit" disabled={create.isPending}>
        Enregistrer le besoin
      </Button>
    </form>
  )
}

function NeedRow({ need }: { need: Need }) {
  const offer = useOfferNeed()
  const cancel = useCancelNeed()
  const escalate = useEscalateNeed()
  const { error, run } = useAction()
  const [showMatches, setShowMatches] = useState(false)
  const matches = useMatches(showMatches ? need.id : undefined)
  const [partner, setPartner] = useState('')
  const waiting = need.status === 'open' || need.status === 'offered'
  return (
    <section
      className="fr-p-3w fr-mb-2w"
      style={CARD}
      aria-label={`${HELP_KIND.labels[need.kind]} — ${need.personName}`}
    >
      <h3 className="fr-h6 fr-mb-1w">
        {HELP_KIND.labels[need.kind]} — {need.personName}{' '}
        <Badge small>{NEED_STATUS.labels[need.status]}</Badge>{' '}
        {need.urgency === 'urgent' && (
          <Badge small severity="error">
            Urgent
          </Badge>
        )}{' '}
        {need.overdue && (
          <Badge small severity="warning">
            À transmettre
          </Badge>
        )}
      </h3>
      <p className="fr-mb-1w">
        {[
          need.wantedDate && formatDate(need.wantedDate),
          need.timeSlot && TIME_SLOT.labels[need.timeSlot],
          `créé ${formatInstant(need.createdAt)}`,
          need.offeredCount > 0 && `proposé à ${need.offeredCount} bénévole(s)`,
          need.volunteerName && `pris par ${need.volunteerName}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {need.description && <p className="fr-mb-1w">{need.description}</p>}
      {need.report && <p className="fr-mb-1w">Compte rendu : {need.report}</p>}
      {need.escalationPartner && (
        <p className="fr-mb-1w">
          Transmis à {need.escalationPartner}
          {need.escalationOutcome && <> : {need.escalationOutcome}</>}
        </p>
      )}
      <ErrorAlert message={error} />
      {waiting && (
        <div>
          <Button
            size="small"
            className="fr-mr-1w"
            onClick={() => run(() => offer.mutateAsync({ id: need.id, count: 3 }))}
          >
            Proposer aux 3 meilleurs bénévoles
          </Button>
          <Button
            size="small"
            priority="secondary"
            className="fr-mr-1w"
            onClick={() => setShowMatches(!showMatches)}
          >
            {showMatches ? 'Masquer' : 'Voir'} le classement
          </Button>
          <Button size="small" priority="tertiary" onClick={() => run(() => cancel.mutateAsync(need.id))}>
            Annuler
          </Button>
          {showMatches && (
            <ol className="fr-mt-1w">
              {matches.data?.map((m) => (
                <li key={m.volunteerId}>
                  {m.name} — {m.distanceKm === null ? 'distance inconnue' : `${m.distanceKm} km`} ·{' '}
                  {m.available ? 'disponible' : 'pas disponible ce jour-là'} · {m.activeNeeds} en cours
                  {m.professionalSkill && <> · {m.professionalSkill}</>}
                </li>
              ))}
              {matches.data?.length === 0 && <li>Aucun bénévole pour ce type d’aide.</li>}
            </ol>
          )}
          <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mt-1w">
            <div className="fr-col-12 fr-col-md-6">
              <Input
                label="Transmettre à (association, équipe)"
                nativeInputProps={{ value: partner, onChange: (e) => setPartner(e.target.value) }}
              />
            </div>
            <div className="fr-col-12 fr-col-md-6 fr-mb-3w">
              <Button
                size="small"
                priority="secondary"
                onClick={() =>
                  run(() => escalate.mutateAsync({ id: need.id, to: 'partner', partnerName: partner }))
                }
              >
                Transmettre
              </Button>
            </div>
          </div>
        </div>
      )}
      {need.status === 'accepted' && (
        <Button size="small" priority="tertiary" onClick={() => run(() => cancel.mutateAsync(need.id))}>
          Annuler
        </Button>
      )}
    </section>
  )
}

// ----- member reports -----

export function MemberReportsPage() {
  usePageTitle('Signalements des bénévoles')
  const reports = useMemberReports()
  const close = useCloseMemberReport()
  const { error, run } = useAction()
  return (
    <>
      <h1>Réseau de voisins solidaires</h1>
      <NetworkNav />
      <h2>Signalements des bénévoles</h2>
      <ErrorAlert message={error} />
      {reports.data?.length === 0 && <p>Aucun signalement.</p>}
      {reports.data?.map((r) => (
        <section key={r.id} className="fr-p-3w fr-mb-2w" style={CARD}>
          <p className="fr-mb-1w">
            <Badge small>{r.status === 'new' ? 'Nouveau' : 'Traité'}</Badge> {formatInstant(r.createdAt)}
            {r.volunteerName && <> · par {r.volunteerName}</>}
            {r.location && <> · {r.location}</>}
          </p>
          <p className="fr-mb-1w">{r.about}</p>
          {r.closingNote && <p className="fr-mb-1w">Suite : {r.closingNote}</p>}
          {r.status === 'new' && (
            <Button
              size="small"
              priority="secondary"
              onClick={() => run(() => close.mutateAsync({ id: r.id }))}
            >
              Marquer traité
            </Button>
          )}
        </section>
      ))}
    </>
  )
}

// ----- dashboard -----

export function NetworkDashboardPage() {
  usePageTitle('Tableau de bord du réseau')
  const year = new Date().getFullYear()
  const [from, setFrom] = useState(`${year}-01-01`)
  const [to, setTo] = useState(`${year}-12-31`)
  const dashboard = useDashboard(from, to)
  const d = dashboard.data
  return (
    <>
      <h1>Réseau de voisins solidaires</h1>
      <NetworkNav />
      <h2>Tableau de bord</h2>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-6 fr-col-md-3">
          <Input
            label="Du"
            nativeInputProps={{ type: 'date', value: from, onChange: (e) => setFrom(e.target.value) }}
          />
        </div>
        <div className="fr-col-6 fr-col-md-3">
          <Input
            label="Au"
            nativeInputProps={{ type: 'date', value: to, onChange: (e) => setTo(e.target.value) }}
          />
        </div>
      </div>
      {dashboard.isError && <ErrorAlert message={applyApiError(dashboard.error)} />}
      {d && (
        <>
          <p className="fr-text--lead">
            <strong>{d.needsMet}</strong> besoin(s) réalisé(s) sur la période
            {d.needsMetByKind.length > 0 && ' : '}
            {d.needsMetByKind
              .map((s) => `${s.label.toLowerCase()} ${s.percent.toLocaleString('fr-FR')} %`)
              .join(', ')}
          </p>
          <ul>
            <li>
              Délai médian avant acceptation :{' '}
              {d.medianHoursToAcceptance === null
                ? '—'
                : `${d.medianHoursToAcceptance.toLocaleString('fr-FR')} h`}
            </li>
            <li>Besoins transmis à un partenaire ou une équipe : {d.escalations}</li>
            {d.seniorsLineCalls !== null && <li>Appels sur la ligne seniors : {d.seniorsLineCalls}</li>}
          </ul>
          <Shares title="Bénévoles par statut" rows={d.volunteersByStatus} />
          <Shares title="Besoins par issue" rows={d.needsByOutcome} />
        </>
      )}
    </>
  )
}

function Shares({
  title,
  rows,
}: {
  title: string
  rows: { key: string; label: string; count: number; percent: number }[]
}) {
  return (
    <div className="fr-table fr-table--sm">
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Catégorie</th>
            <th scope="col">Nombre</th>
            <th scope="col">Part</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.label}</td>
              <td>{r.count}</td>
              <td>{r.percent.toLocaleString('fr-FR')} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
