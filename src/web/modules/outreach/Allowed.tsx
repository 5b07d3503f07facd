import type { ReactNode } from 'react'
import type { Action } from '../../../shared/permissions.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { AccessDenied } from '../../ui/AccessDenied.tsx'

/** Shows the page to those whose roles allow one of `anyOf`; the API refuses the others anyway. */
export function Allowed({ anyOf, children }: { anyOf: Action[]; children: ReactNode }) {
  const { data: me } = useMe()
  if (!anyOf.some((action) => hasPermission(me, action))) return <AccessDenied />
  return <>{children}</>
}
