// Migration 0017_partial_run_indexes (issue 15): runs_job_rid and runs_server_sort keep only the
// runs that have a rid / a server. Nothing looks runs up by a null rid or a null server (every
// query names one: `rid = ?`, `server_id = ?`, which both databases match to a partial index on
// `is not null`), yet every run without one was indexed: with pings spread over many jobs, each
// rid-less run wrote its own leaf page of runs_job_rid at every commit (≈13 % of a ping's CPU,
// 50 jobs, SQLite).
import { type Kysely, type Migration, sql } from 'kysely'

export function partialRunIndexes(): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      await db.schema.dropIndex('runs_job_rid').ifExists().execute()
      await db.schema
        .createIndex('runs_job_rid')
        .on('runs')
        .columns(['job_id', 'rid'])
        .where(sql.ref('rid'), 'is not', null)
        .execute()
      await db.schema.dropIndex('runs_server_sort').ifExists().execute()
      await db.schema
        .createIndex('runs_server_sort')
        .on('runs')
        .columns(['server_id', 'sort_at', 'id'])
        .where(sql.ref('server_id'), 'is not', null)
        .execute()
    },
  }
}
