// Migration 0012_tokens (issue 12): tokens made through the API or the CLI keep the first
// characters of their secret (to recognise one in a list; only its hash is stored) and who made
// it. Both stay null for the tokens of the config file and the environment, and for older rows.
import type { Kysely, Migration } from 'kysely'

export function tokenDetails(): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      // one column per statement: SQLite's ALTER TABLE adds one at a time
      await db.schema.alterTable('tokens').addColumn('prefix', 'text').execute()
      await db.schema.alterTable('tokens').addColumn('created_by', 'text').execute()
    },
  }
}
