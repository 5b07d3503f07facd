import { HOME_TASKS, type Home, SETUP_STEPS } from '../../../shared/home.ts'
import type { HomeSource } from '../../platform/home.ts'
import type { Actor } from '../../platform/permissions.ts'

const TASK_ORDER = Object.keys(HOME_TASKS)
const STEP_ORDER = Object.keys(SETUP_STEPS)

/** The home page of each user: what each module says waits for them, and the first steps to set up. */
export class HomeService {
  private readonly sources: HomeSource[] = []

  register(source: HomeSource) {
    if (this.sources.some((s) => s.module === source.module)) {
      throw new Error(`Home source "${source.module}" registered twice`)
    }
    this.sources.push(source)
  }

  async home(actor: Actor): Promise<Home> {
    const tasks = []
    const setup = []
    // One at a time: the embedded database has a single connection.
    for (const source of this.sources) {
      if (source.tasks) tasks.push(...(await source.tasks(actor)))
      if (source.setup) setup.push(...(await source.setup(actor)))
    }
    return {
      tasks: tasks.sort((a, b) => TASK_ORDER.indexOf(a.key) - TASK_ORDER.indexOf(b.key)),
      setup: setup.sort((a, b) => STEP_ORDER.indexOf(a.key) - STEP_ORDER.indexOf(b.key)),
    }
  }
}
