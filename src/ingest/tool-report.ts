// A backup tool's own output (POST /api/v1/runs?format=…) → RunReports. The parsers read the
// tool's facts; this file only fills in who reported it and how it ended.
import type { Tool } from '../domain/types.js'
import { derivedUuid } from './derived-uuid.js'
import { parseBorgCreate } from './reports/borg-create.js'
import { parseBorgmaticCreate } from './reports/borgmatic-create.js'
import type { ReportedRun } from './reports/reported-run.js'
import { parseResticBackup } from './reports/restic-backup.js'
import { parseResticprofileStatus, type StatusFileLimits } from './reports/resticprofile-status.js'
import type { RunReport } from './run-report.js'

export const TOOL_FORMATS = ['restic', 'borg', 'borgmatic', 'resticprofile'] as const
export type ToolFormat = (typeof TOOL_FORMATS)[number]

/** What the request says besides the tool's output. */
export interface ToolReportRequest {
  format: ToolFormat
  output: string
  /** required except for resticprofile (whose jobs are named after its profiles) */
  job: string | null
  jobPrefix: string | null
  base: Omit<RunReport, 'job'>
  utcOffsetMinutes: number | null
  /** a resticprofile status file over these is refused (TooManyEntries) */
  limits: StatusFileLimits
}

export function fromReportedRun(run: ReportedRun, base: RunReport, tool: Tool): RunReport {
  const exitCode = base.exitCode ?? run.exitCode
  return {
    ...base,
    kind: run.kind === 'backup' ? base.kind : run.kind,
    // With an exit code the classification decides (tool rules, warning codes); without one the
    // output's own verdict stands, and output that proves nothing counts as a failure.
    status:
      base.status ??
      (exitCode !== null ? (run.status === 'failed' ? 'failed' : null) : (run.status ?? 'failed')),
    tool: base.tool ?? tool,
    startedAt: base.startedAt ?? run.startedAt,
    finishedAt: base.finishedAt ?? run.finishedAt,
    durationMs: base.durationMs ?? run.durationMs,
    exitCode,
    sizeBytes: run.sizeBytes,
    addedBytes: run.addedBytes,
    filesTotal: run.filesTotal,
    filesNew: run.filesNew,
    filesChanged: run.filesChanged,
    error: base.error ?? run.error,
    details: { ...run.details, ...base.details },
  }
}

/** A resticprofile profile name as a job slug: lower case, other characters → "-". */
export function profileSlug(profile: string, prefix: string | null): string {
  const slug = profile
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `${prefix ? `${prefix}-` : ''}${slug || 'profile'}`.slice(0, 100)
}

export function toolReports(req: ToolReportRequest): RunReport[] {
  const opts = { utcOffsetMinutes: req.utcOffsetMinutes }
  const single = (run: ReportedRun, tool: Tool) => [
    fromReportedRun(run, { ...req.base, job: req.job! }, tool),
  ]
  switch (req.format) {
    case 'restic':
      return single(parseResticBackup(req.output), 'restic')
    case 'borg':
      return single(parseBorgCreate(req.output, opts), 'borg')
    case 'borgmatic':
      return single(parseBorgmaticCreate(req.output, opts), 'borgmatic')
    case 'resticprofile':
      return parseResticprofileStatus(req.output, req.limits).map(({ profile, command, run }) => {
        const job = profileSlug(profile, req.jobPrefix)
        // The status file keeps the last result per profile and command: the same file posted
        // twice must update that run, not add one.
        const rid = req.base.rid ?? derivedUuid(`resticprofile:${job}:${command}:${run.finishedAt ?? ''}`)
        return fromReportedRun(run, { ...req.base, job, rid, log: null }, 'resticprofile')
      })
  }
}
