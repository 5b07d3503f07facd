import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type {
  NetworkSettings,
  neighbourhoodInputSchema,
  networkSettingsInputSchema,
} from '../../../shared/network.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import type { Geocoder, Point } from '../../platform/geocoder.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { NetworkRepository } from './network.repository.ts'

/** The network's settings, its neighbourhoods, and where a volunteer or a senior is on the map. */
export class NetworkSettingsService {
  constructor(
    private readonly repo: NetworkRepository,
    /** Places volunteers and seniors from their address, when a service is configured. */
    private readonly geocoder: Geocoder,
    /** The installation's map tiles, for the coordinator's maps. */
    private readonly map: { tileUrl: string; tileAttribution: string },
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private toSettings(row: Awaited<ReturnType<NetworkRepository['settings']>>): NetworkSettings {
    return {
      escalateAfterHours: row.escalate_after_hours,
      escalationPartnerId: row.escalation_partner_id,
      escalationTeamId: row.escalation_team_id,
      seniorsLineTeamId: row.seniors_line_team_id,
      offerCount: row.offer_count,
      weeklyReleaseLimit: row.weekly_release_limit,
      mapTileUrl: this.map.tileUrl,
      mapTileAttribution: this.map.tileAttribution,
    }
  }

  async settings(actor: Actor) {
    assertAllowed(actor, 'network.coordinate')
    return this.toSettings(await this.repo.settings(actor.organisationId))
  }

  async saveSettings(actor: Actor, input: z.infer<typeof networkSettingsInputSchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const checks = [
        ['escalationPartnerId', { partnerId: input.escalationPartnerId }],
        ['escalationTeamId', { teamId: input.escalationTeamId }],
        ['seniorsLineTeamId', { teamId: input.seniorsLineTeamId }],
      ] as const
      for (const [field, target] of checks) {
        if (
          Object.values(target)[0] &&
          !(await this.repo.escalationTarget(actor.organisationId, target, trx))
        ) {
          throw validationError(field, 'Valeur inconnue.')
        }
      }
      await this.repo.saveSettings(trx, {
        organisation_id: actor.organisationId,
        escalate_after_hours: input.escalateAfterHours,
        escalation_partner_id: input.escalationPartnerId,
        escalation_team_id: input.escalationTeamId,
        seniors_line_team_id: input.seniorsLineTeamId,
        offer_count: input.offerCount,
        ...(input.weeklyReleaseLimit !== undefined ? { weekly_release_limit: input.weeklyReleaseLimit } : {}),
      })
      await recordAudit(trx, actor, { action: 'network.settings.update', entityType: 'network_settings' })
      return this.toSettings(await this.repo.settings(actor.organisationId, trx))
    })
  }

  /** Those who enter needs pick a neighbourhood too, so they may read the list. */
  async neighbourhoods(actor: Actor) {
    if (!roleAllows(actor.roles, 'network.need.create')) assertAllowed(actor, 'network.coordinate')
    return this.repo.neighbourhoods(actor.organisationId)
  }

  async addNeighbourhood(actor: Actor, input: z.infer<typeof neighbourhoodInputSchema>) {
    assertAllowed(actor, 'network.coordinate')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.insertNeighbourhood(trx, {
        organisation_id: actor.organisationId,
        ...input,
      })
      if (!row) throw validationError('name', 'Ce quartier existe déjà.')
      await recordAudit(trx, actor, {
        action: 'network.neighbourhood.create',
        entityType: 'network_neighbourhood',
        entityId: row.id,
      })
      return (await this.repo.neighbourhood(actor.organisationId, row.id, trx))!
    })
  }

  /** Removing a centre leaves those placed by it where they are. */
  async removeNeighbourhood(actor: Actor, id: string) {
    assertAllowed(actor, 'network.coordinate')
    await this.db.transaction().execute(async (trx) => {
      const result = await this.repo.deleteNeighbourhood(trx, actor.organisationId, id)
      if (Number(result.numDeletedRows) === 0) throw notFound()
      await recordAudit(trx, actor, {
        action: 'network.neighbourhood.delete',
        entityType: 'network_neighbourhood',
        entityId: id,
      })
    })
    return { ok: true as const }
  }

  /**
   * Where someone is on the map: the point given, else the centre of the neighbourhood chosen, else
   * their address geocoded; null leaves them for the coordinator to place.
   */
  async placeOf(
    organisationId: string,
    input: { latitude?: number | null; longitude?: number | null; neighbourhoodId?: string | null },
    address: string | null,
    db: Kysely<Database>,
  ): Promise<(Point & { neighbourhood?: string }) | null> {
    if ((input.latitude == null) !== (input.longitude == null)) {
      throw validationError('latitude', 'Indiquez la latitude et la longitude, ou aucune des deux.')
    }
    if (input.latitude != null && input.longitude != null) {
      return { latitude: input.latitude, longitude: input.longitude }
    }
    if (input.neighbourhoodId) {
      // A neighbourhood chosen by hand wins: the address then never leaves Trame.
      const centre = await this.repo.neighbourhood(organisationId, input.neighbourhoodId, db)
      if (!centre) throw validationError('neighbourhoodId', 'Quartier inconnu.')
      return { latitude: centre.latitude, longitude: centre.longitude, neighbourhood: centre.name }
    }
    return address ? await this.geocoder.locate(address) : null
  }
}
