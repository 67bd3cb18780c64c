// After a batch's pings are applied to their jobs' runs: write the runs, then bring each touched
// job's facts up to date, judge the runs that ended and settle the job and its alerts.
import { SYSTEM_ACTOR, target } from '../../domain/audit.js'
import type { AlertType, Severity } from '../../domain/types.js'
import { ActiveAlerts } from '../../evaluate/active-alerts.js'
import { type FinishedRun, finishRun, runStat } from '../../evaluate/finish-run.js'
import { type JobStateWriter, settleJob } from '../../evaluate/settle-job.js'
import type { AlertStore } from '../../store/roles/alert-store.js'
import type { JobStatePatch, JobStore } from '../../store/roles/job-store.js'
import type { RunStore } from '../../store/roles/run-store.js'
import type { CoreStore } from '../../store/store.js'
import type { RunEnd, WorkingJob, WorkingRun } from './working-job.js'

type ActiveByJob = Map<number, [AlertType, Severity][]>

/**
 * Writes the new runs first (one statement for the batch: ping events and the job's last run
 * point at their ids), then the changed ones. Few statements per batch keep the jobs' locks short.
 */
export async function writeRuns(tx: RunStore, touched: WorkingJob[], now: number): Promise<void> {
  const fresh = touched.flatMap((w) => w.runs.filter((r) => r.id === null))
  const ids = await tx.insertRuns(
    fresh.map((r) => r.row),
    now,
  )
  fresh.forEach((r, k) => {
    r.id = ids[k]!
    r.dirty = false
  })
  for (const w of touched) {
    for (const r of w.runs) if (r.dirty && r.id !== null) await tx.updateRun(r.id, r.row)
  }
}

/** The active alerts of every job a run ended for, in one query (a start alone changes none). */
export function activeAlertsOfEnded(tx: AlertStore, touched: WorkingJob[]): Promise<ActiveByJob> {
  return tx.activeAlertsOfJobs(touched.filter((w) => w.ends.length > 0).map((w) => w.job.id))
}

/** Settles every touched job; returns the earliest next deadline among them. */
export async function settleTouchedJobs(
  tx: JobStore & RunStore & AlertStore & Pick<CoreStore, 'inProject'>,
  touched: WorkingJob[],
  activeByJob: ActiveByJob,
  now: number,
): Promise<number | null> {
  let earliestDue: number | null = null
  const stats: ReturnType<typeof runStat>[] = []
  // every touched job's state in one statement (per set of columns), after its alerts: nothing
  // in the batch reads a job's state back
  const states: { id: number; patch: JobStatePatch }[] = []
  const collect = async (id: number, patch: JobStatePatch) => {
    states.push({ id, patch })
  }
  for (const w of touched) {
    const due = await settleTouchedJob(tx, w, activeByJob, now, stats, collect)
    if (due !== null && (earliestDue === null || due < earliestDue)) earliestDue = due
  }
  if (states.length > 0) await tx.updateJobStates(states, now)
  if (stats.length > 0) await tx.addRunStats(stats)
  return earliestDue
}

async function settleTouchedJob(
  tx: JobStore & AlertStore & Pick<CoreStore, 'inProject'>,
  w: WorkingJob,
  activeByJob: ActiveByJob,
  now: number,
  stats: ReturnType<typeof runStat>[],
  writeState: JobStateWriter,
): Promise<number | null> {
  const patch = jobFacts(w)
  if (w.unpaused) {
    await tx.updateJobSettings(w.job.id, { paused: 0 }, now)
    // who resumed it: nobody did, a ping did (audited as Backwatch's doing)
    await tx.inProject(w.job.projectId).recordAudit(
      {
        action: 'job.resumed',
        target: target('job', w.job.id, w.job.slug),
        details: { reason: 'a success or failure ping un-pauses a paused job' },
        actor: SYSTEM_ACTOR,
        ip: null,
      },
      now,
    )
  }
  const alerts = new ActiveAlerts(
    tx,
    { jobId: w.job.id, projectId: w.job.projectId },
    new Map(activeByJob.get(w.job.id) ?? []),
  )
  for (const end of w.ends) {
    const run = finishedRun(end)
    await finishRun(w.job, run, patch, alerts, now)
    stats.push(runStat(w.job.projectId, run))
  }
  return settleJob(tx, w.job, now, patch, alerts, writeState)
}

/** Updates the job's running_since and last run from its runs; the patch of its ping facts. */
function jobFacts(w: WorkingJob): JobStatePatch {
  const job = w.job
  const openStarts = w.open.map((k) => w.runs[k]!.row.started_at).filter((s): s is number => s !== null)
  job.runningSince = openStarts.length > 0 ? Math.min(...openStarts) : null
  const finished = w.runs.filter((r) => r.row.status !== 'running' && r.row.finished_at !== null)
  const last = finished.reduce<WorkingRun | null>(
    (a, r) => (a === null || (r.row.finished_at ?? 0) >= (a.row.finished_at ?? 0) ? r : a),
    null,
  )
  if (last?.id != null && job.lastPingAt === last.row.finished_at) job.lastRunId = last.id
  return {
    running_since: job.runningSince,
    last_ping_at: job.lastPingAt,
    last_ping_failed: job.lastPingFailed ? 1 : 0,
    last_success_at: job.lastSuccessAt,
    last_run_id: job.lastRunId,
  }
}

function finishedRun(end: RunEnd): FinishedRun {
  return {
    id: end.run.id,
    kind: 'backup',
    status: end.outcome.status,
    failureKind: end.outcome.failureKind,
    exitCode: end.exitCode,
    error: end.run.row.error,
    finishedAt: end.at,
    sizeBytes: end.run.row.size_bytes,
    addedBytes: end.run.row.added_bytes,
    newest: true,
  }
}
