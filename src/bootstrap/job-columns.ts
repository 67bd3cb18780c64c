// Maps parsed job settings (config file or API) onto the store's columns.

import type { JobSpec } from '../config/job-spec.js'
import { formatDuration } from '../domain/duration.js'
import type { Retention } from '../domain/types.js'
import { scheduleColumns } from '../store/mappers.js'
import type { JobSettingsPatch, Store } from '../store/store.js'

function retentionJson(r: Retention | null): string | null {
  if (r === null) return null
  const out: Record<string, unknown> = { ...r }
  // Show keep_within the way people write it ("2d"), not in milliseconds.
  if (typeof out.keep_within === 'number') out.keep_within = formatDuration(out.keep_within)
  return JSON.stringify(out)
}

/** Server names in job settings are created on first mention. */
export async function serverIdFor(store: Store, name: string | null, now: number): Promise<number | null> {
  if (name === null) return null
  const existing = await store.getServer({ name })
  if (existing) return existing.id
  return (await store.createServer({ name, environment: null, tags: [], heartbeatTimeout: null }, now)).id
}

export async function jobSettingsColumns(
  store: Store,
  spec: JobSpec,
  now: number,
): Promise<JobSettingsPatch> {
  const c = specColumns(spec)
  if (spec.server !== undefined) c.server_id = await serverIdFor(store, spec.server, now)
  return c
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
