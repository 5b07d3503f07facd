import { useQuery } from '@tanstack/react-query'
import type { z } from 'zod'
import type { Census, mapSchema } from '../../../../shared/outreach.ts'
import { get } from '../../../lib/api-client.ts'
import { OUTREACH_KEY } from './pickers.ts'
import { searchParams } from './rounds.ts'

export type MapPoints = z.infer<typeof mapSchema>
export type Period = { from: string; to: string; teamId: string }

/** Counts only (the analyst sees it): the census of a period, optionally for one team. */
export const useCensus = (period: Period) =>
  useQuery({
    queryKey: [...OUTREACH_KEY, 'census', period],
    queryFn: () => get<Census>(`/api/outreach/census?${searchParams(period)}`),
  })

export const censusCsvUrl = (period: Period) => `/api/outreach/census.csv?${searchParams(period)}`

/** Points of encounters (no names) and places, for the map and its list. */
export const useMapPoints = (period: Period) =>
  useQuery({
    queryKey: [...OUTREACH_KEY, 'map', period],
    queryFn: () => get<MapPoints>(`/api/outreach/map?${searchParams(period)}`),
  })
