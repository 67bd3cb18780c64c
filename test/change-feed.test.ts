// The store's change feed (issue 10 A1, A3): a topic published in a transaction is heard only
// after it committed (what the listener reads is there), never for a rolled-back one, and on
// PostgreSQL by another store on the same database too. Instance liveness (A, kill -9): the rows a
// dead instance had claimed are claimable at once, not after their lease.
import { describe, expect, it } from 'vitest'
import type { ChangeTopic } from '../src/store/change-feed.js'
import { openStore } from '../src/store/open-store.js'
import type { Store } from '../src/store/store.js'
import { eventually } from './support/app.js'
import { openTestAlert } from './support/outbox.js'
import { type Backend, backends, openEachTest } from './support/stores.js'

const T = 1_700_000_000_000

function aDelivery(alertId: number, channel: string) {
  return {
    projectId: 1,
    alertId,
    channel,
    transition: 'opened' as const,
    idempotencyKey: `k-${alertId}-${channel}`,
    payload: '{}',
  }
}

describe.each(backends)('change feed on $name', (backend: Backend) => {
  let store: Store
  openEachTest(backend, (o) => {
    store = o.store
  })

  it('is heard after the commit, with the rows visible, and never for a rollback', async () => {
    const alert = { id: await openTestAlert(store) }
    const heard: { topic: ChangeTopic; rows: number }[] = []
    const reads: Promise<void>[] = []
    store.subscribe((topic) => {
      // what a woken dispatcher does first: read the outbox, on its own connection
      reads.push(
        store.pendingCounts().then((counts) => {
          heard.push({ topic, rows: counts.hook ?? 0 })
        }),
      )
    })
    await store.transaction(async (tx) => {
      await tx.enqueueDeliveries([aDelivery(alert.id, 'hook')], T)
      await tx.publish('outbox')
      // a slow transaction: a wake-up before the commit would find nothing
      await new Promise((r) => setTimeout(r, 100))
    })
    await eventually(async () => reads.length > 0)
    await Promise.all(reads)
    expect(heard[0]).toEqual({ topic: 'outbox', rows: 1 })

    // on PostgreSQL the topic comes back from the server too (harmless: listeners only wake)
    await new Promise((r) => setTimeout(r, 300))
    const before = reads.length
    await expect(
      store.transaction(async (tx) => {
        await tx.publish('channels')
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    await new Promise((r) => setTimeout(r, 300))
    expect(reads.length).toBe(before)
  })
})

// Across processes: PostgreSQL only (a SQLite database belongs to one process).
const postgres = backends.find((b) => b.name === 'postgres')
if (postgres) {
  describe('change feed and liveness across instances on postgres', () => {
    let store: Store
    let target: Parameters<typeof openStore>[0]
    openEachTest(postgres, (o) => {
      store = o.store
      target = o.target
    })

    it('is heard by another instance on the same database', async () => {
      const other = (await openStore(target)).inProject(1)
      try {
        const heard: ChangeTopic[] = []
        other.subscribe((t) => heard.push(t))
        await store.createChannel(
          { name: 'c', kind: 'webhook', spec: { url: 'http://127.0.0.1:9/x' }, source: 'api' },
          T,
        )
        await eventually(async () => heard.includes('channels'))
      } finally {
        await other.close()
      }
    })

    it("a dead instance's claimed rows are taken at once, a live one's only after the lease", async () => {
      const alert = { id: await openTestAlert(store) }
      await store.enqueueDeliveries([aDelivery(alert.id, 'a'), aDelivery(alert.id, 'b')], T)
      const live = (await openStore(target)).inProject(1)
      const dying = (await openStore(target)).inProject(1)
      try {
        await live.registerInstance('live-1', T)
        await dying.registerInstance('dying-1', T)
        const hour = 3_600_000
        expect((await live.claimDeliveries(T, 'live-1', hour, 1)).map((d) => d.channel)).toEqual(['a'])
        expect((await dying.claimDeliveries(T, 'dying-1', hour, 1)).map((d) => d.channel)).toEqual(['b'])
        // both leases run for an hour: nothing to take while both instances live
        expect(await store.claimDeliveries(T + 1_000, 'third', hour, 10)).toEqual([])
        // the process dies: its session (and liveness lock) is gone, its row is free at once
        await dying.close()
        const taken = await eventually(async () => {
          const rows = await store.claimDeliveries(T + 2_000, 'third', hour, 10)
          return rows.length > 0 ? rows : null
        })
        expect(taken.map((d) => d.channel)).toEqual(['b'])
      } finally {
        await live.close()
        await dying.close().catch(() => {})
      }
    })
  })
}
