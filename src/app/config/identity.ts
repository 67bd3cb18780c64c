// Settings that must stay stable across restarts: the ping key for slug URLs, the instance id.
import { randomBytes } from 'node:crypto'
import type { SettingsStore } from '../../store/roles/settings-store.js'

export async function resolvePingKey(store: SettingsStore, configured: string | null): Promise<string> {
  if (configured) {
    await store.setSetting('ping_key', configured)
    return configured
  }
  return store.initSetting('ping_key', randomBytes(16).toString('base64url'))
}

/** A random id of this installation (its database), generated once: part of notification keys. */
export function resolveInstanceId(store: SettingsStore): Promise<string> {
  return store.initSetting('instance_id', randomBytes(6).toString('hex'))
}
