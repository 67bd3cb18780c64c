// The dashboard's Servers list on SQLite and PostgreSQL: worst first (offline, marked or with its
// heartbeat overdue at `now`; with a job down; without any job; the rest), each rank by id, the
// same order across pages of any size; jobs and jobs down counted; a search in the name.
import { describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import type { ServerHealth, ServerHealthFilter } from '../src/store/roles/server-store.js'
import type { Store } from '../src/store/store.js'
import { T0 } from './support/builders.js'
import { backends, openEachTest } from './support/stores.js'

const MIN = 60_000

async function everyPage(store: Store, filter: ServerHealthFilter, limit: number): Promise<ServerHealth[]> {
  const out: ServerHealth[] = []
  let cursor: string | null = null
  do {
    const page = await store.listServerHealth(filter, { limit, cursor })
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null)
  return out
}

describe.each(backends)('servers worst first on $name', (backend) => {
  let store: Store
  openEachTest(backend, (o) => {
    store = o.store.inProject(1)
  })

  async function server(name: string, heartbeat?: { at: number; timeout: number }) {
    const s = await store.createServer(
      { name, environment: null, tags: [], heartbeatTimeout: heartbeat?.timeout ?? null },
      T0,
    )
    if (heartbeat) await store.updateServerState(s.id, { last_heartbeat_at: heartbeat.at }, T0)
    return s
  }
  let seq = 0
  const job = (serverId: number, status: string) =>
    store.createJob({ ...defaultJob(`job-${++seq}`), server_id: serverId, status }, T0)

  it('orders offline, a job down, no job, the rest, each by id, across pages; counts jobs down', async () => {
    const now = T0 + 60 * MIN
    const fine = await server('fine-01', { at: now - MIN, timeout: 10 * MIN })
    await job(fine.id, 'up')
    const bare = await server('bare-01')
    const overdue = await server('late-01', { at: now - 20 * MIN, timeout: 10 * MIN })
    await job(overdue.id, 'down')
    const failing = await server('db-01')
    await job(failing.id, 'down')
    await job(failing.id, 'down')
    await job(failing.id, 'up')
    const marked = await server('nas-01')
    await store.updateServerState(marked.id, { offline_since: T0 }, T0)
    const bare2 = await server('bare-02')
    const quiet = await server('web-01')
    await job(quiet.id, 'grace')

    const expected = [overdue, marked, failing, bare, bare2, fine, quiet].map((s) => s.name)
    for (const limit of [1, 2, 3, 50]) {
      const names = (await everyPage(store, { now }, limit)).map((h) => h.server.name)
      expect(names).toEqual(expected)
    }
    const all = await everyPage(store, { now }, 50)
    const db = all.find((h) => h.server.name === 'db-01')!
    expect([db.server.jobsCount, db.jobsDown]).toEqual([3, 2])
    expect(all.find((h) => h.server.name === 'bare-01')).toMatchObject({
      jobsDown: 0,
      server: { jobsCount: 0 },
    })
    // earlier, late-01's heartbeat was not yet overdue: it ranks with the servers having a job down
    const before = (await everyPage(store, { now: T0 }, 2)).map((h) => h.server.name)
    expect(before.slice(0, 3)).toEqual(['nas-01', 'late-01', 'db-01'])
  })

  it('searches a part of the name, any case, wildcards taken literally', async () => {
    await server('DB_01')
    await server('dbx01')
    await server('web-01')
    const names = async (search: string) =>
      (await everyPage(store, { now: T0, search }, 50)).map((h) => h.server.name)
    await expect(names('db')).resolves.toEqual(['DB_01', 'dbx01'])
    await expect(names('b_0')).resolves.toEqual(['DB_01'])
    await expect(names('%')).resolves.toEqual([])
  })
})
