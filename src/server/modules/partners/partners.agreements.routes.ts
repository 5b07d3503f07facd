import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  agreementInputSchema,
  agreementListSchema,
  agreementQuerySchema,
  agreementSchema,
} from '../../../shared/accommodation-structures.ts'
import { idParamsSchema, okSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { PartnerAgreementsService } from './partners.agreements.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function partnerAgreementsRoutes(agreements: PartnerAgreementsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Partenaires']
    app.get(
      '/api/partner-agreements',
      {
        schema: {
          tags,
          summary: 'Conventions avec les partenaires (par partenaire, par structure, à renouveler)',
          querystring: agreementQuerySchema,
          response: { 200: agreementListSchema, ...errors },
        },
      },
      (request) => agreements.list(actorOf(request), request.query),
    )
    app.post(
      '/api/partner-agreements',
      {
        schema: {
          tags,
          summary: 'Enregistrer une convention',
          body: agreementInputSchema,
          response: { 201: agreementSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await agreements.create(actorOf(request), request.body)),
    )
    app.put(
      '/api/partner-agreements/:id',
      {
        schema: {
          tags,
          summary: 'Modifier une convention (dates, renouvellement)',
          params: idParamsSchema,
          body: agreementInputSchema,
          response: { 200: agreementSchema, ...errors },
        },
      },
      (request) => agreements.update(actorOf(request), request.params.id, request.body),
    )
    app.delete(
      '/api/partner-agreements/:id',
      {
        schema: {
          tags,
          summary: 'Supprimer une convention saisie par erreur',
          params: idParamsSchema,
          response: { 200: okSchema, ...errors },
        },
      },
      (request) => agreements.remove(actorOf(request), request.params.id),
    )
  }
}
