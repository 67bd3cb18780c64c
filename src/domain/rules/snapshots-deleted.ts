// job.snapshots_deleted (critical), like Azure Backup's alert on "delete backup data": a job's
// reported snapshot list lost snapshots that its declared retention cannot explain (ransomware,
// a wrong `prune`, `borg delete`, a repository wiped or swapped), or the repository is empty.
//
// Lists carry counts, not ids, so the rule reasons on what a prune can never do. restic's and
// borg's keep_daily/weekly/monthly keep one snapshot for each of the last N days (weeks, months)
// that have one: after any prune the list still has at least min(before, N) distinct days
// (weeks, months), whatever was added meanwhile. Fewer is a deletion. A job without declared
// retention has no such bound: losing half of its snapshots or more counts. An empty list after a
// non-empty one always counts, and so does a first list that is empty for a job that has
// succeeded. The alert stays until a list is back to the count before the loss, or by hand.
import { iso, jobLabel } from '../job-alerts.js'
import type { RetentionFacts } from '../policy.js'
import type { Retention } from '../types.js'
import { countOf } from './retention.js'
import type { AlertSpec, RuleJob } from './rule.js'

export interface SnapshotLossJob extends RuleJob {
  retention: Retention | null
  runCounts: { succeeded: number; warning: number; failed: number }
}

const PERIODS = [
  ['daily', 'days', 'keep_daily'],
  ['weekly', 'weeks', 'keep_weekly'],
  ['monthly', 'months', 'keep_monthly'],
] as const

/** Why the drop from `before` to `after` is more than the declared retention explains; [] when it is not. */
function unexplained(retention: Retention | null, before: RetentionFacts, after: RetentionFacts): string[] {
  if (after.count === 0) return before.count > 0 ? ['the repository is empty'] : []
  const reasons: string[] = []
  const declared = PERIODS.map(
    ([name, fact, key]) => [name, fact, countOf(retention?.[key])] as const,
  ).filter(([, , n]) => n !== null && n > 0)
  for (const [name, fact, keep] of declared) {
    const floor = Math.min(before[fact], keep!)
    if (after[fact] < floor)
      reasons.push(
        `${after[fact]} ${fact} with a snapshot, ${name} retention keeps ${floor} (${keep} declared)`,
      )
  }
  if (declared.length === 0 && after.count * 2 <= before.count && before.count - after.count >= 2)
    reasons.push('half of them or more, and the job declares no retention that would explain it')
  return reasons
}

/**
 * The alert for a new snapshot list `after` that replaces `before` (null: the job's first list),
 * or null when nothing disappeared beyond what retention explains.
 */
export function snapshotsDeletedAlert(
  job: SnapshotLossJob,
  before: RetentionFacts | null,
  after: RetentionFacts,
  now: number,
): AlertSpec | null {
  const label = jobLabel(job)
  const succeeded = job.runCounts.succeeded + job.runCounts.warning
  if (before === null) {
    if (after.count > 0 || succeeded === 0) return null
    return {
      severity: 'critical',
      summary: `The repository of ${label} is empty: its snapshot list has no snapshot although ${succeeded} backup${succeeded === 1 ? '' : 's'} succeeded`,
      details: {
        snapshots_before: null,
        snapshots: 0,
        disappeared: null,
        reasons: ['the repository is empty'],
        reported_at: iso(now),
      },
    }
  }
  const reasons = unexplained(job.retention, before, after)
  if (reasons.length === 0) return null
  const lost = Math.max(before.count - after.count, 1)
  const summary =
    after.count === 0
      ? `The repository of ${label} is empty: ${before.count === 1 ? 'its only snapshot' : `all ${before.count} snapshots`} disappeared`
      : `At least ${lost} snapshot${lost === 1 ? '' : 's'} of ${label} disappeared (${before.count} → ${after.count}); ${reasons.join('; ')}`
  return {
    severity: 'critical',
    summary,
    details: {
      snapshots_before: before.count,
      snapshots: after.count,
      disappeared: lost,
      reasons,
      oldest_before: before.oldestAt === null ? null : iso(before.oldestAt),
      oldest: after.oldestAt === null ? null : iso(after.oldestAt),
      previous_list_at: iso(before.reportedAt),
      reported_at: iso(now),
    },
  }
}

/** An active job.snapshots_deleted resolves once a list has as many snapshots as before the loss. */
export function snapshotsRecovered(details: Record<string, unknown>, after: RetentionFacts): boolean {
  const before = details.snapshots_before
  return typeof before === 'number' ? after.count >= before : after.count > 0
}
