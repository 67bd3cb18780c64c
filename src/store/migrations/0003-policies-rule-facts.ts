// Migration 0003_policies_rule_facts (its name is recorded in existing databases: never rename it).
import type { Kysely, Migration } from 'kysely'
import type { DialectKind } from '../migrations.js'
import { types } from './column-types.js'

/** Policies, and the facts the health rules read, kept current as runs arrive. */
export function policiesAndRuleFacts(kind: DialectKind): Migration {
  const t = types(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('policies')
        .addColumn('environment', 'text', (c) => c.primaryKey())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute()
      // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
      const add = async (name: string, type: string, build?: (c: any) => any) => {
        await db.schema
          .alterTable('jobs')
          .addColumn(name, type as 'text', build ?? ((c) => c))
          .execute()
      }
      await add('policy', 'text')
      await add('last_status', 'text')
      await add('last_failure_kind', 'text')
      await add('lock_streak', 'integer', (c) => c.notNull().defaultTo(0))
      await add('last_check_at', t.big)
      await add('size_samples', 'text', (c) => c.notNull().defaultTo('[]'))
      await add('zero_added_streak', 'integer', (c) => c.notNull().defaultTo(0))
      await add('retention_facts', 'text')
      await add('runs_succeeded', t.big, (c) => c.notNull().defaultTo(0))
      await add('runs_warning', t.big, (c) => c.notNull().defaultTo(0))
      await add('runs_failed', t.big, (c) => c.notNull().defaultTo(0))
      await db.schema
        .createTable('run_stats')
        .addColumn('hour', t.big, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('n', t.big, (c) => c.notNull())
        .addPrimaryKeyConstraint('run_stats_pk', ['hour', 'status'])
        .execute()
    },
  }
}
