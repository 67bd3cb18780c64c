// Migration 0006_silences (its name is recorded in existing databases: never rename it).
import type { Kysely, Migration } from 'kysely'
import type { DialectKind } from '../migrations.js'
import { primaryId, types } from './column-types.js'

/** Silences (issue 5): matchers with a window; `released_at` marks an ended silence whose still-active alerts were sent. */
export function silences(kind: DialectKind): Migration {
  const t = types(kind)
  const id = primaryId(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('silences')
        .addColumn('id', t.id, id)
        .addColumn('name', 'text', (c) => c.unique())
        .addColumn('matchers', 'text', (c) => c.notNull())
        .addColumn('starts_at', t.big, (c) => c.notNull())
        .addColumn('ends_at', t.big, (c) => c.notNull())
        .addColumn('author', 'text')
        .addColumn('comment', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .addColumn('released_at', t.big)
        .execute()
      await db.schema
        .createIndex('silences_window')
        .on('silences')
        .columns(['ends_at', 'starts_at'])
        .execute()
    },
  }
}
