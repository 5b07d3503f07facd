import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, useEffect, useState } from 'react'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useAidSettings, useSaveAidSettings } from './commission-api.ts'

/** The commission's quorum, whether members see names, the budget warning and the means of appeal. */
export function AidSettingsPage() {
  usePageTitle('Réglages des aides')
  const settings = useAidSettings()
  const save = useSaveAidSettings()
  const [quorum, setQuorum] = useState('3')
  const [showNames, setShowNames] = useState(false)
  const [warning, setWarning] = useState('80')
  const [appeal, setAppeal] = useState('')
  const errors = useFormErrors()
  const fields = errors.fields
  useEffect(() => {
    if (!settings.data) return
    setQuorum(String(settings.data.quorum))
    setShowNames(settings.data.showNamesToCommission)
    setWarning(String(settings.data.budgetWarningPercent))
    setAppeal(settings.data.appealText ?? '')
  }, [settings.data])

  async function submit(event: FormEvent) {
    event.preventDefault()
    await errors.run(
      () =>
        save.mutateAsync({
          quorum: Number(quorum),
          showNamesToCommission: showNames,
          budgetWarningPercent: Number(warning),
          appealText: appeal,
        }),
      'Réglages enregistrés.',
    )
  }

  return (
    <div className="fr-grid-row">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Réglages des aides</h1>
        <ErrorAlert message={errors.error ?? (settings.error ? applyApiError(settings.error) : undefined)} />
        <SuccessAlert message={errors.done} />
        <form onSubmit={submit} noValidate>
          <h2 className="fr-h4">Commission des aides</h2>
          <Input
            label="Quorum : membres présents nécessaires pour décider"
            state={fields.quorum ? 'error' : 'default'}
            stateRelatedMessage={fields.quorum}
            nativeInputProps={{
              type: 'number',
              min: 1,
              max: 50,
              value: quorum,
              onChange: (e) => setQuorum(e.target.value),
            }}
          />
          <Checkbox
            legend="Présentation des demandes aux membres"
            hintText="Par défaut, les membres voient les demandes pseudonymisées : initiales, âge, composition du foyer, budget, évaluation et alertes."
            options={[
              {
                label: 'Montrer les noms des demandeurs aux membres de la commission',
                nativeInputProps: { checked: showNames, onChange: (e) => setShowNames(e.target.checked) },
              },
            ]}
          />
          <h2 className="fr-h4">Budgets</h2>
          <Input
            label="Alerte de consommation d’un fonds (en % du budget voté)"
            state={fields.budgetWarningPercent ? 'error' : 'default'}
            stateRelatedMessage={fields.budgetWarningPercent}
            nativeInputProps={{
              type: 'number',
              min: 1,
              max: 100,
              value: warning,
              onChange: (e) => setWarning(e.target.value),
            }}
          />
          <h2 className="fr-h4">Lettres de décision</h2>
          <Input
            label="Voies de recours imprimées sur les lettres"
            hintText={`Laissé vide, Trame imprime : « ${settings.data?.defaultAppealText ?? ''} »`}
            textArea
            state={fields.appealText ? 'error' : 'default'}
            stateRelatedMessage={fields.appealText}
            nativeTextAreaProps={{ value: appeal, rows: 4, onChange: (e) => setAppeal(e.target.value) }}
          />
          <Button type="submit" disabled={save.isPending}>
            Enregistrer
          </Button>
        </form>
      </div>
    </div>
  )
}
