import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  documentListQuerySchema,
  documentPageSchema,
  documentSchema,
  documentTypeListSchema,
  documentTypesInputSchema,
  expiringDocumentPageSchema,
  expiringDocumentsQuerySchema,
} from '../../../shared/documents.ts'
import { idParamsSchema, okSchema } from '../../../shared/validation.ts'
import { validationError } from '../../platform/errors.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { DocumentsService, UploadPart } from './documents.service.ts'
import { attachmentHeader } from './documents.storage.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function documentsRoutes(
  service: DocumentsService,
  limits: { maxBytes: number },
): FastifyPluginAsyncZod {
  return async (app) => {
    // Uploads only here: the file streams to disk, never buffered; one file and a few short fields.
    await app.register(fastifyMultipart, {
      throwFileSizeLimit: false,
      limits: {
        fileSize: limits.maxBytes,
        files: 1,
        fields: 10,
        fieldSize: 200,
        parts: 12,
        headerPairs: 100,
      },
    })
    const tags = ['Documents']
    app.get(
      '/api/document-types',
      { schema: { tags, response: { 200: documentTypeListSchema, ...errors } } },
      async (request) => ({ items: await service.types(actorOf(request)) }),
    )
    app.put(
      '/api/document-types',
      {
        schema: {
          tags,
          summary: 'Remplacer la liste des types de documents (les types retirés sont désactivés)',
          body: documentTypesInputSchema,
          response: { 200: documentTypeListSchema, ...errors },
        },
      },
      async (request) => ({ items: await service.saveTypes(actorOf(request), request.body) }),
    )
    app.get(
      '/api/documents',
      {
        schema: {
          tags,
          summary: 'Documents d’une personne (recordType et recordId : ceux d’un dossier lié)',
          querystring: documentListQuerySchema,
          response: { 200: documentPageSchema, ...errors },
        },
      },
      (request) => service.list(actorOf(request), request.query),
    )
    app.get(
      '/api/documents/expiring',
      {
        schema: {
          tags,
          summary: 'Documents expirés ou expirant dans les `days` jours (pièces d’identité à renouveler)',
          querystring: expiringDocumentsQuerySchema,
          response: { 200: expiringDocumentPageSchema, ...errors },
        },
      },
      (request) => service.expiring(actorOf(request), request.query),
    )
    app.post(
      '/api/documents',
      {
        schema: {
          tags,
          summary:
            'Déposer un document (multipart/form-data : personId, typeId, expiresOn, recordType, recordId, puis le fichier `file`). Format reconnu à son contenu.',
          consumes: ['multipart/form-data'],
          response: { 201: documentSchema, ...errors, 413: problem, 415: problem },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request)
        service.assertMayUpload(actor)
        if (!request.isMultipart())
          throw validationError('file', 'Joignez un fichier (formulaire multipart).')
        const file = await request.file()
        let part: UploadPart | undefined
        if (file) {
          const fields: Record<string, unknown> = {}
          for (const [name, value] of Object.entries(file.fields)) {
            if (value && !Array.isArray(value) && value.type === 'field') fields[name] = value.value
          }
          part = { fields, filename: file.filename, file: file.file }
        }
        return reply.status(201).send(await service.upload(actor, part))
      },
    )
    app.get(
      '/api/documents/:id',
      { schema: { tags, params: idParamsSchema, response: { 200: documentSchema, ...errors } } },
      (request) => service.get(actorOf(request), request.params.id),
    )
    app.get(
      '/api/documents/:id/file',
      {
        schema: {
          tags,
          summary: 'Télécharger le document (toujours en pièce jointe)',
          params: idParamsSchema,
          produces: ['application/octet-stream'],
        },
      },
      async (request, reply) => {
        const file = await service.download(actorOf(request), request.params.id)
        return reply
          .header('content-disposition', attachmentHeader(file.fileName))
          .header('content-length', String(file.sizeBytes))
          .header('x-content-type-options', 'nosniff')
          .type(file.contentType)
          .send(file.stream)
      },
    )
    app.delete(
      '/api/documents/:id',
      {
        schema: {
          tags,
          summary: 'Supprimer un document (et son fichier)',
          params: idParamsSchema,
          response: { 200: okSchema, ...errors },
        },
      },
      (request) => service.remove(actorOf(request), request.params.id),
    )
  }
}
