// Migration 0015_unattached_deliveries (issue 16 item 3): a delivery may belong to no alert (a
// scheduled fleet report), so deliveries.alert_id becomes nullable. PostgreSQL drops the NOT NULL;
// SQLite cannot, so the table is rebuilt from its own CREATE text with only that constraint gone
// (the documented "other schema changes" procedure), its rows and indexes kept.
import { type Kysely, type Migration, sql } from 'kysely'
import type { DialectKind } from '../migrations.js'

const NOT_NULL = /"alert_id" integer not null references/i

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
async function rebuildSqlite(db: Kysely<any>): Promise<void> {
  const rows = (
    await sql<{ type: string; sql: string | null }>`
      select type, sql from sqlite_master where tbl_name = 'deliveries' and sql is not null`.execute(db)
  ).rows
  const create = rows.find((r) => r.type === 'table')?.sql
  if (!create || !NOT_NULL.test(create)) throw new Error(`deliveries: unexpected CREATE text: ${create}`)
  const indexes = rows.filter((r) => r.type === 'index').map((r) => r.sql!)
  const columns = (
    await sql<{ name: string }>`select name from pragma_table_info('deliveries')`.execute(db)
  ).rows
    .map((c) => `"${c.name}"`)
    .join(', ')
  const created = create
    .replace(NOT_NULL, '"alert_id" integer references')
    .replace(/^CREATE TABLE (IF NOT EXISTS )?"deliveries"/i, 'CREATE TABLE "deliveries__rebuild"')
  if (!created.startsWith('CREATE TABLE "deliveries__rebuild"'))
    throw new Error('deliveries: unexpected CREATE text')
  await sql.raw(created).execute(db)
  await sql
    .raw(`insert into "deliveries__rebuild" (${columns}) select ${columns} from "deliveries"`)
    .execute(db)
  await sql`drop table "deliveries"`.execute(db)
  await sql`alter table "deliveries__rebuild" rename to "deliveries"`.execute(db)
  for (const index of indexes) await sql.raw(index).execute(db)
}

export function unattachedDeliveries(kind: DialectKind): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
    async up(db: Kysely<any>) {
      if (kind === 'postgres')
        await sql`alter table deliveries alter column alert_id drop not null`.execute(db)
      else await rebuildSqlite(db)
    },
  }
}
