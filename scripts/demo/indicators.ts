import type { IndicatorCatalogue } from '../../src/shared/indicators.ts'
import type { DemoClient } from './api.ts'

/**
 * The analyst's dashboard (an elected official of the social action committee): this year's passages
 * by team and month, the distinct households received per site, the seniors line's calls without the
 * parcel registrations, the census by sex and age band, and the register's size month by month.
 */
export async function seedIndicatorsDashboard(analyst: DemoClient, today: string) {
  const catalogue = (await analyst.get('/api/indicators')) as IndicatorCatalogue
  const year = { from: `${today.slice(0, 4)}-01-01`, to: today }
  const team = (start: string) => catalogue.options.teams.find((t) => t.label.startsWith(start))?.id
  const parcels = catalogue.options.reasons.find((r) => /colis/i.test(r.label))?.id
  const seniorsLine = team('Ligne seniors') ?? team('Ligne')
  await analyst.put('/api/indicators/dashboard', {
    items: [
      { indicatorId: 'frontdesk.passages-by-team', query: year, chart: 'bar' },
      { indicatorId: 'frontdesk.passages-by-month', query: year, chart: 'line' },
      { indicatorId: 'frontdesk.distinct-households-by-site', query: year, chart: 'bar' },
      {
        indicatorId: 'frontdesk.contacts-excluding-reason',
        query: {
          ...year,
          ...(seniorsLine ? { teamId: seniorsLine } : {}),
          ...(parcels ? { excludedReasonId: parcels } : {}),
        },
        chart: 'bar',
      },
      { indicatorId: 'outreach.census-by-sex-and-age-band', query: year, chart: 'bar' },
      { indicatorId: 'register.size-by-month', query: year, chart: 'line' },
    ],
  })
}
