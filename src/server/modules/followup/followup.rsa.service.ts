import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import {
  RSA_COUNTING_RULE,
  RSA_FIRST_DAY,
  RSA_ORIENTATION,
  RSA_STATUS,
  type RsaApplication,
  type RsaStatus,
  type RsaStep,
  type rsaCountsQuerySchema,
  type rsaCreateSchema,
} from '../../../shared/rsa.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed, canSeeConfidentialTeam } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { FollowupRsaRepository } from './followup.rsa.repository.ts'

type Row = NonNullable<Awaited<ReturnType<FollowupRsaRepository['application']>>>

/** Which status each step starts from: nothing is skipped, nothing is done twice. */
const STEP_FROM: Record<RsaStep['step'], readonly RsaStatus[]> = {
  documents: ['received', 'documents_missing'],
  sent: ['received', 'documents_missing'],
  decision: ['sent_to_caf'],
  orientation: ['granted'],
  contract: ['oriented'],
}
const STEP_LABEL: Record<RsaStep['step'], string> = {
  documents: 'la liste des pièces manquantes',
  sent: 'l’envoi à la CAF',
  decision: 'la décision',
  orientation: 'l’orientation',
  contract: 'le contrat d’engagement réciproque',
}

/**
 * The RSA instruction: received → documents missing → sent to the CAF → decision → orientation →
 * for those oriented to the CCAS for their social support, the contrat d'engagement réciproque.
 */
export class FollowupRsaService {
  constructor(
    private readonly repo: FollowupRsaRepository,
    private readonly people: PeopleService,
  ) {}

  private get db(): Db {
    return this.repo.db as Db
  }

  toApplication(row: Row): RsaApplication {
    return {
      id: row.id,
      personId: row.person_id,
      teamId: row.team_id,
      supportRecordId: row.support_record_id,
      status: row.status as RsaStatus,
      receivedOn: row.received_on,
      missingDocuments: row.missing_documents,
      sentOn: row.sent_on,
      decision: row.decision as RsaApplication['decision'],
      decidedOn: row.decided_on,
      orientation: row.orientation as RsaApplication['orientation'],
      orientedOn: row.oriented_on,
      toCcas: row.to_ccas,
      contract: row.contract_signed_on
        ? {
            signedOn: row.contract_signed_on,
            goals: (row.contract_goals ?? []) as { label: string }[],
            reviewDates: (row.contract_review_dates ?? []) as string[],
            note: row.contract_note,
          }
        : null,
    }
  }

  /** A date of an instruction step: it has happened, not before the RSA existed nor before `after`. */
  private happened(path: string, date: string, after?: { date: string | null; what: string }) {
    if (date > todayInFrance()) throw validationError(path, 'La date ne peut pas être dans le futur.')
    if (date < RSA_FIRST_DAY)
      throw validationError(path, 'Date invalide : le RSA existe depuis le 1er juin 2009.')
    if (after?.date && date < after.date)
      throw validationError(path, `La date ne peut pas précéder ${after.what}.`)
  }

  private async read(actor: Actor, id: string, db: Kysely<Database>, forUpdate = false) {
    const row = await this.repo.application(actor, id, db, forUpdate)
    if (!row) throw notFound()
    return row
  }

  async create(actor: Actor, input: z.infer<typeof rsaCreateSchema>) {
    assertAllowed(actor, 'rsa.instruct')
    this.happened('receivedOn', input.receivedOn)
    return this.db.transaction().execute(async (trx) => {
      const file = await this.people.recordFileOrFail(actor, input.personId, trx)
      let teamId = input.teamId ?? null
      if (input.supportRecordId) {
        const record = await this.repo.supportRecord(
          actor.organisationId,
          input.supportRecordId,
          file.id,
          trx,
        )
        if (!record) throw validationError('supportRecordId', 'Accompagnement inconnu pour cette personne.')
        teamId ??= record.team_id
      }
      if (teamId) {
        const team = await this.repo.team(actor.organisationId, teamId, trx)
        if (!team || (team.confidential && !canSeeConfidentialTeam(actor, teamId))) {
          throw validationError('teamId', 'Équipe inconnue.')
        }
      }
      const { id } = await this.repo.insert(trx, actor, {
        person_id: file.id,
        team_id: teamId,
        support_record_id: input.supportRecordId ?? null,
        status: input.missingDocuments.length ? 'documents_missing' : 'received',
        received_on: input.receivedOn,
        missing_documents: input.missingDocuments,
      })
      await recordAudit(trx, actor, {
        action: 'rsa.create',
        entityType: 'rsa_application',
        entityId: id,
        personId: file.id,
      })
      return this.toApplication(await this.read(actor, id, trx))
    })
  }

  async get(actor: Actor, id: string) {
    assertAllowed(actor, 'rsa.instruct')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.read(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'rsa.read',
        entityType: 'rsa_application',
        entityId: id,
        personId: row.person_id,
      })
      return this.toApplication(row)
    })
  }

  async ofPerson(actor: Actor, personId: string) {
    assertAllowed(actor, 'rsa.instruct')
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.people.visiblePeople(actor, [personId], trx)).has(personId)) throw notFound()
      const rows = await this.repo.ofPeople(actor, [personId], trx)
      await recordAudit(trx, actor, { action: 'rsa.list', entityType: 'rsa_application', personId })
      return { items: rows.map((r) => this.toApplication(r)) }
    })
  }

  /** Takes the next step of the instruction, refusing one out of order with a French message. */
  async step(actor: Actor, id: string, input: RsaStep) {
    assertAllowed(actor, 'rsa.instruct')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.read(actor, id, trx, true)
      const status = row.status as RsaStatus
      if (!STEP_FROM[input.step].includes(status)) {
        throw validationError(
          'step',
          `Impossible d’enregistrer ${STEP_LABEL[input.step]} : la demande est au stade « ${RSA_STATUS.labels[status]} ».`,
        )
      }
      switch (input.step) {
        case 'documents':
          await this.repo.update(trx, id, {
            missing_documents: input.missingDocuments,
            status: input.missingDocuments.length ? 'documents_missing' : 'received',
          })
          break
        case 'sent':
          if (row.missing_documents.length) {
            throw validationError(
              'sentOn',
              'Des pièces manquent encore : complétez le dossier avant de l’envoyer à la CAF.',
            )
          }
          this.happened('sentOn', input.sentOn, { date: row.received_on, what: 'la réception de la demande' })
          await this.repo.update(trx, id, { sent_on: input.sentOn, status: 'sent_to_caf' })
          break
        case 'decision':
          this.happened('decidedOn', input.decidedOn, { date: row.sent_on, what: 'l’envoi à la CAF' })
          await this.repo.update(trx, id, {
            decision: input.decision,
            decided_on: input.decidedOn,
            status: input.decision,
          })
          break
        case 'orientation':
          if (input.toCcas && input.orientation !== 'social') {
            throw validationError(
              'toCcas',
              'Le CCAS accompagne les personnes orientées vers un parcours social.',
            )
          }
          this.happened('orientedOn', input.orientedOn, { date: row.decided_on, what: 'la décision' })
          await this.repo.update(trx, id, {
            orientation: input.orientation,
            oriented_on: input.orientedOn,
            to_ccas: input.toCcas,
            status: 'oriented',
          })
          break
        case 'contract': {
          if (!row.to_ccas) {
            throw validationError(
              'step',
              'Le contrat d’engagement réciproque est signé avec le CCAS par les personnes qui lui sont orientées.',
            )
          }
          this.happened('signedOn', input.signedOn, { date: row.oriented_on, what: 'l’orientation' })
          for (const [index, date] of input.reviewDates.entries()) {
            if (date <= input.signedOn) {
              throw validationError(`reviewDates.${index}`, 'Une révision suit la signature du contrat.')
            }
            if (date > addDays(input.signedOn, 3 * 366)) {
              throw validationError(
                `reviewDates.${index}`,
                'Une révision a lieu dans les trois ans du contrat.',
              )
            }
          }
          await this.repo.update(trx, id, {
            contract_signed_on: input.signedOn,
            contract_goals: JSON.stringify(input.goals),
            contract_review_dates: JSON.stringify([...input.reviewDates].sort()),
            contract_note: input.note ?? null,
            status: 'contract_signed',
          })
          break
        }
      }
      await recordAudit(trx, actor, {
        action: `rsa.step_${input.step}`,
        entityType: 'rsa_application',
        entityId: id,
        personId: row.person_id,
      })
      return this.toApplication(await this.read(actor, id, trx))
    })
  }

  /** Applications instructed per period and team: figures only, never a name (analysts and elected officials). */
  async counts(actor: Actor, query: z.infer<typeof rsaCountsQuerySchema>) {
    assertAllowed(actor, 'indicators.read')
    const rows = await this.repo.counts(actor.organisationId, query.from, query.to, query.teamId, this.db)
    const byTeam = rows.map((r) => ({
      teamId: r.team_id,
      teamName: r.team_name,
      received: Number(r.received),
      sentToCaf: Number(r.sent_to_caf),
      granted: Number(r.granted),
      refused: Number(r.refused),
      contracts: Number(r.contracts),
    }))
    const sum = (key: 'received' | 'sentToCaf' | 'granted' | 'refused' | 'contracts') =>
      byTeam.reduce((total, t) => total + t[key], 0)
    return {
      from: query.from,
      to: query.to,
      countingRule: RSA_COUNTING_RULE,
      total: {
        received: sum('received'),
        sentToCaf: sum('sentToCaf'),
        granted: sum('granted'),
        refused: sum('refused'),
        contracts: sum('contracts'),
      },
      byTeam: byTeam.filter((t) => t.received + t.sentToCaf + t.granted + t.refused + t.contracts > 0),
    }
  }

  timelineSource(): TimelineSource {
    const readable = (actor: Actor) => roleAllows(actor.roles, 'rsa.instruct')
    const applications = async (db: Kysely<Database>, actor: Actor, personIds: string[], limit?: number) =>
      readable(actor)
        ? (await this.repo.ofPeople(actor, personIds, db, limit)).map((r) => this.toApplication(r))
        : []
    return {
      kind: 'rsa',
      label: 'Instruction RSA',
      entries: async (db, actor, personIds, { limit }) =>
        (await applications(db, actor, personIds, limit)).map(
          (a): TimelineEntry => ({
            kind: 'rsa',
            kindLabel: 'RSA',
            id: a.id,
            at: new Date(`${a.receivedOn}T12:00:00Z`).toISOString(),
            title: `Demande de RSA — ${RSA_STATUS.labels[a.status]}`,
            detail:
              [
                a.missingDocuments.length ? `Pièces manquantes : ${a.missingDocuments.join(', ')}` : null,
                a.sentOn ? `transmise à la CAF le ${a.sentOn}` : null,
                a.orientation ? `orientation ${RSA_ORIENTATION.labels[a.orientation].toLowerCase()}` : null,
              ]
                .filter(Boolean)
                .join(' · ') || null,
            personId: a.personId,
          }),
        ),
      count: async (db, actor, personIds) =>
        readable(actor) ? this.repo.countOfPeople(actor, personIds, db) : 0,
      latest: async () => new Map(),
      export: (db, actor, personIds) => applications(db, actor, personIds),
    }
  }
}
