import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  ADMISSION_PRIORITY,
  ADMISSION_REFUSAL_MOTIF,
  ADMISSION_STATUS,
  MEDICAL_OPINION,
  ORIENTATION_SOURCE,
} from '../../../shared/accommodation.ts'
import {
  type AdmissionRequest,
  admissionAdmitSchema,
  admissionRefusalSchema,
  admissionRequestUpdateSchema,
  admissionValidationSchema,
  medicalOpinionInputSchema,
  medicalPartInputSchema,
} from '../../../shared/accommodation-admissions.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { formatDate, formatInstant } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { AdmissionRequestFields, draftOf } from './AdmissionRequestFields.tsx'
import { ADMISSION_STATUS_SEVERITY, PRIORITY_SEVERITY } from './AdmissionRequestsPage.tsx'
import {
  useAdmissionAction,
  useAdmissionRequest,
  useFreePlaces,
  useMedicalPart,
  useSaveMedicalPart,
  useUpdateAdmissionRequest,
} from './admissions-api.ts'

const box = { border: '1px solid var(--border-default-grey)' }

/** An admission request: its social part, the medical part for medical roles, the opinion, the decision, the bed. */
export function AdmissionRequestPage() {
  const { id = '' } = useParams()
  const request = useAdmissionRequest(id)
  usePageTitle('Demande d’admission en hébergement')
  if (request.error) {
    return (
      <div className="fr-container fr-my-4w">
        <ErrorAlert message={applyApiError(request.error)} />
      </div>
    )
  }
  if (!request.data) return null
  const r = request.data
  return (
    <div className="fr-container fr-my-4w">
      <p className="fr-mb-1w">
        <Link to="/hebergement/admissions">Demandes d’admission</Link>
      </p>
      <h1 className="fr-h3">
        Demande d’admission de <Link to={`/personnes/${r.personId}`}>{r.personName}</Link>
      </h1>
      <p>
        <Badge severity={ADMISSION_STATUS_SEVERITY[r.status]} noIcon className="fr-mr-1w">
          {ADMISSION_STATUS.labels[r.status]}
        </Badge>
        <Badge severity={PRIORITY_SEVERITY[r.priority]} noIcon>
          Priorité {ADMISSION_PRIORITY.labels[r.priority].toLowerCase()}
        </Badge>
      </p>
      <SocialPart request={r} />
      {r.structureRequiresMedicalOpinion && <MedicalSection request={r} />}
      <Decision request={r} />
    </div>
  )
}

function SocialPart({ request: r }: { request: AdmissionRequest }) {
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState(false)
  return (
    <section aria-labelledby="admission-social" className="fr-p-3w fr-mb-3w" style={box}>
      <h2 id="admission-social" className="fr-h5">
        Demande
      </h2>
      {saved && !editing && <SuccessAlert message="Demande modifiée." />}
      {editing ? (
        <EditRequestForm
          request={r}
          onDone={(changed) => {
            setEditing(false)
            setSaved(changed)
          }}
        />
      ) : (
        <>
          <RequestDetails request={r} />
          {r.can.edit && (
            <Button priority="secondary" onClick={() => setEditing(true)}>
              Modifier la demande
            </Button>
          )}
        </>
      )}
    </section>
  )
}

/** While the request waits: what it says may be corrected; its structure, person and companions stay. */
function EditRequestForm({
  request: r,
  onDone,
}: {
  request: AdmissionRequest
  onDone: (changed: boolean) => void
}) {
  const update = useUpdateAdmissionRequest(r.id)
  const form = useFormErrors()
  const [draft, setDraft] = useState(draftOf(r))

  async function save(event: FormEvent) {
    event.preventDefault()
    const input = form.check(admissionRequestUpdateSchema, {
      ...draft,
      orientationSource: draft.orientationSource || undefined,
      companionPersonIds: r.companions.map((c) => c.personId),
      supportRecordId: r.supportRecordId,
      orientingPartnerId: r.orientingPartnerId,
    })
    if (!input) return
    if (await form.run(() => update.mutateAsync(input))) onDone(true)
  }

  return (
    <form onSubmit={save} noValidate style={{ maxWidth: '40rem' }}>
      <ErrorAlert message={form.error} />
      <AdmissionRequestFields draft={draft} onChange={setDraft} form={form} />
      <Button type="submit" disabled={update.isPending} className="fr-mr-2w">
        Enregistrer les modifications
      </Button>
      <Button type="button" priority="tertiary" onClick={() => onDone(false)}>
        Annuler
      </Button>
    </form>
  )
}

function RequestDetails({ request: r }: { request: AdmissionRequest }) {
  return (
    <>
      <dl>
        <dt className="fr-text--bold">Structure</dt>
        <dd className="fr-mb-1w">{r.structureName}</dd>
        <dt className="fr-text--bold">Reçue le</dt>
        <dd className="fr-mb-1w">{formatDate(r.receivedOn)}</dd>
        <dt className="fr-text--bold">Orientation</dt>
        <dd className="fr-mb-1w">
          {ORIENTATION_SOURCE.labels[r.orientationSource]}
          {r.orientingPartnerName && ` — ${r.orientingPartnerName}`}
          {r.orientingContact && ` — ${r.orientingContact}`}
        </dd>
        {r.companions.length > 0 && (
          <>
            <dt className="fr-text--bold">Accompagnants</dt>
            <dd className="fr-mb-1w">{r.companions.map((c) => c.personName).join(', ')}</dd>
          </>
        )}
        {r.supportRecordId && (
          <>
            <dt className="fr-text--bold">Accompagnement</dt>
            <dd className="fr-mb-1w">
              <Link to={`/accompagnement/${r.supportRecordId}`}>Voir l’accompagnement</Link>
            </dd>
          </>
        )}
        <dt className="fr-text--bold">Partie sociale</dt>
        <dd className="fr-mb-1w" style={{ whiteSpace: 'pre-wrap' }}>
          {r.socialPart ?? '—'}
        </dd>
      </dl>
    </>
  )
}

/** The opinions for everyone who reads the request; the medical part and notes for medical roles only. */
function MedicalSection({ request: r }: { request: AdmissionRequest }) {
  const [open, setOpen] = useState(false)
  return (
    <section aria-labelledby="admission-medical" className="fr-p-3w fr-mb-3w" style={box}>
      <h2 id="admission-medical" className="fr-h5">
        Avis médical
      </h2>
      {r.opinions.length === 0 ? (
        <p>Aucun avis médical pour l’instant.</p>
      ) : (
        <ul>
          {r.opinions.map((o) => (
            <li key={`${o.givenOn}-${o.givenByName}-${o.opinion}`}>
              <strong>{o.opinionLabel}</strong> — le {formatDate(o.givenOn)} par {o.givenByName}
            </li>
          ))}
        </ul>
      )}
      {r.can.readMedical &&
        (open ? (
          <MedicalPartPanel request={r} />
        ) : (
          <Button priority="secondary" onClick={() => setOpen(true)}>
            Ouvrir la partie médicale
          </Button>
        ))}
      {!r.can.readMedical && (
        <p className="fr-text--sm fr-mb-0">
          La partie médicale n’est lisible que par l’équipe médicale
          {r.hasMedicalPart ? ' (elle a été rédigée).' : '.'}
        </p>
      )}
      {r.can.giveOpinion && <OpinionForm request={r} />}
    </section>
  )
}

function MedicalPartPanel({ request: r }: { request: AdmissionRequest }) {
  const part = useMedicalPart(r.id, true)
  const save = useSaveMedicalPart(r.id)
  const form = useFormErrors()
  const [draft, setDraft] = useState<string>()
  const content = draft ?? part.data?.content ?? ''
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const input = form.check(medicalPartInputSchema, { content })
    if (input) void form.run(() => save.mutateAsync(input.content), 'Partie médicale enregistrée.')
  }
  return (
    <div className="fr-mt-2w">
      <p className="fr-text--sm">Votre lecture de la partie médicale est tracée dans le journal d’audit.</p>
      <ErrorAlert message={part.error ? applyApiError(part.error) : undefined} />
      {part.data?.opinions.some((o) => o.medicalNote) && (
        <ul>
          {part.data.opinions
            .filter((o) => o.medicalNote)
            .map((o) => (
              <li key={`${o.givenOn}-${o.givenByName}-${o.medicalNote}`}>
                Note de l’avis {o.opinionLabel.toLowerCase()} du {formatDate(o.givenOn)} : {o.medicalNote}
              </li>
            ))}
        </ul>
      )}
      {part.data && (
        <form onSubmit={submit} noValidate aria-label="Partie médicale">
          <ErrorAlert message={form.error} />
          <SuccessAlert message={form.done} />
          <Input
            label="Partie médicale"
            hintText={
              part.data.writtenByName && part.data.updatedAt
                ? `Rédigée par ${part.data.writtenByName}, le ${formatInstant(part.data.updatedAt)}.`
                : 'Pas encore rédigée.'
            }
            textArea
            nativeTextAreaProps={{ value: content, onChange: (e) => setDraft(e.target.value), rows: 5 }}
            {...form.state('content')}
          />
          <Button type="submit" priority="secondary" disabled={save.isPending}>
            Enregistrer la partie médicale
          </Button>
        </form>
      )}
    </div>
  )
}

function OpinionForm({ request: r }: { request: AdmissionRequest }) {
  const action = useAdmissionAction(r.id)
  const form = useFormErrors()
  const [opinion, setOpinion] = useState('')
  const [givenOn, setGivenOn] = useState(todayInFrance())
  const [medicalNote, setMedicalNote] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const input = form.check(medicalOpinionInputSchema, {
      opinion: opinion || undefined,
      givenOn,
      medicalNote,
    })
    if (input) void form.run(() => action.mutateAsync({ kind: 'opinion', input }), 'Avis médical enregistré.')
  }
  return (
    <form onSubmit={submit} noValidate className="fr-mt-3w" aria-label="Donner l’avis médical">
      <h3 className="fr-h6">Donner l’avis médical</h3>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      <RadioButtons
        legend="Avis"
        orientation="horizontal"
        options={Object.entries(MEDICAL_OPINION.labels).map(([value, label]) => ({
          label,
          nativeInputProps: { value, checked: opinion === value, onChange: () => setOpinion(value) },
        }))}
        {...form.state('opinion')}
      />
      <Input
        label="Date de l’avis"
        nativeInputProps={{ type: 'date', value: givenOn, onChange: (e) => setGivenOn(e.target.value) }}
        {...form.state('givenOn')}
      />
      <Input
        label="Note médicale (lue par l’équipe médicale seulement)"
        textArea
        nativeTextAreaProps={{ value: medicalNote, onChange: (e) => setMedicalNote(e.target.value), rows: 3 }}
        {...form.state('medicalNote')}
      />
      <Button type="submit" disabled={action.isPending}>
        Enregistrer l’avis
      </Button>
    </form>
  )
}

/** What a decision form calls with its success line, once its work succeeded. */
type Done = (message: string) => void

/** The decision (validate with a reserved place, refuse), the withdrawal, and the admission to a bed. */
function Decision({ request: r }: { request: AdmissionRequest }) {
  // The form that acted is gone once the status moves on: the section keeps its success line.
  const [done, setDone] = useState<string>()
  const onDone: Done = setDone
  const nothing = !r.can.validate && !r.can.refuse && !r.can.withdraw && !r.can.admit
  return (
    <section aria-labelledby="admission-decision" className="fr-p-3w fr-mb-3w" style={box}>
      <h2 id="admission-decision" className="fr-h5">
        Décision et admission
      </h2>
      <SuccessAlert message={done} />
      {r.validatedAt && (
        <p>
          Validée le {formatInstant(r.validatedAt)}
          {r.validatedByName && ` par ${r.validatedByName}`} : place <strong>{r.reservedPlaceLabel}</strong>
          {r.expectedArrivalOn && `, arrivée prévue le ${formatDate(r.expectedArrivalOn)}`}.
        </p>
      )}
      {r.status === 'admitted' && (
        <p>
          Admise : {r.stayIds.length} séjour{r.stayIds.length > 1 ? 's ouverts' : ' ouvert'}.
        </p>
      )}
      {r.status === 'refused' && r.refusalMotif && (
        <p>
          Refusée le {formatDate(r.refusedOn)} : {ADMISSION_REFUSAL_MOTIF.labels[r.refusalMotif]}
          {r.refusalNote && ` — ${r.refusalNote}`}.
        </p>
      )}
      {r.status === 'awaiting_validation' && !r.can.validate && r.structureRequiresDirectorValidation && (
        <p>En attente de la validation de la direction.</p>
      )}
      {r.status === 'medical_review' && r.latestOpinion === 'unfavourable' && (
        <p>
          Le dernier avis médical est défavorable : la demande ne peut pas être validée sans un nouvel avis
          favorable.
        </p>
      )}
      {r.can.validate && <ValidateForm request={r} onDone={onDone} />}
      {r.can.admit && <AdmitForm request={r} onDone={onDone} />}
      {r.can.refuse && <RefuseForm request={r} onDone={onDone} />}
      {r.can.withdraw && <WithdrawForm request={r} onDone={onDone} />}
      {nothing && r.status !== 'admitted' && r.status !== 'refused' && r.status !== 'withdrawn' && (
        <p className="fr-mb-0">Aucune action ne vous revient à ce stade.</p>
      )}
    </section>
  )
}

function ValidateForm({ request: r, onDone }: { request: AdmissionRequest; onDone: Done }) {
  const action = useAdmissionAction(r.id)
  const form = useFormErrors()
  const [expectedArrivalOn, setExpectedArrivalOn] = useState(todayInFrance())
  const [placeId, setPlaceId] = useState('')
  const places = useFreePlaces(r.id, expectedArrivalOn, true)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const input = form.check(admissionValidationSchema, { placeId: placeId || undefined, expectedArrivalOn })
    if (input && (await form.run(() => action.mutateAsync({ kind: 'validate', input }))))
      onDone('Admission validée.')
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Valider l’admission" className="fr-mb-3w">
      <h3 className="fr-h6">Valider l’admission</h3>
      <ErrorAlert message={form.error} />
      <Input
        label="Arrivée prévue le"
        nativeInputProps={{
          type: 'date',
          value: expectedArrivalOn,
          onChange: (e) => setExpectedArrivalOn(e.target.value),
        }}
        {...form.state('expectedArrivalOn')}
      />
      <Select
        label="Place réservée"
        hint={places.data && places.data.items.length === 0 ? 'Aucune place libre à cette date.' : undefined}
        nativeSelectProps={{ value: placeId, onChange: (e) => setPlaceId(e.target.value) }}
        {...form.state('placeId')}
      >
        <option value="">Choisir une place libre</option>
        {(places.data?.items ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.unitLabel} — place {p.label}
          </option>
        ))}
      </Select>
      <Button type="submit" disabled={action.isPending}>
        Valider et réserver la place
      </Button>
    </form>
  )
}

function AdmitForm({ request: r, onDone }: { request: AdmissionRequest; onDone: Done }) {
  const action = useAdmissionAction(r.id)
  const form = useFormErrors()
  const [startedOn, setStartedOn] = useState(r.expectedArrivalOn ?? todayInFrance())
  const [companionPlaces, setCompanionPlaces] = useState<Record<string, string>>({})
  const places = useFreePlaces(r.id, startedOn, r.companions.length > 0)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const input = form.check(admissionAdmitSchema, {
      startedOn,
      companionPlaces: r.companions.map((c) => ({
        personId: c.personId,
        placeId: companionPlaces[c.personId],
      })),
    })
    if (input && (await form.run(() => action.mutateAsync({ kind: 'admit', input }))))
      onDone('Personne admise.')
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Admettre sur la place" className="fr-mb-3w">
      <h3 className="fr-h6">Admettre sur la place {r.reservedPlaceLabel}</h3>
      <ErrorAlert message={form.error} />
      <Input
        label="Date d’entrée"
        nativeInputProps={{ type: 'date', value: startedOn, onChange: (e) => setStartedOn(e.target.value) }}
        {...form.state('startedOn')}
      />
      {r.companions.map((c) => (
        <Select
          key={c.personId}
          label={`Place de ${c.personName}`}
          nativeSelectProps={{
            value: companionPlaces[c.personId] ?? '',
            onChange: (e) => setCompanionPlaces({ ...companionPlaces, [c.personId]: e.target.value }),
          }}
          {...form.state('companionPlaces')}
        >
          <option value="">Choisir une place libre</option>
          {(places.data?.items ?? [])
            .filter((p) => p.id !== r.reservedPlaceId)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.unitLabel} — place {p.label}
              </option>
            ))}
        </Select>
      ))}
      <Button type="submit" disabled={action.isPending}>
        Admettre
      </Button>
    </form>
  )
}

function RefuseForm({ request: r, onDone }: { request: AdmissionRequest; onDone: Done }) {
  const action = useAdmissionAction(r.id)
  const form = useFormErrors()
  const [motif, setMotif] = useState('')
  const [refusedOn, setRefusedOn] = useState(todayInFrance())
  const [note, setNote] = useState('')
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const input = form.check(admissionRefusalSchema, { motif: motif || undefined, refusedOn, note })
    if (input && (await form.run(() => action.mutateAsync({ kind: 'refuse', input }))))
      onDone('Demande refusée.')
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Refuser la demande" className="fr-mb-3w">
      <h3 className="fr-h6">Refuser la demande</h3>
      <ErrorAlert message={form.error} />
      <Select
        label="Motif du refus"
        nativeSelectProps={{ value: motif, onChange: (e) => setMotif(e.target.value) }}
        {...form.state('motif')}
      >
        <option value="">Choisir un motif</option>
        {Object.entries(ADMISSION_REFUSAL_MOTIF.labels).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
      <Input
        label="Date du refus"
        nativeInputProps={{ type: 'date', value: refusedOn, onChange: (e) => setRefusedOn(e.target.value) }}
        {...form.state('refusedOn')}
      />
      <Input
        label="Précision (facultatif)"
        nativeInputProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
        {...form.state('note')}
      />
      <Button type="submit" priority="secondary" disabled={action.isPending}>
        Refuser la demande
      </Button>
    </form>
  )
}

function WithdrawForm({ request: r, onDone }: { request: AdmissionRequest; onDone: Done }) {
  const action = useAdmissionAction(r.id)
  const form = useFormErrors()
  const [note, setNote] = useState('')
  const [confirming, setConfirming] = useState(false)
  if (!confirming) {
    return (
      <Button priority="tertiary" onClick={() => setConfirming(true)}>
        Retirer la demande
      </Button>
    )
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (await form.run(() => action.mutateAsync({ kind: 'withdraw', note }))) onDone('Demande retirée.')
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Retirer la demande">
      <ErrorAlert message={form.error} />
      <Input
        label="Pourquoi la demande est retirée (facultatif)"
        nativeInputProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
        {...form.state('note')}
      />
      <Button type="submit" priority="secondary" disabled={action.isPending}>
        Confirmer le retrait
      </Button>
    </form>
  )
}
