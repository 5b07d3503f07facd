import type { Kysely } from 'kysely'
import type { z } from 'zod'
import {
  ADMISSION_STATUS,
  type AdmissionStatus,
  MEDICAL_OPINION,
  type MedicalOpinion,
  ORIENTATION_SOURCE,
} from '../../../shared/accommodation.ts'
import {
  type AdmissionRequest,
  type AdmissionRequestSummary,
  type admissionRequestInputSchema,
  type admissionRequestListQuerySchema,
  type admissionRequestUpdateSchema,
  type admissionWithdrawalSchema,
  WAITING_STATUSES,
} from '../../../shared/accommodation-admissions.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Role } from '../../../shared/roles.ts'
import type { Database } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, forbidden, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed, isAppError } from '../../platform/permissions.ts'
import { andInActiveBase } from '../../platform/retention.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { FollowupService } from '../followup/followup.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { AdmissionRequestsRepository } from './accommodation.requests.repository.ts'

export type RequestRow = NonNullable<Awaited<ReturnType<AdmissionRequestsRepository['request']>>>
type People = Pick<PeopleService, 'visibleFileSql' | 'visiblePeople' | 'recordFileOrFail' | 'householdIdOf'>

/** While the social part may still change and the request be withdrawn. */
const EDITABLE: readonly AdmissionStatus[] = ['received', 'medical_review', 'awaiting_validation']
const WAITING: readonly AdmissionStatus[] = WAITING_STATUSES

/** The status a request reaches once its medical step is behind it (or has none). */
export const statusAfterMedical = (row: Pick<RequestRow, 'requires_director_validation'>): AdmissionStatus =>
  row.requires_director_validation ? 'awaiting_validation' : 'received'

/**
 * Who decides (validates or refuses): the director (`accommodation.validate`) where the structure
 * requires the director's validation; otherwise also whoever manages stays.
 */
export const mayDecide = (actor: Actor, row: Pick<RequestRow, 'requires_director_validation'>) =>
  roleAllows(actor.roles, 'accommodation.validate') ||
  (!row.requires_director_validation && roleAllows(actor.roles, 'accommodation.manage'))

/** The medical part's readers and writers: medical roles, and the roles the organisation adds. */
export const mayReadMedical = (actor: Actor, extraRoles: readonly Role[]) =>
  roleAllows(actor.roles, 'accommodation.medical') || actor.roles.some((role) => extraRoles.includes(role))

/**
 * Admission requests to a structure: a worker enters one for a person (with companions of their
 * household) from an orientation; it waits by priority then date. A request follows its person's
 * file: whoever may not see the person gets "not found". Reading names needs `accommodation.read`
 * and `person.read` (the administrator manages structures, never names). The medical part and the
 * decision live in accommodation.medical.service.ts and accommodation.validation.service.ts.
 */
export class AdmissionRequestsService {
  constructor(
    readonly repo: AdmissionRequestsRepository,
    readonly people: People,
    private readonly followup: Pick<FollowupService, 'reachableRecord'>,
  ) {}

  get db() {
    return this.repo.db
  }

  private visible(actor: Actor) {
    return this.people.visibleFileSql(actor, 'r.person_id')
  }

  /** Reading requests shows names: accommodation and person files both. */
  assertReader(actor: Actor) {
    assertAllowed(actor, 'accommodation.read')
    assertAllowed(actor, 'person.read')
  }

  /** The request as the actor may see it, or "not found" (absent, another organisation, a hidden file). */
  async read(actor: Actor, id: string, db: Kysely<Database>, forUpdate = false) {
    const row = await this.repo.request(db, actor.organisationId, this.visible(actor), id, forUpdate)
    if (!row) throw notFound()
    return row
  }

  conflict(row: Pick<RequestRow, 'status'>, what: string): never {
    throw new AppError(
      'ADMISSION_STATUS_CONFLICT',
      409,
      `Impossible de ${what} : la demande est au stade « ${ADMISSION_STATUS.labels[row.status]} ».`,
    )
  }

  private summary(row: RequestRow, names: Map<string, { displayName: string }>): AdmissionRequestSummary {
    return {
      id: row.id,
      structureId: row.structure_id,
      structureName: row.structure_name,
      structureKind: row.structure_kind,
      personId: row.person_id,
      personName: names.get(row.person_id)?.displayName ?? '',
      companionCount: row.companion_person_ids.length,
      receivedOn: String(row.received_on),
      orientationSource: row.orientation_source,
      priority: row.priority,
      status: row.status,
      latestOpinion: (row.latest_opinion as MedicalOpinion | null) ?? null,
      reservedPlaceLabel: row.reserved_place_label,
      expectedArrivalOn: row.expected_arrival_on === null ? null : String(row.expected_arrival_on),
    }
  }

  /** The request's page: everything but the medical part's content and the opinions' notes. */
  async view(actor: Actor, id: string, db: Kysely<Database>): Promise<AdmissionRequest> {
    const row = await this.read(actor, id, db)
    const names = await this.people.visiblePeople(actor, [row.person_id, ...row.companion_person_ids], db)
    const opinions = await this.repo.opinions(db, row.id)
    const extraRoles = await this.repo.medicalExtraRoles(db, actor.organisationId)
    const hasMedicalPart = await this.repo.hasMedicalPart(db, row.id)
    const stayIds = await this.repo.stayIds(db, row.id)
    const partner = row.orienting_partner_id
      ? await this.repo.partnerName(db, actor.organisationId, row.orienting_partner_id)
      : undefined
    const validatedBy = await this.repo.userName(db, row.validated_by)
    const latest = row.latest_opinion as MedicalOpinion | null
    const ready = row.status === 'received' || row.status === 'awaiting_validation'
    return {
      ...this.summary(row, names),
      companions: row.companion_person_ids.map((personId) => ({
        personId,
        personName: names.get(personId)?.displayName ?? '',
      })),
      householdId: row.household_id,
      supportRecordId: row.support_record_id,
      orientingPartnerId: row.orienting_partner_id,
      orientingPartnerName: partner?.name ?? null,
      orientingContact: row.orienting_contact,
      socialPart: row.social_part,
      structureRequiresMedicalOpinion: row.requires_medical_opinion,
      structureRequiresDirectorValidation: row.requires_director_validation,
      hasMedicalPart,
      opinions: opinions.map((o) => ({
        opinion: o.opinion,
        opinionLabel: MEDICAL_OPINION.labels[o.opinion],
        givenOn: String(o.given_on),
        givenByName: o.given_by_name,
      })),
      reservedPlaceId: row.reserved_place_id,
      validatedAt: isoTimestamp(row.validated_at),
      validatedByName: validatedBy?.name ?? null,
      refusedOn: row.refused_on === null ? null : String(row.refused_on),
      refusalMotif: row.refusal_motif,
      refusalNote: row.refusal_note,
      stayIds,
      can: {
        edit: roleAllows(actor.roles, 'accommodation.request') && EDITABLE.includes(row.status),
        readMedical: mayReadMedical(actor, extraRoles),
        giveOpinion:
          roleAllows(actor.roles, 'accommodation.medical') &&
          row.requires_medical_opinion &&
          (row.status === 'medical_review' ||
            row.status === 'awaiting_validation' ||
            row.status === 'received'),
        validate:
          mayDecide(actor, row) && ready && (!row.requires_medical_opinion || latest === 'favourable'),
        refuse: mayDecide(actor, row) && WAITING.includes(row.status),
        withdraw: roleAllows(actor.roles, 'accommodation.request') && WAITING.includes(row.status),
        admit: roleAllows(actor.roles, 'accommodation.manage') && row.status === 'validated',
      },
    }
  }

  async list(actor: Actor, query: z.output<typeof admissionRequestListQuerySchema>) {
    this.assertReader(actor)
    return this.db.transaction().execute(async (trx) => {
      const { items, total } = await this.repo.page(
        trx,
        actor.organisationId,
        // Across people, the active base only: an archived file's requests stay on the file itself.
        query.personId ? this.visible(actor) : andInActiveBase(this.visible(actor), 'r.person_id'),
        {
          structureId: query.structureId,
          personId: query.personId,
          status: query.status,
          statuses: query.waiting ? WAITING : undefined,
        },
        query,
      )
      const names = await this.people.visiblePeople(
        actor,
        items.map((r) => r.person_id),
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'accommodation_request.list',
        entityType: 'accommodation_request',
        personIds: items.map((r) => r.person_id),
        details: { count: items.length },
      })
      return {
        items: items.map((row) => this.summary(row as RequestRow, names)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  async get(actor: Actor, id: string) {
    this.assertReader(actor)
    return this.db.transaction().execute(async (trx) => {
      const view = await this.view(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'accommodation_request.read',
        entityType: 'accommodation_request',
        entityId: id,
        personId: view.personId,
      })
      return view
    })
  }

  /** Companions: other members of the applicant's household the actor may see. */
  private async companions(actor: Actor, personId: string, ids: string[], db: Kysely<Database>) {
    const unique = [...new Set(ids)]
    if (unique.length === 0) return { householdId: await this.people.householdIdOf(actor, personId, db), ids }
    const householdId = await this.people.householdIdOf(actor, personId, db)
    for (const companion of unique) {
      const same = companion !== personId && (await this.people.householdIdOf(actor, companion, db))
      if (!same || !householdId || same !== householdId) {
        throw validationError(
          'companionPersonIds',
          'Les accompagnants doivent être des membres du foyer de la personne.',
        )
      }
    }
    return { householdId, ids: unique }
  }

  private async supportRecordOf(
    actor: Actor,
    personId: string,
    id: string | null | undefined,
    db: Kysely<Database>,
  ) {
    if (!id) return null
    const record = roleAllows(actor.roles, 'followup.read')
      ? await this.followup.reachableRecord(actor, id, 'followup.read', db).catch((error: unknown) => {
          if (isAppError(error)) return null
          throw error
        })
      : null
    if (!record || record.person_id !== personId) {
      throw validationError('supportRecordId', 'Accompagnement inconnu pour cette personne.')
    }
    return record.id
  }

  private async partnerOf(actor: Actor, id: string | null | undefined, db: Kysely<Database>) {
    if (!id) return null
    if (!(await this.repo.partnerName(db, actor.organisationId, id))) {
      throw validationError('orientingPartnerId', 'Partenaire inconnu.')
    }
    return id
  }

  async create(actor: Actor, input: z.output<typeof admissionRequestInputSchema>) {
    assertAllowed(actor, 'accommodation.request')
    return this.db.transaction().execute(async (trx) => {
      const structure = await this.repo.structure(trx, actor.organisationId, input.structureId)
      if (!structure?.active) throw validationError('structureId', 'Structure inconnue.')
      const file = await this.people.recordFileOrFail(actor, input.personId, trx)
      const companions = await this.companions(actor, file.id, input.companionPersonIds, trx)
      const supportRecordId = await this.supportRecordOf(actor, file.id, input.supportRecordId, trx)
      const status: AdmissionStatus = structure.requires_medical_opinion
        ? 'medical_review'
        : statusAfterMedical(structure)
      const { id } = await this.repo.insert(trx, {
        organisation_id: actor.organisationId,
        structure_id: structure.id,
        person_id: file.id,
        household_id: companions.householdId,
        companion_person_ids: companions.ids,
        support_record_id: supportRecordId,
        received_on: input.receivedOn,
        orientation_source: input.orientationSource,
        orienting_partner_id: await this.partnerOf(actor, input.orientingPartnerId, trx),
        orienting_contact: input.orientingContact ?? null,
        priority: input.priority,
        social_part: input.socialPart ?? null,
        status,
        created_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation_request.create',
        entityType: 'accommodation_request',
        entityId: id,
        personId: file.id,
        details: { structureId: structure.id, companions: companions.ids.length },
      })
      return this.view(actor, id, trx)
    })
  }

  async update(actor: Actor, id: string, input: z.output<typeof admissionRequestUpdateSchema>) {
    assertAllowed(actor, 'accommodation.request')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.read(actor, id, trx, true)
      if (!EDITABLE.includes(row.status)) this.conflict(row, 'modifier la demande')
      const companions = await this.companions(actor, row.person_id, input.companionPersonIds, trx)
      await this.repo.update(trx, id, {
        household_id: companions.householdId,
        companion_person_ids: companions.ids,
        support_record_id: await this.supportRecordOf(actor, row.person_id, input.supportRecordId, trx),
        received_on: input.receivedOn,
        orientation_source: input.orientationSource,
        orienting_partner_id: await this.partnerOf(actor, input.orientingPartnerId, trx),
        orienting_contact: input.orientingContact ?? null,
        priority: input.priority,
        social_part: input.socialPart ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation_request.update',
        entityType: 'accommodation_request',
        entityId: id,
        personId: row.person_id,
      })
      return this.view(actor, id, trx)
    })
  }

  async withdraw(actor: Actor, id: string, input: z.output<typeof admissionWithdrawalSchema>) {
    assertAllowed(actor, 'accommodation.request')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.read(actor, id, trx, true)
      if (!WAITING.includes(row.status)) this.conflict(row, 'retirer la demande')
      // A withdrawn request frees its reserved place.
      await this.repo.update(trx, id, {
        status: 'withdrawn',
        reserved_place_id: null,
        refusal_note: input.note ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation_request.withdraw',
        entityType: 'accommodation_request',
        entityId: id,
        personId: row.person_id,
      })
      return this.view(actor, id, trx)
    })
  }

  /** The person's requests on their timeline and in their access export (never the medical part). */
  timelineSource(): TimelineSource {
    const readable = (actor: Actor) =>
      roleAllows(actor.roles, 'accommodation.read') && roleAllows(actor.roles, 'person.read')
    const requests = async (db: Kysely<Database>, actor: Actor, personIds: string[], limit?: number) =>
      readable(actor)
        ? this.repo.ofPeople(db, actor.organisationId, this.visible(actor), personIds, limit)
        : []
    return {
      kind: 'accommodation_request',
      label: 'Demandes d’admission en hébergement',
      entries: async (db, actor, personIds, { limit }) =>
        (await requests(db, actor, personIds, limit)).map(
          (r): TimelineEntry => ({
            kind: 'accommodation_request',
            kindLabel: 'Demande d’hébergement',
            id: r.id,
            at: new Date(`${String(r.received_on)}T12:00:00Z`).toISOString(),
            title: `${r.structure_name} — ${ADMISSION_STATUS.labels[r.status]}`,
            detail: `orientation : ${ORIENTATION_SOURCE.labels[r.orientation_source]}`,
            personId: r.person_id,
          }),
        ),
      count: async (db, actor, personIds) =>
        readable(actor)
          ? this.repo.countOfPeople(db, actor.organisationId, this.visible(actor), personIds)
          : 0,
      // A request is not a contact with the person.
      latest: async () => new Map(),
      export: async (db, actor, personIds) =>
        (await requests(db, actor, personIds)).map((r) => ({
          id: r.id,
          structure: r.structure_name,
          receivedOn: String(r.received_on),
          orientation: ORIENTATION_SOURCE.labels[r.orientation_source],
          status: ADMISSION_STATUS.labels[r.status],
          socialPart: r.social_part,
          refusalMotif: r.refusal_motif,
        })),
    }
  }
}

/** Refuses a request to whoever may not decide it, before anything is read. */
export function assertMayDecideSomewhere(actor: Actor) {
  if (
    !roleAllows(actor.roles, 'accommodation.validate') &&
    !roleAllows(actor.roles, 'accommodation.manage')
  ) {
    throw forbidden()
  }
}
