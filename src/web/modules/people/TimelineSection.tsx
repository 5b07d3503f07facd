import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import type { TimelineEntry } from '../../../shared/people.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { errorMessage } from './form-fields.tsx'
import { DetailSection } from './PersonDetails.tsx'
import { timelineQuery } from './people-api.ts'
import { dayHeading, dayKey, formatTime } from './people-format.ts'

function groupByDay(items: TimelineEntry[]) {
  const days: { key: string; items: TimelineEntry[] }[] = []
  for (const item of items) {
    const key = dayKey(item.at)
    const last = days[days.length - 1]
    if (last?.key === key) last.items.push(item)
    else days.push({ key, items: [item] })
  }
  return days
}

/** Everything the modules recorded about the person, newest first, grouped by day. */
export function TimelineSection({ personId }: { personId: string }) {
  const [page, setPage] = useState(1)
  const [kind, setKind] = useState('')
  const timeline = useQuery(timelineQuery(personId, { page, kind: kind || undefined }))
  const items = timeline.data?.items ?? []
  const kinds = timeline.data?.kinds ?? []
  return (
    <DetailSection id="section-historique" title="Historique">
      {timeline.error && <ErrorAlert message={errorMessage(timeline.error)} />}
      {timeline.isPending && <p className="fr-mb-0">Chargement de l'historique…</p>}
      {timeline.data && timeline.data.total === 0 && !kind && (
        <p className="fr-mb-0">Rien n'a encore été enregistré pour cette personne.</p>
      )}
      {kinds.length > 1 && (
        <Select
          label="Module"
          className="fr-mb-2w"
          nativeSelectProps={{
            value: kind,
            onChange: (event) => {
              setKind(event.target.value)
              setPage(1)
            },
          }}
        >
          <option value="">Tous les modules</option>
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label} ({k.count})
            </option>
          ))}
        </Select>
      )}
      {timeline.data && timeline.data.total > 0 && (
        <ListPagination list={timeline.data} noun={['entrée', 'entrées']} onPage={setPage} />
      )}
      {groupByDay(items).map((day) => (
        <section key={day.key} aria-labelledby={`jour-${day.key}`} className="fr-mb-3w">
          <h3 id={`jour-${day.key}`} className="fr-h6 fr-mb-1w">
            {dayHeading(day.key)}
          </h3>
          <ol className="fr-raw-list" style={{ borderLeft: '2px solid var(--border-default-blue-france)' }}>
            {day.items.map((item) => (
              <li key={`${item.kind}-${item.id}`} className="fr-pl-2w fr-pb-2w">
                <p className="fr-mb-0">
                  <time dateTime={item.at} className="fr-text--bold fr-mr-1w">
                    {formatTime(item.at)}
                  </time>
                  <Badge small noIcon severity="info" className="fr-mr-1w">
                    {item.kindLabel}
                  </Badge>
                  <span>{item.title}</span>
                </p>
                {item.detail && <p className="fr-text--sm fr-mb-0">{item.detail}</p>}
                {item.personId !== personId && (
                  <p className="fr-text--xs fr-mb-0">
                    <span className="fr-icon-git-merge-line fr-icon--sm" aria-hidden="true" /> Enregistré sur
                    un dossier fusionné dans celui-ci —{' '}
                    <Link to={`/personnes/${item.personId}`}>ouvrir le dossier d'origine</Link>
                  </p>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </DetailSection>
  )
}
