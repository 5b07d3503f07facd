import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Link } from 'react-router'
import { formatDate } from '../../lib/dates.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useWorklist } from './api/followup.ts'

/** /accompagnement — the signed-in professional's worklist: each section as the server composes it. */
export function WorklistPage() {
  usePageTitle('Mon plan de travail')
  const worklist = useWorklist()
  return (
    <>
      <h1>Mon plan de travail</h1>
      <p>
        Les accompagnements dont vous êtes référent·e, et ce qui arrive à échéance dans les 14 prochains
        jours.
      </p>
      <ErrorAlert message={worklist.error?.message} />
      {worklist.isPending && <p aria-live="polite">Chargement…</p>}
      {worklist.data?.sections.map((section) => (
        <section key={section.key} aria-labelledby={`section-${section.key}`} className="fr-mb-4w">
          <h2 id={`section-${section.key}`} className="fr-h4">
            {section.title} ({section.total})
          </h2>
          {section.items.length === 0 && <p>Rien pour l’instant.</p>}
          <ul className="fr-raw-list">
            {section.items.map((item) => (
              <li key={item.id} className="fr-py-1w">
                {item.recordId ? (
                  <Link to={`/accompagnement/${item.recordId}`}>{item.title}</Link>
                ) : item.kind === 'referral' && item.personId ? (
                  // A referral from the front desk belongs to no follow-up: its place is the person's file.
                  <Link to={`/personnes/${item.personId}`}>{item.title}</Link>
                ) : (
                  item.title
                )}
                {item.subjectName && ` — ${item.subjectName}`}
                {item.dueOn && <span className="fr-text--sm"> · {formatDate(item.dueOn)}</span>}
                {item.overdue && (
                  <Badge small severity="warning" className="fr-ml-1w">
                    En retard
                  </Badge>
                )}
              </li>
            ))}
          </ul>
          {section.total > section.items.length && (
            <p className="fr-text--sm">
              {section.items.length} sur {section.total} affichés.
            </p>
          )}
        </section>
      ))}
    </>
  )
}
