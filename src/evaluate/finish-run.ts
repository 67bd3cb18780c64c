// What a finished run changes in its job's facts and alerts, for every ingestion path (pings,
// reports, tool output, the wrapper). Only the newest backup moves the backup facts and the
// run-driven alerts; a back-filled older run is counted and nothing else.
import { CLEARED_BY_SUCCESS } from '../domain/job-alerts.js'
import type { JobRecord } from '../domain/records.js'
import { failedAlert, type RuleRun, warningAlert } from '../domain/rules/run-failed.js'
import { nextSizeFacts, sizeAnomalyAlert } from '../domain/rules/size-anomaly.js'
import { staleAlert } from '../domain/rules/stale.js'
import type { JobStatePatch } from '../store/roles/job-store.js'
import type { ActiveAlerts } from './active-alerts.js'

export const HOUR_MS = 3_600_000

export interface FinishedRun extends RuleRun {
  sizeBytes: number | null
  addedBytes: number | null
  /** the newest finished backup of the job (not a back-fill) */
  newest: boolean
}

/** One hourly run count (Store.addRunStats). */
export function runStat(projectId: number, run: Pick<FinishedRun, 'status' | 'finishedAt'>) {
  return { projectId, hour: Math.floor(run.finishedAt / HOUR_MS) * HOUR_MS, status: run.status, n: 1 }
}

/**
 * Updates `job` (the record, for the settle that follows) and `patch` with the run's facts, and
 * opens, updates or resolves the run-driven alerts. `job.lastSuccessAt` must already include
 * this run when it succeeded.
 */
export async function finishRun(
  job: JobRecord,
  run: FinishedRun,
  patch: JobStatePatch,
  alerts: ActiveAlerts,
  now: number,
): Promise<void> {
  job.runCounts[run.status] += 1
  const add = patch.run_counts_add ?? {}
  add[run.status] = (add[run.status] ?? 0) + 1
  patch.run_counts_add = add
  const policy = job.effectivePolicy
  const failed = run.status === 'failed'

  if (run.kind === 'check' && !failed && (job.lastCheckAt === null || run.finishedAt > job.lastCheckAt)) {
    patch.last_check_at = job.lastCheckAt = run.finishedAt
  }
  if (
    run.kind === 'restore_test' &&
    !failed &&
    (job.lastRestoreTestAt === null || run.finishedAt > job.lastRestoreTestAt)
  ) {
    patch.last_restore_test_at = job.lastRestoreTestAt = run.finishedAt
  }
  if (run.kind !== 'backup') {
    // A failed check or prune is worth an alert; its success does not vouch for the backups.
    if (failed) await alerts.open('job.failed', failedAlert(job, run, 0, false, policy)!, now)
    return
  }
  if (!run.newest) return

  const lockStreak = failed && run.failureKind === 'locked' ? job.lockStreak + 1 : 0
  patch.lock_streak = job.lockStreak = lockStreak
  patch.last_status = job.lastStatus = run.status
  patch.last_failure_kind = job.lastFailureKind = run.failureKind
  if (failed) {
    const stale = staleAlert(job, policy, now).alert !== null
    await alerts.apply('job.failed', failedAlert(job, run, lockStreak, stale, policy), now)
    return
  }
  await alerts.resolve(CLEARED_BY_SUCCESS, now)
  await alerts.apply('job.warning', warningAlert(job, run), now)
  if (run.sizeBytes !== null || run.addedBytes !== null) {
    const latest = { s: run.sizeBytes, a: run.addedBytes }
    const next = nextSizeFacts(job.sizeSamples, latest, job.zeroAddedStreak)
    await alerts.apply(
      'job.size_anomaly',
      sizeAnomalyAlert(job, job.sizeSamples, latest, next.zeroAddedStreak, policy),
      now,
    )
    job.sizeSamples = next.samples
    job.zeroAddedStreak = next.zeroAddedStreak
    patch.size_samples = JSON.stringify(next.samples)
    patch.zero_added_streak = next.zeroAddedStreak
  }
}
