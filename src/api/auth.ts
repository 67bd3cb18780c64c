// API authentication: `Authorization: Bearer <token>` or `X-Api-Key: <token>`, looked up by hash,
// or the browser's session cookie, becomes the request's Principal; a route names the capability
// it needs (domain/access.ts). A cookie-authenticated request that changes something also needs
// the session's CSRF token and a same-origin Origin/Referer (same-origin.ts). Tokens are never
// logged nor echoed in a response.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { projectIdOf } from '../app/project-slugs.js'
import type { TokenUse } from '../app/tokens/token-use.js'
import { clearedSessionCookie, sessionCookie, sessionCookieOf } from '../app/users/session-cookie.js'
import { type ActiveSession, activeSession } from '../app/users/sessions.js'
import { hashToken } from '../auth/token-hash.js'
import type { Clock } from '../clock.js'
import { allows, leastGrant, type Need, type Principal, tokenPrincipal } from '../domain/access.js'
import { userPrincipal } from '../domain/user-principal.js'
import { HttpError, notFound } from '../http/http-error.js'
import { checkCsrfToken, checkSameOrigin, isSafeMethod } from '../http/same-origin.js'
import type { ProjectStore } from '../store/roles/project-store.js'
import type { TokenStore } from '../store/roles/token-store.js'
import type { SessionStore, UserStore } from '../store/roles/user-store.js'

/** What authentication reads; baseUrl is read per request (known only once the server is bound). */
export interface AuthDeps {
  store: TokenStore & UserStore & SessionStore & ProjectStore
  clock: Clock
  baseUrl: string
  /** records a token's use (throttled, never awaited) */
  tokenUse: Pick<TokenUse, 'used'>
}

/** The token a request presents, or null when it presents none. */
export function presentedToken(req: IncomingMessage): string | null {
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '')
  if (bearer) return bearer[1]!
  const key = req.headers['x-api-key']
  if (typeof key === 'string' && key.trim() !== '') return key.trim()
  return null
}

function unauthorized(res: ServerResponse, message: string): HttpError {
  res.setHeader('WWW-Authenticate', 'Bearer')
  return new HttpError(401, 'unauthorized', message)
}

/** 403 naming what the principal holds and what the request needs. */
export function forbidden(principal: Principal, need: Need): HttpError {
  const needs =
    need === 'instance_admin'
      ? 'an instance admin (the bootstrap token BACKWATCH_API_TOKEN or a user made with --admin)'
      : leastGrant(principal.kind, need)
  return new HttpError(
    403,
    'forbidden',
    `this ${principal.kind} has ${principal.grantedBy}; this request needs ${needs}`,
  )
}

/** The project slug a request asks to act in (`X-Backwatch-Project`, else `?project=`), or null. */
export function requestedProject(req: IncomingMessage, url: URL): string | null {
  const header = req.headers['x-backwatch-project']
  if (typeof header === 'string' && header.trim() !== '') return header.trim()
  return url.searchParams.get('project') || null
}

export interface Authenticated {
  principal: Principal
  /** set when the request came with a session cookie */
  session: ActiveSession | null
}

async function sessionPrincipal(
  deps: AuthDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  sessionId: string,
): Promise<Authenticated> {
  const active = await activeSession(deps.store, sessionId, deps.clock.now())
  if (!active) {
    res.appendHeader('Set-Cookie', clearedSessionCookie(deps.baseUrl))
    throw unauthorized(res, 'session expired or invalid: sign in again')
  }
  // a state-changing request must come from our own pages
  if (!isSafeMethod(req.method)) {
    checkCsrfToken(req, active.session.csrfToken)
    checkSameOrigin(req, deps.baseUrl)
  }
  if (active.touched) res.appendHeader('Set-Cookie', sessionCookie(sessionId, deps.baseUrl))
  const slug = requestedProject(req, url)
  const requested = slug === null ? null : ((await projectIdOf(deps.store, slug)) ?? undefined)
  const result = userPrincipal(active.user, active.memberships, requested)
  if (!result.ok) throw notFound('project')
  return { principal: result.principal, session: active }
}

/** Who makes the request (a token or a session), without checking what it may do; throws 401. */
export async function identify(
  deps: AuthDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<Authenticated> {
  const token = presentedToken(req)
  if (token === null) {
    const sessionId = sessionCookieOf(req)
    if (sessionId !== null) return sessionPrincipal(deps, req, res, url, sessionId)
    throw unauthorized(res, 'missing API token: send "Authorization: Bearer <token>" or "X-Api-Key: <token>"')
  }
  const record = await deps.store.findTokenByHash(hashToken(token))
  if (!record) throw unauthorized(res, 'invalid API token')
  void deps.tokenUse.used(record.id, deps.clock.now())
  return { principal: tokenPrincipal(record), session: null }
}

/** Resolves who makes the request and checks they may `need`; throws 401, 403 or 404. */
export async function authenticate(
  deps: AuthDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  need: Need,
): Promise<Principal> {
  const { principal } = await identify(deps, req, res, url)
  if (!allows(principal, need)) throw forbidden(principal, need)
  return principal
}
