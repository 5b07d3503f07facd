import { buildApp } from '../../src/server/app.ts'
import type { Config } from '../../src/server/config.ts'
import type { Db } from '../../src/server/db/database.ts'
import { consoleMailer } from '../../src/server/platform/mail.ts'
import { todayInFrance } from '../../src/shared/dates.ts'
import { type DemoScale, FULL_DEMO, seedBase } from './base.ts'
import { type DemoModulesScale, FULL_MODULES, seedModules } from './modules.ts'
import { seedPrivacy } from './privacy.ts'

/**
 * The whole demo on a migrated, empty database: the organisation's frame, then every module through
 * the API of an app built for the purpose (its e-mails, to volunteers offered a need, are dropped).
 */
export async function seedDemo(
  db: Db,
  config: Config,
  scale: { base: DemoScale; modules: DemoModulesScale } = { base: FULL_DEMO, modules: FULL_MODULES },
) {
  const base = await seedBase(db, scale.base)
  const { app, jobs } = await buildApp({
    config: { ...config, logLevel: 'warn' },
    db,
    mailer: consoleMailer(() => {}),
  })
  try {
    await app.ready()
    await seedModules(app, db, config, base, scale.modules)
    await seedPrivacy(
      app,
      db,
      config,
      base,
      todayInFrance(),
      () => jobs.runOnce('privacy.retention-sweep'),
      (now) => jobs.runOnce('privacy.reading-alerts', now),
    )
  } finally {
    await app.close()
  }
  // The e-mails the year left queued (offers to volunteers…) go to fictitious addresses: not sent.
  await db
    .updateTable('outbox')
    .set({ status: 'done', processed_at: new Date() })
    .where('status', '=', 'pending')
    .execute()
  return base
}
