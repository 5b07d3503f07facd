import { type Kysely, sql, type Updateable } from 'kysely'
import type { Database, OutreachFollowupTable } from '../../db/schema.ts'
import type { Actor } from '../../platform/permissions.ts'
import { inActiveBase } from '../../platform/retention.ts'
import { NO_ID, visibleTeam } from './outreach.sql.ts'

/** Follow-ups of the people met and their engagement stages (the caseload). */
export class OutreachFollowupRepository {
  constructor(readonly db: Kysely<Database>) {}

  /** The person's open follow-up by the team (or without a team), locked for the stage change to come. */
  openFollowup(db: Kysely<Database>, organisationId: string, personId: string, teamId: string | null) {
    return db
      .selectFrom('outreach_followups')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('person_id', '=', personId)
      .where(sql<boolean>`team_id is not distinct from ${teamId}::uuid`)
      .where('closed_at', 'is', null)
      .forUpdate()
      .executeTakeFirst()
  }

  /** Null when the person already has an open follow-up by this team (a concurrent encounter opened it). */
  insertFollowup(
    db: Kysely<Database>,
    actor: Actor,
    values: { person_id: string; team_id: string | null; stage: string; first_contact_at: Date },
  ) {
    return db
      .insertInto('outreach_followups')
      .values({ ...values, organisation_id: actor.organisationId, created_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst()
  }

  lockFollowup(db: Kysely<Database>, actor: Actor, id: string) {
    return db
      .selectFrom('outreach_followups as f')
      .selectAll('f')
      .where('f.organisation_id', '=', actor.organisationId)
      .where('f.id', '=', id)
      .where(visibleTeam(actor, 'f'))
      .forUpdate()
      .executeTakeFirst()
  }

  async updateFollowup(db: Kysely<Database>, id: string, values: Updateable<OutreachFollowupTable>) {
    await db
      .updateTable('outreach_followups')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
  }

  async addStage(
    db: Kysely<Database>,
    actor: Actor,
    followupId: string,
    stage: string,
    at: Date,
    note: string | null,
  ) {
    await db
      .insertInto('outreach_followup_stages')
      .values({
        organisation_id: actor.organisationId,
        followup_id: followupId,
        stage,
        changed_at: at,
        note,
        changed_by: actor.userId,
      })
      .execute()
  }

  /** An earlier encounter arrived late (offline queue): the first contact moves back to it. */
  async moveFirstContact(db: Kysely<Database>, followupId: string, at: Date) {
    await db
      .updateTable('outreach_followups')
      .set({ first_contact_at: at, updated_at: sql`now()` })
      .where('id', '=', followupId)
      .where('first_contact_at', '>', at)
      .execute()
    await db
      .updateTable('outreach_followup_stages')
      .set({ changed_at: at })
      .where('followup_id', '=', followupId)
      .where('stage', '=', 'first_contact')
      .where('changed_at', '>', at)
      .execute()
  }

  /** Follow-ups with their team name and last contact (latest encounter of the person by the team). */
  async followups(
    actor: Actor,
    filters: { id?: string; personIds?: string[]; teamId?: string; includeClosed?: boolean },
    db = this.db,
    page?: { page: number; pageSize: number },
  ) {
    let base = db.selectFrom('outreach_followups as f').where('f.organisation_id', '=', actor.organisationId)
    base = base.where(visibleTeam(actor, 'f'))
    if (filters.id) base = base.where('f.id', '=', filters.id)
    if (filters.personIds) {
      base = base.where('f.person_id', 'in', filters.personIds.length ? filters.personIds : [NO_ID])
    }
    if (filters.teamId) base = base.where('f.team_id', '=', filters.teamId)
    if (!filters.includeClosed && !filters.id) base = base.where('f.closed_at', 'is', null)
    // The caseload is of the active base: an archived file's follow-up stays on the file itself.
    if (!filters.id && !filters.personIds) base = base.where(inActiveBase('f.person_id'))
    const query = base
      .leftJoin('teams as t', 't.id', 'f.team_id')
      .selectAll('f')
      .select([
        't.name as team_name',
        sql<Date>`greatest(f.first_contact_at, (select max(e.occurred_at) from outreach_encounters e
          where e.organisation_id = f.organisation_id and e.person_id = f.person_id
            and e.team_id is not distinct from f.team_id))`.as('last_contact_at'),
      ])
      .orderBy('last_contact_at', 'asc')
      .orderBy('f.id')
    if (!page) return { rows: await query.execute(), total: null }
    const rows = await query
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute()
    const { n } = await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    return { rows, total: n }
  }

  stages(followupIds: string[], db = this.db) {
    if (followupIds.length === 0) return Promise.resolve([])
    return db
      .selectFrom('outreach_followup_stages as s')
      .innerJoin('users as u', 'u.id', 's.changed_by')
      .select(['s.id', 's.followup_id', 's.stage', 's.changed_at', 's.note', 'u.name as changed_by'])
      .where('s.followup_id', 'in', followupIds)
      .orderBy('s.changed_at')
      .orderBy('s.recorded_at')
      .execute()
  }

  /** Stage changes of a person's follow-ups, for their timeline. */
  /** The newest `limit` stage changes of the persons' follow-ups the actor sees. */
  stagesOfPeople(actor: Actor, personIds: string[], limit: number, db = this.db) {
    return db
      .selectFrom('outreach_followup_stages as s')
      .innerJoin('outreach_followups as f', 'f.id', 's.followup_id')
      .leftJoin('teams as t', 't.id', 'f.team_id')
      .select(['s.id', 's.stage', 's.changed_at', 's.note', 'f.person_id', 't.name as team_name'])
      .where('f.organisation_id', '=', actor.organisationId)
      .where('f.person_id', 'in', personIds)
      .where(visibleTeam(actor, 'f'))
      .orderBy('s.changed_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(limit)
      .execute()
  }

  /** How many stage changes of the persons' follow-ups the actor sees. */
  async stageCountOfPeople(actor: Actor, personIds: string[], db = this.db) {
    const row = await db
      .selectFrom('outreach_followup_stages as s')
      .innerJoin('outreach_followups as f', 'f.id', 's.followup_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('f.organisation_id', '=', actor.organisationId)
      .where('f.person_id', 'in', personIds)
      .where(visibleTeam(actor, 'f'))
      .executeTakeFirstOrThrow()
    return row.n
  }

  /** Open follow-ups the actor sees whose last contact is older than `alertDays` (the home page's count). */
  async lateFollowupCount(actor: Actor, alertDays: number) {
    const row = await this.db
      .selectFrom('outreach_followups as f')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('f.organisation_id', '=', actor.organisationId)
      .where(visibleTeam(actor, 'f'))
      .where('f.closed_at', 'is', null)
      .where(inActiveBase('f.person_id'))
      .where(
        sql<boolean>`greatest(f.first_contact_at, (select max(e.occurred_at) from outreach_encounters e
          where e.organisation_id = f.organisation_id and e.person_id = f.person_id
            and e.team_id is not distinct from f.team_id)) < now() - make_interval(days => ${alertDays}::int)`,
      )
      .executeTakeFirstOrThrow()
    return row.n
  }
}
