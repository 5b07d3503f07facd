import { STRUCTURE_KIND, type StructureKind } from '../../../shared/accommodation.ts'
import { type CountDimension, contactCountsQuerySchema } from '../../../shared/frontdesk.ts'
import { HELP_KIND } from '../../../shared/network.ts'
import type { IndicatorDefinition, IndicatorResult } from '../../platform/indicators.ts'
import type { AccommodationStatisticsService } from '../accommodation/accommodation.statistics.service.ts'
import type { AidStatisticsService } from '../aid/aid.statistics.service.ts'
import type { DomiciliationReportService } from '../domiciliation/domiciliation.report.service.ts'
import type { FollowupWorklistService } from '../followup/followup.worklist.service.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { NetworkService } from '../network/network.service.ts'
import type { OutreachService } from '../outreach/outreach.service.ts'
import type { RegisterService } from '../register/register.service.ts'
import type { IndicatorsRepository } from './indicators.repository.ts'

/**
 * The indicators of the modules that were counting for themselves before the catalogue: each reuses
 * the module's own statistics (through its service) and turns them into a table of counts. Modules
 * built after the catalogue register their indicators themselves (see platform/indicators.ts).
 */
export interface CatalogueSources {
  repo: IndicatorsRepository
  frontdesk: Pick<FrontdeskService, 'counts'>
  outreach: Pick<OutreachService, 'census'>
  network: Pick<NetworkService, 'dashboard'>
  register: Pick<RegisterService, 'monthlyCountsOf'>
  followup: Pick<FollowupWorklistService, 'counts'>
  aid: Pick<AidStatisticsService, 'statistics'>
  accommodation: Pick<AccommodationStatisticsService, 'statistics'>
  domiciliation: Pick<DomiciliationReportService, 'report'>
}

const lines = (items: { key: string; label: string; count: number }[], total?: number): IndicatorResult => ({
  total: total ?? items.reduce((sum, item) => sum + item.count, 0),
  rows: items.map((item) => ({ keys: [item.key], labels: [item.label], count: item.count })),
})

export function moduleIndicators(sources: CatalogueSources): IndicatorDefinition[] {
  const { repo } = sources

  /** The front desk's counts table, grouped by one or two of its dimensions. */
  const contactCounts = (
    id: string,
    name: string,
    description: string,
    groupBy: CountDimension[],
    dimensions: IndicatorDefinition['dimensions'],
  ): IndicatorDefinition => ({
    id,
    module: 'frontdesk',
    name,
    description,
    filters: ['period', 'site', 'team'],
    dimensions,
    async compute({ actor, query }) {
      const counts = await sources.frontdesk.counts(
        actor,
        contactCountsQuerySchema.parse({
          from: query.from,
          to: query.to,
          siteId: query.siteId,
          teamId: query.teamId,
          groupBy: groupBy.join(','),
        }),
      )
      const rows = counts.rows.map((row) => ({ keys: row.keys, labels: row.labels, count: row.contacts }))
      // The database orders teams, sites and reasons by their ids, which mean nothing to a reader: they
      // read by name. Months stay in the order of time.
      if (!groupBy.includes('month'))
        rows.sort((a, b) => a.labels.join('\u0000').localeCompare(b.labels.join('\u0000'), 'fr'))
      return { total: counts.total, rows }
    },
  })

  const received = (what: 'persons' | 'households'): IndicatorDefinition => ({
    id: `frontdesk.distinct-${what}-by-site`,
    module: 'frontdesk',
    name: what === 'persons' ? 'Personnes distinctes reçues par site' : 'Ménages distincts reçus par site',
    description:
      what === 'persons'
        ? 'Chaque personne reçue au moins une fois sur la période compte une fois par site (un dossier fusionné compte comme le dossier gardé) ; le total la compte une fois pour tous les sites.'
        : 'Chaque ménage dont un membre a été reçu sur la période compte une fois par site ; une personne sans ménage compte comme un ménage ; un dossier fusionné compte comme le dossier gardé.',
    filters: ['period', 'site', 'team'],
    dimensions: [{ label: 'Site' }],
    async compute({ organisationId, query }) {
      const result = await repo.receivedPerSite(organisationId, query, what)
      const { sites } = await repo.options(organisationId)
      const names = new Map(sites.map((s) => [s.id, s.label]))
      return {
        total: result.total,
        rows: result.rows
          .map((row) => ({
            keys: [row.siteId],
            labels: [row.siteId ? (names.get(row.siteId) ?? row.siteId) : 'Sans site'],
            count: row.count,
          }))
          .sort((a, b) => a.labels[0]!.localeCompare(b.labels[0]!, 'fr')),
      }
    },
  })

  const census = (
    id: string,
    name: string,
    pick: 'bySex' | 'byAgeBand' | 'bySexAndAgeBand' | 'byHouseholdType' | 'bySituation',
    dimension: string,
  ): IndicatorDefinition => ({
    id,
    module: 'outreach',
    name,
    description:
      'Recensement des situations rencontrées en aller-vers : chaque personne connue compte une fois sur la période, chaque rencontre anonyme compte une situation.',
    filters: ['period', 'team'],
    dimensions: [{ label: dimension }],
    async compute({ actor, query }) {
      const result = await sources.outreach.census.census(actor, {
        from: query.from,
        to: query.to,
        teamId: query.teamId,
      })
      return lines(result[pick], result.situations)
    },
  })

  const accommodation = (
    id: string,
    name: string,
    description: string,
    figure: 'present' | 'started' | 'ended' | 'beneficiaries',
  ): IndicatorDefinition => ({
    id,
    module: 'accommodation',
    name,
    description,
    filters: ['period', 'structure', 'kind'],
    dimensions: [{ label: 'Structure' }],
    kinds: STRUCTURE_KIND.values.map((value) => ({ value, label: STRUCTURE_KIND.labels[value] })),
    async compute({ actor, query }) {
      const kind = STRUCTURE_KIND.values.find((value) => value === query.kind) as StructureKind | undefined
      const result = await sources.accommodation.statistics(actor, {
        from: query.from,
        to: query.to,
        structureId: query.structureId,
        kind,
      })
      return {
        total: result.totals[figure],
        rows: result.byStructure.map((s) => ({ keys: [s.structureId], labels: [s.name], count: s[figure] })),
      }
    },
  })

  return [
    contactCounts(
      'frontdesk.passages-by-team',
      'Passages par équipe',
      'Contacts enregistrés (passages, appels, courriels…) sur la période, par équipe : un contact compte une fois, quels que soient ses motifs.',
      ['team'],
      [{ label: 'Équipe', team: true }],
    ),
    contactCounts(
      'frontdesk.passages-by-site',
      'Passages par site',
      'Contacts enregistrés sur la période, par site.',
      ['site'],
      [{ label: 'Site' }],
    ),
    contactCounts(
      'frontdesk.passages-by-month',
      'Passages par mois',
      'Contacts enregistrés sur la période, mois par mois.',
      ['month'],
      [{ label: 'Mois' }],
    ),
    contactCounts(
      'frontdesk.passages-by-reason',
      'Contacts par motif',
      'Contacts par motif sur la période : un contact à deux motifs compte dans chacun.',
      ['reason'],
      [{ label: 'Motif' }],
    ),
    received('persons'),
    received('households'),
    {
      id: 'frontdesk.contacts-excluding-reason',
      module: 'frontdesk',
      name: 'Appels hors un motif (ligne seniors…)',
      description:
        'Contacts de la période par équipe, sans ceux qui portent le motif exclu (par exemple les appels de la ligne seniors sans les inscriptions aux colis).',
      filters: ['period', 'site', 'team', 'excludedReason'],
      dimensions: [{ label: 'Équipe', team: true }],
      async compute({ organisationId, query }) {
        const rows = await repo.contactsWithoutReason(organisationId, query)
        const { teams } = await repo.options(organisationId)
        const names = new Map(teams.map((t) => [t.id, t.label]))
        return {
          total: rows.reduce((sum, row) => sum + row.count, 0),
          rows: rows.map((row) => ({
            keys: [row.teamId],
            labels: [row.teamId ? (names.get(row.teamId) ?? row.teamId) : 'Sans équipe'],
            count: row.count,
          })),
        }
      },
    },
    census('outreach.census-by-sex', 'Recensement par sexe', 'bySex', 'Sexe'),
    census('outreach.census-by-age-band', 'Recensement par tranche d’âge', 'byAgeBand', 'Tranche d’âge'),
    census(
      'outreach.census-by-sex-and-age-band',
      'Recensement par sexe et tranche d’âge',
      'bySexAndAgeBand',
      'Sexe · tranche d’âge',
    ),
    census(
      'outreach.census-by-household',
      'Recensement par composition du ménage',
      'byHouseholdType',
      'Composition',
    ),
    census('outreach.census-by-situation', 'Recensement par situation', 'bySituation', 'Situation'),
    ...(['site', 'partner'] as const).map(
      (by): IndicatorDefinition => ({
        id: `outreach.incomplete-rights-families-by-${by}`,
        module: 'outreach',
        name:
          by === 'site'
            ? 'Familles aux droits incomplets par centre'
            : 'Familles aux droits incomplets par partenaire orienté',
        description:
          by === 'site'
            ? 'Familles signalées aux droits incomplets à la fin de la période, par site (centre) de leur équipe.'
            : 'Familles aux droits incomplets orientées sur la période, par service partenaire (une famille orientée vers deux services compte dans chacun, une fois au total).',
        filters: ['period', 'team'],
        dimensions: [{ label: by === 'site' ? 'Centre' : 'Partenaire' }],
        async compute({ organisationId, query }) {
          const result = await repo.incompleteRightsFamilies(organisationId, query, by)
          const rows = result.rows.map((row) => ({
            keys: [row.key],
            labels: [row.label ?? (by === 'site' ? 'Sans centre' : '')],
            count: row.count,
          }))
          return {
            total: by === 'site' ? result.total : rows.reduce((sum, row) => sum + row.count, 0),
            rows,
          }
        },
      }),
    ),
    {
      id: 'network.needs-met-by-kind',
      module: 'network',
      name: 'Besoins satisfaits par type (voisins solidaires)',
      description: 'Besoins des seniors satisfaits par un bénévole sur la période, par type d’aide.',
      filters: ['period'],
      dimensions: [{ label: 'Type d’aide' }],
      async compute({ organisationId, query }) {
        const figures = await sources.network.dashboard.figures(organisationId, query)
        const byKind = new Map(figures.needsMetByKind.map((line) => [line.key, line.count]))
        return lines(
          HELP_KIND.values.map((kind) => ({
            key: kind,
            label: HELP_KIND.labels[kind],
            count: byKind.get(kind) ?? 0,
          })),
          figures.needsMet,
        )
      },
    },
    {
      id: 'register.size-by-month',
      module: 'register',
      name: 'Personnes inscrites au registre, mois par mois',
      description:
        'Taille du registre des personnes vulnérables à la fin de chaque mois de la période (inscriptions moins radiations, à leur date).',
      filters: ['period'],
      dimensions: [{ label: 'Mois' }],
      async compute({ organisationId, query }) {
        const months = await sources.register.monthlyCountsOf(organisationId)
        const first = query.from.slice(0, 7)
        const last = query.to.slice(0, 7)
        // Every month of the period, carrying the size forward through months without movement.
        const rows: IndicatorResult['rows'] = []
        let size = months.filter((m) => m.month < first).at(-1)?.registered ?? 0
        const byMonth = new Map(months.map((m) => [m.month, m.registered]))
        for (let month = first; month <= last; month = nextMonth(month)) {
          size = byMonth.get(month) ?? size
          rows.push({ keys: [month], labels: [month], count: size })
        }
        return { total: size, rows }
      },
    },
    {
      id: 'followup.records-opened-by-type',
      module: 'followup',
      name: 'Accompagnements ouverts par type',
      description: 'Accompagnements ouverts sur la période, par type d’accompagnement.',
      filters: ['period', 'team'],
      dimensions: [{ label: 'Type d’accompagnement' }],
      async compute({ actor, query }) {
        const counts = await sources.followup.counts(actor, {
          from: query.from,
          to: query.to,
          teamId: query.teamId,
          groupBy: ['type'],
        })
        return {
          total: counts.totals.opened,
          rows: counts.rows.map((row) => ({ keys: row.keys, labels: row.labels, count: row.opened })),
        }
      },
    },
    {
      id: 'followup.records-running-by-team',
      module: 'followup',
      name: 'Accompagnements en cours par équipe',
      description: 'Accompagnements en cours à la fin de la période, par équipe.',
      filters: ['period', 'team'],
      dimensions: [{ label: 'Équipe', team: true }],
      async compute({ actor, query }) {
        const counts = await sources.followup.counts(actor, {
          from: query.from,
          to: query.to,
          teamId: query.teamId,
          groupBy: ['team'],
        })
        return {
          total: counts.totals.running,
          rows: counts.rows.map((row) => ({ keys: row.keys, labels: row.labels, count: row.running })),
        }
      },
    },
    ...(['requests', 'granted'] as const).map(
      (figure): IndicatorDefinition => ({
        id: `aid.${figure}-by-aid`,
        module: 'aid',
        name: figure === 'requests' ? 'Demandes d’aide par aide' : 'Aides accordées par aide',
        description:
          figure === 'requests'
            ? 'Demandes d’aide facultative déposées sur la période (brouillons à part), par aide du règlement.'
            : 'Décisions d’accord prises sur la période, par aide du règlement.',
        filters: ['period'],
        dimensions: [{ label: 'Aide' }],
        async compute({ actor, query }) {
          const stats = await sources.aid.statistics(actor, { from: query.from, to: query.to })
          return lines(
            stats.byAid.map((line) => ({ key: line.key, label: line.label, count: line[figure] })),
            stats.totals[figure],
          )
        },
      }),
    ),
    {
      id: 'aid.households-helped',
      module: 'aid',
      name: 'Ménages aidés',
      description: 'Ménages (ou personnes seules) ayant reçu au moins une aide accordée sur la période.',
      filters: ['period'],
      dimensions: [],
      async compute({ actor, query }) {
        const stats = await sources.aid.statistics(actor, { from: query.from, to: query.to })
        return { total: stats.totals.householdsHelped, rows: [] }
      },
    },
    ...(['bySex', 'byAgeBand'] as const).map(
      (pick): IndicatorDefinition => ({
        id: `domiciliation.in-force-${pick === 'bySex' ? 'by-sex' : 'by-age-band'}`,
        module: 'domiciliation',
        name:
          pick === 'bySex'
            ? 'Personnes domiciliées au 31 décembre, par sexe'
            : 'Personnes domiciliées au 31 décembre, par tranche d’âge',
        description:
          'Domiciliations en vigueur au 31 décembre de l’année de fin de période (rapport annuel de domiciliation).',
        filters: ['period'],
        dimensions: [{ label: pick === 'bySex' ? 'Sexe' : 'Tranche d’âge' }],
        async compute({ actor, query }) {
          const report = await sources.domiciliation.report(actor, Number(query.to.slice(0, 4)), 'json')
          return lines(report[pick], report.inForce)
        },
      }),
    ),
    accommodation(
      'accommodation.stays-by-structure',
      'Séjours par structure',
      'Séjours présents sur la période (qui la touchent), par structure d’hébergement.',
      'present',
    ),
    accommodation(
      'accommodation.people-by-structure',
      'Personnes hébergées par structure',
      'Personnes distinctes hébergées sur la période, par structure d’hébergement.',
      'beneficiaries',
    ),
  ]
}

function nextMonth(month: string) {
  const [year, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
}
