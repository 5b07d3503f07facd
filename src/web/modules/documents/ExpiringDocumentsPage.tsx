import { Table } from '@codegouvfr/react-dsfr/Table'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import { DEFAULT_EXPIRING_DAYS, type expiringDocumentSchema } from '../../../shared/documents.ts'
import { get } from '../../lib/api-client.ts'
import { formatDate } from '../../lib/dates.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'

type ExpiringPage = {
  items: z.infer<typeof expiringDocumentSchema>[]
  total: number
  page: number
  pageSize: number
}

/** /documents/a-renouveler — identity papers and other documents expired or expiring soon, soonest first. */
export function ExpiringDocumentsPage() {
  usePageTitle('Documents à renouveler')
  const [page, setPage] = useState(1)
  const list = useQuery({
    queryKey: ['documents', 'expiring', page],
    queryFn: () => get<ExpiringPage>(`/api/documents/expiring?days=${DEFAULT_EXPIRING_DAYS}&page=${page}`),
    placeholderData: keepPreviousData,
  })
  const today = todayInFrance()
  return (
    <>
      <h1>Documents à renouveler</h1>
      <p>
        Les documents expirés ou qui expirent dans les {DEFAULT_EXPIRING_DAYS} jours (pièces d’identité,
        titres de séjour…), des personnes dont vous voyez le dossier.
      </p>
      {list.error && <ErrorAlert message={list.error.message} />}
      {list.data && list.data.total === 0 && <p>Aucun document à renouveler.</p>}
      {list.data && list.data.total > 0 && (
        <>
          <Table
            fixed
            caption="Documents expirés ou expirant bientôt"
            headers={['Personne', 'Document', 'Expiration']}
            data={list.data.items.map((d) => [
              <Link key={d.id} to={`/personnes/${d.personId}`}>
                {d.personName}
              </Link>,
              `${d.typeLabel} — ${d.fileName}`,
              d.expiresOn && d.expiresOn < today
                ? `Expiré le ${formatDate(d.expiresOn)}`
                : `Expire le ${formatDate(d.expiresOn)}`,
            ])}
          />
          <ListPagination list={list.data} noun={['document', 'documents']} onPage={setPage} />
        </>
      )}
    </>
  )
}
