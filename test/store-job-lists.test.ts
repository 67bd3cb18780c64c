// The listings the dashboard reads, on SQLite and PostgreSQL: jobs by tag, by a search in slug,
// name or server name (LIKE wildcards taken literally), by ids, worst first across pages; the
// environments and tags in use; servers without jobs; a job's runs counted per span of time.
import { describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import type { JobRecord } from '../src/domain/records.js'
import type { JobFilter, NewJob } from '../src/store/roles/job-store.js'
import type { Store } from '../src/store/store.js'
import { aRun, T0 } from './support/builders.js'
import { backends, openEachTest } from './support/stores.js'

let seq = 0
function newJob(overrides: Partial<NewJob> = {}): NewJob {
  seq++
  return { ...defaultJob(`job-${seq}`), name: `Job ${seq}`, tool: 'restic', ...overrides }
}

async function everyPage(store: Store, filter: JobFilter, limit: number): Promise<JobRecord[]> {
  const out: JobRecord[] = []
  let cursor: string | null = null
  do {
    const page = await store.listJobs(filter, { limit, cursor })
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null)
  return out
}

describe.each(backends)('dashboard listings on $name', (backend) => {
  let store: Store
  openEachTest(backend, (o) => {
    store = o.store.inProject(1)
  })

  it('lists worst first (down, grace, up, new, paused), then by id, across pages', async () => {
    const statuses = ['up', 'paused', 'down', 'new', 'grace', 'up', 'down', 'new', 'grace', 'paused', 'up']
    const jobs = []
    for (const status of statuses) jobs.push(await store.createJob(newJob({ status }), T0))
    const rank = { down: 0, grace: 1, up: 2, new: 3, paused: 4 } as Record<string, number>
    const expected = [...jobs]
      .sort((a, b) => rank[a.status]! - rank[b.status]! || a.id - b.id)
      .map((j) => j.id)
    for (const limit of [1, 2, 3, 5, 50]) {
      expect((await everyPage(store, { worstFirst: true }, limit)).map((j) => j.id)).toEqual(expected)
    }
    const downs = await everyPage(store, { worstFirst: true, status: 'down' }, 1)
    expect(downs.map((j) => j.status)).toEqual(['down', 'down'])
  })

  it('filters by tag, by a search in slug, name or server, and by ids', async () => {
    const srv = await store.createServer(
      { name: 'db_01', environment: null, tags: [], heartbeatTimeout: null },
      T0,
    )
    const a = await store.createJob(
      newJob({ slug: 'pg-dump', name: 'Postgres 100%', tags: JSON.stringify(['db', 'nightly']) }),
      T0,
    )
    const b = await store.createJob(
      newJob({ slug: 'home', name: 'Home', tags: JSON.stringify(['files']), server_id: srv.id }),
      T0,
    )
    const c = await store.createJob(
      newJob({ slug: 'dbx', name: 'Other', tags: JSON.stringify(['db-old', 'a"b']) }),
      T0,
    )
    const ids = async (filter: JobFilter) => (await everyPage(store, filter, 2)).map((j) => j.id)
    expect(await ids({ tag: 'db' })).toEqual([a.id])
    expect(await ids({ tag: 'a"b' })).toEqual([c.id])
    expect(await ids({ tag: 'nothing' })).toEqual([])
    expect(await ids({ search: 'POSTGRES' })).toEqual([a.id])
    expect(await ids({ search: '100%' })).toEqual([a.id])
    expect(await ids({ search: '0%' })).toEqual([a.id])
    // "_" is a literal underscore, not any character: only the server db_01 matches
    expect(await ids({ search: 'db_' })).toEqual([b.id])
    expect(await ids({ search: 'db' })).toEqual([b.id, c.id])
    expect(await ids({ ids: [c.id, a.id] })).toEqual([a.id, c.id])
    expect(await ids({ ids: [] })).toEqual([])
  })

  it('tells the environments and tags in use, and the servers without jobs', async () => {
    await store.createJob(newJob({ environment: 'prod', tags: JSON.stringify(['db', 'nightly']) }), T0)
    await store.createJob(newJob({ environment: 'staging', tags: JSON.stringify(['db']) }), T0)
    await store.createJob(newJob({ environment: 'prod' }), T0)
    expect(await store.jobFacets(10)).toEqual({ environments: ['prod', 'staging'], tags: ['db', 'nightly'] })
    expect(await store.jobFacets(1)).toEqual({ environments: ['prod'], tags: ['db'] })
    const used = await store.createServer(
      { name: 'used', environment: null, tags: [], heartbeatTimeout: null },
      T0,
    )
    const idle = await store.createServer(
      { name: 'idle', environment: null, tags: [], heartbeatTimeout: null },
      T0,
    )
    await store.createJob(newJob({ server_id: used.id }), T0)
    const page = await store.listServers({ limit: 10, cursor: null }, { withoutJobs: true })
    expect(page.items.map((s) => s.id)).toEqual([idle.id])
  })

  it('reads several runs at once without their logs', async () => {
    const job = await store.createJob(newJob(), T0)
    const ids = await store.insertRuns([aRun(job.id, { log: Buffer.from('secret log') }), aRun(job.id)], T0)
    const runs = await store.getRuns([ids[1]!, ids[0]!, 999_999])
    expect(runs.map((r) => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b))
    expect(runs.every((r) => r.log === undefined && r.jobId === job.id)).toBe(true)
    expect(await store.getRuns([])).toEqual([])
  })

  it("counts a job's finished runs per status and span of time, oldest first", async () => {
    const job = await store.createJob(newJob(), T0)
    const other = await store.createJob(newJob(), T0)
    const Q = 900_000 // 15 minutes
    const base = T0 - (T0 % Q) // a span's start
    const at = (sortAt: number, status = 'succeeded') => aRun(job.id, { sort_at: sortAt, status })
    await store.insertRuns(
      [
        at(base - 1), // before `since`
        at(base),
        at(base + Q - 1),
        at(base + 10, 'failed'),
        at(base + Q, 'warning'),
        at(base + 5 * Q + 7),
        at(base + 5 * Q + 8, 'running'), // not finished: not counted
        aRun(other.id, { sort_at: base + 1 }), // another job's
      ],
      T0,
    )
    expect(await store.countRunBuckets(job.id, base, Q)).toEqual([
      { start: base, status: 'failed', count: 1 },
      { start: base, status: 'succeeded', count: 2 },
      { start: base + Q, status: 'warning', count: 1 },
      { start: base + 5 * Q, status: 'succeeded', count: 1 },
    ])
    expect(await store.countRunBuckets(job.id, base + 5 * Q + 8, Q)).toEqual([])
    const day = await store.countRunBuckets(job.id, 0, 86_400_000)
    expect(day.reduce((n, b) => n + b.count, 0)).toBe(6)
    const elsewhere = await store.createProject(
      { slug: 'elsewhere', name: 'Elsewhere', pingKey: 'elsewhere-key-01', source: 'api' },
      T0,
    )
    expect(await store.inProject(elsewhere.id).countRunBuckets(job.id, 0, Q)).toEqual([])
  })

  it('keeps other projects out of every listing', async () => {
    const other = await store.createProject(
      { slug: 'other', name: 'Other', pingKey: 'other-key-0001', source: 'api' },
      T0,
    )
    const there = store.inProject(other.id)
    await there.createJob(newJob({ environment: 'theirs', tags: JSON.stringify(['secret']) }), T0)
    await there.createServer({ name: 'theirs', environment: null, tags: [], heartbeatTimeout: null }, T0)
    expect(await store.jobFacets(10)).toEqual({ environments: [], tags: [] })
    expect(
      (await store.listJobs({ worstFirst: true, search: 'job' }, { limit: 10, cursor: null })).items,
    ).toEqual([])
    expect((await store.listServers({ limit: 10, cursor: null }, { withoutJobs: true })).items).toEqual([])
  })
})
