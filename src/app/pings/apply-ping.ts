// What one ping does to its job's runs, as domain/ping decides it: a start opens a run (timing
// out the one it supersedes), a log attaches its body to an open run, an end closes one (or
// records a run without a start), takes the numbers or the error its log gives and updates the
// job's last-ping facts.
import { decidePing, type PingDecision } from '../../domain/ping.js'
import type { PingObservation } from '../../ingest/observation.js'
import type { NewPingEvent } from '../../store/roles/run-store.js'
import { takeLogFacts } from './run-log-facts.js'
import { appendLog, closeRun, newRun, openRunViews, type WorkingJob, type WorkingRun } from './working-job.js'

type Decision<K extends PingDecision['kind']> = Extract<PingDecision, { kind: K }>

/** Applies `o` to the working job; returns the run it touched, if any. */
export function applyPing(w: WorkingJob, o: PingObservation, bodyLimit: number): WorkingRun | null {
  const decision = decidePing(o.signal, openRunViews(w), w.job, () =>
    o.bodySize > 0 ? o.body.toString('utf8') : null,
  )
  if (decision.kind === 'start') return startRun(w, o, decision, bodyLimit)
  if (decision.kind === 'log') return attachLog(w, o, decision, bodyLimit)
  return endRun(w, o, decision, bodyLimit)
}

function startRun(w: WorkingJob, o: PingObservation, decision: Decision<'start'>, bodyLimit: number) {
  const at = o.receivedAt
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
    closeRun(w, decision.supersede)
  }
  const run: WorkingRun = { id: null, row: newRun(w.job, o), dirty: true }
  w.runs.push(run)
  w.open.push(w.runs.length - 1)
  appendLog(run.row, o.body, o.bodySize, bodyLimit)
  return run
}

function attachLog(w: WorkingJob, o: PingObservation, decision: Decision<'log'>, bodyLimit: number) {
  if (decision.attachTo === null) return null
  const run = w.runs[decision.attachTo]!
  appendLog(run.row, o.body, o.bodySize, bodyLimit)
  run.dirty = true
  return run
}

function endRun(w: WorkingJob, o: PingObservation, decision: Decision<'end'>, bodyLimit: number) {
  const at = o.receivedAt
  const run = decision.close !== null ? w.runs[decision.close]! : runWithoutStart(w, o)
  if (decision.close !== null) closeRun(w, decision.close)
  const r = run.row
  r.status = decision.outcome.status
  r.failure_kind = decision.outcome.failureKind
  r.exit_code = decision.exitCode
  r.finished_at = at
  r.sort_at = at
  r.duration_ms = r.started_at === null ? null : Math.max(0, at - r.started_at)
  r.source = o.source
  appendLog(r, o.body, o.bodySize, bodyLimit)
  takeLogFacts(r)
  run.dirty = true
  noteEnd(w, at, decision.outcome.status === 'failed')
  w.ends.push({ run, outcome: decision.outcome, exitCode: decision.exitCode, at })
  return run
}

/** An end without a start: a duration the client measured dates the start. */
function runWithoutStart(w: WorkingJob, o: PingObservation): WorkingRun {
  const startedAt = o.durationMs == null ? null : o.receivedAt - o.durationMs
  const run = { id: null, row: { ...newRun(w.job, o), started_at: startedAt }, dirty: true }
  w.runs.push(run)
  return run
}

function noteEnd(w: WorkingJob, at: number, failed: boolean): void {
  const job = w.job
  job.lastPingAt = at
  job.lastPingFailed = failed
  if (!failed) job.lastSuccessAt = at
  // An end ping un-pauses a paused job, as in Healthchecks.
  if (job.paused) {
    job.paused = false
    w.unpaused = true
  }
}

/** The ping event row; its run_id is filled in once the runs are written. */
export function pingEvent(o: PingObservation, w: WorkingJob, run: WorkingRun | null): NewPingEvent {
  return {
    job_id: w.job.id,
    run_id: null,
    kind: o.signal.action,
    exit_status: o.signal.exitStatus,
    rid: o.signal.rid,
    source: o.source,
    method: o.method,
    remote_addr: o.remoteAddr,
    user_agent: o.userAgent,
    body_size: o.bodySize,
    body: run === null && o.bodySize > 0 ? o.body : null,
    received_at: o.receivedAt,
  }
}
