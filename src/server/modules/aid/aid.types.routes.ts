import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { aidTypeInputSchema, aidTypeSchema, aidTypesSchema } from '../../../shared/aid-requests.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AidTypesService } from './aid.types.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function aidTypesRoutes(service: AidTypesService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Aides — règlement']
    app.get(
      '/api/aid-types',
      {
        schema: {
          tags,
          summary: 'Le règlement des aides facultatives : chaque aide, son fonds, ses plafonds et conditions',
          response: { 200: aidTypesSchema, ...errors },
        },
      },
      (request) => service.list(actorOf(request)),
    )
    app.post(
      '/api/aid-types',
      {
        schema: {
          tags,
          summary: 'Ajouter une aide au règlement',
          body: aidTypeInputSchema,
          response: { 201: aidTypeSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.put(
      '/api/aid-types/:id',
      {
        schema: {
          tags,
          summary: 'Modifier une aide du règlement (ou la désactiver)',
          params: idParamsSchema,
          body: aidTypeInputSchema,
          response: { 200: aidTypeSchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
  }
}
