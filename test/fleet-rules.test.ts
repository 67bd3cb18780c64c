// The fleet fixture of issue 4: 10 servers in 3 environments, jobs with a week of history, all
// built through the public API with an injected clock. Every rule fires exactly where the
// fixture plants its condition and nowhere else, the report's totals match a hand count, and
// every alert resolves after its fixing event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../src/clock.js'
import { startTestApp, type TestApp } from './support/app.js'

const T0 = Date.parse('2026-11-02T00:00:00Z')
const H = 3_600_000
const D = 24 * H

// biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
type Json = any

let t: TestApp
const clock = new ManualClock(T0)
/** every run the fixture reported: [finished_at, status] — the hand count for success rates */
const sent: [number, 'succeeded' | 'warning' | 'failed'][] = []

async function api(method: string, path: string, body?: unknown) {
  const res = await t.api<Json>(method, path, body)
  expect(res.status, `${method} ${path} ${JSON.stringify(res.body)}`).toBeLessThan(300)
  return res.body
}

async function run(job: string, fields: Record<string, unknown> = {}) {
  const body = await api('POST', '/runs', { job, exit_code: 0, ...fields })
  sent.push([clock.now(), body.status])
  return body
}

async function at(ms: number) {
  clock.set(ms)
  await t.app.evaluator.kick()
}

async function activeAlerts(): Promise<Record<string, string>> {
  const body = await api('GET', '/alerts?status=active&limit=500')
  return Object.fromEntries(body.items.map((a: Json) => [`${a.job ?? a.server}:${a.type}`, a.severity]))
}

const SERVERS = Array.from({ length: 10 }, (_, i) => `srv-${i + 1}`)
const ENV_OF: Record<string, string> = {
  'srv-1': 'production',
  'srv-2': 'production',
  'srv-3': 'production',
  'srv-4': 'production',
  'srv-5': 'staging',
  'srv-6': 'staging',
  'srv-7': 'staging',
  'srv-8': 'development',
  'srv-9': 'development',
  'srv-10': 'development',
}
const JOBS: [slug: string, server: string, extra?: Record<string, unknown>][] = [
  ['prod-a', 'srv-1'],
  ['prod-b', 'srv-2', { schedule: { every: '7d' } }],
  ['prod-c', 'srv-3', { tool: 'restic' }],
  ['prod-d', 'srv-3'],
  ['prod-e', 'srv-4', { retention: { keep_daily: 3, keep_weekly: 4 } }],
  ['prod-f', 'srv-4', { policy: { check_max_age: '2d' } }],
  ['stg-a', 'srv-5', { tool: 'restic' }],
  ['stg-b', 'srv-6'],
  ['stg-c', 'srv-7'],
  ['dev-a', 'srv-8'],
  ['dev-b', 'srv-10'],
]
const DAILY = ['prod-a', 'prod-c', 'prod-d', 'prod-e', 'prod-f', 'stg-a', 'stg-b', 'stg-c', 'dev-a', 'dev-b']
const EXPECTED: Record<string, string> = {
  'prod-b:job.stale': 'critical',
  'prod-c:job.failed': 'critical',
  'prod-d:job.size_anomaly': 'warning',
  'prod-e:job.retention_violation': 'warning',
  'prod-f:job.check_overdue': 'warning',
  'stg-a:job.warning': 'warning',
  'stg-b:job.failed': 'info',
  'dev-a:job.missed': 'critical',
  'srv-9:server.unprotected': 'warning',
  'srv-10:server.offline': 'critical',
}

describe('a fleet of 10 servers in 3 environments', () => {
  beforeAll(async () => {
    t = await startTestApp({}, { clock })
    await api('PUT', '/policies/production', {
      max_age: '26h',
      retention: { min_daily: 7 },
      lock_failures: { warn_until: 3 },
    })
    await api('PUT', '/policies/staging', { max_age: '3d' })
    for (const [slug, server, extra] of JOBS) {
      await api('POST', '/jobs', { slug, server, environment: ENV_OF[server], grace: '1h', ...extra })
    }
    for (const s of SERVERS) {
      await api('POST', `/servers/${s}/heartbeat`, { environment: ENV_OF[s], heartbeat_timeout: '25h' })
    }
    // Six days of healthy history: a backup a day (sizes steady), prod-a also checks.
    for (let day = 0; day < 6; day++) {
      await at(T0 + day * D + H)
      for (const s of SERVERS.filter((x) => x !== 'srv-10')) await api('POST', `/servers/${s}/heartbeat`)
      for (const job of DAILY) await run(job, { size_bytes: 10_000_000_000 + day, added_bytes: 50_000_000 })
      await run('prod-a', { kind: 'check' })
      if (day === 0) await run('prod-b')
    }
    // The last day: each planted problem, and everything else healthy.
    await at(T0 + 6 * D + H)
    for (const s of SERVERS.filter((x) => x !== 'srv-10')) await api('POST', `/servers/${s}/heartbeat`)
    const locked = {
      exit_code: 1,
      error: 'unable to create lock in backend: repository is already locked exclusively by PID 4242',
    }
    for (let i = 0; i < 3; i++) await run('prod-c', locked)
    await run('prod-d', { size_bytes: 2_000_000_000, added_bytes: 50_000_000 })
    for (const job of ['prod-a', 'prod-e', 'prod-f', 'stg-c', 'dev-b'])
      await run(job, { size_bytes: 10_000_000_006, added_bytes: 50_000_000 })
    await run('prod-a', { kind: 'check' })
    await run('stg-a', { exit_code: 3, error: 'Warning: at least one source file could not be read' })
    await run('stg-b', { exit_code: 143 })
    // dev-a skipped its backup: due at day 6 + 1h, down after its 1h grace.
    await at(T0 + 6 * D + 2 * H + 1)
  })
  afterAll(async () => {
    await t.close()
  })

  it('raises exactly the planted alerts, with the planted severities', async () => {
    expect(await activeAlerts()).toEqual(EXPECTED)
  })

  it('writes summaries that name the job or server and the numbers', async () => {
    const body = await api('GET', '/alerts?status=active&limit=500')
    const summary = (key: string) =>
      body.items.find((a: Json) => `${a.job ?? a.server}:${a.type}` === key)?.summary
    expect(summary('prod-b:job.stale')).toBe(
      'No successful backup of srv-2/prod-b for 48 h (policy: 26 h); last success 2026-11-02 01:00 UTC',
    )
    expect(summary('prod-c:job.failed')).toContain('srv-3/prod-c')
    expect(summary('prod-c:job.failed')).toContain('3 times in a row')
    expect(summary('prod-d:job.size_anomaly')).toContain('srv-3/prod-d')
    expect(summary('prod-d:job.size_anomaly')).toContain('2 GB')
    expect(summary('prod-e:job.retention_violation')).toContain('policy')
    expect(summary('prod-f:job.check_overdue')).toContain('srv-4/prod-f')
    expect(summary('dev-a:job.missed')).toContain('srv-8/dev-a')
    expect(summary('srv-9:server.unprotected')).toBe('Server srv-9 has no backup job')
    expect(summary('srv-10:server.offline')).toContain('Server srv-10 is offline')
  })

  it('reports totals that match a hand count', async () => {
    const report = await api('GET', '/report')
    const now = clock.now()
    const rate = (since: number) => {
      const window = sent.filter(([at]) => at >= Math.floor(since / H) * H)
      return window.filter(([, s]) => s !== 'failed').length / window.length
    }
    expect(report).toMatchObject({
      servers_total: 10,
      servers_online: 9,
      servers_offline: 1,
      servers_without_jobs: 1,
      // srv-1 (prod-a), srv-4 (prod-e, prod-f: retention and checks do not make a backup late),
      // srv-5 (stg-a: a warning run made a snapshot), srv-7 (stg-c), srv-10 (dev-b; offline but backed up)
      servers_up_to_date: 5,
      jobs_total: 11,
      jobs_by_status: { new: 0, up: 8, grace: 0, down: 3, paused: 0 },
      alerts_active: { critical: 4, warning: 5, info: 1 },
    })
    expect(report.success_rate_24h).toBeCloseTo(rate(now - D), 3)
    expect(report.success_rate_24h).toBeCloseTo(8 / 12, 3)
    expect(report.success_rate_7d).toBeCloseTo(rate(now - 7 * D), 3)
    expect(report.problems.map((p: Json) => p.severity)).toEqual([
      ...Array(4).fill('critical'),
      ...Array(5).fill('warning'),
      'info',
    ])
  })

  it('resolves every alert after its fixing event', async () => {
    await run('prod-b')
    await run('prod-c')
    await run('prod-d', { size_bytes: 10_000_000_007, added_bytes: 50_000_000 })
    await api('PATCH', '/jobs/prod-e', { retention: { keep_daily: 7, keep_weekly: 4 } })
    await run('prod-f', { kind: 'check' })
    await run('stg-a')
    await run('stg-b')
    await run('dev-a')
    await api('POST', '/jobs', { slug: 'dev-c', server: 'srv-9', environment: 'development' })
    await api('POST', '/servers/srv-10/heartbeat')
    expect(await activeAlerts()).toEqual({})
    const resolved = await api('GET', '/alerts?status=resolved&limit=500')
    expect(resolved.items.map((a: Json) => `${a.job ?? a.server}:${a.type}`).sort()).toEqual(
      Object.keys(EXPECTED).sort(),
    )
    const report = await api('GET', '/report')
    expect(report).toMatchObject({ alerts_active: { critical: 0, warning: 0, info: 0 }, problems: [] })
  })
})
