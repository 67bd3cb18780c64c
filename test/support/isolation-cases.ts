// The isolation matrix's table: for every route (the dashboard's in isolation-web-cases.ts), the requests a caller of project `own` sends
// at project `t`'s resources. The test sends them with t = B (each must be refused, or act in the
// caller's own project, and reveal nothing of B) and with t = A (the positive control: they work).
// A route the server has and this table lacks fails the test.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  call,
  GONE,
  get,
  nextAddress,
  type RouteCase,
  SIGN_IN_REFUSED,
  UNKNOWN,
  uniq,
} from './isolation-probes.js'
import { WEB_CASES } from './isolation-web-cases.js'
import type { Side, World } from './isolation-world.js'

const RESTIC = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'tool-output', 'restic-snapshots.json'),
  'utf8',
)
/** the job named by id (B's `nightly` has another id than A's) and by the slug only t has */
const byJob = (t: Side, suffix = '') => [
  `/api/v1/jobs/${t.shared.id}${suffix}`,
  `/api/v1/jobs/${t.own.slug}${suffix}`,
]
const byServer = (t: Side) => [`/api/v1/servers/${t.server.id}`, `/api/v1/servers/${t.server.name}`]
const bySilence = (t: Side) => [`/api/v1/silences/${t.silence.id}`, `/api/v1/silences/${t.silence.name}`]

/** Removes what a request made in A under one of B's names (a heartbeat, a policy PUT). */
const removeFromA = (path: (b: Side) => string) => async (w: World) => {
  await w.asAdminA({ method: 'DELETE', path: path(w.b) }).catch(() => {})
}

export const API_CASES: Record<string, RouteCase> = {
  // jobs
  'GET /api/v1/jobs': {
    need: 'read',
    probes: (t) => [get('/api/v1/jobs'), get(`/api/v1/jobs?server=${t.server.name}`, UNKNOWN)],
  },
  'POST /api/v1/jobs': {
    need: 'admin',
    probes: () => [call('POST', '/api/v1/jobs', { slug: uniq('alpha-new') })],
  },
  'GET /api/v1/jobs/:id': { need: 'read', probes: (t) => byJob(t).map((p) => get(p, GONE)) },
  'PATCH /api/v1/jobs/:id': {
    need: 'admin',
    probes: (t) => byJob(t).map((p) => call('PATCH', p, { tags: ['patched'] }, GONE)),
  },
  'DELETE /api/v1/jobs/:id': {
    need: 'admin',
    destroys: true,
    probes: (t) =>
      [`/api/v1/jobs/${t.own.id}`, `/api/v1/jobs/${t.own.slug}`].map((p) =>
        call('DELETE', p, undefined, GONE),
      ),
  },
  'POST /api/v1/jobs/:id/pause': {
    need: 'operate',
    probes: (t) => byJob(t, '/pause').map((p) => call('POST', p, undefined, GONE)),
  },
  'POST /api/v1/jobs/:id/resume': {
    need: 'operate',
    probes: (t) => byJob(t, '/resume').map((p) => call('POST', p, undefined, GONE)),
  },
  'POST /api/v1/jobs/:id/snapshots': {
    need: 'ingest',
    probes: (t) => byJob(t, '/snapshots?format=restic').map((p) => call('POST', p, RESTIC, GONE)),
  },

  // runs
  'GET /api/v1/runs': {
    need: 'read',
    probes: (t) => [
      get('/api/v1/runs'),
      get(`/api/v1/runs?job=${t.shared.id}`, UNKNOWN),
      get(`/api/v1/runs?job=${t.own.slug}`, UNKNOWN),
      get(`/api/v1/runs?server=${t.server.name}`, UNKNOWN),
    ],
  },
  'POST /api/v1/runs': {
    need: 'ingest',
    probes: (t) => [
      call('POST', '/api/v1/runs', { job: t.own.slug, status: 'succeeded' }, GONE),
      // the slug both have: the caller's own job
      call('POST', '/api/v1/runs', { job: t.shared.slug, status: 'succeeded' }),
    ],
  },
  'GET /api/v1/jobs/:id/runs': { need: 'read', probes: (t) => byJob(t, '/runs').map((p) => get(p, GONE)) },
  'GET /api/v1/runs/:id': { need: 'read', probes: (t) => [get(`/api/v1/runs/${t.runId}`, GONE)] },

  // servers
  'GET /api/v1/servers': { need: 'read', probes: () => [get('/api/v1/servers')] },
  'POST /api/v1/servers': {
    need: 'admin',
    probes: () => [call('POST', '/api/v1/servers', { name: uniq('alpha-new-srv') })],
  },
  'GET /api/v1/servers/:id': { need: 'read', probes: (t) => byServer(t).map((p) => get(p, GONE)) },
  'PATCH /api/v1/servers/:id': {
    need: 'admin',
    probes: (t) => byServer(t).map((p) => call('PATCH', p, { tags: ['patched'] }, GONE)),
  },
  'DELETE /api/v1/servers/:id': {
    need: 'admin',
    destroys: true,
    probes: (t) => byServer(t).map((p) => call('DELETE', p, undefined, GONE)),
  },
  // a heartbeat provisions an unknown server in the caller's project: never B's
  'POST /api/v1/servers/:name/heartbeat': {
    need: 'ingest',
    probes: (t) => [call('POST', `/api/v1/servers/${t.server.name}/heartbeat`, {})],
    after: removeFromA((b) => `/api/v1/servers/${b.server.name}`),
  },

  // alerts
  'GET /api/v1/alerts': {
    need: 'read',
    probes: (t) => [
      get('/api/v1/alerts'),
      get(`/api/v1/alerts?job=${t.own.slug}`, UNKNOWN),
      get(`/api/v1/alerts?server=${t.server.id}`, UNKNOWN),
    ],
  },
  'GET /api/v1/alerts/:id': { need: 'read', probes: (t) => [get(`/api/v1/alerts/${t.alertId}`, GONE)] },
  'POST /api/v1/alerts/:id/resolve': {
    need: 'operate',
    // resolved by the positive control: each caller resolves a fresh copy of A's
    destroys: true,
    probes: (t) => [call('POST', `/api/v1/alerts/${t.alertId}/resolve`, undefined, GONE)],
  },
  'GET /api/v1/alerts/:id/notifications': {
    need: 'read',
    probes: (t) => [get(`/api/v1/alerts/${t.alertId}/notifications`, GONE)],
  },

  // channels
  'GET /api/v1/channels': { need: 'read', probes: () => [get('/api/v1/channels')] },
  'POST /api/v1/channels': {
    need: 'admin',
    probes: (_t, own) => [
      call('POST', '/api/v1/channels', { name: uniq('alpha-new-ch'), type: 'webhook', url: own.channelUrl }),
    ],
  },
  'GET /api/v1/channels/:name': { need: 'read', probes: (t) => [get(`/api/v1/channels/${t.channel}`, GONE)] },
  'PUT /api/v1/channels/:name': {
    need: 'admin',
    probes: (t, own) => [
      call('PUT', `/api/v1/channels/${t.channel}`, { type: 'webhook', url: own.channelUrl }, GONE),
    ],
  },
  'PATCH /api/v1/channels/:name': {
    need: 'admin',
    probes: (t) => [call('PATCH', `/api/v1/channels/${t.channel}`, { min_severity: 'warning' }, GONE)],
  },
  'DELETE /api/v1/channels/:name': {
    need: 'admin',
    destroys: true,
    probes: (t) => [call('DELETE', `/api/v1/channels/${t.channel}`, undefined, GONE)],
  },
  'POST /api/v1/channels/:name/test': {
    need: 'operate',
    probes: (t) => [call('POST', `/api/v1/channels/${t.channel}/test`, undefined, GONE)],
  },

  // silences: one made by A matching every failed job must hold back none of B's alerts
  'GET /api/v1/silences': { need: 'read', probes: () => [get('/api/v1/silences')] },
  'GET /api/v1/silences/:id': { need: 'read', probes: (t) => bySilence(t).map((p) => get(p, GONE)) },
  'POST /api/v1/silences': {
    need: 'operate',
    probes: () => [call('POST', '/api/v1/silences', { match: { types: ['job.failed'] }, duration: '1h' })],
  },
  'PATCH /api/v1/silences/:id': {
    need: 'operate',
    probes: (t) => bySilence(t).map((p) => call('PATCH', p, { comment: 'patched' }, GONE)),
  },
  'DELETE /api/v1/silences/:id': {
    need: 'operate',
    destroys: true,
    probes: (t) => bySilence(t).map((p) => call('DELETE', p, undefined, GONE)),
  },

  // policies: a PUT stores the caller's own project's policy of that environment
  'GET /api/v1/policies': { need: 'read', probes: () => [get('/api/v1/policies')] },
  'GET /api/v1/policies/:environment': {
    need: 'read',
    probes: (t) => [get(`/api/v1/policies/${t.environment}`, GONE)],
  },
  'PUT /api/v1/policies/:environment': {
    need: 'admin',
    probes: (t) => [call('PUT', `/api/v1/policies/${t.environment}`, { max_age: '3d' })],
    after: removeFromA((b) => `/api/v1/policies/${b.environment}`),
  },
  'DELETE /api/v1/policies/:environment': {
    need: 'admin',
    destroys: true,
    probes: (t) => [call('DELETE', `/api/v1/policies/${t.environment}`, undefined, GONE)],
  },

  // the project as a whole
  'GET /api/v1/info': { need: 'read', probes: () => [get('/api/v1/info')] },
  'GET /api/v1/report': { need: 'read', probes: () => [get('/api/v1/report')] },
  'GET /metrics': { need: 'read', probes: () => [get('/metrics')] },

  // sessions: signing in as B's user with A's password fails; the rest is the caller's own session
  // (after 5 failures B's user is locked a while: 429, as any username would be)
  'POST /api/v1/session': {
    need: 'none',
    probes: (t, own) => [
      {
        ...call('POST', '/api/v1/session', { username: t.username, password: own.password }, SIGN_IN_REFUSED),
        localAddress: nextAddress(),
      },
    ],
  },
  // tokens: another project's token is not found, even one its config file defines (whose own
  // project gets 409 for a DELETE)
  'GET /api/v1/tokens': { need: 'admin', probes: () => [get('/api/v1/tokens')] },
  'GET /api/v1/tokens/:id': {
    need: 'admin',
    probes: (t) =>
      [t.apiToken.id, t.apiToken.name, t.configToken].map((ref) => get(`/api/v1/tokens/${ref}`, GONE)),
  },
  'POST /api/v1/tokens': {
    need: 'admin',
    probes: () => [call('POST', '/api/v1/tokens', { name: uniq('alpha-new-token'), scope: 'read' })],
  },
  'DELETE /api/v1/tokens/:id': {
    need: 'admin',
    destroys: true,
    probes: (t) => [
      call('DELETE', `/api/v1/tokens/${t.apiToken.id}`, undefined, GONE),
      call('DELETE', `/api/v1/tokens/${t.apiToken.name}`, undefined, GONE),
      { ...call('DELETE', `/api/v1/tokens/${t.configToken}`, undefined, GONE), control: 409 },
    ],
  },
  // the audit log: the caller's own project's; B's names find nothing there
  'GET /api/v1/audit': {
    need: 'admin',
    probes: (t) => [get('/api/v1/audit'), get(`/api/v1/audit?target=job:${t.own.slug}`)],
  },
  // projects: for instance admins only (A's principals are refused whatever they name; the
  // bootstrap token shows the same requests work); /project is the request's own project
  'GET /api/v1/projects': { need: 'instance_admin', probes: () => [get('/api/v1/projects')] },
  'POST /api/v1/projects': {
    need: 'instance_admin',
    probes: () => [call('POST', '/api/v1/projects', { slug: uniq('alpha-new-project') })],
  },
  'GET /api/v1/projects/:ref': {
    need: 'instance_admin',
    probes: (t) => [t.slug, t.id].map((ref) => get(`/api/v1/projects/${ref}`, GONE)),
  },
  'PATCH /api/v1/projects/:ref': {
    need: 'instance_admin',
    probes: (t) => [call('PATCH', `/api/v1/projects/${t.slug}`, { name: 'patched' }, GONE)],
  },
  'DELETE /api/v1/projects/:ref': {
    need: 'instance_admin',
    // aimed at A, the default project: never deleted (409)
    probes: (t) => [
      { ...call('DELETE', `/api/v1/projects/${t.slug}?force=1`, undefined, GONE), control: 409 },
    ],
  },
  'GET /api/v1/project': { need: 'read', probes: () => [get('/api/v1/project')] },

  'GET /api/v1/session': { need: 'any', probes: () => [get('/api/v1/session')] },
  'DELETE /api/v1/session': {
    need: 'any',
    // signing out is for browser sessions
    ok: (caller) => (caller.kind === 'user' ? 204 : 400),
    signsOut: true,
    probes: () => [call('DELETE', '/api/v1/session')],
  },

  ...WEB_CASES,
}
