// Hourly run counts per status (run_stats), one set of queries for SQLite and PostgreSQL.
// The store's methods call these (kysely/<role>.ts).
import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

type Db = Kysely<Database>

export async function addRunStats(
  db: Db,
  counts: { hour: number; status: string; n: number }[],
): Promise<void> {
  for (const c of merged(counts)) {
    await db
      .insertInto('run_stats')
      .values(c)
      .onConflict((oc) =>
        oc.columns(['hour', 'status']).doUpdateSet((eb) => ({ n: eb('run_stats.n', '+', c.n) })),
      )
      .execute()
  }
}

/** One row per (hour, status), in one order for every writer: no two transactions wait in a cycle. */
function merged(counts: { hour: number; status: string; n: number }[]) {
  const byKey = new Map<string, { hour: number; status: string; n: number }>()
  for (const c of counts) {
    const key = `${c.hour}:${c.status}`
    const seen = byKey.get(key)
    if (seen) seen.n += c.n
    else byKey.set(key, { ...c })
  }
  return [...byKey.values()].sort(
    (a, b) => a.hour - b.hour || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0),
  )
}

export async function runStatsSince(db: Db, hour: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('run_stats')
    .select(['status', (eb) => eb.fn.sum<number | string>('n').as('n')])
    .where('hour', '>=', hour)
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}
