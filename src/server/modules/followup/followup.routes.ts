import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  goalInputSchema,
  goalParamsSchema,
  goalUpdateSchema,
  recordInputSchema,
  recordListQuerySchema,
  recordPageSchema,
  recordSchema,
  recordTransitionSchema,
  recordUpdateSchema,
  referentsInputSchema,
  supportTypeListSchema,
  supportTypesInputSchema,
} from '../../../shared/followup.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { FollowupService } from './followup.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
export const followupErrors = { 400: problem, 403: problem, 404: problem }
const errors = followupErrors

/** Support records (accompagnements): types, records, referents, goals. */
export function followupRoutes(service: FollowupService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Accompagnement']
    app.get(
      '/api/followup/types',
      {
        schema: {
          tags,
          summary: 'Les types d’accompagnement de l’organisation (légaux ou facultatifs)',
          response: { 200: supportTypeListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.types(actorOf(request)) }),
    )
    app.put(
      '/api/followup/types',
      {
        schema: {
          tags,
          summary: 'Enregistrer la liste des types d’accompagnement (ceux retirés restent pour l’historique)',
          body: supportTypesInputSchema,
          response: { 200: supportTypeListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.saveTypes(actorOf(request), request.body) }),
    )
    app.get(
      '/api/followup/records',
      {
        schema: {
          tags,
          summary: 'Les accompagnements (d’une personne, d’un foyer, dont je suis référent·e…)',
          querystring: recordListQuerySchema,
          response: { 200: recordPageSchema, ...errors },
        },
      },
      (request) => service.list(actorOf(request), request.query),
    )
    app.post(
      '/api/followup/records',
      {
        schema: {
          tags,
          summary: 'Ouvrir un accompagnement (un seul en cours par personne et par type)',
          body: recordInputSchema,
          response: { 201: recordSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/followup/records/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: recordSchema, ...errors } } },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/followup/records/:id',
      {
        schema: {
          tags,
          summary: 'Modifier l’équipe, les domaines, le projet de sortie, la prochaine révision',
          params: idParamsSchema,
          body: recordUpdateSchema,
          response: { 200: recordSchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/followup/records/:id/status',
      {
        schema: {
          tags,
          summary: 'Suspendre, reprendre ou clore (avec un motif de sortie et une date)',
          params: idParamsSchema,
          body: recordTransitionSchema,
          response: { 200: recordSchema, ...errors },
        },
      },
      (request) => service.transition(actorOf(request), request.params.id, request.body),
    )
    app.put(
      '/api/followup/records/:id/referents',
      {
        schema: {
          tags,
          summary: 'Changer les référent·es à une date (l’historique des périodes est gardé)',
          params: idParamsSchema,
          body: referentsInputSchema,
          response: { 200: recordSchema, ...errors },
        },
      },
      (request) => service.setReferents(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/followup/records/:id/goals',
      {
        schema: {
          tags,
          summary: 'Ajouter un objectif avec sa date cible',
          params: idParamsSchema,
          body: goalInputSchema,
          response: { 201: recordSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.addGoal(actorOf(request), request.params.id, request.body)),
    )
    app.patch(
      '/api/followup/records/:id/goals/:goalId',
      {
        schema: {
          tags,
          summary: 'Modifier un objectif ou son état',
          params: goalParamsSchema,
          body: goalUpdateSchema,
          response: { 200: recordSchema, ...errors },
        },
      },
      (request) =>
        service.updateGoal(actorOf(request), request.params.id, request.params.goalId, request.body),
    )
  }
}
