import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  accommodationSettingsInputSchema,
  accommodationSettingsSchema,
} from '../../../shared/accommodation-structures.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AccommodationSettingsService } from './accommodation.settings.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function accommodationSettingsRoutes(settings: AccommodationSettingsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Hébergement']
    app.get(
      '/api/accommodation-settings',
      {
        schema: {
          tags,
          summary: 'Réglages de l’hébergement : rôles ajoutés aux rôles médicaux',
          response: { 200: accommodationSettingsSchema, ...errors },
        },
      },
      (request) => settings.get(actorOf(request)),
    )
    app.put(
      '/api/accommodation-settings',
      {
        schema: {
          tags,
          summary: 'Modifier les rôles qui lisent les volets médicaux (en plus des infirmiers et médecins)',
          body: accommodationSettingsInputSchema,
          response: { 200: accommodationSettingsSchema, ...errors },
        },
      },
      (request) => settings.save(actorOf(request), request.body),
    )
  }
}
