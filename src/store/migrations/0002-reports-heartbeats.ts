// Migration 0002_reports_heartbeats (its name is recorded in existing databases: never rename it).
import type { Kysely, Migration } from 'kysely'
import type { DialectKind } from '../migrations.js'
import { types } from './column-types.js'

/** Tool reports keep extra facts per run; servers get a deadline for heartbeats. */
export function reportsAndHeartbeats(kind: DialectKind): Migration {
  const t = types(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      await db.schema.alterTable('runs').addColumn('details', 'text').execute()
      await db.schema.createIndex('runs_job_rid').on('runs').columns(['job_id', 'rid']).execute()
      await db.schema.alterTable('servers').addColumn('offline_at', t.big).execute()
      await db.schema.alterTable('servers').addColumn('offline_since', t.big).execute()
      await db.schema.createIndex('servers_offline_at').on('servers').columns(['offline_at', 'id']).execute()
    },
  }
}
