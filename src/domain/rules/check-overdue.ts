// job.check_overdue: no successful consistency check (run kind `check`) within the policy's
// check_max_age (warning). Same mechanics as job.stale.
import { iso, jobLabel } from '../job-alerts.js'
import type { Policy } from '../policy.js'
import { humanAge, humanLimit, utcMinute } from './human.js'
import type { RuleJob, TimedDesired } from './rule.js'

/**
 * Overdue when `now ≥ (lastCheckAt ?? createdAt) + checkMaxAge`. Off for a paused job or without a
 * check max age; `recheckAt` is the instant it becomes overdue, null once it is.
 */
export function checkOverdueAlert(
  job: RuleJob & { lastCheckAt: number | null },
  policy: Policy,
  now: number,
): TimedDesired {
  const maxAge = policy.checkMaxAge
  if (maxAge === null || job.paused) return { alert: null, recheckAt: null }
  const ref = job.lastCheckAt ?? job.createdAt
  const due = ref + maxAge
  if (now < due) return { alert: null, recheckAt: due }
  const label = jobLabel(job)
  const age = now - ref
  const summary =
    job.lastCheckAt === null
      ? `${label} has never run a successful consistency check in the ${humanAge(age)} since it was created (policy: ${humanLimit(maxAge)})`
      : `No successful consistency check of ${label} for ${humanAge(age)} (policy: ${humanLimit(maxAge)}); last check ${utcMinute(job.lastCheckAt)}`
  return {
    alert: {
      severity: 'warning',
      summary,
      details: {
        check_max_age_seconds: maxAge / 1000,
        age_seconds: Math.floor(age / 1000),
        last_check_at: job.lastCheckAt === null ? null : iso(job.lastCheckAt),
        created_at: iso(job.createdAt),
        overdue_since: iso(due),
      },
    },
    recheckAt: null,
  }
}
