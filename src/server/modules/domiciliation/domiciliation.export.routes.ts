import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { todayInFrance } from '../../../shared/dates.ts'
import { domiciliationExportQuerySchema } from '../../../shared/domiciliation-domifa.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { DomiciliationExportService } from './domiciliation.export.service.ts'

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

export function domiciliationExportRoutes(service: DomiciliationExportService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/domiciliation-export',
      {
        schema: {
          tags: ['Domiciliation'],
          summary:
            'Liste des personnes domiciliées (en cours de validité, ou d’un statut) au format d’import de DomiFa, en CSV ou XLSX, écrite au fil de la lecture',
          querystring: domiciliationExportQuerySchema,
          produces: [CONTENT_TYPES.csv, CONTENT_TYPES.xlsx],
        },
      },
      async (request, reply) => {
        const { status, format } = request.query
        const stream = await service.export(actorOf(request), { status, format })
        return reply
          .header('content-type', CONTENT_TYPES[format])
          .header(
            'content-disposition',
            `attachment; filename="domicilies-${status}-${todayInFrance()}.${format}"`,
          )
          .send(stream)
      },
    )
  }
}
