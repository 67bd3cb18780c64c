// A batch's view of one job while its pings are applied: its runs (the open ones loaded, the new
// ones not yet written), which of them are still open, and the ends whose alerts are decided
// once the runs have ids.
import type { OpenRunView } from '../../domain/ping.js'
import type { JobRecord, RunRecord } from '../../domain/records.js'
import type { RunOutcome } from '../../domain/run-outcome.js'
import type { PingObservation } from '../../ingest/observation.js'
import type { NewRun } from '../../store/roles/run-store.js'

export interface WorkingRun {
  id: number | null
  row: NewRun
  dirty: boolean
}

export interface RunEnd {
  run: WorkingRun
  outcome: RunOutcome
  exitCode: number | null
  at: number
}

export interface WorkingJob {
  job: JobRecord
  runs: WorkingRun[]
  /** runs still open, as indexes into `runs` */
  open: number[]
  /** ends in arrival order; their alerts are decided once the runs have ids */
  ends: RunEnd[]
  unpaused: boolean
}

/** The working view of `job`, made on its first ping of the batch from its open runs. */
export function workingJob(
  working: Map<number, WorkingJob>,
  job: JobRecord,
  openByJob: Map<number, RunRecord[]>,
): WorkingJob {
  let w = working.get(job.id)
  if (!w) {
    const runs = (openByJob.get(job.id) ?? []).map((r) => ({ id: r.id, row: runFromRecord(r), dirty: false }))
    w = { job, runs, open: runs.map((_, k) => k), ends: [], unpaused: false }
    working.set(job.id, w)
  }
  return w
}

/** The open runs as the ping decision sees them. */
export function openRunViews(w: WorkingJob): OpenRunView[] {
  return w.open.map((k) => ({ index: k, rid: w.runs[k]!.row.rid, startedAt: w.runs[k]!.row.started_at }))
}

export function closeRun(w: WorkingJob, k: number): void {
  w.open = w.open.filter((x) => x !== k)
}

/** Appends a ping's body to a run's log, keeping at most `limit` bytes; the size counts all. */
export function appendLog(run: NewRun, body: Buffer, bodySize: number, limit: number): void {
  run.log_size += bodySize
  if (bodySize === 0) return
  const current = run.log ? Buffer.from(run.log) : Buffer.alloc(0)
  if (current.length >= limit) return
  run.log = Buffer.concat([current, body.subarray(0, limit - current.length)])
}

function runFromRecord(r: RunRecord): NewRun {
  return {
    project_id: r.projectId,
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

/** A run a ping opens (or an end without a start records). */
export function newRun(job: JobRecord, obs: PingObservation): NewRun {
  return {
    project_id: job.projectId,
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
