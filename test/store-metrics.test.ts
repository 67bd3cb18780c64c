// Store contract of the /metrics queries, on SQLite and (when configured) PostgreSQL.
import { describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import type { MetricsJobRow } from '../src/domain/metrics-rows.js'
import type { Store } from '../src/store/store.js'
import { aRun, T0 } from './support/builders.js'
import { backends, openEachTest } from './support/stores.js'

/** past 2^32 seconds·1000: must come back as the same JS number */
const FAR = 1_790_000_000_123
const BIG_SIZE = 2 ** 40 + 123

const run = aRun

async function allPages(store: Store, limit: number): Promise<{ rows: MetricsJobRow[]; queries: number }> {
  const rows: MetricsJobRow[] = []
  let afterId = 0
  let queries = 0
  for (;;) {
    const page = await store.metricsJobsPage(afterId, limit)
    queries++
    expect(page.length).toBeLessThanOrEqual(limit)
    rows.push(...page)
    if (page.length < limit) return { rows, queries }
    afterId = page[page.length - 1]!.id
  }
}

describe.each(backends)('Store metrics queries on $name', (backend) => {
  let store: Store
  openEachTest(backend, (o) => {
    store = o.store
  })

  it('pages through jobs by id with their server name and the last run joined', async () => {
    const server = await store.createServer(
      { name: 'db-1', environment: 'production', tags: [], heartbeatTimeout: null },
      T0,
    )
    const full = await store.createJob(
      { ...defaultJob('full'), server_id: server.id, environment: 'prod "x"\n', tool: 'restic' },
      T0,
    )
    const bare = await store.createJob(defaultJob('bare'), T0)
    const paused = await store.createJob({ ...defaultJob('paused'), paused: 1, status: 'paused' }, T0)

    const [older, newest, other] = await store.insertRuns(
      [
        run(full.id, { size_bytes: 1, added_bytes: 1 }),
        run(full.id, {
          started_at: FAR - 61_500,
          finished_at: FAR,
          sort_at: FAR,
          duration_ms: 61_500,
          size_bytes: BIG_SIZE,
          added_bytes: 0,
          status: 'failed',
        }),
        run(paused.id, { size_bytes: null, duration_ms: null }),
      ],
      T0,
    )
    expect(older).toBeDefined()
    await store.updateJobState(
      full.id,
      {
        status: 'down',
        last_success_at: FAR - 86_400_000,
        last_run_id: newest!,
        runs_succeeded: 41,
        runs_warning: 2,
        runs_failed: 3,
      },
      T0,
    )
    await store.updateJobState(paused.id, { last_run_id: other! }, T0)

    const { rows } = await allPages(store, 500)
    expect(rows).toEqual([
      {
        id: full.id,
        slug: 'full',
        serverName: 'db-1',
        environment: 'prod "x"\n',
        tool: 'restic',
        status: 'down',
        lastSuccessAt: FAR - 86_400_000,
        lastRunFinishedAt: FAR,
        lastRunDurationMs: 61_500,
        lastRunSizeBytes: BIG_SIZE,
        lastRunAddedBytes: 0,
        runsSucceeded: 41,
        runsWarning: 2,
        runsFailed: 3,
      },
      {
        id: bare.id,
        slug: 'bare',
        serverName: null,
        environment: null,
        tool: 'generic',
        status: 'new',
        lastSuccessAt: null,
        lastRunFinishedAt: null,
        lastRunDurationMs: null,
        lastRunSizeBytes: null,
        lastRunAddedBytes: null,
        runsSucceeded: 0,
        runsWarning: 0,
        runsFailed: 0,
      },
      expect.objectContaining({
        id: paused.id,
        status: 'paused',
        lastRunFinishedAt: T0 + 1000,
        lastRunDurationMs: null,
        lastRunSizeBytes: null,
      }),
    ])
    for (const r of rows) {
      for (const v of Object.values(r)) expect(typeof v === 'bigint').toBe(false)
    }
  })

  it('returns every job exactly once across pages, in id order, and nothing after the last', async () => {
    const ids: number[] = []
    for (let i = 0; i < 23; i++) ids.push((await store.createJob(defaultJob(`job-${i}`), T0)).id)
    // a deleted job leaves a gap in the ids
    await store.deleteJob(ids.splice(7, 1)[0]!)
    const { rows, queries } = await allPages(store, 5)
    expect(rows.map((r) => r.id)).toEqual(ids)
    expect(queries).toBe(5)
    expect(await store.metricsJobsPage(ids[ids.length - 1]!, 5)).toEqual([])
    expect((await store.metricsJobsPage(ids[3]!, 2)).map((r) => r.id)).toEqual([ids[4], ids[5]])
  })

  it('counts active alerts by severity and type, ignoring resolved ones', async () => {
    expect(await store.metricsAlertCounts()).toEqual([])
    const jobs = await Promise.all(['a', 'b', 'c'].map((s) => store.createJob(defaultJob(s), T0)))
    const server = await store.createServer(
      { name: 's', environment: null, tags: [], heartbeatTimeout: 1000 },
      T0,
    )
    const alert = (
      jobId: number | null,
      type: 'job.failed' | 'job.stale' | 'server.offline',
      severity: 'critical' | 'warning',
    ) =>
      store.openAlert(
        {
          projectId: 1,
          type,
          severity,
          jobId,
          serverId: jobId === null ? server.id : null,
          summary: type,
          details: {},
        },
        T0,
      )
    await alert(jobs[0]!.id, 'job.failed', 'critical')
    await alert(jobs[1]!.id, 'job.failed', 'critical')
    await alert(jobs[2]!.id, 'job.failed', 'warning')
    await alert(jobs[0]!.id, 'job.stale', 'critical')
    await alert(null, 'server.offline', 'critical')
    await alert(jobs[1]!.id, 'job.stale', 'critical')
    await store.resolveAlerts({ jobId: jobs[1]!.id }, ['job.stale'], T0 + 1)

    const counts = await store.metricsAlertCounts()
    const sorted = [...counts].sort((x, y) =>
      `${x.severity}${x.type}`.localeCompare(`${y.severity}${y.type}`),
    )
    expect(sorted).toEqual([
      { severity: 'critical', type: 'job.failed', n: 2 },
      { severity: 'critical', type: 'job.stale', n: 1 },
      { severity: 'critical', type: 'server.offline', n: 1 },
      { severity: 'warning', type: 'job.failed', n: 1 },
    ])
  })
})
