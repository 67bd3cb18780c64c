// After a job's facts change (a ping, a run, a setting, time passing): derive its status,
// store it with the next instant it can change, and open or resolve the alerts that follow.
import { type AlertIntent, alertForOverdue } from '../domain/job-alerts.js'
import { deriveStatus, nextChangeAt } from '../domain/job-status.js'
import type { JobRecord } from '../domain/records.js'
import type { AlertType, JobFacts } from '../domain/types.js'
import type { JobStatePatch, Store } from '../store/store.js'

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

/**
 * Applies intents in order. With `active` (the job's active alert types) known, intents that
 * change nothing cost no query: a steady stream of successes touches no alert row.
 */
export async function applyAlertIntents(
  tx: Store,
  job: Pick<JobRecord, 'id'>,
  intents: AlertIntent[],
  now: number,
  active?: Set<AlertType>,
): Promise<void> {
  for (const intent of intents) {
    if (intent.op === 'resolve') {
      const types = active ? intent.types.filter((t) => active.has(t)) : intent.types
      if (types.length === 0) continue
      await tx.resolveAlerts({ jobId: job.id }, types, now)
      for (const t of types) active?.delete(t)
    } else {
      if (active?.has(intent.type)) continue
      active?.add(intent.type)
      await tx.openAlert(
        {
          type: intent.type,
          severity: intent.severity,
          jobId: job.id,
          serverId: null,
          summary: intent.summary,
          details: intent.details,
        },
        now,
      )
    }
  }
}

/**
 * Returns the job's next due instant (null: nothing can change by time alone). `patch` holds
 * fact changes the caller made to `job`, written in the same update.
 */
export async function settleJob(
  tx: Store,
  job: JobRecord,
  now: number,
  patch: JobStatePatch = {},
  active?: Set<AlertType>,
): Promise<number | null> {
  const facts = factsOf(job)
  const derived = deriveStatus(facts, now)
  const nextDueAt = nextChangeAt(facts, now)
  const changed =
    derived.status !== job.status || derived.downReason !== job.downReason || nextDueAt !== job.nextDueAt
  if (changed || Object.keys(patch).length > 0) {
    await tx.updateJobState(
      job.id,
      { ...patch, status: derived.status, down_reason: derived.downReason, next_due_at: nextDueAt },
      now,
    )
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
    await applyAlertIntents(tx, job, [intent], now, active)
  }
  return nextDueAt
}
