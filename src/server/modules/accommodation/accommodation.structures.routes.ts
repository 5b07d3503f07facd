import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  structureDetailSchema,
  structureInputSchema,
  structureListSchema,
  unitCreateSchema,
} from '../../../shared/accommodation-structures.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { StructuresService } from './accommodation.structures.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function accommodationStructuresRoutes(structures: StructuresService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Hébergement']
    app.get(
      '/api/accommodation-structures',
      {
        schema: {
          tags,
          summary: 'Structures d’hébergement et de logement accompagné',
          response: { 200: structureListSchema, ...errors },
        },
      },
      async (request) => ({ items: await structures.list(actorOf(request)) }),
    )
    app.post(
      '/api/accommodation-structures',
      {
        schema: {
          tags,
          summary: 'Créer une structure (ses réglages par défaut viennent de son type)',
          body: structureInputSchema,
          response: { 201: structureDetailSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await structures.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/accommodation-structures/:id',
      {
        schema: {
          tags,
          summary: 'Une structure : ses logements, places, mises hors service et conventions',
          params: idParamsSchema,
          response: { 200: structureDetailSchema, ...errors },
        },
      },
      (request) => structures.get(actorOf(request), request.params.id),
    )
    app.put(
      '/api/accommodation-structures/:id',
      {
        schema: {
          tags,
          summary: 'Modifier une structure',
          params: idParamsSchema,
          body: structureInputSchema,
          response: { 200: structureDetailSchema, ...errors },
        },
      },
      (request) => structures.update(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/accommodation-structures/:id/units',
      {
        schema: {
          tags,
          summary: 'Ajouter une chambre ou un logement, avec ses places',
          params: idParamsSchema,
          body: unitCreateSchema,
          response: { 201: structureDetailSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await structures.addUnit(actorOf(request), request.params.id, request.body)),
    )
  }
}
