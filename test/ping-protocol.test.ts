// Every row of SPEC §2.1 against the real server over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import type { RunRecord } from '../src/domain/records.js'
import type { NewJob } from '../src/store/roles/job-store.js'
import { startTestApp, type TestApp } from './support/app.js'

const JOB = '3f1d2c4b-5a69-4e7b-8c9d-0a1b2c3d4e5f'
const WARN_JOB = '3f1d2c4b-5a69-4e7b-8c9d-0a1b2c3d4e60'
const RID_A = '11111111-2222-4333-8444-555555555555'
const RID_B = '11111111-2222-4333-8444-666666666666'
const KEY = 'test-ping-key-0001'
let t: TestApp
let seq = 0

beforeAll(async () => {
  t = await startTestApp({
    pingBodyLimit: 1000,
    jobs: [
      { slug: 'main-job', uuid: JOB, schedule: { every: 3_600_000 }, grace: 600_000 },
      { slug: 'warn-job', uuid: WARN_JOB, warningExitCodes: [3, 24] },
      { slug: 'slugged' },
    ],
  })
})
afterAll(() => t.close())

async function ping(path: string, init: RequestInit = {}) {
  const res = await fetch(`${t.url}${path}`, { redirect: 'manual', ...init })
  return { status: res.status, text: await res.text(), headers: res.headers }
}

async function jobId(slug: string): Promise<number> {
  return (await t.app.store.inProject(1).getJob({ slug }))!.id
}

async function runs(slug: string): Promise<RunRecord[]> {
  return (await t.app.store.inProject(1).listRuns({ job: await jobId(slug) }, { limit: 100, cursor: null }))
    .items
}

/** A fresh job per test keeps run histories independent. */
async function freshJob(extra: Partial<NewJob> = {}): Promise<{ uuid: string; slug: string }> {
  const job = await t.app.store
    .inProject(1)
    .createJob({ ...defaultJob(`job-${++seq}`), ...extra }, Date.now())
  return { uuid: job.uuid, slug: job.slug }
}

describe('success ping /ping/<uuid>', () => {
  it('answers 200 OK with the Healthchecks headers and records a succeeded run', async () => {
    const r = await ping(`/ping/${JOB}`)
    expect(r.status).toBe(200)
    expect(r.text).toBe('OK')
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(r.headers.get('ping-body-limit')).toBe('1000')
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    const [run] = await runs('main-job')
    expect(run).toMatchObject({
      status: 'succeeded',
      startedAt: null,
      source: 'healthchecks',
      kind: 'backup',
    })
    const job = await t.app.store.inProject(1).getJob({ uuid: JOB })
    expect(job!.status).toBe('up')
    expect(job!.lastSuccessAt).not.toBeNull()
  })

  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('accepts %s', async (method) => {
    const { uuid, slug } = await freshJob()
    const r = await ping(`/ping/${uuid}`, { method, ...(method !== 'GET' && { body: 'x' }) })
    expect(r.status).toBe(200)
    expect(await runs(slug)).toHaveLength(1)
  })

  it('answers HEAD with headers and no body', async () => {
    const { uuid, slug } = await freshJob()
    const r = await ping(`/ping/${uuid}`, { method: 'HEAD' })
    expect(r.status).toBe(200)
    expect(r.text).toBe('')
    expect(r.headers.get('ping-body-limit')).toBe('1000')
    expect(await runs(slug)).toHaveLength(1)
  })

  it('accepts an upper-case uuid', async () => {
    const { uuid, slug } = await freshJob()
    expect((await ping(`/ping/${uuid.toUpperCase()}`)).status).toBe(200)
    expect(await runs(slug)).toHaveLength(1)
  })
})

describe('start, fail, log and exit status', () => {
  it('pairs a start with the next success and measures the duration', async () => {
    const { uuid, slug } = await freshJob()
    expect((await ping(`/ping/${uuid}/start`, { method: 'POST' })).text).toBe('OK')
    let [run] = await runs(slug)
    expect(run!.status).toBe('running')
    expect((await t.app.store.inProject(1).getJob({ uuid }))!.runningSince).not.toBeNull()
    await new Promise((r) => setTimeout(r, 30))
    await ping(`/ping/${uuid}`, { method: 'POST', body: 'all good' })
    const all = await runs(slug)
    expect(all).toHaveLength(1)
    run = all[0]
    expect(run!.status).toBe('succeeded')
    expect(run!.startedAt).not.toBeNull()
    expect(run!.durationMs).toBeGreaterThanOrEqual(25)
    const job = await t.app.store.inProject(1).getJob({ uuid })
    expect(job!.runningSince).toBeNull()
    expect(job!.lastRunId).toBe(run!.id)
  })

  it('records a failure, marks the job down and opens job.failed; a success resolves it', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/ping/${uuid}/start`)
    await ping(`/ping/${uuid}/fail`, { method: 'POST', body: 'borg: repository does not exist' })
    const [run] = await runs(slug)
    expect(run).toMatchObject({ status: 'failed', failureKind: 'error' })
    const job = (await t.app.store.inProject(1).getJob({ uuid }))!
    expect(job.status).toBe('down')
    const active = await t.app.store
      .inProject(1)
      .listAlerts({ job: job.id, status: 'active' }, { limit: 10, cursor: null })
    expect(active.items.map((a) => a.type)).toEqual(['job.failed'])
    expect(active.items[0]!.severity).toBe('critical')
    expect(active.items[0]!.summary).toContain(slug)
    await ping(`/ping/${uuid}`)
    expect((await t.app.store.inProject(1).getJob({ uuid }))!.status).toBe('up')
    const after = await t.app.store.inProject(1).listAlerts({ job: job.id }, { limit: 10, cursor: null })
    expect(after.items.map((a) => [a.type, a.status])).toEqual([['job.failed', 'resolved']])
  })

  it('a log ping changes no state and attaches its body to the open run', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/ping/${uuid}/start`, { method: 'POST', body: 'begin\n' })
    await ping(`/ping/${uuid}/log`, { method: 'POST', body: 'progress\n' })
    const [run] = await runs(slug)
    expect(run!.status).toBe('running')
    const full = await t.app.store.inProject(1).getRun(run!.id, true)
    expect(Buffer.from(full!.log!).toString()).toBe('begin\nprogress\n')
    expect((await t.app.store.inProject(1).getJob({ uuid }))!.status).toBe('new')
  })

  it('a log ping without an open run is kept as an event, not a run', async () => {
    const { uuid, slug } = await freshJob()
    expect((await ping(`/ping/${uuid}/log`, { method: 'POST', body: 'hello' })).status).toBe(200)
    expect(await runs(slug)).toHaveLength(0)
    expect(await t.app.store.inProject(1).countPingEvents(await jobId(slug))).toBe(1)
  })

  it.each([
    [0, 'succeeded', null],
    [1, 'failed', 'error'],
    [2, 'failed', 'error'],
    [3, 'warning', null],
    [24, 'warning', null],
    [130, 'failed', 'canceled'],
    [143, 'failed', 'canceled'],
    [255, 'failed', 'error'],
  ])('exit status %i → %s', async (code, status, failureKind) => {
    const { uuid, slug } = await freshJob({ warning_exit_codes: '[3,24]' })
    expect((await ping(`/ping/${uuid}/${code}`)).status).toBe(200)
    const [run] = await runs(slug)
    expect(run).toMatchObject({ status, failureKind, exitCode: code })
  })

  it('exit status above 255 is 400 invalid url format on a known job, 404 on an unknown one', async () => {
    const { uuid, slug } = await freshJob()
    const bad = await ping(`/ping/${uuid}/256`)
    expect([bad.status, bad.text]).toEqual([400, 'invalid url format'])
    expect([(await ping(`/ping/${uuid}/99999999999999999999`)).status]).toEqual([400])
    expect(await runs(slug)).toHaveLength(0)
    const unknown = await ping(`/ping/${crypto.randomUUID()}/256`)
    expect([unknown.status, unknown.text]).toEqual([404, 'not found'])
  })
})

describe('run ids', () => {
  it('tracks concurrent runs with different rids separately', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/ping/${uuid}/start?rid=${RID_A}`)
    await ping(`/ping/${uuid}/start?rid=${RID_B}`)
    await ping(`/ping/${uuid}?rid=${RID_A.toUpperCase()}`)
    const all = await runs(slug)
    const a = all.find((r) => r.rid === RID_A)!
    const b = all.find((r) => r.rid === RID_B)!
    expect(a.status).toBe('succeeded')
    expect(a.startedAt).not.toBeNull()
    expect(b.status).toBe('running')
    await ping(`/ping/${uuid}/fail?rid=${RID_B}`)
    expect((await runs(slug)).find((r) => r.rid === RID_B)!.status).toBe('failed')
    expect((await t.app.store.inProject(1).getJob({ uuid }))!.runningSince).toBeNull()
  })

  it('an end whose rid matches no start is a run of its own', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/ping/${uuid}/start?rid=${RID_A}`)
    await ping(`/ping/${uuid}?rid=${RID_B}`)
    const all = await runs(slug)
    expect(all.map((r) => [r.rid, r.status, r.startedAt === null])).toEqual(
      expect.arrayContaining([
        [RID_A, 'running', false],
        [RID_B, 'succeeded', true],
      ]),
    )
  })

  it('a new start without rid supersedes the open one as failed/timeout', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/ping/${uuid}/start`)
    await ping(`/ping/${uuid}/start`)
    const all = await runs(slug)
    expect(all).toHaveLength(2)
    const old = all.find((r) => r.status === 'failed')!
    expect(old).toMatchObject({ failureKind: 'timeout', error: 'superseded by a new start' })
    expect(all.filter((r) => r.status === 'running')).toHaveLength(1)
  })

  it.each(['', 'abc', '1234', `${RID_A}x`])('rejects rid=%j with 400 invalid uuid format', async (rid) => {
    const r = await ping(`/ping/${JOB}/start?rid=${rid}`)
    expect([r.status, r.text]).toEqual([400, 'invalid uuid format'])
  })
})

describe('ping key and slug', () => {
  it('accepts every form under /ping/<key>/<slug>', async () => {
    for (const suffix of ['/start', '', '/log', '/fail', '/0', '/1']) {
      expect((await ping(`/ping/${KEY}/slugged${suffix}`)).status).toBe(200)
    }
    const statuses = (await runs('slugged')).map((r) => r.status)
    expect(statuses.sort()).toEqual(['failed', 'failed', 'succeeded', 'succeeded'])
  })

  it('creates the job with ?create=1 (201 Created), then answers OK', async () => {
    const first = await ping(`/ping/${KEY}/brand-new_job?create=1`)
    expect([first.status, first.text]).toEqual([201, 'Created'])
    const again = await ping(`/ping/${KEY}/brand-new_job?create=1`)
    expect([again.status, again.text]).toEqual([200, 'OK'])
    expect(await runs('brand-new_job')).toHaveLength(2)
  })

  it('unknown slug, unknown key → 404; bad slug characters → 400', async () => {
    expect((await ping(`/ping/${KEY}/nope`)).status).toBe(404)
    expect((await ping(`/ping/wrong-key-123/slugged`)).status).toBe(404)
    expect((await ping(`/ping/wrong-key-123/slugged?create=1`)).status).toBe(404)
    expect(await t.app.store.inProject(1).getJob({ slug: 'nope' })).toBeNull()
    for (const slug of ['Upper', 'a.b', 'sp%20ace']) {
      const r = await ping(`/ping/${KEY}/${slug}`)
      expect([r.status, r.text]).toEqual([400, 'invalid url format'])
    }
  })
})

describe('paths that match no form', () => {
  it.each([
    '/ping/',
    '/ping/not-a-uuid',
    `/ping/${JOB}/unknown`,
    `/ping/${JOB}/start/extra`,
    `/ping/${JOB}//start`,
    `/ping/${JOB}/`,
    `/ping/${JOB.slice(0, -1)}`,
    `/ping/${KEY}/slugged/start/more`,
    `/ping/${crypto.randomUUID()}`,
  ])('%s → 404 not found', async (path) => {
    const r = await ping(path)
    expect([r.status, r.text]).toEqual([404, 'not found'])
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
  })
})

describe('bodies', () => {
  it('keeps the first bytes up to the limit and the full size', async () => {
    const { uuid, slug } = await freshJob()
    const body = `${'a'.repeat(999)}bcdef`
    await ping(`/ping/${uuid}`, { method: 'POST', body })
    const [run] = await runs(slug)
    const full = await t.app.store.inProject(1).getRun(run!.id, true)
    expect(Buffer.from(full!.log!).toString()).toBe(body.slice(0, 1000))
    expect(full!.logSize).toBe(1004)
  })

  it('stores binary and invalid UTF-8 bodies byte for byte, with or without a content type', async () => {
    const { uuid, slug } = await freshJob()
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x41, 0xc3, 0x28, 0xe2, 0x82])
    const r = await ping(`/ping/${uuid}/fail`, {
      method: 'POST',
      body: bytes,
      headers: { 'Content-Type': 'application/octet-stream' },
    })
    expect(r.status).toBe(200)
    const [run] = await runs(slug)
    expect(Buffer.from((await t.app.store.inProject(1).getRun(run!.id, true))!.log!)).toEqual(bytes)
  })
})

describe('borg --stats text and error lines in bodies (borgmatic’s healthchecks hook)', () => {
  const stats = (files: number) =>
    [
      'Repository: /srv/repo',
      'Archive name: db01-2026-12-05T02:00:01',
      'Duration: 1 minutes 1.52 seconds',
      `Number of files: ${files}`,
      '                       Original size      Compressed size    Deduplicated size',
      'This archive:                1.23 MB             456 kB              12 kB',
      'All archives:               99.00 GB             50.00 GB            40.00 GB',
      '',
    ].join('\n')

  it('a log ping’s stats give the run borg’s numbers when the success closes it; the job’s size baseline grows', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/ping/${uuid}/start`, { method: 'POST' })
    await ping(`/ping/${uuid}/log`, { method: 'POST', body: stats(5) })
    await ping(`/ping/${uuid}`, { method: 'POST' })
    const [run] = await runs(slug)
    expect(run).toMatchObject({
      status: 'succeeded',
      sizeBytes: 1_230_000,
      addedBytes: 12_000,
      filesTotal: 5,
      error: null,
      details: { archive: 'db01-2026-12-05T02:00:01', repository: '/srv/repo', compressed_size: 456_000 },
    })
    // the measured time between the pings stays the run's duration
    expect(run!.durationMs).toBeLessThan(60_000)
    const job = (await t.app.store.inProject(1).getJob({ uuid }))!
    expect(job.sizeSamples).toEqual([{ s: 1_230_000, a: 12_000 }])
  })

  it('an end without a start: borg’s Duration dates the start', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/ping/${uuid}`, { method: 'POST', body: stats(7) })
    const [run] = await runs(slug)
    expect(run).toMatchObject({ filesTotal: 7, durationMs: 61_520 })
    expect(run!.finishedAt! - run!.startedAt!).toBe(61_520)
  })

  it('a failure’s body gives the run’s error and the job.failed summary says why', async () => {
    const { uuid, slug } = await freshJob()
    const body =
      'Repository /srv/repo does not exist.\n/srv/repo: Error running actions for repository\n' +
      "Command 'borg create /srv/repo::{hostname}-{now} /src --info --stats' returned non-zero exit status 2.\n"
    await ping(`/ping/${uuid}/fail`, { method: 'POST', body })
    const [run] = await runs(slug)
    expect(run).toMatchObject({
      status: 'failed',
      error: 'Repository /srv/repo does not exist.',
      sizeBytes: null,
    })
    const job = (await t.app.store.inProject(1).getJob({ uuid }))!
    const active = await t.app.store
      .inProject(1)
      .listAlerts({ job: job.id, status: 'active' }, { limit: 10, cursor: null })
    expect(active.items[0]!.summary).toMatch(/^Backup failed: .*: Repository \/srv\/repo does not exist\.$/)
  })

  it('a failure’s stats (one repository done, the next failed) give no numbers; a non-zero exit gives its error', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/ping/${uuid}/2`, {
      method: 'POST',
      body: `${stats(5)}Failed to create/acquire the lock /srv/repo/lock.exclusive (timeout).\n`,
    })
    const [run] = await runs(slug)
    expect(run).toMatchObject({
      status: 'failed',
      failureKind: 'locked',
      sizeBytes: null,
      filesTotal: null,
      error: 'Failed to create/acquire the lock /srv/repo/lock.exclusive (timeout).',
    })
  })

  it('garbage, cut or foreign text gives no numbers and no error on a success', async () => {
    const { uuid, slug } = await freshJob()
    for (const body of ['This archive: lots', stats(5).slice(0, 200), '\u0000\u00ff binary']) {
      expect((await ping(`/ping/${uuid}`, { method: 'POST', body })).status).toBe(200)
    }
    const all = await runs(slug)
    expect(all.map((r) => [r.status, r.sizeBytes, r.filesTotal, r.error])).toEqual([
      ['succeeded', null, null, null],
      ['succeeded', null, null, null],
      ['succeeded', null, null, null],
    ])
  })
})
