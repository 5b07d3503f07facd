import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  closureInputSchema,
  placeCreateSchema,
  placeUpdateSchema,
  structureDetailSchema,
  unitInputSchema,
} from '../../../shared/accommodation-structures.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { StructuresService } from './accommodation.structures.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

/** Units, places and closures; each answer is the structure they belong to, as its page shows it. */
export function accommodationPlacesRoutes(structures: StructuresService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Hébergement']
    app.put(
      '/api/accommodation-places/units/:id',
      {
        schema: {
          tags,
          summary: 'Modifier une chambre ou un logement (ou le retirer du service)',
          params: idParamsSchema,
          body: unitInputSchema,
          response: { 200: structureDetailSchema, ...errors },
        },
      },
      (request) => structures.updateUnit(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/accommodation-places',
      {
        schema: {
          tags,
          summary: 'Ajouter une place (un lit) à une chambre ou un logement',
          body: placeCreateSchema,
          response: { 201: structureDetailSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await structures.addPlace(actorOf(request), request.body)),
    )
    app.put(
      '/api/accommodation-places/:id',
      {
        schema: {
          tags,
          summary: 'Renommer une place ou la retirer',
          params: idParamsSchema,
          body: placeUpdateSchema,
          response: { 200: structureDetailSchema, ...errors },
        },
      },
      (request) => structures.updatePlace(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/accommodation-places/:id/closures',
      {
        schema: {
          tags,
          summary: 'Mettre une place hors service (raison, dates)',
          params: idParamsSchema,
          body: closureInputSchema,
          response: { 201: structureDetailSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await structures.addClosure(actorOf(request), request.params.id, request.body)),
    )
    app.put(
      '/api/accommodation-places/closures/:id',
      {
        schema: {
          tags,
          summary: 'Modifier une mise hors service (remise en service : sa date de fin)',
          params: idParamsSchema,
          body: closureInputSchema,
          response: { 200: structureDetailSchema, ...errors },
        },
      },
      (request) => structures.updateClosure(actorOf(request), request.params.id, request.body),
    )
  }
}
