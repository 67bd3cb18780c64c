// Migration 0007_channels (its name is recorded in existing databases: never rename it).
import type { Kysely, Migration } from 'kysely'
import type { DialectKind } from '../migrations.js'
import { types } from './column-types.js'

/** Channels managed through the API as well as the file (SPEC §7): the flat map as written. */
export function channels(kind: DialectKind): Migration {
  const t = types(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('channels')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute()
    },
  }
}
