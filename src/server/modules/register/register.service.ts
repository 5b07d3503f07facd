import type { Kysely, Updateable } from 'kysely'
import type { z } from 'zod'
import { addDays, ageOn, todayInFrance } from '../../../shared/dates.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import {
  ATTENDING_SERVICE,
  AUTONOMY_NEED,
  REGISTER_GROUND,
  type RegisterEntry,
  type RegisterEntryInput,
  type registerEntryUpdateSchema,
  type registerSettingsInputSchema,
} from '../../../shared/register.ts'
import type { Db } from '../../db/database.ts'
import type { Database, RegisterEntryTable } from '../../db/schema.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import type { AccessRule } from '../../platform/access-rules.ts'
import { recordAudit } from '../../platform/audit.ts'
import { toCsv } from '../../platform/csv.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import type { HomeSource } from '../../platform/home.ts'
import { enqueueEmail } from '../../platform/outbox.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { FrontdeskService } from '../frontdesk/frontdesk.service.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { CALLER_ROLES, RegisterAccess, reachDetails, riskOf } from './register.access.ts'
import { RegisterAlertService } from './register.alerts.service.ts'
import { RegisterCallListService } from './register.call-lists.service.ts'
import { reviewReminderEmail } from './register.emails.ts'
import { RegisterReferralService } from './register.referrals.service.ts'
import type { RegisterEntryRow, RegisterRepository } from './register.repository.ts'

/** A third party's request is acknowledged to the person within 8 days (CASF R121-3). */
const ACKNOWLEDGEMENT_DAYS = 8
/** The yearly reviews the weekly reminder counts: due within this many days, or overdue. */
const REMINDER_HORIZON_DAYS = 30

const addYears = (date: string, years: number) =>
  `${Number(date.slice(0, 4)) + years}${date.slice(4)}`.replace(/-02-29$/, '-02-28')

/**
 * The vulnerable-persons register (CASF L121-6-1): its entries and settings here, its alert campaigns
 * (register.alerts.service.ts) and the network's referrals (register.referrals.service.ts) beside.
 * Who reaches it is register.access.ts's rule; every read or write is audited.
 */
export class RegisterService {
  readonly access: RegisterAccess
  readonly alerts: RegisterAlertService
  readonly referrals: RegisterReferralService
  readonly callLists: RegisterCallListService

  constructor(
    private readonly repo: RegisterRepository,
    private readonly people: PeopleService,
    frontdesk: FrontdeskService,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
    private readonly publicUrl: string,
  ) {
    this.access = new RegisterAccess(repo)
    this.alerts = new RegisterAlertService(repo, this.access, people, frontdesk)
    this.referrals = new RegisterReferralService(repo, this.access)
    this.callLists = new RegisterCallListService(repo, this.access, people, organisations)
  }

  private get db(): Db {
    return this.repo.db
  }

  /** The designated team, as the signed-in user's permissions (and so the menus) apply it. */
  accessRule(): AccessRule {
    return this.access.accessRule()
  }

  // Settings

  async settings(actor: Actor) {
    assertAllowed(actor, 'register.configure')
    const s = await this.access.settingsOf(actor.organisationId, this.db)
    return { teamId: s.team_id, retryDelayMinutes: s.retry_delay_minutes, maxAttempts: s.max_attempts }
  }

  async saveSettings(actor: Actor, input: z.infer<typeof registerSettingsInputSchema>) {
    assertAllowed(actor, 'register.configure')
    await this.db.transaction().execute(async (trx) => {
      if (input.teamId && !(await this.repo.teamExists(actor.organisationId, input.teamId, trx))) {
        throw validationError('teamId', 'Équipe inconnue.')
      }
      await this.repo.saveSettings(trx, actor.organisationId, actor.userId, {
        team_id: input.teamId,
        retry_delay_minutes: input.retryDelayMinutes,
        max_attempts: input.maxAttempts,
      })
      await recordAudit(trx, actor, { action: 'register.settings_update', entityType: 'register_settings' })
    })
    return this.settings(actor)
  }

  // Entries

  private async toEntries(actor: Actor, rows: RegisterEntryRow[], db: Kysely<Database>) {
    const ids = rows.map((r) => r.person_id)
    const names = await this.people.visiblePeople(actor, ids, db)
    const facts = await this.people.personFacts(actor.organisationId, ids, db)
    const today = todayInFrance()
    return rows.map((row): RegisterEntry => {
      const birthDate = facts.get(row.person_id)?.birthDate ?? null
      const restricted = !names.has(row.person_id)
      return {
        id: row.id,
        personId: row.person_id,
        personName: names.get(row.person_id)?.displayName ?? 'Dossier restreint',
        status: row.status,
        ground: row.ground,
        disabilityProof: row.disability_proof as RegisterEntry['disabilityProof'],
        requestedBy: row.requested_by,
        requesterName: row.requester_name,
        requesterRelationship: row.requester_relationship,
        requestedOn: row.requested_on,
        acknowledgementDue: row.acknowledgement_due,
        ...reachDetails(row, restricted),
        livesAlone: row.lives_alone,
        autonomy: row.autonomy,
        powerMedicalDevices: row.power_medical_devices,
        attendingServices: row.attending_services,
        registeredAt: isoTimestamp(row.registered_at),
        reviewDue: row.review_due,
        risk: riskOf(row, birthDate ? ageOn(birthDate, today) : null),
      }
    })
  }

  private async oneEntry(actor: Actor, id: string, db: Kysely<Database>) {
    const [row] = await this.repo.entries(actor.organisationId, { id }, db)
    if (!row) throw notFound()
    return row
  }

  /** Checks the ground against what the person's file says (CASF R121-2). */
  private async checkEligibility(actor: Actor, input: RegisterEntryInput, db: Kysely<Database>) {
    const person = (await this.people.visiblePeople(actor, [input.personId], db)).get(input.personId)
    if (!person || person.mergedIntoId) throw validationError('personId', 'Personne inconnue.')
    const facts = (await this.people.personFacts(actor.organisationId, [input.personId], db)).get(
      input.personId,
    )
    const age = facts?.birthDate ? ageOn(facts.birthDate, todayInFrance()) : (facts?.approximateAge ?? null)
    const minimum = { age_65: 65, age_60_unfit: 60, disabled_adult: 18 }[input.ground]
    if (age === null && input.ground !== 'disabled_adult') {
      throw validationError(
        'ground',
        'Renseignez la date de naissance de la personne pour vérifier ce motif.',
      )
    }
    if (age !== null && age < minimum) {
      throw validationError('ground', `La personne n’a pas l’âge requis pour ce motif (${minimum} ans).`)
    }
    if (input.ground === 'disabled_adult' && !input.disabilityProof) {
      throw validationError('disabilityProof', 'Précisez la reconnaissance du handicap (AAH, PCH, carte…).')
    }
    if (input.requestedBy === 'third_party' && !input.requesterName) {
      throw validationError('requesterName', 'La demande d’un tiers est écrite : indiquez qui la fait.')
    }
  }

  async list(actor: Actor, query: { reviewDue?: boolean }) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.read', trx)
      const rows = await this.repo.entries(
        actor.organisationId,
        { reviewDueBy: query.reviewDue ? todayInFrance() : undefined },
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'register.list',
        entityType: 'register_entry',
        personIds: rows.map((row) => row.person_id),
      })
      return this.toEntries(actor, rows, trx)
    })
  }

  async get(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.read', trx, true)
      const row = await this.oneEntry(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'register.read',
        entityType: 'register_entry',
        entityId: id,
        personId: row.person_id,
      })
      return (await this.toEntries(actor, [row], trx))[0]!
    })
  }

  async create(actor: Actor, input: RegisterEntryInput) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.write', trx)
      await this.checkEligibility(actor, input, trx)
      const requestedOn = input.requestedOn ?? todayInFrance()
      const thirdParty = input.requestedBy === 'third_party'
      // A third party's request waits for the person: unless they object, they are registered.
      const registeredAt = thirdParty ? null : new Date()
      const row = await this.repo.insertEntry(trx, actor.organisationId, {
        person_id: input.personId,
        status: thirdParty ? 'awaiting_confirmation' : 'registered',
        ground: input.ground,
        disability_proof: input.ground === 'disabled_adult' ? (input.disabilityProof ?? null) : null,
        requested_by: input.requestedBy,
        requester_name: input.requestedBy === 'self' ? null : (input.requesterName ?? null),
        requester_relationship: input.requestedBy === 'self' ? null : (input.requesterRelationship ?? null),
        requested_on: requestedOn,
        acknowledgement_due: thirdParty ? addDays(requestedOn, ACKNOWLEDGEMENT_DAYS) : null,
        registered_at: registeredAt,
        review_due: registeredAt ? addYears(todayInFrance(), 1) : null,
        created_by: actor.userId,
        ...this.detailValues(input),
      })
      if (!row) throw validationError('personId', 'Cette personne est déjà inscrite au registre.')
      if (input.referralId) {
        const referral = await this.repo.handleReferral(trx, actor.organisationId, input.referralId, {
          status: 'registered',
          entry_id: row.id,
          handled_by: actor.userId,
        })
        if (!referral) await this.referrals.refuse(actor, input.referralId, trx)
        await recordAudit(trx, actor, {
          action: 'register.referral_register',
          entityType: 'register_referral',
          entityId: input.referralId,
          personId: row.person_id,
        })
      }
      if (registeredAt) await this.repo.recordMovement(trx, actor.organisationId, 1)
      await recordAudit(trx, actor, {
        action: 'register.create',
        entityType: 'register_entry',
        entityId: row.id,
        personId: row.person_id,
      })
      return (await this.toEntries(actor, [row], trx))[0]!
    })
  }

  private detailValues(input: z.infer<typeof registerEntryUpdateSchema>) {
    const values: Updateable<RegisterEntryTable> = {}
    if (input.address !== undefined) values.address = input.address
    if (input.phone !== undefined) values.phone = input.phone
    if (input.livesAlone !== undefined) values.lives_alone = input.livesAlone
    if (input.autonomy !== undefined) values.autonomy = [...new Set(input.autonomy)]
    if (input.powerMedicalDevices !== undefined) values.power_medical_devices = input.powerMedicalDevices
    if (input.attendingServices !== undefined)
      values.attending_services = [...new Set(input.attendingServices)]
    if (input.emergencyContacts !== undefined) {
      values.emergency_contacts = JSON.stringify(input.emergencyContacts)
    }
    if (input.bestCallTimes !== undefined) values.best_call_times = input.bestCallTimes
    return values
  }

  /** Corrections, by staff or at the person's request (their right of rectification). */
  async update(actor: Actor, id: string, input: z.infer<typeof registerEntryUpdateSchema>) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.write', trx, true)
      const current = await this.oneEntry(actor, id, trx)
      // Details masked for the reader would be overwritten blind.
      if (!(await this.people.visiblePeople(actor, [current.person_id], trx)).has(current.person_id)) {
        const masked = (['address', 'phone', 'bestCallTimes', 'emergencyContacts'] as const).find(
          (field) => input[field] !== undefined,
        )
        if (masked) {
          throw validationError(masked, 'Ces coordonnées sont réservées à l’équipe qui suit la personne.')
        }
      }
      const row = await this.repo.updateEntry(trx, actor.organisationId, id, this.detailValues(input))
      await recordAudit(trx, actor, {
        action: 'register.update',
        entityType: 'register_entry',
        entityId: id,
        personId: row.person_id,
      })
      return (await this.toEntries(actor, [row], trx))[0]!
    })
  }

  /** The person did not object to a third party's request (or confirmed it): they are registered. */
  async confirm(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.write', trx, true)
      const current = await this.oneEntry(actor, id, trx)
      if (current.status !== 'awaiting_confirmation') {
        throw validationError('status', 'Cette inscription est déjà confirmée.')
      }
      const row = await this.repo.updateEntry(trx, actor.organisationId, id, {
        status: 'registered',
        registered_at: new Date(),
        review_due: addYears(todayInFrance(), 1),
      })
      await this.repo.recordMovement(trx, actor.organisationId, 1)
      await recordAudit(trx, actor, {
        action: 'register.confirm',
        entityType: 'register_entry',
        entityId: id,
        personId: row.person_id,
      })
      return (await this.toEntries(actor, [row], trx))[0]!
    })
  }

  /** The yearly review: the entry was checked with the person, next review in a year. */
  async review(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.write', trx, true)
      const current = await this.oneEntry(actor, id, trx)
      if (current.status !== 'registered')
        throw validationError('status', 'Cette inscription n’est pas confirmée.')
      const row = await this.repo.updateEntry(trx, actor.organisationId, id, {
        review_due: addYears(todayInFrance(), 1),
      })
      await recordAudit(trx, actor, {
        action: 'register.review',
        entityType: 'register_entry',
        entityId: id,
        personId: row.person_id,
      })
      return (await this.toEntries(actor, [row], trx))[0]!
    })
  }

  /**
   * Deletes the entry: the person objected to a third party's request (`objection`), or asked to leave
   * the register. Nothing of the entry is kept, only a -1 in the anonymous count.
   */
  async remove(actor: Actor, id: string, reason: 'objection' | 'deregistration') {
    await this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.write', trx, true)
      const row = await this.oneEntry(actor, id, trx)
      if (reason === 'objection' && row.status !== 'awaiting_confirmation') {
        throw validationError('status', 'L’opposition vaut pour une demande d’un tiers en attente.')
      }
      await this.repo.deleteEntry(trx, actor.organisationId, row)
      if (row.status === 'registered') await this.repo.recordMovement(trx, actor.organisationId, -1)
      await recordAudit(trx, actor, {
        action: reason === 'objection' ? 'register.objection' : 'register.delete',
        entityType: 'register_entry',
        entityId: id,
        personId: row.person_id,
      })
    })
    return { ok: true as const }
  }

  /** What the acknowledgement letter to the person says (the route renders it as a PDF). */
  async acknowledgement(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.read', trx, true)
      const row = await this.oneEntry(actor, id, trx)
      if (row.requested_by !== 'third_party') {
        throw validationError('requestedBy', 'Le courrier concerne les demandes faites par un tiers.')
      }
      await recordAudit(trx, actor, {
        action: 'register.acknowledgement',
        entityType: 'register_entry',
        entityId: id,
        personId: row.person_id,
      })
      const [entry] = await this.toEntries(actor, [row], trx)
      const organisation = await this.organisations.publicOrganisation(actor.organisationId, trx)
      return { entry: entry!, organisationName: organisation?.name ?? '', printedOn: todayInFrance() }
    })
  }

  /** "From 180 to 280 registered": no names, so the register's readers and the indicators' readers. */
  async counts(actor: Actor) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.read', trx)
      const months = await this.repo.monthlyCounts(actor.organisationId, trx)
      return { current: months.at(-1)?.registered ?? 0, months }
    })
  }

  /** The register's size month by month, for the indicators catalogue (read with `indicators.read`). */
  monthlyCountsOf(organisationId: string) {
    return this.repo.monthlyCounts(organisationId)
  }

  /** The list the prefect may ask for during an alert: CSV, on an explicit action, audited. */
  async prefectCsv(actor: Actor) {
    return this.db.transaction().execute(async (trx) => {
      await this.access.reach(actor, 'register.alert', trx)
      const rows = await this.repo.entries(actor.organisationId, { registeredOnly: true }, trx)
      const entries = await this.toEntries(actor, rows, trx)
      // Every person the file hands over, in the one row of the export.
      await recordAudit(trx, actor, {
        action: 'register.prefect_export',
        entityType: 'register_entry',
        personIds: rows.map((row) => row.person_id),
      })
      const labels = (values: string[], all: Record<string, string>) =>
        values.map((v) => all[v] ?? v).join(', ')
      return toCsv(
        entries
          .sort((a, b) => b.risk - a.risk || a.personName.localeCompare(b.personName, 'fr'))
          .map((e) => ({
            nom: e.personName,
            adresse: e.address ?? '',
            telephone: e.phone ?? '',
            motif: REGISTER_GROUND.labels[e.ground],
            vit_seul: e.livesAlone ? 'oui' : 'non',
            autonomie: labels(e.autonomy, AUTONOMY_NEED.labels),
            appareils_electriques: e.powerMedicalDevices ? 'oui' : 'non',
            services: labels(e.attendingServices, ATTENDING_SERVICE.labels),
            contacts_urgence: e.emergencyContacts.map((c) => `${c.name} ${c.phone}`).join(' ; '),
            moments_appel: e.bestCallTimes ?? '',
          })),
      )
    })
  }

  // The yearly review reminder

  /**
   * The periodic job: once a week at most, e-mails the register team's keepers and the directors of each
   * organisation with reviews due within 30 days or overdue — the count and a link, never a name.
   * The week's marker row, written with the e-mails, makes a second run (or instance) send nothing.
   */
  async sendReviewReminders(now: Date, db: Kysely<Database>) {
    const today = todayInFrance(now)
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay()
    const weekOf = addDays(today, -((weekday + 6) % 7))
    const link = `${this.publicUrl}/registre?revisions=1`
    let sent = 0
    for (const counts of await this.repo.reviewsDue(addDays(today, REMINDER_HORIZON_DAYS), today, db)) {
      sent += await db.transaction().execute(async (trx) => {
        const settings = await this.access.settingsOf(counts.organisationId, trx)
        const recipients = await this.repo.reminderRecipients(
          counts.organisationId,
          settings.team_id,
          CALLER_ROLES,
          trx,
        )
        if (recipients.length === 0) return 0
        if (!(await this.repo.markReminder(trx, counts.organisationId, weekOf, counts.due))) return 0
        for (const { email } of recipients) {
          await enqueueEmail(trx, reviewReminderEmail(email, counts, link), counts.organisationId)
        }
        return recipients.length
      })
    }
    return sent
  }

  /**
   * The register on a person's timeline and in their access export (the person may read their entry):
   * only for those who reach the register.
   */
  /**
   * For the register's team and the director (the same rule as every register route): calls due in the
   * alert plans under way, reviews due, referrals to examine. The designated team among the first steps.
   */
  homeSource(): HomeSource {
    return {
      module: 'register',
      tasks: async (actor) => {
        if (!roleAllows(actor.roles, 'register.read')) return []
        const settings = await this.access.settingsOf(actor.organisationId, this.db)
        if (!this.access.designated(actor, settings.team_id)) return []
        const n = await this.repo.homeCounts(actor.organisationId, todayInFrance())
        return [
          { key: 'register.calls_due', count: n.calls, late: n.calls_late },
          { key: 'register.reviews_due', count: n.reviews, late: n.reviews_late },
          { key: 'register.referrals', count: n.referrals, late: 0 },
        ]
      },
      setup: async (actor) => {
        if (!roleAllows(actor.roles, 'organisation.manage')) return []
        const settings = await this.access.settingsOf(actor.organisationId, this.db)
        return [{ key: 'register.team', done: settings.team_id !== null, count: null }]
      },
    }
  }

  timelineSource(): TimelineSource {
    const visible = async (db: Kysely<Database>, actor: Actor) => {
      if (!roleAllows(actor.roles, 'register.read')) return false
      return this.access.designated(actor, (await this.access.settingsOf(actor.organisationId, db)).team_id)
    }
    const rowsOf = async (db: Kysely<Database>, actor: Actor, personIds: string[]) => {
      if (!(await visible(db, actor))) return []
      return this.repo.entries(actor.organisationId, { personIds }, db)
    }
    return {
      kind: 'register',
      label: 'Registre des personnes vulnérables',
      entries: async (db, actor, personIds, { limit }) =>
        ((await visible(db, actor))
          ? await this.repo.latestOfPeople(actor.organisationId, personIds, limit, db)
          : []
        ).map(
          (row): TimelineEntry => ({
            kind: 'register',
            kindLabel: 'Registre',
            id: row.id,
            at: isoTimestamp(row.created_at)!,
            title: 'Inscription au registre des personnes vulnérables',
            detail: REGISTER_GROUND.labels[row.ground],
            personId: row.person_id,
          }),
        ),
      count: async (db, actor, personIds) =>
        (await visible(db, actor)) ? this.repo.countOfPeople(actor.organisationId, personIds, db) : 0,
      latest: async () => new Map(),
      export: async (db, actor, personIds) => this.toEntries(actor, await rowsOf(db, actor, personIds), db),
    }
  }
}
