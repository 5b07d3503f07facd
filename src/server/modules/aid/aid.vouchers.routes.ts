import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  voucherBatchInputSchema,
  voucherBatchPageSchema,
  voucherBatchQuerySchema,
  voucherBatchSchema,
  voucherCancelInputSchema,
  voucherIssueInputSchema,
  voucherKindInputSchema,
  voucherKindPageSchema,
  voucherKindSchema,
  voucherKindUpdateSchema,
  voucherListSchema,
  voucherPageSchema,
  voucherPersonQuerySchema,
  voucherReturnInputSchema,
} from '../../../shared/aid.vouchers.ts'
import { idParamsSchema, pageQuerySchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AidVouchersService } from './aid.vouchers.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }
const kindSchema = voucherKindSchema.omit({ stock: true, inStockRanges: true })

export function aidVouchersRoutes(service: AidVouchersService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Aides — bons et tickets']
    app.get(
      '/api/aid-vouchers/kinds',
      {
        schema: {
          tags,
          summary:
            'Les types de bons, avec leur stock (en stock, remis, rendus, annulés) et les numéros en stock',
          querystring: pageQuerySchema,
          response: { 200: voucherKindPageSchema, ...errors },
        },
      },
      (request) => service.kinds(actorOf(request), request.query),
    )
    app.post(
      '/api/aid-vouchers/kinds',
      {
        schema: {
          tags,
          summary: 'Créer un type de bon (valeur faciale, fonds)',
          body: voucherKindInputSchema,
          response: { 201: kindSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createKind(actorOf(request), request.body)),
    )
    app.patch(
      '/api/aid-vouchers/kinds/:id',
      {
        schema: {
          tags,
          summary: 'Modifier un type de bon, le désactiver',
          params: idParamsSchema,
          body: voucherKindUpdateSchema,
          response: { 200: kindSchema, ...errors },
        },
      },
      (request) => service.updateKind(actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/aid-vouchers/batches',
      {
        schema: {
          tags,
          summary: 'Les lots reçus d’un type de bon',
          querystring: voucherBatchQuerySchema,
          response: { 200: voucherBatchPageSchema, ...errors },
        },
      },
      (request) => service.batches(actorOf(request), request.query),
    )
    app.post(
      '/api/aid-vouchers/batches',
      {
        schema: {
          tags,
          summary: 'Recevoir un lot de bons numérotés (une plage de numéros)',
          body: voucherBatchInputSchema,
          response: { 201: voucherBatchSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.receiveBatch(actorOf(request), request.body)),
    )
    app.post(
      '/api/aid-vouchers/issue',
      {
        schema: {
          tags,
          summary:
            'Remettre des bons à une personne, par leurs numéros (pour une aide accordée : un paiement)',
          body: voucherIssueInputSchema,
          response: { 200: voucherListSchema, ...errors },
        },
      },
      (request) => service.issue(actorOf(request), request.body),
    )
    app.post(
      '/api/aid-vouchers/return',
      {
        schema: {
          tags,
          summary: 'Reprendre des bons remis et rendus inutilisés',
          body: voucherReturnInputSchema,
          response: { 200: voucherListSchema, ...errors },
        },
      },
      (request) => service.returnVouchers(actorOf(request), request.body),
    )
    app.post(
      '/api/aid-vouchers/cancel',
      {
        schema: {
          tags,
          summary: 'Annuler des bons (perdus, abîmés, invalides), en stock ou remis',
          body: voucherCancelInputSchema,
          response: { 200: voucherListSchema, ...errors },
        },
      },
      (request) => service.cancel(actorOf(request), request.body),
    )
    app.get(
      '/api/aid-vouchers',
      {
        schema: {
          tags,
          summary: 'Les bons reçus par une personne',
          querystring: voucherPersonQuerySchema,
          response: { 200: voucherPageSchema, ...errors },
        },
      },
      (request) => service.ofPerson(actorOf(request), request.query),
    )
  }
}
