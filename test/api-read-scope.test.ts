// Ping secrets are not for the read scope (SPEC §3): a read token (a Grafana data source, a
// dashboard) sees a job's stable `unique_key`, never its uuid, ping URL or the ping key, in any
// GET answer; ingest and admin tokens still see them. Real server, real pings, real alerts.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiApp, eventually, INGEST_TOKEN, READ_TOKEN, startApiApp } from './support/api-app.js'
import { ADMIN_TOKEN } from './support/app.js'
import { webhookChannel } from './support/channels.js'
import { type Receiver, startReceiver } from './support/receiver.js'

let t: ApiApp
let hook: Receiver
let job: { id: number; uuid: string; slug: string }
let pingKey: string
let alertId: number
let runId: number

beforeAll(async () => {
  hook = await startReceiver()
  t = await startApiApp({ channels: [webhookChannel(`${hook.url}/x`)] })
  job = (await t.call('/jobs', { method: 'POST', json: { slug: 'db-nightly', server: 'db-1' } })).body
  pingKey = (await t.call('/info')).body.ping_key
  expect(pingKey).toEqual(expect.any(String))
  // a failed run by uuid, a run by slug URL: runs, an alert, its notification history, a report
  expect((await fetch(`${t.url}/ping/${job.uuid}/fail`, { method: 'POST', body: 'disk full' })).status).toBe(
    200,
  )
  expect((await fetch(`${t.url}/ping/${pingKey}/other-job/start?create=1`)).status).toBe(201)
  const alert = await eventually(
    async () => (await t.call('/alerts?status=active&job=db-nightly')).body.items[0],
  )
  alertId = alert.id
  runId = alert.details.run_id
  await eventually(
    async () => (await t.call(`/alerts/${alertId}/notifications`)).body.items[0]?.status === 'sent',
  )
  await t.call('/silences', { method: 'POST', json: { match: { jobs: ['db-nightly'] }, duration: '1h' } })
})
afterAll(async () => {
  await t?.stop()
  await hook?.close()
})

/** Every GET route of the API, with the job, run and alert made above. */
const routes = () => [
  '/jobs',
  `/jobs/${job.id}`,
  '/jobs/db-nightly',
  `/jobs/${job.id}/runs`,
  '/runs',
  `/runs/${runId}`,
  '/servers',
  '/servers/db-1',
  '/alerts',
  `/alerts/${alertId}`,
  `/alerts/${alertId}/notifications`,
  '/report',
  '/channels',
  '/channels/ops-hook',
  '/policies',
  '/silences',
  '/info',
]

const uniqueKeyOf = (uuid: string) => createHash('sha256').update(uuid).digest('hex').slice(0, 40)

describe('read scope and ping secrets', () => {
  it('a read token finds neither the uuid nor the ping key in any GET answer', async () => {
    const other = (await t.call('/jobs/other-job')).body
    for (const path of [...routes(), '/metrics']) {
      const res =
        path === '/metrics'
          ? await fetch(`${t.url}/metrics`, {
              headers: { Authorization: `Bearer ${READ_TOKEN}` },
            })
          : await t.api(path, { token: READ_TOKEN })
      expect(res.status, path).toBe(200)
      const text = await res.text()
      for (const secret of [job.uuid, other.uuid, pingKey]) expect(text, `${path}`).not.toContain(secret)
      expect(text, path).not.toMatch(/"(uuid|ping_url|ping_key)"/)
    }
  })

  it('a read token sees each job’s unique_key: a hash of its uuid, stable across reads', async () => {
    const one = (await t.call(`/jobs/${job.id}`, { token: READ_TOKEN })).body
    expect(one.unique_key).toBe(uniqueKeyOf(job.uuid))
    expect(one.unique_key).toMatch(/^[0-9a-f]{40}$/)
    expect(one).not.toHaveProperty('uuid')
    expect(one).not.toHaveProperty('ping_url')
    const list = (await t.call('/jobs', { token: READ_TOKEN })).body.items
    expect(list.find((j: { slug: string }) => j.slug === 'db-nightly').unique_key).toBe(one.unique_key)
    expect((await t.call('/info', { token: READ_TOKEN })).body).toEqual({
      version: expect.any(String),
      base_url: t.url,
      project: 'default',
    })
  })

  it.each([
    ['ingest', INGEST_TOKEN],
    ['admin', ADMIN_TOKEN],
  ])('an %s token still sees uuid, ping_url, ping_key and unique_key', async (_scope, token) => {
    const one = (await t.call(`/jobs/${job.id}`, { token })).body
    expect(one).toMatchObject({
      uuid: job.uuid,
      ping_url: `${t.url}/ping/${job.uuid}`,
      unique_key: uniqueKeyOf(job.uuid),
    })
    const list = (await t.call('/jobs', { token })).body.items
    expect(list.find((j: { slug: string }) => j.slug === 'db-nightly')).toMatchObject({ uuid: job.uuid })
    expect((await t.call('/info', { token })).body.ping_key).toBe(pingKey)
  })

  it('no scope can look a job up by its uuid (no probing through the API)', async () => {
    for (const token of [READ_TOKEN, ADMIN_TOKEN]) {
      expect((await t.call(`/jobs/${job.uuid}`, { token })).status).toBe(404)
      expect((await t.call(`/runs?job=${job.uuid}`, { token })).status).toBe(400)
      expect((await t.call(`/alerts?job=${job.uuid}`, { token })).status).toBe(400)
    }
  })
})
