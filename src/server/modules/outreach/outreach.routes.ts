import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  caseloadQuerySchema,
  caseloadSchema,
  censusQuerySchema,
  censusSchema,
  encounterInputSchema,
  encounterListQuerySchema,
  encounterListSchema,
  encounterSchema,
  encounterUpdateSchema,
  familyCreateSchema,
  familyListQuerySchema,
  familyListSchema,
  familySchema,
  familyUpdateSchema,
  followupCloseSchema,
  followupCreateSchema,
  followupListQuerySchema,
  followupListSchema,
  followupSchema,
  listEntriesInputSchema,
  listEntriesSchema,
  mapQuerySchema,
  mapSchema,
  outreachSettingsInputSchema,
  outreachSettingsSchema,
  placeCreateSchema,
  placeDetailQuerySchema,
  placeDetailSchema,
  placeListQuerySchema,
  placeListSchema,
  placeSchema,
  placeUpdateSchema,
  placeVisitInputSchema,
  placeVisitSchema,
  referralInputSchema,
  referralParamsSchema,
  referralUpdateSchema,
  roundCloseSchema,
  roundCreateSchema,
  roundListQuerySchema,
  roundListSchema,
  roundSchema,
  roundSheetSchema,
  roundUpdateSchema,
  stageChangeSchema,
} from '../../../shared/outreach.ts'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { OutreachService } from './outreach.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function outreachRoutes(service: OutreachService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Aller-vers']

    // Configuration ------------------------------------------------------------------------------
    app.get(
      '/api/outreach/settings',
      { schema: { tags, response: { 200: outreachSettingsSchema, ...errors } } },
      (request) => service.settings.settings(actorOf(request)),
    )
    app.put(
      '/api/outreach/settings',
      {
        schema: {
          tags,
          summary: 'Délai d’alerte de la file active (jours sans contact)',
          body: outreachSettingsInputSchema,
          response: { 200: outreachSettingsSchema, ...errors },
        },
      },
      (request) => service.settings.saveSettings(actorOf(request), request.body),
    )
    for (const [path, kind, summary] of [
      ['/api/outreach/zones', 'zones', 'Zones (secteurs) de l’organisation'],
      ['/api/outreach/handout-items', 'handoutItems', 'Éléments distribués pendant les tournées'],
    ] as const) {
      app.get(
        path,
        { schema: { tags, summary, response: { 200: listEntriesSchema, ...errors } } },
        async (request) => ({ items: await service.settings.entries(actorOf(request), kind) }),
      )
      app.put(
        path,
        {
          schema: {
            tags,
            summary: `${summary} : remplacer la liste (les éléments retirés sont désactivés)`,
            body: listEntriesInputSchema,
            response: { 200: listEntriesSchema, ...errors },
          },
        },
        async (request) => ({
          items: await service.settings.saveEntries(actorOf(request), kind, request.body),
        }),
      )
    }

    app.get(
      '/api/outreach/contact-reasons',
      {
        schema: {
          tags,
          summary: 'Motifs de contact de l’accueil, pour les besoins exprimés lors d’une rencontre',
          response: { 200: listEntriesSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.settings.needReasons(actorOf(request)) }),
    )

    // Rounds ---------------------------------------------------------------------------------------
    app.get(
      '/api/outreach/rounds',
      {
        schema: {
          tags,
          summary: 'Tournées par période, équipe, zone et statut',
          querystring: roundListQuerySchema,
          response: { 200: roundListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.rounds.listRounds(actorOf(request), request.query) }),
    )
    app.post(
      '/api/outreach/rounds',
      {
        schema: {
          tags,
          summary: 'Planifier une tournée (maraude)',
          body: roundCreateSchema,
          response: { 201: roundSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.rounds.createRound(actorOf(request), request.body)),
    )
    app.get(
      '/api/outreach/rounds/:id',
      {
        schema: {
          tags,
          summary: 'Feuille de tournée : la tournée, les lieux actifs de sa zone, ses rencontres',
          params: idParamsSchema,
          response: { 200: roundSheetSchema, ...errors },
        },
      },
      (request) => service.rounds.getRound(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/outreach/rounds/:id',
      {
        schema: {
          tags,
          summary: 'Modifier ou annuler une tournée prévue',
          params: idParamsSchema,
          body: roundUpdateSchema,
          response: { 200: roundSchema, ...errors },
        },
      },
      (request) => service.rounds.updateRound(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/outreach/rounds/:id/close',
      {
        schema: {
          tags,
          summary: 'Compte rendu de tournée (quantités distribuées, remarques) : la tournée est réalisée',
          params: idParamsSchema,
          body: roundCloseSchema,
          response: { 200: roundSchema, ...errors },
        },
      },
      (request) => service.rounds.closeRound(actorOf(request), request.params.id, request.body),
    )

    // Places -------------------------------------------------------------------------------------
    app.get(
      '/api/outreach/places',
      {
        schema: {
          tags,
          summary: 'Lieux (squats, campements, lieux de couchage), par page avec leur total',
          querystring: placeListQuerySchema,
          response: { 200: placeListSchema, ...errors },
        },
      },
      (request) => service.places.listPlaces(actorOf(request), request.query),
    )
    app.post(
      '/api/outreach/places',
      {
        schema: { tags, body: placeCreateSchema, response: { 201: placeSchema, ...errors } },
      },
      async (request, reply) =>
        reply.status(201).send(await service.places.createPlace(actorOf(request), request.body)),
    )
    app.get(
      '/api/outreach/places/:id',
      {
        schema: {
          tags,
          summary: 'Un lieu, l’historique de son statut et ses passages (une page, les derniers d’abord)',
          params: idParamsSchema,
          querystring: placeDetailQuerySchema,
          response: { 200: placeDetailSchema, ...errors },
        },
      },
      (request) => service.places.getPlace(actorOf(request), request.params.id, request.query.visitsPage),
    )
    app.patch(
      '/api/outreach/places/:id',
      {
        schema: {
          tags,
          summary: 'Modifier un lieu ; un changement de statut est daté et conservé',
          params: idParamsSchema,
          body: placeUpdateSchema,
          response: { 200: placeDetailSchema, ...errors },
        },
      },
      (request) => service.places.updatePlace(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/outreach/places/:id/visits',
      {
        schema: {
          tags,
          summary: 'Passage sur un lieu, avec le nombre d’occupants vus',
          params: idParamsSchema,
          body: placeVisitInputSchema,
          response: { 201: placeVisitSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.places.addPlaceVisit(actorOf(request), request.params.id, request.body)),
    )

    // Encounters -------------------------------------------------------------------------------------
    app.post(
      '/api/outreach/encounters',
      {
        schema: {
          tags,
          summary:
            'Enregistrer une rencontre (personne connue, nouvelle ou anonyme). Idempotent : un second envoi ' +
            'avec la même idempotencyKey répond la première rencontre (200).',
          body: encounterInputSchema,
          response: { 200: encounterSchema, 201: encounterSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { encounter, created } = await service.encounters.createEncounter(
          actorOf(request),
          request.body,
        )
        return reply.status(created ? 201 : 200).send(encounter)
      },
    )
    app.get(
      '/api/outreach/encounters',
      {
        schema: {
          tags,
          summary: 'Rencontres par période, équipe, tournée, lieu ou personne',
          querystring: encounterListQuerySchema,
          response: { 200: encounterListSchema, ...errors },
        },
      },
      async (request) => ({
        items: await service.encounters.listEncounters(actorOf(request), request.query),
      }),
    )
    app.get(
      '/api/outreach/encounters/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: encounterSchema, ...errors } } },
      (request) => service.encounters.getEncounter(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/outreach/encounters/:id',
      {
        schema: {
          tags,
          summary: 'Compléter une rencontre (la personne anonyme a désormais un dossier, une note…)',
          params: idParamsSchema,
          body: encounterUpdateSchema,
          response: { 200: encounterSchema, ...errors },
        },
      },
      (request) => service.encounters.updateEncounter(actorOf(request), request.params.id, request.body),
    )

    // Engagement and caseload ------------------------------------------------------------------------
    app.get(
      '/api/outreach/caseload',
      {
        schema: {
          tags,
          summary: 'File active d’une équipe : suivis ouverts, dernier contact, alerte au-delà du délai',
          querystring: caseloadQuerySchema,
          response: { 200: caseloadSchema, ...errors },
        },
      },
      (request) => service.caseload.caseload(actorOf(request), request.query),
    )
    app.get(
      '/api/outreach/followups',
      {
        schema: {
          tags,
          summary: 'Suivis d’aller-vers (d’une personne, d’une équipe), clôturés compris sur demande',
          querystring: followupListQuerySchema,
          response: { 200: followupListSchema, ...errors },
        },
      },
      (request) => service.caseload.listFollowups(actorOf(request), request.query),
    )
    app.post(
      '/api/outreach/followups',
      {
        schema: {
          tags,
          summary: 'Ouvrir un suivi sans rencontre (personne connue par un signalement, l’accueil…)',
          body: followupCreateSchema,
          response: { 201: followupSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.caseload.createFollowup(actorOf(request), request.body)),
    )
    app.get(
      '/api/outreach/followups/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: followupSchema, ...errors } } },
      (request) => service.caseload.getFollowup(actorOf(request), request.params.id),
    )
    app.post(
      '/api/outreach/followups/:id/stage',
      {
        schema: {
          tags,
          summary: 'Changer l’étape d’accompagnement (datée et conservée)',
          params: idParamsSchema,
          body: stageChangeSchema,
          response: { 200: followupSchema, ...errors },
        },
      },
      (request) => service.caseload.changeStage(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/outreach/followups/:id/close',
      {
        schema: {
          tags,
          summary: 'Clôturer un suivi avec son motif de sortie',
          params: idParamsSchema,
          body: followupCloseSchema,
          response: { 200: followupSchema, ...errors },
        },
      },
      (request) => service.caseload.closeFollowup(actorOf(request), request.params.id, request.body),
    )

    // Families with incomplete rights --------------------------------------------------------------
    app.get(
      '/api/outreach/families',
      {
        schema: {
          tags,
          summary: 'Familles aux droits incomplets suivies (d’une équipe)',
          querystring: familyListQuerySchema,
          response: { 200: familyListSchema, ...errors },
        },
      },
      (request) => service.families.listFamilies(actorOf(request), request.query),
    )
    app.post(
      '/api/outreach/families',
      {
        schema: {
          tags,
          summary: 'Signaler un foyer aux droits incomplets, avec la liste des droits à vérifier',
          body: familyCreateSchema,
          response: { 201: familySchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.families.createFamily(actorOf(request), request.body)),
    )
    app.get(
      '/api/outreach/families/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: familySchema, ...errors } } },
      (request) => service.families.getFamily(actorOf(request), request.params.id),
    )
    app.patch(
      '/api/outreach/families/:id',
      {
        schema: {
          tags,
          summary: 'Mettre à jour les droits, l’équipe ou le signalement d’une famille',
          params: idParamsSchema,
          body: familyUpdateSchema,
          response: { 200: familySchema, ...errors },
        },
      },
      (request) => service.families.updateFamily(actorOf(request), request.params.id, request.body),
    )
    app.post(
      '/api/outreach/families/:id/referrals',
      {
        schema: {
          tags,
          summary: 'Orienter la famille vers un service partenaire (services du Département…)',
          params: idParamsSchema,
          body: referralInputSchema,
          response: { 201: familySchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.families.addReferral(actorOf(request), request.params.id, request.body)),
    )
    app.patch(
      '/api/outreach/families/:id/referrals/:referralId',
      {
        schema: {
          tags,
          summary: 'Réponse du partenaire à une orientation',
          params: referralParamsSchema,
          body: referralUpdateSchema,
          response: { 200: familySchema, ...errors },
        },
      },
      (request) =>
        service.families.updateReferral(
          actorOf(request),
          request.params.id,
          request.params.referralId,
          request.body,
        ),
    )

    // Map and census ---------------------------------------------------------------------------------
    app.get(
      '/api/outreach/map',
      {
        schema: {
          tags,
          summary: 'Points de la carte : rencontres (sans nom) et lieux, par période et équipe',
          querystring: mapQuerySchema,
          response: { 200: mapSchema, ...errors },
        },
      },
      (request) => service.census.map(actorOf(request), request.query),
    )
    app.get(
      '/api/outreach/census',
      {
        schema: {
          tags: [...tags, 'Indicateurs'],
          summary: 'Recensement : situations rencontrées par sexe, âge, composition, situation, lieu',
          querystring: censusQuerySchema,
          response: { 200: censusSchema, ...errors },
        },
      },
      (request) => service.census.census(actorOf(request), request.query),
    )
    app.get(
      '/api/outreach/census.csv',
      {
        schema: {
          tags: [...tags, 'Indicateurs'],
          summary: 'Recensement au format CSV (séparateur point-virgule)',
          querystring: censusQuerySchema,
          produces: ['text/csv'],
          response: { 200: z.string(), ...errors },
        },
      },
      async (request, reply) => {
        const csv = await service.census.censusCsv(actorOf(request), request.query)
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="recensement-${request.query.from}-${request.query.to}.csv"`,
          )
          .send(csv)
      },
    )
  }
}
