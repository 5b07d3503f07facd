import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useEffect, useState } from 'react'
import { ApiError } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useReasons, useSaveReasons } from './frontdesk-api.ts'

type Row = { id?: string; label: string; active: boolean }

/** The organisation's list of contact reasons: rename, reorder, add; a removed reason is only retired. */
export function ContactReasonsPage() {
  usePageTitle('Motifs de contact')
  const reasons = useReasons()
  const save = useSaveReasons()
  const [rows, setRows] = useState<Row[]>([])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<string>()
  useEffect(() => {
    if (reasons.data) setRows(reasons.data.filter((r) => r.active))
  }, [reasons.data])

  const move = (index: number, by: number) =>
    setRows((list) => {
      const next = [...list]
      const [row] = next.splice(index, 1)
      next.splice(index + by, 0, row!)
      return next
    })

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    setErrors({})
    setError(undefined)
    setDone(undefined)
    try {
      await save.mutateAsync(rows)
      setDone('Motifs enregistrés.')
    } catch (caught) {
      if (caught instanceof ApiError) {
        setErrors(Object.fromEntries((caught.problem.errors ?? []).map((e) => [e.path, e.message])))
        setError(caught.problem.detail)
      }
    }
  }

  return (
    <>
      <h1>Motifs de contact</h1>
      <p>
        Les motifs proposés à l’accueil. Un motif retiré n’est plus proposé mais reste dans les statistiques
        des contacts passés.
      </p>
      <ErrorAlert message={errors.items ?? error} />
      <SuccessAlert message={done} />
      {/* Saving replaces the whole list: no form until the current one is on screen. */}
      {reasons.error && <ErrorAlert message={applyApiError(reasons.error)} />}
      {reasons.data && (
        <form onSubmit={submit}>
          <ol className="fr-raw-list">
            {rows.map((row, index) => (
              <li
                key={row.id ?? `new-${index}`}
                className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom"
              >
                <div className="fr-col-12 fr-col-md-6">
                  <Input
                    label={`Motif ${index + 1}`}
                    nativeInputProps={{
                      value: row.label,
                      onChange: (e) =>
                        setRows((list) =>
                          list.map((r, i) => (i === index ? { ...r, label: e.target.value } : r)),
                        ),
                    }}
                    state={errors[`items.${index}.label`] ? 'error' : 'default'}
                    stateRelatedMessage={errors[`items.${index}.label`]}
                  />
                </div>
                <div className="fr-col-12 fr-col-md-6 fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
                  <Button
                    priority="tertiary"
                    size="small"
                    type="button"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                    title={`Monter le motif ${row.label}`}
                  >
                    Monter
                  </Button>
                  <Button
                    priority="tertiary"
                    size="small"
                    type="button"
                    disabled={index === rows.length - 1}
                    onClick={() => move(index, 1)}
                    title={`Descendre le motif ${row.label}`}
                  >
                    Descendre
                  </Button>
                  <Button
                    priority="tertiary"
                    size="small"
                    type="button"
                    onClick={() => setRows((list) => list.filter((_, i) => i !== index))}
                    title={`Retirer le motif ${row.label}`}
                  >
                    Retirer
                  </Button>
                </div>
              </li>
            ))}
          </ol>
          <div className="fr-btns-group fr-btns-group--inline">
            <Button
              priority="secondary"
              type="button"
              onClick={() => setRows((list) => [...list, { label: '', active: true }])}
            >
              Ajouter un motif
            </Button>
            <Button type="submit" disabled={save.isPending}>
              Enregistrer les motifs
            </Button>
          </div>
        </form>
      )}
    </>
  )
}
