import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { type FormEvent, useState } from 'react'
import { useSearchParams } from 'react-router'
import { HELP_KIND, type HelpKind, NEED_URGENCY, RECURRENCE, TIME_SLOT } from '../../../shared/network.ts'
import { personDisplayName } from '../../../shared/people.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { useCreateNeed, usePerson, usePersonSearch } from './api/coordination.ts'
import { useNeighbourhoods } from './api/settings.ts'
import { ChoiceSelect, labelledChoices } from './ChoiceSelect.tsx'

type Recurrence = (typeof RECURRENCE.values)[number]
type Urgency = (typeof NEED_URGENCY.values)[number]
type TimeSlot = (typeof TIME_SLOT.values)[number]

/** Search params of the link from the seniors line: the senior's file and the call it comes from. */
export const PERSON_PARAM = 'personne'
export const CONTACT_PARAM = 'contact'

/**
 * A senior's need for help. Opened from the seniors line (`?personne=…&contact=…`), the senior is
 * chosen already and the need is linked to the call.
 */
export function NeedForm(props: {
  /** What the person who entered it reads once it is saved. */
  saved: string
}) {
  const [params, setParams] = useSearchParams()
  const linkedPersonId = params.get(PERSON_PARAM)
  const contactId = params.get(CONTACT_PARAM)
  const linked = usePerson(linkedPersonId)
  const create = useCreateNeed()
  const neighbourhoods = useNeighbourhoods()
  const form = useFormErrors()
  const [q, setQ] = useState('')
  const people = usePersonSearch(q)
  const [pickedId, setPickedId] = useState('')
  const [kind, setKind] = useState<HelpKind>('shopping')
  const [recurrence, setRecurrence] = useState<Recurrence>('once')
  const [description, setDescription] = useState('')
  const [wantedDate, setWantedDate] = useState('')
  const [timeSlot, setTimeSlot] = useState('')
  const [urgency, setUrgency] = useState<Urgency>('normal')
  const [neighbourhoodId, setNeighbourhoodId] = useState('')
  const [hours, setHours] = useState('')
  const personId = linkedPersonId ?? pickedId
  const chosen = usePerson(personId || null)
  // Neither phone nor address in the file: the volunteer could not reach the senior without one of these.
  const unreachable =
    chosen.data !== undefined && !chosen.data.phone && !chosen.data.address && !chosen.data.city
  const [reach, setReach] = useState<'' | 'contact' | 'ccas'>('')
  const [contactName, setContactName] = useState('')
  const [contactPhone, setContactPhone] = useState('')

  /** Back to a blank form: the next need is not linked to the same call. */
  const forgetLink = () =>
    setParams(
      (current) => {
        current.delete(PERSON_PARAM)
        current.delete(CONTACT_PARAM)
        return current
      },
      { replace: true },
    )

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const need = await form.run(() =>
      create.mutateAsync({
        personId,
        kind,
        recurrence,
        description: description || null,
        wantedDate: wantedDate || null,
        timeSlot: (timeSlot || null) as TimeSlot | null,
        urgency,
        neighbourhoodId: neighbourhoodId || null,
        escalateAfterHours: hours.trim() ? Number(hours) : undefined,
        frontdeskContactId: contactId,
        contactName: reach === 'contact' ? contactName || null : null,
        contactPhone: reach === 'contact' ? contactPhone || null : null,
        ccasIntroduces: reach === 'ccas',
      }),
    )
    if (!need) return
    form.setDone(props.saved)
    setPickedId('')
    setQ('')
    setKind('shopping')
    setRecurrence('once')
    setDescription('')
    setWantedDate('')
    setTimeSlot('')
    setUrgency('normal')
    setNeighbourhoodId('')
    setHours('')
    setReach('')
    setContactName('')
    setContactPhone('')
    forgetLink()
  }

  return (
    <form onSubmit={submit} noValidate className="fr-mb-4w" aria-label="Nouveau besoin">
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      {contactId && (
        <Alert
          className="fr-mb-2w"
          severity="info"
          small
          description="Demande reçue par la ligne seniors : le besoin sera relié à cet appel."
        />
      )}
      {linkedPersonId ? (
        <div className="fr-mb-3w">
          <p className="fr-mb-1w">
            Personne aidée :{' '}
            <strong>
              {linked.data ? personDisplayName(linked.data) : linked.isError ? 'dossier introuvable' : '…'}
            </strong>
          </p>
          <Button type="button" size="small" priority="tertiary" onClick={forgetLink}>
            Choisir une autre personne
          </Button>
          {form.fields.personId && <p className="fr-error-text">{form.fields.personId}</p>}
        </div>
      ) : (
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <Input
              label="Rechercher la personne"
              hintText="Nom ou prénom, deux lettres au moins."
              nativeInputProps={{ value: q, onChange: (e) => setQ(e.target.value) }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <ChoiceSelect
              label="Personne"
              empty="Choisir"
              value={pickedId}
              onChange={setPickedId}
              choices={people.data?.map((p) => ({ id: p.id, name: personDisplayName(p) }))}
              state={form.state('personId')}
            />
          </div>
        </div>
      )}
      {unreachable && (
        <fieldset
          className={`fr-fieldset${form.fields.reach ? ' fr-fieldset--error' : ''}`}
          aria-labelledby="need-reach-legend need-reach-messages"
        >
          <legend id="need-reach-legend" className="fr-fieldset__legend">
            Comment joindre la personne ?
            <span className="fr-hint-text">
              Son dossier n’indique ni téléphone ni adresse : sans cela, le ou la bénévole ne pourra pas la
              joindre.
            </span>
          </legend>
          <RadioButtons
            className="fr-fieldset__element"
            options={[
              {
                label: 'Par une personne à contacter (un proche, un voisin…)',
                nativeInputProps: { checked: reach === 'contact', onChange: () => setReach('contact') },
              },
              {
                label: 'Le CCAS appellera le ou la bénévole pour organiser la rencontre',
                nativeInputProps: { checked: reach === 'ccas', onChange: () => setReach('ccas') },
              },
            ]}
          />
          {reach === 'contact' && (
            <div className="fr-fieldset__element fr-grid-row fr-grid-row--gutters">
              <div className="fr-col-12 fr-col-md-6">
                <Input
                  label="Nom de la personne à contacter"
                  nativeInputProps={{ value: contactName, onChange: (e) => setContactName(e.target.value) }}
                  {...form.state('contactName')}
                />
              </div>
              <div className="fr-col-12 fr-col-md-6">
                <Input
                  label="Son téléphone"
                  nativeInputProps={{
                    type: 'tel',
                    value: contactPhone,
                    onChange: (e) => setContactPhone(e.target.value),
                  }}
                  {...form.state('contactPhone')}
                />
              </div>
            </div>
          )}
          <div id="need-reach-messages" className="fr-messages-group" aria-live="polite">
            {form.fields.reach && <p className="fr-message fr-message--error">{form.fields.reach}</p>}
          </div>
        </fieldset>
      )}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <ChoiceSelect
            label="Type d’aide"
            value={kind}
            onChange={setKind}
            choices={labelledChoices(HELP_KIND)}
            state={form.state('kind')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <ChoiceSelect
            label="Fréquence"
            value={recurrence}
            onChange={setRecurrence}
            choices={labelledChoices(RECURRENCE)}
            state={form.state('recurrence')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <ChoiceSelect
            label="Urgence"
            value={urgency}
            onChange={setUrgency}
            choices={labelledChoices(NEED_URGENCY)}
            state={form.state('urgency')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Date souhaitée (facultatif)"
            nativeInputProps={{
              type: 'date',
              value: wantedDate,
              onChange: (e) => setWantedDate(e.target.value),
            }}
            {...form.state('wantedDate')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <ChoiceSelect
            label="Moment"
            empty="Indifférent"
            value={timeSlot}
            onChange={setTimeSlot}
            choices={labelledChoices(TIME_SLOT)}
            state={form.state('timeSlot')}
          />
        </div>
      </div>
      {recurrence === 'weekly' && (
        <p className="fr-text--sm">
          Chaque semaine : une fois le besoin réalisé, celui de la semaine suivante reste au même bénévole.
        </p>
      )}
      <ChoiceSelect
        label="Quartier (facultatif)"
        hint="Sans quartier, le besoin est placé à l’adresse de la personne quand elle est reconnue."
        empty="Adresse de la personne"
        value={neighbourhoodId}
        onChange={setNeighbourhoodId}
        choices={neighbourhoods.data}
        state={form.state('neighbourhoodId')}
      />
      <Input
        label="Description (visible des bénévoles)"
        hintText="Ni nom, ni adresse : les bénévoles les voient seulement une fois le besoin accepté."
        textArea
        nativeTextAreaProps={{ value: description, onChange: (e) => setDescription(e.target.value), rows: 2 }}
        {...form.state('description')}
      />
      <Input
        label="Délai particulier avant transmission (heures, facultatif)"
        hintText="Sans valeur, le délai des réglages du réseau s’applique."
        nativeInputProps={{
          type: 'number',
          min: 1,
          max: 720,
          value: hours,
          onChange: (e) => setHours(e.target.value),
        }}
        {...form.state('escalateAfterHours')}
      />
      {form.fields.frontdeskContactId && <p className="fr-error-text">{form.fields.frontdeskContactId}</p>}
      <Button type="submit" disabled={create.isPending}>
        Enregistrer le besoin
      </Button>
    </form>
  )
}
