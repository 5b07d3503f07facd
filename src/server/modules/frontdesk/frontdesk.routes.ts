import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  contactCountsQuerySchema,
  contactCountsSchema,
  contactInputSchema,
  contactListQuerySchema,
  contactListSchema,
  contactReasonListSchema,
  contactReasonsInputSchema,
  contactSchema,
  contactUpdateSchema,
} from '../../../shared/frontdesk.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { FrontdeskService } from './frontdesk.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function frontdeskRoutes(service: FrontdeskService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Accueil']
    app.get(
      '/api/contact-reasons',
      { schema: { tags, response: { 200: contactReasonListSchema, ...errors } } },
      async (request) => ({ items: await service.reasons(actorOf(request)) }),
    )
    app.put(
      '/api/contact-reasons',
      {
        schema: {
          tags,
          summary: 'Remplacer la liste des motifs de contact (les motifs retirés sont désactivés)',
          body: contactReasonsInputSchema,
          response: { 200: contactReasonListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.saveReasons(actorOf(request), request.body) }),
    )
    app.post(
      '/api/contacts',
      {
        schema: {
          tags,
          summary: 'Enregistrer un contact (passage, appel, courrier…), nominatif ou anonyme',
          body: contactInputSchema,
          response: { 201: contactSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/contacts',
      {
        schema: {
          tags,
          summary: 'Derniers contacts, ceux d’une personne, ou la file de suivi d’une équipe (queue=true)',
          querystring: contactListQuerySchema,
          response: { 200: contactListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.list(actorOf(request), request.query) }),
    )
    app.get(
      '/api/contacts/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: contactSchema, ...errors } } },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/contacts/:id',
      {
        schema: {
          tags,
          params: idParamsSchema,
          body: contactUpdateSchema,
          response: { 200: contactSchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/contact-counts',
      {
        schema: {
          tags: ['Indicateurs'],
          summary: 'Nombre de contacts par période, site, équipe, canal et motif (anonymes compris)',
          querystring: contactCountsQuerySchema,
          response: { 200: contactCountsSchema, ...errors },
        },
      },
      (request) => service.counts(actorOf(request), request.query),
    )
  }
}
