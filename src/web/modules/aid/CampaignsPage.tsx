import { Table } from '@codegouvfr/react-dsfr/Table'
import { Link, useNavigate } from 'react-router'
import { CAMPAIGN_STATUS, type CampaignStatus } from '../../../shared/aid.campaigns.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { CampaignForm } from './CampaignForm.tsx'
import { useCampaigns } from './campaigns-api.ts'

export const frenchDay = (day: string | null) => (day ? day.split('-').reverse().join('/') : '—')

/** « Campagnes saisonnières »: the campaigns with their counts; creating one for those who configure aid. */
export function CampaignsPage() {
  usePageTitle('Campagnes saisonnières')
  const me = useMe()
  const navigate = useNavigate()
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
      {me.data && hasPermission(me.data, 'aid.configure') && (
        <CampaignForm onSaved={(created) => void navigate(`/aides/campagnes/${created.id}`)} />
      )}
    </div>
  )
}
