import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type ApiApp, json, startApiApp } from './support/api-app.js'

interface Problem {
  path: string
  message: string
}

describe('API request validation', () => {
  let t: ApiApp
  beforeAll(async () => {
    t = await startApiApp()
    expect((await t.call('/jobs', { method: 'POST', json: { slug: 'existing' } })).status).toBe(201)
  })
  afterAll(async () => {
    await t.stop()
  })

  async function rejected(json: unknown, path = '/jobs', method = 'POST') {
    const res = await t.call(path, { method, json })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid_request')
    return res.body.error as { message: string; details: Problem[] }
  }

  it('requires a slug on create', async () => {
    const err = await rejected({ name: 'no slug' })
    expect(err.details).toEqual([{ path: 'slug', message: 'required' }])
    expect(err.message).toBe('slug: required')
  })

  it('rejects a bad slug', async () => {
    const err = await rejected({ slug: 'Bad Slug!' })
    expect(err.details).toEqual([{ path: 'slug', message: expect.stringContaining('lowercase') }])
    expect(err.message).toMatch(/^slug: /)
  })

  it('rejects unknown fields, naming each', async () => {
    const err = await rejected({ slug: 'x1', colour: 'red', uuid: '123e4567-e89b-12d3-a456-426614174000' })
    expect(err.details).toEqual(
      expect.arrayContaining([
        { path: 'colour', message: 'unknown key' },
        { path: 'uuid', message: 'unknown key' },
      ]),
    )
    const nested = await rejected({ slug: 'x2', schedule: { every: '1d', at: 3 } })
    expect(nested.details).toContainEqual({ path: 'schedule.at', message: 'unknown key' })
    const patch = await rejected({ status: 'up' }, '/jobs/existing', 'PATCH')
    expect(patch.details).toEqual([{ path: 'status', message: 'unknown key' }])
  })

  it('rejects an invalid cron expression with its path and the expression', async () => {
    const err = await rejected({ slug: 'c1', schedule: { cron: '0 25 * * *', tz: 'UTC' } })
    expect(err.details).toEqual([
      { path: 'schedule.cron', message: expect.stringMatching(/^invalid cron expression "0 25 \* \* \*"/) },
    ])
    expect(err.message).toMatch(/^schedule\.cron: invalid cron expression "0 25 \* \* \*"/)
  })

  it('rejects a cron that never fires', async () => {
    const err = await rejected({ slug: 'c2', schedule: { cron: '0 0 31 2 *' } })
    expect(err.details.map((d) => d.path)).toContain('schedule.cron')
    expect(err.message).toContain('never fires')
  })

  it('rejects an unknown time zone and accepts a valid cron schedule', async () => {
    const err = await rejected({ slug: 'c3', schedule: { cron: '0 2 * * *', tz: 'Mars/Olympus_Mons' } })
    expect(err.details).toEqual([{ path: 'schedule.tz', message: 'unknown time zone "Mars/Olympus_Mons"' }])
    const ok = await t.call('/jobs', {
      method: 'POST',
      json: { slug: 'c4', schedule: { cron: '0 2 * * *', tz: 'Europe/Berlin' } },
    })
    expect(ok.status).toBe(201)
    expect(ok.body.schedule).toEqual({ cron: '0 2 * * *', tz: 'Europe/Berlin' })
  })

  it('rejects bad durations and wrong types', async () => {
    const grace = await rejected({ slug: 'd1', grace: '5 minutes' })
    expect(grace.details).toEqual([{ path: 'grace', message: expect.stringContaining('invalid duration') }])
    const every = await rejected({ slug: 'd2', schedule: { every: '0s' } })
    expect(every.details).toEqual([
      { path: 'schedule.every', message: expect.stringContaining('at least 1s') },
    ])
    const types = await rejected({ slug: 'd3', tags: 'db', paused: 'yes', warning_exit_codes: [300] })
    expect(types.details.map((d) => d.path).sort()).toEqual(['paused', 'tags', 'warning_exit_codes[0]'])
    const tool = await rejected({ slug: 'd4', tool: 'tar' })
    expect(tool.details[0]?.message).toContain('must be one of')
  })

  it('reports several problems at once', async () => {
    const err = await rejected({ slug: 'BAD', grace: 'x', max_duration: 'y', tool: 'z', extra: 1 })
    expect(err.details).toHaveLength(5)
    expect(err.message).toMatch(/\(and 2 more\)$/)
  })

  it('answers invalid_json for a body that is not JSON or not an object', async () => {
    for (const body of ['{"slug":', 'null', '[1,2]', '"text"', '']) {
      const res = await t.api('/jobs', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json' },
      })
      expect(res.status).toBe(400)
      expect((await json(res)).error.code).toBe('invalid_json')
    }
  })

  it('tolerates a wrong Content-Type when the body is JSON', async () => {
    const res = await t.api('/jobs', {
      method: 'POST',
      body: JSON.stringify({ slug: 'plain-text' }),
      headers: { 'Content-Type': 'text/plain' },
    })
    expect(res.status).toBe(201)
  })

  it('answers 413 for a body over 1 MB', async () => {
    const body = JSON.stringify({ slug: 'big', name: 'x'.repeat(1_500_000) })
    const res = await fetch(`${t.url}/api/v1/jobs`, {
      method: 'POST',
      body,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    })
    expect(res.status).toBe(413)
    expect((await json(res)).error.code).toBe('payload_too_large')
    // the server is still fine afterwards
    expect((await t.call('/jobs/existing')).status).toBe(200)
  })

  it('validates server bodies too', async () => {
    const err = await rejected({ name: 'srv', heartbeat_timeout: 'soon' }, '/servers')
    expect(err.details).toEqual([
      { path: 'heartbeat_timeout', message: expect.stringContaining('invalid duration') },
    ])
    const missing = await rejected({}, '/servers')
    expect(missing.details).toEqual([{ path: 'name', message: 'required' }])
  })
})
