// Migration 0011_projects (issue 12): every job, server, run, alert, channel, silence, policy and
// token belongs to a project; project 1 `default` holds all that existed before, with the ping
// key the installation had. Names unique before become unique per project.
import { randomBytes } from 'node:crypto'
import { type Kysely, type Migration, sql } from 'kysely'
import type { DialectKind } from '../migrations.js'
import { primaryId, types } from './column-types.js'
import { rebuildSqliteTable, type TableRebuild } from './sqlite-rebuild.js'

/** Tables that gain project_id; the ones whose keys change are rebuilt on SQLite. */
const REBUILDS: TableRebuild[] = [
  { table: 'jobs', drop: ['"slug" text not null unique'], keep: '"slug" text not null' },
  { table: 'servers', drop: ['"name" text not null unique'], keep: '"name" text not null' },
  { table: 'tokens', drop: ['"name" text not null unique'], keep: '"name" text not null' },
  { table: 'silences', drop: ['"name" text unique'], keep: '"name" text' },
  {
    table: 'policies',
    drop: ['"environment" text primary key'],
    keep: '"environment" text not null',
    primaryKey: ['project_id', 'environment'],
  },
  {
    table: 'channels',
    drop: ['"name" text primary key'],
    keep: '"name" text not null',
    primaryKey: ['project_id', 'name'],
  },
  {
    table: 'channel_states',
    drop: ['"channel" text primary key'],
    keep: '"channel" text not null',
    primaryKey: ['project_id', 'channel'],
  },
  {
    table: 'run_stats',
    drop: ['constraint "run_stats_pk" primary key ("hour", "status")'],
    keep: 'constraint "run_stats_pk" primary key ("project_id", "hour", "status")',
  },
]

/** Tables that only gain the column (their keys stay). */
const ADDED = ['runs', 'alerts', 'deliveries']

/** Unique per project what was unique before (PostgreSQL constraint name → new index). */
const PER_PROJECT_UNIQUE = [
  { table: 'jobs', constraint: 'jobs_slug_key', column: 'slug' },
  { table: 'servers', constraint: 'servers_name_key', column: 'name' },
  { table: 'tokens', constraint: 'tokens_name_key', column: 'name' },
  { table: 'silences', constraint: 'silences_name_key', column: 'name' },
]

const PG_PRIMARY_KEYS = [
  { table: 'policies', constraint: 'policies_pkey', columns: 'project_id, environment' },
  { table: 'channels', constraint: 'channels_pkey', columns: 'project_id, name' },
  { table: 'channel_states', constraint: 'channel_states_pkey', columns: 'project_id, channel' },
  { table: 'run_stats', constraint: 'run_stats_pk', columns: 'project_id, hour, status' },
]

export function projects(kind: DialectKind): Migration {
  const { id, big } = types(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      const work = async (tx: Kysely<unknown>) => {
        // biome-ignore lint/suspicious/noExplicitAny: as above
        const d = tx as Kysely<any>
        await d.schema
          .createTable('projects')
          .addColumn('id', id, primaryId(kind))
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('ping_key', 'text', (c) => c.notNull().unique())
          .addColumn('source', 'text', (c) => c.notNull().defaultTo('api'))
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('updated_at', big, (c) => c.notNull())
          .execute()
        const stored = await d
          .selectFrom('settings')
          .select('value')
          .where('key', '=', 'ping_key')
          .executeTakeFirst()
        const now = Date.now()
        await d
          .insertInto('projects')
          .values({
            id: 1,
            slug: 'default',
            name: 'Default',
            ping_key: stored?.value ?? randomBytes(16).toString('base64url'),
            source: 'default',
            created_at: now,
            updated_at: now,
          })
          .execute()
        if (kind === 'postgres') {
          // the explicit id 1 leaves the sequence at its start
          await sql`select setval(pg_get_serial_sequence('projects', 'id'), 1)`.execute(d)
          for (const t of [...REBUILDS.map((r) => r.table), ...ADDED]) {
            await sql`alter table ${sql.table(t)} add column project_id bigint not null default 1`.execute(d)
          }
          for (const u of PER_PROJECT_UNIQUE) {
            await sql`alter table ${sql.table(u.table)} drop constraint ${sql.ref(u.constraint)}`.execute(d)
          }
          for (const p of PG_PRIMARY_KEYS) {
            await sql`alter table ${sql.table(p.table)} drop constraint ${sql.ref(p.constraint)}`.execute(d)
            await sql
              .raw(`alter table "${p.table}" add constraint "${p.constraint}" primary key (${p.columns})`)
              .execute(d)
          }
        } else {
          for (const r of REBUILDS) await rebuildSqliteTable(d, r)
          for (const t of ADDED) {
            await sql`alter table ${sql.table(t)} add column project_id integer not null default 1`.execute(d)
          }
        }
        for (const u of PER_PROJECT_UNIQUE) {
          await d.schema
            .createIndex(`${u.table}_project_${u.column}`)
            .on(u.table)
            .columns(['project_id', u.column])
            .unique()
            .execute()
        }
        await d.schema.createIndex('jobs_project').on('jobs').columns(['project_id', 'id']).execute()
        await d.schema
          .createIndex('runs_project_sort')
          .on('runs')
          .columns(['project_id', 'sort_at', 'id'])
          .execute()
        await d.schema.createIndex('alerts_project').on('alerts').columns(['project_id', 'status']).execute()
        await d.schema
          .createIndex('deliveries_project')
          .on('deliveries')
          .columns(['project_id', 'id'])
          .execute()
      }
      if (kind === 'postgres') return work(db)
      // A SQLite table rebuild must run with foreign keys off (dropping the old table would
      // cascade into runs and alerts otherwise), which SQLite ignores inside a transaction.
      await sql`pragma foreign_keys = off`.execute(db)
      try {
        await sql`begin`.execute(db)
        try {
          await work(db)
          const broken = await sql`pragma foreign_key_check`.execute(db)
          if (broken.rows.length > 0)
            throw new Error(`foreign keys broken: ${JSON.stringify(broken.rows[0])}`)
          await sql`commit`.execute(db)
        } catch (e) {
          await sql`rollback`.execute(db)
          throw e
        }
      } finally {
        await sql`pragma foreign_keys = on`.execute(db)
      }
    },
  }
}
