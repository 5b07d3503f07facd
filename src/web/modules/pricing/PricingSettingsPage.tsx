import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { type FormEvent, useEffect, useState } from 'react'
import {
  type Bracket,
  centsToEurosText,
  computeQuotient,
  formatNumber,
  formatShares,
  type PricingSettings,
  type PricingSettingsInput,
  parseEurosToCents,
  pricingSettingsInputSchema,
  type QuotientHousehold,
  SHARES_RULE_LABELS,
  type SharesRule,
  sharesRuleSchema,
} from '../../../shared/pricing.ts'
import { ApiError } from '../../lib/api-client.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { usePricingSettings } from './api/get-pricing-settings.ts'
import { useUpdatePricingSettings } from './api/update-pricing-settings.ts'

type RuleKey = keyof SharesRule
const RULE_KEYS = Object.keys(SHARES_RULE_LABELS) as RuleKey[]

interface BracketDraft {
  /** Stable React key, also for brackets not saved yet. */
  key: string
  id?: string
  label: string
  min: string
  max: string
  mode: 'price' | 'percent'
  value: string
  note: string
}
interface Draft {
  rule: Record<RuleKey, string>
  brackets: BracketDraft[]
}
/** Messages by field path, as the API gives them: `rule.firstAdultShares`, `brackets.1.minQuotientCents`… */
type Errors = Record<string, string>

let nextKey = 0
const newKey = () => `tranche-${++nextKey}`

function toDraft(settings: PricingSettings): Draft {
  return {
    rule: Object.fromEntries(
      RULE_KEYS.map((key) => [key, formatNumber(settings.rule[key])]),
    ) as Draft['rule'],
    brackets: settings.brackets.map((b: Bracket) => ({
      key: newKey(),
      id: b.id,
      label: b.label,
      min: centsToEurosText(b.minQuotientCents),
      max: centsToEurosText(b.maxQuotientCents),
      mode: b.percent !== null ? 'percent' : 'price',
      value: b.percent !== null ? formatNumber(b.percent) : centsToEurosText(b.priceCents),
      note: b.note ?? '',
    })),
  }
}

const parseDecimal = (text: string) => {
  const cleaned = text.trim().replace(',', '.')
  return /^\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : null
}

/** The draft as the API expects it, and the messages of what could not even be read as a number. */
function fromDraft(draft: Draft): { input: PricingSettingsInput; errors: Errors } {
  const errors: Errors = {}
  const rule = {} as Record<RuleKey, number>
  for (const key of RULE_KEYS) {
    const value = parseDecimal(draft.rule[key])
    if (value === null) errors[`rule.${key}`] = 'Indiquez un nombre (par exemple 0,5).'
    rule[key] = value ?? Number.NaN
  }
  const amount = (text: string, path: string) => {
    const cents = parseEurosToCents(text)
    if (cents === null) errors[path] = 'Montant invalide (par exemple 450 ou 450,50).'
    return cents ?? 0
  }
  const brackets = draft.brackets.map((b, index) => {
    const path = `brackets.${index}`
    const percent = b.mode === 'percent' ? parseDecimal(b.value) : null
    if (b.mode === 'percent' && percent === null) {
      errors[`${path}.priceCents`] = 'Pourcentage invalide (par exemple 50 ou 12,5).'
    }
    return {
      ...(b.id ? { id: b.id } : {}),
      label: b.label,
      minQuotientCents: amount(b.min, `${path}.minQuotientCents`),
      maxQuotientCents: b.max.trim() === '' ? null : amount(b.max, `${path}.maxQuotientCents`),
      priceCents: b.mode === 'price' ? amount(b.value, `${path}.priceCents`) : null,
      percent: b.mode === 'percent' ? (percent ?? 0) : null,
      note: b.note,
    }
  })
  return { input: { rule, brackets }, errors }
}

/** A bracket's error on "percent" shows under the value field, like one on "priceCents". */
function errorsByField(issues: { path: string; message: string }[]): Errors {
  const errors: Errors = {}
  for (const { path, message } of issues) {
    const key = path.replace(/\.percent$/, '.priceCents')
    errors[key] ??= message
  }
  return errors
}

const EXAMPLES: { label: string; household: QuotientHousehold }[] = (() => {
  let n = 0
  const m = (relationship: string, disabled = false) => ({
    personId: `exemple-${++n}`,
    relationship,
    disabled,
    birthDate: null,
    monthlyResourcesCents: 0,
  })
  const h = (members: QuotientHousehold['members']) => ({ sharesOverride: null, otherResources: [], members })
  return [
    { label: 'Personne seule', household: h([m('head')]) },
    { label: 'Couple sans enfant', household: h([m('head'), m('spouse')]) },
    { label: 'Couple avec 2 enfants', household: h([m('head'), m('spouse'), m('child'), m('child')]) },
    {
      label: 'Couple avec 3 enfants',
      household: h([m('head'), m('spouse'), m('child'), m('child'), m('child')]),
    },
    { label: 'Parent isolé avec 1 enfant', household: h([m('head'), m('child')]) },
    {
      label: 'Parent isolé avec 2 enfants, dont 1 en situation de handicap',
      household: h([m('head'), m('child'), m('child', true)]),
    },
  ]
})()

function RulePreview({ rule }: { rule: Draft['rule'] }) {
  const parsed = sharesRuleSchema.safeParse(
    Object.fromEntries(RULE_KEYS.map((key) => [key, parseDecimal(rule[key]) ?? Number.NaN])),
  )
  if (!parsed.success) {
    return <p className="fr-hint-text">Corrigez la règle pour voir l’aperçu du nombre de parts.</p>
  }
  return (
    <Table
      caption="Aperçu : nombre de parts avec cette règle"
      headers={['Composition du foyer', 'Parts']}
      data={EXAMPLES.map((example) => [
        example.label,
        formatShares(computeQuotient(example.household, parsed.data).shares),
      ])}
    />
  )
}

export function PricingSettingsPage() {
  usePageTitle('Tarification sociale')
  const settings = usePricingSettings()
  const update = useUpdatePricingSettings()
  const [draft, setDraft] = useState<Draft>()
  const [errors, setErrors] = useState<Errors>({})
  const [message, setMessage] = useState<string>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    if (settings.data && !draft) setDraft(toDraft(settings.data))
  }, [settings.data, draft])

  if (settings.error) {
    return (
      <>
        <h1>Tarification sociale</h1>
        <ErrorAlert
          message={settings.error instanceof ApiError ? settings.error.problem.detail : 'Erreur inattendue.'}
        />
      </>
    )
  }
  if (!draft) return <p aria-live="polite">Chargement des réglages…</p>

  const setRule = (key: RuleKey, value: string) =>
    setDraft({ ...draft, rule: { ...draft.rule, [key]: value } })
  const setBracket = (index: number, change: Partial<BracketDraft>) =>
    setDraft({ ...draft, brackets: draft.brackets.map((b, i) => (i === index ? { ...b, ...change } : b)) })
  const addBracket = () => {
    const last = draft.brackets.at(-1)
    setDraft({
      ...draft,
      brackets: [
        ...draft.brackets,
        {
          key: newKey(),
          label: `Tranche ${draft.brackets.length + 1}`,
          min: last ? last.max : '0',
          max: '',
          mode: 'percent',
          value: '100',
          note: '',
        },
      ],
    })
  }
  const removeBracket = (index: number) =>
    setDraft({ ...draft, brackets: draft.brackets.filter((_, i) => i !== index) })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(undefined)
    setError(undefined)
    const { input, errors: unreadable } = fromDraft(draft)
    const checked = pricingSettingsInputSchema.safeParse(input)
    const found = {
      ...(checked.success
        ? {}
        : errorsByField(checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))),
      ...unreadable,
    }
    setErrors(found)
    if (Object.keys(found).length > 0) {
      setError('Certains champs sont invalides. Corrigez-les puis réessayez.')
      return
    }
    try {
      const saved = await update.mutateAsync(input)
      setDraft(toDraft(saved))
      setMessage('Tarification enregistrée. Les quotients des foyers sont calculés avec ces réglages.')
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(errorsByField(e.problem.errors ?? []))
        setError(e.problem.detail)
      } else setError('Une erreur inattendue est survenue.')
    }
  }

  const fieldState = (path: string) =>
    errors[path] ? { state: 'error' as const, stateRelatedMessage: errors[path] } : {}
  const listError = errors.brackets

  return (
    <>
      <h1>Tarification sociale</h1>
      <p>
        Le quotient familial d’un foyer est le total de ses ressources mensuelles divisé par son nombre de
        parts. Il détermine la tranche tarifaire appliquée au foyer.
      </p>
      <SuccessAlert message={message} />
      <ErrorAlert message={error} />
      <form onSubmit={submit} noValidate>
        <h2 className="fr-mt-3w">Règle de calcul des parts</h2>
        <div className="fr-grid-row fr-grid-row--gutters">
          {RULE_KEYS.map((key) => (
            <div key={key} className="fr-col-12 fr-col-md-6">
              <Input
                label={SHARES_RULE_LABELS[key].label}
                hintText={SHARES_RULE_LABELS[key].hint}
                {...fieldState(`rule.${key}`)}
                nativeInputProps={{
                  inputMode: 'decimal',
                  value: draft.rule[key],
                  onChange: (e) => setRule(key, e.target.value),
                }}
              />
            </div>
          ))}
        </div>
        <RulePreview rule={draft.rule} />

        <h2 className="fr-mt-5w">Tranches tarifaires</h2>
        <p className="fr-hint-text">
          Du quotient le plus bas au plus haut : la première tranche commence à 0 €, chacune commence là où la
          précédente finit (minimum inclus, maximum exclu), et la dernière n’a pas de plafond.
        </p>
        <ErrorAlert message={listError} />
        {draft.brackets.length === 0 && <p>Aucune tranche n’est définie.</p>}
        {draft.brackets.map((b, index) => {
          const path = `brackets.${index}`
          return (
            <fieldset key={b.key} className="fr-fieldset fr-mb-3w" aria-labelledby={`${b.key}-legend`}>
              <legend id={`${b.key}-legend`} className="fr-fieldset__legend">
                Tranche {index + 1}
                {b.label ? ` — ${b.label}` : ''}
              </legend>
              <div className="fr-fieldset__element fr-col-12 fr-col-md-4">
                <Input
                  label="Libellé"
                  {...fieldState(`${path}.label`)}
                  nativeInputProps={{
                    value: b.label,
                    onChange: (e) => setBracket(index, { label: e.target.value }),
                  }}
                />
              </div>
              <div className="fr-fieldset__element fr-col-12 fr-col-md-4">
                <Input
                  label="Quotient minimum (€)"
                  hintText="Inclus"
                  {...fieldState(`${path}.minQuotientCents`)}
                  nativeInputProps={{
                    inputMode: 'decimal',
                    value: b.min,
                    onChange: (e) => setBracket(index, { min: e.target.value }),
                  }}
                />
              </div>
              <div className="fr-fieldset__element fr-col-12 fr-col-md-4">
                <Input
                  label="Quotient maximum (€)"
                  hintText="Exclu ; vide pour la dernière tranche"
                  {...fieldState(`${path}.maxQuotientCents`)}
                  nativeInputProps={{
                    inputMode: 'decimal',
                    value: b.max,
                    onChange: (e) => setBracket(index, { max: e.target.value }),
                  }}
                />
              </div>
              <div className="fr-fieldset__element fr-col-12 fr-col-md-4">
                <Select
                  label="Tarif"
                  nativeSelectProps={{
                    value: b.mode,
                    onChange: (e) => setBracket(index, { mode: e.target.value as BracketDraft['mode'] }),
                  }}
                >
                  <option value="price">Prix fixe</option>
                  <option value="percent">Pourcentage du plein tarif</option>
                </Select>
              </div>
              <div className="fr-fieldset__element fr-col-12 fr-col-md-4">
                <Input
                  label={b.mode === 'price' ? 'Prix (€)' : 'Pourcentage du plein tarif (%)'}
                  {...fieldState(`${path}.priceCents`)}
                  nativeInputProps={{
                    inputMode: 'decimal',
                    value: b.value,
                    onChange: (e) => setBracket(index, { value: e.target.value }),
                  }}
                />
              </div>
              <div className="fr-fieldset__element fr-col-12 fr-col-md-4">
                <Input
                  label="Note (facultative)"
                  {...fieldState(`${path}.note`)}
                  nativeInputProps={{
                    value: b.note,
                    onChange: (e) => setBracket(index, { note: e.target.value }),
                  }}
                />
              </div>
              <div className="fr-fieldset__element">
                <Button type="button" priority="tertiary" size="small" onClick={() => removeBracket(index)}>
                  Supprimer la tranche {index + 1}
                </Button>
              </div>
            </fieldset>
          )
        })}
        <Button
          type="button"
          priority="secondary"
          iconId="fr-icon-add-line"
          onClick={addBracket}
          className="fr-mb-5w"
        >
          Ajouter une tranche
        </Button>
        <div>
          <Button type="submit" disabled={update.isPending}>
            Enregistrer la tarification
          </Button>
        </div>
      </form>
    </>
  )
}
