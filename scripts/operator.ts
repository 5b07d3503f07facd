/**
 * `npm run operator -- <command>`: the hosted service's operator, from the command line, with the same
 * configuration as `npm start` (see docs/operations.md, « Service hébergé »):
 * - `create --email <adresse> --name <nom>`: a new operator account; the password is read from the
 *   standard input (first line) or TRAME_OPERATOR_PASSWORD; prints the TOTP secret and its otpauth
 *   link, to put in an authenticator app (the sign-in always asks for a code);
 * - `list`: the organisations, with their counts of accounts;
 * - `export --organisation <id> --out <fichier.zip>`: one organisation's whole data (format in
 *   docs/organisation-export.md);
 * - `import --in <fichier.zip>`: such an export into this Trame, all or nothing; refused when the
 *   organisation is already here.
 * The embedded database opens in one process at a time: with Trame running, use the /exploitation
 * pages instead, or stop it first.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/server/config.ts'
import { openDatabase } from '../src/server/db/database.ts'
import { migrateToLatest } from '../src/server/db/migrate.ts'
import { exportOrganisation, importOrganisation } from '../src/server/modules/operator/operator.archive.ts'
import { OperatorRepository } from '../src/server/modules/operator/operator.repository.ts'
import { createOperatorAccount } from '../src/server/modules/operator/operator.service.ts'
import { AppError } from '../src/server/platform/errors.ts'
import { OperationError } from './operations/operation-error.ts'

const USAGE = `Usage :
  npm run operator -- create --email <adresse> --name <nom>   (mot de passe sur l’entrée standard)
  npm run operator -- list
  npm run operator -- export --organisation <identifiant> --out <fichier.zip>
  npm run operator -- import --in <fichier.zip>`

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin })
  for await (const line of lines) {
    lines.close()
    return line
  }
  return ''
}

export async function runOperatorCommand(argv: string[], out: (text: string) => void) {
  const [command, ...rest] = argv
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      organisation: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
    },
  })
  const config = loadConfig()
  const database = await openDatabase(config)
  try {
    await migrateToLatest(database.db)
    const repo = new OperatorRepository(database.db)
    switch (command) {
      case 'create': {
        if (!values.email || !values.name) throw new OperationError(USAGE)
        const password = process.env.TRAME_OPERATOR_PASSWORD ?? (await firstLine())
        if (password.length < 12)
          throw new OperationError('Le mot de passe doit contenir au moins 12 caractères.')
        const account = await createOperatorAccount(repo, {
          email: values.email,
          name: values.name,
          password,
        })
        out(
          [
            `Compte d’exploitant créé : ${account.name} <${account.email}>.`,
            'Ajoutez ce secret à une application d’authentification (la connexion demande toujours un code) :',
            `  secret : ${account.totp.secret}`,
            `  lien   : ${account.totp.otpauthUrl}`,
            `Connexion : ${config.publicUrl}/exploitation`,
          ].join('\n'),
        )
        return
      }
      case 'list': {
        for (const row of await repo.organisations()) {
          const state = row.suspended_at ? 'suspendue' : 'active'
          out(`${row.id}  ${row.name}  (${state} ; comptes : ${row.active} actifs, ${row.invited} invités)`)
        }
        return
      }
      case 'export': {
        if (!values.organisation || !values.out) throw new OperationError(USAGE)
        if (existsSync(values.out))
          throw new OperationError(`Le fichier ${values.out} existe déjà : rien n’est écrasé.`)
        const { manifest, zip } = await exportOrganisation(
          database.db,
          config.documents.dir,
          values.organisation,
        )
        writeFileSync(values.out, zip)
        const rows = Object.values(manifest.tables).reduce((sum, table) => sum + table.rows, 0)
        out(
          `Export de « ${manifest.organisation.name} » écrit dans ${values.out} : ${Object.keys(manifest.tables).length} tables, ${rows} lignes, ${manifest.documents.length} documents (schéma ${manifest.schemaVersion}).`,
        )
        return
      }
      case 'import': {
        if (!values.in) throw new OperationError(USAGE)
        if (!existsSync(values.in)) throw new OperationError(`Aucun fichier ${values.in}.`)
        const result = await importOrganisation(
          database.db,
          config.documents.dir,
          new Uint8Array(readFileSync(values.in)),
        )
        const rows = Object.values(result.tables).reduce((sum, count) => sum + count, 0)
        out(`« ${result.organisation.name} » importée : ${rows} lignes, ${result.documents} documents.`)
        return
      }
      default:
        throw new OperationError(USAGE)
    }
  } catch (error) {
    if (error instanceof AppError) throw new OperationError(error.detail)
    throw error
  } finally {
    await database.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let code = 1
  try {
    await runOperatorCommand(process.argv.slice(2), (text) => process.stdout.write(`${text}\n`))
    code = 0
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  }
  process.exit(code)
}
