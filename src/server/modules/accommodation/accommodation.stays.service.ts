import type { Kysely } from 'kysely'
import type { z } from 'zod'
import {
  STAY_EXIT_DESTINATION,
  STRUCTURE_KIND,
  type StayExitDestination,
  type StayExitReason,
} from '../../../shared/accommodation.ts'
import type {
  StayDetail,
  StayEntryInput,
  StayEntryOptions,
  StayExitInput,
  StayMoveInput,
  StaySummary,
  stayListQuerySchema,
} from '../../../shared/accommodation-stays.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { andInActiveBase } from '../../platform/retention.ts'
import { newestFirst, type TimelineSource } from '../../platform/timeline.ts'
import type { FollowupService } from '../followup/followup.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { placeStatesOn } from './accommodation.occupancy.ts'
import type { AccommodationSettingsService } from './accommodation.settings.ts'
import { endStay, lockPlaceOf, openStay, placeUnavailability } from './accommodation.stay-writes.ts'
import {
  type AccommodationStaysRepository,
  dayOf,
  dayOrNull,
  type StaySummaryRow,
} from './accommodation.stays.repository.ts'

type People = Pick<PeopleService, 'visibleFileSql' | 'visiblePeople' | 'recordFileOrFail'>
type Followup = Pick<FollowupService, 'reachableRecord'>

/** Reading stays shows names: accommodation's read and the person's file, as far as the reader sees it. */
export function assertStayReader(actor: Actor) {
  assertAllowed(actor, 'accommodation.read')
  assertAllowed(actor, 'person.read')
}

/**
 * Stays: direct entries where the structure needs no admission (emergency nights), the stays of a
 * structure, a stay's page with its moves and exit, the link to the follow-up record, the person's
 * « Hébergement » panel and timeline. A stay follows its person's file: out of reach means absent.
 */
export class AccommodationStaysService {
  constructor(
    readonly repo: AccommodationStaysRepository,
    private readonly people: People,
    private readonly followup: Followup,
    private readonly settings: Pick<AccommodationSettingsService, 'readsMedical'>,
  ) {}

  private get db() {
    return this.repo.db
  }

  /** The actor may read medical notes: the medical roles and the roles the organisation adds. */
  isMedical(actor: Actor, db: Kysely<Database>) {
    return this.settings.readsMedical(actor, db)
  }

  /** The stay if it is the organisation's and its person's file is within the reader's reach. */
  async stayInReach(db: Kysely<Database>, actor: Actor, stayId: string, lock = false) {
    const stay = await this.repo.stay(db, actor.organisationId, stayId, lock)
    if (!stay) throw notFound()
    const visible = await this.people.visiblePeople(actor, [stay.person_id], db)
    if (!visible.has(stay.person_id)) throw notFound()
    return stay
  }

  private async toSummaries(
    actor: Actor,
    rows: StaySummaryRow[],
    db: Kysely<Database>,
  ): Promise<StaySummary[]> {
    const names = await this.people.visiblePeople(
      actor,
      rows.map((row) => row.person_id),
      db,
    )
    return rows.map((row) => ({
      id: row.id,
      structureId: row.structure_id,
      structureName: row.structure_name,
      structureKind: row.structure_kind,
      personId: row.person_id,
      personName: names.get(row.person_id)?.displayName ?? '—',
      placeLabel: row.place_label,
      unitLabel: row.unit_label,
      startedOn: dayOf(row.started_on),
      plannedEndOn: dayOrNull(row.planned_end_on),
      endedOn: dayOrNull(row.ended_on),
      exitDestination: row.exit_destination as StayExitDestination | null,
    }))
  }

  async list(actor: Actor, query: z.infer<typeof stayListQuerySchema>) {
    assertStayReader(actor)
    return this.db.transaction().execute(async (trx) => {
      const { items, total } = await this.repo.summaries(
        trx,
        actor.organisationId,
        // A structure's list is of the active base: an archived file's stays stay on the file itself.
        andInActiveBase(this.people.visibleFileSql(actor, 's.person_id'), 's.person_id'),
        { structureId: query.structureId, status: query.status },
        query,
      )
      await recordAudit(trx, actor, {
        action: 'accommodation_stay.list',
        entityType: 'accommodation_stay',
        entityId: query.structureId,
        personIds: items.map((row) => row.person_id),
        details: { status: query.status, count: items.length },
      })
      return {
        items: await this.toSummaries(actor, items, trx),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  /** The person's stays, newest first: the « Hébergement » panel of their file. */
  async ofPerson(actor: Actor, personId: string) {
    assertStayReader(actor)
    return this.db.transaction().execute(async (trx) => {
      const visible = await this.people.visiblePeople(actor, [personId], trx)
      if (!visible.has(personId)) throw notFound()
      const { items } = await this.repo.summaries(
        trx,
        actor.organisationId,
        this.people.visibleFileSql(actor, 's.person_id'),
        { personIds: [personId] },
      )
      items.sort((a, b) => dayOf(b.started_on).localeCompare(dayOf(a.started_on)))
      return { items: await this.toSummaries(actor, items, trx) }
    })
  }

  /** A stay's page; reading medical notes (medical readers only) is audited like every stay read. */
  async get(actor: Actor, stayId: string) {
    assertStayReader(actor)
    return this.db.transaction().execute(async (trx) => {
      const stay = await this.stayInReach(trx, actor, stayId)
      const medical = await this.isMedical(actor, trx)
      const detail = await this.detail(actor, stay.id, medical, trx)
      await recordAudit(trx, actor, {
        action: 'accommodation_stay.read',
        entityType: 'accommodation_stay',
        entityId: stay.id,
        personId: stay.person_id,
        details: { medicalNotes: medical && detail.opinions.some((o) => o.medicalNote) },
      })
      return detail
    })
  }

  async detail(actor: Actor, stayId: string, medical: boolean, db: Kysely<Database>): Promise<StayDetail> {
    const stay = await this.stayInReach(db, actor, stayId)
    const [summaryRow] = (
      await this.repo.summaries(db, actor.organisationId, this.people.visibleFileSql(actor, 's.person_id'), {
        stayId,
      })
    ).items
    if (!summaryRow) throw notFound()
    const [summary] = await this.toSummaries(actor, [summaryRow], db)
    const places = await this.repo.places(db, stayId)
    const renewals = await this.repo.renewals(db, [stayId])
    const opinions = await this.repo.opinions(db, [stayId])
    const mayManage = roleAllows(actor.roles, 'accommodation.manage')
    const open = stay.ended_on === null
    return {
      ...summary!,
      requestId: stay.request_id,
      requiresMedicalOpinion: stay.requires_medical_opinion,
      exitReason: stay.exit_reason as StayExitReason | null,
      exitNote: stay.exit_note,
      places: places.map((row) => ({
        placeId: row.place_id,
        placeLabel: row.place_label,
        unitLabel: row.unit_label,
        fromOn: dayOf(row.from_on),
        toOn: dayOrNull(row.to_on),
      })),
      renewals: renewals.map((row) => ({
        id: row.id,
        renewedOn: dayOf(row.renewed_on),
        previousEndOn: dayOrNull(row.previous_end_on),
        newEndOn: dayOf(row.new_end_on),
        justification: row.justification,
        decidedByName: row.decided_by_name,
        opinionGivenOn: dayOrNull(row.opinion_given_on),
      })),
      opinions: opinions.map((row) => ({
        id: row.id,
        opinion: row.opinion,
        givenOn: dayOf(row.given_on),
        givenByName: row.given_by_name,
        ...(medical ? { medicalNote: row.medical_note } : {}),
        used: row.used,
      })),
      supportRecord: await this.linkedRecord(actor, stay.support_record_id, db),
      linkableRecords:
        mayManage && open && roleAllows(actor.roles, 'followup.read')
          ? (await this.repo.openRecordsOf(db, actor.organisationId, stay.person_id)).map((row) => ({
              id: row.id,
              typeLabel: row.type_label,
            }))
          : [],
      freePlaces: mayManage && open ? await this.freePlaces(db, actor, stay.structure_id) : [],
      mayManage,
      mayGiveOpinion: open && stay.requires_medical_opinion && (await this.isMedical(actor, db)),
    }
  }

  /** The linked follow-up record, with its exit plan and goals, when the reader may see it. */
  private async linkedRecord(actor: Actor, recordId: string | null, db: Kysely<Database>) {
    if (!recordId || !roleAllows(actor.roles, 'followup.read')) return null
    try {
      const record = await this.followup.reachableRecord(actor, recordId, 'followup.read', db)
      const goals = await this.repo.goalsOf(db, record.id)
      return {
        id: record.id,
        typeLabel: record.type_label,
        status: record.status,
        exitPlan: record.exit_plan,
        goals: goals.map((goal) => ({
          label: goal.label,
          status: goal.status,
          targetOn: dayOrNull(goal.target_on),
        })),
      }
    } catch (error) {
      // A record of a confidential team the reader is not in: the stay shows without it.
      if (error instanceof AppError && error.status === 404) return null
      throw error
    }
  }

  private async freePlaces(db: Kysely<Database>, actor: Actor, structureId: string) {
    const states = await placeStatesOn(db, actor.organisationId, todayInFrance(), [structureId])
    return states
      .filter((row) => row.state === 'free')
      .map((row) => ({ placeId: row.placeId, placeLabel: row.placeLabel, unitLabel: row.unitLabel }))
  }

  /** Open structures with their free places today: the stays list's choice and the direct entry's. */
  async entryOptions(actor: Actor): Promise<StayEntryOptions> {
    assertStayReader(actor)
    const today = todayInFrance()
    const structures = await this.repo.activeStructures(this.db, actor.organisationId, today)
    const states = await placeStatesOn(
      this.db,
      actor.organisationId,
      today,
      structures.map((s) => s.id),
    )
    return {
      structures: structures.map((structure) => ({
        id: structure.id,
        name: structure.name,
        kind: structure.kind,
        directEntry: !structure.requires_director_validation,
        freePlaces: states
          .filter((row) => row.structureId === structure.id && row.state === 'free')
          .map((row) => ({ placeId: row.placeId, placeLabel: row.placeLabel, unitLabel: row.unitLabel })),
      })),
    }
  }

  /**
   * A direct entry, where the structure takes people without an admission request (an emergency
   * night): a structure requiring the director's validation goes through an admission request.
   */
  async enter(actor: Actor, input: StayEntryInput) {
    assertAllowed(actor, 'accommodation.manage')
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      const file = await this.people.recordFileOrFail(actor, input.personId, trx)
      const structure = await trx
        .selectFrom('accommodation_structures')
        .select(['id', 'requires_director_validation'])
        .where('organisation_id', '=', actor.organisationId)
        .where('id', '=', input.structureId)
        .executeTakeFirst()
      if (!structure) throw validationError('structureId', 'Structure inconnue.')
      if (structure.requires_director_validation) throw new AppError('STAY_NEEDS_ADMISSION', 409)
      if (input.supportRecordId) await this.assertLinkable(actor, input.supportRecordId, file.id, trx)
      const stay = await openStay(trx, actor, { ...input, personId: file.id })
      return this.detail(actor, stay.id, await this.isMedical(actor, trx), trx)
    })
  }

  /** A record of the same person the actor may read, open: what a stay may be linked to. */
  private async assertLinkable(actor: Actor, recordId: string, personId: string, db: Kysely<Database>) {
    assertAllowed(actor, 'followup.read')
    const record = await this.followup
      .reachableRecord(actor, recordId, 'followup.read', db)
      .catch((error: unknown) => {
        if (error instanceof AppError && error.status === 404) return undefined
        throw error
      })
    if (!record || record.person_id !== personId || record.status === 'closed') {
      throw validationError('supportRecordId', 'Choisissez un accompagnement en cours de cette personne.')
    }
  }

  /** Moves the person to another free place of the same structure from a day on. */
  async move(actor: Actor, stayId: string, input: StayMoveInput) {
    assertAllowed(actor, 'accommodation.manage')
    return this.db.transaction().execute(async (trx) => {
      const stay = await this.stayInReach(trx, actor, stayId, true)
      if (stay.ended_on !== null) throw new AppError('STAY_ALREADY_ENDED', 409)
      const place = await lockPlaceOf(trx, actor.organisationId, stay.structure_id, input.placeId)
      if (!place) throw validationError('placeId', 'Choisissez une place de la même structure.')
      const places = await this.repo.places(trx, stay.id)
      const current = places.find((row) => row.to_on === null)
      if (!current) throw new AppError('STAY_ALREADY_ENDED', 409)
      if (current.place_id === place.id)
        throw validationError('placeId', 'La personne occupe déjà cette place.')
      if (input.movedOn <= dayOf(current.from_on)) {
        throw validationError('movedOn', 'Le changement de place suit l’arrivée sur la place actuelle.')
      }
      if (
        await placeUnavailability(trx, actor.organisationId, place.id, input.movedOn, {
          exceptStayId: stay.id,
        })
      ) {
        throw new AppError('STAY_PLACE_NOT_FREE', 409)
      }
      await trx
        .updateTable('accommodation_stay_places')
        .set({ to_on: input.movedOn })
        .where('id', '=', current.id)
        .execute()
      await trx
        .insertInto('accommodation_stay_places')
        .values({
          organisation_id: actor.organisationId,
          stay_id: stay.id,
          place_id: place.id,
          from_on: input.movedOn,
        })
        .execute()
      await recordAudit(trx, actor, {
        action: 'accommodation_stay.move',
        entityType: 'accommodation_stay',
        entityId: stay.id,
        personId: stay.person_id,
        details: { fromPlaceId: current.place_id, toPlaceId: place.id },
      })
      return this.detail(actor, stay.id, await this.isMedical(actor, trx), trx)
    })
  }

  async exit(actor: Actor, stayId: string, input: StayExitInput) {
    assertAllowed(actor, 'accommodation.manage')
    return this.db.transaction().execute(async (trx) => {
      const stay = await this.stayInReach(trx, actor, stayId, true)
      await endStay(trx, actor, stay.id, input)
      return this.detail(actor, stay.id, await this.isMedical(actor, trx), trx)
    })
  }

  /** Links the stay to a follow-up record of the person (its exit plan is the record's), or unlinks it. */
  async linkRecord(actor: Actor, stayId: string, supportRecordId: string | null) {
    assertAllowed(actor, 'accommodation.manage')
    return this.db.transaction().execute(async (trx) => {
      const stay = await this.stayInReach(trx, actor, stayId, true)
      if (supportRecordId) await this.assertLinkable(actor, supportRecordId, stay.person_id, trx)
      await trx
        .updateTable('accommodation_stays')
        .set({ support_record_id: supportRecordId, updated_at: new Date() })
        .where('id', '=', stay.id)
        .execute()
      await recordAudit(trx, actor, {
        action: 'accommodation_stay.link',
        entityType: 'accommodation_stay',
        entityId: stay.id,
        personId: stay.person_id,
        details: { linked: supportRecordId !== null },
      })
      return this.detail(actor, stay.id, await this.isMedical(actor, trx), trx)
    })
  }

  /** Entries, renewals and exits on the person's timeline; everything about the stays in the access export. */
  timelineSource(): TimelineSource {
    const mayRead = (actor: Actor) => roleAllows(actor.roles, 'accommodation.read')
    const staysOf = (db: Kysely<Database>, actor: Actor, personIds: string[]) =>
      this.repo.summaries(db, actor.organisationId, this.people.visibleFileSql(actor, 's.person_id'), {
        personIds,
      })
    return {
      kind: 'accommodation_stay',
      label: 'Hébergement',
      entries: async (db, actor, personIds, { limit }) => {
        if (!mayRead(actor)) return []
        const visible = this.people.visibleFileSql(actor, 's.person_id')
        const events = await this.repo.latestEvents(db, actor.organisationId, visible, personIds, limit)
        const shown = new Set(events.map((event) => event.id))
        const { items } = await this.repo.summaries(db, actor.organisationId, visible, {
          personIds,
          stayIds: [...new Set(events.map((event) => event.stay_id))],
        })
        const renewals = (
          await this.repo.renewals(
            db,
            items.map((row) => row.id),
          )
        ).filter((renewal) => shown.has(renewal.id))
        const byId = new Map(items.map((row) => [row.id, row]))
        const at = (day: unknown) => new Date(`${dayOf(day)}T12:00:00Z`).toISOString()
        const entries: TimelineEntry[] = []
        for (const row of items) {
          const where = `${row.structure_name}${row.place_label ? `, place ${row.place_label}` : ''}`
          if (shown.has(row.id))
            entries.push({
              kind: 'accommodation_stay',
              kindLabel: 'Hébergement',
              id: row.id,
              at: at(row.started_on),
              title: `Entrée : ${where}`,
              detail: STRUCTURE_KIND.labels[row.structure_kind],
              personId: row.person_id,
            })
          if (row.ended_on !== null && row.last_place_row_id && shown.has(row.last_place_row_id)) {
            entries.push({
              kind: 'accommodation_stay',
              kindLabel: 'Hébergement',
              id: row.last_place_row_id,
              at: at(row.ended_on),
              title: `Sortie : ${row.structure_name}`,
              detail: `Destination : ${STAY_EXIT_DESTINATION.labels[row.exit_destination as StayExitDestination]}`,
              personId: row.person_id,
            })
          }
        }
        for (const renewal of renewals) {
          const stay = byId.get(renewal.stay_id)
          if (!stay) continue
          entries.push({
            kind: 'accommodation_stay',
            kindLabel: 'Hébergement',
            id: renewal.id,
            at: at(renewal.renewed_on),
            title: `Séjour renouvelé : ${stay.structure_name}`,
            detail: `Jusqu’au ${dayOf(renewal.new_end_on).split('-').reverse().join('/')}`,
            personId: stay.person_id,
          })
        }
        return newestFirst(entries, limit)
      },
      count: async (db, actor, personIds) =>
        mayRead(actor)
          ? this.repo.eventCount(
              db,
              actor.organisationId,
              this.people.visibleFileSql(actor, 's.person_id'),
              personIds,
            )
          : 0,
      latest: async (db, actor, personIds, now) => {
        if (!mayRead(actor)) return new Map()
        const { items } = await staysOf(db, actor, personIds)
        const latest = new Map<string, Date>()
        for (const row of items) {
          const started = new Date(`${dayOf(row.started_on)}T12:00:00Z`)
          // A stay still running is a contact every day: the person lives in the CCAS's place.
          const on =
            row.ended_on === null
              ? started > now
                ? started
                : now
              : new Date(`${dayOf(row.ended_on)}T12:00:00Z`)
          const known = latest.get(row.person_id)
          if (!known || known < on) latest.set(row.person_id, on)
        }
        return latest
      },
      export: async (db, actor, personIds) => {
        const { items } = await staysOf(db, actor, personIds)
        const medical = await this.isMedical(actor, db)
        const out = []
        for (const row of items) out.push(await this.detail(actor, row.id, medical, db))
        // The export is the person's data: what the reader's actions would be is not part of it.
        return out.map(
          ({ mayManage: _m, mayGiveOpinion: _g, freePlaces: _f, linkableRecords: _l, ...stay }) => stay,
        )
      },
    }
  }
}
