// A rate-limited channel sends what waits for it as one batch message (transition `batch`), with
// the real channel kinds against a local receiver; time comes from a ManualClock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../src/clock.js'
import { silentLogger } from '../src/log.js'
import { NOTIFIERS } from '../src/notify/channels/registry.js'
import { type ChannelConfig, Dispatcher } from '../src/notify/dispatcher.js'
import { repeatDelivery } from '../src/notify/outbox-sink.js'
import type { Store } from '../src/store/store.js'
import { alertView, enqueueTransition, openTestAlert, T0, tempSqliteStore } from './support/outbox.js'
import { type Receiver, startReceiver } from './support/receiver.js'

let store: Store
let closeStore: () => Promise<void>
let clock: ManualClock
let rx: Receiver
const dispatchers: Dispatcher[] = []

beforeEach(async () => {
  ;({ store, close: closeStore } = await tempSqliteStore())
  clock = new ManualClock(T0)
  rx = await startReceiver()
})
afterEach(async () => {
  for (const d of dispatchers.splice(0)) await d.stop()
  await rx.close()
  await closeStore()
})

function dispatcher(channels: ChannelConfig[]): Dispatcher {
  const d = new Dispatcher({
    store,
    clock,
    log: silentLogger,
    notifiers: NOTIFIERS,
    channels: () => channels,
    random: () => 1,
  })
  dispatchers.push(d)
  return d
}

const slack = (): ChannelConfig => ({ name: 'team', kind: 'slack', settings: { url: `${rx.url}/slack` } })
// biome-ignore lint/suspicious/noExplicitAny: request bodies are read loosely
const bodies = () => rx.requests.map((r) => JSON.parse(r.body) as any)
/** The lines of a Slack batch message (under its bold title). */
const slackLines = (i: number) => (bodies()[i].blocks[0].text.text as string).split('\n').slice(1)
const opened = (id: number) => `[CRITICAL] opened: backup failed: prod-sql-01/job-${id} — exit 2`

async function openAlerts(count: number, channel: string): Promise<number[]> {
  const ids: number[] = []
  for (let i = 0; i < count; i++) {
    const id = await openTestAlert(store)
    await enqueueTransition(store, id, channel)
    ids.push(id)
  }
  return ids
}

async function rowsOf(ids: number[]) {
  return (await Promise.all(ids.map((id) => store.deliveriesForAlert(id)))).flat()
}

describe('batches on a rate-limited channel', () => {
  it('10 alerts opened at once on Slack (1/s): one message listing all 10, every row sent', async () => {
    const ids = await openAlerts(10, 'team')
    const d = dispatcher([slack()])
    await d.kick()
    clock.advance(3_600_000)
    await d.kick()
    expect(rx.requests).toHaveLength(1)
    expect(bodies()[0].text).toBe('[CRITICAL] 10 backup notifications')
    expect(slackLines(0)).toEqual(ids.map(opened))
    const rows = await rowsOf(ids)
    expect(rows.map((r) => [r.status, r.attempts, r.sentAt, r.detail])).toEqual(
      ids.map(() => ['sent', 1, T0, 'coalesced into one message with 9 others: 200 ok']),
    )
    expect(await store.channelStates()).toMatchObject([
      { channel: 'team', failing: false, lastSuccessAt: T0 },
    ])
  })

  it('lists at most 25 per message: the rest go in the next one, a token later', async () => {
    const ids = await openAlerts(30, 'team')
    const d = dispatcher([slack()])
    await d.kick()
    expect(rx.requests).toHaveLength(1)
    expect(slackLines(0)).toEqual(ids.slice(0, 25).map(opened))
    expect(await store.pendingCounts()).toEqual({ team: 5 })
    expect(await store.earliestDeliveryAt()).toBe(T0 + 1_000)
    clock.advance(1_000)
    await d.kick()
    expect(rx.requests).toHaveLength(2)
    expect(bodies()[1].text).toBe('[CRITICAL] 5 backup notifications')
    expect(slackLines(1)).toEqual(ids.slice(25).map(opened))
    expect((await rowsOf(ids)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
  })

  it('rows that arrive while the channel has no token go out together, in row order', async () => {
    const [first] = await openAlerts(1, 'team')
    const d = dispatcher([slack()])
    await d.kick()
    // one row ready: sent as itself
    expect(bodies()[0].text).toBe(`[CRITICAL] backup failed: prod-sql-01/job-${first}: exit 2`)
    const more = await openAlerts(3, 'team')
    await enqueueTransition(store, first!, 'team', 'resolved')
    await d.kick()
    expect(rx.requests).toHaveLength(1)
    expect(await store.pendingCounts()).toEqual({ team: 4 })
    clock.advance(1_000)
    await d.kick()
    expect(rx.requests).toHaveLength(2)
    expect(slackLines(1)).toEqual([
      ...more.map(opened),
      `[RESOLVED] backup failed: prod-sql-01/job-${first} — exit 2`,
    ])
    const resolved = (await store.deliveriesForAlert(first!))[1]
    expect(resolved).toMatchObject({
      transition: 'resolved',
      status: 'sent',
      detail: 'coalesced into one message with 3 others: 200 ok',
    })
  })

  it('a batch that fails transiently is retried together; one that fails for good fails every row', async () => {
    let answer = 503
    rx.respond = () => ({ status: answer, body: answer === 200 ? 'ok' : 'no' })
    const ids = await openAlerts(3, 'team')
    const d = dispatcher([slack()])
    await d.kick()
    expect((await rowsOf(ids)).map((r) => [r.status, r.attempts, r.nextAttemptAt])).toEqual(
      ids.map(() => ['pending', 1, T0 + 1_000]),
    )
    expect(await store.channelStates()).toMatchObject([{ failing: true }])
    answer = 200
    clock.advance(1_000)
    await d.kick()
    expect(rx.requests).toHaveLength(2)
    expect(rx.requests[1]!.body).toBe(rx.requests[0]!.body)
    expect((await rowsOf(ids)).every((r) => r.status === 'sent' && r.attempts === 2)).toBe(true)

    answer = 404
    const gone = await openAlerts(2, 'team')
    clock.advance(1_000)
    await d.kick()
    const failed = await rowsOf(gone)
    expect(failed.map((r) => r.status)).toEqual(['failed', 'failed'])
    expect(failed[0]!.lastError).toContain('HTTP 404')
    expect(await store.channelStates()).toMatchObject([{ failing: true }])
  })

  it('a reminder of an alert no longer critical is suppressed and left out of the batch', async () => {
    const warning = await openTestAlert(store, 'warning')
    await store.enqueueDeliveries([repeatDelivery(alertView(warning), 1, 'team', T0, 1)], T0)
    const ids = await openAlerts(2, 'team')
    const d = dispatcher([slack()])
    await d.kick()
    expect(rx.requests).toHaveLength(1)
    expect(slackLines(0)).toEqual(ids.map(opened))
    expect((await store.deliveriesForAlert(warning))[0]).toMatchObject({
      status: 'suppressed',
      lastError: 'the alert is no longer active and critical',
    })
  })
})

describe('channels that never batch', () => {
  it('a webhook channel without a rate limit gets one call per row', async () => {
    const ids = await openAlerts(10, 'hook')
    const d = dispatcher([{ name: 'hook', kind: 'webhook', settings: { url: `${rx.url}/hook` } }])
    await d.kick()
    expect(rx.requests).toHaveLength(10)
    expect(new Set(bodies().map((b) => `${b.type} ${b.alert.id}`))).toEqual(
      new Set(ids.map((id) => `alert.opened ${id}`)),
    )
    expect((await rowsOf(ids)).map((r) => r.detail)).toEqual(ids.map(() => '200 ok'))
  })

  it.each([
    ['pagerduty', { routing_key: 'a'.repeat(32), api_url: '/v2/enqueue' }, 'dedup_key'],
    ['opsgenie', { api_key: 'key', api_url: '' }, 'alias'],
  ] as const)(
    '%s never batches, even with a rate limit: one event per alert, delayed',
    async (kind, s, key) => {
      const ids = await openAlerts(3, 'oncall')
      const settings = { ...s, api_url: `${rx.url}${s.api_url}` }
      const d = dispatcher([{ name: 'oncall', kind, settings, rateLimitPerSecond: 1 }])
      await d.kick()
      expect(rx.requests).toHaveLength(1)
      clock.advance(1_000)
      await d.kick()
      clock.advance(1_000)
      await d.kick()
      expect(bodies().map((b) => b[key])).toEqual(ids.map((id) => `backwatch-alert-${id}`))
      expect((await rowsOf(ids)).map((r) => r.detail?.includes('coalesced'))).toEqual([false, false, false])
    },
  )
})
