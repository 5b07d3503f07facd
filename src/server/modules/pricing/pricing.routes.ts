import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  householdPricingSchema,
  pricingSettingsInputSchema,
  pricingSettingsSchema,
} from '../../../shared/pricing.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { PricingService } from './pricing.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function pricingRoutes(service: PricingService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Tarification sociale']
    app.get(
      '/api/pricing/settings',
      {
        schema: {
          tags,
          summary: 'Règle de calcul des parts et tranches tarifaires de l’organisation',
          response: { 200: pricingSettingsSchema, ...errors },
        },
      },
      (request) => service.settings(actorOf(request)),
    )
    app.put(
      '/api/pricing/settings',
      {
        schema: {
          tags,
          summary: 'Remplace la règle des parts et toutes les tranches tarifaires',
          body: pricingSettingsInputSchema,
          response: { 200: pricingSettingsSchema, ...errors },
        },
      },
      (request) => service.updateSettings(actorOf(request), request.body),
    )
    app.get(
      '/api/households/:id/pricing',
      {
        schema: {
          tags,
          summary: 'Quotient familial du foyer et tranche tarifaire',
          params: idParamsSchema,
          response: { 200: householdPricingSchema, ...errors },
        },
      },
      (request) => service.householdPricing(actorOf(request), request.params.id),
    )
  }
}
