// job.stale: no successful backup within the policy's max_age (critical).
// Durations are absolute milliseconds, so daylight-saving changes move nothing.
import { iso, jobLabel } from '../job-alerts.js'
import type { Policy } from '../policy.js'
import { humanAge, humanLimit, utcMinute } from './human.js'
import type { RuleJob, TimedDesired } from './rule.js'

/**
 * Stale when `now ≥ (lastSuccessAt ?? createdAt) + maxAge`. Off for a paused job or without a
 * max age. While not stale, `recheckAt` is the instant it becomes stale; once stale only a new
 * success (a fact, not time) changes the answer.
 */
export function staleAlert(
  job: RuleJob & { lastSuccessAt: number | null },
  policy: Policy,
  now: number,
): TimedDesired {
  const maxAge = policy.maxAge
  if (maxAge === null || job.paused) return { alert: null, recheckAt: null }
  const ref = job.lastSuccessAt ?? job.createdAt
  const due = ref + maxAge
  if (now < due) return { alert: null, recheckAt: due }
  const label = jobLabel(job)
  const age = now - ref
  const summary =
    job.lastSuccessAt === null
      ? `No successful backup of ${label} since it was created ${humanAge(age)} ago (policy: ${humanLimit(maxAge)})`
      : `No successful backup of ${label} for ${humanAge(age)} (policy: ${humanLimit(maxAge)}); last success ${utcMinute(job.lastSuccessAt)}`
  return {
    alert: {
      severity: 'critical',
      summary,
      details: {
        max_age_seconds: maxAge / 1000,
        age_seconds: Math.floor(age / 1000),
        last_success_at: job.lastSuccessAt === null ? null : iso(job.lastSuccessAt),
        created_at: iso(job.createdAt),
        stale_since: iso(due),
      },
    },
    recheckAt: null,
  }
}
