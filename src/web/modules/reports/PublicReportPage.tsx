import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { zodResolver } from '@hookform/resolvers/zod'
import { useEffect, useRef, useState } from 'react'
import { type Resolver, type UseFormReturn, useForm } from 'react-hook-form'
import { useParams } from 'react-router'
import { publicReportInputSchema, REPORT_PROCESSING_NOTICE } from '../../../shared/reports.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { type PublicReportValues, usePublicForm, useSubmitPublicReport } from './api/public-report.ts'
import {
  ConcernChoice,
  EMPTY_REPORT_FIELDS,
  IsolatedAtHomeFields,
  ReporterFields,
  type ReportFieldValues,
  StreetReportFields,
} from './ReportFields.tsx'

/** Out of sight rather than `display: none`, which many bots recognise and skip. */
const HONEYPOT_STYLE = {
  position: 'absolute',
  left: '-10000px',
  width: 1,
  height: 1,
  overflow: 'hidden',
} as const

/** No concern yet: the form asks it first, and shows the fields of the answer. */
const EMPTY: PublicReportValues = {
  ...EMPTY_REPORT_FIELDS,
  concern: undefined,
  consent: false,
  website: '',
}

/** The public report form: no account, a reference number on success, nothing about anyone. */
export function PublicReportPage() {
  usePageTitle('Signaler une personne en difficulté')
  const { organisationId } = useParams()
  const organisation = usePublicForm(organisationId)
  const submit = useSubmitPublicReport()
  const [error, setError] = useState<string>()
  const [answer, setAnswer] = useState<{ reference: string; acknowledgement: string }>()
  const answerRef = useRef<HTMLDivElement>(null)
  const form = useForm<PublicReportValues>({
    // The schema is a union (one shape per concern); the form holds the fields of both.
    resolver: zodResolver(publicReportInputSchema) as unknown as Resolver<PublicReportValues>,
    defaultValues: EMPTY,
  })
  const concern = form.watch('concern')
  const fieldsForm = form as unknown as UseFormReturn<ReportFieldValues>

  useEffect(() => {
    if (answer) answerRef.current?.focus()
  }, [answer])
  // Messages about the other kind of report no longer apply.
  useEffect(() => {
    if (concern) form.clearErrors()
  }, [concern, form])

  const send = form.handleSubmit(async (values) => {
    if (!organisation.data) return
    setError(undefined)
    try {
      setAnswer(await submit.mutateAsync({ ...values, organisationId: organisation.data.organisationId }))
      form.reset(EMPTY)
    } catch (caught) {
      setError(applyApiError(caught, form.setError))
    }
  })

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-7">
        <h1>Signaler une personne en difficulté</h1>
        <Alert
          className="fr-mb-3w"
          severity="warning"
          small
          description="En cas de danger immédiat, appelez le 115 (urgence sociale), le 15 (SAMU), le 17 (police) ou le 112."
        />
        {organisation.isPending && <p aria-live="polite">Chargement…</p>}
        {organisation.isError && (
          <Alert
            severity="error"
            title="Ce lien de signalement n’est pas valide"
            description="Utilisez le lien publié par votre CCAS sur son site, ou appelez-le directement."
          />
        )}
        {answer && (
          <div ref={answerRef} tabIndex={-1} className="fr-mb-4w">
            <Alert
              severity="success"
              title="Signalement envoyé"
              description={
                <>
                  Votre référence : <strong style={{ whiteSpace: 'nowrap' }}>{answer.reference}</strong>
                  <br />
                  {answer.acknowledgement}
                </>
              }
            />
            <Button
              className="fr-mt-2w"
              priority="secondary"
              type="button"
              onClick={() => setAnswer(undefined)}
            >
              Faire un autre signalement
            </Button>
          </div>
        )}
        {organisation.data && !answer && (
          <>
            <p>
              Une personne vous inquiète : quelqu’un en difficulté dans la rue, dans un squat ou un campement,
              ou une personne âgée ou fragile qui semble isolée chez elle ? Signalez-la à{' '}
              <strong>{organisation.data.organisationName}</strong>, qui transmettra votre signalement à
              l’équipe concernée. Aucun compte n’est nécessaire.
            </p>
            <ErrorAlert message={error} />
            <form onSubmit={send} noValidate>
              <ConcernChoice form={fieldsForm} />
              {concern === 'street' && <StreetReportFields form={fieldsForm} audience="public" />}
              {concern === 'isolated_at_home' && <IsolatedAtHomeFields form={fieldsForm} audience="public" />}
              {concern && (
                <>
                  <ReporterFields form={fieldsForm} audience="public" />
                  {/* Hidden from people (and from assistive technologies): only bots fill it in. */}
                  <div aria-hidden="true" style={HONEYPOT_STYLE}>
                    <label htmlFor="report-website">Ne pas remplir ce champ</label>
                    <input
                      id="report-website"
                      tabIndex={-1}
                      autoComplete="off"
                      {...form.register('website')}
                    />
                  </div>
                  <h2 className="fr-h5 fr-mt-3w">Traitement de vos données</h2>
                  <p className="fr-text--sm">{REPORT_PROCESSING_NOTICE}</p>
                  <Checkbox
                    options={[
                      {
                        label: 'J’ai lu les informations ci-dessus sur le traitement des données',
                        nativeInputProps: form.register('consent'),
                      },
                    ]}
                    state={form.formState.errors.consent ? 'error' : 'default'}
                    stateRelatedMessage={form.formState.errors.consent?.message}
                  />
                  <Button type="submit" disabled={submit.isPending}>
                    Envoyer le signalement
                  </Button>
                </>
              )}
            </form>
          </>
        )}
      </div>
    </div>
  )
}
