// job.restore_untested: no successful restore test (run kind `restore_test`, e.g. `borgmatic
// extract --dry-run` or `restic restore --verify` under `backwatch run --kind restore_test`)
// within the policy's restore_test_max_age (warning). A backup nobody restored is a hope.
import type { Policy } from '../policy.js'
import { kindOverdueAlert } from './kind-overdue.js'
import type { RuleJob, TimedDesired } from './rule.js'

const RESTORE_TEST = {
  key: 'restore_test',
  what: 'successful restore test',
  lastWords: 'last verified restorable',
} as const

/** Untested when `now ≥ (lastRestoreTestAt ?? createdAt) + restoreTestMaxAge`. */
export function restoreUntestedAlert(
  job: RuleJob & { lastRestoreTestAt: number | null },
  policy: Policy,
  now: number,
): TimedDesired {
  return kindOverdueAlert(RESTORE_TEST, job, job.lastRestoreTestAt, policy.restoreTestMaxAge, now)
}
