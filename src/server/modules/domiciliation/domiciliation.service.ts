import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  DOMICILIATION_KIND,
  DOMICILIATION_STATUS,
  type DomiciliationStatus,
  RADIATION_MOTIF,
  REFUSAL_MOTIF,
} from '../../../shared/domiciliation.ts'
import type {
  beneficiariesInputSchema,
  Domiciliation,
  domiciliationCreateSchema,
  InstructionInput,
} from '../../../shared/domiciliation-workflow.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { frenchDate } from '../../platform/pdf.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { DocumentsService } from '../documents/documents.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { DomiciliationRepository } from './domiciliation.repository.ts'
import type { DomiciliationSettingsService } from './domiciliation.settings.ts'

export type PeriodRow = NonNullable<Awaited<ReturnType<DomiciliationRepository['period']>>>
type People = Pick<
  PeopleService,
  'visibleFileSql' | 'visiblePeople' | 'recordFileOrFail' | 'householdIdOf' | 'householdComposition'
>

const iso = (at: Date | string | null) => (at ? new Date(at).toISOString() : null)
const yesNo = (value: unknown) => {
  const v = (value ?? {}) as { value?: boolean | null; detail?: string | null }
  return { value: v.value ?? null, detail: v.detail ?? null }
}

/** The instruction as stored (jsonb) → as answered; absent answers are null. */
export function instructionOf(raw: unknown, interviewOn: string | null): Domiciliation['instruction'] {
  const i = (raw ?? {}) as Partial<Record<string, unknown>>
  const text = (key: string) => (typeof i[key] === 'string' ? (i[key] as string) : null)
  return {
    interviewOn,
    communeLink: text('communeLink') as Domiciliation['instruction']['communeLink'],
    communeLinkDetail: text('communeLinkDetail'),
    residentialSituation: text(
      'residentialSituation',
    ) as Domiciliation['instruction']['residentialSituation'],
    residentialDetail: text('residentialDetail'),
    instabilityCause: text('instabilityCause') as Domiciliation['instruction']['instabilityCause'],
    instabilityDetail: text('instabilityDetail'),
    reasons: (Array.isArray(i.reasons) ? i.reasons : []) as Domiciliation['instruction']['reasons'],
    reasonDetail: text('reasonDetail'),
    income: yesNo(i.income),
    orientation: yesNo(i.orientation),
    existingDomiciliation: yesNo(i.existingDomiciliation),
    support: yesNo(i.support),
    documentIds: (Array.isArray(i.documentIds) ? i.documentIds : []) as string[],
    comments: text('comments'),
  }
}

/**
 * A person's domiciliation periods: the request (first or renewal of the previous period), its
 * instruction, the household members it covers. Decisions live in `domiciliation.decisions.ts`.
 * A period follows its person's file: whoever may not see the person (another organisation, a
 * confidential team) gets "not found".
 */
export class DomiciliationService {
  constructor(
    readonly repo: DomiciliationRepository,
    readonly people: People,
    private readonly documents: Pick<DocumentsService, 'ofPersonAmong'>,
    readonly settings: DomiciliationSettingsService,
  ) {}

  get db(): Db {
    return this.repo.db as Db
  }

  visible(actor: Actor) {
    return this.people.visibleFileSql(actor, 'd.person_id')
  }

  async read(actor: Actor, id: string, db: Kysely<Database>, forUpdate = false) {
    const row = await this.repo.period(actor.organisationId, this.visible(actor), id, db, forUpdate)
    if (!row) throw notFound()
    return row
  }

  /** Rows → answers, with their decisions and covered members, in three queries whatever their number. */
  async views(actor: Actor, rows: PeriodRow[], db: Kysely<Database>): Promise<Domiciliation[]> {
    const ids = rows.map((r) => r.id)
    const decisions = await this.repo.decisions(ids, db)
    const beneficiaries = await this.repo.beneficiaries(ids, db)
    const names = await this.people.visiblePeople(
      actor,
      beneficiaries.map((b) => b.person_id),
      db,
    )
    return rows.map((row) => ({
      id: row.id,
      personId: row.person_id,
      kind: row.kind,
      previousId: row.previous_id,
      status: row.status,
      requestedOn: row.requested_on,
      instruction: instructionOf(row.instruction, row.interview_on),
      startOn: row.start_on,
      endOn: row.end_on,
      firstDomiciledOn: row.first_domiciled_on,
      refusalMotif: row.refusal_motif as Domiciliation['refusalMotif'],
      refusalReorientation: row.refusal_reorientation,
      radiationMotif: row.radiation_motif as Domiciliation['radiationMotif'],
      radiationOn: row.radiation_on,
      lastContactAt: iso(row.last_contact_at),
      // A covered member filed under a confidential team the reader is not in stays out.
      beneficiaries: beneficiaries
        .filter((b) => b.domiciliation_id === row.id && names.has(b.person_id))
        .map((b) => ({
          personId: b.person_id,
          displayName: names.get(b.person_id)!.displayName,
          relationship: b.relationship,
        })),
      decisions: decisions
        .filter((d) => d.domiciliation_id === row.id)
        .map((d) => ({
          id: d.id,
          decision: d.decision,
          effectiveOn: d.effective_on,
          motif: d.motif,
          note: d.note,
          decidedAt: iso(d.decided_at)!,
          decidedByName: d.decided_by_name,
          undoneAt: iso(d.undone_at),
          undoReason: d.undo_reason,
        })),
    }))
  }

  async view(actor: Actor, id: string, db: Kysely<Database>) {
    const [view] = await this.views(actor, [await this.read(actor, id, db)], db)
    return view!
  }

  /** The person's household members, the ayants droit a period may cover. */
  private async household(actor: Actor, personId: string, db: Kysely<Database>) {
    const householdId = await this.people.householdIdOf(actor, personId, db)
    const household = householdId ? await this.people.householdComposition(actor, householdId, db) : null
    return (household?.members ?? [])
      .filter((m) => m.personId !== personId)
      .map((m) => ({ personId: m.personId, displayName: m.displayName, relationship: m.relationship }))
  }

  async list(actor: Actor, personId: string) {
    assertAllowed(actor, 'domiciliation.read')
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.people.visiblePeople(actor, [personId], trx)).has(personId)) throw notFound()
      const rows = await this.repo.ofPeople(actor.organisationId, this.visible(actor), [personId], trx)
      const settings = await this.settings.of(actor.organisationId, trx)
      await recordAudit(trx, actor, { action: 'domiciliation.list', entityType: 'domiciliation', personId })
      return {
        items: await this.views(actor, rows, trx),
        canInstruct: roleAllows(actor.roles, 'domiciliation.instruct'),
        canDecide: this.settings.mayDecide(actor, settings),
        household: await this.household(actor, personId, trx),
      }
    })
  }

  async get(actor: Actor, id: string) {
    assertAllowed(actor, 'domiciliation.read')
    return this.db.transaction().execute(async (trx) => {
      const view = await this.view(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'domiciliation.read',
        entityType: 'domiciliation',
        entityId: id,
        personId: view.personId,
      })
      return view
    })
  }

  /**
   * Opens a request: a renewal of the person's latest granted period when there is one (in force or
   * ended, not radiated), a first request otherwise. One request under instruction at a time.
   */
  async create(actor: Actor, input: z.infer<typeof domiciliationCreateSchema>) {
    assertAllowed(actor, 'domiciliation.instruct')
    return this.db.transaction().execute(async (trx) => {
      const file = await this.people.recordFileOrFail(actor, input.personId, trx)
      const periods = await this.repo.allOfPerson(actor.organisationId, file.id, trx)
      if (periods.some((p) => p.status === 'instruction' || p.status === 'awaiting_decision')) {
        throw validationError(
          'personId',
          'Une demande de domiciliation est déjà en cours pour cette personne : complétez-la.',
        )
      }
      const previous = periods
        .filter((p) => p.status === 'granted')
        .sort((a, b) => (b.start_on ?? '').localeCompare(a.start_on ?? ''))[0]
      if (previous && periods.some((p) => p.previous_id === previous.id && p.status === 'granted')) {
        throw validationError('personId', 'Cette domiciliation a déjà été renouvelée.')
      }
      const { id } = await this.repo.insert(trx, {
        organisation_id: actor.organisationId,
        person_id: file.id,
        kind: previous ? 'renewal' : 'first',
        previous_id: previous?.id ?? null,
        requested_on: input.requestedOn,
        first_domiciled_on: previous ? (previous.first_domiciled_on ?? previous.start_on) : null,
        created_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'domiciliation.create',
        entityType: 'domiciliation',
        entityId: id,
        personId: file.id,
        details: { kind: previous ? 'renewal' : 'first' },
      })
      return this.view(actor, id, trx)
    })
  }

  private async writable(actor: Actor, id: string, db: Kysely<Database>, allowed: DomiciliationStatus[]) {
    const row = await this.read(actor, id, db, true)
    if (!allowed.includes(row.status)) {
      throw validationError(
        'status',
        `Impossible : la domiciliation est au stade « ${DOMICILIATION_STATUS.labels[row.status]} ».`,
      )
    }
    return row
  }

  /** Saves the instruction's answers, while the request waits for its decision. */
  async saveInstruction(actor: Actor, id: string, input: InstructionInput) {
    assertAllowed(actor, 'domiciliation.instruct')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.writable(actor, id, trx, ['instruction', 'awaiting_decision'])
      if (input.interviewOn && input.interviewOn < row.requested_on) {
        throw validationError('interviewOn', 'L’entretien ne peut pas précéder la demande.')
      }
      const documentIds = [...new Set(input.documentIds)]
      const known = await this.documents.ofPersonAmong(actor, row.person_id, documentIds, trx)
      const unknown = documentIds.findIndex((d) => !known.has(d))
      if (unknown >= 0)
        throw validationError(`documentIds.${unknown}`, 'Document inconnu dans le dossier de la personne.')
      const { interviewOn, comments, ...answers } = input
      await this.repo.update(trx, id, {
        interview_on: interviewOn ?? null,
        comments: comments ?? null,
        instruction: JSON.stringify({ ...answers, documentIds, comments: comments ?? null }),
        instructed_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'domiciliation.instruct',
        entityType: 'domiciliation',
        entityId: id,
        personId: row.person_id,
      })
      return this.view(actor, id, trx)
    })
  }

  /** Sends the instruction for decision, once the interview and the link with the commune are known. */
  async submit(actor: Actor, id: string) {
    assertAllowed(actor, 'domiciliation.instruct')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.writable(actor, id, trx, ['instruction'])
      const instruction = instructionOf(row.instruction, row.interview_on)
      const missing = [
        !instruction.interviewOn && { path: 'interviewOn', message: 'Indiquez la date de l’entretien.' },
        !instruction.communeLink && { path: 'communeLink', message: 'Indiquez le lien avec la commune.' },
      ].filter(Boolean) as { path: string; message: string }[]
      if (missing.length) throw validationError(missing[0]!.path, missing[0]!.message)
      await this.repo.update(trx, id, { status: 'awaiting_decision' })
      await recordAudit(trx, actor, {
        action: 'domiciliation.submit',
        entityType: 'domiciliation',
        entityId: id,
        personId: row.person_id,
      })
      return this.view(actor, id, trx)
    })
  }

  /** The household members the period covers (ayants droit), chosen among the person's household. */
  async saveBeneficiaries(actor: Actor, id: string, input: z.infer<typeof beneficiariesInputSchema>) {
    assertAllowed(actor, 'domiciliation.instruct')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.writable(actor, id, trx, ['instruction', 'awaiting_decision', 'granted'])
      const household = new Map((await this.household(actor, row.person_id, trx)).map((m) => [m.personId, m]))
      const personIds = [...new Set(input.personIds)]
      const outside = personIds.findIndex((p) => !household.has(p))
      if (outside >= 0) {
        throw validationError(`personIds.${outside}`, 'Cette personne ne fait pas partie du foyer.')
      }
      await this.repo.replaceBeneficiaries(
        trx,
        actor.organisationId,
        id,
        personIds.map((p) => ({ personId: p, relationship: household.get(p)!.relationship })),
      )
      await recordAudit(trx, actor, {
        action: 'domiciliation.beneficiaries_update',
        entityType: 'domiciliation',
        entityId: id,
        personId: row.person_id,
        personIds,
      })
      return this.view(actor, id, trx)
    })
  }

  // The person's timeline and access export -------------------------------------------------------

  timelineSource(): TimelineSource {
    const periods = async (db: Kysely<Database>, actor: Actor, personIds: string[], limit?: number) =>
      roleAllows(actor.roles, 'domiciliation.read')
        ? this.views(
            actor,
            await this.repo.ofPeople(actor.organisationId, this.visible(actor), personIds, db, limit),
            db,
          )
        : []
    return {
      kind: 'domiciliation',
      label: 'Domiciliation',
      entries: async (db, actor, personIds, { limit }) =>
        (await periods(db, actor, personIds, limit)).map(
          (p): TimelineEntry => ({
            kind: 'domiciliation',
            kindLabel: 'Domiciliation',
            id: p.id,
            at: new Date(`${p.requestedOn}T12:00:00Z`).toISOString(),
            title: `${DOMICILIATION_KIND.labels[p.kind]} de domiciliation — ${DOMICILIATION_STATUS.labels[p.status]}`,
            detail:
              [
                p.startOn && p.endOn ? `du ${frenchDate(p.startOn)} au ${frenchDate(p.endOn)}` : null,
                p.refusalMotif ? `refus : ${REFUSAL_MOTIF.labels[p.refusalMotif].toLowerCase()}` : null,
                p.radiationMotif
                  ? `radiation le ${frenchDate(p.radiationOn)} : ${RADIATION_MOTIF.labels[p.radiationMotif].toLowerCase()}`
                  : null,
              ]
                .filter(Boolean)
                .join(' · ') || null,
            personId: p.personId,
          }),
        ),
      // A request is not a contact with the person: mail, calls and visits count elsewhere.
      count: async (db, actor, personIds) =>
        roleAllows(actor.roles, 'domiciliation.read')
          ? this.repo.countOfPeople(actor.organisationId, this.visible(actor), personIds, db)
          : 0,
      // A period in force is a contact every day for the retention clock: the person's address is here.
      latest: async (db, actor, personIds, now) => {
        const latest = new Map<string, Date>()
        if (!roleAllows(actor.roles, 'domiciliation.read')) return latest
        const domiciled = await this.repo.domiciledOn(actor.organisationId, personIds, todayInFrance(now), db)
        for (const personId of domiciled) latest.set(personId, now)
        return latest
      },
      export: (db, actor, personIds) => periods(db, actor, personIds),
    }
  }
}
