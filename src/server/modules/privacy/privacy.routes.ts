import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  legalHoldInputSchema,
  legalHoldPageSchema,
  legalHoldSchema,
  readingAlertPageSchema,
  readingAlertSettingsSchema,
  retentionKindSchema,
  retentionRuleInputSchema,
  retentionRulesSchema,
  rightsRequestAnswerSchema,
  rightsRequestExtensionSchema,
  rightsRequestInputSchema,
  rightsRequestPageSchema,
  rightsRequestQuerySchema,
  rightsRequestSchema,
  sweepPreviewSchema,
  sweepRunPageSchema,
} from '../../../shared/privacy.ts'
import { idParamsSchema, pageQuerySchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { ReadingAlerts } from './privacy.alerts.ts'
import type { RightsRequestsService } from './privacy.requests.service.ts'
import type { PrivacyService } from './privacy.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }
const tags = ['Protection des données']

export function privacyRoutes(
  service: PrivacyService,
  requests: RightsRequestsService,
  alerts: ReadingAlerts,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/privacy/retention-rules',
      {
        schema: {
          tags,
          summary: 'Les durées de conservation de l’organisation, avec leurs bornes légales',
          response: { 200: retentionRulesSchema, 403: problem },
        },
      },
      (request) => service.rules(actorOf(request)),
    )
    app.put(
      '/api/privacy/retention-rules/:kind',
      {
        schema: {
          tags,
          summary: 'Modifier une durée de conservation, dans les bornes des référentiels CNIL',
          params: z.object({ kind: retentionKindSchema }),
          body: retentionRuleInputSchema,
          response: { 200: retentionRulesSchema, ...errors },
        },
      },
      (request) => service.saveRule(actorOf(request), request.params.kind, request.body),
    )
    app.get(
      '/api/privacy/preview',
      {
        schema: {
          tags,
          summary:
            'Aperçu de la purge : ce que la prochaine exécution archiverait, anonymiserait ou supprimerait',
          response: { 200: sweepPreviewSchema, 403: problem },
        },
      },
      (request) => service.preview(actorOf(request)),
    )
    app.get(
      '/api/privacy/runs',
      {
        schema: {
          tags,
          summary: 'Les rapports des exécutions de la purge (des nombres, aucun nom)',
          querystring: pageQuerySchema,
          response: { 200: sweepRunPageSchema, ...errors },
        },
      },
      (request) => service.runs(actorOf(request), request.query),
    )
    app.get(
      '/api/privacy/holds',
      {
        schema: {
          tags,
          summary: 'Les gels de dossiers (conservation pour motif légal)',
          querystring: pageQuerySchema,
          response: { 200: legalHoldPageSchema, ...errors },
        },
      },
      (request) => service.holds(actorOf(request), request.query),
    )
    app.post(
      '/api/privacy/holds',
      {
        schema: {
          tags,
          summary: 'Geler un dossier : la purge ne l’archive ni ne l’anonymise tant que le gel court',
          body: legalHoldInputSchema,
          response: { 201: legalHoldSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.placeHold(actorOf(request), request.body, todayInFrance())),
    )
    app.post(
      '/api/privacy/holds/:id/release',
      {
        schema: {
          tags,
          summary: 'Lever le gel d’un dossier',
          params: idParamsSchema,
          response: { 200: legalHoldSchema, ...errors },
        },
      },
      (request) => service.releaseHold(actorOf(request), request.params.id),
    )

    app.get(
      '/api/privacy/requests',
      {
        schema: {
          tags,
          summary: 'Le registre des demandes d’exercice des droits, avec leurs délais légaux',
          querystring: rightsRequestQuerySchema,
          response: { 200: rightsRequestPageSchema, ...errors },
        },
      },
      (request) => requests.list(actorOf(request), request.query, todayInFrance()),
    )
    app.post(
      '/api/privacy/requests',
      {
        schema: {
          tags,
          summary: 'Enregistrer une demande reçue (accès, rectification, effacement, limitation, opposition)',
          body: rightsRequestInputSchema,
          response: { 201: rightsRequestSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await requests.create(actorOf(request), request.body, todayInFrance())),
    )
    app.post(
      '/api/privacy/requests/:id/extend',
      {
        schema: {
          tags,
          summary: 'Prolonger de deux mois le délai de réponse, motif à l’appui (RGPD art. 12.3)',
          params: idParamsSchema,
          body: rightsRequestExtensionSchema,
          response: { 200: rightsRequestSchema, ...errors, 409: problem },
        },
      },
      (request) => requests.extend(actorOf(request), request.params.id, request.body.reason, todayInFrance()),
    )
    app.post(
      '/api/privacy/requests/:id/answer',
      {
        schema: {
          tags,
          summary: 'Enregistrer la réponse faite à la demande, et le motif d’un refus',
          params: idParamsSchema,
          body: rightsRequestAnswerSchema,
          response: { 200: rightsRequestSchema, ...errors, 409: problem },
        },
      },
      (request) => requests.answer(actorOf(request), request.params.id, request.body, todayInFrance()),
    )

    app.get(
      '/api/privacy/reading-alerts',
      {
        schema: {
          tags,
          summary:
            'Les lectures inhabituelles : qui a lu plus de dossiers distincts en une heure que le seuil (des nombres, aucune personne)',
          querystring: pageQuerySchema,
          response: { 200: readingAlertPageSchema, ...errors },
        },
      },
      (request) => alerts.list(actorOf(request), request.query),
    )
    app.put(
      '/api/privacy/reading-alerts/settings',
      {
        schema: {
          tags,
          summary: 'Le seuil de dossiers distincts lus en une heure au-delà duquel une alerte est levée',
          body: readingAlertSettingsSchema,
          response: { 200: readingAlertSettingsSchema, ...errors },
        },
      },
      (request) => alerts.saveSettings(actorOf(request), request.body),
    )
  }
}
