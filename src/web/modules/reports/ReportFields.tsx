import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { useState } from 'react'
import type { FieldError, UseFormRegisterReturn, UseFormReturn } from 'react-hook-form'
import { CHILDREN_PRESENT, REPORT_URGENCY } from '../../../shared/reports.ts'
import { TextField } from '../../ui/TextField.tsx'

/** The fields every report has, whoever enters it: the public form and the staff form share them. */
export interface ReportFieldValues {
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
    reporterLegend: 'Vos coordonnées (facultatives)',
    reporterHint: 'Pour que l’équipe puisse vous rappeler si besoin. Vous pouvez signaler sans les donner.',
    emailHint: 'Un accusé de réception y sera envoyé, avec la référence du signalement.',
    callback: 'J’accepte d’être rappelé·e par l’équipe si elle a besoin de précisions',
  },
  staff: {
    situationHint:
      'Ce qui a été vu : combien de personnes, âge approximatif, état apparent, besoins exprimés. Seulement ce qui aide l’équipe à les trouver et à les aider.',
    reporterLegend: 'Personne qui signale (facultatif)',
    reporterHint: 'Son nom et ses coordonnées, si elle accepte d’être recontactée.',
    emailHint: undefined,
    callback: 'Accepte d’être rappelé·e par l’équipe',
  },
}

export function ReportFields({
  form,
  audience,
}: {
  form: UseFormReturn<ReportFieldValues>
  audience: keyof typeof WORDING
}) {
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
      <RadioButtons
        legend="Des enfants sont-ils présents ?"
        orientation="horizontal"
        options={CHILDREN_PRESENT.values.map((value) => ({
          label: CHILDREN_PRESENT.labels[value],
          nativeInputProps: { ...register('childrenPresent'), value },
        }))}
        state={errors.childrenPresent ? 'error' : 'default'}
        stateRelatedMessage={errors.childrenPresent?.message}
      />
      <RadioButtons
        legend="Urgence"
        options={REPORT_URGENCY.values.map((value) => ({
          label: REPORT_URGENCY.labels[value],
          nativeInputProps: { ...register('urgency'), value },
        }))}
        state={errors.urgency ? 'error' : 'default'}
        stateRelatedMessage={errors.urgency?.message}
      />
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
    </>
  )
}
