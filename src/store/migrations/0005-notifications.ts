// Migration 0005_notifications (its name is recorded in existing databases: never rename it).
import type { Kysely, Migration } from 'kysely'
import type { DialectKind } from '../migrations.js'
import { primaryId, types } from './column-types.js'

/** The notification outbox and the last outcome per channel (issue 5). */
export function notifications(kind: DialectKind): Migration {
  const t = types(kind)
  const id = primaryId(kind)
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
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
