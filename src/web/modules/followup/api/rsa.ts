import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type { RsaApplication, RsaStep, rsaCreateSchema } from '../../../../shared/rsa.ts'
import { get, post } from '../../../lib/api-client.ts'

const RSA_KEY = ['rsa'] as const

export const personRsaQuery = (personId: string) =>
  queryOptions({
    queryKey: [...RSA_KEY, 'person', personId],
    queryFn: () => get<{ items: RsaApplication[] }>(`/api/rsa/applications?personId=${personId}`),
  })

export function useCreateRsaApplication() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof rsaCreateSchema>) =>
      post<RsaApplication>('/api/rsa/applications', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RSA_KEY }),
  })
}

/** The next step of one application; the server refuses one out of order with a French message. */
export function useRsaStep(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (step: RsaStep) => post<RsaApplication>(`/api/rsa/applications/${id}/steps`, step),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RSA_KEY }),
  })
}
