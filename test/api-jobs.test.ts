import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ApiApp, json, startApiApp } from './support/api-app.js'

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

describe('API /jobs', () => {
  let t: ApiApp
  beforeEach(async () => {
    t = await startApiApp()
  })
  afterEach(async () => {
    await t.stop()
  })

  it('creates a job with defaults and returns its full representation', async () => {
    const res = await t.api('/jobs', { method: 'POST', json: { slug: 'db-nightly' } })
    expect(res.status).toBe(201)
    const job = await json(res)
    expect(res.headers.get('location')).toBe(`/api/v1/jobs/${job.id}`)
    expect(job).toEqual({
      id: expect.any(Number),
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      unique_key: expect.stringMatching(/^[0-9a-f]{40}$/),
      slug: 'db-nightly',
      name: 'db-nightly',
      server: null,
      environment: null,
      tags: [],
      tool: 'generic',
      schedule: { every: '1d' },
      grace: '1h',
      max_duration: null,
      warning_exit_codes: [],
      retention: null,
      policy: null,
      effective_policy: {
        max_age: null,
        check_max_age: null,
        restore_test_max_age: null,
        retention: { min_history: null, min_daily: null, min_weekly: null, min_monthly: null },
        size_anomaly: { low: 0.5, high: 2, min_samples: 5, zero_added_runs: 3 },
        lock_failures: { warn_until: 3 },
        deletion_alert: true,
      },
      paused: false,
      status: 'new',
      running: false,
      last_run: null,
      last_success_at: null,
      last_check_at: null,
      last_restore_test_at: null,
      next_due_at: null,
      ping_url: `${t.url}/ping/${job.uuid}`,
      created_at: expect.stringMatching(ISO_RE),
    })
  })

  it('creates a job with every writable field, and reads it by id and by slug', async () => {
    const input = {
      slug: 'files-hourly',
      name: 'Files (hourly)',
      server: 'web-01',
      environment: 'production',
      tags: ['files', 'web'],
      tool: 'restic',
      schedule: { every: '90m' },
      grace: '15m',
      max_duration: '2h',
      warning_exit_codes: [3],
      retention: { keep_within: '2d', keep_daily: 7 },
    }
    const created = await t.call('/jobs', { method: 'POST', json: input })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      ...input,
      schedule: { every: '1h30m' },
      paused: false,
      status: 'new',
    })
    const byId = await t.call(`/jobs/${created.body.id}`)
    const bySlug = await t.call('/jobs/files-hourly')
    expect(byId.status).toBe(200)
    expect(byId.body).toEqual(created.body)
    expect(bySlug.body).toEqual(created.body)
    // the server was created on first mention
    const server = await t.call('/servers/web-01')
    expect(server.body).toMatchObject({ name: 'web-01', jobs_count: 1, status: 'unknown' })
  })

  it('patches any subset of writable fields', async () => {
    const { body: job } = await t.call('/jobs', { method: 'POST', json: { slug: 'a', tags: ['x'] } })
    const patched = await t.call(`/jobs/${job.id}`, {
      method: 'PATCH',
      json: { name: 'Renamed', grace: '2h', max_duration: '3h', environment: 'staging' },
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({
      slug: 'a',
      name: 'Renamed',
      grace: '2h',
      max_duration: '3h',
      tags: ['x'],
    })
    const cleared = await t.call('/jobs/a', { method: 'PATCH', json: { max_duration: null, slug: 'b' } })
    expect(cleared.body).toMatchObject({ slug: 'b', max_duration: null, environment: 'staging' })
    expect((await t.call('/jobs/a')).status).toBe(404)
    const empty = await t.call('/jobs/b', { method: 'PATCH', json: {} })
    expect(empty.status).toBe(200)
    expect(empty.body.name).toBe('Renamed')
  })

  it('pauses and resumes a job', async () => {
    const { body: job } = await t.call('/jobs', { method: 'POST', json: { slug: 'p' } })
    // make it up first with a real ping
    expect((await fetch(`${t.url}/ping/${job.uuid}`)).status).toBe(200)
    const up = await t.call('/jobs/p')
    expect(up.body).toMatchObject({ status: 'up', next_due_at: expect.stringMatching(ISO_RE) })
    expect(up.body.last_success_at).toMatch(ISO_RE)

    const paused = await t.call('/jobs/p/pause', { method: 'POST' })
    expect(paused.status).toBe(200)
    expect(paused.body).toMatchObject({ paused: true, status: 'paused', next_due_at: null })
    expect((await t.call(`/jobs/${job.id}`)).body.status).toBe('paused')

    const resumed = await t.call(`/jobs/${job.id}/resume`, { method: 'POST' })
    expect(resumed.status).toBe(200)
    expect(resumed.body).toMatchObject({ paused: false, status: 'up', next_due_at: up.body.next_due_at })
  })

  it('deletes a job (204), then 404', async () => {
    const { body: job } = await t.call('/jobs', { method: 'POST', json: { slug: 'gone' } })
    const res = await t.api(`/jobs/${job.id}`, { method: 'DELETE' })
    expect(res.status).toBe(204)
    const again = await t.call(`/jobs/${job.id}`)
    expect(again.status).toBe(404)
    expect(again.body).toEqual({ error: { code: 'not_found', message: 'job not found' } })
    expect((await t.call('/jobs/gone', { method: 'DELETE' })).status).toBe(404)
    expect((await t.call('/jobs/gone/pause', { method: 'POST' })).status).toBe(404)
  })

  it('answers 409 for a duplicate slug, on create and on rename', async () => {
    expect((await t.call('/jobs', { method: 'POST', json: { slug: 'dup' } })).status).toBe(201)
    const dup = await t.call('/jobs', { method: 'POST', json: { slug: 'dup', name: 'other' } })
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('conflict')
    expect(dup.body.error.message).toContain('dup')
    expect((await t.call('/jobs', { method: 'POST', json: { slug: 'other' } })).status).toBe(201)
    const rename = await t.call('/jobs/other', { method: 'PATCH', json: { slug: 'dup' } })
    expect(rename.status).toBe(409)
  })

  it('gives exactly one 201 when the same slug is created concurrently', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.call('/jobs', { method: 'POST', json: { slug: 'race' } })),
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409])
  })

  it('pages through 120 jobs with limit 50: 3 pages, no duplicates, null cursor at the end', async () => {
    for (let i = 0; i < 120; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, k) =>
          t.call('/jobs', { method: 'POST', json: { slug: `job-${String(i + k).padStart(3, '0')}` } }),
        ),
      )
    }
    const seen: string[] = []
    const sizes: number[] = []
    let cursor: string | null = null
    do {
      const page: { status: number; body: { items: { slug: string }[]; next_cursor: string | null } } =
        await t.call(`/jobs?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      expect(page.status).toBe(200)
      sizes.push(page.body.items.length)
      seen.push(...page.body.items.map((j) => j.slug))
      cursor = page.body.next_cursor
      if (cursor !== null) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    } while (cursor !== null)
    expect(sizes).toEqual([50, 50, 20])
    expect(new Set(seen).size).toBe(120)
    // default limit is 50
    const first = await t.call('/jobs')
    expect(first.body.items).toHaveLength(50)
    expect(first.body.next_cursor).not.toBeNull()
  })

  it('rejects bad list parameters with 400 and ignores unknown ones', async () => {
    const bad = await t.call('/jobs?cursor=garbage!!')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_cursor')
    const badB64 = await t.call(`/jobs?cursor=${Buffer.from('[1,"x"]').toString('base64url')}`)
    expect(badB64.body.error.code).toBe('invalid_cursor')
    for (const limit of ['501', '0', '-1', '2.5', 'ten']) {
      const res = await t.call(`/jobs?limit=${limit}`)
      expect(res.status).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'invalid_request', details: [{ path: 'limit' }] })
    }
    expect((await t.call('/jobs?limit=500&whatever=1')).status).toBe(200)
    expect((await t.call('/jobs?status=sleeping')).status).toBe(400)
  })

  it('filters jobs by server and status', async () => {
    await t.call('/jobs', { method: 'POST', json: { slug: 'on-a', server: 'a' } })
    await t.call('/jobs', { method: 'POST', json: { slug: 'on-b', server: 'b', paused: true } })
    const onA = await t.call('/jobs?server=a')
    expect(onA.body.items.map((j: { slug: string }) => j.slug)).toEqual(['on-a'])
    const paused = await t.call('/jobs?status=paused')
    expect(paused.body.items.map((j: { slug: string }) => j.slug)).toEqual(['on-b'])
    const unknown = await t.call('/jobs?server=nowhere')
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toContain('unknown server "nowhere"')
  })

  it('shows the last run and running flag after pings', async () => {
    const { body: job } = await t.call('/jobs', { method: 'POST', json: { slug: 'r' } })
    await fetch(`${t.url}/ping/${job.uuid}/start`, { method: 'POST' })
    const running = await t.call('/jobs/r')
    expect(running.body.running).toBe(true)
    // last_run is the last finished run
    expect(running.body.last_run).toBeNull()
    await fetch(`${t.url}/ping/${job.uuid}`, { method: 'POST' })
    const done = await t.call('/jobs/r')
    expect(done.body.running).toBe(false)
    expect(done.body.last_run).toMatchObject({ status: 'succeeded', source: 'healthchecks', job: 'r' })
    expect(done.body.last_run.log).toBeUndefined()
  })

  it('answers 405 for a method the path does not support', async () => {
    const res = await t.api('/jobs', { method: 'PUT', json: {} })
    expect(res.status).toBe(405)
  })
})
