import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  rsaApplicationSchema,
  rsaCountsQuerySchema,
  rsaCountsSchema,
  rsaCreateSchema,
  rsaListQuerySchema,
  rsaListSchema,
  rsaStepSchema,
} from '../../../shared/rsa.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { FollowupRsaService } from './followup.rsa.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function followupRsaRoutes(service: FollowupRsaService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Instruction RSA']
    app.post(
      '/api/rsa/applications',
      {
        schema: {
          tags,
          summary: 'Enregistrer une demande de RSA reçue (avec les pièces manquantes)',
          body: rsaCreateSchema,
          response: { 201: rsaApplicationSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/rsa/applications',
      {
        schema: {
          tags,
          summary: 'Demandes de RSA d’une personne',
          querystring: rsaListQuerySchema,
          response: { 200: rsaListSchema, ...errors },
        },
      },
      (request) => service.ofPerson(actorOf(request), request.query.personId),
    )
    app.get(
      '/api/rsa/applications/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: rsaApplicationSchema, ...errors } } },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.post(
      '/api/rsa/applications/:id/steps',
      {
        schema: {
          tags,
          summary: 'Étape suivante : pièces, envoi à la CAF, décision, orientation, contrat d’engagement',
          params: idParamsSchema,
          body: rsaStepSchema,
          response: { 200: rsaApplicationSchema, ...errors },
        },
      },
      (request) => service.step(actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/rsa/counts',
      {
        schema: {
          tags,
          summary: 'Demandes de RSA instruites par période et équipe (aucun nom)',
          querystring: rsaCountsQuerySchema,
          response: { 200: rsaCountsSchema, ...errors },
        },
      },
      (request) => service.counts(actorOf(request), request.query),
    )
  }
}
