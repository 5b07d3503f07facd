import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { type FormEvent, useEffect, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { todayInFrance } from '../../../shared/dates.ts'
import { ROUND_MODE, type Round, roundCreateSchema } from '../../../shared/outreach.ts'
import { useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useColleagues, useTeams, useZones } from './api/pickers.ts'
import { useCreateRound, useRoundSheet, useUpdateRound } from './api/rounds.ts'
import { loading, OptionSelect, TeamSelect, ZoneSelect } from './ui.tsx'

type Values = {
  date: string
  startTime: string
  endTime: string
  teamId: string
  zoneId: string
  leadUserId: string
  agentIds: string[]
  partnerNames: string
  mode: Round['mode']
  note: string
}

const valuesOf = (round?: Round): Values => ({
  date: round?.date ?? todayInFrance(),
  startTime: round?.startTime ?? '',
  endTime: round?.endTime ?? '',
  teamId: round?.teamId ?? '',
  zoneId: round?.zoneId ?? '',
  leadUserId: round?.leadUserId ?? '',
  agentIds: round?.agents.map((a) => a.id) ?? [],
  partnerNames: round?.partnerNames.join('\n') ?? '',
  mode: round?.mode ?? 'on_foot',
  note: round?.note ?? '',
})

const payloadOf = (v: Values) => ({
  date: v.date,
  startTime: v.startTime || null,
  endTime: v.endTime || null,
  teamId: v.teamId || null,
  zoneId: v.zoneId || null,
  leadUserId: v.leadUserId || null,
  agentIds: v.agentIds,
  partnerNames: v.partnerNames
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean),
  mode: v.mode,
  note: v.note,
})

export function RoundCreatePage() {
  usePageTitle('Planifier une tournée')
  const create = useCreateRound()
  const navigate = useNavigate()
  return (
    <>
      <h1>Planifier une tournée</h1>
      <RoundForm
        submitLabel="Planifier la tournée"
        pending={create.isPending}
        save={async (input) => navigate(`/aller-vers/tournees/${(await create.mutateAsync(input)).id}`)}
      />
    </>
  )
}

export function RoundEditPage() {
  const { id = '' } = useParams()
  const sheet = useRoundSheet(id)
  const update = useUpdateRound(id)
  const navigate = useNavigate()
  usePageTitle('Modifier la tournée')
  const waiting = loading(sheet)
  if (waiting) return waiting
  return (
    <>
      <p className="fr-mb-1w">
        <Link to={`/aller-vers/tournees/${id}`}>← Retour à la tournée</Link>
      </p>
      <h1>Modifier la tournée</h1>
      <RoundForm
        round={sheet.data!.round}
        submitLabel="Enregistrer"
        pending={update.isPending}
        save={async (input) => {
          await update.mutateAsync(input)
          navigate(`/aller-vers/tournees/${id}`)
        }}
      />
    </>
  )
}

/** Date and time span, team, lead and other agents, partners, on foot or by vehicle, zone. */
function RoundForm(props: {
  round?: Round
  submitLabel: string
  pending: boolean
  save: (input: ReturnType<typeof payloadOf>) => Promise<unknown>
}) {
  const { data: me } = useMe()
  const teams = useTeams()
  const zones = useZones()
  const colleagues = useColleagues()
  const [values, setValues] = useState<Values>(() => valuesOf(props.round))
  const form = useFormErrors()
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }))

  // A new round: the agent's own team and the agent as lead, to start from.
  useEffect(() => {
    if (props.round || !me || !teams.data) return
    setValues((v) => ({
      ...v,
      teamId: v.teamId || (teams.data.find((t) => t.active && me.user.teamIds.includes(t.id))?.id ?? ''),
      leadUserId: v.leadUserId || me.user.id,
    }))
  }, [props.round, me, teams.data])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const payload = payloadOf(values)
    if (form.check(roundCreateSchema, payload)) await form.run(() => props.save(payload))
  }

  const people = (colleagues.data ?? []).map((c) => ({ value: c.id, label: c.name }))
  const nameOf = (id: string) =>
    colleagues.data?.find((c) => c.id === id)?.name ??
    props.round?.agents.find((a) => a.id === id)?.name ??
    id
  return (
    <form onSubmit={submit} noValidate className="outreach-narrow" aria-label={props.submitLabel}>
      <ErrorAlert message={form.error} />
      <div className="fr-grid-row fr-grid-row--gutters fr-mb-3w">
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Date"
            nativeInputProps={{
              type: 'date',
              required: true,
              value: values.date,
              onChange: (e) => set('date', e.target.value),
            }}
            {...form.state('date')}
          />
        </div>
        <div className="fr-col-6 fr-col-md-4">
          <Input
            label="Début (facultatif)"
            nativeInputProps={{
              type: 'time',
              value: values.startTime,
              onChange: (e) => set('startTime', e.target.value),
            }}
            {...form.state('startTime')}
          />
        </div>
        <div className="fr-col-6 fr-col-md-4">
          <Input
            label="Fin (facultatif)"
            nativeInputProps={{
              type: 'time',
              value: values.endTime,
              onChange: (e) => set('endTime', e.target.value),
            }}
            {...form.state('endTime')}
          />
        </div>
      </div>
      <RadioButtons
        legend="Déplacement"
        orientation="horizontal"
        options={ROUND_MODE.values.map((m) => ({
          label: ROUND_MODE.labels[m],
          nativeInputProps: { checked: values.mode === m, onChange: () => set('mode', m) },
        }))}
        {...form.state('mode')}
      />
      <TeamSelect
        empty="Non précisée"
        value={values.teamId}
        onChange={(v) => set('teamId', v)}
        state={form.state('teamId')}
      />
      <ZoneSelect
        hint={
          zones.data?.length === 0
            ? 'Aucun secteur : la direction les définit dans les paramètres de l’aller-vers.'
            : undefined
        }
        value={values.zoneId}
        onChange={(v) => set('zoneId', v)}
        state={form.state('zoneId')}
      />
      <OptionSelect
        label="Agent responsable"
        value={values.leadUserId}
        onChange={(v) => set('leadUserId', v)}
        options={people}
        state={form.state('leadUserId')}
      />
      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend fr-text--regular">Autres agents</legend>
        <div className="fr-fieldset__element">
          {values.agentIds.length > 0 ? (
            <ul className="fr-tags-group">
              {values.agentIds.map((id) => (
                <li key={id}>
                  <button
                    type="button"
                    className="fr-tag fr-tag--dismiss"
                    aria-label={`Retirer ${nameOf(id)}`}
                    onClick={() =>
                      set(
                        'agentIds',
                        values.agentIds.filter((a) => a !== id),
                      )
                    }
                  >
                    {nameOf(id)}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="fr-text--sm fr-mb-1w">Aucun autre agent.</p>
          )}
          <OptionSelect
            label="Ajouter un agent"
            empty="Choisir un collègue"
            value=""
            onChange={(v) => v && set('agentIds', [...values.agentIds, v])}
            options={people.filter(
              (c) => c.value !== values.leadUserId && !values.agentIds.includes(c.value),
            )}
            state={form.state('agentIds')}
          />
        </div>
      </fieldset>
      <Input
        label="Partenaires (facultatif)"
        hintText="Un par ligne, par exemple « Croix-Rouge : 2 bénévoles »."
        textArea
        nativeTextAreaProps={{
          rows: 2,
          value: values.partnerNames,
          onChange: (e) => set('partnerNames', e.target.value),
        }}
        {...form.state('partnerNames')}
      />
      <Input
        label="Note (facultatif)"
        textArea
        nativeTextAreaProps={{ rows: 2, value: values.note, onChange: (e) => set('note', e.target.value) }}
        {...form.state('note')}
      />
      <Button type="submit" disabled={props.pending}>
        {props.submitLabel}
      </Button>
    </form>
  )
}
