import { buildApp } from './app.ts'
import type { Config } from './config.ts'
import type { DatabaseHandle } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { backupSocketPath, DataDirInUse, serveLiveBackups } from './platform/live-backup.ts'
import { consoleMailer, smtpMailer } from './platform/mail.ts'

/** Migrates, serves the API and the web app, runs the outbox sweeper and the periodic jobs; stops cleanly on SIGINT/SIGTERM. */
export async function startTrame(config: Config, database: DatabaseHandle) {
  // The embedded database: `npm run backup` asks this process for a consistent dump while it runs.
  // Another Trame on the same folder stops this one; a socket that cannot be made (a path too long for
  // a Unix socket) only means backups need Trame stopped, said at start-up.
  let liveBackups: Awaited<ReturnType<typeof serveLiveBackups>> | null = null
  if (database.kind === 'pglite' && database.dump) {
    try {
      liveBackups = await serveLiveBackups(backupSocketPath(config.dataDir), database.dump)
    } catch (error) {
      if (error instanceof DataDirInUse) throw error
      process.stdout.write(
        'Sauvegarde à chaud indisponible (chemin du dossier de données trop long ?) : arrêtez Trame avant npm run backup.\n',
      )
    }
  }
  await migrateToLatest(database.db)
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : consoleMailer()
  const { app, sweeper, jobs, authService } = await buildApp({ config, db: database.db, database, mailer })
  // The process outlives a database restart: the loss is logged (its code only) and requests answer 503.
  database.onConnectionLost?.((error) =>
    app.log.warn({ dbCode: (error as { code?: string }).code ?? null }, 'database connection lost'),
  )

  await app.listen({ port: config.port, host: config.host })
  sweeper.start()
  jobs.start()
  const where = database.kind === 'pglite' ? `base embarquée (${config.dataDir})` : 'serveur PostgreSQL'
  process.stdout.write(`\nTrame est démarré sur ${config.publicUrl} — ${where}\n`)
  if (!config.smtpUrl) {
    process.stdout.write(
      'SMTP non configuré : les e-mails sont affichés dans cette console (développement).\n',
    )
  }
  const setupLink = await authService.prepareSetupLink()
  if (setupLink) {
    process.stdout.write(
      `\nPremière installation : créez l'organisation et le compte administrateur avec ce lien à usage unique :\n\n  ${setupLink}\n\n`,
    )
  }

  const shutdown = async () => {
    await jobs.stop()
    await sweeper.stop()
    await app.close()
    await liveBackups?.close()
    mailer.close()
    await database.close()
    process.exit(0)
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
  return { app, shutdown }
}

export function exitOnStartupError(error: unknown): never {
  process.stderr.write(
    `Trame n'a pas pu démarrer : ${error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
}
