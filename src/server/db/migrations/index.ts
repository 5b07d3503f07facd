import type { Migration } from 'kysely/migration'
import * as foundation from './2026-11-24T12-00_foundation.ts'

/** Every migration, by its timestamped name. Add new ones here; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '2026-11-24T12-00_foundation': foundation,
}
