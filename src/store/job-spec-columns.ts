// Maps parsed job settings (config file, API, a policy's job_defaults) onto the jobs table's
// columns.
import { formatDuration } from '../domain/duration.js'
import type { JobSpec } from '../domain/job-spec.js'
import type { Retention } from '../domain/types.js'
import { scheduleColumns } from './mappers.js'
import type { JobSettingsPatch } from './roles/job-store.js'

function retentionJson(r: Retention | null): string | null {
  if (r === null) return null
  const out: Record<string, unknown> = { ...r }
  // Show keep_within the way people write it ("2d"), not in milliseconds.
  if (typeof out.keep_within === 'number') out.keep_within = formatDuration(out.keep_within)
  return JSON.stringify(out)
}

/** The columns of every field of `spec` except `server` (which needs the store). */
export function specColumns(spec: JobSpec): JobSettingsPatch {
  const c: JobSettingsPatch = {}
  if (spec.slug !== undefined) c.slug = spec.slug
  if (spec.name !== undefined) c.name = spec.name
  if (spec.environment !== undefined) c.environment = spec.environment
  if (spec.tags !== undefined) c.tags = JSON.stringify(spec.tags)
  if (spec.tool !== undefined) c.tool = spec.tool
  if (spec.schedule !== undefined) Object.assign(c, scheduleColumns(spec.schedule))
  if (spec.grace !== undefined) c.grace = spec.grace
  if (spec.maxDuration !== undefined) c.max_duration = spec.maxDuration
  if (spec.warningExitCodes !== undefined) c.warning_exit_codes = JSON.stringify(spec.warningExitCodes)
  if (spec.retention !== undefined) c.retention = retentionJson(spec.retention)
  if (spec.paused !== undefined) c.paused = spec.paused ? 1 : 0
  // an empty override is no override
  if (spec.policy !== undefined)
    c.policy =
      spec.policy === null || Object.keys(spec.policy).length === 0 ? null : JSON.stringify(spec.policy)
  return c
}
