// Opens the database the server uses, found the way `backwatch serve` finds it (--config,
// --database, BACKWATCH_CONFIG, BACKWATCH_DATABASE_URL, ./backwatch.yaml, the default), for the
// commands that work on the database directly (`backwatch users`, `tokens`, `audit`).
import { ConfigError, loadConfig } from '../config/config.js'
import { DatabaseDriverMissing } from '../store/connect.js'
import { openStore } from '../store/open-store.js'
import type { Store } from '../store/store.js'
import { CliError } from './api-client.js'

type StoreFlags = { config?: string | undefined; database?: string | undefined }

/**
 * Runs `work` on the configured database and closes it; the use cases' refusals (instances of
 * `refusal`) become CLI errors (exit 1) with their message.
 */
export async function withConfiguredStore<T>(
  flags: StoreFlags,
  work: (store: Store) => Promise<T>,
  refusal?: new (...args: never[]) => Error,
): Promise<T> {
  const store = await openConfiguredStore(flags)
  try {
    return await work(store)
  } catch (err) {
    if (refusal && err instanceof refusal) throw new CliError(err.message)
    throw err
  } finally {
    await store.close()
  }
}

export async function openConfiguredStore(flags: StoreFlags): Promise<Store> {
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
  try {
    return await openStore(config.database)
  } catch (err) {
    if (err instanceof DatabaseDriverMissing) throw new CliError(err.message)
    throw err
  }
}
