import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  archiveReadQuerySchema,
  consentInputSchema,
  consentListSchema,
  duplicateDismissalListSchema,
  duplicateDismissalSchema,
  duplicateDismissInputSchema,
  duplicatePairListSchema,
  householdInputSchema,
  householdSchema,
  likelyDuplicatesQuerySchema,
  mergeInputSchema,
  mergeListSchema,
  personCreateSchema,
  personListQuerySchema,
  personListSchema,
  personSchema,
  personSearchSchema,
  personUpdateSchema,
  timelineQuerySchema,
  timelineSchema,
} from '../../../shared/people.ts'
import { idParamsSchema, okSchema, pageQuerySchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import { renderPersonExportPdf } from './people.export-pdf.ts'
import type { PeopleService } from './people.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function peopleRoutes(service: PeopleService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Personnes']
    app.get(
      '/api/people',
      {
        schema: {
          tags,
          querystring: personListQuerySchema,
          response: { 200: personSearchSchema, ...errors },
        },
      },
      async (request) => service.list(actorOf(request), request.query.q, request.query.includeArchived),
    )
    app.post(
      '/api/people',
      { schema: { tags, body: personCreateSchema, response: { 201: personSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/people/likely-duplicates',
      {
        schema: {
          tags,
          summary: 'Personnes peut-être déjà connues (pendant la création d’un dossier)',
          querystring: likelyDuplicatesQuerySchema,
          response: { 200: personListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.likelyDuplicates(actorOf(request), request.query) }),
    )
    app.get(
      '/api/people/duplicates',
      {
        schema: {
          tags,
          summary:
            'Doublons probables dans toute la base (même date de naissance et noms proches ou de même prononciation, même téléphone), les plus probables d’abord',
          querystring: pageQuerySchema,
          response: { 200: duplicatePairListSchema, ...errors },
        },
      },
      (request) => service.duplicates.pairs(actorOf(request), request.query),
    )
    app.get(
      '/api/people/duplicates/dismissals',
      {
        schema: {
          tags,
          summary:
            'Paires écartées des doublons probables (« ce ne sont pas les mêmes personnes »), les dernières d’abord',
          querystring: pageQuerySchema,
          response: { 200: duplicateDismissalListSchema, ...errors },
        },
      },
      (request) => service.duplicates.dismissals(actorOf(request), request.query),
    )
    app.post(
      '/api/people/duplicates/dismissals',
      {
        schema: {
          tags,
          summary: 'Écarter deux dossiers des doublons probables : ce ne sont pas les mêmes personnes',
          body: duplicateDismissInputSchema,
          response: { 201: duplicateDismissalSchema, 409: problem, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.duplicates.dismiss(actorOf(request), request.body.personIds as [string, string]),
          ),
    )
    app.post(
      '/api/people/duplicates/dismissals/:id/undo',
      {
        schema: {
          tags,
          summary: 'Remettre une paire écartée dans les doublons probables',
          params: idParamsSchema,
          response: { 200: okSchema, ...errors },
        },
      },
      (request) => service.duplicates.restore(actorOf(request), request.params.id),
    )
    app.get(
      '/api/people/:id',
      {
        schema: {
          tags,
          params: idParamsSchema,
          querystring: archiveReadQuerySchema,
          response: { 200: personSchema, ...errors },
        },
      },
      (request) => service.get(actorOf(request), request.params.id, request.query.reason),
    )
    app.patch(
      '/api/people/:id',
      {
        schema: {
          tags,
          params: idParamsSchema,
          body: personUpdateSchema,
          response: { 200: personSchema, ...errors, 409: problem },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/people/:id/reactivate',
      {
        schema: {
          tags,
          summary: 'Réactiver un dossier archivé (la personne est revenue) : il sort de la lecture seule',
          params: idParamsSchema,
          response: { 200: personSchema, ...errors, 409: problem },
        },
      },
      (request) => service.reactivate(actorOf(request), request.params.id),
    )
    app.get(
      '/api/people/:id/timeline',
      {
        schema: {
          tags,
          summary: 'Historique de la personne, tous modules confondus',
          params: idParamsSchema,
          querystring: timelineQuerySchema,
          response: { 200: timelineSchema, ...errors },
        },
      },
      (request) => service.timelines.timelineOf(actorOf(request), request.params.id, request.query),
    )

    app.get(
      '/api/people/:id/consents',
      { schema: { tags, params: idParamsSchema, response: { 200: consentListSchema, ...errors } } },
      async (request) => ({ items: await service.consents.consents(actorOf(request), request.params.id) }),
    )
    app.post(
      '/api/people/:id/consents',
      {
        schema: {
          tags,
          summary: 'Enregistrer un consentement (ou un refus) au traitement des données',
          params: idParamsSchema,
          body: consentInputSchema,
          response: { 201: consentListSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({
          items: await service.consents.recordConsent(actorOf(request), request.params.id, request.body),
        }),
    )

    app.get(
      '/api/people/:id/merges',
      { schema: { tags, params: idParamsSchema, response: { 200: mergeListSchema, ...errors } } },
      async (request) => ({ items: await service.merges.merges(actorOf(request), request.params.id) }),
    )
    app.post(
      '/api/people/:id/merge',
      {
        schema: {
          tags,
          summary: 'Fusionner un doublon dans ce dossier (réversible)',
          params: idParamsSchema,
          body: mergeInputSchema,
          response: { 200: mergeListSchema, ...errors },
        },
      },
      async (request) => ({
        items: await service.merges.merge(actorOf(request), request.params.id, request.body),
      }),
    )
    app.post(
      '/api/people/merges/:id/undo',
      {
        schema: {
          tags,
          summary: 'Annuler une fusion : les deux dossiers redeviennent distincts',
          params: idParamsSchema,
          response: { 200: mergeListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.merges.unmerge(actorOf(request), request.params.id) }),
    )

    app.get(
      '/api/people/:id/export.json',
      {
        schema: {
          tags,
          summary: 'Tout ce que Trame détient sur la personne (demande d’accès)',
          params: idParamsSchema,
        },
      },
      async (request, reply) => {
        const data = await service.exports.exportData(actorOf(request), request.params.id)
        return reply
          .header('content-disposition', `attachment; filename="dossier-${data.person.fileNumber}.json"`)
          .type('application/json')
          .send(JSON.stringify(data, null, 2))
      },
    )
    app.get(
      '/api/people/:id/export.pdf',
      {
        schema: { tags, summary: 'Synthèse PDF du dossier (demande d’accès)', params: idParamsSchema },
      },
      async (request, reply) => {
        const data = await service.exports.exportData(actorOf(request), request.params.id)
        return reply
          .header('content-disposition', `attachment; filename="dossier-${data.person.fileNumber}.pdf"`)
          .type('application/pdf')
          .send(await renderPersonExportPdf(data))
      },
    )

    const householdTags = ['Foyers']
    app.post(
      '/api/households',
      {
        schema: {
          tags: householdTags,
          body: householdInputSchema,
          response: { 201: householdSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.households.saveHousehold(actorOf(request), undefined, request.body)),
    )
    app.get(
      '/api/households/:id',
      {
        schema: {
          tags: householdTags,
          params: idParamsSchema,
          response: { 200: householdSchema, ...errors },
        },
      },
      (request) => service.households.getHousehold(actorOf(request), request.params.id),
    )
    app.put(
      '/api/households/:id',
      {
        schema: {
          tags: householdTags,
          params: idParamsSchema,
          body: householdInputSchema,
          response: { 200: householdSchema, ...errors },
        },
      },
      (request) => service.households.saveHousehold(actorOf(request), request.params.id, request.body),
    )
  }
}
