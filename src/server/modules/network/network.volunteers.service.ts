import type { Kysely } from 'kysely'
import type { z } from 'zod'
import {
  type HelpKind,
  VOLUNTEER_STATUS,
  type Volunteer,
  type volunteerStatusInputSchema,
  type volunteerUpdateSchema,
} from '../../../shared/network.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import { portalUrl } from './network.common.ts'
import { volunteerApprovedEmail } from './network.emails.ts'
import type { NetworkRepository, VolunteerRow } from './network.repository.ts'
import type { NetworkSettingsService } from './network.settings.service.ts'

/** The coordinator's side of volunteers: the list, vetting, professional skills and places on the map. */
export class NetworkVolunteerService {
  constructor(
    private readonly repo: NetworkRepository,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
    private readonly settings: NetworkSettingsService,
    /** Without a trailing slash, as the configuration gives it. */
    private readonly publicUrl: string,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private toVolunteer(row: VolunteerRow & { active_needs: string; released_this_week: number }): Volunteer {
    return {
      id: row.id,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email,
      phone: row.phone,
      neighbourhood: row.neighbourhood,
      located: row.latitude !== null,
      latitude: row.latitude,
      longitude: row.longitude,
      helpKinds: row.help_kinds as HelpKind[],
      availability: row.availability,
      maxDistanceKm: row.max_distance_km,
      charterVersion: row.charter_version,
      status: row.status,
      statusReason: row.status_reason,
      professionalSkill: row.professional_skill,
      activeNeeds: Number(row.active_needs),
      releasedThisWeek: row.released_this_week,
      createdAt: isoTimestamp(row.created_at)!,
    }
  }

  private async oneVolunteer(actor: Actor, id: string, db: Kysely<Database>) {
    const [row] = (await this.repo.volunteers(actor.organisationId, { id }, db)).rows
    if (!row) throw notFound()
    return row
  }

  async listVolunteers(
    actor: Actor,
    query: { status?: VolunteerRow['status'] | undefined; page: number; pageSize: number },
  ) {
    assertAllowed(actor, 'network.coordinate')
    const { page, pageSize } = query
    return this.db.transaction().execute(async (trx) => {
      const { rows, total } = await this.repo.volunteers(
        actor.organisationId,
        { status: query.status },
        trx,
        {
          page,
          pageSize,
        },
      )
      await recordAudit(trx, actor, { action: 'volunteer.list', entityType: 'volunteer' })
      return { items: rows.map((row) => this.toVolunteer(row)), total: total ?? rows.length, page, pageSize }
    })
  }

  /** Vetting: approve, refuse or suspend, with a reason for the last two. */
  async setVolunteerStatus(actor: Actor, id: string, input: z.infer<typeof volunteerStatusInputSchema>) {
    assertAllowed(actor, 'network.coordinate')
    if (input.status !== 'approved' && !input.reason) {
      throw validationError('reason', 'Indiquez le motif du refus ou de la suspension.')
    }
    return this.db.transaction().execute(async (trx) => {
      const current = await this.oneVolunteer(actor, id, trx)
      if (current.status === input.status) {
        throw validationError(
          'status',
          `Ce bénévole est déjà « ${VOLUNTEER_STATUS.labels[input.status].toLowerCase()} ».`,
        )
      }
      await this.repo.updateVolunteer(trx, actor.organisationId, id, {
        status: input.status,
        status_reason: input.reason ?? null,
        status_changed_at: new Date(),
      })
      await recordAudit(trx, actor, {
        action: `volunteer.${input.status}`,
        entityType: 'volunteer',
        entityId: id,
      })
      if (input.status !== 'approved') {
        // Whoever may no longer help gives back what they held: the seniors are not left waiting.
        for (const need of await this.repo.releaseAllOf(trx, actor.organisationId, id)) {
          await recordAudit(trx, actor, {
            action: 'network.need.release',
            entityType: 'network_need',
            entityId: need.id,
            personId: need.person_id,
          })
        }
      }
      if (input.status === 'approved') {
        const organisation = await this.organisations.publicOrganisation(actor.organisationId, trx)
        await enqueueEmail(
          trx,
          volunteerApprovedEmail(
            current.email,
            organisation?.name ?? '',
            portalUrl(this.publicUrl, actor.organisationId),
          ),
          actor.organisationId,
        )
      }
      return this.toVolunteer(await this.oneVolunteer(actor, id, trx))
    })
  }

  /** The coordinator marks a professional skill, or places a volunteer on the map. */
  async updateVolunteer(actor: Actor, id: string, input: z.infer<typeof volunteerUpdateSchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      await this.oneVolunteer(actor, id, trx)
      const placing = input.latitude !== undefined || input.neighbourhoodId !== undefined
      // The coordinator places by hand: the address is not geocoded again.
      const place = placing ? await this.settings.placeOf(actor.organisationId, input, null, trx) : null
      await this.repo.updateVolunteer(trx, actor.organisationId, id, {
        ...(input.professionalSkill !== undefined ? { professional_skill: input.professionalSkill } : {}),
        ...(placing ? { latitude: place?.latitude ?? null, longitude: place?.longitude ?? null } : {}),
        ...(place?.neighbourhood ? { neighbourhood: place.neighbourhood } : {}),
      })
      await recordAudit(trx, actor, { action: 'volunteer.update', entityType: 'volunteer', entityId: id })
      return this.toVolunteer(await this.oneVolunteer(actor, id, trx))
    })
  }
}
