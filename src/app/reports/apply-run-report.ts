// Applies one natively reported run inside a transaction: find or create the job (and server),
// open, close or back-fill the run, update the job's facts, settle the job and its alerts.
//
// Pairing: a report with a `rid` updates that rid's run whether open or finished, so a report
// sent twice (a retry whose answer was lost, a spool resent) never makes a second run. Without
// a rid a final report closes the latest open run, like a Healthchecks end ping.
import { matchOpenRun } from '../../domain/ping.js'
import type { JobRecord, RunRecord, ServerRecord } from '../../domain/records.js'
import { classifyOutcome, type RunOutcome } from '../../domain/run-outcome.js'
import { ActiveAlerts } from '../../evaluate/active-alerts.js'
import { finishRun, runStat } from '../../evaluate/finish-run.js'
import { settleJob } from '../../evaluate/settle-job.js'
import { settleProtection } from '../../evaluate/settle-server.js'
import type { RunReport } from '../../ingest/run-report.js'
import type { JobSettingsPatch, NewRun, Store } from '../../store/store.js'
import { defaultJob } from '../jobs/job-defaults.js'

export class UnknownJob extends Error {
  constructor(readonly slug: string) {
    super(`unknown job "${slug}"; send "create": true (or ?create=1) to create it`)
  }
}

export interface RunReportContext {
  now: number
  /** longest log kept; a longer log keeps its last bytes (the end of an output matters most) */
  logLimit: number
  /** settings a job created for this environment starts with */
  jobDefaults: (environment: string | null) => JobSettingsPatch
}

export interface AppliedReport {
  run: RunRecord
  /** false when the report updated a run that already existed */
  runCreated: boolean
  jobCreated: boolean
  nextDueAt: number | null
}

async function resolveServer(tx: Store, report: RunReport, now: number): Promise<ServerRecord | null> {
  if (report.server === null) return null
  const existing = await tx.getServer({ name: report.server })
  if (existing) return existing
  return tx.createServer(
    { name: report.server, environment: report.environment, tags: [], heartbeatTimeout: null },
    now,
  )
}

async function resolveJob(
  tx: Store,
  report: RunReport,
  server: ServerRecord | null,
  ctx: RunReportContext,
): Promise<{ job: JobRecord; created: boolean }> {
  // settled from its locked, current row (a no-op lock when the caller locked it already)
  const [existing] = await tx.lockJobsByKey({ slugs: [report.job] })
  if (existing) {
    // A job with no server yet belongs to the server that reports its runs.
    if (server && existing.serverId === null) {
      return {
        job: await tx.updateJobSettings(existing.id, { server_id: server.id }, ctx.now),
        created: false,
      }
    }
    return { job: existing, created: false }
  }
  if (!report.create) throw new UnknownJob(report.job)
  const environment = report.environment ?? server?.environment ?? null
  const job = await tx.createJob(
    {
      ...defaultJob(report.job),
      ...ctx.jobDefaults(environment),
      environment,
      server_id: server?.id ?? null,
      ...(report.tool && { tool: report.tool }),
    },
    ctx.now,
  )
  return { job, created: true }
}

function keptLog(log: Buffer | null, limit: number): Buffer | null {
  if (log === null) return null
  return log.length > limit ? log.subarray(log.length - limit) : log
}

function outcomeOf(report: RunReport, job: JobRecord): RunOutcome {
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

function runRow(
  job: JobRecord,
  server: ServerRecord | null,
  report: RunReport,
  ctx: RunReportContext,
): NewRun {
  const log = keptLog(report.log, ctx.logLimit)
  return {
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
function reportedFields(row: NewRun, report: RunReport): Partial<NewRun> {
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

export async function applyRunReport(
  tx: Store,
  report: RunReport,
  ctx: RunReportContext,
): Promise<AppliedReport> {
  const { now } = ctx
  const server = await resolveServer(tx, report, now)
  const { job, created: jobCreated } = await resolveJob(tx, report, server, ctx)
  if (server !== null && (jobCreated || server.jobsCount === 0)) await settleProtection(tx, server.id, now)
  const row = runRow(job, server, report, ctx)

  let existing = report.rid !== null ? await tx.findRunByRid(job.id, report.rid) : null
  // running_since is kept current: a job that runs nothing has no open run to look up.
  const open = job.runningSince === null ? [] : await tx.openRuns([job.id])
  if (existing === null && report.rid === null && report.status !== 'running') {
    const index = matchOpenRun(
      open.map((r, i) => ({ index: i, rid: r.rid, startedAt: r.startedAt })),
      null,
    )
    const candidate = index === null ? null : open[index]!
    // A back-filled report of an older run must not close the run in progress now.
    if (candidate && (report.startedAt === null || report.startedAt >= (candidate.startedAt ?? 0))) {
      existing = candidate
    }
  }

  if (report.status === 'running') {
    if (existing) return { run: existing, runCreated: false, jobCreated, nextDueAt: job.nextDueAt }
    row.started_at ??= now
    row.sort_at = row.started_at
    const [id] = await tx.insertRuns([row], now)
    const startedAt = row.started_at
    job.runningSince = job.runningSince === null ? startedAt : Math.min(job.runningSince, startedAt)
    const nextDueAt = await settleJob(tx, job, now, { running_since: job.runningSince })
    return { run: (await tx.getRun(id!, false))!, runCreated: true, jobCreated, nextDueAt }
  }

  const outcome = outcomeOf(report, job)
  const finishedAt = report.finishedAt ?? now
  const startedAt =
    report.startedAt ??
    existing?.startedAt ??
    (report.durationMs !== null ? finishedAt - report.durationMs : null)
  const final: Partial<NewRun> = {
    status: outcome.status,
    failure_kind: outcome.failureKind,
    started_at: startedAt,
    finished_at: finishedAt,
    sort_at: finishedAt,
    duration_ms: report.durationMs ?? (startedAt === null ? null : Math.max(0, finishedAt - startedAt)),
    source: report.source,
  }
  let runId: number
  if (existing) {
    runId = existing.id
    await tx.updateRun(runId, { ...reportedFields(row, report), ...final, kind: report.kind })
  } else {
    ;[runId] = (await tx.insertRuns([{ ...row, ...final }], now)) as [number]
  }

  // Only backups move the schedule; a back-filled older run changes no current fact.
  const patch: Parameters<typeof settleJob>[3] = {}
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
  const alerts = new ActiveAlerts(tx, { jobId: job.id })
  // A report of a run already finished (sent again) is counted and judged once.
  if (existing === null || existing.status === 'running') {
    await finishRun(
      job,
      {
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
      },
      patch,
      alerts,
      now,
    )
    await tx.addRunStats([runStat({ status: outcome.status, finishedAt })])
  }
  const nextDueAt = await settleJob(tx, job, now, patch, alerts)
  return { run: (await tx.getRun(runId, false))!, runCreated: existing === null, jobCreated, nextDueAt }
}
