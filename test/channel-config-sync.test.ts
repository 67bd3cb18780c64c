// Config-file channels and API channels across restarts (SPEC §7): the file's channels are put in
// the channels table at every start (the file wins), a channel removed from the file is deleted,
// a channel created through the API survives.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type Config, loadConfig } from '../src/config/config.js'
import { silentLogger } from '../src/log.js'
import { type Backwatch, startBackwatch } from '../src/server/start-backwatch.js'
import { ADMIN_TOKEN, tempDir, testConfig } from './support/app.js'

let app: Backwatch | null = null
let tmp: ReturnType<typeof tempDir> | null = null
afterEach(async () => {
  await app?.stop()
  tmp?.cleanup()
  app = null
  tmp = null
})

async function call(method: string, path: string, json?: unknown) {
  const res = await fetch(`${app!.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    ...(json !== undefined && { body: JSON.stringify(json) }),
  })
  const text = await res.text()
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any }
}

const SECRET = `whsec_${Buffer.from('config-sync-test-secret-value!!').toString('base64')}`

/** A config loaded from YAML the way `backwatch serve` loads it. */
function fromYaml(dir: string, channelLines: string[]): Config {
  writeFileSync(join(dir, 'backwatch.yaml'), ['channels:', ...channelLines].join('\n'))
  return testConfig(dir, { channels: loadConfig({ env: process.env, cwd: dir }).channels })
}

const summary = async () =>
  (await call('GET', '/channels')).body.items.map(
    (c: { name: string; source: string; min_severity: string }) => [c.name, c.source, c.min_severity],
  )

describe('channels across restarts', () => {
  it('the file wins over an API edit, a channel removed from the file is deleted, an API channel stays', async () => {
    tmp = tempDir()
    process.env.BW_SYNC_TEST_SECRET = SECRET
    try {
      const both = fromYaml(tmp.dir, [
        '  - {name: file-a, type: webhook, url: "http://127.0.0.1:9/a", secret_env: BW_SYNC_TEST_SECRET, min_severity: warning}',
        '  - {name: file-b, type: webhook, url: "http://127.0.0.1:9/b"}',
      ])
      app = await startBackwatch(both, { log: silentLogger })
      // the table holds the map as written: the secret stays in the environment
      const stored = await app.store.inProject(1).getChannel('file-a')
      expect(stored?.spec).toEqual({
        name: 'file-a',
        type: 'webhook',
        url: 'http://127.0.0.1:9/a',
        secret_env: 'BW_SYNC_TEST_SECRET',
        min_severity: 'warning',
      })
      expect(JSON.stringify(await app.store.inProject(1).listChannels())).not.toContain(SECRET)

      expect(
        (await call('POST', '/channels', { name: 'api-c', type: 'webhook', url: 'http://127.0.0.1:9/c' }))
          .status,
      ).toBe(201)
      expect((await call('PATCH', '/channels/file-a', { min_severity: 'critical' })).body).toMatchObject({
        source: 'api',
        min_severity: 'critical',
      })
      expect(await summary()).toEqual([
        ['api-c', 'api', 'info'],
        ['file-a', 'api', 'critical'],
        ['file-b', 'config', 'info'],
      ])
      await app.stop()

      const onlyA = fromYaml(tmp.dir, [
        '  - {name: file-a, type: webhook, url: "http://127.0.0.1:9/a", secret_env: BW_SYNC_TEST_SECRET, min_severity: warning}',
      ])
      app = await startBackwatch(onlyA, { log: silentLogger })
      expect(await summary()).toEqual([
        ['api-c', 'api', 'info'],
        ['file-a', 'config', 'warning'],
      ])
      await app.stop()

      // channels built in code (no map as written) are stored from their parsed form
      app = await startBackwatch(
        testConfig(tmp.dir, {
          channels: [{ ...onlyA.channels[0]!, raw: undefined, repeatInterval: 5_400_000 }],
        }),
        { log: silentLogger },
      )
      expect((await app.store.inProject(1).getChannel('file-a'))?.spec).toEqual({
        name: 'file-a',
        type: 'webhook',
        min_severity: 'warning',
        send_resolved: true,
        repeat_interval: '1h30m',
        mode: 'immediate',
        digest_interval: '1h',
        url: 'http://127.0.0.1:9/a',
        secret: SECRET,
      })
      expect((await call('GET', '/channels/file-a')).body).toMatchObject({
        repeat_interval: '1h30m',
        error: null,
      })
    } finally {
      delete process.env.BW_SYNC_TEST_SECRET
    }
  })
})
