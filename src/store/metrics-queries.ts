// The rows /metrics reads, one set of queries for SQLite and PostgreSQL. The store's methods call
// these (kysely/<role>.ts).
import { type Kysely, sql } from 'kysely'
import type { MetricsAlertCount, MetricsJobRow } from '../domain/metrics-rows.js'
import type { Database } from './schema.js'
import type { Scope } from './scope.js'

type Db = Kysely<Database>

export async function metricsJobsPage(
  db: Db,
  scope: Scope,
  afterId: number,
  limit: number,
): Promise<MetricsJobRow[]> {
  // Selected straight into the row's shape: no second object per job (a scrape reads them all).
  // Every numeric column is an integer type, which both drivers hand out as a JS number.
  return await db
    .selectFrom('jobs')
    .leftJoin('servers', 'servers.id', 'jobs.server_id')
    .leftJoin('runs', 'runs.id', 'jobs.last_run_id')
    .select([
      'jobs.id as id',
      'jobs.slug as slug',
      'servers.name as serverName',
      'jobs.environment as environment',
      'jobs.tool as tool',
      'jobs.status as status',
      'jobs.last_success_at as lastSuccessAt',
      'runs.finished_at as lastRunFinishedAt',
      'runs.duration_ms as lastRunDurationMs',
      'runs.size_bytes as lastRunSizeBytes',
      'runs.added_bytes as lastRunAddedBytes',
      'jobs.runs_succeeded as runsSucceeded',
      'jobs.runs_warning as runsWarning',
      'jobs.runs_failed as runsFailed',
    ])
    .where('jobs.id', '>', afterId)
    .$if(scope !== null, (q) => q.where('jobs.project_id', '=', scope as number))
    .orderBy('jobs.id')
    .limit(limit)
    .execute()
}

export async function metricsAlertCounts(db: Db, scope: Scope): Promise<MetricsAlertCount[]> {
  const rows = await db
    .selectFrom('alerts')
    .select(['severity', 'type', (eb) => eb.fn.countAll<number | string>().as('n')])
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .where('status', '=', sql.lit('active'))
    .groupBy(['severity', 'type'])
    .execute()
  return rows.map((r) => ({ severity: r.severity, type: r.type, n: Number(r.n) }))
}
