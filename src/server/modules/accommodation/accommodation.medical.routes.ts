import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  admissionRequestSchema,
  medicalOpinionInputSchema,
  medicalPartInputSchema,
  medicalPartSchema,
} from '../../../shared/accommodation-admissions.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AdmissionMedicalService } from './accommodation.medical.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

export function admissionMedicalRoutes(service: AdmissionMedicalService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Hébergement — admissions']
    app.get(
      '/api/accommodation-requests/:id/medical-part',
      {
        schema: {
          tags,
          summary: 'La partie médicale et les notes des avis (rôles médicaux seulement ; lecture tracée)',
          params: idParamsSchema,
          response: { 200: medicalPartSchema, ...errors },
        },
      },
      (request) => service.read(actorOf(request), request.params.id),
    )
    app.put(
      '/api/accommodation-requests/:id/medical-part',
      {
        schema: {
          tags,
          summary: 'Rédiger la partie médicale (rôles médicaux seulement)',
          params: idParamsSchema,
          body: medicalPartInputSchema,
          response: { 200: medicalPartSchema, ...errors },
        },
      },
      (request) => service.write(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/accommodation-requests/:id/medical-opinions',
      {
        schema: {
          tags,
          summary: 'Donner l’avis médical (favorable ou défavorable) : infirmier·ère ou médecin',
          params: idParamsSchema,
          body: medicalOpinionInputSchema,
          response: { 200: admissionRequestSchema, ...errors },
        },
      },
      (request) => service.giveOpinion(actorOf(request), request.params.id, request.body),
    )
  }
}
