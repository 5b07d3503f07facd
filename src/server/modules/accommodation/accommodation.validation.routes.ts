import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  admissionAdmitSchema,
  admissionRefusalSchema,
  admissionRequestSchema,
  admissionValidationSchema,
  freePlacesQuerySchema,
  freePlacesSchema,
} from '../../../shared/accommodation-admissions.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AdmissionValidationService } from './accommodation.validation.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

export function admissionValidationRoutes(service: AdmissionValidationService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Hébergement — admissions']
    app.get(
      '/api/accommodation-requests/:id/free-places',
      {
        schema: {
          tags,
          summary: 'Les places libres de la structure à une date, pour réserver celle de l’arrivée',
          params: idParamsSchema,
          querystring: freePlacesQuerySchema,
          response: { 200: freePlacesSchema, ...errors },
        },
      },
      (request) => service.freePlaces(actorOf(request), request.params.id, request.query.on),
    )
    app.post(
      '/api/accommodation-requests/:id/validate',
      {
        schema: {
          tags,
          summary: 'Valider l’admission (direction) : une place est réservée pour l’arrivée prévue',
          params: idParamsSchema,
          body: admissionValidationSchema,
          response: { 200: admissionRequestSchema, ...errors },
        },
      },
      (request) => service.validate(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/accommodation-requests/:id/refuse',
      {
        schema: {
          tags,
          summary: 'Refuser la demande, avec un motif',
          params: idParamsSchema,
          body: admissionRefusalSchema,
          response: { 200: admissionRequestSchema, ...errors },
        },
      },
      (request) => service.refuse(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/accommodation-requests/:id/admit',
      {
        schema: {
          tags,
          summary:
            'Admettre : la personne entre sur la place réservée, ses accompagnants sur des places libres',
          params: idParamsSchema,
          body: admissionAdmitSchema,
          response: { 200: admissionRequestSchema, ...errors },
        },
      },
      (request) => service.admit(actorOf(request), request.params.id, request.body),
    )
  }
}
