// Migration 0016_alert_subject_index (issue 15): a job's or server's alerts are looked up by
// subject and status on every ping batch that ends a run. Without this index each lookup read
// every alert ever opened (resolved ones stay), so ping cost grew with the alert history.
import type { Kysely, Migration } from 'kysely'

export function alertSubjectIndex(): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      // not partial: the lookups bind the status as a parameter, which a partial index cannot serve
      await db.schema.createIndex('alerts_subject').on('alerts').columns(['subject', 'status']).execute()
    },
  }
}
