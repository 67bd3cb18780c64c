// Store contract for the fleet report's aggregate queries, on every backend.
import { describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import type { AlertType, Severity } from '../src/domain/types.js'
import type { JobStatePatch, NewJob } from '../src/store/roles/job-store.js'
import type { Store } from '../src/store/store.js'
import { backends, openEachTest } from './support/stores.js'

const NOW = 1_790_000_000_000
const MIN = 60_000

let seq = 0

describe.each(backends)('Store report queries on $name', (backend) => {
  let store: Store
  openEachTest(backend, (o) => {
    store = o.store
  })

  async function server(
    name: string,
    heartbeat: { timeout?: number; last?: number; offlineSince?: number } = {},
  ): Promise<number> {
    const s = await store.createServer(
      { name, environment: null, tags: [], heartbeatTimeout: heartbeat.timeout ?? null },
      NOW - 60 * MIN,
    )
    if (heartbeat.last !== undefined || heartbeat.offlineSince !== undefined) {
      await store.updateServerState(
        s.id,
        {
          last_heartbeat_at: heartbeat.last ?? null,
          offline_at:
            heartbeat.last !== undefined && heartbeat.timeout ? heartbeat.last + heartbeat.timeout : null,
          offline_since: heartbeat.offlineSince ?? null,
        },
        NOW,
      )
    }
    return s.id
  }

  async function job(
    serverId: number | null,
    state: JobStatePatch & { paused?: boolean } = {},
    overrides: Partial<NewJob> = {},
  ): Promise<number> {
    const { paused, ...patch } = state
    const j = await store.createJob(
      { ...defaultJob(`job-${++seq}`), server_id: serverId, paused: paused ? 1 : 0, ...overrides },
      NOW - 60 * MIN,
    )
    if (Object.keys(patch).length > 0) await store.updateJobState(j.id, patch, NOW)
    return j.id
  }

  const upJob = { status: 'up', last_success_at: NOW - 10 * MIN } as const

  async function alert(
    subject: { jobId: number } | { serverId: number },
    type: AlertType,
    severity: Severity,
    openedAt: number,
  ): Promise<number> {
    const a = await store.openAlert(
      {
        projectId: 1,
        type,
        severity,
        jobId: 'jobId' in subject ? subject.jobId : null,
        serverId: 'serverId' in subject ? subject.serverId : null,
        summary: `${type} ${severity}`,
        details: {},
      },
      openedAt,
    )
    return a!.id
  }

  it('counts nothing in an empty store', async () => {
    expect(await store.jobStatusCounts()).toEqual({})
    expect(await store.serverHealthCounts(NOW)).toEqual({
      total: 0,
      online: 0,
      offline: 0,
      withoutJobs: 0,
      upToDate: 0,
    })
    expect(await store.activeAlertCounts()).toEqual({})
    expect(await store.activeProblems(10)).toEqual([])
  })

  it('counts jobs per stored status', async () => {
    await job(null, upJob)
    await job(null, upJob)
    await job(null, { status: 'down', last_success_at: NOW - 3 * 24 * 60 * MIN })
    await job(null, { status: 'grace' })
    await job(null, { status: 'paused', paused: true })
    await job(null)
    expect(await store.jobStatusCounts()).toEqual({ up: 2, down: 1, grace: 1, paused: 1, new: 1 })
  })

  it('counts servers online, offline, without jobs and up to date', async () => {
    const timeout = 15 * MIN
    // unknown (heartbeats not expected), no jobs
    await server('idle')
    // online; one job up to date
    const online = await server('online', { timeout, last: NOW - MIN })
    await job(online, upJob)
    // offline by time (no offline mark yet); its only job is paused and never succeeded
    const late = await server('late', { timeout, last: NOW - 20 * MIN })
    await job(late, { status: 'paused', paused: true })
    // marked offline though its last heartbeat is recent; one of its jobs is down
    const marked = await server('marked', { timeout, last: NOW - MIN, offlineSince: NOW - 5 * MIN })
    await job(marked, upJob)
    await job(marked, { status: 'down', last_success_at: NOW - 3 * 24 * 60 * MIN })
    // timeout passes exactly now: still online (offline only once now > last + timeout); no jobs
    await server('edge', { timeout, last: NOW - timeout })
    // heartbeats expected, none yet: unknown; its job never succeeded
    const never = await server('never', { timeout })
    await job(never, { status: 'up' })
    // a job that looks up but has an active job.stale alert
    const stale = await server('stale')
    const staleJob = await job(stale, upJob)
    await alert({ jobId: staleJob }, 'job.stale', 'critical', NOW - MIN)
    // a resolved job.failed and an active job.warning do not hold a job back
    const fine = await server('fine')
    const fineJob = await job(fine, upJob)
    await alert({ jobId: fineJob }, 'job.failed', 'critical', NOW - 30 * MIN)
    await store.resolveAlerts({ jobId: fineJob }, ['job.failed'], NOW - 20 * MIN)
    await alert({ jobId: fineJob }, 'job.warning', 'warning', NOW - 10 * MIN)
    // a paused job counts as up to date even with an active job.failed alert; grace counts too
    const mixed = await server('mixed')
    const pausedFailed = await job(mixed, { status: 'paused', paused: true, last_success_at: NOW - MIN })
    await alert({ jobId: pausedFailed }, 'job.failed', 'critical', NOW - MIN)
    await job(mixed, { status: 'grace', last_success_at: NOW - 25 * 60 * MIN })
    // a job.failed alert holds its job back
    const failed = await server('failed')
    const failedJob = await job(failed, upJob)
    await alert({ jobId: failedJob }, 'job.failed', 'critical', NOW - MIN)
    // jobs without a server count for no server
    await job(null, { status: 'down' })
    await job(null, upJob)

    expect(await store.serverHealthCounts(NOW)).toEqual({
      total: 10,
      online: 2, // online, edge
      offline: 2, // late, marked
      withoutJobs: 2, // idle, edge
      upToDate: 4, // online, late, fine, mixed
    })
    // one millisecond later the edge server is offline too
    expect(await store.serverHealthCounts(NOW + 1)).toMatchObject({ online: 1, offline: 3 })
  })

  it('counts active alerts per severity and lists them most severe first, then oldest first', async () => {
    const db1 = await server('db1')
    const web = await server('web')
    const nightly = await job(db1, upJob, { slug: 'nightly' })
    const loose = await job(null, upJob, { slug: 'loose' })
    const ids = {
      warnOld: await alert({ jobId: nightly }, 'job.size_anomaly', 'warning', NOW - 50 * MIN),
      critNew: await alert({ jobId: nightly }, 'job.failed', 'critical', NOW - 5 * MIN),
      info: await alert({ jobId: loose }, 'job.failed', 'info', NOW - 90 * MIN),
      critOld: await alert({ serverId: web }, 'server.offline', 'critical', NOW - 40 * MIN),
      warnTie: await alert({ jobId: loose }, 'job.size_anomaly', 'warning', NOW - 50 * MIN),
      resolved: await alert({ jobId: loose }, 'job.stale', 'critical', NOW - 99 * MIN),
    }
    await store.resolveAlerts({ jobId: loose }, ['job.stale'], NOW)

    expect(await store.activeAlertCounts()).toEqual({ critical: 2, warning: 2, info: 1 })
    const all = await store.activeProblems(100)
    expect(all.map((a) => a.id)).toEqual([ids.critOld, ids.critNew, ids.warnOld, ids.warnTie, ids.info])
    expect(all.map((a) => [a.type, a.jobSlug, a.serverName])).toEqual([
      ['server.offline', null, 'web'],
      ['job.failed', 'nightly', 'db1'],
      ['job.size_anomaly', 'nightly', 'db1'],
      ['job.size_anomaly', 'loose', null],
      ['job.failed', 'loose', null],
    ])
    expect(all[0]).toMatchObject({ status: 'active', severity: 'critical', openedAt: NOW - 40 * MIN })
    expect((await store.activeProblems(3)).map((a) => a.id)).toEqual([ids.critOld, ids.critNew, ids.warnOld])
    expect((await store.activeProblems(1)).map((a) => a.id)).toEqual([ids.critOld])
    expect(await store.activeProblems(0)).toEqual([])
    await expect(store.activeProblems(-1)).rejects.toThrow(RangeError)
  })
})
