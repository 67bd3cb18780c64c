// Opens the database the server uses, found the way `backwatch serve` finds it (--config,
// --database, BACKWATCH_CONFIG, BACKWATCH_DATABASE_URL, ./backwatch.yaml, the default), for the
// commands that work on the database directly (`backwatch users`).
import { ConfigError, loadConfig } from '../config/config.js'
import { openStore } from '../store/open-store.js'
import type { Store } from '../store/store.js'
import { CliError } from './api-client.js'

export async function openConfiguredStore(flags: { config?: string; database?: string }): Promise<Store> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig({
      flags: {
        ...(flags.config !== undefined && { config: flags.config }),
        ...(flags.database !== undefined && { database: flags.database }),
      },
      env: process.env,
      cwd: process.cwd(),
    })
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new CliError(`invalid configuration:\n${err.problems.map((p) => `  ${p}`).join('\n')}`, 2)
    }
    throw err
  }
  return openStore(config.database)
}
