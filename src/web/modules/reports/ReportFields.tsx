import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { useState } from 'react'
import type { FieldError, UseFormRegisterReturn, UseFormReturn } from 'react-hook-form'
import {
  CHILDREN_PRESENT,
  PERSON_AWARE,
  REPORT_CONCERN,
  REPORT_CONCERN_HINTS,
  REPORT_CONCERN_LEGEND,
  REPORT_URGENCY,
  type ReportConcern,
} from '../../../shared/reports.ts'
import { TextField } from '../../ui/TextField.tsx'

/**
 * The fields of both kinds of report, whoever enters them: the public form and the staff form share
 * them. The server keeps those of the chosen concern.
 */
export interface ReportFieldValues {
  concern?: ReportConcern
  personDescription?: string
  personAware?: 'unknown' | 'yes' | 'no'
  locationText: string
  latitude?: number | null
  longitude?: number | null
  seenAt?: string | null
  situation: string
  childrenPresent?: 'unknown' | 'yes' | 'no'
  urgency?: 'unknown' | 'not_urgent' | 'urgent'
  reporterName?: string | null
  reporterPhone?: string | null
  reporterEmail?: string | null
  callbackAccepted?: boolean
}

/** A DSFR input or text area wired to react-hook-form, with its hint and its French error. */
export function Field(props: {
  label: string
  hint?: string
  error?: FieldError
  registration: UseFormRegisterReturn
  type?: string
  autoComplete?: string
  textArea?: boolean
}) {
  if (!props.textArea) {
    return (
      <TextField
        label={props.label}
        hint={props.hint}
        error={props.error}
        inputProps={{
          ...props.registration,
          type: props.type ?? 'text',
          autoComplete: props.autoComplete ?? 'off',
          'aria-invalid': props.error ? true : undefined,
        }}
      />
    )
  }
  return (
    <Input
      label={props.label}
      hintText={props.hint}
      state={props.error ? 'error' : 'default'}
      stateRelatedMessage={props.error?.message}
      textArea
      nativeTextAreaProps={{ ...props.registration, rows: 5, 'aria-invalid': props.error ? true : undefined }}
    />
  )
}

/** A blank report, as both forms start (and start again once a report is saved). */
export const EMPTY_REPORT_FIELDS = {
  locationText: '',
  latitude: null,
  longitude: null,
  seenAt: null,
  situation: '',
  childrenPresent: 'unknown',
  urgency: 'unknown',
  personDescription: '',
  personAware: 'unknown',
  reporterName: '',
  reporterPhone: '',
  reporterEmail: '',
  callbackAccepted: false,
} satisfies ReportFieldValues

/** A date-time picker giving the API an ISO instant (the browser's local time, with its offset). */
export const toInstant = (value: string) => (value ? new Date(value).toISOString() : null)

/** What the form says to a citizen, and to an agent entering what someone else reported. */
const WORDING = {
  public: {
    situationHint:
      'Ce que vous avez vu : combien de personnes, âge approximatif, état apparent, ce dont elles semblent avoir besoin. Indiquez seulement ce qui aide l’équipe à les trouver et à les aider.',
    whoHint:
      'Par exemple : une dame d’environ 80 ans qui vit seule, un voisin qui se déplace difficilement. Son nom si vous le connaissez.',
    worryLabel: 'Ce qui vous inquiète',
    worryHint:
      'Par exemple : on ne la voit plus sortir, ses volets restent fermés, elle ne semble plus faire ses courses, elle a fait une chute… Depuis quand ? Indiquez seulement ce qui aide le CCAS à lui venir en aide.',
    awareLegend: 'La personne sait-elle que vous faites ce signalement ?',
    reporterLegend: 'Vos coordonnées (facultatives)',
    reporterHint: 'Pour que l’équipe puisse vous rappeler si besoin. Vous pouvez signaler sans les donner.',
    emailHint: 'Un accusé de réception y sera envoyé, avec la référence du signalement.',
    callback: 'J’accepte d’être rappelé·e par l’équipe si elle a besoin de précisions',
  },
  staff: {
    situationHint:
      'Ce qui a été vu : combien de personnes, âge approximatif, état apparent, besoins exprimés. Seulement ce qui aide l’équipe à les trouver et à les aider.',
    whoHint: 'Âge approximatif, vit seule ou non, son nom s’il est connu.',
    worryLabel: 'Ce qui inquiète',
    worryHint: 'Ce que la personne qui signale a remarqué, et depuis quand.',
    awareLegend: 'La personne sait-elle qu’elle est signalée ?',
    reporterLegend: 'Personne qui signale (facultatif)',
    reporterHint: 'Son nom et ses coordonnées, si elle accepte d’être recontactée.',
    emailHint: undefined,
    callback: 'Accepte d’être rappelé·e par l’équipe',
  },
}

interface FieldsProps {
  form: UseFormReturn<ReportFieldValues>
  audience: keyof typeof WORDING
}

/** DSFR radio buttons for one of the form's lists of choices, with their hints and the French error. */
function Choices(props: {
  form: UseFormReturn<ReportFieldValues>
  name: 'concern' | 'personAware' | 'childrenPresent' | 'urgency'
  legend: string
  choices: { values: readonly string[]; labels: Record<string, string> }
  hints?: Record<string, string>
  orientation?: 'horizontal'
}) {
  const error = props.form.formState.errors[props.name]
  return (
    <RadioButtons
      legend={props.legend}
      orientation={props.orientation}
      options={props.choices.values.map((value) => ({
        label: props.choices.labels[value],
        hintText: props.hints?.[value],
        nativeInputProps: { ...props.form.register(props.name), value },
      }))}
      state={error ? 'error' : 'default'}
      stateRelatedMessage={error?.message}
    />
  )
}

/** The first question: what the report is about, which decides the fields and the team it goes to. */
export function ConcernChoice({ form }: Pick<FieldsProps, 'form'>) {
  return (
    <Choices
      form={form}
      name="concern"
      legend={REPORT_CONCERN_LEGEND}
      choices={REPORT_CONCERN}
      hints={REPORT_CONCERN_HINTS}
    />
  )
}

/** An older or fragile person who seems isolated at home: who, where, what worries, whether they know. */
export function IsolatedAtHomeFields({ form, audience }: FieldsProps) {
  const wording = WORDING[audience]
  const { register, formState } = form
  const errors = formState.errors
  return (
    <>
      <Field
        label="Qui est la personne ?"
        hint={wording.whoHint}
        error={errors.personDescription}
        registration={register('personDescription')}
      />
      <Field
        label="Adresse de la personne"
        hint="Le numéro, la rue, le bâtiment et l’étage si vous les connaissez ; à défaut, la rue ou le quartier."
        error={errors.locationText}
        registration={register('locationText')}
      />
      <Field
        label={wording.worryLabel}
        hint={wording.worryHint}
        textArea
        error={errors.situation}
        registration={register('situation')}
      />
      <Choices form={form} name="personAware" legend={wording.awareLegend} choices={PERSON_AWARE} />
    </>
  )
}

/** A person in difficulty in the street: where and when, the situation, children, urgency. */
export function StreetReportFields({ form, audience }: FieldsProps) {
  const wording = WORDING[audience]
  const { register, formState, setValue, watch } = form
  const errors = formState.errors
  const [locating, setLocating] = useState<string>()
  const latitude = watch('latitude')
  const longitude = watch('longitude')

  const locate = () => {
    if (!navigator.geolocation) {
      setLocating('Votre appareil ne permet pas de donner votre position.')
      return
    }
    setLocating('Recherche de votre position…')
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setValue('latitude', Math.round(position.coords.latitude * 1e5) / 1e5)
        setValue('longitude', Math.round(position.coords.longitude * 1e5) / 1e5)
        setLocating(undefined)
      },
      () => setLocating('Position indisponible : décrivez le lieu le plus précisément possible.'),
      { timeout: 10_000 },
    )
  }

  return (
    <>
      <Field
        label="Lieu"
        hint="Adresse, carrefour ou repère (arrêt de bus, commerce, entrée de parc…)."
        error={errors.locationText}
        registration={register('locationText')}
      />
      <div className="fr-mb-3w">
        {latitude != null && longitude != null ? (
          <p className="fr-mb-0">
            Position jointe au signalement ({latitude.toLocaleString('fr-FR')},{' '}
            {longitude.toLocaleString('fr-FR')}){' '}
            <Button
              priority="tertiary"
              size="small"
              type="button"
              onClick={() => {
                setValue('latitude', null)
                setValue('longitude', null)
              }}
            >
              Retirer la position
            </Button>
          </p>
        ) : (
          <Button
            priority="secondary"
            size="small"
            type="button"
            iconId="fr-icon-map-pin-2-line"
            onClick={locate}
          >
            Joindre ma position actuelle
          </Button>
        )}
        {locating && (
          <p className="fr-hint-text fr-mt-1v" role="status">
            {locating}
          </p>
        )}
        {errors.latitude && <p className="fr-error-text">{errors.latitude.message}</p>}
      </div>
      <Field
        label="Date et heure où la situation a été vue (facultatif)"
        hint="Approximatives si besoin."
        type="datetime-local"
        error={errors.seenAt}
        registration={register('seenAt', { setValueAs: toInstant })}
      />
      <Field
        label="Situation"
        hint={wording.situationHint}
        textArea
        error={errors.situation}
        registration={register('situation')}
      />
      <Choices
        form={form}
        name="childrenPresent"
        legend="Des enfants sont-ils présents ?"
        orientation="horizontal"
        choices={CHILDREN_PRESENT}
      />
      <Choices form={form} name="urgency" legend="Urgence" choices={REPORT_URGENCY} />
    </>
  )
}

/** Who reports, if they wish: to be called back, and (on the public form) to get the acknowledgement. */
export function ReporterFields({ form, audience }: FieldsProps) {
  const wording = WORDING[audience]
  const { register, formState } = form
  const errors = formState.errors
  return (
    <fieldset className="fr-fieldset fr-mt-2w">
      <legend className="fr-fieldset__legend">
        {wording.reporterLegend}
        <span className="fr-hint-text">{wording.reporterHint}</span>
      </legend>
      <div className="fr-fieldset__element">
        <Field
          label="Nom"
          autoComplete="name"
          error={errors.reporterName}
          registration={register('reporterName')}
        />
        <Field
          label="Téléphone"
          type="tel"
          autoComplete="tel"
          error={errors.reporterPhone}
          registration={register('reporterPhone')}
        />
        <Field
          label="Adresse e-mail"
          hint={wording.emailHint}
          type="email"
          autoComplete="email"
          error={errors.reporterEmail}
          registration={register('reporterEmail')}
        />
        <Checkbox
          options={[
            {
              label: wording.callback,
              nativeInputProps: register('callbackAccepted'),
            },
          ]}
        />
      </div>
    </fieldset>
  )
}
