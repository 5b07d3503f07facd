import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  likelyDuplicatesQuerySchema,
  personCreateSchema,
  personListQuerySchema,
  personListSchema,
  personSchema,
  personUpdateSchema,
} from '../../../shared/people.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { PeopleService } from './people.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function peopleRoutes(service: PeopleService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Personnes']
    app.get(
      '/api/people',
      {
        schema: { tags, querystring: personListQuerySchema, response: { 200: personListSchema, ...errors } },
      },
      async (request) => ({ items: await service.list(actorOf(request), request.query.q) }),
    )
    app.post(
      '/api/people',
      { schema: { tags, body: personCreateSchema, response: { 201: personSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/people/likely-duplicates',
      {
        schema: {
          tags,
          summary: 'Personnes peut-être déjà connues (pendant la création d’un dossier)',
          querystring: likelyDuplicatesQuerySchema,
          response: { 200: personListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.likelyDuplicates(actorOf(request), request.query) }),
    )
    app.get(
      '/api/people/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: personSchema, ...errors } } },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/people/:id',
      {
        schema: {
          tags,
          params: idParamsSchema,
          body: personUpdateSchema,
          response: { 200: personSchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
  }
}
