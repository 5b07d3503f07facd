import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { zodResolver } from '@hookform/resolvers/zod'
import { useEffect, useState } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { registerSettingsInputSchema } from '../../../shared/register.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { TextField } from '../../ui/TextField.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useRegisterSettings, useSaveRegisterSettings, useTeams } from './api/register.ts'

type Values = z.input<typeof registerSettingsInputSchema>

/** The team designated for the register (its members and the director reach it), and the call rules. */
export function RegisterSettingsPage() {
  usePageTitle('Registre des personnes vulnérables — réglages')
  const settings = useRegisterSettings()
  const teams = useTeams()
  const save = useSaveRegisterSettings()
  const [error, setError] = useState<string>()
  const [saved, setSaved] = useState<string>()
  const form = useForm<Values>({
    resolver: zodResolver(registerSettingsInputSchema),
    defaultValues: { teamId: null, retryDelayMinutes: 60, maxAttempts: 3 },
  })
  useEffect(() => {
    if (settings.data) form.reset(settings.data)
  }, [settings.data, form])
  const submit = form.handleSubmit(async (values) => {
    setError(undefined)
    setSaved(undefined)
    try {
      await save.mutateAsync({ ...values, teamId: values.teamId || null })
      setSaved('Réglages enregistrés.')
    } catch (caught) {
      setError(applyApiError(caught, form.setError))
    }
  })
  const errors = form.formState.errors
  return (
    <div className="fr-grid-row">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Registre des personnes vulnérables</h1>
        <p>
          Seuls les membres de l’équipe désignée et le directeur accèdent au registre ; ils sont tenus au
          secret professionnel.
        </p>
        <ErrorAlert message={error ?? (settings.error ? applyApiError(settings.error) : undefined)} />
        <SuccessAlert message={saved} />
        <form onSubmit={submit} noValidate>
          <Select
            label="Équipe désignée pour le registre"
            state={errors.teamId ? 'error' : 'default'}
            stateRelatedMessage={errors.teamId?.message}
            nativeSelectProps={form.register('teamId', { setValueAs: (v) => v || null })}
          >
            <option value="">Aucune (le directeur seul)</option>
            {teams.data?.items
              .filter((t) => t.active)
              .map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
          </Select>
          <TextField
            label="Délai avant de rappeler (minutes)"
            error={errors.retryDelayMinutes}
            inputProps={{ type: 'number', ...form.register('retryDelayMinutes', { valueAsNumber: true }) }}
          />
          <TextField
            label="Appels sans réponse avant une visite à domicile"
            error={errors.maxAttempts}
            inputProps={{ type: 'number', ...form.register('maxAttempts', { valueAsNumber: true }) }}
          />
          <Button type="submit" disabled={save.isPending}>
            Enregistrer
          </Button>
        </form>
      </div>
    </div>
  )
}
