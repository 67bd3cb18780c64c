// A job's finished runs counted per status and span of time (by sort_at), one query for SQLite
// and PostgreSQL: a calendar or chart of a job that runs every few minutes reads a few thousand
// counts instead of every run. The store's method calls it (kysely/runs.ts).
import { type Kysely, sql } from 'kysely'
import type { RunStatus } from '../domain/types.js'
import type { Database } from './schema.js'
import type { Scope } from './scope.js'

type Db = Kysely<Database>

/** Finished runs of one status whose sort_at falls in [start, start + bucketMs). */
export interface RunBucket {
  start: number
  status: Exclude<RunStatus, 'running'>
  count: number
}

export async function countRunBuckets(
  db: Db,
  scope: Scope,
  jobId: number,
  since: number,
  bucketMs: number,
): Promise<RunBucket[]> {
  if (!Number.isSafeInteger(bucketMs) || bucketMs < 1) throw new RangeError(`bucket of ${bucketMs} ms`)
  // integer division on both dialects (sort_at is an integer column, the divisor a literal)
  const bucket = sql<number | string>`runs.sort_at / ${sql.lit(bucketMs)}`
  const rows = await db
    .selectFrom('runs')
    .select([bucket.as('bucket'), 'runs.status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('runs.job_id', '=', jobId)
    .where('runs.sort_at', '>=', since)
    .where('runs.status', '!=', 'running')
    .$if(scope !== null, (q) => q.where('runs.project_id', '=', scope as number))
    .groupBy([bucket, 'runs.status'])
    .orderBy('bucket')
    .orderBy('runs.status')
    .execute()
  return rows.map((r) => ({
    start: Number(r.bucket) * bucketMs,
    status: r.status as RunBucket['status'],
    count: Number(r.n),
  }))
}
