// Multi-row inserts on the hot ingest path (runs, ping events).
import { CompiledQuery, type Kysely } from 'kysely'
import { chunks } from './chunks.js'
import type { DialectKind } from './migrations.js'
import type { Database } from './schema.js'

// SQLite allows 32766 bound parameters per statement; stay well below for multi-row inserts.
const MAX_PARAMS = 30_000
const MAX_TEXTS = 500

/** The statement text per dialect, table, columns and row count: a batch's shape repeats. */
const texts = new Map<string, string>()

/**
 * Multi-row insert on the hot ingest path, written as SQL text: Kysely's builder costs
 * several microseconds per value, which dominated a ping's CPU time.
 * Kysely inserts the union of the rows' keys; so does this, binding null where a row lacks one.
 * `constants` are columns with one value for every row (not copied into each row).
 */
export async function insertMany(
  db: Kysely<Database>,
  kind: DialectKind,
  table: string,
  rows: object[],
  returnId: boolean,
  constants: Record<string, unknown> = {},
): Promise<{ id: number }[]> {
  const out: { id: number }[] = []
  if (rows.length === 0) return out
  const fixed = Object.keys(constants)
  const own = columnsOf(rows as Record<string, unknown>[]).filter((c) => !(c in constants))
  const perRow = Math.max(1, Math.floor(MAX_PARAMS / (own.length + fixed.length)))
  for (const chunk of chunks(rows as Record<string, unknown>[], perRow)) {
    const params: unknown[] = []
    for (const row of chunk) {
      for (const c of own) params.push(row[c] ?? null)
      for (const c of fixed) params.push(constants[c] ?? null)
    }
    const text = statementText(kind, table, [...own, ...fixed], chunk.length, returnId)
    const res = await db.executeQuery<{ id: number }>(CompiledQuery.raw(text, params))
    for (const r of res.rows) out.push(r)
  }
  return out
}

/** The union of the rows' keys, in first-seen order. */
function columnsOf(rows: Record<string, unknown>[]): string[] {
  const columns = Object.keys(rows[0]!)
  const seen = new Set(columns)
  for (let i = 1; i < rows.length; i++) {
    for (const k in rows[i]) {
      if (!seen.has(k)) {
        seen.add(k)
        columns.push(k)
      }
    }
  }
  return columns
}

function statementText(
  kind: DialectKind,
  table: string,
  columns: string[],
  count: number,
  returnId: boolean,
): string {
  const key = `${kind}|${table}|${returnId}|${count}|${columns.join(',')}`
  let text = texts.get(key)
  if (text === undefined) {
    const groups: string[] = []
    for (let r = 0; r < count; r++) {
      const marks = columns.map((_, c) => (kind === 'postgres' ? `$${r * columns.length + c + 1}` : '?'))
      groups.push(`(${marks.join(', ')})`)
    }
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${groups.join(', ')}${returnId ? ' returning "id"' : ''}`
    if (texts.size >= MAX_TEXTS) texts.delete(texts.keys().next().value!)
    texts.set(key, text)
  }
  return text
}
