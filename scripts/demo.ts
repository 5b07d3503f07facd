/**
 * `npm run demo`: Trame on a fresh embedded database filled with a realistic year of a demo CCAS, then
 * the demo logins printed. The only place in Trame with known passwords; never point it at real data.
 */
import { loadConfig } from '../src/server/config.ts'
import { pgliteDatabase } from '../src/server/db/database.ts'
import { migrateToLatest } from '../src/server/db/migrate.ts'
import { exitOnStartupError, startTrame } from '../src/server/server.ts'
import { ROLE_LABELS } from '../src/shared/roles.ts'
import { DEMO_PASSWORD } from './demo/base.ts'
import { DEMO_VOLUNTEER } from './demo/modules.ts'
import { DEMO_PARTNER_CONTACT } from './demo/partner-portal.ts'
import { seedDemo } from './demo/seed.ts'
import { prepareDemoFolder } from './demo-folder.ts'

try {
  const config = loadConfig({ TRAME_DATA_DIR: './demo-data', ...process.env })
  if (config.databaseUrl)
    throw new Error('la démo utilise toujours la base embarquée : retirez DATABASE_URL.')
  // A fresh demo every time, in a folder the demo created (never one holding anything else).
  prepareDemoFolder(config.dataDir)
  const database = await pgliteDatabase({ dataDir: config.dataDir })
  await migrateToLatest(database.db)
  process.stdout.write('Préparation de la démo : une année d’activité du CCAS de Villebelle…\n')
  const { logins, organisationId } = await seedDemo(database.db, config)
  await startTrame(config, database)
  const lines = logins.map(
    (l) =>
      `  ${ROLE_LABELS[l.role].padEnd(32)} ${l.email.padEnd(34)}${l.totpSecret ? ` code 2FA : clé ${l.totpSecret}` : ''}`,
  )
  process.stdout.write(
    [
      '',
      'Démo prête : CCAS de Villebelle, 3 sites, 6 équipes (dont le PAEJ, confidentiel), 320 personnes, 1 500 contacts sur un an, 6 partenaires,',
      'un an de maraudes (tournées, rencontres, lieux de vie, recensement), des signalements en cours de tri, le registre avec un plan canicule en cours,',
      'le réseau de voisins solidaires (bénévoles, besoins dans tous les états, transmissions), la tarification sociale et ses tranches.',
      '',
      `Comptes de démonstration (mot de passe pour tous : ${DEMO_PASSWORD}) :`,
      '',
      ...lines,
      '',
      'Les comptes administrateur et direction exigent la double authentification : ajoutez la clé affichée dans votre application (FreeOTP, Aegis, Google Authenticator…).',
      '',
      `Portail des bénévoles : ${config.publicUrl}/benevoles/${organisationId}`,
      `  bénévole de démonstration : ${DEMO_VOLUNTEER.email}, mot de passe : ${DEMO_VOLUNTEER.password}`,
      `Page partenaire : ${config.publicUrl}/page-partenaire?organisation=${organisationId}`,
      `  contact partenaire de démonstration : ${DEMO_PARTNER_CONTACT.email}, mot de passe : ${DEMO_PARTNER_CONTACT.password}`,
      '',
      '',
    ].join('\n'),
  )
} catch (error) {
  exitOnStartupError(error)
}
