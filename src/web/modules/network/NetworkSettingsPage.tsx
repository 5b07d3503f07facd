import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { type FormEvent, useState } from 'react'
import { Link } from 'react-router'
import type { Neighbourhood, NetworkSettings } from '../../../shared/network.ts'
import { applyApiError } from '../../lib/forms.ts'
import { formatPoint, parseTypedNumber } from '../../lib/numbers.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  useAddNeighbourhood,
  useNeighbourhoods,
  useNetworkSettings,
  usePartners,
  useRemoveNeighbourhood,
  useSaveNetworkSettings,
  useTeams,
} from './api/settings.ts'
import { ChoiceSelect } from './ChoiceSelect.tsx'
import { NetworkFrame, PointPicker, type PointText } from './NetworkFrame.tsx'
import { MAP_COLORS, pointIssues } from './network-ui.ts'

/** The coordinator's settings: escalation of needs nobody took, the seniors line, neighbourhood centres. */
export function NetworkSettingsPage() {
  usePageTitle('Réglages du réseau de voisins solidaires')
  const settings = useNetworkSettings()
  return (
    <NetworkFrame heading="Réglages">
      {settings.isError && <ErrorAlert message={applyApiError(settings.error)} />}
      {settings.isPending && <p aria-live="polite">Chargement…</p>}
      {settings.data && <SettingsForm settings={settings.data} />}
      <Neighbourhoods />
    </NetworkFrame>
  )
}

type Target = 'none' | 'partner' | 'team'
const TARGETS: { value: Target; label: string }[] = [
  { value: 'none', label: 'Personne : la coordination est prévenue par e-mail et décide' },
  { value: 'partner', label: 'Une association partenaire du répertoire' },
  { value: 'team', label: 'Une équipe interne' },
]

function SettingsForm({ settings }: { settings: NetworkSettings }) {
  const save = useSaveNetworkSettings()
  const partners = usePartners()
  const teams = useTeams()
  const form = useFormErrors()
  const [hours, setHours] = useState(String(settings.escalateAfterHours))
  const [offerCount, setOfferCount] = useState(String(settings.offerCount))
  const [releaseLimit, setReleaseLimit] = useState(String(settings.weeklyReleaseLimit))
  const [target, setTarget] = useState<Target>(
    settings.escalationPartnerId ? 'partner' : settings.escalationTeamId ? 'team' : 'none',
  )
  const [partnerId, setPartnerId] = useState(settings.escalationPartnerId ?? '')
  const [teamId, setTeamId] = useState(settings.escalationTeamId ?? '')
  const [lineTeamId, setLineTeamId] = useState(settings.seniorsLineTeamId ?? '')

  const partnerHint =
    partners.data?.length === 0 ? (
      <>
        Le répertoire est vide : ajoutez l’association dans <Link to="/partenaires">Partenaires</Link>.
      </>
    ) : (
      'Elle reçoit un e-mail sans le nom de la personne.'
    )

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (target === 'partner' && !partnerId) {
      return form.show('Certains champs sont à corriger.', [
        { path: 'escalationPartnerId', message: 'Choisissez l’association.' },
      ])
    }
    if (target === 'team' && !teamId) {
      return form.show('Certains champs sont à corriger.', [
        { path: 'escalationTeamId', message: 'Choisissez l’équipe.' },
      ])
    }
    form.run(
      () =>
        save.mutateAsync({
          escalateAfterHours: Number(hours),
          offerCount: Number(offerCount),
          weeklyReleaseLimit: Number(releaseLimit),
          escalationPartnerId: target === 'partner' ? partnerId : null,
          escalationTeamId: target === 'team' ? teamId : null,
          seniorsLineTeamId: lineTeamId || null,
        }),
      'Réglages enregistrés.',
    )
  }

  return (
    <form onSubmit={submit} noValidate className="fr-mb-6w" aria-labelledby="network-settings-title">
      <h3 id="network-settings-title">Propositions et transmission des besoins</h3>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Nombre de bénévoles sollicités par proposition"
            hintText="Les mieux placés pour le besoin, prévenus par e-mail (de 1 à 20)."
            nativeInputProps={{
              type: 'number',
              min: 1,
              max: 20,
              value: offerCount,
              onChange: (e) => setOfferCount(e.target.value),
            }}
            {...form.state('offerCount')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Délai avant transmission (heures)"
            hintText="Un besoin qu’aucun bénévole n’a accepté dans ce délai est transmis (de 1 à 720 heures)."
            nativeInputProps={{
              type: 'number',
              min: 1,
              max: 720,
              value: hours,
              onChange: (e) => setHours(e.target.value),
            }}
            {...form.state('escalateAfterHours')}
          />
        </div>
      </div>
      <Input
        label="Besoins qu’un bénévole peut rendre en 7 jours"
        hintText="Accepter un besoin montre le nom, l’adresse et le téléphone de la personne. Un bénévole qui en a rendu autant en 7 jours ne peut plus en accepter pendant quelques jours, et la coordination est prévenue par e-mail (de 1 à 50)."
        nativeInputProps={{
          type: 'number',
          min: 1,
          max: 50,
          value: releaseLimit,
          onChange: (e) => setReleaseLimit(e.target.value),
        }}
        {...form.state('weeklyReleaseLimit')}
      />
      <RadioButtons
        legend="Une fois le délai passé, le besoin est transmis à"
        options={TARGETS.map((t) => ({
          label: t.label,
          nativeInputProps: { checked: target === t.value, onChange: () => setTarget(t.value) },
        }))}
      />
      {target === 'partner' && (
        <ChoiceSelect
          label="Association partenaire"
          hint={partnerHint}
          empty="Choisir"
          value={partnerId}
          onChange={setPartnerId}
          choices={partners.data}
          state={form.state('escalationPartnerId')}
        />
      )}
      {target === 'team' && (
        <ChoiceSelect
          label="Équipe"
          hint="Ses membres reçoivent un e-mail avec le lien des besoins transmis."
          empty="Choisir"
          value={teamId}
          onChange={setTeamId}
          choices={teams.data}
          state={form.state('escalationTeamId')}
        />
      )}
      <ChoiceSelect
        label="Équipe de la ligne seniors"
        hint="Ses contacts d’accueil sont les appels de la ligne, comptés au tableau de bord."
        empty="Aucune"
        value={lineTeamId}
        onChange={setLineTeamId}
        choices={teams.data}
        state={form.state('seniorsLineTeamId')}
      />
      <Button type="submit" disabled={save.isPending}>
        Enregistrer les réglages
      </Button>
    </form>
  )
}

const EMPTY_POINT: PointText = { latitude: '', longitude: '' }

/** The centres a volunteer or a senior is placed at when their address gives no point. */
function Neighbourhoods() {
  const neighbourhoods = useNeighbourhoods()
  const add = useAddNeighbourhood()
  const form = useFormErrors()
  const [name, setName] = useState('')
  const [point, setPoint] = useState<PointText>(EMPTY_POINT)
  const centres = neighbourhoods.data ?? []

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const issues = pointIssues(point)
    if (issues.length > 0) return form.show('Certains champs sont à corriger.', issues)
    const added = await form.run(
      () =>
        add.mutateAsync({
          name,
          latitude: parseTypedNumber(point.latitude) as number,
          longitude: parseTypedNumber(point.longitude) as number,
        }),
      `Quartier « ${name.trim()} » ajouté.`,
    )
    if (added) {
      setName('')
      setPoint(EMPTY_POINT)
    }
  }

  return (
    <section aria-labelledby="neighbourhoods-title">
      <h3 id="neighbourhoods-title">Centres de quartier</h3>
      <p>
        Sans adresse reconnue, un bénévole ou une personne aidée est placé au centre de son quartier : les
        distances restent calculables.
      </p>
      {neighbourhoods.isError && <ErrorAlert message={applyApiError(neighbourhoods.error)} />}
      {centres.length === 0 ? (
        neighbourhoods.data && <p>Aucun quartier pour le moment.</p>
      ) : (
        <div className="fr-table fr-table--sm">
          <table>
            <caption>Quartiers ({centres.length})</caption>
            <thead>
              <tr>
                <th scope="col">Quartier</th>
                <th scope="col">Centre</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {centres.map((n) => (
                <NeighbourhoodRow key={n.id} neighbourhood={n} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={submit} noValidate aria-labelledby="neighbourhood-add-title">
        <h4 id="neighbourhood-add-title" className="fr-h6">
          Ajouter un quartier
        </h4>
        <ErrorAlert message={form.error} />
        <SuccessAlert message={form.done} />
        <Input
          label="Nom du quartier"
          nativeInputProps={{ value: name, onChange: (e) => setName(e.target.value) }}
          {...form.state('name')}
        />
        <PointPicker
          value={point}
          onChange={setPoint}
          points={centres.map((n) => ({ ...n, label: n.name, color: MAP_COLORS.centre }))}
          kinds={['centre']}
          mapLabel="Carte des centres de quartier : cliquez pour placer le centre du nouveau quartier"
          state={form.state}
        />
        <Button type="submit" disabled={add.isPending}>
          Ajouter le quartier
        </Button>
      </form>
    </section>
  )
}

function NeighbourhoodRow({ neighbourhood: n }: { neighbourhood: Neighbourhood }) {
  const remove = useRemoveNeighbourhood()
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string>()
  return (
    <tr>
      <td>{n.name}</td>
      <td>{formatPoint(n.latitude, n.longitude)}</td>
      <td>
        {error && <p className="fr-error-text fr-mt-0">{error}</p>}
        {confirming ? (
          <>
            <Button
              size="small"
              priority="secondary"
              className="fr-mr-1w"
              disabled={remove.isPending}
              onClick={() => remove.mutateAsync(n.id).catch((caught) => setError(applyApiError(caught)))}
            >
              Confirmer la suppression de {n.name}
            </Button>
            <Button size="small" priority="tertiary" onClick={() => setConfirming(false)}>
              Garder
            </Button>
          </>
        ) : (
          <Button size="small" priority="tertiary" onClick={() => setConfirming(true)}>
            Supprimer {n.name}
          </Button>
        )}
      </td>
    </tr>
  )
}
