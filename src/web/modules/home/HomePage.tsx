import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Tile } from '@codegouvfr/react-dsfr/Tile'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { HOME_TASKS, type HomeTask, SETUP_STEPS, type SetupStep } from '../../../shared/home.ts'
import { NAV_MODULES } from '../../../shared/navigation.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useHome } from './api/get-home.ts'
import './home.css'

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`

/** The administrator's first steps: what is set up already, read from the organisation's data. */
function FirstSteps({ steps }: { steps: SetupStep[] }) {
  const done = steps.filter((s) => s.done).length
  return (
    <section className="fr-mb-6w" aria-labelledby="first-steps-title">
      <h2 id="first-steps-title">Premiers pas</h2>
      <p>
        {done === steps.length
          ? 'Tout est en place. Vous pouvez revenir sur chaque réglage à tout moment.'
          : `${done} étape${done > 1 ? 's' : ''} sur ${steps.length} : voici ce qu’il reste à régler pour que vos équipes commencent.`}
      </p>
      <ol className="trame-checklist">
        {steps.map((step) => {
          const text = SETUP_STEPS[step.key]
          return (
            <li key={step.key} className={step.done ? 'trame-checklist__done' : undefined}>
              <span
                className={step.done ? 'fr-icon-checkbox-circle-fill' : 'fr-icon-time-line'}
                aria-hidden="true"
              />
              <div>
                <h3 className="fr-h6 fr-mb-1v">
                  <Link to={text.href}>{text.title}</Link>{' '}
                  <Badge small severity={step.done ? 'success' : 'new'} noIcon>
                    {step.done ? 'Fait' : 'À faire'}
                  </Badge>
                </h3>
                <p className="fr-text--sm fr-mb-0">
                  {text.hint}
                  {step.count !== null && <> {stepCount(step)}</>}
                </p>
              </div>
            </li>
          )
        })}
      </ol>
    </section>
  )
}

function stepCount(step: SetupStep) {
  const n = step.count ?? 0
  switch (step.key) {
    case 'organisation.sites':
      return `(${plural(n, 'site', 'sites')})`
    case 'organisation.teams':
      return `(${plural(n, 'équipe', 'équipes')})`
    case 'organisation.users':
      return n === 0
        ? '(aucun compte en dehors du vôtre)'
        : `(${plural(n, 'autre compte', 'autres comptes')})`
    case 'frontdesk.contact_reasons':
      return `(${plural(n, 'motif', 'motifs')})`
    case 'pricing.brackets':
      return `(${plural(n, 'tranche', 'tranches')})`
    default:
      return ''
  }
}

/** What waits for the user now, module by module; each count leads to the page where it is done. */
function Tasks({ tasks }: { tasks: HomeTask[] }) {
  const waiting = tasks.filter((t) => t.count > 0)
  return (
    <section className="fr-mb-6w" aria-labelledby="tasks-title">
      <h2 id="tasks-title">À faire maintenant</h2>
      {waiting.length === 0 && <p>Rien ne vous attend pour l’instant.</p>}
      <ul className="trame-tasks">
        {tasks.map((task) => {
          const text = HOME_TASKS[task.key]
          return (
            <li key={task.key} className={task.count === 0 ? 'trame-tasks__empty' : undefined}>
              <Link to={text.href} className="trame-tasks__link">
                <span className="trame-tasks__count">{task.count}</span>
                <span className="trame-tasks__title">{text.title}</span>
              </Link>
              {task.late > 0 && (
                <Badge small severity="error">
                  {`${task.late} ${text.late || 'en retard'}`}
                </Badge>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

/**
 * The home page: what to do now for the user's roles, the first steps for the administrator, then the
 * modules. The front desk panel is passed in by the router, so that web modules stay independent.
 */
export function HomePage({ frontDesk }: { frontDesk?: ReactNode }) {
  usePageTitle('Accueil')
  const { data: me } = useMe()
  const home = useHome()
  const modules = NAV_MODULES.filter((m) => hasPermission(me, m.requires))
  return (
    <>
      <h1>Bonjour {me?.user.name}</h1>
      <p className="fr-text--lead">{me?.organisation.name}</p>
      {home.error && <ErrorAlert message={home.error.message} />}
      {home.data && home.data.setup.length > 0 && <FirstSteps steps={home.data.setup} />}
      {home.data && home.data.tasks.length > 0 && <Tasks tasks={home.data.tasks} />}
      {hasPermission(me, 'contact.write') && frontDesk}
      {modules.length > 0 && (
        <section aria-labelledby="modules-title">
          <h2 id="modules-title">Vos modules</h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            {modules.map((m) => (
              <div key={m.path} className="fr-col-12 fr-col-md-4">
                <Tile title={m.label} linkProps={{ to: m.path }} orientation="horizontal" titleAs="h3" />
              </div>
            ))}
          </div>
        </section>
      )}
    </>
  )
}
