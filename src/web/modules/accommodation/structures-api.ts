import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  AgreementPage,
  Board,
  Occupancy,
  Structure,
  StructureDetail,
} from '../../../shared/accommodation-structures.ts'
import type { Role } from '../../../shared/roles.ts'
import { api, get } from '../../lib/api-client.ts'

// Accommodation's structures, places, board, settings and partners' agreements in the browser.

export const structureKeys = {
  all: ['accommodation-structures'] as const,
  one: (id: string) => ['accommodation-structures', id] as const,
  board: (day: string, structureId: string) => ['accommodation-board', day, structureId] as const,
  occupancy: (from: string, to: string, structureId: string) =>
    ['accommodation-occupancy', from, to, structureId] as const,
  settings: ['accommodation-settings'] as const,
  agreements: (toRenew: boolean) => ['partner-agreements', toRenew] as const,
}

export const useStructures = () =>
  useQuery({
    queryKey: structureKeys.all,
    queryFn: () => get<{ items: Structure[] }>('/api/accommodation-structures'),
  })

export const useStructure = (id: string) =>
  useQuery({
    queryKey: structureKeys.one(id),
    queryFn: () => get<StructureDetail>(`/api/accommodation-structures/${id}`),
  })

export const useBoard = (day: string, structureId: string) =>
  useQuery({
    queryKey: structureKeys.board(day, structureId),
    queryFn: () => {
      const query = new URLSearchParams({ day })
      if (structureId) query.set('structureId', structureId)
      return get<Board>(`/api/accommodation-board?${query}`)
    },
  })

export const useOccupancy = (period: { from: string; to: string } | null, structureId: string) =>
  useQuery({
    queryKey: structureKeys.occupancy(period?.from ?? '', period?.to ?? '', structureId),
    enabled: period !== null,
    queryFn: () => {
      const query = new URLSearchParams({ from: period?.from ?? '', to: period?.to ?? '' })
      if (structureId) query.set('structureId', structureId)
      return get<Occupancy>(`/api/accommodation-board/occupancy?${query}`)
    },
    retry: false,
  })

export const useAccommodationSettings = () =>
  useQuery({
    queryKey: structureKeys.settings,
    queryFn: () => get<{ medicalExtraRoles: Role[] }>('/api/accommodation-settings'),
  })

export const useAgreements = (toRenew: boolean, page: number) =>
  useQuery({
    queryKey: [...structureKeys.agreements(toRenew), page],
    queryFn: () =>
      get<AgreementPage>(`/api/partner-agreements?page=${page}${toRenew ? '&toRenew=true' : ''}`),
  })

/** Any change to structures, places, closures or agreements: every accommodation view reads again. */
export function useAccommodationChange<I, R>(send: (input: I) => Promise<R>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      for (const key of [
        'accommodation-structures',
        'accommodation-board',
        'accommodation-occupancy',
        'accommodation-settings',
        'partner-agreements',
      ])
        await queryClient.invalidateQueries({ queryKey: [key] })
    },
  })
}

export const send = <R>(method: 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
  api<R>(method, url, body)
