import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ApiApp, INGEST_TOKEN, READ_TOKEN, startApiApp } from './support/api-app.js'

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

describe('API /servers', () => {
  let t: ApiApp
  beforeEach(async () => {
    t = await startApiApp()
  })
  afterEach(async () => {
    await t.stop()
  })

  it('creates, reads (by id and name), patches and deletes a server', async () => {
    const created = await t.call('/servers', {
      method: 'POST',
      json: { name: 'db-01', environment: 'production', tags: ['db'], heartbeat_timeout: '10m' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.any(Number),
      name: 'db-01',
      environment: 'production',
      tags: ['db'],
      heartbeat_timeout: '10m',
      last_heartbeat_at: null,
      status: 'unknown',
      jobs_count: 0,
      created_at: expect.stringMatching(ISO_RE),
    })
    const id = created.body.id
    expect((await t.call(`/servers/${id}`, { token: READ_TOKEN })).body).toEqual(created.body)
    expect((await t.call('/servers/db-01')).body).toEqual(created.body)

    await t.call('/jobs', { method: 'POST', json: { slug: 'db-nightly', server: 'db-01' } })
    expect((await t.call('/servers/db-01')).body.jobs_count).toBe(1)

    const patched = await t.call('/servers/db-01', {
      method: 'PATCH',
      json: { name: 'db-02', heartbeat_timeout: null },
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({
      id,
      name: 'db-02',
      heartbeat_timeout: null,
      environment: 'production',
    })
    expect((await t.call('/jobs/db-nightly')).body.server).toBe('db-02')

    expect((await t.call('/servers/db-02', { method: 'DELETE', token: INGEST_TOKEN })).status).toBe(403)
    const deleted = await t.api(`/servers/${id}`, { method: 'DELETE' })
    expect(deleted.status).toBe(204)
    expect((await t.call('/servers/db-02')).status).toBe(404)
    // the job stays, detached
    expect((await t.call('/jobs/db-nightly')).body.server).toBeNull()
  })

  it('answers 409 for a duplicate name', async () => {
    expect((await t.call('/servers', { method: 'POST', json: { name: 'a' } })).status).toBe(201)
    expect((await t.call('/servers', { method: 'POST', json: { name: 'b' } })).status).toBe(201)
    const dup = await t.call('/servers', { method: 'POST', json: { name: 'a' } })
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('conflict')
    expect((await t.call('/servers/b', { method: 'PATCH', json: { name: 'a' } })).status).toBe(409)
  })

  it('lists servers with pagination', async () => {
    for (let i = 0; i < 5; i++) await t.call('/servers', { method: 'POST', json: { name: `s${i}` } })
    const first = await t.call('/servers?limit=3')
    expect(first.body.items.map((s: { name: string }) => s.name)).toEqual(['s0', 's1', 's2'])
    const second = await t.call(`/servers?limit=3&cursor=${first.body.next_cursor}`)
    expect(second.body).toMatchObject({ next_cursor: null })
    expect(second.body.items.map((s: { name: string }) => s.name)).toEqual(['s3', 's4'])
  })

  it('derives online/offline from the last heartbeat', async () => {
    const { body } = await t.call('/servers', {
      method: 'POST',
      json: { name: 'hb', heartbeat_timeout: '5m' },
    })
    const now = Date.now()
    await t.app.store.inProject(1).updateServerState(body.id, { last_heartbeat_at: now - 60_000 }, now)
    expect((await t.call('/servers/hb')).body).toMatchObject({
      status: 'online',
      last_heartbeat_at: expect.stringMatching(ISO_RE),
    })
    await t.app.store.inProject(1).updateServerState(body.id, { last_heartbeat_at: now - 600_000 }, now)
    expect((await t.call('/servers/hb')).body.status).toBe('offline')
  })
})
