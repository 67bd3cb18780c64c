// Many jobs' state in one statement: a ping batch settles every job it touched, and one UPDATE
// per job was one round trip per job on PostgreSQL (and a statement each on SQLite). Jobs whose
// patches set the same columns share one UPDATE … FROM a list of rows.
import { CompiledQuery, type Kysely } from 'kysely'
import { chunks } from './chunks.js'
import { updateJobState } from './jobs-queries.js'
import type { DialectKind } from './migrations.js'
import type { JobStatePatch } from './roles/job-store.js'
import type { Database } from './schema.js'
import type { Scope } from './scope.js'

type Db = Kysely<Database>
type Count = 'succeeded' | 'warning' | 'failed'

const COUNTS: readonly Count[] = ['succeeded', 'warning', 'failed']
/** absolute counters (back-fills): written one job at a time, as before */
const ABSOLUTE_COUNTS = new Set(['runs_succeeded', 'runs_warning', 'runs_failed'])
const ROWS_PER_STATEMENT = 500
const MAX_TEXTS = 200
const texts = new Map<string, string>()

interface Shape {
  names: string[]
  counts: Count[]
  rows: { id: number; values: unknown[] }[]
}

export async function updateJobStates(
  db: Db,
  kind: DialectKind,
  scope: Scope,
  updates: { id: number; patch: JobStatePatch }[],
  now: number,
): Promise<void> {
  const shapes = new Map<string, Shape>()
  for (const { id, patch } of [...updates].sort((a, b) => a.id - b.id)) {
    const { run_counts_add: add, ...columns } = patch
    const names = Object.keys(columns).filter((c) => columns[c as keyof typeof columns] !== undefined)
    const counts = COUNTS.filter((k) => add?.[k])
    if (names.some((n) => ABSOLUTE_COUNTS.has(n))) {
      await updateJobState(db, scope, id, patch, now)
      continue
    }
    const key = `${names.join(',')}:${counts.join(',')}`
    let shape = shapes.get(key)
    if (!shape) {
      shape = { names, counts, rows: [] }
      shapes.set(key, shape)
    }
    const values = [...names.map((c) => columns[c as keyof typeof columns]), ...counts.map((k) => add![k])]
    shape.rows.push({ id, values })
  }
  for (const shape of shapes.values()) {
    if (shape.rows.length === 1) {
      const [row] = shape.rows as [Shape['rows'][number]]
      await updateJobState(db, scope, row.id, patchOf(shape, row.values), now)
      continue
    }
    for (const part of chunks(shape.rows, ROWS_PER_STATEMENT)) {
      await db.executeQuery(
        kind === 'postgres' ? onPostgres(shape, part, scope, now) : onSqlite(shape, part, scope, now),
      )
    }
  }
}

function patchOf(shape: Shape, values: unknown[]): JobStatePatch {
  const patch: Record<string, unknown> = {}
  shape.names.forEach((n, i) => {
    patch[n] = values[i]
  })
  if (shape.counts.length > 0)
    patch.run_counts_add = Object.fromEntries(shape.counts.map((k, i) => [k, values[shape.names.length + i]]))
  return patch as JobStatePatch
}

/** `"col" = <from>` for each column, counts added to the stored ones. */
function assignments(shape: Shape, from: (name: string, index: number) => string): string {
  const set = shape.names.map((n, i) => `"${n}" = ${from(n, i)}`)
  const add = shape.counts.map(
    (k, i) => `"runs_${k}" = "jobs"."runs_${k}" + ${from(`runs_${k}`, shape.names.length + i)}`,
  )
  return [...set, ...add].join(', ')
}

function cachedText(key: string, build: () => string): string {
  let text = texts.get(key)
  if (text === undefined) {
    text = build()
    if (texts.size >= MAX_TEXTS) texts.delete(texts.keys().next().value!)
    texts.set(key, text)
  }
  return text
}

/** SQLite: UPDATE … FROM (VALUES …), whose columns are column1 (the id), column2, … */
function onSqlite(shape: Shape, rows: Shape['rows'], scope: Scope, now: number): CompiledQuery {
  const width = 1 + shape.names.length + shape.counts.length
  const text = cachedText(`sqlite|${scope === null}|${rows.length}|${shape.names}|${shape.counts}`, () => {
    const row = `(${Array.from({ length: width }, () => '?').join(', ')})`
    return (
      `update "jobs" set ${assignments(shape, (_, i) => `"v"."column${i + 2}"`)}, "updated_at" = ? ` +
      `from (values ${Array.from({ length: rows.length }, () => row).join(', ')}) as "v" ` +
      `where "jobs"."id" = "v"."column1"${scope === null ? '' : ' and "jobs"."project_id" = ?'}`
    )
  })
  const params: unknown[] = [now]
  for (const r of rows) params.push(r.id, ...r.values.map((v) => v ?? null))
  if (scope !== null) params.push(scope)
  return CompiledQuery.raw(text, params)
}

/**
 * PostgreSQL: the rows as one JSON parameter read as jobs rows (json_populate_recordset), so each
 * value takes its column's type without a cast written here.
 */
function onPostgres(shape: Shape, rows: Shape['rows'], scope: Scope, now: number): CompiledQuery {
  const columns = [...shape.names, ...shape.counts.map((k) => `runs_${k}`)]
  const text = cachedText(`postgres|${scope === null}|${shape.names}|${shape.counts}`, () => {
    return (
      `update "jobs" set ${assignments(shape, (n) => `"v"."${n}"`)}, "updated_at" = $1 ` +
      `from json_populate_recordset(null::"jobs", $2::json) as "v" ` +
      `where "jobs"."id" = "v"."id"${scope === null ? '' : ' and "jobs"."project_id" = $3'}`
    )
  })
  const json = JSON.stringify(
    rows.map((r) => Object.fromEntries([['id', r.id], ...columns.map((c, i) => [c, r.values[i] ?? null])])),
  )
  return CompiledQuery.raw(text, scope === null ? [now, json] : [now, json, scope])
}
