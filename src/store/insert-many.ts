// Multi-row inserts on the hot ingest path (runs, ping events).
import { CompiledQuery, type Kysely } from 'kysely'
import { chunks } from './chunks.js'
import type { DialectKind } from './migrations.js'
import type { Database } from './schema.js'

// SQLite allows 32766 bound parameters per statement; stay well below for multi-row inserts.
const MAX_PARAMS = 30_000

/**
 * Multi-row insert on the hot ingest path, written as SQL text: Kysely's builder costs
 * several microseconds per value, which dominated a ping's CPU time.
 * Kysely inserts the union of the rows' keys; so does this, binding null where a row lacks one.
 */
export async function insertMany(
  db: Kysely<Database>,
  kind: DialectKind,
  table: string,
  rows: object[],
  returnId: boolean,
): Promise<{ id: number }[]> {
  const out: { id: number }[] = []
  if (rows.length === 0) return out
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `
  for (const chunk of chunks(rows, Math.max(1, Math.floor(MAX_PARAMS / columns.length)))) {
    const params: unknown[] = []
    const groups: string[] = []
    for (const row of chunk) {
      const marks: string[] = []
      for (const c of columns) {
        params.push((row as Record<string, unknown>)[c] ?? null)
        marks.push(kind === 'postgres' ? `$${params.length}` : '?')
      }
      groups.push(`(${marks.join(', ')})`)
    }
    const text = head + groups.join(', ') + (returnId ? ' returning "id"' : '')
    const res = await db.executeQuery<{ id: number }>(CompiledQuery.raw(text, params))
    out.push(...res.rows)
  }
  return out
}
