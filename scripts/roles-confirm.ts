/**
 * `npm run roles:confirm -- <grant-id>`: the hosting operator confirms a grant of the director or
 * administrator role that nobody in its organisation can confirm (the other administrators and the
 * director were deactivated). `npm run roles:confirm -- --list` prints the pending grants.
 * Same database as `npm start` (DATABASE_URL, or the embedded one in TRAME_DATA_DIR: stop Trame first,
 * the embedded database opens in one process at a time).
 */
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import type { Config } from '../src/server/config.ts'
import { loadConfig } from '../src/server/config.ts'
import { type Db, openDatabase } from '../src/server/db/database.ts'
import { AuthRepository } from '../src/server/modules/auth/auth.repository.ts'
import { AuthService } from '../src/server/modules/auth/auth.service.ts'
import { OrganisationRepository } from '../src/server/modules/organisation/organisation.repository.ts'
import { OrganisationService } from '../src/server/modules/organisation/organisation.service.ts'
import { AccessRules } from '../src/server/platform/access-rules.ts'
import { AppError } from '../src/server/platform/errors.ts'
import { LoginThrottle } from '../src/server/platform/login-throttle.ts'
import { SessionStore } from '../src/server/platform/sessions.ts'
import { ERROR_MESSAGES } from '../src/shared/errors.ts'
import { ROLE_LABELS, type Role } from '../src/shared/roles.ts'

const USAGE = `Usage :
  npm run roles:confirm -- --list          liste les demandes de rôle en attente
  npm run roles:confirm -- <identifiant>   confirme une demande que personne dans l'organisation ne peut confirmer
`

const rolesText = (roles: readonly string[]) =>
  roles.map((role) => ROLE_LABELS[role as Role] ?? role).join(', ')
const dateText = (date: Date | string) => new Date(date).toISOString().slice(0, 16).replace('T', ' ')

/** The organisation service, as Trame builds it, on this database. */
function organisationService(db: Db, config: Pick<Config, 'session' | 'loginThrottle' | 'publicUrl'>) {
  const sessions = new SessionStore(db, config.session)
  const auth = new AuthService(
    new AuthRepository(db),
    sessions,
    new LoginThrottle(db, config.loginThrottle),
    config.publicUrl,
    new AccessRules(),
  )
  return new OrganisationService(new OrganisationRepository(db), auth, sessions)
}

/** Runs the command; returns the exit code. `print` receives each line for stdout. */
export async function rolesConfirm(
  db: Db,
  config: Pick<Config, 'session' | 'loginThrottle' | 'publicUrl'>,
  args: readonly string[],
  print: (line: string) => void,
): Promise<number> {
  const service = organisationService(db, config)
  const [arg] = args
  if (args.length !== 1 || !arg) {
    print(USAGE)
    return 2
  }
  if (arg === '--list') {
    const grants = await service.roleGrantsOfHost()
    if (grants.length === 0) {
      print('Aucune demande de rôle en attente.')
      return 0
    }
    for (const g of grants) {
      print(
        [
          g.id,
          `  Organisation : ${g.organisation_name}`,
          `  Rôles demandés : ${rolesText(g.roles)} pour le compte ${g.user_email}`,
          `  Demandé par ${g.requested_by_email} le ${dateText(g.requested_at)} (UTC)`,
          g.awaits_host
            ? '  Personne dans l’organisation ne peut la confirmer : vous pouvez la confirmer avec cet identifiant.'
            : '  Un administrateur ou la direction de l’organisation peut la confirmer : ce n’est pas à vous de le faire.',
        ].join('\n'),
      )
    }
    return 0
  }
  if (!z.uuid().safeParse(arg).success) {
    print(`« ${arg} » n’est pas un identifiant de demande. Les identifiants s’affichent avec --list.`)
    return 1
  }
  try {
    const applied = await service.confirmRoleGrantAsHost(arg)
    print(
      `Demande confirmée : le compte a désormais les rôles ${rolesText(applied.roles)}. ` +
        'Les administrateurs de l’organisation en sont informés par e-mail ; la confirmation est inscrite au journal d’audit.',
    )
    return 0
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    print(
      error.code === 'NOT_FOUND'
        ? 'Aucune demande en attente avec cet identifiant (déjà confirmée, annulée, ou inconnue). Les demandes en attente s’affichent avec --list.'
        : (ERROR_MESSAGES[error.code] ?? error.detail),
    )
    return 1
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = loadConfig()
  const database = await openDatabase(config)
  let code = 1
  try {
    code = await rolesConfirm(database.db, config, process.argv.slice(2), (line) =>
      process.stdout.write(`${line}\n`),
    )
  } finally {
    await database.close()
  }
  process.exit(code)
}
