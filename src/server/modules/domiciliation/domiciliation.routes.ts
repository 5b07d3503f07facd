import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  beneficiariesInputSchema,
  bulkRadiationResultSchema,
  bulkRadiationSchema,
  candidatesQuerySchema,
  candidatesSchema,
  decisionInputSchema,
  decisionParamsSchema,
  documentParamsSchema,
  domiciliationCreateSchema,
  domiciliationListQuerySchema,
  domiciliationListSchema,
  domiciliationSchema,
  instructionSchema,
  settingsInputSchema,
  settingsSchema,
  undoInputSchema,
} from '../../../shared/domiciliation-workflow.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import { attachmentHeader } from '../documents/documents.storage.ts'
import type { DomiciliationDecisionsService } from './domiciliation.decisions.ts'
import type { DomiciliationLetters } from './domiciliation.letters.ts'
import type { DomiciliationService } from './domiciliation.service.ts'
import type { DomiciliationSettingsService } from './domiciliation.settings.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function domiciliationRoutes(services: {
  periods: DomiciliationService
  decisions: DomiciliationDecisionsService
  letters: DomiciliationLetters
  settings: DomiciliationSettingsService
}): FastifyPluginAsyncZod {
  const { periods, decisions, letters, settings } = services
  return async (app) => {
    const tags = ['Domiciliation']
    app.get(
      '/api/domiciliations',
      {
        schema: {
          tags,
          summary:
            'Périodes de domiciliation d’une personne, ses ayants droit possibles, ce que l’utilisateur peut faire',
          querystring: domiciliationListQuerySchema,
          response: { 200: domiciliationListSchema, ...errors },
        },
      },
      (request) => periods.list(actorOf(request), request.query.personId),
    )
    app.post(
      '/api/domiciliations',
      {
        schema: {
          tags,
          summary: 'Ouvrir une demande (première demande ou renouvellement de la période précédente)',
          body: domiciliationCreateSchema,
          response: { 201: domiciliationSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await periods.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/domiciliations/radiation-candidates',
      {
        schema: {
          tags,
          summary:
            'Radiations à examiner : sans contact depuis N mois, ou fin de validité sans renouvellement',
          querystring: candidatesQuerySchema,
          response: { 200: candidatesSchema, ...errors },
        },
      },
      (request) => decisions.candidates(actorOf(request), request.query),
    )
    app.post(
      '/api/domiciliations/radiations',
      {
        schema: {
          tags,
          summary: 'Radier ensemble les domiciliations examinées (jamais automatiquement)',
          body: bulkRadiationSchema,
          response: { 200: bulkRadiationResultSchema, ...errors },
        },
      },
      (request) => decisions.radiateMany(actorOf(request), request.body),
    )
    app.get(
      '/api/domiciliations/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: domiciliationSchema, ...errors } } },
      (request) => periods.get(actorOf(request), request.params.id),
    )
    app.put(
      '/api/domiciliations/:id/instruction',
      {
        schema: {
          tags,
          summary: 'Enregistrer l’instruction (lien avec la commune, situation, entretien, pièces…)',
          params: idParamsSchema,
          body: instructionSchema,
          response: { 200: domiciliationSchema, ...errors },
        },
      },
      (request) => periods.saveInstruction(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/domiciliations/:id/submit',
      {
        schema: {
          tags,
          summary: 'Transmettre la demande instruite pour décision',
          params: idParamsSchema,
          response: { 200: domiciliationSchema, ...errors },
        },
      },
      (request) => periods.submit(actorOf(request), request.params.id),
    )
    app.put(
      '/api/domiciliations/:id/beneficiaries',
      {
        schema: {
          tags,
          summary: 'Ayants droit : membres du foyer couverts par la domiciliation',
          params: idParamsSchema,
          body: beneficiariesInputSchema,
          response: { 200: domiciliationSchema, ...errors },
        },
      },
      (request) => periods.saveBeneficiaries(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/domiciliations/:id/decisions',
      {
        schema: {
          tags,
          summary: 'Décider : accorder (date de début), refuser (motif et réorientation) ou radier',
          params: idParamsSchema,
          body: decisionInputSchema,
          response: { 200: domiciliationSchema, ...errors },
        },
      },
      (request) => decisions.decide(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/domiciliations/:id/decisions/:decisionId/undo',
      {
        schema: {
          tags,
          summary: 'Annuler une décision prise par erreur (avec son motif)',
          params: decisionParamsSchema,
          body: undoInputSchema,
          response: { 200: domiciliationSchema, ...errors },
        },
      },
      (request) =>
        decisions.undo(actorOf(request), request.params.id, request.params.decisionId, request.body.reason),
    )
    app.get(
      '/api/domiciliations/:id/documents/:document',
      {
        schema: {
          tags,
          summary:
            'Imprimer : demande (cerfa 16029*01), attestation (cerfa 16030*01), lettre de refus ou de radiation',
          params: documentParamsSchema,
          response: { 200: z.any().describe('PDF'), ...errors },
        },
      },
      async (request, reply) => {
        const { fileName, content } = await letters.render(
          actorOf(request),
          request.params.id,
          request.params.document,
        )
        return reply
          .type('application/pdf')
          .header('content-disposition', attachmentHeader(fileName))
          .send(content)
      },
    )

    app.get(
      '/api/domiciliation-settings',
      {
        schema: {
          tags,
          summary: 'Réglages de la domiciliation',
          response: { 200: settingsSchema, ...errors },
        },
      },
      (request) => settings.get(actorOf(request)),
    )
    app.put(
      '/api/domiciliation-settings',
      {
        schema: {
          tags,
          summary: 'Régler qui décide, les mois sans contact, le rappel de renouvellement, l’adresse postale',
          body: settingsInputSchema,
          response: { 200: settingsSchema, ...errors },
        },
      },
      (request) => settings.save(actorOf(request), request.body),
    )
  }
}
