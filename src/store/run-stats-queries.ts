// Hourly run counts per status (run_stats), one set of queries for SQLite and PostgreSQL.
// The store's methods call these (kysely/<role>.ts).
import type { Kysely } from 'kysely'
import { executeCached } from './cached-query.js'
import type { Database } from './schema.js'
import type { Scope } from './scope.js'

type Db = Kysely<Database>

/** Finished runs of one project in one hour with one status. */
export interface RunStat {
  projectId: number
  hour: number
  status: string
  n: number
}

/** One statement, its rows in one order (merged): concurrent writers lock them in that order. */
export async function addRunStats(db: Db, counts: RunStat[]): Promise<void> {
  const rows = merged(counts)
  if (rows.length === 0) return
  const values = rows.flatMap((c) => [c.projectId, c.hour, c.status, c.n])
  // every batch that finishes a run writes these: compiled once per row count (cached-query.ts),
  // run through db.executeQuery (a transaction's last writes may be combined: combined-writes.ts)
  await executeCached(db, `addRunStats:${rows.length}`, values, (slot) =>
    db
      .insertInto('run_stats')
      .values(
        rows.map((_, i) => ({
          project_id: slot(4 * i),
          hour: slot(4 * i + 1),
          status: slot(4 * i + 2),
          n: slot(4 * i + 3),
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['project_id', 'hour', 'status'])
          .doUpdateSet((eb) => ({ n: eb('run_stats.n', '+', eb.ref('excluded.n')) })),
      ),
  )
}

/** One row per (project, hour, status), in one order for every writer: no two transactions wait in a cycle. */
function merged(counts: RunStat[]) {
  const byKey = new Map<string, RunStat>()
  for (const c of counts) {
    const key = `${c.projectId}:${c.hour}:${c.status}`
    const seen = byKey.get(key)
    if (seen) seen.n += c.n
    else byKey.set(key, { ...c })
  }
  return [...byKey.values()].sort(
    (a, b) =>
      a.projectId - b.projectId ||
      a.hour - b.hour ||
      (a.status < b.status ? -1 : a.status > b.status ? 1 : 0),
  )
}

export async function runStatsSince(db: Db, scope: Scope, hour: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('run_stats')
    .select(['status', (eb) => eb.fn.sum<number | string>('n').as('n')])
    .where('hour', '>=', hour)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}
