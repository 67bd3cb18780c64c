// Alerts reach a real webhook receiver through the outbox: the transition writes the delivery in
// its own transaction, the dispatcher sends it signed, once; the resolution follows; a receiver
// outage delays but never loses a notification.
import { afterEach, describe, expect, it } from 'vitest'
import type { ChannelSpec } from '../src/config/channel-spec.js'
import { eventually, startTestApp, type TestApp } from './support/app.js'
import { webhookChannel } from './support/channels.js'
import { type Receiver, startReceiver } from './support/receiver.js'
import { verifyStandardWebhook } from './support/standard-webhook.js'

const SECRET = `whsec_${Buffer.from('backwatch-e2e-webhook-secret-32b').toString('base64')}`

let t: TestApp | null = null
let hook: Receiver | null = null
afterEach(async () => {
  await t?.close()
  await hook?.close()
  t = null
  hook = null
})

const webhook = (url: string, over: Partial<ChannelSpec> = {}) =>
  webhookChannel(url, { minSeverity: 'warning', ...over }, SECRET)

// biome-ignore lint/suspicious/noExplicitAny: test payloads are read loosely
const bodies = () => hook!.requests.map((r) => JSON.parse(r.body) as any)

describe('notifications end to end (webhook)', () => {
  it('a failed run sends one signed alert.opened, the next success one alert.resolved', async () => {
    hook = await startReceiver()
    t = await startTestApp({ channels: [webhook(`${hook.url}/hook`)] })
    const failed = await t.api('POST', '/runs', {
      job: 'db1-nightly',
      create: true,
      server: 'db1',
      exit_code: 2,
      error: 'Repository does not exist.',
    })
    expect(failed.status).toBe(201)
    await eventually(async () => hook!.requests.length >= 1)
    const [opened] = hook.requests
    expect(opened!.method).toBe('POST')
    expect(verifyStandardWebhook(SECRET, opened!.headers, opened!.body)).toBe(true)
    expect(
      verifyStandardWebhook(
        `whsec_${Buffer.from('wrong').toString('base64')}`,
        opened!.headers,
        opened!.body,
      ),
    ).toBe(false)
    expect(bodies()[0]).toMatchObject({
      type: 'alert.opened',
      alert: {
        type: 'job.failed',
        severity: 'critical',
        status: 'active',
        job: 'db1-nightly',
        server: 'db1',
      },
    })
    expect(bodies()[0].alert.summary).toContain('Repository does not exist.')

    await t.api('POST', '/runs', { job: 'db1-nightly', exit_code: 0 })
    await eventually(async () => hook!.requests.length >= 2)
    expect(bodies()[1]).toMatchObject({
      type: 'alert.resolved',
      alert: { type: 'job.failed', status: 'resolved' },
    })
    // Exactly once each: nothing more arrives.
    await new Promise((r) => setTimeout(r, 300))
    expect(hook.requests).toHaveLength(2)
    const alertId = bodies()[0].alert.id
    const history = await t.app.store.inProject(1).deliveriesForAlert(alertId)
    expect(history.map((d) => [d.channel, d.transition, d.status])).toEqual([
      ['ops-hook', 'opened', 'sent'],
      ['ops-hook', 'resolved', 'sent'],
    ])
  })

  it('routes by severity and match; send_resolved false sends only the opening', async () => {
    hook = await startReceiver()
    t = await startTestApp({
      channels: [
        webhook(`${hook.url}/prod`, {
          name: 'prod',
          match: { environment: ['production'] },
          sendResolved: false,
        }),
        webhook(`${hook.url}/critical`, { name: 'critical', minSeverity: 'critical' }),
      ],
    })
    // a canceled run is an info alert: below both channels' minimum
    await t.api('POST', '/runs', { job: 'dev', create: true, environment: 'development', exit_code: 130 })
    await t.api('POST', '/runs', { job: 'prod', create: true, environment: 'production', exit_code: 1 })
    await eventually(async () => hook!.requests.length >= 2)
    await t.api('POST', '/runs', { job: 'prod', exit_code: 0 })
    await eventually(async () => hook!.requests.length >= 3)
    await new Promise((r) => setTimeout(r, 300))
    const seen = hook.requests
      .map((r) => `${r.path} ${JSON.parse(r.body).type} ${JSON.parse(r.body).alert.job}`)
      .sort()
    expect(seen).toEqual([
      '/critical alert.opened prod',
      '/critical alert.resolved prod',
      '/prod alert.opened prod',
    ])
  })

  it('a receiver answering 503 gets the notification once it recovers, exactly once', async () => {
    let failures = 2
    hook = await startReceiver(() =>
      failures-- > 0 ? { status: 503, headers: { 'Retry-After': '0' } } : { status: 200, body: 'ok' },
    )
    t = await startTestApp({ channels: [webhook(`${hook.url}/hook`)] })
    await t.api('POST', '/runs', { job: 'flaky', create: true, exit_code: 1 })
    await eventually(
      async () =>
        (await t!.app.store.inProject(1).pendingCounts())['ops-hook'] === undefined &&
        hook!.requests.length >= 3,
      15_000,
    )
    const ids = new Set(hook.requests.map((r) => r.headers['webhook-id']))
    expect(ids.size).toBe(1)
    expect(hook.requests.map((r) => r.body).every((b) => b === hook!.requests[0]!.body)).toBe(true)
    const [state] = await t.app.store.inProject(1).channelStates()
    expect(state).toMatchObject({ channel: 'ops-hook', failing: false })
  }, 20_000)
})

describe('repeat_interval', () => {
  it('reminds of a still-active critical alert exactly every interval, and stops once it resolves', async () => {
    const { ManualClock } = await import('../src/clock.js')
    const T0 = Date.parse('2026-11-22T04:00:00Z')
    const M = 60_000
    const clock = new ManualClock(T0)
    hook = await startReceiver()
    t = await startTestApp({ channels: [webhook(`${hook.url}/hook`, { repeatInterval: 30 * M })] }, { clock })
    const types = () => bodies().map((b) => `${b.type}@${b.at}`)
    await t.api('POST', '/runs', { job: 'db1', create: true, exit_code: 1 })
    await eventually(async () => hook!.requests.length >= 1)
    clock.set(T0 + 30 * M - 1)
    await t.app.dispatcher.kick()
    expect(types()).toEqual(['alert.opened@2026-11-22T04:00:00.000Z'])
    clock.set(T0 + 30 * M)
    await t.app.dispatcher.kick()
    // a late wake-up does not shift the schedule: the second reminder is due at +60 min exactly
    clock.set(T0 + 61 * M)
    await t.app.dispatcher.kick()
    await t.app.dispatcher.kick()
    expect(types()).toEqual([
      'alert.opened@2026-11-22T04:00:00.000Z',
      'alert.repeat@2026-11-22T04:30:00.000Z',
      'alert.repeat@2026-11-22T05:00:00.000Z',
    ])
    await t.api('POST', '/runs', { job: 'db1', exit_code: 0 })
    await eventually(async () => hook!.requests.length >= 4)
    clock.set(T0 + 200 * M)
    await t.app.dispatcher.kick()
    await t.app.dispatcher.kick()
    expect(bodies().map((b) => b.type)).toEqual([
      'alert.opened',
      'alert.repeat',
      'alert.repeat',
      'alert.resolved',
    ])
    const history = await t.app.store.inProject(1).deliveriesForAlert(bodies()[0].alert.id)
    expect(history.map((d) => `${d.transition}:${d.status}`)).toEqual([
      'opened:sent',
      'repeat:sent',
      'repeat:sent',
      'repeat:suppressed',
      'resolved:sent',
    ])
  })
})

describe('rate_limit on a channel', () => {
  it('a webhook limited to 1/s sends alerts opened together as one batch, every row recorded sent', async () => {
    const { ManualClock } = await import('../src/clock.js')
    const clock = new ManualClock(Date.parse('2026-11-22T09:00:00Z'))
    hook = await startReceiver()
    t = await startTestApp({ channels: [webhook(`${hook.url}/hook`, { rateLimit: 1 })] }, { clock })
    for (const job of ['a', 'b', 'c', 'd', 'e'])
      await t.api('POST', '/runs', { job, create: true, exit_code: 2, error: `${job} broke` })
    await t.app.dispatcher.kick()
    // the first takes the one token; the others wait for the next second, together
    expect(bodies().map((b) => [b.type, b.alert.job])).toEqual([['alert.opened', 'a']])
    clock.advance(1_000)
    await t.app.dispatcher.kick()
    expect(hook.requests).toHaveLength(2)
    const batch = bodies()[1]
    expect(batch.type).toBe('alert.batch')
    expect(batch.alert.details.items.map((i: { alert: { job: string } }) => i.alert.job)).toEqual([
      'b',
      'c',
      'd',
      'e',
    ])
    const alerts = await t.api<{ items: { id: number }[] }>('GET', '/alerts?status=active')
    for (const a of alerts.body.items) {
      const [d] = await t.app.store.inProject(1).deliveriesForAlert(a.id)
      expect(d?.status).toBe('sent')
    }
  })
})

describe('digest mode', () => {
  it('sends one digest per window: still-active alerts listed, raised-and-resolved ones counted', async () => {
    const { ManualClock } = await import('../src/clock.js')
    const T0 = Date.parse('2026-11-22T09:00:00Z')
    const M = 60_000
    const clock = new ManualClock(T0 + 5 * M)
    hook = await startReceiver()
    t = await startTestApp(
      { channels: [webhook(`${hook.url}/digest`, { name: 'mail', mode: 'digest' })] },
      { clock },
    )
    const fail = (job: string) =>
      t!.api('POST', '/runs', { job, create: true, exit_code: 1, error: `${job} broke` })
    const ok = (job: string) => t!.api('POST', '/runs', { job, exit_code: 0 })
    for (const job of ['a', 'b', 'c']) {
      await fail(job)
      clock.advance(5 * M)
      await ok(job)
    }
    await fail('d') // still active at digest time
    await t.app.dispatcher.kick()
    expect(hook.requests).toHaveLength(0) // a digest channel gets no immediate messages
    clock.set(T0 + 60 * M + 30_000)
    expect(await t.app.digests.runDue()).toBe(1)
    expect(await t.app.digests.runDue()).toBe(0) // once per window
    await t.app.dispatcher.kick()
    expect(hook.requests).toHaveLength(1)
    const [digest] = bodies()
    expect(digest.type).toBe('alert.digest')
    expect(digest.alert.summary).toBe(
      '1 alert is active: [CRITICAL] Backup failed: d (exit status 1): d broke. 3 alerts opened and resolved within the hour.',
    )
    expect(digest.alert.details).toMatchObject({
      window_start: '2026-11-22T09:00:00.000Z',
      window_end: '2026-11-22T10:00:00.000Z',
      opened_and_resolved: 3,
      active: [{ job: 'd', type: 'job.failed' }],
    })
  })
})
