// Applies one natively reported run inside a transaction: find or create the job (and server),
// open, close or back-fill the run, update the job's facts, settle the job and its alerts.
//
// Pairing: a report with a `rid` updates that rid's run whether open or finished, so a report
// sent twice (a retry whose answer was lost, a spool resent) never makes a second run. Without
// a rid a final report closes the latest open run, like a Healthchecks end ping.
import { matchOpenRun } from '../../domain/ping.js'
import type { JobRecord, RunRecord } from '../../domain/records.js'
import { settleJob } from '../../evaluate/settle-job.js'
import { settleProtection } from '../../evaluate/settle-server.js'
import type { RunReport } from '../../ingest/run-report.js'
import type { RunStore } from '../../store/roles/run-store.js'
import type { AppliedReport, ReportOnJob, ReportWrites, RunReportContext } from './applied-report.js'
import { recordEnd } from './record-end.js'
import { resolveJob, resolveServer } from './report-job.js'
import { runRow } from './report-run-row.js'

export async function applyRunReport(
  tx: ReportWrites,
  report: RunReport,
  ctx: RunReportContext,
): Promise<AppliedReport> {
  const { now } = ctx
  const server = await resolveServer(tx, report, now)
  const { job, created: jobCreated } = await resolveJob(tx, report, server, ctx)
  if (server !== null && (jobCreated || server.jobsCount === 0)) await settleProtection(tx, server.id, now)
  const row = runRow(job, server, report, ctx)
  const { existing, open } = await findRun(tx, job, report)
  const onJob: ReportOnJob = { tx, report, job, jobCreated, row, existing, open, now }
  return report.status === 'running' ? recordStart(onJob) : recordEnd(onJob)
}

/** The run the report updates, if it exists, and the job's open runs. */
async function findRun(tx: RunStore, job: JobRecord, report: RunReport) {
  const byRid = report.rid !== null ? await tx.findRunByRid(job.id, report.rid) : null
  // running_since is kept current: a job that runs nothing has no open run to look up.
  const open = job.runningSince === null ? [] : await tx.openRuns([job.id])
  const closes = report.rid === null && report.status !== 'running'
  return { existing: byRid ?? (closes ? openRunClosedBy(report, open) : null), open }
}

/** Without a rid, a final report closes the latest open run (as an end ping does). */
function openRunClosedBy(report: RunReport, open: RunRecord[]): RunRecord | null {
  const index = matchOpenRun(
    open.map((r, i) => ({ index: i, rid: r.rid, startedAt: r.startedAt })),
    null,
  )
  const candidate = index === null ? null : open[index]!
  // A back-filled report of an older run must not close the run in progress now.
  if (candidate && (report.startedAt === null || report.startedAt >= (candidate.startedAt ?? 0))) {
    return candidate
  }
  return null
}

/** A start opens the run (a start sent again changes nothing) and marks the job running. */
async function recordStart({ tx, job, jobCreated, row, existing, now }: ReportOnJob): Promise<AppliedReport> {
  if (existing) return { run: existing, runCreated: false, jobCreated, nextDueAt: job.nextDueAt }
  row.started_at ??= now
  row.sort_at = row.started_at
  const [id] = await tx.insertRuns([row], now)
  const startedAt = row.started_at
  job.runningSince = job.runningSince === null ? startedAt : Math.min(job.runningSince, startedAt)
  const nextDueAt = await settleJob(tx, job, now, { running_since: job.runningSince })
  return { run: (await tx.getRun(id!, false))!, runCreated: true, jobCreated, nextDueAt }
}
