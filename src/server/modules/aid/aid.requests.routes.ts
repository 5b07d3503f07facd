import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  aidBudgetInputSchema,
  aidRequestCreateSchema,
  aidRequestDocumentsSchema,
  aidRequestListQuerySchema,
  aidRequestListSchema,
  aidRequestReasonSchema,
  aidRequestSchema,
  aidRequestUpdateSchema,
  aidUrgentDecisionSchema,
} from '../../../shared/aid-requests.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AidRequestsService } from './aid.requests.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

export function aidRequestsRoutes(service: AidRequestsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Aides — demandes']
    const one = { params: idParamsSchema, response: { 200: aidRequestSchema, ...errors } }
    app.get(
      '/api/aid-requests',
      {
        schema: {
          tags,
          summary: 'Les demandes d’aide (d’une personne, par statut, aide, équipe, période), page par page',
          querystring: aidRequestListQuerySchema,
          response: { 200: aidRequestListSchema, ...errors },
        },
      },
      (request) => service.list(actorOf(request), request.query),
    )
    app.post(
      '/api/aid-requests',
      {
        schema: {
          tags,
          summary: 'Ouvrir une demande d’aide (brouillon) pour une personne, depuis un accompagnement ou non',
          body: aidRequestCreateSchema,
          response: { 201: aidRequestSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/aid-requests/:id',
      { schema: { tags, summary: 'Une demande, son budget, ses pièces, ses avertissements', ...one } },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.put(
      '/api/aid-requests/:id',
      {
        schema: {
          tags,
          summary: 'Modifier la demande (aide, montant, objet, résidence, évaluation sociale)',
          body: aidRequestUpdateSchema,
          ...one,
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.put(
      '/api/aid-requests/:id/budget',
      {
        schema: {
          tags,
          summary: 'Budget du foyer : ressources et charges ; reste à vivre et quotient calculés',
          body: aidBudgetInputSchema,
          ...one,
        },
      },
      (request) => service.saveBudget(actorOf(request), request.params.id, request.body),
    )
    app.put(
      '/api/aid-requests/:id/documents',
      {
        schema: {
          tags,
          summary: 'Pièces justificatives, choisies parmi les documents de la personne',
          body: aidRequestDocumentsSchema,
          ...one,
        },
      },
      (request) => service.saveDocuments(actorOf(request), request.params.id, request.body.documentIds),
    )
    app.post(
      '/api/aid-requests/:id/submit',
      { schema: { tags, summary: 'Déposer la demande', ...one } },
      (request) => service.submit(actorOf(request), request.params.id),
    )
    app.post(
      '/api/aid-requests/:id/urgent-decision',
      {
        schema: {
          tags,
          summary: 'Décision d’urgence, par un rôle que le règlement autorise, dans son plafond',
          body: aidUrgentDecisionSchema,
          ...one,
        },
      },
      (request) => service.decideUrgently(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/aid-requests/:id/withdraw',
      { schema: { tags, summary: 'La personne retire sa demande', body: aidRequestReasonSchema, ...one } },
      (request) => service.close(actorOf(request), request.params.id, 'withdrawn', request.body.reason),
    )
    app.post(
      '/api/aid-requests/:id/dismiss',
      { schema: { tags, summary: 'Classer la demande sans suite', body: aidRequestReasonSchema, ...one } },
      (request) => service.close(actorOf(request), request.params.id, 'dismissed', request.body.reason),
    )
  }
}
