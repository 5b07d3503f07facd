import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { homeSchema } from '../../../shared/home.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { HomeService } from './home.service.ts'

export function homeRoutes(service: HomeService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/home',
      {
        schema: {
          tags: ['Accueil'],
          summary:
            'Ce qui attend l’utilisateur (des nombres, jamais un nom) et les premiers pas de l’installation',
          response: { 200: homeSchema },
        },
      },
      (request) => service.home(actorOf(request)),
    )
  }
}
