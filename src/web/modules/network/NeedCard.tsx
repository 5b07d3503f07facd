import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { type FormEvent, useState } from 'react'
import { ESCALATION_TARGET, HELP_KIND, NEED_STATUS, type Need, TIME_SLOT } from '../../../shared/network.ts'
import { formatDate, formatInstant } from '../../lib/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import {
  useCancelNeed,
  useEscalateNeed,
  useEscalationOutcome,
  useMatches,
  useOfferNeed,
} from './api/coordination.ts'
import { usePartners, useTeams } from './api/settings.ts'
import { ChoiceSelect } from './ChoiceSelect.tsx'
import { CARD, formatKm } from './network-ui.ts'

/** One need, as the coordinator follows it: offers, matching, escalation and what came of it. */
export function NeedCard({
  need,
  previous,
  offerCount,
}: {
  need: Need
  /** The previous occurrence of a weekly need, when it is in the list. */
  previous: Need | undefined
  offerCount: number | undefined
}) {
  const offer = useOfferNeed()
  const cancel = useCancelNeed()
  const form = useFormErrors()
  const [showMatches, setShowMatches] = useState(false)
  const [escalating, setEscalating] = useState(false)
  const matches = useMatches(showMatches ? need.id : undefined)
  const waiting = need.status === 'open' || need.status === 'offered'
  const title = `${HELP_KIND.labels[need.kind]} — ${need.personName}`
  return (
    <section className="fr-p-3w fr-mb-2w" style={CARD} aria-label={title}>
      <h4 className="fr-h6 fr-mb-1w">
        {title}{' '}
        <Badge as="span" small>
          {NEED_STATUS.labels[need.status]}
        </Badge>{' '}
        {need.urgency === 'urgent' && (
          <Badge as="span" small severity="error">
            Urgent
          </Badge>
        )}{' '}
        {need.recurrence === 'weekly' && (
          <Badge as="span" small severity="info">
            Chaque semaine
          </Badge>
        )}{' '}
        {need.overdue && (
          <Badge as="span" small severity="warning">
            À transmettre
          </Badge>
        )}{' '}
        {!need.located && waiting && (
          <Badge as="span" small severity="warning">
            Non placé
          </Badge>
        )}
      </h4>
      <p className="fr-mb-1w">
        {[
          need.wantedDate && `souhaité le ${formatDate(need.wantedDate)}`,
          need.timeSlot && TIME_SLOT.labels[need.timeSlot].toLowerCase(),
          `créé le ${formatInstant(need.createdAt)}`,
          need.frontdeskContactId && 'demande de la ligne seniors',
          need.offeredCount > 0 && `proposé à ${need.offeredCount} bénévole(s)`,
          need.volunteerName && `pris par ${need.volunteerName}`,
          need.doneAt && `réalisé le ${formatInstant(need.doneAt)}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {(need.contactName || need.ccasIntroduces) && (
        <p className="fr-mb-1w fr-text--sm">
          {need.contactName
            ? `Joindre par : ${need.contactName} · ${need.contactPhone}`
            : 'Le CCAS appellera le ou la bénévole pour organiser la rencontre.'}
        </p>
      )}
      {need.previousNeedId && (
        <p className="fr-mb-1w fr-text--sm">
          Occurrence suivante d’un besoin hebdomadaire
          {previous?.doneAt && ` : la précédente a été réalisée le ${formatDate(previous.doneAt)}`}
          {need.status === 'accepted' && need.volunteerName && `, gardée par ${need.volunteerName}`}.
        </p>
      )}
      {waiting && (
        <p className="fr-mb-1w fr-text--sm">
          {need.located
            ? 'Placé sur la carte : les bénévoles sont classés par distance.'
            : 'Sans position (ni quartier, ni adresse reconnue) : les bénévoles sont classés sans tenir compte de la distance.'}{' '}
          Transmis s’il n’est pas accepté dans les {need.escalateAfterHours} h.
        </p>
      )}
      {need.description && <p className="fr-mb-1w">{need.description}</p>}
      {need.report && <p className="fr-mb-1w">Compte rendu : {need.report}</p>}
      {need.status === 'escalated' && <Escalation need={need} />}
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      {waiting && (
        <div>
          <Button
            size="small"
            className="fr-mr-1w fr-mb-1w"
            disabled={offer.isPending}
            onClick={() => form.run(() => offer.mutateAsync(need.id))}
          >
            {offerCount
              ? `Proposer aux ${offerCount} meilleurs bénévoles`
              : 'Proposer aux meilleurs bénévoles'}
          </Button>
          <Button
            size="small"
            priority="secondary"
            className="fr-mr-1w fr-mb-1w"
            onClick={() => setShowMatches(!showMatches)}
          >
            {showMatches ? 'Masquer' : 'Voir'} le classement
          </Button>
          <Button
            size="small"
            priority="secondary"
            className="fr-mr-1w fr-mb-1w"
            onClick={() => setEscalating(!escalating)}
          >
            Transmettre…
          </Button>
          <Button
            size="small"
            priority="tertiary"
            className="fr-mb-1w"
            onClick={() => form.run(() => cancel.mutateAsync(need.id))}
          >
            Annuler le besoin
          </Button>
          {showMatches && (
            <ol className="fr-mt-1w">
              {matches.data?.map((m) => (
                <li key={m.volunteerId}>
                  {m.name} — {m.distanceKm === null ? 'distance inconnue' : formatKm(m.distanceKm)} ·{' '}
                  {m.available ? 'disponible' : 'pas disponible ce jour-là'} · {m.activeNeeds} en cours
                  {m.professionalSkill && <> · {m.professionalSkill}</>}
                </li>
              ))}
              {matches.data?.length === 0 && <li>Aucun bénévole pour ce type d’aide.</li>}
            </ol>
          )}
          {escalating && <EscalateForm need={need} />}
        </div>
      )}
      {need.status === 'accepted' && (
        <Button size="small" priority="tertiary" onClick={() => form.run(() => cancel.mutateAsync(need.id))}>
          Annuler le besoin
        </Button>
      )}
    </section>
  )
}

/** Who the need went to, automatically or by hand, and what came of it (recorded here once known). */
function Escalation({ need }: { need: Need }) {
  const record = useEscalationOutcome()
  const form = useFormErrors()
  const [outcome, setOutcome] = useState('')
  const to = need.escalatedTo ? ESCALATION_TARGET.labels[need.escalatedTo].toLowerCase() : null
  const submit = (event: FormEvent) => {
    event.preventDefault()
    form.run(() => record.mutateAsync({ id: need.id, outcome }), 'Suite enregistrée.')
  }
  return (
    <div className="fr-mb-1w">
      <p className="fr-mb-1w">
        {need.escalatedAutomatically ? (
          <Badge as="span" small severity="warning" className="fr-mr-1w">
            Transmis automatiquement
          </Badge>
        ) : (
          <Badge as="span" small className="fr-mr-1w">
            Transmis par la coordination
          </Badge>
        )}
        {need.escalatedAutomatically ? 'Délai dépassé sans bénévole : transmis' : 'Transmis'}
        {need.escalatedAt && ` le ${formatInstant(need.escalatedAt)}`} à{' '}
        <strong>{need.escalationPartner ?? '—'}</strong>
        {to && ` (${to})`}.
      </p>
      {need.escalationOutcome ? (
        <p className="fr-mb-1w">
          Suite donnée{need.escalationOutcomeAt && ` (notée le ${formatInstant(need.escalationOutcomeAt)})`} :{' '}
          {need.escalationOutcome}
        </p>
      ) : (
        <form
          onSubmit={submit}
          noValidate
          aria-label={`Suite donnée au besoin transmis — ${need.personName}`}
        >
          <ErrorAlert message={form.error} />
          <SuccessAlert message={form.done} />
          <Input
            label="Suite donnée par l’association ou l’équipe"
            hintText="Par exemple : « Courses assurées par l’association chaque jeudi »."
            textArea
            nativeTextAreaProps={{ value: outcome, onChange: (e) => setOutcome(e.target.value), rows: 2 }}
            {...form.state('outcome')}
          />
          <Button type="submit" size="small" priority="secondary" disabled={record.isPending}>
            Enregistrer la suite
          </Button>
        </form>
      )}
    </div>
  )
}

type EscalateTo = 'directory' | 'team' | 'named'

/** By hand: to a partner of the directory, an internal team, or a partner named here. */
function EscalateForm({ need }: { need: Need }) {
  const escalate = useEscalateNeed()
  const partners = usePartners()
  const teams = useTeams()
  const form = useFormErrors()
  const [to, setTo] = useState<EscalateTo>('directory')
  const [partnerId, setPartnerId] = useState('')
  const [teamId, setTeamId] = useState('')
  const [partnerName, setPartnerName] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    form.run(() =>
      escalate.mutateAsync(
        to === 'team'
          ? { id: need.id, to: 'internal_team', teamId: teamId || null }
          : to === 'directory'
            ? { id: need.id, to: 'partner', partnerId: partnerId || null }
            : { id: need.id, to: 'partner', partnerName },
      ),
    )
  }
  // Without a choice, the server names the missing field `partnerName`: shown under the field in view.
  const missing = form.fields.partnerName
  const missingOr = (path: string) =>
    missing ? { state: 'error' as const, stateRelatedMessage: missing } : form.state(path)
  return (
    <form
      onSubmit={submit}
      noValidate
      className="fr-mt-2w fr-p-2w"
      style={CARD}
      aria-label={`Transmettre le besoin — ${need.personName}`}
    >
      <ErrorAlert message={form.error} />
      <RadioButtons
        legend="Transmettre ce besoin à"
        orientation="horizontal"
        small
        options={[
          ['directory', 'Une association du répertoire'],
          ['team', 'Une équipe interne'],
          ['named', 'Un autre partenaire'],
        ].map(([value, label]) => ({
          label,
          nativeInputProps: { checked: to === value, onChange: () => setTo(value as EscalateTo) },
        }))}
      />
      {to === 'directory' && (
        <ChoiceSelect
          label="Association"
          empty="Choisir"
          value={partnerId}
          onChange={setPartnerId}
          choices={partners.data}
          state={missingOr('partnerId')}
        />
      )}
      {to === 'team' && (
        <ChoiceSelect
          label="Équipe"
          empty="Choisir"
          value={teamId}
          onChange={setTeamId}
          choices={teams.data}
          state={missingOr('teamId')}
        />
      )}
      {to === 'named' && (
        <Input
          label="Nom du partenaire"
          nativeInputProps={{ value: partnerName, onChange: (e) => setPartnerName(e.target.value) }}
          {...form.state('partnerName')}
        />
      )}
      <Button type="submit" size="small" disabled={escalate.isPending}>
        Transmettre le besoin
      </Button>
    </form>
  )
}
