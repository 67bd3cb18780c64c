// Heartbeats and server.offline with an injected clock, through the real HTTP API.
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../src/clock.js'
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/app.js'

const T0 = Date.parse('2026-11-22T10:00:00Z')
const MIN = 60_000
const INGEST = 'ingest-token-heartbeat-0123456789'

let t: TestApp | null = null
afterEach(async () => {
  await t?.close()
  t = null
})

async function start(clock: ManualClock) {
  t = await startTestApp(
    {
      tokens: [{ name: 'agent', scope: 'ingest', token: INGEST }],
      servers: [{ name: 'db1', heartbeatTimeout: 15 * MIN }],
    },
    { clock },
  )
  return t
}

async function beat(name: string, body?: unknown, token = INGEST) {
  const res = await fetch(`${t!.url}/api/v1/servers/${name}/heartbeat`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
  return { status: res.status, body: (await res.json()) as any }
}

async function alerts() {
  const res = await t!.api<{ items: { type: string; status: string; server: string; summary: string }[] }>(
    'GET',
    '/alerts?type=server.offline',
  )
  return res.body.items
}

describe('heartbeats', () => {
  it('a server goes offline when its timeout passes and is back with the next heartbeat', async () => {
    const clock = new ManualClock(T0)
    await start(clock)
    expect((await t!.api<Record<string, unknown>>('GET', '/servers/db1')).body).toMatchObject({
      status: 'unknown',
      last_heartbeat_at: null,
    })
    // No heartbeat yet: nothing is expected, so time alone never makes it offline.
    clock.advance(60 * MIN)
    await t!.app.evaluator.kick()
    expect(await alerts()).toEqual([])

    const first = await beat('db1')
    expect(first).toMatchObject({
      status: 200,
      body: { name: 'db1', status: 'online', last_heartbeat_at: '2026-11-22T11:00:00Z' },
    })
    clock.advance(15 * MIN - 1)
    await t!.app.evaluator.kick()
    expect(await alerts()).toEqual([])

    clock.advance(1)
    await t!.app.evaluator.kick()
    const [offline] = await alerts()
    expect(offline).toMatchObject({ type: 'server.offline', status: 'active', server: 'db1' })
    expect(offline!.summary).toBe(
      'Server db1 is offline: no heartbeat for 15m (timeout 15m); last heartbeat 2026-11-22T11:00:00Z',
    )
    expect((await t!.api<Record<string, unknown>>('GET', '/servers/db1')).body).toMatchObject({
      status: 'offline',
    })
    clock.advance(60 * MIN)
    await t!.app.evaluator.kick()
    expect(await alerts()).toHaveLength(1)

    await beat('db1')
    expect((await alerts()).map((a) => a.status)).toEqual(['resolved'])
    expect((await t!.api<Record<string, unknown>>('GET', '/servers/db1')).body.status).toBe('online')
  })

  it('auto-creates an unknown server (ingest scope) with a 1h timeout unless the body sets one', async () => {
    const clock = new ManualClock(T0)
    await start(clock)
    const created = await beat('web-7', { environment: 'staging', tags: ['web'] })
    expect(created).toMatchObject({
      status: 200,
      body: {
        name: 'web-7',
        environment: 'staging',
        tags: ['web'],
        heartbeat_timeout: '1h',
        status: 'online',
      },
    })
    const custom = await beat('web-8', { heartbeat_timeout: '5m' })
    expect(custom.body.heartbeat_timeout).toBe('5m')
    clock.advance(5 * MIN)
    await t!.app.evaluator.kick()
    expect((await alerts()).map((a) => a.server)).toEqual(['web-8'])
  })

  it('a new timeout moves the deadline; removing it ends an outage', async () => {
    const clock = new ManualClock(T0)
    await start(clock)
    await beat('db1')
    clock.advance(10 * MIN)
    const patched = await t!.api('PATCH', '/servers/db1', { heartbeat_timeout: '5m' })
    expect(patched.status).toBe(200)
    expect((await alerts()).map((a) => a.status)).toEqual(['active'])
    await t!.api('PATCH', '/servers/db1', { heartbeat_timeout: null })
    expect((await alerts()).map((a) => a.status)).toEqual(['resolved'])
    expect((await t!.api<Record<string, unknown>>('GET', '/servers/db1')).body.status).toBe('unknown')
  })

  it('rejects bad names, bodies and scopes', async () => {
    const clock = new ManualClock(T0)
    await start(clock)
    expect((await beat('bad name!')).status).toBe(400)
    expect((await beat('db1', { name: 'other' })).status).toBe(400)
    expect((await beat('db1', { heartbeat_timeout: 'soon' })).body.error.message).toContain(
      'heartbeat_timeout',
    )
    expect((await beat('db1', [1])).status).toBe(400)
    expect((await beat('db1', undefined, 'wrong-token')).status).toBe(401)
    const res = await fetch(`${t!.url}/api/v1/servers/db1/heartbeat`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      body: 'x'.repeat(70_000),
    })
    expect(res.status).toBe(413)
  })
})
