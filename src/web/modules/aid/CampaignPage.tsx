import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { type ReactNode, useState } from 'react'
import { useParams } from 'react-router'
import {
  type AidCampaign,
  CAMPAIGN_DELIVERY,
  CAMPAIGN_STATUS,
  type CampaignDelivery,
  type CampaignRegistration,
} from '../../../shared/aid.campaigns.ts'
import {
  CAMPAIGN_CHANNEL,
  CAMPAIGN_REGISTRATION_STATUS,
  type CampaignChannel,
  type CampaignRegistrationStatus,
} from '../../../shared/aid.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import { api } from '../../lib/api-client.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { LabelledOptions } from '../../ui/LabelledOptions.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { serverLinkProps } from '../../ui/server-link.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { CampaignForm } from './CampaignForm.tsx'
import { frenchDay } from './CampaignsPage.tsx'
import {
  type RegistrationFilter,
  registrationFilterQuery,
  useCampaign,
  useCampaignChange,
  useRegistrations,
} from './campaigns-api.ts'

type Picked = { id: string; label: string }
type Picker = (onPick: (person: Picked) => void) => ReactNode

/**
 * One seasonal campaign: its conditions and counts per channel, registering a person found by the
 * people search (the conditions not met are warnings, never blocks), the distribution list with its
 * CSV and its printable PDF (filtered by status and channel), and who received (collected on site or
 * delivered at home) or was cancelled. Those who keep the règlement change the campaign or close it.
 */
export function CampaignPage({ picker }: { picker: Picker }) {
  const { id = '' } = useParams()
  const campaign = useCampaign(id)
  const configure = hasPermission(useMe().data, 'aid.configure')
  usePageTitle(campaign.data?.label ?? 'Campagne saisonnière')
  if (campaign.error) return <ErrorAlert message={campaign.error.message} />
  if (!campaign.data) return <p>Chargement…</p>
  const c = campaign.data
  return (
    <div>
      <h1>{c.label}</h1>
      <p>
        Inscriptions du {frenchDay(c.opensOn)} au {frenchDay(c.closesOn)}
        {c.distributionOn ? `, distribution le ${frenchDay(c.distributionOn)}` : ''}. {conditionsOf(c)}
      </p>
      <p>
        <span className={`fr-badge fr-badge--sm${c.status === 'closed' ? '' : ' fr-badge--success'}`}>
          {CAMPAIGN_STATUS.labels[c.status as keyof typeof CAMPAIGN_STATUS.labels] ?? c.status}
        </span>
      </p>
      {configure && c.status !== 'closed' && <CampaignActions campaign={c} />}
      <CampaignCounts campaign={c} />
      {c.status === 'closed' ? (
        <p>Campagne close : plus d’inscription, la distribution continue.</p>
      ) : (
        <RegistrationForm campaignId={c.id} picker={picker} />
      )}
      <DistributionList campaignId={c.id} />
    </div>
  )
}

/** Changing the campaign (its own form, filled in) and closing it, after a confirmation: no reopening. */
function CampaignActions({ campaign }: { campaign: AidCampaign }) {
  const [mode, setMode] = useState<'idle' | 'edit' | 'close'>('idle')
  const form = useFormErrors()
  const close = useCampaignChange(() => api<AidCampaign>('POST', `/api/aid-campaigns/${campaign.id}/close`))
  if (mode === 'edit')
    return (
      <CampaignForm
        campaign={campaign}
        onSaved={() => {
          setMode('idle')
          form.setDone('Campagne enregistrée.')
        }}
        onCancel={() => setMode('idle')}
      />
    )
  return (
    <div className="fr-my-2w">
      {mode === 'close' ? (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w">
          <p>
            Clore la campagne met fin aux inscriptions, sans retour possible ; la distribution et les remises
            continuent.
          </p>
          <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-1w">
            <li>
              <Button
                type="button"
                onClick={() =>
                  void form
                    .run(() => close.mutateAsync(undefined), 'Campagne close.')
                    .then(() => setMode('idle'))
                }
              >
                Confirmer la clôture
              </Button>
            </li>
            <li>
              <Button type="button" priority="secondary" onClick={() => setMode('idle')}>
                Ne pas clore
              </Button>
            </li>
          </ul>
        </div>
      ) : (
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <Button
              type="button"
              priority="secondary"
              iconId="fr-icon-edit-line"
              onClick={() => {
                form.clear()
                setMode('edit')
              }}
            >
              Modifier la campagne
            </Button>
          </li>
          <li>
            <Button
              type="button"
              priority="tertiary"
              iconId="fr-icon-lock-line"
              onClick={() => {
                form.clear()
                setMode('close')
              }}
            >
              Clore la campagne
            </Button>
          </li>
        </ul>
      )}
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
    </div>
  )
}

function conditionsOf(c: AidCampaign) {
  const conditions = [
    c.minAge !== null ? `${c.minAge} ans au moins` : null,
    c.residenceRequired ? 'habiter la commune' : null,
    c.quotientCeilingCents !== null
      ? `quotient familial jusqu’à ${formatEuros(c.quotientCeilingCents)}`
      : null,
  ].filter(Boolean)
  return conditions.length ? `Conditions : ${conditions.join(', ')}.` : 'Sans condition.'
}

function CampaignCounts({ campaign }: { campaign: AidCampaign }) {
  const counts = campaign.counts
  return (
    <Table
      caption="Inscriptions par canal (hors annulées)"
      headers={['Canal', 'Inscriptions']}
      data={[
        ...counts.byChannel.map((ch) => [ch.label, String(ch.count)]),
        ['Total', String(counts.registered + counts.received)],
        ['Reçus (retirés / livrés)', `${counts.received} (${counts.collected} / ${counts.delivered})`],
        ['Annulées', String(counts.cancelled)],
      ]}
    />
  )
}

function RegistrationForm({ campaignId, picker }: { campaignId: string; picker: Picker }) {
  const [person, setPerson] = useState<Picked>()
  const [channel, setChannel] = useState<CampaignChannel>('front_desk')
  const [resident, setResident] = useState(false)
  const [warnings, setWarnings] = useState<CampaignRegistration['warnings']>([])
  const form = useFormErrors()
  const register = useCampaignChange((p: Picked) =>
    api<CampaignRegistration>('POST', `/api/aid-campaigns/${campaignId}/registrations`, {
      personId: p.id,
      channel,
      resident: resident ? true : null,
    }),
  )
  return (
    <form
      className="fr-my-4w"
      onSubmit={(e) => {
        e.preventDefault()
        if (!person) {
          form.show('Choisissez d’abord la personne à inscrire.')
          return
        }
        void form
          .run(() => register.mutateAsync(person), `${person.label} est inscrit·e.`)
          .then((done) => {
            if (!done) return
            setWarnings(done.warnings)
            setPerson(undefined)
            setResident(false)
          })
      }}
    >
      <h2>Inscrire une personne</h2>
      {person ? (
        <p>
          Personne : <strong>{person.label}</strong>{' '}
          <Button type="button" size="small" priority="tertiary" onClick={() => setPerson(undefined)}>
            Changer de personne
          </Button>
        </p>
      ) : (
        picker((p) => {
          form.clear()
          setWarnings([])
          setPerson(p)
        })
      )}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Canal d’inscription"
            nativeSelectProps={{
              value: channel,
              onChange: (e) => setChannel(e.target.value as CampaignChannel),
            }}
          >
            <LabelledOptions vocabulary={CAMPAIGN_CHANNEL} />
          </Select>
        </div>
      </div>
      <Checkbox
        className="fr-my-2w"
        options={[
          {
            label: 'Résidence dans la commune vérifiée (justificatif, adresse)',
            nativeInputProps: { checked: resident, onChange: (e) => setResident(e.target.checked) },
          },
        ]}
      />
      <Button type="submit">Inscrire</Button>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      {warnings.length > 0 && (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mt-2w">
          <p>Conditions à vérifier :</p>
          <ul>
            {warnings.map((w) => (
              <li key={w.code}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
    </form>
  )
}

function DistributionList({ campaignId }: { campaignId: string }) {
  const [page, setPage] = useState(1)
  const [filter, setFilter] = useState<RegistrationFilter>({})
  const list = useRegistrations(campaignId, page, filter)
  const query = registrationFilterQuery(filter).toString()
  const fileUrl = (kind: 'file' | 'pdf') =>
    `/api/aid-campaigns/${campaignId}/registrations/${kind}${query ? `?${query}` : ''}`
  const refine = (change: RegistrationFilter) => {
    setFilter({ ...filter, ...change })
    setPage(1)
  }
  const form = useFormErrors()
  const receive = useCampaignChange(({ id, delivery }: { id: string; delivery: CampaignDelivery }) =>
    api('POST', `/api/aid-campaigns/registrations/${id}/received`, { delivery }),
  )
  const cancel = useCampaignChange((id: string) =>
    api('POST', `/api/aid-campaigns/registrations/${id}/cancel`, {}),
  )
  const actions = (r: CampaignRegistration) =>
    r.status !== 'registered' ? (
      r.delivery ? (
        `${CAMPAIGN_DELIVERY.labels[r.delivery as CampaignDelivery]} le ${frenchDay(r.receivedOn)}`
      ) : (
        ''
      )
    ) : (
      <ul className="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
        {CAMPAIGN_DELIVERY.values.map((delivery) => (
          <li key={delivery}>
            <Button
              type="button"
              size="small"
              priority="secondary"
              onClick={() =>
                void form.run(
                  () => receive.mutateAsync({ id: r.id, delivery }),
                  `${r.displayName} : ${CAMPAIGN_DELIVERY.labels[delivery].toLowerCase()}.`,
                )
              }
            >
              {CAMPAIGN_DELIVERY.labels[delivery]}
              <span className="fr-sr-only"> : {r.displayName}</span>
            </Button>
          </li>
        ))}
        <li>
          <Button
            type="button"
            size="small"
            priority="tertiary"
            onClick={() =>
              void form.run(() => cancel.mutateAsync(r.id), `Inscription de ${r.displayName} annulée.`)
            }
          >
            Annuler l’inscription
            <span className="fr-sr-only"> : {r.displayName}</span>
          </Button>
        </li>
      </ul>
    )
  return (
    <section className="fr-mt-6w">
      <h2>Liste de distribution</h2>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Statut"
            nativeSelectProps={{
              value: filter.status ?? '',
              onChange: (e) =>
                refine({ status: (e.target.value || undefined) as CampaignRegistrationStatus | undefined }),
            }}
          >
            <LabelledOptions vocabulary={CAMPAIGN_REGISTRATION_STATUS} empty="Tous" />
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Canal"
            nativeSelectProps={{
              value: filter.channel ?? '',
              onChange: (e) =>
                refine({ channel: (e.target.value || undefined) as CampaignChannel | undefined }),
            }}
          >
            <LabelledOptions vocabulary={CAMPAIGN_CHANNEL} empty="Tous" />
          </Select>
        </div>
      </div>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button
            priority="secondary"
            iconId="fr-icon-printer-line"
            linkProps={serverLinkProps(fileUrl('pdf'), { download: true })}
          >
            Imprimer la liste (PDF)
          </Button>
        </li>
        <li>
          <Button
            priority="secondary"
            iconId="fr-icon-download-line"
            linkProps={serverLinkProps(fileUrl('file'), { download: true })}
          >
            Télécharger la liste (CSV)
          </Button>
        </li>
      </ul>
      <ErrorAlert message={form.error ?? (list.error ? list.error.message : undefined)} />
      <SuccessAlert message={form.done} />
      {list.data && (
        <>
          <ListPagination list={list.data} noun={['inscription', 'inscriptions']} onPage={setPage} />
          <Table
            caption="Inscrits"
            headers={['Personne', 'Âge', 'Adresse', 'Téléphone', 'Canal', 'Statut', 'À vérifier', 'Remise']}
            data={list.data.items.map((r) => [
              r.displayName,
              r.age === null ? '—' : String(r.age),
              r.address ?? '—',
              r.phone ?? '—',
              CAMPAIGN_CHANNEL.labels[r.channel as CampaignChannel] ?? r.channel,
              CAMPAIGN_REGISTRATION_STATUS.labels[
                r.status as keyof typeof CAMPAIGN_REGISTRATION_STATUS.labels
              ] ?? r.status,
              r.warnings.map((w) => w.message).join(' ') || '—',
              actions(r),
            ])}
          />
        </>
      )}
    </section>
  )
}
