// Opens the configured database as a Kysely instance with the dialect's settings applied.
import { closeSync, mkdirSync, openSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { DialectKind } from './migrations.js'
import { prepareRepeatedStatements } from './pg-prepared.js'
import type { Database } from './schema.js'
import { DurableSqliteDialect } from './sqlite/durable-dialect.js'
import { type SyncFn, WalSync } from './sqlite/wal-sync.js'
import { startCheckpointer } from './sqlite-checkpointer.js'

export type DatabaseTarget =
  | { kind: 'sqlite'; path: string /** replaces fdatasync of the WAL (tests) */; walSync?: SyncFn }
  | { kind: 'postgres'; url: string }

export interface Connection {
  db: Kysely<Database>
  kind: DialectKind
  /** runs after the database is closed (stops the SQLite checkpointer) */
  onClose?: () => Promise<void>
}

// int8 (ids, instants, sizes, counts) as numbers: every value we store fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v))

/** better-sqlite3 compiles a statement per prepare(); Kysely prepares per query, so cache them. */
function withStatementCache(db: SqliteDatabase.Database, max = 500): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>()
  const prepare = (source: string) => {
    let stmt = cache.get(source)
    if (!stmt) {
      stmt = db.prepare(source)
      if (cache.size >= max) cache.delete(cache.keys().next().value!)
      cache.set(source, stmt)
    }
    return stmt
  }
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare
      const value = Reflect.get(target, prop, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** SQLite's driver (better-sqlite3, a native module) is missing or was never built. */
export class DatabaseDriverMissing extends Error {}

// better-sqlite3 is an optional dependency loaded on first use: hosts that only run `backwatch
// run` / `heartbeat` install with --ignore-scripts and never compile it (nor fail to).
function sqliteDriver(): typeof SqliteDatabase {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as typeof SqliteDatabase
  } catch (err) {
    throw driverMissing(err)
  }
}

function driverMissing(err: unknown): DatabaseDriverMissing {
  const reason = err instanceof Error ? err.message.split('\n')[0] : String(err)
  return new DatabaseDriverMissing(
    `SQLite needs the better-sqlite3 module, which is not installed or not built (${reason}). ` +
      'Install Backwatch without --ignore-scripts (it compiles better-sqlite3), or run ' +
      '`npm rebuild better-sqlite3` in its directory, or use PostgreSQL (--database postgres://…).',
  )
}

export function openSqlite(path: string): SqliteDatabase.Database {
  if (path !== ':memory:') {
    // The database holds channel secrets and token hashes: only its owner may read it. SQLite
    // creates the -wal and -shm files with the database file's mode, so creating that one 0600
    // (before SQLite does, whatever the umask) covers all three. Existing files are left as they are.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    closeSync(openSync(path, 'a', 0o600))
  }
  const Driver = sqliteDriver()
  let db: SqliteDatabase.Database
  try {
    db = new Driver(path)
  } catch (err) {
    // installed without its install script: the compiled binding is missing
    if (err instanceof Error && /bindings|\.node\b|NODE_MODULE_VERSION/.test(err.message))
      throw driverMissing(err)
    throw err
  }
  db.pragma('journal_mode = WAL')
  // A commit is on disk before it is acknowledged, even across a power loss: FULL syncs in the
  // commit (blocking); connect() uses NORMAL and syncs the WAL off the event loop (WalSync).
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  return db
}

export function connect(target: DatabaseTarget): Connection {
  if (target.kind === 'sqlite') {
    const raw = openSqlite(target.path)
    if (target.path === ':memory:') {
      return {
        db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) }),
        kind: 'sqlite',
      }
    }
    raw.pragma('synchronous = NORMAL')
    const wal = new WalSync(`${target.path}-wal`, target.walSync)
    const db = new Kysely<Database>({ dialect: new DurableSqliteDialect(withStatementCache(raw), wal) })
    const checkpointer = startCheckpointer(raw, target.path)
    return { db, kind: 'sqlite', onClose: () => checkpointer.stop() }
  }
  const { url, prepare } = preparedStatementsSetting(target.url)
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {})
  if (prepare) prepareRepeatedStatements(pool)
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), kind: 'postgres' }
}

/**
 * `?prepared_statements=off` in the URL (for a pooler in transaction mode, such as PgBouncer
 * before 1.21, that cannot keep a connection's prepared statements): taken out of the URL
 * PostgreSQL sees.
 */
export function preparedStatementsSetting(text: string): { url: string; prepare: boolean } {
  let u: URL
  try {
    u = new URL(text)
  } catch {
    return { url: text, prepare: true } // pg reports the bad URL, without echoing it
  }
  const value = u.searchParams.get('prepared_statements')
  if (value === null) return { url: text, prepare: true }
  if (value !== 'on' && value !== 'off') {
    throw new Error(`prepared_statements in the database URL must be on or off, not ${JSON.stringify(value)}`)
  }
  u.searchParams.delete('prepared_statements')
  return { url: u.toString(), prepare: value === 'on' }
}
