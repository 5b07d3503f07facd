import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useNavigate } from 'react-router'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import { ALERT_KIND, ALERT_PLAN_STATUS, alertPlanInputSchema } from '../../../shared/register.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { TextField } from '../../ui/TextField.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useActivatePlan, useAlertPlans } from './api/register.ts'
import { ConfidentialityNotice } from './ConfidentialityNotice.tsx'

type Values = z.input<typeof alertPlanInputSchema>

/** Alert plans: the director activates one when the prefect does; each has its call campaign. */
export function AlertPlansPage() {
  usePageTitle('Plans d’alerte')
  const { data: me } = useMe()
  const plans = useAlertPlans()
  const activate = useActivatePlan()
  const navigate = useNavigate()
  const [error, setError] = useState<string>()
  const form = useForm<Values>({
    resolver: zodResolver(alertPlanInputSchema),
    defaultValues: { kind: 'heatwave', startsOn: todayInFrance() },
  })
  const submit = form.handleSubmit(async (values) => {
    setError(undefined)
    try {
      const plan = await activate.mutateAsync(values)
      navigate(`/registre/plans/${plan.id}`)
    } catch (caught) {
      setError(applyApiError(caught, form.setError))
    }
  })

  return (
    <>
      <h1>Plans d’alerte</h1>
      <ConfidentialityNotice />
      <ul className="fr-links-group">
        <li>
          <Link to="/registre">Retour au registre</Link>
        </li>
        <li>
          <Link to="/registre/appels">Tous les appels</Link>
        </li>
      </ul>
      <ErrorAlert message={error ?? (plans.error ? applyApiError(plans.error) : undefined)} />
      {hasPermission(me, 'register.alert') && (
        <form onSubmit={submit} noValidate className="fr-mb-4w">
          <h2 className="fr-h4">Déclencher un plan</h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-3">
              <Select label="Alerte" nativeSelectProps={form.register('kind')}>
                {ALERT_KIND.values.map((v) => (
                  <option key={v} value={v}>
                    {ALERT_KIND.labels[v]}
                  </option>
                ))}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-md-3">
              <TextField
                label="Intitulé"
                error={form.formState.errors.label}
                inputProps={form.register('label')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-3">
              <TextField
                label="Début"
                error={form.formState.errors.startsOn}
                inputProps={{ type: 'date', ...form.register('startsOn') }}
              />
            </div>
            <div className="fr-col-12 fr-col-md-3">
              <TextField
                label="Fin (facultatif)"
                error={form.formState.errors.endsOn}
                inputProps={{ type: 'date', ...form.register('endsOn', { setValueAs: (v) => v || null }) }}
              />
            </div>
          </div>
          <Button type="submit" disabled={activate.isPending}>
            Déclencher et générer la campagne d’appels
          </Button>
        </form>
      )}
      {plans.data && plans.data.items.length > 0 && (
        <Table
          caption="Plans"
          className="fr-table--no-caption"
          headers={['Plan', 'Période', 'Statut', 'Joints / inscrits']}
          data={plans.data.items.map((p) => [
            <Link key="plan" to={`/registre/plans/${p.id}`}>
              {p.label ?? ALERT_KIND.labels[p.kind]}
            </Link>,
            `${formatDate(p.startsOn)}${p.endsOn ? ` → ${formatDate(p.endsOn)}` : ''}`,
            <Badge key="status" small severity={p.status === 'active' ? 'new' : 'success'}>
              {ALERT_PLAN_STATUS.labels[p.status]}
            </Badge>,
            `${p.board.reached} / ${p.board.total}`,
          ])}
        />
      )}
      {plans.data?.items.length === 0 && <p>Aucun plan déclenché.</p>}
    </>
  )
}
