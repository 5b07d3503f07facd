import { ACTIVITY_AUDIENCE, type DistinctParticipantsQuery } from '../../../shared/activities.ts'
import type { IndicatorQuery } from '../../../shared/indicators.ts'
import type { IndicatorDefinition } from '../../platform/indicators.ts'
import type { ActivitiesRepository } from './activities.repository.ts'
import type { ActivitiesStatistics } from './activities.statistics.ts'

/** The audiences one counts participants for (« tous publics » is the whole). */
const AUDIENCES = (['seniors', 'youths', 'families'] as const).map((value) => ({
  value,
  label: ACTIVITY_AUDIENCE.labels[value],
}))
type Audience = (typeof AUDIENCES)[number]['value']

/** The catalogue's `kind` filter is the audience here: the organisation's own kinds are a dimension. */
function participantsQuery(query: IndicatorQuery, extra: Partial<DistinctParticipantsQuery> = {}) {
  const audience = AUDIENCES.find((a) => a.value === query.kind)?.value
  return { from: query.from, to: query.to, teamId: query.teamId, audience, ...extra }
}

/**
 * What group activities add to the catalogue of indicators: distinct participants by audience and by
 * kind, sessions held, attendance. All by the day the session was held, confidential teams included
 * (a count names no one).
 */
export function activityIndicators(
  statistics: ActivitiesStatistics,
  repo: ActivitiesRepository,
): IndicatorDefinition[] {
  const base = { module: 'activities', filters: ['period', 'team', 'kind'] as const, kinds: AUDIENCES }
  type Figures = Awaited<ReturnType<ActivitiesStatistics['figures']>>
  /** One figure for each of the organisation's kinds still in use (or active), and for all of them. */
  async function perKind(organisationId: string, query: IndicatorQuery, pick: (figures: Figures) => number) {
    const whole = await statistics.figures(organisationId, participantsQuery(query))
    const rows = []
    for (const kind of await repo.kinds(organisationId)) {
      const figures = await statistics.figures(organisationId, participantsQuery(query, { kindId: kind.id }))
      if (figures.sessions > 0 || kind.active)
        rows.push({ keys: [kind.id], labels: [kind.label], count: pick(figures) })
    }
    return { total: pick(whole), rows }
  }
  return [
    {
      ...base,
      id: 'activities.participants-by-audience',
      name: 'Participants distincts aux activités, par public',
      description:
        'Personnes nommées présentes au moins une fois sur la période (deux dossiers fusionnés comptent une fois) et participants comptés sans nom, par public de l’activité.',
      dimensions: [{ label: 'Public' }],
      async compute({ organisationId, query }) {
        const whole = await statistics.figures(organisationId, participantsQuery(query))
        const wanted = AUDIENCES.filter((a) => !query.kind || a.value === query.kind)
        const rows = []
        for (const audience of wanted) {
          const figures = await statistics.figures(
            organisationId,
            participantsQuery(query, { audience: audience.value as Audience }),
          )
          rows.push({ keys: [audience.value], labels: [audience.label], count: figures.total })
        }
        return { total: whole.total, rows }
      },
    },
    {
      ...base,
      id: 'activities.participants-by-kind',
      name: 'Participants distincts aux activités, par type d’activité',
      description:
        'Pour chaque type d’activité de l’organisation (action intergénérationnelle, atelier…) : personnes nommées comptées une fois, plus les participants comptés sans nom. Le filtre « Type » choisit le public.',
      dimensions: [{ label: 'Type d’activité' }],
      async compute({ organisationId, query }) {
        return perKind(organisationId, query, (figures) => figures.total)
      },
    },
    {
      ...base,
      id: 'activities.sessions-held',
      name: 'Séances d’activités collectives tenues',
      description:
        'Séances dont la date tombe dans la période, par type d’activité (une séance saisie après coup compte à sa date). Le filtre « Type » choisit le public.',
      dimensions: [{ label: 'Type d’activité' }],
      async compute({ organisationId, query }) {
        return perKind(organisationId, query, (figures) => figures.sessions)
      },
    },
    {
      ...base,
      id: 'activities.attendance',
      name: 'Présence aux séances d’activités collectives',
      description:
        'Présences, absences et absences excusées des personnes nommées (une par personne et par séance), et participants comptés sans nom, sur la période.',
      dimensions: [{ label: 'Présence' }],
      async compute({ organisationId, query }) {
        const f = await statistics.figures(organisationId, participantsQuery(query))
        return {
          total: f.attendance.present + f.anonymous,
          rows: [
            { keys: ['present'], labels: ['Présent·es (nommé·es)'], count: f.attendance.present },
            { keys: ['absent'], labels: ['Absent·es'], count: f.attendance.absent },
            { keys: ['excused'], labels: ['Excusé·es'], count: f.attendance.excused },
            { keys: ['anonymous'], labels: ['Comptés sans nom'], count: f.anonymous },
          ],
        }
      },
    },
  ]
}
