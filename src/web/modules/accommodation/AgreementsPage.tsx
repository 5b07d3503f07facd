import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { frenchDay } from './StructurePage.tsx'
import { send, useAccommodationChange, useAgreements } from './structures-api.ts'

/** « Conventions »: every agreement with a partner, those to renew first; removing one typed by mistake. */
export function AgreementsPage() {
  usePageTitle('Conventions avec les partenaires')
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const toRenew = params.get('a-renouveler') === '1'
  const [page, setPage] = useState(1)
  const agreements = useAgreements(toRenew, page)
  const form = useFormErrors()
  const [confirming, setConfirming] = useState<string>()
  const remove = useAccommodationChange((id: string) => send('DELETE', `/api/partner-agreements/${id}`))
  const manages = Boolean(me.data && hasPermission(me.data, 'partner.manage'))
  return (
    <div>
      <h1>Conventions avec les partenaires</h1>
      <p>Une convention s’ajoute depuis la page de la structure qu’elle concerne.</p>
      <Checkbox
        options={[
          {
            label: 'Seulement les conventions à renouveler',
            nativeInputProps: {
              checked: toRenew,
              onChange: (e) => {
                setPage(1)
                setParams(e.target.checked ? { 'a-renouveler': '1' } : {})
              },
            },
          },
        ]}
      />
      <ErrorAlert message={form.error ?? agreements.error?.message} />
      <SuccessAlert message={form.done} />
      {agreements.data && agreements.data.items.length === 0 && <p>Aucune convention.</p>}
      {agreements.data && agreements.data.items.length > 0 && (
        <Table
          caption={`Conventions (${agreements.data.total})`}
          headers={['Partenaire', 'Objet', 'Structure', 'Du', 'Au', 'Renouvellement', '']}
          data={agreements.data.items.map((a) => [
            a.partnerName,
            a.subject,
            a.structureId ? (
              <Link key={a.id} to={`/hebergement/structures/${a.structureId}`}>
                {a.structureName}
              </Link>
            ) : (
              '—'
            ),
            frenchDay(a.startsOn),
            frenchDay(a.endsOn),
            a.toRenewSoon ? 'À renouveler' : a.renewBy ? `dès le ${frenchDay(a.renewBy)}` : '—',
            manages ? (
              confirming === a.id ? (
                <Button
                  key={`del-${a.id}`}
                  size="small"
                  onClick={() =>
                    void form
                      .run(() => remove.mutateAsync(a.id), 'Convention supprimée.')
                      .then(() => setConfirming(undefined))
                  }
                >
                  Confirmer la suppression
                </Button>
              ) : (
                <Button
                  key={`ask-${a.id}`}
                  size="small"
                  priority="tertiary"
                  onClick={() => setConfirming(a.id)}
                >
                  Supprimer
                </Button>
              )
            ) : (
              ''
            ),
          ])}
        />
      )}
      {agreements.data && (
        <ListPagination list={agreements.data} noun={['convention', 'conventions']} onPage={setPage} />
      )}
    </div>
  )
}
