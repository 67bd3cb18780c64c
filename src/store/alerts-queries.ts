// The alerts' SQL, one set for SQLite and PostgreSQL. kysely/alerts.ts passes the store's
// `transitioned` (the alert sink, called in the caller's transaction) to the writes that move an alert.
import { type Kysely, sql } from 'kysely'
import type { AlertRecord } from '../domain/records.js'
import type { AlertType, Severity } from '../domain/types.js'
import { executeCached } from './cached-query.js'
import { chunks, MAX_IN } from './chunks.js'
import { decodeCursor, fetchLimit, pageOf } from './cursor.js'
import { alertFromRow } from './mappers.js'
import type { Page, PageRequest } from './page.js'
import type { AlertFilter, AlertTransition, NewAlert } from './roles/alert-store.js'
import type { Database } from './schema.js'
import type { Scope } from './scope.js'

type Db = Kysely<Database>

/** 'active' as a literal, never a parameter: SQLite recompiles a statement on every execution when
 * a parameter is compared with a column a partial index is conditioned on (alerts_one_active,
 * alerts_active_severity), which cost more than running it. */
const ACTIVE = sql.lit('active')

/** Tells the alert sink about an alert's transition, in the transaction the write ran in. */
export type Transitioned = (alertId: number, transition: AlertTransition, now: number) => Promise<void>

type Subject = { jobId?: number | null; serverId?: number | null; key?: string }

function subjectOf(s: Subject): string {
  if (s.key !== undefined) return s.key
  return s.jobId != null ? `job:${s.jobId}` : `server:${s.serverId}`
}

export function alertQuery(db: Db, scope: Scope) {
  return (
    db
      .selectFrom('alerts')
      .$if(scope !== null, (q) => q.where('alerts.project_id', '=', scope as number))
      .leftJoin('jobs', 'jobs.id', 'alerts.job_id')
      // A job's alert names the job's server, so `?server=` finds it too.
      .leftJoin('servers', (join) =>
        join.on((eb) =>
          eb.or([
            eb('servers.id', '=', eb.ref('alerts.server_id')),
            eb('servers.id', '=', eb.ref('jobs.server_id')),
          ]),
        ),
      )
      .selectAll('alerts')
      .select(['jobs.slug as job_slug', 'servers.name as server_name'])
  )
}

export async function openAlert(
  db: Db,
  a: NewAlert,
  now: number,
  transitioned: Transitioned,
): Promise<AlertRecord | null> {
  const row = await db
    .insertInto('alerts')
    .values({
      project_id: a.projectId,
      type: a.type,
      severity: a.severity,
      status: 'active',
      job_id: a.jobId,
      server_id: a.serverId,
      subject: a.subject ?? subjectOf(a),
      summary: a.summary,
      details: JSON.stringify(a.details),
      opened_at: now,
      resolved_at: null,
    })
    // The conflict target must name the partial index alerts_one_active, predicate included, and
    // as a literal: SQLite only matches an index whose WHERE is the same expression (a bound
    // parameter is not), and PostgreSQL infers the arbiter index more reliably from a constant.
    .onConflict((oc) => oc.columns(['type', 'subject']).where('status', '=', sql.lit('active')).doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!row) return null
  await transitioned(Number(row.id), 'opened', now)
  return getAlert(db, null, Number(row.id))
}

export async function resolveAlerts(
  db: Db,
  subject: Subject,
  types: AlertType[],
  now: number,
  transitioned: Transitioned,
): Promise<number> {
  if (types.length === 0) return 0
  const rows = await db
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: now })
    .where('subject', '=', subjectOf(subject))
    .where('status', '=', ACTIVE)
    .where('type', 'in', types)
    .returning('id')
    .execute()
  for (const r of rows) await transitioned(Number(r.id), 'resolved', now)
  return rows.length
}

/** Resolves one active alert of the store's project by hand; false when none of that id is active. */
export async function resolveAlert(
  db: Db,
  scope: Scope,
  id: number,
  now: number,
  transitioned: Transitioned,
): Promise<boolean> {
  const row = await db
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: now })
    .where('id', '=', id)
    .where('status', '=', ACTIVE)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .returning('id')
    .executeTakeFirst()
  if (!row) return false
  await transitioned(Number(row.id), 'resolved', now)
  return true
}

export async function activeAlertTypes(
  db: Db,
  subject: { jobId?: number; serverId?: number },
): Promise<AlertType[]> {
  const rows = await db
    .selectFrom('alerts')
    .select('type')
    .where('subject', '=', subjectOf(subject))
    .where('status', '=', ACTIVE)
    .execute()
  return rows.map((r) => r.type as AlertType)
}

export async function updateActiveAlert(
  db: Db,
  subject: { jobId?: number; serverId?: number },
  type: AlertType,
  patch: { severity: Severity; summary: string; details: Record<string, unknown> },
  now: number,
  transitioned: Transitioned,
): Promise<void> {
  const rows = await db
    .updateTable('alerts')
    .set({ severity: patch.severity, summary: patch.summary, details: JSON.stringify(patch.details) })
    .where('subject', '=', subjectOf(subject))
    .where('type', '=', type)
    .where('status', '=', ACTIVE)
    .returning('id')
    .execute()
  // Only a rise in severity is news worth sending (a warning that became critical).
  if (patch.severity === 'critical') {
    for (const r of rows) await transitioned(Number(r.id), 'escalated', now)
  }
}

export async function activeAlertsOf(db: Db, subject: { jobId?: number; serverId?: number }) {
  const { rows } = await executeCached(db, 'activeAlertsOf', [subjectOf(subject)], (slot) =>
    db
      .selectFrom('alerts')
      .select(['type', 'severity'])
      .where('subject', '=', slot(0))
      .where('status', '=', ACTIVE),
  )
  return rows.map((r) => ({ type: r.type as AlertType, severity: r.severity as Severity }))
}

/** The active alerts of several jobs in one query: job id → [type, severity] pairs (jobs with none absent). */
export async function activeAlertsOfJobs(
  db: Db,
  jobIds: number[],
): Promise<Map<number, [AlertType, Severity][]>> {
  const out = new Map<number, [AlertType, Severity][]>()
  for (const part of chunks([...new Set(jobIds)], MAX_IN)) {
    // every ping batch that ends a run asks: compiled once per number of jobs (cached-query.ts)
    const subjects = part.map((id) => subjectOf({ jobId: id }))
    const { rows } = await executeCached(db, `activeAlertsOfJobs:${part.length}`, subjects, (slot) =>
      db
        .selectFrom('alerts')
        .select(['job_id', 'type', 'severity'])
        .where(
          'subject',
          'in',
          part.map((_, i) => slot(i)),
        )
        .where('status', '=', ACTIVE),
    )
    for (const r of rows) {
      const list = out.get(Number(r.job_id)) ?? []
      list.push([r.type as AlertType, r.severity as Severity])
      out.set(Number(r.job_id), list)
    }
  }
  return out
}

export async function getAlert(db: Db, scope: Scope, id: number): Promise<AlertRecord | null> {
  const row = await alertQuery(db, scope).where('alerts.id', '=', id).executeTakeFirst()
  return row ? alertFromRow(row) : null
}

export async function listAlerts(
  db: Db,
  scope: Scope,
  filter: AlertFilter,
  page: PageRequest,
): Promise<Page<AlertRecord>> {
  let q = alertQuery(db, scope)
    .orderBy('alerts.opened_at', 'desc')
    .orderBy('alerts.id', 'desc')
    .limit(fetchLimit(page))
  if (filter.status !== undefined) q = q.where('alerts.status', '=', filter.status)
  if (filter.severity !== undefined) q = q.where('alerts.severity', '=', filter.severity)
  if (filter.type !== undefined) q = q.where('alerts.type', '=', filter.type)
  if (filter.job !== undefined) q = q.where('alerts.job_id', '=', filter.job)
  if (filter.server !== undefined) q = q.where('servers.id', '=', filter.server)
  if (page.cursor) {
    const c = decodeCursor(page.cursor)
    q = q.where((eb) =>
      eb.or([
        eb('alerts.opened_at', '<', c.sortKey),
        eb.and([eb('alerts.opened_at', '=', c.sortKey), eb('alerts.id', '<', c.id)]),
      ]),
    )
  }
  const rows = (await q.execute()).map(alertFromRow)
  return pageOf(rows, page.limit, (a) => ({ sortKey: a.openedAt, id: a.id }))
}
