import type { Kysely, Updateable } from 'kysely'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import type {
  Encounter,
  EncounterInput,
  encounterListQuerySchema,
  encounterUpdateSchema,
} from '../../../shared/outreach.ts'
import type { Db } from '../../db/database.ts'
import type { Database, OutreachEncounterTable } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, notInFuture, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed, canSeeConfidentialTeam } from '../../platform/permissions.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { OutreachCaseloadService } from './outreach.caseload.service.ts'
import { checkTeam, recordFile } from './outreach.common.ts'
import type { OutreachEncounterRepository } from './outreach.encounters.repository.ts'
import type { OutreachPlaceRepository } from './outreach.places.repository.ts'
import type { OutreachRepository } from './outreach.repository.ts'

type EncounterListed = Awaited<ReturnType<OutreachEncounterRepository['encounters']>>[number]

/** Thrown inside a transaction to undo it when a concurrent resend won: its encounter is answered. */
class AlreadyRecorded extends Error {}

/** For an anonymous encounter: a child seen means a family; more than one person, a group. */
function observedHousehold(input: EncounterInput) {
  if (input.householdType !== undefined) return input.householdType
  if (!input.anonymous) return null
  if (input.anonymous.withChildren) return 'with_children'
  return input.anonymous.peopleCount > 1 ? 'group' : 'alone'
}

/** Encounters in the street, named or anonymous, recorded once even when the phone sends them twice. */
export class OutreachEncounterService {
  constructor(
    private readonly repo: OutreachRepository,
    private readonly encounterRepo: OutreachEncounterRepository,
    private readonly placeRepo: OutreachPlaceRepository,
    private readonly people: PeopleService,
    private readonly caseload: OutreachCaseloadService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  /**
   * Checks every reference of an encounter in one round trip (it is recorded in the street, on a phone
   * network); a wrong one is a field error, never a 500.
   */
  private async checkEncounterReferences(
    actor: Actor,
    input: {
      teamId?: string | null
      roundId?: string | null
      placeId?: string | null
      orientationTeamId?: string | null
      orientationPartnerServiceId?: string | null
      reasonIds?: string[]
    },
    db: Kysely<Database>,
  ) {
    const found = await this.repo.references(db, actor, input)
    checkTeam(actor, input.teamId, found.team_confidential, 'teamId')
    if (input.roundId) {
      const round = found.round
      if (!round || (round.confidential && !canSeeConfidentialTeam(actor, round.team_id!))) {
        throw validationError('roundId', 'Tournée inconnue.')
      }
      if (round.status === 'cancelled') throw validationError('roundId', 'Cette tournée est annulée.')
    }
    if (input.placeId && !found.place) throw validationError('placeId', 'Lieu inconnu.')
    if (input.orientationTeamId && !found.orientation_team) {
      throw validationError('orientationTeamId', 'Équipe inconnue.')
    }
    if (input.orientationPartnerServiceId && !found.partner_service) {
      throw validationError('orientationPartnerServiceId', 'Service partenaire inconnu.')
    }
    if (input.reasonIds?.length) {
      const active = new Set(found.active_reasons)
      const unknown = input.reasonIds.findIndex((id) => !active.has(id))
      if (unknown >= 0) throw validationError(`reasonIds.${unknown}`, 'Motif inconnu.')
    }
    return found
  }

  async toEncounters(actor: Actor, rows: EncounterListed[], db: Kysely<Database>): Promise<Encounter[]> {
    const people = await this.people.visiblePeople(
      actor,
      rows.flatMap((r) => (r.person_id ? [r.person_id] : [])),
      db,
    )
    return rows.map((row) => {
      // Linked to a file the reader may not see (confidential team): neither the link nor the note shows.
      const hidden = row.person_id !== null && !people.has(row.person_id)
      const anonymous = row.person_id === null
      return {
        id: row.id,
        idempotencyKey: row.idempotency_key,
        occurredAt: isoTimestamp(row.occurred_at),
        roundId: row.round_id,
        teamId: row.team_id,
        teamName: row.team_name,
        latitude: row.latitude,
        longitude: row.longitude,
        address: row.address,
        placeId: row.place_id,
        placeName: row.place_name,
        personId: hidden ? null : row.person_id,
        personName: row.person_id ? (people.get(row.person_id)?.displayName ?? null) : null,
        anonymous: anonymous
          ? {
              sex: row.anonymous_sex,
              approximateAge: row.anonymous_age,
              withChildren: row.anonymous_with_children,
              peopleCount: row.anonymous_people_count ?? 1,
              description: row.anonymous_description,
            }
          : null,
        householdType: row.household_type as Encounter['householdType'],
        situation: row.situation as Encounter['situation'],
        reasonIds: row.reason_ids,
        needs: row.needs as Encounter['needs'],
        actions: row.actions as Encounter['actions'],
        orientationTeamId: row.orientation_team_id,
        orientationPartnerServiceId: row.orientation_partner_service_id,
        orientationPartnerServiceName: row.service_name,
        note: hidden ? null : row.note,
        followupId: hidden ? null : row.followup_id,
        createdBy: row.author_name,
        createdAt: isoTimestamp(row.created_at),
      }
    })
  }

  private async encounter(actor: Actor, id: string, db: Kysely<Database>) {
    const [row] = await this.encounterRepo.encounters(actor, { id }, 1, db)
    if (!row) throw notFound()
    return (await this.toEncounters(actor, [row], db))[0]!
  }

  /**
   * Records an encounter once per idempotency key: a resend (the offline queue replaying, a double
   * tap) answers the first one with `created: false`, even when both arrive at the same time.
   */
  async createEncounter(
    actor: Actor,
    input: EncounterInput,
  ): Promise<{ encounter: Encounter; created: boolean }> {
    assertAllowed(actor, 'outreach.write')
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : new Date()
    notInFuture(occurredAt, 'occurredAt')
    try {
      return await this.db.transaction().execute(async (trx) => {
        await this.encounterRepo.lockIdempotencyKey(trx, actor.organisationId, input.idempotencyKey)
        const existing = await this.encounterRepo.encounterByKey(
          actor.organisationId,
          input.idempotencyKey,
          trx,
        )
        if (existing) return { encounter: await this.encounter(actor, existing.id, trx), created: false }
        const found = await this.checkEncounterReferences(actor, input, trx)
        // Met during a team's round: the encounter is the team's unless the agent says otherwise.
        const teamId = input.teamId !== undefined ? input.teamId : (found.round?.team_id ?? null)
        const personId = input.personId
          ? await recordFile(this.people, actor, input.personId, trx)
          : input.newPerson
            ? (
                await this.people.createWithin(
                  actor,
                  {
                    aliases: input.newPerson.nickname ? [input.newPerson.nickname] : [],
                    description: input.newPerson.description,
                    sex: input.newPerson.sex,
                    approximateAge: input.newPerson.approximateAge,
                    approximateAgeOn: todayInFrance(occurredAt),
                    referralSource: 'outreach',
                    teamId,
                  },
                  trx,
                )
              ).id
            : null
        const anonymous = personId ? null : input.anonymous
        const inserted = await this.encounterRepo.insertEncounter(trx, actor, {
          idempotency_key: input.idempotencyKey,
          round_id: input.roundId ?? null,
          team_id: teamId,
          occurred_at: occurredAt,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          address: input.address ?? null,
          place_id: input.placeId ?? null,
          person_id: personId,
          anonymous_sex: anonymous?.sex ?? null,
          anonymous_age: anonymous?.approximateAge ?? null,
          anonymous_with_children: anonymous?.withChildren ?? null,
          anonymous_people_count: anonymous ? anonymous.peopleCount : null,
          anonymous_description: anonymous?.description ?? null,
          household_type: observedHousehold(input),
          situation: input.situation,
          reason_ids: [...new Set(input.reasonIds)],
          needs: [...new Set(input.needs)],
          actions: [...new Set(input.actions)],
          orientation_team_id: input.orientationTeamId ?? null,
          orientation_partner_service_id: input.orientationPartnerServiceId ?? null,
          note: input.note ?? null,
        })
        if (!inserted) throw new AlreadyRecorded()
        if (input.placeId && input.placeOccupants !== undefined) {
          await this.placeRepo.addPlaceVisit(trx, actor, {
            place_id: input.placeId,
            visited_at: occurredAt,
            occupants: input.placeOccupants,
            round_id: input.roundId ?? null,
            encounter_id: inserted.id,
            note: null,
          })
        }
        if (personId) {
          await this.caseload.engage(trx, actor, personId, teamId, occurredAt, input.engagementStage ?? null)
        }
        await recordAudit(trx, actor, {
          action: 'outreach.encounter_create',
          entityType: 'outreach_encounter',
          entityId: inserted.id,
          personId,
        })
        return { encounter: await this.encounter(actor, inserted.id, trx), created: true }
      })
    } catch (error) {
      if (!(error instanceof AlreadyRecorded)) throw error
      return this.db.transaction().execute(async (trx) => {
        const existing = await this.encounterRepo.encounterByKey(
          actor.organisationId,
          input.idempotencyKey,
          trx,
        )
        if (!existing) throw error
        return { encounter: await this.encounter(actor, existing.id, trx), created: false }
      })
    }
  }

  async listEncounters(actor: Actor, query: z.infer<typeof encounterListQuerySchema>) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      let personIds: string[] | undefined
      if (query.personId) {
        if (!(await this.people.visiblePeople(actor, [query.personId], trx)).has(query.personId))
          throw notFound()
        personIds = [query.personId]
      }
      const rows = await this.encounterRepo.encounters(actor, { ...query, personIds }, query.limit, trx)
      await recordAudit(trx, actor, {
        action: 'outreach.encounter_list',
        entityType: 'outreach_encounter',
        personId: query.personId,
      })
      return this.toEncounters(actor, rows, trx)
    })
  }

  async getEncounter(actor: Actor, id: string) {
    assertAllowed(actor, 'outreach.read')
    return this.db.transaction().execute(async (trx) => {
      const encounter = await this.encounter(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'outreach.encounter_read',
        entityType: 'outreach_encounter',
        entityId: id,
        personId: encounter.personId,
      })
      return encounter
    })
  }

  /** Completes an encounter: the anonymous person now has a file (their follow-up opens), a note… */
  async updateEncounter(actor: Actor, id: string, input: z.infer<typeof encounterUpdateSchema>) {
    assertAllowed(actor, 'outreach.write')
    return this.db.transaction().execute(async (trx) => {
      const [current] = await this.encounterRepo.encounters(actor, { id }, 1, trx)
      if (!current) throw notFound()
      if (
        current.person_id &&
        !(await this.people.visiblePeople(actor, [current.person_id], trx)).has(current.person_id)
      ) {
        throw notFound()
      }
      await this.checkEncounterReferences(actor, input, trx)
      const actions = input.actions ?? (current.actions as EncounterInput['actions'])
      const orientationTeam =
        input.orientationTeamId !== undefined ? input.orientationTeamId : current.orientation_team_id
      const orientationService =
        input.orientationPartnerServiceId !== undefined
          ? input.orientationPartnerServiceId
          : current.orientation_partner_service_id
      if (actions.includes('orientation_team') && !orientationTeam) {
        throw validationError(
          'orientationTeamId',
          'Choisissez l’équipe vers laquelle la personne est orientée.',
        )
      }
      if (actions.includes('orientation_partner') && !orientationService) {
        throw validationError(
          'orientationPartnerServiceId',
          'Choisissez le service partenaire vers lequel la personne est orientée.',
        )
      }
      if (actions.includes('nothing_accepted') && actions.length > 1) {
        throw validationError('actions', '« Rien n’a été accepté » ne se combine pas avec une autre action.')
      }
      const values: Updateable<OutreachEncounterTable> = {}
      let newPerson: string | null = null
      if (input.personId !== undefined && input.personId !== current.person_id) {
        if (input.personId === null) {
          throw validationError('personId', 'Une rencontre avec une personne ne redevient pas anonyme.')
        }
        newPerson = await recordFile(this.people, actor, input.personId, trx)
        values.person_id = newPerson
      }
      if (input.situation !== undefined) values.situation = input.situation
      if (input.householdType !== undefined) values.household_type = input.householdType
      if (input.reasonIds !== undefined) values.reason_ids = [...new Set(input.reasonIds)]
      if (input.needs !== undefined) values.needs = [...new Set(input.needs)]
      if (input.actions !== undefined) values.actions = [...new Set(input.actions)]
      if (input.orientationTeamId !== undefined) values.orientation_team_id = input.orientationTeamId
      if (input.orientationPartnerServiceId !== undefined) {
        values.orientation_partner_service_id = input.orientationPartnerServiceId
      }
      if (input.placeId !== undefined) values.place_id = input.placeId
      if (input.note !== undefined) values.note = input.note
      await this.encounterRepo.updateEncounter(trx, actor, id, values)
      if (newPerson)
        await this.caseload.engage(
          trx,
          actor,
          newPerson,
          current.team_id,
          new Date(current.occurred_at),
          null,
        )
      await recordAudit(trx, actor, {
        action: 'outreach.encounter_update',
        entityType: 'outreach_encounter',
        entityId: id,
        personId: newPerson ?? current.person_id,
      })
      return this.encounter(actor, id, trx)
    })
  }
}
