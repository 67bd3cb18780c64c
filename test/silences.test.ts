// Silences end to end: a real server, a real local webhook receiver, an injected clock.
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../src/clock.js'
import type { ChannelSpec } from '../src/config/channel-spec.js'
import { silentLogger } from '../src/log.js'
import { startBackwatch } from '../src/server/start-backwatch.js'
import { ADMIN_TOKEN, eventually, startTestApp, type TestApp, tempDir, testConfig } from './support/app.js'
import { webhookChannel } from './support/channels.js'
import { type Receiver, startReceiver } from './support/receiver.js'

const T0 = Date.parse('2026-11-22T09:00:00Z')
const M = 60_000
const SECRET = `whsec_${Buffer.from('silence-test-secret').toString('base64')}`

let t: TestApp | null = null
let hook: Receiver | null = null
afterEach(async () => {
  await t?.close()
  await hook?.close()
  t = null
  hook = null
})

const webhook = (url: string, over: Partial<ChannelSpec> = {}) => webhookChannel(url, over, SECRET)

// biome-ignore lint/suspicious/noExplicitAny: receiver payloads are read loosely
const bodies = () => hook!.requests.map((r) => JSON.parse(r.body) as any)

async function start(overrides: Parameters<typeof startTestApp>[0] = {}, channel: Partial<ChannelSpec> = {}) {
  const clock = new ManualClock(T0)
  hook = await startReceiver()
  t = await startTestApp({ channels: [webhook(`${hook.url}/hook`, channel)], ...overrides }, { clock })
  return clock
}

const fail = (job: string, server: string) =>
  t!.api<{ id: number }>('POST', '/runs', { job, server, create: true, exit_code: 2, error: `${job} broke` })
const succeed = (job: string) => t!.api('POST', '/runs', { job, exit_code: 0 })

/** Lets every loop deliver what is due now. */
async function settle() {
  await t!.app.silences.kick()
  await t!.app.dispatcher.kick()
}

async function history(job: string) {
  const alerts = await t!.api<{ items: { id: number }[] }>('GET', `/alerts?job=${job}`)
  const id = alerts.body.items[0]!.id
  return (
    await t!.api<{ items: { transition: string; status: string; last_error: string | null }[] }>(
      'GET',
      `/alerts/${id}/notifications`,
    )
  ).body.items
}

describe('silences', () => {
  it('holds back alerts it matches, records why, and sends those still active when it ends', async () => {
    const clock = await start()
    const created = await t!.api<Record<string, unknown>>('POST', '/silences', {
      match: { servers: ['nas'] },
      duration: '2h',
      comment: 'disk swap',
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      match: { servers: ['nas'] },
      starts_at: '2026-11-22T09:00:00Z',
      ends_at: '2026-11-22T11:00:00Z',
      state: 'active',
      author: 'BACKWATCH_API_TOKEN', // the token's name
      comment: 'disk swap',
      source: 'api',
    })

    await fail('nas-nightly', 'nas') // silenced
    await fail('db1-nightly', 'db1') // not silenced
    await fail('nas-weekly', 'nas') // silenced, then resolved during the silence
    clock.advance(10 * M)
    await succeed('nas-weekly')
    await settle()
    expect(bodies().map((b) => [b.type, b.alert.job])).toEqual([['alert.opened', 'db1-nightly']])
    const held = await history('nas-nightly')
    expect(held).toEqual([
      expect.objectContaining({
        transition: 'opened',
        status: 'suppressed',
        last_error: 'silenced by silence 1 (BACKWATCH_API_TOKEN: disk swap) until 2026-11-22T11:00:00Z',
      }),
    ])
    // the alert says which silence holds it back; one not silenced says null
    const listed0 = await t!.api<{ items: { job: string; silenced_by: unknown }[] }>(
      'GET',
      '/alerts?status=active',
    )
    expect(listed0.body.items.map((a) => [a.job, a.silenced_by])).toEqual([
      ['db1-nightly', null],
      ['nas-nightly', { id: 1, name: null, ends_at: '2026-11-22T11:00:00Z', comment: 'disk swap' }],
    ])
    const report = await t!.api<{ problems: { job: string; silenced_by: { id: number } | null }[] }>(
      'GET',
      '/report',
    )
    expect(report.body.problems.map((p) => [p.job, p.silenced_by?.id ?? null])).toEqual([
      ['nas-nightly', 1],
      ['db1-nightly', null],
    ])
    expect((await history('nas-weekly')).map((d) => `${d.transition}:${d.status}`)).toEqual([
      'opened:suppressed',
      'resolved:suppressed',
    ])

    // one minute before the end nothing changes; at the end the still-active alert is sent
    clock.set(T0 + 119 * M)
    await settle()
    expect(hook!.requests).toHaveLength(1)
    clock.set(T0 + 120 * M)
    await settle()
    expect(bodies().map((b) => [b.type, b.alert.job])).toEqual([
      ['alert.opened', 'db1-nightly'],
      ['alert.opened', 'nas-nightly'],
    ])
    // its opening, not a new kind of message: the idempotency key is the opening's
    expect(hook!.requests[1]!.headers['webhook-id']).toMatch(/-opened-ops-hook$/)
    expect((await history('nas-nightly')).map((d) => `${d.transition}:${d.status}`)).toEqual(['opened:sent'])
    // a second pass sends nothing more; the raised-and-resolved alert is never sent
    await settle()
    expect(hook!.requests).toHaveLength(2)
    // its resolution goes out as usual
    await succeed('nas-nightly')
    await settle()
    expect(bodies().at(-1)).toMatchObject({ type: 'alert.resolved', alert: { job: 'nas-nightly' } })
    const listed = await t!.api<{ items: { state: string }[] }>('GET', '/silences?state=expired')
    expect(listed.body.items.map((s) => s.state)).toEqual(['expired'])
  })

  it('does not hold back the resolution of an alert sent before the silence began', async () => {
    const clock = await start()
    await fail('nas-nightly', 'nas')
    await settle()
    expect(bodies().map((b) => b.type)).toEqual(['alert.opened'])
    clock.advance(M)
    expect(
      (await t!.api('POST', '/silences', { match: { jobs: ['nas-nightly'] }, duration: '1h' })).status,
    ).toBe(201)
    await succeed('nas-nightly')
    await settle()
    expect(bodies().map((b) => b.type)).toEqual(['alert.opened', 'alert.resolved'])
  })

  it('skips the reminders of a silenced critical alert and resumes them when it ends', async () => {
    const clock = await start({}, { repeatInterval: 30 * M })
    await fail('nas-nightly', 'nas')
    await settle()
    clock.set(T0 + M)
    await t!.api('POST', '/silences', { match: { jobs: ['nas-nightly'] }, duration: '1h' })
    for (const minute of [30, 60, 90]) {
      clock.set(T0 + minute * M)
      await settle()
    }
    expect(bodies().map((b) => b.type)).toEqual(['alert.opened', 'alert.repeat'])
    const steps = (await history('nas-nightly')).map((d) => `${d.transition}:${d.status}`)
    expect(steps).toEqual([
      'opened:sent',
      'repeat:suppressed',
      'repeat:suppressed',
      'repeat:sent',
      'repeat:pending',
    ])
  })

  it('a silence that ended while Backwatch was stopped sends what it held back at the next start', async () => {
    const clock = new ManualClock(T0)
    hook = await startReceiver()
    const tmp = tempDir()
    const config = testConfig(tmp.dir, { channels: [webhook(`${hook.url}/hook`)] })
    let app = await startBackwatch(config, { clock, log: silentLogger })
    try {
      const api = (method: string, path: string, body?: unknown) =>
        fetch(`${app.url}/api/v1${path}`, {
          method,
          headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      expect((await api('POST', '/silences', { match: { servers: ['nas'] }, duration: '1h' })).status).toBe(
        201,
      )
      await api('POST', '/runs', { job: 'nas-nightly', server: 'nas', create: true, exit_code: 2 })
      await app.dispatcher.kick()
      await app.stop()
      expect(hook.requests).toHaveLength(0)
      clock.set(T0 + 2 * 60 * M) // the silence ended an hour ago, while stopped
      app = await startBackwatch(config, { clock, log: silentLogger })
      await eventually(async () => hook!.requests.length === 1)
      expect(bodies()[0]).toMatchObject({
        type: 'alert.opened',
        alert: { job: 'nas-nightly', status: 'active' },
      })
    } finally {
      await app.stop()
      tmp.cleanup()
    }
  })

  it('DELETE ends a silence at once and sends what it held back', async () => {
    await start()
    const s = await t!.api<{ id: number }>('POST', '/silences', {
      name: 'nas-maintenance',
      match: { environment: ['production'], servers: ['nas'] },
      duration: '8h',
    })
    await t!.api('PATCH', '/servers/nas', { environment: 'production' }) // the server does not exist yet
    await fail('nas-nightly', 'nas')
    await t!.api('PATCH', '/servers/nas', { environment: 'production' })
    await settle()
    // the alert opened while its server had no environment: the silence did not match it
    expect(hook!.requests).toHaveLength(1)
    await fail('nas-hourly', 'nas')
    await settle()
    expect(hook!.requests).toHaveLength(1)
    expect((await t!.api('DELETE', `/silences/${s.body.id}`)).status).toBe(204)
    await settle()
    expect(bodies().map((b) => b.alert.job)).toEqual(['nas-nightly', 'nas-hourly'])
    const after = await t!.api<{ state: string }>('GET', '/silences/nas-maintenance')
    expect(after.body.state).toBe('expired')
  })

  it('PATCH can narrow a silence; what it no longer matches is sent at once', async () => {
    await start()
    const s = await t!.api<{ id: number }>('POST', '/silences', {
      match: { servers: ['nas', 'db1'] },
      duration: '8h',
    })
    await fail('db1-nightly', 'db1')
    await settle()
    expect(hook!.requests).toHaveLength(0)
    const patched = await t!.api<{ match: unknown }>('PATCH', `/silences/${s.body.id}`, {
      match: { servers: ['nas'] },
      comment: 'db1 is back',
    })
    expect(patched.status).toBe(200)
    expect(patched.body.match).toEqual({ servers: ['nas'] })
    await settle()
    expect(bodies().map((b) => b.alert.job)).toEqual(['db1-nightly'])
  })

  it('a silence in the config file applies from the start; removing it from the file ends it', async () => {
    const clock = await start({
      silences: [
        {
          name: 'nas-maintenance',
          match: { servers: ['nas'] },
          endsAt: T0 + 60 * M,
          author: 'alice',
          comment: 'from the file',
        },
      ],
    })
    const listed = await t!.api<{ items: Record<string, unknown>[] }>('GET', '/silences?state=active')
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        name: 'nas-maintenance',
        source: 'config',
        author: 'alice',
        state: 'active',
      }),
    ])
    await fail('nas-nightly', 'nas')
    await settle()
    expect(hook!.requests).toHaveLength(0)
    clock.set(T0 + 60 * M)
    await settle()
    expect(bodies().map((b) => b.alert.job)).toEqual(['nas-nightly'])
  })

  it('a digest does not list a silenced alert', async () => {
    const clock = await start({
      channels: [webhook('http://127.0.0.1:1/unused', { name: 'digest', mode: 'digest' })],
    })
    await t!.api('POST', '/silences', { match: { servers: ['nas'] }, duration: '8h' })
    await fail('nas-nightly', 'nas')
    clock.set(T0 + 60 * M + 1)
    expect(await t!.app.digests.runDue()).toBe(0) // nothing to say: the only active alert is silenced
    await fail('db1-nightly', 'db1')
    clock.set(T0 + 120 * M + 1)
    expect(await t!.app.digests.runDue()).toBe(1)
    const db1 = await t!.api<{ items: { id: number }[] }>('GET', '/alerts?job=db1-nightly')
    const [digest] = await t!.app.store.inProject(1).deliveriesForAlert(db1.body.items[0]!.id)
    expect(digest?.transition).toBe('digest')
    const summary = JSON.parse(digest!.payload).alert.summary as string
    expect(summary).toContain('db1-nightly')
    expect(summary).not.toContain('nas-nightly')
  })
})

describe('API /silences: validation', () => {
  it('rejects bad input with a 400 naming the field, duplicates with 409, writes without admin with 403', async () => {
    await start()
    const bad = async (body: unknown) => {
      const res = await t!.api<{ error: { code: string; message: string } }>('POST', '/silences', body)
      expect(res.status).toBe(400)
      return res.body.error.message
    }
    expect(await bad({ duration: '1h' })).toBe('match: required')
    expect(await bad({ match: {}, duration: '1h' })).toContain('match: needs at least one of')
    expect(await bad({ match: { server: ['nas'] }, duration: '1h' })).toContain('match.server: unknown key')
    expect(await bad({ match: { servers: ['nas'] } })).toBe('ends_at: required (or duration, e.g. "2h")')
    expect(await bad({ match: { servers: ['nas'] }, ends_at: '2026-11-22T08:00:00Z' })).toBe(
      'ends_at: must be in the future',
    )
    expect(await bad({ match: { servers: ['nas'] }, ends_at: 'tomorrow' })).toContain(
      'ends_at: must be an ISO 8601 time',
    )
    expect(
      await bad({ match: { servers: ['nas'] }, duration: '1h', ends_at: '2026-11-23T00:00:00Z' }),
    ).toContain('duration: give ends_at or duration, not both')
    expect(await bad({ match: { servers: ['nas'] }, duration: '1h', color: 'red' })).toContain('color')
    expect(await bad({ match: { servers: ['nas'] }, duration: 'soon' })).toContain('duration')
    const ok = await t!.api('POST', '/silences', { name: 'x', match: { servers: ['nas'] }, duration: '1h' })
    expect(ok.status).toBe(201)
    const dup = await t!.api<{ error: { code: string } }>('POST', '/silences', {
      name: 'x',
      match: { servers: ['db'] },
      duration: '1h',
    })
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('conflict')
    expect((await t!.api('GET', '/silences/999')).status).toBe(404)
    expect((await t!.api('DELETE', '/silences/999')).status).toBe(404)
    expect((await t!.api('PATCH', '/silences/x', { ends_at: '2026-11-22T08:00:00Z' })).status).toBe(400)
  })

  it('pages newest first and filters by state', async () => {
    const clock = await start()
    for (let i = 0; i < 5; i++)
      await t!.api('POST', '/silences', { match: { servers: [`s${i}`] }, duration: `${i + 1}h` })
    await t!.api('POST', '/silences', {
      match: { servers: ['later'] },
      starts_at: '2026-11-22T12:00:00Z',
      duration: '1h',
    })
    clock.set(T0 + 150 * M) // the 1h and 2h ones have ended
    const page1 = await t!.api<{ items: { id: number }[]; next_cursor: string | null }>(
      'GET',
      '/silences?limit=4',
    )
    expect(page1.body.items.map((s) => s.id)).toEqual([6, 5, 4, 3])
    const page2 = await t!.api<{ items: { id: number }[]; next_cursor: string | null }>(
      'GET',
      `/silences?limit=4&cursor=${page1.body.next_cursor}`,
    )
    expect(page2.body.items.map((s) => s.id)).toEqual([2, 1])
    expect(page2.body.next_cursor).toBeNull()
    const ids = async (state: string) =>
      (await t!.api<{ items: { id: number }[] }>('GET', `/silences?state=${state}`)).body.items.map(
        (s) => s.id,
      )
    expect(await ids('expired')).toEqual([2, 1])
    expect(await ids('active')).toEqual([5, 4, 3])
    expect(await ids('pending')).toEqual([6])
    expect((await t!.api('GET', '/silences?state=gone')).status).toBe(400)
  })
})
