import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { zodResolver } from '@hookform/resolvers/zod'
import { useEffect, useId, useState } from 'react'
import { type Resolver, type UseFormReturn, useForm } from 'react-hook-form'
import { useNavigate } from 'react-router'
import { REPORT_SOURCE, reportInputSchema, STAFF_REPORT_SOURCES } from '../../../shared/reports.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { type Option, usePersonSearch, useServiceSearch, useZones } from './api/pickers.ts'
import { type ReportEntryValues, useCreateReport } from './api/reports.ts'
import {
  ConcernChoice,
  EMPTY_REPORT_FIELDS,
  Field,
  IsolatedAtHomeFields,
  ReporterFields,
  type ReportFieldValues,
  StreetReportFields,
  toInstant,
} from './ReportFields.tsx'
import { OptionList } from './report-format.tsx'

type Values = ReportEntryValues

const EMPTY: Values = {
  ...EMPTY_REPORT_FIELDS,
  concern: 'street',
  source: 'municipal_police',
  partnerServiceId: null,
  personId: null,
  zoneId: null,
}

/**
 * A report received by phone, from a partner, the municipal police or at the desk, entered by staff:
 * about someone in the street (the outreach team's queue) or someone isolated at home (the neighbour
 * network's coordinator, e.g. a neighbour calling the front desk).
 */
export function ReportCreatePage() {
  usePageTitle('Saisir un signalement')
  const { data: me } = useMe()
  const navigate = useNavigate()
  const create = useCreateReport()
  const zones = useZones()
  const [error, setError] = useState<string>()
  const [saved, setSaved] = useState<string>()
  const form = useForm<Values>({
    // The schema is a union (one shape per concern); the form holds the fields of both.
    resolver: zodResolver(reportInputSchema) as unknown as Resolver<Values>,
    defaultValues: EMPTY,
  })
  const source = form.watch('source')
  const concern = form.watch('concern')
  const fieldsForm = form as unknown as UseFormReturn<ReportFieldValues>
  useEffect(() => {
    if (concern) form.clearErrors()
  }, [concern, form])

  const submit = form.handleSubmit(async (values) => {
    setError(undefined)
    setSaved(undefined)
    try {
      const report = await create.mutateAsync(values)
      if (report.concern === 'isolated_at_home') {
        setSaved(
          `Signalement ${report.reference} enregistré : la coordination du réseau de voisins solidaires le recevra dans sa file.`,
        )
        form.reset(EMPTY)
        return
      }
      if (hasPermission(me, 'report.triage')) {
        navigate(`/signalements/${report.id}`)
        return
      }
      setSaved(`Signalement ${report.reference} enregistré : l’équipe d’aller-vers le recevra dans sa file.`)
      form.reset(EMPTY)
    } catch (caught) {
      setError(applyApiError(caught, form.setError))
    }
  })

  return (
    <div className="fr-grid-row">
      <div className="fr-col-12 fr-col-lg-8">
        <h1>Saisir un signalement</h1>
        <ErrorAlert message={error} />
        <SuccessAlert message={saved} />
        <form onSubmit={submit} noValidate>
          <ConcernChoice form={fieldsForm} />
          <Select
            label="Source"
            nativeSelectProps={form.register('source')}
            state={form.formState.errors.source ? 'error' : 'default'}
            stateRelatedMessage={form.formState.errors.source?.message}
          >
            {STAFF_REPORT_SOURCES.map((value) => (
              <option key={value} value={value}>
                {REPORT_SOURCE.labels[value]}
              </option>
            ))}
          </Select>
          {source === 'partner' && (
            <Picker
              label="Service partenaire"
              hint="Nom du partenaire ou du service, ville…"
              search={useServiceSearch}
              onPick={(option) => form.setValue('partnerServiceId', option?.id ?? null)}
              error={form.formState.errors.partnerServiceId?.message}
            />
          )}
          <Field
            label="Reçu le (facultatif)"
            hint="Laissez vide pour maintenant."
            type="datetime-local"
            error={form.formState.errors.receivedAt}
            registration={form.register('receivedAt', {
              setValueAs: (v: string) => toInstant(v) ?? undefined,
            })}
          />
          {concern === 'street' && zones.data && zones.data.length > 0 && (
            <Select
              label="Secteur"
              nativeSelectProps={form.register('zoneId', { setValueAs: (v) => v || null })}
            >
              <OptionList none="Non précisé" options={zones.data} />
            </Select>
          )}
          {concern === 'street' ? (
            <>
              <StreetReportFields form={fieldsForm} audience="staff" />
              <Picker
                label="Personne déjà connue (facultatif)"
                hint="Si la personne signalée a déjà un dossier : nom, prénom, surnom…"
                search={usePersonSearch}
                onPick={(option) => form.setValue('personId', option?.id ?? null)}
                error={form.formState.errors.personId?.message}
              />
            </>
          ) : (
            <IsolatedAtHomeFields form={fieldsForm} audience="staff" />
          )}
          <ReporterFields form={fieldsForm} audience="staff" />
          <Button type="submit" disabled={create.isPending}>
            Enregistrer le signalement
          </Button>
        </form>
      </div>
    </div>
  )
}

/** A search field whose results are buttons; the picked one shows with a way to remove it. */
function Picker(props: {
  label: string
  hint: string
  search: (q: string) => { data?: Option[] }
  onPick: (option: Option | null) => void
  error?: string
}) {
  const [q, setQ] = useState('')
  const [debounced, setDebounced] = useState('')
  const [picked, setPicked] = useState<Option | null>(null)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q), 200)
    return () => clearTimeout(timer)
  }, [q])
  const results = props.search(debounced)
  const resultsId = useId()
  const pick = (option: Option | null) => {
    setPicked(option)
    props.onPick(option)
  }
  if (picked) {
    return (
      <div className="fr-mb-3w">
        <p className="fr-mb-1v">{props.label}</p>
        <strong>{picked.label}</strong>{' '}
        <Button priority="tertiary" size="small" type="button" onClick={() => pick(null)}>
          Retirer
        </Button>
      </div>
    )
  }
  return (
    <div className="fr-mb-3w">
      <Input
        label={props.label}
        hintText={props.hint}
        nativeInputProps={{
          value: q,
          type: 'search',
          autoComplete: 'off',
          'aria-controls': resultsId,
          onChange: (e) => setQ(e.target.value),
        }}
        state={props.error ? 'error' : 'default'}
        stateRelatedMessage={props.error}
      />
      <ul id={resultsId} aria-label={`Résultats : ${props.label}`} aria-live="polite" className="fr-raw-list">
        {debounced.trim().length >= 2 &&
          results.data?.slice(0, 6).map((option) => (
            <li key={option.id} className="fr-mb-1v">
              <Button priority="secondary" size="small" type="button" onClick={() => pick(option)}>
                {option.label}
              </Button>
            </li>
          ))}
        {debounced.trim().length >= 2 && results.data?.length === 0 && (
          <li className="fr-text--sm">Aucun résultat.</li>
        )}
      </ul>
    </div>
  )
}
