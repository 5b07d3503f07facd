import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  Appointment,
  appointmentInputSchema,
  appointmentPageSchema,
  feedSchema,
  professionalListSchema,
  slotInputSchema,
  slotSchema,
  Week,
} from '../../../../shared/appointments.ts'
import { api, get, post } from '../../../lib/api-client.ts'

export const APPOINTMENTS_KEY = ['appointments'] as const
type Feed = z.infer<typeof feedSchema>

export const weekQuery = (professionalId: string | undefined, day: string | undefined) =>
  queryOptions({
    queryKey: [...APPOINTMENTS_KEY, 'week', professionalId ?? 'me', day ?? 'now'],
    queryFn: () => {
      const params = new URLSearchParams()
      if (professionalId) params.set('professionalId', professionalId)
      if (day) params.set('day', day)
      return get<Week>(`/api/appointments/week?${params}`)
    },
  })
export const professionalsQuery = queryOptions({
  queryKey: [...APPOINTMENTS_KEY, 'professionals'],
  queryFn: () => get<z.infer<typeof professionalListSchema>>('/api/appointments/professionals'),
  staleTime: 5 * 60_000,
})
export const personAppointmentsQuery = (personId: string) =>
  queryOptions({
    queryKey: [...APPOINTMENTS_KEY, 'person', personId],
    queryFn: () =>
      get<z.infer<typeof appointmentPageSchema>>(`/api/appointments?personId=${personId}&pageSize=20`),
  })
export const feedQuery = queryOptions({
  queryKey: [...APPOINTMENTS_KEY, 'feed'],
  queryFn: () => get<Feed>('/api/appointments/feed'),
})

export const useProfessionals = () => useQuery(professionalsQuery)

export function useBook() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof appointmentInputSchema>) =>
      post<Appointment>('/api/appointments', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: APPOINTMENTS_KEY }),
  })
}

export function useSetStatus() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (args: { id: string; status: string }) =>
      post<Appointment>(`/api/appointments/${args.id}/status`, { status: args.status }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: APPOINTMENTS_KEY }),
  })
}

/** Creates or renews the secret link (the answer carries it once), or revokes it. */
export function useFeed() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (action: 'renew' | 'revoke') =>
      action === 'renew'
        ? post<Feed>('/api/appointments/feed')
        : api<Feed>('DELETE', '/api/appointments/feed'),
    onSuccess: (feed) => queryClient.setQueryData(feedQuery.queryKey, { ...feed, url: null }),
  })
}

/** Opens a slot of the professional (oneself; the director for a colleague). */
export function useAddSlot() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof slotInputSchema>) =>
      post<z.infer<typeof slotSchema>>('/api/appointments/slots', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: APPOINTMENTS_KEY }),
  })
}

/** Removes a free slot; the server refuses one that has an appointment. */
export function useDeleteSlot() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>('DELETE', `/api/appointments/slots/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: APPOINTMENTS_KEY }),
  })
}
