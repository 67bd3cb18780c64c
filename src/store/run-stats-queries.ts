// Hourly run counts per status (run_stats), one set of queries for SQLite and PostgreSQL.
// KyselyStore delegates here.
import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

type Db = Kysely<Database>

export async function addRunStats(
  db: Db,
  counts: { hour: number; status: string; n: number }[],
): Promise<void> {
  for (const c of counts) {
    await db
      .insertInto('run_stats')
      .values(c)
      .onConflict((oc) =>
        oc.columns(['hour', 'status']).doUpdateSet((eb) => ({ n: eb('run_stats.n', '+', c.n) })),
      )
      .execute()
  }
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
