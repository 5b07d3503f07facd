import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { auditAccountsSchema, auditPageSchema, auditQuerySchema } from '../../../shared/audit.ts'
import { actorOf } from '../../platform/request-auth.ts'
import type { AuditService } from './audit.service.ts'

const problem = z.object({ code: z.string(), detail: z.string() }).passthrough()

export function auditRoutes(service: AuditService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/audit',
      {
        schema: {
          tags: ["Journal d'audit"],
          summary: "Recherche dans le journal d'audit (par utilisateur, personne, période)",
          querystring: auditQuerySchema,
          response: { 200: auditPageSchema, 400: problem, 403: problem },
        },
      },
      (request) => {
        const { page, ...filter } = request.query
        return service.search(actorOf(request), filter, page)
      },
    )
    app.get(
      '/api/audit/accounts',
      {
        schema: {
          tags: ["Journal d'audit"],
          summary: "Les comptes de l'organisation, pour filtrer le journal d'audit",
          response: { 200: auditAccountsSchema, 403: problem },
        },
      },
      (request) => service.accounts(actorOf(request)),
    )
  }
}
