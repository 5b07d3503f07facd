import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type ReactNode, useId } from 'react'
import {
  type FieldError,
  type FieldErrors,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormRegisterReturn,
  type UseFormReturn,
  type UseFormSetError,
  useFieldArray,
} from 'react-hook-form'
import { RESOURCE_KIND } from '../../../shared/people.ts'
import { ApiError } from '../../lib/api-client.ts'

/** Form pieces shared by the person form, the household form and the consents form. */

/** A titled group of fields: a fieldset whose legend is also a heading, for screen-reader navigation. */
export function FormSection(props: { title: string; hint?: ReactNode; children: ReactNode; level?: 2 | 3 }) {
  const Heading = props.level === 3 ? 'h3' : 'h2'
  return (
    <fieldset className="fr-fieldset fr-mb-4w people-form-section">
      <legend className="fr-fieldset__legend">
        <Heading className={props.level === 3 ? 'fr-h6 fr-mb-1v' : 'fr-h4 fr-mb-1v'}>{props.title}</Heading>
        {props.hint && <span className="fr-hint-text">{props.hint}</span>}
      </legend>
      <div className="fr-fieldset__element">{props.children}</div>
    </fieldset>
  )
}

/** A grid row of fields (inputs aligned at the bottom, whatever their hints); see FieldCol. */
export function FieldRow({ children }: { children: ReactNode }) {
  return <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">{children}</div>
}
/** A column taking `size` twelfths on medium screens and up. */
export function FieldCol({ size = 6, children }: { size?: number; children: ReactNode }) {
  return <div className={`fr-col-12 fr-col-md-${size}`}>{children}</div>
}

export function TextInput(props: {
  label: string
  hint?: ReactNode
  error?: FieldError
  registration: UseFormRegisterReturn
  type?: string
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel' | 'email'
  autoComplete?: string
  textArea?: boolean
}) {
  const common = {
    label: props.label,
    hintText: props.hint,
    state: props.error ? ('error' as const) : ('default' as const),
    stateRelatedMessage: props.error?.message,
  }
  if (props.textArea) {
    return (
      <Input
        {...common}
        textArea
        nativeTextAreaProps={{
          ...props.registration,
          rows: 3,
          'aria-invalid': props.error ? true : undefined,
        }}
      />
    )
  }
  return (
    <Input
      {...common}
      nativeInputProps={{
        ...props.registration,
        type: props.type ?? 'text',
        inputMode: props.inputMode,
        autoComplete: props.autoComplete ?? 'off',
        'aria-invalid': props.error ? true : undefined,
      }}
    />
  )
}

/** A select over one of the shared labelled enums, with an empty "not filled in" choice. */
export function EnumSelect(props: {
  label: string
  hint?: ReactNode
  labels: Record<string, string>
  error?: FieldError
  registration: UseFormRegisterReturn
  emptyLabel?: string | null
}) {
  return (
    <Select
      label={props.label}
      hint={props.hint}
      state={props.error ? 'error' : 'default'}
      stateRelatedMessage={props.error?.message}
      nativeSelectProps={{ ...props.registration, 'aria-invalid': props.error ? true : undefined }}
    >
      {props.emptyLabel !== null && <option value="">{props.emptyLabel ?? 'Non renseigné'}</option>}
      {Object.entries(props.labels).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </Select>
  )
}

/** A single DSFR checkbox. */
export function CheckboxField(props: {
  label: ReactNode
  hint?: ReactNode
  registration: UseFormRegisterReturn
}) {
  const id = useId()
  return (
    <div className="fr-checkbox-group fr-mb-2w">
      <input type="checkbox" id={id} {...props.registration} />
      <label className="fr-label" htmlFor={id}>
        {props.label}
        {props.hint && <span className="fr-hint-text">{props.hint}</span>}
      </label>
    </div>
  )
}

// Resources ------------------------------------------------------------------------------------

export type ResourceRow = { kind: string; amount: string }
type WithResources = { resources: ResourceRow[] }

/** A repeatable list of resources: kind and monthly amount in euros (sent as integer cents). */
export function ResourcesFields<T extends WithResources>(props: {
  form: UseFormReturn<T>
  legend: string
  addLabel?: string
}) {
  const form = props.form as unknown as UseFormReturn<WithResources>
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'resources' })
  const errors = form.formState.errors.resources
  return (
    <div className="fr-mb-3w">
      <p className="fr-text--bold fr-mb-1w">{props.legend}</p>
      {fields.length === 0 && <p className="fr-text--sm fr-mb-1w">Aucune ressource renseignée.</p>}
      {fields.map((field, index) => (
        <fieldset key={field.id} className="fr-fieldset people-repeat-row">
          <legend className="fr-fieldset__legend fr-text--regular fr-pb-1v">Ressource {index + 1}</legend>
          <div className="fr-fieldset__element">
            <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
              <div className="fr-col-12 fr-col-md-5">
                <EnumSelect
                  label="Type"
                  labels={RESOURCE_KIND.labels}
                  emptyLabel="Choisir un type"
                  error={errors?.[index]?.kind}
                  registration={form.register(`resources.${index}.kind`)}
                />
              </div>
              <div className="fr-col-12 fr-col-md-4">
                <TextInput
                  label="Montant mensuel (€)"
                  hint="Par exemple 607,75"
                  inputMode="decimal"
                  error={errors?.[index]?.amount}
                  registration={form.register(`resources.${index}.amount`)}
                />
              </div>
              <div className="fr-col-12 fr-col-md-3">
                <Button
                  type="button"
                  priority="tertiary"
                  iconId="fr-icon-delete-line"
                  className="fr-mb-3w"
                  onClick={() => remove(index)}
                >
                  Retirer<span className="fr-sr-only"> la ressource {index + 1}</span>
                </Button>
              </div>
            </div>
          </div>
        </fieldset>
      ))}
      <Button
        type="button"
        priority="secondary"
        size="small"
        iconId="fr-icon-add-line"
        onClick={() => append({ kind: '', amount: '' })}
      >
        {props.addLabel ?? 'Ajouter une ressource'}
      </Button>
    </div>
  )
}

// Validation -----------------------------------------------------------------------------------

type Issue = { path: string; message: string }

/** Sets `value` at a dotted path in a nested object, creating arrays for numeric keys. */
function setAt(target: Record<string, unknown>, path: string[], value: unknown) {
  let node: Record<string, unknown> = target
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      if (node[key] === undefined) node[key] = value
      return
    }
    const next = path[i + 1]!
    if (node[key] === undefined) node[key] = /^\d+$/.test(next) ? [] : {}
    node = node[key] as Record<string, unknown>
  })
}

/**
 * A react-hook-form resolver for forms whose fields differ from the API payload (euros typed, cents
 * sent; comma-separated lists…): `check` builds the payload, validates it with the shared Zod schema and
 * returns issues already renamed to the form's fields.
 */
export function payloadResolver<T extends FieldValues>(check: (values: T) => Issue[]): Resolver<T> {
  return async (values) => {
    const issues = check(values)
    if (issues.length === 0) return { values, errors: {} }
    const errors: Record<string, unknown> = {}
    for (const issue of issues) {
      setAt(errors, issue.path.split('.'), { type: 'validation', message: issue.message })
    }
    return { values: {}, errors: errors as FieldErrors<T> }
  }
}

/** Zod issues → form issues, through a renaming of paths. */
export function zodIssues(
  issues: { path: PropertyKey[]; message: string }[],
  rename: (path: string) => string = (p) => p,
): Issue[] {
  return issues.map((issue) => ({ path: rename(issue.path.map(String).join('.')), message: issue.message }))
}

/** A server refusal: its per-field messages renamed to the form's fields, and its general message. */
export function apiIssues(error: unknown, rename: (path: string) => string = (p) => p) {
  if (!(error instanceof ApiError)) {
    return { message: 'Une erreur inattendue est survenue. Réessayez.', issues: [] as Issue[] }
  }
  return {
    message: error.problem.detail,
    issues: (error.problem.errors ?? []).map((e) => ({ path: rename(e.path), message: e.message })),
  }
}

/** Shows each issue under its field; focuses the first. */
export function applyIssues<T extends FieldValues>(setError: UseFormSetError<T>, issues: Issue[]) {
  issues.forEach((issue, index) => {
    setError(issue.path as Path<T>, { type: 'server', message: issue.message }, { shouldFocus: index === 0 })
  })
}

export function errorMessage(error: unknown) {
  return apiIssues(error).message
}
