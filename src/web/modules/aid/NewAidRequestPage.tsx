import { Button } from '@codegouvfr/react-dsfr/Button'
import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { parseEurosToCents } from '../../../shared/pricing.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useAidTypes, useCreateAidRequest } from './requests-api.ts'

/** « Demande d'aide »: a draft for the person (and the follow-up it comes from), then its page. */
export function NewAidRequestPage() {
  usePageTitle('Nouvelle demande d’aide')
  const [params] = useSearchParams()
  const personId = params.get('personId') ?? ''
  const supportRecordId = params.get('supportRecordId')
  const navigate = useNavigate()
  const types = useAidTypes()
  const create = useCreateAidRequest()
  const [aidTypeId, setAidTypeId] = useState('')
  const [amount, setAmount] = useState('')
  const [purpose, setPurpose] = useState('')
  const [urgent, setUrgent] = useState(false)
  const errors = useFormErrors()
  const fields = errors.fields
  const active = (types.data?.items ?? []).filter((t) => t.active)

  async function save(event: React.FormEvent) {
    event.preventDefault()
    const cents = parseEurosToCents(amount)
    const missing: { path: string; message: string }[] = []
    if (!aidTypeId) missing.push({ path: 'aidTypeId', message: 'Choisissez l’aide demandée.' })
    if (cents === null || cents <= 0)
      missing.push({
        path: 'amountAskedCents',
        message: 'Indiquez le montant demandé en euros (par exemple 120,50).',
      })
    if (!purpose.trim()) missing.push({ path: 'purpose', message: 'Indiquez l’objet de la demande.' })
    if (missing.length > 0) {
      errors.show('Certains champs sont à corriger : voir les messages sous les champs.', missing)
      return
    }
    const request = await errors.run(() =>
      create.mutateAsync({
        personId,
        aidTypeId,
        supportRecordId: supportRecordId || null,
        amountAskedCents: cents!,
        purpose,
        urgent,
      }),
    )
    if (request) navigate(`/aides/demandes/${request.id}`)
  }

  const group = (id: string, label: string, input: React.ReactNode, path: string) => (
    <div className={`fr-input-group${fields[path] ? ' fr-input-group--error' : ''}`}>
      <label className="fr-label" htmlFor={id}>
        {label}
      </label>
      {input}
      {fields[path] && <p className="fr-error-text">{fields[path]}</p>}
    </div>
  )

  return (
    <div className="fr-container fr-my-4w">
      <h1 className="fr-h3">Nouvelle demande d’aide</h1>
      {supportRecordId && <p>Depuis l’accompagnement de la personne.</p>}
      <ErrorAlert message={errors.error} />
      <form onSubmit={save} noValidate style={{ maxWidth: '40rem' }}>
        {group(
          'new-aid-type',
          'Aide demandée',
          <select
            className="fr-select"
            id="new-aid-type"
            value={aidTypeId}
            onChange={(e) => setAidTypeId(e.target.value)}
          >
            <option value="">Choisir une aide du règlement</option>
            {active.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>,
          'aidTypeId',
        )}
        {group(
          'new-aid-amount',
          'Montant demandé (€)',
          <input
            className="fr-input"
            id="new-aid-amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />,
          'amountAskedCents',
        )}
        {group(
          'new-aid-purpose',
          'Objet de la demande',
          <input
            className="fr-input"
            id="new-aid-purpose"
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
          />,
          'purpose',
        )}
        <div className="fr-checkbox-group fr-mb-3w">
          <input
            type="checkbox"
            id="new-aid-urgent"
            checked={urgent}
            onChange={(e) => setUrgent(e.target.checked)}
          />
          <label className="fr-label" htmlFor="new-aid-urgent">
            Demande urgente
          </label>
        </div>
        <Button type="submit" disabled={create.isPending || !personId}>
          Créer la demande
        </Button>
      </form>
    </div>
  )
}
