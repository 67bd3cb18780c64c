// job.check_overdue: no successful consistency check (run kind `check`) within the policy's
// check_max_age (warning).
import type { Policy } from '../policy.js'
import { kindOverdueAlert } from './kind-overdue.js'
import type { RuleJob, TimedDesired } from './rule.js'

const CHECK = { key: 'check', what: 'successful consistency check', lastWords: 'last check' } as const

/** Overdue when `now ≥ (lastCheckAt ?? createdAt) + checkMaxAge` (see kindOverdueAlert). */
export function checkOverdueAlert(
  job: RuleJob & { lastCheckAt: number | null },
  policy: Policy,
  now: number,
): TimedDesired {
  return kindOverdueAlert(CHECK, job, job.lastCheckAt, policy.checkMaxAge, now)
}
