import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  hostedOrganisationCreateSchema,
  hostedOrganisationListSchema,
  hostedOrganisationSchema,
  operatorLoginResponseSchema,
  operatorLoginSchema,
  operatorMeSchema,
  operatorTotpSchema,
  organisationImportResultSchema,
} from '../../../shared/operator.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { AppError } from '../../platform/errors.ts'
import { PORTAL_LOGIN_LIMIT, portalCookie } from '../../platform/portal-session.ts'
import type { OperatorActor, OperatorService } from './operator.service.ts'

export const OPERATOR_COOKIE = 'trame_operator'
const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem }
const empty = z.null().describe('Pas de contenu')
/** An organisation's export, sent back whole: its documents make it large. */
const IMPORT_MAX_BYTES = 2 * 1024 * 1024 * 1024 - 1

/** Plain ASCII for the file name of a download: the organisation's name, without accents or signs. */
const fileName = (name: string) =>
  `${
    name
      .normalize('NFD')
      .replace(/[^\w -]/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .toLowerCase() || 'organisation'
  }-export-trame.zip`

/**
 * The operator's routes, under /api/operator: their own cookie and CSRF token; an organisation's
 * session is not even looked up here (platform/request-auth.ts), and theirs opens no other route.
 */
export function operatorRoutes(
  service: OperatorService,
  options: { secureCookies: boolean },
): FastifyPluginAsyncZod {
  const cookie = portalCookie(OPERATOR_COOKIE, options)
  const caller = (request: FastifyRequest) => cookie.caller(request, (token) => service.resolve(token))
  /** A fully signed-in operator (password and code). */
  const actor = async (request: FastifyRequest): Promise<OperatorActor> => {
    const session = await caller(request)
    if (session.state !== 'active') throw new AppError('TOTP_REQUIRED', 401)
    return { operatorId: session.operator_id, ip: session.ip }
  }

  return async (app) => {
    const tags = ['Exploitation']
    app.addContentTypeParser(
      'application/zip',
      { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
      (_request, body, done) => done(null, body),
    )

    app.post(
      '/api/operator/login',
      {
        config: PORTAL_LOGIN_LIMIT,
        schema: {
          tags,
          summary: 'Connexion de l’exploitant (mot de passe, puis code)',
          body: operatorLoginSchema,
          response: { 200: operatorLoginResponseSchema, 401: problem, 429: problem },
        },
      },
      async (request, reply) => {
        const token = await service.login(request.body.email, request.body.password, request.ip)
        cookie.set(reply, token)
        return { state: 'totp_pending' as const }
      },
    )
    app.post(
      '/api/operator/login/totp',
      {
        config: PORTAL_LOGIN_LIMIT,
        schema: {
          tags,
          body: operatorTotpSchema,
          response: { 200: operatorLoginResponseSchema, 401: problem },
        },
      },
      async (request) => {
        const session = await caller(request)
        await service.loginTotp(session, request.body.code, request.ip)
        return { state: 'active' as const }
      },
    )
    app.post(
      '/api/operator/logout',
      { schema: { tags, response: { 204: empty } } },
      async (request, reply) => {
        const session = await service.resolve(request.cookies[OPERATOR_COOKIE])
        if (session) await service.logout(session)
        cookie.clear(reply)
        return reply.status(204).send(null)
      },
    )
    app.get(
      '/api/operator/me',
      { schema: { tags, response: { 200: operatorMeSchema, 401: problem } } },
      async (request) => service.me(await caller(request)),
    )

    app.get(
      '/api/operator/organisations',
      { schema: { tags, response: { 200: hostedOrganisationListSchema, ...errors } } },
      async (request) => {
        await actor(request)
        return service.organisations()
      },
    )
    app.post(
      '/api/operator/organisations',
      {
        schema: {
          tags,
          body: hostedOrganisationCreateSchema,
          response: { 201: hostedOrganisationSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createOrganisation(await actor(request), request.body)),
    )
    app.post(
      '/api/operator/organisations/:id/suspend',
      { schema: { tags, params: idParamsSchema, response: { 200: hostedOrganisationSchema, ...errors } } },
      async (request) => service.setSuspended(await actor(request), request.params.id, true),
    )
    app.post(
      '/api/operator/organisations/:id/reactivate',
      { schema: { tags, params: idParamsSchema, response: { 200: hostedOrganisationSchema, ...errors } } },
      async (request) => service.setSuspended(await actor(request), request.params.id, false),
    )
    app.get(
      '/api/operator/organisations/:id/export',
      {
        schema: {
          tags,
          summary:
            'Toutes les données d’une organisation, documents compris (ZIP, voir docs/organisation-export.md)',
          params: idParamsSchema,
          produces: ['application/zip'],
          response: { 200: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const { name, zip } = await service.export(await actor(request), request.params.id)
        return reply
          .header('content-type', 'application/zip')
          .header('content-disposition', `attachment; filename="${fileName(name)}"`)
          .header('cache-control', 'no-store')
          .send(Buffer.from(zip))
      },
    )
    app.post(
      '/api/operator/organisations/import',
      {
        schema: {
          tags,
          summary: 'Importe l’export d’une organisation (corps : le fichier ZIP, application/zip)',
          response: { 201: organisationImportResultSchema, ...errors },
        },
      },
      async (request, reply) => {
        const operator = await actor(request)
        if (!Buffer.isBuffer(request.body)) {
          throw new AppError(
            'EXPORT_INVALID',
            400,
            'Envoyez le fichier ZIP de l’export (type application/zip).',
          )
        }
        return reply.status(201).send(await service.import(operator, new Uint8Array(request.body)))
      },
    )
  }
}
