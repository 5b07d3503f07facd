import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  charterAcceptSchema,
  dashboardQuerySchema,
  dashboardSchema,
  escalateInputSchema,
  escalationOutcomeInputSchema,
  matchListSchema,
  memberReportCloseSchema,
  memberReportInputSchema,
  memberReportListQuerySchema,
  memberReportListSchema,
  memberReportSchema,
  needDoneSchema,
  needInputSchema,
  needListQuerySchema,
  needListSchema,
  needSchema,
  neighbourhoodInputSchema,
  neighbourhoodListSchema,
  neighbourhoodSchema,
  networkSettingsInputSchema,
  networkSettingsSchema,
  offerInputSchema,
  organisationParamsSchema,
  portalQuerySchema,
  portalSchema,
  volunteerListQuerySchema,
  volunteerListSchema,
  volunteerLoginSchema,
  volunteerMeSchema,
  volunteerNeedListQuerySchema,
  volunteerNeedListSchema,
  volunteerNeedSchema,
  volunteerSchema,
  volunteerSignupSchema,
  volunteerStatusInputSchema,
  volunteerUpdateSchema,
} from '../../../shared/network.ts'
import { idParamsSchema, okSchema } from '../../../shared/validation.ts'
import { PORTAL_LIMIT, PORTAL_LOGIN_LIMIT, portalCookie } from '../../platform/portal-session.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { NetworkService, VolunteerSession } from './network.service.ts'

/** The volunteers' own session cookie: a staff session never opens the portal, nor this one staff routes. */
export const VOLUNTEER_COOKIE = 'trame_volunteer'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }
const portalErrors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 429: problem }
/** Per IP: signing up and signing in are rare; a script trying more is slowed down. */
const signupLimit = { rateLimit: { max: 10, timeWindow: '1 hour' } }
const loginLimit = PORTAL_LOGIN_LIMIT
const portalLimit = PORTAL_LIMIT

export function networkRoutes(
  service: NetworkService,
  options: { secureCookies: boolean },
): FastifyPluginAsyncZod {
  const cookie = portalCookie(VOLUNTEER_COOKIE, options)
  /** The signed-in volunteer; writes must carry their CSRF token. */
  const volunteerOf = (request: FastifyRequest): Promise<VolunteerSession> =>
    cookie.caller(request, (token) => service.portal.resolve(token))
  const clearCookie = cookie.clear

  return async (app) => {
    const portalTags = ['Portail des bénévoles']
    app.get(
      '/api/public/network/portal',
      {
        config: portalLimit,
        schema: {
          tags: portalTags,
          summary:
            'L’organisation du portail (celle du lien, ou la seule de l’installation) et la charte en vigueur',
          querystring: portalQuerySchema,
          response: { 200: portalSchema, 404: problem, 429: problem },
        },
      },
      (request) => service.portal.portal(request.query.organisation),
    )
    app.post(
      '/api/public/network/:organisationId/volunteers',
      {
        config: signupLimit,
        schema: {
          tags: portalTags,
          summary: 'S’inscrire comme bénévole ; la réponse est la même que l’adresse ait un compte ou non',
          params: organisationParamsSchema,
          body: volunteerSignupSchema,
          response: { 201: okSchema, 400: problem, 404: problem, 429: problem },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.portal.signup(request.params.organisationId, request.body)),
    )
    app.post(
      '/api/public/network/login',
      {
        config: loginLimit,
        schema: {
          tags: portalTags,
          summary: 'Connexion d’un bénévole',
          body: volunteerLoginSchema,
          response: { 200: volunteerMeSchema, ...portalErrors },
        },
      },
      async (request, reply) => {
        const { token, me } = await service.portal.login(request.body, request.ip)
        cookie.set(reply, token)
        return me
      },
    )
    app.post(
      '/api/public/network/logout',
      { config: portalLimit, schema: { tags: portalTags, response: { 200: okSchema, ...portalErrors } } },
      async (request, reply) => {
        await service.portal.logout(await volunteerOf(request))
        clearCookie(reply)
        return { ok: true as const }
      },
    )
    app.get(
      '/api/public/network/me',
      {
        config: portalLimit,
        schema: { tags: portalTags, response: { 200: volunteerMeSchema, ...portalErrors } },
      },
      async (request) => service.portal.me(await volunteerOf(request)),
    )
    app.post(
      '/api/public/network/charter',
      {
        config: portalLimit,
        schema: {
          tags: portalTags,
          summary: 'Accepter la version en vigueur de la charte du bénévole',
          body: charterAcceptSchema,
          response: { 200: volunteerMeSchema, ...portalErrors },
        },
      },
      async (request) => service.portal.acceptCharter(await volunteerOf(request)),
    )
    app.get(
      '/api/public/network/needs',
      {
        config: portalLimit,
        schema: {
          tags: portalTags,
          summary:
            'Les besoins visibles d’un bénévole validé, par page avec leur total, une partie de la liste à la fois ; l’identité de la personne seulement une fois le besoin accepté',
          querystring: volunteerNeedListQuerySchema,
          response: { 200: volunteerNeedListSchema, ...portalErrors },
        },
      },
      async (request) => service.portal.volunteerNeeds(await volunteerOf(request), request.query),
    )
    app.post(
      '/api/public/network/needs/:id/accept',
      {
        config: portalLimit,
        schema: {
          tags: portalTags,
          summary: 'Accepter un besoin : le premier bénévole qui accepte s’en charge',
          params: idParamsSchema,
          response: { 200: volunteerNeedSchema, ...portalErrors },
        },
      },
      async (request) => service.portal.accept(await volunteerOf(request), request.params.id),
    )
    app.post(
      '/api/public/network/needs/:id/done',
      {
        config: portalLimit,
        schema: {
          tags: portalTags,
          summary: 'Marquer un besoin réalisé, avec un court compte rendu',
          params: idParamsSchema,
          body: needDoneSchema,
          response: { 200: volunteerNeedSchema, ...portalErrors },
        },
      },
      async (request) =>
        service.portal.markDone(await volunteerOf(request), request.params.id, request.body.report),
    )
    app.post(
      '/api/public/network/needs/:id/release',
      {
        config: portalLimit,
        schema: {
          tags: portalTags,
          summary:
            'Rendre un besoin accepté qu’on ne peut plus assurer : il est de nouveau proposé aux autres',
          params: idParamsSchema,
          response: { 200: volunteerNeedSchema, ...portalErrors },
        },
      },
      async (request) => service.portal.release(await volunteerOf(request), request.params.id),
    )
    app.post(
      '/api/public/network/reports',
      {
        config: signupLimit,
        schema: {
          tags: portalTags,
          summary: 'Signaler une personne qui semble isolée ou fragile',
          body: memberReportInputSchema,
          response: { 201: okSchema, ...portalErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.portal.memberReport(await volunteerOf(request), request.body)),
    )

    const tags = ['Réseau de voisins solidaires']
    app.get(
      '/api/network/volunteers',
      {
        schema: {
          tags,
          summary: 'Les bénévoles, par statut',
          querystring: volunteerListQuerySchema,
          response: { 200: volunteerListSchema, ...errors },
        },
      },
      (request) => service.volunteers.listVolunteers(actorOf(request), request.query),
    )
    app.post(
      '/api/network/volunteers/:id/status',
      {
        schema: {
          tags,
          summary: 'Valider, refuser ou suspendre un bénévole (avec un motif)',
          params: idParamsSchema,
          body: volunteerStatusInputSchema,
          response: { 200: volunteerSchema, ...errors },
        },
      },
      (request) => service.volunteers.setVolunteerStatus(actorOf(request), request.params.id, request.body),
    )
    app.patch(
      '/api/network/volunteers/:id',
      {
        schema: {
          tags,
          summary: 'Compétence professionnelle, position sur la carte',
          params: idParamsSchema,
          body: volunteerUpdateSchema,
          response: { 200: volunteerSchema, ...errors },
        },
      },
      (request) => service.volunteers.updateVolunteer(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/network/needs',
      {
        schema: {
          tags,
          summary: 'Saisir le besoin d’une personne âgée',
          body: needInputSchema,
          response: { 201: needSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.needs.createNeed(actorOf(request), request.body)),
    )
    app.get(
      '/api/network/needs',
      {
        schema: {
          tags,
          summary: 'Les besoins (filtres : statut, en retard)',
          querystring: needListQuerySchema,
          response: { 200: needListSchema, ...errors },
        },
      },
      (request) => service.needs.listNeeds(actorOf(request), request.query),
    )
    app.get(
      '/api/network/needs/:id/matches',
      {
        schema: {
          tags,
          summary: 'Les bénévoles classés pour un besoin : disponibilité, distance, charge',
          params: idParamsSchema,
          response: { 200: matchListSchema, ...errors },
        },
      },
      (request) => service.matching.matches(actorOf(request), request.params.id),
    )
    app.post(
      '/api/network/needs/:id/offer',
      {
        schema: {
          tags,
          summary: 'Proposer le besoin aux N meilleurs bénévoles, prévenus par e-mail',
          params: idParamsSchema,
          body: offerInputSchema,
          response: { 200: needSchema, ...errors },
        },
      },
      (request) => service.matching.offer(actorOf(request), request.params.id, request.body.count),
    )
    app.post(
      '/api/network/needs/:id/cancel',
      { schema: { tags, params: idParamsSchema, response: { 200: needSchema, ...errors } } },
      (request) => service.needs.cancel(actorOf(request), request.params.id),
    )
    app.post(
      '/api/network/needs/:id/escalate',
      {
        schema: {
          tags,
          summary: 'Transmettre un besoin sans bénévole à une association partenaire ou une équipe interne',
          params: idParamsSchema,
          body: escalateInputSchema,
          response: { 200: needSchema, ...errors },
        },
      },
      (request) => service.escalation.escalate(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/network/needs/:id/escalation-outcome',
      {
        schema: {
          tags,
          summary: 'Noter la suite donnée par l’association ou l’équipe à qui le besoin a été transmis',
          params: idParamsSchema,
          body: escalationOutcomeInputSchema,
          response: { 200: needSchema, ...errors },
        },
      },
      (request) =>
        service.escalation.recordEscalationOutcome(actorOf(request), request.params.id, request.body.outcome),
    )
    app.get(
      '/api/network/settings',
      { schema: { tags, response: { 200: networkSettingsSchema, ...errors } } },
      (request) => service.settings.settings(actorOf(request)),
    )
    app.put(
      '/api/network/settings',
      {
        schema: {
          tags,
          summary:
            'Délai et destinataire des besoins sans bénévole, ligne seniors, nombre de bénévoles sollicités',
          body: networkSettingsInputSchema,
          response: { 200: networkSettingsSchema, ...errors },
        },
      },
      (request) => service.settings.saveSettings(actorOf(request), request.body),
    )
    app.get(
      '/api/network/neighbourhoods',
      { schema: { tags, response: { 200: neighbourhoodListSchema, ...errors } } },
      (request) => service.settings.neighbourhoods(actorOf(request)),
    )
    app.post(
      '/api/network/neighbourhoods',
      {
        schema: {
          tags,
          summary: 'Ajouter un quartier et son centre, pour placer les personnes sans adresse géocodée',
          body: neighbourhoodInputSchema,
          response: { 201: neighbourhoodSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.settings.addNeighbourhood(actorOf(request), request.body)),
    )
    app.delete(
      '/api/network/neighbourhoods/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: okSchema, ...errors } } },
      (request) => service.settings.removeNeighbourhood(actorOf(request), request.params.id),
    )
    app.get(
      '/api/network/member-reports',
      {
        schema: {
          tags,
          summary: 'Signalements des bénévoles, les nouveaux d’abord',
          querystring: memberReportListQuerySchema,
          response: { 200: memberReportListSchema, ...errors },
        },
      },
      (request) => service.memberReports.memberReports(actorOf(request), request.query),
    )
    app.post(
      '/api/network/member-reports/:id/close',
      {
        schema: {
          tags,
          params: idParamsSchema,
          body: memberReportCloseSchema,
          response: { 200: memberReportSchema, ...errors },
        },
      },
      (request) => service.memberReports.closeMemberReport(actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/network/dashboard',
      {
        schema: {
          tags,
          summary:
            'Tableau de bord : bénévoles, besoins réalisés par type, délai d’acceptation, transmissions',
          querystring: dashboardQuerySchema,
          response: { 200: dashboardSchema, ...errors },
        },
      },
      (request) => service.dashboard.dashboard(actorOf(request), request.query),
    )
  }
}
