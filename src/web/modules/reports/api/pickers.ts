import { useQuery } from '@tanstack/react-query'
import { type PersonSummary, personDisplayName } from '../../../../shared/people.ts'
import { roundLabel } from '../../../../shared/reports.ts'
import { get } from '../../../lib/api-client.ts'
import { formatInstant } from '../../../lib/dates.ts'

/** What the triage pickers need: colleagues to assign, outreach zones and rounds, partner services. */
export interface Option {
  id: string
  label: string
}

export const useColleagues = () =>
  useQuery({
    queryKey: ['reports', 'colleagues', 'report.triage'],
    queryFn: async () =>
      (await get<{ items: { id: string; name: string }[] }>('/api/colleagues?may=report.triage')).items.map(
        (c): Option => ({ id: c.id, label: c.name }),
      ),
    staleTime: 5 * 60_000,
  })

/** The outreach module's zones; the picker stays hidden when they cannot be read. */
export const useZones = () =>
  useQuery({
    queryKey: ['reports', 'zones'],
    queryFn: async () =>
      (await get<{ items: { id: string; label: string; active: boolean }[] }>('/api/outreach/zones')).items
        .filter((z) => z.active)
        .map((z): Option => ({ id: z.id, label: z.label })),
    retry: false,
    staleTime: 5 * 60_000,
  })

/** Planned rounds, to give a report to the next round of its zone. */
export const usePlannedRounds = () =>
  useQuery({
    queryKey: ['reports', 'rounds'],
    queryFn: async () => {
      const { items } = await get<{
        items: { id: string; status: string; date: string; zoneName: string | null }[]
      }>('/api/outreach/rounds?status=planned')
      return items
        .filter((r) => r.status === 'planned')
        .map((r): Option => ({ id: r.id, label: roundLabel(r.date, r.zoneName) ?? r.date }))
    },
    retry: false,
    staleTime: 60_000,
  })

export const useServiceSearch = (q: string) =>
  useQuery({
    queryKey: ['reports', 'service-search', q],
    queryFn: async () =>
      (
        await get<{ items: { id: string; name: string; partnerName: string; city: string | null }[] }>(
          `/api/partner-services?q=${encodeURIComponent(q)}`,
        )
      ).items.map(
        (s): Option => ({
          id: s.id,
          label: [`${s.partnerName} — ${s.name}`, s.city].filter(Boolean).join(' · '),
        }),
      ),
    enabled: q.trim().length >= 2,
    staleTime: 30_000,
  })

/** Files the actor may see, for linking a report to a person already known. */
export const usePersonSearch = (q: string) =>
  useQuery({
    queryKey: ['reports', 'person-search', q],
    queryFn: async () =>
      (await get<{ items: PersonSummary[] }>(`/api/people?q=${encodeURIComponent(q)}`)).items.map(
        (p): Option => ({
          id: p.id,
          label: [personDisplayName(p), p.fileNumber && `dossier ${p.fileNumber}`]
            .filter(Boolean)
            .join(' · '),
        }),
      ),
    enabled: q.trim().length >= 2,
    staleTime: 10_000,
  })

/** Encounters since the report came in: the one that answered it can be linked to it. */
export const useEncountersSince = (receivedAt: string) =>
  useQuery({
    queryKey: ['reports', 'encounters', receivedAt],
    queryFn: async () => {
      const { items } = await get<{
        items: {
          id: string
          occurredAt: string
          personName: string | null
          address: string | null
          placeName: string | null
        }[]
      }>(`/api/outreach/encounters?from=${receivedAt.slice(0, 10)}&limit=100`)
      // Only those after the report arrived could answer it (the day's earlier ones are left out).
      return items
        .filter((e) => new Date(e.occurredAt) >= new Date(receivedAt))
        .map(
          (e): Option => ({
            id: e.id,
            label: [formatInstant(e.occurredAt), e.personName ?? 'Personne anonyme', e.placeName ?? e.address]
              .filter(Boolean)
              .join(' — '),
          }),
        )
    },
    retry: false,
    staleTime: 60_000,
  })
