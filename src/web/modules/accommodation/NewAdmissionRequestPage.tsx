import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { ADMISSION_PRIORITY, ORIENTATION_SOURCE } from '../../../shared/accommodation.ts'
import { admissionRequestInputSchema } from '../../../shared/accommodation-admissions.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useCreateAdmissionRequest, useStructureOptions } from './admissions-api.ts'

/** « Demande d'admission »: for the person (and the follow-up it comes from), then the request's page. */
export function NewAdmissionRequestPage() {
  usePageTitle('Nouvelle demande d’admission en hébergement')
  const [params] = useSearchParams()
  const personId = params.get('personId') ?? ''
  const supportRecordId = params.get('supportRecordId')
  const navigate = useNavigate()
  const structures = useStructureOptions()
  const create = useCreateAdmissionRequest()
  const form = useFormErrors()
  const [structureId, setStructureId] = useState('')
  const [receivedOn, setReceivedOn] = useState(todayInFrance())
  const [orientationSource, setOrientationSource] = useState('')
  const [orientingContact, setOrientingContact] = useState('')
  const [priority, setPriority] = useState('normal')
  const [socialPart, setSocialPart] = useState('')

  async function save(event: FormEvent) {
    event.preventDefault()
    const input = form.check(admissionRequestInputSchema, {
      structureId: structureId || undefined,
      personId,
      supportRecordId: supportRecordId || null,
      receivedOn,
      orientationSource: orientationSource || undefined,
      orientingContact,
      priority,
      socialPart,
    })
    if (!input) return
    const request = await form.run(() => create.mutateAsync(input))
    if (request) navigate(`/hebergement/admissions/${request.id}`)
  }

  const active = (structures.data?.items ?? []).filter((s) => s.active !== false)
  return (
    <div className="fr-container fr-my-4w">
      <h1 className="fr-h3">Nouvelle demande d’admission en hébergement</h1>
      {supportRecordId && <p>Depuis l’accompagnement de la personne.</p>}
      <ErrorAlert message={form.error} />
      <form onSubmit={save} noValidate style={{ maxWidth: '40rem' }}>
        <Select
          label="Structure demandée"
          nativeSelectProps={{ value: structureId, onChange: (e) => setStructureId(e.target.value) }}
          {...form.state('structureId')}
        >
          <option value="">Choisir une structure</option>
          {active.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
        <Input
          label="Demande reçue le"
          nativeInputProps={{
            type: 'date',
            value: receivedOn,
            onChange: (e) => setReceivedOn(e.target.value),
          }}
          {...form.state('receivedOn')}
        />
        <Select
          label="Orientation par"
          nativeSelectProps={{
            value: orientationSource,
            onChange: (e) => setOrientationSource(e.target.value),
          }}
          {...form.state('orientationSource')}
        >
          <option value="">Choisir l’origine de l’orientation</option>
          {Object.entries(ORIENTATION_SOURCE.labels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
        <Input
          label="Contact de l’orienteur (facultatif)"
          hintText="Par exemple : « Service social de l’hôpital, Mme Durand »."
          nativeInputProps={{ value: orientingContact, onChange: (e) => setOrientingContact(e.target.value) }}
          {...form.state('orientingContact')}
        />
        <Select
          label="Priorité"
          nativeSelectProps={{ value: priority, onChange: (e) => setPriority(e.target.value) }}
          {...form.state('priority')}
        >
          {Object.entries(ADMISSION_PRIORITY.labels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
        <Input
          label="Partie sociale"
          hintText="Situation, besoins, ce que la personne demande. La partie médicale est rédigée à part par l’équipe médicale."
          textArea
          nativeTextAreaProps={{ value: socialPart, onChange: (e) => setSocialPart(e.target.value), rows: 5 }}
          {...form.state('socialPart')}
        />
        <Button type="submit" disabled={create.isPending || !personId}>
          Enregistrer la demande
        </Button>
      </form>
    </div>
  )
}
