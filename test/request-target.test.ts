// Issue 10 B2: the request target is parsed once, canonically, for pings and the API alike.
// Targets `new URL` rejects were 500s; `..` and `//` reached the API past a proxy's prefix rule.
// Raw sockets: fetch would normalise most of these before sending them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../src/domain/records.js'
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/app.js'
import { rawExchange, rawRequest } from './support/raw-http.js'

const JOB = '3f1d2c4b-5a69-4e7b-8c9d-0a1b2c3d4e5f'
const AUTH = { Authorization: `Bearer ${ADMIN_TOKEN}` }
let t: TestApp

beforeAll(async () => {
  t = await startTestApp({ jobs: [{ slug: 'target-job', uuid: JOB }, { slug: 'other' }] })
})
afterAll(() => t.close())

const send = (method: string, target: string, headers: Record<string, string> = AUTH) =>
  rawExchange(t.url, rawRequest(method, target, { ...headers, Connection: 'close' }))

async function runs(): Promise<RunRecord[]> {
  const job = await t.app.store.inProject(1).getJob({ slug: 'target-job' })
  return (await t.app.store.inProject(1).listRuns({ job: job!.id }, { limit: 100, cursor: null })).items
}

describe('targets new URL rejects, and non-canonical paths', () => {
  it.each([
    '//[',
    '//a:99999/',
    '/\\\\',
    '/x/../api/v1/info',
    '/api/v1/../v1/info',
    '//evil/api/v1/info',
    '/./api/v1/info',
    '/api//v1/info',
    '/api/v1/info/',
    '/api/v1/%69nfo',
    '/api/v1/jobs/%zz',
    '/api/v1/jobs/%ff',
    '/api/v1/jobs/other%2F..%2F..',
    '/api/v1/jobs/%00',
    '/api/v1/jobs/a|b',
    '/healthz/',
    '/api/v1/info#x',
    'http://localhost/api/v1/info',
  ])('%s → 400 invalid_url (JSON)', async (target) => {
    const r = await send('GET', target)
    expect(r.status).toBe(400)
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'invalid_url' } })
  })

  it('asterisk form: 400 except for OPTIONS (204)', async () => {
    expect((await send('GET', '*')).status).toBe(400)
    expect((await send('POST', '*')).status).toBe(400)
    const options = await send('OPTIONS', '*')
    expect(options.status).toBe(204)
    expect(options.headers.allow).toContain('GET')
  })

  it('canonical API paths still route, with decoded parameters', async () => {
    expect((await send('GET', '/api/v1/info')).status).toBe(200)
    expect((await send('GET', '/api/v1/jobs/target-job?limit=5')).status).toBe(200)
    expect((await send('GET', '/api/v1/jobs/target%20job')).status).toBe(404)
    // the dashboard: a browser without a session is sent to sign in
    expect((await send('GET', '/')).status).toBe(303)
    expect((await send('GET', '/no-such-page')).status).toBe(404)
    expect((await send('GET', '/healthz')).status).toBe(200)
  })
})

describe('ping paths', () => {
  it.each([
    [`/ping/${JOB}/../start`, 'text/plain; charset=utf-8', 'invalid url format'],
    [`/ping/${JOB}/%2e`, 'text/plain; charset=utf-8', 'invalid url format'],
    [`/ping/${JOB}\\start`, 'text/plain; charset=utf-8', 'invalid url format'],
    [`/cronitor/${JOB}/./run`, 'text/plain; charset=utf-8', 'invalid url format'],
    [`/cronhub/start/${JOB}/..`, 'text/plain; charset=utf-8', 'invalid url format'],
    [
      `/api/push/${JOB}/..?status=up`,
      'application/json; charset=utf-8',
      '{"ok":false,"msg":"invalid url format"}',
    ],
  ])('%s → 400 in the dialect’s own form, nothing stored', async (target, type, body) => {
    const r = await send('POST', target, {})
    expect([r.status, r.headers['content-type'], r.body]).toEqual([400, type, body])
    expect(r.headers['access-control-allow-origin']).toBe('*')
    expect(await runs()).toEqual([])
  })

  it('empty segments stay the dialect’s 404 (borgmatic with a trailing slash sends //start)', async () => {
    for (const target of [
      `/ping/${JOB}//start`,
      `/ping/${JOB}/`,
      `/cronitor/${JOB}//run`,
      `/api/push/${JOB}//`,
    ]) {
      expect((await send('POST', target, {})).status).toBe(404)
    }
    expect(await runs()).toEqual([])
  })

  it('a leading // is not a ping prefix', async () => {
    const r = await send('POST', `//ping/${JOB}`, {})
    expect(r.status).toBe(400)
    expect(await runs()).toEqual([])
  })

  it('canonical ping paths are stored', async () => {
    expect((await send('POST', `/ping/${JOB}/start`, {})).status).toBe(200)
    expect((await send('POST', `/ping/${JOB}`, {})).status).toBe(200)
    expect((await runs()).map((r) => r.status)).toEqual(['succeeded'])
  })
})
