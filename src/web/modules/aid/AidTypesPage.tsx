import { Button } from '@codegouvfr/react-dsfr/Button'
import { useState } from 'react'
import { PAYMENT_FORM, type PaymentForm } from '../../../shared/aid.ts'
import type { AidType, AidTypeInput } from '../../../shared/aid-requests.ts'
import { centsToEurosText, formatEuros, parseEurosToCents } from '../../../shared/pricing.ts'
import { ROLE_LABELS, type Role } from '../../../shared/roles.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { type AidTypes, useAidTypes, useSaveAidType } from './requests-api.ts'

/** Who may be named as an urgent decider: the roles that build requests. */
const DECIDER_ROLES: Role[] = ['director', 'social_worker', 'educator']
const MONEY = [
  'urgentCeilingCents',
  'ceilingPerRequestCents',
  'ceilingPerHousehold12mCents',
  'quotientCeilingCents',
] as const
const MONEY_LABELS: Record<(typeof MONEY)[number], string> = {
  urgentCeilingCents: 'Plafond de la décision d’urgence (€)',
  ceilingPerRequestCents: 'Plafond par demande (€)',
  ceilingPerHousehold12mCents: 'Plafond par foyer sur 12 mois (€)',
  quotientCeilingCents: 'Plafond de quotient familial (€)',
}

function Checkboxes<T extends string>(props: {
  legend: string
  prefix: string
  options: [T, string][]
  value: T[]
  onChange: (value: T[]) => void
}) {
  return (
    <fieldset className="fr-fieldset">
      <legend className="fr-fieldset__legend">{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <div className="fr-checkbox-group fr-fieldset__element" key={value}>
          <input
            type="checkbox"
            id={`${props.prefix}-${value}`}
            checked={props.value.includes(value)}
            onChange={(e) =>
              props.onChange(
                e.target.checked ? [...props.value, value] : props.value.filter((v) => v !== value),
              )
            }
          />
          <label className="fr-label" htmlFor={`${props.prefix}-${value}`}>
            {label}
          </label>
        </div>
      ))}
    </fieldset>
  )
}

function AidTypeForm(props: { aid?: AidType; data: AidTypes; onDone: (message: string) => void }) {
  const { aid, data } = props
  const save = useSaveAidType()
  const [code, setCode] = useState(aid?.code ?? '')
  const [label, setLabel] = useState(aid?.label ?? '')
  const [fundId, setFundId] = useState(aid?.fundId ?? data.funds[0]?.id ?? '')
  const [money, setMoney] = useState<Record<string, string>>(
    Object.fromEntries(MONEY.map((key) => [key, centsToEurosText(aid?.[key] ?? null)])),
  )
  const [minAge, setMinAge] = useState(aid?.minAge?.toString() ?? '')
  const [maxAge, setMaxAge] = useState(aid?.maxAge?.toString() ?? '')
  const [roles, setRoles] = useState<Role[]>(aid?.urgentDeciderRoles ?? [])
  const [documents, setDocuments] = useState<string[]>(aid?.requiredDocumentTypeIds ?? [])
  const [forms, setForms] = useState<PaymentForm[]>(aid?.paymentForms ?? ['transfer'])
  const [residence, setResidence] = useState(aid?.residenceRequired ?? false)
  const [active, setActive] = useState(aid?.active ?? true)
  const errors = useFormErrors()
  const fields = errors.fields
  const prefix = aid ? `aid-${aid.code}` : 'aid-new'

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    const cents: Record<string, number | null> = {}
    const wrong: { path: string; message: string }[] = []
    for (const key of MONEY) {
      const text = money[key]?.trim() ?? ''
      cents[key] = text === '' ? null : parseEurosToCents(text)
      if (text !== '' && cents[key] === null)
        wrong.push({ path: key, message: 'Montant en euros invalide (par exemple 150 ou 150,50).' })
    }
    if (wrong.length > 0) {
      errors.show('Certains champs sont à corriger : voir les messages sous les champs.', wrong)
      return
    }
    const input: AidTypeInput = {
      code,
      label,
      fundId,
      description: aid?.description ?? null,
      urgentDeciderRoles: roles,
      urgentCeilingCents: cents.urgentCeilingCents ?? null,
      ceilingPerRequestCents: cents.ceilingPerRequestCents ?? null,
      ceilingPerHousehold12mCents: cents.ceilingPerHousehold12mCents ?? null,
      quotientCeilingCents: cents.quotientCeilingCents ?? null,
      minAge: minAge === '' ? null : Number(minAge),
      maxAge: maxAge === '' ? null : Number(maxAge),
      residenceRequired: residence,
      requiredDocumentTypeIds: documents,
      paymentForms: forms,
      voucherKindId: aid?.voucherKindId ?? null,
      active,
      position: aid?.position ?? data.items.length,
    }
    const saved = await errors.run(() => save.mutateAsync({ id: aid?.id, input }))
    if (saved) props.onDone(aid ? `« ${label} » est enregistrée.` : `« ${label} » est ajoutée au règlement.`)
  }

  const input = (
    id: string,
    text: string,
    value: string,
    set: (v: string) => void,
    path: string,
    mode?: 'decimal' | 'numeric',
  ) => (
    <div className={`fr-input-group${fields[path] ? ' fr-input-group--error' : ''}`}>
      <label className="fr-label" htmlFor={id}>
        {text}
      </label>
      <input
        className="fr-input"
        id={id}
        inputMode={mode}
        value={value}
        onChange={(e) => set(e.target.value)}
      />
      {fields[path] && <p className="fr-error-text">{fields[path]}</p>}
    </div>
  )

  return (
    <form onSubmit={submit} noValidate className="fr-mb-4w" style={{ maxWidth: '48rem' }}>
      <ErrorAlert message={errors.error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-4">{input(`${prefix}-code`, 'Code', code, setCode, 'code')}</div>
        <div className="fr-col-8">{input(`${prefix}-label`, 'Nom de l’aide', label, setLabel, 'label')}</div>
      </div>
      <div className="fr-select-group">
        <label className="fr-label" htmlFor={`${prefix}-fund`}>
          Fonds
        </label>
        <select
          className="fr-select"
          id={`${prefix}-fund`}
          value={fundId}
          onChange={(e) => setFundId(e.target.value)}
        >
          {data.funds.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      <div className="fr-grid-row fr-grid-row--gutters">
        {MONEY.map((key) => (
          <div className="fr-col-6" key={key}>
            {input(
              `${prefix}-${key}`,
              MONEY_LABELS[key],
              money[key] ?? '',
              (v) => setMoney({ ...money, [key]: v }),
              key,
              'decimal',
            )}
          </div>
        ))}
        <div className="fr-col-6">
          {input(`${prefix}-min-age`, 'Âge minimal', minAge, setMinAge, 'minAge', 'numeric')}
        </div>
        <div className="fr-col-6">
          {input(`${prefix}-max-age`, 'Âge maximal', maxAge, setMaxAge, 'maxAge', 'numeric')}
        </div>
      </div>
      <Checkboxes
        legend="Qui décide seul en urgence, dans le plafond"
        prefix={`${prefix}-role`}
        options={DECIDER_ROLES.map((r) => [r, ROLE_LABELS[r]])}
        value={roles}
        onChange={setRoles}
      />
      <Checkboxes
        legend="Pièces justificatives exigées"
        prefix={`${prefix}-doc`}
        options={data.documentTypes.map((t) => [t.id, t.label])}
        value={documents}
        onChange={setDocuments}
      />
      <Checkboxes
        legend="Formes de versement"
        prefix={`${prefix}-form`}
        options={Object.entries(PAYMENT_FORM.labels) as [PaymentForm, string][]}
        value={forms}
        onChange={setForms}
      />
      {fields.paymentForms && <p className="fr-error-text">{fields.paymentForms}</p>}
      <div className="fr-checkbox-group fr-mb-2w">
        <input
          type="checkbox"
          id={`${prefix}-residence`}
          checked={residence}
          onChange={(e) => setResidence(e.target.checked)}
        />
        <label className="fr-label" htmlFor={`${prefix}-residence`}>
          Réservée aux habitants de la commune
        </label>
      </div>
      <div className="fr-checkbox-group fr-mb-2w">
        <input
          type="checkbox"
          id={`${prefix}-active`}
          checked={active}
          onChange={(e) => setActive(e.target.checked)}
        />
        <label className="fr-label" htmlFor={`${prefix}-active`}>
          Aide en vigueur
        </label>
      </div>
      <Button type="submit" disabled={save.isPending}>
        {aid ? 'Enregistrer l’aide' : 'Ajouter l’aide'}
      </Button>
    </form>
  )
}

/** Le règlement des aides facultatives: each aid, its fund, its ceilings and conditions. */
export function AidTypesPage() {
  usePageTitle('Règlement des aides')
  const types = useAidTypes()
  const [editing, setEditing] = useState<string | 'new' | null>(null)
  const [done, setDone] = useState<string>()
  const data = types.data
  const finish = (message: string) => {
    setDone(message)
    setEditing(null)
  }
  return (
    <div className="fr-container fr-my-4w">
      <h1 className="fr-h3">Règlement des aides facultatives</h1>
      <ErrorAlert message={types.error ? applyApiError(types.error) : undefined} />
      <SuccessAlert message={done} />
      {data && data.funds.length === 0 && <p>Créez d’abord les fonds dans « Budgets des aides ».</p>}
      {data && (
        <div className="fr-table">
          <table>
            <caption>Les aides du règlement</caption>
            <thead>
              <tr>
                <th scope="col">Aide</th>
                <th scope="col">Fonds</th>
                <th scope="col">Plafonds</th>
                <th scope="col">Urgence</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((t) => (
                <tr key={t.id}>
                  <td>
                    {t.label} {!t.active && '(hors règlement)'}
                  </td>
                  <td>{t.fundName}</td>
                  <td>
                    {[
                      t.ceilingPerRequestCents !== null &&
                        `${formatEuros(t.ceilingPerRequestCents)} par demande`,
                      t.ceilingPerHousehold12mCents !== null &&
                        `${formatEuros(t.ceilingPerHousehold12mCents)} par foyer sur 12 mois`,
                      (t.minAge !== null || t.maxAge !== null) &&
                        `âge ${t.minAge ?? 0}–${t.maxAge ?? '…'} ans`,
                    ]
                      .filter(Boolean)
                      .join(', ') || '—'}
                  </td>
                  <td>
                    {t.urgentCeilingCents !== null && t.urgentDeciderRoles.length > 0
                      ? `jusqu’à ${formatEuros(t.urgentCeilingCents)}`
                      : 'commission'}
                  </td>
                  <td>
                    <Button size="small" priority="secondary" onClick={() => setEditing(t.id)}>
                      Modifier<span className="fr-sr-only"> {t.label}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && editing && (
        <>
          <h2 className="fr-h5">{editing === 'new' ? 'Nouvelle aide' : 'Modifier l’aide'}</h2>
          <AidTypeForm
            key={editing}
            aid={data.items.find((t) => t.id === editing)}
            data={data}
            onDone={finish}
          />
        </>
      )}
      {data && !editing && data.funds.length > 0 && (
        <Button iconId="fr-icon-add-line" onClick={() => setEditing('new')}>
          Nouvelle aide
        </Button>
      )}
    </div>
  )
}
