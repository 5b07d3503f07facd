import type { Action } from '../../shared/permissions.ts'
import { roleAllows } from '../../shared/permissions.ts'
import type { Actor } from './permissions.ts'

/**
 * A condition a module puts on some of its actions beyond the role table, such as the register's
 * designated team. The module's service applies it on every call; the signed-in user's list of
 * permissions (what the web app shows) applies the same rule, so no menu or button leads to a refusal.
 */
export interface AccessRule {
  actions: readonly Action[]
  reaches(actor: Actor): Promise<boolean>
}

export class AccessRules {
  private readonly rules: AccessRule[] = []

  register(rule: AccessRule) {
    this.rules.push(rule)
  }

  /** The actions the actor may take: the role table, narrowed by each module's rule. */
  async actionsOf(actor: Actor, actions: readonly Action[]): Promise<Action[]> {
    const allowed = new Set(actions.filter((action) => roleAllows(actor.roles, action)))
    for (const rule of this.rules) {
      if (!rule.actions.some((action) => allowed.has(action))) continue
      if (await rule.reaches(actor)) continue
      for (const action of rule.actions) allowed.delete(action)
    }
    return actions.filter((action) => allowed.has(action))
  }
}
