import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  accountSessionsSchema,
  changePasswordSchema,
  invitationAcceptSchema,
  invitationInfoSchema,
  loginBodySchema,
  loginResponseSchema,
  meSchema,
  passwordResetCompleteSchema,
  passwordResetRequestSchema,
  setupBodySchema,
  setupStatusRequestSchema,
  setupStatusSchema,
  tokenBodySchema,
  totpConfirmSchema,
  totpDisableSchema,
  totpLoginBodySchema,
  totpSetupBodySchema,
  totpSetupResponseSchema,
} from '../../../shared/auth.ts'
import { AppError } from '../../platform/errors.ts'
import { SESSION_COOKIE } from '../../platform/sessions.ts'
import type { AuthService, NewSession } from './auth.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const empty = z.null().describe('Pas de contenu')
/** Unauthenticated endpoints that send e-mails or create accounts: a slower pace per IP. */
const strictRateLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } }

function client(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null }
}

function requireSession(request: FastifyRequest) {
  if (!request.session) throw new AppError('UNAUTHENTICATED', 401)
  return request.session
}

export function authRoutes(service: AuthService, options: { secureCookies: boolean }): FastifyPluginAsyncZod {
  const setSessionCookie = (reply: FastifyReply, session: NewSession) =>
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: options.secureCookies,
      path: '/',
      expires: session.absoluteExpiresAt,
    })
  const clearSessionCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' })

  return async (app) => {
    const tags = ['Authentification']

    // The link's token travels in the body: request paths and query strings end up in logs and proxies.
    app.post(
      '/api/auth/setup/status',
      {
        schema: {
          tags,
          summary: "État de l'installation",
          body: setupStatusRequestSchema,
          response: { 200: setupStatusSchema },
        },
      },
      (request) => service.setupStatus(request.body.token),
    )

    app.post(
      '/api/auth/setup',
      {
        config: strictRateLimit,
        schema: {
          tags,
          summary: "Création de l'organisation et du premier administrateur",
          body: setupBodySchema,
          response: { 201: loginResponseSchema, 400: problem, 409: problem },
        },
      },
      async (request, reply) => {
        const session = await service.setup(request.body, client(request))
        setSessionCookie(reply, session)
        return reply.status(201).send({ state: session.state })
      },
    )

    app.post(
      '/api/auth/login',
      {
        schema: {
          tags,
          summary: 'Connexion par e-mail et mot de passe',
          body: loginBodySchema,
          response: { 200: loginResponseSchema, 401: problem, 429: problem },
        },
      },
      async (request, reply) => {
        const session = await service.login(request.body.email, request.body.password, client(request))
        setSessionCookie(reply, session)
        return { state: session.state }
      },
    )

    app.post(
      '/api/auth/login/totp',
      {
        schema: {
          tags,
          summary: 'Second facteur (code TOTP)',
          body: totpLoginBodySchema,
          response: { 200: loginResponseSchema, 401: problem },
        },
      },
      async (request) => ({
        state: await service.loginTotp(requireSession(request), request.body.code, request.ip),
      }),
    )

    app.post(
      '/api/auth/logout',
      { schema: { tags, summary: 'Déconnexion', response: { 204: empty } } },
      async (request, reply) => {
        if (request.session) await service.logout(request.session, request.ip)
        clearSessionCookie(reply)
        return reply.status(204).send(null)
      },
    )

    app.get(
      '/api/auth/me',
      { schema: { tags, summary: 'Utilisateur connecté', response: { 200: meSchema, 401: problem } } },
      (request) => service.me(requireSession(request)),
    )

    app.post(
      '/api/auth/password-reset/request',
      {
        config: strictRateLimit,
        schema: {
          tags,
          summary: 'Demande de réinitialisation du mot de passe',
          body: passwordResetRequestSchema,
          response: { 202: empty },
        },
      },
      async (request, reply) => {
        await service.requestPasswordReset(request.body.email)
        return reply.status(202).send(null)
      },
    )

    app.post(
      '/api/auth/password-reset/complete',
      {
        config: strictRateLimit,
        schema: {
          tags,
          summary: 'Nouveau mot de passe',
          body: passwordResetCompleteSchema,
          response: { 204: empty, 400: problem },
        },
      },
      async (request, reply) => {
        await service.completePasswordReset(request.body.token, request.body.password, request.ip)
        clearSessionCookie(reply)
        return reply.status(204).send(null)
      },
    )

    app.post(
      '/api/auth/invitations/info',
      {
        config: strictRateLimit,
        schema: {
          tags,
          summary: "Informations d'une invitation",
          body: tokenBodySchema,
          response: { 200: invitationInfoSchema, 404: problem },
        },
      },
      (request) => service.invitationInfo(request.body.token),
    )

    app.post(
      '/api/auth/invitations/accept',
      {
        config: strictRateLimit,
        schema: {
          tags,
          summary: "Acceptation d'une invitation",
          body: invitationAcceptSchema,
          response: { 201: loginResponseSchema, 400: problem },
        },
      },
      async (request, reply) => {
        const session = await service.acceptInvitation(request.body, client(request))
        setSessionCookie(reply, session)
        return reply.status(201).send({ state: session.state })
      },
    )

    // ----- own account (signed in) -----
    const accountTags = ['Mon compte']

    app.post(
      '/api/account/password',
      {
        schema: {
          tags: accountTags,
          summary: 'Changer de mot de passe (ferme toutes les sessions et en ouvre une nouvelle)',
          body: changePasswordSchema,
          response: { 204: empty, 400: problem },
        },
      },
      async (request, reply) => {
        const session = await service.changePassword(requireSession(request), request.body, client(request))
        setSessionCookie(reply, session)
        return reply.status(204).send(null)
      },
    )

    app.post(
      '/api/account/totp/setup',
      {
        schema: {
          tags: accountTags,
          summary: 'Préparer la double authentification (la même clé jusqu’à sa confirmation)',
          body: totpSetupBodySchema,
          response: { 200: totpSetupResponseSchema },
        },
      },
      (request) => service.startTotpEnrolment(requireSession(request), request.body?.renew),
    )

    app.post(
      '/api/account/totp/confirm',
      {
        schema: {
          tags: accountTags,
          summary: 'Activer la double authentification',
          body: totpConfirmSchema,
          response: { 204: empty, 400: problem },
        },
      },
      async (request, reply) => {
        await service.confirmTotpEnrolment(requireSession(request), request.body.code, request.ip)
        return reply.status(204).send(null)
      },
    )

    app.post(
      '/api/account/totp/disable',
      {
        schema: {
          tags: accountTags,
          summary: 'Désactiver la double authentification',
          body: totpDisableSchema,
          response: { 204: empty, 400: problem },
        },
      },
      async (request, reply) => {
        await service.disableTotp(requireSession(request), request.body, request.ip)
        return reply.status(204).send(null)
      },
    )

    app.get(
      '/api/account/sessions',
      {
        schema: {
          tags: accountTags,
          summary: 'Mes sessions ouvertes',
          response: { 200: accountSessionsSchema },
        },
      },
      async (request) => ({ items: await service.listSessions(requireSession(request)) }),
    )

    app.post(
      '/api/account/sessions/revoke-others',
      { schema: { tags: accountTags, summary: 'Fermer mes autres sessions', response: { 204: empty } } },
      async (request, reply) => {
        await service.revokeSessions(requireSession(request), true)
        return reply.status(204).send(null)
      },
    )

    app.post(
      '/api/account/sessions/revoke-all',
      { schema: { tags: accountTags, summary: 'Se déconnecter partout', response: { 204: empty } } },
      async (request, reply) => {
        await service.revokeSessions(requireSession(request), false)
        clearSessionCookie(reply)
        return reply.status(204).send(null)
      },
    )
  }
}
