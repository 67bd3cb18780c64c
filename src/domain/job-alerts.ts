// Which job alerts open or resolve after a finished run or a time-driven status change.
import { formatDuration } from './duration.js'
import type { AlertType, FailureKind, RunStatus, Severity } from './types.js'

export type AlertIntent =
  | { op: 'open'; type: AlertType; severity: Severity; summary: string; details: Record<string, unknown> }
  | { op: 'resolve'; types: AlertType[] }

export interface JobLabel {
  slug: string
  serverName: string | null
}

/** Alerts that a later successful run clears (SPEC §3). */
export const CLEARED_BY_SUCCESS: AlertType[] = ['job.failed', 'job.missed', 'job.long_running']

export function jobLabel(job: JobLabel): string {
  return job.serverName ? `${job.serverName}/${job.slug}` : job.slug
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export interface FinishedRunFacts {
  id: number | null
  status: Exclude<RunStatus, 'running'>
  failureKind: FailureKind | null
  exitCode: number | null
  error: string | null
  finishedAt: number
}

export function alertsForFinishedRun(job: JobLabel, run: FinishedRunFacts): AlertIntent[] {
  if (run.status !== 'failed') return [{ op: 'resolve', types: CLEARED_BY_SUCCESS }]
  const why = [
    run.exitCode !== null ? `exit status ${run.exitCode}` : null,
    run.failureKind && run.failureKind !== 'error' ? run.failureKind : null,
  ]
    .filter(Boolean)
    .join(', ')
  const firstError = run.error?.split('\n').find((l) => l.trim() !== '')
  return [
    {
      op: 'open',
      type: 'job.failed',
      severity: 'critical',
      summary: `Backup failed: ${jobLabel(job)}${why ? ` (${why})` : ''}${firstError ? `: ${firstError.slice(0, 200)}` : ''}`,
      details: {
        run_id: run.id,
        exit_code: run.exitCode,
        failure_kind: run.failureKind,
        failed_at: iso(run.finishedAt),
      },
    },
  ]
}

export interface OverdueFacts {
  reason: 'missed' | 'long_running'
  lastPingAt: number | null
  expectedAt: number | null
  grace: number
  runningSince: number | null
  limit: number
}

export function alertForOverdue(job: JobLabel, f: OverdueFacts, now: number): AlertIntent & { op: 'open' } {
  if (f.reason === 'long_running') {
    const since = f.runningSince ?? now
    return {
      op: 'open',
      type: 'job.long_running',
      severity: 'critical',
      summary: `Backup ${jobLabel(job)} started ${iso(since)} and has not finished after ${formatDuration(now - since)} (limit ${formatDuration(f.limit)})`,
      details: { started_at: iso(since), limit_seconds: f.limit / 1000 },
    }
  }
  return {
    op: 'open',
    type: 'job.missed',
    severity: 'critical',
    summary: `Backup ${jobLabel(job)} missed its schedule: expected by ${f.expectedAt === null ? 'now' : iso(f.expectedAt)} (grace ${formatDuration(f.grace)}), last ping ${f.lastPingAt === null ? 'never' : iso(f.lastPingAt)}`,
    details: {
      expected_at: f.expectedAt === null ? null : iso(f.expectedAt),
      last_ping_at: f.lastPingAt === null ? null : iso(f.lastPingAt),
      grace_seconds: f.grace / 1000,
    },
  }
}
