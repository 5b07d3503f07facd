import { useQuery } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  Neighbourhood,
  NetworkSettings,
  neighbourhoodInputSchema,
  networkSettingsInputSchema,
} from '../../../../shared/network.ts'
import type { teamListSchema } from '../../../../shared/organisation.ts'
import type { partnerListSchema } from '../../../../shared/partners.ts'
import { api, get, post, put } from '../../../lib/api-client.ts'
import { hasPermission, useMe } from '../../../lib/session.ts'
import type { MapTiles } from '../../../ui/PointMap.tsx'
import { NETWORK_KEY, useStaffMutation } from './coordination.ts'

export const useNetworkSettings = (enabled = true) =>
  useQuery({
    queryKey: [...NETWORK_KEY, 'settings'],
    queryFn: () => get<NetworkSettings>('/api/network/settings'),
    enabled,
  })
export const useSaveNetworkSettings = () =>
  useStaffMutation((input: z.input<typeof networkSettingsInputSchema>) =>
    put<NetworkSettings>('/api/network/settings', input),
  )

/** The neighbourhood centres: for the coordinator, and for whoever enters a need. */
export const useNeighbourhoods = () =>
  useQuery({
    queryKey: [...NETWORK_KEY, 'neighbourhoods'],
    queryFn: () => get<Neighbourhood[]>('/api/network/neighbourhoods'),
    staleTime: 60_000,
  })
export const useAddNeighbourhood = () =>
  useStaffMutation((input: z.input<typeof neighbourhoodInputSchema>) =>
    post<Neighbourhood>('/api/network/neighbourhoods', input),
  )
export const useRemoveNeighbourhood = () =>
  useStaffMutation((id: string) => api<{ ok: true }>('DELETE', `/api/network/neighbourhoods/${id}`))

/** The organisation's active teams (escalation target, seniors line). */
export const useTeams = () =>
  useQuery({
    queryKey: [...NETWORK_KEY, 'teams'],
    queryFn: async () =>
      (await get<z.infer<typeof teamListSchema>>('/api/teams')).items.filter((t) => t.active),
    staleTime: 5 * 60_000,
  })

/** The partners directory (associations a need may go to). */
export const usePartners = () =>
  useQuery({
    queryKey: [...NETWORK_KEY, 'partners'],
    queryFn: async () => (await get<z.infer<typeof partnerListSchema>>('/api/partners?q=')).items,
    staleTime: 5 * 60_000,
  })

/** The installation's map tiles, which the network's settings carry for whoever coordinates it. */
export function useMapTiles(): MapTiles | null {
  const { data: me } = useMe()
  const settings = useNetworkSettings(hasPermission(me, 'network.coordinate'))
  return settings.data
    ? { url: settings.data.mapTileUrl, attribution: settings.data.mapTileAttribution }
    : null
}
