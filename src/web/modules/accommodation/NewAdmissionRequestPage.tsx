import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { admissionRequestInputSchema } from '../../../shared/accommodation-admissions.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { type AdmissionRequestDraft, AdmissionRequestFields } from './AdmissionRequestFields.tsx'
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
  const [draft, setDraft] = useState<AdmissionRequestDraft>({
    receivedOn: todayInFrance(),
    orientationSource: '',
    orientingContact: '',
    priority: 'normal',
    socialPart: '',
  })

  async function save(event: FormEvent) {
    event.preventDefault()
    const input = form.check(admissionRequestInputSchema, {
      structureId: structureId || undefined,
      personId,
      supportRecordId: supportRecordId || null,
      ...draft,
      orientationSource: draft.orientationSource || undefined,
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
        <AdmissionRequestFields draft={draft} onChange={setDraft} form={form} />
        <Button type="submit" disabled={create.isPending || !personId}>
          Enregistrer la demande
        </Button>
      </form>
    </div>
  )
}
