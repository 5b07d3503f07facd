import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  colleagueListSchema,
  colleagueQuerySchema,
  invitationCreateSchema,
  invitationSentSchema,
  organisationSchema,
  organisationUpdateSchema,
  roleGrantListSchema,
  siteCreateSchema,
  siteListSchema,
  siteSchema,
  siteUpdateSchema,
  teamCreateSchema,
  teamListSchema,
  teamSchema,
  teamUpdateSchema,
  userListSchema,
  userSchema,
  userUpdateSchema,
} from '../../../shared/organisation.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { OrganisationService } from './organisation.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }
const empty = z.null().describe('Pas de contenu')

export function organisationRoutes(service: OrganisationService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Organisation']
    app.get('/api/organisation', { schema: { tags, response: { 200: organisationSchema } } }, (request) =>
      service.organisation(actorOf(request)),
    )
    app.patch(
      '/api/organisation',
      { schema: { tags, body: organisationUpdateSchema, response: { 200: organisationSchema, ...errors } } },
      (request) => service.rename(actorOf(request), request.body.name),
    )

    app.get('/api/sites', { schema: { tags, response: { 200: siteListSchema } } }, async (request) => ({
      items: await service.sites(actorOf(request)),
    }))
    app.post(
      '/api/sites',
      { schema: { tags, body: siteCreateSchema, response: { 201: siteSchema, ...errors } } },
      async (request, reply) =>
        reply.status(201).send(await service.createSite(actorOf(request), request.body)),
    )
    app.patch(
      '/api/sites/:id',
      {
        schema: {
          tags,
          params: idParamsSchema,
          body: siteUpdateSchema,
          response: { 200: siteSchema, ...errors },
        },
      },
      (request) => service.updateSite(actorOf(request), request.params.id, request.body),
    )

    app.get('/api/teams', { schema: { tags, response: { 200: teamListSchema } } }, async (request) => ({
      items: await service.teams(actorOf(request)),
    }))
    app.post(
      '/api/teams',
      { schema: { tags, body: teamCreateSchema, response: { 201: teamSchema, ...errors } } },
      async (request, reply) =>
        reply.status(201).send(await service.createTeam(actorOf(request), request.body)),
    )
    app.patch(
      '/api/teams/:id',
      {
        schema: {
          tags,
          params: idParamsSchema,
          body: teamUpdateSchema,
          response: { 200: teamSchema, ...errors },
        },
      },
      (request) => service.updateTeam(actorOf(request), request.params.id, request.body),
    )

    const userTags = ['Utilisateurs']
    app.get(
      '/api/colleagues',
      {
        schema: {
          tags: userTags,
          summary: 'Collègues actifs (référents, attribution d’un suivi)',
          querystring: colleagueQuerySchema,
          response: { 200: colleagueListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.colleagues(actorOf(request), request.query.may) }),
    )
    app.get(
      '/api/users',
      { schema: { tags: userTags, response: { 200: userListSchema, ...errors } } },
      async (request) => ({
        items: await service.users(actorOf(request)),
      }),
    )
    app.post(
      '/api/users/invitations',
      {
        schema: {
          tags: userTags,
          summary: 'Inviter un utilisateur (un e-mail lui est envoyé)',
          body: invitationCreateSchema,
          response: { 201: invitationSentSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.invite(actorOf(request), request.body)),
    )
    app.post(
      '/api/users/:id/invitation',
      {
        schema: {
          tags: userTags,
          summary: "Renvoyer l'invitation (un nouveau lien, l'ancien ne marche plus)",
          params: idParamsSchema,
          response: { 200: invitationSentSchema, ...errors },
        },
      },
      (request) => service.resendInvitation(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/users/:id',
      {
        schema: {
          tags: userTags,
          summary: 'Modifier les rôles et équipes',
          params: idParamsSchema,
          body: userUpdateSchema,
          response: { 200: userSchema, ...errors },
        },
      },
      (request) => service.updateUser(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/users/:id/deactivate',
      { schema: { tags: userTags, params: idParamsSchema, response: { 200: userSchema, ...errors } } },
      (request) => service.setActive(actorOf(request), request.params.id, false),
    )
    app.post(
      '/api/users/:id/reactivate',
      { schema: { tags: userTags, params: idParamsSchema, response: { 200: userSchema, ...errors } } },
      (request) => service.setActive(actorOf(request), request.params.id, true),
    )

    app.get(
      '/api/role-grants',
      {
        schema: {
          tags: userTags,
          summary: 'Rôles étendus (direction, administration) en attente de confirmation',
          response: { 200: roleGrantListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.roleGrants(actorOf(request)) }),
    )
    app.post(
      '/api/role-grants/:id/confirm',
      {
        schema: {
          tags: userTags,
          summary: "Confirmer un rôle étendu demandé par quelqu'un d'autre",
          params: idParamsSchema,
          response: { 204: empty, ...errors },
        },
      },
      async (request, reply) => {
        await service.confirmRoleGrant(actorOf(request), request.params.id)
        return reply.status(204).send(null)
      },
    )
    app.post(
      '/api/role-grants/:id/cancel',
      {
        schema: {
          tags: userTags,
          summary: 'Annuler une demande de rôle étendu',
          params: idParamsSchema,
          response: { 204: empty, ...errors },
        },
      },
      async (request, reply) => {
        await service.cancelRoleGrant(actorOf(request), request.params.id)
        return reply.status(204).send(null)
      },
    )
  }
}
