import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, useEffect, useId, useState } from 'react'
import { Link } from 'react-router'
import { CONTACT_CHANNEL, type ContactChannel } from '../../../shared/frontdesk.ts'
import { personDisplayName } from '../../../shared/people.ts'
import { ApiError } from '../../lib/api-client.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import {
  useCreateContact,
  useCreatePerson,
  useLikelyDuplicates,
  usePersonSearch,
  useReasons,
  useServiceSearch,
  useSites,
  useTeams,
} from './frontdesk-api.ts'
import { useVisitWithHandover, WaitingMailField } from './waiting-mail.tsx'

/** The agent's usual site, team and channel come back at every contact: fewer clicks at the desk. */
const DEFAULTS_KEY = 'trame.frontdesk.defaults'
function savedDefaults(): { channel: ContactChannel; siteId: string; teamId: string } {
  try {
    return {
      channel: 'walk_in',
      siteId: '',
      teamId: '',
      ...JSON.parse(localStorage.getItem(DEFAULTS_KEY) ?? '{}'),
    }
  } catch {
    return { channel: 'walk_in', siteId: '', teamId: '' }
  }
}

type Picked = { id: string; name: string }

/** "née ou né le 03/02/1987", read from the date itself so that no time zone shifts the day. */
function describeBirth(p: { birthDate: string | null; approximateAge: number | null }) {
  if (p.birthDate) {
    const [year, month, day] = p.birthDate.split('-')
    return `née ou né le ${day}/${month}/${year}`
  }
  return p.approximateAge ? `~${p.approximateAge} ans` : null
}

/** What the agent sees once the contact is saved, to open the file or log the next one. */
type Saved = { contactId: string; personId: string | null; personName: string | null; mailHandedOver: number }

/** Logs a contact in a few seconds, from the home screen. */
export function QuickContactForm() {
  const defaults = savedDefaults()
  const [channel, setChannel] = useState<ContactChannel>(defaults.channel)
  const [siteId, setSiteId] = useState(defaults.siteId)
  const [teamId, setTeamId] = useState(defaults.teamId)
  const [person, setPerson] = useState<Picked | null>(null)
  // A new key after each save: the person search starts empty for the next visitor.
  const [personFieldKey, setPersonFieldKey] = useState(0)
  const [newPerson, setNewPerson] = useState<{ lastName: string; firstNames: string } | null>(null)
  const [anonymousDescription, setAnonymousDescription] = useState('')
  const [reasonIds, setReasonIds] = useState<string[]>([])
  const [note, setNote] = useState('')
  const [orientationTeamId, setOrientationTeamId] = useState('')
  const [service, setService] = useState<Picked | null>(null)
  const [followUp, setFollowUp] = useState(false)
  const [mailItemIds, setMailItemIds] = useState<string[]>([])
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string>()
  const [saved, setSaved] = useState<Saved>()

  const reasons = useReasons()
  const teams = useTeams()
  const sites = useSites()
  const createContact = useCreateContact()
  const createPerson = useCreatePerson()
  const visitWithHandover = useVisitWithHandover()

  useEffect(() => {
    localStorage.setItem(DEFAULTS_KEY, JSON.stringify({ channel, siteId, teamId }))
  }, [channel, siteId, teamId])

  // The first time, the agent's own team and its site are chosen for them.
  const { data: me } = useMe()
  useEffect(() => {
    if (teamId || !teams.data || !me) return
    const own = teams.data.find((t) => me.user.teamIds.includes(t.id))
    if (!own) return
    setTeamId(own.id)
    if (!siteId && own.siteId) setSiteId(own.siteId)
  }, [teams.data, me, teamId, siteId])

  const reset = () => {
    setPerson(null)
    setPersonFieldKey((key) => key + 1)
    setNewPerson(null)
    setAnonymousDescription('')
    setReasonIds([])
    setNote('')
    setOrientationTeamId('')
    setService(null)
    setFollowUp(false)
    setMailItemIds([])
    setFieldErrors({})
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    setSaved(undefined)
    setFieldErrors({})
    try {
      let personId = person?.id ?? null
      let personName = person?.name ?? null
      if (!personId && newPerson) {
        if (!newPerson.lastName.trim() && !newPerson.firstNames.trim()) {
          setFieldErrors({ newPersonLastName: 'Indiquez au moins un nom ou un prénom.' })
          return
        }
        const created = await createPerson.mutateAsync(newPerson)
        personId = created.id
        personName = personDisplayName({ ...created, usageName: null, description: null })
        // Should the contact be refused below, the new file is picked already: nothing is typed twice.
        setPerson({ id: created.id, name: personName })
        setNewPerson(null)
      }
      const input = {
        channel,
        siteId: siteId || null,
        teamId: teamId || null,
        personId,
        anonymousDescription: personId ? null : anonymousDescription || null,
        reasonIds,
        note: note || null,
        orientationTeamId: orientationTeamId || null,
        orientationPartnerServiceId: service?.id ?? null,
        followUp,
      }
      // Mail handed over during the visit: the contact and the handover in one request.
      const handedOver = personId && mailItemIds.length > 0 ? mailItemIds.length : 0
      const contactId =
        personId && handedOver > 0
          ? (await visitWithHandover.mutateAsync({ contact: input, personId, itemIds: mailItemIds }))
              .contactId
          : (await createContact.mutateAsync(input)).id
      setSaved({ contactId, personId, personName, mailHandedOver: handedOver })
      reset()
    } catch (caught) {
      if (caught instanceof ApiError) {
        setFieldErrors(Object.fromEntries((caught.problem.errors ?? []).map((e) => [e.path, e.message])))
        setError(caught.problem.detail)
      } else {
        setError('Une erreur inattendue est survenue. Réessayez.')
      }
    }
  }

  const fieldState = (path: string) =>
    fieldErrors[path] ? { state: 'error' as const, stateRelatedMessage: fieldErrors[path] } : {}

  return (
    <form onSubmit={submit} noValidate aria-labelledby="quick-contact-title">
      <h2 id="quick-contact-title" className="fr-h4">
        Nouveau contact
      </h2>
      <ErrorAlert message={error} />
      {saved && (
        <SuccessAlert
          message={
            saved.personName
              ? `Contact enregistré pour ${saved.personName}.${saved.mailHandedOver > 0 ? ` Courrier remis : ${saved.mailHandedOver}.` : ''}`
              : 'Contact anonyme enregistré.'
          }
        />
      )}
      {saved?.personId && (
        <ul className="fr-links-group fr-mb-2w">
          <li>
            <Link to={`/personnes/${saved.personId}`}>Ouvrir le dossier de {saved.personName}</Link>
          </li>
          {hasPermission(me, 'network.need.create') && (
            <li>
              <Link to={`/reseau/besoins?personne=${saved.personId}&contact=${saved.contactId}`}>
                Demander l’aide d’un voisin solidaire
              </Link>
            </li>
          )}
        </ul>
      )}

      <RadioButtons
        legend="Canal"
        orientation="horizontal"
        small
        options={CONTACT_CHANNEL.values.map((value) => ({
          label: CONTACT_CHANNEL.labels[value],
          nativeInputProps: { checked: channel === value, onChange: () => setChannel(value) },
        }))}
        {...fieldState('channel')}
      />

      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label="Site"
            nativeSelectProps={{ value: siteId, onChange: (e) => setSiteId(e.target.value) }}
            {...fieldState('siteId')}
          >
            <option value="">Non précisé</option>
            {sites.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label="Équipe concernée"
            nativeSelectProps={{ value: teamId, onChange: (e) => setTeamId(e.target.value) }}
            {...fieldState('teamId')}
          >
            <option value="">Non précisée</option>
            {teams.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
        </div>
      </div>

      <PersonField
        key={personFieldKey}
        person={person}
        onPick={(picked) => {
          setPerson(picked)
          setMailItemIds([])
        }}
        newPerson={newPerson}
        onNewPerson={setNewPerson}
        anonymousDescription={anonymousDescription}
        onAnonymousDescription={setAnonymousDescription}
        errors={fieldErrors}
      />
      <WaitingMailField
        personId={person?.id ?? null}
        selected={mailItemIds}
        onChange={setMailItemIds}
        error={Object.entries(fieldErrors).find(([path]) => path.startsWith('itemIds'))?.[1]}
      />

      {reasons.data && (
        <Checkbox
          legend="Motifs"
          orientation="horizontal"
          small
          options={reasons.data
            .filter((r) => r.active)
            .map((r) => ({
              label: r.label,
              nativeInputProps: {
                checked: reasonIds.includes(r.id),
                onChange: (e) =>
                  setReasonIds((ids) =>
                    e.target.checked ? [...ids, r.id] : ids.filter((id) => id !== r.id),
                  ),
              },
            }))}
        />
      )}

      <Input
        label="Note"
        hintText="Ce que la personne demande, ce qui a été dit. Visible par les collègues habilités."
        textArea
        nativeTextAreaProps={{ value: note, rows: 2, onChange: (e) => setNote(e.target.value) }}
        {...fieldState('note')}
      />

      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label="Orientation vers une équipe"
            nativeSelectProps={{
              value: orientationTeamId,
              onChange: (e) => setOrientationTeamId(e.target.value),
            }}
            {...fieldState('orientationTeamId')}
          >
            <option value="">Aucune</option>
            {teams.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <ServiceField
            service={service}
            onPick={setService}
            error={fieldErrors.orientationPartnerServiceId}
          />
        </div>
      </div>

      <Checkbox
        options={[
          {
            label: 'Un suivi est à faire par l’équipe concernée',
            hintText: 'Le contact rejoint la file de suivi de l’équipe.',
            nativeInputProps: { checked: followUp, onChange: (e) => setFollowUp(e.target.checked) },
          },
        ]}
      />

      <Button
        className="fr-mt-2w"
        type="submit"
        disabled={createContact.isPending || createPerson.isPending || visitWithHandover.isPending}
      >
        Enregistrer le contact
      </Button>
    </form>
  )
}

/** Who the contact is about: a file found by search, a file created on the spot, or no one (anonymous). */
function PersonField(props: {
  person: Picked | null
  onPick: (person: Picked | null) => void
  newPerson: { lastName: string; firstNames: string } | null
  onNewPerson: (value: { lastName: string; firstNames: string } | null) => void
  anonymousDescription: string
  onAnonymousDescription: (value: string) => void
  errors: Record<string, string>
}) {
  const [q, setQ] = useState('')
  const [debounced, setDebounced] = useState('')
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q), 200)
    return () => clearTimeout(timer)
  }, [q])
  const { data: me } = useMe()
  const results = usePersonSearch(debounced, hasPermission(me, 'person.reactivate'))
  const resultsId = useId()
  const [typedNames, setTypedNames] = useState(props.newPerson)
  useEffect(() => {
    const timer = setTimeout(() => setTypedNames(props.newPerson), 300)
    return () => clearTimeout(timer)
  }, [props.newPerson])
  const likely = useLikelyDuplicates(typedNames)

  if (props.person) {
    return (
      <fieldset className="fr-fieldset fr-mt-2w">
        <legend className="fr-fieldset__legend fr-text--regular">Personne</legend>
        <p className="fr-fieldset__element fr-mb-1w">
          <strong>{props.person.name}</strong>{' '}
          <Button priority="tertiary" size="small" type="button" onClick={() => props.onPick(null)}>
            Changer de personne
          </Button>
        </p>
      </fieldset>
    )
  }

  if (props.newPerson) {
    const value = props.newPerson
    return (
      <fieldset className="fr-fieldset fr-mt-2w">
        <legend className="fr-fieldset__legend fr-text--regular">Nouvelle fiche</legend>
        <div className="fr-fieldset__element fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <Input
              label="Nom"
              nativeInputProps={{
                value: value.lastName,
                onChange: (e) => props.onNewPerson({ ...value, lastName: e.target.value }),
              }}
              state={props.errors.newPersonLastName ? 'error' : 'default'}
              stateRelatedMessage={props.errors.newPersonLastName}
            />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Input
              label="Prénom"
              nativeInputProps={{
                value: value.firstNames,
                onChange: (e) => props.onNewPerson({ ...value, firstNames: e.target.value }),
              }}
            />
          </div>
        </div>
        {likely.data && likely.data.length > 0 && (
          <div className="fr-fieldset__element" role="status">
            <p className="fr-mb-1v">Cette personne est peut-être déjà connue :</p>
            <ul className="fr-raw-list">
              {likely.data.map((p) => {
                const name = personDisplayName(p)
                return (
                  <li key={p.id} className="fr-mb-1v">
                    <Button
                      priority="secondary"
                      size="small"
                      type="button"
                      onClick={() => {
                        props.onNewPerson(null)
                        props.onPick({ id: p.id, name })
                      }}
                    >
                      {`Choisir ${[
                        name,
                        describeBirth(p),
                        `dossier ${p.fileNumber}`,
                        p.status === 'archived' && 'dossier archivé, réactivé par ce passage',
                      ]
                        .filter(Boolean)
                        .join(' · ')}`}
                    </Button>
                  </li>
                )
              })}
            </ul>
          </div>
        )}
        <Button priority="tertiary" size="small" type="button" onClick={() => props.onNewPerson(null)}>
          Annuler la nouvelle fiche
        </Button>
      </fieldset>
    )
  }

  return (
    <fieldset className="fr-fieldset fr-mt-2w">
      <legend className="fr-fieldset__legend fr-text--regular">Personne</legend>
      <div className="fr-fieldset__element">
        <Input
          label="Rechercher une personne"
          hintText="Nom, prénom, surnom, date de naissance ou téléphone. Laissez vide pour un contact anonyme."
          nativeInputProps={{
            value: q,
            type: 'search',
            autoComplete: 'off',
            'aria-controls': resultsId,
            onChange: (e) => setQ(e.target.value),
          }}
          state={props.errors.personId ? 'error' : 'default'}
          stateRelatedMessage={props.errors.personId}
        />
        <ul
          id={resultsId}
          aria-label="Personnes trouvées"
          aria-live="polite"
          className="fr-raw-list fr-mb-2w"
        >
          {debounced.trim().length >= 2 &&
            results.data?.slice(0, 6).map((p) => {
              const name = personDisplayName(p)
              const born = describeBirth(p)
              return (
                <li key={p.id} className="fr-mb-1v">
                  <Button
                    priority="secondary"
                    size="small"
                    type="button"
                    onClick={() => props.onPick({ id: p.id, name })}
                  >
                    {[
                      name,
                      born,
                      p.fileNumber && `dossier ${p.fileNumber}`,
                      p.status === 'archived' && 'dossier archivé, réactivé par ce passage',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Button>
                </li>
              )
            })}
          {debounced.trim().length >= 2 && results.data?.length === 0 && (
            <li className="fr-text--sm">Aucune personne trouvée.</li>
          )}
        </ul>
        <Button
          priority="tertiary"
          size="small"
          iconId="fr-icon-user-add-line"
          type="button"
          onClick={() => {
            const [lastName = '', ...first] = q.trim().split(/\s+/)
            props.onNewPerson({ lastName, firstNames: first.join(' ') })
          }}
        >
          Créer une fiche
        </Button>
        <Input
          className="fr-mt-2w"
          label="Description (contact anonyme)"
          hintText="Par exemple : « homme, ~25 ans, appelle pour un voisin »."
          nativeInputProps={{
            value: props.anonymousDescription,
            onChange: (e) => props.onAnonymousDescription(e.target.value),
          }}
        />
      </div>
    </fieldset>
  )
}

function ServiceField(props: { service: Picked | null; onPick: (s: Picked | null) => void; error?: string }) {
  const [q, setQ] = useState('')
  const [debounced, setDebounced] = useState('')
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q), 200)
    return () => clearTimeout(timer)
  }, [q])
  const results = useServiceSearch(debounced)
  const resultsId = useId()
  if (props.service) {
    return (
      <div className="fr-mb-3w">
        <p className="fr-mb-1v">Orientation vers un partenaire</p>
        <strong>{props.service.name}</strong>{' '}
        <Button priority="tertiary" size="small" type="button" onClick={() => props.onPick(null)}>
          Retirer
        </Button>
      </div>
    )
  }
  return (
    <>
      <Input
        label="Orientation vers un partenaire"
        hintText="Nom du partenaire ou du service, ville…"
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
      <ul id={resultsId} aria-label="Services partenaires trouvés" aria-live="polite" className="fr-raw-list">
        {debounced.trim().length >= 2 &&
          results.data?.slice(0, 6).map((s) => {
            const name = `${s.partnerName} — ${s.name}`
            return (
              <li key={s.id} className="fr-mb-1v">
                <Button
                  priority="secondary"
                  size="small"
                  type="button"
                  onClick={() => props.onPick({ id: s.id, name })}
                >
                  {[name, s.city].filter(Boolean).join(' · ')}
                </Button>
              </li>
            )
          })}
      </ul>
    </>
  )
}
