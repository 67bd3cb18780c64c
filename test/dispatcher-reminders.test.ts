// Reminders (repeat_interval) and the silence hook: a reminder a silence holds back is recorded
// as suppressed with the silence's reason, and the next one is still scheduled, so reminders
// resume once the silence ends. The hook is an injected function; everything else is real.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../src/clock.js'
import { silentLogger } from '../src/log.js'
import { NOTIFIERS } from '../src/notify/channels/registry.js'
import { Dispatcher } from '../src/notify/dispatcher.js'
import type { AlertView } from '../src/notify/notifier.js'
import { repeatDelivery } from '../src/notify/outbox-sink.js'
import type { Store } from '../src/store/store.js'
import { alertView, enqueueTransition, openTestAlert, T0, tempSqliteStore } from './support/outbox.js'
import { type Receiver, startReceiver } from './support/receiver.js'

const M = 60_000

let store: Store
let closeStore: () => Promise<void>
let clock: ManualClock
let rx: Receiver
let d: Dispatcher
/** the silence in force, by alert id */
const silenced = new Map<number, string>()
const asked: Array<[alertId: number, now: number]> = []

beforeEach(async () => {
  ;({ store, close: closeStore } = await tempSqliteStore())
  clock = new ManualClock(T0)
  rx = await startReceiver()
  silenced.clear()
  asked.length = 0
  d = new Dispatcher({
    store,
    clock,
    log: silentLogger,
    notifiers: NOTIFIERS,
    channels: () => [
      { name: 'hook', kind: 'webhook', settings: { url: `${rx.url}/hook` }, repeatIntervalMs: 30 * M },
    ],
    silencedBy: async (alert: AlertView, _projectId: number, now: number) => {
      asked.push([alert.id, now])
      return silenced.get(alert.id) ?? null
    },
  })
})
afterEach(async () => {
  await d.stop()
  await rx.close()
  await closeStore()
})

// biome-ignore lint/suspicious/noExplicitAny: request bodies are read loosely
const sent = () => rx.requests.map((r) => JSON.parse(r.body) as any).map((b) => `${b.type}@${b.at}`)
const at = (ms: number) => new Date(ms).toISOString()

describe('reminders and silences', () => {
  it('a silenced reminder is suppressed with the reason, and the next one still comes', async () => {
    const a = await openTestAlert(store)
    await store.enqueueDeliveries([repeatDelivery(alertView(a), 1, 'hook', T0 + 30 * M, 1)], T0)
    silenced.set(a, 'silenced by #3 (database maintenance)')
    clock.set(T0 + 30 * M)
    await d.kick()
    expect(rx.requests).toHaveLength(0)
    expect(asked).toEqual([[a, T0 + 30 * M]])
    let rows = await store.deliveriesForAlert(a)
    expect(rows.map((r) => [r.status, r.lastError, r.nextAttemptAt])).toEqual([
      ['suppressed', 'silenced by #3 (database maintenance)', T0 + 30 * M],
      ['pending', null, T0 + 60 * M],
    ])
    expect(await store.earliestDeliveryAt()).toBe(T0 + 60 * M)

    // the silence ends: the next reminder goes out on its exact schedule
    silenced.delete(a)
    clock.set(T0 + 60 * M)
    await d.kick()
    expect(sent()).toEqual([`alert.repeat@${at(T0 + 60 * M)}`])
    rows = await store.deliveriesForAlert(a)
    expect(rows.map((r) => [r.status, r.nextAttemptAt])).toEqual([
      ['suppressed', T0 + 30 * M],
      ['sent', T0 + 60 * M],
      ['pending', T0 + 90 * M],
    ])
    expect(rows[2]!.idempotencyKey).toBe(`backwatch-${a}-repeat-hook-3`)
  })

  it('the hook is asked about reminders only: openings and resolutions are not held back here', async () => {
    const a = await openTestAlert(store)
    silenced.set(a, 'silenced')
    await enqueueTransition(store, a, 'hook', 'opened')
    await d.kick()
    expect(sent()).toEqual([`alert.opened@${at(T0)}`])
    expect(asked).toEqual([])
  })

  it('a reminder of an alert no longer active and critical is suppressed without asking, and ends the reminders', async () => {
    const a = await openTestAlert(store, 'warning')
    await store.enqueueDeliveries([repeatDelivery(alertView(a), 1, 'hook', T0, 1)], T0)
    await d.kick()
    expect(asked).toEqual([])
    const rows = await store.deliveriesForAlert(a)
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ['suppressed', 'the alert is no longer active and critical'],
    ])
  })
})
