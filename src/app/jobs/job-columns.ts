// Job settings (config file or API) as the store's columns, with the server they name.
import type { JobSpec } from '../../config/job-spec.js'
import { specColumns } from '../../store/job-spec-columns.js'
import type { JobSettingsPatch } from '../../store/roles/job-store.js'
import type { ServerStore } from '../../store/roles/server-store.js'

/** Server names in job settings are created on first mention. */
export async function serverIdFor(
  store: ServerStore,
  name: string | null,
  now: number,
): Promise<number | null> {
  if (name === null) return null
  const existing = await store.getServer({ name })
  if (existing) return existing.id
  return (await store.createServer({ name, environment: null, tags: [], heartbeatTimeout: null }, now)).id
}

export async function jobSettingsColumns(
  store: ServerStore,
  spec: JobSpec,
  now: number,
): Promise<JobSettingsPatch> {
  const c = specColumns(spec)
  if (spec.server !== undefined) c.server_id = await serverIdFor(store, spec.server, now)
  return c
}
