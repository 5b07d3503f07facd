import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  partnerContactInviteSchema,
  partnerContactListSchema,
  partnerContactParamsSchema,
  partnerContactSchema,
  partnerPasswordResetRequestSchema,
} from '../../../shared/partner-portal.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { PORTAL_LOGIN_LIMIT } from '../../platform/portal-session.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { PartnerContactsService } from './partners.contacts.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

/** Staff manage the accounts of a partner's contacts on the partner page. */
export function partnerContactsRoutes(service: PartnerContactsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Partenaires']
    app.get(
      '/api/partners/:id/contacts',
      {
        schema: {
          tags,
          summary: 'Contacts du partenaire ayant accès à la page partenaire',
          params: idParamsSchema,
          response: { 200: partnerContactListSchema, ...errors },
        },
      },
      (request) => service.list(actorOf(request), request.params.id),
    )
    app.post(
      '/api/partners/:id/contacts',
      {
        schema: {
          tags,
          summary: 'Inviter un contact du partenaire (e-mail avec un lien pour choisir son mot de passe)',
          params: idParamsSchema,
          body: partnerContactInviteSchema,
          response: { 201: partnerContactSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.invite(actorOf(request), request.params.id, request.body)),
    )
    app.post(
      '/api/partners/:id/contacts/:contactId/disable',
      {
        schema: {
          tags,
          summary: 'Désactiver le compte d’un contact du partenaire',
          params: partnerContactParamsSchema,
          response: { 200: partnerContactSchema, ...errors },
        },
      },
      (request) => service.disable(actorOf(request), request.params.id, request.params.contactId),
    )
    app.post(
      '/api/partners/:id/contacts/:contactId/invitation',
      {
        schema: {
          tags,
          summary: 'Renvoyer l’invitation d’un contact qui n’a pas encore choisi son mot de passe',
          params: partnerContactParamsSchema,
          response: { 200: partnerContactSchema, ...errors },
        },
      },
      (request) => service.resendInvitation(actorOf(request), request.params.id, request.params.contactId),
    )
    // Public: « Mot de passe oublié » on the partner page. The same answer whoever asks.
    app.post(
      '/api/public/partners/password-reset',
      {
        config: PORTAL_LOGIN_LIMIT,
        schema: {
          tags: ['Page partenaire'],
          summary: 'Demander un lien pour choisir un nouveau mot de passe (contact de partenaire)',
          body: partnerPasswordResetRequestSchema,
          response: { 202: z.null(), 400: problem, 429: problem },
        },
      },
      async (request, reply) => {
        await service.requestPasswordReset(request.body.organisationId, request.body.email)
        return reply.status(202).send(null)
      },
    )
  }
}
