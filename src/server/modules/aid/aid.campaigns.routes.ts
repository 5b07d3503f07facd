import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  aidCampaignInputSchema,
  aidCampaignListQuerySchema,
  aidCampaignPageSchema,
  aidCampaignSchema,
  campaignListFileQuerySchema,
  campaignReceivedInputSchema,
  campaignRegistrationInputSchema,
  campaignRegistrationListQuerySchema,
  campaignRegistrationPageSchema,
  campaignRegistrationSchema,
} from '../../../shared/aid.campaigns.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { idParamsSchema, optionalText } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import { attachmentHeader } from '../documents/documents.storage.ts'
import type { CampaignsService } from './aid.campaigns.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

export function aidCampaignsRoutes(service: CampaignsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Aides — campagnes saisonnières']
    app.get(
      '/api/aid-campaigns',
      {
        schema: {
          tags,
          summary:
            'Les campagnes saisonnières (colis, cadeaux de fin d’année…), avec leurs comptes par canal',
          querystring: aidCampaignListQuerySchema,
          response: { 200: aidCampaignPageSchema, ...errors },
        },
      },
      (request) => service.list(actorOf(request), request.query),
    )
    app.post(
      '/api/aid-campaigns',
      {
        schema: {
          tags,
          summary: 'Créer une campagne : dates, distribution, conditions (âge, résidence, quotient)',
          body: aidCampaignInputSchema,
          response: { 201: aidCampaignSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/aid-campaigns/:id',
      {
        schema: {
          tags,
          summary: 'Une campagne et ses comptes (inscrits, reçus, par canal)',
          params: idParamsSchema,
          response: { 200: aidCampaignSchema, ...errors },
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.put(
      '/api/aid-campaigns/:id',
      {
        schema: {
          tags,
          summary: 'Modifier une campagne qui n’est pas close',
          params: idParamsSchema,
          body: aidCampaignInputSchema,
          response: { 200: aidCampaignSchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/aid-campaigns/:id/close',
      {
        schema: {
          tags,
          summary: 'Clore une campagne : plus d’inscription, la distribution continue',
          params: idParamsSchema,
          response: { 200: aidCampaignSchema, ...errors },
        },
      },
      (request) => service.close(actorOf(request), request.params.id),
    )
    app.get(
      '/api/aid-campaigns/:id/registrations',
      {
        schema: {
          tags,
          summary: 'La liste de distribution, par nom et par page (avec le total)',
          params: idParamsSchema,
          querystring: campaignRegistrationListQuerySchema,
          response: { 200: campaignRegistrationPageSchema, ...errors },
        },
      },
      (request) => service.registrations(actorOf(request), request.params.id, request.query),
    )
    app.get(
      '/api/aid-campaigns/:id/registrations/file',
      {
        schema: {
          tags,
          summary: 'La liste de distribution entière en CSV (séparateur ;), par statut et par canal',
          params: idParamsSchema,
          querystring: campaignListFileQuerySchema,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const { csv } = await service.distributionCsv(actorOf(request), request.params.id, request.query)
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="liste-distribution-${todayInFrance()}.csv"`)
          .send(csv)
      },
    )
    app.get(
      '/api/aid-campaigns/:id/registrations/pdf',
      {
        schema: {
          tags,
          summary:
            'La liste de distribution à imprimer (PDF) : nom, adresse, téléphone, canal, statut, signature',
          params: idParamsSchema,
          querystring: campaignListFileQuerySchema,
          response: { 200: z.any().describe('PDF'), ...errors },
        },
      },
      async (request, reply) => {
        const pdf = await service.distributionPdf(actorOf(request), request.params.id, request.query)
        return reply
          .type('application/pdf')
          .header('content-disposition', attachmentHeader(`liste-distribution-${todayInFrance()}.pdf`))
          .send(pdf)
      },
    )
    app.post(
      '/api/aid-campaigns/:id/registrations',
      {
        schema: {
          tags,
          summary:
            'Inscrire une personne (accueil, ligne seniors…) : les conditions non remplies sont signalées, pas bloquantes',
          params: idParamsSchema,
          body: campaignRegistrationInputSchema,
          response: { 201: campaignRegistrationSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.register(actorOf(request), request.params.id, request.body)),
    )
    app.post(
      '/api/aid-campaigns/registrations/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Annuler une inscription pas encore remise',
          params: idParamsSchema,
          body: z.object({ note: optionalText(1000) }),
          response: { 200: campaignRegistrationSchema, ...errors },
        },
      },
      (request) => service.cancel(actorOf(request), request.params.id, request.body.note),
    )
    app.post(
      '/api/aid-campaigns/registrations/:id/received',
      {
        schema: {
          tags,
          summary: 'Enregistrer la remise : retiré sur place ou livré à domicile',
          params: idParamsSchema,
          body: campaignReceivedInputSchema,
          response: { 200: campaignRegistrationSchema, ...errors },
        },
      },
      (request) => service.receive(actorOf(request), request.params.id, request.body),
    )
  }
}
