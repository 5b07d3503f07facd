import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import { personDisplayName, type TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import {
  PARTNER_ANSWER,
  type PartnerAnswer,
  type partnerAnswerInputSchema,
  type partnerReferralInputSchema,
  type partnerReferralListQuerySchema,
  type partnerReferralReplyInputSchema,
  REFERRAL_ORIGIN,
  referralReference,
} from '../../../shared/referrals.ts'
import type { pageQuerySchema } from '../../../shared/validation.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import type { HomeSource } from '../../platform/home.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { PartnersService } from '../partners/partners.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { FollowupReferralsRepository } from './followup.referrals.repository.ts'

type Row = NonNullable<Awaited<ReturnType<FollowupReferralsRepository['referral']>>>
/** A referral as every module writes it. */
export interface ReferralToWrite {
  personId: string
  partnerServiceId: string
  origin: keyof typeof REFERRAL_ORIGIN.labels
  supportRecordId?: string | null
  outreachFamilyId?: string | null
  referredOn: string
  answerDueOn?: string | null
  note?: string | null
}
/** Before this, a referral date is a typing error. */
const EARLIEST_REFERRAL = '2000-01-01'

/** Referrals of a person to a partner's service, from a follow-up or the front desk, and the answer. */
export class FollowupReferralsService {
  constructor(
    private readonly repo: FollowupReferralsRepository,
    private readonly people: PeopleService,
    private readonly partners: PartnersService,
  ) {}

  private get db(): Db {
    return this.repo.db as Db
  }

  private async toReferrals(actor: Actor, rows: Row[], db: Kysely<Database>) {
    const services = await this.partners.serviceNames(
      actor.organisationId,
      rows.map((r) => r.partner_service_id),
      db,
    )
    const today = todayInFrance()
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      displayName: personDisplayName({
        lastName: r.last_name,
        usageName: r.usage_name,
        firstNames: r.first_names,
        description: r.description,
        aliases: r.aliases,
      }),
      partnerServiceId: r.partner_service_id,
      partnerServiceName: services.get(r.partner_service_id)?.name ?? '',
      origin: r.origin as keyof typeof REFERRAL_ORIGIN.labels,
      supportRecordId: r.support_record_id,
      outreachFamilyId: r.outreach_family_id,
      referredOn: r.referred_on,
      answerDueOn: r.answer_due_on,
      answer: r.answer as PartnerAnswer,
      answeredOn: r.answered_on,
      note: r.note,
      partnerNote: r.partner_note,
      answeredByPartner: r.answered_by_contact_id !== null,
      workerReply: r.worker_reply,
      workerRepliedOn: r.worker_replied_on,
      reference: referralReference(r.id),
      overdue: r.answer === 'pending' && r.answer_due_on !== null && r.answer_due_on < today,
    }))
  }

  private happened(path: string, date: string) {
    if (date > todayInFrance()) throw validationError(path, 'La date ne peut pas être dans le futur.')
    if (date < EARLIEST_REFERRAL) throw validationError(path, 'Date invalide.')
  }

  async create(actor: Actor, input: z.infer<typeof partnerReferralInputSchema>) {
    assertAllowed(actor, 'referral.write')
    return this.db.transaction().execute(async (trx) => {
      const file = await this.people.recordFileOrFail(actor, input.personId, trx)
      if (
        input.supportRecordId &&
        !(await this.repo.supportRecord(actor.organisationId, input.supportRecordId, file.id, trx))
      ) {
        throw validationError('supportRecordId', 'Accompagnement inconnu pour cette personne.')
      }
      return this.createIn(trx, actor, { ...input, personId: file.id })
    })
  }

  /**
   * Writes a referral inside the caller's transaction, audited: the one way every module refers a
   * person (the follow-up, the front desk, street outreach for a family). The caller has checked its
   * own permission and that the person (and the family) are within the actor's reach.
   */
  async createIn(trx: Kysely<Database>, actor: Actor, input: ReferralToWrite) {
    this.happened('referredOn', input.referredOn)
    if (input.answerDueOn && input.answerDueOn < input.referredOn) {
      throw validationError('answerDueOn', 'La réponse attendue ne peut pas précéder l’orientation.')
    }
    const service = (
      await this.partners.serviceNames(actor.organisationId, [input.partnerServiceId], trx)
    ).get(input.partnerServiceId)
    if (!service?.active) throw validationError('partnerServiceId', 'Service partenaire inconnu.')
    const { id } = await this.repo.insert(trx, actor, {
      person_id: input.personId,
      partner_service_id: input.partnerServiceId,
      origin: input.origin,
      support_record_id: input.supportRecordId ?? null,
      outreach_family_id: input.outreachFamilyId ?? null,
      referred_on: input.referredOn,
      answer_due_on: input.answerDueOn ?? null,
      note: input.note ?? null,
    })
    await recordAudit(trx, actor, {
      action: 'referral.create',
      entityType: 'partner_referral',
      entityId: id,
      personId: input.personId,
    })
    const [created] = await this.toReferrals(actor, [(await this.repo.referral(actor, id, trx))!], trx)
    return created!
  }

  /** The partner's answer (or its absence by the expected date), once. */
  async answer(actor: Actor, id: string, input: z.infer<typeof partnerAnswerInputSchema>) {
    assertAllowed(actor, 'referral.write')
    return this.db.transaction().execute((trx) => this.answerIn(trx, actor, id, input))
  }

  /**
   * Records the partner's answer inside the caller's transaction, audited. Once, unless `revisable`:
   * street outreach follows a family's referral as it goes (accepted, then done), pending again
   * included. `fields` names the answer's fields as the caller's form does, for its error messages.
   */
  async answerIn(
    trx: Kysely<Database>,
    actor: Actor,
    id: string,
    input: { answer: PartnerAnswer; answeredOn: string | null; note?: string | null },
    options: { revisable?: boolean; fields?: { answer: string; answeredOn: string } } = {},
  ) {
    const fields = options.fields ?? { answer: 'answer', answeredOn: 'answeredOn' }
    const row = await this.repo.referral(actor, id, trx)
    if (!row) throw notFound()
    if (row.answer !== 'pending' && !options.revisable) {
      const label = PARTNER_ANSWER.labels[row.answer as PartnerAnswer].toLowerCase()
      throw validationError(fields.answer, `La réponse du partenaire est déjà enregistrée (${label}).`)
    }
    if (input.answeredOn !== null) {
      this.happened(fields.answeredOn, input.answeredOn)
      if (input.answeredOn < row.referred_on) {
        throw validationError(fields.answeredOn, 'La réponse ne peut pas précéder l’orientation.')
      }
    }
    await this.repo.answer(trx, id, {
      answer: input.answer,
      answered_on: input.answeredOn,
      ...(input.note !== undefined ? { note: input.note } : {}),
    })
    await recordAudit(trx, actor, {
      action: 'referral.answer',
      entityType: 'partner_referral',
      entityId: id,
      personId: row.person_id,
    })
    const [answered] = await this.toReferrals(actor, [(await this.repo.referral(actor, id, trx))!], trx)
    return answered!
  }

  /** The referrals of street outreach families, oldest first, for their pages (the caller checked them). */
  async ofFamilies(actor: Actor, familyIds: string[], db: Kysely<Database>) {
    if (familyIds.length === 0) return []
    const { rows } = await this.repo.page(
      actor,
      { outreachFamilyIds: familyIds, oldestFirst: true },
      { limit: 100_000, offset: 0 },
      db,
    )
    return this.toReferrals(actor, rows, db)
  }

  /**
   * The worker answers a partner that asked for more information: the partner reads the reply on its
   * page and the referral waits for its answer again. Only with the person's consent to share, since
   * nothing else of the file reaches the partner without it.
   */
  async reply(actor: Actor, id: string, input: z.infer<typeof partnerReferralReplyInputSchema>) {
    assertAllowed(actor, 'referral.write')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.referral(actor, id, trx)
      if (!row) throw notFound()
      if (row.answer !== 'needs_more') {
        throw new AppError(
          'VALIDATION_FAILED',
          409,
          'Le partenaire n’a pas demandé d’informations pour cette orientation.',
        )
      }
      if (!(await this.repo.sharedWithPartners(actor.organisationId, row.person_id, trx))) {
        throw validationError(
          'note',
          'La personne n’a pas consenti au partage avec les partenaires : votre réponse ne leur serait pas transmise. Recueillez son consentement dans son dossier, ou répondez au partenaire par un autre moyen.',
        )
      }
      await this.repo.reply(trx, id, {
        worker_reply: input.note,
        worker_replied_on: todayInFrance(),
        worker_replied_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'referral.reply',
        entityType: 'partner_referral',
        entityId: id,
        personId: row.person_id,
      })
      const [replied] = await this.toReferrals(actor, [(await this.repo.referral(actor, id, trx))!], trx)
      return replied!
    })
  }

  /** Referrals whose partner asked for more information, the oldest request first. */
  async needingMore(actor: Actor, query: z.infer<typeof pageQuerySchema>, db: Kysely<Database>) {
    assertAllowed(actor, 'referral.read')
    const { rows, total } = await this.repo.page(
      actor,
      { needsMore: true },
      { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
      db,
    )
    await recordAudit(db, actor, {
      action: 'referral.needs_more_list',
      entityType: 'partner_referral',
      personIds: rows.map((r) => r.person_id),
    })
    return { items: await this.toReferrals(actor, rows, db), total }
  }

  async ofPerson(actor: Actor, query: z.infer<typeof partnerReferralListQuerySchema>) {
    assertAllowed(actor, 'referral.read')
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.people.visiblePeople(actor, [query.personId], trx)).has(query.personId))
        throw notFound()
      const { rows, total } = await this.repo.page(
        actor,
        { personIds: [query.personId] },
        { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'referral.list',
        entityType: 'partner_referral',
        personId: query.personId,
      })
      return {
        items: await this.toReferrals(actor, rows, trx),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  /**
   * Referrals still waiting for the partner's answer, oldest first (those past their date flagged);
   * `mine`: only those the actor made (their worklist).
   */
  async unanswered(
    actor: Actor,
    query: z.infer<typeof pageQuerySchema> & { mine?: boolean },
    db: Kysely<Database> = this.db,
  ) {
    assertAllowed(actor, 'referral.read')
    const { rows, total } = await this.repo.page(
      actor,
      { pending: true, mine: query.mine === true },
      { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
      db,
    )
    await recordAudit(db, actor, {
      action: 'referral.unanswered_list',
      entityType: 'partner_referral',
      personIds: rows.map((r) => r.person_id),
    })
    return {
      items: await this.toReferrals(actor, rows, db),
      total,
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async unansweredList(actor: Actor, query: z.infer<typeof pageQuerySchema>) {
    return this.db.transaction().execute((trx) => this.unanswered(actor, query, trx))
  }

  /** On the worker's home page: how many referrals wait for their reply to a partner's question. */
  homeSource(): HomeSource {
    return {
      module: 'referrals',
      tasks: async (actor) => {
        // The task leads to the worklist: only those who open it see the task.
        if (!roleAllows(actor.roles, 'referral.read') || !roleAllows(actor.roles, 'followup.read')) return []
        const { total } = await this.repo.page(actor, { needsMore: true }, { limit: 0, offset: 0 }, this.db)
        return [{ key: 'referrals.needs_more', count: total, late: 0 }]
      },
    }
  }

  timelineSource(): TimelineSource {
    const readable = (actor: Actor) => roleAllows(actor.roles, 'referral.read')
    const referrals = async (db: Kysely<Database>, actor: Actor, personIds: string[], limit = 100_000) =>
      readable(actor)
        ? this.toReferrals(
            actor,
            (await this.repo.page(actor, { personIds }, { limit, offset: 0 }, db)).rows,
            db,
          )
        : []
    return {
      kind: 'partner_referrals',
      label: 'Orientations vers les partenaires',
      entries: async (db, actor, personIds, { limit }) =>
        (await referrals(db, actor, personIds, limit)).map(
          (r): TimelineEntry => ({
            kind: 'partner_referrals',
            kindLabel: 'Orientation',
            id: r.id,
            at: new Date(`${r.referredOn}T12:00:00Z`).toISOString(),
            title: `Orientation vers ${r.partnerServiceName} — ${PARTNER_ANSWER.labels[r.answer]}`,
            detail: [REFERRAL_ORIGIN.labels[r.origin], r.note].filter(Boolean).join(' · ') || null,
            personId: r.personId,
          }),
        ),
      count: async (db, actor, personIds) =>
        readable(actor) ? (await this.repo.page(actor, { personIds }, { limit: 0, offset: 0 }, db)).total : 0,
      latest: async () => new Map(),
      export: async (db, actor, personIds) =>
        (await referrals(db, actor, personIds)).map(({ displayName: _name, overdue: _overdue, ...r }) => r),
    }
  }
}
