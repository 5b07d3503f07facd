import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  ENCOUNTER_ACTION,
  type Encounter,
  HOUSEHOLD_TYPE,
  OUTREACH_NEED,
  SITUATION,
} from '../../../shared/outreach.ts'
import { formatInstant } from '../../lib/dates.ts'
import { formatPoint } from '../../lib/numbers.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useEncounter, useUpdateEncounter } from './api/encounters.ts'
import { useContactReasons } from './api/pickers.ts'
import { PersonChooser, type Picked } from './encounter-fields.tsx'
import { describeAnonymous, SummaryRow } from './outreach-format.tsx'
import { loading } from './ui.tsx'

/** One encounter, and what can be completed later: who it was, the note. */
export function EncounterPage() {
  const { id = '' } = useParams()
  const encounter = useEncounter(id)
  const { data: me } = useMe()
  const reasons = useContactReasons()
  usePageTitle('Rencontre')
  const waiting = loading(encounter)
  if (waiting) return waiting
  const e = encounter.data!
  const reasonLabels = e.reasonIds.map((r) => reasons.data?.find((x) => x.id === r)?.label ?? 'Motif')
  return (
    <div className="outreach-narrow">
      <p className="fr-mb-1w">
        {e.roundId ? (
          <Link to={`/aller-vers/tournees/${e.roundId}`}>← Retour à la tournée</Link>
        ) : (
          <Link to="/aller-vers/rencontres">← Toutes les rencontres</Link>
        )}
      </p>
      <h1>Rencontre du {formatInstant(e.occurredAt)}</h1>
      <dl className="outreach-summary fr-mb-3w">
        <SummaryRow label="Qui">
          {e.personId ? (
            <Link to={`/personnes/${e.personId}`}>{e.personName}</Link>
          ) : e.anonymous ? (
            `Anonyme — ${describeAnonymous(e.anonymous)}`
          ) : (
            '—'
          )}
        </SummaryRow>
        {e.householdType && (
          <SummaryRow label="Composition">{HOUSEHOLD_TYPE.labels[e.householdType]}</SummaryRow>
        )}
        <SummaryRow label="Situation">{SITUATION.labels[e.situation]}</SummaryRow>
        <SummaryRow label="Où">
          {[e.placeName, e.address].filter(Boolean).join(' · ') || 'Non précisé'}
          {e.latitude !== null && e.longitude !== null && (
            <span className="fr-text--sm"> (position : {formatPoint(e.latitude, e.longitude)})</span>
          )}
        </SummaryRow>
        <SummaryRow label="Besoins exprimés">
          {[...e.needs.map((n) => OUTREACH_NEED.labels[n]), ...reasonLabels].join(', ') || 'Aucun'}
        </SummaryRow>
        <SummaryRow label="Ce qui a été fait">
          {e.actions.map((a) => ENCOUNTER_ACTION.labels[a]).join(', ') || 'Rien de noté'}
          {e.orientationPartnerServiceName && ` — ${e.orientationPartnerServiceName}`}
        </SummaryRow>
        <SummaryRow label="Équipe">{e.teamName ?? 'Non précisée'}</SummaryRow>
        <SummaryRow label="Saisie">
          par {e.createdBy}, le {formatInstant(e.createdAt)}
        </SummaryRow>
        {e.note && (
          <SummaryRow label="Note">
            <span className="outreach-pre">{e.note}</span>
          </SummaryRow>
        )}
      </dl>
      {e.followupId && (
        <p>
          <Link to="/aller-vers/file-active">Voir la file active de l’équipe</Link>
        </p>
      )}
      {hasPermission(me, 'outreach.write') && <Complete encounter={e} />}
    </div>
  )
}

/** An anonymous encounter becomes a known person's (which opens their follow-up); the note is completed. */
function Complete({ encounter }: { encounter: Encounter }) {
  const update = useUpdateEncounter(encounter.id)
  const form = useFormErrors()
  const [person, setPerson] = useState<Picked | null>(null)
  const [note, setNote] = useState(encounter.note ?? '')
  async function submit(event: FormEvent) {
    event.preventDefault()
    await form.run(
      () => update.mutateAsync({ ...(person ? { personId: person.id } : {}), note }),
      'Rencontre complétée.',
    )
    setPerson(null)
  }
  return (
    <section aria-labelledby="encounter-complete" className="fr-mt-4w">
      <h2 id="encounter-complete" className="fr-h4">
        Compléter la rencontre
      </h2>
      <form onSubmit={submit} noValidate>
        <ErrorAlert message={form.error} />
        <SuccessAlert message={form.done} />
        {!encounter.personId && (
          <>
            <p className="fr-text--sm">
              La personne s’est fait connaître depuis ? Rattachez la rencontre à son dossier : son suivi par
              l’équipe s’ouvre.
            </p>
            <PersonChooser picked={person} onPick={setPerson} error={form.fields.personId} />
          </>
        )}
        <Input
          label="Note"
          textArea
          nativeTextAreaProps={{ rows: 3, value: note, onChange: (e) => setNote(e.target.value) }}
          {...form.state('note')}
        />
        <Button type="submit" disabled={update.isPending}>
          Enregistrer
        </Button>
      </form>
    </section>
  )
}
