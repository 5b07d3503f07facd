import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  mailProxyInputSchema,
  mailProxyListQuerySchema,
  mailProxyListSchema,
  mailProxySchema,
} from '../../../shared/domiciliation.mail.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { ProxiesService } from './domiciliation.proxies.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function proxiesRoutes(service: ProxiesService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Domiciliation — courrier']
    app.get(
      '/api/mail-proxies',
      {
        schema: {
          tags,
          summary: 'Les mandataires d’une personne domiciliée (procurations pour retirer son courrier)',
          querystring: mailProxyListQuerySchema,
          response: { 200: mailProxyListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.list(actorOf(request), request.query.personId) }),
    )
    app.post(
      '/api/mail-proxies',
      {
        schema: {
          tags,
          summary: 'Enregistrer une procuration, avec ses dates de validité',
          body: mailProxyInputSchema,
          response: { 201: mailProxySchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.post(
      '/api/mail-proxies/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Révoquer une procuration',
          params: idParamsSchema,
          response: { 200: mailProxySchema, ...errors },
        },
      },
      (request) => service.revoke(actorOf(request), request.params.id),
    )
  }
}
