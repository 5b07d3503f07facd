import { Button } from '@codegouvfr/react-dsfr/Button'
import { CallOut } from '@codegouvfr/react-dsfr/CallOut'
import { zodResolver } from '@hookform/resolvers/zod'
import { useEffect, useState } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { DEFAULT_TRIAGE_DELAY_DAYS, reportSettingsInputSchema } from '../../../shared/reports.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useReportSettings, useSaveReportSettings } from './api/report-settings.ts'
import { Field } from './ReportFields.tsx'

type Values = z.input<typeof reportSettingsInputSchema>

/** The triage delay, and the link of the public form the CCAS publishes on its site. */
export function ReportSettingsPage() {
  usePageTitle('Réglages des signalements')
  const { data: me } = useMe()
  const settings = useReportSettings()
  const save = useSaveReportSettings()
  const [error, setError] = useState<string>()
  const [saved, setSaved] = useState<string>()
  const form = useForm<Values>({
    resolver: zodResolver(reportSettingsInputSchema),
    defaultValues: { triageDelayDays: DEFAULT_TRIAGE_DELAY_DAYS },
  })
  useEffect(() => {
    if (settings.data) form.reset(settings.data)
  }, [settings.data, form])

  const submit = form.handleSubmit(async (values) => {
    setError(undefined)
    setSaved(undefined)
    try {
      await save.mutateAsync(values)
      setSaved('Délai enregistré.')
    } catch (caught) {
      setError(applyApiError(caught, form.setError))
    }
  })
  const publicLink = me ? `${window.location.origin}/signaler/${me.organisation.id}` : ''

  return (
    <div className="fr-grid-row">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Réglages des signalements</h1>
        <CallOut title="Formulaire de signalement en ligne" className="fr-mb-4w">
          Publiez ce lien sur le site de la ville ou du CCAS : les habitants et les partenaires y signalent
          une personne en difficulté sans créer de compte.
          <br />
          <a href={publicLink}>{publicLink}</a>
        </CallOut>
        <ErrorAlert message={error ?? (settings.error ? applyApiError(settings.error) : undefined)} />
        <SuccessAlert message={saved} />
        <form onSubmit={submit} noValidate>
          <Field
            label="Délai de traitement (en jours)"
            hint="Un signalement nouveau ou attribué, sans action depuis plus longtemps, est signalé « En retard »."
            type="number"
            error={form.formState.errors.triageDelayDays}
            registration={form.register('triageDelayDays', { valueAsNumber: true })}
          />
          <Button type="submit" disabled={save.isPending}>
            Enregistrer
          </Button>
        </form>
      </div>
    </div>
  )
}
