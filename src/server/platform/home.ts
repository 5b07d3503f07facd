import type { HomeTask, SetupStep } from '../../shared/home.ts'
import type { Actor } from './permissions.ts'

/**
 * What a module puts on the home page: counts of what waits for the actor (never a name), and the
 * administrator's first steps it owns. The home module asks every registered source instead of
 * reaching into each module; a source answers only what the actor's roles (and its own rules, like the
 * register's designated team) allow, and nothing otherwise.
 */
export interface HomeSource {
  module: string
  tasks?(actor: Actor): Promise<HomeTask[]>
  setup?(actor: Actor): Promise<SetupStep[]>
}
