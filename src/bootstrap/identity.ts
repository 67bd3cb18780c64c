// Settings that must stay stable across restarts: the ping key for slug URLs.
import { randomBytes } from 'node:crypto'
import type { Store } from '../store/store.js'

export async function resolvePingKey(store: Store, configured: string | null): Promise<string> {
  if (configured) {
    await store.setSetting('ping_key', configured)
    return configured
  }
  return store.initSetting('ping_key', randomBytes(16).toString('base64url'))
}
