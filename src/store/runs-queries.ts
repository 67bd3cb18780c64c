// The runs' SQL, one set for SQLite and PostgreSQL. The store's methods call these (kysely/<role>.ts).
import { type Kysely, sql } from 'kysely'
import type { RunRecord } from '../domain/records.js'
import { executeCached } from './cached-query.js'
import { chunks, MAX_IN } from './chunks.js'
import { decodeCursor, fetchLimit, pageOf } from './cursor.js'
import { insertMany } from './insert-many.js'
import { runFromRow } from './mappers.js'
import type { DialectKind } from './migrations.js'
import type { Page, PageRequest } from './page.js'
import type { NewRun, RunFilter, RunPatch } from './roles/run-store.js'
import type { Database } from './schema.js'
import type { Scope } from './scope.js'

type Db = Kysely<Database>

function runQuery(db: Db, scope: Scope, withLog: boolean) {
  const q = db
    .selectFrom('runs')
    .innerJoin('jobs', 'jobs.id', 'runs.job_id')
    .leftJoin('servers', 'servers.id', 'runs.server_id')
    .$if(scope !== null, (q) => q.where('runs.project_id', '=', scope as number))
    .select([
      'runs.id',
      'runs.project_id',
      'runs.job_id',
      'runs.server_id',
      'runs.rid',
      'runs.kind',
      'runs.status',
      'runs.failure_kind',
      'runs.started_at',
      'runs.finished_at',
      'runs.sort_at',
      'runs.duration_ms',
      'runs.exit_code',
      'runs.size_bytes',
      'runs.added_bytes',
      'runs.files_total',
      'runs.files_new',
      'runs.files_changed',
      'runs.error',
      'runs.source',
      'runs.details',
      'runs.log_size',
      'runs.created_at',
      'jobs.slug as job_slug',
      'servers.name as server_name',
    ])
  return withLog ? q.select('runs.log') : q
}

export async function insertRuns(db: Db, kind: DialectKind, runs: NewRun[], now: number): Promise<number[]> {
  const rows = await insertMany(db, kind, 'runs', runs, true, { created_at: now })
  // RETURNING promises no row order; ids are handed out in insertion order within a
  // statement (and keep increasing even when other sessions take ids in between), so
  // ascending ids are the input order.
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b)
}

export async function updateRun(db: Db, scope: Scope, id: number, patch: RunPatch): Promise<void> {
  await db
    .updateTable('runs')
    .set(patch)
    .where('id', '=', id)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .execute()
}

export async function getRun(db: Db, scope: Scope, id: number, withLog: boolean): Promise<RunRecord | null> {
  // each run report answers with its run: compiled once (cached-query.ts)
  const { rows } = await executeCached(db, `getRun:${scope === null}:${withLog}`, [id, scope], (slot) =>
    runQuery(db, scope === null ? null : slot(1), withLog).where('runs.id', '=', slot(0)),
  )
  return rows[0] ? runFromRow(rows[0]) : null
}

/** The runs with these ids (without their logs), in no particular order; unknown ids are absent. */
export async function getRuns(db: Db, scope: Scope, ids: number[]): Promise<RunRecord[]> {
  const out: RunRecord[] = []
  for (const part of chunks([...new Set(ids)], MAX_IN)) {
    out.push(...(await runQuery(db, scope, false).where('runs.id', 'in', part).execute()).map(runFromRow))
  }
  return out
}

export async function findRunByRid(
  db: Db,
  scope: Scope,
  jobId: number,
  rid: string,
): Promise<RunRecord | null> {
  const row = await runQuery(db, scope, true)
    .where('runs.job_id', '=', jobId)
    .where('runs.rid', '=', rid)
    .orderBy('runs.id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? runFromRow(row) : null
}

export async function openRuns(db: Db, scope: Scope, jobIds: number[]): Promise<RunRecord[]> {
  const out: RunRecord[] = []
  for (const part of chunks([...new Set(jobIds)], MAX_IN)) {
    const { rows } = await executeCached(
      db,
      `openRuns:${scope === null}:${part.length}`,
      [...part, scope],
      (slot) =>
        runQuery(db, scope === null ? null : slot(part.length), true)
          // a literal, not a parameter: SQLite recompiles a statement on every execution when a
          // parameter decides whether a partial index (runs_open) applies (measured ≈150 µs a batch)
          .where('runs.status', '=', sql.lit('running'))
          .where(
            'runs.job_id',
            'in',
            part.map((_, i) => slot(i)),
          )
          .orderBy('runs.id'),
    )
    out.push(...rows.map(runFromRow))
  }
  return out.sort((a, b) => a.id - b.id)
}

export async function listRuns(
  db: Db,
  scope: Scope,
  filter: RunFilter,
  page: PageRequest,
): Promise<Page<RunRecord>> {
  let q = runQuery(db, scope, false)
    .orderBy('runs.sort_at', 'desc')
    .orderBy('runs.id', 'desc')
    .limit(fetchLimit(page))
  if (filter.job !== undefined) q = q.where('runs.job_id', '=', filter.job)
  if (filter.server !== undefined) q = q.where('runs.server_id', '=', filter.server)
  if (filter.status !== undefined) q = q.where('runs.status', '=', filter.status)
  if (filter.since !== undefined) q = q.where('runs.sort_at', '>=', filter.since)
  if (page.cursor) {
    const c = decodeCursor(page.cursor)
    q = q.where((eb) =>
      eb.or([
        eb('runs.sort_at', '<', c.sortKey),
        eb.and([eb('runs.sort_at', '=', c.sortKey), eb('runs.id', '<', c.id)]),
      ]),
    )
  }
  const p = pageOf(await q.execute(), page.limit, (r) => ({ sortKey: Number(r.sort_at), id: Number(r.id) }))
  return { items: p.items.map(runFromRow), nextCursor: p.nextCursor }
}
