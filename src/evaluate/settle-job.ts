// After a job's facts change (a ping, a run, a setting, time passing): derive its status,
// store it with the next instant it can change, and open or resolve the alerts that follow.
import { type AlertIntent, alertForOverdue } from '../domain/job-alerts.js'
import { deriveStatus, nextChangeAt } from '../domain/job-status.js'
import type { JobRecord } from '../domain/records.js'
import type { JobFacts } from '../domain/types.js'
import type { Store } from '../store/store.js'

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

export async function applyAlertIntents(
  tx: Store,
  job: Pick<JobRecord, 'id'>,
  intents: AlertIntent[],
  now: number,
): Promise<void> {
  for (const intent of intents) {
    if (intent.op === 'resolve') await tx.resolveAlerts({ jobId: job.id }, intent.types, now)
    else
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

/** Returns the job's next due instant (null: nothing can change by time alone). */
export async function settleJob(tx: Store, job: JobRecord, now: number): Promise<number | null> {
  const facts = factsOf(job)
  const derived = deriveStatus(facts, now)
  const nextDueAt = nextChangeAt(facts, now)
  if (derived.status !== job.status || derived.downReason !== job.downReason || nextDueAt !== job.nextDueAt) {
    await tx.updateJobState(
      job.id,
      { status: derived.status, down_reason: derived.downReason, next_due_at: nextDueAt },
      now,
    )
  }
  if (derived.status === 'down' && (derived.downReason === 'missed' || derived.downReason === 'long_running')) {
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
    await applyAlertIntents(tx, job, [intent], now)
  }
  return nextDueAt
}
