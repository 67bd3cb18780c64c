// A policy in wire form (config file `policies.<environment>` and /api/v1/policies), SPEC §7:
//
//   max_age: 26h                  # duration or null (not checked)
//   check_max_age: 8d             # duration or null
//   restore_test_max_age: 35d     # duration or null
//   retention: {min_history: 30d, min_daily: 7, min_weekly: 4, min_monthly: 6}
//   size_anomaly: {low: 0.5, high: 2.0, min_samples: 5, zero_added_runs: 3}
//   lock_failures: {warn_until: 3}
//   deletion_alert: true          # false: deleting a job with runs opens no job.deleted alert
//   job_defaults: {schedule: {every: 1d}, grace: 2h, …}   # jobs created by a report or ping
//
// Every key is optional: what a policy leaves out comes from the built-in defaults
// (DEFAULT_POLICY), never from another policy. The environment `default` is the policy of jobs
// whose environment has none (and of jobs without an environment). A job's own `policy` (same
// keys minus job_defaults, see policyOverrideSchema) overrides its environment's, key by key.
import { z } from 'zod'
import { formatDuration } from '../domain/duration.js'
import { iso } from '../domain/job-alerts.js'
import { DEFAULT_POLICY, effectivePolicy, type Policy, type PolicyOverride } from '../domain/policy.js'
import type { StoredPolicy } from '../domain/records.js'
import type { Retention } from '../domain/types.js'
import { type JobSpec, jobDefaultsSchema } from './job-spec.js'
import { policyOverrideShape, toPolicyOverride } from './policy-override-spec.js'
import { zodErrorOptions as E } from './zod-messages.js'

/** Environment names a policy can be stored under (path segment of /api/v1/policies/{environment}). */
export const ENVIRONMENT_NAME_RE = /^[A-Za-z0-9._-]{1,100}$/
export const ENVIRONMENT_NAME_HINT = 'must be 1 to 100 letters, digits, ".", "-" and "_"'

/** The policy of jobs whose environment has no policy of its own. */
export const DEFAULT_ENVIRONMENT = 'default'

export interface PolicySpec {
  policy: PolicyOverride
  /** settings of jobs created for this environment by a report or ping, or null */
  jobDefaults: JobSpec | null
}

/** One environment's policy (config file and PUT body). Unknown keys are rejected. */
export const policySpecSchema = z
  .strictObject({ ...policyOverrideShape, job_defaults: jobDefaultsSchema.nullable().optional() }, E)
  .transform(({ job_defaults, ...rest }): PolicySpec => {
    const jobDefaults = job_defaults === undefined || job_defaults === null ? null : job_defaults
    return { policy: toPolicyOverride(rest), jobDefaults }
  })

export type PolicySpecInput = z.input<typeof policySpecSchema>

// ---------------------------------------------------------------------------------------------
// Wire form of parsed values

const durationOrNull = (ms: number | null) => (ms === null ? null : formatDuration(ms))

/** Only the keys the override sets, in a fixed order; durations as strings. */
export function policyOverrideToWire(o: PolicyOverride): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (o.maxAge !== undefined) out.max_age = durationOrNull(o.maxAge)
  if (o.checkMaxAge !== undefined) out.check_max_age = durationOrNull(o.checkMaxAge)
  if (o.restoreTestMaxAge !== undefined) out.restore_test_max_age = durationOrNull(o.restoreTestMaxAge)
  if (o.retention !== undefined) {
    const r = o.retention
    const w: Record<string, unknown> = {}
    if (r.minHistory !== undefined) w.min_history = durationOrNull(r.minHistory)
    if (r.minDaily !== undefined) w.min_daily = r.minDaily
    if (r.minWeekly !== undefined) w.min_weekly = r.minWeekly
    if (r.minMonthly !== undefined) w.min_monthly = r.minMonthly
    out.retention = w
  }
  if (o.sizeAnomaly !== undefined) {
    const a = o.sizeAnomaly
    const w: Record<string, unknown> = {}
    if (a.low !== undefined) w.low = a.low
    if (a.high !== undefined) w.high = a.high
    if (a.minSamples !== undefined) w.min_samples = a.minSamples
    if (a.zeroAddedRuns !== undefined) w.zero_added_runs = a.zeroAddedRuns
    out.size_anomaly = w
  }
  if (o.lockFailures !== undefined) {
    const w: Record<string, unknown> = {}
    if (o.lockFailures.warnUntil !== undefined) w.warn_until = o.lockFailures.warnUntil
    out.lock_failures = w
  }
  if (o.deletionAlert !== undefined) out.deletion_alert = o.deletionAlert
  return out
}

/** A complete (effective) policy, every key present. */
export function policyToWire(p: Policy) {
  return {
    max_age: durationOrNull(p.maxAge),
    check_max_age: durationOrNull(p.checkMaxAge),
    restore_test_max_age: durationOrNull(p.restoreTestMaxAge),
    retention: {
      min_history: durationOrNull(p.retention.minHistory),
      min_daily: p.retention.minDaily,
      min_weekly: p.retention.minWeekly,
      min_monthly: p.retention.minMonthly,
    },
    size_anomaly: {
      low: p.sizeAnomaly.low,
      high: p.sizeAnomaly.high,
      min_samples: p.sizeAnomaly.minSamples,
      zero_added_runs: p.sizeAnomaly.zeroAddedRuns,
    },
    lock_failures: { warn_until: p.lockFailures.warnUntil },
    deletion_alert: p.deletionAlert,
  }
}

export type PolicyWire = ReturnType<typeof policyToWire>

function retentionToWire(r: Retention): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r }
  if (typeof out.keep_within === 'number') out.keep_within = formatDuration(out.keep_within)
  return out
}

/** job_defaults as written in the config file: durations as strings. */
export function jobDefaultsToWire(spec: JobSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (spec.tags !== undefined) out.tags = spec.tags
  if (spec.tool !== undefined) out.tool = spec.tool
  if (spec.schedule !== undefined) {
    out.schedule =
      'every' in spec.schedule
        ? { every: formatDuration(spec.schedule.every) }
        : { cron: spec.schedule.cron, tz: spec.schedule.tz }
  }
  if (spec.grace !== undefined) out.grace = formatDuration(spec.grace)
  if (spec.maxDuration !== undefined) out.max_duration = durationOrNull(spec.maxDuration)
  if (spec.warningExitCodes !== undefined) out.warning_exit_codes = spec.warningExitCodes
  if (spec.retention !== undefined)
    out.retention = spec.retention === null ? null : retentionToWire(spec.retention)
  return out
}

/**
 * A stored policy as the API shows it: `environment`, the keys the policy sets (as they were
 * written, so the object minus environment/source/updated_at/effective is a valid PUT body),
 * `job_defaults` (or null), `source` (config|api), `updated_at`, and `effective`: the policy
 * merged over the built-in defaults, every key present.
 */
export function presentPolicy(stored: StoredPolicy) {
  return {
    environment: stored.environment,
    ...policyOverrideToWire(stored.policy),
    job_defaults: stored.jobDefaults === null ? null : jobDefaultsToWire(stored.jobDefaults),
    source: stored.source,
    updated_at: iso(stored.updatedAt),
    effective: policyToWire(effectivePolicy(stored.policy, null)),
  }
}

export type PolicyView = ReturnType<typeof presentPolicy>

/** The built-in defaults in wire form (what applies where no policy says otherwise). */
export const DEFAULT_POLICY_WIRE: PolicyWire = policyToWire(DEFAULT_POLICY)
