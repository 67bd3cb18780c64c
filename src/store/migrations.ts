// Schema migrations, bundled in code and applied at start (no files to ship or find).
// One file per migration in migrations/; this file lists them in order and applies them.
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'
import { initial } from './migrations/0001-initial.js'
import { reportsAndHeartbeats } from './migrations/0002-reports-heartbeats.js'
import { policiesAndRuleFacts } from './migrations/0003-policies-rule-facts.js'
import { reportIndexes } from './migrations/0004-report-indexes.js'
import { notifications } from './migrations/0005-notifications.js'
import { silences } from './migrations/0006-silences.js'
import { channels } from './migrations/0007-channels.js'
import { instances } from './migrations/0008-instances.js'
import { users } from './migrations/0010-users.js'
import { projects } from './migrations/0011-projects.js'
import { tokenDetails } from './migrations/0012-tokens.js'
import { auditEvents } from './migrations/0013-audit-events.js'
import { restoreTests } from './migrations/0014-restore-tests.js'
import { unattachedDeliveries } from './migrations/0015-unattached-deliveries.js'
import { pingPathIndexes } from './migrations/0016-ping-path-indexes.js'
import { partialRunIndexes } from './migrations/0017-partial-run-indexes.js'
import { scopedToSchema } from './schema-introspector.js'

export type DialectKind = 'sqlite' | 'postgres'

export function migrationsFor(kind: DialectKind): Record<string, Migration> {
  return {
    '0001_initial': initial(kind),
    '0002_reports_heartbeats': reportsAndHeartbeats(kind),
    '0003_policies_rule_facts': policiesAndRuleFacts(kind),
    '0004_report_indexes': reportIndexes(),
    '0005_notifications': notifications(kind),
    '0006_silences': silences(kind),
    '0007_channels': channels(kind),
    '0008_instances': instances(kind),
    '0010_users': users(kind),
    '0011_projects': projects(kind),
    '0012_tokens': tokenDetails(),
    '0013_audit_events': auditEvents(kind),
    '0014_restore_tests': restoreTests(kind),
    '0015_unattached_deliveries': unattachedDeliveries(kind),
    '0016_ping_path_indexes': pingPathIndexes(),
    '0017_partial_run_indexes': partialRunIndexes(),
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on the untyped database
export async function migrate(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(kind) }
  // Kysely looks for its bookkeeping tables in every schema unless told which one: with a
  // backwatch_migrations table in some other schema of the database (another instance, a test
  // schema) it would skip creating ours and then fail. Pin it to the schema the tables go to.
  const migrationTableSchema =
    kind === 'postgres'
      ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined
  if (kind === 'postgres' && !migrationTableSchema) {
    throw new Error('database migration failed: no current schema (check search_path)')
  }
  const migrator = new Migrator({
    db: migrationTableSchema ? scopedToSchema(db, migrationTableSchema) : db,
    provider,
    migrationTableName: 'backwatch_migrations',
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (!error) return
  const failed = results?.find((r) => r.status === 'Error')
  throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`)
}
