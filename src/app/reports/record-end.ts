// A final run report: closes (or records, or updates) the run, brings the job's facts up to
// date, judges the run once and settles the job and its alerts.
import type { RunOutcome } from '../../domain/run-outcome.js'
import { ActiveAlerts } from '../../evaluate/active-alerts.js'
import { type FinishedRun, finishRun, runStat } from '../../evaluate/finish-run.js'
import { settleJob } from '../../evaluate/settle-job.js'
import type { JobStatePatch } from '../../store/roles/job-store.js'
import type { NewRun } from '../../store/roles/run-store.js'
import type { AppliedReport, ReportOnJob } from './applied-report.js'
import { outcomeOf, reportedFields } from './report-run-row.js'

export async function recordEnd(r: ReportOnJob): Promise<AppliedReport> {
  const { tx, report, job, existing, now } = r
  const outcome = outcomeOf(report, job)
  const final = finalFields(r, outcome)
  const runId = await writeRun(r, final)
  const { patch, newest } = jobFacts(r, outcome, runId, final.finished_at)
  const alerts = new ActiveAlerts(tx, { jobId: job.id, projectId: job.projectId })
  // A report of a run already finished (sent again) is counted and judged once.
  if (existing === null || existing.status === 'running') {
    const run = finishedRun(r, outcome, runId, final.finished_at, newest)
    await finishRun(job, run, patch, alerts, now)
    await tx.addRunStats([runStat(job.projectId, run)])
  }
  const nextDueAt = await settleJob(tx, job, now, patch, alerts)
  return {
    run: (await tx.getRun(runId, false))!,
    runCreated: existing === null,
    jobCreated: r.jobCreated,
    nextDueAt,
  }
}

/** The fields that finish the run: its outcome, and when it started, ended and how long it took. */
function finalFields({ report, existing, now }: ReportOnJob, outcome: RunOutcome) {
  const finishedAt = report.finishedAt ?? now
  const startedAt =
    report.startedAt ??
    existing?.startedAt ??
    (report.durationMs !== null ? finishedAt - report.durationMs : null)
  return {
    status: outcome.status,
    failure_kind: outcome.failureKind,
    started_at: startedAt,
    finished_at: finishedAt,
    sort_at: finishedAt,
    duration_ms: report.durationMs ?? (startedAt === null ? null : Math.max(0, finishedAt - startedAt)),
    source: report.source,
  } satisfies Partial<NewRun>
}

/** Updates the run the report names (with the fields it carries) or inserts it; its id. */
async function writeRun({ tx, report, row, existing, now }: ReportOnJob, final: Partial<NewRun>) {
  if (existing) {
    await tx.updateRun(existing.id, { ...reportedFields(row, report), ...final, kind: report.kind })
    return existing.id
  }
  const [id] = (await tx.insertRuns([{ ...row, ...final }], now)) as [number]
  return id
}

/**
 * The job's facts after the run (record and patch alike): what still runs, and for a backup
 * its last ping and success. Only backups move the schedule; a back-filled older run changes
 * no current fact.
 */
function jobFacts(
  { report, job, open, now }: ReportOnJob,
  outcome: RunOutcome,
  runId: number,
  finishedAt: number,
) {
  const patch: JobStatePatch = {}
  const stillOpen = open.filter((r) => r.id !== runId).map((r) => r.startedAt ?? now)
  const runningSince = stillOpen.length > 0 ? Math.min(...stillOpen) : null
  if (runningSince !== job.runningSince) patch.running_since = job.runningSince = runningSince
  const effectiveAt = Math.min(finishedAt, now)
  const newest = job.lastPingAt === null || effectiveAt >= job.lastPingAt
  const failed = outcome.status === 'failed'
  if (report.kind === 'backup' && newest) {
    patch.last_ping_at = job.lastPingAt = effectiveAt
    patch.last_ping_failed = failed ? 1 : 0
    job.lastPingFailed = failed
    patch.last_run_id = job.lastRunId = runId
  }
  if (
    report.kind === 'backup' &&
    !failed &&
    (job.lastSuccessAt === null || effectiveAt > job.lastSuccessAt)
  ) {
    patch.last_success_at = job.lastSuccessAt = effectiveAt
  }
  return { patch, newest }
}

function finishedRun(
  { report }: ReportOnJob,
  outcome: RunOutcome,
  runId: number,
  finishedAt: number,
  newest: boolean,
): FinishedRun {
  return {
    id: runId,
    kind: report.kind,
    status: outcome.status,
    failureKind: outcome.failureKind,
    exitCode: report.exitCode,
    error: report.error,
    finishedAt,
    sizeBytes: report.sizeBytes,
    addedBytes: report.addedBytes,
    newest,
  }
}
