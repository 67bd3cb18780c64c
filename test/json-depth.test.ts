// Issue 10 B3: every JSON a request carries nests at most 64 levels. 5 000 levels were a 500
// (stack overflow after parsing), 4 000 were stored and broke the clients reading them back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/app.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ jobs: [{ slug: 'deep-job' }] })
})
afterAll(() => t.close())

const nested = (depth: number, leaf = '1') => '['.repeat(depth) + leaf + ']'.repeat(depth)
const inObject = (depth: number) => `{"slug":"deep","tags":${nested(depth - 1, '"x"')}}`

async function post(path: string, body: string) {
  const res = await fetch(`${t.url}/api/v1${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    body,
  })
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } }
}

const refused = {
  status: 400,
  body: { error: { code: 'invalid_json', message: expect.stringContaining('nested deeper than 64 levels') } },
}

describe('JSON nesting limit', () => {
  it.each([65, 4000, 5000, 20_000])(
    '%i levels in an API body → 400 invalid_json naming the limit',
    async (depth) => {
      expect(await post('/jobs', inObject(depth))).toMatchObject(refused)
      expect(
        await post('/runs', `{"job":"deep-job","status":"succeeded","x":${nested(depth - 1)}}`),
      ).toMatchObject(refused)
      expect(await post('/servers/web-1/heartbeat', `{"tags":${nested(depth - 1)}}`)).toMatchObject(refused)
    },
  )

  it.each([
    ['/runs?format=resticprofile', (d: number) => `{"profiles":{"a":${nested(d - 2)}}}`],
    ['/runs?format=restic&job=deep-job', (d: number) => `{"message_type":"summary"}\n${nested(d)}`],
    ['/runs?format=borg&job=deep-job', (d: number) => `{"archive":${nested(d - 1)}}`],
    ['/runs?format=borgmatic&job=deep-job', (d: number) => nested(d)],
    ['/jobs/deep-job/snapshots?format=restic', (d: number) => nested(d)],
    ['/jobs/deep-job/snapshots?format=borg', (d: number) => `{"archives":${nested(d - 1)}}`],
  ])('%s: a tool output nested too deep → 400 invalid_json', async (path, body) => {
    for (const depth of [65, 5000, 100_000]) expect(await post(path, body(depth))).toMatchObject(refused)
  })

  it('64 levels are within the limit (the body is then judged on its content)', async () => {
    const r = await post('/jobs', inObject(64))
    expect(r.status).toBe(400)
    expect(r.body.error?.code).toBe('invalid_request')
  })

  it('brackets inside strings do not count', async () => {
    const r = await post(
      '/jobs',
      JSON.stringify({ slug: 'brackets', name: '['.repeat(50) + '{\\"'.repeat(20) }),
    )
    expect(r.status).toBe(201)
  })
})
