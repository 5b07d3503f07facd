import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import type { AidFundConsumption } from '../../../shared/aid.funds.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { centsToEurosText, formatEuros, parseEurosToCents } from '../../../shared/pricing.ts'
import { api } from '../../lib/api-client.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useAidFunds, useFundsChange } from './aid-money-api.ts'

const MONTHS = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
]

/** What the règlement's keeper does on one fund's year: vote (or amend) it, close or reopen it. */
function BudgetActions({ fund }: { fund: AidFundConsumption }) {
  const form = useFormErrors()
  const [voted, setVoted] = useState(fund.budgetVoted ? centsToEurosText(fund.votedCents) : '')
  const change = useFundsChange((send: () => Promise<unknown>) => send())
  const vote = () => {
    const cents = parseEurosToCents(voted)
    if (cents === null) {
      form.show('Montant invalide.', [
        { path: 'votedCents', message: 'Montant en euros, par exemple 32 000,00.' },
      ])
      return
    }
    void form.run(
      () =>
        change.mutateAsync(() =>
          api('PUT', `/api/aid-funds/${fund.id}/budgets/${fund.year}`, { votedCents: cents }),
        ),
      `Budget ${fund.year} enregistré.`,
    )
  }
  const close = (action: 'close' | 'reopen') =>
    form.run(
      () =>
        change.mutateAsync(() => api('POST', `/api/aid-funds/${fund.id}/budgets/${fund.year}/${action}`, {})),
      action === 'close' ? `Exercice ${fund.year} clos.` : `Exercice ${fund.year} rouvert.`,
    )
  return (
    <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
      <div className="fr-col-12 fr-col-md-5">
        <Input
          label={`Budget voté ${fund.year} (€) — ${fund.name}`}
          disabled={fund.closedAt !== null}
          nativeInputProps={{ value: voted, onChange: (e) => setVoted(e.target.value), inputMode: 'decimal' }}
          {...form.state('votedCents')}
        />
      </div>
      <div className="fr-col-12 fr-col-md-7">
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <Button priority="secondary" onClick={vote} disabled={fund.closedAt !== null}>
              Enregistrer le budget
            </Button>
          </li>
          {fund.budgetVoted && (
            <li>
              <Button priority="tertiary" onClick={() => void close(fund.closedAt ? 'reopen' : 'close')}>
                {fund.closedAt ? `Rouvrir l’exercice ${fund.year}` : `Clore l’exercice ${fund.year}`}
              </Button>
            </li>
          )}
        </ul>
      </div>
      <div className="fr-col-12">
        <ErrorAlert message={form.error} />
        <SuccessAlert message={form.done} />
      </div>
    </div>
  )
}

function FundYear({ fund, configure }: { fund: AidFundConsumption; configure: boolean }) {
  return (
    <section className="fr-mb-6w">
      <h2>
        {fund.name} <span className="fr-text--sm">({fund.code})</span>
        {!fund.active && <span className="fr-badge fr-badge--sm fr-ml-1w">Inactif</span>}
        {fund.closedAt && (
          <span className="fr-badge fr-badge--sm fr-badge--info fr-ml-1w">Exercice clos</span>
        )}
      </h2>
      {fund.warning.message && (
        <Alert className="fr-mb-2w" severity="warning" small description={fund.warning.message} />
      )}
      <Table
        fixed
        caption={`Budget ${fund.year}`}
        headers={['Voté', 'Engagé (accordé)', 'Payé', 'Reste à engager']}
        data={[
          [
            fund.budgetVoted ? formatEuros(fund.votedCents) : 'Non voté',
            `${formatEuros(fund.committedCents)}${fund.warning.committedPercent !== null ? ` (${fund.warning.committedPercent} %)` : ''}`,
            `${formatEuros(fund.paidCents)}${fund.warning.paidPercent !== null ? ` (${fund.warning.paidPercent} %)` : ''}`,
            formatEuros(fund.remainingCents),
          ],
        ]}
      />
      <Table
        caption={`Par mois (${fund.year})`}
        headers={['Mois', 'Engagé', 'Payé']}
        data={fund.months
          .filter((m) => m.committedCents > 0 || m.paidCents > 0)
          .map((m) => [MONTHS[m.month - 1]!, formatEuros(m.committedCents), formatEuros(m.paidCents)])}
      />
      {fund.months.every((m) => m.committedCents === 0 && m.paidCents === 0) && (
        <p className="fr-text--sm">Aucune aide engagée ni payée sur ce fonds en {fund.year}.</p>
      )}
      {configure && <BudgetActions key={`${fund.id}-${fund.year}`} fund={fund} />}
    </section>
  )
}

function NewFund() {
  const form = useFormErrors()
  const [code, setCode] = useState('')
  const [name, setName] = useState('')
  const change = useFundsChange((body: object) => api('POST', '/api/aid-funds', body))
  return (
    <form
      className="fr-mb-6w"
      onSubmit={(e) => {
        e.preventDefault()
        void form
          .run(() => change.mutateAsync({ code, name }), 'Fonds créé.')
          .then((created) => {
            if (created) {
              setCode('')
              setName('')
            }
          })
      }}
    >
      <h2>Nouveau fonds</h2>
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-12 fr-col-md-3">
          <Input
            label="Code"
            hintText="Par exemple FLAJ"
            nativeInputProps={{ value: code, onChange: (e) => setCode(e.target.value) }}
            {...form.state('code')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Nom du fonds"
            nativeInputProps={{ value: name, onChange: (e) => setName(e.target.value) }}
            {...form.state('name')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Button type="submit">Créer le fonds</Button>
        </div>
      </div>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
    </form>
  )
}

/**
 * « Budgets des aides »: for the year chosen, each fund's voted budget, what is committed (granted on
 * the year's decisions) and paid, month by month, with the warning at the organisation's share.
 * Those who keep the règlement vote, amend, close and reopen a year, and add funds.
 */
export function AidBudgetsPage() {
  usePageTitle('Budgets des aides')
  const me = useMe().data
  const configure = hasPermission(me, 'aid.configure')
  const thisYear = Number(todayInFrance().slice(0, 4))
  const [year, setYear] = useState(thisYear)
  const funds = useAidFunds(year)
  return (
    <div>
      <h1>Budgets des aides</h1>
      <p>
        Pour chaque fonds : le budget voté pour l’année, ce qui est engagé (les aides accordées par les
        décisions de l’année), ce qui est payé sur le budget de l’année, et ce qui reste à engager.
      </p>
      <div className="fr-grid-row fr-mb-3w">
        <div className="fr-col-12 fr-col-md-3">
          <Select
            label="Année"
            nativeSelectProps={{ value: year, onChange: (e) => setYear(Number(e.target.value)) }}
          >
            {[thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <ErrorAlert message={funds.error ? funds.error.message : undefined} />
      {!funds.data && !funds.error && <p aria-live="polite">Chargement des budgets…</p>}
      {funds.data?.items.length === 0 && <p>Aucun fonds n’est encore créé.</p>}
      {funds.data?.items.map((fund) => (
        <FundYear key={fund.id} fund={fund} configure={configure} />
      ))}
      {configure && <NewFund />}
    </div>
  )
}
