import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { type PersonSummary, personDisplayName } from '../../../shared/people.ts'
import { likelyDuplicatesQuery } from './people-api.ts'
import { formatBirth, useDebounced } from './people-format.ts'

/** While a file is typed: the people Trame may already know, to open instead of creating a duplicate. */
export function LikelyDuplicates(props: {
  lastName?: string | null
  firstNames?: string | null
  birthDate?: string | null
  phone?: string | null
  /** Left out of the list (the file being merged into, say). */
  excludeId?: string
  title?: string
  severity?: 'warning' | 'info'
  intro?: string
  /** Where each person's link leads (their file by default). */
  linkFor?: (person: PersonSummary) => { to: string; label: string }
}) {
  const { excludeId, title, severity, intro, linkFor, ...fields } = props
  const link = (p: PersonSummary) =>
    linkFor?.(p) ?? { to: `/personnes/${p.id}`, label: `Ouvrir le dossier de ${personDisplayName(p)}` }
  const params = useDebounced(
    new URLSearchParams(
      Object.entries(fields)
        .map(([key, value]): [string, string] => [key, value?.trim() ?? ''])
        .filter(([, value]) => value !== ''),
    ).toString(),
    400,
  )
  const likely = useQuery(likelyDuplicatesQuery(params))
  const items = (params ? (likely.data?.items ?? []) : []).filter((p) => p.id !== excludeId)
  return (
    <div aria-live="polite">
      {items.length > 0 && (
        <Alert
          className="fr-mb-3w"
          severity={severity ?? 'warning'}
          title={title ?? 'Cette personne est peut-être déjà connue'}
          description={
            <>
              <span>
                {intro ??
                  "Vérifiez avant de créer un nouveau dossier : ouvrez le dossier existant s'il s'agit d'elle."}
              </span>
              <ul className="fr-mt-1w">
                {items.map((p) => (
                  <li key={p.id}>
                    <Link to={link(p).to}>{link(p).label}</Link>
                    {` — n° ${p.fileNumber}`}
                    {p.birthDate || p.approximateAge !== null
                      ? `, ${formatBirth(p.birthDate, p.approximateAge)}`
                      : ''}
                    {p.phone ? `, tél. ${p.phone}` : ''}
                  </li>
                ))}
              </ul>
            </>
          }
        />
      )}
    </div>
  )
}
