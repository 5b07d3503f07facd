import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  appointmentCountsSchema,
  appointmentInputSchema,
  appointmentListQuerySchema,
  appointmentPageSchema,
  appointmentSchema,
  appointmentStatusInputSchema,
  countsQuerySchema,
  feedQuerySchema,
  feedSchema,
  professionalListSchema,
  slotInputSchema,
  slotSchema,
  weekQuerySchema,
  weekSchema,
} from '../../../shared/appointments.ts'
import { idParamsSchema, okSchema } from '../../../shared/validation.ts'
import { notFound } from '../../platform/errors.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AppointmentsService } from './appointments.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }
/** Calendar applications poll a feed every few minutes at most; a script guessing links is slowed down. */
const feedLimit = { rateLimit: { max: 60, timeWindow: '1 minute' } }

export function appointmentsRoutes(service: AppointmentsService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Rendez-vous']
    app.post(
      '/api/appointments',
      {
        schema: {
          tags,
          summary: 'Prendre un rendez-vous (sur un créneau ou à une heure libre)',
          body: appointmentInputSchema,
          response: { 201: appointmentSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.book(actorOf(request), request.body)),
    )
    app.get(
      '/api/appointments',
      {
        schema: {
          tags,
          summary: 'Rendez-vous d’une personne',
          querystring: appointmentListQuerySchema,
          response: { 200: appointmentPageSchema, ...errors },
        },
      },
      (request) => service.ofPerson(actorOf(request), request.query),
    )
    app.get(
      '/api/appointments/week',
      {
        schema: {
          tags,
          summary: 'La semaine d’un·e professionnel·le : rendez-vous et créneaux',
          querystring: weekQuerySchema,
          response: { 200: weekSchema, ...errors },
        },
      },
      (request) => service.week(actorOf(request), request.query),
    )
    app.get(
      '/api/appointments/professionals',
      { schema: { tags, response: { 200: professionalListSchema, ...errors } } },
      (request) => service.professionals(actorOf(request)),
    )
    app.get(
      '/api/appointments/counts',
      {
        schema: {
          tags,
          summary: 'Rendez-vous honorés, manqués… par période et équipe (sans aucun nom)',
          querystring: countsQuerySchema,
          response: { 200: appointmentCountsSchema, ...errors },
        },
      },
      (request) => service.counts(actorOf(request), request.query),
    )
    app.post(
      '/api/appointments/slots',
      {
        schema: {
          tags,
          summary: 'Ouvrir un créneau de rendez-vous',
          body: slotInputSchema,
          response: { 201: slotSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.addSlot(actorOf(request), request.body)),
    )
    app.delete(
      '/api/appointments/slots/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: okSchema, ...errors } } },
      (request) => service.deleteSlot(actorOf(request), request.params.id),
    )
    app.get(
      '/api/appointments/feed',
      { schema: { tags, summary: 'Mon agenda en ligne (iCal)', response: { 200: feedSchema, ...errors } } },
      (request) => service.feed(actorOf(request)),
    )
    app.post(
      '/api/appointments/feed',
      {
        schema: {
          tags,
          summary: 'Créer ou renouveler le lien secret de mon agenda (l’ancien cesse de fonctionner)',
          response: { 200: feedSchema, ...errors },
        },
      },
      (request) => service.renewFeed(actorOf(request)),
    )
    app.delete(
      '/api/appointments/feed',
      {
        schema: { tags, summary: 'Révoquer le lien de mon agenda', response: { 200: feedSchema, ...errors } },
      },
      (request) => service.revokeFeed(actorOf(request)),
    )
    app.get(
      '/api/appointments/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: appointmentSchema, ...errors } } },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.post(
      '/api/appointments/:id/status',
      {
        schema: {
          tags,
          summary: 'Dire ce qu’il est advenu du rendez-vous : honoré, non venu, excusé, annulé',
          params: idParamsSchema,
          body: appointmentStatusInputSchema,
          response: { 200: appointmentSchema, ...errors },
        },
      },
      (request) => service.setStatus(actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/public/calendar.ics',
      {
        config: feedLimit,
        schema: {
          tags,
          summary: 'Agenda d’un·e professionnel·le (iCal) : horaires et lieux seulement, jamais un nom',
          querystring: feedQuerySchema,
          response: { 200: z.string().describe('iCalendar (RFC 5545)'), 404: problem, 429: problem },
        },
      },
      async (request, reply) => {
        const calendar = await service.calendar(request.query.token)
        if (calendar === null) throw notFound()
        // iCalendar text, not JSON: sent as it is.
        return reply
          .type('text/calendar; charset=utf-8')
          .serializer((payload) => payload as string)
          .send(calendar)
      },
    )
  }
}
