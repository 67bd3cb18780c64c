// `backwatch import sqlbak` end to end: the real CLI pulls from a local stub of SqlBak's REST API
// (the shape of the SqlBak article) into a real Backwatch, once and then on an interval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type ApiApp, eventually, type Json, startApiApp } from './support/api-app.js'
import { type SqlBakStub, startSqlBakStub } from './support/sqlbak-stub.js'
import { cli, startCli } from './support/wrapper.js'

const SQLBAK_TOKEN = 'sqlbak-secret-token-4711'
const H = 3_600_000

describe('backwatch import sqlbak', () => {
  let t: ApiApp
  let stub: SqlBakStub
  const now = Date.now()
  const args = (...extra: string[]) => ['import', 'sqlbak', '--api-url', stub.url, ...extra]
  const env = () => ({ BACKWATCH_URL: t.url, BACKWATCH_TOKEN: ADMIN_TOKEN, SQLBAK_API_TOKEN: SQLBAK_TOKEN })
  const get = async (path: string): Promise<Json> => (await t.call(path)).body

  beforeAll(async () => {
    t = await startApiApp()
    stub = await startSqlBakStub(SQLBAK_TOKEN)
    stub.servers.push(
      { entity: 'server', id: 76, name: 'My Server1', status: 'online', app_type: 'sqlbak_windows' },
      { entity: 'server', id: 77, name: 'prod-sql-02', status: 'offline', app_type: 'sqlbak_linux' },
      { entity: 'server', id: 78, name: 'analytics-sql-02', status: 'online', app_type: 'sqlbak_linux' },
    )
    stub.jobs.push(
      { entity: 'job', id: 11, name: 'prod nightly backup', server_id: 76 },
      { entity: 'job', id: 12, name: 'prod logs', server_id: 76 },
      {
        entity: 'job',
        id: 13,
        name: 'staging weekly',
        server_id: 77,
        // no history in the window: the article's fallback to jobs[].last_run
        last_run: { id: 900, job_id: 13, status: 'succeeded', started_at: now - 2 * H, finished_at: now - H },
      },
    )
    stub.settings.set('11', {
      destinations: [
        { id: 987, full_backups_keep_days: 14, inc_backups_keep_days: 7 },
        { id: 988, full_backups_keep_months: 1, full_backups_keep_days: 0, inc_backups_keep_days: 14 },
      ],
    })
    stub.settings.set('12', {
      destinations: [{ id: 989, full_backups_keep_days: 30, inc_backups_keep_days: 14 }],
    })
    stub.settings.set('13', { destinations: [] })
    stub.runs.push(
      {
        id: 501,
        job_id: 11,
        status: 'succeeded',
        started_at: now - 30 * H,
        finished_at: now - 29 * H,
        archive_size: 6e9,
      },
      {
        id: 502,
        job_id: 11,
        status: 'succeeded',
        started_at: now - 6 * H,
        finished_at: now - 5 * H,
        archive_size: 6.1e9,
      },
      { id: 503, job_id: 12, status: 'failed', started_at: now - 3 * H, finished_at: now - 3 * H + 60_000 },
      { id: 504, job_id: 12, status: 'running', started_at: now - 600_000 },
    )
    stub.logs.set('503', {
      data: {
        list: [
          { level: 'info', message: 'Connecting to database prod' },
          { level: 'error', message: 'Backup failed: disk full on D:' },
          { level: 'info', message: 'Job finished' },
        ],
      },
    })
  })
  afterAll(async () => {
    await stub?.close()
    await t?.stop()
  })

  it('--once imports servers, jobs (with their retention) and runs, and says what it did', async () => {
    const r = await cli(args('--once'), env())
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.toString()).toBe('import sqlbak: 3 servers, 3 jobs (3 new), 5 runs sent\n')
    expect(stub.requests.every((p) => !p.includes(SQLBAK_TOKEN))).toBe(true)
    // paged (the stub answers 2 per page): every server and job was read
    expect(stub.requests.filter((p) => p.startsWith('/public-api/v1/servers')).length).toBe(2)

    const servers: Json[] = (await get('/servers')).items
    expect(servers.map((s) => [s.name, s.heartbeat_timeout, s.tags]).sort()).toEqual([
      ['My-Server1', '15m', ['sqlbak']],
      ['analytics-sql-02', '15m', ['sqlbak']],
      ['prod-sql-02', '15m', ['sqlbak']],
    ])
    // online servers sent a heartbeat; the offline one did not
    const byName = new Map(servers.map((s) => [s.name, s]))
    expect(byName.get('My-Server1').status).toBe('online')
    expect(byName.get('prod-sql-02').last_heartbeat_at).toBeNull()

    const job = await get('/jobs/sqlbak-11')
    expect(job).toMatchObject({
      slug: 'sqlbak-11',
      name: 'prod nightly backup',
      server: 'My-Server1',
      tags: ['sqlbak'],
      // the weakest destination: full 14 d (vs 30 d), incremental 7 d (vs 14 d)
      retention: { full_days: 14, incremental_days: 7 },
    })
    const runs: Json[] = (await get('/runs?job=sqlbak-11')).items
    expect(runs.map((x) => [x.status, x.source, x.size_bytes])).toEqual([
      ['succeeded', 'sqlbak', 6.1e9],
      ['succeeded', 'sqlbak', 6e9],
    ])
    const failed = (await get('/runs?job=sqlbak-12')).items as Json[]
    expect(failed.map((x) => [x.status, x.error])).toEqual([
      ['running', null],
      ['failed', 'Backup failed: disk full on D:'],
    ])
    const alert = ((await get('/alerts?status=active&type=job.failed')).items as Json[]).find(
      (a) => a.job === 'sqlbak-12',
    )
    expect(alert.summary).toContain('Backup failed: disk full on D:')
    expect(((await get('/runs?job=sqlbak-13')).items as Json[]).map((x) => x.status)).toEqual(['succeeded'])
  })

  it('a second import sends each run once: a finished run updates its start, nothing is doubled', async () => {
    const run504 = stub.runs.find((r) => r.id === 504)!
    run504.status = 'succeeded'
    run504.finished_at = now - 60_000
    stub.runs.push({ id: 505, job_id: 11, status: 'failed', started_at: now - 1000, finished_at: now })
    const r = await cli(args('--once'), env())
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout.toString()).toBe('import sqlbak: 3 servers, 3 jobs (0 new), 6 runs sent\n')
    const runs12: Json[] = (await get('/runs?job=sqlbak-12')).items
    expect(runs12.map((x) => x.status)).toEqual(['succeeded', 'failed'])
    expect(((await get('/runs?job=sqlbak-11')).items as Json[]).map((x) => x.status)).toEqual([
      'failed',
      'succeeded',
      'succeeded',
    ])
  })

  it('keeps syncing every --every: a run added in SqlBak shows up, and SIGTERM ends it', async () => {
    const p = startCli(args('--every', '1s'), env())
    stub.runs.push({
      id: 506,
      job_id: 13,
      status: 'succeeded',
      started_at: Date.now(),
      finished_at: Date.now(),
    })
    await eventually(async () => {
      const runs: Json[] = (await get('/runs?job=sqlbak-13')).items
      return runs.length === 2
    }, 15_000)
    p.proc.kill('SIGTERM')
    const r = await p.result
    expect(r.status).toBe(0)
    expect(r.stdout.toString()).toMatch(/^import sqlbak: 3 servers, 3 jobs \(0 new\), \d+ runs sent\n/)
  })

  it('a wrong SqlBak token: one line, exit 1, the token never printed', async () => {
    const r = await cli(args('--once', '--token', 'wrong-token-123'), env())
    expect(r.status).toBe(1)
    expect(r.stderr).toBe('backwatch: SqlBak refused the token (401 on /public-api/v1/servers)\n')
    expect(r.stderr + r.stdout.toString()).not.toContain('wrong-token-123')
  })

  it.each([
    [['import'], /Usage: backwatch import sqlbak/],
    [['import', 'veeam', '--once'], /unknown source "veeam" \(expected sqlbak\)/],
    [['import', 'sqlbak', '--once', '--every', '5m'], /--once and --every exclude each other/],
    [['import', 'sqlbak', '--every', 'soon'], /--every must be a duration like 30s, 5m, 1h, 1d, got "soon"/],
    [['import', 'sqlbak', '--api-url', 'ftp://x', '--once'], /--api-url must be an http\(s\) URL/],
  ])('usage mistakes exit 2: %j', async (argv, message) => {
    const r = await cli(argv, env())
    expect(r.status).toBe(2)
    expect(r.stderr + r.stdout.toString()).toMatch(message)
  })
})
