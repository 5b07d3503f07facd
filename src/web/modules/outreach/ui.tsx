import { Select } from '@codegouvfr/react-dsfr/Select'
import type { FormEvent, ReactNode } from 'react'
import { ApiError } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { NotFoundPage } from '../../ui/NotFoundPage.tsx'
import { useTeams, useZones } from './api/pickers.ts'

/** Small pieces the outreach pages share: selects, tables, form panels, loading states. */

type FieldState = { state?: 'error'; stateRelatedMessage?: string }

/** A DSFR select over a list of options, with an optional empty first choice. */
export function OptionSelect(props: {
  label: string
  hint?: string
  value: string
  onChange: (value: string) => void
  options: { value: string; label: string }[]
  /** The empty first choice ("Toutes", "Non précisé"…); none when null. */
  empty?: string | null
  state?: FieldState
  disabled?: boolean
}) {
  return (
    <Select
      label={props.label}
      hint={props.hint}
      disabled={props.disabled}
      nativeSelectProps={{ value: props.value, onChange: (e) => props.onChange(e.target.value) }}
      {...props.state}
    >
      {props.empty !== null && <option value="">{props.empty ?? 'Non précisé'}</option>}
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  )
}

/** The options of a labelled enum of src/shared. */
export const enumOptions = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }))

type ListSelectProps = Omit<Parameters<typeof OptionSelect>[0], 'options' | 'label'> & { label?: string }

/** The organisation's active teams (and the one already chosen, even if retired since). */
export function TeamSelect(props: ListSelectProps) {
  const teams = useTeams()
  const options = (teams.data ?? [])
    .filter((t) => t.active || t.id === props.value)
    .map((t) => ({ value: t.id, label: t.name }))
  return <OptionSelect label="Équipe" {...props} options={options} />
}

/** The organisation's active zones (and the one already chosen). */
export function ZoneSelect(props: ListSelectProps) {
  const zones = useZones()
  const options = (zones.data ?? [])
    .filter((z) => z.active || z.id === props.value)
    .map((z) => ({ value: z.id, label: z.label }))
  return <OptionSelect label="Secteur" {...props} options={options} />
}

/** A DSFR table whose cells wrap (phones), its caption read by screen readers only. */
export function TableFrame(props: { caption: string; head: string[]; children: ReactNode; small?: boolean }) {
  return (
    <div
      className={`fr-table fr-table--no-caption fr-table--multiline${props.small ? ' fr-table--sm fr-mb-0' : ''}`}
    >
      <div className="fr-table__wrapper">
        <div className="fr-table__container">
          <div className="fr-table__content">
            <table>
              <caption>{props.caption}</caption>
              <thead>
                <tr>
                  {props.head.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>{props.children}</tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  )
}

/** A page title with, on its right, the page's main action. */
export function PageHeading({ title, action }: { title: string; action?: ReactNode }) {
  return (
    <div className="fr-grid-row fr-grid-row--middle fr-grid-row--gutters fr-mb-1w">
      <div className="fr-col">
        <h1 className="fr-mb-0">{title}</h1>
      </div>
      {action && <div className="fr-col-auto">{action}</div>}
    </div>
  )
}

/** A titled form in a grey box, with its alert and its success line. */
export function FormPanel(props: {
  id: string
  title: string
  form: { error?: string; done?: string }
  onSubmit: (event: FormEvent) => void
  children: ReactNode
  /** A form inside a section that has its own title. */
  level?: 'h2' | 'h3'
  /** Without the grey box (already inside one). */
  plain?: boolean
}) {
  const Heading = props.level ?? 'h2'
  return (
    <section
      aria-labelledby={props.id}
      className={props.plain ? 'fr-mb-3w' : 'fr-p-3w fr-mb-3w fr-background-alt--grey'}
    >
      <Heading id={props.id} className={props.level === 'h3' ? 'fr-h6' : 'fr-h5'}>
        {props.title}
      </Heading>
      <form onSubmit={props.onSubmit} noValidate>
        <ErrorAlert message={props.form.error} />
        <SuccessAlert message={props.form.done} />
        {props.children}
      </form>
    </section>
  )
}

/**
 * What a record's page shows until the record is there: loading, an error, or "not found" (absent,
 * another organisation's or a confidential team's: the API answers 404 alike). Null once loaded.
 */
export function loading(query: { error: unknown; data: unknown }) {
  if (query.error instanceof ApiError && query.error.problem.status === 404) return <NotFoundPage />
  if (query.error) return <ErrorAlert message={applyApiError(query.error)} />
  if (!query.data) return <p aria-live="polite">Chargement…</p>
  return null
}

/** The message of a list's failed query, unless it is about a filter (shown under that filter). */
export function listError(error: unknown) {
  if (!error || (error instanceof ApiError && error.problem.errors?.length)) return null
  return <ErrorAlert message={applyApiError(error)} />
}

/** The state of a filter field from a list's failed query ("La date de début doit précéder…"). */
export const filterState =
  (error: unknown) =>
  (path: string): FieldState => {
    const message =
      error instanceof ApiError ? error.problem.errors?.find((e) => e.path === path)?.message : undefined
    return message ? { state: 'error', stateRelatedMessage: message } : {}
  }
