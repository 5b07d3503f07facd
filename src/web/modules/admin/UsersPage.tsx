import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import type { z } from 'zod'
import {
  hostConfirmCommand,
  type invitationSentSchema,
  USER_STATUS_LABELS,
  type User,
} from '../../../shared/organisation.ts'
import {
  ROLE_DESCRIPTIONS,
  ROLE_LABELS,
  ROLES,
  ROLES_GRANTED_WITH_CONFIRMATION,
  type Role,
} from '../../../shared/roles.ts'
import { ApiError, patch, post } from '../../lib/api-client.ts'
import { useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { teamsQuery, usersQuery } from './admin-api.ts'
import { PendingRoleGrants } from './RoleGrantsPage.tsx'

const rolesText = (roles: readonly Role[]) => roles.map((r) => ROLE_LABELS[r]).join(', ')
const CONFIRMATION_HINT = `Les rôles ${rolesText(ROLES_GRANTED_WITH_CONFIRMATION)} ne s'appliquent qu'une fois confirmés par un autre administrateur ou par la direction.`

/** After a save: what was applied, or what now waits for someone else's confirmation. */
function savedMessage(user: User, applied: string) {
  const grant = user.pendingRoleGrant
  if (!grant) return applied
  // Nobody active in the organisation can confirm (the others were deactivated): the host must.
  return grant.awaitsHost
    ? `${applied} Les rôles ${rolesText(grant.roles)} attendent la confirmation de l’hébergeur de Trame : aucun autre administrateur actif ni la direction ne peut la donner. Transmettez-lui l’identifiant de la demande, ${grant.id} ; il la confirme avec la commande « ${hostConfirmCommand(grant.id)} ».`
    : `${applied} Les rôles ${rolesText(grant.roles)} attendent la confirmation d'un autre administrateur ou de la direction.`
}

type FieldErrors = Partial<Record<'email' | 'name' | 'roles' | 'teamIds', string>>

function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {}
  return Object.fromEntries((error.problem.errors ?? []).map((e) => [e.path.split('.')[0], e.message]))
}

function toggle<T>(list: T[], item: T, on: boolean) {
  return on ? [...list, item] : list.filter((x) => x !== item)
}

/** Roles and teams as checkboxes, shared by the invitation form and the edit form. */
function RolesAndTeams(props: {
  idPrefix: string
  roles: Role[]
  teamIds: string[]
  onRoles: (roles: Role[]) => void
  onTeams: (teamIds: string[]) => void
  errors: FieldErrors
}) {
  const teams = useQuery(teamsQuery).data?.items ?? []
  return (
    <>
      <Checkbox
        legend="Rôles"
        hintText={CONFIRMATION_HINT}
        state={props.errors.roles ? 'error' : 'default'}
        stateRelatedMessage={props.errors.roles}
        options={ROLES.map((role) => ({
          label: ROLE_LABELS[role],
          hintText: ROLE_DESCRIPTIONS[role],
          nativeInputProps: {
            checked: props.roles.includes(role),
            onChange: (e) => props.onRoles(toggle(props.roles, role, e.target.checked)),
          },
        }))}
      />
      {teams.length > 0 && (
        <Checkbox
          legend="Équipes"
          state={props.errors.teamIds ? 'error' : 'default'}
          stateRelatedMessage={props.errors.teamIds}
          options={teams.map((team) => ({
            label: team.confidential ? `${team.name} (confidentielle)` : team.name,
            nativeInputProps: {
              checked: props.teamIds.includes(team.id),
              onChange: (e) => props.onTeams(toggle(props.teamIds, team.id, e.target.checked)),
            },
          }))}
        />
      )}
    </>
  )
}

type InvitationSent = z.infer<typeof invitationSentSchema>

/**
 * The link just sent, to copy into a message when the e-mail is slow or lost. Shown once: the server keeps
 * only its hash, so a lost link is replaced by sending the invitation again.
 */
function InvitationLink({ sent }: { sent: InvitationSent }) {
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    await navigator.clipboard.writeText(sent.invitationLink)
    setCopied(true)
  }
  return (
    <section className="fr-alert fr-alert--success fr-mb-3w" aria-labelledby="invitation-link-title">
      <h2 id="invitation-link-title" className="fr-alert__title">
        Invitation envoyée à {sent.email}
      </h2>
      <p>
        Le lien est valable 7 jours. Si l’e-mail n’arrive pas, copiez le lien et transmettez-le à {sent.name}{' '}
        par un autre moyen ; il ne sert qu’une fois.
      </p>
      {sent.pendingRoleGrant && (
        <p>{savedMessage(sent, 'Le compte est créé sans ces rôles pour l’instant.')}</p>
      )}
      <div className="fr-input-group fr-mt-2w">
        <label className="fr-label" htmlFor="invitation-link">
          Lien d’invitation
        </label>
        <input
          id="invitation-link"
          className="fr-input"
          readOnly
          value={sent.invitationLink}
          onFocus={(e) => e.target.select()}
        />
      </div>
      <Button priority="secondary" iconId="fr-icon-clipboard-line" onClick={copy}>
        Copier le lien
      </Button>
      <p role="status" className="fr-mt-1w fr-mb-0">
        {copied ? 'Lien copié.' : ''}
      </p>
    </section>
  )
}

function InviteForm({ onDone }: { onDone: (sent: InvitationSent) => void }) {
  const queryClient = useQueryClient()
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [roles, setRoles] = useState<Role[]>([])
  const [teamIds, setTeamIds] = useState<string[]>([])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<string>()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setErrors({})
    setError(undefined)
    try {
      const sent = await post<InvitationSent>('/api/users/invitations', { email, name, roles, teamIds })
      await queryClient.invalidateQueries({ queryKey: ['admin'] })
      onDone(sent)
      setEmail('')
      setName('')
      setRoles([])
      setTeamIds([])
    } catch (e) {
      setErrors(fieldErrorsOf(e))
      setError(e instanceof ApiError ? e.problem.detail : 'Une erreur inattendue est survenue.')
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="invite-title">
      <h2 id="invite-title">Inviter un utilisateur</h2>
      <ErrorAlert message={error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Adresse e-mail"
            state={errors.email ? 'error' : 'default'}
            stateRelatedMessage={errors.email}
            nativeInputProps={{ type: 'email', value: email, onChange: (e) => setEmail(e.target.value) }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Nom"
            state={errors.name ? 'error' : 'default'}
            stateRelatedMessage={errors.name}
            nativeInputProps={{ value: name, onChange: (e) => setName(e.target.value) }}
          />
        </div>
      </div>
      <RolesAndTeams
        idPrefix="invite"
        roles={roles}
        teamIds={teamIds}
        onRoles={setRoles}
        onTeams={setTeamIds}
        errors={errors}
      />
      <Button type="submit">Inviter</Button>
    </form>
  )
}

function EditUser({ user, onDone }: { user: User; onDone: (message?: string) => void }) {
  const queryClient = useQueryClient()
  const { data: me } = useMe()
  const isMe = me?.user.id === user.id
  const [roles, setRoles] = useState<Role[]>(user.roles)
  const [teamIds, setTeamIds] = useState<string[]>(user.teamIds)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<string>()
  const run = async (action: () => Promise<User>, message: string) => {
    setError(undefined)
    try {
      const saved = await action()
      await queryClient.invalidateQueries({ queryKey: ['admin'] })
      onDone(savedMessage(saved, message))
    } catch (e) {
      setErrors(fieldErrorsOf(e))
      setError(e instanceof ApiError ? e.problem.detail : 'Une erreur inattendue est survenue.')
    }
  }
  return (
    <section
      className="fr-p-3w fr-mb-3w"
      style={{ border: '1px solid var(--border-default-grey)' }}
      aria-labelledby="edit-title"
    >
      <h2 id="edit-title">Modifier {user.name}</h2>
      <ErrorAlert message={error} />
      {isMe && (
        <p className="fr-text--sm">
          Vos propres rôles ne peuvent être changés que par un autre administrateur : seules vos équipes sont
          modifiables ici.
        </p>
      )}
      <RolesAndTeams
        idPrefix="edit"
        roles={roles}
        teamIds={teamIds}
        onRoles={setRoles}
        onTeams={setTeamIds}
        errors={errors}
      />
      <div className="fr-btns-group fr-btns-group--inline">
        <Button
          onClick={() =>
            run(
              () => patch<User>(`/api/users/${user.id}`, isMe ? { teamIds } : { roles, teamIds }),
              isMe ? 'Équipes enregistrées.' : 'Rôles et équipes enregistrés.',
            )
          }
        >
          Enregistrer
        </Button>
        {user.status === 'deactivated' ? (
          <Button
            priority="secondary"
            onClick={() => run(() => post<User>(`/api/users/${user.id}/reactivate`), 'Compte réactivé.')}
          >
            Réactiver le compte
          </Button>
        ) : (
          <Button
            priority="secondary"
            onClick={() => run(() => post<User>(`/api/users/${user.id}/deactivate`), 'Compte désactivé.')}
          >
            Désactiver le compte
          </Button>
        )}
        <Button priority="tertiary" onClick={() => onDone()}>
          Annuler
        </Button>
      </div>
    </section>
  )
}

export function UsersPage() {
  usePageTitle('Utilisateurs')
  const users = useQuery(usersQuery)
  const teams = useQuery(teamsQuery).data?.items ?? []
  const [editing, setEditing] = useState<User>()
  const [message, setMessage] = useState<string>()
  const [sent, setSent] = useState<InvitationSent>()
  const [error, setError] = useState<string>()
  const teamName = (id: string) => teams.find((t) => t.id === id)?.name ?? ''
  const showSent = (invitation: InvitationSent) => {
    setMessage(undefined)
    setSent(invitation)
    window.scrollTo({ top: 0 })
  }
  const inviteAgain = async (user: User) => {
    setError(undefined)
    try {
      showSent(await post<InvitationSent>(`/api/users/${user.id}/invitation`))
    } catch (e) {
      setError(e instanceof ApiError ? e.problem.detail : 'Une erreur inattendue est survenue.')
    }
  }

  return (
    <>
      <h1>Utilisateurs</h1>
      <SuccessAlert message={message} />
      <ErrorAlert message={error} />
      {sent && <InvitationLink key={sent.invitationLink} sent={sent} />}
      {editing && (
        <EditUser
          key={editing.id}
          user={editing}
          onDone={(m) => {
            setEditing(undefined)
            setSent(undefined)
            setMessage(m)
          }}
        />
      )}
      <PendingRoleGrants onDone={setMessage} />
      {users.error && <ErrorAlert message={users.error.message} />}
      {users.data && (
        <Table
          caption="Comptes de l'organisation"
          headers={['Nom', 'Adresse e-mail', 'Rôles', 'Équipes', 'Statut', 'Action']}
          data={users.data.items.map((u) => [
            u.name,
            u.email,
            u.pendingRoleGrant
              ? `${rolesText(u.roles)} (en attente : ${rolesText(u.pendingRoleGrant.roles)})`
              : rolesText(u.roles),
            u.teamIds.map(teamName).join(', '),
            <Badge
              key="status"
              severity={u.status === 'active' ? 'success' : u.status === 'invited' ? 'info' : 'warning'}
              small
            >
              {USER_STATUS_LABELS[u.status]}
            </Badge>,
            <div key="actions" className="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
              <Button
                size="small"
                priority="secondary"
                onClick={() => setEditing(u)}
                title={`Modifier ${u.name}`}
              >
                Modifier
              </Button>
              {u.status === 'invited' && (
                <Button
                  size="small"
                  priority="tertiary"
                  onClick={() => inviteAgain(u)}
                  title={`Renvoyer l’invitation à ${u.name}`}
                >
                  Renvoyer l’invitation
                </Button>
              )}
            </div>,
          ])}
        />
      )}
      <InviteForm onDone={showSent} />
    </>
  )
}
