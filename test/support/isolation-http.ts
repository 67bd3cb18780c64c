// The isolation matrix's requests and callers: one HTTP request (node:http, so no Origin header
// is added behind our back), and the principals of a project as request headers.
import type { Capability } from '../../src/domain/access.js'
import { type HttpAnswer, httpFrom } from './http-from.js'

export interface Req {
  method: string
  /** path and query, e.g. /api/v1/jobs/7 */
  path: string
  /** sent as JSON; a string is sent as it is */
  body?: unknown
  headers?: Record<string, string>
  /** the local address to send from (127.0.0.x): sign-in failures are throttled per address */
  localAddress?: string
}

export type Answer = HttpAnswer

export function send(base: string, req: Req, extra: Record<string, string> = {}): Promise<Answer> {
  return httpFrom(`${base}${req.path}`, {
    method: req.method,
    headers: { ...extra, ...req.headers },
    ...(typeof req.body === 'string' ? { body: req.body } : req.body !== undefined && { json: req.body }),
    ...(req.localAddress && { localAddress: req.localAddress }),
  })
}

/** A principal of a project: what it may do and the headers that present it. */
export interface Caller {
  /** e.g. "read token", "user session" */
  name: string
  kind: 'token' | 'user'
  grants: readonly Capability[]
  headers(): Record<string, string>
  /** signs in again (a user's session ended by DELETE /api/v1/session); tokens: nothing */
  renew(): Promise<void>
}

export function tokenCaller(name: string, token: string, grants: readonly Capability[]): Caller {
  return {
    name,
    kind: 'token',
    grants,
    headers: () => ({ Authorization: `Bearer ${token}` }),
    renew: async () => {},
  }
}

/** A browser: its session cookie and CSRF token, from POST /api/v1/session. */
export async function userCaller(
  base: string,
  name: string,
  credentials: { username: string; password: string },
  grants: readonly Capability[],
): Promise<Caller> {
  let cookie = ''
  let csrf = ''
  const caller: Caller = {
    name,
    kind: 'user',
    grants,
    headers: () => ({ Cookie: cookie, 'X-CSRF-Token': csrf }),
    async renew() {
      const r = await send(base, { method: 'POST', path: '/api/v1/session', body: credentials })
      const set = ([] as string[]).concat(r.headers['set-cookie'] ?? [])
      const session = set.find((c) => c.startsWith('backwatch_session='))
      if (r.status !== 200 || !session)
        throw new Error(`sign-in of ${credentials.username}: ${r.status} ${r.text}`)
      cookie = session.split(';')[0]!
      csrf = r.json.csrf_token
    },
  }
  await caller.renew()
  return caller
}

/**
 * How a request names the project it wants: not at all, X-Backwatch-Project or ?project=. Tokens
 * must ignore both (a token belongs to one project); a user gets 404 for a project without a role.
 */
export type Variant = 'plain' | 'header' | 'query'
export const VARIANTS: readonly Variant[] = ['plain', 'header', 'query']

export function withProject(req: Req, variant: Variant, slug: string): Req {
  if (variant === 'plain') return req
  if (variant === 'header') return { ...req, headers: { ...req.headers, 'X-Backwatch-Project': slug } }
  const sep = req.path.includes('?') ? '&' : '?'
  return { ...req, path: `${req.path}${sep}project=${encodeURIComponent(slug)}` }
}
