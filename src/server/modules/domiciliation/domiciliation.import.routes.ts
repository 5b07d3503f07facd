import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { domiciliationImportSchema } from '../../../shared/domiciliation-domifa.ts'
import { idParamsSchema, pageOf, pageQuerySchema } from '../../../shared/validation.ts'
import { validationError } from '../../platform/errors.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { DomiciliationImportService } from './domiciliation.import.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function domiciliationImportRoutes(
  service: DomiciliationImportService,
  limits: { maxBytes: number },
): FastifyPluginAsyncZod {
  return async (app) => {
    // One file streamed to disk, never buffered whole.
    await app.register(fastifyMultipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: limits.maxBytes, files: 1, fields: 2, fieldSize: 200, parts: 3, headerPairs: 100 },
    })
    const tags = ['Domiciliation']
    app.get(
      '/api/domiciliation-imports',
      {
        schema: {
          tags,
          summary: 'Imports DomiFa de l’organisation, du plus récent au plus ancien',
          querystring: pageQuerySchema,
          response: { 200: pageOf(domiciliationImportSchema), ...errors },
        },
      },
      (request) => service.list(actorOf(request), request.query),
    )
    app.post(
      '/api/domiciliation-imports',
      {
        schema: {
          tags,
          summary:
            'Déposer un fichier XLSX au format d’import de DomiFa (multipart/form-data, champ `file`) : il est vérifié en entier, rien n’est écrit ; la réponse est l’aperçu avec les erreurs par cellule',
          consumes: ['multipart/form-data'],
          response: { 201: domiciliationImportSchema, ...errors, 413: problem },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request)
        service.assertMayImport(actor)
        if (!request.isMultipart()) throw validationError('file', 'Joignez le fichier XLSX de DomiFa.')
        const file = await request.file()
        const view = await service.upload(
          actor,
          file ? { filename: file.filename, file: file.file } : undefined,
        )
        return reply.status(201).send(view)
      },
    )
    app.get(
      '/api/domiciliation-imports/:id',
      {
        schema: {
          tags,
          summary: 'Un import : son aperçu, puis sa progression (lignes traitées) pendant qu’il s’écrit',
          params: idParamsSchema,
          response: { 200: domiciliationImportSchema, ...errors },
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.post(
      '/api/domiciliation-imports/:id/start',
      {
        schema: {
          tags,
          summary: 'Lancer l’import d’un fichier vérifié sans erreur ; il se poursuit en arrière-plan',
          params: idParamsSchema,
          response: { 202: domiciliationImportSchema, ...errors, 409: problem },
        },
      },
      async (request, reply) =>
        reply.status(202).send(await service.start(actorOf(request), request.params.id)),
    )
  }
}
