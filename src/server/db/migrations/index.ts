import type { Migration } from 'kysely/migration'
import * as foundation from './2026-11-24T12-00_foundation.ts'
import * as peopleSearch from './2026-11-24T21-00_people_search.ts'
import * as personFile from './2026-11-25T09-00_person_file.ts'

/** Every migration, by its timestamped name. Add new ones here; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '2026-11-24T12-00_foundation': foundation,
  '2026-11-24T21-00_people_search': peopleSearch,
  '2026-11-25T09-00_person_file': personFile,
}
