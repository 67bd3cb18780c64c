// /api/v1/session: sign in (POST), who am I (GET), sign out (DELETE), for the browser. The
// session is a cookie (session-cookie.ts); the CSRF token the response carries goes back in
// X-CSRF-Token on every state-changing request.
import type { ServerResponse } from 'node:http'
import { projectSlugsOf } from '../app/project-slugs.js'
import { type LoginResult, login } from '../app/users/login.js'
import { clearedSessionCookie, sessionCookie, sessionCookieOf } from '../app/users/session-cookie.js'
import { endSession } from '../app/users/sessions.js'
import { invalidRequest } from '../app/validate-input.js'
import { roleIn } from '../domain/users.js'
import { HttpError } from '../http/http-error.js'
import { sendJson } from '../http/respond.js'
import type { RouteContext, Router } from '../http/router.js'
import { checkSameOrigin } from '../http/same-origin.js'
import type { ApiDeps } from './api-deps.js'
import { identify } from './auth.js'
import { readJsonObject } from './request-body.js'

const NO_STORE = { 'Cache-Control': 'no-store' }
const LOGIN_BODY_LIMIT = 16_384

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name]
  if (v === undefined || v === null || v === '') return undefined
  if (typeof v !== 'string') throw invalidRequest([{ path: [name], message: 'must be a string' }])
  return v
}

function requiredString(body: Record<string, unknown>, name: string): string {
  const v = optionalString(body, name)
  if (v === undefined) throw invalidRequest([{ path: [name], message: 'is required' }])
  return v
}

function refused(res: ServerResponse, result: Exclude<LoginResult, { ok: true }>): HttpError {
  switch (result.reason) {
    case 'locked':
    case 'throttled': {
      const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000))
      res.setHeader('Retry-After', String(seconds))
      return new HttpError(429, 'too_many_attempts', `too many failed logins: try again in ${seconds} s`)
    }
    case 'totp_required':
      return new HttpError(401, 'totp_required', 'this account needs a TOTP code (totp) or a recovery code')
    case 'second_factor_invalid':
      return new HttpError(401, 'unauthorized', 'invalid TOTP code or recovery code')
    case 'invalid':
      return new HttpError(401, 'unauthorized', 'invalid username or password')
  }
}

async function signIn(deps: ApiDeps, { req, res }: RouteContext): Promise<void> {
  checkSameOrigin(req, deps.baseUrl)
  const ip = req.socket.remoteAddress ?? 'unknown'
  const early = deps.logins.addresses.retryAfter(ip, deps.clock.now())
  // a throttled address is answered before its body is read
  if (early > 0) throw refused(res, { ok: false, reason: 'throttled', retryAfterMs: early })
  const body = await readJsonObject(req, LOGIN_BODY_LIMIT)
  const result = await login(
    deps.store,
    deps.logins,
    {
      username: requiredString(body, 'username'),
      password: requiredString(body, 'password'),
      totp: optionalString(body, 'totp'),
      recoveryCode: optionalString(body, 'recovery_code'),
      ip,
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
    },
    deps.clock.now(),
  )
  if (!result.ok) throw refused(res, result)
  res.appendHeader('Set-Cookie', sessionCookie(result.sessionId, deps.baseUrl))
  sendJson(
    res,
    200,
    {
      username: result.user.username,
      csrf_token: result.session.csrfToken,
      expires_at: new Date(result.session.expiresAt).toISOString(),
    },
    NO_STORE,
  )
}

async function whoAmI(deps: ApiDeps, ctx: RouteContext): Promise<void> {
  const { principal, session } = await identify(deps, ctx.req, ctx.res, ctx.url)
  const head = ctx.req.method === 'HEAD'
  const slugs = await projectSlugsOf(deps.store, [
    principal.projectId,
    ...(session?.memberships.map((m) => m.projectId) ?? []),
  ])
  const project = slugs.get(principal.projectId)
  if (!session) {
    const body = { kind: 'token', name: principal.name, project, grants: principal.grants }
    return sendJson(ctx.res, 200, body, NO_STORE, head)
  }
  const body = {
    kind: 'user',
    username: session.user.username,
    instance_admin: session.user.instanceAdmin,
    totp: session.user.totpSecret !== null,
    project,
    role: roleIn(session.user, session.memberships, principal.projectId),
    grants: principal.grants,
    memberships: session.memberships.map((m) => ({ project: slugs.get(m.projectId), role: m.role })),
    csrf_token: session.session.csrfToken,
    expires_at: new Date(session.session.expiresAt).toISOString(),
  }
  sendJson(ctx.res, 200, body, NO_STORE, head)
}

async function signOut(deps: ApiDeps, ctx: RouteContext): Promise<void> {
  const sessionId = sessionCookieOf(ctx.req)
  if (sessionId === null) {
    throw new HttpError(400, 'invalid_request', 'no session cookie: signing out is for browser sessions')
  }
  // identify checks the CSRF token and the origin of this DELETE like any other's
  await identify(deps, ctx.req, ctx.res, ctx.url)
  await endSession(deps.store, sessionId)
  ctx.res.appendHeader('Set-Cookie', clearedSessionCookie(deps.baseUrl))
  ctx.res.writeHead(204, NO_STORE)
  ctx.res.end()
}

export function registerSessionRoutes(router: Router, deps: ApiDeps): void {
  router.on('POST', '/api/v1/session', (ctx) => signIn(deps, ctx))
  router.on('GET', '/api/v1/session', (ctx) => whoAmI(deps, ctx))
  router.on('DELETE', '/api/v1/session', (ctx) => signOut(deps, ctx))
}
