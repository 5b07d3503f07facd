import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  HostedOrganisation,
  hostedOrganisationListSchema,
  OperatorMe,
  organisationImportResultSchema,
} from '../../../shared/operator.ts'
import { ApiError, api, get } from '../../lib/api-client.ts'

// The operator's pages have their own session, apart from every organisation's: writes carry its token.
const OPERATOR_KEY = ['operator'] as const
let operatorCsrf: string | undefined
const operatorPost = <T>(url: string, body: unknown = {}) =>
  api<T>('POST', url, body, { csrfToken: operatorCsrf })

/** The signed-in operator, or null when no one is. */
const operatorMeQuery = queryOptions({
  queryKey: [...OPERATOR_KEY, 'me'],
  queryFn: async () => {
    try {
      const me = await get<OperatorMe>('/api/operator/me')
      operatorCsrf = me.csrfToken
      return me
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 401) return null
      throw error
    }
  },
  retry: false,
})
export const useOperatorMe = () => useQuery(operatorMeQuery)

export const useHostedOrganisations = (enabled: boolean) =>
  useQuery({
    queryKey: [...OPERATOR_KEY, 'organisations'],
    queryFn: () => get<z.infer<typeof hostedOrganisationListSchema>>('/api/operator/organisations'),
    enabled,
    retry: false,
  })

function useOperatorMutation<I, T>(fn: (input: I) => Promise<T>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: OPERATOR_KEY }),
  })
}

export const useOperatorLogin = () =>
  useOperatorMutation((input: { email: string; password: string }) =>
    api<{ state: string }>('POST', '/api/operator/login', input, { csrfToken: undefined }),
  )
export const useOperatorCode = () =>
  useOperatorMutation((input: { code: string }) =>
    operatorPost<{ state: string }>('/api/operator/login/totp', input),
  )
export const useOperatorLogout = () => useOperatorMutation(() => operatorPost<null>('/api/operator/logout'))

export const useCreateOrganisation = () =>
  useOperatorMutation((input: { name: string; siteName: string; adminName: string; adminEmail: string }) =>
    operatorPost<HostedOrganisation>('/api/operator/organisations', input),
  )
export const useSuspendOrganisation = () =>
  useOperatorMutation(({ id, suspend }: { id: string; suspend: boolean }) =>
    operatorPost<HostedOrganisation>(
      `/api/operator/organisations/${id}/${suspend ? 'suspend' : 'reactivate'}`,
    ),
  )

/** The export's ZIP goes up as it is (application/zip), not as a form. */
export const useImportOrganisation = () =>
  useOperatorMutation(async (file: File) => {
    const response = await fetch('/api/operator/organisations/import', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/zip',
        ...(operatorCsrf ? { 'x-csrf-token': operatorCsrf } : {}),
      },
      body: file,
    })
    const data = await response.json().catch(() => undefined)
    if (!response.ok) {
      throw new ApiError({
        type: data?.type ?? 'about:blank',
        title: data?.title ?? 'Erreur',
        status: response.status,
        code: data?.code ?? 'INTERNAL_ERROR',
        detail: data?.detail ?? 'L’import a échoué.',
      })
    }
    return data as z.infer<typeof organisationImportResultSchema>
  })
