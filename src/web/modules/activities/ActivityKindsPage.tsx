import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { activityKindInputSchema } from '../../../shared/activities.ts'
import { api } from '../../lib/api-client.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { type ActivityKind, useActivitiesChange, useActivityKinds } from './activities-api.ts'

/** The organisation's list of activity kinds: adding one, taking one off the list (kept on old activities). */
export function ActivityKindsPage() {
  usePageTitle('Types d’activités collectives')
  const kinds = useActivityKinds()
  const form = useFormErrors()
  const [label, setLabel] = useState('')
  const add = useActivitiesChange((input: object) => api<ActivityKind>('POST', '/api/activity-kinds', input))
  const toggle = useActivitiesChange((kind: ActivityKind) =>
    api<ActivityKind>('PUT', `/api/activity-kinds/${kind.id}`, { label: kind.label, active: !kind.active }),
  )
  return (
    <div>
      <h1>Types d’activités collectives</h1>
      <ErrorAlert message={form.error ?? kinds.error?.message} />
      <SuccessAlert message={form.done} />
      {kinds.data && kinds.data.length > 0 && (
        <Table
          caption="Types d’activités"
          headers={['Type', 'Dans la liste', 'Action']}
          data={kinds.data.map((k) => [
            k.label,
            k.active ? 'Oui' : 'Non',
            <Button
              key={k.id}
              type="button"
              size="small"
              priority="secondary"
              title={`${k.active ? 'Retirer de la liste' : 'Remettre dans la liste'} : ${k.label}`}
              onClick={() =>
                void form.run(
                  () => toggle.mutateAsync(k),
                  k.active ? `${k.label} est retiré de la liste.` : `${k.label} est de nouveau proposé.`,
                )
              }
            >
              {k.active ? 'Retirer de la liste' : 'Remettre dans la liste'}
            </Button>,
          ])}
        />
      )}
      <form
        className="fr-mt-4w"
        onSubmit={(e) => {
          e.preventDefault()
          const payload = form.check(activityKindInputSchema, { label })
          if (payload)
            void form
              .run(() => add.mutateAsync(payload), `${payload.label} est ajouté.`)
              .then((done) => {
                if (done) setLabel('')
              })
        }}
      >
        <Input
          label="Nouveau type d’activité"
          hintText="Par exemple : action intergénérationnelle, atelier de prévention, groupe de pères"
          nativeInputProps={{ value: label, onChange: (e) => setLabel(e.target.value) }}
          {...form.state('label')}
        />
        <Button type="submit">Ajouter le type</Button>
      </form>
    </div>
  )
}
