import type { z } from 'zod'
import {
  type AidCampaign,
  type AidCampaignInput,
  type aidCampaignListQuerySchema,
  CAMPAIGN_DELIVERY,
  type CampaignCounts,
  type CampaignRegistration,
  type CampaignRegistrationInput,
  type campaignReceivedInputSchema,
  type campaignRegistrationListQuerySchema,
} from '../../../shared/aid.campaigns.ts'
import {
  CAMPAIGN_CHANNEL,
  CAMPAIGN_REGISTRATION_STATUS,
  type CampaignChannel,
  type CampaignRegistrationStatus,
} from '../../../shared/aid.ts'
import type { AidWarning } from '../../../shared/aid-requests.ts'
import { ageOn, todayInFrance } from '../../../shared/dates.ts'
import { personDisplayName, type TimelineEntry } from '../../../shared/people.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import { isoTimestamp } from '../../db/timestamps.ts'
import { recordAudit } from '../../platform/audit.ts'
import { toCsv } from '../../platform/csv.ts'
import { AppError, forbidden, notFound } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { andInActiveBase } from '../../platform/retention.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { PricingService } from '../pricing/pricing.service.ts'
import { distributionListPdf } from './aid.campaigns.distribution-pdf.ts'
import type { CampaignRow, CampaignsRepository, RegistrationRow } from './aid.campaigns.repository.ts'
import { aidWarnings } from './aid.rules.ts'

const frenchDay = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : '')

function toCampaign(row: CampaignRow, counts: CampaignCounts): AidCampaign {
  return {
    id: row.id,
    label: row.label,
    description: row.description,
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    distributionOn: row.distribution_on,
    minAge: row.min_age,
    residenceRequired: row.residence_required,
    quotientCeilingCents: row.quotient_ceiling_cents,
    status: row.status,
    counts,
  }
}

function toRegistration(row: RegistrationRow, on: string): CampaignRegistration {
  const address = [row.address, [row.postal_code, row.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ')
  return {
    id: row.id,
    campaignId: row.campaign_id,
    personId: row.person_id,
    displayName: personDisplayName({
      lastName: row.last_name,
      usageName: row.usage_name,
      firstNames: row.first_names,
      description: row.description,
    }),
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, on),
    address: address || null,
    phone: row.phone,
    channel: row.channel,
    status: row.status,
    registeredOn: row.registered_on,
    receivedOn: row.received_on,
    delivery: row.delivery,
    warnings: (row.warnings ?? []) as AidWarning[],
    note: row.note,
  }
}

type DistributionFilter = { status?: CampaignRegistrationStatus; channel?: CampaignChannel }

/** The day ages are counted on: the distribution's, else the registrations' last day. */
const referenceDay = (campaign: CampaignRow) => campaign.distribution_on ?? campaign.closes_on

/**
 * Seasonal campaigns (end-of-year parcels for seniors): the règlement's side (aid.configure) sets the
 * campaign and its eligibility; the desk and the seniors line (aid.campaign) register people, with
 * the channel they came through, and record what each received. Eligibility gaps are warnings kept
 * on the registration, never a refusal: the person asked, the CCAS decides at distribution.
 */
export class CampaignsService {
  constructor(
    private readonly repo: CampaignsRepository,
    private readonly people: PeopleService,
    private readonly pricing: PricingService,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
  ) {}

  private get db(): Db {
    return this.repo.db
  }

  private assertMayRead(actor: Actor) {
    if (!roleAllows(actor.roles, 'aid.campaign') && !roleAllows(actor.roles, 'aid.configure'))
      throw forbidden()
  }

  private async countsOf(campaignIds: string[], db: Db) {
    const rows = await this.repo.counts(campaignIds, db)
    const counts = new Map<string, CampaignCounts>()
    for (const id of campaignIds) {
      const own = rows.filter((r) => r.campaign_id === id)
      const sum = (keep: (r: (typeof own)[number]) => boolean) =>
        own.filter(keep).reduce((total, r) => total + r.n, 0)
      counts.set(id, {
        registered: sum((r) => r.status === 'registered'),
        received: sum((r) => r.status === 'received'),
        cancelled: sum((r) => r.status === 'cancelled'),
        byChannel: CAMPAIGN_CHANNEL.values.map((channel) => ({
          channel,
          label: CAMPAIGN_CHANNEL.labels[channel],
          count: sum((r) => r.channel === channel && r.status !== 'cancelled'),
        })),
        collected: sum((r) => r.status === 'received' && r.delivery === 'collected'),
        delivered: sum((r) => r.status === 'received' && r.delivery === 'delivered'),
      })
    }
    return counts
  }

  private async withCounts(row: CampaignRow, db: Db) {
    return toCampaign(row, (await this.countsOf([row.id], db)).get(row.id)!)
  }

  async list(actor: Actor, query: z.infer<typeof aidCampaignListQuerySchema>) {
    this.assertMayRead(actor)
    const { rows, total } = await this.repo.page(actor.organisationId, query)
    const counts = await this.countsOf(
      rows.map((r) => r.id),
      this.db,
    )
    return {
      items: rows.map((row) => toCampaign(row, counts.get(row.id)!)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    }
  }

  async get(actor: Actor, id: string) {
    this.assertMayRead(actor)
    const row = await this.repo.find(actor.organisationId, id)
    if (!row) throw notFound()
    return this.withCounts(row, this.db)
  }

  async create(actor: Actor, input: AidCampaignInput) {
    assertAllowed(actor, 'aid.configure')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.insert(
        { organisation_id: actor.organisationId, ...this.values(input), created_by: actor.userId },
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'aid_campaign.create',
        entityType: 'aid_campaign',
        entityId: row.id,
      })
      return this.withCounts(row, trx)
    })
  }

  private values(input: AidCampaignInput) {
    return {
      label: input.label,
      description: input.description ?? null,
      opens_on: input.opensOn,
      closes_on: input.closesOn,
      distribution_on: input.distributionOn ?? null,
      min_age: input.minAge ?? null,
      residence_required: input.residenceRequired,
      quotient_ceiling_cents: input.quotientCeilingCents ?? null,
      status: input.status,
    }
  }

  async update(actor: Actor, id: string, input: AidCampaignInput) {
    assertAllowed(actor, 'aid.configure')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.lock(actor.organisationId, id, trx)
      if (!row) throw notFound()
      if (row.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', 409, 'Cette campagne est close.')
      const updated = await this.repo.update(actor.organisationId, id, this.values(input), trx)
      await recordAudit(trx, actor, {
        action: 'aid_campaign.update',
        entityType: 'aid_campaign',
        entityId: id,
      })
      return this.withCounts(updated, trx)
    })
  }

  async close(actor: Actor, id: string) {
    assertAllowed(actor, 'aid.configure')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.lock(actor.organisationId, id, trx)
      if (!row) throw notFound()
      const updated =
        row.status === 'closed'
          ? row
          : await this.repo.update(actor.organisationId, id, { status: 'closed' }, trx)
      await recordAudit(trx, actor, {
        action: 'aid_campaign.close',
        entityType: 'aid_campaign',
        entityId: id,
      })
      return this.withCounts(updated, trx)
    })
  }

  /**
   * What the campaign's conditions say of this person, through the règlement's one rules function:
   * warnings, never a refusal. Age on the campaign's reference day; residence as the agent stated it.
   */
  private async warningsFor(
    actor: Actor,
    campaign: CampaignRow,
    personId: string,
    resident: boolean | null,
    trx: Db,
  ) {
    const facts = (await this.people.personFacts(actor.organisationId, [personId], trx)).get(personId)
    const on = referenceDay(campaign)
    // An approximate age ("about 70") grows with the years since it was given.
    const approximate =
      facts?.approximateAge != null && facts.approximateAgeOn
        ? facts.approximateAge + Number(on.slice(0, 4)) - Number(facts.approximateAgeOn.slice(0, 4))
        : null
    let quotientCents: number | null = null
    if (campaign.quotient_ceiling_cents !== null) {
      const householdId = await this.people.householdIdOf(actor, personId, trx)
      if (householdId) quotientCents = await this.pricing.householdQuotientWithin(actor, householdId, trx)
    }
    return aidWarnings(
      {
        rules: {
          urgentCeilingCents: null,
          ceilingPerRequestCents: null,
          ceilingPerHousehold12mCents: null,
          minAge: campaign.min_age,
          maxAge: null,
          residenceRequired: campaign.residence_required,
          quotientCeilingCents: campaign.quotient_ceiling_cents,
        },
        urgent: false,
        resident,
        quotientCents,
        age: ageOn(facts?.birthDate ?? null, on) ?? approximate,
        grantedOver12MonthsCents: 0,
        missingDocuments: [],
      },
      0,
    )
  }

  async register(actor: Actor, campaignId: string, input: CampaignRegistrationInput) {
    assertAllowed(actor, 'aid.campaign')
    return this.db.transaction().execute(async (trx) => {
      const campaign = await this.repo.lock(actor.organisationId, campaignId, trx)
      if (!campaign) throw notFound()
      if (campaign.status !== 'open') throw new AppError('CAMPAIGN_CLOSED', 409)
      // A merged file's registration goes to the file it now lives in.
      const file = await this.people.recordFileOrFail(actor, input.personId, trx)
      const existing = await this.repo.registrationOf(campaignId, file.id, trx)
      if (existing && existing.status !== 'cancelled') {
        const previous = await this.repo.registrationPage(
          actor.organisationId,
          { id: existing.id },
          this.people.visibleFileSql(actor, 'r.person_id'),
          null,
          trx,
        )
        const first = previous.items[0]
        throw new AppError(
          'ALREADY_REGISTERED',
          409,
          first
            ? `Cette personne est déjà inscrite à cette campagne (le ${frenchDay(first.registered_on)}, ${CAMPAIGN_CHANNEL.labels[first.channel as keyof typeof CAMPAIGN_CHANNEL.labels]}) : une seule inscription par personne.`
            : undefined,
        )
      }
      const warnings = await this.warningsFor(actor, campaign, file.id, input.resident ?? null, trx)
      const values = {
        household_id: await this.people.householdIdOf(actor, file.id, trx),
        registered_on: input.registeredOn ?? todayInFrance(),
        channel: input.channel,
        status: 'registered' as const,
        received_on: null,
        delivery: null,
        warnings: JSON.stringify(warnings),
        note: input.note ?? null,
        registered_by: actor.userId,
      }
      // A cancelled registration comes back to life rather than making a second one.
      let id = existing?.id
      if (id) await this.repo.updateRegistration(id, values, trx)
      else
        id = (
          await this.repo.insertRegistration(
            { organisation_id: actor.organisationId, campaign_id: campaignId, person_id: file.id, ...values },
            trx,
          )
        ).id
      await recordAudit(trx, actor, {
        action: 'aid_campaign.register',
        entityType: 'aid_campaign_registration',
        entityId: id,
        personId: file.id,
        details: {
          campaignId,
          channel: input.channel,
          resident: input.resident ?? null,
          warnings: warnings.map((w) => w.code),
        },
      })
      return this.registrationOrFail(actor, id, trx)
    })
  }

  /** A campaign's lists are of the active base: an archived file's registration stays on the file. */
  private activeFiles(actor: Actor) {
    return andInActiveBase(this.people.visibleFileSql(actor, 'r.person_id'), 'r.person_id')
  }

  private async registrationOrFail(actor: Actor, id: string, db: Db) {
    const { items } = await this.repo.registrationPage(
      actor.organisationId,
      { id },
      this.people.visibleFileSql(actor, 'r.person_id'),
      null,
      db,
    )
    const row = items[0]
    if (!row) throw notFound()
    const campaign = await this.repo.find(actor.organisationId, row.campaign_id, db)
    return toRegistration(row, referenceDay(campaign!))
  }

  /** A registration of a file the actor may see, locked; another's or a hidden one is "not found". */
  private async lockVisibleRegistration(actor: Actor, id: string, trx: Db) {
    const row = await this.repo.lockRegistration(actor.organisationId, id, trx)
    if (!row || !(await this.people.recordFileOf(actor, row.person_id, trx))) throw notFound()
    return row
  }

  async cancel(actor: Actor, id: string, note: string | null | undefined) {
    assertAllowed(actor, 'aid.campaign')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lockVisibleRegistration(actor, id, trx)
      if (row.status !== 'registered') throw new AppError('REGISTRATION_NOT_PENDING', 409)
      await this.repo.updateRegistration(id, { status: 'cancelled', note: note ?? row.note }, trx)
      await recordAudit(trx, actor, {
        action: 'aid_campaign.cancel',
        entityType: 'aid_campaign_registration',
        entityId: id,
        personId: row.person_id,
      })
      return this.registrationOrFail(actor, id, trx)
    })
  }

  async receive(actor: Actor, id: string, input: z.infer<typeof campaignReceivedInputSchema>) {
    assertAllowed(actor, 'aid.campaign')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lockVisibleRegistration(actor, id, trx)
      if (row.status !== 'registered') throw new AppError('REGISTRATION_NOT_PENDING', 409)
      await this.repo.updateRegistration(
        id,
        { status: 'received', delivery: input.delivery, received_on: input.receivedOn ?? todayInFrance() },
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'aid_campaign.receive',
        entityType: 'aid_campaign_registration',
        entityId: id,
        personId: row.person_id,
        details: { delivery: input.delivery },
      })
      return this.registrationOrFail(actor, id, trx)
    })
  }

  /** The distribution list, one page of it, by name: files of a confidential team stay out for others. */
  async registrations(
    actor: Actor,
    campaignId: string,
    query: z.infer<typeof campaignRegistrationListQuerySchema>,
  ) {
    assertAllowed(actor, 'aid.campaign')
    return this.db.transaction().execute(async (trx) => {
      const campaign = await this.repo.find(actor.organisationId, campaignId, trx)
      if (!campaign) throw notFound()
      const { items, total } = await this.repo.registrationPage(
        actor.organisationId,
        { campaignId, status: query.status, channel: query.channel },
        this.activeFiles(actor),
        query,
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'aid_campaign.list',
        entityType: 'aid_campaign',
        entityId: campaignId,
        personIds: items.map((r) => r.person_id),
        details: { count: items.length },
      })
      const on = referenceDay(campaign)
      return {
        items: items.map((r) => toRegistration(r, on)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  /**
   * The whole distribution list, filtered by status and channel, for a file: files of a confidential
   * team stay out for others, and one audit row names everyone in it.
   */
  private async distribution(actor: Actor, campaignId: string, filter: DistributionFilter, format: string) {
    assertAllowed(actor, 'aid.campaign')
    return this.db.transaction().execute(async (trx) => {
      const campaign = await this.repo.find(actor.organisationId, campaignId, trx)
      if (!campaign) throw notFound()
      const { items } = await this.repo.registrationPage(
        actor.organisationId,
        { campaignId, status: filter.status, channel: filter.channel },
        this.activeFiles(actor),
        null,
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'aid_campaign.export',
        entityType: 'aid_campaign',
        entityId: campaignId,
        personIds: items.map((r) => r.person_id),
        details: {
          count: items.length,
          status: filter.status ?? 'all',
          channel: filter.channel ?? 'all',
          format,
        },
      })
      const organisation = await this.organisations.publicOrganisation(actor.organisationId, trx)
      const on = referenceDay(campaign)
      return {
        campaign,
        on,
        organisationName: organisation?.name ?? '',
        registrations: items.map((r) => toRegistration(r, on)),
      }
    })
  }

  /** The whole distribution list as CSV (`;`, for French spreadsheets), through the one CSV writer. */
  async distributionCsv(actor: Actor, campaignId: string, filter: DistributionFilter) {
    const { campaign, on, registrations } = await this.distribution(actor, campaignId, filter, 'csv')
    const channelLabels: Record<string, string> = CAMPAIGN_CHANNEL.labels
    const statusLabels: Record<string, string> = CAMPAIGN_REGISTRATION_STATUS.labels
    const deliveryLabels: Record<string, string> = CAMPAIGN_DELIVERY.labels
    const lines = registrations.map((registration) => [
      registration.displayName,
      frenchDay(registration.birthDate),
      registration.age === null ? '' : String(registration.age),
      registration.address ?? '',
      registration.phone ?? '',
      channelLabels[registration.channel] ?? registration.channel,
      frenchDay(registration.registeredOn),
      statusLabels[registration.status] ?? registration.status,
      registration.delivery ? (deliveryLabels[registration.delivery] ?? '') : '',
      frenchDay(registration.receivedOn),
      registration.warnings.map((w) => w.message).join(' / '),
    ])
    return {
      campaign,
      csv: toCsv(lines, {
        columns: [
          'Nom',
          'Date de naissance',
          `Âge au ${frenchDay(on)}`,
          'Adresse',
          'Téléphone',
          'Inscrit par',
          'Inscrit le',
          'Statut',
          'Remise',
          'Reçu le',
          'Points à vérifier',
        ],
        delimiter: ';',
      }),
    }
  }

  /** The distribution list to print (PDF), with a column to sign on receipt. */
  async distributionPdf(actor: Actor, campaignId: string, filter: DistributionFilter) {
    const list = await this.distribution(actor, campaignId, filter, 'pdf')
    const filters = [
      filter.status ? `statut : ${CAMPAIGN_REGISTRATION_STATUS.labels[filter.status]}` : null,
      filter.channel ? `canal : ${CAMPAIGN_CHANNEL.labels[filter.channel]}` : null,
    ].filter(Boolean)
    return distributionListPdf({
      organisationName: list.organisationName,
      campaignLabel: list.campaign.label,
      distributionOn: list.campaign.distribution_on,
      filters: filters.length ? `Seulement ${filters.join(', ')}` : 'Toutes les inscriptions',
      printedOn: todayInFrance(),
      registrations: list.registrations,
    })
  }

  /** Registrations on the person's timeline and in their access export. */
  timelineSource(): TimelineSource {
    const mayRead = (actor: Actor) => roleAllows(actor.roles, 'aid.campaign')
    const channelLabels: Record<string, string> = CAMPAIGN_CHANNEL.labels
    const deliveryLabels: Record<string, string> = CAMPAIGN_DELIVERY.labels
    return {
      kind: 'aid_campaign_registration',
      label: 'Inscriptions aux campagnes saisonnières (colis, cadeaux…)',
      entries: async (db, actor, personIds, latest) => {
        if (!mayRead(actor)) return []
        const rows = await this.repo.ofPeople(personIds, db, latest)
        return rows.map(
          (row): TimelineEntry => ({
            kind: 'aid_campaign_registration',
            kindLabel: 'Campagne',
            id: row.id,
            at: new Date(`${row.received_on ?? row.registered_on}T12:00:00Z`).toISOString(),
            title:
              row.status === 'received'
                ? `${row.campaign_label} : reçu (${deliveryLabels[row.delivery ?? ''] ?? ''})`
                : row.status === 'cancelled'
                  ? `${row.campaign_label} : inscription annulée`
                  : `${row.campaign_label} : inscrit·e`,
            detail: `Inscription le ${frenchDay(row.registered_on)} — ${channelLabels[row.channel] ?? row.channel}`,
            personId: row.person_id,
          }),
        )
      },
      count: async (db, actor, personIds) => (mayRead(actor) ? this.repo.countOfPeople(personIds, db) : 0),
      latest: async (db, actor, personIds) => {
        if (!mayRead(actor)) return new Map()
        const latest = new Map<string, Date>()
        for (const row of await this.repo.ofPeople(personIds, db)) {
          const at = new Date(`${row.received_on ?? row.registered_on}T12:00:00Z`)
          const known = latest.get(row.person_id)
          if (!known || known < at) latest.set(row.person_id, at)
        }
        return latest
      },
      export: async (db, _actor, personIds) =>
        (await this.repo.ofPeople(personIds, db)).map((row) => ({
          id: row.id,
          campaign: row.campaign_label,
          channel: channelLabels[row.channel] ?? row.channel,
          registeredOn: row.registered_on,
          status: row.status,
          receivedOn: row.received_on,
          delivery: row.delivery ? (deliveryLabels[row.delivery] ?? row.delivery) : null,
          warnings: row.warnings,
          note: row.note,
          updatedAt: isoTimestamp(row.updated_at),
        })),
    }
  }
}
