// POST /api/v1/runs: JSON reports and tools' own output (?format=), against the real server.
import { randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ApiApp, INGEST_TOKEN, READ_TOKEN, startApiApp } from './support/api-app.js'

const FIXTURES = join(import.meta.dirname, 'fixtures', 'tool-output')
const fixture = (name: string) => readFileSync(join(FIXTURES, name))
const NOW_S = Math.floor(Date.now() / 1000) * 1000
/** an ISO instant `ms` before the test file started, on a whole second */
const ago = (ms: number) => new Date(NOW_S - ms).toISOString().replace('.000Z', 'Z')

describe('POST /api/v1/runs', () => {
  let t: ApiApp
  beforeEach(async () => {
    t = await startApiApp({
      policies: {
        production: {
          policy: {},
          jobDefaults: { schedule: { every: 3_600_000 }, grace: 600_000, tags: ['prod'] },
        },
        default: {
          policy: {},
          jobDefaults: { schedule: { cron: '0 3 * * *', tz: 'Europe/Berlin' }, warningExitCodes: [24] },
        },
      },
    })
  })
  afterEach(async () => {
    await t.stop()
  })

  const report = (json: Record<string, unknown>, token: string | null = INGEST_TOKEN, query = '') =>
    t.call(`/runs${query}`, { method: 'POST', json, token })
  const post = (query: string, body: string | Buffer, token = INGEST_TOKEN) =>
    t.call(`/runs${query}`, { method: 'POST', body, token })

  it('creates the job, its server and the run when asked, with the environment defaults', async () => {
    const [started, finished] = [ago(700_000), ago(70_000)]
    const res = await report({
      job: 'db1-nightly',
      create: true,
      server: 'db1',
      environment: 'production',
      status: 'succeeded',
      started_at: started,
      finished_at: finished,
      size_bytes: 2 ** 40,
      added_bytes: 1234,
      files_total: 10,
      files_new: 2,
      files_changed: 1,
      details: { snapshot_id: 'abc' },
      log: 'all done',
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      job: 'db1-nightly',
      server: 'db1',
      status: 'succeeded',
      failure_kind: null,
      duration: 630,
      size_bytes: 2 ** 40,
      source: 'api',
      details: { snapshot_id: 'abc' },
    })
    const job = (await t.call('/jobs/db1-nightly')).body
    expect(job).toMatchObject({
      server: 'db1',
      environment: 'production',
      tags: ['prod'],
      schedule: { every: '1h' },
      grace: '10m',
      status: 'up',
      last_success_at: finished,
    })
    expect((await t.call('/servers/db1')).body).toMatchObject({ environment: 'production', jobs_count: 1 })
    expect((await t.call(`/runs/${res.body.id}`)).body.log).toBe('all done')
  })

  it('answers 404 for an unknown job unless creation is asked for (body or ?create=1)', async () => {
    const missing = await report({ job: 'nope', status: 'succeeded' })
    expect(missing.status).toBe(404)
    expect(missing.body.error.message).toContain('"create": true')
    expect((await report({ job: 'nope', status: 'succeeded' }, INGEST_TOKEN, '?create=1')).status).toBe(201)
    const job = (await t.call('/jobs/nope')).body
    expect(job).toMatchObject({ environment: null, grace: '1h', tool: 'generic' })
  })

  it('jobs without an environment policy, and jobs created by ?create=1 pings, get the default policy', async () => {
    await report({ job: 'no-env', create: true, exit_code: 24 })
    const key = (await t.call('/info')).body.ping_key
    expect((await fetch(`${t.url}/ping/${key}/by-ping?create=1`)).status).toBe(201)
    for (const slug of ['no-env', 'by-ping']) {
      expect((await t.call(`/jobs/${slug}`)).body).toMatchObject({
        schedule: { cron: '0 3 * * *', tz: 'Europe/Berlin' },
        warning_exit_codes: [24],
      })
    }
    expect((await t.call('/runs?job=no-env')).body.items[0].status).toBe('warning')
  })

  it('pairs a start and its end by rid, and a report sent twice updates the same run', async () => {
    const rid = randomUUID()
    const [started, finished] = [ago(400_000), ago(100_000)]
    const start = await report({ job: 'web', create: true, rid, status: 'running', started_at: started })
    expect(start.status).toBe(201)
    expect((await t.call('/jobs/web')).body.running).toBe(true)
    const again = await report({ job: 'web', rid, status: 'running' })
    expect(again).toMatchObject({ status: 200, body: { id: start.body.id } })
    const end = { job: 'web', rid, exit_code: 0, finished_at: finished, files_total: 5 }
    const first = await report(end)
    expect(first).toMatchObject({
      status: 200,
      body: { id: start.body.id, status: 'succeeded', duration: 300, started_at: started },
    })
    expect((await report(end)).body.id).toBe(start.body.id)
    const runs = (await t.call('/runs?job=web')).body.items
    expect(runs).toHaveLength(1)
    expect((await t.call('/jobs/web')).body).toMatchObject({ running: false, status: 'up' })
  })

  it('classifies by exit code with the tool and the job warning codes, and detects lock conflicts', async () => {
    const cases: [Record<string, unknown>, string, string | null][] = [
      [{ exit_code: 3, tool: 'restic' }, 'warning', null],
      [{ exit_code: 1, tool: 'borg' }, 'warning', null],
      [
        {
          exit_code: 1,
          tool: 'restic',
          error: 'unable to create lock in backend: repository is already locked',
        },
        'failed',
        'locked',
      ],
      [{ exit_code: 11, tool: 'restic' }, 'failed', 'locked'],
      [
        { exit_code: 2, log: 'Failed to create/acquire the lock /r/lock.exclusive (timeout).' },
        'failed',
        'locked',
      ],
      [{ exit_code: 130 }, 'failed', 'canceled'],
      [{ exit_code: 1, failure_kind: 'canceled' }, 'failed', 'canceled'],
      [{ exit_code: 24 }, 'warning', null],
      [{ exit_code: 5 }, 'failed', 'error'],
      [{ status: 'failed', failure_kind: 'timeout' }, 'failed', 'timeout'],
      [{ status: 'warning' }, 'warning', null],
    ]
    await t.call('/jobs', { method: 'POST', json: { slug: 'cls', warning_exit_codes: [24] } })
    for (const [fields, status, failureKind] of cases) {
      const res = await report({ job: 'cls', ...fields })
      expect(res.status, JSON.stringify(fields)).toBe(201)
      expect([res.body.status, res.body.failure_kind], JSON.stringify(fields)).toEqual([status, failureKind])
    }
  })

  it('a failure opens job.failed and the next success resolves it; a back-filled old run changes nothing', async () => {
    const now = Date.now()
    const at = (ms: number) => new Date(ms).toISOString()
    await report({
      job: 'bf',
      create: true,
      status: 'failed',
      error: 'disk full',
      finished_at: at(now - 60_000),
    })
    let alerts = (await t.call('/alerts?status=active&job=bf')).body.items
    expect(alerts.map((a: { type: string }) => a.type)).toEqual(['job.failed'])
    expect(alerts[0].summary).toContain('disk full')
    // A success from last week is history: the failure stays active.
    await report({ job: 'bf', status: 'succeeded', finished_at: at(now - 7 * 86_400_000) })
    expect((await t.call('/alerts?status=active&job=bf')).body.items).toHaveLength(1)
    expect((await t.call('/jobs/bf')).body.status).toBe('down')
    await report({ job: 'bf', status: 'succeeded' })
    alerts = (await t.call('/alerts?status=active&job=bf')).body.items
    expect(alerts).toEqual([])
    expect((await t.call('/jobs/bf')).body.status).toBe('up')
  })

  it('checks auth and scopes, and rejects bad input with 400s that name the field', async () => {
    expect((await report({ job: 'x', status: 'succeeded' }, null)).status).toBe(401)
    expect((await report({ job: 'x', status: 'succeeded' }, READ_TOKEN)).status).toBe(403)
    const bad: [Record<string, unknown>, string][] = [
      [{ status: 'succeeded' }, 'job'],
      [{ job: 'Bad Slug', status: 'succeeded' }, 'job'],
      [{ job: 'x' }, 'status'],
      [{ job: 'x', status: 'done' }, 'status'],
      [{ job: 'x', exit_code: 256 }, 'exit_code'],
      [{ job: 'x', exit_code: 0, rid: 'nope' }, 'rid'],
      [{ job: 'x', exit_code: 0, started_at: 'yesterday' }, 'started_at'],
      [{ job: 'x', exit_code: 0, size_bytes: -1 }, 'size_bytes'],
      [{ job: 'x', exit_code: 0, size_bytes: 2 ** 53 }, 'size_bytes'],
      [{ job: 'x', exit_code: 0, surprise: 1 }, 'surprise'],
      [
        { job: 'x', exit_code: 0, started_at: '2026-11-22T02:00:00Z', finished_at: '2026-11-22T01:00:00Z' },
        'finished_at',
      ],
    ]
    for (const [json, field] of bad) {
      const res = await report(json)
      expect(res.status, JSON.stringify(json)).toBe(400)
      expect(res.body.error.message, JSON.stringify(json)).toContain(field)
    }
    const notJson = await post('', 'not json')
    expect(notJson.status).toBe(400)
  })

  it('attaches a job without a server to the reporting server, and keeps a job’s own server', async () => {
    await t.call('/jobs', { method: 'POST', json: { slug: 'own', server: 'home' } })
    await t.call('/jobs', { method: 'POST', json: { slug: 'free' } })
    await report({ job: 'own', server: 'elsewhere', exit_code: 0 })
    await report({ job: 'free', server: 'elsewhere', exit_code: 0 })
    expect((await t.call('/jobs/own')).body.server).toBe('home')
    expect((await t.call('/jobs/free')).body.server).toBe('elsewhere')
    const runs = (await t.call('/runs?server=elsewhere')).body.items
    expect(runs.map((r: { job: string }) => r.job).sort()).toEqual(['free', 'own'])
  })

  describe('?format=', () => {
    it('restic backup --json: the summary numbers', async () => {
      const res = await post('?format=restic&job=r1&create=1&exit_code=0', fixture('restic-backup.jsonl'))
      expect(res.status).toBe(201)
      expect(res.body).toMatchObject({
        job: 'r1',
        status: 'succeeded',
        source: 'restic',
        files_total: 62,
        files_new: 62,
        size_bytes: 800210012,
        added_bytes: 800047681,
        duration: 4.507,
        details: { snapshot_id: '1aacd8cd' },
      })
      expect((await t.call('/jobs/r1')).body.tool).toBe('restic')
    })

    it('restic: unreadable files are a warning, a lock conflict is locked', async () => {
      const warn = await post('?format=restic&job=r2&create=1', fixture('restic-backup-incomplete.jsonl'))
      // stdout alone still has the summary; with exit 3 the tool's rule makes it a warning
      const warn3 = await post('?format=restic&job=r2&exit_code=3', fixture('restic-backup-incomplete.jsonl'))
      expect(warn.body.status).toBe('succeeded')
      expect(warn3.body.status).toBe('warning')
      const locked = await post('?format=restic&job=r2&exit_code=1', fixture('restic-lock-error.txt'))
      expect(locked.body).toMatchObject({ status: 'failed', failure_kind: 'locked' })
    })

    it('borg create --json: sizes, and times read with the given UTC offset', async () => {
      const res = await post(
        '?format=borg&job=b1&create=1&utc_offset=-05:00',
        fixture('borg-create-big.json'),
      )
      expect(res.status).toBe(201)
      const borg = JSON.parse(fixture('borg-create-big.json').toString())
      expect(res.body).toMatchObject({
        status: 'succeeded',
        source: 'borg',
        size_bytes: borg.archive.stats.original_size,
        added_bytes: borg.archive.stats.deduplicated_size,
        files_total: borg.archive.stats.nfiles,
      })
      const localStart = borg.archive.start.slice(0, 19)
      expect(Date.parse(res.body.started_at)).toBe(Date.parse(`${localStart}-05:00`))
    })

    it('borgmatic create --json: one run with per-repository details', async () => {
      const res = await post(
        '?format=borgmatic&job=bm&create=1&exit_code=0',
        fixture('borgmatic-create.json'),
      )
      expect(res.status).toBe(201)
      expect(res.body.details.repositories).toHaveLength(2)
      expect(res.body.size_bytes).toBe(8610661)
      const empty = await post(
        '?format=borgmatic&job=bm&exit_code=1',
        fixture('borgmatic-create-lock-error.stderr'),
      )
      expect(empty.body).toMatchObject({ status: 'failed', failure_kind: 'locked' })
    })

    it('a resticprofile status file: one run per profile and command, idempotent', async () => {
      const file = fixture('resticprofile-status.json')
      const res = await post('?format=resticprofile&create=1&server=nas', file)
      expect(res.status).toBe(201)
      const runs = res.body.items as {
        job: string
        kind: string
        status: string
        failure_kind: string | null
      }[]
      expect(runs.map((r) => [r.job, r.kind, r.status, r.failure_kind]).sort()).toEqual([
        ['home', 'backup', 'succeeded', null],
        ['home', 'check', 'failed', 'locked'],
        ['home', 'prune', 'succeeded', null],
        ['laptop', 'backup', 'warning', null],
        ['server', 'backup', 'succeeded', null],
      ])
      const again = await post('?format=resticprofile&create=1&server=nas', file)
      expect(again.status).toBe(200)
      expect((await t.call('/runs?limit=100')).body.items).toHaveLength(5)
    })

    it('bad output: unparsable reports explain themselves, never crash; oversized bodies get 413', async () => {
      // no brackets: a random run of '[' or '{' would hit the JSON depth limit (400), not the parser
      const junk = randomBytes(64 * 1024)
      for (let i = 0; i < junk.length; i++) if (junk[i] === 0x5b || junk[i] === 0x7b) junk[i] = 0x20
      const restic = await post('?format=restic&job=j&create=1', junk)
      expect(restic.status).toBe(201)
      expect(restic.body.status).toBe('failed')
      expect(restic.body.error).toMatch(/could not parse restic output/)
      const truncated = fixture('borg-create.json').subarray(0, 200)
      const borg = await post('?format=borg&job=j', truncated)
      expect(borg.body).toMatchObject({ status: 'failed' })
      expect(borg.body.error).toMatch(/could not parse borg output/)
      const profile = await post('?format=resticprofile&create=1', junk)
      expect(profile.status).toBe(400)
      expect(profile.body.error.code).toBe('unparsable_report')
      expect((await post('?format=zip&job=j', 'x')).status).toBe(400)
      expect((await post('?format=restic', 'x')).body.error.message).toContain('job')
      expect((await post('?format=borg&job=j&utc_offset=+25:00', 'x')).status).toBe(400)
      expect((await post('?format=restic&job=j', '')).status).toBe(400)
      const huge = Buffer.alloc(50 * 1024 * 1024, 'a')
      const tooBig = await t.api('/runs?format=restic&job=j', {
        method: 'POST',
        body: huge,
        token: INGEST_TOKEN,
      })
      expect(tooBig.status).toBe(413)
      // the server is still fine
      expect((await t.call('/runs?job=j')).status).toBe(200)
    })
  })
})
