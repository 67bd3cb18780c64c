// The Store contract: every method, run once per backend (SQLite always, PostgreSQL when configured).

import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import { DEFAULT_POLICY } from '../src/domain/policy.js'
import type { AlertType } from '../src/domain/types.js'
import { CursorError } from '../src/store/cursor.js'
import { openStore } from '../src/store/open-store.js'
import type { Page, PageRequest } from '../src/store/page.js'
import type { NewAlert } from '../src/store/roles/alert-store.js'
import type { NewJob } from '../src/store/roles/job-store.js'
import type { NewRun } from '../src/store/roles/run-store.js'
import type { Store } from '../src/store/store.js'
import { aPingEvent, aRun, T0 } from './support/builders.js'
import { backends, type OpenedBackend, openEachTest } from './support/stores.js'

/** An instant past 2^32 seconds·1000 and far past 2^31: must come back as the same JS number. */
const FAR = 1_790_000_000_000
const BIG_SIZE = 2 ** 40 + 123 // > 2^32 bytes
const MAX_SAFE = Number.MAX_SAFE_INTEGER

let seq = 0

function newJob(overrides: Partial<NewJob> = {}): NewJob {
  seq++
  return { ...defaultJob(`job-${seq}`), name: `Job ${seq}`, tool: 'restic', ...overrides }
}

const newRun = aRun

const newPing = aPingEvent

function jobAlert(
  jobId: number,
  type: AlertType = 'job.failed',
  overrides: Partial<NewAlert> = {},
): NewAlert {
  return {
    projectId: 1,
    type,
    severity: 'critical',
    jobId,
    serverId: null,
    summary: `${type} on ${jobId}`,
    details: { exitCode: 2, nested: { a: [1, 2] } },
    ...overrides,
  }
}

/** Every item of a paged listing, following cursors; asserts the paging invariants on the way. */
async function collect<T extends { id: number }>(
  list: (page: PageRequest) => Promise<Page<T>>,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page: Page<T> = await list({ limit, cursor })
    pages++
    expect(page.items.length).toBeLessThanOrEqual(limit)
    if (page.nextCursor !== null) expect(page.items).toHaveLength(limit)
    items.push(...page.items)
    cursor = page.nextCursor
    expect(pages).toBeLessThan(1000)
  } while (cursor !== null)
  expect(new Set(items.map((i) => i.id)).size).toBe(items.length)
  return { items, pages }
}

const bytes = (b: Uint8Array | null | undefined) => (b == null ? b : Buffer.from(b))

describe.each(backends)('Store contract on $name', (backend) => {
  let opened: OpenedBackend
  let store: Store
  openEachTest(backend, (o) => {
    opened = o
    store = o.store
  })

  async function server(name: string, overrides: { environment?: string | null; tags?: string[] } = {}) {
    return store.createServer(
      {
        name,
        environment: overrides.environment ?? null,
        tags: overrides.tags ?? [],
        heartbeatTimeout: null,
      },
      T0,
    )
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────
  describe('lifecycle', () => {
    it('reports its kind and is healthy while open', async () => {
      expect(store.kind).toBe(backend.name)
      expect(await store.isHealthy()).toBe(true)
    })

    it('applies migrations idempotently: a second openStore on the same database keeps the data', async () => {
      await store.setSetting('marker', 'kept')
      const s = await server('alpha')
      const again = (await openStore(opened.target)).inProject(1)
      try {
        expect(await again.isHealthy()).toBe(true)
        expect(await again.getSetting('marker')).toBe('kept')
        expect((await again.getServer({ id: s.id }))?.name).toBe('alpha')
        await again.createJob(newJob({ server_id: s.id }), T0)
      } finally {
        await again.close()
      }
      // and a third time, after the second has written through it
      const third = (await openStore(opened.target)).inProject(1)
      try {
        expect(await third.countJobs()).toBe(1)
      } finally {
        await third.close()
      }
      expect(await store.countJobs()).toBe(1)
    })

    it('is not healthy once closed', async () => {
      await store.close()
      expect(await store.isHealthy()).toBe(false)
    })
  })

  // ── settings ──────────────────────────────────────────────────────────────
  describe('settings', () => {
    it('gets, initialises once and sets', async () => {
      expect(await store.getSetting('instance_id')).toBeNull()
      expect(await store.initSetting('instance_id', 'first')).toBe('first')
      expect(await store.initSetting('instance_id', 'second')).toBe('first')
      expect(await store.getSetting('instance_id')).toBe('first')
      await store.setSetting('instance_id', 'third')
      expect(await store.getSetting('instance_id')).toBe('third')
      await store.setSetting('fresh', '')
      expect(await store.getSetting('fresh')).toBe('')
      expect(await store.initSetting('fresh', 'x')).toBe('')
    })
  })

  // ── tokens ────────────────────────────────────────────────────────────────
  describe('tokens', () => {
    it('syncTokens replaces the tokens of one source only', async () => {
      await store.syncTokens(
        'config',
        [
          { name: 'ci', scope: 'ingest', hash: 'h-ci' },
          { name: 'ops', scope: 'admin', hash: 'h-ops' },
        ],
        T0,
      )
      await store.syncTokens('bootstrap', [{ name: 'boot', scope: 'admin', hash: 'h-boot' }], T0)

      const ci = await store.findTokenByHash('h-ci')
      expect(ci).toEqual({
        id: expect.any(Number),
        projectId: 1,
        name: 'ci',
        scope: 'ingest',
        source: 'config',
        prefix: null,
        createdBy: null,
        createdAt: T0,
        lastUsedAt: null,
      })
      expect(await store.findTokenByHash('h-boot')).toMatchObject({ name: 'boot', source: 'bootstrap' })
      expect(await store.findTokenByHash('nope')).toBeNull()

      await store.syncTokens('config', [{ name: 'reader', scope: 'read', hash: 'h-read' }], T0 + 1)
      expect(await store.findTokenByHash('h-ci')).toBeNull()
      expect(await store.findTokenByHash('h-ops')).toBeNull()
      expect(await store.findTokenByHash('h-read')).toMatchObject({ name: 'reader', scope: 'read' })
      expect(await store.findTokenByHash('h-boot')).toMatchObject({ name: 'boot' })

      // a name or hash taken by another source moves to the syncing one
      await store.syncTokens('config', [{ name: 'boot', scope: 'read', hash: 'h-boot2' }], T0 + 2)
      expect(await store.findTokenByHash('h-boot')).toBeNull()
      expect(await store.findTokenByHash('h-boot2')).toMatchObject({ name: 'boot', source: 'config' })

      await store.syncTokens('config', [], T0 + 3)
      expect(await store.findTokenByHash('h-boot2')).toBeNull()
      expect(await store.findTokenByHash('h-read')).toBeNull()
    })
  })

  // ── servers ───────────────────────────────────────────────────────────────
  describe('servers', () => {
    it('creates, reads, updates and deletes', async () => {
      const s = await store.createServer(
        { name: 'db1', environment: 'prod', tags: ['eu', 'pg'], heartbeatTimeout: 600_000 },
        T0,
      )
      expect(s).toEqual({
        id: expect.any(Number),
        projectId: 1,
        name: 'db1',
        environment: 'prod',
        tags: ['eu', 'pg'],
        heartbeatTimeout: 600_000,
        lastHeartbeatAt: null,
        offlineAt: null,
        offlineSince: null,
        jobsCount: 0,
        createdAt: T0,
        updatedAt: T0,
      })
      expect(await store.getServer({ id: s.id })).toEqual(s)
      expect(await store.getServer({ name: 'db1' })).toEqual(s)
      expect(await store.getServer({ name: 'nope' })).toBeNull()
      expect(await store.getServer({ id: s.id + 1000 })).toBeNull()

      const u = await store.updateServer(s.id, { tags: [], heartbeatTimeout: null }, T0 + 5)
      expect(u).toMatchObject({ name: 'db1', environment: 'prod', tags: [], heartbeatTimeout: null })
      expect(u.createdAt).toBe(T0)
      expect(u.updatedAt).toBe(T0 + 5)
      const renamed = await store.updateServer(s.id, { name: 'db-1', environment: null }, T0 + 6)
      expect(renamed).toMatchObject({ name: 'db-1', environment: null })

      await store.updateServerState(s.id, { last_heartbeat_at: FAR, offline_at: FAR + 60_000 }, T0 + 7)
      const hb = await store.getServer({ id: s.id })
      expect(hb).toMatchObject({ lastHeartbeatAt: FAR, offlineAt: FAR + 60_000, offlineSince: null })
      expect(await store.dueServers(FAR + 59_999, 10)).toEqual([])
      expect((await store.dueServers(FAR + 60_000, 10)).map((x) => x.id)).toEqual([s.id])
      expect(await store.earliestDueAt()).toBe(FAR + 60_000)
      await store.updateServerState(s.id, { offline_since: FAR + 60_000 }, T0 + 8)
      expect(await store.dueServers(FAR + 60_000, 10)).toEqual([])
      expect(await store.earliestDueAt()).toBeNull()

      expect(await store.deleteServer(s.id)).toBe(true)
      expect(await store.deleteServer(s.id)).toBe(false)
      expect(await store.getServer({ id: s.id })).toBeNull()
    })

    it('rejects a duplicate name on create and on rename', async () => {
      await server('web')
      const other = await server('mail')
      await expect(server('web')).rejects.toThrow()
      await expect(store.updateServer(other.id, { name: 'web' }, T0)).rejects.toThrow()
      expect((await store.getServer({ id: other.id }))?.name).toBe('mail')
      // the store still works after the failed statements (no aborted transaction left behind)
      expect(await store.isHealthy()).toBe(true)
      expect((await server('web2')).name).toBe('web2')
    })

    it('counts jobs per server', async () => {
      const a = await server('a')
      const b = await server('b')
      await store.createJob(newJob({ server_id: a.id }), T0)
      await store.createJob(newJob({ server_id: a.id }), T0)
      await store.createJob(newJob({ server_id: null }), T0)
      expect((await store.getServer({ id: a.id }))?.jobsCount).toBe(2)
      expect((await store.getServer({ name: 'b' }))?.jobsCount).toBe(0)
      const listed = await store.listServers({ limit: 10, cursor: null })
      expect(listed.items.map((s) => [s.name, s.jobsCount])).toEqual([
        ['a', 2],
        ['b', 0],
      ])
      expect(typeof listed.items[0]?.jobsCount).toBe('number')
      expect(b.jobsCount).toBe(0)
    })

    it('lists servers in pages without duplicates or gaps', async () => {
      const created = []
      for (let i = 0; i < 10; i++) created.push(await server(`s${String(i).padStart(2, '0')}`))
      for (const limit of [1, 3, 5, 10, 11]) {
        const { items, pages } = await collect((p) => store.listServers(p), limit)
        expect(items.map((s) => s.id)).toEqual(created.map((s) => s.id))
        expect(pages).toBe(Math.max(1, Math.ceil(10 / limit)))
      }
      await expect(store.listServers({ limit: 5, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
        CursorError,
      )
    })
  })

  // ── jobs ──────────────────────────────────────────────────────────────────
  describe('jobs', () => {
    it('creates a job with an interval schedule and defaults', async () => {
      const s = await server('host')
      const input = newJob({
        slug: 'nightly',
        name: 'Nightly',
        server_id: s.id,
        environment: 'prod',
        tags: JSON.stringify(['db', 'critical']),
        tool: 'borgmatic',
        schedule_every: 3_600_000,
        grace: 600_000,
        max_duration: 7_200_000,
        warning_exit_codes: JSON.stringify([1, 3]),
        retention: JSON.stringify({ keep_daily: 7, keep_within: '2d' }),
      })
      const j = await store.createJob(input, T0)
      expect(j).toEqual({
        id: expect.any(Number),
        projectId: 1,
        uuid: input.uuid,
        slug: 'nightly',
        name: 'Nightly',
        serverId: s.id,
        serverName: 'host',
        environment: 'prod',
        tags: ['db', 'critical'],
        tool: 'borgmatic',
        schedule: { every: 3_600_000 },
        grace: 600_000,
        maxDuration: 7_200_000,
        warningExitCodes: [1, 3],
        retention: { keep_daily: 7, keep_within: '2d' },
        paused: false,
        status: 'new',
        downReason: null,
        runningSince: null,
        lastPingAt: null,
        lastPingFailed: false,
        lastSuccessAt: null,
        lastRunId: null,
        nextDueAt: null,
        policy: null,
        effectivePolicy: DEFAULT_POLICY,
        lastStatus: null,
        lastFailureKind: null,
        lockStreak: 0,
        lastCheckAt: null,
        lastRestoreTestAt: null,
        sizeSamples: [],
        zeroAddedStreak: 0,
        retentionFacts: null,
        runCounts: { succeeded: 0, warning: 0, failed: 0 },
        serverOfflineSince: null,
        createdAt: T0,
        updatedAt: T0,
      })
    })

    it('creates a job with a cron schedule, a status and a due time', async () => {
      const j = await store.createJob(
        newJob({
          schedule_every: null,
          schedule_cron: '0 3 * * *',
          schedule_tz: 'Europe/Berlin',
          paused: 1,
          status: 'paused',
          next_due_at: FAR,
        }),
        T0,
      )
      expect(j.schedule).toEqual({ cron: '0 3 * * *', tz: 'Europe/Berlin' })
      expect(j.paused).toBe(true)
      expect(j.status).toBe('paused')
      expect(j.nextDueAt).toBe(FAR)
      expect(j.serverId).toBeNull()
      expect(j.serverName).toBeNull()
    })

    it('treats an explicit undefined status or due time as absent', async () => {
      const j = await store.createJob({ ...newJob(), status: undefined, next_due_at: undefined }, T0)
      expect(j).toMatchObject({ status: 'new', nextDueAt: null })
    })

    it('rejects updates of a job or server that does not exist', async () => {
      await expect(store.updateJobSettings(424_242, { name: 'x' }, T0)).rejects.toThrow(/not found/)
      await expect(store.updateServer(424_242, { name: 'x' }, T0)).rejects.toThrow(/not found/)
    })

    it('rejects a duplicate slug or uuid', async () => {
      const j = await store.createJob(newJob({ slug: 'same' }), T0)
      await expect(store.createJob(newJob({ slug: 'same' }), T0)).rejects.toThrow()
      await expect(store.createJob(newJob({ uuid: j.uuid }), T0)).rejects.toThrow()
      expect(await store.countJobs()).toBe(1)
    })

    it('finds jobs by id, slug and uuid, singly and in bulk', async () => {
      const a = await store.createJob(newJob({ slug: 'a' }), T0)
      const b = await store.createJob(newJob({ slug: 'b' }), T0)
      await store.createJob(newJob({ slug: 'c' }), T0)
      expect(await store.getJob({ id: a.id })).toEqual(a)
      expect(await store.getJob({ slug: 'b' })).toEqual(b)
      expect(await store.getJob({ uuid: a.uuid })).toEqual(a)
      expect(await store.getJob({ id: 999_999 })).toBeNull()
      expect(await store.getJob({ slug: 'zzz' })).toBeNull()
      expect(await store.getJob({ uuid: randomUUID() })).toBeNull()

      const byUuid = await store.getJobsByUuids([b.uuid, a.uuid, randomUUID()])
      expect(byUuid.map((j) => j.slug).sort()).toEqual(['a', 'b'])
      const bySlug = await store.getJobsBySlugs(['c', 'a', 'missing'])
      expect(bySlug.map((j) => j.slug).sort()).toEqual(['a', 'c'])
      const manySlugs = [...Array.from({ length: 40_000 }, (_, i) => `nope-${i}`), 'b']
      expect((await store.getJobsBySlugs(manySlugs)).map((j) => j.slug)).toEqual(['b'])
      expect((await store.getJobsBySlugs(['a', 'a'])).map((j) => j.slug)).toEqual(['a'])
      expect(await store.getJobsByUuids([])).toEqual([])
      expect(await store.getJobsBySlugs([])).toEqual([])
      expect(await store.countJobs()).toBe(3)
    })

    it('updates settings and state', async () => {
      const s = await server('h1')
      const j = await store.createJob(newJob({ server_id: s.id }), T0)
      const u = await store.updateJobSettings(
        j.id,
        {
          name: 'Renamed',
          tags: JSON.stringify(['x']),
          paused: 1,
          schedule_every: null,
          schedule_cron: '*/5 * * * *',
          schedule_tz: 'UTC',
          server_id: null,
          retention: JSON.stringify({ keep_daily: 3 }),
        },
        T0 + 10,
      )
      expect(u).toMatchObject({
        id: j.id,
        slug: j.slug,
        name: 'Renamed',
        tags: ['x'],
        paused: true,
        schedule: { cron: '*/5 * * * *', tz: 'UTC' },
        serverId: null,
        serverName: null,
        retention: { keep_daily: 3 },
        createdAt: T0,
        updatedAt: T0 + 10,
      })

      await store.updateJobState(
        j.id,
        {
          status: 'down',
          down_reason: 'missed',
          running_since: FAR - 5,
          last_ping_at: FAR,
          last_ping_failed: 1,
          last_success_at: FAR - 86_400_000,
          last_run_id: 2 ** 40,
          next_due_at: FAR + 1,
        },
        T0 + 20,
      )
      const st = await store.getJob({ id: j.id })
      expect(st).toMatchObject({
        status: 'down',
        downReason: 'missed',
        runningSince: FAR - 5,
        lastPingAt: FAR,
        lastPingFailed: true,
        lastSuccessAt: FAR - 86_400_000,
        lastRunId: 2 ** 40,
        nextDueAt: FAR + 1,
        updatedAt: T0 + 20,
        name: 'Renamed',
      })
      await store.updateJobState(j.id, { last_ping_failed: 0, down_reason: null, status: 'up' }, T0 + 30)
      expect(await store.getJob({ id: j.id })).toMatchObject({
        lastPingFailed: false,
        downReason: null,
        status: 'up',
      })
      await expect(store.updateJobSettings(j.id, { server_id: 987_654 }, T0)).rejects.toThrow()
    })

    it('filters and pages job listings', async () => {
      const a = await server('a')
      const b = await server('b')
      const all = []
      for (let i = 0; i < 23; i++) {
        all.push(
          await store.createJob(
            newJob({
              server_id: i % 3 === 0 ? a.id : i % 3 === 1 ? b.id : null,
              environment: i % 2 === 0 ? 'prod' : 'staging',
              status: i % 4 === 0 ? 'down' : 'up',
            }),
            T0,
          ),
        )
      }
      for (const limit of [1, 4, 7, 23, 50]) {
        const { items, pages } = await collect((p) => store.listJobs({}, p), limit)
        expect(items.map((j) => j.id)).toEqual(all.map((j) => j.id))
        expect(pages).toBe(Math.max(1, Math.ceil(23 / limit)))
      }
      const cases = [
        { server: a.id },
        { server: b.id },
        { status: 'down' },
        { environment: 'staging' },
        { server: a.id, environment: 'prod', status: 'down' },
        { environment: 'nowhere' },
      ]
      for (const filter of cases) {
        const expected = all.filter(
          (j) =>
            (filter.server === undefined || j.serverId === filter.server) &&
            (filter.status === undefined || j.status === filter.status) &&
            (filter.environment === undefined || j.environment === filter.environment),
        )
        const { items } = await collect((p) => store.listJobs(filter, p), 3)
        expect(items.map((j) => j.id)).toEqual(expected.map((j) => j.id))
      }
      const first = await store.listJobs({ server: a.id }, { limit: 2, cursor: null })
      expect(first.items.every((j) => j.serverName === 'a')).toBe(true)
      await expect(store.listJobs({}, { limit: 2, cursor: '!!' })).rejects.toBeInstanceOf(CursorError)
      for (const limit of [0, -1, 1.5, Number.NaN]) {
        await expect(store.listJobs({}, { limit, cursor: null })).rejects.toBeInstanceOf(RangeError)
      }
    })

    it('returns due jobs earliest first and the earliest due time', async () => {
      expect(await store.earliestDueAt()).toBeNull()
      expect(await store.dueJobs(FAR, 10)).toEqual([])
      const j300 = await store.createJob(newJob({ next_due_at: T0 + 300 }), T0)
      const j100 = await store.createJob(newJob({ next_due_at: T0 + 100 }), T0)
      const j200 = await store.createJob(newJob({ next_due_at: T0 + 200 }), T0)
      const j200b = await store.createJob(newJob({ next_due_at: T0 + 200 }), T0)
      await store.createJob(newJob({ next_due_at: null }), T0)
      const far = await store.createJob(newJob({ next_due_at: FAR }), T0)

      expect(await store.earliestDueAt()).toBe(T0 + 100)
      expect((await store.dueJobs(T0 + 250, 10)).map((j) => j.id)).toEqual([j100.id, j200.id, j200b.id])
      expect((await store.dueJobs(T0 + 200, 10)).map((j) => j.id)).toEqual([j100.id, j200.id, j200b.id])
      expect((await store.dueJobs(T0 + 99, 10)).map((j) => j.id)).toEqual([])
      expect((await store.dueJobs(FAR, 2)).map((j) => j.id)).toEqual([j100.id, j200.id])
      expect((await store.dueJobs(FAR, 100)).map((j) => j.id)).toEqual([
        j100.id,
        j200.id,
        j200b.id,
        j300.id,
        far.id,
      ])

      await store.updateJobState(j100.id, { next_due_at: null }, T0)
      expect(await store.earliestDueAt()).toBe(T0 + 200)
      const e = await store.earliestDueAt()
      expect(typeof e).toBe('number')
    })

    it('deleting a job removes its runs, ping events and alerts', async () => {
      const j = await store.createJob(newJob(), T0)
      const keep = await store.createJob(newJob(), T0)
      const [runId] = await store.insertRuns([newRun(j.id, { log: Buffer.from('x'), log_size: 1 })], T0)
      const [keepRun] = await store.insertRuns([newRun(keep.id)], T0)
      await store.insertPingEvents([newPing(j.id, { run_id: runId! }), newPing(j.id), newPing(keep.id)])
      const alert = await store.openAlert(jobAlert(j.id), T0)
      const keepAlert = await store.openAlert(jobAlert(keep.id), T0)

      expect(await store.deleteJob(j.id)).toBe(true)
      expect(await store.deleteJob(j.id)).toBe(false)
      expect(await store.getJob({ id: j.id })).toBeNull()
      expect(await store.getRun(runId!, true)).toBeNull()
      expect(await store.countPingEvents(j.id)).toBe(0)
      expect(await store.getAlert(alert!.id)).toBeNull()
      expect(await store.activeAlertTypes({ jobId: j.id })).toEqual([])

      expect(await store.getRun(keepRun!, false)).not.toBeNull()
      expect(await store.countPingEvents(keep.id)).toBe(1)
      expect(await store.countPingEvents()).toBe(1)
      expect(await store.getAlert(keepAlert!.id)).not.toBeNull()
      expect(await store.countJobs()).toBe(1)
    })

    it('deleting a server detaches its jobs and runs and removes its alerts', async () => {
      const s = await server('gone')
      const j = await store.createJob(newJob({ server_id: s.id }), T0)
      const [runId] = await store.insertRuns([newRun(j.id, { server_id: s.id })], T0)
      const serverAlert = await store.openAlert(
        {
          projectId: 1,
          type: 'server.offline',
          severity: 'warning',
          jobId: null,
          serverId: s.id,
          summary: 'offline',
          details: {},
        },
        T0,
      )
      const jAlert = await store.openAlert(jobAlert(j.id), T0)

      expect(await store.deleteServer(s.id)).toBe(true)
      const after = await store.getJob({ id: j.id })
      expect(after).toMatchObject({ serverId: null, serverName: null })
      expect(await store.getRun(runId!, false)).toMatchObject({
        serverId: null,
        serverName: null,
        jobId: j.id,
      })
      expect(await store.getAlert(serverAlert!.id)).toBeNull()
      expect(await store.getAlert(jAlert!.id)).toMatchObject({ status: 'active', jobId: j.id })
      expect((await store.listJobs({}, { limit: 10, cursor: null })).items).toHaveLength(1)
    })
  })

  // ── runs ──────────────────────────────────────────────────────────────────
  describe('policies and run statistics', () => {
    it('stores, replaces, lists and deletes policies', async () => {
      expect(await store.listPolicies()).toEqual([])
      await store.putPolicy(
        {
          environment: 'prod',
          policy: { maxAge: 93_600_000, sizeAnomaly: { low: 0.3 } },
          jobDefaults: { grace: 60_000 },
          source: 'config',
        },
        T0,
      )
      await store.putPolicy({ environment: 'dev', policy: {}, jobDefaults: null, source: 'api' }, T0)
      const replaced = await store.putPolicy(
        { environment: 'prod', policy: { maxAge: 1000 }, jobDefaults: null, source: 'api' },
        T0 + 1,
      )
      expect(replaced.updatedAt).toBe(T0 + 1)
      expect(await store.getPolicy('prod')).toEqual({
        projectId: 1,
        environment: 'prod',
        policy: { maxAge: 1000 },
        jobDefaults: null,
        source: 'api',
        updatedAt: T0 + 1,
      })
      expect((await store.listPolicies()).map((p) => p.environment)).toEqual(['dev', 'prod'])
      expect(await store.deletePolicy('dev')).toBe(true)
      expect(await store.deletePolicy('dev')).toBe(false)
      expect(await store.getPolicy('dev')).toBeNull()
    })

    it('gives each job its effective policy: environment, else default, then its own override', async () => {
      await store.putPolicy(
        { environment: 'default', policy: { maxAge: 1000 }, jobDefaults: null, source: 'api' },
        T0,
      )
      await store.putPolicy(
        { environment: 'prod', policy: { checkMaxAge: 5000 }, jobDefaults: null, source: 'api' },
        T0,
      )
      const plain = await store.createJob(newJob(), T0)
      const prod = await store.createJob(newJob({ environment: 'prod' }), T0)
      const own = await store.createJob(
        newJob({ environment: 'prod', policy: JSON.stringify({ sizeAnomaly: { low: 0.1 } }) }),
        T0,
      )
      expect((await store.getJob({ id: plain.id }))?.effectivePolicy).toEqual({
        ...DEFAULT_POLICY,
        maxAge: 1000,
      })
      expect((await store.getJob({ id: prod.id }))?.effectivePolicy).toEqual({
        ...DEFAULT_POLICY,
        checkMaxAge: 5000,
      })
      expect((await store.getJob({ id: own.id }))?.effectivePolicy).toEqual({
        ...DEFAULT_POLICY,
        checkMaxAge: 5000,
        sizeAnomaly: { ...DEFAULT_POLICY.sizeAnomaly, low: 0.1 },
      })
    })

    it('counts a server’s jobs and active ones, and lists active alerts with severities', async () => {
      const s = await store.createServer(
        { name: 'cnt', environment: null, tags: [], heartbeatTimeout: null },
        T0,
      )
      expect(await store.serverJobCounts(s.id)).toEqual({ total: 0, active: 0 })
      await store.createJob(newJob({ server_id: s.id }), T0)
      await store.createJob(newJob({ server_id: s.id, paused: 1 }), T0)
      expect(await store.serverJobCounts(s.id)).toEqual({ total: 2, active: 1 })
      const base = { jobId: null, serverId: s.id, details: {}, summary: 'x' } as const
      await store.openAlert({ projectId: 1, ...base, type: 'server.unprotected', severity: 'warning' }, T0)
      await store.openAlert({ projectId: 1, ...base, type: 'server.offline', severity: 'critical' }, T0)
      const active = await store.activeAlertsOf({ serverId: s.id })
      expect(active.sort((a, b) => a.type.localeCompare(b.type))).toEqual([
        { type: 'server.offline', severity: 'critical' },
        { type: 'server.unprotected', severity: 'warning' },
      ])
    })

    it('adds run counts per hour and status and sums them since an hour', async () => {
      const H = 3_600_000
      await store.addRunStats([
        { projectId: 1, hour: T0, status: 'succeeded', n: 2 },
        { projectId: 1, hour: T0, status: 'failed', n: 1 },
      ])
      await store.addRunStats([
        { projectId: 1, hour: T0, status: 'succeeded', n: 3 },
        { projectId: 1, hour: T0 + H, status: 'succeeded', n: 1 },
        { projectId: 1, hour: T0 + H, status: 'warning', n: 2 ** 40 },
      ])
      expect(await store.runStatsSince(T0)).toEqual({ succeeded: 6, failed: 1, warning: 2 ** 40 })
      expect(await store.runStatsSince(T0 + H)).toEqual({ succeeded: 1, warning: 2 ** 40 })
      expect(await store.runStatsSince(T0 + 2 * H)).toEqual({})
    })

    it('updates the severity of an active alert only', async () => {
      const j = await store.createJob(newJob(), T0)
      const base = { type: 'job.failed', jobId: j.id, serverId: null, details: {} } as const
      await store.openAlert({ projectId: 1, ...base, severity: 'warning', summary: 'locked' }, T0)
      await store.updateActiveAlert(
        { jobId: j.id },
        'job.failed',
        { severity: 'critical', summary: 'locked 3x', details: { n: 3 } },
        T0,
      )
      const [a] = (await store.listAlerts({ job: j.id }, { limit: 5, cursor: null })).items
      expect(a).toMatchObject({
        severity: 'critical',
        summary: 'locked 3x',
        details: { n: 3 },
        status: 'active',
      })
      await store.resolveAlerts({ jobId: j.id }, ['job.failed'], T0 + 1)
      await store.updateActiveAlert(
        { jobId: j.id },
        'job.failed',
        { severity: 'info', summary: 'x', details: {} },
        T0 + 2,
      )
      const [b] = (await store.listAlerts({ job: j.id }, { limit: 5, cursor: null })).items
      expect(b).toMatchObject({ severity: 'critical', status: 'resolved' })
    })
  })

  describe('runs', () => {
    it('insertRuns returns the ids in input order', async () => {
      const j = await store.createJob(newJob(), T0)
      expect(await store.insertRuns([], T0)).toEqual([])
      const ids = await store.insertRuns(
        [newRun(j.id, { rid: 'r-a' }), newRun(j.id, { rid: 'r-b' }), newRun(j.id, { rid: 'r-c' })],
        T0,
      )
      expect(ids).toHaveLength(3)
      for (const [i, rid] of ['r-a', 'r-b', 'r-c'].entries()) {
        expect((await store.getRun(ids[i]!, false))?.rid).toBe(rid)
      }
    })

    it('insertRuns chunks a large batch and keeps the ids in order', async () => {
      const j = await store.createJob(newJob(), T0)
      const other = await store.createJob(newJob(), T0)
      const n = 3_500
      const runs = Array.from({ length: n }, (_, i) =>
        newRun(i % 2 === 0 ? j.id : other.id, {
          rid: `bulk-${i}`,
          sort_at: T0 + i,
          size_bytes: BIG_SIZE + i,
          log: i % 500 === 0 ? Buffer.from([i % 256, 0xff, 0x00]) : null,
          log_size: i % 500 === 0 ? 3 : 0,
        }),
      )
      const ids = await store.insertRuns(runs, T0)
      expect(ids).toHaveLength(n)
      expect(new Set(ids).size).toBe(n)
      for (let i = 1; i < n; i++) expect(ids[i]!).toBeGreaterThan(ids[i - 1]!)
      for (const i of [0, 1, 999, 1000, 1001, 1303, 1304, 1305, 2000, 2607, 2608, 2609, n - 1]) {
        const r = await store.getRun(ids[i]!, true)
        expect(r?.rid).toBe(`bulk-${i}`)
        expect(r?.sizeBytes).toBe(BIG_SIZE + i)
        expect(r?.jobId).toBe(i % 2 === 0 ? j.id : other.id)
      }
      expect(bytes((await store.getRun(ids[1000]!, true))?.log)).toEqual(
        Buffer.from([1000 % 256, 0xff, 0x00]),
      )
      const { items } = await collect((p) => store.listRuns({ job: j.id }, p), 1000)
      expect(items).toHaveLength(n / 2)
    })

    it('getRun returns the log only when asked, byte for byte', async () => {
      const s = await server('srv')
      const j = await store.createJob(newJob({ slug: 'with-log', server_id: s.id }), T0)
      // invalid UTF-8 (lone continuation, overlong, truncated sequence, 0xff), NUL and every byte value
      const log = Buffer.concat([
        Buffer.from('start\n'),
        Buffer.from([0x80, 0xc0, 0xaf, 0xe2, 0x82, 0xff, 0xfe, 0x00, 0x00, 0xed, 0xa0, 0x80]),
        Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
        Buffer.from('end ✓'),
      ])
      const [id] = await store.insertRuns(
        [newRun(j.id, { server_id: s.id, rid: 'rid-1', log, log_size: log.length })],
        T0 + 7,
      )
      const full = await store.getRun(id!, true)
      expect(full).toEqual({
        id: id!,
        projectId: 1,
        jobId: j.id,
        jobSlug: 'with-log',
        serverId: s.id,
        serverName: 'srv',
        rid: 'rid-1',
        kind: 'backup',
        status: 'succeeded',
        failureKind: null,
        startedAt: T0,
        finishedAt: T0 + 1000,
        durationMs: 1000,
        exitCode: 0,
        sizeBytes: null,
        addedBytes: null,
        filesTotal: null,
        filesNew: null,
        filesChanged: null,
        error: null,
        source: 'api',
        details: null,
        logSize: log.length,
        log: expect.anything(),
      })
      expect(full?.log).toBeInstanceOf(Uint8Array)
      expect(Buffer.compare(Buffer.from(full!.log!), log)).toBe(0)

      const bare = await store.getRun(id!, false)
      expect(bare).not.toHaveProperty('log')
      expect(bare?.logSize).toBe(log.length)

      const [noLog] = await store.insertRuns([newRun(j.id)], T0)
      expect((await store.getRun(noLog!, true))?.log).toBeNull()
      expect(await store.getRun(987_654, true)).toBeNull()

      // a plain Uint8Array (not a Buffer) is accepted and read back the same
      const plain = new Uint8Array([0xff, 0x00, 0x80, 0x41])
      const [plainLog] = await store.insertRuns([newRun(j.id, { log: plain, log_size: plain.length })], T0)
      expect(bytes((await store.getRun(plainLog!, true))?.log)).toEqual(Buffer.from(plain))

      const empty = Buffer.alloc(0)
      const [emptyLog] = await store.insertRuns([newRun(j.id, { log: empty })], T0)
      expect(bytes((await store.getRun(emptyLog!, true))?.log)).toEqual(empty)
    })

    it('updateRun patches a run', async () => {
      const j = await store.createJob(newJob(), T0)
      const [id] = await store.insertRuns(
        [
          newRun(j.id, {
            status: 'running',
            finished_at: null,
            sort_at: T0,
            duration_ms: null,
            exit_code: null,
          }),
        ],
        T0,
      )
      const log = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0xff])
      await store.updateRun(id!, {
        status: 'failed',
        failure_kind: 'locked',
        finished_at: FAR,
        sort_at: FAR,
        duration_ms: FAR - T0,
        exit_code: 2,
        error: 'repository is locked',
        size_bytes: MAX_SAFE,
        added_bytes: BIG_SIZE,
        files_total: 2 ** 33,
        files_new: 5,
        files_changed: 0,
        log,
        log_size: log.length,
      })
      const r = await store.getRun(id!, true)
      expect(r).toMatchObject({
        status: 'failed',
        failureKind: 'locked',
        finishedAt: FAR,
        durationMs: FAR - T0,
        exitCode: 2,
        error: 'repository is locked',
        sizeBytes: MAX_SAFE,
        addedBytes: BIG_SIZE,
        filesTotal: 2 ** 33,
        filesNew: 5,
        filesChanged: 0,
        details: null,
        logSize: 5,
      })
      expect(bytes(r?.log)).toEqual(log)
      await store.updateRun(id!, { log: null, log_size: 0 })
      expect((await store.getRun(id!, true))?.log).toBeNull()
    })

    it('openRuns returns the running runs of the given jobs', async () => {
      const a = await store.createJob(newJob(), T0)
      const b = await store.createJob(newJob(), T0)
      const c = await store.createJob(newJob(), T0)
      const running = { status: 'running', finished_at: null, duration_ms: null, exit_code: null } as const
      const ids = await store.insertRuns(
        [
          newRun(a.id, { ...running, rid: 'a1', log: Buffer.from('partial') }),
          newRun(a.id, { rid: 'a-done' }),
          newRun(b.id, { ...running, rid: 'b1' }),
          newRun(c.id, { ...running, rid: 'c1' }),
          newRun(a.id, { ...running, rid: 'a2' }),
        ],
        T0,
      )
      expect(await store.openRuns([])).toEqual([])
      const open = await store.openRuns([a.id, b.id])
      expect(open.map((r) => r.rid)).toEqual(['a1', 'b1', 'a2'])
      expect(open.map((r) => r.id)).toEqual([ids[0], ids[2], ids[4]])
      expect(bytes(open[0]?.log)).toEqual(Buffer.from('partial'))
      expect(await store.openRuns([999_999])).toEqual([])
      // long id lists (more than one statement binds) and duplicates
      const many = [...Array.from({ length: 40_000 }, (_, i) => 1_000_000 + i), b.id, a.id, a.id]
      expect((await store.openRuns(many)).map((r) => r.rid)).toEqual(['a1', 'b1', 'a2'])
    })

    it('findRunByRid finds open and finished runs of one job, and keeps details', async () => {
      const a = await store.createJob(newJob(), T0)
      const b = await store.createJob(newJob(), T0)
      const [done, open] = await store.insertRuns(
        [
          newRun(a.id, { rid: 'r1', details: JSON.stringify({ snapshot_id: 'abc', n: 2 ** 40 }) }),
          newRun(a.id, { rid: 'r2', status: 'running', finished_at: null }),
        ],
        T0,
      )
      expect(await store.findRunByRid(a.id, 'r1')).toMatchObject({
        id: done,
        status: 'succeeded',
        details: { snapshot_id: 'abc', n: 2 ** 40 },
      })
      expect(await store.findRunByRid(a.id, 'r2')).toMatchObject({
        id: open,
        status: 'running',
        details: null,
      })
      expect(await store.findRunByRid(b.id, 'r1')).toBeNull()
      expect(await store.findRunByRid(a.id, 'r3')).toBeNull()
    })

    it('lists runs newest first by sort_at then id, with filters and pages', async () => {
      const s1 = await server('s1')
      const s2 = await server('s2')
      const a = await store.createJob(newJob({ server_id: s1.id }), T0)
      const b = await store.createJob(newJob({ server_id: s2.id }), T0)
      const specs: NewRun[] = []
      for (let i = 0; i < 30; i++) {
        specs.push(
          newRun(i % 2 === 0 ? a.id : b.id, {
            server_id: i % 5 === 0 ? null : i % 2 === 0 ? s1.id : s2.id,
            // ties on purpose: several runs share a sort_at
            sort_at: T0 + Math.floor(i / 3) * 1000 + (i % 7 === 0 ? 50_000 : 0),
            status: i % 4 === 0 ? 'failed' : 'succeeded',
            rid: `run-${i}`,
          }),
        )
      }
      // inserted in shuffled order so id order is not sort_at order
      const order = specs.map((_, i) => i).sort((x, y) => ((x * 7919) % 31) - ((y * 7919) % 31))
      const ids = await store.insertRuns(
        order.map((i) => specs[i]!),
        T0,
      )
      const rows = order.map((specIndex, k) => ({ id: ids[k]!, spec: specs[specIndex]! }))
      const newestFirst = (list: typeof rows) =>
        [...list].sort((x, y) => y.spec.sort_at - x.spec.sort_at || y.id - x.id).map((r) => r.id)

      const whole = await store.listRuns({}, { limit: 100, cursor: null })
      expect(whole.items.map((r) => r.id)).toEqual(newestFirst(rows))
      expect(whole.nextCursor).toBeNull()
      expect(whole.items[0]).not.toHaveProperty('log')

      for (const limit of [1, 2, 3, 7, 30]) {
        const { items, pages } = await collect((p) => store.listRuns({}, p), limit)
        expect(items.map((r) => r.id)).toEqual(newestFirst(rows))
        expect(pages).toBe(Math.ceil(30 / limit))
      }

      const filters = [
        { job: a.id },
        { server: s2.id },
        { status: 'failed' },
        { since: T0 + 5000 },
        { job: b.id, status: 'succeeded', since: T0 + 2000 },
        { job: a.id, server: s2.id },
      ]
      for (const f of filters) {
        const expected = newestFirst(
          rows.filter(
            ({ spec }) =>
              (f.job === undefined || spec.job_id === f.job) &&
              (f.server === undefined || spec.server_id === f.server) &&
              (f.status === undefined || spec.status === f.status) &&
              (f.since === undefined || spec.sort_at >= f.since),
          ),
        )
        const { items } = await collect((p) => store.listRuns(f, p), 4)
        expect(items.map((r) => r.id)).toEqual(expected)
      }
      const withNames = await store.listRuns({ server: s1.id }, { limit: 1, cursor: null })
      expect(withNames.items[0]).toMatchObject({ serverName: 's1', jobSlug: a.slug })
      await expect(
        store.listRuns({}, { limit: 1, cursor: Buffer.from('[1.5,2]').toString('base64url') }),
      ).rejects.toBeInstanceOf(CursorError)
    })
  })

  // ── ping events ───────────────────────────────────────────────────────────
  describe('ping events', () => {
    it('inserts and counts, overall and per job', async () => {
      const a = await store.createJob(newJob(), T0)
      const b = await store.createJob(newJob(), T0)
      expect(await store.countPingEvents()).toBe(0)
      await store.insertPingEvents([])
      const [runId] = await store.insertRuns([newRun(a.id)], T0)
      await store.insertPingEvents([
        newPing(a.id, { run_id: runId!, kind: 'start', exit_status: null, rid: 'x' }),
        newPing(a.id, { kind: 'log', body: Buffer.from([0xff, 0x00, 0xfe]), body_size: 3, received_at: FAR }),
        newPing(b.id, {
          kind: 'fail',
          exit_status: 2,
          body_size: BIG_SIZE,
          remote_addr: null,
          user_agent: null,
        }),
      ])
      expect(await store.countPingEvents()).toBe(3)
      expect(await store.countPingEvents(a.id)).toBe(2)
      expect(await store.countPingEvents(b.id)).toBe(1)
      expect(await store.countPingEvents(999_999)).toBe(0)
      expect(typeof (await store.countPingEvents())).toBe('number')
    })

    it('inserts a batch larger than one statement can carry', async () => {
      const j = await store.createJob(newJob(), T0)
      const events = Array.from({ length: 5_000 }, (_, i) => newPing(j.id, { received_at: T0 + i }))
      await store.insertPingEvents(events)
      expect(await store.countPingEvents(j.id)).toBe(5_000)
    })
  })

  // ── alerts ────────────────────────────────────────────────────────────────
  describe('alerts', () => {
    it('opens at most one active alert per type and subject', async () => {
      const s = await server('box')
      const j = await store.createJob(newJob({ slug: 'alerting' }), T0)
      const other = await store.createJob(newJob(), T0)

      const first = await store.openAlert(jobAlert(j.id, 'job.failed'), T0)
      expect(first).toEqual({
        id: expect.any(Number),
        projectId: 1,
        type: 'job.failed',
        severity: 'critical',
        status: 'active',
        jobId: j.id,
        jobSlug: 'alerting',
        serverId: null,
        serverName: null,
        summary: `job.failed on ${j.id}`,
        details: { exitCode: 2, nested: { a: [1, 2] } },
        openedAt: T0,
        resolvedAt: null,
      })
      expect(await store.openAlert(jobAlert(j.id, 'job.failed'), T0 + 1)).toBeNull()
      const missed = await store.openAlert(jobAlert(j.id, 'job.missed'), T0 + 2)
      expect(missed?.type).toBe('job.missed')
      expect(await store.openAlert(jobAlert(other.id, 'job.failed'), T0 + 3)).not.toBeNull()
      const srv = await store.openAlert(
        {
          projectId: 1,
          type: 'server.offline',
          severity: 'warning',
          jobId: null,
          serverId: s.id,
          summary: 'down',
          details: {},
        },
        T0 + 4,
      )
      expect(srv).toMatchObject({ serverId: s.id, serverName: 'box', jobId: null, jobSlug: null })
      expect(
        await store.openAlert(
          {
            projectId: 1,
            type: 'server.offline',
            severity: 'warning',
            jobId: null,
            serverId: s.id,
            summary: 'again',
            details: {},
          },
          T0 + 5,
        ),
      ).toBeNull()

      expect((await store.activeAlertTypes({ jobId: j.id })).sort()).toEqual(['job.failed', 'job.missed'])
      expect(await store.activeAlertTypes({ serverId: s.id })).toEqual(['server.offline'])
      expect(await store.activeAlertTypes({ jobId: 999_999 })).toEqual([])

      // a conflict inside a transaction must not abort it
      await store.transaction(async (tx) => {
        expect(await tx.openAlert(jobAlert(j.id, 'job.failed'), T0 + 6)).toBeNull()
        await tx.setSetting('after-conflict', 'ok')
      })
      expect(await store.getSetting('after-conflict')).toBe('ok')
    })

    it('resolves by type and lets a new alert open afterwards', async () => {
      const j = await store.createJob(newJob(), T0)
      const failed = await store.openAlert(jobAlert(j.id, 'job.failed'), T0)
      await store.openAlert(jobAlert(j.id, 'job.missed'), T0)
      await store.openAlert(jobAlert(j.id, 'job.stale'), T0)

      expect(await store.resolveAlerts({ jobId: j.id }, [], T0 + 1)).toBe(0)
      expect(await store.resolveAlerts({ jobId: j.id }, ['job.warning'], T0 + 1)).toBe(0)
      expect(await store.resolveAlerts({ jobId: j.id }, ['job.failed', 'job.stale'], FAR)).toBe(2)
      expect(await store.resolveAlerts({ jobId: j.id }, ['job.failed'], FAR)).toBe(0)
      expect(await store.activeAlertTypes({ jobId: j.id })).toEqual(['job.missed'])
      expect(await store.getAlert(failed!.id)).toMatchObject({
        status: 'resolved',
        resolvedAt: FAR,
        openedAt: T0,
      })

      const reopened = await store.openAlert(jobAlert(j.id, 'job.failed'), FAR + 1)
      expect(reopened).not.toBeNull()
      expect(reopened!.id).not.toBe(failed!.id)
      expect(reopened).toMatchObject({ status: 'active', openedAt: FAR + 1 })
      expect(await store.openAlert(jobAlert(j.id, 'job.failed'), FAR + 2)).toBeNull()
      // and resolving again leaves two resolved job.failed alerts side by side
      expect(await store.resolveAlerts({ jobId: j.id }, ['job.failed'], FAR + 3)).toBe(1)
      const resolvedFailed = await store.listAlerts(
        { job: j.id, type: 'job.failed', status: 'resolved' },
        { limit: 10, cursor: null },
      )
      expect(resolvedFailed.items.map((a) => a.id)).toEqual([reopened!.id, failed!.id])
      expect(await store.getAlert(999_999)).toBeNull()
    })

    it('lists alerts newest first with filters and pages', async () => {
      const s = await server('srv')
      const a = await store.createJob(newJob(), T0)
      const b = await store.createJob(newJob(), T0)
      const opened: {
        id: number
        type: AlertType
        severity: string
        jobId: number | null
        serverId: number | null
        at: number
      }[] = []
      const types: AlertType[] = ['job.failed', 'job.missed', 'job.stale', 'job.warning', 'job.long_running']
      let k = 0
      for (const jobId of [a.id, b.id]) {
        for (const type of types) {
          const at = T0 + (k % 4) * 1000 // ties on opened_at
          const severity = k % 3 === 0 ? 'warning' : 'critical'
          const rec = await store.openAlert(jobAlert(jobId, type, { severity }), at)
          opened.push({ id: rec!.id, type, severity, jobId, serverId: null, at })
          k++
        }
      }
      const srv = await store.openAlert(
        {
          projectId: 1,
          type: 'server.offline',
          severity: 'info',
          jobId: null,
          serverId: s.id,
          summary: 's',
          details: {},
        },
        FAR,
      )
      opened.push({
        id: srv!.id,
        type: 'server.offline',
        severity: 'info',
        jobId: null,
        serverId: s.id,
        at: FAR,
      })
      await store.resolveAlerts({ jobId: a.id }, ['job.failed', 'job.missed'], FAR)
      const resolved = new Set(
        opened
          .filter((o) => o.jobId === a.id && ['job.failed', 'job.missed'].includes(o.type))
          .map((o) => o.id),
      )

      const newestFirst = (list: typeof opened) =>
        [...list].sort((x, y) => y.at - x.at || y.id - x.id).map((o) => o.id)
      for (const limit of [1, 3, 11, 20]) {
        const { items, pages } = await collect((p) => store.listAlerts({}, p), limit)
        expect(items.map((x) => x.id)).toEqual(newestFirst(opened))
        expect(pages).toBe(Math.ceil(11 / limit))
      }
      const filters = [
        { status: 'active' as const },
        { status: 'resolved' as const },
        { severity: 'warning' },
        { type: 'job.stale' },
        { job: b.id },
        { server: s.id },
        { job: a.id, status: 'active' as const, severity: 'critical' },
      ]
      for (const f of filters) {
        const expected = newestFirst(
          opened.filter(
            (o) =>
              (f.status === undefined || (f.status === 'resolved') === resolved.has(o.id)) &&
              (f.severity === undefined || o.severity === f.severity) &&
              (f.type === undefined || o.type === f.type) &&
              (f.job === undefined || o.jobId === f.job) &&
              (f.server === undefined || o.serverId === f.server),
          ),
        )
        const { items } = await collect((p) => store.listAlerts(f, p), 2)
        expect(items.map((x) => x.id)).toEqual(expected)
      }
    })
  })

  // ── transactions ──────────────────────────────────────────────────────────
  describe('transactions', () => {
    it('commits and returns the callback value', async () => {
      const result = await store.transaction(async (tx) => {
        const s = await tx.createServer(
          { name: 'tx', environment: null, tags: [], heartbeatTimeout: null },
          T0,
        )
        const j = await tx.createJob(newJob({ server_id: s.id }), T0)
        expect((await tx.getJob({ id: j.id }))?.serverName).toBe('tx')
        return j.id
      })
      expect((await store.getJob({ id: result }))?.serverName).toBe('tx')
    })

    it('rolls back everything when the callback throws', async () => {
      const before = await store.createJob(newJob(), T0)
      const boom = new Error('boom')
      await expect(
        store.transaction(async (tx) => {
          await tx.createServer({ name: 'rolled', environment: null, tags: [], heartbeatTimeout: null }, T0)
          await tx.createJob(newJob(), T0)
          await tx.insertRuns([newRun(before.id)], T0)
          await tx.setSetting('k', 'v')
          await tx.updateJobState(before.id, { status: 'down' }, T0 + 1)
          await tx.openAlert(jobAlert(before.id), T0)
          throw boom
        }),
      ).rejects.toBe(boom)
      expect(await store.getServer({ name: 'rolled' })).toBeNull()
      expect(await store.countJobs()).toBe(1)
      expect((await store.listRuns({}, { limit: 10, cursor: null })).items).toEqual([])
      expect(await store.getSetting('k')).toBeNull()
      expect(await store.getJob({ id: before.id })).toEqual(before)
      expect(await store.activeAlertTypes({ jobId: before.id })).toEqual([])
      // the store is usable afterwards
      expect(await store.isHealthy()).toBe(true)
      await store.setSetting('k', 'after')
      expect(await store.getSetting('k')).toBe('after')
    })

    it('reuses the transaction for nested calls', async () => {
      await store.transaction(async (tx) => {
        await tx.setSetting('outer', '1')
        const inner = await tx.transaction(async (tx2) => {
          expect(await tx2.getSetting('outer')).toBe('1')
          await tx2.setSetting('inner', '2')
          return 'inner-result'
        })
        expect(inner).toBe('inner-result')
        expect(await tx.getSetting('inner')).toBe('2')
      })
      expect(await store.getSetting('outer')).toBe('1')
      expect(await store.getSetting('inner')).toBe('2')

      // a failure after a nested call rolls back the nested writes too
      await expect(
        store.transaction(async (tx) => {
          await tx.transaction(async (tx2) => tx2.setSetting('nested', 'x'))
          await tx.syncTokens('config', [{ name: 't', scope: 'read', hash: 'h' }], T0)
          throw new Error('late')
        }),
      ).rejects.toThrow('late')
      expect(await store.getSetting('nested')).toBeNull()
      expect(await store.findTokenByHash('h')).toBeNull()

      // and a failure inside the nested call rolls back the outer writes
      await expect(
        store.transaction(async (tx) => {
          await tx.setSetting('outer2', 'y')
          await tx.transaction(async () => {
            throw new Error('inner')
          })
        }),
      ).rejects.toThrow('inner')
      expect(await store.getSetting('outer2')).toBeNull()
    })
  })

  // ── numbers ───────────────────────────────────────────────────────────────
  describe('large numbers', () => {
    it('round-trip instants and sizes beyond 2^32 as JS numbers', async () => {
      const s = await store.createServer(
        { name: 'big', environment: null, tags: [], heartbeatTimeout: 2 ** 35 },
        FAR,
      )
      expect(s).toMatchObject({ createdAt: FAR, updatedAt: FAR, heartbeatTimeout: 2 ** 35 })
      const j = await store.createJob(
        newJob({
          server_id: s.id,
          grace: 2 ** 34,
          max_duration: 2 ** 36,
          schedule_every: 2 ** 37,
          next_due_at: FAR,
        }),
        FAR,
      )
      expect(j).toMatchObject({
        grace: 2 ** 34,
        maxDuration: 2 ** 36,
        schedule: { every: 2 ** 37 },
        nextDueAt: FAR,
        createdAt: FAR,
      })
      const [id] = await store.insertRuns(
        [
          newRun(j.id, {
            started_at: FAR,
            finished_at: FAR + 1,
            sort_at: FAR + 1,
            duration_ms: 2 ** 33,
            size_bytes: BIG_SIZE,
            added_bytes: MAX_SAFE,
            files_total: 2 ** 32 + 1,
            exit_code: 255,
            log_size: 2 ** 32 + 7,
          }),
        ],
        FAR,
      )
      const r = await store.getRun(id!, false)
      const numbers = {
        startedAt: FAR,
        finishedAt: FAR + 1,
        durationMs: 2 ** 33,
        sizeBytes: BIG_SIZE,
        addedBytes: MAX_SAFE,
        filesTotal: 2 ** 32 + 1,
        exitCode: 255,
        logSize: 2 ** 32 + 7,
        id: id!,
        jobId: j.id,
      }
      expect(r).toMatchObject(numbers)
      for (const key of Object.keys(numbers) as (keyof typeof numbers)[])
        expect(typeof r?.[key]).toBe('number')
      const listed = await store.listRuns({ since: FAR }, { limit: 1, cursor: null })
      expect(listed.items[0]?.sizeBytes).toBe(BIG_SIZE)
      expect(await store.earliestDueAt()).toBe(FAR)
      expect((await store.dueJobs(FAR, 1))[0]?.nextDueAt).toBe(FAR)
      const alert = await store.openAlert(jobAlert(j.id), FAR)
      expect(alert?.openedAt).toBe(FAR)
      expect(typeof (await store.countJobs())).toBe('number')
    })
  })
})
