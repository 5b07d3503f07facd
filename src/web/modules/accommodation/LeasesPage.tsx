import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { LANDLORD_KIND } from '../../../shared/accommodation.ts'
import type { LeaseDetail } from '../../../shared/accommodation-leases.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { formatEuros, parseEurosToCents } from '../../../shared/pricing.ts'
import { post } from '../../lib/api-client.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { arrearsQuery, dwellingsQuery, leasesQuery } from './leases-api.ts'

const frenchDay = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : '—')
/** An amount typed in euros as cents; what is not an amount goes as is, for the server to refuse. */
const cents = (text: string) => parseEurosToCents(text) ?? (text.trim() === '' ? 0 : Number.NaN)

/** « Baux et sous-locations »: the leases on dwellings, their occupant and arrears, arrears per structure. */
export function LeasesPage() {
  usePageTitle('Baux et sous-locations')
  const leases = useQuery(leasesQuery())
  const arrears = useQuery(arrearsQuery())
  const dwellings = useQuery(dwellingsQuery())
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const form = useFormErrors()
  const [draft, setDraft] = useState({
    unitId: '',
    landlordKind: 'public',
    landlordName: '',
    startsOn: todayInFrance(),
    rent: '',
    charges: '',
  })
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: e.target.value })
  return (
    <div>
      <h1>Baux et sous-locations</h1>
      <ErrorAlert message={leases.error?.message ?? arrears.error?.message} />
      <Table
        caption="Baux sur des logements"
        headers={['Logement', 'Bailleur', 'Depuis', 'Jusqu’au', 'Loyer + charges', 'Occupant', 'Impayés']}
        data={(leases.data?.items ?? []).map((l) => [
          <Link key={l.id} to={`/hebergement/baux/${l.id}`}>
            {l.structureName} – {l.unitLabel}
          </Link>,
          l.landlord,
          frenchDay(l.startsOn),
          frenchDay(l.endsOn),
          formatEuros(l.rentCents + l.chargesCents),
          l.occupant ? (l.occupant.displayName ?? 'Personne non visible') : '—',
          formatEuros(l.arrearsCents),
        ])}
      />
      <Table
        caption="Impayés par structure"
        headers={['Structure', 'Sous-locations', 'En impayé', 'Dû', 'Payé', 'Impayés']}
        data={(arrears.data?.items ?? []).map((a) => [
          a.structureName,
          String(a.subleases),
          String(a.inArrears),
          formatEuros(a.dueCents),
          formatEuros(a.paidCents),
          formatEuros(a.arrearsCents),
        ])}
      />
      <h2>Saisir un bail</h2>
      <form
        onSubmit={async (e) => {
          e.preventDefault()
          const created = await form.run(() =>
            post<LeaseDetail>('/api/accommodation-leases', {
              unitId: draft.unitId,
              landlordKind: draft.landlordKind,
              landlordName: draft.landlordName || null,
              startsOn: draft.startsOn,
              rentCents: cents(draft.rent),
              chargesCents: cents(draft.charges),
            }),
          )
          if (created) {
            await queryClient.invalidateQueries({ queryKey: ['accommodation-leases'] })
            navigate(`/hebergement/baux/${created.id}`)
          }
        }}
      >
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <Select
              label="Logement"
              nativeSelectProps={{ value: draft.unitId, onChange: set('unitId'), required: true }}
              {...form.state('unitId')}
            >
              <option value="">Choisir un logement</option>
              {(dwellings.data?.items ?? []).map((d) => (
                <option key={d.unitId} value={d.unitId}>
                  {d.structureName} – {d.unitLabel}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Select
              label="Bailleur"
              nativeSelectProps={{ value: draft.landlordKind, onChange: set('landlordKind') }}
            >
              {LANDLORD_KIND.values.map((k) => (
                <option key={k} value={k}>
                  {LANDLORD_KIND.labels[k]}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Input
              label="Nom du bailleur"
              nativeInputProps={{ value: draft.landlordName, onChange: set('landlordName') }}
              {...form.state('landlordName')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Début du bail"
              nativeInputProps={{ type: 'date', value: draft.startsOn, onChange: set('startsOn') }}
              {...form.state('startsOn')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Loyer mensuel (€)"
              nativeInputProps={{ inputMode: 'decimal', value: draft.rent, onChange: set('rent') }}
              {...form.state('rentCents')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Charges mensuelles (€)"
              nativeInputProps={{ inputMode: 'decimal', value: draft.charges, onChange: set('charges') }}
              {...form.state('chargesCents')}
            />
          </div>
        </div>
        <ErrorAlert message={form.error} />
        <Button type="submit">Enregistrer le bail</Button>
      </form>
    </div>
  )
}
