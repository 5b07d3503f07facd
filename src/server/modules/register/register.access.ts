import type { Kysely } from 'kysely'
import { roleAllows } from '../../../shared/permissions.ts'
import type { RegisterEntry } from '../../../shared/register.ts'
import { ROLES } from '../../../shared/roles.ts'
import type { Database } from '../../db/schema.ts'
import type { AccessRule } from '../../platform/access-rules.ts'
import { forbidden, notFound } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { RegisterEntryRow, RegisterRepository } from './register.repository.ts'

// What the register's services share: who reaches the register, and how a registered person is shown.

type EmergencyContact = RegisterEntry['emergencyContacts'][number]

/** The stored contacts as the API gives them: each field named, a missing relationship as null. */
const emergencyContactsOf = (stored: unknown): EmergencyContact[] =>
  ((stored ?? []) as Partial<EmergencyContact>[]).map((contact) => ({
    name: contact.name ?? '',
    phone: contact.phone ?? '',
    relationship: contact.relationship ?? null,
  }))

/** The roles that make the calls of a campaign, as the permission table says. */
export const CALLER_ROLES = ROLES.filter((role) => roleAllows([role], 'register.write'))

/**
 * How to reach the person: their address, phone, the times to call and their emergency contacts. For
 * a person whose file is out of the reader's reach (a confidential team), masked as the name is.
 */
export function reachDetails(
  row: Pick<RegisterEntryRow, 'address' | 'phone' | 'best_call_times'> & { emergency_contacts: unknown },
  restricted: boolean,
) {
  if (restricted) {
    return { restricted, address: null, phone: null, bestCallTimes: null, emergencyContacts: [] }
  }
  return {
    restricted,
    address: row.address,
    phone: row.phone,
    bestCallTimes: row.best_call_times,
    emergencyContacts: emergencyContactsOf(row.emergency_contacts),
  }
}

/**
 * The order of calls in a campaign: power-dependent medical devices first, then living alone, then
 * the help needed and great age. A score, never a diagnosis.
 */
export function riskOf(
  entry: Pick<RegisterEntryRow, 'power_medical_devices' | 'lives_alone' | 'autonomy'>,
  age: number | null,
) {
  return (
    (entry.power_medical_devices ? 4 : 0) +
    (entry.lives_alone ? 3 : 0) +
    Math.min(entry.autonomy.length, 3) +
    (age !== null && age >= 85 ? 2 : 0)
  )
}

/**
 * Access: the organisation designates one team for the register (register settings). A user reaches
 * the register when their role allows the action AND they are a member of that team, or are the
 * director. Anyone else is refused as for a confidential team: 403 on the register's lists, 404 on one
 * of its records, so no one outside learns who is registered.
 */
export class RegisterAccess {
  constructor(private readonly repo: RegisterRepository) {}

  async settingsOf(organisationId: string, db: Kysely<Database>) {
    return (
      (await this.repo.settings(organisationId, db)) ?? {
        team_id: null,
        retry_delay_minutes: 60,
        max_attempts: 3,
      }
    )
  }

  designated(actor: Actor, teamId: string | null) {
    return actor.roles.includes('director') || (teamId !== null && actor.teamIds.includes(teamId))
  }

  /** The designated team, as the signed-in user's permissions (and so the menus) apply it. */
  accessRule(): AccessRule {
    return {
      actions: ['register.read', 'register.write', 'register.alert'],
      reaches: async (actor) =>
        this.designated(actor, (await this.settingsOf(actor.organisationId, this.repo.db)).team_id),
    }
  }

  /** The register's settings when the actor reaches it; `record` says a refusal answers 404. */
  async reach(
    actor: Actor,
    action: 'register.read' | 'register.write' | 'register.alert',
    db: Kysely<Database>,
    record = false,
  ) {
    assertAllowed(actor, action)
    const settings = await this.settingsOf(actor.organisationId, db)
    if (!this.designated(actor, settings.team_id)) throw record ? notFound() : forbidden()
    return settings
  }
}
