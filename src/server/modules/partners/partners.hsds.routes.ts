import fastifyMultipart from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  HSDS_MAX_UPLOAD_BYTES,
  hsdsMappingInputSchema,
  hsdsMappingListSchema,
  hsdsPreviewSchema,
} from '../../../shared/partners-hsds.ts'
import { AppError, validationError } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { PartnersHsdsImportService } from './partners.hsds-import.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()
const errors = { 400: problem, 403: problem, 404: problem }

export function partnersHsdsRoutes(hsds: PartnersHsdsImportService): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(fastifyMultipart, {
      throwFileSizeLimit: false,
      limits: {
        fileSize: HSDS_MAX_UPLOAD_BYTES,
        files: 1,
        fields: 2,
        fieldSize: 200,
        parts: 3,
        headerPairs: 100,
      },
    })
    const tags = ['Partenaires']

    /** The one file of the form, whole in memory (10 Mo at most), checked by the caller's rights first. */
    async function upload(request: FastifyRequest, check: () => void) {
      check()
      if (!request.isMultipart()) throw validationError('file', 'Joignez le jeu de données (zip ou JSON).')
      const file = await request.file()
      if (!file) throw validationError('file', 'Joignez le jeu de données (zip ou JSON).')
      const chunks: Buffer[] = []
      for await (const chunk of file.file) chunks.push(chunk as Buffer)
      if (file.file.truncated) {
        throw new AppError(
          'DOCUMENT_TOO_LARGE',
          413,
          'Ce fichier dépasse 10 Mo : déposez un jeu de données plus petit.',
        )
      }
      return { name: file.filename.slice(0, 200), content: Buffer.concat(chunks) }
    }
    const mayManage = (actor: Actor) => () => hsds.assertMayImport(actor)

    app.post(
      '/api/partners/hsds/preview',
      {
        schema: {
          tags,
          summary:
            'Aperçu d’un jeu de données HSDS 3 (Open Referral) : zip du paquet de données ou JSON (multipart, champ `file`). Rien n’est écrit.',
          consumes: ['multipart/form-data'],
          response: { 200: hsdsPreviewSchema, ...errors, 413: problem },
        },
      },
      async (request) => {
        const actor = actorOf(request)
        const file = await upload(request, mayManage(actor))
        return hsds.preview(actor, file.name, file.content)
      },
    )
    app.post(
      '/api/partners/hsds/import',
      {
        schema: {
          tags,
          summary:
            'Importer un jeu de données HSDS 3 sans erreur : tout ou rien, les ids HSDS gardés pour le réimporter',
          consumes: ['multipart/form-data'],
          response: { 200: hsdsPreviewSchema, ...errors, 413: problem },
        },
      },
      async (request) => {
        const actor = actorOf(request)
        const file = await upload(request, mayManage(actor))
        return hsds.import(actor, file.name, file.content)
      },
    )
    app.get(
      '/api/partners/hsds/export.zip',
      {
        schema: {
          tags,
          summary: 'L’annuaire en paquet de données HSDS 3 (datapackage.json et fichiers CSV)',
          produces: ['application/zip'],
          response: { 200: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const zip = await hsds.exportPackage(actorOf(request))
        return reply
          .header('content-type', 'application/zip')
          .header('content-disposition', 'attachment; filename="annuaire-hsds.zip"')
          .send(zip)
      },
    )
    app.get(
      '/api/partners/hsds/export.json',
      {
        schema: {
          tags,
          summary: 'L’annuaire en JSON HSDS 3 (organisations et leurs services)',
          response: { 200: z.array(z.record(z.string(), z.unknown())), ...errors },
        },
      },
      async (request, reply) => {
        const json = await hsds.exportJson(actorOf(request))
        return reply.header('content-disposition', 'attachment; filename="annuaire-hsds.json"').send(json)
      },
    )
    app.get(
      '/api/partners/hsds/taxonomy-mappings',
      {
        schema: {
          tags,
          summary: 'Correspondance des termes de taxonomie HSDS avec les catégories de Trame',
          response: { 200: hsdsMappingListSchema, ...errors },
        },
      },
      async (request) => ({ items: await hsds.mappings(actorOf(request)) }),
    )
    app.put(
      '/api/partners/hsds/taxonomy-mappings',
      {
        schema: {
          tags,
          summary: 'Enregistrer toute la correspondance des termes HSDS',
          body: hsdsMappingInputSchema,
          response: { 200: hsdsMappingListSchema, ...errors },
        },
      },
      async (request) => ({ items: await hsds.saveMappings(actorOf(request), request.body.items) }),
    )
  }
}
