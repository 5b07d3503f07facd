import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  partnerCreateSchema,
  partnerImportBodySchema,
  partnerImportResultSchema,
  partnerListQuerySchema,
  partnerListSchema,
  partnerSchema,
  partnerServiceSchema,
  partnerUpdateSchema,
  serviceCreateSchema,
  serviceSearchListSchema,
  serviceSearchQuerySchema,
  serviceUpdateSchema,
} from '../../../shared/partners.ts'
import { idParamsSchema, okSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { PartnersService } from './partners.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function partnersRoutes(service: PartnersService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Partenaires']
    // Scoped to this plugin: a CSV file may be posted as it is.
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body))

    app.get(
      '/api/partners',
      {
        schema: {
          tags,
          summary: 'Annuaire des partenaires et de leurs services (recherche tolérante aux fautes)',
          querystring: partnerListQuerySchema,
          response: { 200: partnerListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.list(actorOf(request), request.query.q) }),
    )
    app.post(
      '/api/partners',
      { schema: { tags, body: partnerCreateSchema, response: { 201: partnerSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/partners/export.csv',
      {
        schema: {
          tags,
          summary: 'Export CSV de l’annuaire (champs Open Referral HSDS, une ligne par service)',
          produces: ['text/csv'],
          response: { 200: z.string(), ...errors },
        },
      },
      async (request, reply) => {
        const csv = await service.exportCsv(actorOf(request))
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="partenaires.csv"')
          .send(csv)
      },
    )
    app.post(
      '/api/partners/import',
      {
        bodyLimit: 6_000_000,
        schema: {
          tags,
          summary: 'Import CSV (champs Open Referral HSDS) : tout le fichier ou rien',
          consumes: ['text/csv', 'application/json'],
          body: partnerImportBodySchema,
          response: { 200: partnerImportResultSchema, ...errors },
        },
      },
      (request) =>
        service.importCsv(
          actorOf(request),
          typeof request.body === 'string' ? request.body : request.body.csv,
        ),
    )
    app.get(
      '/api/partners/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: partnerSchema, ...errors } } },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/partners/:id',
      {
        schema: {
          tags,
          params: idParamsSchema,
          body: partnerUpdateSchema,
          response: { 200: partnerSchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.delete(
      '/api/partners/:id',
      {
        schema: {
          tags,
          summary: 'Supprimer un partenaire et ses services',
          params: idParamsSchema,
          response: { 200: okSchema, ...errors, 409: problem },
        },
      },
      (request) => service.remove(actorOf(request), request.params.id),
    )
    app.post(
      '/api/partners/:id/services',
      {
        schema: {
          tags,
          params: idParamsSchema,
          body: serviceCreateSchema,
          response: { 201: partnerServiceSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.addService(actorOf(request), request.params.id, request.body)),
    )

    app.get(
      '/api/partner-services',
      {
        schema: {
          tags,
          summary: 'Services actifs, pour orienter une personne (recherche tolérante aux fautes)',
          querystring: serviceSearchQuerySchema,
          response: { 200: serviceSearchListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.searchServices(actorOf(request), request.query) }),
    )
    app.patch(
      '/api/partner-services/:id',
      {
        schema: {
          tags,
          params: idParamsSchema,
          body: serviceUpdateSchema,
          response: { 200: partnerServiceSchema, ...errors },
        },
      },
      (request) => service.updateService(actorOf(request), request.params.id, request.body),
    )
    app.delete(
      '/api/partner-services/:id',
      {
        schema: { tags, params: idParamsSchema, response: { 200: okSchema, ...errors, 409: problem } },
      },
      (request) => service.removeService(actorOf(request), request.params.id),
    )
  }
}
