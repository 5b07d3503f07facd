import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, type ReactNode, useEffect, useState } from 'react'
import { useFormErrors } from '../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from './ErrorAlert.tsx'

export type ListRow = { id?: string; label: string; active: boolean }

/**
 * An organisation's configurable list (support types, document types…): rename, reorder, add, retire.
 * Saving sends the whole list; an entry left out is retired by the server, never deleted, so past
 * records keep their label. `extra` adds a field of the row's own (a support type's « légal »).
 */
export function ListEditor<Row extends ListRow>(props: {
  entries: Row[] | undefined
  /** Saves the whole list; resolves when the server agreed. */
  save: (rows: Row[]) => Promise<unknown>
  saving: boolean
  itemLabel: string
  newRow: () => Row
  savedMessage: string
  extra?: (row: Row, index: number, change: (row: Row) => void) => ReactNode
}) {
  const form = useFormErrors()
  const [rows, setRows] = useState<Row[]>([])
  useEffect(() => {
    if (props.entries) setRows(props.entries.filter((e) => e.active))
  }, [props.entries])
  const change = (index: number) => (row: Row) =>
    setRows((list) => list.map((r, i) => (i === index ? row : r)))
  const move = (index: number, by: number) =>
    setRows((list) => {
      const next = [...list]
      const [row] = next.splice(index, 1)
      next.splice(index + by, 0, row!)
      return next
    })
  const name = (row: Row, index: number) => row.label || `${props.itemLabel.toLowerCase()} ${index + 1}`

  async function submit(event: FormEvent) {
    event.preventDefault()
    await form.run(() => props.save(rows), props.savedMessage)
  }
  // Saving replaces the whole list: no form until the current one is on screen.
  if (!props.entries) return null
  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert message={form.fields.items ?? form.error} />
      <SuccessAlert message={form.done} />
      {rows.length === 0 && <p className="fr-text--sm">Aucun élément pour le moment.</p>}
      <ol className="fr-raw-list">
        {rows.map((row, index) => (
          <li key={row.id ?? `new-${index}`} className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
            <div className="fr-col-12 fr-col-md-6">
              <Input
                label={`${props.itemLabel} ${index + 1}`}
                nativeInputProps={{
                  value: row.label,
                  onChange: (e) => change(index)({ ...row, label: e.target.value }),
                }}
                {...form.state(`items.${index}.label`)}
              />
            </div>
            {props.extra && (
              <div className="fr-col-12 fr-col-md-2">{props.extra(row, index, change(index))}</div>
            )}
            <div className="fr-col-12 fr-col-md-4">
              <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
                <li>
                  <Button
                    priority="tertiary"
                    type="button"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    Monter<span className="fr-sr-only"> {name(row, index)}</span>
                  </Button>
                </li>
                <li>
                  <Button
                    priority="tertiary"
                    type="button"
                    disabled={index === rows.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    Descendre<span className="fr-sr-only"> {name(row, index)}</span>
                  </Button>
                </li>
                <li>
                  <Button
                    priority="tertiary"
                    type="button"
                    onClick={() => setRows((list) => list.filter((_, i) => i !== index))}
                  >
                    Retirer<span className="fr-sr-only"> {name(row, index)}</span>
                  </Button>
                </li>
              </ul>
            </div>
          </li>
        ))}
      </ol>
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left fr-mt-2w">
        <li>
          <Button
            priority="secondary"
            type="button"
            iconId="fr-icon-add-line"
            onClick={() => setRows((list) => [...list, props.newRow()])}
          >
            Ajouter<span className="fr-sr-only"> un élément</span>
          </Button>
        </li>
        <li>
          <Button type="submit" disabled={props.saving}>
            Enregistrer la liste
          </Button>
        </li>
      </ul>
    </form>
  )
}
