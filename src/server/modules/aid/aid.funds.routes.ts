import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  aidBudgetInputSchema,
  aidBudgetParamsSchema,
  aidBudgetSchema,
  aidConsumptionQuerySchema,
  aidFundConsumptionPageSchema,
  aidFundConsumptionSchema,
  aidFundInputSchema,
  aidFundListQuerySchema,
  aidFundSchema,
  aidFundUpdateSchema,
} from '../../../shared/aid.funds.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AidFundsService } from './aid.funds.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function aidFundsRoutes(service: AidFundsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Aides — fonds et budgets']
    app.get(
      '/api/aid-funds',
      {
        schema: {
          tags,
          summary: 'Les fonds d’aide, chacun avec son budget de l’année : voté, engagé, payé, par mois',
          querystring: aidFundListQuerySchema,
          response: { 200: aidFundConsumptionPageSchema, ...errors },
        },
      },
      (request) => service.page(actorOf(request), request.query),
    )
    app.post(
      '/api/aid-funds',
      {
        schema: {
          tags,
          summary: 'Créer un fonds d’aide',
          body: aidFundInputSchema,
          response: { 201: aidFundSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.patch(
      '/api/aid-funds/:id',
      {
        schema: {
          tags,
          summary: 'Renommer un fonds, le désactiver ou le réactiver',
          params: idParamsSchema,
          body: aidFundUpdateSchema,
          response: { 200: aidFundSchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/aid-funds/:id/consumption',
      {
        schema: {
          tags,
          summary: 'Consommation d’un fonds sur une année : voté, engagé, payé, reste, par mois, alerte',
          params: idParamsSchema,
          querystring: aidConsumptionQuerySchema,
          response: { 200: aidFundConsumptionSchema, ...errors },
        },
      },
      (request) => service.fundConsumption(actorOf(request), request.params.id, request.query.year),
    )
    app.put(
      '/api/aid-funds/:id/budgets/:year',
      {
        schema: {
          tags,
          summary: 'Budget voté d’un fonds pour une année (vote ou décision modificative)',
          params: aidBudgetParamsSchema,
          body: aidBudgetInputSchema,
          response: { 200: aidBudgetSchema, ...errors },
        },
      },
      (request) =>
        service.vote(actorOf(request), request.params.id, request.params.year, request.body.votedCents),
    )
    app.post(
      '/api/aid-funds/:id/budgets/:year/close',
      {
        schema: {
          tags,
          summary: 'Clore l’exercice d’un fonds : plus de paiement sans justification',
          params: aidBudgetParamsSchema,
          response: { 200: aidBudgetSchema, ...errors },
        },
      },
      (request) => service.setClosed(actorOf(request), request.params.id, request.params.year, true),
    )
    app.post(
      '/api/aid-funds/:id/budgets/:year/reopen',
      {
        schema: {
          tags,
          summary: 'Rouvrir l’exercice clos d’un fonds',
          params: aidBudgetParamsSchema,
          response: { 200: aidBudgetSchema, ...errors },
        },
      },
      (request) => service.setClosed(actorOf(request), request.params.id, request.params.year, false),
    )
  }
}
