import { type Kysely, sql } from 'kysely'
import type { Database } from '../../db/schema.ts'

export interface AuditFilter {
  userId?: string
  personId?: string
  fileNumber?: string
  from?: string
  to?: string
}

export class AuditRepository {
  constructor(readonly db: Kysely<Database>) {}

  async search(organisationId: string, filter: AuditFilter, page: number, pageSize: number) {
    let query = this.db.selectFrom('audit_log as a').where('a.organisation_id', '=', organisationId)
    if (filter.userId) query = query.where('a.user_id', '=', filter.userId)
    // A person's file read or written, or the person shown among others in a list (GIN on person_ids).
    if (filter.personId) {
      const personId = filter.personId
      query = query.where((eb) =>
        eb.or([eb('a.person_id', '=', personId), sql<boolean>`a.person_ids @> array[${personId}]::uuid[]`]),
      )
    }
    if (filter.fileNumber) {
      // The file by its number, and every file merged into it (their trails are the person's too).
      const numbered = this.db
        .selectFrom('people as n')
        .select('n.id')
        .where('n.organisation_id', '=', organisationId)
        .where(sql<boolean>`upper(n.file_number) = upper(${filter.fileNumber})`)
      const files = this.db
        .selectFrom('people as p')
        .select('p.id')
        .where('p.organisation_id', '=', organisationId)
        .where((eb) => eb.or([eb('p.id', 'in', numbered), eb('p.merged_into_id', 'in', numbered)]))
      query = query.where((eb) =>
        eb.or([eb('a.person_id', 'in', files), sql<boolean>`a.person_ids && array(${files})::uuid[]`]),
      )
    }
    if (filter.from) query = query.where('a.at', '>=', sql<Date>`${filter.from}::date`)
    // "to" is inclusive: the whole day counts.
    if (filter.to) query = query.where('a.at', '<', sql<Date>`${filter.to}::date + 1`)
    const [rows, count] = await Promise.all([
      query
        .leftJoin('users as u', (join) =>
          join.onRef('u.id', '=', 'a.user_id').onRef('u.organisation_id', '=', 'a.organisation_id'),
        )
        .leftJoin('volunteers as v', (join) =>
          join.onRef('v.id', '=', 'a.volunteer_id').onRef('v.organisation_id', '=', 'a.organisation_id'),
        )
        .leftJoin('partner_contacts as pc', (join) =>
          join
            .onRef('pc.id', '=', 'a.partner_contact_id')
            .onRef('pc.organisation_id', '=', 'a.organisation_id'),
        )
        .leftJoin('people as p', (join) =>
          join.onRef('p.id', '=', 'a.person_id').onRef('p.organisation_id', '=', 'a.organisation_id'),
        )
        .select([
          'a.id',
          'a.at',
          'a.user_id',
          // Those who act from outside (a volunteer, a partner's contact) are named as such.
          sql<string | null>`coalesce(
            u.name,
            v.first_name || ' ' || v.last_name || ' (bénévole)',
            pc.name || ' (partenaire)'
          )`.as('user_name'),
          'a.action',
          'a.entity_type',
          'a.entity_id',
          'a.person_id',
          'p.file_number as person_file_number',
          'a.person_ids',
          'a.ip',
        ])
        .orderBy('a.at', 'desc')
        .orderBy('a.id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ])
    return { rows, total: count.n }
  }

  /** Every staff account of the organisation, deactivated ones too: the trail outlives them. */
  accounts(organisationId: string, db: Kysely<Database> = this.db) {
    return db
      .selectFrom('users')
      .where('organisation_id', '=', organisationId)
      .select(['id', 'name', 'status'])
      .orderBy('name')
      .orderBy('id')
      .execute()
  }
}
