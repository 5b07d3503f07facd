import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router'
import type { Action } from '../../shared/permissions.ts'
import { hasPermission, isSuspension, useMe } from '../lib/session.ts'
import { AccessDenied } from '../ui/AccessDenied.tsx'

/** Sends each visitor where their session stands: sign in, 2FA code, 2FA set-up, or the page. */
export function RequireSession({
  children,
  permission,
}: {
  children: ReactNode
  permission?: Action | readonly Action[]
}) {
  const { data: me, isPending, error } = useMe()
  const location = useLocation()
  if (isPending) return <p aria-live="polite">Chargement…</p>
  if (isSuspension(error)) return <p role="alert">{error.message}</p>
  if (error) return <p role="alert">Trame ne répond pas. Réessayez dans un instant.</p>
  if (!me) return <Navigate to="/connexion" replace state={{ from: location.pathname }} />
  if (me.state === 'totp_pending') return <Navigate to="/connexion/code" replace />
  if (me.state === 'totp_enrolment_required') return <Navigate to="/double-authentification" replace />
  if (permission && !hasPermission(me, permission)) return <AccessDenied />
  return <>{children}</>
}
