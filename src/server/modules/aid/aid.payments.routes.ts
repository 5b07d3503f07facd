import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  aidPaymentCancelSchema,
  aidPaymentInputSchema,
  aidPaymentPageSchema,
  aidPaymentQuerySchema,
  aidPaymentSchema,
} from '../../../shared/aid.payments.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AidPaymentsService } from './aid.payments.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function aidPaymentsRoutes(service: AidPaymentsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Aides — paiements']
    app.get(
      '/api/aid-payments',
      {
        schema: {
          tags,
          summary: 'Les paiements d’une aide, avec ce qui est accordé, déjà payé et les modes prévus',
          querystring: aidPaymentQuerySchema,
          response: { 200: aidPaymentPageSchema, ...errors },
        },
      },
      (request) => service.page(actorOf(request), request.query),
    )
    app.post(
      '/api/aid-payments',
      {
        schema: {
          tags,
          summary: 'Payer une aide accordée (pas plus que ce qui reste à payer)',
          body: aidPaymentInputSchema,
          response: { 201: aidPaymentSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.post(
      '/api/aid-payments/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Annuler un paiement (virement rejeté, erreur), en disant pourquoi',
          params: idParamsSchema,
          body: aidPaymentCancelSchema,
          response: { 200: aidPaymentSchema, ...errors },
        },
      },
      (request) => service.cancel(actorOf(request), request.params.id, request.body.reason),
    )
  }
}
