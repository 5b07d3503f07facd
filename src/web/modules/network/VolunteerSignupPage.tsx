import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useParams } from 'react-router'
import type { z } from 'zod'
import { HELP_KIND, TIME_SLOT, volunteerSignupSchema, WEEKDAY } from '../../../shared/network.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { TextField } from '../../ui/TextField.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { usePortal, useSignup } from './api/portal.ts'

type Values = z.input<typeof volunteerSignupSchema>

/** A neighbour offers their help: contact details, kinds of help, availability, the charter. */
export function VolunteerSignupPage() {
  usePageTitle('Devenir voisin solidaire')
  const { organisationId } = useParams()
  const portal = usePortal(organisationId)
  const signup = useSignup()
  const [error, setError] = useState<string>()
  const [done, setDone] = useState(false)
  const form = useForm<Values>({
    resolver: zodResolver(volunteerSignupSchema),
    defaultValues: { helpKinds: [], availability: [], maxDistanceKm: 2, charterVersion: '' as '2026-1' },
  })
  const errors = form.formState.errors
  const send = form.handleSubmit(async (values) => {
    if (!portal.data) return
    setError(undefined)
    try {
      await signup.mutateAsync({
        ...(values as z.output<typeof volunteerSignupSchema>),
        organisationId: portal.data.organisationId,
      })
      setDone(true)
    } catch (caught) {
      setError(applyApiError(caught, form.setError))
    }
  })

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Devenir voisin solidaire</h1>
        {portal.isError && (
          <Alert
            severity="error"
            title="Ce lien n’est pas valide"
            small
            description="Utilisez le lien publié par votre CCAS."
          />
        )}
        {done && (
          <Alert
            severity="success"
            title="Inscription enregistrée"
            description={
              <>
                Un e-mail de confirmation vous a été envoyé. La coordinatrice va examiner votre candidature.{' '}
                <Link to="/benevoles">Se connecter</Link>
              </>
            }
          />
        )}
        {portal.data && !done && (
          <form onSubmit={send} noValidate>
            <p>
              Rejoignez le réseau de voisins solidaires de <strong>{portal.data.organisationName}</strong> :
              courses, visites, appels… pour les personnes âgées isolées de votre quartier.
            </p>
            <ErrorAlert message={error} />
            <TextField
              label="Prénom"
              error={errors.firstName}
              inputProps={{ ...form.register('firstName'), autoComplete: 'given-name' }}
            />
            <TextField
              label="Nom"
              error={errors.lastName}
              inputProps={{ ...form.register('lastName'), autoComplete: 'family-name' }}
            />
            <TextField
              label="Adresse e-mail"
              error={errors.email}
              inputProps={{ ...form.register('email'), type: 'email', autoComplete: 'email' }}
            />
            <TextField
              label="Téléphone"
              error={errors.phone}
              inputProps={{ ...form.register('phone'), type: 'tel', autoComplete: 'tel' }}
            />
            <TextField
              label="Mot de passe"
              hint="12 caractères au moins."
              error={errors.password}
              inputProps={{ ...form.register('password'), type: 'password', autoComplete: 'new-password' }}
            />
            <TextField
              label="Adresse (facultatif)"
              hint="Elle reste privée : elle sert seulement à calculer les distances."
              error={errors.address}
              inputProps={form.register('address')}
            />
            {portal.data.neighbourhoods.length > 0 ? (
              <Select
                label="Quartier (facultatif)"
                hint="Sans adresse reconnue, vous êtes placé au centre de votre quartier pour le calcul des distances."
                state={errors.neighbourhoodId ? 'error' : 'default'}
                stateRelatedMessage={errors.neighbourhoodId?.message}
                nativeSelectProps={form.register('neighbourhoodId', { setValueAs: (v) => v || null })}
              >
                <option value="">Je ne sais pas</option>
                {portal.data.neighbourhoods.map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.name}
                  </option>
                ))}
              </Select>
            ) : (
              <TextField
                label="Quartier (facultatif)"
                error={errors.neighbourhood}
                inputProps={form.register('neighbourhood')}
              />
            )}
            <TextField
              label="Distance maximale (km)"
              error={errors.maxDistanceKm}
              inputProps={{
                ...form.register('maxDistanceKm', { valueAsNumber: true }),
                type: 'number',
                min: 1,
                max: 100,
              }}
            />
            <Checkbox
              legend="Les aides que vous proposez"
              options={HELP_KIND.values.map((kind) => ({
                label: HELP_KIND.labels[kind],
                nativeInputProps: { ...form.register('helpKinds'), value: kind },
              }))}
              state={errors.helpKinds ? 'error' : 'default'}
              stateRelatedMessage={errors.helpKinds?.message}
            />
            <fieldset className="fr-fieldset">
              <legend className="fr-fieldset__legend">Vos disponibilités</legend>
              <div className="fr-table fr-table--sm fr-table--no-caption">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Jour</th>
                      {TIME_SLOT.values.map((slot) => (
                        <th key={slot} scope="col">
                          {TIME_SLOT.labels[slot]}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {WEEKDAY.values.map((day) => (
                      <tr key={day}>
                        <th scope="row">{WEEKDAY.labels[day]}</th>
                        {TIME_SLOT.values.map((slot) => (
                          <td key={slot}>
                            <input
                              type="checkbox"
                              value={`${day}_${slot}`}
                              aria-label={`${WEEKDAY.labels[day]} ${TIME_SLOT.labels[slot].toLowerCase()}`}
                              {...form.register('availability')}
                            />
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </fieldset>
            <h2 className="fr-h5">Charte du bénévole (version {portal.data.charterVersion})</h2>
            <p className="fr-text--sm">{portal.data.charterText}</p>
            <Checkbox
              options={[
                {
                  label: 'J’ai lu la charte du bénévole et je m’engage à la respecter',
                  nativeInputProps: {
                    onChange: (event) =>
                      form.setValue(
                        'charterVersion',
                        (event.target.checked ? portal.data.charterVersion : '') as '2026-1',
                      ),
                  },
                },
              ]}
              state={errors.charterVersion ? 'error' : 'default'}
              stateRelatedMessage={errors.charterVersion?.message}
            />
            <Button type="submit" disabled={signup.isPending}>
              S’inscrire
            </Button>
          </form>
        )}
      </div>
    </div>
  )
}
