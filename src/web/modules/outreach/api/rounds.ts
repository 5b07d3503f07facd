import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  Round,
  roundCloseSchema,
  roundCreateSchema,
  roundSheetSchema,
  roundUpdateSchema,
} from '../../../../shared/outreach.ts'
import { get, patch, post } from '../../../lib/api-client.ts'
import { OUTREACH_KEY } from './pickers.ts'

export type RoundSheet = z.infer<typeof roundSheetSchema>
const ROUNDS_KEY = [...OUTREACH_KEY, 'rounds'] as const

/** Filters as they stand in the page's address: empty values are left out of the request. */
const search = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])))

export const roundListQuery = (filters: Record<string, string | undefined>) =>
  queryOptions({
    queryKey: [...ROUNDS_KEY, 'list', filters],
    queryFn: async () => (await get<{ items: Round[] }>(`/api/outreach/rounds?${search(filters)}`)).items,
  })
export const useRounds = (filters: Record<string, string | undefined>) => useQuery(roundListQuery(filters))

export const roundSheetQuery = (id: string) =>
  queryOptions({
    queryKey: [...ROUNDS_KEY, 'sheet', id],
    queryFn: () => get<RoundSheet>(`/api/outreach/rounds/${id}`),
  })
/** No round chosen (an encounter outside a round): nothing to ask the server. */
export const useRoundSheet = (id: string) => useQuery({ ...roundSheetQuery(id), enabled: id !== '' })

function useRoundMutation<Input>(send: (input: Input) => Promise<Round>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ROUNDS_KEY }),
  })
}

export const useCreateRound = () =>
  useRoundMutation((input: z.input<typeof roundCreateSchema>) => post<Round>('/api/outreach/rounds', input))
export const useUpdateRound = (id: string) =>
  useRoundMutation((input: z.input<typeof roundUpdateSchema>) =>
    patch<Round>(`/api/outreach/rounds/${id}`, input),
  )
export const useCloseRound = (id: string) =>
  useRoundMutation((input: z.input<typeof roundCloseSchema>) =>
    post<Round>(`/api/outreach/rounds/${id}/close`, input),
  )

export { search as searchParams }
