import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type ApiApp, INGEST_TOKEN, json, READ_TOKEN, startApiApp } from './support/api-app.js'

describe('API authentication and scopes', () => {
  let t: ApiApp
  beforeAll(async () => {
    t = await startApiApp()
  })
  afterAll(async () => {
    await t.stop()
  })

  it('answers 401 with WWW-Authenticate when no token is sent', async () => {
    const res = await t.api('/jobs', { token: null })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer')
    const body = await json(res)
    expect(body.error.code).toBe('unauthorized')
    expect(typeof body.error.message).toBe('string')
  })

  it('answers 401 for a wrong token and never echoes it', async () => {
    const res = await t.api('/jobs', { token: 'not-a-real-token-xyz' })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer')
    const text = await res.text()
    expect(JSON.parse(text).error.code).toBe('unauthorized')
    expect(text).not.toContain('not-a-real-token-xyz')
  })

  it('answers 401 for a non-Bearer Authorization header', async () => {
    const res = await t.api('/jobs', { token: null, headers: { Authorization: `Basic ${ADMIN_TOKEN}` } })
    expect(res.status).toBe(401)
  })

  it('accepts the X-Api-Key header', async () => {
    const res = await t.api('/jobs', { token: null, headers: { 'X-Api-Key': READ_TOKEN } })
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({ items: [], next_cursor: null })
  })

  it('answers 401 for a wrong X-Api-Key', async () => {
    const res = await t.api('/jobs', { token: null, headers: { 'X-Api-Key': 'wrong-key-0123456789' } })
    expect(res.status).toBe(401)
    expect((await json(res)).error.code).toBe('unauthorized')
  })

  it('lets a read token read but not write (403)', async () => {
    expect((await t.call('/jobs', { token: READ_TOKEN })).status).toBe(200)
    const res = await t.call('/jobs', { token: READ_TOKEN, method: 'POST', json: { slug: 'nope' } })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('forbidden')
    expect((await t.call('/jobs/nope')).status).toBe(404)
  })

  it('refuses DELETE to an ingest token (403) and allows it to admin', async () => {
    expect((await t.call('/jobs', { method: 'POST', json: { slug: 'victim' } })).status).toBe(201)
    const denied = await t.call('/jobs/victim', { token: INGEST_TOKEN, method: 'DELETE' })
    expect(denied.status).toBe(403)
    expect(denied.body.error.code).toBe('forbidden')
    expect((await t.call('/jobs/victim', { token: INGEST_TOKEN })).status).toBe(200)
    const ok = await t.api('/jobs/victim', { method: 'DELETE' })
    expect(ok.status).toBe(204)
    expect(await ok.text()).toBe('')
  })

  it('checks the token before the body: 401 even for a broken body', async () => {
    const res = await t.api('/jobs', { token: null, method: 'POST', body: '{not json' })
    expect(res.status).toBe(401)
  })

  it('serves /info to every scope, the ping key only to ingest and admin', async () => {
    for (const token of [INGEST_TOKEN, ADMIN_TOKEN]) {
      const res = await t.call('/info', { token })
      expect(res.status).toBe(200)
      expect(res.body).toEqual({
        version: expect.any(String),
        base_url: t.app.baseUrl,
        project: 'default',
        ping_key: t.app.pingKey,
      })
    }
    const read = await t.call('/info', { token: READ_TOKEN })
    expect(read).toEqual({
      status: 200,
      body: { version: expect.any(String), base_url: t.app.baseUrl, project: 'default' },
    })
    expect(t.app.baseUrl).toBe(t.url)
    expect((await t.call('/info', { token: null })).status).toBe(401)
  })

  it('answers HEAD like GET without a body', async () => {
    const res = await t.api('/info', { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
  })
})
