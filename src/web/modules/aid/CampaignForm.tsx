import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useState } from 'react'
import { type AidCampaign, aidCampaignInputSchema } from '../../../shared/aid.campaigns.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { centsToEurosText, parseEurosToCents } from '../../../shared/pricing.ts'
import { api } from '../../lib/api-client.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { useCampaignChange } from './campaigns-api.ts'

/**
 * A campaign's dates and conditions: a new one (`campaign` absent), or one not yet closed, changed.
 * The checks are the shared schema's, in French under each field, before anything is sent.
 */
export function CampaignForm({
  campaign,
  onSaved,
  onCancel,
}: {
  campaign?: AidCampaign
  onSaved: (saved: AidCampaign) => void
  onCancel?: () => void
}) {
  const today = todayInFrance()
  const form = useFormErrors()
  const save = useCampaignChange((input: object) =>
    campaign
      ? api<AidCampaign>('PUT', `/api/aid-campaigns/${campaign.id}`, input)
      : api<AidCampaign>('POST', '/api/aid-campaigns', input),
  )
  const [values, setValues] = useState({
    label: campaign?.label ?? '',
    opensOn: campaign?.opensOn ?? today,
    closesOn: campaign?.closesOn ?? addDays(today, 30),
    distributionOn: campaign?.distributionOn ?? '',
    minAge: campaign?.minAge === null || campaign?.minAge === undefined ? '' : String(campaign.minAge),
    quotientCeiling: centsToEurosText(campaign?.quotientCeilingCents ?? null),
    residenceRequired: campaign?.residenceRequired ?? false,
  })
  const text = (
    key: 'label' | 'opensOn' | 'closesOn' | 'distributionOn' | 'minAge',
    label: string,
    type = 'text',
  ) => (
    <div className="fr-col-12 fr-col-md-4">
      <Input
        label={label}
        nativeInputProps={{
          type,
          value: values[key],
          onChange: (e) => setValues({ ...values, [key]: e.target.value }),
        }}
        {...form.state(key)}
      />
    </div>
  )
  const submit = async () => {
    const ceiling = values.quotientCeiling.trim()
    const cents = ceiling === '' ? null : parseEurosToCents(ceiling)
    if (cents === null && ceiling !== '') {
      form.show('Certains champs sont à corriger : voir les messages sous les champs.', [
        { path: 'quotientCeilingCents', message: 'Montant invalide : en euros, par exemple 750 ou 750,50.' },
      ])
      return
    }
    const input = form.check(aidCampaignInputSchema, {
      label: values.label,
      // What the form does not show is kept as it was.
      description: campaign?.description ?? null,
      status: campaign?.status === 'draft' ? 'draft' : 'open',
      opensOn: values.opensOn,
      closesOn: values.closesOn,
      distributionOn: values.distributionOn || null,
      minAge: values.minAge === '' ? null : Number(values.minAge),
      residenceRequired: values.residenceRequired,
      quotientCeilingCents: cents,
    })
    if (!input) return
    const saved = await form.run(() => save.mutateAsync(input))
    if (saved) onSaved(saved)
  }
  return (
    <form
      className="fr-mt-6w"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h2>{campaign ? 'Modifier la campagne' : 'Nouvelle campagne'}</h2>
      <div className="fr-grid-row fr-grid-row--gutters">
        {text('label', 'Nom de la campagne')}
        {text('opensOn', 'Ouverture des inscriptions', 'date')}
        {text('closesOn', 'Clôture des inscriptions', 'date')}
        {text('distributionOn', 'Jour de distribution (facultatif)', 'date')}
        {text('minAge', 'Âge minimum (facultatif)', 'number')}
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Plafond de quotient familial en € (facultatif)"
            nativeInputProps={{
              inputMode: 'decimal',
              value: values.quotientCeiling,
              onChange: (e) => setValues({ ...values, quotientCeiling: e.target.value }),
            }}
            {...form.state('quotientCeilingCents')}
          />
        </div>
      </div>
      <Checkbox
        className="fr-my-2w"
        options={[
          {
            label: 'Réservée aux habitants de la commune',
            nativeInputProps: {
              checked: values.residenceRequired,
              onChange: (e) => setValues({ ...values, residenceRequired: e.target.checked }),
            },
          },
        ]}
      />
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button type="submit">{campaign ? 'Enregistrer la campagne' : 'Créer la campagne'}</Button>
        </li>
        {onCancel && (
          <li>
            <Button type="button" priority="secondary" onClick={onCancel}>
              Annuler la modification
            </Button>
          </li>
        )}
      </ul>
      <ErrorAlert message={form.error} />
    </form>
  )
}
