import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  publicReportAnswerSchema,
  publicReportFormQuerySchema,
  publicReportFormSchema,
  publicReportInputSchema,
  publicReportParamsSchema,
  reportDetailSchema,
  reportInputSchema,
  reportListQuerySchema,
  reportListSchema,
  reportSettingsInputSchema,
  reportSettingsSchema,
  reportTransitionSchema,
  reportUpdateSchema,
} from '../../../shared/reports.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { ReportsService } from './reports.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }
/** Per IP: a citizen reports once or twice; a script sending more is slowed down. */
const publicSubmitLimit = { rateLimit: { max: 10, timeWindow: '1 hour' } }
const publicReadLimit = { rateLimit: { max: 60, timeWindow: '1 minute' } }

export function reportsRoutes(service: ReportsService): FastifyPluginAsyncZod {
  return async (app) => {
    const publicTags = ['Signalement public']
    app.get(
      '/api/public/reports/form',
      {
        config: publicReadLimit,
        schema: {
          tags: publicTags,
          summary:
            'L’organisation destinataire du formulaire public (celle du lien, ou la seule de l’installation)',
          querystring: publicReportFormQuerySchema,
          response: { 200: publicReportFormSchema, 404: problem, 429: problem },
        },
      },
      (request) => service.publicForm(request.query.organisation),
    )
    app.post(
      '/api/public/reports/:organisationId',
      {
        config: publicSubmitLimit,
        schema: {
          tags: publicTags,
          summary:
            'Signaler une personne en difficulté, sans compte ; la réponse est la même quel que soit le signalement',
          params: publicReportParamsSchema,
          body: publicReportInputSchema,
          response: { 201: publicReportAnswerSchema, 400: problem, 404: problem, 429: problem },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.submitPublic(request.params.organisationId, request.body)),
    )

    const tags = ['Signalements']
    app.post(
      '/api/reports',
      {
        schema: {
          tags,
          summary: 'Saisir un signalement reçu d’un partenaire, de la police municipale, à l’accueil…',
          body: reportInputSchema,
          response: { 201: reportDetailSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/reports',
      {
        schema: {
          tags,
          summary: 'La file de tri des signalements (filtres : statut, secteur, confiés à moi, en retard)',
          querystring: reportListQuerySchema,
          response: { 200: reportListSchema, ...errors },
        },
      },
      (request) => service.list(actorOf(request), request.query),
    )
    app.get(
      '/api/reports/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: reportDetailSchema, ...errors } } },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/reports/:id',
      {
        schema: {
          tags,
          summary: 'Compléter un signalement : secteur, personne, rencontre, urgence',
          params: idParamsSchema,
          body: reportUpdateSchema,
          response: { 200: reportDetailSchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/reports/:id/status',
      {
        schema: {
          tags,
          summary: 'Attribuer (agent, tournée), marquer visité, clore avec une issue',
          params: idParamsSchema,
          body: reportTransitionSchema,
          response: { 200: reportDetailSchema, ...errors },
        },
      },
      (request) => service.transition(actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/report-settings',
      { schema: { tags, response: { 200: reportSettingsSchema, ...errors } } },
      (request) => service.settings(actorOf(request)),
    )
    app.put(
      '/api/report-settings',
      {
        schema: {
          tags,
          summary: 'Délai au-delà duquel un signalement sans action est signalé en retard',
          body: reportSettingsInputSchema,
          response: { 200: reportSettingsSchema, ...errors },
        },
      },
      (request) => service.saveSettings(actorOf(request), request.body),
    )
  }
}
