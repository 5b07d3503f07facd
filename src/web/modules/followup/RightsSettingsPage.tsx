import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useForm } from 'react-hook-form'
import { DEFAULT_RIGHTS_ENDING_DAYS } from '../../../shared/rights.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { rightsSettingsQuery, useRightKinds, useSaveRightKind, useSaveRightsSettings } from './api/rights.ts'

/** /admin/droits — the delay of "rights ending soon" and the organisation's own kinds of rights. */
export function RightsSettingsPage() {
  usePageTitle('Réglages des droits')
  const settings = useQuery(rightsSettingsQuery)
  const kinds = useRightKinds()
  const saveSettings = useSaveRightsSettings()
  const saveKind = useSaveRightKind()
  const [error, setError] = useState<string>()
  const [saved, setSaved] = useState<string>()
  const delayForm = useForm<{ endingDays: number }>({
    defaultValues: { endingDays: DEFAULT_RIGHTS_ENDING_DAYS },
  })
  const kindForm = useForm<{ label: string }>({ defaultValues: { label: '' } })
  useEffect(() => {
    if (settings.data) delayForm.reset(settings.data)
  }, [settings.data, delayForm])

  const run = async (
    action: () => Promise<unknown>,
    done: string,
    setFieldError?: Parameters<typeof applyApiError>[1],
  ) => {
    setError(undefined)
    setSaved(undefined)
    try {
      await action()
      setSaved(done)
      return true
    } catch (caught) {
      setError(applyApiError(caught, setFieldError))
      return false
    }
  }
  const submitDelay = delayForm.handleSubmit((v) =>
    run(() => saveSettings.mutateAsync(v), 'Délai enregistré.', delayForm.setError as never),
  )
  const submitKind = kindForm.handleSubmit(async (v) => {
    if (
      await run(() => saveKind.mutateAsync({ label: v.label }), 'Droit ajouté.', kindForm.setError as never)
    )
      kindForm.reset({ label: '' })
  })
  const custom = (kinds.data?.items ?? []).filter((k) => k.custom)

  return (
    <div className="fr-grid-row">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Réglages des droits</h1>
        <ErrorAlert message={error ?? (settings.error ? applyApiError(settings.error) : undefined)} />
        <SuccessAlert message={saved} />
        <form onSubmit={submitDelay} noValidate className="fr-mb-6w">
          <h2 className="fr-h4">Droits qui se terminent</h2>
          <Input
            label="Délai d’alerte (en jours)"
            hintText="Un droit ouvert dont la fin tombe dans ce délai apparaît dans la liste de travail de ses référents."
            state={delayForm.formState.errors.endingDays ? 'error' : 'default'}
            stateRelatedMessage={delayForm.formState.errors.endingDays?.message}
            nativeInputProps={{
              type: 'number',
              min: 1,
              max: 365,
              ...delayForm.register('endingDays', { valueAsNumber: true }),
            }}
          />
          <Button type="submit" disabled={saveSettings.isPending}>
            Enregistrer le délai
          </Button>
        </form>
        <h2 className="fr-h4">Droits propres à l’organisation</h2>
        <p>
          Les droits courants (CSS, PUMa/AME, RSA, prime d’activité, APL/ALS, AAH, ASPA, prestations
          familiales, domiciliation, droit au séjour…) sont déjà proposés. Ajoutez ceux que votre organisation
          suit en plus.
        </p>
        {custom.length === 0 ? (
          <p>Aucun droit ajouté.</p>
        ) : (
          <ul>
            {custom.map((k) => (
              <li key={k.kind}>
                {k.label} {!k.active && '(retiré)'}{' '}
                <Button
                  size="small"
                  priority="tertiary"
                  onClick={() =>
                    run(
                      () => saveKind.mutateAsync({ id: k.kind, label: k.label, active: !k.active }),
                      k.active ? 'Droit retiré.' : 'Droit rétabli.',
                    )
                  }
                >
                  {k.active ? `Retirer « ${k.label} »` : `Rétablir « ${k.label} »`}
                </Button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={submitKind} noValidate>
          <Input
            label="Nouveau droit"
            state={kindForm.formState.errors.label ? 'error' : 'default'}
            stateRelatedMessage={kindForm.formState.errors.label?.message}
            nativeInputProps={kindForm.register('label')}
          />
          <Button type="submit" priority="secondary" disabled={saveKind.isPending}>
            Ajouter
          </Button>
        </form>
      </div>
    </div>
  )
}
