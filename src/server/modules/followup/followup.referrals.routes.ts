import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  partnerAnswerInputSchema,
  partnerReferralInputSchema,
  partnerReferralListQuerySchema,
  partnerReferralPageSchema,
  partnerReferralReplyInputSchema,
  partnerReferralSchema,
  unansweredSchema,
} from '../../../shared/referrals.ts'
import { idParamsSchema, pageQuerySchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { FollowupReferralsService } from './followup.referrals.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

export function followupReferralsRoutes(service: FollowupReferralsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Orientations vers les partenaires']
    app.post(
      '/api/partner-referrals',
      {
        schema: {
          tags,
          summary: 'Orienter une personne vers le service d’un partenaire (accompagnement ou accueil)',
          body: partnerReferralInputSchema,
          response: { 201: partnerReferralSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/partner-referrals',
      {
        schema: {
          tags,
          summary: 'Orientations d’une personne',
          querystring: partnerReferralListQuerySchema,
          response: { 200: partnerReferralPageSchema, ...errors },
        },
      },
      (request) => service.ofPerson(actorOf(request), request.query),
    )
    app.get(
      '/api/partner-referrals/unanswered',
      {
        schema: {
          tags,
          summary: 'Orientations sans réponse du partenaire',
          querystring: pageQuerySchema,
          response: { 200: unansweredSchema, ...errors },
        },
      },
      (request) => service.unansweredList(actorOf(request), request.query),
    )
    app.post(
      '/api/partner-referrals/:id/answer',
      {
        schema: {
          tags,
          summary: 'Enregistrer la réponse du partenaire (ou son absence)',
          params: idParamsSchema,
          body: partnerAnswerInputSchema,
          response: { 200: partnerReferralSchema, ...errors },
        },
      },
      (request) => service.answer(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/partner-referrals/:id/reply',
      {
        schema: {
          tags,
          summary:
            'Répondre au partenaire qui demande plus d’informations (l’orientation attend de nouveau sa réponse)',
          params: idParamsSchema,
          body: partnerReferralReplyInputSchema,
          response: { 200: partnerReferralSchema, ...errors },
        },
      },
      (request) => service.reply(actorOf(request), request.params.id, request.body),
    )
  }
}
