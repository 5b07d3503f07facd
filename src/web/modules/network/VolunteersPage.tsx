import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { type FormEvent, useState } from 'react'
import { Link } from 'react-router'
import { HELP_KIND, VOLUNTEER_STATUS, type Volunteer } from '../../../shared/network.ts'
import { applyApiError } from '../../lib/forms.ts'
import { formatPoint, parseTypedNumber } from '../../lib/numbers.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useSetVolunteerStatus, useUpdateVolunteer, useVolunteers } from './api/coordination.ts'
import { useNeighbourhoods } from './api/settings.ts'
import { ChoiceSelect, labelledChoices } from './ChoiceSelect.tsx'
import { MapLegend, NetworkFrame, NetworkMap, PointPicker, type PointText } from './NetworkFrame.tsx'
import { CARD, MAP_COLORS, pointIssues } from './network-ui.ts'

const fullName = (v: Volunteer) => `${v.firstName} ${v.lastName}`

export function VolunteersPage() {
  usePageTitle('Bénévoles du réseau')
  const [status, setStatus] = useState('pending')
  const [page, setPage] = useState(1)
  const volunteers = useVolunteers(status, page)
  const neighbourhoods = useNeighbourhoods()
  const centres = (neighbourhoods.data ?? []).map((n) => ({ ...n, label: n.name, color: MAP_COLORS.centre }))
  const placed = (volunteers.data?.items ?? []).flatMap((v) =>
    v.latitude !== null && v.longitude !== null
      ? [
          {
            id: v.id,
            latitude: v.latitude,
            longitude: v.longitude,
            label: fullName(v),
            color: MAP_COLORS.volunteer,
          },
        ]
      : [],
  )
  return (
    <NetworkFrame heading="Bénévoles">
      <ChoiceSelect
        label="Statut"
        empty="Tous"
        value={status}
        onChange={(value) => {
          setStatus(value)
          setPage(1)
        }}
        choices={labelledChoices(VOLUNTEER_STATUS)}
      />
      {volunteers.isError && <ErrorAlert message={applyApiError(volunteers.error)} />}
      {volunteers.data?.total === 0 && <p>Aucun bénévole.</p>}
      {placed.length > 0 && (
        <section aria-labelledby="volunteers-map-title" className="fr-mb-3w">
          <h3 id="volunteers-map-title" className="fr-h6">
            Bénévoles placés ({placed.length} sur {volunteers.data?.items.length}
            {(volunteers.data?.total ?? 0) > (volunteers.data?.items.length ?? 0) && ' de cette page'})
          </h3>
          <MapLegend kinds={centres.length > 0 ? ['volunteer', 'centre'] : ['volunteer']} />
          <NetworkMap
            points={[...centres, ...placed]}
            label="Carte des bénévoles placés ; la liste qui suit donne chacun avec sa position"
          />
        </section>
      )}
      {volunteers.data?.items.map((v) => (
        <VolunteerRow key={v.id} volunteer={v} />
      ))}
      {volunteers.data && volunteers.data.total > 0 && (
        <ListPagination list={volunteers.data} noun={['bénévole', 'bénévoles']} onPage={setPage} />
      )}
    </NetworkFrame>
  )
}

function VolunteerRow({ volunteer: v }: { volunteer: Volunteer }) {
  const setStatus = useSetVolunteerStatus()
  const update = useUpdateVolunteer()
  const form = useFormErrors()
  const [reason, setReason] = useState('')
  const [skill, setSkill] = useState(v.professionalSkill ?? '')
  const [placing, setPlacing] = useState(false)
  const name = fullName(v)
  return (
    <section className="fr-p-3w fr-mb-2w" style={CARD} aria-label={name}>
      <h3 className="fr-h6 fr-mb-1w">
        {name}{' '}
        <Badge as="span" small>
          {VOLUNTEER_STATUS.labels[v.status]}
        </Badge>{' '}
        {!v.located && (
          <Badge as="span" small severity="warning">
            Non placé
          </Badge>
        )}{' '}
        {v.professionalSkill && (
          <Badge as="span" small severity="info">
            {v.professionalSkill}
          </Badge>
        )}
      </h3>
      <p className="fr-mb-1w">
        {[
          v.email,
          v.phone,
          v.neighbourhood && `quartier ${v.neighbourhood}`,
          `jusqu’à ${v.maxDistanceKm} km`,
          v.latitude !== null && v.longitude !== null
            ? `placé en ${formatPoint(v.latitude, v.longitude)}`
            : 'sans position : classé après les bénévoles placés',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p className="fr-mb-1w">
        {v.helpKinds.map((k) => HELP_KIND.labels[k]).join(', ')} · {v.activeNeeds} besoin(s) en cours
        {v.releasedThisWeek > 0 && <> · {v.releasedThisWeek} besoin(s) rendu(s) ces 7 derniers jours</>}
        {v.statusReason && <> · Motif : {v.statusReason}</>}
      </p>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Motif (refus, suspension)"
            nativeInputProps={{ value: reason, onChange: (e) => setReason(e.target.value) }}
            {...form.state('reason')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-8 fr-mb-3w">
          {v.status !== 'approved' && (
            <Button
              size="small"
              className="fr-mr-1w"
              onClick={() => form.run(() => setStatus.mutateAsync({ id: v.id, status: 'approved' }))}
            >
              Valider
            </Button>
          )}
          {v.status === 'pending' && (
            <Button
              size="small"
              priority="secondary"
              className="fr-mr-1w"
              onClick={() => form.run(() => setStatus.mutateAsync({ id: v.id, status: 'refused', reason }))}
            >
              Refuser
            </Button>
          )}
          {v.status === 'approved' && (
            <Button
              size="small"
              priority="secondary"
              onClick={() => form.run(() => setStatus.mutateAsync({ id: v.id, status: 'suspended', reason }))}
            >
              Suspendre
            </Button>
          )}
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Compétence professionnelle"
            nativeInputProps={{ value: skill, onChange: (e) => setSkill(e.target.value) }}
            {...form.state('professionalSkill')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-8 fr-mb-3w">
          <Button
            size="small"
            priority="tertiary"
            className="fr-mr-1w"
            onClick={() =>
              form.run(
                () => update.mutateAsync({ id: v.id, professionalSkill: skill || null }),
                'Compétence enregistrée.',
              )
            }
          >
            Enregistrer la compétence
          </Button>
          {!placing && (
            <Button
              size="small"
              priority={v.located ? 'tertiary' : 'secondary'}
              iconId="fr-icon-map-pin-2-line"
              onClick={() => setPlacing(true)}
            >
              {v.located ? 'Déplacer' : 'Placer'}
            </Button>
          )}
        </div>
      </div>
      {placing && <Placement volunteer={v} onClose={() => setPlacing(false)} />}
    </section>
  )
}

/** The coordinator places a volunteer: at a neighbourhood centre, or at a point of the map. */
function Placement({ volunteer: v, onClose }: { volunteer: Volunteer; onClose: () => void }) {
  const update = useUpdateVolunteer()
  const neighbourhoods = useNeighbourhoods()
  const form = useFormErrors()
  const centres = neighbourhoods.data ?? []
  const [how, setHow] = useState<'centre' | 'point'>('centre')
  const [neighbourhoodId, setNeighbourhoodId] = useState('')
  const [point, setPoint] = useState<PointText>(
    v.latitude !== null && v.longitude !== null
      ? { latitude: String(v.latitude), longitude: String(v.longitude) }
      : { latitude: '', longitude: '' },
  )
  const mode = centres.length === 0 ? 'point' : how
  const name = fullName(v)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (mode === 'centre' && !neighbourhoodId) {
      return form.show('Certains champs sont à corriger.', [
        { path: 'neighbourhoodId', message: 'Choisissez le quartier.' },
      ])
    }
    const issues = mode === 'point' ? pointIssues(point) : []
    if (issues.length > 0) return form.show('Certains champs sont à corriger.', issues)
    const placed = await form.run(() =>
      update.mutateAsync(
        mode === 'centre'
          ? { id: v.id, neighbourhoodId }
          : {
              id: v.id,
              latitude: parseTypedNumber(point.latitude) ?? null,
              longitude: parseTypedNumber(point.longitude) ?? null,
            },
      ),
    )
    if (placed) onClose()
  }

  return (
    <form onSubmit={submit} noValidate className="fr-mt-2w" aria-label={`Placer ${name}`}>
      <h4 className="fr-h6">Placer {name}</h4>
      <ErrorAlert message={form.error} />
      {centres.length > 0 ? (
        <RadioButtons
          legend="Où placer ce bénévole"
          orientation="horizontal"
          options={[
            {
              label: 'Au centre de son quartier',
              nativeInputProps: { checked: mode === 'centre', onChange: () => setHow('centre') },
            },
            {
              label: 'À un point de la carte',
              nativeInputProps: { checked: mode === 'point', onChange: () => setHow('point') },
            },
          ]}
        />
      ) : (
        <p className="fr-text--sm">
          Aucun centre de quartier pour le moment (<Link to="/reseau/reglages">réglages</Link>) : placez ce
          bénévole sur la carte.
        </p>
      )}
      {mode === 'centre' ? (
        <ChoiceSelect
          label="Quartier"
          empty="Choisir"
          value={neighbourhoodId}
          onChange={setNeighbourhoodId}
          choices={centres}
          state={form.state('neighbourhoodId')}
        />
      ) : (
        <PointPicker
          value={point}
          onChange={setPoint}
          points={centres.map((n) => ({ ...n, label: n.name, color: MAP_COLORS.centre }))}
          kinds={centres.length > 0 ? ['centre'] : []}
          mapLabel={`Carte : cliquez pour placer ${name}`}
          state={form.state}
        />
      )}
      <Button type="submit" size="small" className="fr-mr-1w" disabled={update.isPending}>
        Enregistrer la position
      </Button>
      <Button type="button" size="small" priority="tertiary" onClick={onClose}>
        Fermer
      </Button>
    </form>
  )
}
