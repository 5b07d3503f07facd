import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  followupCountsQuerySchema,
  followupCountsSchema,
  goalInputSchema,
  goalParamsSchema,
  goalUpdateSchema,
  interviewInputSchema,
  interviewListQuerySchema,
  interviewPageSchema,
  interviewParamsSchema,
  interviewSchema,
  recordInputSchema,
  recordListQuerySchema,
  recordPageSchema,
  recordSchema,
  recordTransitionSchema,
  recordUpdateSchema,
  referentsInputSchema,
  supportTypeListSchema,
  supportTypesInputSchema,
  worklistQuerySchema,
  worklistSchema,
} from '../../../shared/followup.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { FollowupInterviewsService } from './followup.interviews.service.ts'
import type { FollowupService } from './followup.service.ts'
import type { FollowupWorklistService } from './followup.worklist.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
export const followupErrors = { 400: problem, 403: problem, 404: problem }
const errors = followupErrors

/** Support records (accompagnements): types, records, referents, goals, interviews. */
export function followupRoutes(
  service: FollowupService,
  interviews: FollowupInterviewsService,
  worklist: FollowupWorklistService,
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Accompagnement']
    app.get(
      '/api/followup/types',
      {
        schema: {
          tags,
          summary: 'Les types d’accompagnement de l’organisation (légaux ou facultatifs)',
          response: { 200: supportTypeListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.types(actorOf(request)) }),
    )
    app.put(
      '/api/followup/types',
      {
        schema: {
          tags,
          summary: 'Enregistrer la liste des types d’accompagnement (ceux retirés restent pour l’historique)',
          body: supportTypesInputSchema,
          response: { 200: supportTypeListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.saveTypes(actorOf(request), request.body) }),
    )
    app.get(
      '/api/followup/records',
      {
        schema: {
          tags,
          summary: 'Les accompagnements (d’une personne, d’un foyer, dont je suis référent·e…)',
          querystring: recordListQuerySchema,
          response: { 200: recordPageSchema, ...errors },
        },
      },
      (request) => service.list(actorOf(request), request.query),
    )
    app.post(
      '/api/followup/records',
      {
        schema: {
          tags,
          summary: 'Ouvrir un accompagnement (un seul en cours par personne et par type)',
          body: recordInputSchema,
          response: { 201: recordSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    )
    app.get(
      '/api/followup/records/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: recordSchema, ...errors } } },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/followup/records/:id',
      {
        schema: {
          tags,
          summary: 'Modifier l’équipe, les domaines, le projet de sortie, la prochaine révision',
          params: idParamsSchema,
          body: recordUpdateSchema,
          response: { 200: recordSchema, ...errors },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/followup/records/:id/status',
      {
        schema: {
          tags,
          summary: 'Suspendre, reprendre ou clore (avec un motif de sortie et une date)',
          params: idParamsSchema,
          body: recordTransitionSchema,
          response: { 200: recordSchema, ...errors },
        },
      },
      (request) => service.transition(actorOf(request), request.params.id, request.body),
    )
    app.put(
      '/api/followup/records/:id/referents',
      {
        schema: {
          tags,
          summary: 'Changer les référent·es à une date (l’historique des périodes est gardé)',
          params: idParamsSchema,
          body: referentsInputSchema,
          response: { 200: recordSchema, ...errors },
        },
      },
      (request) => service.setReferents(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/followup/records/:id/goals',
      {
        schema: {
          tags,
          summary: 'Ajouter un objectif avec sa date cible',
          params: idParamsSchema,
          body: goalInputSchema,
          response: { 201: recordSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.addGoal(actorOf(request), request.params.id, request.body)),
    )
    app.patch(
      '/api/followup/records/:id/goals/:goalId',
      {
        schema: {
          tags,
          summary: 'Modifier un objectif ou son état',
          params: goalParamsSchema,
          body: goalUpdateSchema,
          response: { 200: recordSchema, ...errors },
        },
      },
      (request) =>
        service.updateGoal(actorOf(request), request.params.id, request.params.goalId, request.body),
    )
    app.get(
      '/api/followup/records/:id/interviews',
      {
        schema: {
          tags,
          summary:
            'Les entretiens d’un accompagnement (la synthèse privée n’apparaît que pour son auteur·rice)',
          params: idParamsSchema,
          querystring: interviewListQuerySchema,
          response: { 200: interviewPageSchema, ...errors },
        },
      },
      (request) => interviews.list(actorOf(request), request.params.id, request.query),
    )
    app.post(
      '/api/followup/records/:id/interviews',
      {
        schema: {
          tags,
          summary:
            'Enregistrer un entretien (jamais dans le futur) ; une visite à domicile compte comme un contact de l’équipe',
          params: idParamsSchema,
          body: interviewInputSchema,
          response: { 201: interviewSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await interviews.create(actorOf(request), request.params.id, request.body)),
    )
    app.put(
      '/api/followup/records/:id/interviews/:interviewId',
      {
        schema: {
          tags,
          summary:
            'Corriger un entretien : par son auteur·rice seulement, accompagnement en cours, jamais dans le futur ; une visite à domicile garde sa date et sa modalité',
          params: interviewParamsSchema,
          body: interviewInputSchema,
          response: { 200: interviewSchema, ...errors },
        },
      },
      (request) =>
        interviews.correct(actorOf(request), request.params.id, request.params.interviewId, request.body),
    )
    app.get(
      '/api/followup/worklist',
      {
        schema: {
          tags,
          summary:
            'Mon plan de travail : mes accompagnements en cours, objectifs et révisions à échéance (et ce que d’autres volets y ajoutent)',
          querystring: worklistQuerySchema,
          response: { 200: worklistSchema, ...errors },
        },
      },
      (request) => worklist.worklist(actorOf(request), request.query),
    )
    app.get(
      '/api/followup/counts',
      {
        schema: {
          tags,
          summary:
            'Accompagnements ouverts, clos et en cours par type et équipe ; entretiens par modalité (aucun nom)',
          querystring: followupCountsQuerySchema,
          response: { 200: followupCountsSchema, ...errors },
        },
      },
      (request) => worklist.counts(actorOf(request), request.query),
    )
  }
}
