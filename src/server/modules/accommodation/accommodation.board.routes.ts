import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  boardQuerySchema,
  boardSchema,
  occupancyQuerySchema,
  occupancySchema,
} from '../../../shared/accommodation-structures.ts'
import { isoDateSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { BoardService } from './accommodation.board.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function accommodationBoardRoutes(board: BoardService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Hébergement']
    app.get(
      '/api/accommodation-board',
      {
        schema: {
          tags,
          summary:
            'Tableau d’occupation : l’état des places un jour donné, le compte de la nuit par structure',
          querystring: boardQuerySchema,
          response: { 200: boardSchema, ...errors },
        },
      },
      (request) => board.board(actorOf(request), request.query),
    )
    app.get(
      '/api/accommodation-board/occupancy',
      {
        schema: {
          tags,
          summary: 'Nuitées occupées et disponibles et taux d’occupation sur une période',
          querystring: occupancyQuerySchema,
          response: { 200: occupancySchema, ...errors },
        },
      },
      (request) => board.occupancy(actorOf(request), request.query),
    )
    app.get(
      '/api/accommodation-board/free-places.csv',
      {
        schema: {
          tags,
          summary: 'Places libres à transmettre au SIAO (CSV)',
          querystring: z.object({ day: isoDateSchema.optional() }),
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const day = request.query.day
        const { csv } = await board.freePlacesCsv(actorOf(request), day)
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="places-libres-${day ?? 'ce-soir'}.csv"`)
          .send(csv)
      },
    )
  }
}
