// Migration 0014_restore_tests (issue 16 item 1): when a job last passed a restore test (a
// successful run of kind restore_test), read by the job.restore_untested rule.
import type { Kysely, Migration } from 'kysely'
import type { DialectKind } from '../migrations.js'
import { types } from './column-types.js'

export function restoreTests(kind: DialectKind): Migration {
  const { big } = types(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      await db.schema.alterTable('jobs').addColumn('last_restore_test_at', big).execute()
    },
  }
}
