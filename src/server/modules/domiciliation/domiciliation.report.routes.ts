import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  domiciliationReportSchema,
  reportFileQuerySchema,
  reportQuerySchema,
} from '../../../shared/domiciliation-domifa.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { DomiciliationReportService } from './domiciliation.report.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem }

export function domiciliationReportRoutes(service: DomiciliationReportService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Domiciliation']
    app.get(
      '/api/domiciliation-report',
      {
        schema: {
          tags,
          summary:
            'Rapport annuel d’activité de domiciliation pour la préfecture (des nombres, jamais de nom)',
          querystring: reportQuerySchema,
          response: { 200: domiciliationReportSchema, ...errors },
        },
      },
      (request) => service.report(actorOf(request), request.query.year, 'json'),
    )
    app.get(
      '/api/domiciliation-report/file',
      {
        schema: {
          tags,
          summary: 'Le même rapport en fichier : CSV (séparateur ;) ou XLSX',
          querystring: reportFileQuerySchema,
          produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      },
      async (request, reply) => {
        const actor = actorOf(request)
        const { year, format } = request.query
        const file =
          format === 'csv'
            ? { type: 'text/csv; charset=utf-8', body: await service.csv(actor, year) }
            : {
                type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                body: await service.xlsx(actor, year),
              }
        return reply
          .header('content-type', file.type)
          .header('content-disposition', `attachment; filename="rapport-domiciliation-${year}.${format}"`)
          .send(file.body)
      },
    )
  }
}
