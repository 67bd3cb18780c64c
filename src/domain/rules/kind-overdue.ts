// The mechanics job.check_overdue and job.restore_untested share: no successful run of one kind
// within a policy's max age (warning). Same as job.stale, for another kind of run.
import { iso, jobLabel } from '../job-alerts.js'
import { humanAge, humanLimit, utcMinute } from './human.js'
import type { RuleJob, TimedDesired } from './rule.js'

export interface KindOverdue {
  /** the run kind as it appears in details keys: check → check_max_age_seconds, last_check_at */
  key: 'check' | 'restore_test'
  /** "successful consistency check" */
  what: string
  /** how the last one is named at the end of the summary: "last check" */
  lastWords: string
}

/**
 * Overdue when `now ≥ (last ?? createdAt) + maxAge`. Off for a paused job or without a max age;
 * `recheckAt` is the instant it becomes overdue, null once it is.
 */
export function kindOverdueAlert(
  rule: KindOverdue,
  job: RuleJob,
  last: number | null,
  maxAge: number | null,
  now: number,
): TimedDesired {
  if (maxAge === null || job.paused) return { alert: null, recheckAt: null }
  const ref = last ?? job.createdAt
  const due = ref + maxAge
  if (now < due) return { alert: null, recheckAt: due }
  const label = jobLabel(job)
  const age = now - ref
  const summary =
    last === null
      ? `${label} has never run a ${rule.what} in the ${humanAge(age)} since it was created (policy: ${humanLimit(maxAge)})`
      : `No ${rule.what} of ${label} for ${humanAge(age)} (policy: ${humanLimit(maxAge)}); ${rule.lastWords} ${utcMinute(last)}`
  return {
    alert: {
      severity: 'warning',
      summary,
      details: {
        [`${rule.key}_max_age_seconds`]: maxAge / 1000,
        age_seconds: Math.floor(age / 1000),
        [`last_${rule.key}_at`]: last === null ? null : iso(last),
        created_at: iso(job.createdAt),
        overdue_since: iso(due),
      },
    },
    recheckAt: null,
  }
}
