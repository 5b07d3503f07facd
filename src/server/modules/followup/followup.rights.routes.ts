import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  householdRightsSchema,
  personRightsSchema,
  rightInputSchema,
  rightKindInputSchema,
  rightKindListSchema,
  rightParamsSchema,
  rightsEndingQuerySchema,
  rightsEndingSchema,
  rightsSettingsInputSchema,
  rightsSettingsSchema,
} from '../../../shared/rights.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { FollowupRightsService } from './followup.rights.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }
const kindSchema = rightKindListSchema.shape.items.element

export function followupRightsRoutes(service: FollowupRightsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Droits']
    app.get(
      '/api/rights/people/:id',
      {
        schema: {
          tags,
          summary: 'Droits d’une personne et de son foyer',
          params: idParamsSchema,
          response: { 200: personRightsSchema, ...errors },
        },
      },
      (request) => service.personRights(actorOf(request), request.params.id),
    )
    app.put(
      '/api/rights/people/:id/:kind',
      {
        schema: {
          tags,
          summary: 'Enregistrer le statut d’un droit de la personne',
          params: rightParamsSchema,
          body: rightInputSchema,
          response: { 200: personRightsSchema, ...errors },
        },
      },
      (request) =>
        service.savePersonRight(actorOf(request), request.params.id, request.params.kind, request.body),
    )
    app.get(
      '/api/rights/households/:id',
      {
        schema: {
          tags,
          summary: 'Droits d’un foyer',
          params: idParamsSchema,
          response: { 200: householdRightsSchema, ...errors },
        },
      },
      (request) => service.householdRights(actorOf(request), request.params.id),
    )
    app.put(
      '/api/rights/households/:id/:kind',
      {
        schema: {
          tags,
          summary: 'Enregistrer le statut d’un droit du foyer',
          params: rightParamsSchema,
          body: rightInputSchema,
          response: { 200: householdRightsSchema, ...errors },
        },
      },
      (request) =>
        service.saveHouseholdRight(actorOf(request), request.params.id, request.params.kind, request.body),
    )
    app.get(
      '/api/rights/ending',
      {
        schema: {
          tags,
          summary: 'Droits ouverts qui se terminent bientôt, des personnes dont je suis référent·e',
          querystring: rightsEndingQuerySchema,
          response: { 200: rightsEndingSchema, ...errors },
        },
      },
      (request) => service.endingList(actorOf(request), request.query),
    )
    app.get(
      '/api/rights/settings',
      { schema: { tags, response: { 200: rightsSettingsSchema, ...errors } } },
      (request) => service.settings(actorOf(request)),
    )
    app.put(
      '/api/rights/settings',
      {
        schema: {
          tags,
          summary: 'Délai d’alerte des droits qui se terminent (jours)',
          body: rightsSettingsInputSchema,
          response: { 200: rightsSettingsSchema, ...errors },
        },
      },
      (request) => service.saveSettings(actorOf(request), request.body),
    )
    app.get(
      '/api/rights/kinds',
      { schema: { tags, response: { 200: rightKindListSchema, ...errors } } },
      (request) => service.kinds(actorOf(request)),
    )
    app.post(
      '/api/rights/kinds',
      {
        schema: {
          tags,
          summary: 'Ajouter un droit propre à l’organisation',
          body: rightKindInputSchema,
          response: { 201: kindSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.addKind(actorOf(request), request.body)),
    )
    app.patch(
      '/api/rights/kinds/:id',
      {
        schema: {
          tags,
          summary: 'Renommer ou retirer un droit propre à l’organisation',
          params: idParamsSchema,
          body: rightKindInputSchema,
          response: { 200: kindSchema, ...errors },
        },
      },
      (request) => service.updateKind(actorOf(request), request.params.id, request.body),
    )
  }
}
