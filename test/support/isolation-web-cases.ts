// The dashboard's part of the isolation matrix. Its pages take the session cookie only: a token
// is sent to the sign-in page (303; a fragment answers 401), and ?project=<B> is 404 for a user
// without a role there (the dashboard ignores X-Backwatch-Project). Forms carry the session's
// CSRF token in `_csrf`.
import type { Caller } from './isolation-http.js'
import {
  call,
  form,
  GONE,
  get,
  nextAddress,
  type RouteCase,
  SIGN_IN_REFUSED,
  uniq,
} from './isolation-probes.js'

/** a page: the user gets `status`, a token (no session) the sign-in page */
const page =
  (status: number, signedOut = 303) =>
  (caller: Caller) =>
    caller.kind === 'user' ? status : signedOut

const signIn = (username: string, password: string) =>
  new URLSearchParams({ _csrf: 'c', username, password }).toString()

export const WEB_CASES: Record<string, RouteCase> = {
  'GET /assets/:file': { need: 'none', web: true, probes: (t) => [get(t.asset)] },
  'GET /login': {
    need: 'none',
    web: true,
    // a signed-in user is sent on to the page asked for
    ok: page(303, 200),
    probes: () => [get('/login?next=/jobs')],
  },
  // signing in as B's user with A's password fails, each attempt from an address of its own
  'POST /login': {
    need: 'none',
    web: true,
    ok: () => 303,
    probes: (t, own) => [
      {
        // the sign-in form's CSRF token is its own cookie's (set by GET /login)
        ...call('POST', '/login', signIn(t.username, own.password), SIGN_IN_REFUSED),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'backwatch_login=c' },
        localAddress: nextAddress(),
      },
    ],
  },
  'POST /logout': { need: 'any', web: true, ok: () => 303, signsOut: true, probes: () => [form('/logout')] },
  // switching to B: not one of the user's projects
  'POST /project': {
    need: 'any',
    web: true,
    ok: () => 303,
    probes: (t) => [form('/project', { project: t.slug, next: '/jobs' }, GONE)],
  },
  'GET /': { need: 'read', web: true, ok: page(200), probes: () => [get('/')] },
  'GET /jobs': {
    need: 'read',
    web: true,
    ok: page(200),
    probes: (t) => [get('/jobs'), get(`/jobs?server=${t.server.name}`), get(`/jobs?q=${t.own.slug}`)],
  },
  'GET /live/overview': {
    need: 'read',
    web: true,
    ok: page(200, 401),
    probes: () => [get('/live/overview')],
  },
  // B's job by the slug only B has: 404; by the slug both have: A's job
  'GET /jobs/:slug': {
    need: 'read',
    web: true,
    ok: page(200),
    probes: (t) => [get(`/jobs/${t.own.slug}`, GONE), get(`/jobs/${t.shared.slug}`)],
  },
  // the job page's actions: B's job by its own slug 404; by the slug both have, A's job
  ...Object.fromEntries(
    (
      [
        ['pause', 'operate', {}],
        ['resume', 'operate', {}],
        ['silence', 'operate', { duration: '1h', reason: 'isolation probe' }],
        ['schedule', 'admin', { kind: 'every', every: '1d', grace: '1h' }],
      ] as const
    ).map(([action, need, fields]): [string, RouteCase] => [
      `POST /jobs/:slug/${action}`,
      {
        need,
        web: true,
        ok: () => 303,
        probes: (t) => [
          form(`/jobs/${t.own.slug}/${action}`, fields, GONE),
          form(`/jobs/${t.shared.slug}/${action}`, fields),
        ],
      },
    ]),
  ),
  'GET /runs/:id': { need: 'read', web: true, ok: page(200), probes: (t) => [get(`/runs/${t.runId}`, GONE)] },
  'GET /live/job-rows': {
    need: 'read',
    web: true,
    ok: page(200, 401),
    probes: (t) => [get('/live/job-rows'), get(`/live/job-rows?server=${t.server.name}`)],
  },
  'GET /report': { need: 'read', web: true, ok: page(200), probes: () => [get('/report')] },
  'GET /report.csv': { need: 'read', web: true, ok: page(200), probes: () => [get('/report.csv')] },
  'GET /alerts': {
    need: 'read',
    web: true,
    ok: page(200),
    probes: () => [get('/alerts'), get('/alerts?status=resolved'), get('/alerts?severity=critical')],
  },
  'GET /alerts/:id': {
    need: 'read',
    web: true,
    ok: page(200),
    probes: (t) => [get(`/alerts/${t.alertId}`, GONE)],
  },
  // operate: tokens have no session (the sign-in page), A's user is an admin of A
  'POST /alerts/:id/resolve': {
    need: 'any',
    web: true,
    ok: () => 303,
    // resolved by the positive control: each caller resolves a fresh copy of A's
    destroys: true,
    probes: (t) => [form(`/alerts/${t.alertId}/resolve`, { next: '/alerts' }, GONE)],
  },
  'GET /silences': {
    need: 'read',
    web: true,
    ok: page(200),
    probes: () => [get('/silences'), get('/silences?state=expired'), get('/silences?state=pending')],
  },
  // operate: tokens have no session (the sign-in page), A's user is an admin of A. A silence of A
  // naming B's server and job holds back none of B's alerts (B's snapshot)
  'POST /silences': {
    need: 'any',
    web: true,
    ok: () => 303,
    probes: (t) => [form('/silences', { servers: t.server.name, jobs: t.own.slug, duration: '1h' })],
  },
  'POST /silences/:id/expire': {
    need: 'any',
    web: true,
    ok: () => 303,
    destroys: true,
    probes: (t) => [form(`/silences/${t.silence.id}/expire`, {}, GONE)],
  },
  'GET /servers': {
    need: 'read',
    web: true,
    ok: page(200),
    probes: (t) => [get('/servers'), get(`/servers?q=${t.server.name}`)],
  },
  // channels: B's channel is not found by name (404); adding one acts in A. The forms' need is
  // the user's role (admin, operator for the test); a token has no session (303 to sign in).
  'GET /channels': { need: 'read', web: true, ok: page(200), probes: () => [get('/channels')] },
  'POST /channels': {
    need: 'any',
    web: true,
    ok: () => 303,
    probes: (_t, own) => [
      form('/channels', { name: uniq('alpha-web-ch'), type: 'webhook', 'webhook.url': own.channelUrl }),
    ],
  },
  'POST /channels/:name/delete': {
    need: 'any',
    web: true,
    destroys: true,
    ok: () => 303,
    probes: (t) => [form(`/channels/${t.channel}/delete`, {}, GONE)],
  },
  'POST /channels/:name/test': {
    need: 'any',
    web: true,
    ok: page(200, 303),
    probes: (t) => [form(`/channels/${t.channel}/test`, {}, GONE)],
  },
  // settings: B's tokens are not found by id (404); making one acts in A
  'GET /settings': { need: 'read', web: true, ok: page(200), probes: () => [get('/settings')] },
  'POST /settings/tokens': {
    need: 'any',
    web: true,
    ok: page(200),
    probes: () => [form('/settings/tokens', { name: uniq('alpha-web-token'), scope: 'read' })],
  },
  'POST /settings/tokens/:id/revoke': {
    need: 'any',
    web: true,
    destroys: true,
    ok: () => 303,
    probes: (t) => [form(`/settings/tokens/${t.apiToken.id}/revoke`, {}, GONE)],
  },
}
