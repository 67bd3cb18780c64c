// job.deleted (issue 12 item 5, Azure Backup's "stop protection"): deleting a job that has runs,
// through the API or by leaving the config file, opens a critical alert that outlives the job and
// reaches a real webhook receiver through the outbox; a policy may opt out; a job of that slug
// coming back resolves it, and any active alert can be resolved by hand (audited).
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Config } from '../src/config/config.js'
import { silentLogger } from '../src/log.js'
import { type Backwatch, startBackwatch } from '../src/server/start-backwatch.js'
import { ADMIN_TOKEN, eventually, startTestApp, type TestApp, tempDir, testConfig } from './support/app.js'
import { webhookChannel } from './support/channels.js'
import { type Receiver, startReceiver } from './support/receiver.js'

// biome-ignore lint/suspicious/noExplicitAny: test payloads are read loosely
type Json = any

let t: TestApp | null = null
let hook: Receiver | null = null
afterEach(async () => {
  await t?.close()
  await hook?.close()
  t = null
  hook = null
})

const onlyDeletions = (url: string) => webhookChannel(url, { match: { types: ['job.deleted'] } })
const bodies = (): Json[] => hook!.requests.map((r) => r.json)

async function start(overrides: Partial<Config> = {}) {
  hook = await startReceiver()
  t = await startTestApp({ channels: [onlyDeletions(hook.url)], ...overrides })
  return t
}

async function jobWithRuns(t: TestApp, slug: string, extra: Record<string, unknown> = {}) {
  expect((await t.api('POST', '/jobs', { slug, server: 'db01', ...extra })).status).toBe(201)
  for (const exit_code of [0, 1, 0])
    expect((await t.api('POST', '/runs', { job: slug, exit_code })).status).toBe(201)
}

const deletions = async (t: TestApp, status: 'active' | 'resolved' = 'active'): Promise<Json[]> =>
  ((await t.api<Json>('GET', `/alerts?type=job.deleted&status=${status}`)).body as Json).items

describe('job.deleted', () => {
  it('opens when a job with runs is deleted through the API, and reaches the webhook', async () => {
    const t = await start()
    await jobWithRuns(t, 'db-nightly', { environment: 'production', tags: ['db'] })
    expect((await t.api('DELETE', '/jobs/db-nightly')).status).toBe(204)
    const [alert] = await deletions(t)
    expect(alert).toMatchObject({
      type: 'job.deleted',
      severity: 'critical',
      status: 'active',
      job: 'db-nightly',
      server: 'db01',
      details: { slug: 'db-nightly', runs: 3, deleted_by: 'BACKWATCH_API_TOKEN', environment: 'production' },
    })
    expect(alert.summary).toBe(
      'Job "db-nightly" was deleted by BACKWATCH_API_TOKEN (3 runs, last success 0 min ago): its backups are no longer monitored',
    )
    await eventually(async () => hook!.requests.length >= 1)
    expect(bodies()[0]).toMatchObject({
      type: 'alert.opened',
      alert: {
        type: 'job.deleted',
        job: 'db-nightly',
        server: 'db01',
        environment: 'production',
        tags: ['db'],
      },
    })
    // the job's own alerts went with it (job.failed of its second run); this one stays
    expect((await t.api<Json>('GET', '/alerts?type=job.failed')).body.items).toEqual([])
    expect((await t.api('GET', `/alerts/${alert.id}`)).status).toBe(200)
  })

  it('stays quiet for a job without runs, and where the policy says deletion_alert: false', async () => {
    const t = await start()
    expect((await t.api('PUT', '/policies/staging', { deletion_alert: false })).status).toBe(200)
    expect((await t.api<Json>('GET', '/policies/staging')).body).toMatchObject({
      deletion_alert: false,
      effective: { deletion_alert: false },
    })
    await t.api('POST', '/jobs', { slug: 'never-ran' })
    await jobWithRuns(t, 'stage-db', { environment: 'staging' })
    await jobWithRuns(t, 'prod-db', { environment: 'production' })
    for (const slug of ['never-ran', 'stage-db', 'prod-db'])
      expect((await t.api('DELETE', `/jobs/${slug}`)).status).toBe(204)
    expect((await deletions(t)).map((a) => a.job)).toEqual(['prod-db'])
    await eventually(async () => hook!.requests.length >= 1)
    await new Promise((r) => setTimeout(r, 300))
    expect(bodies().map((b) => b.alert.job)).toEqual(['prod-db'])
  })

  it('resolves when a job of that slug is created again (API or ping), and is sent resolved', async () => {
    const t = await start()
    await jobWithRuns(t, 'db-nightly')
    await jobWithRuns(t, 'web-hourly')
    await t.api('DELETE', '/jobs/db-nightly')
    await t.api('DELETE', '/jobs/web-hourly')
    expect(await deletions(t)).toHaveLength(2)
    expect((await t.api('POST', '/jobs', { slug: 'db-nightly' })).status).toBe(201)
    const ping = await fetch(`${t.url}/ping/test-ping-key-0001/web-hourly?create=1`)
    expect(ping.status).toBe(201)
    expect(await deletions(t)).toEqual([])
    expect((await deletions(t, 'resolved')).map((a) => a.job).sort()).toEqual(['db-nightly', 'web-hourly'])
    await eventually(async () => bodies().filter((b) => b.type === 'alert.resolved').length >= 2)
  })

  it('any active alert is resolved by hand (operate), audited; twice is a 409', async () => {
    const t = await start()
    await jobWithRuns(t, 'db-nightly')
    await t.api('DELETE', '/jobs/db-nightly')
    const [alert] = await deletions(t)
    const resolved = await t.api<Json>('POST', `/alerts/${alert.id}/resolve`)
    expect(resolved.status).toBe(200)
    expect(resolved.body).toMatchObject({ id: alert.id, status: 'resolved', resolved_at: expect.any(String) })
    expect((await t.api<Json>('POST', `/alerts/${alert.id}/resolve`)).body.error.message).toBe(
      `alert ${alert.id} is already resolved`,
    )
    expect((await t.api('POST', '/alerts/999999/resolve')).status).toBe(404)
    expect((await t.api('POST', '/alerts/nope/resolve')).status).toBe(404)
    const [event] = ((await t.api<Json>('GET', '/audit?action=alert.resolved')).body as Json).items
    expect(event).toMatchObject({
      actor: { kind: 'token', name: 'BACKWATCH_API_TOKEN' },
      target: { kind: 'alert', id: String(alert.id), name: 'db-nightly' },
      details: { type: 'job.deleted' },
    })
    const [deleted] = ((await t.api<Json>('GET', '/audit?action=job.deleted')).body as Json).items
    expect(deleted.details).toMatchObject({ runs: 3 })
    await eventually(async () => bodies().some((b) => b.type === 'alert.resolved'))
  })
})

describe('job.deleted by the config file', () => {
  let app: Backwatch | null = null
  const tmp = tempDir('backwatch-job-deleted-')
  afterEach(async () => {
    await app?.stop()
    app = null
  })
  afterAll(() => tmp.cleanup())

  const boot = async (jobs: string[], configPath: string | null = '/etc/backwatch.yaml') => {
    await app?.stop()
    app = await startBackwatch(testConfig(tmp.dir, { configPath, jobs: jobs.map((slug) => ({ slug })) }), {
      log: silentLogger,
    })
    return app
  }
  const api = async (path: string, init: RequestInit = {}): Promise<Json> => {
    const res = await fetch(`${app!.url}/api/v1${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    })
    return res.json()
  }

  it('deletes a job the file no longer declares (a start without any file deletes nothing)', async () => {
    await boot(['db-nightly', 'web-hourly', 'empty'])
    // a job made through the API is never the file's to delete
    await api('/jobs', { method: 'POST', body: JSON.stringify({ slug: 'by-hand' }) })
    for (const job of ['db-nightly', 'web-hourly', 'by-hand'])
      await api('/runs', { method: 'POST', body: JSON.stringify({ job, exit_code: 0 }) })

    await boot([], null)
    expect((await api('/jobs')).items.map((j: Json) => j.slug).sort()).toEqual([
      'by-hand',
      'db-nightly',
      'empty',
      'web-hourly',
    ])

    await boot(['web-hourly'])
    expect((await api('/jobs')).items.map((j: Json) => j.slug).sort()).toEqual(['by-hand', 'web-hourly'])
    const alerts = (await api('/alerts?type=job.deleted')).items
    expect(alerts.map((a: Json) => [a.job, a.details.deleted_by])).toEqual([
      ['db-nightly', 'the config file'],
    ])
    const events = (await api('/audit?action=job.deleted')).items
    expect(events.map((e: Json) => [e.target.name, e.actor.kind, e.actor.name]).sort()).toEqual([
      ['db-nightly', 'config', '/etc/backwatch.yaml'],
      ['empty', 'config', '/etc/backwatch.yaml'],
    ])

    // declared again: created, and the deletion is over
    await boot(['web-hourly', 'db-nightly'])
    expect((await api('/alerts?type=job.deleted&status=active')).items).toEqual([])
  })
})
