// Migration 0004_report_indexes (its name is recorded in existing databases: never rename it).
import { type Kysely, type Migration, sql } from 'kysely'

/** What the fleet report counts from indexes instead of reading every job or alert row. */
export function reportIndexes(): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      // jobs per status (covering), and the servers of down jobs
      await db.schema.createIndex('jobs_status').on('jobs').columns(['status', 'server_id']).execute()
      // the servers of jobs that never succeeded
      await db.schema
        .createIndex('jobs_never_succeeded')
        .on('jobs')
        .column('server_id')
        .where(sql.ref('last_success_at'), 'is', null)
        .execute()
      // active alerts per severity, oldest first: counts and the problem list
      await db.schema
        .createIndex('alerts_active_severity')
        .on('alerts')
        .columns(['severity', 'opened_at', 'id'])
        .where(sql.ref('status'), '=', 'active')
        .execute()
    },
  }
}
