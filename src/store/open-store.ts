// Connects, migrates and returns the Store for a database target.
import { sql } from 'kysely'
import { type ChangeFeed, LocalChangeFeed } from './change-feed.js'
import { connect, type DatabaseTarget } from './connect.js'
import { KyselyStore } from './kysely-store.js'
import { migrate } from './migrations.js'
import { channelFor, PgChangeFeed } from './pg-change-feed.js'
import type { Store } from './store.js'

export interface OpenStoreOptions {
  /** told when the PostgreSQL LISTEN connection drops (it reconnects by itself) */
  onFeedError?: (err: unknown) => void
}

export async function openStore(target: DatabaseTarget, opts: OpenStoreOptions = {}): Promise<Store> {
  const { db, kind, onClose } = connect(target)
  let feed: ChangeFeed = new LocalChangeFeed()
  try {
    await migrate(db, kind)
    if (target.kind === 'postgres') {
      const row = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
      const pgFeed = new PgChangeFeed(
        target.url,
        channelFor(row.rows[0]?.schema ?? 'public'),
        opts.onFeedError,
      )
      await pgFeed.start()
      feed = pgFeed
    }
  } catch (err) {
    await feed.close()
    await db.destroy()
    await onClose?.()
    throw err
  }
  return new KyselyStore(db, kind, onClose, null, { feed })
}
