// Schema migrations, bundled in code and applied at start (no files to ship or find).
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'
import { users } from './migration-0010-users.js'

export type DialectKind = 'sqlite' | 'postgres'

function types(kind: DialectKind) {
  return kind === 'postgres'
    ? ({ id: 'bigserial', blob: 'bytea', big: 'bigint' } as const)
    : ({ id: 'integer', blob: 'blob', big: 'integer' } as const)
}

function initial(kind: DialectKind): Migration {
  const t = types(kind)
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  const id = (c: any) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement())
  return {
    // biome-ignore lint/suspicious/noExplicitAny: see above
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('tokens')
        .addColumn('id', t.id, id)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('last_used_at', t.big)
        .execute()
      await db.schema
        .createTable('servers')
        .addColumn('id', t.id, id)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('environment', 'text')
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('heartbeat_timeout', t.big)
        .addColumn('last_heartbeat_at', t.big)
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('jobs')
        .addColumn('id', t.id, id)
        .addColumn('uuid', 'text', (c) => c.notNull().unique())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('server_id', t.big, (c) => c.references('servers.id').onDelete('set null'))
        .addColumn('environment', 'text')
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('tool', 'text', (c) => c.notNull())
        .addColumn('schedule_every', t.big)
        .addColumn('schedule_cron', 'text')
        .addColumn('schedule_tz', 'text')
        .addColumn('grace', t.big, (c) => c.notNull())
        .addColumn('max_duration', t.big)
        .addColumn('warning_exit_codes', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('retention', 'text')
        .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('down_reason', 'text')
        .addColumn('running_since', t.big)
        .addColumn('last_ping_at', t.big)
        .addColumn('last_ping_failed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_success_at', t.big)
        .addColumn('last_run_id', t.big)
        .addColumn('next_due_at', t.big)
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('jobs_next_due_at').on('jobs').columns(['next_due_at', 'id']).execute()
      await db.schema.createIndex('jobs_server_id').on('jobs').column('server_id').execute()
      await db.schema
        .createTable('runs')
        .addColumn('id', t.id, id)
        .addColumn('job_id', t.big, (c) => c.notNull().references('jobs.id').onDelete('cascade'))
        .addColumn('server_id', t.big, (c) => c.references('servers.id').onDelete('set null'))
        .addColumn('rid', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('failure_kind', 'text')
        .addColumn('started_at', t.big)
        .addColumn('finished_at', t.big)
        .addColumn('sort_at', t.big, (c) => c.notNull())
        .addColumn('duration_ms', t.big)
        .addColumn('exit_code', 'integer')
        .addColumn('size_bytes', t.big)
        .addColumn('added_bytes', t.big)
        .addColumn('files_total', t.big)
        .addColumn('files_new', t.big)
        .addColumn('files_changed', t.big)
        .addColumn('error', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('log', t.blob)
        .addColumn('log_size', t.big, (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', t.big, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('runs_job_sort').on('runs').columns(['job_id', 'sort_at', 'id']).execute()
      await db.schema.createIndex('runs_sort').on('runs').columns(['sort_at', 'id']).execute()
      await db.schema
        .createIndex('runs_server_sort')
        .on('runs')
        .columns(['server_id', 'sort_at', 'id'])
        .execute()
      await db.schema
        .createIndex('runs_open')
        .on('runs')
        .column('job_id')
        .where(sql.ref('status'), '=', 'running')
        .execute()
      await db.schema
        .createTable('ping_events')
        .addColumn('id', t.id, id)
        .addColumn('job_id', t.big, (c) => c.notNull().references('jobs.id').onDelete('cascade'))
        .addColumn('run_id', t.big)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('exit_status', 'integer')
        .addColumn('rid', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('remote_addr', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('body_size', t.big, (c) => c.notNull())
        .addColumn('body', t.blob)
        .addColumn('received_at', t.big, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('ping_events_job').on('ping_events').columns(['job_id', 'id']).execute()
      await db.schema
        .createTable('alerts')
        .addColumn('id', t.id, id)
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('job_id', t.big, (c) => c.references('jobs.id').onDelete('cascade'))
        .addColumn('server_id', t.big, (c) => c.references('servers.id').onDelete('cascade'))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('opened_at', t.big, (c) => c.notNull())
        .addColumn('resolved_at', t.big)
        .execute()
      await db.schema
        .createIndex('alerts_one_active')
        .on('alerts')
        .columns(['type', 'subject'])
        .unique()
        .where(sql.ref('status'), '=', 'active')
        .execute()
      await db.schema.createIndex('alerts_opened').on('alerts').columns(['opened_at', 'id']).execute()
      await db.schema.createIndex('alerts_job').on('alerts').columns(['job_id', 'status']).execute()
    },
  }
}

/** Tool reports keep extra facts per run; servers get a deadline for heartbeats. */
function reportsAndHeartbeats(kind: DialectKind): Migration {
  const t = types(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: see initial()
    async up(db: Kysely<any>) {
      await db.schema.alterTable('runs').addColumn('details', 'text').execute()
      await db.schema.createIndex('runs_job_rid').on('runs').columns(['job_id', 'rid']).execute()
      await db.schema.alterTable('servers').addColumn('offline_at', t.big).execute()
      await db.schema.alterTable('servers').addColumn('offline_since', t.big).execute()
      await db.schema.createIndex('servers_offline_at').on('servers').columns(['offline_at', 'id']).execute()
    },
  }
}

/** Policies, and the facts the health rules read, kept current as runs arrive. */
function policiesAndRuleFacts(kind: DialectKind): Migration {
  const t = types(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: see initial()
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('policies')
        .addColumn('environment', 'text', (c) => c.primaryKey())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute()
      // biome-ignore lint/suspicious/noExplicitAny: see initial()
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

/** What the fleet report counts from indexes instead of reading every job or alert row. */
function reportIndexes(): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: see initial()
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

/** The notification outbox and the last outcome per channel (issue 5). */
function notifications(kind: DialectKind): Migration {
  const t = types(kind)
  // biome-ignore lint/suspicious/noExplicitAny: see initial()
  const id = (c: any) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement())
  return {
    // biome-ignore lint/suspicious/noExplicitAny: see initial()
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('deliveries')
        .addColumn('id', t.id, id)
        .addColumn('alert_id', t.big, (c) => c.notNull().references('alerts.id').onDelete('cascade'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('transition', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', t.big, (c) => c.notNull())
        .addColumn('claimed_until', t.big)
        .addColumn('claimed_by', 'text')
        .addColumn('last_error', 'text')
        .addColumn('detail', 'text')
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('sent_at', t.big)
        .execute()
      await db.schema
        .createIndex('deliveries_claim')
        .on('deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute()
      await db.schema.createIndex('deliveries_alert').on('deliveries').columns(['alert_id', 'id']).execute()
      await db.schema
        .createTable('channel_states')
        .addColumn('channel', 'text', (c) => c.primaryKey())
        .addColumn('last_success_at', t.big)
        .addColumn('last_error', 'text')
        .addColumn('last_error_at', t.big)
        .addColumn('failing', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()
    },
  }
}

/** Silences (issue 5): matchers with a window; `released_at` marks an ended silence whose still-active alerts were sent. */
function silences(kind: DialectKind): Migration {
  const t = types(kind)
  // biome-ignore lint/suspicious/noExplicitAny: see initial()
  const id = (c: any) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement())
  return {
    // biome-ignore lint/suspicious/noExplicitAny: see initial()
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('silences')
        .addColumn('id', t.id, id)
        .addColumn('name', 'text', (c) => c.unique())
        .addColumn('matchers', 'text', (c) => c.notNull())
        .addColumn('starts_at', t.big, (c) => c.notNull())
        .addColumn('ends_at', t.big, (c) => c.notNull())
        .addColumn('author', 'text')
        .addColumn('comment', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .addColumn('released_at', t.big)
        .execute()
      await db.schema
        .createIndex('silences_window')
        .on('silences')
        .columns(['ends_at', 'starts_at'])
        .execute()
    },
  }
}

/** Channels managed through the API as well as the file (SPEC §7): the flat map as written. */
function channels(kind: DialectKind): Migration {
  const t = types(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: see initial()
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('channels')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', t.big, (c) => c.notNull())
        .addColumn('updated_at', t.big, (c) => c.notNull())
        .execute()
    },
  }
}

/** The running instances (PostgreSQL): a crashed one's claimed deliveries are taken at once. */
function instances(kind: DialectKind): Migration {
  const t = types(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: see initial()
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('instances')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('lock_key', 'integer', (c) => c.notNull())
        .addColumn('started_at', t.big, (c) => c.notNull())
        .execute()
    },
  }
}

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
    db,
    provider,
    migrationTableName: 'backwatch_migrations',
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  })
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest()
    if (!error) return
    const failed = results?.find((r) => r.status === 'Error')
    // Kysely's set-up reads the whole catalog (every schema's tables): another schema of the
    // database dropped at that moment makes the read fail ("schema … does not exist"). Nothing
    // was changed then, so trying again is safe.
    if (!failed && attempt < 8 && isConcurrentDrop(error, migrationTableSchema)) {
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt))
      continue
    }
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`)
  }
}

/** A catalog object of another schema vanished under the migrator's introspection. */
function isConcurrentDrop(error: unknown, ownSchema: string | null | undefined): boolean {
  const message = String((error as { message?: unknown } | null)?.message ?? error)
  if (!/does not exist/.test(message)) return false
  return ownSchema ? !message.includes(`"${ownSchema}"`) : true
}
