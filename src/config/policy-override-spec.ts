// The rule settings a policy sets (SPEC §7 policies; also a job's own `policy`), wire form →
// PolicyOverride. Absent keys stay absent: "inherit".
import { z } from 'zod'
import type { PolicyOverride } from '../domain/policy.js'
import { countSchema, durationSchema } from './field-schemas.js'
import { zodErrorOptions as E } from './zod-messages.js'

/**
 * The rule settings of a policy, every key optional: an environment's policy (with
 * `job_defaults`, see policy-spec.ts) and a job's own `policy` override. Durations become
 * milliseconds; `null` for `max_age`, `check_max_age`, `restore_test_max_age` and the retention minimums means "not
 * checked" (and overrides a value inherited from the environment). `low` < 1 < `high`, so low is
 * always below high.
 */
export const policyOverrideShape = {
  max_age: durationSchema.nullable().optional(),
  check_max_age: durationSchema.nullable().optional(),
  restore_test_max_age: durationSchema.nullable().optional(),
  retention: z
    .strictObject(
      {
        min_history: durationSchema.nullable().optional(),
        min_daily: countSchema.nullable().optional(),
        min_weekly: countSchema.nullable().optional(),
        min_monthly: countSchema.nullable().optional(),
      },
      E,
    )
    .optional(),
  size_anomaly: z
    .strictObject(
      {
        low: z.number(E).gt(0, 'must be greater than 0').lt(1, 'must be less than 1').optional(),
        high: z.number(E).gt(1, 'must be greater than 1').optional(),
        min_samples: z.int(E).min(1, E).max(1000, E).optional(),
        zero_added_runs: z.int(E).min(1, E).max(1000, E).optional(),
      },
      E,
    )
    .optional(),
  lock_failures: z.strictObject({ warn_until: z.int(E).min(1, E).max(1000, E).optional() }, E).optional(),
  /** false: deleting a job with runs opens no job.deleted alert */
  deletion_alert: z.boolean(E).optional(),
}

type PolicyOverrideRaw = z.output<z.ZodObject<typeof policyOverrideShape>>

/** Copies the keys that are present (absent stays absent: "inherit"). */
function present<T extends object>(entries: [string, unknown][]): T {
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as T
}

export function toPolicyOverride(raw: PolicyOverrideRaw): PolicyOverride {
  const out: PolicyOverride = {}
  if (raw.max_age !== undefined) out.maxAge = raw.max_age
  if (raw.check_max_age !== undefined) out.checkMaxAge = raw.check_max_age
  if (raw.restore_test_max_age !== undefined) out.restoreTestMaxAge = raw.restore_test_max_age
  if (raw.retention !== undefined) {
    const r = raw.retention
    out.retention = present([
      ['minHistory', r.min_history],
      ['minDaily', r.min_daily],
      ['minWeekly', r.min_weekly],
      ['minMonthly', r.min_monthly],
    ])
  }
  if (raw.size_anomaly !== undefined) {
    const a = raw.size_anomaly
    out.sizeAnomaly = present([
      ['low', a.low],
      ['high', a.high],
      ['minSamples', a.min_samples],
      ['zeroAddedRuns', a.zero_added_runs],
    ])
  }
  if (raw.lock_failures !== undefined) {
    out.lockFailures = present([['warnUntil', raw.lock_failures.warn_until]])
  }
  if (raw.deletion_alert !== undefined) out.deletionAlert = raw.deletion_alert
  return out
}

/** A job's own `policy` override (wire form, every key optional) → PolicyOverride. */
export const policyOverrideSchema = z.strictObject(policyOverrideShape, E).transform(toPolicyOverride)
