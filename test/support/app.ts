// Starts a real Backwatch in-process on 127.0.0.1:0 with a fresh SQLite file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '../../src/clock.js'
import type { Config } from '../../src/config/config.js'
import { DEFAULT_LIMITS } from '../../src/config/limits-spec.js'
import { type Logger, silentLogger } from '../../src/log.js'
import { type Backwatch, startBackwatch } from '../../src/server/start-backwatch.js'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'

export function tempDir(prefix = 'backwatch-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function testConfig(dir: string, overrides: Partial<Config> = {}): Config {
  return {
    configPath: null,
    listen: { host: '127.0.0.1', port: 0 },
    database: { kind: 'sqlite', path: join(dir, 'backwatch.db') },
    baseUrl: null,
    pingKey: 'test-ping-key-0001',
    pingBodyLimit: 100_000,
    apiToken: ADMIN_TOKEN,
    tokens: [],
    metricsPublic: false,
    servers: [],
    jobs: [],
    policies: {},
    channels: [],
    silences: [],
    projects: [],
    limits: DEFAULT_LIMITS,
    ...overrides,
  }
}

export interface TestApp {
  app: Backwatch
  url: string
  dir: string
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>
  close(): Promise<void>
}

export async function startTestApp(
  overrides: Partial<Config> = {},
  opts: { clock?: Clock; log?: Logger } = {},
): Promise<TestApp> {
  const tmp = tempDir()
  const app = await startBackwatch(testConfig(tmp.dir, overrides), { log: silentLogger, ...opts })
  return {
    app,
    url: app.url,
    dir: tmp.dir,
    async api<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`${app.url}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
      const text = await res.text()
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
    },
    async close() {
      await app.stop()
      tmp.cleanup()
    },
  }
}

/** Polls until check() returns a truthy value or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
