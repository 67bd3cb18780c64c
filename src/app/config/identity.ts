// What must stay stable across restarts: the default project's ping key, the instance id.
import { randomBytes } from 'node:crypto'
import { DEFAULT_PROJECT_ID } from '../../domain/projects.js'
import type { ProjectStore } from '../../store/roles/project-store.js'
import type { SettingsStore } from '../../store/roles/settings-store.js'

/** The default project's ping key: the configured one (written when it differs), else the stored one. */
export async function resolvePingKey(
  store: ProjectStore,
  configured: string | null,
  now: number,
): Promise<string> {
  const project = await store.getProject({ id: DEFAULT_PROJECT_ID })
  if (!project) throw new Error('the default project is missing (database not migrated?)')
  if (!configured || configured === project.pingKey) return project.pingKey
  await store.updateProject(DEFAULT_PROJECT_ID, { pingKey: configured }, now)
  return configured
}

/** A random id of this installation (its database), generated once: part of notification keys. */
export function resolveInstanceId(store: SettingsStore): Promise<string> {
  return store.initSetting('instance_id', randomBytes(6).toString('hex'))
}
