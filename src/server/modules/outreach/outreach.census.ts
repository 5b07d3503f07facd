import {
  AGE_BAND,
  type AgeBand,
  CENSUS_COUNTING_RULE,
  CENSUS_HOUSEHOLD,
  CENSUS_PLACE_TYPE,
  CENSUS_SEX,
  type Census,
  SITUATION,
} from '../../../shared/outreach.ts'
import { toCsv } from '../../platform/csv.ts'

/** One encounter of the period, as the census reads it: no name, no text. */
export interface CensusEncounter {
  occurred_at: Date
  person_id: string | null
  anonymous_sex: string | null
  anonymous_age: number | null
  anonymous_people_count: number | null
  household_type: string | null
  situation: string
  place_type: string | null
}

/** What a person's file says, as `PeopleService.personFacts` answers it. */
export interface CensusPersonFacts {
  mergedIntoId: string | null
  sex: string | null
  birthDate: string | null
  approximateAge: number | null
  approximateAgeOn: string | null
  householdSize: number | null
  householdHasChildren: boolean
  householdHasPartner: boolean
}

interface Situation {
  sex: string | null
  age: number | null
  household: string | null
  situation: string
  placeType: string | null
  accepted: boolean
  people: number
}

const YEAR_MS = 365.25 * 86_400_000
const day = (at: Date) => at.toISOString().slice(0, 10)

/** Whole years between two calendar dates (a birthday counts on the day). */
function yearsBetween(from: string, to: string) {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number]
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0)
}

/** The age on `at`: from the birth date, else from an approximate age given on some date. */
function ageOn(facts: CensusPersonFacts, at: Date): number | null {
  if (facts.birthDate) return yearsBetween(facts.birthDate, day(at))
  if (facts.approximateAge === null) return null
  if (!facts.approximateAgeOn) return facts.approximateAge
  const elapsed = (at.getTime() - new Date(`${facts.approximateAgeOn}T00:00:00Z`).getTime()) / YEAR_MS
  return Math.max(0, facts.approximateAge + Math.trunc(elapsed))
}

export function ageBand(age: number | null): AgeBand {
  if (age === null) return 'unknown'
  if (age < 18) return 'under_18'
  if (age <= 30) return '18_30'
  if (age <= 45) return '31_45'
  if (age <= 60) return '46_60'
  return 'over_60'
}

/** The household recorded on the file wins; else what the agents observed; else a lone file is alone. */
function householdOf(facts: CensusPersonFacts | undefined, observed: string | null) {
  if (facts && facts.householdSize !== null && facts.householdSize >= 2) {
    if (facts.householdHasChildren) return 'with_children'
    return facts.householdSize === 2 && facts.householdHasPartner ? 'couple' : 'group'
  }
  if (observed) return observed
  return facts?.householdSize === 1 ? 'alone' : null
}

/**
 * Counts the situations met in a period. Each distinct person counts once (merged files count as the
 * file they were merged into), with their age at their first encounter of the period and the
 * situation and place of their last one; each anonymous encounter counts as one situation, since
 * nothing tells whether two anonymous encounters are the same people.
 */
export function computeCensus(input: {
  from: string
  to: string
  teamId: string | null
  encounters: CensusEncounter[]
  persons: Map<string, CensusPersonFacts>
  /** Persons (raw or kept file ids) who had accepted support by the end of the period. */
  engaged: Set<string>
}): Census {
  const byPerson = new Map<
    string,
    { first: CensusEncounter; last: CensusEncounter; observed: string | null }
  >()
  const anonymous: Situation[] = []
  for (const encounter of [...input.encounters].sort((a, b) => +a.occurred_at - +b.occurred_at)) {
    if (encounter.person_id === null) {
      anonymous.push({
        sex: encounter.anonymous_sex,
        age: encounter.anonymous_age,
        household: encounter.household_type,
        situation: encounter.situation,
        placeType: encounter.place_type,
        accepted: false,
        people: encounter.anonymous_people_count ?? 1,
      })
      continue
    }
    const kept = input.persons.get(encounter.person_id)?.mergedIntoId ?? encounter.person_id
    const known = byPerson.get(kept)
    if (known) {
      known.last = encounter
      known.observed = encounter.household_type ?? known.observed
    } else {
      byPerson.set(kept, { first: encounter, last: encounter, observed: encounter.household_type })
    }
  }
  const rawIdsOf = new Map<string, string[]>()
  for (const encounter of input.encounters) {
    if (!encounter.person_id) continue
    const kept = input.persons.get(encounter.person_id)?.mergedIntoId ?? encounter.person_id
    rawIdsOf.set(kept, [...(rawIdsOf.get(kept) ?? []), encounter.person_id])
  }
  const persons: Situation[] = [...byPerson].map(([id, seen]) => {
    const facts = input.persons.get(id)
    return {
      sex: facts?.sex ?? null,
      age: facts ? ageOn(facts, seen.first.occurred_at) : null,
      household: householdOf(facts, seen.observed),
      situation: seen.last.situation,
      placeType: seen.last.place_type,
      accepted: input.engaged.has(id) || (rawIdsOf.get(id) ?? []).some((raw) => input.engaged.has(raw)),
      people: 1,
    }
  })
  const all = [...persons, ...anonymous]
  const count = <K extends string>(labels: Record<K, string>, keyOf: (s: Situation) => string) =>
    (Object.entries(labels) as [K, string][]).map(([key, label]) => ({
      key,
      label,
      count: all.filter((s) => keyOf(s) === key).length,
    }))
  const accepted = all.filter((s) => s.accepted).length
  return {
    from: input.from,
    to: input.to,
    teamId: input.teamId,
    countingRule: CENSUS_COUNTING_RULE,
    situations: all.length,
    persons: persons.length,
    anonymousSituations: anonymous.length,
    peopleSeen: all.reduce((sum, s) => sum + s.people, 0),
    acceptedSupport: accepted,
    acceptedShare: all.length === 0 ? 0 : Math.round((accepted / all.length) * 1000) / 1000,
    bySex: count(CENSUS_SEX.labels, (s) => (s.sex && s.sex in CENSUS_SEX.labels ? s.sex : 'unknown')),
    byAgeBand: count(AGE_BAND.labels, (s) => ageBand(s.age)),
    // "Mostly young men aged 18 to 30" is one cell of this cross-tabulation.
    bySexAndAgeBand: Object.entries(CENSUS_SEX.labels).flatMap(([sex, sexLabel]) =>
      Object.entries(AGE_BAND.labels).map(([band, bandLabel]) => ({
        key: `${sex}:${band}`,
        label: `${sexLabel} · ${bandLabel}`,
        count: all.filter(
          (s) => (s.sex && s.sex in CENSUS_SEX.labels ? s.sex : 'unknown') === sex && ageBand(s.age) === band,
        ).length,
      })),
    ),
    byHouseholdType: count(CENSUS_HOUSEHOLD.labels, (s) => s.household ?? 'unknown'),
    bySituation: count(SITUATION.labels, (s) => s.situation),
    byPlaceType: count(CENSUS_PLACE_TYPE.labels, (s) => s.placeType ?? 'none'),
  }
}

const percent = (count: number, total: number) =>
  total === 0 ? '' : `${(Math.round((count / total) * 1000) / 10).toString().replace('.', ',')} %`

/** The census as a spreadsheet (semicolons, for Excel in French): one line per figure. */
export function censusToCsv(census: Census, teamName: string | null) {
  const total = census.situations
  const rows: string[][] = [
    ['Période', `du ${census.from} au ${census.to}`, '', ''],
    ['Équipe', teamName ?? 'Toutes les équipes', '', ''],
    ['Ensemble', 'Situations rencontrées', String(total), ''],
    ['Ensemble', 'dont personnes connues', String(census.persons), percent(census.persons, total)],
    [
      'Ensemble',
      'dont rencontres anonymes',
      String(census.anonymousSituations),
      percent(census.anonymousSituations, total),
    ],
    ['Ensemble', 'Personnes vues (membres des groupes compris)', String(census.peopleSeen), ''],
    [
      'Ensemble',
      'Accompagnement accepté',
      String(census.acceptedSupport),
      percent(census.acceptedSupport, total),
    ],
  ]
  const sections: [string, Census['bySex']][] = [
    ['Sexe', census.bySex],
    ['Âge', census.byAgeBand],
    ['Composition', census.byHouseholdType],
    ['Situation', census.bySituation],
    ['Type de lieu', census.byPlaceType],
  ]
  for (const [title, lines] of sections) {
    for (const line of lines) rows.push([title, line.label, String(line.count), percent(line.count, total)])
  }
  rows.push(['Règle de comptage', census.countingRule, '', ''])
  return toCsv(rows, { columns: ['Rubrique', 'Libellé', 'Nombre', 'Part'], delimiter: ';' })
}
