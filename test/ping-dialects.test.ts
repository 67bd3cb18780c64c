// Every form of the other ping dialects (SPEC §2.2) against the real server over real HTTP,
// checked through the API: they record the same runs the Healthchecks endpoints do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import { seriesRid } from '../src/ingest/cronitor-path.js'
import type { NewJob } from '../src/store/roles/job-store.js'
import { startTestApp, type TestApp } from './support/app.js'

let t: TestApp
let seq = 0

beforeAll(async () => {
  t = await startTestApp({ pingBodyLimit: 1000 })
})
afterAll(() => t.close())

type Run = {
  id: number
  rid: string | null
  status: string
  failure_kind: string | null
  started_at: string | null
  finished_at: string | null
  duration: number | null
  exit_code: number | null
  source: string
  log?: string | null
}
type Alert = { type: string; status: string }

async function ping(path: string, init: RequestInit = {}) {
  const res = await fetch(`${t.url}${path}`, { redirect: 'manual', ...init })
  return { status: res.status, text: await res.text(), headers: res.headers }
}

/** A fresh job per test keeps run histories independent. */
async function freshJob(extra: Partial<NewJob> = {}): Promise<{ uuid: string; slug: string }> {
  const job = await t.app.store
    .inProject(1)
    .createJob({ ...defaultJob(`dialect-${++seq}`), ...extra }, Date.now())
  return { uuid: job.uuid, slug: job.slug }
}

/** The job's runs through the API, oldest first. */
async function runs(slug: string): Promise<Run[]> {
  const r = await t.api<{ items: Run[] }>('GET', `/runs?job=${slug}`)
  expect(r.status).toBe(200)
  return r.body.items.reverse()
}

async function onlyRun(slug: string): Promise<Run> {
  const all = await runs(slug)
  expect(all).toHaveLength(1)
  return (await t.api<Run>('GET', `/runs/${all[0]!.id}`)).body
}

async function activeAlerts(slug: string): Promise<string[]> {
  const r = await t.api<{ items: Alert[] }>('GET', `/alerts?job=${slug}&status=active`)
  return r.body.items.map((a) => a.type)
}

const pause = () => new Promise((r) => setTimeout(r, 30))

describe('Cronitor /cronitor/<uuid>/run|complete|fail|ok (borgmatic’s cronitor hook)', () => {
  it('pairs run with complete: one succeeded run with a duration, answered 200 OK', async () => {
    const { uuid, slug } = await freshJob()
    const start = await ping(`/cronitor/${uuid}/run`)
    expect([start.status, start.text]).toEqual([200, 'OK'])
    expect(start.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(start.headers.get('ping-body-limit')).toBe('1000')
    expect(start.headers.get('access-control-allow-origin')).toBe('*')
    expect((await runs(slug)).map((r) => r.status)).toEqual(['running'])
    await pause()
    expect((await ping(`/cronitor/${uuid}/complete`)).text).toBe('OK')
    const run = await onlyRun(slug)
    expect(run).toMatchObject({ status: 'succeeded', failure_kind: null, source: 'cronitor', log: null })
    expect(run.started_at).not.toBeNull()
    expect(run.finished_at).not.toBeNull()
    expect(run.duration).toBeGreaterThanOrEqual(0.025)
  })

  it('run then fail: a failed run, the job down with job.failed', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/cronitor/${uuid}/run`)
    await ping(`/cronitor/${uuid}/fail`)
    const run = await onlyRun(slug)
    expect(run).toMatchObject({ status: 'failed', failure_kind: 'error', source: 'cronitor' })
    expect(run.started_at).not.toBeNull()
    expect((await t.api<{ status: string }>('GET', `/jobs/${slug}`)).body.status).toBe('down')
    expect(await activeAlerts(slug)).toEqual(['job.failed'])
    await ping(`/cronitor/${uuid}/ok`)
    expect(await activeAlerts(slug)).toEqual([])
    expect((await runs(slug)).map((r) => r.status)).toEqual(['failed', 'succeeded'])
  })

  it.each([
    ['complete', 'succeeded'],
    ['ok', 'succeeded'],
    ['fail', 'failed'],
  ])('an end without a start (%s) is a run of its own: %s', async (state, status) => {
    const { uuid, slug } = await freshJob()
    expect((await ping(`/cronitor/${uuid.toUpperCase()}/${state}`)).status).toBe(200)
    expect(await onlyRun(slug)).toMatchObject({
      status,
      started_at: null,
      duration: null,
      source: 'cronitor',
    })
  })
})

describe('Cronitor /cronitor/<uuid>?state=…', () => {
  it.each([
    ['run', 'running'],
    ['complete', 'succeeded'],
    ['ok', 'succeeded'],
    ['fail', 'failed'],
  ])('state=%s → %s', async (state, status) => {
    const { uuid, slug } = await freshJob()
    expect((await ping(`/cronitor/${uuid}?state=${state}`)).text).toBe('OK')
    expect(await onlyRun(slug)).toMatchObject({ status, source: 'cronitor' })
  })

  it('no state is a heartbeat: a success', async () => {
    const { uuid, slug } = await freshJob()
    expect((await ping(`/cronitor/${uuid}`)).status).toBe(200)
    expect(await onlyRun(slug)).toMatchObject({ status: 'succeeded' })
  })

  it.each([
    [0, 'succeeded', null],
    [2, 'failed', 'error'],
    [24, 'warning', null],
    [143, 'failed', 'canceled'],
  ])('complete with status_code=%i → %s', async (code, status, failureKind) => {
    const { uuid, slug } = await freshJob({ warning_exit_codes: '[24]' })
    await ping(`/cronitor/${uuid}?state=run`)
    await ping(`/cronitor/${uuid}?state=complete&status_code=${code}`)
    expect(await onlyRun(slug)).toMatchObject({ status, failure_kind: failureKind, exit_code: code })
  })

  it('fail with status_code=130 is canceled; fail with status_code=0 stays a failure', async () => {
    const a = await freshJob()
    await ping(`/cronitor/${a.uuid}/fail?status_code=130`)
    expect(await onlyRun(a.slug)).toMatchObject({
      status: 'failed',
      failure_kind: 'canceled',
      exit_code: 130,
    })
    const b = await freshJob()
    await ping(`/cronitor/${b.uuid}?state=fail&status_code=0`)
    expect(await onlyRun(b.slug)).toMatchObject({ status: 'failed', failure_kind: 'error', exit_code: null })
  })

  it('status_code above 255 → 400 invalid url format on a known job, 404 on an unknown one', async () => {
    const { uuid, slug } = await freshJob()
    const bad = await ping(`/cronitor/${uuid}?state=complete&status_code=256`)
    expect([bad.status, bad.text]).toEqual([400, 'invalid url format'])
    expect(await runs(slug)).toEqual([])
    const unknown = await ping(`/cronitor/${crypto.randomUUID()}?state=complete&status_code=256`)
    expect([unknown.status, unknown.text]).toEqual([404, 'not found'])
  })

  it('message is the log when there is no body; a body wins', async () => {
    const a = await freshJob()
    await ping(`/cronitor/${a.uuid}?state=fail&message=${encodeURIComponent('disk full on /srv')}`)
    expect(await onlyRun(a.slug)).toMatchObject({ status: 'failed', log: 'disk full on /srv' })
    const b = await freshJob()
    await ping(`/cronitor/${b.uuid}/complete?message=short`, { method: 'POST', body: 'the full output\n' })
    expect(await onlyRun(b.slug)).toMatchObject({ status: 'succeeded', log: 'the full output\n' })
  })

  it('duration dates the start of an end without a start', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/cronitor/${uuid}?state=complete&duration=42.5`)
    const run = await onlyRun(slug)
    expect(run).toMatchObject({ status: 'succeeded', duration: 42.5 })
    const stored = (await t.app.store.inProject(1).getRun(run.id, false))!
    expect(stored.finishedAt! - stored.startedAt!).toBe(42_500)
  })

  it('duration does not override the duration measured from run to complete', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/cronitor/${uuid}?state=run`)
    await ping(`/cronitor/${uuid}?state=complete&duration=3600`)
    const run = await onlyRun(slug)
    expect(run.duration).toBeLessThan(60)
  })

  it('series pairs concurrent runs: each end closes its own run', async () => {
    const { uuid, slug } = await freshJob()
    const [ridA, ridB] = [seriesRid('host-a'), seriesRid('host-b')]
    const byRid = async () => new Map((await runs(slug)).map((r) => [r.rid, r]))
    await ping(`/cronitor/${uuid}?state=run&series=host-a`)
    await pause()
    await ping(`/cronitor/${uuid}?state=run&series=host-b`)
    await ping(`/cronitor/${uuid}?state=fail&series=host-a&message=a%20broke`)
    let all = await byRid()
    expect([all.size, all.get(ridA)?.status, all.get(ridB)?.status]).toEqual([2, 'failed', 'running'])
    await ping(`/cronitor/${uuid}/complete?series=host-b`)
    all = await byRid()
    expect(all.size).toBe(2)
    expect(all.get(ridA)).toMatchObject({ status: 'failed', failure_kind: 'error', source: 'cronitor' })
    expect(all.get(ridB)).toMatchObject({ status: 'succeeded', failure_kind: null, source: 'cronitor' })
    expect([all.get(ridA)!.started_at, all.get(ridB)!.started_at]).not.toContain(null)
    expect((await t.api<Run>('GET', `/runs/${all.get(ridA)!.id}`)).body.log).toBe('a broke')
    expect((await t.app.store.inProject(1).getJob({ uuid }))!.runningSince).toBeNull()
  })

  it('without series a second run supersedes the first, as with Healthchecks', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/cronitor/${uuid}?state=run`)
    await ping(`/cronitor/${uuid}?state=run`)
    expect((await runs(slug)).map((r) => [r.status, r.failure_kind])).toEqual([
      ['failed', 'timeout'],
      ['running', null],
    ])
  })

  it.each(['POST', 'PUT', 'HEAD'])('accepts %s', async (method) => {
    const { uuid, slug } = await freshJob()
    const r = await ping(`/cronitor/${uuid}/complete`, { method })
    expect(r.status).toBe(200)
    expect(r.text).toBe(method === 'HEAD' ? '' : 'OK')
    expect(await onlyRun(slug)).toMatchObject({ status: 'succeeded' })
  })

  it.each(['state', 'state=', 'state=RUN', 'state=started'])('?%s → 400 invalid url format', async (q) => {
    const { uuid, slug } = await freshJob()
    const r = await ping(`/cronitor/${uuid}?${q}`)
    expect([r.status, r.text]).toEqual([400, 'invalid url format'])
    expect(await runs(slug)).toEqual([])
  })

  it.each([
    '/cronitor',
    '/cronitor/',
    '/cronitor/not-a-uuid/run',
    `/cronitor/${crypto.randomUUID()}/run`,
    `/cronitor/${crypto.randomUUID()}?state=complete`,
    '/cronitor/UUID/start',
    '/cronitor/UUID/run/extra',
    '/cronitor/UUID//run',
    '/cronitor/UUID/',
  ])('%s → 404 not found', async (path) => {
    const { uuid, slug } = await freshJob()
    const r = await ping(path.replace('UUID', uuid))
    expect([r.status, r.text]).toEqual([404, 'not found'])
    expect(await runs(slug)).toEqual([])
  })
})

describe('Cronhub /cronhub/start|finish|fail|ping/<uuid>', () => {
  it('pairs start with finish: one succeeded run with a duration', async () => {
    const { uuid, slug } = await freshJob()
    const r = await ping(`/cronhub/start/${uuid}`)
    expect([r.status, r.text]).toEqual([200, 'OK'])
    expect(r.headers.get('ping-body-limit')).toBe('1000')
    await pause()
    await ping(`/cronhub/finish/${uuid}`)
    const run = await onlyRun(slug)
    expect(run).toMatchObject({ status: 'succeeded', source: 'cronhub' })
    expect(run.started_at).not.toBeNull()
    expect(run.duration).toBeGreaterThanOrEqual(0.025)
  })

  it('start then fail: failed with job.failed; ping resolves it', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/cronhub/start/${uuid}`)
    await ping(`/cronhub/fail/${uuid}`, { method: 'POST', body: 'borg: repository does not exist' })
    const run = await onlyRun(slug)
    expect(run).toMatchObject({
      status: 'failed',
      failure_kind: 'error',
      log: 'borg: repository does not exist',
    })
    expect(await activeAlerts(slug)).toEqual(['job.failed'])
    await ping(`/cronhub/ping/${uuid}`)
    expect(await activeAlerts(slug)).toEqual([])
    const all = await runs(slug)
    expect(all.map((x) => [x.status, x.started_at === null, x.source])).toEqual([
      ['failed', false, 'cronhub'],
      ['succeeded', true, 'cronhub'],
    ])
  })

  it('payload is the log when there is no body; a body wins', async () => {
    const a = await freshJob()
    await ping(`/cronhub/finish/${a.uuid}?payload=${encodeURIComponent('12 files')}`)
    expect(await onlyRun(a.slug)).toMatchObject({ log: '12 files' })
    const b = await freshJob()
    await ping(`/cronhub/finish/${b.uuid}?payload=ignored`, { method: 'POST', body: 'from the body' })
    expect(await onlyRun(b.slug)).toMatchObject({ log: 'from the body' })
  })

  it.each(['GET', 'POST', 'HEAD'])('accepts %s', async (method) => {
    const { uuid, slug } = await freshJob()
    const r = await ping(`/cronhub/ping/${uuid}`, { method })
    expect(r.status).toBe(200)
    expect(await onlyRun(slug)).toMatchObject({ status: 'succeeded', source: 'cronhub' })
  })

  it.each([
    '/cronhub',
    '/cronhub/start',
    '/cronhub/UUID',
    '/cronhub/run/UUID',
    '/cronhub/start/not-a-uuid',
    `/cronhub/finish/${crypto.randomUUID()}`,
    '/cronhub/start/UUID/',
    '/cronhub/start/UUID/extra',
  ])('%s → 404 not found', async (path) => {
    const { uuid, slug } = await freshJob()
    const r = await ping(path.replace('UUID', uuid))
    expect([r.status, r.text]).toEqual([404, 'not found'])
    expect(await runs(slug)).toEqual([])
  })
})

describe('Uptime Kuma /api/push/<uuid>', () => {
  it('status=up → 200 {"ok":true} and a succeeded run', async () => {
    const { uuid, slug } = await freshJob()
    const r = await ping(`/api/push/${uuid}?status=up&msg=OK&ping=`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(JSON.parse(r.text)).toEqual({ ok: true })
    expect(await onlyRun(slug)).toMatchObject({ status: 'succeeded', source: 'kuma', log: 'OK' })
  })

  it('a missing status is up, as in Uptime Kuma', async () => {
    const { uuid, slug } = await freshJob()
    expect((await ping(`/api/push/${uuid}`)).status).toBe(200)
    expect(await onlyRun(slug)).toMatchObject({ status: 'succeeded', log: null })
  })

  it.each(['down', 'UP', '0', 'pending'])('status=%s is a failure with job.failed', async (status) => {
    const { uuid, slug } = await freshJob()
    await ping(`/api/push/${uuid}?status=${status}&msg=${encodeURIComponent('timeout talking to db')}`)
    expect(await onlyRun(slug)).toMatchObject({
      status: 'failed',
      failure_kind: 'error',
      source: 'kuma',
      log: 'timeout talking to db',
    })
    expect(await activeAlerts(slug)).toEqual(['job.failed'])
  })

  it('borgmatic’s uptime_kuma hook: start+finish is one succeeded run, start+fail one failed run', async () => {
    const a = await freshJob()
    await ping(`/api/push/${a.uuid}?status=up&msg=start`)
    expect((await runs(a.slug)).map((r) => r.status)).toEqual(['running'])
    await pause()
    await ping(`/api/push/${a.uuid}?status=up&msg=finish`)
    const ok = await onlyRun(a.slug)
    expect(ok).toMatchObject({ status: 'succeeded', source: 'kuma' })
    expect(ok.started_at).not.toBeNull()
    expect(ok.duration).toBeGreaterThanOrEqual(0.025)
    const b = await freshJob()
    await ping(`/api/push/${b.uuid}?status=up&msg=start`)
    await ping(`/api/push/${b.uuid}?status=down&msg=fail`)
    const failed = await onlyRun(b.slug)
    expect(failed).toMatchObject({ status: 'failed', failure_kind: 'error', source: 'kuma' })
    expect(failed.started_at).not.toBeNull()
    expect(await activeAlerts(b.slug)).toEqual(['job.failed'])
  })

  it('ping (ms) dates the start of a push without a start', async () => {
    const { uuid, slug } = await freshJob()
    await ping(`/api/push/${uuid}?status=up&ping=1500`)
    const run = await onlyRun(slug)
    expect(run.duration).toBe(1.5)
    const stored = (await t.app.store.inProject(1).getRun(run.id, false))!
    expect(stored.finishedAt! - stored.startedAt!).toBe(1500)
  })

  it('an invalid ping value is ignored, not rejected', async () => {
    const { uuid, slug } = await freshJob()
    expect((await ping(`/api/push/${uuid}?status=up&ping=abc`)).status).toBe(200)
    expect(await onlyRun(slug)).toMatchObject({ status: 'succeeded', started_at: null, duration: null })
  })

  it.each(['GET', 'POST', 'PUT', 'DELETE', 'HEAD'])('accepts %s', async (method) => {
    const { uuid, slug } = await freshJob()
    const r = await ping(`/api/push/${uuid}/?status=up`, { method })
    expect(r.status).toBe(200)
    expect(r.text).toBe(method === 'HEAD' ? '' : '{"ok":true}')
    expect(await onlyRun(slug)).toMatchObject({ status: 'succeeded' })
  })

  it.each([
    '/api/push',
    '/api/push/',
    '/api/push/not-a-uuid?status=up',
    `/api/push/${crypto.randomUUID()}?status=up`,
    '/api/push/UUID/extra',
    '/api/push/UUID//',
  ])('%s → 404 {"ok":false,"msg":"not found"}', async (path) => {
    const { uuid, slug } = await freshJob()
    const r = await ping(path.replace('UUID', uuid))
    expect(r.status).toBe(404)
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(JSON.parse(r.text)).toEqual({ ok: false, msg: 'not found' })
    expect(await runs(slug)).toEqual([])
  })

  it('the rest of /api/ is still the API', async () => {
    const unauthorized = await ping('/api/v1/jobs')
    expect(unauthorized.status).toBe(401)
    const other = await ping('/api/pushx/abc')
    expect(other.status).toBe(404)
    expect(JSON.parse(other.text)).toMatchObject({ error: { code: 'not_found' } })
  })
})

describe('dispatch', () => {
  it.each(['/constructor', '/toString', '/__proto__', '/api/hasOwnProperty'])(
    '%s is no ping handler (an object property is not a route)',
    async (path) => {
      const r = await ping(path, { signal: AbortSignal.timeout(5000) })
      expect(r.status).toBe(404)
      expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'not_found' } })
    },
  )
})
