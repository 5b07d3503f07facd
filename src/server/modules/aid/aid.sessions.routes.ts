import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  agendaCandidatesSchema,
  agendaInputSchema,
  agendaItemParamsSchema,
  attendanceInputSchema,
  closeInputSchema,
  commissionDecisionInputSchema,
  invitableUsersSchema,
  membersInputSchema,
  sessionInputSchema,
  sessionListQuerySchema,
  sessionListSchema,
  sessionSchema,
} from '../../../shared/aid-commission.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AidSessionsService } from './aid.sessions.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

export function aidSessionsRoutes(sessions: AidSessionsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Commission des aides']
    app.get(
      '/api/aid-sessions',
      {
        schema: {
          tags,
          summary: 'Séances de la commission (pour un membre : celles où il est invité)',
          querystring: sessionListQuerySchema,
          response: { 200: sessionListSchema, ...errors },
        },
      },
      (request) => sessions.list(actorOf(request), request.query),
    )
    app.post(
      '/api/aid-sessions',
      {
        schema: {
          tags,
          summary: 'Planifier une séance (date, heure, lieu)',
          body: sessionInputSchema,
          response: { 201: sessionSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await sessions.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/aid-sessions/invitable-users',
      {
        schema: {
          tags,
          summary: 'Utilisateurs que l’on peut inviter (membres de la commission d’abord)',
          response: { 200: invitableUsersSchema, ...errors },
        },
      },
      (request) => sessions.invitable(actorOf(request)),
    )
    app.get(
      '/api/aid-sessions/:id',
      {
        schema: {
          tags,
          summary:
            'Une séance : membres, quorum, ordre du jour (pour un membre : pendant la séance seulement, pseudonymisé)',
          params: idParamsSchema,
          response: { 200: sessionSchema, ...errors },
        },
      },
      (request) => sessions.view(actorOf(request), request.params.id),
    )
    app.put(
      '/api/aid-sessions/:id',
      {
        schema: {
          tags,
          summary: 'Changer la date, l’heure ou le lieu d’une séance prévue',
          params: idParamsSchema,
          body: sessionInputSchema,
          response: { 200: sessionSchema, ...errors },
        },
      },
      (request) => sessions.update(actorOf(request), request.params.id, request.body),
    )
    app.put(
      '/api/aid-sessions/:id/members',
      {
        schema: {
          tags,
          summary: 'Inviter les membres de la séance',
          params: idParamsSchema,
          body: membersInputSchema,
          response: { 200: sessionSchema, ...errors },
        },
      },
      (request) => sessions.setMembers(actorOf(request), request.params.id, request.body.userIds),
    )
    app.put(
      '/api/aid-sessions/:id/attendance',
      {
        schema: {
          tags,
          summary: 'Enregistrer les membres présents (le quorum en dépend)',
          params: idParamsSchema,
          body: attendanceInputSchema,
          response: { 200: sessionSchema, ...errors },
        },
      },
      (request) => sessions.setAttendance(actorOf(request), request.params.id, request.body.presentUserIds),
    )
    app.get(
      '/api/aid-sessions/:id/candidates',
      {
        schema: {
          tags,
          summary: 'Demandes à inscrire : déposées, et ajournées proposées de nouveau',
          params: idParamsSchema,
          response: { 200: agendaCandidatesSchema, ...errors },
        },
      },
      (request) => sessions.candidates(actorOf(request), request.params.id),
    )
    app.post(
      '/api/aid-sessions/:id/agenda',
      {
        schema: {
          tags,
          summary: 'Inscrire des demandes à l’ordre du jour',
          params: idParamsSchema,
          body: agendaInputSchema,
          response: { 200: sessionSchema, ...errors },
        },
      },
      (request) => sessions.addToAgenda(actorOf(request), request.params.id, request.body.requestIds),
    )
    app.delete(
      '/api/aid-sessions/:id/agenda/:requestId',
      {
        schema: {
          tags,
          summary: 'Retirer une demande non décidée de l’ordre du jour',
          params: agendaItemParamsSchema,
          response: { 200: sessionSchema, ...errors },
        },
      },
      (request) => sessions.removeFromAgenda(actorOf(request), request.params.id, request.params.requestId),
    )
    app.post(
      '/api/aid-sessions/:id/open',
      {
        schema: {
          tags,
          summary: 'Ouvrir la séance : les membres voient l’ordre du jour',
          params: idParamsSchema,
          response: { 200: sessionSchema, ...errors },
        },
      },
      (request) => sessions.open(actorOf(request), request.params.id),
    )
    app.post(
      '/api/aid-sessions/:id/decisions',
      {
        schema: {
          tags,
          summary: 'Décision de la commission sur une demande de l’ordre du jour (quorum atteint)',
          params: idParamsSchema,
          body: commissionDecisionInputSchema,
          response: { 200: sessionSchema, ...errors },
        },
      },
      (request) => sessions.decide(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/aid-sessions/:id/close',
      {
        schema: {
          tags,
          summary: 'Clore la séance (toutes les demandes décidées)',
          params: idParamsSchema,
          body: closeInputSchema,
          response: { 200: sessionSchema, ...errors },
        },
      },
      (request) => sessions.close(actorOf(request), request.params.id, request.body.minutesNote ?? null),
    )
  }
}
