import { queryOptions, useQuery } from '@tanstack/react-query'
import type { Me } from '../../shared/auth.ts'
import type { Action } from '../../shared/permissions.ts'
import { ApiError, get, setCsrfToken } from './api-client.ts'
import { deviceStore } from './device-store.ts'

/** Under this name the device keeps who was signed in, for the outreach pages without network. */
const DEVICE_IDENTITY = 'signed-in-user'
/** Identities read from the device rather than the server: no token, so no write until the network is back. */
const fromDevice = new WeakSet<Me>()

/** The signed-in user, or null when there is no session; without network, the one this device remembers. */
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
        await forgetOnThisDevice()
        return null
      }
      const remembered = error instanceof ApiError && error.problem.status === 0 && (await rememberedMe())
      if (remembered) return remembered
      throw error
    }
  },
  // Asked even without network, so that the remembered identity is found; asked again at reconnection.
  networkMode: 'always',
  // An organisation suspended by the service's operator: said at once, not asked again and again.
  retry: (count, error) => !isSuspension(error) && count < 3,
  staleTime: (query) => (query.state.data && fromDevice.has(query.state.data) ? 0 : 60_000),
})

/** The refusal of every request of a suspended organisation's users (its French message is shown). */
export function isSuspension(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'ORGANISATION_SUSPENDED'
}

export function useMe() {
  return useQuery(meQuery)
}

/** Whether the user may do the action (or one of the actions, when a page serves several). */
export function hasPermission(me: Me | null | undefined, action: Action | readonly Action[]) {
  const actions: readonly Action[] = typeof action === 'string' ? [action] : action
  return actions.some((a) => Boolean(me?.permissions.includes(a)))
}

/** Whether this identity comes from the device (no network since the page opened): writes must wait. */
export const signedInWithoutNetwork = (me: Me | null | undefined) => Boolean(me && fromDevice.has(me))

/**
 * Keeps who is signed in on this device (never the session token nor the e-mail), so that the outreach
 * pages open without network for the agent who records encounters in the street.
 */
export async function rememberOnThisDevice(me: Me) {
  if (fromDevice.has(me) || me.state !== 'active') return
  const { csrfToken: _token, user, ...rest } = me
  const { email: _email, ...kept } = user
  await deviceStore.put('device', { ...rest, user: kept }, DEVICE_IDENTITY).catch(() => undefined)
}

/** At sign-out (and when the server says the session ended): the device forgets who was signed in. */
export async function forgetOnThisDevice() {
  await deviceStore.delete('device', DEVICE_IDENTITY).catch(() => undefined)
}

async function rememberedMe(): Promise<Me | undefined> {
  const kept = await deviceStore
    .get<Omit<Me, 'csrfToken' | 'user'> & { user: Omit<Me['user'], 'email'> }>('device', DEVICE_IDENTITY)
    .catch(() => undefined)
  if (!kept) return undefined
  const me: Me = { ...kept, csrfToken: '', user: { ...kept.user, email: '' } }
  fromDevice.add(me)
  return me
}
