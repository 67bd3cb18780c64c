// Issue 10 A2: the evaluator and pings racing for the same jobs at their deadline, as two
// instances on one database (two stores, two pools). Every job gets its ping, so whatever the
// interleaving each must end up with no active job.missed alert (one opened in between must have
// been resolved by the ping), status up and a next deadline: never settled from an old snapshot.
// On SQLite the same race runs inside one process (its writers are serialised).
import { describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import { PingCommitter } from '../src/app/pings/ping-committer.js'
import { ManualClock } from '../src/clock.js'
import { Evaluator } from '../src/evaluate/evaluator.js'
import type { PingObservation } from '../src/ingest/observation.js'
import { silentLogger } from '../src/log.js'
import { openStore } from '../src/store/open-store.js'
import type { Store } from '../src/store/store.js'
import { type Backend, backends, openEachTest } from './support/stores.js'

const T0 = 1_700_000_000_000
const EVERY = 60_000
const GRACE = 10_000
const DEADLINE = T0 + EVERY + GRACE
const JOBS = 150

function pingOf(uuid: string, at: number): PingObservation {
  return {
    target: { uuid },
    signal: { action: 'success', exitStatus: null, rid: null },
    body: Buffer.alloc(0),
    bodySize: 0,
    source: 'healthchecks',
    method: 'POST',
    remoteAddr: null,
    userAgent: null,
    receivedAt: at,
  }
}

/** Jobs pinged at T0 whose deadline has just passed. */
async function dueJobs(store: Store, round: number): Promise<string[]> {
  const uuids: string[] = []
  for (let i = 0; i < JOBS; i++) {
    const job = await store.createJob(
      {
        ...defaultJob(`r${round}-${i}`),
        schedule_every: EVERY,
        grace: GRACE,
        status: 'up',
        next_due_at: DEADLINE,
      },
      T0,
    )
    await store.updateJobState(job.id, { last_ping_at: T0, last_success_at: T0 }, T0)
    uuids.push(job.uuid)
  }
  return uuids
}

describe.each(backends)('evaluator and pings racing on $name', (backend: Backend) => {
  let store: Store
  let target: Parameters<typeof openStore>[0]
  openEachTest(backend, (o) => {
    store = o.store
    target = o.target
  })

  it('never leave a job down or an alert open once its ping is in', async () => {
    // the pinging instance: a second store on the same database where the backend allows one
    const other = backend.name === 'postgres' ? (await openStore(target)).inProject(1) : store
    try {
      const evaluator = new Evaluator({
        store,
        clock: new ManualClock(DEADLINE + 200),
        log: silentLogger,
        batchSize: 10,
      })
      const committer = new PingCommitter({
        store: other,
        clock: new ManualClock(DEADLINE + 200),
        bodyLimit: 1000,
        maxBatch: 7,
      })
      for (let round = 0; round < 3; round++) {
        const uuids = await dueJobs(store, round)
        // pings received a moment before the deadline, committed while the evaluator settles
        const pinged = Promise.all(uuids.map((u) => committer.submit(pingOf(u, DEADLINE - 50))))
        await Promise.all([evaluator.kick(), pinged])
        expect(new Set(await pinged)).toEqual(new Set(['ok']))
      }
      const down = await store.listJobs({ status: 'down' }, { limit: 500, cursor: null })
      const open = await store.listAlerts({ status: 'active' }, { limit: 500, cursor: null })
      const all = await store.listJobs({}, { limit: 500, cursor: null })
      expect(down.items.map((j) => j.slug)).toEqual([])
      expect(open.items.map((a) => `${a.type} ${a.jobId}`)).toEqual([])
      expect(all.items.filter((j) => j.nextDueAt === null || j.lastPingAt !== DEADLINE - 50)).toEqual([])
      const resolved = await store.listAlerts({ status: 'resolved' }, { limit: 500, cursor: null })
      // at most one alert per job for its one near-miss
      const perJob = new Map<number, number>()
      for (const a of resolved.items) perJob.set(a.jobId!, (perJob.get(a.jobId!) ?? 0) + 1)
      expect([...perJob.values()].filter((n) => n > 1)).toEqual([])
    } finally {
      if (other !== store) await other.close()
    }
  })
})

const pgBackend = backends.find((b) => b.name === 'postgres')
if (pgBackend) {
  describe('evaluator on postgres, due jobs held by another transaction', () => {
    let store: Store
    let target: Parameters<typeof openStore>[0]
    openEachTest(pgBackend, (o) => {
      store = o.store
      target = o.target
    })

    it('looks again shortly instead of spinning until they are free', async () => {
      const jobs = await store.getJobsByUuids(await dueJobs(store, 9))
      const job = jobs[0]!
      const holder = (await openStore(target)).inProject(1)
      let looks = 0
      // counts the loop's reads of the next deadline (one per wake-up)
      const counted = new Proxy(store, {
        get(t, prop, receiver) {
          if (prop === 'earliestDueAt') looks++
          const v = Reflect.get(t, prop, receiver)
          return typeof v === 'function' ? v.bind(t) : v
        },
      })
      const evaluator = new Evaluator({
        store: counted,
        clock: new ManualClock(DEADLINE + 200),
        log: silentLogger,
      })
      let release: () => void = () => {}
      const held = holder.transaction(async (tx) => {
        await tx.lockJobs(jobs.map((j) => j.id))
        await new Promise<void>((r) => {
          release = r
        })
      })
      try {
        await new Promise((r) => setTimeout(r, 100))
        evaluator.start()
        await new Promise((r) => setTimeout(r, 600))
        // every 50 ms: about a dozen looks, not hundreds
        expect(looks).toBeLessThan(40)
        expect((await store.getJob({ id: job.id }))!.status).toBe('up')
        release()
        await held
        await evaluator.kick()
        expect((await store.getJob({ id: job.id }))!.status).toBe('down')
      } finally {
        release()
        await evaluator.stop()
        await holder.close()
      }
    })
  })
}
