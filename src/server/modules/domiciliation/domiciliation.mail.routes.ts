import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  mailBatchInputSchema,
  mailClosedSchema,
  mailForwardInputSchema,
  mailHandoverInputSchema,
  mailItemInputSchema,
  mailItemListSchema,
  mailItemPageQuerySchema,
  mailItemPageSchema,
  mailItemSchema,
  mailRecipientListSchema,
  mailRecipientQuerySchema,
  mailRecipientSchema,
  mailReturnInputSchema,
} from '../../../shared/domiciliation.mail.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { MailService } from './domiciliation.mail.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function mailRoutes(service: MailService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Domiciliation — courrier']
    app.get(
      '/api/mail-items/recipients',
      {
        schema: {
          tags,
          summary:
            'Personnes domiciliées aujourd’hui, par nom ou numéro de dossier, avec leur courrier en attente',
          querystring: mailRecipientQuerySchema,
          response: { 200: mailRecipientListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.recipients(actorOf(request), request.query.q) }),
    )
    app.get(
      '/api/mail-items/recipients/:id',
      {
        schema: {
          tags,
          summary: 'Une personne vue du courrier : domiciliation en cours et courrier en attente',
          params: idParamsSchema,
          response: { 200: mailRecipientSchema, ...errors },
        },
      },
      (request) => service.recipient(actorOf(request), request.params.id),
    )
    app.post(
      '/api/mail-items',
      {
        schema: {
          tags,
          summary: 'Enregistrer un courrier arrivé pour une personne domiciliée',
          body: mailItemInputSchema,
          response: { 201: mailItemSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.log(actorOf(request), request.body)),
    )
    app.post(
      '/api/mail-items/batch',
      {
        schema: {
          tags,
          summary: 'Enregistrer une pile de courriers : tous, ou aucun si l’un est refusé',
          body: mailBatchInputSchema,
          response: { 201: mailItemListSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ items: await service.logBatch(actorOf(request), request.body.items) }),
    )
    app.get(
      '/api/mail-items',
      {
        schema: {
          tags,
          summary: 'Le courrier d’une personne (en attente par défaut), par page',
          querystring: mailItemPageQuerySchema,
          response: { 200: mailItemPageSchema, ...errors },
        },
      },
      (request) => service.page(actorOf(request), request.query),
    )
    app.post(
      '/api/mail-items/handover',
      {
        schema: {
          tags,
          summary:
            'Remettre du courrier à la personne ou à son mandataire (avec le passage à l’accueil, dans le même geste)',
          body: mailHandoverInputSchema,
          response: { 200: mailClosedSchema, ...errors },
        },
      },
      (request) => service.handover(actorOf(request), request.body),
    )
    app.post(
      '/api/mail-items/forward',
      {
        schema: {
          tags,
          summary: 'Réexpédier du courrier à une adresse',
          body: mailForwardInputSchema,
          response: { 200: mailClosedSchema, ...errors },
        },
      },
      (request) => service.forward(actorOf(request), request.body),
    )
    app.post(
      '/api/mail-items/return',
      {
        schema: {
          tags,
          summary: 'Retourner du courrier à l’expéditeur (NPAI)',
          body: mailReturnInputSchema,
          response: { 200: mailClosedSchema, ...errors },
        },
      },
      (request) => service.returnToSender(actorOf(request), request.body),
    )
  }
}
