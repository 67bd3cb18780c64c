import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ApiApp, startApiApp } from './support/api-app.js'

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

describe('API /runs', () => {
  let t: ApiApp
  beforeEach(async () => {
    t = await startApiApp()
  })
  afterEach(async () => {
    await t.stop()
  })

  async function job(slug: string, extra: Record<string, unknown> = {}) {
    const res = await t.call('/jobs', { method: 'POST', json: { slug, ...extra } })
    expect(res.status).toBe(201)
    return res.body as { id: number; uuid: string }
  }

  const ping = async (path: string, body?: string | Buffer) => {
    const res = await fetch(`${t.url}/ping/${path}`, { method: 'POST', ...(body !== undefined && { body }) })
    expect(res.status).toBe(200)
  }

  it('lists runs newest first after real pings, per job and overall', async () => {
    const a = await job('alpha', { server: 'host-a' })
    const b = await job('beta')
    await ping(`${a.uuid}/start`)
    await ping(a.uuid, 'all good')
    await ping(`${b.uuid}/fail`, 'disk full')
    await ping(`${a.uuid}/start`)

    const all = await t.call('/runs')
    expect(all.status).toBe(200)
    expect(all.body.next_cursor).toBeNull()
    expect(all.body.items.map((r: { job: string; status: string }) => [r.job, r.status])).toEqual([
      ['alpha', 'running'],
      ['beta', 'failed'],
      ['alpha', 'succeeded'],
    ])
    const [running, failed, succeeded] = all.body.items
    expect(succeeded).toEqual({
      id: expect.any(Number),
      job: 'alpha',
      server: 'host-a',
      rid: null,
      kind: 'backup',
      status: 'succeeded',
      failure_kind: null,
      started_at: expect.stringMatching(ISO_RE),
      finished_at: expect.stringMatching(ISO_RE),
      duration: expect.any(Number),
      exit_code: null,
      size_bytes: null,
      added_bytes: null,
      files_total: null,
      files_new: null,
      files_changed: null,
      error: null,
      source: 'healthchecks',
      details: null,
    })
    expect(succeeded.duration).toBeGreaterThanOrEqual(0)
    expect(succeeded.duration).toBeLessThan(10)
    expect(running).toMatchObject({ status: 'running', finished_at: null, duration: null })
    expect(failed).toMatchObject({ status: 'failed', started_at: null, server: null })

    const forAlpha = await t.call('/jobs/alpha/runs')
    expect(forAlpha.body.items).toHaveLength(2)
    expect((await t.call(`/jobs/${a.id}/runs?status=succeeded`)).body.items).toHaveLength(1)
    expect((await t.call('/runs?job=beta')).body.items.map((r: { id: number }) => r.id)).toEqual([failed.id])
    expect((await t.call(`/runs?job=${b.id}`)).body.items).toHaveLength(1)
    expect((await t.call('/runs?server=host-a')).body.items).toHaveLength(2)
    expect((await t.call('/runs?status=failed')).body.items).toHaveLength(1)
    expect((await t.call('/jobs/nope/runs')).status).toBe(404)
  })

  it('validates the runs filters', async () => {
    const unknownJob = await t.call('/runs?job=ghost')
    expect(unknownJob.status).toBe(400)
    expect(unknownJob.body.error.message).toBe('job: unknown job "ghost"')
    expect((await t.call('/runs?server=ghost')).status).toBe(400)
    expect((await t.call('/runs?status=exploded')).status).toBe(400)
    for (const since of ['yesterday', '2026-02-30', '2026-11-22T25:00:00Z', '1700000000']) {
      const res = await t.call(`/runs?since=${encodeURIComponent(since)}`)
      expect(res.status).toBe(400)
      expect(res.body.error.details).toEqual([{ path: 'since', message: expect.any(String) }])
    }
    expect((await t.call('/runs?limit=501')).status).toBe(400)
    expect((await t.call('/runs?cursor=%%%')).status).toBe(400)
  })

  it('filters by since', async () => {
    const a = await job('s')
    await ping(a.uuid)
    const past = new Date(Date.now() - 3_600_000).toISOString()
    const future = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00')
    expect((await t.call(`/runs?since=${encodeURIComponent(past)}`)).body.items).toHaveLength(1)
    expect((await t.call(`/runs?since=${encodeURIComponent(future)}`)).body.items).toHaveLength(0)
    expect((await t.call('/runs?since=2000-01-01')).body.items).toHaveLength(1)
  })

  it('pages runs without duplicates', async () => {
    const a = await job('many')
    for (let i = 0; i < 7; i++) await ping(a.uuid)
    const ids: number[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: { body: { items: { id: number }[]; next_cursor: string | null } } = await t.call(
        `/runs?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      )
      ids.push(...page.body.items.map((r) => r.id))
      cursor = page.body.next_cursor
      pages++
    } while (cursor !== null)
    expect(pages).toBe(3)
    expect(ids).toHaveLength(7)
    expect(new Set(ids).size).toBe(7)
    expect([...ids].sort((x, y) => y - x)).toEqual(ids)
  })

  it('shows a run with its log, invalid UTF-8 replaced by U+FFFD', async () => {
    const a = await job('logs')
    await ping(a.uuid, Buffer.from([0x6f, 0x6b, 0x20, 0xff, 0xfe, 0x20, 0xc3, 0xa9, 0x0a]))
    const list = await t.call('/runs?job=logs')
    expect(list.body.items[0].log).toBeUndefined()
    const run = await t.call(`/runs/${list.body.items[0].id}`)
    expect(run.status).toBe(200)
    expect(run.body).toMatchObject({
      job: 'logs',
      log: 'ok \uFFFD\uFFFD é\n',
      log_size: 9,
      log_truncated: false,
    })

    await ping(a.uuid)
    const empty = await t.call(`/runs/${(await t.call('/runs?job=logs&limit=1')).body.items[0].id}`)
    expect(empty.body).toMatchObject({ log: null, log_size: 0, log_truncated: false })

    expect((await t.call('/runs/999999')).status).toBe(404)
    const notNumeric = await t.call('/runs/abc')
    expect(notNumeric.status).toBe(404)
    expect(notNumeric.body.error).toEqual({ code: 'not_found', message: 'run not found' })
  })

  it('marks a log cut at the ping body limit as truncated', async () => {
    await t.stop()
    t = await startApiApp({ pingBodyLimit: 10 })
    const a = await job('cut')
    await ping(a.uuid, 'abcdefghijklmnopqrstuvwxyz')
    const id = (await t.call('/runs?job=cut')).body.items[0].id
    const run = await t.call(`/runs/${id}`)
    expect(run.body).toMatchObject({ log: 'abcdefghij', log_size: 26, log_truncated: true })
  })
})
