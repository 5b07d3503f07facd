import { type Action, roleAllows } from '../../shared/permissions.ts'
import type { Role } from '../../shared/roles.ts'
import { AppError, forbidden, notFound } from './errors.ts'

/** Who is acting: built from the session for every authenticated request. */
export interface Actor {
  userId: string
  organisationId: string
  sessionId: string
  roles: Role[]
  teamIds: string[]
  ip: string | null
}

/** What an action applies to, when it applies to a record. */
export interface ResourceScope {
  organisationId: string
  /** Team holding the record; with `teamConfidential`, only its members and the director see it. */
  teamId?: string | null
  teamConfidential?: boolean
}

export function canSeeConfidentialTeam(actor: Actor, teamId: string): boolean {
  return actor.roles.includes('director') || actor.teamIds.includes(teamId)
}

/** The one permission check: the role table, the organisation boundary, team confidentiality. */
export function can(actor: Actor, action: Action, resource?: ResourceScope): boolean {
  if (!roleAllows(actor.roles, action)) return false
  if (!resource) return true
  if (resource.organisationId !== actor.organisationId) return false
  if (resource.teamConfidential && resource.teamId) return canSeeConfidentialTeam(actor, resource.teamId)
  return true
}

/** Refuses an action the role does not allow (403). */
export function assertAllowed(actor: Actor, action: Action): void {
  if (!roleAllows(actor.roles, action)) throw forbidden()
}

/**
 * Refuses access to one record. A record of another organisation or of a confidential team answers
 * "not found", exactly like an absent one, so no one learns that it exists.
 */
export function assertCanAccess(actor: Actor, action: Action, resource: ResourceScope | undefined): void {
  assertAllowed(actor, action)
  if (!resource || !can(actor, action, resource)) throw notFound()
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}
