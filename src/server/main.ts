import { loadConfig } from './config.ts'
import { openDatabase } from './db/database.ts'
import { exitOnStartupError, startTrame } from './server.ts'

try {
  const config = loadConfig()
  await startTrame(config, await openDatabase(config))
} catch (error) {
  exitOnStartupError(error)
}
