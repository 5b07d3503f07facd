import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, useEffect, useState } from 'react'
import { outreachSettingsInputSchema } from '../../../shared/outreach.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useHandoutItems, useZones } from './api/pickers.ts'
import { useOutreachSettings, useSaveEntries, useSaveSettings } from './api/settings.ts'

/** Zones, items handed out during rounds, and the caseload alert delay. */
export function OutreachSettingsPage() {
  usePageTitle('Paramètres de l’aller-vers')
  return (
    <>
      <h1>Paramètres de l’aller-vers</h1>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-6">
          <EntriesEditor
            kind="zones"
            title="Secteurs"
            hint="Les secteurs des tournées et des lieux. Un secteur retiré n’est plus proposé mais reste sur les tournées passées."
            itemLabel="Secteur"
          />
        </div>
        <div className="fr-col-12 fr-col-lg-6">
          <EntriesEditor
            kind="handout-items"
            title="Éléments distribués"
            hint="Ce que les équipes comptent dans le compte rendu de tournée (repas, kits d’hygiène, couvertures…)."
            itemLabel="Élément"
          />
        </div>
      </div>
      <AlertDelay />
    </>
  )
}

type Row = { id?: string; label: string; active: boolean }

function EntriesEditor(props: {
  kind: 'zones' | 'handout-items'
  title: string
  hint: string
  itemLabel: string
}) {
  const zones = useZones()
  const items = useHandoutItems()
  const current = props.kind === 'zones' ? zones : items
  const save = useSaveEntries(props.kind)
  const form = useFormErrors()
  const [rows, setRows] = useState<Row[]>([])
  useEffect(() => {
    if (current.data) setRows(current.data.filter((e) => e.active))
  }, [current.data])
  const headingId = `settings-${props.kind}`

  async function submit(event: FormEvent) {
    event.preventDefault()
    await form.run(() => save.mutateAsync(rows), `${props.title} enregistrés.`)
  }
  return (
    <section aria-labelledby={headingId} className="fr-mb-4w">
      <h2 id={headingId} className="fr-h4">
        {props.title}
      </h2>
      <p className="fr-text--sm">{props.hint}</p>
      {current.error && <ErrorAlert message={current.error.message} />}
      {current.data && (
        <form onSubmit={submit} noValidate>
          <ErrorAlert message={form.fields.items ?? form.error} />
          <SuccessAlert message={form.done} />
          {rows.length === 0 && <p className="fr-text--sm">Aucun élément pour le moment.</p>}
          <ol className="fr-raw-list">
            {rows.map((row, index) => (
              <li
                key={row.id ?? `new-${index}`}
                className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom"
              >
                <div className="fr-col">
                  <Input
                    label={`${props.itemLabel} ${index + 1}`}
                    nativeInputProps={{
                      value: row.label,
                      onChange: (e) =>
                        setRows((list) =>
                          list.map((r, i) => (i === index ? { ...r, label: e.target.value } : r)),
                        ),
                    }}
                    {...form.state(`items.${index}.label`)}
                  />
                </div>
                <div className="fr-col-auto">
                  <Button
                    priority="tertiary"
                    iconId="fr-icon-delete-line"
                    type="button"
                    onClick={() => setRows((list) => list.filter((_, i) => i !== index))}
                  >
                    Retirer
                    <span className="fr-sr-only">
                      {' '}
                      {row.label || `${props.itemLabel.toLowerCase()} ${index + 1}`}
                    </span>
                  </Button>
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
                onClick={() => setRows((list) => [...list, { label: '', active: true }])}
              >
                Ajouter
              </Button>
            </li>
            <li>
              <Button type="submit" disabled={save.isPending}>
                Enregistrer
              </Button>
            </li>
          </ul>
        </form>
      )}
    </section>
  )
}

function AlertDelay() {
  const settings = useOutreachSettings()
  const save = useSaveSettings()
  const form = useFormErrors()
  const [days, setDays] = useState('')
  useEffect(() => {
    if (settings.data) setDays(String(settings.data.caseloadAlertDays))
  }, [settings.data])
  async function submit(event: FormEvent) {
    event.preventDefault()
    const input = { caseloadAlertDays: days.trim() === '' ? Number.NaN : Number(days) }
    const checked = form.check(outreachSettingsInputSchema, input)
    if (checked) await form.run(() => save.mutateAsync(checked), 'Délai enregistré.')
  }
  return (
    <section aria-labelledby="settings-delay" className="fr-mb-4w outreach-narrow">
      <h2 id="settings-delay" className="fr-h4">
        Alerte de la file active
      </h2>
      <form onSubmit={submit} noValidate>
        <ErrorAlert message={form.error} />
        <SuccessAlert message={form.done} />
        <Input
          label="Jours sans contact avant l’alerte"
          hintText="Une personne suivie sans aucun contact depuis ce délai est signalée dans la file active (90 jours par défaut)."
          nativeInputProps={{
            type: 'number',
            inputMode: 'numeric',
            min: 1,
            value: days,
            onChange: (e) => setDays(e.target.value),
          }}
          {...form.state('caseloadAlertDays')}
        />
        <Button type="submit" disabled={save.isPending || !settings.data}>
          Enregistrer le délai
        </Button>
      </form>
    </section>
  )
}
