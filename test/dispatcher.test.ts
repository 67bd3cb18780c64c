// The dispatcher against real HTTP receivers on 127.0.0.1 and real databases; time that matters
// comes from a ManualClock (no wall-clock asserts).
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { type Clock, ManualClock, systemClock } from '../src/clock.js'
import { silentLogger } from '../src/log.js'
import { type ChannelConfig, Dispatcher, type DispatcherOptions } from '../src/notify/dispatcher.js'
import { DeliveryError, type Notification, type Notifier } from '../src/notify/notifier.js'
import { newDelivery, notificationFor } from '../src/notify/outbox/new-delivery.js'
import { openStore } from '../src/store/open-store.js'
import type { Store } from '../src/store/store.js'
import {
  alertView,
  enqueueTransition,
  openTestAlert,
  T0,
  type TempStore,
  tempSqliteStore,
} from './support/outbox.js'
import { backends } from './support/stores.js'

// ── a receiver that can answer with headers, or never ─────────────────────────
interface Reply {
  status: number
  headers?: Record<string, string>
  /** never answer */
  hang?: boolean
}
interface Hit {
  key: string
  body: { transition: string; alert: { id: number }; channel: string }
}
interface TestReceiver {
  url: string
  hits: Hit[]
  reply: (hit: Hit, n: number) => Reply
  close(): Promise<void>
}

async function receiver(reply: TestReceiver['reply'] = () => ({ status: 200 })): Promise<TestReceiver> {
  const hanging: ServerResponse[] = []
  const r = { hits: [] as Hit[], reply } as TestReceiver
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const hit: Hit = {
        key: String(req.headers['idempotency-key']),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      }
      r.hits.push(hit)
      const answer = r.reply(hit, r.hits.length)
      if (answer.hang) {
        hanging.push(res)
        return
      }
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers })
      res.end(`answer ${answer.status}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  r.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return r
}

/** A minimal webhook notifier: the real channels live in src/notify/channels/. */
const testWebhook: Notifier<{ url: string }> = {
  kind: 'webhook',
  settings: z.object({ url: z.string().url() }),
  async send(n: Notification, settings, ctx) {
    let res: Response
    try {
      res = await ctx.fetch(settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': n.idempotencyKey },
        body: JSON.stringify({ transition: n.transition, alert: n.alert, channel: n.idempotencyKey }),
      })
    } catch (err) {
      throw new DeliveryError(`network error: ${(err as Error).message}`, true)
    }
    const detail = (await res.text()).slice(0, 200)
    if (res.ok) return { status: res.status, detail }
    const retryable = [408, 425, 429].includes(res.status) || res.status >= 500
    const after = Number(res.headers.get('retry-after'))
    const retryAfterMs = Number.isFinite(after) && after > 0 ? after * 1000 : null
    throw new DeliveryError(`HTTP ${res.status}: ${detail}`, retryable, retryAfterMs, res.status)
  },
}

function channel(name: string, url: string, extra: Partial<ChannelConfig> = {}): ChannelConfig {
  return { name, kind: 'webhook', settings: { url }, ...extra }
}

async function until(cond: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('dispatcher on SQLite with an injected clock', () => {
  let db: TempStore
  let store: Store
  let clock: ManualClock
  let rx: TestReceiver
  const dispatchers: Dispatcher[] = []

  function dispatcher(channels: ChannelConfig[], opts: Partial<DispatcherOptions> = {}): Dispatcher {
    const d = new Dispatcher({
      store,
      clock,
      log: silentLogger,
      notifiers: { webhook: testWebhook },
      channels: () => channels,
      random: () => 1, // the top of the jitter window: deterministic delays
      ...opts,
    })
    dispatchers.push(d)
    return d
  }

  beforeEach(async () => {
    db = await tempSqliteStore()
    store = db.store
    clock = new ManualClock(T0)
    rx = await receiver()
  })
  afterEach(async () => {
    for (const d of dispatchers.splice(0)) await d.stop()
    await rx.close()
    await db.close()
  })

  it('delivers a pending row once', async () => {
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'ops')
    const d = dispatcher([channel('ops', rx.url)])
    await d.kick()
    await d.kick()
    clock.advance(3_600_000)
    await d.kick()
    expect(rx.hits.map((h) => h.key)).toEqual([`backwatch-${a}-opened-ops`])
    expect(rx.hits[0]!.body).toMatchObject({ transition: 'opened', alert: { id: a } })
    const [row] = await store.deliveriesForAlert(a)
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      sentAt: T0,
      detail: '200 answer 200',
      claimedBy: null,
    })
    expect(await store.pendingCounts()).toEqual({})
    expect(await store.channelStates()).toEqual([
      { projectId: 1, channel: 'ops', lastSuccessAt: T0, lastError: null, lastErrorAt: null, failing: false },
    ])
  })

  it('retries 503 with exponential backoff and delivers exactly once (attempts 4)', async () => {
    rx.reply = (_hit, n) => ({ status: n <= 3 ? 503 : 200 })
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'ops')
    const d = dispatcher([channel('ops', rx.url)], { baseBackoffMs: 1_000 })
    await d.kick()
    // attempt n failed: the next one waits base·2^(n-1) (random = 1: the whole window)
    for (const [n, wait] of [
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
    ] as const) {
      expect(rx.hits).toHaveLength(n)
      const [row] = await store.deliveriesForAlert(a)
      expect(row).toMatchObject({ status: 'pending', attempts: n, nextAttemptAt: clock.now() + wait })
      expect(row!.lastError).toContain('503')
      expect((await store.channelStates())[0]).toMatchObject({ failing: true })
      clock.advance(wait - 1)
      await d.kick()
      expect(rx.hits).toHaveLength(n) // not before its time
      clock.advance(1)
      await d.kick()
    }
    expect(rx.hits).toHaveLength(4)
    expect(new Set(rx.hits.map((h) => h.key)).size).toBe(1)
    const [row] = await store.deliveriesForAlert(a)
    expect(row).toMatchObject({ status: 'sent', attempts: 4, sentAt: T0 + 7_000 })
    expect((await store.channelStates())[0]).toMatchObject({ failing: false, lastSuccessAt: T0 + 7_000 })
    clock.advance(3_600_000)
    await d.kick()
    expect(rx.hits).toHaveLength(4)
  })

  it('keeps the jittered delay inside the backoff window and caps it', async () => {
    rx.reply = () => ({ status: 500 })
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'ops')
    const d = dispatcher([channel('ops', rx.url)], {
      baseBackoffMs: 1_000,
      maxBackoffMs: 5_000,
      random: () => 0.5,
      maxAttempts: 100,
    })
    const delays: number[] = []
    for (let i = 0; i < 6; i++) {
      await d.kick()
      const [row] = await store.deliveriesForAlert(a)
      delays.push(row!.nextAttemptAt - clock.now())
      clock.set(row!.nextAttemptAt)
    }
    expect(delays).toEqual([500, 1_000, 2_000, 2_500, 2_500, 2_500])
  })

  it('honours Retry-After when it is longer than the backoff', async () => {
    rx.reply = (_hit, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '120' } } : { status: 200 })
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'ops')
    const d = dispatcher([channel('ops', rx.url)])
    await d.kick()
    const [row] = await store.deliveriesForAlert(a)
    expect(row).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 120_000 })
    clock.advance(119_999)
    await d.kick()
    expect(rx.hits).toHaveLength(1)
    clock.advance(1)
    await d.kick()
    expect(rx.hits).toHaveLength(2)
    expect((await store.deliveriesForAlert(a))[0]).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it.each([400, 410])('fails on %i without retrying and marks the channel failing', async (status) => {
    rx.reply = () => ({ status })
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'ops')
    const d = dispatcher([channel('ops', rx.url)])
    await d.kick()
    clock.advance(24 * 3_600_000)
    await d.kick()
    expect(rx.hits).toHaveLength(1)
    const [row] = await store.deliveriesForAlert(a)
    expect(row).toMatchObject({ status: 'failed', attempts: 1 })
    expect(row!.lastError).toContain(`HTTP ${status}`)
    const [state] = await store.channelStates()
    expect(state).toMatchObject({ channel: 'ops', failing: true, lastErrorAt: T0, lastSuccessAt: null })
    expect(state!.lastError).toContain(`HTTP ${status}`)
    expect(await store.pendingCounts()).toEqual({})
  })

  it('gives up after maxAttempts', async () => {
    rx.reply = () => ({ status: 503 })
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'ops')
    const d = dispatcher([channel('ops', rx.url)], { maxAttempts: 3 })
    for (let i = 0; i < 5; i++) {
      await d.kick()
      clock.advance(3_600_000)
    }
    expect(rx.hits).toHaveLength(3)
    const [row] = await store.deliveriesForAlert(a)
    expect(row).toMatchObject({ status: 'failed', attempts: 3 })
    expect(row!.lastError).toContain('gave up after 3 attempts')
  })

  it('retries a receiver that never answers (timeout)', async () => {
    rx.reply = (_hit, n) => (n === 1 ? { status: 200, hang: true } : { status: 200 })
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'ops')
    const d = dispatcher([channel('ops', rx.url)], { timeoutMs: 300 })
    await d.kick()
    const [row] = await store.deliveriesForAlert(a)
    expect(row).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 1_000 })
    expect(row!.lastError).toContain('timed out after 300 ms')
    clock.advance(1_000)
    await d.kick()
    expect(rx.hits).toHaveLength(2)
    expect((await store.deliveriesForAlert(a))[0]).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it('abandons a notifier that ignores the abort signal', async () => {
    const stuck: Notifier<unknown> = {
      kind: 'command',
      settings: z.unknown(),
      send: () => new Promise(() => {}),
    }
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'cmd')
    const d = dispatcher([{ name: 'cmd', kind: 'command', settings: {} }], {
      timeoutMs: 200,
      notifiers: { command: stuck },
    })
    await d.kick()
    expect((await store.deliveriesForAlert(a))[0]).toMatchObject({ status: 'pending', attempts: 1 })
  })

  it('retries network errors (nothing listening)', async () => {
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'ops')
    await rx.close()
    const d = dispatcher([channel('ops', rx.url)])
    await d.kick()
    const [row] = await store.deliveriesForAlert(a)
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row!.lastError).toContain('network error')
    rx = await receiver()
  })

  it('fails rows of an unknown channel or a broken payload with a clear error, and delivers the rest', async () => {
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'gone')
    await enqueueTransition(store, a, 'ops')
    await enqueueTransition(store, a, 'bad-settings')
    await store.enqueueDeliveries(
      [
        {
          projectId: 1,
          alertId: a,
          channel: 'ops',
          transition: 'resolved',
          idempotencyKey: 'broken',
          payload: '{not json',
        },
      ],
      T0,
    )
    const d = dispatcher([channel('ops', rx.url), channel('bad-settings', 'not a url')])
    await d.kick()
    const rows = await store.deliveriesForAlert(a)
    expect(rows.map((r) => [r.channel, r.status, r.lastError?.split(':')[0] ?? null])).toEqual([
      ['gone', 'failed', 'channel "gone" is not configured (removed from the configuration?)'],
      ['ops', 'sent', null],
      ['bad-settings', 'failed', 'invalid settings for channel "bad-settings"'],
      ['ops', 'failed', 'unreadable payload (not JSON)'],
    ])
    expect(rx.hits).toHaveLength(1)
    const states = await store.channelStates()
    expect(states.map((s) => [s.channel, s.failing])).toEqual([
      ['bad-settings', true],
      ['ops', false],
    ])
  })

  it('rate-limits a channel that never batches (one event per alert): delayed, nothing dropped, in order', async () => {
    const a = await openTestAlert(store)
    const b = await openTestAlert(store)
    await enqueueTransition(store, a, 'slack')
    await enqueueTransition(store, a, 'slack', 'resolved')
    await enqueueTransition(store, b, 'slack')
    await enqueueTransition(store, a, 'ops')
    const d = dispatcher([channel('slack', rx.url, { rateLimitPerSecond: 1 }), channel('ops', rx.url)], {
      notifiers: { webhook: { ...testWebhook, coalesce: false } },
    })
    await d.kick()
    const slackHits = () => rx.hits.filter((h) => h.key.endsWith('-slack')).map((h) => h.key)
    expect(slackHits()).toEqual([`backwatch-${a}-opened-slack`])
    expect(rx.hits.some((h) => h.key.endsWith('-ops'))).toBe(true)
    expect(await store.pendingCounts()).toEqual({ slack: 2 })
    expect(await store.earliestDeliveryAt()).toBe(T0 + 1_000)
    clock.advance(999)
    await d.kick()
    expect(slackHits()).toHaveLength(1)
    clock.advance(1)
    await d.kick()
    clock.advance(1_000)
    await d.kick()
    expect(slackHits()).toEqual([
      `backwatch-${a}-opened-slack`,
      `backwatch-${a}-resolved-slack`,
      `backwatch-${b}-opened-slack`,
    ])
    const rows = [...(await store.deliveriesForAlert(a)), ...(await store.deliveriesForAlert(b))]
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
  })

  it('holds the rest of a channel’s batch behind a row that will be retried', async () => {
    rx.reply = (_hit, n) => ({ status: n === 1 ? 503 : 200 })
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'ops')
    await enqueueTransition(store, a, 'ops', 'resolved')
    const d = dispatcher([channel('ops', rx.url)])
    await d.kick()
    expect(rx.hits).toHaveLength(1)
    const rows = await store.deliveriesForAlert(a)
    // the resolution is not even claimed while the opening waits for its retry
    expect(rows.map((r) => [r.status, r.attempts, r.nextAttemptAt])).toEqual([
      ['pending', 1, T0 + 1_000],
      ['pending', 0, T0],
    ])
    expect(await store.earliestDeliveryAt()).toBe(T0 + 1_000)
    clock.advance(1_000)
    await d.kick()
    expect(rx.hits.map((h) => h.body.transition)).toEqual(['opened', 'opened', 'resolved'])
  })

  it('restart: delivers rows left pending, and a row whose sender died mid-send once its lease expires', async () => {
    const a = await openTestAlert(store)
    const b = await openTestAlert(store)
    await enqueueTransition(store, a, 'ops')
    await enqueueTransition(store, b, 'ops', 'resolved')
    // a previous process claimed the first row and was killed before answering
    const [dead] = await store.claimDeliveries(T0, 'killed-process', 60_000, 1)
    expect(dead!.transition).toBe('opened')
    clock.advance(1_000)
    const d = dispatcher([channel('ops', rx.url)], { leaseMs: 60_000 })
    await d.kick()
    expect(rx.hits.map((h) => h.body.transition)).toEqual(['resolved'])
    expect(await store.earliestDeliveryAt()).toBe(T0 + 60_000)
    clock.set(T0 + 60_000)
    await d.kick()
    expect(rx.hits.map((h) => h.body.transition)).toEqual(['resolved', 'opened'])
    expect((await store.deliveriesForAlert(a)).map((r) => r.status)).toEqual(['sent'])
    expect((await store.deliveriesForAlert(b)).map((r) => r.status)).toEqual(['sent'])
  })

  it('a resolution waits for its alert’s opening, even when another process holds it', async () => {
    const a = await openTestAlert(store)
    await enqueueTransition(store, a, 'ops')
    await enqueueTransition(store, a, 'ops', 'resolved')
    await store.claimDeliveries(T0, 'killed-process', 60_000, 1)
    clock.advance(1_000)
    const d = dispatcher([channel('ops', rx.url)], { leaseMs: 60_000 })
    await d.kick()
    expect(rx.hits).toHaveLength(0)
    clock.set(T0 + 60_000)
    await d.kick()
    await d.kick()
    expect(rx.hits.map((h) => h.body.transition)).toEqual(['opened', 'resolved'])
  })

  it('stop() lets the send in flight finish and gives back the rows it never started', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    let started = 0
    const slow: Notifier<unknown> = {
      kind: 'command',
      settings: z.unknown(),
      // one send at a time: the second alert's row is claimed but never started
      maxInFlight: 1,
      async send() {
        started++
        await gate
        return { status: 0, detail: 'ok' }
      },
    }
    const a = await openTestAlert(store)
    const b = await openTestAlert(store)
    await enqueueTransition(store, a, 'cmd')
    await enqueueTransition(store, b, 'cmd')
    const d = dispatcher([{ name: 'cmd', kind: 'command', settings: {} }], { notifiers: { command: slow } })
    const pass = d.kick()
    // the claim is committed before the dispatcher hears back (its WAL sync), so wait for the send itself
    await until(
      async () =>
        started === 1 && (await store.pendingCounts()).cmd === 2 && (await store.earliestDeliveryAt()) !== T0,
      'claim',
    )
    const stopped = d.stop()
    release()
    await stopped
    await pass
    const rows = [...(await store.deliveriesForAlert(a)), ...(await store.deliveriesForAlert(b))]
    expect(rows.map((r) => [r.status, r.attempts, r.claimedBy, r.claimedUntil])).toEqual([
      ['sent', 1, null, null],
      ['pending', 0, null, null],
    ])
  })
})

describe('dispatcher timers', () => {
  it('sleeps until told a delivery is due (notifyDue), not until its next poll', async () => {
    const db = await tempSqliteStore()
    const { store } = db
    const rx = await receiver()
    const d = new Dispatcher({
      store,
      clock: systemClock,
      log: silentLogger,
      notifiers: { webhook: testWebhook },
      channels: () => [channel('ops', rx.url)],
      maxSleepMs: 600_000,
    })
    try {
      d.start()
      await d.kick() // nothing due: asleep for up to 10 minutes
      const a = await openTestAlert(store)
      await enqueueTransition(store, a, 'ops', 'opened', Date.now())
      d.notifyDue(Date.now())
      await until(
        async () => (await store.deliveriesForAlert(a))[0]?.status === 'sent',
        'the delivery',
        10_000,
      )
      expect(rx.hits).toHaveLength(1)
    } finally {
      await d.stop()
      await rx.close()
      await db.close()
    }
  })
})

describe.each(backends)('two dispatchers on one outbox ($name)', (backend) => {
  it('deliver every row exactly once', async () => {
    const opened = await backend.open()
    const second = (await openStore(opened.target)).inProject(1)
    const rx = await receiver((_hit, n) => ({ status: n % 7 === 0 ? 503 : 200 }))
    const channels = ['a', 'b', 'c', 'd'].map((name) => channel(name, rx.url))
    const make = (store: Store, owner: string, clock: Clock) =>
      new Dispatcher({
        store,
        clock,
        log: silentLogger,
        notifiers: { webhook: testWebhook },
        channels: () => channels,
        owner,
        baseBackoffMs: 5,
        maxBackoffMs: 50,
        batchSize: 10,
        maxSleepMs: 50,
      })
    const one = make(opened.store, 'one', systemClock)
    const two = make(second, 'two', systemClock)
    try {
      const alerts: number[] = []
      for (let i = 0; i < 20; i++) alerts.push(await openTestAlert(opened.store))
      const now = Date.now()
      const rows = alerts.flatMap((id) =>
        channels.map((c) => newDelivery(c.name, notificationFor(alertView(id), 'opened', c.name, now))),
      )
      await opened.store.enqueueDeliveries(rows, now)
      one.start()
      two.start()
      await until(async () => Object.keys(await opened.store.pendingCounts()).length === 0, 'all delivered')
      const ok = new Map<string, number>()
      rx.hits.forEach((h, i) => {
        if ((i + 1) % 7 !== 0) ok.set(h.key, (ok.get(h.key) ?? 0) + 1)
      })
      expect(ok.size).toBe(80)
      expect([...ok.values()].every((n) => n === 1)).toBe(true)
      for (const id of alerts) {
        expect((await opened.store.deliveriesForAlert(id)).every((r) => r.status === 'sent')).toBe(true)
      }
    } finally {
      await one.stop()
      await two.stop()
      await second.close()
      await rx.close()
      await opened.cleanup()
    }
  })
})
