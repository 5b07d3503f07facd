import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { VOUCHER_STATUS } from '../../../shared/aid.ts'
import { formatVoucherNumbers, parseVoucherNumbers, type VoucherKind } from '../../../shared/aid.vouchers.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { personDisplayName } from '../../../shared/people.ts'
import { formatEuros, parseEurosToCents } from '../../../shared/pricing.ts'
import { api, get } from '../../lib/api-client.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useGrantedRequests, usePersonVouchers, useVoucherChange, useVoucherKinds } from './aid-money-api.ts'

const frenchDay = (day: string | null) => (day ? day.split('-').reverse().join('/') : '—')
type Person = { id: string; name: string; fileNumber: string }

function KindSelect(props: {
  kinds: VoucherKind[]
  value: string
  onChange: (id: string) => void
  label?: string
}) {
  return (
    <Select
      label={props.label ?? 'Type de bon'}
      nativeSelectProps={{ value: props.value, onChange: (e) => props.onChange(e.target.value) }}
    >
      <option value="">Choisir…</option>
      {props.kinds
        .filter((k) => k.active)
        .map((k) => (
          <option key={k.id} value={k.id}>
            {k.label}
          </option>
        ))}
    </Select>
  )
}

/** The numbers typed ("101-105, 110") read in the browser; a field error when they are not numbers. */
function numbersOf(text: string, form: ReturnType<typeof useFormErrors>) {
  const parsed = parseVoucherNumbers(text)
  if ('error' in parsed) {
    form.show('Certains champs sont à corriger.', [{ path: 'numbers', message: parsed.error }])
    return undefined
  }
  return parsed.numbers
}

function Stock({ kinds }: { kinds: VoucherKind[] }) {
  return (
    <Table
      caption="Stock par type de bon"
      headers={['Type', 'Valeur', 'En stock', 'Remis', 'Rendus', 'Annulés', 'Numéros en stock']}
      data={kinds.map((k) => [
        k.label,
        formatEuros(k.faceValueCents),
        String(k.stock.inStock),
        String(k.stock.issued),
        String(k.stock.returned),
        String(k.stock.cancelled),
        k.inStockRanges.length
          ? k.inStockRanges
              .map((r) => (r.first === r.last ? `${r.first}` : `${r.first} à ${r.last}`))
              .join(', ')
          : '—',
      ])}
    />
  )
}

function ReceiveBatch({ kinds }: { kinds: VoucherKind[] }) {
  const form = useFormErrors()
  const [kindId, setKindId] = useState('')
  const [first, setFirst] = useState('')
  const [last, setLast] = useState('')
  const [receivedOn, setReceivedOn] = useState(todayInFrance())
  const receive = useVoucherChange((body: object) => api('POST', '/api/aid-vouchers/batches', body))
  return (
    <form
      className="fr-mb-6w"
      onSubmit={(e) => {
        e.preventDefault()
        void form.run(
          () =>
            receive.mutateAsync({
              kindId,
              firstNumber: Number(first),
              lastNumber: Number(last),
              receivedOn,
            }),
          `Lot reçu : n° ${first} à ${last}.`,
        )
      }}
    >
      <h2>Recevoir un lot</h2>
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-12 fr-col-md-3">
          <KindSelect kinds={kinds} value={kindId} onChange={setKindId} />
        </div>
        <div className="fr-col-6 fr-col-md-2">
          <Input
            label="Du numéro"
            nativeInputProps={{
              value: first,
              onChange: (e) => setFirst(e.target.value),
              inputMode: 'numeric',
            }}
            {...form.state('firstNumber')}
          />
        </div>
        <div className="fr-col-6 fr-col-md-2">
          <Input
            label="Au numéro"
            nativeInputProps={{ value: last, onChange: (e) => setLast(e.target.value), inputMode: 'numeric' }}
            {...form.state('lastNumber')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Input
            label="Reçu le"
            nativeInputProps={{
              type: 'date',
              value: receivedOn,
              onChange: (e) => setReceivedOn(e.target.value),
            }}
            {...form.state('receivedOn')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-2">
          <Button type="submit">Recevoir</Button>
        </div>
      </div>
      {form.fields.kindId && <p className="fr-error-text">{form.fields.kindId}</p>}
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
    </form>
  )
}

/** Finds a file by name or number, as the desk types it. */
function PersonPicker({
  person,
  onPick,
}: {
  person: Person | undefined
  onPick: (p: Person | undefined) => void
}) {
  const [q, setQ] = useState('')
  const [found, setFound] = useState<Person[]>()
  const [error, setError] = useState<string>()
  const search = async () => {
    setError(undefined)
    try {
      const answer = await get<{
        items: {
          id: string
          fileNumber: string
          lastName: string | null
          usageName: string | null
          firstNames: string | null
          aliases: string[]
          description: string | null
        }[]
      }>(`/api/people?q=${encodeURIComponent(q)}`)
      setFound(
        answer.items
          .slice(0, 10)
          .map((p) => ({ id: p.id, fileNumber: p.fileNumber, name: personDisplayName(p) })),
      )
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Recherche impossible.')
    }
  }
  if (person) {
    return (
      <p>
        Personne : <strong>{person.name}</strong> (dossier {person.fileNumber}){' '}
        <Button type="button" size="small" priority="tertiary" onClick={() => onPick(undefined)}>
          Changer de personne
        </Button>
      </p>
    )
  }
  return (
    <div>
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Personne (nom ou numéro de dossier)"
            nativeInputProps={{
              value: q,
              onChange: (e) => setQ(e.target.value),
              onKeyDown: (e) => {
                if (e.key === 'Enter') {
                  e.preventDefault()
                  void search()
                }
              },
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Button type="button" priority="secondary" onClick={() => void search()}>
            Rechercher
          </Button>
        </div>
      </div>
      <ErrorAlert message={error} />
      {found && found.length === 0 && <p>Aucune personne trouvée.</p>}
      {found && found.length > 0 && (
        <ul className="fr-btns-group fr-btns-group--inline-md">
          {found.map((p) => (
            <li key={p.id}>
              <Button type="button" priority="tertiary" onClick={() => onPick(p)}>
                {`${p.name} (${p.fileNumber})`}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function PersonVouchers({ person }: { person: Person }) {
  const vouchers = usePersonVouchers(person.id)
  if (!vouchers.data) return null
  return vouchers.data.items.length === 0 ? (
    <p>{person.name} n’a reçu aucun bon.</p>
  ) : (
    <Table
      caption={`Bons reçus par ${person.name}`}
      headers={['Type', 'Numéro', 'Remis le', 'État']}
      data={vouchers.data.items.map((v) => [
        v.kindLabel,
        String(v.number),
        frenchDay(v.issuedOn),
        `${VOUCHER_STATUS.labels[v.status]}${v.returnedOn ? ` le ${frenchDay(v.returnedOn)}` : ''}`,
      ])}
    />
  )
}

/** The person's granted requests (for those who read requests): vouchers handed out for one pay it. */
function GrantedRequestSelect(props: { personId: string; value: string; onChange: (id: string) => void }) {
  const granted = useGrantedRequests(props.personId)
  const items = granted.data?.items ?? []
  if (items.length === 0) return null
  return (
    <Select
      label="Pour une aide accordée (facultatif)"
      hint="Leur valeur compte alors comme un paiement de cette aide."
      nativeSelectProps={{ value: props.value, onChange: (e) => props.onChange(e.target.value) }}
    >
      <option value="">Aucune</option>
      {items.map((r) => (
        <option key={r.id} value={r.id}>
          {`${r.aidTypeLabel} — accordée ${r.grantedCents === null ? '' : formatEuros(r.grantedCents)}`}
        </option>
      ))}
    </Select>
  )
}

function IssueVouchers({ kinds, readsRequests }: { kinds: VoucherKind[]; readsRequests: boolean }) {
  const form = useFormErrors()
  const [kindId, setKindId] = useState('')
  const [numbers, setNumbers] = useState('')
  const [person, setPerson] = useState<Person>()
  const [requestId, setRequestId] = useState('')
  const [issuedOn, setIssuedOn] = useState(todayInFrance())
  const issue = useVoucherChange((body: object) => api('POST', '/api/aid-vouchers/issue', body))
  return (
    <form
      className="fr-mb-6w"
      onSubmit={(e) => {
        e.preventDefault()
        if (!person) {
          form.show('Choisissez la personne qui reçoit les bons.')
          return
        }
        const list = numbersOf(numbers, form)
        if (!list) return
        void form
          .run(
            () =>
              issue.mutateAsync({
                kindId,
                numbers: list,
                personId: person.id,
                issuedOn,
                requestId: requestId || null,
              }),
            `Bons n° ${formatVoucherNumbers(list)} remis à ${person.name}.`,
          )
          .then((done) => done && setNumbers(''))
      }}
    >
      <h2>Remettre des bons à une personne</h2>
      <PersonPicker
        person={person}
        onPick={(p) => {
          setPerson(p)
          setRequestId('')
        }}
      />
      {person && readsRequests && (
        <GrantedRequestSelect personId={person.id} value={requestId} onChange={setRequestId} />
      )}
      {form.fields.requestId && <p className="fr-error-text">{form.fields.requestId}</p>}
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-12 fr-col-md-3">
          <KindSelect kinds={kinds} value={kindId} onChange={setKindId} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Numéros des bons"
            hintText="Par exemple 101-105, 110"
            nativeInputProps={{ value: numbers, onChange: (e) => setNumbers(e.target.value) }}
            {...form.state('numbers')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Input
            label="Remis le"
            nativeInputProps={{ type: 'date', value: issuedOn, onChange: (e) => setIssuedOn(e.target.value) }}
            {...form.state('issuedOn')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-2">
          <Button type="submit">Remettre</Button>
        </div>
      </div>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      {person && <PersonVouchers person={person} />}
    </form>
  )
}

function ReturnOrCancel({ kinds }: { kinds: VoucherKind[] }) {
  const form = useFormErrors()
  const [kindId, setKindId] = useState('')
  const [numbers, setNumbers] = useState('')
  const [action, setAction] = useState<'return' | 'cancel'>('return')
  const [reason, setReason] = useState('')
  const change = useVoucherChange((body: { action: string; payload: object }) =>
    api('POST', `/api/aid-vouchers/${body.action}`, body.payload),
  )
  return (
    <form
      className="fr-mb-6w"
      onSubmit={(e) => {
        e.preventDefault()
        const list = numbersOf(numbers, form)
        if (!list) return
        const payload =
          action === 'return'
            ? { kindId, numbers: list, returnedOn: todayInFrance() }
            : { kindId, numbers: list, reason }
        void form
          .run(
            () => change.mutateAsync({ action, payload }),
            `Bons n° ${formatVoucherNumbers(list)} ${action === 'return' ? 'repris' : 'annulés'}.`,
          )
          .then((done) => done && setNumbers(''))
      }}
    >
      <h2>Reprendre ou annuler des bons</h2>
      <RadioButtons
        legend="Que faire de ces bons ?"
        orientation="horizontal"
        options={[
          {
            label: 'Rendus inutilisés par la personne',
            nativeInputProps: { checked: action === 'return', onChange: () => setAction('return') },
          },
          {
            label: 'Annulés (perdus, abîmés)',
            nativeInputProps: { checked: action === 'cancel', onChange: () => setAction('cancel') },
          },
        ]}
      />
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-12 fr-col-md-3">
          <KindSelect kinds={kinds} value={kindId} onChange={setKindId} label="Type de bon concerné" />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Numéros à reprendre ou annuler"
            hintText="Par exemple 101-105, 110"
            nativeInputProps={{ value: numbers, onChange: (e) => setNumbers(e.target.value) }}
            {...form.state('numbers')}
          />
        </div>
        {action === 'cancel' && (
          <div className="fr-col-12 fr-col-md-3">
            <Input
              label="Motif de l’annulation"
              nativeInputProps={{ value: reason, onChange: (e) => setReason(e.target.value) }}
              {...form.state('reason')}
            />
          </div>
        )}
        <div className="fr-col-12 fr-col-md-2">
          <Button type="submit">{action === 'return' ? 'Reprendre' : 'Annuler les bons'}</Button>
        </div>
      </div>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
    </form>
  )
}

function NewKind() {
  const form = useFormErrors()
  const [code, setCode] = useState('')
  const [label, setLabel] = useState('')
  const [value, setValue] = useState('')
  const create = useVoucherChange((body: object) => api('POST', '/api/aid-vouchers/kinds', body))
  return (
    <form
      className="fr-mb-6w"
      onSubmit={(e) => {
        e.preventDefault()
        const cents = parseEurosToCents(value || '0')
        if (cents === null) {
          form.show('Certains champs sont à corriger.', [
            { path: 'faceValueCents', message: 'Montant en euros.' },
          ])
          return
        }
        void form.run(() => create.mutateAsync({ code, label, faceValueCents: cents }), 'Type de bon créé.')
      }}
    >
      <h2>Nouveau type de bon</h2>
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-12 fr-col-md-2">
          <Input
            label="Code"
            nativeInputProps={{ value: code, onChange: (e) => setCode(e.target.value) }}
            {...form.state('code')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-5">
          <Input
            label="Libellé"
            nativeInputProps={{ value: label, onChange: (e) => setLabel(e.target.value) }}
            {...form.state('label')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Input
            label="Valeur faciale (€)"
            hintText="0 pour un bon gratuit"
            nativeInputProps={{ value, onChange: (e) => setValue(e.target.value), inputMode: 'decimal' }}
            {...form.state('faceValueCents')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-2">
          <Button type="submit">Créer</Button>
        </div>
      </div>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
    </form>
  )
}

/**
 * « Bons et tickets »: the stock of numbered vouchers per kind, receiving a batch by number range,
 * handing vouchers to a person by their numbers (and what that person received), taking back or
 * cancelling vouchers. The règlement's keepers add kinds.
 */
export function AidVouchersPage() {
  usePageTitle('Bons et tickets')
  const me = useMe().data
  const kinds = useVoucherKinds()
  const items = kinds.data?.items ?? []
  const handles = hasPermission(me, 'aid.vouchers')
  return (
    <div>
      <h1>Bons et tickets</h1>
      <ErrorAlert message={kinds.error ? kinds.error.message : undefined} />
      {!kinds.data && !kinds.error && <p aria-live="polite">Chargement du stock…</p>}
      {kinds.data && items.length === 0 && <p>Aucun type de bon n’est encore créé.</p>}
      {items.length > 0 && <Stock kinds={items} />}
      {handles && items.length > 0 && (
        <>
          <IssueVouchers kinds={items} readsRequests={hasPermission(me, 'aid.read')} />
          <ReturnOrCancel kinds={items} />
          <ReceiveBatch kinds={items} />
        </>
      )}
      {hasPermission(me, 'aid.configure') && <NewKind />}
    </div>
  )
}
