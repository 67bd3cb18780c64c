// SQLite cannot drop a column's UNIQUE or change a primary key: the table is rebuilt (the
// documented "make other kinds of table schema changes" procedure) from its own CREATE text, so
// every column, default and foreign key is kept as it was, with project_id added.
import { type Kysely, sql } from 'kysely'

export interface TableRebuild {
  table: string
  /** column definitions or constraints to replace, exactly as in sqlite_master (one must match) */
  drop: string[]
  keep: string
  /** a new primary key added as a table constraint */
  primaryKey?: string[]
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export async function rebuildSqliteTable(db: Kysely<any>, r: TableRebuild): Promise<void> {
  const rows = (
    await sql<{ type: string; sql: string | null }>`
      select type, sql from sqlite_master where tbl_name = ${r.table} and sql is not null`.execute(db)
  ).rows
  const create = rows.find((row) => row.type === 'table')?.sql
  if (!create) throw new Error(`table ${r.table} not found`)
  const found = r.drop.find((d) => create.includes(d))
  if (!found) throw new Error(`table ${r.table}: none of ${r.drop.join(' | ')} in ${create}`)
  const columns = (
    await sql<{ name: string }>`select name from pragma_table_info(${r.table})`.execute(db)
  ).rows.map((c) => `"${c.name}"`)
  const tail = r.primaryKey ? `, primary key (${r.primaryKey.map((c) => `"${c}"`).join(', ')}))` : ')'
  const body = create.replace(found, r.keep).replace(/\)\s*$/, '')
  const newName = `${r.table}__rebuild`
  // first, so a table constraint at the end (run_stats' key) still follows every column
  const created = body
    .replace(
      `CREATE TABLE "${r.table}" (`,
      `CREATE TABLE "${newName}" ("project_id" integer default 1 not null, `,
    )
    .concat(tail)
  if (!created.startsWith(`CREATE TABLE "${newName}"`))
    throw new Error(`table ${r.table}: unexpected CREATE text`)
  await sql.raw(created).execute(db)
  const list = columns.join(', ')
  await sql.raw(`insert into "${newName}" (${list}) select ${list} from "${r.table}"`).execute(db)
  // the highest id ever handed out, so ids of deleted rows are not given again
  const seq = (
    await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${r.table}`.execute(db)
  ).rows[0]
  await sql.raw(`drop table "${r.table}"`).execute(db)
  await sql.raw(`alter table "${newName}" rename to "${r.table}"`).execute(db)
  if (seq) {
    const now = (
      await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${r.table}`.execute(db)
    ).rows[0]
    await sql`delete from sqlite_sequence where name = ${r.table}`.execute(db)
    await sql`insert into sqlite_sequence (name, seq) values (${r.table}, ${Math.max(seq.seq, now?.seq ?? 0)})`.execute(
      db,
    )
  }
  for (const index of rows.filter((row) => row.type === 'index'))
    await sql.raw(index.sql as string).execute(db)
}
