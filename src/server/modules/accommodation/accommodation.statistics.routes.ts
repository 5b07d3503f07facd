import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  accommodationStatisticsFileQuerySchema,
  accommodationStatisticsQuerySchema,
  accommodationStatisticsSchema,
} from '../../../shared/accommodation-statistics.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AccommodationStatisticsService } from './accommodation.statistics.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem }

export function accommodationStatisticsRoutes(
  service: AccommodationStatisticsService,
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Hébergement — statistiques']
    app.get(
      '/api/accommodation-statistics',
      {
        schema: {
          tags,
          summary:
            'Séjours (présents, entrées, sorties, en cours), personnes, durées, occupation, sorties par destination, refus par motif — par structure et par type, sur une période (des nombres, jamais de nom)',
          querystring: accommodationStatisticsQuerySchema,
          response: { 200: accommodationStatisticsSchema, ...errors },
        },
      },
      (request) => service.statistics(actorOf(request), request.query),
    )
    app.get(
      '/api/accommodation-statistics/file',
      {
        schema: {
          tags,
          summary: 'Les mêmes statistiques en fichier : CSV (séparateur ;) ou XLSX',
          querystring: accommodationStatisticsFileQuerySchema,
          produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      },
      async (request, reply) => {
        const actor = actorOf(request)
        const { format, ...query } = request.query
        const file =
          format === 'csv'
            ? { type: 'text/csv; charset=utf-8', body: await service.csv(actor, query) }
            : {
                type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                body: await service.xlsx(actor, query),
              }
        return reply
          .header('content-type', file.type)
          .header(
            'content-disposition',
            `attachment; filename="statistiques-hebergement-${query.from}-${query.to}.${format}"`,
          )
          .send(file.body)
      },
    )
  }
}
