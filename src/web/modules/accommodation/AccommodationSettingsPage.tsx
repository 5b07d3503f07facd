import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { type FormEvent, useEffect, useState } from 'react'
import { MEDICAL_ROLES } from '../../../shared/accommodation.ts'
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/roles.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { send, useAccommodationChange, useAccommodationSettings } from './structures-api.ts'

/** Who reads the medical parts of admission requests besides nurses and doctors: nobody unless chosen. */
export function AccommodationSettingsPage() {
  usePageTitle('Réglages de l’hébergement')
  const settings = useAccommodationSettings()
  const form = useFormErrors()
  const [roles, setRoles] = useState<Role[]>([])
  useEffect(() => {
    if (settings.data) setRoles(settings.data.medicalExtraRoles)
  }, [settings.data])
  const save = useAccommodationChange((body: unknown) => send('PUT', '/api/accommodation-settings', body))
  const choosable = ROLES.filter((role) => !MEDICAL_ROLES.includes(role))

  async function submit(event: FormEvent) {
    event.preventDefault()
    await form.run(() => save.mutateAsync({ medicalExtraRoles: roles }), 'Réglages enregistrés.')
  }
  return (
    <div className="fr-grid-row">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Réglages de l’hébergement</h1>
        <ErrorAlert message={form.error ?? settings.error?.message} />
        <SuccessAlert message={form.done} />
        <form onSubmit={submit} noValidate>
          <Checkbox
            legend="Rôles qui lisent et écrivent les volets médicaux, en plus des infirmiers et des médecins"
            hintText="Par défaut, personne d’autre, pas même la direction : le secret médical ne se partage qu’avec l’accord de l’organisation. Chaque modification est tracée dans le journal."
            options={choosable.map((role) => ({
              label: ROLE_LABELS[role],
              nativeInputProps: {
                checked: roles.includes(role),
                onChange: (e) =>
                  setRoles((current) =>
                    e.target.checked ? [...current, role] : current.filter((r) => r !== role),
                  ),
              },
            }))}
          />
          <Button type="submit" disabled={save.isPending}>
            Enregistrer
          </Button>
        </form>
      </div>
    </div>
  )
}
