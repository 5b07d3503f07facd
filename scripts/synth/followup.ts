/**
 * Follow-up casework of the synthetic CCAS (issue 12's bench): support records on a share of the
 * persons, one referent each (the bench's social worker holds a caseload of about a hundred, as every
 * other referent), a goal per record, interviews, documents' metadata (no content on disk), rights with
 * their end dates and referrals to partners' services awaiting or given an answer. All set-based SQL
 * (generate_series), ids derived from the seed so that two runs give the same rows.
 */
import type { BulkDatabase } from './bulk.ts'
import type { Organisation } from './population.ts'

export interface FollowupScale {
  records: number
  interviews: number
  documents: number
}

/** Records per referent: a social worker's caseload. */
export const CASELOAD = 100

const SUPPORT_TYPES = [
  ['Accompagnement social global', true],
  ['Accompagnement RSA', true],
  ['Budget', false],
  ['Logement', false],
  ['Santé', false],
  ['Jeunes (PAEJ)', false],
] as const
const DOCUMENT_TYPES = ['Pièce d’identité', 'Justificatif de ressources', 'Courrier CAF/CPAM', 'Autre']
const MEDIA = ['office', 'home_visit', 'phone', 'office', 'phone', 'video', 'street', 'partner']
const DOMAINS = ['health', 'housing', 'rights', 'insertion', 'budget', 'family', 'justice', 'mobility']
const RIGHTS = ['rsa', 'css', 'housing_benefit', 'activity_bonus', 'aah', 'family_allowances']
const quote = (text: string) => `'${text.replaceAll("'", "''")}'`
const list = (items: readonly string[]) => `array[${items.map(quote).join(',')}]`

/**
 * Adds the casework to an organisation already holding its persons and users. `socialWorkerId` is the
 * bench's social worker (referent number 0); `passwordHash` is given to the other referents created
 * here. Returns the rows written per table.
 */
export async function synthesiseFollowup(
  bulk: BulkDatabase,
  input: {
    organisation: Organisation
    socialWorkerId: string
    passwordHash: string
    seed: number
    until: string
    scale: FollowupScale
  },
  timed: (table: string, work: () => Promise<number>) => Promise<void>,
) {
  const { organisation, scale } = input
  const org = quote(organisation.id)
  // A uuid from the seed, a kind and a number: the same rows at every run.
  // Shaped as a version 4 uuid (the API's schemas check the version and variant digits).
  const id = (kind: string, n: string) =>
    `overlay(overlay(md5(${quote(`${input.seed}-${kind}-`)} || ${n}) placing '4' from 13) placing '8' from 17)::uuid`
  const until = `${quote(input.until)}::date`
  const records = scale.records
  const referents = Math.max(1, Math.ceil(records / CASELOAD))
  const teams = organisation.teams
  const recordTeams = list([teams.social_central.id, teams.social_north.id, teams.rsa.id])
  const count = async (sql: string) =>
    Number(
      (await bulk.query<{ n: string }>(`with w as (${sql} returning 1) select count(*) as n from w`))[0]?.n,
    )

  await bulk.exec(`insert into support_types (id, organisation_id, label, legal, position)
    values ${SUPPORT_TYPES.map(([label, legal], i) => `(${id('type', `'${i}'`)}, ${org}, ${quote(label)}, ${legal}, ${i})`).join(',')}`)
  await bulk.exec(`insert into document_types (id, organisation_id, label, position)
    values ${DOCUMENT_TYPES.map((label, i) => `(${id('doctype', `'${i}'`)}, ${org}, ${quote(label)}, ${i})`).join(',')}`)
  // Referents: the bench's social worker, then colleagues of the social teams (they never sign in).
  await timed('users (référents)', () =>
    count(`insert into users (id, organisation_id, email, name, password_hash, roles, status)
      select ${id('referent', 'i::text')}, ${org}, 'referent-' || i || '@bench.trame', 'Référent ' || i || ' (bench)',
        ${quote(input.passwordHash)}, array['social_worker'], 'active'
      from generate_series(1, ${referents - 1}) i`),
  )
  await bulk.exec(`insert into user_teams (organisation_id, user_id, team_id)
    select ${org}, ${id('referent', 'i::text')}, (${list([teams.social_central.id, teams.rsa.id])}::uuid[])[1 + i % 2]
    from generate_series(1, ${referents - 1}) i`)
  await bulk.exec(`create temporary table synth_referents as
    select 0 as n, ${quote(input.socialWorkerId)}::uuid as id
    union all select i, ${id('referent', 'i::text')} from generate_series(1, ${referents - 1}) i`)
  // The persons followed: a spread-out sample of the files, one record each.
  await bulk.exec(`create temporary table synth_followed as
    select (row_number() over (order by md5(${quote(String(input.seed))} || id::text)) - 1)::int as k, id
    from people where organisation_id = ${org} and merged_into_id is null
    order by md5(${quote(String(input.seed))} || id::text) limit ${records}`)
  const followed = Number((await bulk.query<{ n: string }>('select count(*) as n from synth_followed'))[0]?.n)

  // Record k: 70 % open, 10 % suspended, 20 % closed; opened over five years; reviews around `until`;
  // its referent the (k / 10)th, so that every caseload has records of each state.
  await timed('support_records', () =>
    count(`insert into support_records (id, organisation_id, person_id, type_id, team_id, status, opened_on,
        suspended_on, closed_on, exit_reason, domains, next_review_on, created_by)
      select ${id('record', 'f.k::text')}, ${org}, f.id, ${id('type', '(f.k % 6)::text')},
        case when f.k % 20 = 19 then ${quote(teams.paej.id)}::uuid else (${recordTeams}::uuid[])[1 + f.k % 3] end,
        case when f.k % 10 < 2 then 'closed' when f.k % 10 = 2 then 'suspended' else 'open' end,
        ${until} - 30 - (f.k * 7919) % 1800,
        case when f.k % 10 = 2 then ${until} - (f.k % 30) end,
        case when f.k % 10 < 2 then ${until} - (f.k % 29) end,
        case when f.k % 10 < 2 then 'goals_achieved' end,
        array[(${list(DOMAINS)})[1 + f.k % 8], (${list(DOMAINS)})[1 + (f.k / 8) % 8]],
        case when f.k % 10 >= 3 then ${until} - 45 + (f.k * 31) % 120 end,
        r.id
      from synth_followed f join synth_referents r on r.n = (f.k / 10) % ${referents}`),
  )
  await timed('support_record_referents', () =>
    count(`insert into support_record_referents (organisation_id, record_id, user_id, from_on, changed_by)
      select ${org}, s.id, r.id, s.opened_on, r.id
      from synth_followed f join synth_referents r on r.n = (f.k / 10) % ${referents}
      join support_records s on s.id = ${id('record', 'f.k::text')}`),
  )
  await timed('support_goals', () =>
    count(`insert into support_goals (organisation_id, record_id, label, domain, target_on, status, status_on, created_by)
      select ${org}, s.id, 'Objectif ' || f.k, s.domains[1], s.opened_on + 90 + (f.k * 13) % 700,
        (array['planned','in_progress','achieved','abandoned'])[1 + f.k % 4], s.opened_on, s.created_by
      from synth_followed f join support_records s on s.id = ${id('record', 'f.k::text')}`),
  )
  // Interview i belongs to record i mod records, spread between its opening and its end (or `until`).
  await timed('support_interviews', () =>
    count(`insert into support_interviews (organisation_id, record_id, occurred_at, duration_minutes, medium,
        domains, note, private_synthesis, psychologist_session, author_id)
      select ${org}, s.id,
        ((s.opened_on + ((i * 37) % greatest(1, coalesce(s.closed_on, ${until}) - s.opened_on)))::timestamp
          + make_interval(hours => 8 + i % 10)) at time zone 'Europe/Paris',
        15 + (i % 6) * 15, (${list(MEDIA)})[1 + i % 8], s.domains,
        'Entretien de suivi n° ' || i, case when i % 5 = 0 then 'Synthèse privée ' || i end,
        s.team_id = ${quote(teams.paej.id)} and i % 2 = 0, s.created_by
      from generate_series(0, ${scale.interviews - 1}) i
      join support_records s on s.id = ${id('record', `(i % ${Math.max(1, followed)})::text`)}`),
  )
  // Documents: mostly of followed persons, half of them attached to the record.
  await timed('documents', () =>
    count(`insert into documents (id, organisation_id, person_id, type_id, record_type, record_id, file_name,
        content_type, size_bytes, sha256, expires_on, uploaded_by, uploaded_at)
      select ${id('document', 'i::text')}, ${org}, s.person_id, ${id('doctype', '(i % 4)::text')},
        case when i % 2 = 0 then 'support_record' end, case when i % 2 = 0 then s.id end,
        'document-' || i || '.pdf', 'application/pdf', 20000 + (i * 7) % 2000000,
        md5(i::text) || md5('x' || i), case when i % 4 = 0 then ${until} + (i % 3000) - 500 end, s.created_by,
        (s.opened_on + (i % 300))::timestamp at time zone 'Europe/Paris'
      from generate_series(0, ${scale.documents - 1}) i
      join support_records s on s.id = ${id('record', `(i % ${Math.max(1, followed)})::text`)}`),
  )
  // Rights: one per open or suspended record, open until a date around `until` for half of them.
  await timed('rights', () =>
    count(`insert into rights (organisation_id, person_id, kind, status, status_on, open_until, created_by, updated_by)
      select ${org}, s.person_id, (${list(RIGHTS)})[1 + f.k % 6],
        case when f.k % 2 = 0 then 'open' else 'in_progress' end, s.opened_on,
        case when f.k % 2 = 0 then ${until} - 30 + (f.k * 17) % 400 end, s.created_by, s.created_by
      from synth_followed f join support_records s on s.id = ${id('record', 'f.k::text')}
      where s.status <> 'closed'`),
  )
  // Referrals: twenty partners with two services each; one referral per four records, a third unanswered.
  await bulk.exec(`insert into partners (id, organisation_id, name)
    select ${id('partner', 'i::text')}, ${org}, 'Partenaire ' || i || ' (bench)' from generate_series(0, 19) i`)
  await bulk.exec(`insert into partner_services (id, organisation_id, partner_id, name, category)
    select ${id('service', 'i::text')}, ${org}, ${id('partner', '(i / 2)::text')}, 'Service ' || i,
      (array['health','housing','rights','employment'])[1 + i % 4]
    from generate_series(0, 39) i`)
  await timed('partner_referrals', () =>
    count(`insert into partner_referrals (organisation_id, person_id, partner_service_id, origin, support_record_id,
        referred_on, answer_due_on, answer, answered_on, note, created_by)
      select ${org}, s.person_id, ${id('service', '(f.k % 40)::text')}, 'followup', s.id,
        greatest(s.opened_on, ${until} - 400 + f.k % 390), greatest(s.opened_on, ${until} - 400 + f.k % 390) + 30,
        case when f.k % 3 = 0 then 'pending' when f.k % 3 = 1 then 'accepted' else 'refused' end,
        case when f.k % 3 <> 0 then greatest(s.opened_on, ${until} - 400 + f.k % 390) + 10 end,
        'Orientation ' || f.k, s.created_by
      from synth_followed f join support_records s on s.id = ${id('record', 'f.k::text')}
      where f.k % 4 = 0`),
  )
  await bulk.exec('drop table synth_followed')
  await bulk.exec('drop table synth_referents')
  return { referents, followed }
}

/** The tables this generator fills, whose indexes the synthesis builds once at the end. */
export const FOLLOWUP_TABLES = [
  'support_records',
  'support_record_referents',
  'support_goals',
  'support_interviews',
  'documents',
  'rights',
  'partner_referrals',
]
