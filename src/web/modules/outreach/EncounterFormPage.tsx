import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import {
  ENCOUNTER_ACTION,
  ENGAGED_DETAIL,
  ENGAGED_STAGES,
  ENGAGEMENT_STAGE,
  type Encounter,
  type EngagementStage,
  encounterInputSchema,
  OUTREACH_NEED,
  PLACE_TYPE,
  SITUATION,
} from '../../../shared/outreach.ts'
import { SEX } from '../../../shared/people.ts'
import { parseTypedNumber } from '../../lib/numbers.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  type EncounterPayload,
  forget,
  keep,
  newIdempotencyKey,
  pendingEntry,
  sendEncounter,
  useStillWaiting,
} from './api/encounter-queue.ts'
import { useFollowup } from './api/followups.ts'
import { useOpenReports } from './api/open-reports.ts'
import { useContactReasons, useTeams } from './api/pickers.ts'
import { usePlaces } from './api/places.ts'
import { useRoundSheet } from './api/rounds.ts'
import {
  PersonChooser,
  type Picked,
  type Position,
  PositionField,
  ServiceChooser,
} from './encounter-fields.tsx'
import { describeAnonymous, roundTitle } from './outreach-format.tsx'
import { enumOptions, OptionSelect, TeamSelect } from './ui.tsx'

type Who = 'anonymous' | 'new' | 'known'
const WHO_LABELS: Record<Who, string> = {
  anonymous: 'Personne anonyme (description)',
  new: 'Nouvelle personne (surnom)',
  known: 'Personne déjà connue',
}

/** The form as typed: numbers stay text until sent, so that what the agent typed is never lost. */
interface Draft {
  key: string
  roundId: string
  reportId: string
  teamId: string
  who: Who
  person: Picked | null
  newPerson: { nickname: string; description: string; sex: string; approximateAge: string }
  anonymous: {
    sex: string
    approximateAge: string
    withChildren: boolean
    peopleCount: string
    description: string
  }
  stage: string
  situation: string
  reasonIds: string[]
  needs: string[]
  actions: string[]
  orientationTeamId: string
  service: Picked | null
  placeId: string
  placeOccupants: string
  address: string
  position: Position | null
  occurredAt: string
  note: string
}

const blankDraft = (keepFrom?: Partial<Draft>): Draft => ({
  key: newIdempotencyKey(),
  roundId: keepFrom?.roundId ?? '',
  reportId: '',
  teamId: keepFrom?.teamId ?? '',
  who: 'anonymous',
  person: null,
  newPerson: { nickname: '', description: '', sex: '', approximateAge: '' },
  anonymous: { sex: '', approximateAge: '', withChildren: false, peopleCount: '1', description: '' },
  stage: '',
  situation: '',
  reasonIds: [],
  needs: [],
  actions: [],
  orientationTeamId: '',
  service: null,
  placeId: keepFrom?.placeId ?? '',
  placeOccupants: '',
  address: '',
  position: null,
  occurredAt: '',
  note: '',
})

/** "25" → 25, "" → null; anything else stays a number the schema refuses (NaN) with a French message. */
const numberOrNull = (text: string) => parseTypedNumber(text) ?? null

function toPayload(d: Draft, now: string): EncounterPayload {
  const withStage = d.stage ? { engagementStage: d.stage as EngagementStage } : {}
  const who =
    d.who === 'anonymous'
      ? {
          anonymous: {
            sex: (d.anonymous.sex || null) as 'male' | null,
            approximateAge: numberOrNull(d.anonymous.approximateAge),
            withChildren: d.anonymous.withChildren,
            peopleCount: numberOrNull(d.anonymous.peopleCount) ?? 1,
            description: d.anonymous.description,
          },
        }
      : d.who === 'new'
        ? {
            newPerson: {
              nickname: d.newPerson.nickname,
              description: d.newPerson.description,
              sex: (d.newPerson.sex || null) as 'male' | null,
              approximateAge: numberOrNull(d.newPerson.approximateAge),
            },
            ...withStage,
          }
        : { personId: d.person?.id ?? null, ...withStage }
  return {
    idempotencyKey: d.key,
    occurredAt: d.occurredAt ? new Date(d.occurredAt).toISOString() : now,
    roundId: d.roundId || null,
    // Left out, the server gives the encounter to the round's team.
    ...(d.teamId ? { teamId: d.teamId } : {}),
    ...who,
    situation: d.situation as EncounterPayload['situation'],
    reasonIds: d.reasonIds,
    needs: d.needs as EncounterPayload['needs'],
    actions: d.actions as EncounterPayload['actions'],
    orientationTeamId: d.actions.includes('orientation_team') ? d.orientationTeamId || null : null,
    orientationPartnerServiceId: d.actions.includes('orientation_partner') ? (d.service?.id ?? null) : null,
    placeId: d.placeId || null,
    ...(d.placeId && d.placeOccupants.trim() ? { placeOccupants: numberOrNull(d.placeOccupants) } : {}),
    address: d.address,
    latitude: d.position?.latitude ?? null,
    longitude: d.position?.longitude ?? null,
    note: d.note,
  }
}

/** One line for the agent's waiting list: who, and the situation. */
function summaryOf(d: Draft) {
  const who =
    d.who === 'anonymous'
      ? describeAnonymous({
          sex: d.anonymous.sex || null,
          approximateAge: numberOrNull(d.anonymous.approximateAge),
          withChildren: d.anonymous.withChildren,
          peopleCount: numberOrNull(d.anonymous.peopleCount) ?? 1,
          description: null,
        })
      : d.who === 'new'
        ? d.newPerson.nickname || d.newPerson.description || 'Nouvelle personne'
        : (d.person?.name ?? 'Personne connue')
  const situation = SITUATION.labels[d.situation as keyof typeof SITUATION.labels]
  return [who, situation].filter(Boolean).join(' · ')
}

/** Why the encounter stays on the phone, and that it will leave by itself. */
function keptMessage(summary: string, detail: string) {
  const why = navigator.onLine ? detail : 'Pas de réseau.'
  return `${why} La rencontre « ${summary} » est gardée sur ce téléphone : elle partira dès que possible, une seule fois.`
}

type Outcome =
  | { kind: 'sent'; encounter: Encounter; stage: string }
  | { kind: 'kept'; key: string; summary: string; detail: string }

/** Records an encounter in the street: one column, large targets; kept on the phone when the network drops. */
export function EncounterFormPage() {
  usePageTitle('Nouvelle rencontre')
  const [params] = useSearchParams()
  const { data: me } = useMe()
  const resumed = params.get('reprise') ? pendingEntry(params.get('reprise')!) : undefined
  const [draft, setDraft] = useState<Draft>(() =>
    resumed
      ? (resumed.draft as Draft)
      : {
          ...blankDraft(),
          roundId: params.get('tournee') ?? '',
          reportId: params.get('signalement') ?? '',
          placeId: params.get('lieu') ?? '',
        },
  )
  const [outcome, setOutcome] = useState<Outcome>()
  const [sending, setSending] = useState(false)
  // Once the kept encounter has left (the list above says « envoyée ») or was refused, "kept" is no longer true.
  const keptWaiting = useStillWaiting(outcome?.kind === 'kept' ? outcome.key : undefined)
  const form = useFormErrors()
  const topRef = useRef<HTMLDivElement>(null)

  const teams = useTeams()
  const reasons = useContactReasons()
  const round = useRoundSheet(draft.roundId)
  // The active places of the round's zone (or all of them) to pick from: the first 200 by name, the
  // total said under the list when there are more.
  const places = usePlaces({
    status: 'active',
    zoneId: round.data?.round.zoneId ?? undefined,
    pageSize: '200',
  })
  const reports = useOpenReports(Boolean(draft.reportId) && hasPermission(me, 'report.triage'))
  const report = reports.data?.find((r) => r.id === draft.reportId)

  // The agent's own team, the first time (the round's team applies by itself during a round).
  useEffect(() => {
    if (draft.teamId || draft.roundId || !teams.data || !me) return
    const own = teams.data.find((t) => t.active && me.user.teamIds.includes(t.id))
    if (own) setDraft((d) => ({ ...d, teamId: own.id }))
  }, [teams.data, me, draft.teamId, draft.roundId])

  const set = <K extends keyof Draft>(field: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [field]: value }))
  const toggle = (field: 'reasonIds' | 'needs' | 'actions', value: string, on: boolean) =>
    setDraft((d) => {
      let list = on ? [...d[field], value] : d[field].filter((v) => v !== value)
      // "Nothing accepted" stands alone.
      if (field === 'actions' && on) {
        list = value === 'nothing_accepted' ? [value] : list.filter((v) => v !== 'nothing_accepted')
      }
      return { ...d, [field]: list }
    })

  const done = (result: Outcome) => {
    setOutcome(result)
    if (resumed) void forget(resumed.key)
    setDraft((d) => blankDraft({ roundId: d.roundId, teamId: d.teamId }))
    topRef.current?.focus()
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    setOutcome(undefined)
    // The payload as typed is what is sent (and kept): the schema only checks it here.
    const payload = toPayload(draft, new Date().toISOString())
    if (!form.check(encounterInputSchema, payload)) {
      topRef.current?.focus()
      return
    }
    const summary = summaryOf(draft)
    const entry = {
      key: draft.key,
      userId: me?.user.id ?? '',
      payload,
      draft,
      summary,
      reportId: draft.reportId || null,
      savedAt: new Date().toISOString(),
      refusal: null,
    }
    setSending(true)
    const result = await sendEncounter(payload, entry.reportId)
    setSending(false)
    if (result.outcome === 'sent') {
      done({ kind: 'sent', encounter: result.encounter, stage: draft.stage })
    } else if (result.outcome === 'retry') {
      try {
        await keep(entry)
      } catch {
        form.show(
          'Pas de réseau, et ce téléphone n’a pas pu garder la rencontre : laissez la page ouverte et envoyez-la au retour du réseau.',
          [],
        )
        topRef.current?.focus()
        return
      }
      done({ kind: 'kept', key: entry.key, summary, detail: result.detail })
    } else {
      form.show(result.detail, result.errors)
      topRef.current?.focus()
    }
  }

  const zonePlaces = places.data?.items ?? []
  // A front desk reason named like an outreach need ("Alimentation") is offered once, as the need.
  const needLabels = new Set(Object.values(OUTREACH_NEED.labels).map((l) => l.toLocaleLowerCase('fr')))
  const activeReasons = (reasons.data ?? []).filter(
    (r) => r.active && !needLabels.has(r.label.toLocaleLowerCase('fr')),
  )
  const whoError = form.fields.personId ?? form.fields.anonymous ?? form.fields.newPerson

  return (
    <div className="outreach-narrow">
      <h1>Nouvelle rencontre</h1>
      {round.data && (
        <p>
          Pendant la{' '}
          <Link to={`/aller-vers/tournees/${round.data.round.id}`}>
            {roundTitle(round.data.round).replace(/^Tournée/, 'tournée')}
          </Link>
          {round.data.round.zoneName && ` — ${round.data.round.zoneName}`}
        </p>
      )}
      {report && (
        <div className="fr-callout fr-mb-3w">
          <p className="fr-callout__title fr-text--md">En réponse au signalement {report.reference}</p>
          <p className="fr-callout__text fr-text--sm">
            {report.locationText} — {report.situation}
          </p>
        </div>
      )}
      <div ref={topRef} tabIndex={-1}>
        <ErrorAlert message={form.error} />
        {outcome?.kind === 'sent' && <Saved encounter={outcome.encounter} stage={outcome.stage} />}
        {outcome?.kind === 'kept' && keptWaiting && (
          <Alert
            className="fr-mb-3w"
            severity="warning"
            small
            role="status"
            description={keptMessage(outcome.summary, outcome.detail)}
          />
        )}
      </div>
      {resumed?.refusal && (
        <Alert
          className="fr-mb-3w"
          severity="error"
          small
          description={`Cette rencontre saisie sans réseau a été refusée : ${resumed.refusal.detail}`}
        />
      )}

      <form onSubmit={submit} noValidate aria-label="Nouvelle rencontre">
        <fieldset className="fr-fieldset outreach-section">
          <legend className="fr-fieldset__legend">
            <h2 className="fr-h5 fr-mb-0">Qui ?</h2>
          </legend>
          <div className="fr-fieldset__element">
            <RadioButtons
              legend="Personne rencontrée"
              options={(Object.keys(WHO_LABELS) as Who[]).map((value) => ({
                label: WHO_LABELS[value],
                nativeInputProps: { checked: draft.who === value, onChange: () => set('who', value) },
              }))}
              state={whoError && !form.fields['anonymous.approximateAge'] ? 'error' : 'default'}
              stateRelatedMessage={whoError}
            />
            {draft.who === 'anonymous' && (
              <AnonymousFields draft={draft} setDraft={setDraft} state={form.state} />
            )}
            {draft.who === 'new' && <NewPersonFields draft={draft} setDraft={setDraft} state={form.state} />}
            {draft.who === 'known' && (
              <PersonChooser picked={draft.person} onPick={(p) => set('person', p)} />
            )}
            {draft.who !== 'anonymous' && (
              <OptionSelect
                label="Étape de l’accompagnement (facultatif)"
                hint="À renseigner si elle change : la date de la rencontre est retenue."
                empty="Sans changement"
                value={draft.stage}
                onChange={(v) => set('stage', v)}
                options={enumOptions(ENGAGEMENT_STAGE.labels)}
                state={form.state('engagementStage')}
              />
            )}
          </div>
        </fieldset>

        <RadioButtons
          legend="Situation"
          className="outreach-section"
          options={SITUATION.values.map((value) => ({
            label: SITUATION.labels[value],
            nativeInputProps: { checked: draft.situation === value, onChange: () => set('situation', value) },
          }))}
          {...form.state('situation')}
        />

        <Checkbox
          legend="Besoins exprimés"
          className="outreach-section"
          options={[
            ...OUTREACH_NEED.values.map((value) => ({
              label: OUTREACH_NEED.labels[value],
              nativeInputProps: {
                checked: draft.needs.includes(value),
                onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
                  toggle('needs', value, e.target.checked),
              },
            })),
            ...activeReasons.map((r) => ({
              label: r.label,
              nativeInputProps: {
                checked: draft.reasonIds.includes(r.id),
                onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
                  toggle('reasonIds', r.id, e.target.checked),
              },
            })),
          ]}
          {...form.state('needs')}
        />

        <Checkbox
          legend="Ce qui a été fait"
          className="outreach-section"
          options={ENCOUNTER_ACTION.values.map((value) => ({
            label: ENCOUNTER_ACTION.labels[value],
            nativeInputProps: {
              checked: draft.actions.includes(value),
              onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
                toggle('actions', value, e.target.checked),
            },
          }))}
          {...form.state('actions')}
        />
        {draft.actions.includes('orientation_team') && (
          <TeamSelect
            label="Équipe vers laquelle la personne est orientée"
            empty="Choisir une équipe"
            value={draft.orientationTeamId}
            onChange={(v) => set('orientationTeamId', v)}
            state={form.state('orientationTeamId')}
          />
        )}
        {draft.actions.includes('orientation_partner') && (
          <ServiceChooser
            label="Service partenaire"
            picked={draft.service}
            onPick={(p) => set('service', p)}
            error={form.fields.orientationPartnerServiceId}
          />
        )}

        <fieldset className="fr-fieldset outreach-section">
          <legend className="fr-fieldset__legend">
            <h2 className="fr-h5 fr-mb-0">Où ?</h2>
          </legend>
          <div className="fr-fieldset__element">
            <OptionSelect
              label="Lieu connu (facultatif)"
              hint={
                [
                  round.data?.round.zoneName && `Lieux du secteur ${round.data.round.zoneName}`,
                  places.data &&
                    places.data.total > zonePlaces.length &&
                    `Les ${zonePlaces.length} premiers des ${places.data.total} lieux actifs, par nom`,
                ]
                  .filter(Boolean)
                  .join(' · ') || undefined
              }
              empty="Aucun"
              value={draft.placeId}
              onChange={(v) => set('placeId', v)}
              options={zonePlaces.map((p) => ({
                value: p.id,
                label: `${p.name} (${PLACE_TYPE.labels[p.type]})`,
              }))}
              state={form.state('placeId')}
            />
            {draft.placeId && (
              <Input
                label="Personnes vues sur place (facultatif)"
                hintText="Compte la visite du lieu."
                nativeInputProps={{
                  type: 'number',
                  inputMode: 'numeric',
                  min: 0,
                  value: draft.placeOccupants,
                  onChange: (e) => set('placeOccupants', e.target.value),
                }}
                {...form.state('placeOccupants')}
              />
            )}
            <Input
              label="Adresse ou repère (facultatif)"
              nativeInputProps={{
                value: draft.address,
                autoComplete: 'off',
                onChange: (e) => set('address', e.target.value),
              }}
              {...form.state('address')}
            />
            <PositionField
              position={draft.position}
              onChange={(p) => set('position', p)}
              error={form.fields.longitude ?? form.fields.latitude}
            />
          </div>
        </fieldset>

        <fieldset className="fr-fieldset outreach-section">
          <legend className="fr-fieldset__legend">
            <h2 className="fr-h5 fr-mb-0">Et aussi</h2>
          </legend>
          <div className="fr-fieldset__element">
            <TeamSelect
              hint={draft.roundId ? 'Par défaut, l’équipe de la tournée.' : undefined}
              empty={draft.roundId ? 'Celle de la tournée' : 'Non précisée'}
              value={draft.teamId}
              onChange={(v) => set('teamId', v)}
              state={form.state('teamId')}
            />
            <Input
              label="Date et heure (facultatif)"
              hintText="Si la rencontre n’a pas eu lieu à l’instant."
              nativeInputProps={{
                type: 'datetime-local',
                value: draft.occurredAt,
                onChange: (e) => set('occurredAt', e.target.value),
              }}
              {...form.state('occurredAt')}
            />
            <Input
              label="Note (facultatif)"
              hintText="Ce qui a été dit, ce qui est prévu. Visible par les collègues habilités."
              textArea
              nativeTextAreaProps={{
                rows: 3,
                value: draft.note,
                onChange: (e) => set('note', e.target.value),
              }}
              {...form.state('note')}
            />
          </div>
        </fieldset>

        <Button type="submit" size="large" disabled={sending} className="outreach-submit">
          {sending ? 'Enregistrement…' : 'Enregistrer la rencontre'}
        </Button>
      </form>
    </div>
  )
}

type DraftProps = {
  draft: Draft
  setDraft: React.Dispatch<React.SetStateAction<Draft>>
  state: (path: string) => { state?: 'error'; stateRelatedMessage?: string }
}

function SexChoice(props: { value: string; onChange: (v: string) => void; name: string }) {
  return (
    <RadioButtons
      legend="Sexe"
      orientation="horizontal"
      name={props.name}
      options={[
        ...SEX.values.map((v) => ({ value: v, label: SEX.labels[v] })),
        { value: '', label: 'Non précisé' },
      ].map((o) => ({
        label: o.label,
        nativeInputProps: { checked: props.value === o.value, onChange: () => props.onChange(o.value) },
      }))}
    />
  )
}

function AnonymousFields({ draft, setDraft, state }: DraftProps) {
  const a = draft.anonymous
  const set = (patch: Partial<Draft['anonymous']>) =>
    setDraft((d) => ({ ...d, anonymous: { ...d.anonymous, ...patch } }))
  return (
    <>
      <SexChoice name="anonymous-sex" value={a.sex} onChange={(sex) => set({ sex })} />
      <Input
        label="Âge approximatif"
        nativeInputProps={{
          type: 'number',
          inputMode: 'numeric',
          min: 0,
          max: 120,
          value: a.approximateAge,
          onChange: (e) => set({ approximateAge: e.target.value }),
        }}
        {...state('anonymous.approximateAge')}
      />
      <Checkbox
        options={[
          {
            label: 'Avec enfant(s)',
            nativeInputProps: {
              checked: a.withChildren,
              onChange: (e) => set({ withChildren: e.target.checked }),
            },
          },
        ]}
      />
      <Input
        label="Nombre de personnes"
        hintText="Un groupe ou une famille compte une situation."
        nativeInputProps={{
          type: 'number',
          inputMode: 'numeric',
          min: 1,
          value: a.peopleCount,
          onChange: (e) => set({ peopleCount: e.target.value }),
        }}
        {...state('anonymous.peopleCount')}
      />
      <Input
        label="Description (facultatif)"
        hintText="Ce qui permettra de la reconnaître : « blouson rouge, avec un chien »."
        nativeInputProps={{
          value: a.description,
          autoComplete: 'off',
          onChange: (e) => set({ description: e.target.value }),
        }}
        {...state('anonymous.description')}
      />
    </>
  )
}

function NewPersonFields({ draft, setDraft, state }: DraftProps) {
  const p = draft.newPerson
  const set = (patch: Partial<Draft['newPerson']>) =>
    setDraft((d) => ({ ...d, newPerson: { ...d.newPerson, ...patch } }))
  return (
    <>
      <p className="fr-text--sm">
        Un dossier est ouvert avec ce que la personne veut bien dire : un surnom suffit. L’identité sera
        demandée plus tard, si elle accepte un accompagnement.
      </p>
      <Input
        label="Surnom"
        nativeInputProps={{
          value: p.nickname,
          autoComplete: 'off',
          onChange: (e) => set({ nickname: e.target.value }),
        }}
        {...state('newPerson.nickname')}
      />
      <Input
        label="Description (facultatif)"
        nativeInputProps={{
          value: p.description,
          autoComplete: 'off',
          onChange: (e) => set({ description: e.target.value }),
        }}
        {...state('newPerson.description')}
      />
      <SexChoice name="new-person-sex" value={p.sex} onChange={(sex) => set({ sex })} />
      <Input
        label="Âge approximatif (facultatif)"
        nativeInputProps={{
          type: 'number',
          inputMode: 'numeric',
          min: 0,
          max: 120,
          value: p.approximateAge,
          onChange: (e) => set({ approximateAge: e.target.value }),
        }}
        {...state('newPerson.approximateAge')}
      />
    </>
  )
}

/** Once saved: the encounter, and what the file lacks if the person has just accepted support. */
function Saved({ encounter, stage }: { encounter: Encounter; stage: string }) {
  const engaged = ENGAGED_STAGES.includes(stage as EngagementStage)
  const followup = useFollowup(engaged ? encounter.followupId : null)
  const missing = followup.data?.missingDetails ?? []
  return (
    <div className="fr-mb-3w">
      <Alert
        severity="success"
        small
        role="status"
        description={
          encounter.personName
            ? `Rencontre enregistrée pour ${encounter.personName}.`
            : 'Rencontre anonyme enregistrée.'
        }
      />
      <p className="fr-mt-1w fr-mb-0">
        <Link to={`/aller-vers/rencontres/${encounter.id}`}>Voir la rencontre</Link>
        {encounter.roundId && (
          <>
            {' · '}
            <Link to={`/aller-vers/tournees/${encounter.roundId}`}>Retour à la tournée</Link>
          </>
        )}
      </p>
      {engaged && missing.length > 0 && encounter.personId && (
        <div className="fr-callout fr-mt-2w">
          <p className="fr-callout__title fr-text--md">La personne a accepté un accompagnement</p>
          <p className="fr-callout__text fr-text--sm">
            Son dossier est à compléter, quand elle le voudra :{' '}
            {missing.map((m) => ENGAGED_DETAIL.labels[m]).join(', ')}.
          </p>
          <Button
            priority="secondary"
            size="small"
            linkProps={{ to: `/personnes/${encounter.personId}/modifier` }}
          >
            Compléter le dossier
          </Button>
        </div>
      )}
    </div>
  )
}
