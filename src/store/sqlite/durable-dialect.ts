// Kysely's SQLite dialect whose writes are acknowledged only once on disk (WalSync), waited for
// after the connection is handed back: the next query or transaction runs during the sync.
import type SqliteDatabase from 'better-sqlite3'
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  SqliteDriver,
} from 'kysely'
import type { WalSync } from './wal-sync.js'

export class DurableSqliteDialect extends SqliteDialect {
  constructor(
    private readonly database: SqliteDatabase.Database,
    private readonly wal: WalSync,
  ) {
    super({ database })
  }

  override createDriver(): Driver {
    return new DurableSqliteDriver(this.database, this.wal)
  }
}

class DurableSqliteDriver extends SqliteDriver {
  /** a statement that writes ran since the last sync was asked for */
  private dirty = false
  private wrapped: DatabaseConnection | null = null

  constructor(
    private readonly database: SqliteDatabase.Database,
    private readonly wal: WalSync,
  ) {
    super({ database })
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection()
    this.wrapped ??= {
      executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        // prepare() is the statement cache's lookup; readonly is SQLite's own verdict
        if (!this.dirty && !this.database.prepare(query.sql).readonly) this.dirty = true
        return inner.executeQuery<R>(query)
      },
      streamQuery: (query, chunkSize) => inner.streamQuery(query, chunkSize),
    }
    return this.wrapped
  }

  override async releaseConnection(): Promise<void> {
    // Inside a transaction nothing is committed yet: its commit's release syncs.
    const mustSync = this.dirty && !this.database.inTransaction
    if (mustSync) this.dirty = false
    await super.releaseConnection()
    if (mustSync) await this.wal.flush()
  }

  override async destroy(): Promise<void> {
    await super.destroy()
    await this.wal.close()
  }
}
