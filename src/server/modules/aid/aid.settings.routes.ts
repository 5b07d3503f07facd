import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { aidSettingsInputSchema, aidSettingsSchema } from '../../../shared/aid-commission.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AidSettingsService } from './aid.settings.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function aidSettingsRoutes(settings: AidSettingsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Aides facultatives']
    app.get(
      '/api/aid-settings',
      {
        schema: {
          tags,
          summary:
            'Réglages des aides : quorum, noms montrés à la commission, alerte budgétaire, voies de recours',
          response: { 200: aidSettingsSchema, ...errors },
        },
      },
      (request) => settings.get(actorOf(request)),
    )
    app.put(
      '/api/aid-settings',
      {
        schema: {
          tags,
          summary: 'Modifier les réglages des aides',
          body: aidSettingsInputSchema,
          response: { 200: aidSettingsSchema, ...errors },
        },
      },
      (request) => settings.save(actorOf(request), request.body),
    )
  }
}
