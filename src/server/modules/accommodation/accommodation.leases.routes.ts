import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  leaseArrearsSchema,
  leaseDetailSchema,
  leasedDwellingsSchema,
  leaseInputSchema,
  leaseListQuerySchema,
  leasePageSchema,
  leaseSlideInputSchema,
  rentPaymentInputSchema,
  subleaseInputSchema,
} from '../../../shared/accommodation-leases.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AccommodationLeasesService } from './accommodation.leases.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

export function accommodationLeasesRoutes(service: AccommodationLeasesService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Hébergement — baux et loyers']
    app.get(
      '/api/accommodation-leases',
      {
        schema: {
          tags,
          summary: 'Les baux sur des logements, avec l’occupant du moment et ses impayés',
          querystring: leaseListQuerySchema,
          response: { 200: leasePageSchema, ...errors },
        },
      },
      (request) => service.page(actorOf(request), request.query),
    )
    app.post(
      '/api/accommodation-leases',
      {
        schema: {
          tags,
          summary: 'Saisir le bail principal d’un logement (bailleur public ou privé, loyer, charges)',
          body: leaseInputSchema,
          response: { 201: leaseDetailSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/accommodation-leases/dwellings',
      {
        schema: {
          tags,
          summary: 'Les logements des structures en bail glissant, sous-location ou PST',
          response: { 200: leasedDwellingsSchema, ...errors },
        },
      },
      (request) => service.dwellings(actorOf(request)),
    )
    app.get(
      '/api/accommodation-leases/arrears',
      {
        schema: {
          tags,
          summary: 'Les impayés de loyer par structure',
          response: { 200: leaseArrearsSchema, ...errors },
        },
      },
      (request) => service.arrears(actorOf(request)),
    )
    app.get(
      '/api/accommodation-leases/:id',
      {
        schema: {
          tags,
          summary: 'Un bail, ses sous-locations et leurs loyers mois par mois',
          params: idParamsSchema,
          response: { 200: leaseDetailSchema, ...errors },
        },
      },
      (request) => service.detail(actorOf(request), request.params.id),
    )
    app.post(
      '/api/accommodation-leases/:id/subleases',
      {
        schema: {
          tags,
          summary:
            'Sous-louer le logement à l’occupant d’un séjour (part de loyer, charges, aide au logement)',
          params: idParamsSchema,
          body: subleaseInputSchema,
          response: { 201: leaseDetailSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.addSublease(actorOf(request), request.params.id, request.body)),
    )
    app.post(
      '/api/accommodation-leases/subleases/:id/payments',
      {
        schema: {
          tags,
          summary: 'Enregistrer un paiement du loyer d’un mois (pas plus que le reste dû)',
          params: idParamsSchema,
          body: rentPaymentInputSchema,
          response: { 200: leaseDetailSchema, ...errors },
        },
      },
      (request) => service.recordPayment(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/accommodation-leases/subleases/:id/slide',
      {
        schema: {
          tags,
          summary: 'Faire glisser le bail à l’occupant : la sous-location et le séjour se terminent',
          params: idParamsSchema,
          body: leaseSlideInputSchema,
          response: { 200: leaseDetailSchema, ...errors },
        },
      },
      (request) => service.slide(actorOf(request), request.params.id, request.body),
    )
  }
}
