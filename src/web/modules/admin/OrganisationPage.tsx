import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { ApiError, patch, post } from '../../lib/api-client.ts'
import { meQuery, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { sitesQuery, teamsQuery } from './admin-api.ts'

function messageOf(e: unknown) {
  return e instanceof ApiError ? e.problem.detail : 'Une erreur inattendue est survenue.'
}

export function OrganisationPage() {
  usePageTitle('Organisation')
  const queryClient = useQueryClient()
  const { data: me } = useMe()
  const sites = useQuery(sitesQuery).data?.items ?? []
  const teams = useQuery(teamsQuery).data?.items ?? []
  const [message, setMessage] = useState<string>()
  const [error, setError] = useState<string>()
  const [orgName, setOrgName] = useState<string>()
  const [siteName, setSiteName] = useState('')
  const [siteAddress, setSiteAddress] = useState('')
  const [teamName, setTeamName] = useState('')
  const [teamSite, setTeamSite] = useState('')
  const [teamConfidential, setTeamConfidential] = useState(false)

  const run = async (
    event: FormEvent | undefined,
    action: () => Promise<unknown>,
    done: string,
    after?: () => void,
  ) => {
    event?.preventDefault()
    setError(undefined)
    try {
      await action()
      await queryClient.invalidateQueries({ queryKey: ['admin'] })
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey })
      setMessage(done)
      after?.()
    } catch (e) {
      setError(messageOf(e))
    }
  }
  const siteName_ = (id: string | null) => sites.find((s) => s.id === id)?.name ?? '—'

  return (
    <>
      <h1>Organisation</h1>
      <SuccessAlert message={message} />
      <ErrorAlert message={error} />
      <form
        onSubmit={(e) =>
          run(
            e,
            () => patch('/api/organisation', { name: orgName ?? me?.organisation.name }),
            'Nom enregistré.',
          )
        }
        className="fr-col-md-6"
      >
        <Input
          label="Nom de l'organisation"
          nativeInputProps={{
            value: orgName ?? me?.organisation.name ?? '',
            onChange: (e) => setOrgName(e.target.value),
          }}
        />
        <Button type="submit">Enregistrer le nom</Button>
      </form>

      <h2 className="fr-mt-5w">Sites</h2>
      <Table
        caption="Sites de l'organisation"
        headers={['Nom', 'Adresse', 'État', '']}
        data={sites.map((s) => [
          s.name,
          s.address ?? '—',
          s.active ? 'Ouvert' : 'Fermé',
          <Button
            key="toggle"
            size="small"
            priority="tertiary"
            onClick={() =>
              run(undefined, () => patch(`/api/sites/${s.id}`, { active: !s.active }), 'Site mis à jour.')
            }
          >
            {s.active ? `Fermer ${s.name}` : `Rouvrir ${s.name}`}
          </Button>,
        ])}
      />
      <form
        onSubmit={(e) =>
          run(
            e,
            () => post('/api/sites', { name: siteName, address: siteAddress || null }),
            'Site ajouté.',
            () => {
              setSiteName('')
              setSiteAddress('')
            },
          )
        }
      >
        <h3>Ajouter un site</h3>
        <Input
          label="Nom du site"
          nativeInputProps={{ value: siteName, onChange: (e) => setSiteName(e.target.value) }}
        />
        <Input
          label="Adresse du site"
          nativeInputProps={{ value: siteAddress, onChange: (e) => setSiteAddress(e.target.value) }}
        />
        <Button type="submit">Ajouter le site</Button>
      </form>

      <h2 className="fr-mt-5w">Équipes</h2>
      <Table
        caption="Équipes (services) de l'organisation"
        headers={['Nom', 'Site', 'Confidentialité', '']}
        data={teams.map((t) => [
          t.name,
          siteName_(t.siteId),
          t.confidential ? (
            <Badge key="c" severity="warning" small>
              Confidentielle
            </Badge>
          ) : (
            'Normale'
          ),
          <Button
            key="toggle"
            size="small"
            priority="tertiary"
            onClick={() =>
              run(
                undefined,
                () => patch(`/api/teams/${t.id}`, { confidential: !t.confidential }),
                'Équipe mise à jour.',
              )
            }
          >
            {t.confidential ? `Rendre ${t.name} non confidentielle` : `Rendre ${t.name} confidentielle`}
          </Button>,
        ])}
      />
      <form
        onSubmit={(e) =>
          run(
            e,
            () =>
              post('/api/teams', {
                name: teamName,
                siteId: teamSite || null,
                confidential: teamConfidential,
              }),
            'Équipe ajoutée.',
            () => {
              setTeamName('')
              setTeamConfidential(false)
            },
          )
        }
      >
        <h3>Ajouter une équipe</h3>
        <Input
          label="Nom de l'équipe"
          nativeInputProps={{ value: teamName, onChange: (e) => setTeamName(e.target.value) }}
        />
        <Select
          label="Site de l'équipe"
          nativeSelectProps={{ value: teamSite, onChange: (e) => setTeamSite(e.target.value) }}
        >
          <option value="">Aucun site en particulier</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
        <Checkbox
          options={[
            {
              label: 'Équipe confidentielle',
              hintText:
                'Ses dossiers ne sont visibles que de ses membres et de la direction (par exemple le PAEJ).',
              nativeInputProps: {
                checked: teamConfidential,
                onChange: (e) => setTeamConfidential(e.target.checked),
              },
            },
          ]}
        />
        <Button type="submit">Ajouter l'équipe</Button>
      </form>
    </>
  )
}
