// The in-memory channel list: what the table holds, parsed; changes made by another process
// (another store on the same database) are picked up by the periodic reload.
import { afterEach, describe, expect, it } from 'vitest'
import type { Logger } from '../src/log.js'
import { ChannelRegistry } from '../src/notify/channel-registry.js'
import { openStore } from '../src/store/open-store.js'
import type { Store } from '../src/store/store.js'
import { eventually } from './support/app.js'
import { backends, type OpenedBackend } from './support/stores.js'

const hook = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: 'webhook',
  spec: { name, type: 'webhook', url: `https://h.example/${name}`, ...extra },
  source: 'api' as const,
})

function recordingLog(): Logger & { errors: string[] } {
  const errors: string[] = []
  return { errors, info() {}, warn() {}, error: (msg, f) => errors.push(`${msg} ${JSON.stringify(f)}`) }
}

let b: OpenedBackend | null = null
let other: Store | null = null
let registry: ChannelRegistry | null = null
afterEach(async () => {
  await registry?.stop()
  await other?.close()
  await b?.cleanup()
  b = other = registry = null
})

describe.each(backends)('ChannelRegistry on $name', (backend) => {
  it('loads the usable channels, keeps the broken ones with their error, logged once', async () => {
    b = await backend.open()
    const log = recordingLog()
    registry = new ChannelRegistry({ store: b.store, log, env: {} })
    await b.store.putChannel(hook('ok', { min_severity: 'critical', repeat_interval: '2h' }), 1)
    await b.store.putChannel(hook('broken', { secret_env: 'NOT_SET_ANYWHERE' }), 1)
    await registry.load()
    await registry.load()
    expect(registry.list()).toEqual([
      expect.objectContaining({
        name: 'ok',
        kind: 'webhook',
        minSeverity: 'critical',
        repeatInterval: 7_200_000,
      }),
    ])
    expect(registry.find(1, 'broken')).toMatchObject({
      spec: null,
      error: 'secret_env: environment variable NOT_SET_ANYWHERE is not set',
    })
    expect(log.errors).toHaveLength(1)
    expect(log.errors[0]).toContain('broken')
  })

  it('picks up changes another process makes, on its timer', async () => {
    b = await backend.open()
    other = (await openStore(b.target)).inProject(1)
    registry = new ChannelRegistry({ store: b.store, log: recordingLog(), reloadMs: 50 })
    await registry.load()
    registry.start()
    await other.putChannel(hook('from-elsewhere'), 1)
    await eventually(async () => registry!.list().some((c) => c.name === 'from-elsewhere'))
    await other.deleteChannel('from-elsewhere')
    await eventually(async () => registry!.list().length === 0)
  })
})
