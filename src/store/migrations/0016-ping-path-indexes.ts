// Migration 0016_ping_path_indexes (issue 15): the indexes a ping batch reads and writes.
// - alerts (subject, status): a job's active alerts are looked up on every batch that ends a run;
//   without it each lookup read every active alert of the fleet.
// - runs_sort (sort_at, id) goes: every run listing is per project since 0011, which
//   runs_project_sort serves; keeping it cost ≈3.5 µs of SQLite time per ping (each run inserted).
import type { Kysely, Migration } from 'kysely'

export function pingPathIndexes(): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      await db.schema.createIndex('alerts_subject').on('alerts').columns(['subject', 'status']).execute()
      await db.schema.dropIndex('runs_sort').ifExists().execute()
    },
  }
}
