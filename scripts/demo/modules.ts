/**
 * Every module of the demo filled through the API, as its users would have over a year: outreach rounds
 * with their encounters, places and census; reports in triage; the register with an alert plan under
 * way; the neighbour network's volunteers, needs in every state and escalations; the social pricing;
 * a few documents on people's files; the casework of the support records (rights, RSA applications,
 * referrals, appointments).
 * Records of the past are dated in the past (`occurredAt`, `receivedAt`, `date`), so that the indicators
 * and the census read a realistic year.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/server/config.ts'
import type { Db } from '../../src/server/db/database.ts'
import { addDays, todayInFrance } from '../../src/shared/dates.ts'
import { CHARTER_VERSION } from '../../src/shared/network.ts'
import type { Role } from '../../src/shared/roles.ts'
import { seedAccommodation } from './accommodation.ts'
import { seedActivities } from './activities.ts'
import { seedAidCampaigns } from './aid-campaigns.ts'
import { seedAidCommission } from './aid-commission.ts'
import { seedAidMoney } from './aid-money.ts'
import { seedAidRequests } from './aid-requests.ts'
import { type DemoClient, publicClient, staffClient, volunteerClient } from './api.ts'
import type { DemoLogin } from './base.ts'
import { seedCasework } from './casework.ts'
import { seedDocuments } from './documents.ts'
import { seedDomiciliations } from './domiciliation.ts'
import { seedIndicatorsDashboard } from './indicators.ts'
import { seedPartnerPortal } from './partner-portal.ts'
import { seedPartners } from './partners.ts'

export interface DemoModulesScale {
  /** Weekly rounds over the past year (52 for the full demo). */
  rounds: number
  registerEntries: number
  volunteers: number
}
export const FULL_MODULES: DemoModulesScale = { rounds: 52, registerEntries: 14, volunteers: 8 }

/** The one volunteer whose login the demo prints, to try the portal. */
export const DEMO_VOLUNTEER = { email: 'jeanne.voisine@demo.trame', password: 'voisine-demo-2026' }

// Villebelle is fictional: its streets sit on Saint-Étienne's map, where the outreach seed comes from.
const CENTRE = { latitude: 45.4397, longitude: 4.3872 }
const near = (i: number) => ({
  latitude: Number((CENTRE.latitude + ((i % 7) - 3) * 0.004).toFixed(5)),
  longitude: Number((CENTRE.longitude + ((i % 5) - 2) * 0.005).toFixed(5)),
})

interface Base {
  organisationId: string
  logins: DemoLogin[]
  teamId: (name: string) => string
  personIds: string[]
  seniorIds: string[]
}

/** A time on a day of France's calendar, as the browser sends it. */
const at = (day: string, time = '20:30') => new Date(`${day}T${time}:00+01:00`).toISOString()

export async function seedModules(
  app: FastifyInstance,
  db: Db,
  config: Config,
  base: Base,
  scale: DemoModulesScale = FULL_MODULES,
) {
  const as = async (role: Role) => {
    const login = base.logins.find((l) => l.role === role)!
    return staffClient(app, db, config, { id: login.userId, organisationId: base.organisationId })
  }
  const userId = (role: Role) => base.logins.find((l) => l.role === role)!.userId
  const admin = await as('administrator')
  const director = await as('director')
  const outreach = await as('outreach_agent')
  const frontDesk = await as('front_desk_agent')
  const coordinator = await as('volunteer_coordinator')
  const today = todayInFrance()

  await settings(admin, coordinator, base)
  await outreachYear(outreach, base, scale, today)
  await reportsInTriage(frontDesk, outreach, userId('outreach_agent'), today)
  await registerWithAlert(coordinator, director, base, scale, today)
  await neighbourNetwork(app, frontDesk, coordinator, base, scale, today)
  await followupYear(await as('social_worker'), await as('psychologist'), base, scale, today)
  await seedCasework(await as('social_worker'), frontDesk, userId('social_worker'), today)
  await seedDocuments(frontDesk, base.personIds, today)
  await seedDomiciliations(admin, await as('social_worker'), director, base.personIds, today)
  await seedAidRequests(
    { admin, director, worker: await as('social_worker') },
    base.personIds.slice(30),
    today,
  )
  // Sat by the commission member and the director, who also keeps the sessions.
  await seedAidCommission(
    admin,
    director,
    await as('social_worker'),
    [userId('commission_member'), userId('director')],
    base.personIds,
    today,
  )
  await seedAidMoney(db, { admin, director, frontDesk }, base.organisationId, base.personIds.slice(30), today)
  await seedAidCampaigns({ director, frontDesk }, base.seniorIds, today)
  await seedActivities(
    { admin, director, worker: await as('social_worker'), psychologist: await as('psychologist') },
    base.teamId,
    base.seniorIds,
    base.personIds,
    today,
  )
  await seedAccommodation(
    db,
    { worker: await as('social_worker'), nurse: await as('nurse'), doctor: await as('doctor'), director },
    base.organisationId,
    base.personIds,
    today,
  )
  await seedPartners(await as('social_worker'), director, today)
  await seedPartnerPortal(
    app,
    db,
    await as('social_worker'),
    base.organisationId,
    base.teamId('Accueil social'),
    today,
  )
  await seedIndicatorsDashboard(await as('analyst'), today)
}

/**
 * A year of social follow-up: records of the social reception (some closed, some suspended) with
 * goals and interviews in every medium, and a PAEJ record with a psychologist's sessions.
 */
async function followupYear(
  worker: DemoClient,
  psychologist: DemoClient,
  base: Base,
  scale: DemoModulesScale,
  today: string,
) {
  const types = (await worker.get('/api/followup/types')).items as { id: string; label: string }[]
  const type = (start: string) => types.find((t) => t.label.startsWith(start))!.id
  const media = ['office', 'home_visit', 'phone', 'office', 'partner', 'street', 'video'] as const
  const count = Math.min(base.personIds.length, Math.max(4, Math.round(scale.rounds / 2)))
  for (let i = 0; i < count; i++) {
    const openedOn = addDays(today, -20 - ((i * 37) % 330))
    const record = await worker.post('/api/followup/records', {
      personId: base.personIds[i],
      typeId: i % 5 === 4 ? type('RSA') : type('Accompagnement social global'),
      teamId: base.teamId(i % 5 === 4 ? 'Instruction RSA' : 'Accueil social'),
      openedOn,
      domains: [['rights', 'housing'], ['budget'], ['health', 'rights'], ['insertion']][i % 4],
      exitPlan: i % 3 === 0 ? 'Relais vers le droit commun une fois les droits ouverts.' : null,
      nextReviewOn: addDays(today, (i % 6) * 7 - 7),
      goals: [
        {
          label: 'Ouvrir ou maintenir les droits CAF et CPAM',
          domain: 'rights',
          targetOn: addDays(openedOn, 60),
        },
        { label: 'Stabiliser la situation de logement', domain: 'housing', targetOn: addDays(openedOn, 180) },
      ],
    })
    for (let k = 0; k < 1 + (i % 4); k++) {
      const day = addDays(openedOn, 7 + k * 21)
      if (day > today) break
      await worker.post(`/api/followup/records/${record.id}/interviews`, {
        occurredAt: at(day, '10:00'),
        durationMinutes: 30 + (k % 3) * 15,
        medium: media[(i + k) % media.length],
        domains: record.domains,
        note: 'Point sur les démarches engagées et les prochaines étapes.',
        privateSynthesis: k === 0 ? 'Hypothèses de travail à vérifier au prochain entretien.' : null,
      })
    }
    if (i % 6 === 5) {
      await worker.post(`/api/followup/records/${record.id}/status`, {
        status: 'closed',
        exitReason: 'goals_achieved',
        on: addDays(openedOn, 15),
      })
    } else if (i % 7 === 3) {
      await worker.post(`/api/followup/records/${record.id}/status`, { status: 'suspended' })
    }
  }
  // The PAEJ: a young person's record held by the confidential team, with a psychologist's sessions.
  const young = base.personIds[count] ?? base.personIds[0]!
  const paej = await worker.post('/api/followup/records', {
    personId: young,
    typeId: type('PAEJ'),
    teamId: base.teamId('PAEJ'),
    openedOn: addDays(today, -45),
    domains: ['health', 'family'],
  })
  for (const days of [40, 26, 12]) {
    await psychologist.post(`/api/followup/records/${paej.id}/interviews`, {
      occurredAt: at(addDays(today, -days), '15:00'),
      durationMinutes: 45,
      medium: 'office',
      domains: ['health'],
      note: 'Séance : travail sur le sommeil et les liens familiaux.',
    })
  }
}

/** What the administrator sets up first, and the coordinator's own settings. */
async function settings(admin: DemoClient, coordinator: DemoClient, base: Base) {
  const reasons = (await admin.get('/api/contact-reasons')).items as { id: string; label: string }[]
  await admin.put('/api/contact-reasons', {
    items: reasons.map((r) => ({ id: r.id, label: r.label, active: true })),
  })
  await admin.put('/api/register/settings', {
    teamId: base.teamId('Ligne seniors'),
    retryDelayMinutes: 60,
    maxAttempts: 3,
  })
  await admin.put('/api/report-settings', { triageDelayDays: 3 })
  await admin.put('/api/pricing/settings', {
    rule: {
      firstAdultShares: 1,
      secondAdultShares: 1,
      firstChildrenShares: 0.5,
      thirdChildOnwardShares: 1,
      otherAdultShares: 0.5,
      singleParentShares: 0.5,
      disabledMemberShares: 0.5,
      dependentChildAgeLimit: 20,
    },
    brackets: [
      { label: 'Tranche A', minQuotientCents: 0, maxQuotientCents: 400_00, priceCents: 100, percent: null },
      {
        label: 'Tranche B',
        minQuotientCents: 400_00,
        maxQuotientCents: 700_00,
        priceCents: null,
        percent: 30,
      },
      {
        label: 'Tranche C',
        minQuotientCents: 700_00,
        maxQuotientCents: 1100_00,
        priceCents: null,
        percent: 60,
      },
      {
        label: 'Tranche D',
        minQuotientCents: 1100_00,
        maxQuotientCents: null,
        priceCents: null,
        percent: 100,
      },
    ],
  })
  for (const [i, name] of ['Centre', 'La Cotonne', 'Tarentaize', 'Bellevue'].entries()) {
    await coordinator.post('/api/network/neighbourhoods', { name, ...near(i * 2) })
  }
  await coordinator.put('/api/network/settings', {
    escalateAfterHours: 48,
    escalationPartnerId: null,
    escalationTeamId: null,
    seniorsLineTeamId: base.teamId('Ligne seniors'),
    offerCount: 3,
  })
}

/**
 * A year of weekly rounds of the outreach team, two to four encounters each: people met again and
 * again (some accept support, one refuses), anonymous situations, the places they live in and the
 * number of people seen there. The census page reads it.
 */
async function outreachYear(outreach: DemoClient, base: Base, scale: DemoModulesScale, today: string) {
  const teamId = base.teamId('Aller-vers')
  const places = []
  for (const [i, place] of [
    { type: 'squat', name: 'Squat de la rue Désirée', address: '14 rue Désirée' },
    { type: 'camp', name: 'Campement du Furan', address: 'Quai du Furan' },
    { type: 'sleeping_spot', name: 'Porche de la gare', address: 'Place de la Gare' },
    { type: 'sleeping_spot', name: 'Parking du marché', address: 'Place du Marché' },
  ].entries()) {
    places.push(await outreach.post('/api/outreach/places', { ...place, ...near(i) }))
  }
  const regulars: string[] = []
  const nicknames = [
    'Momo',
    'Le Grand',
    'Sandrine',
    'Kader',
    'Julien',
    'Mamie Rose',
    'Dimitri',
    'Fatou',
    'Léo',
  ]
  for (let week = scale.rounds; week >= 1; week--) {
    const date = addDays(today, -7 * week)
    const round = await outreach.post('/api/outreach/rounds', {
      date,
      startTime: '19:30',
      endTime: '22:30',
      teamId,
      mode: week % 3 === 0 ? 'vehicle' : 'on_foot',
      partnerNames: week % 4 === 0 ? ['Croix-Rouge : 2 bénévoles'] : [],
    })
    const encounters = 2 + (week % 3)
    for (let k = 0; k < encounters; k++) {
      const place = places[(week + k) % places.length]!
      const body: Record<string, unknown> = {
        idempotencyKey: randomUUID(),
        occurredAt: at(date, `20:${String(10 + k * 12).padStart(2, '0')}`),
        roundId: round.id,
        teamId,
        placeId: k % 2 === 0 ? place.id : null,
        placeOccupants: k % 2 === 0 ? 2 + ((week + k) % 6) : undefined,
        situation:
          k % 2 === 0
            ? place.type === 'squat'
              ? 'squat'
              : place.type === 'camp'
                ? 'camp'
                : 'sleeping_rough'
            : 'sleeping_rough',
        needs: [(['food', 'hygiene', 'health', 'shelter_tonight'] as const)[(week + k) % 4]],
        actions: [(['information', 'information', 'accompaniment'] as const)[(week + k) % 3]],
      }
      if (k === 2 || regulars.length === 0 || (week + k) % 5 === 0) {
        if (regulars.length < nicknames.length && k !== 2) {
          // Someone new, who gives a nickname: their file is opened.
          const i = regulars.length
          const met = await outreach.post('/api/outreach/encounters', {
            ...body,
            householdType: 'alone',
            newPerson: {
              nickname: nicknames[i],
              sex: i % 3 === 2 ? 'female' : 'male',
              approximateAge: 19 + i * 6,
            },
            engagementStage: 'first_contact',
          })
          regulars.push(met.personId)
        } else {
          await outreach.post('/api/outreach/encounters', {
            ...body,
            anonymous: { sex: 'male', approximateAge: 30 + k * 5, withChildren: false },
          })
        }
      } else {
        const personId = regulars[(week + k) % regulars.length]!
        const stage =
          (week + k) % 9 === 0
            ? 'support_accepted'
            : (week + k) % 13 === 0
              ? 'in_followup'
              : (week + k) % 17 === 0
                ? 'refused'
                : 'known'
        await outreach.post('/api/outreach/encounters', { ...body, personId, engagementStage: stage })
      }
    }
    await outreach.post(`/api/outreach/rounds/${round.id}/close`, {
      handouts: [],
      remarks: week % 6 === 0 ? 'Froid intense, deux mises à l’abri demandées au 115.' : undefined,
    })
  }
  // Next week's round, planned.
  await outreach.post('/api/outreach/rounds', {
    date: addDays(today, 3),
    startTime: '19:30',
    teamId,
    mode: 'on_foot',
  })
}

/** Reports received over the year: most triaged and closed, a few waiting, one given to the agent. */
async function reportsInTriage(
  frontDesk: DemoClient,
  outreach: DemoClient,
  outreachId: string,
  today: string,
) {
  const situations = [
    ['municipal_police', 'Place Jean-Jaurès', 'Un homme dort sous le kiosque depuis plusieurs nuits.'],
    ['citizen_phone', 'Rue de la République', 'Une femme avec deux enfants dort dans une voiture.'],
    ['partner', 'Gare', 'Un jeune homme semble perdu, sans affaires, depuis deux jours.'],
    ['municipal_police', 'Parc de l’Europe', 'Tente installée près des jeux, deux personnes.'],
    ['front_desk', 'Quai du Furan', 'Un habitant signale des personnes dans un bâtiment vide.'],
    ['citizen_phone', 'Place du Marché', 'Un homme âgé dort sur un banc, il tousse beaucoup.'],
  ] as const
  const reports = []
  for (let i = 0; i < 12; i++) {
    const [source, locationText, situation] = situations[i % situations.length]!
    const daysAgo = i < 3 ? i : 20 + i * 27
    reports.push(
      await frontDesk.post('/api/reports', {
        concern: 'street',
        source: source === 'partner' ? 'other' : source,
        locationText,
        situation,
        urgency: i % 4 === 0 ? 'urgent' : 'not_urgent',
        receivedAt: new Date(Date.now() - daysAgo * 86_400_000 - (i + 2) * 3_600_000).toISOString(),
      }),
    )
  }
  // The three of the last days: one new, one being looked at, one given to the outreach agent.
  await outreach.post(`/api/reports/${reports[1]!.id}/status`, { status: 'assigned', assignedTo: outreachId })
  await outreach.post(`/api/reports/${reports[2]!.id}/status`, { status: 'assigned', assignedTo: outreachId })
  await outreach.post(`/api/reports/${reports[2]!.id}/status`, {
    status: 'visited',
    note: 'Personne rencontrée, à revoir.',
  })
  const outcomes = ['person_met', 'not_found', 'already_known', 'person_met', 'not_for_us'] as const
  for (const [i, report] of reports.slice(3).entries()) {
    await outreach.post(`/api/reports/${report.id}/status`, {
      status: 'closed',
      outcome: outcomes[i % outcomes.length],
      closingNote: 'Rencontré lors de la tournée suivante.',
    })
  }
}

/**
 * The vulnerable-persons register: seniors registered over the year, and a heatwave plan under way
 * whose calls are half made; last winter's cold plan, closed.
 */
async function registerWithAlert(
  coordinator: DemoClient,
  director: DemoClient,
  base: Base,
  scale: DemoModulesScale,
  today: string,
) {
  const seniors = base.seniorIds.slice(0, scale.registerEntries)
  for (const [i, personId] of seniors.entries()) {
    await coordinator.post('/api/register/entries', {
      personId,
      ground: 'age_65',
      livesAtHome: true,
      requestedBy: i % 4 === 0 ? 'third_party' : 'self',
      requesterName: i % 4 === 0 ? 'Sa fille' : undefined,
      requestedOn: addDays(today, -20 * (i + 1)),
      phone: `04 77 ${String(10 + i).padStart(2, '0')} 20 30`,
      address: `${3 + i} rue des Tilleuls, Villebelle`,
      livesAlone: i % 2 === 0,
      powerMedicalDevices: i % 5 === 0,
      autonomy: i % 3 === 0 ? ['moving'] : [],
    })
  }
  const cold = await director.post('/api/register/plans', {
    kind: 'extreme_cold',
    label: 'Grand froid de janvier',
    startsOn: addDays(today, -60),
  })
  for (const call of await calls(coordinator, cold.id)) {
    await coordinator.post(`/api/register/calls/${call.id}/outcome`, { outcome: 'all_fine' })
  }
  await director.post(`/api/register/plans/${cold.id}/close`)

  const heat = await director.post('/api/register/plans', {
    kind: 'heatwave',
    label: 'Canicule — vigilance orange',
    startsOn: today,
  })
  const outcomes = ['all_fine', 'all_fine', 'needs_something', 'no_answer', 'all_fine'] as const
  const heatCalls = await calls(coordinator, heat.id)
  for (const [i, call] of heatCalls.slice(0, Math.ceil(heatCalls.length / 2)).entries()) {
    await coordinator.post(`/api/register/calls/${call.id}/outcome`, {
      outcome: outcomes[i % outcomes.length],
      note: outcomes[i % outcomes.length] === 'needs_something' ? 'Demande de courses d’eau.' : undefined,
    })
  }
}

async function calls(client: DemoClient, planId: string): Promise<{ id: string }[]> {
  const answer = await client.get(`/api/register/plans/${planId}/calls`)
  return Array.isArray(answer) ? answer : answer.items
}

/**
 * The neighbour network: neighbours who signed up (one waits to be vetted, one was refused), and the
 * seniors' needs in every state: waiting, offered, accepted, done with a report, cancelled, escalated to
 * an association with and without its answer.
 */
async function neighbourNetwork(
  app: FastifyInstance,
  frontDesk: DemoClient,
  coordinator: DemoClient,
  base: Base,
  scale: DemoModulesScale,
  today: string,
) {
  const visitor = publicClient(app)
  const firstNames = [
    'Jeanne',
    'Marc',
    'Sophie',
    'Ahmed',
    'Claire',
    'Thierry',
    'Nadia',
    'Paul',
    'Élodie',
    'Rémi',
  ]
  const volunteers: { id: string; email: string; password: string }[] = []
  for (let i = 0; i < scale.volunteers; i++) {
    const login =
      i === 0 ? DEMO_VOLUNTEER : { email: `voisin-${i}@demo.trame`, password: `voisin-${i}-demo-2026` }
    await visitor.post(`/api/public/network/${base.organisationId}/volunteers`, {
      ...login,
      firstName: firstNames[i % firstNames.length],
      lastName: 'Voisin·e',
      phone: `06 12 34 56 ${String(10 + i).padStart(2, '0')}`,
      address: `${10 + i} rue des Lilas, Villebelle`,
      ...near(i),
      helpKinds:
        i % 2 === 0
          ? ['shopping', 'courtesy_visit', 'phone_call']
          : ['shopping', 'administrative', 'small_works'],
      availability: ['tue_afternoon', 'sat_morning', 'thu_evening'],
      maxDistanceKm: 5,
      charterVersion: CHARTER_VERSION,
    })
    volunteers.push({ id: '', ...login })
  }
  // The public sign-up answers nothing about the account: the coordinator finds them in the list.
  const listed = (await coordinator.get('/api/network/volunteers?pageSize=200')) as {
    items: { id: string; email: string }[]
  }
  for (const row of listed.items) {
    const volunteer = volunteers.find((v) => v.email === row.email)
    if (volunteer) volunteer.id = row.id
  }
  for (const [i, volunteer] of volunteers.entries()) {
    if (i === volunteers.length - 1) continue // waits to be vetted
    if (i === volunteers.length - 2 && volunteers.length > 3) {
      await coordinator.post(`/api/network/volunteers/${volunteer.id}/status`, {
        status: 'refused',
        reason: 'Ne réside pas sur la commune.',
      })
      continue
    }
    await coordinator.post(`/api/network/volunteers/${volunteer.id}/status`, { status: 'approved' })
  }

  // Not those of the register's first entries: a senior helped by neighbours, others called in alerts.
  const seniors = base.seniorIds.slice(-7)
  const need = (i: number, body: Record<string, unknown>) =>
    frontDesk.post('/api/network/needs', {
      personId: seniors[i % seniors.length],
      ...near(i),
      // The demo's files hold no phone nor address: the CCAS arranges each visit.
      ccasIntroduces: true,
      wantedDate: addDays(today, 2 + i),
      timeSlot: 'afternoon',
      ...body,
    })
  const jeanne = await volunteerClient(app, { organisationId: base.organisationId, ...DEMO_VOLUNTEER })
  // Done, with the volunteer's report.
  const shopping = await need(0, {
    kind: 'shopping',
    description: 'Courses de la semaine, liste donnée par téléphone.',
  })
  await coordinator.post(`/api/network/needs/${shopping.id}/offer`, { count: 3 })
  await jeanne.post(`/api/public/network/needs/${shopping.id}/accept`)
  await jeanne.post(`/api/public/network/needs/${shopping.id}/done`, {
    report: 'Courses déposées, Mme était contente de discuter un moment.',
  })
  // Accepted, to be done this week.
  const visit = await need(1, {
    kind: 'courtesy_visit',
    description: 'Visite de courtoisie, se sent seule depuis le décès de son mari.',
  })
  await coordinator.post(`/api/network/needs/${visit.id}/offer`, { count: 3 })
  await jeanne.post(`/api/public/network/needs/${visit.id}/accept`)
  // Offered to the volunteers nearby, nobody yet.
  const papers = await need(2, {
    kind: 'administrative',
    description: 'Aide pour remplir un dossier de retraite complémentaire.',
  })
  await coordinator.post(`/api/network/needs/${papers.id}/offer`, { count: 3 })
  // Waiting for the coordinator.
  await need(3, {
    kind: 'pharmacy',
    urgency: 'urgent',
    description: 'Ordonnance à retirer à la pharmacie du centre.',
  })
  await need(4, { kind: 'small_works', description: 'Changer une ampoule du couloir.' })
  // Cancelled: the family came.
  const cancelled = await need(5, { kind: 'shopping' })
  await coordinator.post(`/api/network/needs/${cancelled.id}/cancel`)
  // Escalated to an association, answered; and one still waiting for its answer.
  const answered = await need(6, {
    kind: 'phone_call',
    recurrence: 'weekly',
    description: 'Appel chaque semaine.',
  })
  await coordinator.post(`/api/network/needs/${answered.id}/escalate`, {
    to: 'partner',
    partnerName: 'Petits Frères des Pauvres',
    outcome: 'L’association appelle Mme chaque mardi.',
  })
  const waiting = await need(0, { kind: 'small_works', description: 'Monter une étagère.' })
  await coordinator.post(`/api/network/needs/${waiting.id}/escalate`, {
    to: 'partner',
    partnerName: 'Secours populaire',
  })
  // A neighbour reports someone who seems isolated.
  await jeanne.post('/api/public/network/reports', {
    about: 'Le monsieur du 3e ne sort plus depuis une semaine, volets fermés.',
    location: 'Rue des Lilas',
  })
}
