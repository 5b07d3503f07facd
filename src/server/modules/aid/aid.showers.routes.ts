import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  showerDayInputSchema,
  showerDaySchema,
  showerMonthQuerySchema,
  showerMonthSchema,
} from '../../../shared/aid.showers.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AidShowersService } from './aid.showers.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function aidShowersRoutes(service: AidShowersService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Aides — douches municipales']
    app.get(
      '/api/aid-shower-days',
      {
        schema: {
          tags,
          summary: 'La fréquentation des douches d’un mois, jour par jour et site par site, avec ses totaux',
          querystring: showerMonthQuerySchema,
          response: { 200: showerMonthSchema, ...errors },
        },
      },
      (request) => service.month(actorOf(request), request.query),
    )
    app.put(
      '/api/aid-shower-days',
      {
        schema: {
          tags,
          summary: 'Saisir (ou corriger) les entrées d’une journée : payantes, avec un bon, gratuites',
          body: showerDayInputSchema,
          response: { 200: showerDaySchema, ...errors },
        },
      },
      (request) => service.record(actorOf(request), request.body),
    )
  }
}
