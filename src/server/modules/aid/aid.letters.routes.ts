import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { idParamsSchema } from '../../../shared/validation.ts'
import { actorOf } from '../../platform/request-auth.ts'
import { attachmentHeader } from '../documents/documents.storage.ts'
import type { AidLetters } from './aid.letters.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem, 409: problem }

export function aidLettersRoutes(letters: AidLetters): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Commission des aides']
    app.get(
      '/api/aid-letters/sessions/:id/minutes',
      {
        schema: {
          tags,
          summary: 'Procès-verbal d’une séance close (PDF)',
          params: idParamsSchema,
          response: { 200: z.any().describe('PDF'), ...errors },
        },
      },
      async (request, reply) => {
        const { fileName, content } = await letters.minutes(actorOf(request), request.params.id)
        return reply
          .type('application/pdf')
          .header('content-disposition', attachmentHeader(fileName))
          .send(content)
      },
    )
    app.get(
      '/api/aid-letters/requests/:id/decision',
      {
        schema: {
          tags,
          summary: 'Lettre de décision au demandeur, avec les voies de recours (PDF)',
          params: idParamsSchema,
          response: { 200: z.any().describe('PDF'), ...errors },
        },
      },
      async (request, reply) => {
        const { fileName, content } = await letters.decisionLetter(actorOf(request), request.params.id)
        return reply
          .type('application/pdf')
          .header('content-disposition', attachmentHeader(fileName))
          .send(content)
      },
    )
  }
}
