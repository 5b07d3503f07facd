import { useQuery } from '@tanstack/react-query'
import type { ReportList } from '../../../../shared/reports.ts'
import { get, post } from '../../../lib/api-client.ts'

/**
 * Open reports (signalements) the round or the map should show: those of a zone, or given to a round.
 * Read through the reports API; only for those allowed to triage them.
 */
export const useOpenReports = (enabled: boolean) =>
  useQuery({
    queryKey: ['reports', 'list', 'status=open&limit=500'],
    queryFn: async () => (await get<ReportList>('/api/reports?status=open&limit=500')).items,
    enabled,
  })

/**
 * The encounter answers the report: it is marked visited with the encounter, once. A report already
 * visited or closed (by a colleague in the meantime) is left as it is.
 */
export async function answerReport(reportId: string, encounterId: string) {
  const report = await get<{ status: string }>(`/api/reports/${reportId}`)
  if (report.status !== 'new' && report.status !== 'assigned') return false
  await post(`/api/reports/${reportId}/status`, { status: 'visited', encounterId })
  return true
}
