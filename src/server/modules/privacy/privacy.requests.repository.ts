import type { Kysely, Updateable } from 'kysely'
import type { PrivacyRequestTable } from '../../db/schema.privacy.ts'
import type { Database } from '../../db/schema.ts'

/** All SQL of the requests register. */
export class RightsRequestsRepository {
  constructor(readonly db: Kysely<Database>) {}

  private select(db: Kysely<Database>, organisationId: string) {
    return db
      .selectFrom('privacy_requests as r')
      .leftJoin('people as p', 'p.id', 'r.person_id')
      .select([
        'r.id',
        'r.kind',
        'r.received_on',
        'r.requester',
        'r.person_id',
        'p.file_number',
        'r.due_on',
        'r.extended',
        'r.extension_reason',
        'r.answered_on',
        'r.outcome',
        'r.note',
      ])
      .where('r.organisation_id', '=', organisationId)
  }

  one(db: Kysely<Database>, organisationId: string, id: string) {
    return this.select(db, organisationId).where('r.id', '=', id).executeTakeFirst()
  }

  /** The register, the nearest deadline first among those to answer, then the latest received. */
  async page(
    db: Kysely<Database>,
    organisationId: string,
    query: { open?: boolean; page: number; pageSize: number },
  ) {
    const base = this.select(db, organisationId).$if(Boolean(query.open), (q) =>
      q.where('r.answered_on', 'is', null),
    )
    const items = await base
      .orderBy((eb) => eb('r.answered_on', 'is not', null))
      .orderBy('r.due_on')
      .orderBy('r.received_on', 'desc')
      .orderBy('r.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute()
    const total = await db
      .selectFrom('privacy_requests')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation_id', '=', organisationId)
      .$if(Boolean(query.open), (q) => q.where('answered_on', 'is', null))
      .executeTakeFirstOrThrow()
    return { items, total: Number(total.n) }
  }

  /** A person's requests, for their timeline and their access export. */
  ofPeople(db: Kysely<Database>, organisationId: string, personIds: readonly string[]) {
    if (personIds.length === 0) return Promise.resolve([])
    return this.select(db, organisationId)
      .where('r.person_id', 'in', personIds)
      .orderBy('r.received_on', 'desc')
      .execute()
  }

  insert(
    db: Kysely<Database>,
    values: {
      organisation_id: string
      kind: string
      received_on: string
      requester: string
      person_id: string | null
      due_on: string
      created_by: string
    },
  ) {
    return db.insertInto('privacy_requests').values(values).returning('id').executeTakeFirstOrThrow()
  }

  /** Changes a request still to answer; undefined when it is not (answered, or not this organisation's). */
  updateOpen(
    db: Kysely<Database>,
    organisationId: string,
    id: string,
    values: Updateable<PrivacyRequestTable>,
  ) {
    return db
      .updateTable('privacy_requests')
      .set(values)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .where('answered_on', 'is', null)
      .returning(['id', 'person_id'])
      .executeTakeFirst()
  }
}
