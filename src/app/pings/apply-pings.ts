// Applies a batch of ping observations inside one transaction: resolve jobs, open and close
// runs, record ping events, settle each touched job and its alerts.
import { decidePing, type OpenRunView } from '../../domain/ping.js'
import type { JobRecord, RunRecord } from '../../domain/records.js'
import type { RunOutcome } from '../../domain/run-outcome.js'
import { ActiveAlerts } from '../../evaluate/active-alerts.js'
import { finishRun, runStat } from '../../evaluate/finish-run.js'
import { settleJob } from '../../evaluate/settle-job.js'
import type { PingObservation, PingResult } from '../../ingest/observation.js'
import type { JobSettingsPatch, JobStatePatch, NewPingEvent, NewRun, Store } from '../../store/store.js'
import { defaultJob } from '../jobs/job-defaults.js'

interface WorkingRun {
  id: number | null
  row: NewRun
  dirty: boolean
}

interface WorkingJob {
  job: JobRecord
  runs: WorkingRun[]
  /** runs still open, as indexes into `runs` */
  open: number[]
  /** ends in arrival order; their alerts are decided once the runs have ids */
  ends: { run: WorkingRun; outcome: RunOutcome; exitCode: number | null; at: number }[]
  unpaused: boolean
}

export interface AppliedBatch {
  results: PingResult[]
  /** earliest next_due_at among the touched jobs, for the evaluator's timer */
  earliestDue: number | null
}

function appendLog(run: NewRun, body: Buffer, bodySize: number, limit: number): void {
  run.log_size += bodySize
  if (bodySize === 0) return
  const current = run.log ? Buffer.from(run.log) : Buffer.alloc(0)
  if (current.length >= limit) return
  run.log = Buffer.concat([current, body.subarray(0, limit - current.length)])
}

function runFromRecord(r: RunRecord): NewRun {
  return {
    job_id: r.jobId,
    server_id: r.serverId,
    rid: r.rid,
    kind: r.kind,
    status: r.status,
    failure_kind: r.failureKind,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
    sort_at: r.startedAt ?? r.finishedAt ?? 0,
    duration_ms: r.durationMs,
    exit_code: r.exitCode,
    size_bytes: r.sizeBytes,
    added_bytes: r.addedBytes,
    files_total: r.filesTotal,
    files_new: r.filesNew,
    files_changed: r.filesChanged,
    error: r.error,
    source: r.source,
    log: r.log ?? null,
    log_size: r.logSize,
    details: r.details === null ? null : JSON.stringify(r.details),
  }
}

function newRun(job: JobRecord, obs: PingObservation): NewRun {
  return {
    job_id: job.id,
    server_id: job.serverId,
    rid: obs.signal.rid,
    kind: 'backup',
    status: 'running',
    failure_kind: null,
    started_at: obs.receivedAt,
    finished_at: null,
    sort_at: obs.receivedAt,
    duration_ms: null,
    exit_code: null,
    size_bytes: null,
    added_bytes: null,
    files_total: null,
    files_new: null,
    files_changed: null,
    error: null,
    source: obs.source,
    log: null,
    log_size: 0,
    details: null,
  }
}

/** Settings of a job a ping creates (`?create=1`): the `default` policy's job_defaults. */
export type PingJobDefaults = () => JobSettingsPatch

async function resolveJobs(tx: Store, batch: PingObservation[], now: number, defaults: PingJobDefaults) {
  const uuids = new Set<string>()
  const slugs = new Set<string>()
  for (const o of batch) {
    if ('uuid' in o.target) uuids.add(o.target.uuid)
    else slugs.add(o.target.slug)
  }
  // Decided from locked, current rows (one statement, id order): the evaluator (any instance's)
  // settling one of them meanwhile is waited for, never overwritten, and its alert is seen.
  const found = await tx.lockJobsByKey({ uuids: [...uuids], slugs: [...slugs] })
  const byUuid = new Map(found.filter((j) => uuids.has(j.uuid)).map((j) => [j.uuid, j]))
  const bySlug = new Map(found.filter((j) => slugs.has(j.slug)).map((j) => [j.slug, j]))
  const created = new Set<number>()
  for (const [i, o] of batch.entries()) {
    if ('slug' in o.target && o.target.create && !bySlug.has(o.target.slug)) {
      const job = await tx.createJob({ ...defaultJob(o.target.slug), ...defaults() }, now)
      bySlug.set(job.slug, job)
      created.add(i)
    }
  }
  const jobOf = (o: PingObservation) =>
    'uuid' in o.target ? byUuid.get(o.target.uuid) : bySlug.get(o.target.slug)
  return { jobOf, created }
}

export async function applyPings(
  tx: Store,
  batch: PingObservation[],
  now: number,
  bodyLimit: number,
  jobDefaults: PingJobDefaults = () => ({}),
): Promise<AppliedBatch> {
  const { jobOf, created } = await resolveJobs(tx, batch, now, jobDefaults)
  const results: PingResult[] = []
  const working = new Map<number, WorkingJob>()
  const jobIds = new Set<number>()
  for (const o of batch) {
    const job = jobOf(o)
    if (job) jobIds.add(job.id)
  }
  const openByJob = new Map<number, RunRecord[]>()
  for (const r of await tx.openRuns([...jobIds])) {
    const list = openByJob.get(r.jobId) ?? []
    list.push(r)
    openByJob.set(r.jobId, list)
  }
  const events: { row: NewPingEvent; run: WorkingRun | null }[] = []

  for (const [i, o] of batch.entries()) {
    const job = jobOf(o)
    if (!job) {
      results.push('not_found')
      continue
    }
    if (o.signal.action === 'exit' && (o.signal.exitStatus ?? 0) > 255) {
      results.push('invalid_exit_status')
      continue
    }
    results.push(created.has(i) ? 'created' : 'ok')

    let w = working.get(job.id)
    if (!w) {
      const runs = (openByJob.get(job.id) ?? []).map((r) => ({
        id: r.id,
        row: runFromRecord(r),
        dirty: false,
      }))
      w = { job, runs, open: runs.map((_, k) => k), ends: [], unpaused: false }
      working.set(job.id, w)
    }
    const views: OpenRunView[] = w.open.map((k) => ({
      index: k,
      rid: w.runs[k]!.row.rid,
      startedAt: w.runs[k]!.row.started_at,
    }))
    const decision = decidePing(o.signal, views, job, () => (o.bodySize > 0 ? o.body.toString('utf8') : null))
    let target: WorkingRun | null = null
    const at = o.receivedAt
    const close = (k: number) => {
      w.open = w.open.filter((x) => x !== k)
    }
    if (decision.kind === 'start') {
      if (decision.supersede !== null) {
        const old = w.runs[decision.supersede]!
        Object.assign(old.row, {
          status: 'failed',
          failure_kind: 'timeout',
          error: 'superseded by a new start',
          finished_at: at,
          sort_at: at,
          duration_ms: old.row.started_at === null ? null : at - old.row.started_at,
        })
        old.dirty = true
        close(decision.supersede)
      }
      target = { id: null, row: newRun(job, o), dirty: true }
      w.runs.push(target)
      w.open.push(w.runs.length - 1)
      appendLog(target.row, o.body, o.bodySize, bodyLimit)
    } else if (decision.kind === 'log') {
      if (decision.attachTo !== null) {
        target = w.runs[decision.attachTo]!
        appendLog(target.row, o.body, o.bodySize, bodyLimit)
        target.dirty = true
      }
    } else {
      if (decision.close !== null) {
        target = w.runs[decision.close]!
        close(decision.close)
      } else {
        // An end without a start: a duration the client measured dates the start.
        const startedAt = o.durationMs == null ? null : at - o.durationMs
        target = { id: null, row: { ...newRun(job, o), started_at: startedAt }, dirty: true }
        w.runs.push(target)
      }
      const r = target.row
      r.status = decision.outcome.status
      r.failure_kind = decision.outcome.failureKind
      r.exit_code = decision.exitCode
      r.finished_at = at
      r.sort_at = at
      r.duration_ms = r.started_at === null ? null : Math.max(0, at - r.started_at)
      r.source = o.source
      appendLog(r, o.body, o.bodySize, bodyLimit)
      target.dirty = true
      const failed = decision.outcome.status === 'failed'
      job.lastPingAt = at
      job.lastPingFailed = failed
      if (!failed) job.lastSuccessAt = at
      // An end ping un-pauses a paused job, as in Healthchecks.
      if (job.paused) {
        job.paused = false
        w.unpaused = true
      }
      w.ends.push({ run: target, outcome: decision.outcome, exitCode: decision.exitCode, at })
    }
    events.push({
      row: {
        job_id: job.id,
        run_id: null,
        kind: o.signal.action,
        exit_status: o.signal.exitStatus,
        rid: o.signal.rid,
        source: o.source,
        method: o.method,
        remote_addr: o.remoteAddr,
        user_agent: o.userAgent,
        body_size: o.bodySize,
        body: target === null && o.bodySize > 0 ? o.body : null,
        received_at: at,
      },
      run: target,
    })
  }

  // Write runs first (one statement for the batch): ping events and the job's last run point at
  // their ids. Few statements per batch keep the jobs' locks short.
  const fresh = [...working.values()].flatMap((w) => w.runs.filter((r) => r.id === null))
  const ids = await tx.insertRuns(
    fresh.map((r) => r.row),
    now,
  )
  fresh.forEach((r, k) => {
    r.id = ids[k]!
    r.dirty = false
  })
  for (const w of working.values()) {
    for (const r of w.runs) if (r.dirty && r.id !== null) await tx.updateRun(r.id, r.row)
  }
  // the active alerts of every job a run ended for, in one query
  const ending = [...working.values()].filter((w) => w.ends.length > 0).map((w) => w.job.id)
  const activeByJob = await tx.activeAlertsOfJobs(ending)
  await tx.insertPingEvents(events.map((e) => ({ ...e.row, run_id: e.run?.id ?? null })))

  let earliestDue: number | null = null
  const stats: ReturnType<typeof runStat>[] = []
  for (const w of working.values()) {
    const job = w.job
    const openStarts = w.open.map((k) => w.runs[k]!.row.started_at).filter((s): s is number => s !== null)
    job.runningSince = openStarts.length > 0 ? Math.min(...openStarts) : null
    const finished = w.runs.filter((r) => r.row.status !== 'running' && r.row.finished_at !== null)
    const last = finished.reduce<WorkingRun | null>(
      (a, r) => (a === null || (r.row.finished_at ?? 0) >= (a.row.finished_at ?? 0) ? r : a),
      null,
    )
    if (last?.id != null && job.lastPingAt === last.row.finished_at) job.lastRunId = last.id
    if (w.unpaused) await tx.updateJobSettings(job.id, { paused: 0 }, now)
    const patch: JobStatePatch = {
      running_since: job.runningSince,
      last_ping_at: job.lastPingAt,
      last_ping_failed: job.lastPingFailed ? 1 : 0,
      last_success_at: job.lastSuccessAt,
      last_run_id: job.lastRunId,
    }
    // Only ends need the active alerts; a start alone has none to change.
    const alerts = new ActiveAlerts(tx, { jobId: job.id }, new Map(activeByJob.get(job.id) ?? []))
    for (const e of w.ends) {
      const run = {
        id: e.run.id,
        kind: 'backup' as const,
        status: e.outcome.status,
        failureKind: e.outcome.failureKind,
        exitCode: e.exitCode,
        error: null,
        finishedAt: e.at,
        sizeBytes: null,
        addedBytes: null,
        newest: true,
      }
      await finishRun(job, run, patch, alerts, now)
      stats.push(runStat(run))
    }
    const due = await settleJob(tx, job, now, patch, alerts)
    if (due !== null && (earliestDue === null || due < earliestDue)) earliestDue = due
  }
  if (stats.length > 0) await tx.addRunStats(stats)
  return { results, earliestDue }
}
