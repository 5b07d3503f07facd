import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  Place,
  placeCreateSchema,
  placeDetailSchema,
  placeListSchema,
  placeUpdateSchema,
  placeVisitInputSchema,
} from '../../../../shared/outreach.ts'
import { get, patch, post } from '../../../lib/api-client.ts'
import { OUTREACH_KEY } from './pickers.ts'
import { searchParams } from './rounds.ts'

export type PlaceDetail = z.infer<typeof placeDetailSchema>
const PLACES_KEY = [...OUTREACH_KEY, 'places'] as const

/** One page of the places list with its total; `filters` may carry `page` and `pageSize`. */
export const placeListQuery = (filters: Record<string, string | undefined>) =>
  queryOptions({
    queryKey: [...PLACES_KEY, 'list', filters],
    queryFn: () => get<z.infer<typeof placeListSchema>>(`/api/outreach/places?${searchParams(filters)}`),
    placeholderData: keepPreviousData,
  })
export const usePlaces = (filters: Record<string, string | undefined> = {}) =>
  useQuery(placeListQuery(filters))

export const placeQuery = (id: string, visitsPage = 1) =>
  queryOptions({
    queryKey: [...PLACES_KEY, 'detail', id, visitsPage],
    queryFn: () => get<PlaceDetail>(`/api/outreach/places/${id}?visitsPage=${visitsPage}`),
  })
export const usePlace = (id: string, visitsPage = 1) => useQuery(placeQuery(id, visitsPage))

/** A place changes round sheets and the map too: every outreach query is fetched again. */
function usePlaceMutation<Input, Output>(send: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: OUTREACH_KEY }),
  })
}

export const useCreatePlace = () =>
  usePlaceMutation((input: z.input<typeof placeCreateSchema>) => post<Place>('/api/outreach/places', input))
export const useUpdatePlace = (id: string) =>
  usePlaceMutation((input: z.input<typeof placeUpdateSchema>) =>
    patch<PlaceDetail>(`/api/outreach/places/${id}`, input),
  )
export const useAddPlaceVisit = (id: string) =>
  usePlaceMutation((input: z.input<typeof placeVisitInputSchema>) =>
    post<unknown>(`/api/outreach/places/${id}/visits`, input),
  )
