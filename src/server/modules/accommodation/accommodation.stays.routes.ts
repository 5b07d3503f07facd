import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  personStaysSchema,
  stayDetailSchema,
  stayEntryInputSchema,
  stayEntryOptionsSchema,
  stayExitInputSchema,
  stayListQuerySchema,
  stayMoveInputSchema,
  stayOpinionInputSchema,
  stayPageSchema,
  stayPersonParamsSchema,
  stayRenewalInputSchema,
  staySupportRecordInputSchema,
} from '../../../shared/accommodation-stays.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AccommodationRenewalsService } from './accommodation.renewals.service.ts'
import type { AccommodationStaysService } from './accommodation.stays.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

export function accommodationStaysRoutes(
  stays: AccommodationStaysService,
  renewals: AccommodationRenewalsService,
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Hébergement — séjours']
    const reply200 = { 200: stayDetailSchema, ...errors }
    app.get(
      '/api/accommodation-stays',
      {
        schema: {
          tags,
          summary: 'Les séjours d’une structure, en cours ou terminés, page par page',
          querystring: stayListQuerySchema,
          response: { 200: stayPageSchema, ...errors },
        },
      },
      (request) => stays.list(actorOf(request), request.query),
    )
    app.get(
      '/api/accommodation-stays/entry-options',
      {
        schema: {
          tags,
          summary: 'Les structures ouvertes et leurs places libres aujourd’hui, pour une entrée',
          response: { 200: stayEntryOptionsSchema, ...errors },
        },
      },
      (request) => stays.entryOptions(actorOf(request)),
    )
    app.get(
      '/api/accommodation-stays/of-person/:personId',
      {
        schema: {
          tags,
          summary: 'Les séjours d’une personne : le panneau « Hébergement » de son dossier',
          params: stayPersonParamsSchema,
          response: { 200: personStaysSchema, ...errors },
        },
      },
      (request) => stays.ofPerson(actorOf(request), request.params.personId),
    )
    app.post(
      '/api/accommodation-stays',
      {
        schema: {
          tags,
          summary: 'Entrée directe dans une structure qui admet sans demande (mise à l’abri d’urgence)',
          body: stayEntryInputSchema,
          response: { 201: stayDetailSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await stays.enter(actorOf(request), request.body)),
    )
    app.get(
      '/api/accommodation-stays/:id',
      { schema: { tags, summary: 'Un séjour', params: idParamsSchema, response: reply200 } },
      (request) => stays.get(actorOf(request), request.params.id),
    )
    app.post(
      '/api/accommodation-stays/:id/renewals',
      {
        schema: {
          tags,
          summary: 'Renouveler un séjour, daté et justifié (LHSS : sur un nouvel avis médical favorable)',
          params: idParamsSchema,
          body: stayRenewalInputSchema,
          response: reply200,
        },
      },
      (request) => renewals.renew(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/accommodation-stays/:id/medical-opinions',
      {
        schema: {
          tags,
          summary: 'Donner un avis médical sur la poursuite du séjour (rôles médicaux)',
          params: idParamsSchema,
          body: stayOpinionInputSchema,
          response: reply200,
        },
      },
      (request) => renewals.giveOpinion(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/accommodation-stays/:id/moves',
      {
        schema: {
          tags,
          summary: 'Changer de place dans la structure à partir d’un jour',
          params: idParamsSchema,
          body: stayMoveInputSchema,
          response: reply200,
        },
      },
      (request) => stays.move(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/accommodation-stays/:id/exit',
      {
        schema: {
          tags,
          summary: 'Sortie : date, motif et destination',
          params: idParamsSchema,
          body: stayExitInputSchema,
          response: reply200,
        },
      },
      (request) => stays.exit(actorOf(request), request.params.id, request.body),
    )
    app.put(
      '/api/accommodation-stays/:id/support-record',
      {
        schema: {
          tags,
          summary: 'Lier le séjour à un accompagnement de la personne (son projet de sortie), ou le délier',
          params: idParamsSchema,
          body: staySupportRecordInputSchema,
          response: reply200,
        },
      },
      (request) => stays.linkRecord(actorOf(request), request.params.id, request.body.supportRecordId),
    )
  }
}
