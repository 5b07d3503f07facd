import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  partnerInvitationInfoInputSchema,
  partnerInvitationInfoSchema,
  partnerLoginSchema,
  partnerMeSchema,
  partnerPasswordSetSchema,
  partnerPortalAnswerInputSchema,
  partnerPortalQuerySchema,
  partnerPortalReferralPageSchema,
  partnerPortalReferralQuerySchema,
  partnerPortalReferralSchema,
  partnerPortalSchema,
} from '../../../shared/partner-portal.ts'
import { idParamsSchema, okSchema } from '../../../shared/validation.ts'
import { PORTAL_LIMIT, PORTAL_LOGIN_LIMIT, portalCookie } from '../../platform/portal-session.ts'
import type { PartnerContactSession, PartnersPortalService } from './partners.portal.service.ts'

/** The partners' contacts' own session cookie: a staff session never opens the partner page, nor it staff routes. */
export const PARTNER_COOKIE = 'trame_partner'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 429: problem }

export function partnersPortalRoutes(
  service: PartnersPortalService,
  options: { secureCookies: boolean },
): FastifyPluginAsyncZod {
  const cookie = portalCookie(PARTNER_COOKIE, options)
  /** The signed-in contact; writes must carry their CSRF token. */
  const contactOf = (request: FastifyRequest): Promise<PartnerContactSession> =>
    cookie.caller(request, (token) => service.resolve(token))

  return async (app) => {
    const tags = ['Page partenaire']
    app.get(
      '/api/public/partners/portal',
      {
        config: PORTAL_LIMIT,
        schema: {
          tags,
          summary: 'Organisation de la page partenaire',
          querystring: partnerPortalQuerySchema,
          response: { 200: partnerPortalSchema, ...errors },
        },
      },
      (request) => service.portal(request.query.organisation),
    )
    app.post(
      '/api/public/partners/invitation',
      {
        config: PORTAL_LOGIN_LIMIT,
        schema: {
          tags,
          summary: 'À qui s’adresse un lien d’invitation (le jeton dans le corps)',
          body: partnerInvitationInfoInputSchema,
          response: { 200: partnerInvitationInfoSchema, ...errors },
        },
      },
      (request) => service.invitationInfo(request.body.token),
    )
    app.post(
      '/api/public/partners/password',
      {
        config: PORTAL_LOGIN_LIMIT,
        schema: {
          tags,
          summary: 'Choisir son mot de passe avec le lien d’invitation',
          body: partnerPasswordSetSchema,
          response: { 200: z.object({ organisationId: z.string(), email: z.string() }), ...errors },
        },
      },
      (request) => service.setPassword(request.body, request.ip),
    )
    app.post(
      '/api/public/partners/login',
      {
        config: PORTAL_LOGIN_LIMIT,
        schema: {
          tags,
          summary: 'Connexion d’un contact de partenaire',
          body: partnerLoginSchema,
          response: { 200: partnerMeSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { token, me } = await service.login(request.body, request.ip)
        cookie.set(reply, token)
        return me
      },
    )
    app.post(
      '/api/public/partners/logout',
      { config: PORTAL_LIMIT, schema: { tags, response: { 200: okSchema, ...errors } } },
      async (request, reply) => {
        await service.logout(await contactOf(request))
        cookie.clear(reply)
        return { ok: true as const }
      },
    )
    app.get(
      '/api/public/partners/me',
      { config: PORTAL_LIMIT, schema: { tags, response: { 200: partnerMeSchema, ...errors } } },
      async (request) => service.me(await contactOf(request)),
    )
    app.get(
      '/api/public/partners/referrals',
      {
        config: PORTAL_LIMIT,
        schema: {
          tags,
          summary:
            'Orientations adressées aux services du partenaire (ce que la personne a accepté de partager)',
          querystring: partnerPortalReferralQuerySchema,
          response: { 200: partnerPortalReferralPageSchema, ...errors },
        },
      },
      async (request) => service.referrals(await contactOf(request), request.query),
    )
    app.post(
      '/api/public/partners/referrals/:id/answer',
      {
        config: PORTAL_LIMIT,
        schema: {
          tags,
          summary: 'Réponse du partenaire à une orientation',
          params: idParamsSchema,
          body: partnerPortalAnswerInputSchema,
          response: { 200: partnerPortalReferralSchema, ...errors },
        },
      },
      async (request) => service.answer(await contactOf(request), request.params.id, request.body),
    )
  }
}
