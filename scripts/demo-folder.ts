import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** The file the demo leaves in the folder it creates: only such a folder is ever emptied by a later demo. */
export const DEMO_MARKER = '.trame-demo'

/**
 * Makes `dir` an empty demo folder, marked as the demo's. A folder the demo did not create (real data,
 * a home directory pointed at by mistake) is never deleted: the demo refuses and says why.
 */
export function prepareDemoFolder(dir: string) {
  const folder = path.resolve(dir)
  if (existsSync(folder)) {
    const ours = existsSync(path.join(folder, DEMO_MARKER))
    if (!ours && readdirSync(folder).length > 0) {
      throw new Error(
        `le dossier ${folder} (TRAME_DATA_DIR) n’a pas été créé par la démo : elle ne l’efface pas. ` +
          'Indiquez un dossier vide ou inexistant, par exemple TRAME_DATA_DIR=./demo-data.',
      )
    }
    rmSync(folder, { recursive: true, force: true })
  }
  mkdirSync(folder, { recursive: true })
  writeFileSync(
    path.join(folder, DEMO_MARKER),
    'Dossier de la démo de Trame : effacé à chaque `npm run demo`.\n',
  )
  return folder
}
