import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useContext, useRef, useState } from 'react'
import { useFieldArray, useForm } from 'react-hook-form'
import { Link } from 'react-router'
import {
  HOUSEHOLD_RELATIONSHIP,
  type Household,
  type HouseholdInput,
  householdInputSchema,
  type Person,
  personDisplayName,
  RESOURCE_KIND,
} from '../../../shared/people.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import {
  apiIssues,
  applyIssues,
  CheckboxField,
  EnumSelect,
  FieldCol,
  FieldRow,
  FormSection,
  payloadResolver,
  type ResourceRow,
  ResourcesFields,
  TextInput,
  zodIssues,
} from './form-fields.tsx'
import { HouseholdExtraContext } from './household-extra.ts'
import { DetailSection, Facts } from './PersonDetails.tsx'
import { PersonPicker } from './PersonPicker.tsx'
import { householdQuery, peopleKeys, saveHousehold } from './people-api.ts'
import { centsToInput, formatBirth, formatCents, labelOf, parseEurosToCents } from './people-format.ts'

type MemberRow = {
  personId: string
  displayName: string
  relationship: string
  disabled: boolean
  /** Picked from another household: saving moves them out of it. */
  moving: boolean
  /** A person without a file yet: saving the household creates it. */
  newPerson?: { lastName: string | null; firstNames: string | null; birthDate: string | null }
}
type HouseholdFormValues = {
  address: string
  postalCode: string
  city: string
  members: MemberRow[]
  resources: ResourceRow[]
  sharesOverride: string
  /** The identity of a new member being typed, before it joins the list. */
  draft: { lastName: string; firstNames: string; birthDate: string }
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim())

function toPayload(values: HouseholdFormValues) {
  const shares = values.sharesOverride.trim().replace(',', '.')
  return {
    address: orNull(values.address),
    postalCode: orNull(values.postalCode),
    city: orNull(values.city),
    otherResources: values.resources.map((r) => ({
      kind: r.kind,
      monthlyCents: parseEurosToCents(r.amount) ?? Number.NaN,
    })),
    sharesOverride: shares === '' ? null : Number(shares),
    members: values.members.map((m) => ({
      ...(m.newPerson ? { newPerson: m.newPerson } : { personId: m.personId }),
      relationship: m.relationship,
      disabled: m.disabled,
    })),
  }
}

/** API paths → form fields. */
function toFormPath(path: string) {
  const [head, index, leaf] = path.split('.')
  if (head === 'otherResources') {
    return index === undefined ? 'resources' : `resources.${index}.${leaf === 'kind' ? 'kind' : 'amount'}`
  }
  if (head === 'members' && index !== undefined && (leaf === 'personId' || leaf === 'newPerson'))
    return `members.${index}.relationship`
  return path
}

function validate(values: HouseholdFormValues) {
  const issues: { path: string; message: string }[] = []
  values.resources.forEach((r, index) => {
    if (parseEurosToCents(r.amount) === undefined) {
      issues.push({ path: `resources.${index}.amount`, message: 'Montant invalide (par exemple 215,40).' })
    }
  })
  const result = householdInputSchema.safeParse(toPayload(values))
  if (!result.success) {
    for (const issue of zodIssues(result.error.issues, toFormPath)) {
      if (!issues.some((i) => i.path === issue.path)) issues.push(issue)
    }
  }
  return issues
}

function HouseholdForm(props: { person: Person; household?: Household; onDone: (message?: string) => void }) {
  const queryClient = useQueryClient()
  const [error, setError] = useState<string>()
  const errorRef = useRef<HTMLDivElement>(null)
  const { person, household } = props
  const form = useForm<HouseholdFormValues>({
    defaultValues: household
      ? {
          address: household.address ?? '',
          postalCode: household.postalCode ?? '',
          city: household.city ?? '',
          members: household.members.map((m) => ({
            personId: m.personId,
            displayName: m.displayName,
            relationship: m.relationship,
            disabled: m.disabled,
            moving: false,
          })),
          resources: (household.otherResources ?? []).map((r) => ({
            kind: r.kind,
            amount: centsToInput(r.monthlyCents),
          })),
          sharesOverride:
            household.sharesOverride === null ? '' : String(household.sharesOverride).replace('.', ','),
          draft: { lastName: '', firstNames: '', birthDate: '' },
        }
      : {
          address: person.address ?? '',
          postalCode: person.postalCode ?? '',
          city: person.city ?? '',
          members: [
            {
              personId: person.id,
              displayName: personDisplayName(person),
              relationship: 'head',
              disabled: false,
              moving: false,
            },
          ],
          resources: [],
          sharesOverride: '',
          draft: { lastName: '', firstNames: '', birthDate: '' },
        },
    resolver: payloadResolver(validate),
  })
  const members = useFieldArray({ control: form.control, name: 'members' })
  const { errors, isSubmitting } = form.formState
  const membersError = errors.members?.message ?? errors.members?.root?.message
  const addNewMember = () => {
    const draft = form.getValues('draft')
    form.clearErrors('draft')
    if (!draft.lastName.trim() && !draft.firstNames.trim()) {
      form.setError('draft.lastName', { message: 'Indiquez au moins un nom ou un prénom.' })
      return
    }
    const newPerson = {
      lastName: orNull(draft.lastName),
      firstNames: orNull(draft.firstNames),
      birthDate: orNull(draft.birthDate),
    }
    members.append({
      personId: '',
      displayName: personDisplayName({ lastName: newPerson.lastName, firstNames: newPerson.firstNames }),
      relationship: '',
      disabled: false,
      moving: false,
      newPerson,
    })
    form.resetField('draft')
  }

  const submit = form.handleSubmit(
    async (values) => {
      setError(undefined)
      try {
        const saved = await saveHousehold(household?.id, toPayload(values) as HouseholdInput)
        queryClient.setQueryData(peopleKeys.household(saved.id), saved)
        await queryClient.invalidateQueries({ queryKey: peopleKeys.all })
        // The quotient shown under the household (pricing module) depends on its members and resources.
        await queryClient.invalidateQueries({ queryKey: ['pricing'] })
        props.onDone(household ? 'Foyer enregistré.' : 'Foyer créé.')
      } catch (e) {
        const { message, issues } = apiIssues(e, toFormPath)
        applyIssues(form.setError, issues)
        setError(message)
        if (issues.length === 0) errorRef.current?.focus()
      }
    },
    () => setError('Certains champs sont à corriger : voir les messages sous les champs.'),
  )

  return (
    <form onSubmit={submit} noValidate aria-label={household ? 'Modifier le foyer' : 'Créer le foyer'}>
      <div ref={errorRef} tabIndex={-1}>
        <ErrorAlert message={error} />
      </div>
      <FormSection title="Membres du foyer" level={3}>
        {membersError && <ErrorAlert message={membersError} />}
        {members.fields.map((field, index) => (
          <fieldset key={field.id} className="fr-fieldset">
            <legend className="fr-fieldset__legend fr-text--regular fr-pb-1v">
              <strong>{field.displayName}</strong>
              {field.personId === person.id && ' (ce dossier)'}
              {field.newPerson && ' (nouveau dossier)'}
            </legend>
            <div className="fr-fieldset__element">
              {field.moving && (
                <p className="fr-text--sm fr-mb-1w">
                  Cette personne fait déjà partie d'un autre foyer : elle le quittera en rejoignant celui-ci.
                </p>
              )}
              <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--middle">
                <div className="fr-col-12 fr-col-md-5">
                  <EnumSelect
                    label="Lien dans le foyer"
                    labels={HOUSEHOLD_RELATIONSHIP.labels}
                    emptyLabel="Choisir le lien"
                    error={errors.members?.[index]?.relationship}
                    registration={form.register(`members.${index}.relationship`)}
                  />
                </div>
                <div className="fr-col-12 fr-col-md-4">
                  <CheckboxField
                    label="En situation de handicap"
                    hint="Compte pour les parts"
                    registration={form.register(`members.${index}.disabled`)}
                  />
                </div>
                <div className="fr-col-12 fr-col-md-3">
                  <Button
                    type="button"
                    priority="tertiary"
                    size="small"
                    iconId="fr-icon-delete-line"
                    className="fr-mb-2w"
                    onClick={() => members.remove(index)}
                  >
                    Retirer du foyer<span className="fr-sr-only"> : {field.displayName}</span>
                  </Button>
                </div>
              </div>
            </div>
          </fieldset>
        ))}
        <PersonPicker
          label="Ajouter un membre"
          hint="Cherchez la personne par son nom, sa date de naissance ou son numéro de dossier"
          actionLabel="Ajouter au foyer"
          excludeIds={form.watch('members').flatMap((m) => (m.personId ? [m.personId] : []))}
          onPick={(p) =>
            members.append({
              personId: p.id,
              displayName: personDisplayName(p),
              relationship: '',
              disabled: false,
              moving: p.householdSize !== null,
            })
          }
        />
        <fieldset className="fr-fieldset fr-mt-2w" aria-labelledby="household-new-member-legend">
          <legend id="household-new-member-legend" className="fr-fieldset__legend fr-text--regular">
            Ou créer le dossier d'un nouveau membre
            <span className="fr-hint-text">
              Son identité suffit ici ; le dossier est créé en enregistrant le foyer et se complète ensuite.
            </span>
          </legend>
          <div className="fr-fieldset__element">
            <FieldRow>
              <FieldCol size={4}>
                <TextInput
                  label="Nom du nouveau membre"
                  error={errors.draft?.lastName}
                  registration={form.register('draft.lastName')}
                />
              </FieldCol>
              <FieldCol size={4}>
                <TextInput
                  label="Prénoms du nouveau membre"
                  registration={form.register('draft.firstNames')}
                />
              </FieldCol>
              <FieldCol size={4}>
                <TextInput
                  label="Date de naissance du nouveau membre"
                  type="date"
                  registration={form.register('draft.birthDate')}
                />
              </FieldCol>
            </FieldRow>
            <Button
              type="button"
              priority="secondary"
              size="small"
              iconId="fr-icon-user-add-line"
              onClick={addNewMember}
            >
              Ajouter ce nouveau membre
            </Button>
          </div>
        </fieldset>
      </FormSection>
      <FormSection title="Adresse du foyer" level={3}>
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
      </FormSection>
      <FormSection
        title="Ressources et parts"
        level={3}
        hint="Les ressources de chaque membre viennent de son dossier ; ajoutez ici celles versées au foyer (allocation logement…)."
      >
        <ResourcesFields form={form} legend="Autres ressources du foyer" />
        <FieldRow>
          <FieldCol size={6}>
            <TextInput
              label="Nombre de parts (dérogation)"
              hint="Laisser vide pour appliquer la règle de l'organisation ; par demi-part (2,5)."
              inputMode="decimal"
              error={errors.sharesOverride}
              registration={form.register('sharesOverride')}
            />
          </FieldCol>
        </FieldRow>
      </FormSection>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button type="submit" disabled={isSubmitting}>
            {household ? 'Enregistrer le foyer' : 'Créer le foyer'}
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={() => props.onDone()}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  )
}

const RELATIONSHIP_ORDER = Object.keys(HOUSEHOLD_RELATIONSHIP.labels)
/** The household's head first, then spouse, children, parents, others; by age within each. */
const sortedMembers = (household: Household) =>
  [...household.members].sort(
    (a, b) =>
      RELATIONSHIP_ORDER.indexOf(a.relationship) - RELATIONSHIP_ORDER.indexOf(b.relationship) ||
      (a.birthDate ?? '').localeCompare(b.birthDate ?? ''),
  )

function HouseholdView({ household, personId }: { household: Household; personId: string }) {
  const address = [household.address, [household.postalCode, household.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ')
  return (
    <>
      <div className="fr-table fr-mb-2w">
        <div className="fr-table__wrapper">
          <div className="fr-table__container">
            <div className="fr-table__content">
              <table>
                <caption className="fr-h6">Membres du foyer ({household.members.length})</caption>
                <thead>
                  <tr>
                    <th scope="col">Membre</th>
                    <th scope="col">Lien</th>
                    <th scope="col">Naissance ou âge</th>
                    <th scope="col">Ressources mensuelles</th>
                  </tr>
                </thead>
                <tbody>
                  {sortedMembers(household).map((m) => (
                    <tr key={m.personId}>
                      <td>
                        {m.personId === personId ? (
                          <>
                            {m.displayName} <span className="fr-text--sm">(ce dossier)</span>
                          </>
                        ) : (
                          <Link to={`/personnes/${m.personId}`}>{m.displayName}</Link>
                        )}
                        {m.disabled && (
                          <Badge small noIcon severity="info" className="fr-ml-1w">
                            Handicap
                          </Badge>
                        )}
                      </td>
                      <td>{labelOf(HOUSEHOLD_RELATIONSHIP.labels, m.relationship)}</td>
                      <td>{formatBirth(m.birthDate, m.approximateAge)}</td>
                      <td>
                        {m.monthlyResourcesCents === undefined
                          ? 'Réservé'
                          : formatCents(m.monthlyResourcesCents)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
      <Facts
        facts={[
          ['Adresse du foyer', address || null],
          [
            'Autres ressources du foyer',
            household.otherResources === undefined
              ? 'Réservé aux travailleurs sociaux'
              : household.otherResources.length
                ? household.otherResources
                    .map((r) => `${labelOf(RESOURCE_KIND.labels, r.kind)} ${formatCents(r.monthlyCents)}`)
                    .join(', ')
                : 'Aucune',
          ],
          [
            'Ressources mensuelles du foyer',
            household.monthlyResourcesCents === undefined ? (
              'Réservé aux travailleurs sociaux'
            ) : (
              <strong key="total">{formatCents(household.monthlyResourcesCents)}</strong>
            ),
          ],
          [
            'Nombre de parts',
            household.sharesOverride === null
              ? "Selon la règle de l'organisation"
              : `${String(household.sharesOverride).replace('.', ',')} (dérogation)`,
          ],
        ]}
      />
      <HouseholdExtra householdId={household.id} />
    </>
  )
}

function HouseholdExtra({ householdId }: { householdId: string }) {
  const render = useContext(HouseholdExtraContext)
  return render ? <div className="fr-mt-3w">{render(householdId)}</div> : null
}

/** The person's household: members, address, resources; created or edited here. */
export function HouseholdSection({ person, canWrite }: { person: Person; canWrite: boolean }) {
  const householdId = person.household?.id
  const household = useQuery({ ...householdQuery(householdId ?? ''), enabled: Boolean(householdId) })
  const [editing, setEditing] = useState(false)
  const [message, setMessage] = useState<string>()
  const headingRef = useRef<HTMLDivElement>(null)
  const writable = canWrite && !person.mergedIntoId
  const done = (m?: string) => {
    setEditing(false)
    setMessage(m)
    headingRef.current?.focus()
  }
  return (
    <DetailSection
      id="section-foyer"
      title="Foyer"
      actions={
        writable &&
        !editing &&
        (householdId ? household.data : true) && (
          <Button
            size="small"
            priority="secondary"
            iconId={householdId ? 'fr-icon-edit-line' : 'fr-icon-add-line'}
            onClick={() => {
              setMessage(undefined)
              setEditing(true)
            }}
          >
            {householdId ? 'Modifier le foyer' : 'Créer un foyer'}
          </Button>
        )
      }
    >
      <div ref={headingRef} tabIndex={-1}>
        <SuccessAlert message={message} />
      </div>
      {editing ? (
        <HouseholdForm person={person} household={household.data} onDone={done} />
      ) : !householdId ? (
        <p className="fr-mb-0">Ce dossier n'est rattaché à aucun foyer.</p>
      ) : household.error ? (
        <Alert small severity="error" description="Le foyer n'a pas pu être chargé." />
      ) : household.data ? (
        <HouseholdView household={household.data} personId={person.id} />
      ) : (
        <p className="fr-mb-0">Chargement du foyer…</p>
      )}
    </DetailSection>
  )
}
