// The fleet report's counts and problem list, one set of queries for SQLite and PostgreSQL.
// The store's methods call these (kysely/<role>.ts).
import { type Kysely, sql } from 'kysely'
import type { AlertRecord } from '../domain/records.js'
import { SEVERITIES } from '../domain/types.js'
import { alertQuery } from './alerts-queries.js'
import { alertFromRow } from './mappers.js'
import type { RestoreTestFacts, ServerHealthCounts } from './roles/report-store.js'
import type { Database } from './schema.js'
import type { Scope } from './scope.js'

type Db = Kysely<Database>

// 'active' is written as a literal: SQLite uses a partial index (… where status = 'active')
// only when the query repeats its predicate as the same expression, not as a bound parameter.
export async function jobStatusCounts(db: Db, scope: Scope): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}

export async function restoreTestFacts(db: Db, scope: Scope): Promise<RestoreTestFacts> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => [
      eb.fn.count<number | string>('last_restore_test_at').as('n'),
      eb.fn.min('last_restore_test_at').as('oldest'),
    ])
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .executeTakeFirstOrThrow()
  return { jobsVerified: Number(row.n), oldestVerifiedAt: row.oldest === null ? null : Number(row.oldest) }
}

/** `and <column> = <project>` for the raw queries, nothing for the view of every project. */
function andInProject(scope: Scope, column: string) {
  return scope === null ? sql`` : sql`and ${sql.ref(column)} = ${scope}`
}

export async function serverHealthCounts(db: Db, scope: Scope, now: number): Promise<ServerHealthCounts> {
  // online/offline as domain/server-status.ts: marked offline, or the heartbeat timeout has passed.
  // Servers with jobs and servers with a job that is not up to date are counted from indexes
  // (jobs_server_id, jobs_status, jobs_never_succeeded, alerts_one_active): the not-up-to-date
  // jobs are few, and no query reads every job row.
  const beats = sql`heartbeat_timeout is not null and last_heartbeat_at is not null`
  const live = (t: string) => sql.raw(`${t}.paused = 0 and ${t}.status <> 'paused'`)
  const { rows } = await sql<Record<'total' | 'online' | 'offline' | 'with_jobs' | 'behind', unknown>>`
    select
      count(*) as "total",
      sum(case when offline_since is null and ${beats}
        and last_heartbeat_at + heartbeat_timeout >= ${now} then 1 else 0 end) as "online",
      sum(case when offline_since is not null or (${beats}
        and last_heartbeat_at + heartbeat_timeout < ${now}) then 1 else 0 end) as "offline",
      (select count(distinct server_id) from jobs where server_id is not null
        ${andInProject(scope, 'jobs.project_id')}) as "with_jobs",
      (select count(distinct server_id) from (
        select server_id from jobs where status = 'down' and ${live('jobs')}
          ${andInProject(scope, 'jobs.project_id')}
        union all
        select server_id from jobs where last_success_at is null and ${live('jobs')}
          ${andInProject(scope, 'jobs.project_id')}
        union all
        select j.server_id from alerts a join jobs j on j.id = a.job_id
        where a.status = 'active' and a.type in ('job.stale', 'job.failed') and ${live('j')}
          ${andInProject(scope, 'j.project_id')}
      ) behind where server_id is not null) as "behind"
    from servers where 1 = 1 ${andInProject(scope, 'servers.project_id')}`.execute(db)
  const r = rows[0]!
  const n = (v: unknown) => Number(v ?? 0)
  return {
    total: n(r.total),
    online: n(r.online),
    offline: n(r.offline),
    withoutJobs: n(r.total) - n(r.with_jobs),
    upToDate: n(r.with_jobs) - n(r.behind),
  }
}

export async function activeAlertCounts(db: Db, scope: Scope): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('alerts')
    .select(['severity', (eb) => eb.fn.countAll<number | string>().as('n')])
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .where('status', '=', sql.lit('active'))
    .groupBy('severity')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.severity, Number(r.n)]))
}

export async function activeProblems(db: Db, scope: Scope, limit: number): Promise<AlertRecord[]> {
  // One indexed query per severity (alerts_active_severity) instead of sorting every active alert.
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`)
  }
  const out: AlertRecord[] = []
  for (const severity of SEVERITIES) {
    if (out.length >= limit) break
    const rows = await alertQuery(db, scope)
      .where('alerts.status', '=', sql.lit('active'))
      .where('alerts.severity', '=', severity)
      .orderBy('alerts.opened_at')
      .orderBy('alerts.id')
      .limit(limit - out.length)
      .execute()
    out.push(...rows.map(alertFromRow))
  }
  return out
}
