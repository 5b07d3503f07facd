import type { z } from 'zod'
import type { Person, personCreateSchema, personUpdateSchema } from '../../../shared/people.ts'
import type { Db } from '../../db/database.ts'
import type { PersonTable } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PeopleRepository, PersonValues } from './people.repository.ts'
import { parsePersonQuery } from './people.search.ts'

type PersonRow = {
  [K in keyof PersonTable]: PersonTable[K] extends { __select__: infer S } ? S : PersonTable[K]
}

function toPerson(
  row: Pick<PersonRow, Exclude<keyof PersonRow, 'organisation_id' | 'created_by'>> & {
    created_at: Date
    updated_at: Date
  },
): Person {
  return {
    id: row.id as string,
    fileNumber: row.file_number,
    lastName: row.last_name,
    usageName: row.usage_name,
    firstNames: row.first_names,
    birthDate: row.birth_date as string | null,
    description: row.description,
    teamId: row.team_id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}

function toValues(input: z.infer<typeof personUpdateSchema>): PersonValues {
  return {
    last_name: input.lastName,
    usage_name: input.usageName,
    first_names: input.firstNames,
    birth_date: input.birthDate,
    description: input.description,
    team_id: input.teamId,
  }
}

/** A person's file. Every read and write is audited in the same transaction. */
export class PeopleService {
  constructor(private readonly repo: PeopleRepository) {}

  private get db(): Db {
    return this.repo.db
  }

  private async assertTeam(actor: Actor, teamId: string | null | undefined) {
    if (!teamId) return
    const team = await this.repo.teamInOrganisation(actor.organisationId, teamId)
    // One cannot file a record under a confidential team one does not belong to.
    if (
      !team ||
      (team.confidential && !actor.teamIds.includes(teamId) && !actor.roles.includes('director'))
    ) {
      throw validationError('teamId', 'Équipe inconnue.')
    }
  }

  async list(actor: Actor, q: string | undefined) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.list(actor, parsePersonQuery(q), trx)
      await recordAudit(trx, actor, { action: 'person.list', entityType: 'person' })
      return rows.map(toPerson)
    })
  }

  /** Shown while a file is being created, so the agent opens the existing one instead. */
  async likelyDuplicates(
    actor: Actor,
    input: { lastName?: string; firstNames?: string; birthDate?: string },
  ) {
    assertAllowed(actor, 'person.read')
    const name = [input.lastName, input.firstNames].filter(Boolean).join(' ')
    if (name.length < 3 && !input.birthDate) return []
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.likelyDuplicates(
        actor,
        { name, lastName: input.lastName, birthDate: input.birthDate },
        trx,
      )
      await recordAudit(trx, actor, { action: 'person.list', entityType: 'person' })
      return rows.map(toPerson)
    })
  }

  async get(actor: Actor, id: string) {
    assertAllowed(actor, 'person.read')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.find(actor, id, trx)
      if (!row) throw notFound()
      await recordAudit(trx, actor, {
        action: 'person.read',
        entityType: 'person',
        entityId: id,
        personId: id,
      })
      return toPerson(row)
    })
  }

  async create(actor: Actor, input: z.infer<typeof personCreateSchema>) {
    assertAllowed(actor, 'person.write')
    await this.assertTeam(actor, input.teamId)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.create(trx, actor, toValues(input))
      await recordAudit(trx, actor, {
        action: 'person.create',
        entityType: 'person',
        entityId: row.id,
        personId: row.id,
      })
      return toPerson(row)
    })
  }

  async update(actor: Actor, id: string, input: z.infer<typeof personUpdateSchema>) {
    assertAllowed(actor, 'person.write')
    await this.assertTeam(actor, input.teamId)
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.find(actor, id, trx))) throw notFound()
      const row = await this.repo.update(trx, actor, id, toValues(input))
      await recordAudit(trx, actor, {
        action: 'person.update',
        entityType: 'person',
        entityId: id,
        personId: id,
      })
      return toPerson(row)
    })
  }
}
