// The outbox part of the Store contract, once per backend (SQLite always, PostgreSQL when configured).
import { describe, expect, it } from 'vitest'
import type { NewDelivery } from '../src/domain/delivery-records.js'
import { newDelivery, notificationFor } from '../src/notify/outbox/new-delivery.js'
import { openStore } from '../src/store/open-store.js'
import type { Store } from '../src/store/store.js'
import { alertView, openTestAlert, T0 } from './support/outbox.js'
import { backends, type OpenedBackend, openEachTest } from './support/stores.js'

const LEASE = 60_000

function row(alertId: number, channel = 'ops', transition: 'opened' | 'resolved' = 'opened'): NewDelivery {
  return newDelivery(channel, notificationFor(alertView(alertId), transition, channel, T0))
}

describe.each(backends)('outbox store on $name', (backend) => {
  let opened: OpenedBackend
  let store: Store
  openEachTest(backend, (o) => {
    opened = o
    store = o.store
  })

  it('enqueues deliveries once per idempotency key, in a transaction with the alert', async () => {
    const a = await openTestAlert(store)
    const n = await store.transaction((tx) => tx.enqueueDeliveries([row(a, 'ops'), row(a, 'slack')], T0))
    expect(n).toBe(2)
    expect(await store.enqueueDeliveries([row(a, 'ops'), row(a, 'ops', 'resolved')], T0 + 5)).toBe(1)
    const rows = await store.deliveriesForAlert(a)
    expect(rows.map((r) => [r.channel, r.transition, r.status, r.attempts])).toEqual([
      ['ops', 'opened', 'pending', 0],
      ['slack', 'opened', 'pending', 0],
      ['ops', 'resolved', 'pending', 0],
    ])
    expect(rows[0]!.idempotencyKey).toBe(`backwatch-${a}-opened-ops`)
    expect(JSON.parse(rows[0]!.payload).alert.id).toBe(a)
    expect(rows[2]!.createdAt).toBe(T0 + 5)
    expect(await store.pendingCounts()).toEqual({ ops: 2, slack: 1 })
    expect(await store.earliestDeliveryAt()).toBe(T0)
  })

  it('rolls the deliveries back with the transaction', async () => {
    const a = await openTestAlert(store)
    await expect(
      store.transaction(async (tx) => {
        await tx.enqueueDeliveries([row(a)], T0)
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await store.deliveriesForAlert(a)).toEqual([])
  })

  it('claims due rows only, with a lease, and reclaims an expired lease', async () => {
    const a = await openTestAlert(store)
    await store.enqueueDeliveries([row(a, 'ops'), { ...row(a, 'later'), nextAttemptAt: T0 + 10_000 }], T0)
    const first = await store.claimDeliveries(T0, 'p1', LEASE, 10)
    expect(first.map((d) => [d.channel, d.status, d.claimedBy, d.claimedUntil])).toEqual([
      ['ops', 'sending', 'p1', T0 + LEASE],
    ])
    // still leased: nobody else gets it
    expect(await store.claimDeliveries(T0 + 1_000, 'p2', LEASE, 10)).toEqual([])
    expect(await store.earliestDeliveryAt()).toBe(T0 + 10_000)
    // the later row is due; p1's lease ends at T0 + LEASE
    const later = await store.claimDeliveries(T0 + 10_000, 'p2', LEASE, 10)
    expect(later.map((d) => d.channel)).toEqual(['later'])
    expect(await store.earliestDeliveryAt()).toBe(T0 + LEASE)
    // p1 crashed: its lease expires and p3 takes the row over; p1's late answer is refused
    const taken = await store.claimDeliveries(T0 + LEASE, 'p3', LEASE, 10)
    expect(taken.map((d) => [d.channel, d.claimedBy])).toEqual([['ops', 'p3']])
    expect(await store.markDelivered(taken[0]!.id, 'p1', T0 + LEASE, '200')).toBe(false)
    expect(await store.markDelivered(taken[0]!.id, 'p3', T0 + LEASE + 1, '200 ok')).toBe(true)
    const [done] = (await store.deliveriesForAlert(a)).filter((d) => d.channel === 'ops')
    expect(done).toMatchObject({ status: 'sent', attempts: 1, sentAt: T0 + LEASE + 1, detail: '200 ok' })
    expect(done!.claimedBy).toBeNull()
    // a finished row is never claimed again
    expect(await store.claimDeliveries(T0 + 10 * LEASE, 'p4', LEASE, 10)).toMatchObject([
      { channel: 'later' },
    ])
  })

  it('honours the limit, oldest due first', async () => {
    const a = await openTestAlert(store)
    await store.enqueueDeliveries(
      ['c', 'b', 'a'].map((ch, i) => ({ ...row(a, ch), nextAttemptAt: T0 - i })),
      T0,
    )
    const got = await store.claimDeliveries(T0, 'p1', LEASE, 2)
    expect(got.map((d) => d.channel).sort()).toEqual(['a', 'b'])
  })

  it('releases several claimed rows in one call, only those the owner still holds', async () => {
    const ids: number[] = []
    for (let i = 0; i < 3; i++) {
      const a = await openTestAlert(store)
      await store.enqueueDeliveries([row(a)], T0)
      ids.push(a)
    }
    const claimed = await store.claimDeliveries(T0, 'p1', LEASE, 10)
    expect(claimed).toHaveLength(3)
    const rowIds = claimed.map((r) => r.id)
    expect(await store.releaseDeliveries(rowIds, 'p2', T0 + 5_000)).toBe(0)
    expect(await store.releaseDeliveries(rowIds, 'p1', T0 + 5_000)).toBe(3)
    expect(await store.releaseDeliveries(rowIds, 'p1', T0 + 5_000)).toBe(0)
    for (const a of ids) {
      const [d] = await store.deliveriesForAlert(a)
      expect(d).toMatchObject({
        status: 'pending',
        nextAttemptAt: T0 + 5_000,
        claimedBy: null,
        claimedUntil: null,
      })
    }
  })

  it('reschedules, fails and releases only under the owner’s claim', async () => {
    const a = await openTestAlert(store)
    await store.enqueueDeliveries([row(a, 'x'), row(a, 'y'), row(a, 'z')], T0)
    const [x, y, z] = await store.claimDeliveries(T0, 'p1', LEASE, 10)
    expect(await store.rescheduleDelivery(x!.id, 'other', T0 + 5_000, 'HTTP 503', T0)).toBe(false)
    expect(await store.rescheduleDelivery(x!.id, 'p1', T0 + 5_000, 'HTTP 503', T0)).toBe(true)
    expect(await store.failDelivery(y!.id, 'p1', 'HTTP 410 gone', T0)).toBe(true)
    expect(await store.releaseDelivery(z!.id, 'p1', T0 + 1_000)).toBe(true)
    // a second answer for the same claim is refused (the claim is gone)
    expect(await store.failDelivery(x!.id, 'p1', 'late', T0)).toBe(false)
    const rows = await store.deliveriesForAlert(a)
    expect(rows.map((r) => [r.channel, r.status, r.attempts, r.nextAttemptAt, r.lastError])).toEqual([
      ['x', 'pending', 1, T0 + 5_000, 'HTTP 503'],
      ['y', 'failed', 1, T0, 'HTTP 410 gone'],
      ['z', 'pending', 0, T0 + 1_000, null],
    ])
    expect(await store.pendingCounts()).toEqual({ x: 1, z: 1 })
    expect(await store.earliestDeliveryAt()).toBe(T0 + 1_000)
    expect((await store.claimDeliveries(T0 + 5_000, 'p2', LEASE, 10)).map((d) => d.channel)).toEqual([
      'x',
      'z',
    ])
  })

  it('keeps suppressed rows out of the queue', async () => {
    const a = await openTestAlert(store)
    await store.enqueueDeliveries([{ ...row(a), status: 'suppressed' }], T0)
    expect(await store.claimDeliveries(T0 + LEASE, 'p1', LEASE, 10)).toEqual([])
    expect(await store.earliestDeliveryAt()).toBeNull()
    expect(await store.pendingCounts()).toEqual({})
    expect((await store.deliveriesForAlert(a))[0]!.status).toBe('suppressed')
  })

  it('records the last success and the last error per channel', async () => {
    expect(await store.channelStates()).toEqual([])
    await store.recordChannelResult('ops', false, 'HTTP 410: gone', T0)
    await store.recordChannelResult('slack', true, null, T0)
    expect(await store.channelStates()).toEqual([
      {
        projectId: 1,
        channel: 'ops',
        lastSuccessAt: null,
        lastError: 'HTTP 410: gone',
        lastErrorAt: T0,
        failing: true,
      },
      {
        projectId: 1,
        channel: 'slack',
        lastSuccessAt: T0,
        lastError: null,
        lastErrorAt: null,
        failing: false,
      },
    ])
    await store.recordChannelResult('ops', true, null, T0 + 1)
    expect((await store.channelStates())[0]).toEqual({
      projectId: 1,
      channel: 'ops',
      lastSuccessAt: T0 + 1,
      lastError: 'HTTP 410: gone',
      lastErrorAt: T0,
      failing: false,
    })
  })

  it('deletes an alert’s deliveries with the alert', async () => {
    const a = await openTestAlert(store)
    await store.enqueueDeliveries([row(a)], T0)
    const alert = await store.getAlert(a)
    await store.deleteJob(alert!.jobId!)
    expect(await store.deliveriesForAlert(a)).toEqual([])
    expect(await store.pendingCounts()).toEqual({})
  })

  it('never hands one row to two concurrent claimers (two connections, many rounds)', async () => {
    const other = (await openStore(opened.target)).inProject(1)
    try {
      const a = await openTestAlert(store)
      const rows: NewDelivery[] = []
      for (let i = 0; i < 300; i++) rows.push(row(a, `ch-${i}`))
      await store.enqueueDeliveries(rows, T0)
      const seen = new Map<number, string>()
      let now = T0
      const claimer = async (s: Store, owner: string) => {
        for (let round = 0; round < 40; round++) {
          const got = await s.claimDeliveries(now, owner, LEASE, 7)
          for (const d of got) {
            expect(seen.get(d.id), `row ${d.id} claimed by ${seen.get(d.id)} and ${owner}`).toBeUndefined()
            seen.set(d.id, owner)
          }
        }
      }
      await Promise.all([
        claimer(store, 'p1'),
        claimer(other, 'p2'),
        claimer(store, 'p3'),
        claimer(other, 'p4'),
      ])
      expect(seen.size).toBe(300)
      const owners = new Set(seen.values())
      expect(owners.size).toBeGreaterThan(1)
      // after the leases expire, each row goes to exactly one claimer again
      now = T0 + LEASE
      seen.clear()
      await Promise.all([claimer(store, 'q1'), claimer(other, 'q2')])
      expect(seen.size).toBe(300)
    } finally {
      await other.close()
    }
  })
})
