import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Stepper } from '@codegouvfr/react-dsfr/Stepper'
import { type FormEvent, useState } from 'react'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  COMMUNE_LINK,
  type Domiciliation,
  INSTABILITY_CAUSE,
  type InstructionInput,
  REQUEST_REASON,
  RESIDENTIAL_SITUATION,
} from '../../../shared/domiciliation-workflow.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import {
  type DomiciliationList,
  usePersonDocumentChoices,
  useSaveBeneficiaries,
  useSaveInstruction,
  useSubmitRequest,
} from './domiciliation-api.ts'

type YesNo = { value: boolean | null; detail: string | null }
const STEPS = [
  'Entretien et lien avec la commune',
  'Situation de la personne',
  'Pièces et ayants droit',
] as const

function YesNoField(props: {
  legend: string
  name: string
  value: YesNo
  detailLabel: string
  onChange: (v: YesNo) => void
}) {
  return (
    <>
      <RadioButtons
        legend={props.legend}
        name={props.name}
        orientation="horizontal"
        options={[
          {
            label: 'Oui',
            nativeInputProps: {
              checked: props.value.value === true,
              onChange: () => props.onChange({ ...props.value, value: true }),
            },
          },
          {
            label: 'Non',
            nativeInputProps: {
              checked: props.value.value === false,
              onChange: () => props.onChange({ ...props.value, value: false }),
            },
          },
        ]}
      />
      {props.value.value && (
        <Input
          label={props.detailLabel}
          nativeInputProps={{
            value: props.value.detail ?? '',
            onChange: (e) => props.onChange({ ...props.value, detail: e.target.value }),
          }}
        />
      )}
    </>
  )
}

/**
 * The instruction of a request, in three short steps; each step is saved as the agent goes on, and
 * the last one sends the request for decision. The civil status is the person's file's.
 */
export function DomiciliationWizard(props: {
  period: Domiciliation
  household: DomiciliationList['household']
}) {
  const { period } = props
  const [step, setStep] = useState(0)
  const [values, setValues] = useState(() => ({ ...period.instruction }))
  const [beneficiaries, setBeneficiaries] = useState(period.beneficiaries.map((b) => b.personId))
  const form = useFormErrors()
  const documents = usePersonDocumentChoices(period.personId, step === 2)
  const save = useSaveInstruction()
  const saveBeneficiaries = useSaveBeneficiaries()
  const submitRequest = useSubmitRequest()
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) =>
    setValues((v) => ({ ...v, [key]: value }))
  const busy = save.isPending || saveBeneficiaries.isPending || submitRequest.isPending

  const instruction = (): Partial<InstructionInput> => ({
    interviewOn: values.interviewOn || null,
    communeLink: values.communeLink,
    communeLinkDetail: values.communeLinkDetail,
    residentialSituation: values.residentialSituation,
    residentialDetail: values.residentialDetail,
    instabilityCause: values.instabilityCause,
    instabilityDetail: values.instabilityDetail,
    reasons: values.reasons,
    reasonDetail: values.reasonDetail,
    income: values.income,
    orientation: values.orientation,
    existingDomiciliation: values.existingDomiciliation,
    support: values.support,
    documentIds: values.documentIds,
    comments: values.comments,
  })

  async function next(event: FormEvent) {
    event.preventDefault()
    const missing = [
      ...(step === 0 && !values.interviewOn
        ? [{ path: 'interviewOn', message: 'Indiquez la date de l’entretien.' }]
        : []),
      ...(step === 0 && !values.communeLink
        ? [{ path: 'communeLink', message: 'Indiquez le lien avec la commune.' }]
        : []),
    ]
    if (missing.length > 0)
      return form.show('Certains champs sont à corriger : voir les messages sous les champs.', missing)
    await form.run(async () => {
      await save.mutateAsync({ id: period.id, instruction: instruction() })
      if (step < STEPS.length - 1) return setStep(step + 1)
      await saveBeneficiaries.mutateAsync({ id: period.id, personIds: beneficiaries })
      await submitRequest.mutateAsync(period.id)
    })
  }

  return (
    <form onSubmit={next} noValidate className="fr-mt-2w">
      <Stepper
        currentStep={step + 1}
        stepCount={STEPS.length}
        title={STEPS[step]}
        nextTitle={STEPS[step + 1]}
      />
      <ErrorAlert message={form.error} />
      {step === 0 && (
        <>
          <Input
            label="Date de l’entretien"
            {...form.state('interviewOn')}
            nativeInputProps={{
              type: 'date',
              max: todayInFrance(),
              value: values.interviewOn ?? '',
              onChange: (e) => set('interviewOn', e.target.value || null),
            }}
          />
          <Select
            label="Lien avec la commune"
            {...form.state('communeLink')}
            nativeSelectProps={{
              value: values.communeLink ?? '',
              onChange: (e) => set('communeLink', (e.target.value || null) as typeof values.communeLink),
            }}
          >
            <option value="">Choisir</option>
            {COMMUNE_LINK.values.map((v) => (
              <option key={v} value={v}>
                {COMMUNE_LINK.labels[v]}
              </option>
            ))}
          </Select>
          <Input
            label="Précisions sur le lien avec la commune (facultatif)"
            nativeInputProps={{
              value: values.communeLinkDetail ?? '',
              onChange: (e) => set('communeLinkDetail', e.target.value),
            }}
          />
        </>
      )}
      {step === 1 && (
        <>
          <Select
            label="Situation résidentielle"
            nativeSelectProps={{
              value: values.residentialSituation ?? '',
              onChange: (e) =>
                set('residentialSituation', (e.target.value || null) as typeof values.residentialSituation),
            }}
          >
            <option value="">Non renseignée</option>
            {RESIDENTIAL_SITUATION.values.map((v) => (
              <option key={v} value={v}>
                {RESIDENTIAL_SITUATION.labels[v]}
              </option>
            ))}
          </Select>
          <Select
            label="Cause de l’instabilité du logement"
            nativeSelectProps={{
              value: values.instabilityCause ?? '',
              onChange: (e) =>
                set('instabilityCause', (e.target.value || null) as typeof values.instabilityCause),
            }}
          >
            <option value="">Non renseignée</option>
            {INSTABILITY_CAUSE.values.map((v) => (
              <option key={v} value={v}>
                {INSTABILITY_CAUSE.labels[v]}
              </option>
            ))}
          </Select>
          <Checkbox
            legend="Motif de la demande"
            orientation="horizontal"
            options={REQUEST_REASON.values.map((v) => ({
              label: REQUEST_REASON.labels[v],
              nativeInputProps: {
                checked: values.reasons.includes(v),
                onChange: (e) =>
                  set(
                    'reasons',
                    e.target.checked ? [...values.reasons, v] : values.reasons.filter((r) => r !== v),
                  ),
              },
            }))}
          />
          <YesNoField
            legend="Ressources"
            name="income"
            detailLabel="Lesquelles"
            value={values.income}
            onChange={(v) => set('income', v)}
          />
          <YesNoField
            legend="Orientée par un organisme"
            name="orientation"
            detailLabel="Par quel organisme"
            value={values.orientation}
            onChange={(v) => set('orientation', v)}
          />
          <YesNoField
            legend="Déjà domiciliée ailleurs"
            name="existing"
            detailLabel="Où"
            value={values.existingDomiciliation}
            onChange={(v) => set('existingDomiciliation', v)}
          />
          <YesNoField
            legend="Accompagnement social"
            name="support"
            detailLabel="Par qui"
            value={values.support}
            onChange={(v) => set('support', v)}
          />
        </>
      )}
      {step === 2 && (
        <>
          {documents.data && documents.data.items.length > 0 ? (
            <Checkbox
              legend="Pièces présentées (documents du dossier)"
              options={documents.data.items.map((d) => ({
                label: `${d.typeLabel} — ${d.fileName}`,
                nativeInputProps: {
                  checked: values.documentIds.includes(d.id),
                  onChange: (e) =>
                    set(
                      'documentIds',
                      e.target.checked
                        ? [...values.documentIds, d.id]
                        : values.documentIds.filter((x) => x !== d.id),
                    ),
                },
              }))}
            />
          ) : (
            <p className="fr-text--sm">
              Aucun document dans le dossier : déposez les pièces dans la rubrique « Documents ».
            </p>
          )}
          {props.household.length > 0 ? (
            <Checkbox
              legend="Ayants droit (membres du foyer couverts)"
              {...form.state('personIds.0')}
              options={props.household.map((m) => ({
                label: m.displayName,
                nativeInputProps: {
                  checked: beneficiaries.includes(m.personId),
                  onChange: (e) =>
                    setBeneficiaries(
                      e.target.checked
                        ? [...beneficiaries, m.personId]
                        : beneficiaries.filter((p) => p !== m.personId),
                    ),
                },
              }))}
            />
          ) : (
            <p className="fr-text--sm">Pas de foyer enregistré : aucun ayant droit à couvrir.</p>
          )}
          <Input
            label="Commentaires (facultatif)"
            textArea
            nativeTextAreaProps={{
              value: values.comments ?? '',
              onChange: (e) => set('comments', e.target.value),
            }}
          />
        </>
      )}
      <ul className="fr-btns-group fr-btns-group--inline-md">
        {step > 0 && (
          <li>
            <Button type="button" priority="secondary" onClick={() => setStep(step - 1)} disabled={busy}>
              Précédent
            </Button>
          </li>
        )}
        <li>
          <Button type="submit" disabled={busy}>
            {step < STEPS.length - 1 ? 'Enregistrer et continuer' : 'Transmettre pour décision'}
          </Button>
        </li>
      </ul>
    </form>
  )
}
