// The fleet report end to end: a fleet built through the public API, GET /api/v1/report checked
// field by field against a hand count, and `backwatch report` run as the real binary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildReport } from '../src/report/build-report.js'
import {
  ADMIN_TOKEN,
  type ApiApp,
  eventually,
  INGEST_TOKEN,
  type Json,
  READ_TOKEN,
  startApiApp,
} from './support/api-app.js'
import { execBackwatch } from './support/child.js'

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
const MIN = 60_000
const H = 60 * MIN
const D = 24 * H
const RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 }

/** The CLI without the caller's BACKWATCH_URL and BACKWATCH_TOKEN, unless given. */
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  execBackwatch(args, { BACKWATCH_URL: undefined, BACKWATCH_TOKEN: undefined, ...env })

/**
 * The fleet, with what the report must say about each part:
 *   db1    online (heartbeat, 1h timeout)  nightly up; logs down with job.failed → not up to date
 *   web1   online                          files up; old paused, never ran     → up to date
 *   mail1  offline (1s timeout passed)     backup up after a run with warnings → up to date
 *   spare  unknown (no heartbeats)         no jobs                              → without jobs
 *   nas1   unknown                         weekly in grace; archive down (missed) → not up to date
 *   (none)                                 lone: new
 * Finished runs: last 24 h 3 succeeded, 1 warning, 1 failed → 0.8;
 *                last 7 d  6 succeeded, 1 warning, 2 failed → 7/9; one more success 8 d ago.
 */
async function buildFleet(t: ApiApp): Promise<void> {
  const now = Date.now()
  const at = (ago: number) => new Date(now - ago).toISOString()
  const ok = async (p: Promise<{ status: number; body: Json }>, status: number) => {
    const res = await p
    expect(res.status, JSON.stringify(res.body)).toBe(status)
    return res.body
  }
  const beat = (name: string, timeout: string) =>
    ok(
      t.call(`/servers/${name}/heartbeat`, {
        method: 'POST',
        json: { heartbeat_timeout: timeout },
        token: INGEST_TOKEN,
      }),
      200,
    )
  const job = (slug: string, json: Json = {}) =>
    ok(t.call('/jobs', { method: 'POST', json: { slug, schedule: { every: '1d' }, ...json } }), 201)
  const run = (jobSlug: string, status: string, ago: number) =>
    ok(
      t.call('/runs', {
        method: 'POST',
        json: { job: jobSlug, status, started_at: at(ago + MIN), finished_at: at(ago) },
        token: INGEST_TOKEN,
      }),
      201,
    )

  await beat('db1', '1h')
  await beat('web1', '1h')
  await ok(t.call('/servers', { method: 'POST', json: { name: 'spare' } }), 201)
  await ok(t.call('/servers', { method: 'POST', json: { name: 'nas1' } }), 201)

  await job('db1-nightly', { server: 'db1' })
  await run('db1-nightly', 'failed', 3 * D)
  await run('db1-nightly', 'succeeded', 2 * D)
  await run('db1-nightly', 'succeeded', H)
  await job('db1-logs', { server: 'db1' })
  await run('db1-logs', 'succeeded', 2 * H)
  await run('db1-logs', 'failed', 30 * MIN)

  await job('web1-files', { server: 'web1' })
  await run('web1-files', 'succeeded', 8 * D)
  await run('web1-files', 'succeeded', 10 * MIN)
  await job('web1-old', { server: 'web1' })
  await ok(t.call('/jobs/web1-old/pause', { method: 'POST' }), 200)

  await job('nas1-weekly', { server: 'nas1', grace: '4h' })
  await run('nas1-weekly', 'succeeded', D + 2 * H) // expected 2 h ago, down in 2 h: grace
  await job('nas1-archive', { server: 'nas1' })
  await run('nas1-archive', 'succeeded', 3 * D) // down: missed

  await job('lone')

  await beat('mail1', '1s')
  await job('mail1-backup', { server: 'mail1' })
  await run('mail1-backup', 'warning', 3 * H)
}

function expectedProblems(active: Json[]): Json[] {
  return [...active].sort(
    (a, b) =>
      RANK[a.severity]! - RANK[b.severity]! ||
      Date.parse(a.opened_at) - Date.parse(b.opened_at) ||
      a.id - b.id,
  )
}

describe('GET /api/v1/report and backwatch report', () => {
  let t: ApiApp
  let report: Json

  beforeAll(async () => {
    t = await startApiApp()
    await buildFleet(t)
    // mail1's 1 s heartbeat timeout passes and the evaluator opens server.offline
    report = await eventually(async () => {
      const r = (await t.call('/report', { token: READ_TOKEN })).body
      return r.servers_offline === 1 && r.problems.some((p: Json) => p.type === 'server.offline') && r
    }, 5000)
  })
  afterAll(async () => {
    await t.stop()
  })

  it('counts servers, jobs and success rates as a hand count does', () => {
    expect(report.generated_at).toMatch(ISO_RE)
    expect(Math.abs(Date.parse(report.generated_at) - Date.now())).toBeLessThan(30_000)
    expect(report).toMatchObject({
      servers_total: 5,
      servers_online: 2,
      servers_offline: 1,
      servers_without_jobs: 1,
      servers_up_to_date: 2,
      jobs_total: 8,
      jobs_by_status: { new: 1, up: 3, grace: 1, down: 2, paused: 1 },
      success_rate_24h: 0.8,
      success_rate_7d: 0.7778,
      problems_truncated: false,
    })
    expect(Object.keys(report).sort()).toEqual(
      [
        'generated_at',
        'servers_total',
        'servers_online',
        'servers_offline',
        'servers_without_jobs',
        'servers_up_to_date',
        'jobs_total',
        'jobs_by_status',
        'success_rate_24h',
        'success_rate_7d',
        'alerts_active',
        'restore_tests',
        'problems',
        'problems_truncated',
      ].sort(),
    )
  })

  it('lists the active alerts as GET /alerts shows them, most severe first, then oldest first', async () => {
    const active = (await t.call('/alerts?status=active&limit=500')).body.items as Json[]
    const bySeverity = { critical: 0, warning: 0, info: 0 } as Record<string, number>
    for (const a of active) bySeverity[a.severity]!++
    expect(report.alerts_active).toEqual(bySeverity)
    expect(report.problems).toEqual(expectedProblems(active))

    const find = (type: string, job: string | null, server: string | null) =>
      report.problems.find((p: Json) => p.type === type && p.job === job && p.server === server)
    expect(find('job.failed', 'db1-logs', 'db1')).toMatchObject({ severity: 'critical', status: 'active' })
    expect(find('job.missed', 'nas1-archive', 'nas1')).toBeDefined()
    expect(find('job.warning', 'mail1-backup', 'mail1')).toBeDefined()
    expect(find('server.offline', null, 'mail1')).toMatchObject({ severity: 'critical' })
    expect(find('job.failed', 'db1-nightly', 'db1')).toBeUndefined()
    expect(report.problems[0].severity).toBe('critical')
  })

  it('cuts the problem list and says so', async () => {
    const cut = await buildReport(t.app.store.inProject(1), Date.now(), 2)
    expect(cut.problems).toHaveLength(2)
    expect(cut.problems_truncated).toBe(true)
    expect(cut.problems).toEqual(report.problems.slice(0, 2))
    const all = await buildReport(t.app.store.inProject(1), Date.now(), report.problems.length)
    expect(all.problems_truncated).toBe(false)
  })

  it('needs a token (any scope) and answers HEAD', async () => {
    expect((await t.call('/report', { token: null })).status).toBe(401)
    expect((await t.call('/report', { token: INGEST_TOKEN })).status).toBe(200)
    const head = await t.api('/report', { method: 'HEAD', token: READ_TOKEN })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toContain('application/json')
  })

  describe('backwatch report', () => {
    const env = () => ({ BACKWATCH_URL: t.url, BACKWATCH_TOKEN: READ_TOKEN })

    it('prints totals and one line per problem, most severe first', async () => {
      const r = await cli(['report'], env())
      expect(r.code, r.stderr).toBe(0)
      const lines = r.stdout.trimEnd().split('\n')
      expect(lines[0]).toMatch(/^Backwatch fleet report, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/)
      expect(r.stdout).toContain('Servers  5 total: 2 online, 1 offline, 1 without jobs, 2 up to date\n')
      expect(r.stdout).toContain('Jobs     8 total: 3 up, 1 grace, 2 down, 1 paused, 1 new\n')
      expect(r.stdout).toContain('Success  24 h: 80.0%, 7 d: 77.7% (finished runs that made a backup)\n')
      const problemLines = lines.slice(lines.indexOf('', 2) + 1)
      expect(problemLines).toHaveLength(report.problems.length)
      expect(problemLines[0]).toMatch(/^CRITICAL {2}/)
      expect(r.stdout).toMatch(
        /\nCRITICAL +db1\/db1-logs +job\.failed +.+ \(since \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\n/,
      )
      expect(r.stdout).toMatch(/\nCRITICAL +mail1 +server\.offline +/)
      const ranks = problemLines.map((l) => RANK[l.split(' ')[0]!.toLowerCase()]!)
      expect(ranks).toEqual([...ranks].sort())
    })

    it('prints the API JSON with --json and --format json', async () => {
      const runs = [['--json'], ['--format', 'json']].map((args) =>
        cli(['report', ...args, '--url', t.url, '--token', ADMIN_TOKEN]),
      )
      for (const r of await Promise.all(runs)) {
        expect(r.code, r.stderr).toBe(0)
        const printed = JSON.parse(r.stdout)
        expect({ ...printed, generated_at: null }).toEqual({ ...report, generated_at: null })
      }
    })

    it('prints markdown tables and csv rows', async () => {
      const md = await cli(['report', '--format', 'markdown'], env())
      expect(md.code, md.stderr).toBe(0)
      expect(md.stdout).toContain('| Servers up to date | 2 |\n')
      expect(md.stdout).toContain('| Success rate, last 7 d | 77.7% |\n')
      expect(md.stdout).toMatch(/\n\| critical \| job\.failed \| db1 \| db1-logs \| .+ \|\n/)

      const csv = await cli(['report', '--format', 'csv'], env())
      expect(csv.code, csv.stderr).toBe(0)
      const rows = csv.stdout.trimEnd().split('\n')
      expect(rows[0]).toBe('severity,type,server,job,summary,opened_at,silenced_until')
      expect(rows).toHaveLength(report.problems.length + 1)
      expect(rows.slice(1).map((r) => r.split(',').slice(0, 4).join(','))).toEqual(
        report.problems.map((p: Json) => [p.severity, p.type, p.server ?? '', p.job ?? ''].join(',')),
      )
    })

    it('--fail-on exits 1 when alerts of that severity or worse are active', async () => {
      const critical = await cli(['report', '--fail-on', 'critical'], env())
      expect(critical.code).toBe(1)
      expect(critical.stdout).toContain('CRITICAL')
      expect(critical.stderr).toBe('')
      expect((await cli(['report', '--format', 'csv', '--fail-on', 'info'], env())).code).toBe(1)
    })

    it('rejects bad options with exit 2 and reports server errors with exit 1', async () => {
      const usage = [
        ['--format', 'xml'],
        ['--fail-on', 'bad'],
        ['--json', '--format', 'csv'],
        ['extra'],
        ['--nope'],
      ]
      const results = await Promise.all(usage.map((args) => cli(['report', ...args], env())))
      results.forEach((r, i) => {
        expect(r.code, usage[i]!.join(' ')).toBe(2)
        expect(r.stderr).toMatch(/^backwatch: /)
        expect(r.stdout).toBe('')
      })
      expect((await cli(['report'], { BACKWATCH_URL: t.url })).code).toBe(2)
      const denied = await cli(['report'], { BACKWATCH_URL: t.url, BACKWATCH_TOKEN: 'wrong-token-123456789' })
      expect(denied.code).toBe(1)
      expect(denied.stderr).toContain('401')
      const help = await cli(['report', '--help'])
      expect(help.code).toBe(0)
      expect(help.stdout).toMatch(/^Usage: backwatch report/)
    }, 60_000)
  })
})

describe('backwatch report on an empty fleet', () => {
  let t: ApiApp
  beforeAll(async () => {
    t = await startApiApp()
  })
  afterAll(async () => {
    await t.stop()
  })

  it('has zero counts, null success rates and no problems; --fail-on info exits 0', async () => {
    const { body } = await t.call('/report', { token: READ_TOKEN })
    expect(body).toEqual({
      generated_at: expect.stringMatching(ISO_RE),
      servers_total: 0,
      servers_online: 0,
      servers_offline: 0,
      servers_without_jobs: 0,
      servers_up_to_date: 0,
      jobs_total: 0,
      jobs_by_status: { new: 0, up: 0, grace: 0, down: 0, paused: 0 },
      success_rate_24h: null,
      success_rate_7d: null,
      alerts_active: { critical: 0, warning: 0, info: 0 },
      restore_tests: { jobs_verified: 0, oldest_verified_at: null },
      problems: [],
      problems_truncated: false,
    })
    const r = await cli(['report', '--fail-on', 'info'], {
      BACKWATCH_URL: t.url,
      BACKWATCH_TOKEN: READ_TOKEN,
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Success  24 h: no runs, 7 d: no runs')
    expect(r.stdout).toMatch(/\n\nNo active problems\.\n$/)
  })
})
