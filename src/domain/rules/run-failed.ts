// job.failed and job.warning from a finished run, with the exceptions of issue 4: a `locked`
// failure is a warning until it repeats policy.lockFailures.warnUntil times in a row or the job
// is stale; a `canceled` run is info; everything else that failed is critical.
import { iso, jobLabel } from '../job-alerts.js'
import type { Policy } from '../policy.js'
import type { FailureKind, RunKind, Severity } from '../types.js'
import type { AlertSpec, Desired, RuleJob } from './rule.js'

export interface RuleRun {
  id: number | null
  kind: RunKind
  status: 'succeeded' | 'warning' | 'failed'
  failureKind: FailureKind | null
  exitCode: number | null
  error: string | null
  finishedAt: number
}

const KIND_NAMES: Record<RunKind, string> = {
  backup: 'Backup',
  check: 'Check',
  prune: 'Prune',
  restore_test: 'Restore test',
  other: 'Run',
}

export const STALE_SUFFIX = " — and no successful backup within the policy's max age"

/** The first non-blank line of an error text, trimmed and cut to 200 characters. */
export function firstErrorLine(error: string | null): string | null {
  const line = error
    ?.split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '')
  return line === undefined ? null : line.slice(0, 200)
}

function exitPart(run: RuleRun): string {
  return run.exitCode === null ? '' : ` (exit status ${run.exitCode})`
}

function errorPart(run: RuleRun): string {
  const line = firstErrorLine(run.error)
  return line === null ? '' : `: ${line}`
}

/**
 * job.failed for a failed run, null (resolve) otherwise. `lockStreak` counts the failed-locked
 * runs in a row including this one; `stale` says whether the job is currently stale. A stale job
 * turns a warning or info failure critical (escalateForStale).
 */
export function failedAlert(
  job: RuleJob,
  run: RuleRun,
  lockStreak: number,
  stale: boolean,
  policy: Policy,
): Desired {
  if (run.status !== 'failed') return null
  const label = jobLabel(job)
  const kind = KIND_NAMES[run.kind]
  const warnUntil = policy.lockFailures.warnUntil
  let severity: Severity
  let summary: string
  switch (run.failureKind) {
    case 'locked': {
      const streak = Math.max(1, lockStreak)
      const base = `${kind} of ${label} could not run: the repository is locked by another process`
      if (streak >= warnUntil) {
        severity = 'critical'
        const times = streak === 1 ? 'once' : `${streak} times in a row`
        summary = `${base} (locked ${times}; policy: warning until ${warnUntil})`
      } else {
        severity = 'warning'
        const times = streak === 1 ? 'first time' : `${streak} times in a row`
        summary = `${base} (${times}; warning until ${warnUntil})`
      }
      break
    }
    case 'canceled':
      severity = 'info'
      summary = `${kind} canceled: ${label}${exitPart(run)}${errorPart(run)}`
      break
    case 'timeout':
      severity = 'critical'
      summary = `${kind} timed out: ${label}${exitPart(run)}${errorPart(run)}`
      break
    default:
      severity = 'critical'
      summary = `${kind} failed: ${label}${exitPart(run)}${errorPart(run)}`
  }
  const spec: AlertSpec = {
    severity,
    summary,
    details: {
      run_id: run.id,
      exit_code: run.exitCode,
      failure_kind: run.failureKind,
      kind: run.kind,
      failed_at: iso(run.finishedAt),
      lock_streak: lockStreak,
    },
  }
  return stale ? escalateForStale(spec) : spec
}

/** job.warning for a run that succeeded with warnings, null (resolve) otherwise. */
export function warningAlert(job: RuleJob, run: RuleRun): Desired {
  if (run.status !== 'warning') return null
  return {
    severity: 'warning',
    summary: `${KIND_NAMES[run.kind]} ${jobLabel(job)} finished with warnings${exitPart(run)}${errorPart(run)}`,
    details: {
      run_id: run.id,
      exit_code: run.exitCode,
      kind: run.kind,
      finished_at: iso(run.finishedAt),
    },
  }
}

/**
 * A warning or info job.failed becomes critical once the job is stale (the summary says why);
 * a critical one is returned as it is, so escalating twice changes nothing.
 */
export function escalateForStale(spec: AlertSpec): AlertSpec {
  if (spec.severity === 'critical') return spec
  return {
    severity: 'critical',
    summary: spec.summary + STALE_SUFFIX,
    details: { ...spec.details, escalated_for_stale: true },
  }
}
