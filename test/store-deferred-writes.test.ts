// A transaction's last writes (ping events, jobs' state, hourly run counts) wait for its end, and
// on PostgreSQL go as one statement (combined-writes.ts): all of them land on commit, none on a
// rollback, and outside a transaction each is written at once.
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import { executeCombined, runWrites } from '../src/store/combined-writes.js'
import type { NewPingEvent } from '../src/store/roles/run-store.js'
import { addRunStats } from '../src/store/run-stats-queries.js'
import type { Database } from '../src/store/schema.js'
import type { Store } from '../src/store/store.js'
import { aPingEvent, T0 } from './support/builders.js'
import { backends, openEachTest } from './support/stores.js'

const H = 3_600_000

/** A ping event whose texts look like SQL (a literal, a `$1`): bound as values, never spliced in. */
function ping(jobId: number, body: string): NewPingEvent {
  return aPingEvent(jobId, { user_agent: "curl/8 'x' $1", body_size: body.length, body: Buffer.from(body) })
}

describe.each(backends)('deferred writes on $name', (backend) => {
  let store: Store
  openEachTest(backend, (opened) => {
    store = opened.store
  })

  async function twoJobs() {
    return [await store.createJob(defaultJob('a'), T0), await store.createJob(defaultJob('b'), T0)]
  }

  it('are written together when the transaction commits, each as asked', async () => {
    const [a, b] = await twoJobs()
    const seenInside = await store.transaction(async (tx) => {
      await tx.insertPingEvents([ping(a!.id, 'one'), ping(b!.id, 'two'), ping(b!.id, 'three')])
      await tx.updateJobStates(
        [
          { id: a!.id, patch: { status: 'up', last_ping_at: T0 + 1, run_counts_add: { succeeded: 1 } } },
          { id: b!.id, patch: { status: 'down', down_reason: 'failed', run_counts_add: { failed: 2 } } },
        ],
        T0 + 5,
      )
      await tx.addRunStats([
        { projectId: 1, hour: T0, status: 'succeeded', n: 1 },
        { projectId: 1, hour: T0, status: 'failed', n: 2 },
        { projectId: 1, hour: T0, status: 'succeeded', n: 4 },
      ])
      return tx.countPingEvents()
    })
    expect(seenInside).toBe(0) // not before the end: nothing in the transaction reads them back
    expect(await store.countPingEvents(a!.id)).toBe(1)
    expect(await store.countPingEvents(b!.id)).toBe(2)
    const [ja, jb] = [await store.getJob({ id: a!.id }), await store.getJob({ id: b!.id })]
    expect([ja!.status, ja!.lastPingAt, ja!.runCounts.succeeded, ja!.updatedAt]).toEqual([
      'up',
      T0 + 1,
      1,
      T0 + 5,
    ])
    expect([jb!.status, jb!.downReason, jb!.runCounts.failed]).toEqual(['down', 'failed', 2])
    expect(await store.runStatsSince(T0)).toEqual({ succeeded: 5, failed: 2 })
    // counts add to the stored ones
    await store.transaction((tx) => tx.addRunStats([{ projectId: 1, hour: T0, status: 'failed', n: 1 }]))
    expect(await store.runStatsSince(T0)).toEqual({ succeeded: 5, failed: 3 })
  })

  it('are not written when the transaction rolls back', async () => {
    const [a] = await twoJobs()
    await expect(
      store.transaction(async (tx) => {
        await tx.insertPingEvents([ping(a!.id, 'lost')])
        await tx.updateJobStates([{ id: a!.id, patch: { status: 'down' } }], T0 + 5)
        await tx.addRunStats([{ projectId: 1, hour: T0, status: 'failed', n: 1 }])
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await store.countPingEvents()).toBe(0)
    expect((await store.getJob({ id: a!.id }))!.status).not.toBe('down')
    expect(await store.runStatsSince(T0)).toEqual({})
  })

  it('a failing last write fails the commit of all of them', async () => {
    const [a] = await twoJobs()
    await expect(
      store.transaction(async (tx) => {
        await tx.insertPingEvents([ping(a!.id, 'first')])
        await tx.insertPingEvents([{ ...ping(a!.id, 'bad'), job_id: 999_999 }]) // no such job
      }),
    ).rejects.toThrow()
    expect(await store.countPingEvents()).toBe(0)
  })

  it('outside a transaction are written at once', async () => {
    const [a] = await twoJobs()
    await store.insertPingEvents([ping(a!.id, 'now')])
    expect(await store.countPingEvents(a!.id)).toBe(1)
    await store.updateJobStates([{ id: a!.id, patch: { status: 'down' } }], T0 + 9)
    expect((await store.getJob({ id: a!.id }))!.status).toBe('down')
  })
})

const pgBackend = backends.find((b) => b.name === 'postgres')

describe.runIf(pgBackend)('deferred writes on PostgreSQL', () => {
  let store: Store
  let target: { kind: string; url?: string }
  openEachTest(pgBackend!, (opened) => {
    store = opened.store
    target = opened.target
  })

  it('go as one statement, each alone when one holds a literal', async () => {
    const statements: string[] = []
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 1 }) }),
      log: (e) => {
        if (e.level === 'query') statements.push(e.query.sql)
      },
    })
    try {
      const stats = [
        { projectId: 1, hour: T0 + H, status: 'succeeded', n: 1 },
        { projectId: 1, hour: T0 + H, status: 'warning', n: 1 },
      ]
      await runWrites(db, 'postgres', [
        (d) => addRunStats(d, stats),
        async (d) => {
          await d.executeQuery(
            CompiledQuery.raw('update "jobs" set "status" = $1 where "slug" = $2', ['down', 'nope']),
          )
        },
        (d) => addRunStats(d, [{ projectId: 1, hour: T0 + 2 * H, status: 'failed', n: 7 }]),
      ])
      expect(statements).toHaveLength(1)
      expect(statements[0]).toMatch(
        /^with "w0" as \(insert into "run_stats".*\$8\)\s+on conflict.*\), "w1" as \(update "jobs" set "status" = \$9 where "slug" = \$10\) insert into "run_stats".*\(\$11, \$12, \$13, \$14\)/s,
      )
      expect(await store.runStatsSince(T0 + H)).toEqual({ succeeded: 1, warning: 1, failed: 7 })

      statements.length = 0
      await executeCombined(db, [
        CompiledQuery.raw(`update "jobs" set "status" = 'down' where "slug" = $1`, ['nope']),
        CompiledQuery.raw('update "jobs" set "status" = $1 where "slug" = $2', ['up', 'nope']),
      ])
      expect(statements).toHaveLength(2)
    } finally {
      await db.destroy()
    }
  })
})
