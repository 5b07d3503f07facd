import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  alertCallListSchema,
  alertCallLogQuerySchema,
  alertCallLogSchema,
  alertCallOutcomeSchema,
  alertCallQuerySchema,
  alertCallSchema,
  alertCallSheetQuerySchema,
  alertPlanInputSchema,
  alertPlanListSchema,
  alertPlanSchema,
  referralDismissSchema,
  referralListQuerySchema,
  referralListSchema,
  referralSchema,
  registerCountsSchema,
  registerEntryInputSchema,
  registerEntryListSchema,
  registerEntrySchema,
  registerEntryUpdateSchema,
  registerListQuerySchema,
  registerSettingsInputSchema,
  registerSettingsSchema,
} from '../../../shared/register.ts'
import { idParamsSchema, okSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import { renderCallSheetPdf } from './register.call-sheet-pdf.ts'
import { renderAcknowledgementPdf } from './register.letter-pdf.ts'
import type { RegisterService } from './register.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function registerRoutes(service: RegisterService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Registre des personnes vulnérables']
    app.get(
      '/api/register/settings',
      { schema: { tags, response: { 200: registerSettingsSchema, ...errors } } },
      (request) => service.settings(actorOf(request)),
    )
    app.put(
      '/api/register/settings',
      {
        schema: {
          tags,
          summary: 'Désigner l’équipe du registre et les règles d’appel des campagnes',
          body: registerSettingsInputSchema,
          response: { 200: registerSettingsSchema, ...errors },
        },
      },
      (request) => service.saveSettings(actorOf(request), request.body),
    )
    app.get(
      '/api/register/entries',
      {
        schema: {
          tags,
          summary: 'Inscrits du registre (reviewDue=true : révisions annuelles à faire)',
          querystring: registerListQuerySchema,
          response: { 200: registerEntryListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.list(actorOf(request), request.query) }),
    )
    app.post(
      '/api/register/entries',
      {
        schema: {
          tags,
          summary:
            'Inscrire une personne (éligibilité vérifiée ; demande d’un tiers en attente ; referralId : le signalement du réseau auquel elle répond)',
          body: registerEntryInputSchema,
          response: { 201: registerEntrySchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/register/entries/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: registerEntrySchema, ...errors } } },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/register/entries/:id',
      {
        schema: {
          tags,
          params: idParamsSchema,
          body: registerEntryUpdateSchema,
          response: { 200: registerEntrySchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.delete(
      '/api/register/entries/:id',
      {
        schema: {
          tags,
          summary: 'Radiation à la demande de la personne : l’inscription est supprimée',
          params: idParamsSchema,
          response: { 200: okSchema, ...errors },
        },
      },
      (request) => service.remove(actorOf(request), request.params.id, 'deregistration'),
    )
    app.post(
      '/api/register/entries/:id/confirm',
      {
        schema: {
          tags,
          summary: 'Inscription confirmée (pas d’opposition à la demande du tiers)',
          params: idParamsSchema,
          response: { 200: registerEntrySchema, ...errors },
        },
      },
      (request) => service.confirm(actorOf(request), request.params.id),
    )
    app.post(
      '/api/register/entries/:id/objection',
      {
        schema: {
          tags,
          summary: 'La personne s’oppose à la demande du tiers : la demande est supprimée',
          params: idParamsSchema,
          response: { 200: okSchema, ...errors },
        },
      },
      (request) => service.remove(actorOf(request), request.params.id, 'objection'),
    )
    app.post(
      '/api/register/entries/:id/review',
      {
        schema: {
          tags,
          summary: 'Révision annuelle faite',
          params: idParamsSchema,
          response: { 200: registerEntrySchema, ...errors },
        },
      },
      (request) => service.review(actorOf(request), request.params.id),
    )
    app.get(
      '/api/register/entries/:id/acknowledgement.pdf',
      {
        schema: {
          tags,
          summary: 'Courrier à la personne accusant la demande du tiers (PDF)',
          params: idParamsSchema,
          produces: ['application/pdf'],
        },
      },
      async (request, reply) => {
        const letter = await service.acknowledgement(actorOf(request), request.params.id)
        return reply
          .header('content-disposition', 'attachment; filename="registre-accuse-reception.pdf"')
          .type('application/pdf')
          .send(await renderAcknowledgementPdf(letter))
      },
    )
    app.get(
      '/api/register/referrals',
      {
        schema: {
          tags,
          summary: 'Signalements transmis par le réseau de voisins solidaires (status=new : à traiter)',
          querystring: referralListQuerySchema,
          response: { 200: referralListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.referrals.list(actorOf(request), request.query) }),
    )
    app.post(
      '/api/register/referrals/:id/dismiss',
      {
        schema: {
          tags,
          summary: 'Classer un signalement sans suite (motif obligatoire)',
          params: idParamsSchema,
          body: referralDismissSchema,
          response: { 200: referralSchema, ...errors },
        },
      },
      (request) => service.referrals.dismiss(actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/register/counts',
      {
        schema: {
          tags,
          summary: 'Nombre d’inscrits au fil des mois',
          response: { 200: registerCountsSchema, ...errors },
        },
      },
      (request) => service.counts(actorOf(request)),
    )
    app.get(
      '/api/register/export.csv',
      {
        schema: {
          tags,
          summary: 'Liste transmise au préfet (CSV, tracée dans le journal d’audit)',
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const csv = await service.prefectCsv(actorOf(request))
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="registre-prefet.csv"')
          .send(csv)
      },
    )
    app.get(
      '/api/register/plans',
      { schema: { tags, response: { 200: alertPlanListSchema, ...errors } } },
      async (request) => ({ items: await service.alerts.plans(actorOf(request)) }),
    )
    app.post(
      '/api/register/plans',
      {
        schema: {
          tags,
          summary: 'Déclencher un plan d’alerte et générer sa campagne d’appels',
          body: alertPlanInputSchema,
          response: { 201: alertPlanSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.alerts.activate(actorOf(request), request.body)),
    )
    app.get(
      '/api/register/plans/:id',
      {
        schema: {
          tags,
          summary: 'Tableau de bord du plan',
          params: idParamsSchema,
          response: { 200: alertPlanSchema, ...errors },
        },
      },
      (request) => service.alerts.plan(actorOf(request), request.params.id),
    )
    app.post(
      '/api/register/plans/:id/close',
      {
        schema: {
          tags,
          summary: 'Clore le plan (quand plus personne ne reste à joindre)',
          params: idParamsSchema,
          response: { 200: alertPlanSchema, ...errors },
        },
      },
      (request) => service.alerts.close(actorOf(request), request.params.id),
    )
    app.get(
      '/api/register/plans/:id/calls',
      {
        schema: {
          tags,
          summary: 'Appels du plan, par ordre de risque (mine=true : les miens ; due=true : à faire)',
          params: idParamsSchema,
          querystring: alertCallQuerySchema,
          response: { 200: alertCallListSchema, ...errors },
        },
      },
      async (request) => ({
        items: await service.alerts.calls(actorOf(request), request.params.id, request.query),
      }),
    )
    app.get(
      '/api/register/plans/:id/call-list.pdf',
      {
        schema: {
          tags,
          summary:
            'Liste d’appels imprimable (PDF) : les personnes restant à joindre, par appelant et par ordre de risque (mine=true : les miennes), tracée dans le journal d’audit',
          params: idParamsSchema,
          querystring: alertCallSheetQuerySchema,
          produces: ['application/pdf'],
        },
      },
      async (request, reply) => {
        const sheet = await service.callLists.sheet(actorOf(request), request.params.id, request.query)
        return reply
          .header('content-disposition', 'attachment; filename="plan-alerte-liste-appels.pdf"')
          .type('application/pdf')
          .send(await renderCallSheetPdf(sheet))
      },
    )
    app.get(
      '/api/register/call-log',
      {
        schema: {
          tags,
          summary:
            'Tous les appels passés (chaque issue enregistrée, la plus récente d’abord) : d’un plan (planId) ou d’une période (from, to), filtrés par issue',
          querystring: alertCallLogQuerySchema,
          response: { 200: alertCallLogSchema, ...errors },
        },
      },
      (request) => service.callLists.log(actorOf(request), request.query),
    )
    app.post(
      '/api/register/calls/:id/outcome',
      {
        schema: {
          tags,
          summary: 'Issue d’un appel',
          params: idParamsSchema,
          body: alertCallOutcomeSchema,
          response: { 200: alertCallSchema, ...errors },
        },
      },
      (request) => service.alerts.recordOutcome(actorOf(request), request.params.id, request.body),
    )
  }
}
