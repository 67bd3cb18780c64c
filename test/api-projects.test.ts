// /api/v1/projects (issue 12): instance admins manage projects; GET /api/v1/project for anyone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser } from '../src/app/users/user-admin.js'
import { type ApiApp, eventually, INGEST_TOKEN, READ_TOKEN, startApiApp } from './support/api-app.js'

const PROJECT_ADMIN_TOKEN = 'project-admin-token-0123456789'
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

describe('API /projects', () => {
  let t: ApiApp
  const ping = (path: string) => fetch(`${t.url}/ping/${path}`).then((r) => r.status)
  /** A job made by a slug ping (201) once the new key is known (the cache reloads on a change). */
  const createJob = async (key: string, slug: string) => {
    const status = await eventually(async () => {
      const s = await ping(`${key}/${slug}?create=1`)
      return s === 404 ? null : s
    })
    expect(status).toBe(201)
  }

  beforeEach(async () => {
    t = await startApiApp({
      tokens: [
        { name: 'reader', scope: 'read', token: READ_TOKEN },
        { name: 'ingester', scope: 'ingest', token: INGEST_TOKEN },
        { name: 'project-admin', scope: 'admin', token: PROJECT_ADMIN_TOKEN },
      ],
    })
  })
  afterEach(async () => {
    await t.stop()
  })

  it('is for instance admins only: an admin-scope token of a project gets 403 saying what is needed', async () => {
    for (const token of [PROJECT_ADMIN_TOKEN, READ_TOKEN, INGEST_TOKEN]) {
      for (const [method, path] of [
        ['GET', '/projects'],
        ['POST', '/projects'],
        ['GET', '/projects/default'],
        ['PATCH', '/projects/default'],
        ['DELETE', '/projects/default'],
      ] as const) {
        const r = await t.call(path, { method, token, ...(method !== 'GET' && { json: { slug: 'x' } }) })
        expect(r.status, `${method} ${path}`).toBe(403)
        expect(r.body.error.message).toContain('needs an instance admin')
      }
    }
    expect((await t.call('/projects', { token: null })).status).toBe(401)
  })

  it('creates a project with a random ping key, lists it and reads it by slug or id', async () => {
    const created = await t.call('/projects', { method: 'POST', json: { slug: 'acme', name: 'ACME Corp' } })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.any(Number),
      slug: 'acme',
      name: 'ACME Corp',
      ping_key: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      source: 'api',
      created_at: expect.stringMatching(ISO_RE),
      updated_at: expect.stringMatching(ISO_RE),
      jobs_count: 0,
      servers_count: 0,
      tokens_count: 0,
    })
    const { ping_key: key, id } = created.body
    expect(key).not.toBe(t.app.pingKey)
    expect((await t.call('/projects/acme')).body).toEqual(created.body)
    expect((await t.call(`/projects/${id}`)).body).toEqual(created.body)
    const list = await t.call('/projects')
    expect(list.body.items.map((p: { slug: string }) => p.slug)).toEqual(['default', 'acme'])
    expect(list.body.next_cursor).toBeNull()
    const other = await t.call('/projects', { method: 'POST', json: { slug: 'beta' } })
    expect(other.body).toMatchObject({ slug: 'beta', name: 'beta' })
    expect(other.body.ping_key).not.toBe(key)
    expect((await t.call('/projects/nope')).status).toBe(404)
  })

  it('refuses bad slugs and unknown fields (400) and a taken slug (409)', async () => {
    const bad = async (json: unknown) => {
      const r = await t.call('/projects', { method: 'POST', json })
      expect(r.status, JSON.stringify(json)).toBe(400)
      return r.body.error.message as string
    }
    expect(await bad({})).toBe('slug: required')
    expect(await bad({ slug: 'Acme' })).toContain('slug: must be 1 to 63 lower-case letters')
    expect(await bad({ slug: '-acme' })).toContain('slug: must be')
    expect(await bad({ slug: 'a'.repeat(64) })).toContain('slug: must be')
    expect(await bad({ slug: 'acme', ping_key: 'mine-mine-mine' })).toBe('ping_key: unknown key')
    expect(await bad({ slug: 'acme', name: '' })).toContain('name:')
    expect((await t.call('/projects', { method: 'POST', json: { slug: 'acme' } })).status).toBe(201)
    const taken = await t.call('/projects', { method: 'POST', json: { slug: 'acme' } })
    expect(taken.status).toBe(409)
    expect(taken.body.error.message).toMatch(/a project with slug "acme" exists/)
    expect((await t.call('/projects', { method: 'POST', json: { slug: 'default' } })).status).toBe(409)
  })

  it('renames a project and changes its slug; the default project keeps its slug', async () => {
    await t.call('/projects', { method: 'POST', json: { slug: 'acme' } })
    await t.call('/projects', { method: 'POST', json: { slug: 'beta' } })
    const renamed = await t.call('/projects/acme', {
      method: 'PATCH',
      json: { name: 'ACME', slug: 'acme-eu' },
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({ slug: 'acme-eu', name: 'ACME' })
    expect((await t.call('/projects/acme')).status).toBe(404)
    expect((await t.call('/projects/acme-eu', { method: 'PATCH', json: { slug: 'beta' } })).status).toBe(409)
    const def = await t.call('/projects/default', { method: 'PATCH', json: { slug: 'main' } })
    expect(def.status).toBe(409)
    expect(def.body.error.message).toContain("default project's slug cannot change")
    // its name may change
    expect((await t.call('/projects/default', { method: 'PATCH', json: { name: 'Ops' } })).body.name).toBe(
      'Ops',
    )
    for (const json of [{ rotate_ping_key: false }, { ping_key: 'abcdefghij' }, { slug: 'Bad' }]) {
      expect((await t.call('/projects/beta', { method: 'PATCH', json })).status, JSON.stringify(json)).toBe(
        400,
      )
    }
  })

  it("rotating a project's ping key: its old slug ping URLs answer 404, the new ones work", async () => {
    const p = (await t.call('/projects', { method: 'POST', json: { slug: 'acme' } })).body
    await createJob(p.ping_key, 'nightly')
    const rotated = await t.call('/projects/acme', { method: 'PATCH', json: { rotate_ping_key: true } })
    expect(rotated.status).toBe(200)
    const fresh = rotated.body.ping_key
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(fresh).not.toBe(p.ping_key)
    await eventually(async () => (await ping(`${p.ping_key}/nightly`)) === 404)
    expect(await ping(`${fresh}/nightly`)).toBe(200)
    // the job stayed in its project; the default project's key still serves the default project
    expect((await t.call('/projects/acme')).body.jobs_count).toBe(1)
    expect(await ping(`${t.app.pingKey}/nightly`)).toBe(404)
  })

  it("GET /project: the request's own project, the ping key only for who sees ping secrets", async () => {
    const mine = await t.call('/project', { token: READ_TOKEN })
    expect(mine.status).toBe(200)
    expect(mine.body).toMatchObject({ id: 1, slug: 'default', name: 'Default' })
    expect(mine.body).not.toHaveProperty('ping_key')
    expect((await t.call('/project', { token: INGEST_TOKEN })).body.ping_key).toBe(t.app.pingKey)
    expect((await t.call('/project', { token: PROJECT_ADMIN_TOKEN })).body.ping_key).toBe(t.app.pingKey)
  })

  it('deletes a project: never the default one, one with jobs or servers only with ?force=1', async () => {
    const def = await t.call('/projects/default', { method: 'DELETE' })
    expect(def.status).toBe(409)
    expect(def.body.error.message).toBe('the default project cannot be deleted')

    const a = (await t.call('/projects', { method: 'POST', json: { slug: 'acme' } })).body
    const b = (await t.call('/projects', { method: 'POST', json: { slug: 'beta' } })).body
    // the same job slug and server name in both, and in the default project
    for (const key of [a.ping_key, b.ping_key, t.app.pingKey]) {
      await createJob(key, 'nightly')
    }
    for (const id of [a.id, b.id, 1]) {
      await t.app.store
        .inProject(id)
        .createServer({ name: 'db-01', environment: null, tags: [], heartbeatTimeout: null }, Date.now())
    }
    const refused = await t.call('/projects/acme', { method: 'DELETE' })
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toContain('project "acme" still has 1 job and 1 server')
    expect(refused.body.error.details).toEqual({ jobs: 1, servers: 1, tokens: 0 })
    expect((await t.call('/projects/acme?force=yes', { method: 'DELETE' })).status).toBe(400)

    expect((await t.api('/projects/acme?force=1', { method: 'DELETE' })).status).toBe(204)
    expect((await t.call('/projects/acme')).status).toBe(404)
    await eventually(async () => (await ping(`${a.ping_key}/nightly`)) === 404)
    const gone = t.app.store.inProject(a.id)
    expect((await gone.listRuns({}, { limit: 10, cursor: null })).items).toEqual([])
    expect(await t.app.store.projectCounts(a.id)).toEqual({ jobs: 0, servers: 0, tokens: 0 })
    // nothing of another project went with it
    for (const [id, key] of [
      [b.id, b.ping_key],
      [1, t.app.pingKey],
    ]) {
      expect(await t.app.store.projectCounts(id)).toMatchObject({ jobs: 1, servers: 1 })
      expect((await t.app.store.inProject(id).listRuns({}, { limit: 10, cursor: null })).items).toHaveLength(
        1,
      )
      expect(await ping(`${key}/nightly`)).toBe(200)
    }
    // an empty project goes without force
    await t.call('/projects', { method: 'POST', json: { slug: 'empty' } })
    expect((await t.api('/projects/empty', { method: 'DELETE' })).status).toBe(204)
  })

  it('a signed-in instance admin manages projects; a project admin gets 403', async () => {
    const password = 'correct horse battery staple'
    const signIn = async (username: string, instanceAdmin: boolean) => {
      const input = { username, password, instanceAdmin, role: 'admin', project: 'default' } as const
      await addUser(t.app.store.inProject(1), input, Date.now())
      const r = await fetch(`${t.url}/api/v1/session`, {
        method: 'POST',
        body: JSON.stringify({ username, password }),
      })
      expect(r.status).toBe(200)
      const { csrf_token } = (await r.json()) as { csrf_token: string }
      return { Cookie: r.headers.getSetCookie()[0]!.split(';')[0]!, 'X-CSRF-Token': csrf_token }
    }
    const root = await signIn('root', true)
    const created = await t.call('/projects', {
      method: 'POST',
      json: { slug: 'acme' },
      token: null,
      headers: root,
    })
    expect(created.status).toBe(201)
    expect((await t.call('/projects', { token: null, headers: root })).body.items).toHaveLength(2)
    const alice = await signIn('alice', false)
    const refused = await t.call('/projects', { token: null, headers: alice })
    expect(refused.status).toBe(403)
    expect(refused.body.error.message).toBe(
      'this user has the admin role; this request needs an instance admin (the bootstrap token BACKWATCH_API_TOKEN or a user made with --admin)',
    )
  })
})
