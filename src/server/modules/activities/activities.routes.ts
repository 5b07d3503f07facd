import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  activityInputSchema,
  activityKindInputSchema,
  activityKindListSchema,
  activityKindSchema,
  activityListQuerySchema,
  activityPageSchema,
  activitySchema,
  distinctParticipantsQuerySchema,
  distinctParticipantsSchema,
  participantInputSchema,
  participantParamsSchema,
  participantStatusInputSchema,
  sessionCountsInputSchema,
  sessionDetailSchema,
  sessionInputSchema,
  sessionListQuerySchema,
  sessionPageSchema,
} from '../../../shared/activities.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { ActivitiesService } from './activities.service.ts'
import type { ActivitiesStatistics } from './activities.statistics.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

export function activitiesRoutes(
  service: ActivitiesService,
  statistics: ActivitiesStatistics,
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Activités collectives']
    app.get(
      '/api/activity-kinds',
      {
        schema: {
          tags,
          summary: 'Les types d’activité de l’organisation (action intergénérationnelle, atelier…)',
          response: { 200: activityKindListSchema, ...errors },
        },
      },
      (request) => service.kinds(actorOf(request)),
    )
    app.post(
      '/api/activity-kinds',
      {
        schema: {
          tags,
          summary: 'Ajouter un type d’activité',
          body: activityKindInputSchema,
          response: { 201: activityKindSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createKind(actorOf(request), request.body)),
    )
    app.put(
      '/api/activity-kinds/:id',
      {
        schema: {
          tags,
          summary: 'Renommer un type d’activité, ou le retirer de la liste',
          params: idParamsSchema,
          body: activityKindInputSchema,
          response: { 200: activityKindSchema, ...errors },
        },
      },
      (request) => service.updateKind(actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/activities',
      {
        schema: {
          tags,
          summary: 'Les activités, par page avec le total (type, public, équipe, recherche)',
          querystring: activityListQuerySchema,
          response: { 200: activityPageSchema, ...errors },
        },
      },
      (request) => service.list(actorOf(request), request.query),
    )
    app.post(
      '/api/activities',
      {
        schema: {
          tags,
          summary: 'Créer une activité : type, équipe, partenaires, lieu, public',
          body: activityInputSchema,
          response: { 201: activitySchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/activities/:id',
      {
        schema: {
          tags,
          summary: 'Une activité',
          params: idParamsSchema,
          response: { 200: activitySchema, ...errors },
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.put(
      '/api/activities/:id',
      {
        schema: {
          tags,
          summary: 'Modifier une activité',
          params: idParamsSchema,
          body: activityInputSchema,
          response: { 200: activitySchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/activities/:id/sessions',
      {
        schema: {
          tags,
          summary: 'Les séances d’une activité, les plus récentes d’abord, par page avec le total',
          params: idParamsSchema,
          querystring: sessionListQuerySchema,
          response: { 200: sessionPageSchema, ...errors },
        },
      },
      (request) => service.sessions(actorOf(request), request.params.id, request.query),
    )
    app.post(
      '/api/activities/:id/sessions',
      {
        schema: {
          tags,
          summary: 'Enregistrer une séance, tenue (même il y a longtemps) ou prévue',
          params: idParamsSchema,
          body: sessionInputSchema,
          response: { 201: sessionDetailSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createSession(actorOf(request), request.params.id, request.body)),
    )
    app.get(
      '/api/activity-sessions/:id',
      {
        schema: {
          tags,
          summary: 'Une séance : participants nommés (présence) et comptés sans nom',
          params: idParamsSchema,
          response: { 200: sessionDetailSchema, ...errors },
        },
      },
      (request) => service.session(actorOf(request), request.params.id),
    )
    app.put(
      '/api/activity-sessions/:id',
      {
        schema: {
          tags,
          summary: 'Modifier une séance (date, horaires, animateurs, places)',
          params: idParamsSchema,
          body: sessionInputSchema,
          response: { 200: sessionDetailSchema, ...errors },
        },
      },
      (request) => service.updateSession(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/activity-sessions/:id/participants',
      {
        schema: {
          tags,
          summary: 'Inscrire une personne à la séance (ou noter directement sa présence)',
          params: idParamsSchema,
          body: participantInputSchema,
          response: { 201: sessionDetailSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.addParticipant(actorOf(request), request.params.id, request.body)),
    )
    app.put(
      '/api/activity-sessions/:id/participants/:personId',
      {
        schema: {
          tags,
          summary: 'Noter la présence : présent·e, absent·e, excusé·e',
          params: participantParamsSchema,
          body: participantStatusInputSchema,
          response: { 200: sessionDetailSchema, ...errors },
        },
      },
      (request) =>
        service.setStatus(actorOf(request), request.params.id, request.params.personId, request.body.status),
    )
    app.delete(
      '/api/activity-sessions/:id/participants/:personId',
      {
        schema: {
          tags,
          summary: 'Retirer une personne de la séance',
          params: participantParamsSchema,
          response: { 200: sessionDetailSchema, ...errors },
        },
      },
      (request) => service.removeParticipant(actorOf(request), request.params.id, request.params.personId),
    )
    app.put(
      '/api/activity-sessions/:id/counts',
      {
        schema: {
          tags,
          summary: 'Les participants comptés sans nom, par catégorie (seniors en établissement, jeunes…)',
          params: idParamsSchema,
          body: sessionCountsInputSchema,
          response: { 200: sessionDetailSchema, ...errors },
        },
      },
      (request) => service.setCounts(actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/activity-statistics/participants',
      {
        schema: {
          tags,
          summary:
            'Participants distincts sur une période, par public, type, équipe ou activité (des nombres, jamais un nom)',
          querystring: distinctParticipantsQuerySchema,
          response: { 200: distinctParticipantsSchema, ...errors },
        },
      },
      (request) => statistics.distinctParticipants(actorOf(request), request.query),
    )
  }
}
