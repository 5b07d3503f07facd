/**
 * The database scenarios, through the application's own code: PeopleRepository.list with
 * parsePersonQuery (the search box), PeopleRepository.likelyDuplicates (the duplicate check at
 * creation), FrontdeskService.counts (the indicator). The baseline is the only SQL written here.
 */
import { sql } from 'kysely'
import type { GroundTruth } from '../../scripts/synth.ts'
import type { Db } from '../../src/server/db/database.ts'
import { FrontdeskRepository } from '../../src/server/modules/frontdesk/frontdesk.repository.ts'
import { FrontdeskService } from '../../src/server/modules/frontdesk/frontdesk.service.ts'
import { IndicatorsRepository } from '../../src/server/modules/indicators/indicators.repository.ts'
import { PeopleRepository } from '../../src/server/modules/people/people.repository.ts'
import { parsePersonQuery } from '../../src/server/modules/people/people.search.ts'
import { PeopleService } from '../../src/server/modules/people/people.service.ts'
import type { Actor } from '../../src/server/platform/permissions.ts'
import { TimelineRegistry } from '../../src/server/platform/timeline.ts'
import type { Role } from '../../src/shared/roles.ts'
import { type Latency, round, summarise, timed } from './stats.ts'

export function actorFor(truth: GroundTruth, role: Role, teamKeys: (keyof GroundTruth['teams'])[]): Actor {
  const user = truth.users[role]
  if (!user) throw new Error(`no ${role} in the ground truth`)
  return {
    userId: user.id,
    organisationId: truth.organisationId,
    sessionId: '00000000-0000-4000-8000-000000000000',
    roles: [role],
    teamIds: teamKeys.map((k) => truth.teams[k]),
    ip: null,
  }
}

export interface SearchResult {
  latency: Latency
  recall_at_10: number
  /** Recall on the queries whose person has fewer than 10 exact homonyms (the others cannot be told apart by name). */
  recall_at_10_distinguishable: number
  distinguishable_queries: number
  /** Where the intended person ranked when it was missed (absent = not in the 50 returned). */
  misses: { query: string; rank: number | null; typo: string; homonyms: number }[]
  by_typo: Record<string, { queries: number; recall_at_10: number }>
}

type Query = GroundTruth['queries'][number]

function recallSummary(queries: Query[], ranks: (number | null)[]) {
  const hit = (rank: number | null) => rank !== null && rank < 10
  const distinguishable = queries.map((q, i) => ({ q, rank: ranks[i]! })).filter(({ q }) => q.homonyms < 10)
  const byTypo: SearchResult['by_typo'] = {}
  for (const [i, q] of queries.entries()) {
    const entry = byTypo[q.typo.kind] ?? { queries: 0, recall_at_10: 0 }
    entry.queries++
    entry.recall_at_10 += hit(ranks[i]!) ? 1 : 0
    byTypo[q.typo.kind] = entry
  }
  for (const entry of Object.values(byTypo)) entry.recall_at_10 = round(entry.recall_at_10 / entry.queries, 4)
  return {
    recall_at_10: round(ranks.filter(hit).length / Math.max(1, queries.length), 4),
    recall_at_10_distinguishable: round(
      distinguishable.filter(({ rank }) => hit(rank)).length / Math.max(1, distinguishable.length),
      4,
    ),
    distinguishable_queries: distinguishable.length,
    by_typo: byTypo,
  }
}

/** Warms the caches (and the JIT) with a few queries; their timings are not kept. */
async function warmUp(queries: Query[], run: (q: Query) => Promise<unknown>, count: number) {
  for (const q of queries.slice(0, count)) await run(q)
}

export async function searchScenario(
  db: Db,
  actor: Actor,
  queries: Query[],
  warm: number,
): Promise<SearchResult> {
  const repo = new PeopleRepository(db)
  const run = async (q: Query) => (await repo.list(actor, parsePersonQuery(q.query))).rows
  await warmUp(queries, run, warm)
  const samples: number[] = []
  const ranks: (number | null)[] = []
  const misses: SearchResult['misses'] = []
  for (const q of queries) {
    const { value: rows, ms } = await timed(() => run(q))
    samples.push(ms)
    const index = rows.findIndex((r) => r.id === q.personId)
    const rank = index < 0 ? null : index
    ranks.push(rank)
    if (rank === null || rank >= 10) {
      misses.push({
        query: q.query,
        rank,
        typo: `${q.typo.word}→${q.typo.typed} (${q.typo.kind})`,
        homonyms: q.homonyms,
      })
    }
  }
  return { latency: summarise(samples), ...recallSummary(queries, ranks), misses }
}

/**
 * The field's usual search: every word must appear, case-insensitively, in one of the name columns
 * (`ILIKE '%word%'`), no accent folding, no trigram index, alphabetical order.
 */
export async function baselineScenario(db: Db, actor: Actor, queries: Query[], warm: number) {
  const pattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const run = (q: Query) => {
    const words = parsePersonQuery(q.query).words
    const conditions = words.map(
      (w) =>
        sql`(p.last_name ilike ${pattern(w)} or p.usage_name ilike ${pattern(w)} or p.first_names ilike ${pattern(w)})`,
    )
    return sql<{ id: string }>`
      select p.id from people p
       where p.organisation_id = ${actor.organisationId} and p.merged_into_id is null
         ${conditions.length > 0 ? sql`and ${sql.join(conditions, sql` and `)}` : sql``}
       order by p.last_name, p.first_names
       limit 50`.execute(db)
  }
  await warmUp(queries, run, warm)
  const samples: number[] = []
  const ranks: (number | null)[] = []
  for (const q of queries) {
    const { value, ms } = await timed(() => run(q))
    samples.push(ms)
    const index = value.rows.findIndex((r) => r.id === q.personId)
    ranks.push(index < 0 ? null : index)
  }
  return { latency: summarise(samples), ...recallSummary(queries, ranks) }
}

/** The duplicate check while a file is created: the duplicate's names, birth date and phone as typed. */
export async function dedupeScenario(db: Db, actor: Actor, pairs: GroundTruth['duplicates'], warm: number) {
  const repo = new PeopleRepository(db)
  // As PeopleService.likelyDuplicates prepares its input.
  const inputOf = (pair: GroundTruth['duplicates'][number]) => {
    const { lastName, firstNames, birthDate, phone } = pair.input
    const name = [lastName, firstNames].filter(Boolean).join(' ')
    const phoneDigits = phone?.replace(/\D/g, '').slice(-9)
    const hasPhone = Boolean(phoneDigits && phoneDigits.length >= 9)
    if (name.length < 3 && !birthDate && !hasPhone) return undefined
    return {
      name,
      lastName: lastName ?? undefined,
      birthDate: birthDate ?? undefined,
      phoneDigits: hasPhone ? phoneDigits : undefined,
    }
  }
  const usable = pairs.filter((p) => inputOf(p))
  const run = (pair: GroundTruth['duplicates'][number]) => repo.likelyDuplicates(actor, inputOf(pair)!)
  for (const pair of usable.slice(0, warm)) await run(pair)
  const samples: number[] = []
  let found = 0
  const byKind: Record<string, { pairs: number; found: number }> = {}
  for (const pair of usable) {
    const { value: rows, ms } = await timed(() => run(pair))
    samples.push(ms)
    const hit = rows.some((r) => r.id === pair.originalId)
    if (hit) found++
    const entry = byKind[pair.kind] ?? { pairs: 0, found: 0 }
    entry.pairs++
    entry.found += hit ? 1 : 0
    byKind[pair.kind] = entry
  }
  return {
    latency: summarise(samples),
    pairs: usable.length,
    found_rate: round(found / Math.max(1, usable.length), 4),
    by_kind: byKind,
  }
}

/** Contacts by month × team × reason over every contact, through the service the route calls. */
export async function indicatorScenario(
  db: Db,
  actor: Actor,
  period: { from: string; to: string },
  runs: number,
) {
  const service = new FrontdeskService(
    new FrontdeskRepository(db),
    new PeopleService(new PeopleRepository(db), new TimelineRegistry()),
  )
  const query = {
    from: period.from,
    to: period.to,
    groupBy: ['month', 'team', 'reason'] as ('month' | 'team' | 'reason')[],
  }
  const first = await service.counts(actor, query)
  const samples: number[] = []
  for (let i = 0; i < runs; i++) samples.push((await timed(() => service.counts(actor, query))).ms)
  // The catalogue's own SQL over the last year: distinct households and persons per site (merged
  // files once), contacts per team without a reason.
  const indicators = new IndicatorsRepository(db)
  const to = new Date(`${period.to}T00:00:00Z`)
  const year = { from: new Date(to.getTime() - 364 * 86_400_000).toISOString().slice(0, 10), to: period.to }
  const sample = async (work: () => Promise<unknown>) => {
    await work()
    const ms: number[] = []
    for (let i = 0; i < runs; i++) ms.push((await timed(work)).ms)
    return summarise(ms)
  }
  const households = await indicators.receivedPerSite(actor.organisationId, year, 'households')
  return {
    latency: summarise(samples),
    rows: first.rows.length,
    total: first.total,
    catalogue: {
      period: year,
      households_per_site: await sample(() =>
        indicators.receivedPerSite(actor.organisationId, year, 'households'),
      ),
      households: households.total,
      persons_per_site: await sample(() => indicators.receivedPerSite(actor.organisationId, year, 'persons')),
      contacts_by_team_without_reason: await sample(() =>
        indicators.contactsWithoutReason(actor.organisationId, year),
      ),
    },
  }
}
