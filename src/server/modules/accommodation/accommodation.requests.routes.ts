import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  admissionRequestInputSchema,
  admissionRequestListQuerySchema,
  admissionRequestListSchema,
  admissionRequestSchema,
  admissionRequestUpdateSchema,
  admissionWithdrawalSchema,
} from '../../../shared/accommodation-admissions.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AdmissionRequestsService } from './accommodation.requests.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

export function admissionRequestsRoutes(service: AdmissionRequestsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Hébergement — admissions']
    app.get(
      '/api/accommodation-requests',
      {
        schema: {
          tags,
          summary: 'Les demandes d’admission (la liste d’attente : par priorité puis date de réception)',
          querystring: admissionRequestListQuerySchema,
          response: { 200: admissionRequestListSchema, ...errors },
        },
      },
      (request) => service.list(actorOf(request), request.query),
    )
    app.post(
      '/api/accommodation-requests',
      {
        schema: {
          tags,
          summary: 'Enregistrer une demande d’admission (orientation, partie sociale, priorité)',
          body: admissionRequestInputSchema,
          response: { 201: admissionRequestSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/accommodation-requests/:id',
      {
        schema: {
          tags,
          summary: 'Une demande d’admission (sans la partie médicale)',
          params: idParamsSchema,
          response: { 200: admissionRequestSchema, ...errors },
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.put(
      '/api/accommodation-requests/:id',
      {
        schema: {
          tags,
          summary: 'Modifier une demande en attente (partie sociale, priorité, accompagnants)',
          params: idParamsSchema,
          body: admissionRequestUpdateSchema,
          response: { 200: admissionRequestSchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/accommodation-requests/:id/withdraw',
      {
        schema: {
          tags,
          summary: 'Retirer une demande (la personne n’en a plus besoin) : la place réservée est libérée',
          params: idParamsSchema,
          body: admissionWithdrawalSchema,
          response: { 200: admissionRequestSchema, ...errors },
        },
      },
      (request) => service.withdraw(actorOf(request), request.params.id, request.body),
    )
  }
}
