import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useMemo, useRef, useState } from 'react'
import { useFieldArray, useForm } from 'react-hook-form'
import { Link } from 'react-router'
import {
  FAMILY_SITUATION,
  HEALTH_COVER,
  HOUSING_SITUATION,
  LEGAL_PROTECTION,
  NATIONALITY_GROUP,
  PERSON_STATUS,
  type Person,
  REFERRAL_SOURCE,
  SEX,
} from '../../../shared/people.ts'
import { type PersonSection, personSectionsFor } from '../../../shared/person-sections.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import {
  apiIssues,
  applyIssues,
  CheckboxField,
  EnumSelect,
  FieldCol,
  FieldRow,
  FormSection,
  payloadResolver,
  ResourcesFields,
  TextInput,
} from './form-fields.tsx'
import { LikelyDuplicates } from './LikelyDuplicates.tsx'
import { colleaguesQuery, createPerson, peopleKeys, teamsQuery, updatePerson } from './people-api.ts'
import {
  formValuesToPayload,
  type PersonFormValues,
  personToFormValues,
  toFormPath,
  validatePersonForm,
} from './person-form-values.ts'

const GIR_LABELS: Record<string, string> = {
  '1': 'GIR 1 — dépendance totale',
  '2': 'GIR 2',
  '3': 'GIR 3',
  '4': 'GIR 4',
  '5': 'GIR 5',
  '6': 'GIR 6 — autonome',
}

/**
 * Creation and edit of a person's file: every field of the shared schema, in sections. Fields are
 * optional except a name or a description; while creating, likely existing files are shown.
 */
export function PersonForm(props: {
  person?: Person
  prefill?: Partial<PersonFormValues>
  onSaved: (person: Person) => void
  onCancel: () => void
}) {
  const creating = !props.person
  const { data: me } = useMe()
  const restricted = hasPermission(me, 'person.read_restricted')
  const sections = personSectionsFor(me?.user.roles ?? [])
  const shows = (section: PersonSection) => sections.includes(section)
  const queryClient = useQueryClient()
  const teams = useQuery(teamsQuery).data?.items ?? []
  const colleagues = useQuery(colleaguesQuery).data?.items ?? []
  const [error, setError] = useState<string>()
  const errorRef = useRef<HTMLDivElement>(null)
  const defaultValues = useMemo(
    () => personToFormValues(props.person, props.prefill),
    [props.person, props.prefill],
  )
  const form = useForm<PersonFormValues>({
    defaultValues,
    resolver: payloadResolver((values) => validatePersonForm(values, { restricted, creating, sections })),
  })
  const { errors, isSubmitting } = form.formState
  const relatives = useFieldArray({ control: form.control, name: 'relatives' })

  const submit = form.handleSubmit(
    async (values) => {
      setError(undefined)
      const payload = formValuesToPayload(values, { restricted, sections })
      try {
        const saved = props.person
          ? // Saved by someone else since this form opened: refused, never silently overwritten.
            await updatePerson(props.person.id, { ...payload, expectedUpdatedAt: props.person.updatedAt })
          : await createPerson(payload)
        queryClient.setQueryData(peopleKeys.person(saved.id), saved)
        await queryClient.invalidateQueries({ queryKey: peopleKeys.all })
        props.onSaved(saved)
      } catch (e) {
        const { message, issues } = apiIssues(e, toFormPath)
        applyIssues(form.setError, issues)
        setError(message)
        if (issues.length === 0) errorRef.current?.focus()
      }
    },
    () => setError('Certains champs sont à corriger : voir les messages sous les champs.'),
  )

  const [lastName, firstNames, birthDate, phone] = form.watch([
    'lastName',
    'firstNames',
    'birthDate',
    'phone',
  ])
  // A confidential team only for its members and the director (the server refuses the others).
  const canFileUnder = (t: { id: string; confidential: boolean }) =>
    !t.confidential || me?.user.teamIds.includes(t.id) || me?.user.roles.includes('director')
  const activeTeams = teams.filter((t) => (t.active && canFileUnder(t)) || t.id === props.person?.teamId)

  return (
    <form onSubmit={submit} noValidate aria-label={creating ? 'Nouvelle personne' : 'Modifier le dossier'}>
      <div ref={errorRef} tabIndex={-1}>
        <ErrorAlert message={error} />
      </div>

      <FormSection
        title="Identité"
        hint="Tout est facultatif, sauf un nom, un prénom, un surnom ou une description."
      >
        <FieldRow>
          <FieldCol size={4}>
            <TextInput
              label="Nom de naissance"
              error={errors.lastName}
              registration={form.register('lastName')}
            />
          </FieldCol>
          <FieldCol size={4}>
            <TextInput
              label="Nom d'usage"
              error={errors.usageName}
              registration={form.register('usageName')}
            />
          </FieldCol>
          <FieldCol size={4}>
            <TextInput label="Prénoms" error={errors.firstNames} registration={form.register('firstNames')} />
          </FieldCol>
        </FieldRow>
        {creating && (
          <LikelyDuplicates lastName={lastName} firstNames={firstNames} birthDate={birthDate} phone={phone} />
        )}
        <FieldRow>
          <FieldCol size={6}>
            <TextInput
              label="Surnoms, alias"
              hint="Séparés par des virgules. Ils sont cherchés comme les noms."
              error={errors.aliases}
              registration={form.register('aliases')}
            />
          </FieldCol>
          <FieldCol size={6}>
            <TextInput
              label="Description"
              hint="Pour une personne sans nom : « homme, ~25 ans, rencontré gare »"
              error={errors.description}
              registration={form.register('description')}
            />
          </FieldCol>
        </FieldRow>
        <FieldRow>
          <FieldCol size={3}>
            <EnumSelect
              label="Sexe"
              labels={SEX.labels}
              error={errors.sex}
              registration={form.register('sex')}
            />
          </FieldCol>
          <FieldCol size={3}>
            <TextInput
              label="Date de naissance"
              type="date"
              error={errors.birthDate}
              registration={form.register('birthDate')}
            />
          </FieldCol>
          <FieldCol size={3}>
            <TextInput
              label="Âge approximatif"
              hint="Quand la date est inconnue"
              inputMode="numeric"
              error={errors.approximateAge}
              registration={form.register('approximateAge')}
            />
          </FieldCol>
          <FieldCol size={3}>
            <TextInput
              label="Lieu de naissance"
              error={errors.birthPlace}
              registration={form.register('birthPlace')}
            />
          </FieldCol>
        </FieldRow>
        <FieldRow>
          <FieldCol size={6}>
            <EnumSelect
              label="Nationalité"
              labels={NATIONALITY_GROUP.labels}
              error={errors.nationalityGroup}
              registration={form.register('nationalityGroup')}
            />
          </FieldCol>
          <FieldCol size={6}>
            <TextInput
              label="Langues parlées"
              hint="Séparées par des virgules : français, arabe, anglais"
              error={errors.languages}
              registration={form.register('languages')}
            />
          </FieldCol>
        </FieldRow>
      </FormSection>

      <FormSection title="Coordonnées et logement">
        <FieldRow>
          <FieldCol size={6}>
            <TextInput
              label="Téléphone"
              type="tel"
              inputMode="tel"
              error={errors.phone}
              registration={form.register('phone')}
            />
          </FieldCol>
          <FieldCol size={6}>
            <TextInput
              label="Adresse e-mail"
              type="email"
              inputMode="email"
              error={errors.email}
              registration={form.register('email')}
            />
          </FieldCol>
        </FieldRow>
        <FieldRow>
          <FieldCol size={6}>
            <TextInput label="Adresse" error={errors.address} registration={form.register('address')} />
          </FieldCol>
          <FieldCol size={2}>
            <TextInput
              label="Code postal"
              inputMode="numeric"
              error={errors.postalCode}
              registration={form.register('postalCode')}
            />
          </FieldCol>
          <FieldCol size={4}>
            <TextInput label="Commune" error={errors.city} registration={form.register('city')} />
          </FieldCol>
        </FieldRow>
        <FieldRow>
          <FieldCol size={6}>
            <EnumSelect
              label="Situation de logement"
              labels={HOUSING_SITUATION.labels}
              error={errors.housingSituation}
              registration={form.register('housingSituation')}
            />
          </FieldCol>
        </FieldRow>
      </FormSection>

      {shows('resources') && (
        <FormSection title="Droits et ressources">
          <FieldRow>
            <FieldCol size={restricted ? 4 : 6}>
              <TextInput
                label="Numéro d'allocataire CAF"
                inputMode="numeric"
                error={errors.cafNumber}
                registration={form.register('cafNumber')}
              />
            </FieldCol>
            <FieldCol size={restricted ? 4 : 6}>
              <EnumSelect
                label="Couverture santé"
                labels={HEALTH_COVER.labels}
                error={errors.healthCover}
                registration={form.register('healthCover')}
              />
            </FieldCol>
            {restricted && (
              <FieldCol size={4}>
                <TextInput
                  label="Numéro de sécurité sociale"
                  hint="Champ restreint : 15 caractères, clé comprise"
                  error={errors.socialSecurityNumber}
                  registration={form.register('socialSecurityNumber')}
                />
              </FieldCol>
            )}
          </FieldRow>
          <ResourcesFields form={form} legend="Ressources mensuelles" />
        </FormSection>
      )}

      <FormSection title="Situation familiale et autonomie">
        <FieldRow>
          <FieldCol size={4}>
            <EnumSelect
              label="Situation familiale"
              labels={FAMILY_SITUATION.labels}
              error={errors.familySituation}
              registration={form.register('familySituation')}
            />
          </FieldCol>
          <FieldCol size={4}>
            <EnumSelect
              label="Niveau d'autonomie (GIR)"
              hint="Pour les personnes âgées"
              labels={GIR_LABELS}
              error={errors.gir}
              registration={form.register('gir')}
            />
          </FieldCol>
          <FieldCol size={4}>
            <EnumSelect
              label="Orientée vers le CCAS par"
              labels={REFERRAL_SOURCE.labels}
              error={errors.referralSource}
              registration={form.register('referralSource')}
            />
          </FieldCol>
        </FieldRow>
        <FieldRow>
          <FieldCol size={6}>
            <EnumSelect
              label="Mesure de protection juridique"
              labels={LEGAL_PROTECTION.labels}
              emptyLabel="Aucune ou non renseignée"
              error={errors.legalProtection}
              registration={form.register('legalProtection')}
            />
          </FieldCol>
          <FieldCol size={6}>
            <TextInput
              label="Représentant·e légal·e"
              hint="Nom et coordonnées du tuteur, du curateur ou du service mandataire"
              error={errors.legalRepresentative}
              registration={form.register('legalRepresentative')}
            />
          </FieldCol>
        </FieldRow>
      </FormSection>

      <FormSection
        title="Proches et aidants"
        hint="Personnes qui ne vivent pas dans le foyer : voisin·e, famille éloignée, aidant·e."
      >
        {relatives.fields.length === 0 && <p className="fr-text--sm fr-mb-1w">Aucun proche renseigné.</p>}
        {relatives.fields.map((field, index) => (
          <fieldset key={field.id} className="fr-fieldset">
            <legend className="fr-fieldset__legend fr-text--regular fr-pb-1v">Proche {index + 1}</legend>
            <div className="fr-fieldset__element">
              <FieldRow>
                <FieldCol size={4}>
                  <TextInput
                    label="Nom"
                    error={errors.relatives?.[index]?.name}
                    registration={form.register(`relatives.${index}.name`)}
                  />
                </FieldCol>
                <FieldCol size={4}>
                  <TextInput
                    label="Lien"
                    hint="Fille, voisin…"
                    error={errors.relatives?.[index]?.relationship}
                    registration={form.register(`relatives.${index}.relationship`)}
                  />
                </FieldCol>
                <FieldCol size={4}>
                  <TextInput
                    label="Téléphone"
                    type="tel"
                    error={errors.relatives?.[index]?.phone}
                    registration={form.register(`relatives.${index}.phone`)}
                  />
                </FieldCol>
              </FieldRow>
              <div className="fr-grid-row fr-grid-row--middle">
                <CheckboxField
                  label="Aidant·e de la personne"
                  registration={form.register(`relatives.${index}.caregiver`)}
                />
                <Button
                  type="button"
                  priority="tertiary"
                  size="small"
                  iconId="fr-icon-delete-line"
                  className="fr-ml-auto fr-mb-2w"
                  onClick={() => relatives.remove(index)}
                >
                  Retirer<span className="fr-sr-only"> le proche {index + 1}</span>
                </Button>
              </div>
            </div>
          </fieldset>
        ))}
        <Button
          type="button"
          priority="secondary"
          size="small"
          iconId="fr-icon-add-line"
          onClick={() => relatives.append({ name: '', relationship: '', phone: '', caregiver: false })}
        >
          Ajouter un proche
        </Button>
      </FormSection>

      <FormSection title="Suivi">
        <FieldRow>
          <FieldCol size={4}>
            <EnumSelect
              label="Statut du dossier"
              labels={PERSON_STATUS.labels}
              emptyLabel={null}
              error={errors.status}
              registration={form.register('status')}
            />
          </FieldCol>
          <FieldCol size={4}>
            <Select
              label="Équipe"
              hint="Une équipe confidentielle restreint l'accès au dossier"
              state={errors.teamId ? 'error' : 'default'}
              stateRelatedMessage={errors.teamId?.message}
              nativeSelectProps={form.register('teamId')}
            >
              <option value="">Aucune équipe</option>
              {activeTeams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.confidential ? `${team.name} (confidentielle)` : team.name}
                </option>
              ))}
            </Select>
          </FieldCol>
          <FieldCol size={4}>
            <TextInput
              label="Étiquettes"
              hint="Séparées par des virgules"
              error={errors.tags}
              registration={form.register('tags')}
            />
          </FieldCol>
        </FieldRow>
        {colleagues.length > 0 && (
          <Checkbox
            legend="Référent·es du dossier"
            hintText="Les professionnel·les qui suivent la personne"
            orientation="horizontal"
            small
            state={errors.referentIds ? 'error' : 'default'}
            stateRelatedMessage={errors.referentIds?.message}
            options={colleagues.map((colleague) => ({
              label: colleague.name,
              nativeInputProps: { value: colleague.id, ...form.register('referentIds') },
            }))}
          />
        )}
      </FormSection>

      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button type="submit" disabled={isSubmitting}>
            {creating ? 'Créer le dossier' : 'Enregistrer les modifications'}
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={props.onCancel}>
            Annuler
          </Button>
        </li>
      </ul>
      {creating && (
        <p className="fr-text--sm">
          Personne déjà connue ? <Link to="/personnes">Retour à la recherche</Link>
        </p>
      )}
    </form>
  )
}
