import { useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import type { SessionState } from '../../../shared/auth.ts'
import { meQuery } from '../../lib/session.ts'

/** After any step that changes the session: reload `me` (and its CSRF token), then go where the state says. */
export function useFollowSession() {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  return async (state: SessionState, then = '/') => {
    await queryClient.invalidateQueries({ queryKey: meQuery.queryKey })
    await queryClient.fetchQuery(meQuery)
    if (state === 'totp_pending') navigate('/connexion/code')
    else if (state === 'totp_enrolment_required') navigate('/double-authentification')
    else navigate(then)
  }
}
