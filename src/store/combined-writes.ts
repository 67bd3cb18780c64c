// A transaction's last writes, which nothing reads back (a ping batch's ping events, its jobs'
// state, the hourly run counts): on PostgreSQL each statement is a round trip with the jobs' row
// locks held, so they go as one statement, the first ones as data-modifying WITH clauses of the
// last. SQLite runs them one by one (a statement there costs no round trip).
import { CompiledQuery, type Kysely, type QueryResult } from 'kysely'
import type { DialectKind } from './migrations.js'
import type { Database } from './schema.js'

type Db = Kysely<Database>

/** A write as the query functions make it: it runs its statements through `db.executeQuery`. */
export type DeferredWrite = (db: Db) => Promise<void>

/** PostgreSQL's limit of bound parameters per statement. */
const MAX_PARAMS = 65_535

export async function runWrites(db: Db, kind: DialectKind, writes: DeferredWrite[]): Promise<void> {
  if (kind !== 'postgres') {
    for (const write of writes) await write(db)
    return
  }
  const queries: CompiledQuery[] = []
  const collecting = collector(db, queries)
  for (const write of writes) await write(collecting)
  await executeCombined(db, queries)
}

/** `db` whose executeQuery records each statement instead of running it (its result: no rows). */
function collector(db: Db, into: CompiledQuery[]): Db {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'executeQuery') {
        return async (query: CompiledQuery): Promise<QueryResult<never>> => {
          into.push(query)
          return { rows: [] }
        }
      }
      const value = Reflect.get(target, prop, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/**
 * The statements as one (in their order; PostgreSQL runs WITH clauses in an order of its own, so
 * each must touch rows the others do not, and take no row lock whose order matters but the last).
 * Alone, when a statement holds a string literal (its `$n` might not be a placeholder) or the
 * parameters would exceed PostgreSQL's limit.
 */
export async function executeCombined(db: Db, queries: CompiledQuery[]): Promise<void> {
  const params = queries.reduce((n, q) => n + q.parameters.length, 0)
  if (
    queries.length < 2 ||
    params > MAX_PARAMS ||
    queries.some((q) => q.sql.includes("'") || /\$(?!\d)/.test(q.sql))
  ) {
    for (const q of queries) await db.executeQuery(q)
    return
  }
  const parts: string[] = []
  const values: unknown[] = []
  for (const q of queries) {
    const offset = values.length
    parts.push(offset === 0 ? q.sql : q.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`))
    values.push(...q.parameters)
  }
  const last = parts.pop()!
  const text = `with ${parts.map((p, i) => `"w${i}" as (${p})`).join(', ')} ${last}`
  await db.executeQuery(CompiledQuery.raw(text, values))
}
