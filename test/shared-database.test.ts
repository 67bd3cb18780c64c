// Two Backwatch instances in one process sharing one PostgreSQL schema (issue 10 A3, A4, A6), and
// one on SQLite for what does not need a second instance. Each case failed before its fix.
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { Config } from '../src/config/config.js'
import { silentLogger } from '../src/log.js'
import { type Backwatch, startBackwatch } from '../src/server/start-backwatch.js'
import { ADMIN_TOKEN, eventually, tempDir, testConfig } from './support/app.js'
import { type Receiver, startReceiver } from './support/receiver.js'
import { adminQuery, withSearchPath } from './support/stores.js'

const PG_URL = process.env.BACKWATCH_TEST_PG_URL
const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function receiver(): Promise<Receiver> {
  const r = await startReceiver()
  cleanups.push(() => r.close())
  return r
}

/** `n` instances on one database: a fresh PostgreSQL schema, or (n = 1) a SQLite file. */
async function instances(n: number, overrides: Partial<Config> = {}, postgres = true): Promise<Backwatch[]> {
  const tmp = tempDir()
  cleanups.push(async () => tmp.cleanup())
  let database: Config['database'] = { kind: 'sqlite', path: `${tmp.dir}/b.db` }
  if (postgres) {
    const schema = `bw_shared_${randomBytes(6).toString('hex')}`
    await adminQuery(PG_URL!, `create schema ${schema}`)
    cleanups.push(() => adminQuery(PG_URL!, `drop schema if exists ${schema} cascade`))
    database = { kind: 'postgres', url: withSearchPath(PG_URL!, schema) }
  }
  const apps: Backwatch[] = []
  for (let i = 0; i < n; i++) {
    const app = await startBackwatch(testConfig(tmp.dir, { database, ...overrides }), { log: silentLogger })
    cleanups.push(() => app.stop())
    apps.push(app)
  }
  return apps
}

async function api(app: Backwatch, method: string, path: string, body?: unknown) {
  const res = await fetch(`${app.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

async function ping(app: Backwatch, slug: string, suffix = ''): Promise<number> {
  const res = await fetch(`${app.url}/ping/${app.pingKey}/${slug}${suffix}?create=1`, { method: 'POST' })
  await res.text()
  return res.status
}

const typesAt = (hook: Receiver, path: string) =>
  hook.requests.filter((r) => r.path === path).map((r) => (JSON.parse(r.body) as { type: string }).type)

describe.runIf(PG_URL)('several instances on one PostgreSQL database', () => {
  it('a channel created through one instance is routed and sent by the others at once', async () => {
    const hook = await receiver()
    const [a, b] = await instances(2)
    const created = await api(a!, 'POST', '/channels', {
      name: 'new-hook',
      type: 'webhook',
      url: `${hook.url}/new`,
    })
    expect(created.status).toBe(201)
    // b opens the alert right away: its routing reads the stored channels, its dispatcher sends
    expect(await ping(b!, 'db-1', '/fail')).toBe(201)
    await eventually(async () => typesAt(hook, '/new').length > 0, 5_000)
    expect(typesAt(hook, '/new')).toEqual(['alert.opened'])
    const rows = await eventually(async () => {
      const all = await b!.store.deliveriesForAlert(1)
      return all.every((r) => r.status === 'sent') && all
    })
    expect(rows.map((r) => r.channel)).toEqual(['new-hook'])
  })

  it('run counters lose no run when two instances take pings of one job at once', async () => {
    const [a, b] = await instances(2)
    expect(await ping(a!, 'busy')).toBe(201)
    const sends: Promise<number>[] = []
    for (let i = 0; i < 150; i++) {
      sends.push(ping(i % 2 ? a! : b!, 'busy'))
      sends.push(ping(i % 2 ? b! : a!, 'busy', '/fail'))
    }
    expect(new Set(await Promise.all(sends))).toEqual(new Set([200]))
    const job = (await a!.store.getJob({ slug: 'busy' }))!
    expect(job.runCounts).toEqual({ succeeded: 151, warning: 0, failed: 150 })
  })
})

describe('resolutions', () => {
  it('go only to channels that were told the alert opened', async () => {
    const hook = await receiver()
    const [app] = await instances(1, {}, false)
    await api(app!, 'POST', '/channels', { name: 'early', type: 'webhook', url: `${hook.url}/early` })
    expect(await ping(app!, 'nightly', '/fail')).toBe(201)
    await eventually(async () => typesAt(hook, '/early').length === 1, 5_000)
    // a channel added while the alert is open has no opening to resolve
    await api(app!, 'POST', '/channels', { name: 'late', type: 'webhook', url: `${hook.url}/late` })
    expect(await ping(app!, 'nightly')).toBe(200)
    await eventually(async () => typesAt(hook, '/early').length === 2, 5_000)
    await new Promise((r) => setTimeout(r, 300))
    expect(typesAt(hook, '/early')).toEqual(['alert.opened', 'alert.resolved'])
    expect(typesAt(hook, '/late')).toEqual([])
  })
})
