// The jobs' SQL, one set for SQLite and PostgreSQL. The store's methods call these (kysely/<role>.ts).
import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import type { JobRecord } from '../domain/records.js'
import { executeCached } from './cached-query.js'
import { chunks, MAX_IN } from './chunks.js'
import { jobFromRow } from './mappers.js'
import type { JobRef, JobSettingsPatch, JobStatePatch, NewJob, SlugKey } from './roles/job-store.js'
import type { Database } from './schema.js'
import { projectOf, type Scope } from './scope.js'

type Db = Kysely<Database>

/** Jobs with their server's name and their effective policy's parts (what jobFromRow reads). */
export function jobQuery(db: Db, scope: Scope) {
  return (
    db
      .selectFrom('jobs')
      .leftJoin('servers', 'servers.id', 'jobs.server_id')
      // The job's environment policy and the `default` one of its project: the record carries
      // its effective policy.
      .leftJoin('policies as env_policy', (join) =>
        join
          .onRef('env_policy.environment', '=', 'jobs.environment')
          .onRef('env_policy.project_id', '=', 'jobs.project_id'),
      )
      .leftJoin('policies as default_policy', (join) =>
        join
          .on('default_policy.environment', '=', sql.lit('default'))
          .onRef('default_policy.project_id', '=', 'jobs.project_id'),
      )
      .$if(scope !== null, (q) => q.where('jobs.project_id', '=', scope as number))
      .selectAll('jobs')
      .select([
        'servers.name as server_name',
        'servers.offline_since as server_offline_since',
        'env_policy.settings as env_policy',
        'default_policy.settings as default_policy',
      ])
  )
}

export async function createJob(db: Db, scope: Scope, job: NewJob, now: number): Promise<JobRecord> {
  const row = await db
    .insertInto('jobs')
    .values({
      ...job,
      project_id: projectOf(scope, 'a job'),
      // optional in NewJob: an explicit undefined must not drop the NOT NULL status column
      status: job.status ?? 'new',
      source: job.source ?? 'api',
      next_due_at: job.next_due_at ?? null,
      down_reason: null,
      running_since: null,
      last_ping_at: null,
      last_ping_failed: 0,
      last_success_at: null,
      last_run_id: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return (await getJob(db, scope, { id: Number(row.id) }))!
}

export async function updateJobSettings(
  db: Db,
  scope: Scope,
  id: number,
  patch: JobSettingsPatch,
  now: number,
): Promise<JobRecord> {
  await db
    .updateTable('jobs')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .execute()
  const job = await getJob(db, scope, { id })
  if (!job) throw new Error(`job ${id} not found`)
  return job
}

/** Writes the settings only where one differs from the stored value; null when none did. */
export async function updateChangedJobSettings(
  db: Db,
  scope: Scope,
  id: number,
  patch: JobSettingsPatch,
  now: number,
): Promise<JobRecord | null> {
  const columns = Object.entries(patch) as [keyof JobSettingsPatch, unknown][]
  if (columns.length === 0) return null
  const res = await db
    .updateTable('jobs')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .where((eb) => eb.or(columns.map(([c, v]) => eb(c, 'is distinct from', v as never))))
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 0 ? null : getJob(db, scope, { id })
}

export async function updateJobState(
  db: Db,
  scope: Scope,
  id: number,
  patch: JobStatePatch,
  now: number,
): Promise<void> {
  const { run_counts_add: add, ...columns } = patch
  // compiled once per set of columns (cached-query.ts): every settle and run writes one of a few
  const names = Object.keys(columns).filter((c) => columns[c as keyof typeof columns] !== undefined)
  const counts = (['succeeded', 'warning', 'failed'] as const).filter((k) => add?.[k])
  const values = [
    ...names.map((c) => columns[c as keyof typeof columns]),
    ...counts.map((k) => add![k]),
    now,
    id,
    scope,
  ]
  const key = `updateJobState:${scope === null}:${names.join(',')}:${counts.join(',')}`
  await executeCached(db, key, values, (slot) => {
    let next = 0
    const set: Record<string, unknown> = {}
    for (const c of names) set[c] = slot(next++)
    return db
      .updateTable('jobs')
      .set((eb) => ({
        ...set,
        // increments, never read-modify-write: runs counted by other transactions are kept
        ...Object.fromEntries(counts.map((k) => [`runs_${k}`, eb(`runs_${k}`, '+', slot(next++))])),
        updated_at: slot(next++),
      }))
      .where('id', '=', slot(next++))
      .$if(scope !== null, (q) => q.where('project_id', '=', slot(next)))
  })
}

export async function deleteJob(db: Db, scope: Scope, id: number): Promise<boolean> {
  const res = await db
    .deleteFrom('jobs')
    .where('id', '=', id)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .executeTakeFirst()
  return Number(res.numDeletedRows) > 0
}

export async function getJob(db: Db, scope: Scope, ref: JobRef): Promise<JobRecord | null> {
  const q = jobQuery(db, scope)
  const row = await ('id' in ref
    ? q.where('jobs.id', '=', ref.id)
    : 'slug' in ref
      ? q.where('jobs.slug', '=', ref.slug)
      : q.where('jobs.uuid', '=', ref.uuid)
  ).executeTakeFirst()
  return row ? jobFromRow(row) : null
}

/** The jobs whose `column` is one of `values`, in batches of MAX_IN. */
async function jobsWhereIn(
  db: Db,
  scope: Scope,
  column: 'jobs.uuid' | 'jobs.slug',
  values: string[],
): Promise<JobRecord[]> {
  const out: JobRecord[] = []
  for (const part of chunks([...new Set(values)], MAX_IN)) {
    out.push(...(await jobQuery(db, scope).where(column, 'in', part).execute()).map(jobFromRow))
  }
  return out
}

export function getJobsByUuids(db: Db, scope: Scope, uuids: string[]): Promise<JobRecord[]> {
  return jobsWhereIn(db, scope, 'jobs.uuid', uuids)
}

export function getJobsBySlugs(db: Db, scope: Scope, slugs: string[]): Promise<JobRecord[]> {
  return jobsWhereIn(db, scope, 'jobs.slug', slugs)
}

/** The project's jobs the config file declared (source `config`), by id. */
export async function configJobs(db: Db, scope: Scope): Promise<JobRecord[]> {
  const rows = await jobQuery(db, scope)
    .where('jobs.project_id', '=', projectOf(scope, 'config jobs'))
    .where('jobs.source', '=', sql.lit('config'))
    .orderBy('jobs.id')
    .execute()
  return rows.map(jobFromRow)
}

export async function countJobs(db: Db, scope: Scope): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Jobs whose next_due_at has passed, earliest first. On PostgreSQL inside a transaction they are
 * claimed: locked until it ends, and jobs another transaction holds are skipped (that one, a ping
 * or another instance's evaluator, settles them); the due condition is re-checked on the newest
 * committed row, so a job a ping just moved is never settled from an old snapshot.
 */
export async function dueJobs(
  db: Db,
  scope: Scope,
  now: number,
  limit: number,
  claim: boolean,
): Promise<JobRecord[]> {
  const rows = await jobQuery(db, scope)
    .where('jobs.next_due_at', '<=', now)
    .orderBy('jobs.next_due_at')
    .orderBy('jobs.id')
    .limit(limit)
    .$if(claim, (q) => q.forUpdate('jobs').skipLocked())
    .execute()
  return rows.map(jobFromRow)
}

/**
 * The jobs with one of these uuids or (project, slug)s, read and (when `lock`) locked in one
 * statement in ascending id order, as lockJobs does: what ingestion reads its jobs with, one
 * query a batch.
 */
export async function lockJobsByKey(
  db: Db,
  scope: Scope,
  keys: { uuids?: string[]; slugs?: SlugKey[] },
  lock: boolean,
): Promise<JobRecord[]> {
  const uuids = [...new Set(keys.uuids ?? [])]
  const pairs = (keys.slugs ?? []).map((k) =>
    typeof k === 'string' ? { projectId: projectOf(scope, 'a slug lookup'), slug: k } : k,
  )
  const slugs = [...new Map(pairs.map((k) => [`${k.projectId}/${k.slug}`, k])).values()]
  if (uuids.length + slugs.length === 0) return []
  // beyond MAX_IN keys the order holds per statement only (batches stay far below it)
  const out = new Map<number, JobRecord>()
  for (const part of chunks(
    [...uuids.map((u) => ({ uuid: u })), ...slugs.map((s) => ({ slug: s }))],
    MAX_IN,
  )) {
    const u = part.flatMap((k) => ('uuid' in k ? [k.uuid] : []))
    const byProject = new Map<number, string[]>()
    for (const k of part) {
      if ('slug' in k)
        byProject.set(k.slug.projectId, [...(byProject.get(k.slug.projectId) ?? []), k.slug.slug])
    }
    const groups = [...byProject]
    const values: unknown[] = [scope, ...u, ...groups.flatMap(([projectId, s]) => [projectId, ...s])]
    const shape = [scope === null, lock, u.length, ...groups.map(([, s]) => s.length)].join(':')
    const { rows } = await executeCached(db, `lockJobsByKey:${shape}`, values, (slot) => {
      let next = 1
      const uSlots = u.map(() => slot(next++))
      const groupSlots = groups.map(([, s]) => ({
        projectId: slot(next++),
        slugs: s.map(() => slot(next++)),
      }))
      // The project inside each arm, not beside the OR: with it beside, SQLite reads every job
      // of the project through jobs_project; in the arms, each key is one index lookup.
      const inScope = (eb: ExpressionBuilder<Database, 'jobs'>) =>
        scope === null ? [] : [eb('jobs.project_id', '=', slot(0))]
      const q = jobQuery(db, null)
        .where((eb) =>
          eb.or([
            ...(uSlots.length > 0 ? [eb.and([eb('jobs.uuid', 'in', uSlots), ...inScope(eb)])] : []),
            ...groupSlots.map((g) =>
              eb.and([
                eb('jobs.project_id', '=', g.projectId),
                eb('jobs.slug', 'in', g.slugs),
                ...inScope(eb),
              ]),
            ),
          ]),
        )
        .orderBy('jobs.id')
      return lock ? q.forUpdate('jobs') : q
    })
    for (const row of rows) out.set(Number(row.id), jobFromRow(row))
  }
  return [...out.values()]
}

/**
 * Locks the jobs (PostgreSQL; a no-op lock on SQLite, whose writers are serialised) and reads
 * them afresh, by id. Every transaction that changes a job's state locks it this way first, and
 * always in ascending id order, so two writers never settle one job from two snapshots and never
 * wait on each other in a cycle.
 */
export async function lockJobs(db: Db, scope: Scope, ids: number[], lock: boolean): Promise<JobRecord[]> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b)
  const out: JobRecord[] = []
  for (const part of chunks(sorted, MAX_IN)) {
    const q = jobQuery(db, scope).where('jobs.id', 'in', part).orderBy('jobs.id')
    out.push(...(await (lock ? q.forUpdate('jobs') : q).execute()).map(jobFromRow))
  }
  return out
}

/** The earliest instant a job or a server falls due (jobs' next_due_at, servers' offline_at). */
export async function earliestDueAt(db: Db): Promise<number | null> {
  const job = await db
    .selectFrom('jobs')
    .select('next_due_at')
    .where('next_due_at', 'is not', null)
    .orderBy('next_due_at')
    .limit(1)
    .executeTakeFirst()
  const server = await db
    .selectFrom('servers')
    .select('offline_at')
    .where('offline_at', 'is not', null)
    .where('offline_since', 'is', null)
    .orderBy('offline_at')
    .limit(1)
    .executeTakeFirst()
  const times = [job?.next_due_at, server?.offline_at].filter((t): t is number => t != null)
  return times.length === 0 ? null : Math.min(...times)
}
