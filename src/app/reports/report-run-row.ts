// A run report as the runs table's row, and how it is judged.
import type { JobRecord, ServerRecord } from '../../domain/records.js'
import { classifyOutcome, type RunOutcome } from '../../domain/run-outcome.js'
import type { RunReport } from '../../ingest/run-report.js'
import type { NewRun } from '../../store/roles/run-store.js'

function keptLog(log: Buffer | null, limit: number): Buffer | null {
  if (log === null) return null
  return log.length > limit ? log.subarray(log.length - limit) : log
}

/** The run's row as the report describes it, still running. */
export function runRow(
  job: JobRecord,
  server: ServerRecord | null,
  report: RunReport,
  ctx: { now: number; logLimit: number },
): NewRun {
  const log = keptLog(report.log, ctx.logLimit)
  return {
    project_id: job.projectId,
    job_id: job.id,
    server_id: server?.id ?? job.serverId,
    rid: report.rid,
    kind: report.kind,
    status: 'running',
    failure_kind: null,
    started_at: report.startedAt,
    finished_at: null,
    sort_at: report.startedAt ?? ctx.now,
    duration_ms: null,
    exit_code: report.exitCode,
    size_bytes: report.sizeBytes,
    added_bytes: report.addedBytes,
    files_total: report.filesTotal,
    files_new: report.filesNew,
    files_changed: report.filesChanged,
    error: report.error,
    source: report.source,
    log,
    log_size: report.log?.length ?? 0,
    details: report.details === null ? null : JSON.stringify(report.details),
  }
}

/** The fields of `row` the report actually carries, for updating an existing run. */
export function reportedFields(row: NewRun, report: RunReport): Partial<NewRun> {
  const out: Partial<NewRun> = {}
  const keys: [keyof NewRun, unknown][] = [
    ['exit_code', report.exitCode],
    ['size_bytes', report.sizeBytes],
    ['added_bytes', report.addedBytes],
    ['files_total', report.filesTotal],
    ['files_new', report.filesNew],
    ['files_changed', report.filesChanged],
    ['error', report.error],
    ['details', report.details],
    ['log', report.log],
  ]
  for (const [key, value] of keys) if (value !== null) Object.assign(out, { [key]: row[key] })
  if (report.log !== null) out.log_size = row.log_size
  if (report.server !== null) out.server_id = row.server_id
  return out
}

/** The run's outcome: classified from exit code, claim and output; a failure keeps its reported kind. */
export function outcomeOf(report: RunReport, job: JobRecord): RunOutcome {
  const logTail = report.log
    ? report.log.subarray(Math.max(0, report.log.length - 20_000)).toString('utf8')
    : ''
  const outcome = classifyOutcome({
    exitCode: report.exitCode,
    signaled: report.failureKind === 'canceled',
    claimed: report.status === 'running' ? null : report.status,
    errorText: [report.error ?? '', logTail].join('\n'),
    tool: report.tool ?? job.tool,
    warningExitCodes: job.warningExitCodes,
  })
  if (outcome.status === 'failed' && report.failureKind !== null) {
    return { status: 'failed', failureKind: report.failureKind }
  }
  return outcome
}
