// Migration 0013_audit_events (issue 12 item 5): the audit log, one row per change, per project;
// and jobs.source: `config` for the jobs the config file declares (one removed from the file is
// deleted at the next start, audited), `api` for every other job.
import type { Kysely, Migration } from 'kysely'
import type { DialectKind } from '../migrations.js'
import { primaryId, types } from './column-types.js'

export function auditEvents(kind: DialectKind): Migration {
  const { id, big } = types(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('audit_events')
        .addColumn('id', id, primaryId(kind))
        .addColumn('project_id', big, (c) => c.notNull())
        .addColumn('at', big, (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('actor_id', big)
        .addColumn('actor_name', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text')
        .addColumn('target_name', 'text')
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('ip', 'text')
        .execute()
      // the log is read newest first within a project
      await db.schema
        .createIndex('audit_events_project_at')
        .on('audit_events')
        .columns(['project_id', 'at', 'id'])
        .execute()
      await db.schema
        .alterTable('jobs')
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('api'))
        .execute()
    },
  }
}
