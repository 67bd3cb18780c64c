// A channel without a rate limit has several sends in flight, but never two of one alert. The
// receiver answers only once enough requests are open at once, so sends made one at a time would
// time out instead of being delivered (no wall-clock assertion).
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../src/clock.js'
import { silentLogger } from '../src/log.js'
import { NOTIFIERS } from '../src/notify/channels/registry.js'
import { Dispatcher } from '../src/notify/dispatcher.js'
import { repeatDelivery } from '../src/notify/outbox-sink.js'
import type { Store } from '../src/store/store.js'
import { alertView, enqueueTransition, openTestAlert, T0, tempSqliteStore } from './support/outbox.js'

interface GatedReceiver {
  url: string
  /** alert id and type of each request, in arrival order */
  arrivals: string[]
  /** the most requests of one alert open at the same time */
  maxPerAlert: number
  close(): Promise<void>
}

/** Holds every request until `gate` are open at once (or the test ends), then answers them all. */
async function gatedReceiver(gate: number): Promise<GatedReceiver> {
  const open: Array<{ res: ServerResponse; alert: number }> = []
  const r = { arrivals: [] as string[], maxPerAlert: 0 } as GatedReceiver
  let released = false
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      r.arrivals.push(`${body.alert.id} ${body.type}`)
      open.push({ res, alert: body.alert.id })
      r.maxPerAlert = Math.max(r.maxPerAlert, open.filter((o) => o.alert === body.alert.id).length)
      if (open.length >= gate) released = true
      if (!released) return
      for (const o of open.splice(0)) o.res.end('ok')
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

let store: Store
let closeStore: () => Promise<void>
let rx: GatedReceiver
let d: Dispatcher | null = null

beforeEach(async () => {
  ;({ store, close: closeStore } = await tempSqliteStore())
})
afterEach(async () => {
  await d?.stop()
  await rx?.close()
  await closeStore()
})

function dispatcher(notifiers: typeof NOTIFIERS = NOTIFIERS): Dispatcher {
  d = new Dispatcher({
    store,
    clock: new ManualClock(T0),
    log: silentLogger,
    notifiers,
    channels: () => [{ name: 'hook', kind: 'webhook', settings: { url: rx.url } }],
    timeoutMs: 5_000,
    inFlightPerChannel: 8,
  })
  return d
}

describe('in-flight window of a channel without a rate limit', () => {
  it('sends 8 rows at once (one at a time, the receiver would never answer)', async () => {
    rx = await gatedReceiver(8)
    const ids: number[] = []
    for (let i = 0; i < 8; i++) {
      ids.push(await openTestAlert(store))
      await enqueueTransition(store, ids[i]!, 'hook')
    }
    await dispatcher().kick()
    const rows = (await Promise.all(ids.map((id) => store.deliveriesForAlert(id)))).flat()
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(ids.map(() => ['sent', 1]))
  })

  it('never has two rows of one alert in flight: the second is sent after the first is answered', async () => {
    rx = await gatedReceiver(2)
    const a = await openTestAlert(store)
    const b = await openTestAlert(store)
    // a due reminder holds nothing back, so the resolution after it is claimed in the same pass
    await store.enqueueDeliveries([repeatDelivery(alertView(a), 1, 'hook', T0, 1)], T0)
    await enqueueTransition(store, a, 'hook', 'resolved')
    await enqueueTransition(store, b, 'hook', 'opened')
    await dispatcher().kick()
    expect(rx.maxPerAlert).toBe(1)
    const ofA = rx.arrivals.filter((x) => x.startsWith(`${a} `))
    expect(ofA).toEqual([`${a} alert.repeat`, `${a} alert.resolved`])
    const rows = [...(await store.deliveriesForAlert(a)), ...(await store.deliveriesForAlert(b))]
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true)
  })

  it("a kind's own maxInFlight (1 for command and email) sends one row at a time", async () => {
    // gate 1: each request is answered as it comes; two in flight would show in the count
    rx = await gatedReceiver(1)
    let open = 0
    let most = 0
    const one = {
      ...NOTIFIERS,
      webhook: {
        ...NOTIFIERS.webhook,
        maxInFlight: 1,
        send: async (...args: Parameters<typeof NOTIFIERS.webhook.send>) => {
          most = Math.max(most, ++open)
          try {
            return await NOTIFIERS.webhook.send(...args)
          } finally {
            open--
          }
        },
      },
    }
    const ids: number[] = []
    for (let i = 0; i < 6; i++) {
      ids.push(await openTestAlert(store))
      await enqueueTransition(store, ids[i]!, 'hook')
    }
    await dispatcher(one).kick()
    expect(most).toBe(1)
    expect(rx.arrivals).toHaveLength(6)
    expect(NOTIFIERS.command.maxInFlight).toBe(1)
    expect(NOTIFIERS.email.maxInFlight).toBe(1)
  })
})
