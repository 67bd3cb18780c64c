// The Store backends every contract test runs against: SQLite on a real temporary file,
// and PostgreSQL (in a throwaway schema) when BACKWATCH_TEST_PG_URL names a server.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterEach, beforeEach } from 'vitest'
import type { DatabaseTarget } from '../../src/store/connect.js'
import { openStore } from '../../src/store/open-store.js'
import type { Store } from '../../src/store/store.js'

export interface OpenedBackend {
  store: Store
  /** The database the store was opened on, to open it again (a second openStore). */
  target: DatabaseTarget
  /** Closes the store (if still open) and removes the database. */
  cleanup(): Promise<void>
}

export interface Backend {
  name: string
  open(): Promise<OpenedBackend>
}

async function closeQuietly(store: Store): Promise<void> {
  try {
    await store.close()
  } catch {
    // already closed by the test
  }
}

const sqlite: Backend = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'backwatch-store-'))
    const target: DatabaseTarget = { kind: 'sqlite', path: join(dir, 'backwatch.db') }
    const store = (await openStore(target)).inProject(1)
    return {
      store,
      target,
      async cleanup() {
        await closeQuietly(store)
        rmSync(dir, { recursive: true, force: true })
      },
    }
  },
}

/** The connection string with search_path set to schema (a libpq `options` parameter). */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return u.toString()
}

export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

function postgres(url: string): Backend {
  return {
    name: 'postgres',
    async open() {
      const schema = `bw_test_${randomBytes(6).toString('hex')}`
      await adminQuery(url, `create schema ${schema}`)
      const target: DatabaseTarget = { kind: 'postgres', url: withSearchPath(url, schema) }
      let store: Store
      try {
        store = (await openStore(target)).inProject(1)
      } catch (err) {
        await adminQuery(url, `drop schema if exists ${schema} cascade`)
        throw err
      }
      return {
        store,
        target,
        async cleanup() {
          await closeQuietly(store)
          await adminQuery(url, `drop schema if exists ${schema} cascade`)
        },
      }
    },
  }
}

function configuredBackends(): Backend[] {
  const pgUrl = process.env.BACKWATCH_TEST_PG_URL
  if (pgUrl) return [sqlite, postgres(pgUrl)]
  if (process.env.BACKWATCH_REQUIRE_REAL_TOOLS === '1') {
    throw new Error(
      'BACKWATCH_REQUIRE_REAL_TOOLS=1 but BACKWATCH_TEST_PG_URL is not set: PostgreSQL store tests cannot run',
    )
  }
  console.warn('PostgreSQL store tests skipped: BACKWATCH_TEST_PG_URL not set')
  return [sqlite]
}

/** For `describe.each(backends)('store on $name', (backend) => …)`. */
export const backends: Backend[] = configuredBackends()

/**
 * Opens `backend` afresh before each test of the suite it is called in, hands it to `use` (to set
 * the suite's `store`), and cleans it up after the test.
 */
export function openEachTest(backend: Backend, use: (opened: OpenedBackend) => void): void {
  let opened: OpenedBackend | undefined
  beforeEach(async () => {
    opened = await backend.open()
    use(opened)
  })
  afterEach(async () => {
    await opened?.cleanup()
    opened = undefined
  })
}
