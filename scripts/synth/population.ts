/**
 * The synthetic population of a French city's CCAS: households, persons, duplicates, and the contacts
 * of five years at the front desk. Everything is drawn from seeded generators, row by row, so a million
 * persons and ten million contacts stream into COPY without being held in memory.
 */
import { fakerFR } from '@faker-js/faker'
import { arrayLiteral, copyLine } from './bulk.ts'
import {
  buildNamePools,
  normaliseName,
  type Origin,
  type Sex,
  stripAccents,
  type TypoKind,
  typo,
} from './names.ts'
import { AliasTable, Random } from './random.ts'

export const DAY_MS = 86_400_000

export type TeamKey = 'social_central' | 'social_north' | 'rsa' | 'paej' | 'domiciliation' | 'seniors'

export interface Organisation {
  id: string
  sites: { id: string; name: string; address: string }[]
  teams: Record<TeamKey, { id: string; siteIndex: number; name: string; confidential: boolean }>
  reasonIds: string[]
  /** Users who record persons and contacts. */
  agentIds: string[]
  city: { name: string; postalCodes: string[] }
}

export const PEOPLE_COLUMNS = [
  'id',
  'organisation_id',
  'file_number',
  'last_name',
  'usage_name',
  'first_names',
  'birth_date',
  'description',
  'team_id',
  'created_by',
  'created_at',
  'updated_at',
  'aliases',
  'sex',
  'approximate_age',
  'approximate_age_on',
  'birth_place',
  'nationality_group',
  'languages',
  'phone',
  'email',
  'address',
  'postal_code',
  'city',
  'housing_situation',
  'caf_number',
  'health_cover',
  'social_security_number',
  'resources',
  'family_situation',
  'gir',
  'legal_protection',
  'legal_representative',
  'referral_source',
  'relatives',
  'tags',
  'status',
] as const
export const HOUSEHOLD_COLUMNS = ['id', 'organisation_id', 'address', 'postal_code', 'city'] as const
export const MEMBER_COLUMNS = ['organisation_id', 'household_id', 'person_id', 'relationship'] as const
export const CONTACT_COLUMNS = [
  'id',
  'organisation_id',
  'occurred_at',
  'channel',
  'site_id',
  'team_id',
  'person_id',
  'anonymous_description',
  'reason_ids',
  'note',
  'orientation_team_id',
  'follow_up_status',
  'assigned_to',
  'done_at',
  'done_by',
  'created_by',
  'created_at',
  'updated_at',
] as const

/** One typed query of the ground truth: a real person's names with exactly one typo, no accents. */
export interface SampleQuery {
  query: string
  personId: string
  /** Persons other than this one with the very same (normalised) surname and first names. */
  homonyms: number
  typo: { word: string; typed: string; kind: TypoKind }
}

export interface DuplicatePair {
  originalId: string
  duplicateId: string
  kind: DuplicateKind
  /** What an agent would type while creating the duplicate file. */
  input: {
    lastName: string | null
    firstNames: string | null
    birthDate: string | null
    phone: string | null
  }
}

type DuplicateKind = 'typo_last' | 'typo_first' | 'inversion' | 'no_accents' | 'usage_name' | 'shortened'

interface PersonDraft {
  id: string
  lastName: string | null
  usageName: string | null
  firstNames: string | null
  sex: Sex
  birthDate: string | null
  birthYear: number
  origin: Origin
  phone: string | null
  teamId: string | null
  household: { id: string; address: string; postalCode: string; city: string } | null
  relationship: string | null
  description: string | null
  approximateAge: number | null
  aliases: string[]
  street: boolean
}

/** Fixed facts of the synthetic city. */
const BIRTH_COUNTRIES: Record<Exclude<Origin, 'french'>, string[]> = {
  maghreb: ['Algérie', 'Maroc', 'Tunisie'],
  west_africa: ['Sénégal', 'Mali', "Côte d'Ivoire", 'Guinée', 'Mauritanie'],
  portugal: ['Portugal'],
  spain: ['Espagne'],
  italy: ['Italie'],
  poland: ['Pologne'],
  east_asia: ['Viêt Nam', 'Chine', 'Cambodge'],
}
const ORIGIN_LANGUAGES: Record<Origin, string[]> = {
  french: [],
  maghreb: ['ar', 'ber'],
  west_africa: ['wo', 'ff', 'bm'],
  portugal: ['pt'],
  spain: ['es'],
  italy: ['it'],
  poland: ['pl'],
  east_asia: ['vi', 'zh'],
}
const EMAIL_DOMAINS = ['gmail.com', 'orange.fr', 'laposte.net', 'free.fr', 'hotmail.fr', 'sfr.fr', 'yahoo.fr']
const STREET_DESCRIPTIONS = [
  'rencontré gare',
  'dort parc des Tilleuls',
  'squat rue Haute',
  'vu maraude nord',
  'tente quai de Loire',
  'avec un chien',
]
const NICKNAMES = [
  'Jojo',
  'le Grand',
  'Momo',
  'Titi',
  'le Belge',
  'Nono',
  'Dédé',
  'la Rousse',
  'Pépé',
  'Kiki',
]
const ANONYMOUS_CONTACTS = [
  'Femme, ~40 ans, appel pour sa mère',
  'Homme, ~30 ans, sans domicile',
  'Voisin inquiet pour une personne âgée',
  'Femme avec deux enfants',
  'Homme âgé, appel anonyme',
  'Jeune, ~20 ans, ne donne pas son nom',
  'Passage rapide, renseignement',
]
const NOTES = [
  'Dossier incomplet : revient avec l’avis d’imposition.',
  'Orienté vers la permanence CAF.',
  'Demande d’aide alimentaire, bon remis.',
  'Facture d’énergie impayée, rendez-vous pris.',
  'Renseignements sur la domiciliation.',
  'Appel pour un voisin isolé.',
  'Récupère son courrier.',
  'Demande de rendez-vous avec l’assistante sociale.',
  'Aide aux démarches en ligne.',
  'Renouvellement RSA, pièces transmises.',
]
const LEGAL_REPRESENTATIVES = ['UDAF', 'ATMP', 'Fille (tutrice)', 'Fils (curateur)', 'Mandataire privé']

/** Contacts by team, channel and reason: how a CCAS front desk is used. */
const TEAM_WEIGHTS: Record<TeamKey | 'none', number> = {
  social_central: 30,
  social_north: 15,
  rsa: 15,
  paej: 5,
  domiciliation: 20,
  seniors: 10,
  none: 5,
}
type Channel =
  | 'walk_in'
  | 'phone'
  | 'email'
  | 'letter'
  | 'outreach'
  | 'partner_referral'
  | 'citizen_report'
  | 'municipal_police'
const SOCIAL_CHANNELS: Record<Channel, number> = {
  walk_in: 55,
  phone: 30,
  email: 5,
  letter: 3,
  outreach: 0,
  partner_referral: 4,
  citizen_report: 2,
  municipal_police: 1,
}
const CHANNELS_BY_TEAM: Record<TeamKey | 'none', Partial<Record<Channel, number>>> = {
  social_central: SOCIAL_CHANNELS,
  social_north: SOCIAL_CHANNELS,
  rsa: { walk_in: 60, phone: 25, email: 10, letter: 5 },
  paej: { walk_in: 60, phone: 30, email: 10 },
  domiciliation: { walk_in: 90, letter: 10 },
  seniors: { phone: 80, walk_in: 10, outreach: 10 },
  none: { phone: 50, walk_in: 30, citizen_report: 10, municipal_police: 5, outreach: 5 },
}
const ANONYMOUS_BY_CHANNEL: Record<Channel, number> = {
  walk_in: 0.08,
  phone: 0.25,
  email: 0.05,
  letter: 0.02,
  outreach: 0.4,
  partner_referral: 0.05,
  citizen_report: 0.6,
  municipal_police: 0.5,
}
/** Index in DEFAULT_CONTACT_REASONS: rights, housing, food, energy, health, employment, isolation, admin, other. */
const REASONS_BY_TEAM: Record<TeamKey | 'none', number[]> = {
  social_central: [20, 15, 18, 12, 8, 6, 5, 12, 4],
  social_north: [20, 15, 18, 12, 8, 6, 5, 12, 4],
  rsa: [45, 5, 5, 3, 3, 30, 1, 8, 0],
  paej: [10, 20, 8, 2, 25, 15, 15, 3, 2],
  domiciliation: [10, 10, 5, 0, 2, 2, 1, 68, 2],
  seniors: [15, 5, 5, 5, 25, 0, 35, 8, 2],
  none: [10, 10, 10, 10, 10, 10, 10, 20, 10],
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** Europe/Paris offset in hours for a UTC instant: +2 from the last Sunday of March to the last of October. */
function parisOffsetHours(utcMs: number): number {
  const d = new Date(utcMs)
  const year = d.getUTCFullYear()
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month + 1, 0))
    return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1)
  }
  return utcMs >= lastSunday(2) && utcMs < lastSunday(9) ? 2 : 1
}

/** Paris wall-clock time on `dayMs` (UTC midnight of that calendar day) → a timestamptz literal. */
export function parisTimestamp(dayMs: number, minutes: number): { ms: number; literal: string } {
  const wall = dayMs + minutes * 60_000
  const offset = parisOffsetHours(wall - 3_600_000)
  const ms = wall - offset * 3_600_000
  return { ms, literal: new Date(ms).toISOString() }
}

function validNir(random: Random, sex: Sex, birthDate: string | null): string {
  const year = birthDate ? birthDate.slice(2, 4) : pad(random.int(40, 99))
  const month = birthDate ? birthDate.slice(5, 7) : pad(random.int(1, 12))
  const body = `${sex === 'male' ? 1 : 2}${year}${month}${pad(random.int(1, 95))}${pad(random.int(1, 990), 3)}${pad(random.int(1, 999), 3)}`
  const key = 97 - Number(BigInt(body) % 97n)
  return `${body}${pad(key)}`
}

function phoneNumber(random: Random): string {
  const prefix = random.chance(0.85) ? random.pick(['06', '07']) : `0${random.int(1, 5)}`
  return [
    prefix,
    pad(random.int(0, 99)),
    pad(random.int(0, 99)),
    pad(random.int(0, 99)),
    pad(random.int(0, 99)),
  ].join(' ')
}

export interface PopulationOptions {
  persons: number
  contacts: number
  seed: number
  /** Last day of the five years of contacts (exclusive), `YYYY-MM-DD`. */
  until: string
  queries: number
}

/** Counters for the end-of-run report (who is in the synthetic city). */
export interface PopulationStats {
  persons: number
  households: number
  householdMembers: number
  duplicates: number
  anonymous: number
  female: number
  ageBands: Record<string, number>
  distinctSurnames: number
  tailSurnames: number
}

export class Population {
  readonly random: Random
  readonly untilMs: number
  readonly startMs: number
  /** Person ids by creation order, and what the contacts need to know of each. */
  readonly personIds: string[] = []
  private readonly createdAt: Float64Array
  /** Pools of person indexes (chronological) for the contacts: general, PAEJ, seniors. */
  private readonly pools = { general: [] as number[], paej: [] as number[], seniors: [] as number[] }
  readonly queries: SampleQuery[] = []
  readonly duplicates: DuplicatePair[] = []
  readonly stats: PopulationStats
  private readonly householdLines: string[] = []
  private readonly memberLines: string[] = []
  private readonly homonymKeys = new Map<string, number>()
  private readonly names
  private readonly createdAtSequence: Float64Array

  constructor(
    readonly options: PopulationOptions,
    readonly org: Organisation,
  ) {
    this.random = new Random(options.seed)
    this.untilMs = Date.parse(`${options.until}T00:00:00Z`)
    this.startMs = this.untilMs - Math.round(5 * 365.25) * DAY_MS
    this.createdAt = new Float64Array(options.persons)
    // A third of today's files were opened before the five years of contacts.
    const r = this.random.fork('created')
    this.createdAtSequence = new Float64Array(options.persons)
    const before = this.startMs - 5 * 365 * DAY_MS
    for (let i = 0; i < options.persons; i++) {
      this.createdAtSequence[i] = r.chance(0.35)
        ? before + r.next() * (this.startMs - before)
        : this.startMs + r.next() * (this.untilMs - this.startMs)
    }
    this.createdAtSequence.sort()
    this.names = buildNamePools(this.random.fork('names'), Math.max(500, Math.round(options.persons * 0.3)))
    this.stats = {
      persons: 0,
      households: 0,
      householdMembers: 0,
      duplicates: 0,
      anonymous: 0,
      female: 0,
      ageBands: {},
      distinctSurnames: 0,
      tailSurnames: this.names.tailSize,
    }
  }

  /** Household rows, filled while the persons are generated. */
  householdChunks(): Iterable<string> {
    return chunked(this.householdLines)
  }

  memberChunks(): Iterable<string> {
    return chunked(this.memberLines)
  }

  /** The persons as COPY text, in chunks; households and members are collected on the way. */
  *peopleChunks(): Generator<string> {
    const r = this.random.fork('people')
    const dupRandom = this.random.fork('duplicates')
    const sampleRandom = this.random.fork('sample')
    const surnames = new Set<string>()
    const N = this.options.persons
    // 2 % of all files are duplicates; only named, visible originals get one.
    const duplicateRate = 0.021
    const pending: { due: number; original: PersonDraft }[] = []
    const reservoir: PersonDraft[] = []
    const dupReservoir: DuplicatePair[] = []
    let eligible = 0
    let eligibleDuplicates = 0
    let members: PersonDraft[] = []
    let buffer = ''
    let index = 0

    while (index < N) {
      let person: PersonDraft
      let duplicateOf: PersonDraft | undefined
      let duplicateKind: DuplicateKind | undefined
      if (pending.length > 0 && (pending[0]!.due <= index || N - index <= pending.length)) {
        const { original } = pending.shift()!
        const made = this.duplicate(dupRandom, original)
        person = made.person
        duplicateOf = original
        duplicateKind = made.kind
      } else {
        if (members.length === 0) members = this.household(r)
        person = members.shift()!
      }
      const createdAt = this.createdAtSequence[index]!
      this.createdAt[index] = createdAt
      this.personIds.push(person.id)
      const ageAtEnd =
        (this.untilMs - Date.parse(`${person.birthDate ?? `${person.birthYear}-07-01`}T00:00:00Z`)) /
        (365.25 * DAY_MS)
      if (person.teamId === this.org.teams.paej.id) this.pools.paej.push(index)
      else {
        this.pools.general.push(index)
        if (ageAtEnd >= 62) this.pools.seniors.push(index)
      }
      buffer += this.personLine(r, person, index, createdAt, ageAtEnd)
      if (person.household) {
        this.memberLines.push(
          copyLine([this.org.id, person.household.id, person.id, person.relationship ?? 'other']),
        )
        this.stats.householdMembers++
      }

      // Statistics, homonyms, samples.
      this.stats.persons++
      if (person.sex === 'female') this.stats.female++
      const band =
        ageAtEnd < 18
          ? '0-17'
          : ageAtEnd < 30
            ? '18-29'
            : ageAtEnd < 45
              ? '30-44'
              : ageAtEnd < 60
                ? '45-59'
                : ageAtEnd < 75
                  ? '60-74'
                  : '75+'
      this.stats.ageBands[band] = (this.stats.ageBands[band] ?? 0) + 1
      if (duplicateOf) this.stats.duplicates++
      if (!person.lastName && !person.firstNames) this.stats.anonymous++
      for (const surname of [person.lastName, person.usageName]) {
        if (surname) {
          surnames.add(normaliseName(surname))
          const key = `${normaliseName(surname)}|${normaliseName(person.firstNames ?? '')}`
          this.homonymKeys.set(key, (this.homonymKeys.get(key) ?? 0) + 1)
        }
      }
      const visible = person.teamId !== this.org.teams.paej.id
      if (!duplicateOf && visible && person.lastName && person.firstNames) {
        // Reservoir sampling keeps a uniform sample of the named, visible, original files.
        eligible++
        if (reservoir.length < this.options.queries) reservoir.push(person)
        else {
          const j = Math.floor(sampleRandom.next() * eligible)
          if (j < this.options.queries) reservoir[j] = person
        }
        if (dupRandom.chance(duplicateRate / (1 - duplicateRate) / 0.8) && person.birthYear < 2008) {
          pending.push({
            due: index + dupRandom.int(50, Math.max(100, Math.round(N / 20))),
            original: person,
          })
          pending.sort((a, b) => a.due - b.due)
        }
      }
      if (duplicateOf && duplicateKind && visible) {
        eligibleDuplicates++
        const pair: DuplicatePair = {
          originalId: duplicateOf.id,
          duplicateId: person.id,
          kind: duplicateKind,
          input: {
            lastName: person.lastName,
            firstNames: person.firstNames,
            birthDate: person.birthDate,
            phone: person.phone,
          },
        }
        if (dupReservoir.length < this.options.queries) dupReservoir.push(pair)
        else {
          const j = Math.floor(sampleRandom.next() * eligibleDuplicates)
          if (j < this.options.queries) dupReservoir[j] = pair
        }
      }
      index++
      if (buffer.length > 1_000_000) {
        yield buffer
        buffer = ''
      }
    }
    if (buffer) yield buffer
    this.stats.distinctSurnames = surnames.size
    this.duplicates.push(...dupReservoir)
    const queryRandom = this.random.fork('queries')
    for (const person of reservoir) this.queries.push(this.sampleQuery(queryRandom, person))
  }

  private sampleQuery(r: Random, person: PersonDraft): SampleQuery {
    const surname = person.usageName && r.chance(0.5) ? person.usageName : person.lastName!
    const surnameWords = surname.split(/\s+/)
    const firstWords = person.firstNames!.split(/\s+/)
    const words = [...surnameWords, ...firstWords]
    const candidates = words
      .map((w, i) => ({ w, i, surname: i < surnameWords.length }))
      .filter(({ w }) => [...w].filter((c) => /\p{L}/u.test(c)).length >= 4)
    const pool =
      candidates.length > 0 ? candidates : words.map((w, i) => ({ w, i, surname: i < surnameWords.length }))
    const preferred = pool.filter((c) => c.surname === r.chance(0.6))
    const target = r.pick(preferred.length > 0 ? preferred : pool)
    const changed = typo(r, target.w)
    const typed = words.map((w, i) => (i === target.i ? changed.word : w))
    const surnamePart = typed.slice(0, surnameWords.length)
    const firstPart = typed.slice(surnameWords.length)
    const ordered = r.chance(0.5) ? [...surnamePart, ...firstPart] : [...firstPart, ...surnamePart]
    let query = stripAccents(ordered.join(' '))
    if (r.chance(0.7)) query = query.toLowerCase()
    const key = `${normaliseName(surname)}|${normaliseName(person.firstNames!)}`
    return {
      query,
      personId: person.id,
      homonyms: Math.max(0, (this.homonymKeys.get(key) ?? 1) - 1),
      typo: {
        word: stripAccents(target.w).toLowerCase(),
        typed: stripAccents(changed.word).toLowerCase(),
        kind: changed.kind,
      },
    }
  }

  /** A household of the city: composition, ages, names, address. */
  private household(r: Random): PersonDraft[] {
    const refYear = new Date(this.untilMs).getUTCFullYear()
    const type = r.weighted({ single: 35, couple: 25, family: 25, single_parent: 11, other: 4 })
    const origin = this.names.origin(r)
    const familyName = this.names.surname(r, origin)
    const adultAge = (min: number, max: number) =>
      Math.max(min, Math.min(max, Math.round(min + (max - min) * r.next())))
    const singleAge = () => {
      const group = r.weighted({ young: 35, middle: 25, old: 40 })
      if (group === 'young') return adultAge(18, 40)
      if (group === 'middle') return adultAge(40, 60)
      return r.chance(0.6) ? adultAge(60, 80) : adultAge(80, 97)
    }
    const headAge =
      type === 'single'
        ? singleAge()
        : type === 'couple'
          ? r.chance(0.65)
            ? adultAge(58, 86)
            : adultAge(24, 58)
          : type === 'family'
            ? adultAge(25, 56)
            : type === 'single_parent'
              ? adultAge(21, 55)
              : adultAge(20, 80)
    const headSex: Sex =
      type === 'single_parent'
        ? r.chance(0.85)
          ? 'female'
          : 'male'
        : type === 'single' && headAge > 75
          ? r.chance(0.7)
            ? 'female'
            : 'male'
          : r.chance(0.5)
            ? 'female'
            : 'male'
    const children =
      type === 'family'
        ? Number(r.weighted({ 1: 40, 2: 38, 3: 16, 4: 6 } as Record<string, number>))
        : type === 'single_parent'
          ? r.int(1, 3)
          : 0
    // Two households in five are only recorded as a person alone; larger ones always as a household.
    const recorded = type !== 'single' || r.chance(0.4)
    const address = `${r.int(1, 180)} ${r.pick(fakerFR.rawDefinitions.location!.street_prefix!)} ${r.pick(fakerFR.rawDefinitions.location!.street_suffix!)}`
    const postalCode = r.pick(this.org.city.postalCodes)
    const household = recorded ? { id: r.uuid(), address, postalCode, city: this.org.city.name } : null
    const street = type === 'single' && headAge < 65 && r.chance(0.08)
    const make = (
      sex: Sex,
      age: number,
      relationship: string,
      lastName: string,
      usageName: string | null,
    ): PersonDraft => {
      const birthYear = refYear - age - (r.chance(0.8) ? 1 : 0)
      const unknownBirth = street && r.chance(0.5)
      const birthDate = unknownBirth ? null : `${birthYear}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`
      const anonymous = street && r.chance(0.25)
      const teamId =
        age >= 18 && age <= 25 && r.chance(0.12)
          ? this.org.teams.paej.id
          : age >= 70 && r.chance(0.1)
            ? this.org.teams.seniors.id
            : null
      return {
        id: r.uuid(),
        lastName: anonymous ? null : lastName,
        usageName: anonymous ? null : usageName,
        firstNames: anonymous ? null : this.names.firstName(r, origin, sex, birthYear),
        sex,
        birthDate: anonymous ? null : birthDate,
        birthYear,
        origin,
        phone: age >= 15 ? (r.chance(age >= 18 ? 0.75 : 0.3) ? phoneNumber(r) : null) : null,
        teamId,
        household: street ? null : household,
        relationship: household ? relationship : null,
        description: anonymous
          ? `${sex === 'female' ? 'Femme' : 'Homme'}, ~${Math.round(age / 5) * 5} ans, ${r.pick(STREET_DESCRIPTIONS)}`
          : null,
        approximateAge: unknownBirth || anonymous ? Math.round(age / 5) * 5 : null,
        aliases: street && r.chance(0.3) ? [r.pick(NICKNAMES)] : [],
        street,
      }
    }
    const people: PersonDraft[] = [make(headSex, headAge, 'head', familyName, null)]
    if (type === 'couple' || type === 'family') {
      const spouseAge = Math.max(18, Math.round(headAge + r.normal(headSex === 'male' ? -2 : 2, 4)))
      const spouseSex: Sex = r.chance(0.97) ? (headSex === 'male' ? 'female' : 'male') : headSex
      // Half of married women use their spouse's name; their birth name differs.
      const married = r.chance(0.55)
      const spouseOrigin = r.chance(0.85) ? origin : this.names.origin(r)
      const birthName = married || r.chance(0.6) ? this.names.surname(r, spouseOrigin) : familyName
      const usage = married && spouseSex === 'female' && birthName !== familyName ? familyName : null
      people.push(make(spouseSex, spouseAge, 'spouse', birthName, usage))
    }
    if (type === 'other')
      people.push(
        make(
          r.chance(0.5) ? 'female' : 'male',
          adultAge(18, 90),
          r.chance(0.5) ? 'parent' : 'other',
          familyName,
          null,
        ),
      )
    const parentAge = headAge
    for (let c = 0; c < children; c++) {
      const maxAge = Math.min(25, parentAge - 18)
      const age = Math.max(0, Math.min(maxAge, r.int(0, Math.max(0, maxAge))))
      const name = r.chance(0.06) ? `${familyName}-${this.names.surname(r, origin)}` : familyName
      people.push(make(r.chance(0.49) ? 'female' : 'male', age, 'child', name, null))
    }
    if (household) {
      this.householdLines.push(
        copyLine([household.id, this.org.id, household.address, household.postalCode, household.city]),
      )
      this.stats.households++
    }
    return people
  }

  /** A second file for a person already known, typed differently. */
  private duplicate(r: Random, original: PersonDraft): { person: PersonDraft; kind: DuplicateKind } {
    let kind: DuplicateKind = r.weighted({
      typo_last: 30,
      inversion: 15,
      no_accents: 20,
      typo_first: 15,
      usage_name: 10,
      shortened: 10,
    })
    let lastName = original.lastName
    let firstNames = original.firstNames
    const usageName: string | null = null
    const hasAccents = (s: string | null) => Boolean(s && stripAccents(s) !== s)
    if (kind === 'no_accents' && !hasAccents(lastName) && !hasAccents(firstNames)) kind = 'typo_first'
    if (kind === 'usage_name' && !original.usageName) kind = 'typo_last'
    if (kind === 'shortened' && !(firstNames?.includes(' ') || lastName?.includes('-'))) kind = 'typo_last'
    switch (kind) {
      case 'typo_last':
        lastName = lastName ? typo(r, lastName).word : lastName
        break
      case 'typo_first':
        firstNames = firstNames ? typo(r, firstNames).word : firstNames
        break
      case 'inversion':
        ;[lastName, firstNames] = [firstNames, lastName]
        break
      case 'no_accents':
        lastName = lastName && stripAccents(lastName)
        firstNames = firstNames && stripAccents(firstNames)
        break
      case 'usage_name':
        lastName = original.usageName
        break
      case 'shortened':
        if (firstNames?.includes(' ')) firstNames = firstNames.split(' ')[0]!
        else if (lastName) lastName = lastName.split('-')[0]!
        break
    }
    if (r.chance(0.3)) {
      lastName = lastName?.toUpperCase() ?? null
    }
    const birthRoll = r.next()
    let birthDate = original.birthDate
    if (birthDate && birthRoll < 0.15) birthDate = null
    else if (birthDate && birthRoll < 0.3) {
      const [y, m, d] = birthDate.split('-')
      if (Number(d) <= 12) birthDate = `${y}-${d}-${m}`
    }
    return {
      kind,
      person: {
        ...original,
        id: r.uuid(),
        lastName,
        firstNames,
        usageName,
        birthDate,
        phone: r.chance(0.3) ? original.phone : r.chance(0.4) ? phoneNumber(r) : null,
        household: null,
        relationship: null,
        aliases: [],
      },
    }
  }

  private personLine(r: Random, p: PersonDraft, index: number, createdAt: number, age: number): string {
    const adult = age >= 18
    const createdIso = new Date(createdAt).toISOString()
    const origin = p.origin
    const email =
      adult && p.firstNames && p.lastName && r.chance(0.25)
        ? `${normaliseName(p.firstNames.split(' ')[0]!).replace(/[^a-z]/g, '')}.${normaliseName(p.lastName).replace(/[^a-z]/g, '')}${r.chance(0.5) ? r.int(1, 99) : ''}@${r.pick(EMAIL_DOMAINS)}`
        : null
    const housing = p.street
      ? r.pick(['street', 'street', 'squat', 'car', 'shelter'])
      : r.chance(0.7)
        ? r.weighted({ tenant: 55, owner: 12, hosted_family: 12, hotel: 4, shelter: 6, squat: 2, other: 3 })
        : null
    const resources = adult && r.chance(0.5) ? JSON.stringify(this.resources(r, age)) : '[]'
    const relatives =
      age >= 70 && r.chance(0.15)
        ? JSON.stringify([
            {
              name: `${r.pick(['Fille', 'Fils', 'Voisine', 'Neveu'])} — ${fakerFR.rawDefinitions.person!.first_name!.female![r.int(0, 400)]}`,
              relationship: r.pick(['fille', 'fils', 'voisine', 'neveu']),
              phone: phoneNumber(r),
              caregiver: r.chance(0.5),
            },
          ])
        : '[]'
    const languages = [
      'fr',
      ...(origin !== 'french' && r.chance(0.5) ? [r.pick(ORIGIN_LANGUAGES[origin])] : []),
    ]
    const nationality = r.chance(0.1)
      ? null
      : origin === 'french'
        ? 'french'
        : ['portugal', 'spain', 'italy', 'poland'].includes(origin)
          ? r.chance(0.5)
            ? 'french'
            : 'eu'
          : r.chance(age < 18 ? 0.8 : 0.45)
            ? 'french'
            : 'non_eu'
    const birthPlace =
      r.chance(0.3) || !p.birthDate
        ? null
        : origin === 'french' || age < 25 || r.chance(0.3)
          ? r.chance(0.5)
            ? this.org.city.name
            : r.pick(fakerFR.rawDefinitions.location!.city_name!)
          : r.pick(BIRTH_COUNTRIES[origin])
    const status =
      age > 85 && r.chance(0.15) ? 'deceased' : r.weighted({ active: 85, inactive: 10, archived: 4 })
    const gir =
      age >= 60 && r.chance(0.15)
        ? r.weighted({ 1: 3, 2: 8, 3: 12, 4: 30, 5: 22, 6: 25 } as Record<string, number>)
        : null
    const protection = adult && r.chance(age >= 75 ? 0.06 : 0.015)
    return copyLine([
      p.id,
      this.org.id,
      pad(index + 1, 6),
      p.lastName,
      p.usageName,
      p.firstNames,
      p.birthDate,
      p.description,
      p.teamId,
      r.pick(this.org.agentIds),
      createdIso,
      createdIso,
      arrayLiteral(p.aliases.map((a) => `"${a}"`)),
      p.sex,
      p.approximateAge,
      p.approximateAge === null ? null : isoDate(createdAt),
      birthPlace,
      nationality,
      arrayLiteral(languages),
      p.phone,
      email,
      p.household?.address ??
        (p.street
          ? null
          : r.chance(0.5)
            ? `${r.int(1, 120)} rue ${r.pick(fakerFR.rawDefinitions.location!.street_suffix!)}`
            : null),
      p.household?.postalCode ?? null,
      p.household?.city ?? null,
      housing,
      adult && r.chance(0.3) ? String(r.int(1_000_000, 9_999_999)) : null,
      r.chance(0.6) ? r.weighted({ none: 8, basic: 30, complementary: 62 }) : null,
      adult && r.chance(0.2) ? validNir(r, p.sex, p.birthDate) : null,
      resources,
      adult && r.chance(0.6)
        ? r.weighted({ single: 40, couple: 12, married: 25, pacs: 4, separated: 5, divorced: 9, widowed: 5 })
        : null,
      gir === null ? null : Number(gir),
      protection
        ? r.weighted({
            safeguard: 10,
            curatorship: 30,
            reinforced_curatorship: 25,
            guardianship: 25,
            masp: 10,
          })
        : null,
      protection ? r.pick(LEGAL_REPRESENTATIVES) : null,
      r.chance(0.5)
        ? r.weighted({
            spontaneous: 50,
            elected_official: 3,
            departement: 15,
            association: 12,
            third_party_report: 8,
            outreach: 7,
            other: 5,
          })
        : null,
      relatives,
      r.chance(0.03)
        ? arrayLiteral([r.pick(['prioritaire', 'barrière-de-la-langue', 'mobilité-réduite'])])
        : '{}',
      status,
    ])
  }

  private resources(r: Random, age: number) {
    if (age >= 62) return [{ kind: 'pension', monthlyCents: r.int(600, 2200) * 100 }]
    const kind = r.weighted({ salary: 35, rsa: 25, aah: 8, unemployment: 15, family_allowances: 10, none: 7 })
    const amounts: Record<string, [number, number]> = {
      salary: [800, 2500],
      rsa: [600, 1100],
      aah: [900, 1020],
      unemployment: [700, 1600],
      family_allowances: [150, 700],
      none: [0, 0],
    }
    const [min, max] = amounts[kind]!
    const first = { kind, monthlyCents: r.int(min, max) * 100 }
    return r.chance(0.25) && kind !== 'none'
      ? [first, { kind: 'family_allowances', monthlyCents: r.int(150, 500) * 100 }]
      : [first]
  }

  /** The front-desk contacts of five years, in chronological order, as COPY text. */
  *contactChunks(): Generator<string> {
    const r = this.random.fork('contacts')
    const M = this.options.contacts
    const days = Math.round((this.untilMs - this.startMs) / DAY_MS)
    const weights = new Float64Array(days)
    let total = 0
    for (let d = 0; d < days; d++) {
      const date = new Date(this.startMs + d * DAY_MS)
      const weekday = [0.03, 1.1, 1.0, 0.9, 1.0, 0.85, 0.08][date.getUTCDay()]!
      const month = date.getUTCMonth()
      const season = month === 7 ? 0.7 : month === 11 && date.getUTCDate() > 20 ? 0.6 : 1
      const growth = 1 + (0.05 * d) / 365
      weights[d] = weekday * season * growth
      total += weights[d]!
    }
    const teams = this.org.teams
    const teamTable = new AliasTable(
      Object.keys(TEAM_WEIGHTS) as (TeamKey | 'none')[],
      Object.values(TEAM_WEIGHTS),
    )
    const channelTables = Object.fromEntries(
      Object.entries(CHANNELS_BY_TEAM).map(([team, w]) => [
        team,
        new AliasTable(Object.keys(w) as Channel[], Object.values(w) as number[]),
      ]),
    ) as Record<TeamKey | 'none', AliasTable<Channel>>
    const reasonTables = Object.fromEntries(
      Object.entries(REASONS_BY_TEAM).map(([team, w]) => [
        team,
        new AliasTable(
          this.org.reasonIds,
          w.map((x) => x + 0.01),
        ),
      ]),
    ) as Record<TeamKey | 'none', AliasTable<string>>
    const otherTeams = (Object.keys(teams) as TeamKey[]).filter((k) => !teams[k].confidential)
    const pointers = { general: 0, paej: 0, seniors: 0 }
    let cumulative = 0
    let emitted = 0
    let buffer = ''
    for (let d = 0; d < days; d++) {
      cumulative += weights[d]!
      const target = d === days - 1 ? M : Math.round((cumulative / total) * M)
      const count = target - emitted
      if (count <= 0) continue
      const dayMs = this.startMs + d * DAY_MS
      const minutes = new Float64Array(count)
      for (let i = 0; i < count; i++) minutes[i] = 8.5 * 60 + r.next() * 9.5 * 60
      minutes.sort()
      for (let i = 0; i < count; i++) {
        const at = parisTimestamp(dayMs, minutes[i]!)
        const teamKey = teamTable.draw(r)
        const team = teamKey === 'none' ? null : teams[teamKey]
        const siteIndex = team && r.chance(0.9) ? team.siteIndex : r.int(0, this.org.sites.length - 1)
        const channel = channelTables[teamKey].draw(r)
        // The persons whose file existed at that moment.
        const poolName = teamKey === 'paej' ? 'paej' : teamKey === 'seniors' ? 'seniors' : 'general'
        const pool = this.pools[poolName]
        while (pointers[poolName] < pool.length && this.createdAt[pool[pointers[poolName]]!]! <= at.ms)
          pointers[poolName]++
        const known = pointers[poolName]
        let personId: string | null = null
        if (known > 0 && !r.chance(ANONYMOUS_BY_CHANNEL[channel])) {
          // Half of the visits come from recently opened files (a situation being dealt with).
          const k = r.chance(0.5)
            ? Math.floor(known * r.next())
            : known - 1 - Math.floor(known * r.next() ** 4)
          personId = this.personIds[pool[k]!]!
        }
        const reasonCount = r.weighted({ 0: 5, 1: 70, 2: 20, 3: 5 } as Record<string, number>)
        const reasons = new Set<string>()
        for (let k = 0; k < Number(reasonCount) * 3 && reasons.size < Number(reasonCount); k++) {
          reasons.add(reasonTables[teamKey].draw(r))
        }
        const followUp = team !== null && r.chance(0.07)
        const done = followUp && at.ms < this.untilMs - 30 * DAY_MS ? true : followUp && r.chance(0.3)
        const doneAt = done ? new Date(at.ms + r.int(1, 10) * DAY_MS).toISOString() : null
        const doneBy = done ? r.pick(this.org.agentIds) : null
        const author = r.pick(this.org.agentIds)
        const created = new Date(at.ms + r.int(0, 300) * 1000).toISOString()
        buffer += copyLine([
          r.uuid(),
          this.org.id,
          at.literal,
          channel,
          this.org.sites[siteIndex]!.id,
          team?.id ?? null,
          personId,
          personId ? null : r.pick(ANONYMOUS_CONTACTS),
          arrayLiteral([...reasons]),
          r.chance(0.25) ? r.pick(NOTES) : null,
          r.chance(0.06) ? teams[r.pick(otherTeams)].id : null,
          followUp ? (done ? 'done' : 'pending') : null,
          followUp && r.chance(0.5) ? r.pick(this.org.agentIds) : null,
          doneAt,
          doneBy,
          author,
          created,
          doneAt ?? created,
        ])
      }
      emitted += count
      if (buffer.length > 1_000_000) {
        yield buffer
        buffer = ''
      }
    }
    if (buffer) yield buffer
  }
}

function* chunked(lines: string[], size = 20_000): Generator<string> {
  for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size).join('')
}
