// Migration 0008_instances (its name is recorded in existing databases: never rename it).
import type { Kysely, Migration } from 'kysely'
import type { DialectKind } from '../migrations.js'
import { types } from './column-types.js'

/** The running instances (PostgreSQL): a crashed one's claimed deliveries are taken at once. */
export function instances(kind: DialectKind): Migration {
  const t = types(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('instances')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('lock_key', 'integer', (c) => c.notNull())
        .addColumn('started_at', t.big, (c) => c.notNull())
        .execute()
    },
  }
}
