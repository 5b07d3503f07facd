import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Pagination } from '@codegouvfr/react-dsfr/Pagination'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useQuery } from '@tanstack/react-query'
import { type FormEvent, type ReactNode, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import type { z } from 'zod'
import {
  type auditAccountsSchema,
  auditActionLabel,
  auditEntityLabel,
  type auditPageSchema,
} from '../../../shared/audit.ts'
import { get } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'

interface Filters {
  userId: string
  personId: string
  fileNumber: string
  from: string
  to: string
}

type Picked = { id: string; label: string }

/**
 * Who did what, on which file, when. A file is chosen by name (for those who read files), by the number
 * the person gives (the DPO answering a rights request), or from the file's own link.
 */
export function AuditPage({ picker }: { picker: (onPick: (person: Picked) => void) => ReactNode }) {
  const readsFiles = hasPermission(useMe().data, 'person.read')
  const [picked, setPicked] = useState<Picked>()
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
    fileNumber: '',
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
            label="Numéro de dossier"
            nativeInputProps={{
              value: draft.fileNumber,
              onChange: (e) => setDraft({ ...draft, fileNumber: e.target.value, personId: '' }),
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
      {draft.personId ? (
        <p>
          Dossier choisi{picked ? ` : ${picked.label}` : ' depuis sa fiche'}.{' '}
          <Button
            size="small"
            priority="tertiary"
            onClick={() => {
              setPicked(undefined)
              setDraft({ ...draft, personId: '' })
            }}
          >
            Retirer le dossier
          </Button>
        </p>
      ) : (
        readsFiles && (
          <div className="fr-mb-3w">
            {picker((person) => {
              setPicked(person)
              setDraft({ ...draft, personId: person.id, fileNumber: '' })
            })}
          </div>
        )
      )}
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
              e.personId ? (
                readsFiles ? (
                  <Link key={e.id} to={`/personnes/${e.personId}`}>
                    Dossier {e.personFileNumber ?? ''}
                  </Link>
                ) : (
                  `Dossier ${e.personFileNumber ?? ''}`
                )
              ) : e.personIds.length ? (
                `${e.personIds.length} personne(s) dans la liste affichée`
              ) : (
                '—'
              ),
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
