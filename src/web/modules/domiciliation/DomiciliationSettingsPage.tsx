import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, useEffect, useState } from 'react'
import { ROLE_LABELS, type Role } from '../../../shared/roles.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useDomiciliationSettings, useSaveDomiciliationSettings } from './domiciliation-api.ts'

/** Who decides, the months without contact, the renewal reminder and the address printed on certificates. */
export function DomiciliationSettingsPage() {
  usePageTitle('Réglages de la domiciliation')
  const settings = useDomiciliationSettings()
  const save = useSaveDomiciliationSettings()
  const [roles, setRoles] = useState<Role[]>([])
  const [months, setMonths] = useState('3')
  const [days, setDays] = useState('61')
  const [postalAddress, setPostalAddress] = useState('')
  const [approvedScope, setApprovedScope] = useState('')
  const form = useFormErrors()
  useEffect(() => {
    if (!settings.data) return
    setRoles(settings.data.decisionRoles)
    setMonths(String(settings.data.noContactMonths))
    setDays(String(settings.data.renewalReminderDays))
    setPostalAddress(settings.data.postalAddress ?? '')
    setApprovedScope(settings.data.approvedScope ?? '')
  }, [settings.data])

  async function submit(event: FormEvent) {
    event.preventDefault()
    await form.run(
      () =>
        save.mutateAsync({
          decisionRoles: roles,
          noContactMonths: Number(months),
          renewalReminderDays: Number(days),
          postalAddress,
          approvedScope,
        }),
      'Réglages enregistrés.',
    )
  }
  const rolesError = Object.entries(form.fields).find(([path]) => path.startsWith('decisionRoles'))?.[1]

  return (
    <div className="fr-grid-row">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Réglages de la domiciliation</h1>
        <ErrorAlert message={form.error ?? (settings.error ? applyApiError(settings.error) : undefined)} />
        <SuccessAlert message={form.done} />
        <form onSubmit={submit} noValidate>
          <Checkbox
            legend="Qui peut accorder, refuser, radier et annuler une décision"
            state={rolesError ? 'error' : 'default'}
            stateRelatedMessage={rolesError}
            options={(settings.data?.decisionRoleChoices ?? []).map((role) => ({
              label: ROLE_LABELS[role],
              nativeInputProps: {
                checked: roles.includes(role),
                onChange: (e) =>
                  setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role)),
              },
            }))}
          />
          <Input
            label="Mois sans contact avant d’examiner une radiation"
            hintText="Trois mois selon la loi (CASF D264-3)."
            {...form.state('noContactMonths')}
            nativeInputProps={{
              type: 'number',
              min: 1,
              max: 24,
              value: months,
              onChange: (e) => setMonths(e.target.value),
            }}
          />
          <Input
            label="Jours avant l’échéance pour rappeler le renouvellement"
            hintText="L’équipe reçoit un courriel avec le nombre de domiciliations à renouveler, sans aucun nom."
            {...form.state('renewalReminderDays')}
            nativeInputProps={{
              type: 'number',
              min: 7,
              max: 180,
              value: days,
              onChange: (e) => setDays(e.target.value),
            }}
          />
          <Input
            label="Adresse postale imprimée sur les attestations"
            textArea
            {...form.state('postalAddress')}
            nativeTextAreaProps={{ value: postalAddress, onChange: (e) => setPostalAddress(e.target.value) }}
          />
          <Input
            label="Champ de l’agrément préfectoral (facultatif)"
            {...form.state('approvedScope')}
            nativeInputProps={{ value: approvedScope, onChange: (e) => setApprovedScope(e.target.value) }}
          />
          <Button type="submit" disabled={save.isPending}>
            Enregistrer
          </Button>
        </form>
      </div>
    </div>
  )
}
