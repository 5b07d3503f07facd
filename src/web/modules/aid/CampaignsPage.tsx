import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import {
  aidCampaignInputSchema,
  CAMPAIGN_STATUS,
  type CampaignStatus,
} from '../../../shared/aid.campaigns.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import { parseEurosToCents } from '../../../shared/pricing.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { createCampaign, useCampaignChange, useCampaigns } from './campaigns-api.ts'

export const frenchDay = (day: string | null) => (day ? day.split('-').reverse().join('/') : '—')

/** « Campagnes saisonnières »: the campaigns with their counts; creating one for those who configure aid. */
export function CampaignsPage() {
  usePageTitle('Campagnes saisonnières')
  const me = useMe()
  const campaigns = useCampaigns()
  return (
    <div>
      <h1>Campagnes saisonnières</h1>
      <ErrorAlert message={campaigns.error ? campaigns.error.message : undefined} />
      {campaigns.data && campaigns.data.items.length === 0 && <p>Aucune campagne pour l’instant.</p>}
      {campaigns.data && campaigns.data.items.length > 0 && (
        <Table
          caption={`Campagnes (${campaigns.data.total})`}
          headers={['Campagne', 'Inscriptions', 'Distribution', 'Inscrits', 'Reçus', 'Statut']}
          data={campaigns.data.items.map((c) => [
            <Link key={c.id} to={`/aides/campagnes/${c.id}`}>
              {c.label}
            </Link>,
            `du ${frenchDay(c.opensOn)} au ${frenchDay(c.closesOn)}`,
            frenchDay(c.distributionOn),
            String(c.counts.registered + c.counts.received),
            String(c.counts.received),
            CAMPAIGN_STATUS.labels[c.status as CampaignStatus] ?? c.status,
          ])}
        />
      )}
      {me.data && hasPermission(me.data, 'aid.configure') && <CampaignForm />}
    </div>
  )
}

function CampaignForm() {
  const today = todayInFrance()
  const navigate = useNavigate()
  const form = useFormErrors()
  const create = useCampaignChange(createCampaign)
  const [values, setValues] = useState({
    label: '',
    opensOn: today,
    closesOn: addDays(today, 30),
    distributionOn: '',
    minAge: '',
    quotientCeiling: '',
    residenceRequired: false,
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
      opensOn: values.opensOn,
      closesOn: values.closesOn,
      distributionOn: values.distributionOn || null,
      minAge: values.minAge === '' ? null : Number(values.minAge),
      residenceRequired: values.residenceRequired,
      quotientCeilingCents: cents,
    })
    if (!input) return
    const created = await form.run(() => create.mutateAsync(input))
    if (created) void navigate(`/aides/campagnes/${created.id}`)
  }
  return (
    <form
      className="fr-mt-6w"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h2>Nouvelle campagne</h2>
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
      <Button type="submit">Créer la campagne</Button>
      <ErrorAlert message={form.error} />
    </form>
  )
}
