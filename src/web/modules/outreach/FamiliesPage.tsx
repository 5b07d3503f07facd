import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { FAMILY_RIGHT, type Family, RIGHT_STATUS } from '../../../shared/outreach.ts'
import { formatDate } from '../../lib/dates.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useCreateFamily, useFamilies, usePerson } from './api/families.ts'
import { useTeams } from './api/pickers.ts'
import { PersonChooser, type Picked } from './encounter-fields.tsx'
import { useUrlFilters } from './filters.tsx'
import { plural } from './outreach-format.tsx'
import { FormPanel, TeamSelect } from './ui.tsx'

/** "2 droits ouverts sur 5, 3 à vérifier" */
export function rightsSummary(family: Family) {
  const count = (status: string) => family.rights.filter((r) => r.status === status).length
  return [
    `${count('open')} ouvert${count('open') > 1 ? 's' : ''} sur ${family.rights.length}`,
    count('to_check') && `${count('to_check')} ${RIGHT_STATUS.labels.to_check.toLowerCase()}`,
    count('in_progress') && `${count('in_progress')} en cours`,
  ]
    .filter(Boolean)
    .join(', ')
}

/** Families with incomplete rights followed from the street, with a paediatric nurse, and the département. */
export function FamiliesPage() {
  usePageTitle('Familles aux droits incomplets')
  const { data: me } = useMe()
  const filters = useUrlFilters({ teamId: '', all: '', page: '1' })
  const families = useFamilies({
    teamId: filters.values.teamId,
    includeUnflagged: filters.values.all === 'true',
    page: Number(filters.values.page) || 1,
  })
  /** A new filter starts again from the first page. */
  const filterBy = (key: 'teamId' | 'all', value: string) => filters.setAll({ [key]: value, page: '1' })
  const items = families.data?.items ?? []
  return (
    <>
      <h1>Familles aux droits incomplets</h1>
      <search className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-2w">
        <div className="fr-col-12 fr-col-md-4">
          <TeamSelect empty="Toutes" value={filters.values.teamId} onChange={(v) => filterBy('teamId', v)} />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Checkbox
            options={[
              {
                label: 'Afficher aussi les familles dont le signalement est levé',
                nativeInputProps: {
                  checked: filters.values.all === 'true',
                  onChange: (e) => filterBy('all', e.target.checked ? 'true' : ''),
                },
              },
            ]}
          />
        </div>
      </search>
      {families.error && <ErrorAlert message={families.error.message} />}
      {families.data && (
        <ListPagination
          list={families.data}
          noun={['famille', 'familles']}
          onPage={(page) => filters.set('page', String(page))}
        />
      )}
      <ul className="fr-raw-list fr-mb-4w">
        {items.map((f) => (
          <li key={f.id} className="outreach-card fr-mb-2w">
            <h2 className="fr-h6 fr-mb-1v">
              <Link to={`/aller-vers/familles/${f.id}`}>
                {f.members.map((m) => m.displayName).join(', ') || 'Foyer sans membre'}
              </Link>
            </h2>
            <ul className="fr-badges-group fr-mb-1v">
              {!f.flagged && (
                <li>
                  <Badge small noIcon>
                    Signalement levé
                  </Badge>
                </li>
              )}
              {f.referrals.some((r) => r.outcome === 'pending') && (
                <li>
                  <Badge small noIcon severity="new">
                    Orientation en attente
                  </Badge>
                </li>
              )}
            </ul>
            <p className="fr-text--sm fr-mb-0">
              {plural(f.members.length, 'personne')} · {f.teamName ?? 'équipe non précisée'} · signalée le{' '}
              {formatDate(f.flaggedOn)} · droits : {rightsSummary(f)}
            </p>
          </li>
        ))}
      </ul>
      {hasPermission(me, 'outreach.write') && (
        <div className="outreach-narrow">
          <FlagFamily />
        </div>
      )}
    </>
  )
}

/** Flags the household of a person met: their file must say who lives with them. */
function FlagFamily() {
  const navigate = useNavigate()
  const teams = useTeams()
  const { data: me } = useMe()
  const create = useCreateFamily()
  const form = useFormErrors()
  const [person, setPerson] = useState<Picked | null>(null)
  const [teamId, setTeamId] = useState('')
  const [note, setNote] = useState('')
  const file = usePerson(person?.id ?? null)
  const household = file.data?.household
  const ownTeam = teams.data?.find((t) => t.active && me?.user.teamIds.includes(t.id))?.id ?? ''

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!household) return
    const family = await form.run(() =>
      create.mutateAsync({
        householdId: household.id,
        teamId: teamId || ownTeam || null,
        note,
        rights: FAMILY_RIGHT.values.map((item) => ({ item, status: 'to_check' as const })),
      }),
    )
    if (family) navigate(`/aller-vers/familles/${family.id}`)
  }
  return (
    <FormPanel id="flag-family" title="Signaler une famille" form={form} onSubmit={submit}>
      <p className="fr-text--sm">
        Cherchez un membre de la famille : son dossier doit indiquer son foyer. Les cinq droits de la liste
        sont « à vérifier » au départ.
      </p>
      <PersonChooser picked={person} onPick={setPerson} error={form.fields.householdId} />
      {person && file.data && !household && (
        <div className="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
          <p>
            Le dossier de {person.name} n’indique pas de foyer.{' '}
            <Link to={`/personnes/${person.id}`}>Composer son foyer depuis son dossier</Link>, puis revenez
            ici.
          </p>
        </div>
      )}
      {household && <p className="fr-text--sm">Foyer de {plural(household.size, 'personne')}.</p>}
      <TeamSelect
        label="Équipe qui suit la famille"
        empty="Non précisée"
        value={teamId || ownTeam}
        onChange={setTeamId}
        state={form.state('teamId')}
      />
      <Input
        label="Note (facultatif)"
        textArea
        nativeTextAreaProps={{ rows: 2, value: note, onChange: (e) => setNote(e.target.value) }}
        {...form.state('note')}
      />
      <Button type="submit" disabled={!household || create.isPending}>
        Signaler la famille
      </Button>
    </FormPanel>
  )
}
