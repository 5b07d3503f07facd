import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { LANDLORD_KIND, type LandlordKind } from '../../../shared/accommodation.ts'
import type { Sublease } from '../../../shared/accommodation-leases.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { formatEuros, parseEurosToCents } from '../../../shared/pricing.ts'
import { post } from '../../lib/api-client.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { leaseQuery } from './leases-api.ts'

const frenchDay = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : '—')
const cents = (text: string) => parseEurosToCents(text) ?? (text.trim() === '' ? 0 : Number.NaN)
const monthLabel = (month: string) =>
  new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  )

/** A sublease: its rents month by month, a payment, and the slide of the lease to the occupant. */
function SubleaseSection({ sublease, onChange }: { sublease: Sublease; onChange: () => Promise<void> }) {
  const owing = sublease.months.filter((m) => m.arrearsCents > 0)
  const [payment, setPayment] = useState({
    month: owing[0]?.month ?? '',
    amount: '',
    paidOn: todayInFrance(),
  })
  const [slidOn, setSlidOn] = useState(todayInFrance())
  const pay = useFormErrors()
  const slide = useFormErrors()
  const name = sublease.displayName ?? 'Personne non visible'
  return (
    <section className="fr-mb-6w">
      <h2>Sous-location à {name}</h2>
      <p>
        Depuis le {frenchDay(sublease.startsOn)}
        {sublease.endsOn && ` jusqu’au ${frenchDay(sublease.endsOn)}`}
        {sublease.slidOn && ` — bail glissé à l’occupant le ${frenchDay(sublease.slidOn)}`}. Part de loyer{' '}
        {formatEuros(sublease.rentShareCents)}, charges {formatEuros(sublease.chargesCents)}, aide au logement{' '}
        {formatEuros(sublease.housingBenefitCents)} :{' '}
        <strong>{formatEuros(sublease.monthlyDueCents)} par mois</strong>. Impayés :{' '}
        <strong>{formatEuros(sublease.arrearsCents)}</strong>.
      </p>
      <Table
        caption={`Loyers de ${name}, mois par mois`}
        headers={['Mois', 'Dû', 'Payé', 'Reste dû', 'Payé le']}
        data={sublease.months.map((m) => [
          monthLabel(m.month),
          formatEuros(m.dueCents),
          formatEuros(m.paidCents),
          formatEuros(m.arrearsCents),
          frenchDay(m.paidOn),
        ])}
      />
      {owing.length > 0 && (
        <form
          onSubmit={async (e) => {
            e.preventDefault()
            const done = await pay.run(
              () =>
                post(`/api/accommodation-leases/subleases/${sublease.id}/payments`, {
                  month: payment.month,
                  amountCents: cents(payment.amount),
                  paidOn: payment.paidOn,
                }),
              'Paiement enregistré.',
            )
            if (done) {
              setPayment({ ...payment, amount: '' })
              await onChange()
            }
          }}
        >
          <h3>Enregistrer un paiement</h3>
          <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
            <div className="fr-col-12 fr-col-md-3">
              <Select
                label="Mois payé"
                nativeSelectProps={{
                  value: payment.month,
                  onChange: (e) => setPayment({ ...payment, month: e.target.value }),
                }}
                {...pay.state('month')}
              >
                {owing.map((m) => (
                  <option key={m.month} value={m.month}>
                    {monthLabel(m.month)} (reste {formatEuros(m.arrearsCents)})
                  </option>
                ))}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-md-3">
              <Input
                label="Montant payé (€)"
                nativeInputProps={{
                  inputMode: 'decimal',
                  value: payment.amount,
                  onChange: (e) => setPayment({ ...payment, amount: e.target.value }),
                }}
                {...pay.state('amountCents')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-3">
              <Input
                label="Payé le"
                nativeInputProps={{
                  type: 'date',
                  value: payment.paidOn,
                  onChange: (e) => setPayment({ ...payment, paidOn: e.target.value }),
                }}
                {...pay.state('paidOn')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-3">
              <Button type="submit">Enregistrer le paiement</Button>
            </div>
          </div>
          <ErrorAlert message={pay.error} />
          {pay.done && <p role="status">{pay.done}</p>}
        </form>
      )}
      {sublease.endsOn === null && (
        <form
          className="fr-mt-4w"
          onSubmit={async (e) => {
            e.preventDefault()
            const done = await slide.run(() =>
              post(`/api/accommodation-leases/subleases/${sublease.id}/slide`, { slidOn }),
            )
            if (done) await onChange()
          }}
        >
          <h3>Glissement du bail</h3>
          <p className="fr-text--sm">
            Le bail passe au nom de l’occupant : la sous-location, le bail du CCAS et le séjour se terminent
            ce jour-là (sortie « Bail glissé à l’occupant »).
          </p>
          <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
            <div className="fr-col-12 fr-col-md-3">
              <Input
                label="Date du glissement"
                nativeInputProps={{ type: 'date', value: slidOn, onChange: (e) => setSlidOn(e.target.value) }}
                {...slide.state('slidOn')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-3">
              <Button type="submit" priority="secondary">
                Faire glisser le bail
              </Button>
            </div>
          </div>
          <ErrorAlert message={slide.error} />
        </form>
      )}
    </section>
  )
}

/** A lease: the landlord, rent and charges, its subleases, and a new sublease to an occupant. */
export function LeasePage() {
  const { id = '' } = useParams()
  const lease = useQuery(leaseQuery(id))
  const queryClient = useQueryClient()
  const form = useFormErrors()
  const [draft, setDraft] = useState({
    stayId: '',
    startsOn: todayInFrance(),
    share: '',
    charges: '',
    benefit: '',
  })
  const l = lease.data
  usePageTitle(l ? `Bail – ${l.structureName} – ${l.unitLabel}` : 'Bail')
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['accommodation-leases'] })
  if (!l) return <ErrorAlert message={lease.error?.message} />
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: e.target.value })
  return (
    <div>
      <p>
        <Link to="/hebergement/baux">Baux et sous-locations</Link>
      </p>
      <h1>
        Bail – {l.structureName} – {l.unitLabel}
      </h1>
      <p>
        {LANDLORD_KIND.labels[l.landlordKind as LandlordKind]} : {l.landlord}. Du {frenchDay(l.startsOn)}
        {l.endsOn ? ` au ${frenchDay(l.endsOn)}` : ''}. Loyer {formatEuros(l.rentCents)}, charges{' '}
        {formatEuros(l.chargesCents)}. Impayés : {formatEuros(l.arrearsCents)}.
      </p>
      {l.subleases.map((s) => (
        <SubleaseSection key={s.id} sublease={s} onChange={refresh} />
      ))}
      {!l.subleases.some((s) => s.endsOn === null) && l.endsOn === null && (
        <form
          onSubmit={async (e) => {
            e.preventDefault()
            const done = await form.run(() =>
              post(`/api/accommodation-leases/${l.id}/subleases`, {
                stayId: draft.stayId,
                startsOn: draft.startsOn,
                rentShareCents: cents(draft.share),
                chargesCents: cents(draft.charges),
                housingBenefitCents: cents(draft.benefit),
              }),
            )
            if (done) await refresh()
          }}
        >
          <h2>Sous-louer à l’occupant d’un séjour</h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-6">
              <Select
                label="Occupant (séjour en cours)"
                nativeSelectProps={{ value: draft.stayId, onChange: set('stayId'), required: true }}
                {...form.state('stayId')}
              >
                <option value="">Choisir un séjour</option>
                {l.openStays.map((s) => (
                  <option key={s.stayId} value={s.stayId}>
                    {s.displayName} (depuis le {frenchDay(s.startedOn)})
                  </option>
                ))}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-md-6">
              <Input
                label="Début de la sous-location"
                nativeInputProps={{ type: 'date', value: draft.startsOn, onChange: set('startsOn') }}
                {...form.state('startsOn')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Part de loyer (€ par mois)"
                nativeInputProps={{ inputMode: 'decimal', value: draft.share, onChange: set('share') }}
                {...form.state('rentShareCents')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Charges (€ par mois)"
                nativeInputProps={{ inputMode: 'decimal', value: draft.charges, onChange: set('charges') }}
                {...form.state('chargesCents')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Aide au logement (€ par mois)"
                nativeInputProps={{ inputMode: 'decimal', value: draft.benefit, onChange: set('benefit') }}
                {...form.state('housingBenefitCents')}
              />
            </div>
          </div>
          <ErrorAlert message={form.error} />
          <Button type="submit">Enregistrer la sous-location</Button>
        </form>
      )}
    </div>
  )
}
