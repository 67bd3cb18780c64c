// The audit log through the API: every mutating route records who did what to which target (one
// table over the routes, checked against the registered routes), a signed-in user is named with
// their address, GET /api/v1/audit pages and filters and is for admins only, and one project
// never sees another's events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '../src/api/api-deps.js'
import { registerApi } from '../src/api/register-api.js'
import { addUser } from '../src/app/users/user-admin.js'
import { hashToken } from '../src/auth/token-hash.js'
import { presentAuditEvent } from '../src/domain/audit.js'
import { Router } from '../src/http/router.js'
import { type ApiApp, type Json, READ_TOKEN, startApiApp } from './support/api-app.js'
import { httpFrom } from './support/http-from.js'
import { type Receiver, startReceiver } from './support/receiver.js'

/** Mutating routes that change nothing an admin manages: ingest and sign-in. */
const NOT_AUDITED = [
  'POST /api/v1/runs',
  'POST /api/v1/servers/:name/heartbeat',
  'POST /api/v1/jobs/:id/snapshots',
  'POST /api/v1/session',
  'DELETE /api/v1/session',
]

const KNOWN_BY_NAME = ['channel', 'policy']

interface Case {
  route: string
  /** the path, or how to find it (an id made by an earlier request) */
  path: string | ((t: ApiApp) => Promise<string>)
  json?: unknown
  action: string
  target: { kind: string; name: string | null }
  /** the project whose log has the event, when not the request's */
  log?: string
}

/** In order: each request may use what an earlier one made. */
const CASES: Case[] = [
  {
    route: 'POST /api/v1/servers',
    path: '/servers',
    json: { name: 'nas' },
    action: 'server.created',
    target: { kind: 'server', name: 'nas' },
  },
  {
    route: 'PATCH /api/v1/servers/:id',
    path: '/servers/nas',
    json: { environment: 'production' },
    action: 'server.updated',
    target: { kind: 'server', name: 'nas' },
  },
  {
    // a server without jobs is unprotected (a warning): resolved by hand
    route: 'POST /api/v1/alerts/:id/resolve',
    path: async (t) => {
      const active = await t.call('/alerts?status=active&type=server.unprotected&server=nas')
      return `/alerts/${active.body.items[0].id}/resolve`
    },
    action: 'alert.resolved',
    target: { kind: 'alert', name: 'nas' },
  },
  {
    route: 'POST /api/v1/jobs',
    path: '/jobs',
    json: { slug: 'db-nightly', server: 'nas' },
    action: 'job.created',
    target: { kind: 'job', name: 'db-nightly' },
  },
  {
    route: 'PATCH /api/v1/jobs/:id',
    path: '/jobs/db-nightly',
    json: { grace: '2h' },
    action: 'job.updated',
    target: { kind: 'job', name: 'db-nightly' },
  },
  {
    route: 'POST /api/v1/jobs/:id/pause',
    path: '/jobs/db-nightly/pause',
    action: 'job.paused',
    target: { kind: 'job', name: 'db-nightly' },
  },
  {
    route: 'POST /api/v1/jobs/:id/resume',
    path: '/jobs/db-nightly/resume',
    action: 'job.resumed',
    target: { kind: 'job', name: 'db-nightly' },
  },
  {
    route: 'POST /api/v1/silences',
    path: '/silences',
    json: { name: 'maint', match: { servers: ['nas'] }, duration: '1h' },
    action: 'silence.created',
    target: { kind: 'silence', name: 'maint' },
  },
  {
    route: 'PATCH /api/v1/silences/:id',
    path: '/silences/maint',
    json: { comment: 'disk swap' },
    action: 'silence.updated',
    target: { kind: 'silence', name: 'maint' },
  },
  {
    route: 'DELETE /api/v1/silences/:id',
    path: '/silences/maint',
    action: 'silence.ended',
    target: { kind: 'silence', name: 'maint' },
  },
  {
    route: 'PUT /api/v1/policies/:environment',
    path: '/policies/production',
    json: { max_age: '26h' },
    action: 'policy.created',
    target: { kind: 'policy', name: 'production' },
  },
  {
    route: 'DELETE /api/v1/policies/:environment',
    path: '/policies/production',
    action: 'policy.deleted',
    target: { kind: 'policy', name: 'production' },
  },
  {
    route: 'POST /api/v1/channels',
    path: '/channels',
    json: { name: 'hook', type: 'webhook', url: 'RECEIVER' },
    action: 'channel.created',
    target: { kind: 'channel', name: 'hook' },
  },
  {
    route: 'PUT /api/v1/channels/:name',
    path: '/channels/hook',
    json: { type: 'webhook', url: 'RECEIVER', min_severity: 'warning' },
    action: 'channel.updated',
    target: { kind: 'channel', name: 'hook' },
  },
  {
    route: 'PATCH /api/v1/channels/:name',
    path: '/channels/hook',
    json: { min_severity: 'critical' },
    action: 'channel.updated',
    target: { kind: 'channel', name: 'hook' },
  },
  {
    route: 'POST /api/v1/channels/:name/test',
    path: '/channels/hook/test',
    action: 'channel.tested',
    target: { kind: 'channel', name: 'hook' },
  },
  {
    route: 'DELETE /api/v1/channels/:name',
    path: '/channels/hook',
    action: 'channel.deleted',
    target: { kind: 'channel', name: 'hook' },
  },
  {
    route: 'POST /api/v1/tokens',
    path: '/tokens',
    json: { name: 'deploy', scope: 'ingest' },
    action: 'token.created',
    target: { kind: 'token', name: 'deploy' },
  },
  {
    route: 'DELETE /api/v1/tokens/:id',
    path: '/tokens/deploy',
    action: 'token.deleted',
    target: { kind: 'token', name: 'deploy' },
  },
  {
    route: 'DELETE /api/v1/jobs/:id',
    path: '/jobs/db-nightly',
    action: 'job.deleted',
    target: { kind: 'job', name: 'db-nightly' },
  },
  {
    route: 'POST /api/v1/projects',
    path: '/projects',
    json: { slug: 'side' },
    action: 'project.created',
    target: { kind: 'project', name: 'side' },
    log: 'side',
  },
  {
    route: 'PATCH /api/v1/projects/:ref',
    path: '/projects/side',
    json: { name: 'Side' },
    action: 'project.updated',
    target: { kind: 'project', name: 'side' },
    log: 'side',
  },
  {
    route: 'DELETE /api/v1/projects/:ref',
    path: '/projects/side',
    action: 'project.deleted',
    target: { kind: 'project', name: 'side' },
  },
  {
    route: 'DELETE /api/v1/servers/:id',
    path: '/servers/nas',
    action: 'server.deleted',
    target: { kind: 'server', name: 'nas' },
  },
]

function mutatingRoutes(): string[] {
  const router = new Router()
  // the routes read their deps when a request comes (the metrics route binds its store at once)
  registerApi(router, { store: { inProject: () => ({}) } } as unknown as ApiDeps)
  return router
    .list()
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.pattern}`)
}

describe('audit log through the API', () => {
  let t: ApiApp
  let receiver: Receiver
  const audit = async (query = '', token?: string): Promise<{ status: number; body: Json }> =>
    t.call(`/audit${query}`, token ? { token } : {})

  /** The events of the request's project (through the API), or of another one (its store). */
  const logOf = async (slug?: string): Promise<Json[]> => {
    if (slug === undefined) return (await audit('?limit=500')).body.items
    const project = await t.app.store.getProject({ slug })
    const page = await t.app.store.inProject(project!.id).listAudit({}, { limit: 500, cursor: null })
    return page.items.map(presentAuditEvent)
  }

  beforeAll(async () => {
    receiver = await startReceiver()
    t = await startApiApp()
  })
  afterAll(async () => {
    await t.stop()
    await receiver.close()
  })

  it('every mutating route records its action, actor, target and address (one event each)', async () => {
    const audited = CASES.map((c) => c.route)
    expect([...new Set([...audited, ...NOT_AUDITED])].sort()).toEqual(mutatingRoutes().sort())
    let lastSeen = 0
    for (const c of CASES) {
      const method = c.route.split(' ')[0]!
      const json = JSON.parse(JSON.stringify(c.json ?? null).replaceAll('RECEIVER', receiver.url))
      // event ids are global: what this request recorded comes after the last one seen
      const before = Math.max(lastSeen, (await audit('?limit=1')).body.items[0]?.id ?? 0)
      const path = typeof c.path === 'string' ? c.path : await c.path(t)
      const r = await t.call(path, { method, ...(json !== null && { json }) })
      expect(r.status, `${c.route}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
      const events = (await logOf(c.log)).filter((e: Json) => e.id > before)
      lastSeen = Math.max(before, ...events.map((e: Json) => e.id))
      expect(events, c.route).toEqual([
        {
          id: expect.any(Number),
          at: expect.stringMatching(/Z$/),
          actor: { kind: 'token', id: expect.any(Number), name: 'BACKWATCH_API_TOKEN' },
          action: c.action,
          // channels and policies are known by name; the rest by id
          target: {
            ...c.target,
            id: KNOWN_BY_NAME.includes(c.target.kind) ? null : expect.stringMatching(/^\d+$/),
          },
          details: expect.any(Object),
          ip: '127.0.0.1',
        },
      ])
    }
    // what a change set is named, never its values (a channel's url may hold a secret)
    const created = (await audit('?action=channel.created')).body.items[0]
    expect(created.details).toEqual({ fields: ['name', 'type', 'url'] })
    expect(JSON.stringify((await audit('?limit=500')).body)).not.toContain(receiver.url)
  })

  it('names a signed-in user and the address they came from', async () => {
    const password = 'a long enough password'
    await addUser(
      t.app.store.inProject(1),
      { username: 'olga', password, instanceAdmin: false, role: 'operator', project: 'default' },
      Date.now(),
    )
    await t.call('/jobs', { method: 'POST', json: { slug: 'olgas-job' } })
    const from = '127.0.0.77'
    const login = await httpFrom(`${t.url}/api/v1/session`, {
      method: 'POST',
      json: { username: 'olga', password },
      localAddress: from,
    })
    expect(login.status).toBe(200)
    const cookie = login.cookies[0]!.split(';')[0]!
    const paused = await httpFrom(`${t.url}/api/v1/jobs/olgas-job/pause`, {
      method: 'POST',
      localAddress: from,
      headers: { Cookie: cookie, 'X-CSRF-Token': login.json.csrf_token },
    })
    expect(paused.status).toBe(200)
    const [event] = (await audit('?action=job.paused&target=job:olgas-job')).body.items
    expect(event).toMatchObject({
      actor: { kind: 'user', name: 'olga' },
      action: 'job.paused',
      target: { kind: 'job', name: 'olgas-job' },
      ip: from,
    })
    // an operator may pause but not read the audit log
    const refused = await httpFrom(`${t.url}/api/v1/audit`, {
      localAddress: from,
      headers: { Cookie: cookie },
    })
    expect(refused.status).toBe(403)
  })

  it('pages newest first and filters by action, family, target, actor and since', async () => {
    for (let i = 0; i < 5; i++) await t.call('/jobs', { method: 'POST', json: { slug: `paged-${i}` } })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { body: Json } = await audit(
        `?action=job.created&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      expect(page.body.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.body.items.map((e: Json) => e.target.name))
      cursor = page.body.next_cursor
    } while (cursor !== null)
    expect(seen.slice(0, 5)).toEqual(['paged-4', 'paged-3', 'paged-2', 'paged-1', 'paged-0'])
    expect(new Set(seen).size).toBe(seen.length)
    const family = (await audit('?action=job.*&limit=500')).body.items.map((e: Json) => e.action)
    expect(family.length).toBeGreaterThan(5)
    expect(family.every((a: string) => a.startsWith('job.'))).toBe(true)
    const servers = (await audit('?target=server')).body.items
    expect(servers.length).toBeGreaterThan(0)
    expect(servers.every((e: Json) => e.target.kind === 'server')).toBe(true)
    expect((await audit('?target=job:paged-2')).body.items.map((e: Json) => e.action)).toEqual([
      'job.created',
    ])
    expect((await audit('?actor=olga')).body.items.map((e: Json) => e.action)).toEqual(['job.paused'])
    expect((await audit('?since=2h')).body.items.length).toBeGreaterThan(0)
    expect((await audit('?since=2999-01-01T00:00:00Z')).body.items).toEqual([])
  })

  it('refuses bad filters with 400 naming the parameter, and tokens without admin with 403', async () => {
    for (const q of ['?action=DROP', '?target=job:', '?since=yesterday', '?limit=0', '?cursor=nope']) {
      const r = await audit(q)
      expect(r.status, q).toBe(400)
    }
    expect((await audit('?since=yesterday')).body.error.message).toContain('since')
    const read = await audit('', READ_TOKEN)
    expect(read.status).toBe(403)
    expect(read.body.error.message).toContain('admin')
  })

  it('records a ping un-pausing a job as Backwatch itself (system)', async () => {
    const job = (await t.call('/jobs', { method: 'POST', json: { slug: 'unpaused-by-ping' } })).body
    await t.call('/jobs/unpaused-by-ping/pause', { method: 'POST' })
    expect((await fetch(`${t.url}/ping/${job.uuid}`)).status).toBe(200)
    const events = (await audit('?target=job:unpaused-by-ping')).body.items
    expect(events.map((e: Json) => [e.action, e.actor.kind, e.ip])).toEqual([
      ['job.resumed', 'system', null],
      ['job.paused', 'token', '127.0.0.1'],
      ['job.created', 'token', '127.0.0.1'],
    ])
    expect((await audit('?actor=system')).body.items).toHaveLength(1)
  })

  it('keeps each project to its own log', async () => {
    const store = t.app.store
    const acme = await store.createProject(
      { slug: 'acme', name: 'Acme', pingKey: 'acme-ping-key-01', source: 'api' },
      Date.now(),
    )
    const acmeToken = 'acme-admin-token-0123456789'
    await store
      .inProject(acme.id)
      .syncTokens('config', [{ name: 'acme-admin', scope: 'admin', hash: hashToken(acmeToken) }], Date.now())
    expect(
      (await t.call('/jobs', { method: 'POST', json: { slug: 'acme-job' }, token: acmeToken })).status,
    ).toBe(201)
    const theirs = (await audit('?limit=500', acmeToken)).body.items
    expect(theirs.map((e: Json) => [e.action, e.target.name, e.actor.name])).toEqual([
      ['job.created', 'acme-job', 'acme-admin'],
    ])
    const ours = (await audit('?limit=500')).body.items
    expect(ours.some((e: Json) => e.target.name === 'acme-job')).toBe(false)
  })
})
