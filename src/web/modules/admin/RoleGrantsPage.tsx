import { Button } from '@codegouvfr/react-dsfr/Button'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { RoleGrant } from '../../../shared/organisation.ts'
import { ROLE_LABELS, type Role } from '../../../shared/roles.ts'
import { ApiError, post } from '../../lib/api-client.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { roleGrantsQuery } from './admin-api.ts'

const rolesText = (roles: readonly Role[]) => roles.map((r) => ROLE_LABELS[r]).join(', ')

/** Grants of a wide role asked by one administrator, for another one (or the director) to confirm. */
export function PendingRoleGrants({
  onDone,
  showEmpty = false,
}: {
  onDone: (message: string) => void
  showEmpty?: boolean
}) {
  const queryClient = useQueryClient()
  const { data: me } = useMe()
  const grants = useQuery({ ...roleGrantsQuery, enabled: hasPermission(me, 'user.role_grant.confirm') })
  const [error, setError] = useState<string>()
  const decide = async (grant: RoleGrant, decision: 'confirm' | 'cancel') => {
    setError(undefined)
    try {
      await post(`/api/role-grants/${grant.id}/${decision}`)
      await queryClient.invalidateQueries({ queryKey: ['admin'] })
      onDone(
        decision === 'confirm'
          ? `${grant.userName} a désormais les rôles ${rolesText(grant.roles)}.`
          : `La demande pour ${grant.userName} est annulée.`,
      )
    } catch (e) {
      setError(e instanceof ApiError ? e.problem.detail : 'Une erreur inattendue est survenue.')
    }
  }
  const items = grants.data?.items ?? []
  if (items.length === 0) return showEmpty ? <p>Aucune demande n’attend de confirmation.</p> : null
  return (
    <section aria-labelledby="grants-title" className="fr-mb-3w">
      <h2 id="grants-title">Rôles en attente de confirmation</h2>
      <ErrorAlert message={error} />
      <Table
        caption="Demandes à confirmer par un autre administrateur ou la direction"
        headers={['Compte', 'Rôles demandés', 'Demandé par', 'Le', 'Action']}
        data={items.map((grant) => {
          const mine = grant.requestedBy.id === me?.user.id || grant.userId === me?.user.id
          return [
            grant.userName,
            rolesText(grant.roles),
            grant.requestedBy.name,
            new Date(grant.requestedAt).toLocaleString('fr-FR'),
            <div key="actions" className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
              {mine ? (
                <p className="fr-text--sm fr-mb-0">À confirmer par un autre administrateur</p>
              ) : (
                <Button
                  size="small"
                  onClick={() => decide(grant, 'confirm')}
                  title={`Confirmer pour ${grant.userName}`}
                >
                  Confirmer
                </Button>
              )}
              <Button
                size="small"
                priority="secondary"
                onClick={() => decide(grant, 'cancel')}
                title={`Annuler la demande pour ${grant.userName}`}
              >
                Annuler
              </Button>
            </div>,
          ]
        })}
      />
    </section>
  )
}

/**
 * The director confirms or cancels what an administrator asked for, without managing accounts (the
 * users page needs `user.manage`, which the director does not hold).
 */
export function RoleGrantsPage() {
  usePageTitle('Rôles à confirmer')
  const [message, setMessage] = useState<string>()
  return (
    <>
      <h1>Rôles à confirmer</h1>
      <p>
        Les rôles de direction et d’administration ouvrent un accès étendu : demandés par un administrateur,
        ils ne s’appliquent qu’une fois confirmés par un autre administrateur ou par la direction.
      </p>
      <SuccessAlert message={message} />
      <PendingRoleGrants onDone={setMessage} showEmpty />
    </>
  )
}
