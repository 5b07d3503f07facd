import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { CONSENT_SCOPE, consentInputSchema } from '../../../shared/people.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import {
  apiIssues,
  applyIssues,
  EnumSelect,
  FieldCol,
  FieldRow,
  payloadResolver,
  TextInput,
  zodIssues,
} from './form-fields.tsx'
import { DetailSection } from './PersonDetails.tsx'
import { consentsQuery, peopleKeys, recordConsent } from './people-api.ts'
import { formatDate, formatDateTime, labelOf, todayIso } from './people-format.ts'

type ConsentFormValues = { scope: string; given: '' | 'yes' | 'no'; givenOn: string; note: string }

const toPayload = (v: ConsentFormValues) => ({
  scope: v.scope,
  given: v.given === 'yes',
  givenOn: v.givenOn,
  note: v.note.trim() || null,
})

function validate(values: ConsentFormValues) {
  const issues = []
  if (values.given === '')
    issues.push({ path: 'given', message: 'Indiquez si la personne consent ou refuse.' })
  const result = consentInputSchema.safeParse(toPayload(values))
  if (!result.success) issues.push(...zodIssues(result.error.issues))
  return issues
}

function ConsentForm({ personId, onDone }: { personId: string; onDone: (message?: string) => void }) {
  const queryClient = useQueryClient()
  const [error, setError] = useState<string>()
  const form = useForm<ConsentFormValues>({
    defaultValues: { scope: 'data_processing', given: '', givenOn: todayIso(), note: '' },
    resolver: payloadResolver(validate),
  })
  const { errors, isSubmitting } = form.formState
  const submit = form.handleSubmit(async (values) => {
    setError(undefined)
    try {
      const list = await recordConsent(personId, toPayload(values) as z.input<typeof consentInputSchema>)
      queryClient.setQueryData(peopleKeys.consents(personId), list)
      onDone(values.given === 'yes' ? 'Consentement enregistré.' : 'Refus enregistré.')
    } catch (e) {
      const { message, issues } = apiIssues(e)
      applyIssues(form.setError, issues)
      setError(message)
    }
  })
  const given = form.register('given')
  return (
    <form onSubmit={submit} noValidate aria-labelledby="consent-form-title" className="fr-mt-3w">
      <h3 id="consent-form-title" className="fr-h6">
        Enregistrer un consentement ou un refus
      </h3>
      <ErrorAlert message={error} />
      <FieldRow>
        <FieldCol size={6}>
          <EnumSelect
            label="Objet du consentement"
            labels={CONSENT_SCOPE.labels}
            emptyLabel={null}
            error={errors.scope}
            registration={form.register('scope')}
          />
        </FieldCol>
        <FieldCol size={6}>
          <TextInput
            label="Date du recueil"
            type="date"
            error={errors.givenOn}
            registration={form.register('givenOn')}
          />
        </FieldCol>
      </FieldRow>
      <RadioButtons
        legend="Réponse de la personne"
        orientation="horizontal"
        state={errors.given ? 'error' : 'default'}
        stateRelatedMessage={errors.given?.message}
        options={[
          { label: 'Consent', nativeInputProps: { ...given, value: 'yes' } },
          { label: 'Refuse', nativeInputProps: { ...given, value: 'no' } },
        ]}
      />
      <TextInput
        label="Note"
        hint="Facultatif : comment le consentement a été recueilli (oral, écrit signé…)"
        textArea
        error={errors.note}
        registration={form.register('note')}
      />
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button type="submit" disabled={isSubmitting}>
            Enregistrer
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={() => onDone()}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  )
}

/** Consent to data processing: what was asked, the answer, when, and who recorded it. */
export function ConsentsSection({ personId, canWrite }: { personId: string; canWrite: boolean }) {
  const consents = useQuery(consentsQuery(personId))
  const [adding, setAdding] = useState(false)
  const [message, setMessage] = useState<string>()
  const messageRef = useRef<HTMLDivElement>(null)
  const items = consents.data?.items ?? []
  return (
    <DetailSection
      id="section-consentements"
      title="Consentements"
      actions={
        canWrite &&
        !adding && (
          <Button
            size="small"
            priority="secondary"
            iconId="fr-icon-add-line"
            onClick={() => {
              setMessage(undefined)
              setAdding(true)
            }}
          >
            Enregistrer un consentement
          </Button>
        )
      }
    >
      <div ref={messageRef} tabIndex={-1}>
        <SuccessAlert message={message} />
      </div>
      {consents.error && <ErrorAlert message={apiIssues(consents.error).message} />}
      {consents.data &&
        (items.length === 0 ? (
          <p className="fr-mb-0">Aucun consentement enregistré.</p>
        ) : (
          <ul className="fr-raw-list">
            {items.map((c) => (
              <li
                key={c.id}
                className="fr-py-1w"
                style={{ borderBottom: '1px solid var(--border-default-grey)' }}
              >
                <p className="fr-mb-0">
                  <Badge small severity={c.given ? 'success' : 'warning'} className="fr-mr-1w">
                    {c.given ? 'Consent' : 'Refuse'}
                  </Badge>
                  <strong>{labelOf(CONSENT_SCOPE.labels, c.scope)}</strong> — le {formatDate(c.givenOn)}
                </p>
                {c.note && <p className="fr-text--sm fr-mb-0">{c.note}</p>}
                <p className="fr-text--xs fr-mb-0" style={{ color: 'var(--text-mention-grey)' }}>
                  Enregistré par {c.recordedBy} le {formatDateTime(c.recordedAt)}
                </p>
              </li>
            ))}
          </ul>
        ))}
      {adding && (
        <ConsentForm
          personId={personId}
          onDone={(m) => {
            setAdding(false)
            setMessage(m)
            messageRef.current?.focus()
          }}
        />
      )}
    </DetailSection>
  )
}
