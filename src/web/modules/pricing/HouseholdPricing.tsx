import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { bracketRateLabel, formatEuros, formatShares } from '../../../shared/pricing.ts'
import { ApiError } from '../../lib/api-client.ts'
import { useHouseholdPricing } from './api/get-household-pricing.ts'

const shareWord = (shares: number) => (shares > 1 ? 'parts' : 'part')

/**
 * The household's family quotient, how its shares were counted and the tariff bracket it gives.
 * Meant to be embedded in the household's page; `titleAs` fits it into that page's headings.
 */
export function HouseholdPricing({
  householdId,
  titleAs: Title = 'h2',
}: {
  householdId: string
  titleAs?: 'h2' | 'h3' | 'h4'
}) {
  const pricing = useHouseholdPricing(householdId)
  const titleId = `quotient-${householdId}`

  return (
    <section aria-labelledby={titleId} className="fr-mb-5w">
      <Title id={titleId}>Quotient familial et tarif</Title>
      {pricing.isPending && <p aria-live="polite">Calcul du quotient familial…</p>}
      {pricing.error && (
        <Alert
          severity="error"
          small
          description={
            pricing.error instanceof ApiError && pricing.error.problem.status === 404
              ? 'Le quotient familial de ce foyer ne peut pas être affiché.'
              : pricing.error instanceof ApiError
                ? pricing.error.problem.detail
                : 'Une erreur inattendue est survenue.'
          }
        />
      )}
      {pricing.data && (
        <>
          <dl className="fr-mb-3w">
            <dt className="fr-text--bold">Quotient familial mensuel</dt>
            <dd className="fr-text--lead fr-mb-1w">{formatEuros(pricing.data.quotientCents)}</dd>
            <dt className="fr-text--bold">Tranche tarifaire</dt>
            <dd className="fr-mb-1w">
              {pricing.data.bracket ? (
                <>
                  {pricing.data.bracket.label} : {bracketRateLabel(pricing.data.bracket)}
                  {pricing.data.bracket.note && (
                    <span className="fr-hint-text">{pricing.data.bracket.note}</span>
                  )}
                </>
              ) : (
                'Aucune tranche ne correspond : les tranches tarifaires ne sont pas encore définies.'
              )}
            </dd>
            <dt className="fr-text--bold">Ressources mensuelles du foyer</dt>
            <dd className="fr-mb-1w">
              {formatEuros(pricing.data.monthlyResourcesCents)}
              <span className="fr-hint-text">
                dont {formatEuros(pricing.data.membersResourcesCents)} de ressources des membres et{' '}
                {formatEuros(pricing.data.otherResourcesCents)} de ressources du foyer
              </span>
            </dd>
            <dt className="fr-text--bold">Nombre de parts</dt>
            <dd className="fr-mb-1w">
              {formatShares(pricing.data.shares)} {shareWord(pricing.data.shares)}{' '}
              {pricing.data.sharesOverridden && (
                <Badge small severity="info">
                  Fixé pour ce foyer
                </Badge>
              )}
            </dd>
          </dl>
          <Table
            caption="Détail du calcul des parts"
            headers={['Motif', 'Membre du foyer', 'Parts']}
            data={[
              ...pricing.data.sharesDetail.map((line) => [
                line.label,
                line.displayName ?? '—',
                formatShares(line.shares),
              ]),
              [
                <strong key="total">Total</strong>,
                '',
                <strong key="shares">{formatShares(pricing.data.shares)}</strong>,
              ],
            ]}
          />
          <p className="fr-text--sm">
            Quotient = ressources mensuelles ÷ nombre de parts, arrondi au centime inférieur. Âges calculés au{' '}
            {new Date(`${pricing.data.computedOn}T00:00:00`).toLocaleDateString('fr-FR')}.
          </p>
        </>
      )}
    </section>
  )
}
