// Issue 10 B7: every answer says `X-Content-Type-Options: nosniff` (a ping's log or an error
// message is never to be taken for HTML). The raw answers to broken requests: http-limits.test.ts.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/app.js'
import { rawExchange, rawRequest } from './support/raw-http.js'

const JOB = '3f1d2c4b-5a69-4e7b-8c9d-0a1b2c3d4e5f'
let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ jobs: [{ slug: 'sniff-job', uuid: JOB }] })
})
afterAll(() => t.close())

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` }

it.each([
  ['GET', `/ping/${JOB}`, {}, 200],
  ['POST', `/ping/${JOB}/fail`, {}, 200],
  ['GET', '/ping/not-a-uuid', {}, 404],
  ['GET', `/ping/${JOB}/99999`, {}, 400],
  ['GET', `/cronitor/${JOB}/complete`, {}, 200],
  ['GET', `/cronhub/finish/${JOB}`, {}, 200],
  ['GET', `/api/push/${JOB}?status=up`, {}, 200],
  ['GET', '/api/push/nope', {}, 404],
  ['GET', '/healthz', {}, 200],
  ['GET', '/readyz', {}, 200],
  ['GET', '/api/v1/jobs', admin, 200],
  ['HEAD', '/api/v1/jobs', admin, 200],
  ['GET', '/api/v1/jobs', {}, 401],
  ['GET', '/api/v1/jobs/nope', admin, 404],
  ['DELETE', '/api/v1/runs', admin, 405],
  ['GET', '/nowhere', {}, 404],
  ['GET', '/api/v1/../healthz', {}, 400],
  ['GET', `/ping/${JOB}/../fail`, {}, 400],
  ['OPTIONS', '*', {}, 204],
])('%s %s → %i with nosniff', async (method, target, headers, status) => {
  const r = await rawExchange(t.url, rawRequest(method, target, { ...headers, Connection: 'close' }))
  expect(r.status).toBe(status)
  expect(r.headers['x-content-type-options']).toBe('nosniff')
})

it('a 413 answered from inside a route carries it too', async () => {
  const r = await rawExchange(
    t.url,
    rawRequest('POST', '/api/v1/jobs', { ...admin, 'Content-Length': 5_000_000, Connection: 'close' }),
  )
  expect(r.status).toBe(413)
  expect(r.headers['x-content-type-options']).toBe('nosniff')
})
