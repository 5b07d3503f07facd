import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  aidStatisticsFileQuerySchema,
  aidStatisticsQuerySchema,
  aidStatisticsSchema,
} from '../../../shared/aid.statistics.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AidStatisticsService } from './aid.statistics.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem }

export function aidStatisticsRoutes(service: AidStatisticsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Aides — statistiques']
    app.get(
      '/api/aid-statistics',
      {
        schema: {
          tags,
          summary:
            'Demandes, décisions et montants par aide, fonds, équipe et mois ; foyers aidés ; refus par motif ; délais ; rapport FLAJ (des nombres, jamais de nom)',
          querystring: aidStatisticsQuerySchema,
          response: { 200: aidStatisticsSchema, ...errors },
        },
      },
      (request) => service.statistics(actorOf(request), request.query),
    )
    app.get(
      '/api/aid-statistics/file',
      {
        schema: {
          tags,
          summary: 'Les mêmes statistiques en fichier : CSV (séparateur ;) ou XLSX',
          querystring: aidStatisticsFileQuerySchema,
          produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      },
      async (request, reply) => {
        const actor = actorOf(request)
        const { from, to, format } = request.query
        const file =
          format === 'csv'
            ? { type: 'text/csv; charset=utf-8', body: await service.csv(actor, { from, to }) }
            : {
                type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                body: await service.xlsx(actor, { from, to }),
              }
        return reply
          .header('content-type', file.type)
          .header('content-disposition', `attachment; filename="statistiques-aides-${from}-${to}.${format}"`)
          .send(file.body)
      },
    )
  }
}
