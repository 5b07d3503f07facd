import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Pagination } from '@codegouvfr/react-dsfr/Pagination'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useQuery } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { useSearchParams } from 'react-router'
import type { z } from 'zod'
import {
  type auditAccountsSchema,
  auditActionLabel,
  auditEntityLabel,
  type auditPageSchema,
} from '../../../shared/audit.ts'
import { get } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'

interface Filters {
  userId: string
  personId: string
  from: string
  to: string
}

export function AuditPage() {
  usePageTitle("Journal d'audit")
  // The director manages no account, yet filters by one: the journal lists the names it may show.
  const users =
    useQuery({
      queryKey: ['admin', 'audit', 'accounts'],
      queryFn: () => get<z.infer<typeof auditAccountsSchema>>('/api/audit/accounts'),
    }).data?.items ?? []
  // A person's file links here with its id ("who opened this file?").
  const [searchParams] = useSearchParams()
  const [draft, setDraft] = useState<Filters>({
    userId: '',
    personId: searchParams.get('personId') ?? '',
    from: '',
    to: '',
  })
  const [filters, setFilters] = useState<Filters>(draft)
  const [page, setPage] = useState(1)
  const params = new URLSearchParams({ page: String(page) })
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value)
  const audit = useQuery({
    queryKey: ['admin', 'audit', params.toString()],
    queryFn: () => get<z.infer<typeof auditPageSchema>>(`/api/audit?${params}`),
  })
  const search = (event: FormEvent) => {
    event.preventDefault()
    setPage(1)
    setFilters(draft)
  }
  const pageCount = audit.data ? Math.max(1, Math.ceil(audit.data.total / audit.data.pageSize)) : 1

  return (
    <>
      <h1>Journal d'audit</h1>
      <p>
        Chaque consultation et modification de données personnelles est enregistrée ; ce journal ne peut être
        ni modifié ni effacé.
      </p>
      <form onSubmit={search} className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-3w">
        <div className="fr-col-12 fr-col-md-3">
          {users.length > 0 ? (
            <Select
              label="Utilisateur"
              nativeSelectProps={{
                value: draft.userId,
                onChange: (e) => setDraft({ ...draft, userId: e.target.value }),
              }}
            >
              <option value="">Tous</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.active ? u.name : `${u.name} (compte désactivé)`}
                </option>
              ))}
            </Select>
          ) : (
            <Input
              label="Identifiant de l'utilisateur"
              nativeInputProps={{
                value: draft.userId,
                onChange: (e) => setDraft({ ...draft, userId: e.target.value }),
              }}
            />
          )}
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Input
            label="Identifiant de la personne"
            nativeInputProps={{
              value: draft.personId,
              onChange: (e) => setDraft({ ...draft, personId: e.target.value }),
            }}
          />
        </div>
        <div className="fr-col-6 fr-col-md-2">
          <Input
            label="Du"
            nativeInputProps={{
              type: 'date',
              value: draft.from,
              onChange: (e) => setDraft({ ...draft, from: e.target.value }),
            }}
          />
        </div>
        <div className="fr-col-6 fr-col-md-2">
          <Input
            label="Au"
            nativeInputProps={{
              type: 'date',
              value: draft.to,
              onChange: (e) => setDraft({ ...draft, to: e.target.value }),
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-2">
          <Button type="submit">Rechercher</Button>
        </div>
      </form>
      <ErrorAlert message={audit.error ? applyApiError(audit.error) : undefined} />
      {audit.data && (
        <>
          <p>{audit.data.total} entrée(s)</p>
          <Table
            caption="Entrées du journal"
            headers={['Date', 'Utilisateur', 'Action', 'Élément', 'Personne', 'Adresse IP']}
            data={audit.data.items.map((e) => [
              new Date(e.at).toLocaleString('fr-FR'),
              e.userName ?? '—',
              auditActionLabel(e.action),
              auditEntityLabel(e.entityType),
              e.personId ??
                (e.personIds.length ? `${e.personIds.length} personne(s) dans la liste affichée` : '—'),
              e.ip ?? '—',
            ])}
          />
          {pageCount > 1 && (
            <Pagination
              count={pageCount}
              defaultPage={page}
              getPageLinkProps={(n) => ({
                href: '#',
                onClick: (ev: { preventDefault(): void }) => (ev.preventDefault(), setPage(n)),
              })}
            />
          )}
        </>
      )}
    </>
  )
}
