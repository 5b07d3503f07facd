import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  indicatorCatalogueSchema,
  indicatorDashboardSchema,
  indicatorFileQuerySchema,
  indicatorQuerySchema,
  indicatorSettingsSchema,
  indicatorTableSchema,
} from '../../../shared/indicators.ts'
import { textSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { IndicatorsService } from './indicators.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }
const idParams = z.object({ id: textSchema().max(100) })

export function indicatorsRoutes(service: IndicatorsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Indicateurs']
    app.get(
      '/api/indicators',
      {
        schema: {
          tags,
          summary:
            'Le catalogue des indicateurs : nom, description, filtres, dimensions (des nombres, jamais de nom)',
          response: { 200: indicatorCatalogueSchema, ...errors },
        },
      },
      (request) => service.catalogue(actorOf(request)),
    )
    app.get(
      '/api/indicators/dashboard',
      {
        schema: {
          tags,
          summary: 'Le tableau de bord de l’utilisateur : ses indicateurs, avec leurs filtres',
          response: { 200: indicatorDashboardSchema, ...errors },
        },
      },
      (request) => service.dashboard(actorOf(request)),
    )
    app.put(
      '/api/indicators/dashboard',
      {
        schema: {
          tags,
          summary: 'Enregistre le tableau de bord de l’utilisateur',
          body: indicatorDashboardSchema,
          response: { 200: indicatorDashboardSchema, ...errors },
        },
      },
      (request) => service.saveDashboard(actorOf(request), request.body),
    )
    app.get(
      '/api/indicators/settings',
      {
        schema: {
          tags,
          summary: 'Le seuil des petits effectifs (affichés « < 5 » à qui ne lit aucun nom)',
          response: { 200: indicatorSettingsSchema, ...errors },
        },
      },
      (request) => service.settings(actorOf(request)),
    )
    app.put(
      '/api/indicators/settings',
      {
        schema: {
          tags,
          summary: 'Règle le seuil des petits effectifs',
          body: indicatorSettingsSchema,
          response: { 200: indicatorSettingsSchema, ...errors },
        },
      },
      (request) => service.saveSettings(actorOf(request), request.body),
    )
    app.get(
      '/api/indicators/:id',
      {
        schema: {
          tags,
          summary: 'Calcule un indicateur sur une période, avec ses filtres : un tableau de nombres',
          params: idParams,
          querystring: indicatorQuerySchema,
          response: { 200: indicatorTableSchema, ...errors },
        },
      },
      (request) => service.compute(actorOf(request), request.params.id, request.query),
    )
    app.get(
      '/api/indicators/:id/file',
      {
        schema: {
          tags,
          summary: 'Le même indicateur en fichier : CSV (séparateur ;) ou XLSX',
          params: idParams,
          querystring: indicatorQuerySchema.and(indicatorFileQuerySchema),
          produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      },
      async (request, reply) => {
        const actor = actorOf(request)
        const { format, ...query } = request.query
        const file =
          format === 'csv'
            ? { type: 'text/csv; charset=utf-8', ...(await service.csv(actor, request.params.id, query)) }
            : {
                type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                ...(await service.xlsx(actor, request.params.id, query)),
              }
        const name = file.table.id.replace(/[^a-z0-9-]+/g, '-')
        return reply
          .header('content-type', file.type)
          .header(
            'content-disposition',
            `attachment; filename="indicateur-${name}-${query.from}-${query.to}.${format}"`,
          )
          .send(file.body)
      },
    )
  }
}
