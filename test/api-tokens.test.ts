// /api/v1/tokens (issue 12) on a real server: made, used, listed, revoked; the secret shown once;
// config and bootstrap tokens left to where they are defined; one project's tokens out of another's reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToken } from '../src/app/tokens/token-admin.js'
import { hashToken } from '../src/auth/token-hash.js'
import {
  ADMIN_TOKEN,
  type ApiApp,
  eventually,
  INGEST_TOKEN,
  type Json,
  READ_TOKEN,
  startApiApp,
} from './support/api-app.js'

const SECRET = /^bw_[A-Za-z0-9_-]{43}$/

describe('API tokens', () => {
  let t: ApiApp
  beforeAll(async () => {
    t = await startApiApp()
  })
  afterAll(async () => {
    await t.stop()
  })

  const make = (name: string, scope = 'read', token: string = ADMIN_TOKEN) =>
    t.call('/tokens', { method: 'POST', json: { name, scope }, token })
  const list = async (token: string = ADMIN_TOKEN): Promise<Json[]> => {
    const res = await t.call('/tokens', { token })
    expect(res.status).toBe(200)
    expect(res.body.next_cursor).toBeNull()
    return res.body.items
  }

  it('makes a token, shows its secret once, and the token works in its scope', async () => {
    const res = await t.api('/tokens', { method: 'POST', json: { name: 'grafana', scope: 'read' } })
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body: Json = await res.json()
    expect(body).toEqual({
      id: expect.any(Number),
      name: 'grafana',
      scope: 'read',
      source: 'api',
      prefix: body.token.slice(0, 11),
      created_by: 'token BACKWATCH_API_TOKEN',
      created_at: expect.any(String),
      last_used_at: null,
      token: expect.stringMatching(SECRET),
    })
    expect((await t.call('/jobs', { token: body.token })).status).toBe(200)
    const refused = await t.call('/jobs', { method: 'POST', json: { slug: 'x' }, token: body.token })
    expect(refused.status).toBe(403)
    expect((await t.call('/tokens', { token: body.token })).status).toBe(403)
  })

  it('lists the tokens with their last use, never a secret nor a hash', async () => {
    const made = (await make('ci', 'ingest')).body
    expect((await t.call('/info', { token: made.token })).status).toBe(200)
    const used = await eventually(async () => {
      const item = (await list()).find((i) => i.name === 'ci')
      return item?.last_used_at ? item : null
    })
    expect(Date.parse(used.last_used_at)).toBeGreaterThanOrEqual(Date.parse(made.created_at))
    const res = await t.api('/tokens')
    const text = await res.text()
    expect(text).not.toContain(made.token)
    expect(text).not.toContain(hashToken(made.token))
    expect(text).not.toContain('"token"')
    const items: Json[] = JSON.parse(text).items
    expect(items.map((i) => [i.name, i.source])).toEqual([
      ['reader', 'config'],
      ['ingester', 'config'],
      ['BACKWATCH_API_TOKEN', 'bootstrap'],
      ['grafana', 'api'],
      ['ci', 'api'],
    ])
    // config and bootstrap tokens have no prefix: their secret is not ours to show
    expect(items.filter((i) => i.source !== 'api').every((i) => i.prefix === null)).toBe(true)
    // the tokens the test suite used have been used
    expect(items.find((i) => i.name === 'BACKWATCH_API_TOKEN').last_used_at).not.toBeNull()
    const one = await t.call(`/tokens/${used.id}`)
    expect(one).toEqual({ status: 200, body: used })
    expect((await t.call('/tokens/ci')).body.id).toBe(used.id)
    expect((await t.call('/tokens/999999')).status).toBe(404)
  })

  it('revokes a token: it stops working at once and is gone from the list', async () => {
    const made = (await make('temp', 'admin')).body
    expect((await t.call('/jobs', { token: made.token })).status).toBe(200)
    const res = await t.api(`/tokens/${made.id}`, { method: 'DELETE' })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    const after = await t.call('/jobs', { token: made.token })
    expect(after.status).toBe(401)
    expect(after.body.error.code).toBe('unauthorized')
    expect((await list()).map((i) => i.name)).not.toContain('temp')
    expect((await t.call(`/tokens/${made.id}`, { method: 'DELETE' })).status).toBe(404)
    // by name as well; a revoked name may be used again
    const again = (await make('temp')).body
    expect(again.id).not.toBe(made.id)
    expect((await t.call('/tokens/temp', { method: 'DELETE' })).status).toBe(204)
  })

  it('answers 409 for a taken name, names of the config file included', async () => {
    for (const name of ['grafana', 'reader', 'BACKWATCH_API_TOKEN']) {
      const res = await make(name)
      expect(res.status, name).toBe(409)
      expect(res.body.error).toMatchObject({
        code: 'conflict',
        message: `a token named "${name}" already exists in this project`,
      })
    }
  })

  it('answers 409 for revoking the tokens of the config file and the environment', async () => {
    const items = await list()
    for (const name of ['reader', 'BACKWATCH_API_TOKEN']) {
      const id = items.find((i) => i.name === name).id
      const res = await t.call(`/tokens/${id}`, { method: 'DELETE' })
      expect(res.status, name).toBe(409)
      expect(res.body.error.code).toBe('conflict')
      expect(res.body.error.message).toContain(`token "${name}" is defined in the configuration file`)
    }
    expect((await t.call('/jobs', { token: READ_TOKEN })).status).toBe(200)
  })

  it('answers 400 for a bad name, scope or body', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x y', scope: 'read' }, 'name: a token name is 1 to 100 letters'],
      [{ name: '', scope: 'read' }, 'name: a token name is 1 to 100 letters'],
      [{ name: 'a'.repeat(101), scope: 'read' }, 'name: a token name is 1 to 100 letters'],
      [{ name: '42', scope: 'read' }, 'name: a token name must not be digits only'],
      [{ name: 'ok', scope: 'operate' }, 'scope: the scope must be one of read, ingest, admin'],
      [{ name: 'ok', scope: 3 }, 'scope: must be a string, got an integer'],
      [{ name: 'ok' }, 'scope: required'],
      [{ scope: 'read' }, 'name: required'],
      [{ name: 'ok', scope: 'read', token: 'mine-0123456789abcdef' }, 'token'],
    ]
    for (const [json, message] of cases) {
      const res = await t.call('/tokens', { method: 'POST', json })
      expect(res.status, JSON.stringify(json)).toBe(400)
      expect(res.body.error.code).toBe('invalid_request')
      expect(res.body.error.message).toContain(message)
    }
    expect((await t.call('/tokens', { method: 'POST', body: '[1]' })).body.error.code).toBe('invalid_json')
    expect((await list()).map((i) => i.name)).not.toContain('ok')
  })

  it('is for admins only', async () => {
    for (const token of [READ_TOKEN, INGEST_TOKEN]) {
      expect((await t.call('/tokens', { token })).status).toBe(403)
      expect((await make('nope', 'read', token)).status).toBe(403)
      expect((await t.call('/tokens/grafana', { method: 'DELETE', token })).status).toBe(403)
    }
    expect((await t.call('/tokens', { token: null })).status).toBe(401)
  })

  it("keeps each project's tokens to itself", async () => {
    const store = t.app.store
    const b = await store.createProject(
      { slug: 'team-b', name: 'Team B', pingKey: 'team-b-key', source: 'api' },
      0,
    )
    const bAdmin = await createToken(
      store.inProject(b.id),
      { name: 'b-admin', scope: 'admin', createdBy: 'test' },
      0,
    )
    const secretB = bAdmin.secret
    // B's admin token acts in B: sees B's tokens only, makes them there
    expect((await list(secretB)).map((i) => i.name)).toEqual(['b-admin'])
    expect((await t.call('/info', { token: secretB })).body.project).toBe('team-b')
    const madeInB = await make('grafana', 'read', secretB)
    expect(madeInB.status).toBe(201)
    expect(madeInB.body.created_by).toBe('token b-admin')
    expect((await store.findTokenByHash(hashToken(madeInB.body.token)))?.projectId).toBe(b.id)
    // A's tokens are not found from B, by id or by name, and B's not from A
    const inA = await list()
    const grafanaA = inA.find((i) => i.name === 'grafana')
    for (const ref of [
      String(grafanaA.id),
      'grafana-nope',
      'reader',
      String(inA.find((i) => i.name === 'reader').id),
    ]) {
      expect((await t.call(`/tokens/${ref}`, { token: secretB })).status, ref).toBe(404)
      expect((await t.call(`/tokens/${ref}`, { method: 'DELETE', token: secretB })).status, ref).toBe(404)
    }
    for (const ref of [String(madeInB.body.id), String(bAdmin.token.id), 'b-admin']) {
      expect((await t.call(`/tokens/${ref}`)).status, ref).toBe(404)
      expect((await t.call(`/tokens/${ref}`, { method: 'DELETE' })).status, ref).toBe(404)
    }
    expect((await t.call('/tokens/grafana')).body.id).toBe(grafanaA.id)
    expect((await t.call('/jobs', { token: madeInB.body.token })).status).toBe(200)
    expect((await list()).map((i) => i.name)).not.toContain('b-admin')
  })
})
