import type { Kysely } from 'kysely'
import { LEASED_STRUCTURE_KINDS } from '../../../shared/accommodation.ts'
import type {
  Lease,
  LeaseDetail,
  LeaseInput,
  LeaseSlideInput,
  RentMonth,
  RentPaymentInput,
  Sublease,
  SubleaseInput,
} from '../../../shared/accommodation-leases.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { newestFirst, type TimelineSource } from '../../platform/timeline.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { AccommodationLeasesRepository } from './accommodation.leases.repository.ts'
import { endStay } from './accommodation.stay-writes.ts'

type LeaseRow = NonNullable<Awaited<ReturnType<AccommodationLeasesRepository['lease']>>>
type SubleaseRow = Awaited<ReturnType<AccommodationLeasesRepository['subleasesOf']>>[number]
type StoredMonth = Awaited<ReturnType<AccommodationLeasesRepository['rentMonths']>>[number]
interface SubleaseTerms {
  starts_on: string
  ends_on: string | null
  rent_share_cents: number
  charges_cents: number
  housing_benefit_cents: number
}

/** What the occupant owes each month: rent share + charges − housing benefit, never below zero. */
const monthlyDue = (s: SubleaseTerms) =>
  Math.max(0, s.rent_share_cents + s.charges_cents - s.housing_benefit_cents)

/**
 * The months a sublease owes so far: from its first month to the current one, or to the month of its
 * last night when it has ended (a sublease ended on the 1st owes nothing for that month).
 */
export function dueMonths(s: SubleaseTerms, today: string): string[] {
  const lastDay = s.ends_on ? addDays(s.ends_on, -1) : today
  const last = (lastDay < today ? lastDay : today).slice(0, 7)
  const months: string[] = []
  if (s.starts_on > today || (s.ends_on !== null && s.ends_on <= s.starts_on)) return months
  let [year, month] = s.starts_on.slice(0, 7).split('-').map(Number) as [number, number]
  for (let key = s.starts_on.slice(0, 7); key <= last; ) {
    months.push(key)
    month += 1
    if (month === 13) [year, month] = [year + 1, 1]
    key = `${year}-${String(month).padStart(2, '0')}`
  }
  return months
}

/** The months of a sublease with what each owes (its row's figure once paid) and what was paid. */
function rentMonths(s: SubleaseTerms, stored: readonly StoredMonth[], today: string): RentMonth[] {
  const byMonth = new Map(stored.map((m) => [m.month, m]))
  return dueMonths(s, today).map((month) => {
    const row = byMonth.get(month)
    const dueCents = row?.due_cents ?? monthlyDue(s)
    const paidCents = row?.paid_cents ?? 0
    return {
      month,
      dueCents,
      paidCents,
      arrearsCents: Math.max(0, dueCents - paidCents),
      paidOn: row?.paid_on ?? null,
      note: row?.note ?? null,
    }
  })
}

const sum = (months: readonly RentMonth[], pick: (m: RentMonth) => number) =>
  months.reduce((total, m) => total + pick(m), 0)

/**
 * Leases on dwellings, the sublease to the occupant of a stay, monthly rents with arrears, and the
 * slide of the lease to the occupant (which ends the stay through `endStay`, destination lease_slid).
 * Those who manage leases (`accommodation.leases`) read and write; occupants' names only for files
 * they may see.
 */
export class AccommodationLeasesService {
  constructor(
    private readonly repo: AccommodationLeasesRepository,
    private readonly people: PeopleService,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private toLease(row: LeaseRow, subleases: readonly Sublease[], today: string): Lease {
    const running = subleases.find((s) => s.startsOn <= today && (s.endsOn === null || s.endsOn > today))
    return {
      id: row.id,
      unitId: row.unit_id,
      unitLabel: row.unit_label,
      structureId: row.structure_id,
      structureName: row.structure_name,
      structureKind: row.structure_kind,
      landlordKind: row.landlord_kind,
      landlordPartnerId: row.landlord_partner_id,
      landlord: row.partner_name ?? row.landlord_name ?? '',
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      rentCents: row.rent_cents,
      chargesCents: row.charges_cents,
      note: row.note,
      arrearsCents: subleases.reduce((total, s) => total + s.arrearsCents, 0),
      occupant: running ? { personId: running.personId, displayName: running.displayName } : null,
    }
  }

  /** The subleases of these leases with their months, names only for files the actor may see. */
  private async subleases(trx: Kysely<Database>, actor: Actor, leaseIds: string[], today: string) {
    const rows = await this.repo.subleasesOf(trx, leaseIds)
    const stored = await this.repo.rentMonths(
      trx,
      rows.map((r) => r.id),
    )
    const names = await this.people.visiblePeople(
      actor,
      rows.map((r) => r.person_id),
      trx,
    )
    const byLease = new Map<string, Sublease[]>()
    for (const row of rows) {
      const months = rentMonths(
        row,
        stored.filter((m) => m.sublease_id === row.id),
        today,
      )
      const sublease: Sublease = {
        id: row.id,
        stayId: row.stay_id,
        personId: row.person_id,
        displayName: names.get(row.person_id)?.displayName ?? null,
        startsOn: row.starts_on,
        endsOn: row.ends_on,
        slidOn: row.slid_on,
        rentShareCents: row.rent_share_cents,
        chargesCents: row.charges_cents,
        housingBenefitCents: row.housing_benefit_cents,
        monthlyDueCents: monthlyDue(row),
        dueCents: sum(months, (m) => m.dueCents),
        paidCents: sum(months, (m) => m.paidCents),
        arrearsCents: sum(months, (m) => m.arrearsCents),
        months,
      }
      byLease.set(row.lease_id, [...(byLease.get(row.lease_id) ?? []), sublease])
    }
    return { byLease, personIds: rows.map((r: SubleaseRow) => r.person_id) }
  }

  async page(actor: Actor, query: { structureId?: string | undefined; page: number; pageSize: number }) {
    assertAllowed(actor, 'accommodation.leases')
    const today = todayInFrance()
    return this.db.transaction().execute(async (trx) => {
      const { items, total } = await this.repo.page(trx, actor.organisationId, query)
      const { byLease, personIds } = await this.subleases(
        trx,
        actor,
        items.map((i) => i.id),
        today,
      )
      await recordAudit(trx, actor, {
        action: 'accommodation_lease.list',
        entityType: 'accommodation_lease',
        personIds,
      })
      return {
        items: items.map((row) => this.toLease(row, byLease.get(row.id) ?? [], today)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  private async detailWithin(trx: Kysely<Database>, actor: Actor, id: string): Promise<LeaseDetail> {
    const today = todayInFrance()
    const row = await this.repo.lease(trx, actor.organisationId, id)
    if (!row) throw notFound()
    const { byLease, personIds } = await this.subleases(trx, actor, [row.id], today)
    const subleases = byLease.get(row.id) ?? []
    const open = await this.repo.openStaysWithoutSublease(trx, row.structure_id)
    const visible = await this.people.visiblePeople(
      actor,
      open.map((s) => s.person_id),
      trx,
    )
    await recordAudit(trx, actor, {
      action: 'accommodation_lease.read',
      entityType: 'accommodation_lease',
      entityId: row.id,
      personIds,
    })
    return {
      ...this.toLease(row, subleases, today),
      subleases,
      openStays: open
        .filter((s) => visible.has(s.person_id))
        .map((s) => ({
          stayId: s.id,
          personId: s.person_id,
          displayName: visible.get(s.person_id)!.displayName,
          startedOn: s.started_on,
        })),
    }
  }

  async detail(actor: Actor, id: string) {
    assertAllowed(actor, 'accommodation.leases')
    return this.db.transaction().execute((trx) => this.detailWithin(trx, actor, id))
  }

  /** The dwellings a lease can be taken on: units of the leased kinds of structure. */
  async dwellings(actor: Actor) {
    assertAllowed(actor, 'accommodation.leases')
    const rows = await this.repo.leasedUnits(this.db, actor.organisationId, LEASED_STRUCTURE_KINDS)
    return {
      items: rows.map((r) => ({
        unitId: r.unit_id,
        unitLabel: r.unit_label,
        structureId: r.structure_id,
        structureName: r.structure_name,
        structureKind: r.kind,
      })),
    }
  }

  async create(actor: Actor, input: LeaseInput) {
    assertAllowed(actor, 'accommodation.leases')
    return this.db.transaction().execute(async (trx) => {
      const unit = await this.repo.unit(trx, actor.organisationId, input.unitId)
      if (!unit) throw validationError('unitId', 'Logement inconnu.')
      if (!LEASED_STRUCTURE_KINDS.includes(unit.kind))
        throw validationError(
          'unitId',
          'Ce logement n’appartient pas à une structure en bail glissant, sous-location ou PST.',
        )
      if (
        input.landlordPartnerId &&
        !(await this.repo.partnerExists(trx, actor.organisationId, input.landlordPartnerId))
      )
        throw validationError('landlordPartnerId', 'Partenaire inconnu.')
      if (await this.repo.overlappingLease(trx, unit.id, input.startsOn))
        throw new AppError('LEASE_ALREADY_RUNNING', 409)
      const { id } = await this.repo.insertLease(trx, {
        organisation_id: actor.organisationId,
        unit_id: unit.id,
        landlord_kind: input.landlordKind,
        landlord_partner_id: input.landlordPartnerId ?? null,
        landlord_name: input.landlordPartnerId ? null : (input.landlordName ?? null),
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
        rent_cents: input.rentCents,
        charges_cents: input.chargesCents,
        note: input.note ?? null,
        created_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation_lease.create',
        entityType: 'accommodation_lease',
        entityId: id,
        details: { structureId: unit.structure_id, landlordKind: input.landlordKind },
      })
      return this.detailWithin(trx, actor, id)
    })
  }

  /** Sublets the lease's dwelling to the occupant of an open stay of its structure. */
  async addSublease(actor: Actor, leaseId: string, input: SubleaseInput) {
    assertAllowed(actor, 'accommodation.leases')
    return this.db.transaction().execute(async (trx) => {
      const lease = await this.repo.lease(trx, actor.organisationId, leaseId, true)
      if (!lease) throw notFound()
      const stay = await this.repo.stay(trx, actor.organisationId, input.stayId)
      const visible =
        stay && (await this.people.visiblePeople(actor, [stay.person_id], trx)).has(stay.person_id)
      if (!stay || !visible || stay.structure_id !== lease.structure_id)
        throw validationError('stayId', 'Séjour inconnu dans cette structure.')
      if (stay.ended_on !== null) throw validationError('stayId', 'Ce séjour est terminé.')
      if (input.startsOn < lease.starts_on || (lease.ends_on !== null && input.startsOn >= lease.ends_on))
        throw validationError('startsOn', 'La sous-location doit commencer pendant le bail.')
      if (await this.repo.openSublease(trx, lease.id)) throw new AppError('SUBLEASE_ALREADY_RUNNING', 409)
      const { id } = await this.repo.insertSublease(trx, {
        organisation_id: actor.organisationId,
        lease_id: lease.id,
        stay_id: stay.id,
        starts_on: input.startsOn,
        rent_share_cents: input.rentShareCents,
        charges_cents: input.chargesCents,
        housing_benefit_cents: input.housingBenefitCents,
        created_by: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation_sublease.create',
        entityType: 'accommodation_sublease',
        entityId: id,
        personId: stay.person_id,
        details: { leaseId: lease.id, stayId: stay.id },
      })
      return this.detailWithin(trx, actor, lease.id)
    })
  }

  /** The sublease if it is the organisation's and its occupant's file is within the actor's reach. */
  private async subleaseInReach(trx: Kysely<Database>, actor: Actor, subleaseId: string) {
    const sublease = await this.repo.sublease(trx, actor.organisationId, subleaseId)
    if (!sublease) throw notFound()
    if (!(await this.people.visiblePeople(actor, [sublease.person_id], trx)).has(sublease.person_id))
      throw notFound()
    return sublease
  }

  /** A payment of a month's rent, no more than what the month still owes. */
  async recordPayment(actor: Actor, subleaseId: string, input: RentPaymentInput) {
    assertAllowed(actor, 'accommodation.leases')
    return this.db.transaction().execute(async (trx) => {
      const sublease = await this.subleaseInReach(trx, actor, subleaseId)
      const stored = await this.repo.rentMonths(trx, [sublease.id])
      const month = rentMonths(sublease, stored, todayInFrance()).find((m) => m.month === input.month)
      if (!month) throw validationError('month', 'Ce mois n’est pas dû par cette sous-location.')
      if (input.amountCents > month.arrearsCents)
        throw validationError(
          'amountCents',
          `Ce paiement dépasse ce qui reste dû pour ce mois (${formatEuros(month.arrearsCents)}).`,
        )
      await this.repo.addPayment(trx, {
        organisationId: actor.organisationId,
        subleaseId: sublease.id,
        month: input.month,
        dueCents: month.dueCents,
        amountCents: input.amountCents,
        paidOn: input.paidOn,
        note: input.note ?? null,
        recordedBy: actor.userId,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation_rent.payment',
        entityType: 'accommodation_sublease',
        entityId: sublease.id,
        personId: sublease.person_id,
        details: { month: input.month, amountCents: input.amountCents },
      })
      return this.detailWithin(trx, actor, sublease.lease_id)
    })
  }

  /**
   * The lease slides to the occupant: the sublease and the organisation's lease end that day, and so
   * does the stay (through `endStay`, reason and destination « bail glissé »).
   */
  async slide(actor: Actor, subleaseId: string, input: LeaseSlideInput) {
    assertAllowed(actor, 'accommodation.leases')
    return this.db.transaction().execute(async (trx) => {
      const sublease = await this.subleaseInReach(trx, actor, subleaseId)
      if (sublease.ends_on !== null) throw new AppError('SUBLEASE_ALREADY_ENDED', 409)
      if (input.slidOn < sublease.starts_on)
        throw validationError('slidOn', 'Le glissement ne peut pas précéder le début de la sous-location.')
      await this.repo.slide(trx, { id: sublease.id, leaseId: sublease.lease_id }, input.slidOn)
      await endStay(trx, actor, sublease.stay_id, {
        endedOn: input.slidOn,
        reason: 'lease_slid',
        destination: 'lease_slid',
        note: input.note ?? null,
      })
      await recordAudit(trx, actor, {
        action: 'accommodation_sublease.slide',
        entityType: 'accommodation_sublease',
        entityId: sublease.id,
        personId: sublease.person_id,
        details: { leaseId: sublease.lease_id, slidOn: input.slidOn },
      })
      return this.detailWithin(trx, actor, sublease.lease_id)
    })
  }

  /** Arrears per structure: subleases, how many owe, what was due and paid so far. */
  async arrears(actor: Actor) {
    assertAllowed(actor, 'accommodation.leases')
    const today = todayInFrance()
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.subleasesByStructure(trx, actor.organisationId)
      const stored = await this.repo.rentMonths(
        trx,
        rows.map((r) => r.id),
      )
      const byStructure = new Map<
        string,
        {
          structureId: string
          structureName: string
          structureKind: string
          subleases: number
          inArrears: number
          dueCents: number
          paidCents: number
          arrearsCents: number
        }
      >()
      for (const row of rows) {
        const months = rentMonths(
          row,
          stored.filter((m) => m.sublease_id === row.id),
          today,
        )
        const line = byStructure.get(row.structure_id) ?? {
          structureId: row.structure_id,
          structureName: row.structure_name,
          structureKind: row.structure_kind,
          subleases: 0,
          inArrears: 0,
          dueCents: 0,
          paidCents: 0,
          arrearsCents: 0,
        }
        const arrears = sum(months, (m) => m.arrearsCents)
        line.subleases += 1
        line.inArrears += arrears > 0 ? 1 : 0
        line.dueCents += sum(months, (m) => m.dueCents)
        line.paidCents += sum(months, (m) => m.paidCents)
        line.arrearsCents += arrears
        byStructure.set(row.structure_id, line)
      }
      return { items: [...byStructure.values()] }
    })
  }

  /**
   * Subleases on the occupant's timeline (start, slide of the lease, end) for those who manage leases,
   * and in the person's access export with their rents.
   */
  timelineSource(): TimelineSource {
    const at = (day: string) => new Date(`${day}T12:00:00Z`).toISOString()
    return {
      kind: 'accommodation_sublease',
      label: 'Sous-location',
      entries: async (db, actor, personIds, latest) => {
        if (!roleAllows(actor.roles, 'accommodation.leases')) return []
        const rows = await this.repo.subleasesOfPeople(db, actor.organisationId, personIds, latest)
        const entries: TimelineEntry[] = []
        for (const row of rows) {
          const dwelling = `${row.unit_label}, ${row.structure_name}`
          const entry = (id: string, day: string, title: string, detail: string | null) =>
            entries.push({
              kind: 'accommodation_sublease',
              kindLabel: 'Sous-location',
              id,
              at: at(day),
              title,
              detail,
              personId: row.person_id,
            })
          entry(
            row.id,
            row.starts_on,
            `Sous-location : ${dwelling}`,
            `${formatEuros(monthlyDue(row))} par mois`,
          )
          if (row.slid_on) entry(row.lease_id, row.slid_on, `Bail glissé : ${dwelling}`, null)
          else if (row.ends_on) entry(row.stay_id, row.ends_on, `Fin de la sous-location : ${dwelling}`, null)
        }
        return newestFirst(entries, latest.limit)
      },
      count: async (db, actor, personIds) =>
        roleAllows(actor.roles, 'accommodation.leases')
          ? this.repo.subleaseEventCount(db, actor.organisationId, personIds)
          : 0,
      latest: async (db, actor, personIds, now) => {
        const latest = new Map<string, Date>()
        if (!roleAllows(actor.roles, 'accommodation.leases')) return latest
        const today = todayInFrance(now)
        for (const row of await this.repo.subleasesOfPeople(db, actor.organisationId, personIds)) {
          // A sublease under way is a contact every day, as a running stay is: the CCAS is the
          // person's landlord until it ends or slides to them.
          const running =
            row.starts_on <= today && row.slid_on === null && (row.ends_on === null || row.ends_on >= today)
          const last = [row.starts_on, row.slid_on, row.ends_on]
            .filter((day): day is string => day !== null && day <= today)
            .sort()
            .at(-1)
          if (!last) continue
          const on = running ? now : new Date(`${last}T12:00:00Z`)
          const known = latest.get(row.person_id)
          if (!known || known < on) latest.set(row.person_id, on)
        }
        return latest
      },
      // The export is the person's data: every sublease with its months, whoever asks for it.
      export: async (db, actor, personIds) => {
        const rows = await this.repo.subleasesOfPeople(db, actor.organisationId, personIds)
        const stored = await this.repo.rentMonths(
          db,
          rows.map((r) => r.id),
        )
        const today = todayInFrance()
        return rows.map((row) => ({
          dwelling: `${row.unit_label}, ${row.structure_name}`,
          startsOn: row.starts_on,
          endsOn: row.ends_on,
          slidOn: row.slid_on,
          rentShareCents: row.rent_share_cents,
          chargesCents: row.charges_cents,
          housingBenefitCents: row.housing_benefit_cents,
          months: rentMonths(
            row,
            stored.filter((m) => m.sublease_id === row.id),
            today,
          ),
        }))
      },
    }
  }
}
