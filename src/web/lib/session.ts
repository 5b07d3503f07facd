import { queryOptions, useQuery } from '@tanstack/react-query'
import type { Me } from '../../shared/auth.ts'
import type { Action } from '../../shared/permissions.ts'
import { ApiError, get, setCsrfToken } from './api-client.ts'

/** The signed-in user, or null when there is no session. */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<Me | null> => {
    try {
      const me = await get<Me>('/api/auth/me')
      setCsrfToken(me.csrfToken)
      return me
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 401) {
        setCsrfToken(undefined)
        return null
      }
      throw error
    }
  },
  staleTime: 60_000,
})

export function useMe() {
  return useQuery(meQuery)
}

export function hasPermission(me: Me | null | undefined, action: Action) {
  return Boolean(me?.permissions.includes(action))
}
