// After a job's facts change (a ping, a run, a setting, a policy, time passing): derive its
// status, evaluate its time-driven rules (missed, long-running, stale, check overdue) and its
// retention rule, store the status with the next instant any of them can change, and open,
// update or resolve the alerts that follow.
import { type AlertIntent, alertForOverdue } from '../domain/job-alerts.js'
import { deriveStatus, nextChangeAt } from '../domain/job-status.js'
import type { JobRecord } from '../domain/records.js'
import { checkOverdueAlert } from '../domain/rules/check-overdue.js'
import { offlineCause } from '../domain/rules/missed-cause.js'
import { restoreUntestedAlert } from '../domain/rules/restore-untested.js'
import { retentionAlert } from '../domain/rules/retention.js'
import { escalateForStale } from '../domain/rules/run-failed.js'
import { staleAlert } from '../domain/rules/stale.js'
import type { JobFacts } from '../domain/types.js'
import type { AlertStore } from '../store/roles/alert-store.js'
import type { JobStatePatch, JobStore } from '../store/roles/job-store.js'
import { ActiveAlerts } from './active-alerts.js'

export function factsOf(job: JobRecord): JobFacts {
  return {
    schedule: job.schedule,
    grace: job.grace,
    maxDuration: job.maxDuration,
    paused: job.paused,
    lastPingAt: job.lastPingAt,
    lastPingFailed: job.lastPingFailed,
    runningSince: job.runningSince,
  }
}

/** Applies open/resolve intents in order. */
export async function applyAlertIntents(
  alerts: ActiveAlerts,
  intents: AlertIntent[],
  now: number,
): Promise<void> {
  for (const intent of intents) {
    if (intent.op === 'resolve') await alerts.resolve(intent.types, now)
    else await alerts.open(intent.type, intent, now)
  }
}

function earliest(...times: (number | null)[]): number | null {
  const set = times.filter((t): t is number => t !== null)
  return set.length === 0 ? null : Math.min(...set)
}

/** A warning or info job.failed becomes critical once the job is also stale. */
async function escalateFailure(
  tx: AlertStore,
  job: JobRecord,
  alerts: ActiveAlerts,
  now: number,
): Promise<void> {
  const severity = await alerts.severityOf('job.failed')
  if (severity === null || severity === 'critical') return
  const page = await tx.listAlerts(
    { job: job.id, type: 'job.failed', status: 'active' },
    { limit: 1, cursor: null },
  )
  const current = page.items[0]
  if (!current) return
  await alerts.apply(
    'job.failed',
    escalateForStale({ severity: current.severity, summary: current.summary, details: current.details }),
    now,
  )
}

/** Writes a job's state; a batch's caller may collect the writes and make them in one statement. */
export type JobStateWriter = (id: number, patch: JobStatePatch, now: number) => Promise<void>

/**
 * Returns the job's next due instant (null: nothing can change by time alone). `patch` holds
 * fact changes the caller made to `job`, written in the same update.
 */
export async function settleJob(
  tx: AlertStore & JobStore,
  job: JobRecord,
  now: number,
  patch: JobStatePatch = {},
  active?: ActiveAlerts,
  writeState: JobStateWriter = (id, p, at) => tx.updateJobState(id, p, at),
): Promise<number | null> {
  const alerts = active ?? new ActiveAlerts(tx, { jobId: job.id, projectId: job.projectId })
  const facts = factsOf(job)
  const derived = deriveStatus(facts, now)
  const policy = job.effectivePolicy
  const stale = staleAlert(job, policy, now)
  const check = checkOverdueAlert(job, policy, now)
  const restore = restoreUntestedAlert(job, policy, now)
  const nextDueAt = earliest(nextChangeAt(facts, now), stale.recheckAt, check.recheckAt, restore.recheckAt)
  const changed =
    derived.status !== job.status || derived.downReason !== job.downReason || nextDueAt !== job.nextDueAt
  if (changed || Object.keys(patch).length > 0) {
    await writeState(
      job.id,
      { ...patch, status: derived.status, down_reason: derived.downReason, next_due_at: nextDueAt },
      now,
    )
    job.status = derived.status
    job.downReason = derived.downReason
    job.nextDueAt = nextDueAt
  }
  if (
    derived.status === 'down' &&
    (derived.downReason === 'missed' || derived.downReason === 'long_running')
  ) {
    const intent = alertForOverdue(
      job,
      {
        reason: derived.downReason,
        lastPingAt: job.lastPingAt,
        expectedAt: derived.expectedAt,
        grace: job.grace,
        runningSince: job.runningSince,
        limit: job.maxDuration ?? job.grace,
      },
      now,
    )
    const cause =
      derived.downReason === 'missed' ? offlineCause(job.serverName, job.serverOfflineSince) : null
    await alerts.open(intent.type, cause ? { ...intent, summary: intent.summary + cause } : intent, now)
  }
  await alerts.apply('job.stale', stale.alert, now)
  await alerts.apply('job.check_overdue', check.alert, now)
  await alerts.apply('job.restore_untested', restore.alert, now)
  await alerts.apply('job.retention_violation', retentionAlert(job, policy, now), now)
  if (stale.alert !== null) await escalateFailure(tx, job, alerts, now)
  return nextDueAt
}
