import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { readingAlertSettingsSchema } from '../../../shared/privacy.ts'
import { formatDateTime } from '../../lib/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { useReadingAlerts, useSaveReadingAlertSettings } from './api/privacy.ts'

/**
 * The unusual-reading alerts, for the director and the DPO: who read more distinct files in an hour
 * than the threshold, with the counts (no person). Those who set the retention periods set the threshold.
 */
export function ReadingAlertsSection(props: { mayConfigure: boolean }) {
  const [page, setPage] = useState(1)
  const alerts = useReadingAlerts(page)
  const save = useSaveReadingAlertSettings()
  const form = useFormErrors()
  const [threshold, setThreshold] = useState('')

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const input = form.check(readingAlertSettingsSchema, {
      filesPerHour: threshold === '' ? undefined : Number(threshold),
    })
    if (!input) return
    if (await form.run(() => save.mutateAsync(input), 'Seuil enregistré.')) setThreshold('')
  }

  return (
    <>
      <h2 className="fr-mt-5w">Lectures inhabituelles</h2>
      <p>
        Chaque heure, Trame relit le journal d’audit : quand un·e utilisateur·rice ouvre plus de{' '}
        {alerts.data ? <strong>{alerts.data.filesPerHour}</strong> : 'le seuil de'} dossiers différents en une
        heure, une alerte apparaît ici. Elle donne la personne qui a lu et les nombres, jamais les dossiers
        lus : le journal d’audit les montre si une vérification est nécessaire.
      </p>
      <ErrorAlert message={alerts.error ? 'Les alertes n’ont pas pu être chargées. Réessayez.' : undefined} />
      {alerts.data && (
        <>
          <ListPagination list={alerts.data} noun={['alerte', 'alertes']} onPage={setPage} />
          {alerts.data.items.length > 0 && (
            <Table
              caption="Alertes de lectures inhabituelles (la plus récente d’abord)"
              headers={['Heure', 'Utilisateur·rice', 'Dossiers distincts lus', 'Seuil alors en vigueur']}
              data={alerts.data.items.map((alert) => [
                formatDateTime(alert.hourStart),
                alert.userName,
                String(alert.distinctFiles),
                String(alert.threshold),
              ])}
            />
          )}
        </>
      )}
      {props.mayConfigure && (
        <form onSubmit={submit} noValidate className="fr-mt-3w">
          <SuccessAlert message={form.done} />
          <ErrorAlert message={form.error} />
          <Input
            label="Seuil : dossiers distincts lus en une heure (de 5 à 1 000)"
            nativeInputProps={{
              type: 'number',
              inputMode: 'numeric',
              value: threshold,
              onChange: (e) => setThreshold(e.target.value),
            }}
            {...form.state('filesPerHour')}
          />
          <Button type="submit" priority="secondary">
            Enregistrer le seuil
          </Button>
        </form>
      )}
    </>
  )
}
