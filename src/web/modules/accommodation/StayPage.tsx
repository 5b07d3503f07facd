import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type ReactNode, useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  MEDICAL_OPINION,
  STAY_EXIT_DESTINATION,
  STAY_EXIT_REASON,
  STRUCTURE_KIND,
} from '../../../shared/accommodation.ts'
import {
  type StayDetail,
  stayExitInputSchema,
  stayMoveInputSchema,
  stayOpinionInputSchema,
  stayRenewalInputSchema,
} from '../../../shared/accommodation-stays.ts'
import { addMonths, todayInFrance } from '../../../shared/dates.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useChangeStay, useStay } from './stays-api.ts'

const GOAL_STATUS: Record<string, string> = {
  planned: 'Prévu',
  in_progress: 'En cours',
  achieved: 'Atteint',
  abandoned: 'Abandonné',
}
const RECORD_STATUS: Record<string, string> = { open: 'En cours', suspended: 'Suspendu', closed: 'Clos' }

type Form = ReturnType<typeof useFormErrors>

function Panel(props: { id: string; title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={props.id}
      className="fr-p-3w fr-mb-3w"
      style={{ border: '1px solid var(--border-default-grey)' }}
    >
      <h2 id={props.id} className="fr-h5 fr-mb-2w">
        {props.title}
      </h2>
      {props.children}
    </section>
  )
}

function Field(props: {
  form: Form
  path: string
  label: string
  value: string
  onChange: (value: string) => void
  type?: string
  textArea?: boolean
}) {
  const native = {
    value: props.value,
    onChange: (e: { target: { value: string } }) => props.onChange(e.target.value),
  }
  return props.textArea ? (
    <Input label={props.label} textArea nativeTextAreaProps={native} {...props.form.state(props.path)} />
  ) : (
    <Input
      label={props.label}
      nativeInputProps={{ ...native, type: props.type ?? 'text' }}
      {...props.form.state(props.path)}
    />
  )
}

function Choice(props: {
  form: Form
  path: string
  label: string
  value: string
  onChange: (value: string) => void
  options: [string, string][]
}) {
  return (
    <Select
      label={props.label}
      nativeSelectProps={{ value: props.value, onChange: (e) => props.onChange(e.target.value) }}
      {...props.form.state(props.path)}
    >
      <option value="" disabled>
        Choisir
      </option>
      {props.options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </Select>
  )
}

function Messages({ form }: { form: Form }) {
  return (
    <>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
    </>
  )
}

function RenewalForm({ stay }: { stay: StayDetail }) {
  const form = useFormErrors()
  const change = useChangeStay(stay.id)
  const today = todayInFrance()
  const [values, setValues] = useState({
    renewedOn: today,
    newEndOn: addMonths(stay.plannedEndOn ?? today, 2),
    justification: '',
  })
  const submit = async () => {
    const body = form.check(stayRenewalInputSchema, values)
    if (!body) return
    const done = await form.run(() => change.mutateAsync({ kind: 'renewals', body }), 'Séjour renouvelé.')
    if (done) setValues({ ...values, justification: '' })
  }
  return (
    <form
      aria-label="Renouveler le séjour"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h3 className="fr-h6">Renouveler le séjour</h3>
      {stay.requiresMedicalOpinion && (
        <p className="fr-text--sm">
          Cette structure renouvelle sur un nouvel avis médical favorable, donné par une infirmière ou un
          médecin depuis le dernier renouvellement.
        </p>
      )}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Field
            form={form}
            path="renewedOn"
            label="Date du renouvellement"
            type="date"
            value={values.renewedOn}
            onChange={(renewedOn) => setValues({ ...values, renewedOn })}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Field
            form={form}
            path="newEndOn"
            label="Nouvelle fin prévue"
            type="date"
            value={values.newEndOn}
            onChange={(newEndOn) => setValues({ ...values, newEndOn })}
          />
        </div>
      </div>
      <Field
        form={form}
        path="justification"
        label="Justification"
        textArea
        value={values.justification}
        onChange={(justification) => setValues({ ...values, justification })}
      />
      <Messages form={form} />
      <Button type="submit">Renouveler</Button>
    </form>
  )
}

function OpinionForm({ stay }: { stay: StayDetail }) {
  const form = useFormErrors()
  const change = useChangeStay(stay.id)
  const [values, setValues] = useState({ opinion: '', givenOn: todayInFrance(), medicalNote: '' })
  const submit = async () => {
    const body = form.check(stayOpinionInputSchema, values)
    if (!body) return
    const done = await form.run(
      () => change.mutateAsync({ kind: 'medical-opinions', body }),
      'Avis médical enregistré.',
    )
    if (done) setValues({ ...values, opinion: '', medicalNote: '' })
  }
  return (
    <form
      aria-label="Donner un avis médical"
      className="fr-mt-2w"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h3 className="fr-h6">Donner un avis médical sur la poursuite du séjour</h3>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Choice
            form={form}
            path="opinion"
            label="Avis"
            value={values.opinion}
            onChange={(opinion) => setValues({ ...values, opinion })}
            options={Object.entries(MEDICAL_OPINION.labels)}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Field
            form={form}
            path="givenOn"
            label="Date de l’avis"
            type="date"
            value={values.givenOn}
            onChange={(givenOn) => setValues({ ...values, givenOn })}
          />
        </div>
      </div>
      <Field
        form={form}
        path="medicalNote"
        label="Note médicale (lue par les seuls rôles médicaux)"
        textArea
        value={values.medicalNote}
        onChange={(medicalNote) => setValues({ ...values, medicalNote })}
      />
      <Messages form={form} />
      <Button type="submit">Enregistrer l’avis</Button>
    </form>
  )
}

function MoveForm({ stay }: { stay: StayDetail }) {
  const form = useFormErrors()
  const change = useChangeStay(stay.id)
  const [values, setValues] = useState({ placeId: '', movedOn: todayInFrance() })
  const submit = async () => {
    const body = form.check(stayMoveInputSchema, values)
    if (!body) return
    const done = await form.run(
      () => change.mutateAsync({ kind: 'moves', body }),
      'Changement de place enregistré.',
    )
    if (done) setValues({ ...values, placeId: '' })
  }
  return (
    <form
      aria-label="Changer de place"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Choice
            form={form}
            path="placeId"
            label="Nouvelle place"
            value={values.placeId}
            onChange={(placeId) => setValues({ ...values, placeId })}
            options={stay.freePlaces.map((p) => [p.placeId, `${p.unitLabel} — place ${p.placeLabel}`])}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Field
            form={form}
            path="movedOn"
            label="À partir du"
            type="date"
            value={values.movedOn}
            onChange={(movedOn) => setValues({ ...values, movedOn })}
          />
        </div>
      </div>
      <Messages form={form} />
      <Button type="submit" priority="secondary">
        Changer de place
      </Button>
    </form>
  )
}

function ExitForm({ stay }: { stay: StayDetail }) {
  const form = useFormErrors()
  const change = useChangeStay(stay.id)
  const [values, setValues] = useState({ endedOn: todayInFrance(), reason: '', destination: '', note: '' })
  const submit = async () => {
    const body = form.check(stayExitInputSchema, values)
    if (!body) return
    await form.run(
      () => change.mutateAsync({ kind: 'exit', body }),
      'Sortie enregistrée : la place est libérée.',
    )
  }
  return (
    <form
      aria-label="Enregistrer la sortie"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Field
            form={form}
            path="endedOn"
            label="Date de sortie"
            type="date"
            value={values.endedOn}
            onChange={(endedOn) => setValues({ ...values, endedOn })}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Choice
            form={form}
            path="reason"
            label="Motif de sortie"
            value={values.reason}
            onChange={(reason) => setValues({ ...values, reason })}
            options={Object.entries(STAY_EXIT_REASON.labels)}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Choice
            form={form}
            path="destination"
            label="Destination"
            value={values.destination}
            onChange={(destination) => setValues({ ...values, destination })}
            options={Object.entries(STAY_EXIT_DESTINATION.labels)}
          />
        </div>
      </div>
      <Field
        form={form}
        path="note"
        label="Précisions (facultatif)"
        value={values.note}
        onChange={(note) => setValues({ ...values, note })}
      />
      <Messages form={form} />
      <Button type="submit">Enregistrer la sortie</Button>
    </form>
  )
}

function SupportRecordPanel({ stay }: { stay: StayDetail }) {
  const form = useFormErrors()
  const change = useChangeStay(stay.id)
  const [recordId, setRecordId] = useState('')
  const record = stay.supportRecord
  const link = (supportRecordId: string | null, success: string) =>
    form.run(() => change.mutateAsync({ kind: 'support-record', body: { supportRecordId } }), success)
  return (
    <Panel id="stay-record" title="Accompagnement et projet de sortie">
      {record ? (
        <>
          <p className="fr-mb-1w">
            <Link to={`/accompagnement/${record.id}`}>{record.typeLabel}</Link> —{' '}
            {RECORD_STATUS[record.status] ?? record.status}
          </p>
          <p className="fr-mb-1w">
            <span className="fr-text--bold">Projet de sortie : </span>
            {record.exitPlan ?? 'pas encore écrit dans l’accompagnement.'}
          </p>
          {record.goals.length > 0 && (
            <ul>
              {record.goals.map((goal) => (
                <li key={goal.label}>
                  {goal.label} — {GOAL_STATUS[goal.status] ?? goal.status}
                  {goal.targetOn ? `, pour le ${formatDate(goal.targetOn)}` : ''}
                </li>
              ))}
            </ul>
          )}
          {stay.mayManage && (
            <Button priority="tertiary" size="small" onClick={() => void link(null, 'Accompagnement délié.')}>
              Délier l’accompagnement
            </Button>
          )}
        </>
      ) : (
        <p>Aucun accompagnement lié à ce séjour.</p>
      )}
      {!record && stay.linkableRecords.length > 0 && (
        <form
          aria-label="Lier un accompagnement"
          onSubmit={(e) => {
            e.preventDefault()
            if (!recordId) {
              form.show('Choisissez un accompagnement.', [
                { path: 'supportRecordId', message: 'Choisissez un accompagnement.' },
              ])
              return
            }
            void link(recordId, 'Accompagnement lié au séjour.')
          }}
        >
          <Choice
            form={form}
            path="supportRecordId"
            label="Accompagnement de la personne"
            value={recordId}
            onChange={setRecordId}
            options={stay.linkableRecords.map((r) => [r.id, r.typeLabel])}
          />
          <Button type="submit" priority="secondary">
            Lier au séjour
          </Button>
        </form>
      )}
      <Messages form={form} />
    </Panel>
  )
}

/** /hebergement/sejours/:id — a stay: its places, renewals, medical opinions, exit, follow-up. */
export function StayPage() {
  const { id = '' } = useParams()
  const query = useStay(id)
  const stay = query.data
  usePageTitle(stay ? `Séjour de ${stay.personName}` : 'Séjour')
  const open = stay ? stay.endedOn === null : false
  return (
    <div className="fr-container fr-my-4w">
      <Breadcrumb
        currentPageLabel={stay ? `Séjour de ${stay.personName}` : 'Séjour'}
        segments={[{ label: 'Séjours', linkProps: { to: '/hebergement/sejours' } }]}
      />
      <ErrorAlert message={query.error ? applyApiError(query.error) : undefined} />
      {stay && (
        <>
          <h1 className="fr-h3">
            Séjour de <Link to={`/personnes/${stay.personId}`}>{stay.personName}</Link>{' '}
            <Badge severity={open ? 'success' : 'info'} noIcon>
              {open ? 'En cours' : 'Terminé'}
            </Badge>
          </h1>
          <p>
            {stay.structureName} ({STRUCTURE_KIND.labels[stay.structureKind]}) — entrée le{' '}
            {formatDate(stay.startedOn)}
            {stay.placeLabel && `, ${stay.unitLabel} — place ${stay.placeLabel}`}
            {open &&
              (stay.plannedEndOn
                ? ` — fin prévue le ${formatDate(stay.plannedEndOn)}`
                : ' — sans fin prévue')}
          </p>
          {!open && (
            <p>
              Sorti·e le {formatDate(stay.endedOn)} :{' '}
              {stay.exitReason && STAY_EXIT_REASON.labels[stay.exitReason]} — destination :{' '}
              {stay.exitDestination && STAY_EXIT_DESTINATION.labels[stay.exitDestination]}
              {stay.exitNote && ` (${stay.exitNote})`}
            </p>
          )}

          <Panel id="stay-renewals" title="Renouvellements">
            {stay.renewals.length === 0 && <p>Aucun renouvellement.</p>}
            <ul>
              {stay.renewals.map((r) => (
                <li key={r.id}>
                  Le {formatDate(r.renewedOn)} : jusqu’au {formatDate(r.newEndOn)}
                  {r.previousEndOn && ` (au lieu du ${formatDate(r.previousEndOn)})`} — {r.justification}
                  {r.opinionGivenOn && ` — avis médical du ${formatDate(r.opinionGivenOn)}`}
                  {r.decidedByName && ` — ${r.decidedByName}`}
                </li>
              ))}
            </ul>
            {open && stay.mayManage && <RenewalForm stay={stay} />}
          </Panel>

          {stay.requiresMedicalOpinion && (
            <Panel id="stay-opinions" title="Avis médicaux">
              {stay.opinions.length === 0 && <p>Aucun avis médical sur ce séjour.</p>}
              <ul>
                {stay.opinions.map((o) => (
                  <li key={o.id}>
                    {MEDICAL_OPINION.labels[o.opinion]} le {formatDate(o.givenOn)} par {o.givenByName}
                    {o.used ? ' — a servi à un renouvellement' : ''}
                    {o.medicalNote ? ` — ${o.medicalNote}` : ''}
                  </li>
                ))}
              </ul>
              {stay.mayGiveOpinion && <OpinionForm stay={stay} />}
            </Panel>
          )}

          <Panel id="stay-places" title="Places occupées">
            <ul>
              {stay.places.map((p) => (
                <li key={`${p.placeId}-${p.fromOn}`}>
                  {p.unitLabel} — place {p.placeLabel} : du {formatDate(p.fromOn)}
                  {p.toOn ? ` au ${formatDate(p.toOn)}` : ' à aujourd’hui'}
                </li>
              ))}
            </ul>
            {open && stay.mayManage && stay.freePlaces.length > 0 && <MoveForm stay={stay} />}
            {open && stay.mayManage && stay.freePlaces.length === 0 && (
              <p className="fr-text--sm">Aucune autre place libre aujourd’hui dans la structure.</p>
            )}
          </Panel>

          {open && stay.mayManage && (
            <Panel id="stay-exit" title="Sortie">
              <ExitForm stay={stay} />
            </Panel>
          )}

          <SupportRecordPanel stay={stay} />
        </>
      )}
    </div>
  )
}
