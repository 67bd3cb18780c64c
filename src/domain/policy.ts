// What an environment (and a job that overrides it) demands of its backups. Durations in ms.
// A job's effective policy: built-in defaults ← its environment's policy (else the `default`
// policy) ← the job's own override, field by field.

export interface RetentionMinimums {
  /** the declared retention must keep history at least this long; the oldest snapshot too */
  minHistory: number | null
  minDaily: number | null
  minWeekly: number | null
  minMonthly: number | null
}

export interface SizeAnomalyPolicy {
  /** the latest size below low × median of the previous ones is an anomaly */
  low: number
  /** …and above high × median */
  high: number
  /** fewer previous successful runs than this: no baseline yet */
  minSamples: number
  /** this many successful runs in a row that added 0 bytes, on a job that used to change */
  zeroAddedRuns: number
}

export interface Policy {
  /** longest allowed time since the last successful backup (null: not checked) */
  maxAge: number | null
  /** longest allowed time since the last successful run of kind check (null: not checked) */
  checkMaxAge: number | null
  /** longest allowed time since the last successful run of kind restore_test (null: not checked) */
  restoreTestMaxAge: number | null
  retention: RetentionMinimums
  sizeAnomaly: SizeAnomalyPolicy
  /** "locked" failures are warnings until this many in a row (or the job is stale) */
  lockFailures: { warnUntil: number }
  /** deleting a job that has runs opens a critical job.deleted alert */
  deletionAlert: boolean
}

export type PolicyOverride = {
  maxAge?: number | null
  checkMaxAge?: number | null
  restoreTestMaxAge?: number | null
  retention?: Partial<RetentionMinimums>
  sizeAnomaly?: Partial<SizeAnomalyPolicy>
  lockFailures?: { warnUntil?: number }
  deletionAlert?: boolean
}

/** How many previous successful runs the size baseline keeps. */
export const SIZE_SAMPLES_KEPT = 20

export const DEFAULT_POLICY: Policy = {
  maxAge: null,
  checkMaxAge: null,
  restoreTestMaxAge: null,
  retention: { minHistory: null, minDaily: null, minWeekly: null, minMonthly: null },
  sizeAnomaly: { low: 0.5, high: 2.0, minSamples: 5, zeroAddedRuns: 3 },
  lockFailures: { warnUntil: 3 },
  deletionAlert: true,
}

function merge(base: Policy, o: PolicyOverride | null | undefined): Policy {
  if (!o) return base
  return {
    maxAge: o.maxAge !== undefined ? o.maxAge : base.maxAge,
    checkMaxAge: o.checkMaxAge !== undefined ? o.checkMaxAge : base.checkMaxAge,
    restoreTestMaxAge: o.restoreTestMaxAge !== undefined ? o.restoreTestMaxAge : base.restoreTestMaxAge,
    retention: { ...base.retention, ...o.retention },
    sizeAnomaly: { ...base.sizeAnomaly, ...o.sizeAnomaly },
    lockFailures: { ...base.lockFailures, ...o.lockFailures },
    deletionAlert: o.deletionAlert ?? base.deletionAlert,
  }
}

export function effectivePolicy(
  environmentPolicy: PolicyOverride | null | undefined,
  jobOverride: PolicyOverride | null | undefined,
): Policy {
  return merge(merge(DEFAULT_POLICY, environmentPolicy), jobOverride)
}

/** One previous successful backup in the size baseline. */
export interface SizeSample {
  /** size_bytes, or null when not reported */
  s: number | null
  /** added_bytes, or null when not reported */
  a: number | null
}

/** What the last reported snapshot list (restic snapshots, borg list) showed. */
export interface RetentionFacts {
  reportedAt: number
  count: number
  oldestAt: number | null
  newestAt: number | null
  /** distinct UTC days, ISO weeks and months that have a snapshot */
  days: number
  weeks: number
  months: number
}
